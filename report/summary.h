/* summary.h — the end-of-scan summary, per detector: distinct values, items
 * holding them, and the items where they are most at risk. Read from the
 * inventory only (cli/ prints it).
 */
#ifndef PM_SUMMARY_H
#define PM_SUMMARY_H

#include <stddef.h>
#include <stdint.h>

#include "inventory/inventory.h"

#define PM_SUMMARY_TOP 5

/* One item holding a detector's findings, and how much at risk it is. */
struct pm_summary_loc {
    char *path;          /* owned */
    char *members_json;  /* owned, "[]" for a file on disk */
    unsigned risk;       /* report/risk.h flags of the item */
    uint64_t distinct;   /* the detector's distinct values in it */
    uint64_t occurrences;
};

struct pm_summary_det {
    char *detector;      /* owned */
    uint64_t distinct;   /* over the scan, by keyed hash */
    uint64_t items;      /* files and members holding it */
    uint64_t occurrences;
    struct pm_summary_loc top[PM_SUMMARY_TOP]; /* highest risk first */
    size_t ntop;
};

struct pm_summary {
    struct pm_summary_det *d; /* in detector order */
    size_t n;
    /* The people estimate (report/people.h) and its method, a static string. */
    uint64_t people, linked_records;
    const char *people_method;
};

/* Builds the summary of scan_id. Items rank by pm_risk_score of their flags,
 * then by the detector's distinct values in them, then occurrences, then
 * path. Returns 0, or -1 with a message in err. */
int pm_summary_build(struct pm_inv *inv, int64_t scan_id, int stale_days, struct pm_summary *out,
                     char *err, size_t errsz);
void pm_summary_free(struct pm_summary *s);

#endif
