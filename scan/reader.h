/* reader.h — one worker's reader: extract/ turns a file into text, and this
 * matches that text with the detectors and keeps per-item findings.
 *
 * A struct pm_reader is the sink of a struct pm_extract (extract/extract.h).
 * Per nesting level it owns a text matcher (detect/) and a findings
 * accumulator (record/), reused from file to file; every item the extractor
 * finishes is handed to item_fn with its findings. It belongs to one thread.
 * It never opens, types or decodes anything itself: that is extract/'s work.
 */
#ifndef PM_READER_H
#define PM_READER_H

#include <stdatomic.h>
#include <stddef.h>
#include <sys/stat.h>

#include "detect/detector.h"
#include "extract/extract.h"
#include "extract/limits.h"
#include "record/findings.h"
#include "record/people.h"

/* An item's person links (record/people.h): keys linked in one record,
 * and keys alone (a == b); records that linked keys. */
struct pm_item_people {
    const struct pm_people_link *links;
    size_t nlinks;
    uint64_t linked_records;
};

/* One finished item, its findings and person links (valid during the call
 * only). An item that could not be read has empty findings. */
typedef void (*pm_item_fn)(void *ctx, const struct pm_item *item,
                           const struct pm_findings *findings,
                           const struct pm_item_people *people);

struct pm_reader;

/* chunk = 0 picks the default matcher window. set, key and lim are borrowed
 * for the life of the reader. Items go to item_fn. NULL with err on failure. */
struct pm_reader *pm_reader_new(const struct pm_detset *set, const struct pm_key *key,
                                const struct pm_limits *lim, size_t chunk, pm_item_fn item_fn,
                                void *ctx, char *err, size_t errsz);
void pm_reader_free(struct pm_reader *r);

/* Makes long reads stop early (status partial, "interrupted") once *stop is
 * non-zero. */
void pm_reader_set_stop(struct pm_reader *r, const atomic_int *stop);
/* Files this reader opened without O_NOATIME (pm_extract_atime_touched). */
uint64_t pm_reader_atime_touched(const struct pm_reader *r);

/* Drops values on the allow list (borrowed, shared, read-only). */
struct pm_allow;
void pm_reader_set_allow(struct pm_reader *r, const struct pm_allow *allow);

/* Reads the file at path whose walker stat is st; reports its items. */
void pm_reader_scan(struct pm_reader *r, const char *path, const struct stat *st, int follow);

#endif
