/* vscache.h — private to detect/: what building the one-pass database
 * costs, kept between runs (vscache.c): the widths Vectorscan gave for a
 * set's expressions and the database compiled from them. Patterns in,
 * widths and a database out; never text or values. */
#ifndef PM_VSCACHE_H
#define PM_VSCACHE_H

#include <hs.h>
#include <stddef.h>
#include <stdint.h>

/* The cache directory: PIIMAP_CACHE_DIR ("off": none), else
 * $XDG_CACHE_HOME/piimap, else $HOME/.cache/piimap; NULL if none. May
 * write the path into buf. */
const char *pm_vscache_dir(char *buf, size_t bufsz);

/* FNV-1a over n bytes, from h; pm_vscache_seed() starts a key (it hashes
 * the library's version, so another Vectorscan never reads a file). */
uint64_t pm_vscache_hash(uint64_t h, const void *p, size_t n);
uint64_t pm_vscache_seed(void);
/* The key of a database compiled from exactly these patterns. */
uint64_t pm_vscache_key(const char *const *exprs, const unsigned *flags, const unsigned *ids,
                        unsigned n);

/* One cache file, named by the key of a detector set (vscan.c's): the
 * widths records (opaque here) and, if any, the serialised database with
 * the key of the patterns it was compiled from. */
struct pm_vscache_file {
    unsigned char *bytes; /* the whole file; the pointers below point into it */
    const unsigned char *widths;
    size_t wsize;
    uint64_t dbkey;
    const unsigned char *db;
    size_t dbsize;
};

/* Reads the file of setkey: 0, or -1 if it is missing, short, of another
 * version or damaged (then *f is empty). */
int pm_vscache_read(const char *dir, uint64_t setkey, struct pm_vscache_file *f);
/* The file's database if it was compiled from the patterns of dbkey and
 * deserialises, else NULL (then compile it). */
hs_database_t *pm_vscache_db(const struct pm_vscache_file *f, uint64_t dbkey);
void pm_vscache_file_free(struct pm_vscache_file *f);
/* Keeps widths and db (NULL: none) as setkey's file in dir, replacing any;
 * failures are silent. */
void pm_vscache_write(const char *dir, uint64_t setkey, const void *widths, size_t wsize,
                      uint64_t dbkey, const hs_database_t *db);

#endif
