/* vscache.c — what building the one-pass database costs, kept between runs.
 *
 * Building the one-pass database takes about a quarter of a billion
 * instructions (~0.07 s) at every scan, locate and reveal, the same work
 * each time for the same detectors; even with the database at hand, asking
 * Vectorscan the shortest and longest match of each expression
 * (hs_expression_info, for the address and name patterns) took another 80
 * million. So both are kept in a cache directory (PIIMAP_CACHE_DIR, else
 * $XDG_CACHE_HOME/piimap, else ~/.cache/piimap; "off" turns it off), one
 * file per detector set, named by a hash of the set's patterns and the
 * library's version: vscan.c's widths records (each carries the hash of its
 * expression, and vscan.c checks it) and the compiled database with a hash
 * of exactly the patterns, flags and ids it was compiled from. A file that
 * is missing, short, of another version or platform, or does not
 * deserialise is ignored and the work done as before; a cache that cannot
 * be written is not an error.
 *
 * The file holds patterns compiled and their widths, never text or values:
 * detector patterns are configuration. It is created 0600 in a 0700
 * directory, written to a temporary name and renamed, so readers never see
 * half a file. Never touches the scanned tree.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "detect/vscache.h"

static const char magic[8] = {'P', 'M', 'V', 'S', 'C', 'A', '2', '\n'};

uint64_t pm_vscache_hash(uint64_t h, const void *p, size_t n)
{
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++) {
        h ^= b[i];
        h *= 1099511628211ull;
    }
    return h;
}

uint64_t pm_vscache_seed(void)
{
    const char *v = hs_version();
    return pm_vscache_hash(1469598103934665603ull, v, strlen(v) + 1);
}

uint64_t pm_vscache_key(const char *const *exprs, const unsigned *flags, const unsigned *ids,
                        unsigned n)
{
    uint64_t h = pm_vscache_hash(pm_vscache_seed(), &n, sizeof n);
    for (unsigned i = 0; i < n; i++) {
        h = pm_vscache_hash(h, exprs[i], strlen(exprs[i]) + 1);
        h = pm_vscache_hash(h, &flags[i], sizeof flags[i]);
        h = pm_vscache_hash(h, &ids[i], sizeof ids[i]);
    }
    return h;
}

const char *pm_vscache_dir(char *buf, size_t bufsz)
{
    const char *d = getenv("PIIMAP_CACHE_DIR");
    if (d && *d)
        return strcmp(d, "off") == 0 ? NULL : d;
    const char *x = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
    int n = -1;
    if (x && *x == '/')
        n = snprintf(buf, bufsz, "%s/piimap", x);
    else if (home && *home == '/')
        n = snprintf(buf, bufsz, "%s/.cache/piimap", home);
    return n > 0 && (size_t)n < bufsz ? buf : NULL;
}

static int path_of(const char *dir, uint64_t key, char *out, size_t outsz)
{
    int n = snprintf(out, outsz, "%s/vectorscan-%016llx.db", dir, (unsigned long long)key);
    return n > 0 && (size_t)n < outsz ? 0 : -1;
}

/* The file's layout: magic, set key, widths size, widths, database key,
 * database (the rest; none if empty). Integers in the machine's order: the
 * database is of this platform anyway. */
int pm_vscache_read(const char *dir, uint64_t setkey, struct pm_vscache_file *f)
{
    char path[4096];
    memset(f, 0, sizeof *f);
    if (!dir || path_of(dir, setkey, path, sizeof path) != 0)
        return -1;
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0)
        return -1;
    struct stat st;
    unsigned char *bytes = NULL;
    int rc = -1;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size < 32 ||
        st.st_size > (64 << 20) || !(bytes = malloc((size_t)st.st_size)))
        goto out;
    size_t got = 0, size = (size_t)st.st_size;
    while (got < size) {
        ssize_t r = read(fd, bytes + got, size - got);
        if (r <= 0)
            goto out;
        got += (size_t)r;
    }
    uint64_t stored, wsize;
    memcpy(&stored, bytes + 8, 8);
    memcpy(&wsize, bytes + 16, 8);
    if (memcmp(bytes, magic, 8) != 0 || stored != setkey || wsize > size - 32)
        goto out;
    f->bytes = bytes;
    f->widths = bytes + 24;
    f->wsize = (size_t)wsize;
    memcpy(&f->dbkey, bytes + 24 + wsize, 8);
    f->db = bytes + 32 + wsize;
    f->dbsize = size - 32 - (size_t)wsize;
    bytes = NULL;
    rc = 0;
out:
    free(bytes);
    close(fd);
    return rc;
}

hs_database_t *pm_vscache_db(const struct pm_vscache_file *f, uint64_t dbkey)
{
    hs_database_t *db = NULL;
    if (!f->bytes || f->dbkey != dbkey || f->dbsize == 0 ||
        hs_deserialize_database((const char *)f->db, f->dbsize, &db) != HS_SUCCESS)
        return NULL;
    return db;
}

void pm_vscache_file_free(struct pm_vscache_file *f)
{
    free(f->bytes);
    memset(f, 0, sizeof *f);
}

/* Creates dir (and its parent, ~/.cache) if missing: 0700. */
static int make_dir(const char *dir)
{
    if (mkdir(dir, 0700) == 0 || errno == EEXIST)
        return 0;
    if (errno != ENOENT)
        return -1;
    char parent[4096];
    const char *slash = strrchr(dir, '/');
    if (!slash || slash == dir || (size_t)(slash - dir) >= sizeof parent)
        return -1;
    memcpy(parent, dir, (size_t)(slash - dir));
    parent[slash - dir] = '\0';
    if (mkdir(parent, 0700) != 0 && errno != EEXIST)
        return -1;
    return mkdir(dir, 0700) == 0 || errno == EEXIST ? 0 : -1;
}

void pm_vscache_write(const char *dir, uint64_t setkey, const void *widths, size_t wsize,
                      uint64_t dbkey, const hs_database_t *db)
{
    char path[4096], tmp[4160];
    if (!dir || path_of(dir, setkey, path, sizeof path) != 0 || make_dir(dir) != 0)
        return;
    char *bytes = NULL;
    size_t size = 0;
    if (db && hs_serialize_database(db, &bytes, &size) != HS_SUCCESS)
        return;
    snprintf(tmp, sizeof tmp, "%s.%ld.tmp", path, (long)getpid());
    int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
    int ok = fd >= 0;
    if (ok) {
        char head[24];
        uint64_t ws = wsize;
        memcpy(head, magic, 8);
        memcpy(head + 8, &setkey, 8);
        memcpy(head + 16, &ws, 8);
        ok = write(fd, head, 24) == 24 &&
             (wsize == 0 || write(fd, widths, wsize) == (ssize_t)wsize) &&
             write(fd, &dbkey, 8) == 8 && (size == 0 || write(fd, bytes, size) == (ssize_t)size);
        ok = close(fd) == 0 && ok;
        if (!ok || rename(tmp, path) != 0)
            unlink(tmp);
    }
    free(bytes); /* hs_serialize_database allocates with the misc allocator, malloc */
}
