/* source_int.h — what the dispatcher (source.c) shares with its extractors
 * (archive.c, office.c): the per-level state and the recursive entry point.
 * Not for use outside extract/.
 */
#ifndef PM_SOURCE_INT_H
#define PM_SOURCE_INT_H

#include <magic.h>
#include <stdatomic.h>

#include "extract/extract.h"

#define PM_READ_CHUNK (256u * 1024u)
#define PM_MEMBER_NAME 512

/* A stream being dispatched. */
struct pm_src {
    pm_pull_fn pull;
    void *ctx;
    int fd;           /* >= 0: a top-level file, seekable */
    const char *path; /* top-level path, NULL for members */
    char err[256];    /* why pull returned -1 */
};

/* State of one nesting level (0 = the top-level file). */
struct pm_level {
    unsigned char *buf;       /* read buffer, PM_READ_CHUNK */
    char *dbuf;               /* decode buffer */
    char name[PM_MEMBER_NAME]; /* member name at this level (level >= 1) */
};

struct pm_extract {
    magic_t magic;
    const struct pm_limits *lim;
    struct pm_sink sink;
    const atomic_int *stop;
    struct pm_budget budget;      /* of the current top-level file */
    struct pm_level *lv;          /* nlv levels, allocated on first use */
    unsigned nlv;
    const char **chain;           /* member names, for items */
};

/* Per-item outcome filled by extractors. */
struct pm_outcome {
    enum pm_file_status status;
    char reason[256];
    const char *encoding;
    uint64_t bytes;
};

/* Level `level`'s state, allocated on first use; NULL if out of memory. */
struct pm_level *pm_level_get(struct pm_extract *r, unsigned level);

/* Types the stream and scans it as the item at `level` (its name, for
 * levels >= 1, is in r->lv[level].name); reports the item. */
void pm_dispatch(struct pm_extract *r, unsigned level, struct pm_src *src, int64_t mtime);

/* Hands decoded text of the item at `level` to the sink. */
void pm_level_text(struct pm_extract *r, unsigned level, const char *text, size_t n);

/* 1 once the scan is being stopped or a limit was hit. */
int pm_extract_halted(const struct pm_extract *r);

/* Sets o to partial with a reason (first reason wins). */
void pm_outcome_partial(struct pm_outcome *o, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* archive.c: walks an archive read from src (pre[0..npre) already read),
 * dispatching each member at level + 1. */
void pm_archive_scan(struct pm_extract *r, unsigned level, struct pm_src *src,
                     const unsigned char *pre, size_t npre, struct pm_outcome *o);
/* archive.c: an OOXML/ODF document: the text of its XML parts goes to level. */
void pm_office_scan(struct pm_extract *r, unsigned level, struct pm_src *src,
                    const unsigned char *pre, size_t npre, struct pm_outcome *o);

/* office.c: character data of an XML stream, with a line break at the end
 * of paragraphs, cells and rows, and nothing between runs of a paragraph. */
struct pm_xmltext;
struct pm_xmltext *pm_xmltext_new(struct pm_extract *r, unsigned level);
/* Returns 0, or -1 if the XML is malformed (what was read still counts). */
int pm_xmltext_feed(struct pm_xmltext *x, const char *data, size_t n, int last);
const char *pm_xmltext_error(const struct pm_xmltext *x);
void pm_xmltext_free(struct pm_xmltext *x);

#endif
