/* source.c — per-file reading: open, libmagic type, encoding, stream to detectors. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <magic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "decode.h"
#include "source.h"

#define PM_READ_CHUNK (256u * 1024u)
#define PM_MAGIC_BYTES 8192u

struct pm_reader {
    magic_t magic;          /* this thread's libmagic handle */
    struct pm_textscan *ts; /* this thread's matcher */
    unsigned char *rbuf;    /* read buffer, PM_READ_CHUNK */
    char *dbuf;             /* decode buffer, pm_decode_bound(PM_READ_CHUNK) */
    const atomic_int *stop; /* scan-wide stop flag, may be NULL */
};

void pm_reader_set_stop(struct pm_reader *r, const atomic_int *stop) { r->stop = stop; }

struct pm_reader *pm_reader_new(const struct pm_detset *set, size_t chunk, pm_match_fn fn,
                                void *ctx, char *err, size_t errsz)
{
    struct pm_reader *r = calloc(1, sizeof *r);
    if (!r) {
        snprintf(err, errsz, "out of memory");
        return NULL;
    }
    r->rbuf = malloc(PM_READ_CHUNK);
    r->dbuf = malloc(pm_decode_bound(PM_READ_CHUNK));
    r->ts = pm_textscan_new(set, chunk, fn, ctx);
    r->magic = magic_open(MAGIC_MIME_TYPE | MAGIC_ERROR | MAGIC_NO_CHECK_COMPRESS |
                          MAGIC_NO_CHECK_ELF);
    if (!r->rbuf || !r->dbuf || !r->ts || !r->magic) {
        snprintf(err, errsz, "out of memory");
        pm_reader_free(r);
        return NULL;
    }
    if (magic_load(r->magic, NULL) != 0) {
        snprintf(err, errsz, "libmagic: cannot load the magic database: %s",
                 magic_error(r->magic) ? magic_error(r->magic) : "unknown error");
        pm_reader_free(r);
        return NULL;
    }
    return r;
}

void pm_reader_free(struct pm_reader *r)
{
    if (!r)
        return;
    if (r->magic)
        magic_close(r->magic);
    pm_textscan_free(r->ts);
    free(r->rbuf);
    free(r->dbuf);
    free(r);
}

/* Types whose bytes hold no text worth matching. */
static int skip_type(const char *mime)
{
    return strncmp(mime, "image/", 6) == 0 || strncmp(mime, "audio/", 6) == 0 ||
           strncmp(mime, "video/", 6) == 0 || strncmp(mime, "font/", 5) == 0;
}

static ssize_t read_full(int fd, unsigned char *buf, size_t n)
{
    size_t got = 0;
    while (got < n) {
        ssize_t k = read(fd, buf + got, n - got);
        if (k < 0) {
            if (errno == EINTR)
                continue;
            return got ? (ssize_t)got : -1;
        }
        if (k == 0)
            break;
        got += (size_t)k;
    }
    return (ssize_t)got;
}

void pm_reader_scan_fd(struct pm_reader *r, int fd, struct pm_read_result *res)
{
    struct pm_decoder dec;
    ssize_t n = read_full(fd, r->rbuf, PM_READ_CHUNK);
    if (n < 0) {
        res->status = PM_FILE_ERROR;
        snprintf(res->reason, sizeof res->reason, "read: %s", strerror(errno));
        return;
    }
    const char *mime = magic_buffer(r->magic, r->rbuf, (size_t)n < PM_MAGIC_BYTES ? (size_t)n
                                                                              : PM_MAGIC_BYTES);
    snprintf(res->mime, sizeof res->mime, "%s", mime ? mime : "application/octet-stream");
    res->bytes = (uint64_t)n;
    if (skip_type(res->mime)) {
        res->status = PM_FILE_SKIPPED;
        snprintf(res->reason, sizeof res->reason, "type %s", res->mime);
        return;
    }
    size_t bom = 0;
    enum pm_encoding enc = pm_sniff_encoding(r->rbuf, (size_t)n, &bom);
    res->encoding = pm_encoding_name(enc);
    pm_decoder_init(&dec, enc);
    pm_textscan_reset(r->ts);
    size_t off = bom;
    while (n > 0) {
        size_t dn = pm_decode(&dec, r->rbuf + off, (size_t)n - off, r->dbuf);
        pm_textscan_feed(r->ts, r->dbuf, dn);
        off = 0;
        if (r->stop && atomic_load(r->stop)) {
            res->status = PM_FILE_PARTIAL;
            snprintf(res->reason, sizeof res->reason, "interrupted after %llu bytes",
                     (unsigned long long)res->bytes);
            break;
        }
        n = read_full(fd, r->rbuf, PM_READ_CHUNK);
        if (n < 0) {
            res->status = PM_FILE_PARTIAL;
            snprintf(res->reason, sizeof res->reason, "read error after %llu bytes: %s",
                     (unsigned long long)res->bytes, strerror(errno));
            break;
        }
        res->bytes += (uint64_t)n;
    }
    pm_textscan_finish(r->ts);
}

void pm_reader_scan(struct pm_reader *r, const char *path, const struct stat *st, int follow,
                    struct pm_read_result *res)
{
    memset(res, 0, sizeof *res);
    res->status = PM_FILE_SCANNED;
    int flags = O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK | O_NOATIME |
                (follow ? 0 : O_NOFOLLOW);
    int fd = open(path, flags);
    if (fd < 0 && errno == EPERM) /* O_NOATIME needs ownership */
        fd = open(path, flags & ~O_NOATIME);
    if (fd < 0) {
        res->status = PM_FILE_ERROR;
        snprintf(res->reason, sizeof res->reason, "open: %s",
                 errno == ELOOP ? "is a symlink" : strerror(errno));
        return;
    }
    struct stat now;
    if (fstat(fd, &now) != 0 || !S_ISREG(now.st_mode) || now.st_dev != st->st_dev ||
        now.st_ino != st->st_ino) {
        res->status = PM_FILE_SKIPPED;
        snprintf(res->reason, sizeof res->reason, "replaced during scan");
        close(fd);
        return;
    }
    /* Regular files ignore O_NONBLOCK; clear it anyway for clarity. */
    (void)fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    (void)posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
    pm_reader_scan_fd(r, fd, res);
    close(fd);
}
