/* datamap.h — the JSON data map (schema piimap.datamap/1) and the report
 * commands. Reads the inventory only; never touches the scanned tree.
 */
#ifndef PM_DATAMAP_H
#define PM_DATAMAP_H

#include <stdint.h>
#include <stdio.h>

#include "common/json_text.h"
#include "common/parse.h"
#include "inventory/inventory.h"

/* Risk flags of a file with findings (PM_STALE_DAYS, PM_BULK_DISTINCT):
 * report/risk.h. */
#include "report/risk.h"

/* Sprawl: identifiers (one value of one detector, by keyed hash) that at
 * least PM_SPRAWL_MIN_ITEMS items (files or archive members) hold, the
 * PM_SPRAWL_MAX held by most items, each with at most PM_SPRAWL_ITEMS of
 * those items listed (file_count counts them all) and the first
 * PM_SPRAWL_HEX hex digits of its keyed hash. */
#define PM_SPRAWL_MIN_ITEMS 3
#define PM_SPRAWL_MAX 100
#define PM_SPRAWL_ITEMS 100
#define PM_SPRAWL_HEX 16

/* Writes the data map of scan_id to out. With `under` (a canonical path;
 * NULL for the whole scan) the map is limited to the items at or under it:
 * coverage, totals, directories, files, skipped and errors, with
 * scan.under set and each directory's recursive figures in
 * directories[].recursive. Returns 0 or -1 (message in err). */
int pm_datamap_write_json(struct pm_inv *inv, int64_t scan_id, const char *tool_version,
                          int stale_days, const char *under, FILE *out, char *err,
                          size_t errsz);

/* Opens path for a report: created or truncated, mode 0600, never a symlink
 * target. "-" is stdout. Returns NULL with a message in err. */
FILE *pm_report_open(const char *path, char *err, size_t errsz);

/* UTC ISO-8601 ("2026-11-23T10:00:00Z") of an epoch time. */
void pm_iso_time(int64_t t, char *out, size_t outsz);


#endif
