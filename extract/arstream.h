/* arstream.h — a libarchive reader over a pull stream (extract/extractor.h's
 * struct pm_src): the first block the dispatcher already read, then the rest.
 * Shared by the archive and office extractors.
 *
 * A top-level file is seekable, which lets libarchive use a zip's central
 * directory and read 7-Zip archives: it is then re-read from its start
 * through its fd. Nothing is extracted to disk.
 */
#ifndef PM_ARSTREAM_H
#define PM_ARSTREAM_H

#include <archive.h>
#include <archive_entry.h>
#include <stddef.h>
#include <stdint.h>

#include "extract/extractor.h"

struct pm_inflate;

/* libarchive's view of the parent stream. */
struct pm_arin {
    struct pm_src *src;
    const unsigned char *pre; /* first block, already read by the dispatcher */
    size_t npre;
    int pre_done;
    unsigned char *block;     /* read buffer */
    uint64_t consumed;        /* bytes read from src (compressed, for gzip) */
    /* gzip decompressed here (arstream.c): state, compressed input */
    struct pm_inflate *gz;
    unsigned char *zin;
    const unsigned char *zp;
    size_t zn;
    int zeof;
};

/* Which formats to read. */
enum pm_arformats {
    PM_AR_ZIP,     /* zip only (office documents) */
    PM_AR_ALL,     /* real archive formats, and raw single-file compression */
    PM_AR_RAW,     /* just the decompressed stream */
};

/* Opens src (pre[0..npre) already read) for reading; NULL with err. Every
 * filter (gzip, xz, ...) is on. */
struct archive *pm_arin_open(struct pm_arin *in, struct pm_src *src, const unsigned char *pre,
                             size_t npre, enum pm_arformats formats, char *err, size_t errsz);
void pm_arin_close(struct archive *a, struct pm_arin *in);

/* 1 when what libarchive reads was decompressed first: by one of its
 * filters or by the gzip layer here (which libarchive never sees, so
 * archive_filter_count alone does not say). Before pm_arin_close. */
int pm_arin_decompressed(struct archive *a, const struct pm_arin *in);

/* "not scanned: encrypted" for an entry whose data or metadata is encrypted,
 * else NULL. */
const char *pm_arin_encrypted(struct archive_entry *e);

#endif
