/* dispatch.c — the dispatcher: open a top-level file, type every stream
 * (sniff.c: signatures, else libmagic), let the extractors bid for it (extractor.h), run the winner, and
 * report one item per file or member to the caller's sink.
 *
 * It knows no format: what a type means is each extractor's bid. It never
 * includes an extractor, detect/ or record/; members come back to it through
 * the job's member functions.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "extract/decode.h"
#include "extract/dispatch.h"
#include "extract/extract.h"
#include "extract/extractor.h"
#include "extract/sniff.h"
#include "walk/walk.h"

#define X(name) &pm_ex_##name,
static const struct pm_extractor *const extractors[] = {PM_EXTRACTORS};
#undef X
#define NEXTRACTORS (sizeof extractors / sizeof extractors[0])
_Static_assert(NEXTRACTORS <= 32, "pm_extract_pick's skip mask has 32 bits");

/* State of one nesting level (0 = the top-level file). */
struct level {
    unsigned char *buf;         /* read buffer, bufsz bytes */
    size_t bufsz;               /* PM_READ_BLOCK at level 0, else PM_READ_CHUNK */
    char *dbuf;                 /* decode buffer */
    char name[PM_MEMBER_NAME];  /* member name at this level (level >= 1) */
};

struct pm_extract {
    struct pm_typer *typer;  /* libmagic loaded on the first file typed */
    const struct pm_limits *lim;
    struct pm_sink sink;
    const atomic_int *stop;
    struct pm_budget budget; /* of the current top-level file */
    struct level *lv;        /* nlv levels, allocated on first use */
    unsigned nlv;
    const char **chain;      /* member names, for items */
    uint64_t atime_touched;  /* files opened without O_NOATIME (not ours) */
};

/* ---- lifecycle ------------------------------------------------------------- */

/* Level `level`'s buffers, allocated on first use; NULL if out of memory. */
static struct level *level_get(struct pm_extract *x, unsigned level)
{
    if (level >= x->nlv)
        return NULL;
    struct level *lv = &x->lv[level];
    if (!lv->buf) {
        lv->bufsz = level == 0 ? PM_READ_BLOCK : PM_READ_CHUNK;
        lv->buf = malloc(lv->bufsz);
        lv->dbuf = malloc(pm_decode_bound(PM_READ_CHUNK));
        if (!lv->buf || !lv->dbuf) {
            free(lv->buf);
            free(lv->dbuf);
            memset(lv, 0, sizeof *lv);
            return NULL;
        }
    }
    return lv;
}

struct pm_extract *pm_extract_new(const struct pm_limits *lim, const struct pm_sink *sink,
                                  char *err, size_t errsz)
{
    struct pm_extract *x = calloc(1, sizeof *x);
    if (!x) {
        snprintf(err, errsz, "out of memory");
        return NULL;
    }
    x->lim = lim;
    x->sink = *sink;
    x->nlv = lim->max_depth + 2;
    x->lv = calloc(x->nlv, sizeof *x->lv);
    x->chain = calloc(x->nlv, sizeof *x->chain);
    x->typer = pm_typer_new();
    if (!x->lv || !x->chain || !x->typer || !level_get(x, 0)) {
        snprintf(err, errsz, "out of memory");
        pm_extract_free(x);
        return NULL;
    }
    return x;
}

void pm_extract_free(struct pm_extract *x)
{
    if (!x)
        return;
    pm_typer_free(x->typer);
    for (unsigned i = 0; x->lv && i < x->nlv; i++) {
        free(x->lv[i].buf);
        free(x->lv[i].dbuf);
    }
    free(x->lv);
    free(x->chain);
    free(x);
}

void pm_extract_set_stop(struct pm_extract *x, const atomic_int *stop) { x->stop = stop; }

/* ---- choosing ---------------------------------------------------------------- */

/* Index of the best bidder, NEXTRACTORS if none. */
static size_t pick(const struct pm_probe *p, unsigned skip)
{
    size_t best = NEXTRACTORS;
    int top = PM_BID_NONE;
    for (size_t i = 0; i < NEXTRACTORS; i++) {
        if (skip & (1u << i))
            continue;
        int bid = extractors[i]->bid(p);
        if (bid > top) {
            top = bid;
            best = i;
        }
    }
    return best;
}

