/* findings.h — per-file accumulation of matches.
 *
 * A worker feeds every accepted match of one file into a struct pm_findings:
 * it counts occurrences (and among them the known test numbers the matcher
 * flags, test_value), keys a hash (HMAC-SHA256, record/key.h) of the
 * normalised value for distinct counting, and keeps a few distinct masked
 * samples. The raw value is hashed and forgotten here; it goes no further.
 * It knows nothing of allow lists: a drop test on keyed hashes is handed in.
 */
#ifndef PM_FINDINGS_H
#define PM_FINDINGS_H

#include <stddef.h>
#include <stdint.h>

#include "detect/detector.h"
#include "inventory/inventory.h"
#include "record/key.h"

/* Distinct values tracked per file and detector; past it, occurrences are
 * still counted and `distinct` becomes a lower bound. Bounds memory. */
#define PM_DISTINCT_CAP 100000

struct pm_findings;

/* A test on the keyed hash of a value: 1 to drop it (an allow list's
 * pm_allow_drops). Called from the worker that owns the findings. */
typedef int (*pm_drop_fn)(const void *ctx, const unsigned char h[PM_KEY_LEN]);

struct pm_findings *pm_findings_new(const struct pm_detset *set, const struct pm_key *key);
/* Values whose keyed hash drop() accepts are not counted, only tallied as
 * allowed. drop NULL: none is dropped. ctx is borrowed. */
void pm_findings_set_drop(struct pm_findings *f, pm_drop_fn drop, const void *ctx);
/* Matches dropped since the last reset. */
uint64_t pm_findings_allowed(const struct pm_findings *f);
void pm_findings_free(struct pm_findings *f);
void pm_findings_reset(struct pm_findings *f);
void pm_findings_add(struct pm_findings *f, const struct pm_match *m);
/* The same, with the value's keyed hash written to h; returns 1 if it was
 * counted, 0 if the allow list dropped it. */
int pm_findings_add_hash(struct pm_findings *f, const struct pm_match *m,
                         unsigned char h[PM_KEY_LEN]);
/* Number of detectors with at least one match. */
size_t pm_findings_count(const struct pm_findings *f);
/* Fills out[] (room for max entries) with the findings, pointing into f:
 * valid until the next reset. Returns how many were written. */
size_t pm_findings_export(const struct pm_findings *f, struct pm_inv_finding *out, size_t max);

#endif
