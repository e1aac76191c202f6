/* findings.h — per-file accumulation of matches, and the HMAC key.
 *
 * A worker feeds every accepted match of one file into a struct pm_findings:
 * it counts occurrences, keys a hash (HMAC-SHA256) of the normalised value for
 * distinct counting, and keeps a few distinct masked samples. The raw value is
 * hashed and forgotten here; it goes no further.
 *
 * The key lives outside the inventory (default ~/.config/piimap/hmac.key,
 * created 0600 on first use), so a stolen inventory cannot be brute-forced
 * back into SSNs or card numbers.
 */
#ifndef PM_FINDINGS_H
#define PM_FINDINGS_H

#include <stddef.h>
#include <stdint.h>

#include "detect/detector.h"
#include "inventory/inventory.h"

#define PM_KEY_LEN 32
/* Distinct values tracked per file and detector; past it, occurrences are
 * still counted and `distinct` becomes a lower bound. Bounds memory. */
#define PM_DISTINCT_CAP 100000

struct pm_key {
    unsigned char bytes[PM_KEY_LEN];
    char id[17]; /* hex fingerprint, stored with each scan */
    char path[4096]; /* where it was loaded from */
};

/* Loads the key from path (NULL: $PIIMAP_KEY_FILE, else the default), making
 * it (0600, in a 0700 directory) if it does not exist. Returns 0 or -1 with a
 * message naming the path. */
int pm_key_load(const char *path, struct pm_key *key, char *err, size_t errsz);

/* The keyed hash of a normalised value: HMAC-SHA256(key, id NUL norm). */
void pm_key_hash(const struct pm_key *key, const char *id, const char *norm,
                 unsigned char out[PM_KEY_LEN]);

struct pm_findings;
struct pm_allow;

struct pm_findings *pm_findings_new(const struct pm_detset *set, const struct pm_key *key);
/* Values whose hash is on the allow list are dropped (and counted). */
void pm_findings_set_allow(struct pm_findings *f, const struct pm_allow *allow);
/* Matches dropped by the allow list since the last reset. */
uint64_t pm_findings_allowed(const struct pm_findings *f);
void pm_findings_free(struct pm_findings *f);
void pm_findings_reset(struct pm_findings *f);
void pm_findings_add(struct pm_findings *f, const struct pm_match *m);
/* Number of detectors with at least one match. */
size_t pm_findings_count(const struct pm_findings *f);
/* Fills out[] (room for max entries) with the findings, pointing into f:
 * valid until the next reset. Returns how many were written. */
size_t pm_findings_export(const struct pm_findings *f, struct pm_inv_finding *out, size_t max);

#endif
