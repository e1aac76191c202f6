/* hashset.h — the one hash table: an open-addressing set of keys, each with
 * an optional value pointer.
 *
 * Keys are either fixed-size byte strings (keylen > 0: keyed hashes, object
 * numbers) or NUL-terminated strings (keylen 0: paths, names). The set copies
 * every key it stores; values are borrowed pointers (or small integers cast
 * to a pointer) that the set never frees. It grows by doubling at half load,
 * so lookups stay short. One set belongs to one thread.
 */
#ifndef PM_HASHSET_H
#define PM_HASHSET_H

#include <stddef.h>
#include <stdint.h>

struct pm_hset;

/* NULL when out of memory. */
struct pm_hset *pm_hset_new(size_t keylen);
void pm_hset_free(struct pm_hset *s);
/* Frees every value with free(), then the set (values that were malloc'd). */
void pm_hset_free_vals(struct pm_hset *s);
/* Empties the set; keeps its memory for reuse. */
void pm_hset_clear(struct pm_hset *s);
size_t pm_hset_count(const struct pm_hset *s);

/* Adds key (with val) if absent. Returns 1 if added, 0 if it was there (its
 * value is left alone), -1 when out of memory. */
int pm_hset_add(struct pm_hset *s, const void *key, void *val);
/* 1 if key is in the set; its value goes to *val if val is not NULL. */
int pm_hset_get(const struct pm_hset *s, const void *key, void **val);
/* Sets the value of key, adding it if absent: 1 added, 0 replaced, -1 OOM. */
int pm_hset_put(struct pm_hset *s, const void *key, void *val);

/* Calls fn for every key in an unspecified order; stops early and returns
 * fn's value when it is non-zero. */
int pm_hset_each(const struct pm_hset *s, int (*fn)(void *ctx, const void *key, void *val),
                 void *ctx);

/* FNV-1a of n bytes: the hash the set uses, for callers that want one. */
uint64_t pm_hash_bytes(const void *p, size_t n);

#endif
