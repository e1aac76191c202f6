/* key.h — the HMAC key, and the keyed hash every recorded value becomes.
 *
 * The key lives outside the inventory (default ~/.config/piimap/hmac.key,
 * created 0600 on first use), so a stolen inventory cannot be brute-forced
 * back into SSNs or card numbers. Only keyed hashes of values ever leave
 * here; the key itself is never printed or stored elsewhere.
 */
#ifndef PM_KEY_H
#define PM_KEY_H

#include <stddef.h>

#define PM_KEY_LEN 32

struct pm_key {
    unsigned char bytes[PM_KEY_LEN];
    char id[17];     /* hex fingerprint, stored with each scan */
    char path[4096]; /* where it was loaded from */
    int exposed;     /* the file is readable or writable by group or others */
};

/* Loads the key from path (NULL: $PIIMAP_KEY_FILE, else the default), making
 * it (0600, in a 0700 directory) if it does not exist. Returns 0 or -1 with a
 * message naming the path and, when the key cannot be created, saying how to
 * put it elsewhere (--key, $PIIMAP_KEY_FILE). */
int pm_key_load(const char *path, struct pm_key *key, char *err, size_t errsz);
/* The same for a key that must already exist (read-only commands such as
 * locate: a new key would match nothing): never creates one. */
int pm_key_read(const char *path, struct pm_key *key, char *err, size_t errsz);

/* The keyed hash of a normalised value: HMAC-SHA256(key, id NUL norm). */
void pm_key_hash(const struct pm_key *key, const char *id, const char *norm,
                 unsigned char out[PM_KEY_LEN]);

struct pm_detset;

/* A value given on its own (piimap locate), as detector i of the set reads
 * it (pm_detset_value): its keyed hash and masked form (PM_MASK_MAX bytes,
 * the only form that may be shown). Returns the detector's confidence, or 0
 * when the detector does not read it. The normalised value is wiped. */
int pm_key_value(const struct pm_key *key, const struct pm_detset *set, size_t i,
                 const char *value, unsigned char hash[PM_KEY_LEN], char *masked);

#endif
