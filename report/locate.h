/* locate.h — where is this value? The items (files and archive members) of
 * chosen scans whose findings hold a value's keyed hash, written as text or
 * as JSON (schema piimap.locate/1, documented in the README).
 *
 * It is handed keyed hashes and masked forms, never a value, and reads the
 * inventory only. A value is one or more readings: one per detector that
 * reads it (an id may be both a phone number to one detector and a national
 * id to another; each is looked up).
 */
#ifndef PM_LOCATE_H
#define PM_LOCATE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "inventory/inventory.h"

/* Longest masked form (detect/detector.h's PM_MASK_MAX). */
#define PM_LOCATE_MASK 128

struct pm_locate_reading {
    const char *detector;             /* id */
    unsigned char hash[PM_INV_HASH];  /* keyed hash of the normalised value */
    char masked[PM_LOCATE_MASK];      /* masked form, the only one shown */
};

struct pm_locate;

/* Starts an answer on out (text, or JSON when json is set) for the scans
 * `ids` (n of them); `every` says they are all the inventory's scans, so a
 * value is looked up once over all of them rather than once per scan.
 * Returns NULL with a message in err. */
struct pm_locate *pm_locate_begin(struct pm_inv *inv, const int64_t *ids, size_t n, int every,
                                  int json, const char *tool_version, FILE *out, char *err,
                                  size_t errsz);

/* Looks up one value, the index-th of the input (from 1), and writes where
 * it is. Returns 1 if some item holds it, 0 if none does, -1 on an
 * inventory error. */
int pm_locate_value(struct pm_locate *l, size_t index, const struct pm_locate_reading *r,
                    size_t nr);

/* Ends the answer (JSON: the counts, and the closing brace) and frees l.
 * Returns 0, or -1 with a message in err (a failed write or lookup). */
int pm_locate_end(struct pm_locate *l, char *err, size_t errsz);

#endif
