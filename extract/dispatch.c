/* source.c — the dispatcher: open a top-level file, type every stream with
 * libmagic, route it to its extractor, and report one item per file or member.
 *
 * Routing (classify): media is skipped; archives and compressed files go to
 * libarchive (archive.c); OOXML/ODF to the office extractor; PDF, e-mail and
 * SQLite to theirs; anything else is text (decode.c), or, when it is binary,
 * its printable ASCII and UTF-16 runs.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "extract/decode.h"
#include "extract/mail/mime.h"
#include "extract/pdf/pdf.h"
#include "extract/extract_int.h"
#include "walk/walk.h"

/* Bytes shown to libmagic: binary formats put their signatures in the first
 * few KiB; for text its regex tests are the slowest part of a scan and the
 * first KiB tells html, xml, mail or a script apart as well as eight do. */
#define PM_MAGIC_BYTES 8192u
#define PM_MAGIC_TEXT_BYTES 1024u

enum kind { K_TEXT, K_MEDIA, K_ARCHIVE, K_OFFICE, K_PDF, K_MAIL, K_SQLITE };

/* ---- reader lifecycle ---------------------------------------------------- */

struct pm_extract *pm_extract_new(const struct pm_limits *lim, const struct pm_sink *sink,
                                  char *err, size_t errsz)
{
    struct pm_extract *r = calloc(1, sizeof *r);
    if (!r) {
        snprintf(err, errsz, "out of memory");
        return NULL;
    }
    r->lim = lim;
    r->sink = *sink;
    r->nlv = lim->max_depth + 2;
    r->lv = calloc(r->nlv, sizeof *r->lv);
    r->chain = calloc(r->nlv, sizeof *r->chain);
    if (!r->lv || !r->chain) {
        snprintf(err, errsz, "out of memory");
        pm_extract_free(r);
        return NULL;
    }
    if (!pm_level_get(r, 0)) {
        snprintf(err, errsz, "out of memory");
        pm_extract_free(r);
        return NULL;
    }
    return r;
}

void pm_extract_free(struct pm_extract *r)
{
    if (!r)
        return;
    if (r->magic)
        magic_close(r->magic);
    for (unsigned i = 0; r->lv && i < r->nlv; i++) {
        free(r->lv[i].buf);
        free(r->lv[i].dbuf);
    }
    free(r->lv);
    free(r->chain);
    free(r);
}

void pm_extract_set_stop(struct pm_extract *r, const atomic_int *stop) { r->stop = stop; }

/* libmagic's database is loaded when the first file is read, not before: an
 * unchanged incremental rescan reads no file and should not pay for it. */
static magic_t reader_magic(struct pm_extract *r, char *err, size_t errsz)
{
    if (r->magic)
        return r->magic;
    magic_t m = magic_open(MAGIC_MIME_TYPE | MAGIC_ERROR | MAGIC_NO_CHECK_COMPRESS |
                           MAGIC_NO_CHECK_ELF);
    if (!m || magic_load(m, NULL) != 0) {
        snprintf(err, errsz, "libmagic: cannot load the magic database: %s",
                 m && magic_error(m) ? magic_error(m) : "out of memory");
        if (m)
            magic_close(m);
        return NULL;
    }
    return r->magic = m;
}