const struct pm_extractor *pm_extract_pick(const struct pm_probe *p, unsigned skip)
{
    size_t i = pick(p, skip);
    return i < NEXTRACTORS ? extractors[i] : NULL;
}

/* Runs the best bidder; one that declines passes the stream to the next. */
static void run(struct pm_job *j)
{
    unsigned skip = 0;
    size_t i;
    while ((i = pick(j->probe, skip)) < NEXTRACTORS) {
        if (extractors[i]->scan(j) != PM_EX_DECLINED)
            return;
        skip |= 1u << i;
    }
    /* Text and strings between them bid on everything: not reached. */
    j->o->status = PM_FILE_SKIPPED;
    snprintf(j->o->reason, sizeof j->o->reason, "type %s", j->mime);
}

/* Types the first n bytes: the probe and mime. Returns -1 (reason in o) if
 * libmagic cannot be loaded. */
static int type_stream(struct pm_extract *x, const unsigned char *buf, size_t n,
                       struct pm_probe *p, char *mime, size_t mimesz, struct pm_outcome *o)
{
    /* The encoding, sniffed once: it sizes what libmagic sees, overrules its
     * weakest image guesses (ex_media.c) and drives the text reader.
     * libmagic is loaded when the first file is typed, not before: an
     * unchanged incremental rescan reads no file and should not pay for it. */
    p->enc = pm_sniff_encoding(buf, n, &p->bom);
    if (pm_typer_type(x->typer, buf, n, p->enc, 0, mime, mimesz) != 0) {
        snprintf(o->reason, sizeof o->reason, "%s", mime);
        mime[0] = 0;
        o->status = PM_FILE_ERROR;
        return -1;
    }
    /* ISO 9660 puts its signature at 32 KiB, past what libmagic is shown. */
    if (n > 0x8006 && memcmp(buf + 0x8001, "CD001", 5) == 0)
        snprintf(mime, mimesz, "application/x-iso9660-image");
    p->mime = mime;
    p->head = buf;
    p->nhead = n;
    return 0;
}

/* ---- items --------------------------------------------------------------------- */

/* Hands the finished item at `level` to the sink, with its member chain. */
static void report(struct pm_extract *x, unsigned level, struct pm_item *it)
{
    for (unsigned i = 1; i <= level; i++)
        x->chain[i - 1] = x->lv[i].name;
    it->members = x->chain;
    it->nmembers = level;
    x->sink.end(x->sink.ctx, level, it);
}

static char *member_open(struct pm_job *j);
static void member_read(struct pm_job *j, struct pm_src *src, int64_t mtime);
static void member_skip(struct pm_job *j, enum pm_file_status status, const char *reason,
                        int64_t mtime);

/* Types the stream and reads it as the item at `level` (its name, for
 * levels >= 1, is in x->lv[level].name); reports the item. */
/* The first block of a stream: a top-level file whose size is known is read
 * in one read when it fits (no second read to see the end); *whole says so. */
static long pull_first(struct pm_src *src, unsigned char *buf, size_t n, int *whole)
{
    *whole = 0;
    if (src->size == 0 || src->size >= n)
        return pm_pull_full(src, buf, n);
    size_t want = (size_t)src->size, got = 0;
    while (got < want) {
        long k = src->pull(src->ctx, buf + got, n - got);
        if (k < 0)
            return got ? (long)got : -1;
        if (k == 0)
            return (long)got;
        got += (size_t)k;
    }
    if (got > want) /* it grew: read on to the end as usual */
        return pm_pull_full_more(src, buf, n, got);
    *whole = 1;
    return (long)got;
}

