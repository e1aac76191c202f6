/* allow.h — allow lists: values and paths that scheduled scans should stay
 * quiet about once someone has reviewed them.
 *
 * File format (--allow FILE), one entry a line, '#' starts a comment:
 *   4111 1111 1111 1111                  a value: ignored wherever found, by
 *                                        every detector that accepts it
 *   hash:<64 hex digits>                 a keyed hash from the inventory's
 *                                        hashes table (same key)
 *   path:/srv/share/qa*                  no findings recorded under this glob
 *   path:*.test.csv detectors=credit_card,phone until=2027-01-01
 *                                        only these detectors, until that day
 * Values are hashed with the scan's key on load and the text is forgotten.
 * An expired path entry is ignored with a warning.
 */
#ifndef PM_ALLOW_H
#define PM_ALLOW_H

#include "common/status.h"
#include "detect/detector.h"
#include "record/key.h"

struct pm_allow;

/* Returns NULL with "FILE:LINE: what" in err. Entries that are ignored (an
 * expired path rule, a value no detector reads) are reported through warn
 * ("FILE:LINE: ... ignored"); warn may be NULL. */
struct pm_allow *pm_allow_load(const char *path, const struct pm_detset *set,
                               const struct pm_key *key, pm_warn_fn warn, void *wctx,
                               char *err, size_t errsz);
void pm_allow_free(struct pm_allow *a);
/* 1 if the keyed hash of a value is allowed. */
int pm_allow_hash(const struct pm_allow *a, const unsigned char h[PM_KEY_LEN]);
/* The same with the list as a void pointer: the drop test a struct
 * pm_findings takes (pm_findings_set_drop(f, pm_allow_drops, allow)). */
int pm_allow_drops(const void *allow, const unsigned char h[PM_KEY_LEN]);
/* 1 if findings of detector `id` under `path` are suppressed today. */
int pm_allow_path(const struct pm_allow *a, const char *path, const char *id);
/* Counts, for the summary: distinct keyed hashes, path rules in force. */
size_t pm_allow_values(const struct pm_allow *a);
size_t pm_allow_paths(const struct pm_allow *a);

#endif
