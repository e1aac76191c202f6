/* people.h — the people estimate of a scan, from the inventory only.
 *
 * The scanner keeps, per item, the keyed hashes of person keys it found in
 * one record (a row, a JSON object, a paragraph) and of keys found alone
 * (inventory.h, pm_inv_links_each). Here they are joined: every key is a
 * node, every link an edge, and records that share a key join across
 * files (union by keyed hash). The estimate is the number of connected
 * groups. Per directory the same is done with its own items only. A scan
 * made before links were kept counts one person per distinct person key,
 * and says so in `method`. Never sees a value.
 *
 * Memory: about 28 bytes (an 8-byte prefix of the keyed hash, its slot and
 * its parent) per distinct person key of the scan, and of the directory
 * being counted.
 */
#ifndef PM_REPORT_PEOPLE_H
#define PM_REPORT_PEOPLE_H

#include <stdint.h>

#include "inventory/inventory.h"

struct pm_people_count {
    uint64_t estimate;       /* people: groups of linked person keys */
    uint64_t linked_records; /* records that linked two keys or more */
};

struct pm_people_report;

/* Counts scan_id's people within the inventory's scope (pm_inv_scope), as
 * a whole and per directory. Returns 0, or -1 (message in
 * pm_inv_errmsg(inv), or "out of memory" in err). */
int pm_people_report_new(struct pm_inv *inv, int64_t scan_id, struct pm_people_report **out,
                         char *err, size_t errsz);
void pm_people_report_free(struct pm_people_report *r);
/* The data map's `method` string. */
const char *pm_people_method(const struct pm_people_report *r);
/* The whole scan (within the scope). */
struct pm_people_count pm_people_total(const struct pm_people_report *r);
/* The items recorded directly in directory d (d's findings are used when
 * the scan kept no links). */
struct pm_people_count pm_people_dir(const struct pm_people_report *r, const struct pm_inv_dir *d);

#endif