struct pm_level *pm_level_get(struct pm_extract *r, unsigned level)
{
    if (level >= r->nlv)
        return NULL;
    struct pm_level *lv = &r->lv[level];
    if (!lv->buf) {
        lv->buf = malloc(PM_READ_CHUNK);
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

int pm_extract_halted(const struct pm_extract *r)
{
    return (r->stop && atomic_load(r->stop)) || r->budget.hit[0];
}

void pm_outcome_partial(struct pm_outcome *o, const char *fmt, ...)
{
    if (o->status == PM_FILE_PARTIAL || o->status == PM_FILE_ERROR)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(o->reason, sizeof o->reason, fmt, ap);
    va_end(ap);
    o->status = PM_FILE_PARTIAL;
}

void pm_level_text(struct pm_extract *r, unsigned level, const char *text, size_t n)
{
    r->sink.text(r->sink.ctx, level, text, n);
}

/* ---- typing --------------------------------------------------------------- */

static int has_ext(const char *name, const char *const *exts)
{
    const char *dot = name ? strrchr(name, '.') : NULL;
    if (!dot)
        return 0;
    for (; *exts; exts++)
        if (strcasecmp(dot + 1, *exts) == 0)
            return 1;
    return 0;
}

static enum kind classify(const char *mime, const char *name)
{
    static const char *const archives[] = {
        "application/zip", "application/x-zip-compressed", "application/java-archive",
        "application/x-tar", "application/gzip", "application/x-gzip", "application/x-bzip2",
        "application/x-xz", "application/zstd", "application/x-zstd",
        "application/x-7z-compressed", "application/x-rar", "application/vnd.rar",
        "application/x-rar-compressed", "application/x-cpio", "application/x-iso9660-image",
        "application/x-lz4", "application/x-lzma", "application/x-lzip", "application/x-compress",
        "application/vnd.ms-cab-compressed", "application/x-archive", "application/x-xar",
        "application/x-lha", "application/x-lzh-compressed", NULL};
    static const char *const office_ext[] = {"docx", "docm", "dotx", "xlsx", "xlsm", "xltx",
                                              "pptx", "pptm", "ppsx", "potx", "odt", "ods",
                                              "odp", "odg", "ott", "ots", "otp", NULL};
    static const char *const mail_ext[] = {"eml", "mbox", "mbx", NULL};

    if (strncmp(mime, "image/", 6) == 0 || strncmp(mime, "audio/", 6) == 0 ||
        strncmp(mime, "video/", 6) == 0 || strncmp(mime, "font/", 5) == 0)
        return K_MEDIA;
    if (strstr(mime, "openxmlformats-officedocument") || strstr(mime, "opendocument") ||
        strstr(mime, "ms-word.document.macro") || strstr(mime, "ms-excel.sheet.macro") ||
        strstr(mime, "ms-powerpoint.presentation.macro"))
        return K_OFFICE;
    for (const char *const *a = archives; *a; a++)
        if (strcmp(mime, *a) == 0)
            return strcmp(mime, "application/zip") == 0 && has_ext(name, office_ext) ? K_OFFICE
                                                                                     : K_ARCHIVE;
    if (strcmp(mime, "application/pdf") == 0)
        return K_PDF;
    if (strcmp(mime, "message/rfc822") == 0 || strcmp(mime, "application/mbox") == 0 ||
        (strncmp(mime, "text/", 5) == 0 && has_ext(name, mail_ext)))
        return K_MAIL;
    if (strcmp(mime, "application/vnd.sqlite3") == 0 || strcmp(mime, "application/x-sqlite3") == 0)
        return K_SQLITE;
    return K_TEXT;
}

/* A document libmagic only knew as a zip gets its real type from its name. */
static void office_mime(const char *name, char *mime, size_t mimesz)
{
    static const char *const map[][2] = {
        {"docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
        {"xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
        {"pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation"},
        {"odt", "application/vnd.oasis.opendocument.text"},
        {"ods", "application/vnd.oasis.opendocument.spreadsheet"},
        {"odp", "application/vnd.oasis.opendocument.presentation"},
    };
    const char *dot = name ? strrchr(name, '.') : NULL;
    if (strcmp(mime, "application/zip") != 0 || !dot)
        return;
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (strcasecmp(dot + 1, map[i][0]) == 0)
            snprintf(mime, mimesz, "%s", map[i][1]);
}

/* ---- pulling ---------------------------------------------------------------- */

static long pull_full(struct pm_src *src, unsigned char *buf, size_t n)
{
    size_t got = 0;
    while (got < n) {
        long k = src->pull(src->ctx, buf + got, n - got);
        if (k < 0)
            return got ? (long)got : -1;
        if (k == 0)
            break;
        got += (size_t)k;
    }
    return (long)got;
}

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

/* ---- text, binary strings ----------------------------------------------------- */

/* Printable ASCII runs of 4 or more bytes, and UTF-16LE runs (printable byte,
 * zero byte) of 4 or more characters, each run ending in a newline. State
 * carries across pieces. */
struct strings {
    char a[4];        /* first bytes of the current ASCII run, until it is long enough */
    size_t alen;      /* length of the current ASCII run */
    char u[4];
    size_t ulen;      /* characters in the current UTF-16 run */
    int uphase;       /* 1: a printable byte was seen, a zero byte must follow */
    char uc;          /* that printable byte */
};

static int printable(unsigned char c) { return (c >= 0x20 && c < 0x7f) || c == '\t'; }

static size_t strings_run(struct strings *s, const unsigned char *in, size_t n, char *out)
{
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = in[i];
        /* ASCII */
        if (printable(c)) {
            if (s->alen < 4) {
                s->a[s->alen] = (char)c;
                if (s->alen == 3) {
                    memcpy(out + o, s->a, 4);
                    o += 4;
                }
            } else {
                out[o++] = (char)c;
            }
            s->alen++;
        } else {
            if (s->alen >= 4)
                out[o++] = '\n';
            s->alen = 0;
        }
        /* UTF-16LE */
        if (s->uphase && c == 0) {
            if (s->ulen < 4) {
                s->u[s->ulen] = s->uc;
                if (s->ulen == 3) {
                    memcpy(out + o, s->u, 4);
                    o += 4;
                }
            } else {
                out[o++] = s->uc;
            }
            s->ulen++;
            s->uphase = 0;
        } else {
            if (s->uphase || !printable(c)) {
                if (s->ulen >= 4)
                    out[o++] = '\n';
                s->ulen = 0;
            }
            s->uphase = printable(c);
            s->uc = (char)c;
        }
    }
    return o;
}

/* Plain text or binary strings from the first block and the rest of src. */
static void scan_text(struct pm_extract *r, unsigned level, struct pm_src *src, long n,
                      enum pm_encoding enc, size_t bom, struct pm_outcome *o, char *mime,
                      size_t mimesz)
{
    struct pm_level *lv = &r->lv[level];
    struct pm_decoder dec;
    struct strings st = {0};
    /* libmagic does not know UTF-16 without a byte-order mark: it is text. */
    if ((enc == PM_ENC_UTF16LE || enc == PM_ENC_UTF16BE) && strncmp(mime, "text/", 5) != 0)
        snprintf(mime, mimesz, "text/plain");
    int binary = enc == PM_ENC_BINARY;
    o->encoding = binary ? "binary-strings" : pm_encoding_name(enc);
    pm_decoder_init(&dec, enc);
    size_t off = bom;
    while (n > 0) {
        size_t dn = binary ? strings_run(&st, lv->buf + off, (size_t)n - off, lv->dbuf)
                           : pm_decode(&dec, lv->buf + off, (size_t)n - off, lv->dbuf);
        pm_level_text(r, level, lv->dbuf, dn);
        off = 0;
        (void)pm_budget_charge(&r->budget, level, 0, 0, 0); /* the time limit */
        if (pm_extract_halted(r)) {
            pm_outcome_partial(o, "%s after %llu bytes",
                               r->budget.hit[0] ? r->budget.hit : "interrupted",
                               (unsigned long long)o->bytes);
            break;
        }
        n = pull_full(src, lv->buf, PM_READ_CHUNK);
        if (n < 0) {
            pm_outcome_partial(o, "%s after %llu bytes", src->err[0] ? src->err : "read error",
                               (unsigned long long)o->bytes);
            break;
        }
        o->bytes += (uint64_t)n;
    }
    if (binary && (st.alen >= 4 || st.ulen >= 4))
        pm_level_text(r, level, "\n", 1);
}

/* ---- SQLite --------------------------------------------------------------- */

/* file: URI of a path, percent-encoding what a URI may not hold as is. */
static int sqlite_uri(const char *path, char *out, size_t outsz)
{
    size_t o = 0;
    o += (size_t)snprintf(out, outsz, "file:");
    for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
        if (o + 4 >= outsz)
            return -1;
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
            strchr("/-_.~", *p))
            out[o++] = (char)*p;
        else
            o += (size_t)snprintf(out + o, outsz - o, "%%%02X", *p);
    }
    return snprintf(out + o, outsz - o, "?mode=ro&immutable=1") < (int)(outsz - o) ? 0 : -1;
}

/* Every text and number value of every table, one per line. The database is
 * opened read-only and immutable: SQLite neither writes nor locks it, and no
 * -wal or -shm file appears beside it. Returns -1 if it is not readable as a
 * database (the caller falls back to binary strings). */
static int scan_sqlite(struct pm_extract *r, unsigned level, const char *path,
                       struct pm_outcome *o)
{
    struct pm_level *lv = &r->lv[level];
    char uri[8192];
    sqlite3 *db = NULL;
    sqlite3_stmt *tables = NULL, *rows = NULL;
    int rc = -1;
    if (sqlite_uri(path, uri, sizeof uri) != 0 ||
        sqlite3_open_v2(uri, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX,
                        NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(db, "SELECT name FROM sqlite_master WHERE type='table'", -1, &tables,
                           NULL) != SQLITE_OK)
        goto done;
    rc = 0;
    while (sqlite3_step(tables) == SQLITE_ROW && !pm_extract_halted(r)) {
        const char *t = (const char *)sqlite3_column_text(tables, 0);
        char sql[1200], quoted[1100];
        size_t q = 0;
        for (const char *p = t; p && *p && q + 3 < sizeof quoted; p++) {
            if (*p == '"')
                quoted[q++] = '"';
            quoted[q++] = *p;
        }
        quoted[q] = '\0';
        snprintf(sql, sizeof sql, "SELECT * FROM \"%s\"", quoted);
        if (sqlite3_prepare_v2(db, sql, -1, &rows, NULL) != SQLITE_OK) {
            pm_outcome_partial(o, "table %s: %s", t, sqlite3_errmsg(db));
            continue;
        }
        pm_level_text(r, level, t, strlen(t));
        pm_level_text(r, level, "\n", 1);
        int s;
        while ((s = sqlite3_step(rows)) == SQLITE_ROW && !pm_extract_halted(r)) {
            for (int c = 0; c < sqlite3_column_count(rows); c++) {
                int ty = sqlite3_column_type(rows, c);
                if (ty == SQLITE_NULL || ty == SQLITE_FLOAT)
                    continue;
                const char *v = (const char *)sqlite3_column_text(rows, c);
                size_t vn = (size_t)sqlite3_column_bytes(rows, c);
                if (ty == SQLITE_BLOB) {
                    struct strings st = {0};
                    size_t k = 0;
                    while (k < vn) {
                        size_t part = vn - k < PM_READ_CHUNK ? vn - k : PM_READ_CHUNK;
                        size_t dn = strings_run(&st, (const unsigned char *)v + k, part, lv->dbuf);
                        pm_level_text(r, level, lv->dbuf, dn);
                        k += part;
                    }
                } else if (v) {
                    pm_level_text(r, level, v, vn);
                }
                pm_level_text(r, level, "\n", 1);
                o->bytes += vn + 1;
            }
        }
        if (s != SQLITE_DONE && s != SQLITE_ROW)
            pm_outcome_partial(o, "table %s: %s", t, sqlite3_errmsg(db));
        sqlite3_finalize(rows);
        rows = NULL;
    }
    o->encoding = "sqlite";
done:
    sqlite3_finalize(rows);
    sqlite3_finalize(tables);
    sqlite3_close(db);
    return rc;
}

/* ---- PDF ---------------------------------------------------------------------- */

struct pdf_emit {
    struct pm_extract *r;
    unsigned level;
};

static void pdf_text(void *ctx, const char *text, size_t len)
{
    struct pdf_emit *e = ctx;
    pm_level_text(e->r, e->level, text, len);
}

/* Inflated PDF streams count against the file's budget like archives do;
 * the ratio is not applied (a content stream compresses very well). */
static int pdf_charge(void *ctx, uint64_t more)
{
    struct pdf_emit *e = ctx;
    return pm_budget_charge(&e->r->budget, e->level, more, 0, 0) || pm_extract_halted(e->r);
}

static void scan_pdf(struct pm_extract *r, unsigned level, struct pm_src *src, long n,
                     struct pm_outcome *o)
{
    struct pm_level *lv = &r->lv[level];
    struct pdf_emit e = {r, level};
    struct pm_pdf *p = pm_pdf_new(pdf_text, &e);
    if (!p) {
        o->status = PM_FILE_ERROR;
        snprintf(o->reason, sizeof o->reason, "out of memory");
        return;
    }
    pm_pdf_set_budget(p, pdf_charge, &e);
    o->encoding = "pdf";
    while (n > 0) {
        pm_pdf_feed(p, lv->buf, (size_t)n);
        if (pm_extract_halted(r)) {
            pm_outcome_partial(o, "%s", r->budget.hit[0] ? r->budget.hit : "interrupted");
            break;
        }
        n = pull_full(src, lv->buf, PM_READ_CHUNK);
        if (n < 0) {
            pm_outcome_partial(o, "%s", src->err[0] ? src->err : "read error");
            break;
        }
        o->bytes += (uint64_t)n;
    }
    pm_pdf_finish(p);
    if (pm_pdf_stream_errors(p))
        pm_outcome_partial(o, "%llu of %llu PDF streams could not be decoded",
                           (unsigned long long)pm_pdf_stream_errors(p),
                           (unsigned long long)(pm_pdf_streams(p) + pm_pdf_stream_errors(p)));
    pm_pdf_free(p);
}

/* ---- e-mail ----------------------------------------------------------------------- */

/* The mail parser pulls the rest of the message: the first block, then src. */
struct prefixed {
    const unsigned char *pre;
    size_t npre, pos;
    struct pm_src *src;
    uint64_t *bytes;
};

static long prefixed_pull(void *ctx, void *buf, size_t n)
{
    struct prefixed *p = ctx;
    if (p->pos < p->npre) {
        size_t k = p->npre - p->pos < n ? p->npre - p->pos : n;
        memcpy(buf, p->pre + p->pos, k);
        p->pos += k;
        return (long)k;
    }
    long k = p->src->pull(p->src->ctx, buf, n);
    if (k > 0)
        *p->bytes += (uint64_t)k;
    return k;
}

struct part_ctx {
    struct pm_mime *m;
};

static long part_pull(void *ctx, void *buf, size_t n)
{
    struct part_ctx *p = ctx;
    return pm_mime_read(p->m, buf, n);
}

static void scan_mail(struct pm_extract *r, unsigned level, struct pm_src *src, long n,
                      struct pm_outcome *o)
{
    struct pm_level *lv = &r->lv[level];
    /* The first block is copied: members dispatched below reuse no buffer of
     * this level, but the parser keeps reading from this one. */
    unsigned char *pre = malloc((size_t)n);
    struct prefixed pf = {pre, (size_t)n, 0, src, &o->bytes};
    struct pm_mime *m = pre ? pm_mime_new(prefixed_pull, &pf) : NULL;
    struct pm_mime_part part;
    unsigned attachments = 0;
    char tbuf[16384];
    if (!m) {
        free(pre);
        o->status = PM_FILE_ERROR;
        snprintf(o->reason, sizeof o->reason, "out of memory");
        return;
    }
    memcpy(pre, lv->buf, (size_t)n);
    o->encoding = "mime";
    int rc;
    while ((rc = pm_mime_next(m, &part)) == 1 && !pm_extract_halted(r)) {
        if (part.kind == PM_MIME_ATTACHMENT) {
            struct pm_level *child = pm_level_get(r, level + 1);
            if (!child || pm_budget_member(&r->budget, level + 1) != 0)
                break;
            attachments++;
            if (part.filename[0])
                snprintf(child->name, sizeof child->name, "%s", part.filename);
            else
                snprintf(child->name, sizeof child->name, "message %u attachment %u (%s)",
                         part.message, attachments, part.content_type);
            struct part_ctx pc = {m};
            struct pm_src ps = {.pull = part_pull, .ctx = &pc, .fd = -1};
            pm_dispatch(r, level + 1, &ps, 0);
            continue;
        }
        long k;
        while ((k = pm_mime_read(m, tbuf, sizeof tbuf)) > 0) {
            pm_level_text(r, level, tbuf, (size_t)k);
            if (pm_budget_charge(&r->budget, level, (uint64_t)k, 0, 0) != 0)
                break;
        }
        pm_level_text(r, level, "\n", 1);
    }
    if (rc < 0)
        pm_outcome_partial(o, "malformed e-mail: %s", pm_mime_error(m));
    if (pm_extract_halted(r))
        pm_outcome_partial(o, "%s", r->budget.hit[0] ? r->budget.hit : "interrupted");
    pm_mime_free(m);
    free(pre);
}

/* ---- dispatch ---------------------------------------------------------------------- */

void pm_dispatch(struct pm_extract *r, unsigned level, struct pm_src *src, int64_t mtime)
{
    struct pm_level *lv = pm_level_get(r, level);
    struct pm_outcome o = {.status = PM_FILE_SCANNED};
    char mime[128] = "";
    const char *name = level ? lv->name : src->path;

    if (!lv) {
        /* Only past max-depth, which pm_budget_member refuses first. */
        return;
    }
    if (r->sink.begin(r->sink.ctx, level) != 0)
        return;
    long n = pull_full(src, lv->buf, PM_READ_CHUNK);
    if (n < 0) {
        o.status = PM_FILE_ERROR;
        snprintf(o.reason, sizeof o.reason, "%s", src->err[0] ? src->err : "read error");
        goto report;
    }
    o.bytes = (uint64_t)n;
    /* The encoding, sniffed once: it sizes what libmagic sees, overrules its
     * weakest image guesses and drives the text reader. */
    size_t bom = 0;
    enum pm_encoding enc = pm_sniff_encoding(lv->buf, (size_t)n, &bom);
    size_t show = enc == PM_ENC_BINARY ? PM_MAGIC_BYTES : PM_MAGIC_TEXT_BYTES;
    /* A cut in the middle of a UTF-8 sequence would read as binary: back off. */
    while (show < (size_t)n && show > PM_MAGIC_TEXT_BYTES - 4 && (lv->buf[show] & 0xC0) == 0x80)
        show--;
    magic_t mg = reader_magic(r, o.reason, sizeof o.reason);
    if (!mg) {
        o.status = PM_FILE_ERROR;
        goto report;
    }
    const char *m = magic_buffer(mg, lv->buf, (size_t)n < show ? (size_t)n : show);
    snprintf(mime, sizeof mime, "%s", m ? m : "application/octet-stream");
    /* ISO 9660 puts its signature at 32 KiB, past what libmagic is shown. */
    if (n > 0x8006 && memcmp(lv->buf + 0x8001, "CD001", 5) == 0)
        snprintf(mime, sizeof mime, "application/x-iso9660-image");
    enum kind k = classify(mime, name);
    /* libmagic's weakest image tests (TGA) also fire on UTF-16 text without a
     * byte-order mark: the zero-byte pattern wins. */
    if (k == K_MEDIA && (enc == PM_ENC_UTF16LE || enc == PM_ENC_UTF16BE))
        k = K_TEXT;
    switch (k) {
    case K_MEDIA:
        o.status = PM_FILE_SKIPPED;
        snprintf(o.reason, sizeof o.reason, "type %s", mime);
        break;
    case K_ARCHIVE:
        pm_archive_scan(r, level, src, lv->buf, (size_t)n, &o);
        break;
    case K_OFFICE:
        office_mime(name, mime, sizeof mime);
        pm_office_scan(r, level, src, lv->buf, (size_t)n, &o);
        break;
    case K_PDF:
        scan_pdf(r, level, src, n, &o);
        break;
    case K_MAIL:
        scan_mail(r, level, src, n, &o);
        break;
    case K_SQLITE:
        if (src->path && src->fd >= 0 && scan_sqlite(r, level, src->path, &o) == 0)
            break;
        /* Not openable as a database: read its printable runs instead. */
        scan_text(r, level, src, n, enc, bom, &o, mime, sizeof mime);
        break;
    case K_TEXT:
        scan_text(r, level, src, n, enc, bom, &o, mime, sizeof mime);
        break;
    }
report:;
    for (unsigned i = 1; i <= level; i++)
        r->chain[i - 1] = r->lv[i].name;
    struct pm_item it = {.members = r->chain, .nmembers = level, .status = o.status,
                         .reason = o.reason, .mime = mime[0] ? mime : NULL,
                         .encoding = o.encoding, .bytes = o.bytes, .mtime = mtime};
    r->sink.end(r->sink.ctx, level, &it);
}

void pm_extract_file(struct pm_extract *r, const char *path, const struct stat *st, int follow)
{
    int flags = O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK | O_NOATIME |
                (follow ? 0 : O_NOFOLLOW);
    struct pm_src src = {.fd = -1, .path = path};
    struct fd_ctx fc = {-1, &src};
    const char *chain[1] = {NULL};
    struct pm_item it = {.members = chain, .status = PM_FILE_ERROR};
    char reason[300];

    pm_budget_start(&r->budget, r->lim);
    int fd = pm_open_long(path, flags);
    if (fd < 0 && errno == EPERM) /* O_NOATIME needs ownership */
        fd = pm_open_long(path, flags & ~O_NOATIME);
    if (fd < 0) {
        snprintf(reason, sizeof reason, "open: %s",
                 errno == ELOOP ? "is a symlink" : strerror(errno));
        it.reason = reason;
        if (r->sink.begin(r->sink.ctx, 0) == 0)
            r->sink.end(r->sink.ctx, 0, &it);
        return;
    }
    struct stat now;
    if (fstat(fd, &now) != 0 || !S_ISREG(now.st_mode) || now.st_dev != st->st_dev ||
        now.st_ino != st->st_ino) {
        it.status = PM_FILE_SKIPPED;
        it.reason = "replaced during scan";
        if (r->sink.begin(r->sink.ctx, 0) == 0)
            r->sink.end(r->sink.ctx, 0, &it);
        close(fd);
        return;
    }
    /* Regular files ignore O_NONBLOCK; clear it anyway for clarity. */
    (void)fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    (void)posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
    fc.fd = fd;
    src.fd = fd;
    src.pull = fd_pull;
    src.ctx = &fc;
    pm_dispatch(r, 0, &src, 0);
    close(fd);
}
