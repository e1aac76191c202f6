/* arstream.c — a libarchive reader over a pull stream. Knows no format and
 * no dispatcher: it only feeds libarchive. A gzip stream (a .gz, a .tar.gz)
 * is decompressed here by ISA-L (common/inflate.h, about three times
 * zlib's speed) and libarchive reads what it holds, as it would after its
 * own gzip filter; every other filter is libarchive's. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "extract/arstream.h"
#include "common/inflate.h"

#define AR_BLOCK (64u * 1024u)

/* The next bytes of the source: the first block the dispatcher read, then
 * pulls into buf. -1 with libarchive's error set. */
static la_ssize_t src_next(struct archive *a, struct pm_arin *in, unsigned char *buf,
                           const unsigned char **out)
{
    if (!in->pre_done) {
        in->pre_done = 1;
        if (in->npre) {
            *out = in->pre;
            in->consumed += in->npre;
            return (la_ssize_t)in->npre;
        }
    }
    long k = in->src->pull(in->src->ctx, buf, AR_BLOCK);
    if (k < 0) {
        archive_set_error(a, EIO, "%s", in->src->err[0] ? in->src->err : "read error");
        return -1;
    }
    in->consumed += (uint64_t)k;
    *out = buf;
    return (la_ssize_t)k;
}

static la_ssize_t ar_read(struct archive *a, void *ctx, const void **out)
{
    struct pm_arin *in = ctx;
    const unsigned char *p = NULL;
    la_ssize_t k = src_next(a, in, in->block, &p);
    *out = p;
    return k;
}

/* The gzip layer: compressed bytes from src_next, decompressed into
 * in->block. in->consumed counts compressed bytes, so a member's ratio
 * (limits.h) is of what was read from disk. */
static la_ssize_t gz_read(struct archive *a, void *ctx, const void **out)
{
    struct pm_arin *in = ctx;
    for (;;) {
        if (in->zn == 0 && !in->zeof) {
            la_ssize_t k = src_next(a, in, in->zin, &in->zp);
            if (k < 0)
                return -1;
            in->zn = (size_t)k;
            in->zeof = k == 0;
        }
        size_t got = 0;
        enum pm_inflate_rc rc = pm_inflate_step(in->gz, &in->zp, &in->zn, in->block, AR_BLOCK, &got);
        if (got) { /* an error or the end comes again on the next call */
            *out = in->block;
            return (la_ssize_t)got;
        }
        if (rc == PM_INFLATE_ERROR) {
            archive_set_error(a, EINVAL, "gzip: %s", pm_inflate_error(in->gz));
            return -1;
        }
        if (rc == PM_INFLATE_END || (in->zeof && pm_inflate_clean_end(in->gz)))
            return 0;
        if (in->zeof) {
            archive_set_error(a, EINVAL, "gzip: truncated input");
            return -1;
        }
    }
}

/* Seeking, for a top-level file only (src->fd >= 0): libarchive then reads
 * the fd directly from wherever it seeks. */
static la_int64_t ar_seek(struct archive *a, void *ctx, la_int64_t off, int whence)
{
    struct pm_arin *in = ctx;
    (void)a;
    in->pre_done = 1; /* after any seek the file offset is the truth */
    off_t r = lseek(in->src->fd, (off_t)off, whence);
    return r < 0 ? ARCHIVE_FATAL : (la_int64_t)r;
}

static la_int64_t ar_skip(struct archive *a, void *ctx, la_int64_t request)
{
    struct pm_arin *in = ctx;
    (void)a;
    if (in->src->fd < 0 || !in->pre_done)
        return 0; /* libarchive then reads and discards */
    off_t cur = lseek(in->src->fd, 0, SEEK_CUR);
    if (cur < 0 || lseek(in->src->fd, (off_t)request, SEEK_CUR) < 0)
        return 0;
    return request;
}

static void support_formats(struct archive *a, enum pm_arformats formats)
{
    switch (formats) {
    case PM_AR_RAW:
        archive_read_support_format_raw(a); /* just the decompressed stream */
        break;
    case PM_AR_ALL:
        /* Real archive formats only: mtree (a text manifest) would claim a
         * compressed list of one address per line, and read each line as a
         * member name. */
        archive_read_support_format_7zip(a);
        archive_read_support_format_ar(a);
        archive_read_support_format_cab(a);
        archive_read_support_format_cpio(a);
        archive_read_support_format_iso9660(a);
        archive_read_support_format_lha(a);
        archive_read_support_format_rar(a);
        archive_read_support_format_rar5(a);
        archive_read_support_format_tar(a);
        archive_read_support_format_xar(a);
        archive_read_support_format_zip(a);
        archive_read_support_format_raw(a); /* single-file .gz, .xz, .bz2, .zst, .lz4 */
        break;
    case PM_AR_ZIP:
        archive_read_support_format_zip(a);
        break;
    }
}

struct archive *pm_arin_open(struct pm_arin *in, struct pm_src *src, const unsigned char *pre,
                             size_t npre, enum pm_arformats formats, char *err, size_t errsz)
{
    memset(in, 0, sizeof *in);
    in->src = src;
    in->pre = pre;
    in->npre = npre;
    in->block = malloc(AR_BLOCK);
    /* gzip's magic and deflate's method byte; a zip is never gzip */
    int gzip = formats != PM_AR_ZIP && npre >= 3 && pre[0] == 0x1f && pre[1] == 0x8b &&
               pre[2] == 8;
    if (gzip) {
        in->gz = pm_inflate_new(PM_INFLATE_GZIP);
        in->zin = malloc(AR_BLOCK);
    }
    struct archive *a = archive_read_new();
    if (!in->block || !a || (gzip && (!in->gz || !in->zin))) {
        snprintf(err, errsz, "out of memory");
        archive_read_free(a);
        pm_arin_close(NULL, in);
        return NULL;
    }
    archive_read_support_filter_all(a);
    support_formats(a, formats);
    archive_read_set_callback_data(a, in);
    archive_read_set_read_callback(a, gzip ? gz_read : ar_read);
    if (src->fd >= 0 && lseek(src->fd, 0, SEEK_SET) == 0) {
        in->pre_done = 1; /* re-read from the start; seeking in what libarchive
                             reads, unless that is the gzip layer's output */
        if (!gzip) {
            archive_read_set_seek_callback(a, ar_seek);
            archive_read_set_skip_callback(a, ar_skip);
        }
    }
    if (archive_read_open1(a) != ARCHIVE_OK) {
        snprintf(err, errsz, "%s", archive_error_string(a) ? archive_error_string(a)
                                                             : "not a readable archive");
        archive_read_free(a);
        pm_arin_close(NULL, in);
        return NULL;
    }
    return a;
}

void pm_arin_close(struct archive *a, struct pm_arin *in)
{
    if (a)
        archive_read_free(a);
    free(in->block);
    free(in->zin);
    pm_inflate_free(in->gz);
    in->block = in->zin = NULL;
    in->gz = NULL;
}

int pm_arin_decompressed(struct archive *a, const struct pm_arin *in)
{
    return in->gz != NULL || archive_filter_count(a) > 1;
}

const char *pm_arin_encrypted(struct archive_entry *e)
{
    if (archive_entry_is_data_encrypted(e) > 0 || archive_entry_is_metadata_encrypted(e) > 0)
        return "not scanned: encrypted";
    return NULL;
}
