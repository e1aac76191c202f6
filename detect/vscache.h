/* vscache.h — private to detect/: compiled Vectorscan databases kept between
 * runs (vscache.c). Patterns in, a database out; never text or values. */
#ifndef PM_VSCACHE_H
#define PM_VSCACHE_H

#include <hs.h>
#include <stddef.h>
#include <stdint.h>

/* The cache directory: PIIMAP_CACHE_DIR ("off": none), else
 * $XDG_CACHE_HOME/piimap, else $HOME/.cache/piimap; NULL if none. May
 * write the path into buf. */
const char *pm_vscache_dir(char *buf, size_t bufsz);
/* The database compiled from exactly these patterns, from the cache in dir,
 * or NULL (then compile it). */
hs_database_t *pm_vscache_load(const char *dir, const char *const *exprs, const unsigned *flags,
                               const unsigned *ids, unsigned n);
/* Keeps db, compiled from these patterns, in dir; failures are silent. */
void pm_vscache_store(const char *dir, const char *const *exprs, const unsigned *flags,
                      const unsigned *ids, unsigned n, const hs_database_t *db);

#endif
