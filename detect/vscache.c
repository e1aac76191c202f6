/* vscache.c — the compiled Vectorscan database, kept between runs.
 *
 * Building the one-pass database takes about a quarter of a billion
 * instructions (~0.07 s) at every scan, locate and reveal, the same work
 * each time for the same detectors. So the compiled database is kept in a
 * cache directory (PIIMAP_CACHE_DIR, else $XDG_CACHE_HOME/piimap, else
 * ~/.cache/piimap; "off" turns it off), under a name made from a hash of
 * everything that went into it: the patterns, their flags and ids, and the
 * library's version. A file that is missing, short, of another version or
 * platform, or does not deserialise is ignored and the database compiled as
 * before; a cache that cannot be written is not an error.
 *
 * The file holds patterns compiled, never text or values: detector patterns
 * are configuration. It is created 0600 in a 0700 directory, written to a
 * temporary name and renamed, so readers never see half a file. Never
 * touches the scanned tree.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "detect/vscache.h"

static const char magic[8] = {'P', 'M', 'V', 'S', 'C', 'A', '1', '\n'};

static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++) {
        h ^= b[i];
        h *= 1099511628211ull;
    }
    return h;
}

static uint64_t key_of(const char *const *exprs, const unsigned *flags, const unsigned *ids,
                       unsigned n)
{
    uint64_t h = 1469598103934665603ull;
    const char *v = hs_version();
    h = fnv(h, v, strlen(v) + 1);
    h = fnv(h, &n, sizeof n);
    for (unsigned i = 0; i < n; i++) {
        h = fnv(h, exprs[i], strlen(exprs[i]) + 1);
        h = fnv(h, &flags[i], sizeof flags[i]);
        h = fnv(h, &ids[i], sizeof ids[i]);
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

hs_database_t *pm_vscache_load(const char *dir, const char *const *exprs, const unsigned *flags,
                               const unsigned *ids, unsigned n)
{
    char path[4096];
    uint64_t key = key_of(exprs, flags, ids, n);
    if (!dir || path_of(dir, key, path, sizeof path) != 0)
        return NULL;
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0)
        return NULL;
    hs_database_t *db = NULL;
    struct stat st;
    char *bytes = NULL;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size < 16 ||
        st.st_size > (64 << 20) || !(bytes = malloc((size_t)st.st_size)))
        goto out;
    size_t got = 0, size = (size_t)st.st_size;
    while (got < size) {
        ssize_t r = read(fd, bytes + got, size - got);
        if (r <= 0)
            goto out;
        got += (size_t)r;
    }
    uint64_t stored;
    memcpy(&stored, bytes + 8, 8);
    if (memcmp(bytes, magic, 8) != 0 || stored != key ||
        hs_deserialize_database(bytes + 16, size - 16, &db) != HS_SUCCESS)
        db = NULL;
out:
    free(bytes);
    close(fd);
    return db;
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

void pm_vscache_store(const char *dir, const char *const *exprs, const unsigned *flags,
                      const unsigned *ids, unsigned n, const hs_database_t *db)
{
    char path[4096], tmp[4160];
    uint64_t key = key_of(exprs, flags, ids, n);
    if (!dir || !db || path_of(dir, key, path, sizeof path) != 0 || make_dir(dir) != 0)
        return;
    char *bytes = NULL;
    size_t size = 0;
    if (hs_serialize_database(db, &bytes, &size) != HS_SUCCESS)
        return;
    snprintf(tmp, sizeof tmp, "%s.%ld.tmp", path, (long)getpid());
    int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
    int ok = fd >= 0;
    if (ok) {
        char head[16];
        memcpy(head, magic, 8);
        memcpy(head + 8, &key, 8);
        ok = write(fd, head, 16) == 16 && write(fd, bytes, size) == (ssize_t)size;
        ok = close(fd) == 0 && ok;
        if (!ok || rename(tmp, path) != 0)
            unlink(tmp);
    }
    free(bytes); /* hs_serialize_database allocates with the misc allocator, malloc */
}