static void dispatch(struct pm_extract *x, unsigned level, struct pm_src *src, int64_t mtime)
{
    struct level *lv = level_get(x, level);
    struct pm_outcome o = {.status = PM_FILE_SCANNED};
    char mime[128] = "";

    /* No level only past max-depth, which pm_budget_member refuses first. */
    if (!lv || x->sink.begin(x->sink.ctx, level) != 0)
        return;
    const char *name = level ? lv->name : src->path;
    int whole;
    long n = pull_first(src, lv->buf, lv->bufsz, &whole);
    if (n < 0) {
        o.status = PM_FILE_ERROR;
        snprintf(o.reason, sizeof o.reason, "%s", src->err[0] ? src->err : "read error");
    } else {
        o.bytes = (uint64_t)n;
        struct pm_probe p = {.name = name, .level = level, .on_disk = src->path && src->fd >= 0,
                             .whole = whole};
        if (type_stream(x, lv->buf, (size_t)n, &p, mime, sizeof mime, &o) == 0) {
            struct pm_job j = {.probe = &p, .level = level, .name = name, .src = src,
                               .buf = lv->buf, .bufsz = lv->bufsz, .dbuf = lv->dbuf, .mime = mime,
                               .mimesz = sizeof mime, .o = &o, .budget = &x->budget,
                               .lim = x->lim, .stop = x->stop, .sink = &x->sink,
                               .dispatcher = x, .member_open = member_open,
                               .member_read = member_read, .member_skip = member_skip};
            run(&j);
        }
    }
    struct pm_item it = {.status = o.status, .reason = o.reason, .mime = mime[0] ? mime : NULL,
                         .encoding = o.encoding, .bytes = o.bytes, .mtime = mtime};
    report(x, level, &it);
}

static char *member_open(struct pm_job *j)
{
    struct pm_extract *x = j->dispatcher;
    struct level *child = level_get(x, j->level + 1);
    if (!child || pm_budget_member(&x->budget, j->level + 1) != 0)
        return NULL;
    return child->name;
}

static void member_read(struct pm_job *j, struct pm_src *src, int64_t mtime)
{
    dispatch(j->dispatcher, j->level + 1, src, mtime);
}

static void member_skip(struct pm_job *j, enum pm_file_status status, const char *reason,
                        int64_t mtime)
{
    struct pm_extract *x = j->dispatcher;
    if (x->sink.begin(x->sink.ctx, j->level + 1) != 0)
        return;
    struct pm_item it = {.status = status, .reason = reason, .mtime = mtime};
    report(x, j->level + 1, &it);
}

/* ---- top-level files ---------------------------------------------------------- */

struct fd_ctx {
    int fd;
    struct pm_src *src;
};

static long fd_pull(void *ctx, void *buf, size_t n)
{
    struct fd_ctx *f = ctx;
    for (;;) {
        ssize_t k = read(f->fd, buf, n);
        if (k >= 0)
            return (long)k;
        if (errno != EINTR) {
            snprintf(f->src->err, sizeof f->src->err, "read: %s", strerror(errno));
            return -1;
        }
    }
}

/* A top-level file that is not read: one item, no text. */
static void report_unread(struct pm_extract *x, enum pm_file_status status, const char *reason)
{
    if (x->sink.begin(x->sink.ctx, 0) != 0)
        return;
    struct pm_item it = {.status = status, .reason = reason};
    report(x, 0, &it);
}

uint64_t pm_extract_atime_touched(const struct pm_extract *x) { return x->atime_touched; }

void pm_extract_file(struct pm_extract *x, const char *path, const struct stat *st, int follow)
{
    int flags = O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK | O_NOATIME |
                (follow ? 0 : O_NOFOLLOW);
    struct pm_src src = {.fd = -1, .path = path};
    struct fd_ctx fc = {-1, &src};
    char reason[300];

    pm_budget_start(&x->budget, x->lim);
    int fd = pm_open_long(path, flags);
    if (fd < 0 && errno == EPERM) { /* O_NOATIME needs ownership */
        fd = pm_open_long(path, flags & ~O_NOATIME);
        x->atime_touched += fd >= 0;
    }
    if (fd < 0) {
        snprintf(reason, sizeof reason, "open: %s",
                 errno == ELOOP ? "is a symlink" : strerror(errno));
        report_unread(x, PM_FILE_ERROR, reason);
        return;
    }
    struct stat now;
    if (fstat(fd, &now) != 0 || !S_ISREG(now.st_mode) || now.st_dev != st->st_dev ||
        now.st_ino != st->st_ino) {
        report_unread(x, PM_FILE_SKIPPED, "replaced during scan");
        close(fd);
        return;
    }
    /* O_NONBLOCK has no effect on regular files (open(2)): it is left set
     * rather than cleared with two more system calls per file. A file read
     * in one block needs no read-ahead advice. */
    if ((uint64_t)now.st_size > PM_READ_BLOCK)
        (void)posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
    fc.fd = fd;
    src.fd = fd;
    src.size = now.st_size > 0 ? (uint64_t)now.st_size : 0;
    src.pull = fd_pull;
    src.ctx = &fc;
    dispatch(x, 0, &src, 0);
    close(fd);
}
