/* risk.h — the risk flags of an item with findings, and how they rank.
 *
 * One definition for the data map (files[].risk), the HTML page and the
 * end-of-scan summary. Computed from what the inventory holds about an item
 * (mode, mtime, findings); never from the scanned tree.
 */
#ifndef PM_RISK_H
#define PM_RISK_H

#include <stdint.h>
#include <time.h>

#include "inventory/inventory.h"

#define PM_STALE_DAYS 730     /* report --stale-after's default */
#define PM_BULK_DISTINCT 100  /* distinct identifiers that make an item bulk */

enum {
    PM_RISK_EXPOSED = 1,   /* readable by everyone, or writable by group or others, or
                              opened to named users or groups by an ACL */
    PM_RISK_STALE = 2,     /* not modified for stale_days */
    PM_RISK_BULK = 4,      /* PM_BULK_DISTINCT (100) or more distinct identifiers */
    PM_RISK_SENSITIVE = 8, /* two kinds of identity data, or identity with contact data */
};
#define PM_RISK_COUNT 4

/* The flags of f at time `now` (stale_days 0: never stale). */
unsigned pm_risk_flags(const struct pm_inv_file *f, int stale_days, time_t now);
/* The name of flag i (0 .. PM_RISK_COUNT - 1), as the data map writes it:
 * "exposed", "stale", "bulk", "sensitive-combination". */
const char *pm_risk_name(unsigned i);
/* How much the flags weigh when items are ranked by risk: exposed 3,
 * sensitive-combination 2, bulk 2, stale 1. */
int pm_risk_score(unsigned flags);

#endif
