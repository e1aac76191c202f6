/* ex_ole.c — legacy Office files, OLE2 compound files (cfb.h): Excel
 * 97-2003 workbooks (the `Workbook` or `Book` stream, xls.h) as tables and
 * Word 97-2003 documents (`WordDocument` with its table stream, doc.h) as
 * text, one item each.
 *
 * libmagic names such files application/x-ole-storage, CDFV2,
 * vnd.ms-excel or msword depending on their producer, so the bid is on the
 * signature and on the streams the directory names (when the directory is
 * in the first block), not on the MIME type; the MIME type libmagic gave is
 * recorded as it is. Streams are sector chains scattered over the file, so
 * the file (or member) is held in memory, up to pm_buffer_cap(); a larger
 * one, an unreadable one, or one with no such stream is read as its
 * printable runs, as the strings extractor would, and the item says why.
 * Encrypted workbooks and documents are an error, not read.
 *
 * Never writes; never holds more than the cap plus the stream it reads.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "extract/cfb.h"
#include "extract/doc.h"
#include "extract/extractor.h"
#include "extract/xls.h"

static const char *const streams[] = {"Workbook", "Book", "WordDocument", NULL};
static const char *const ole_ext[] = {"xls", "xlt", "doc", "dot", NULL};

/* 1 if a directory entry in head[0..n) (128-byte entries in the sectors
 * after the 512-byte header) is named one of the streams read here. */
static int names_stream(const unsigned char *head, size_t n)
{
    for (size_t o = 512; o + 128 <= n; o += 128) {
        const unsigned char *e = head + o;
        size_t nb = (size_t)(e[64] | e[65] << 8);
        if (e[66] != 2 || nb < 4 || nb > 64)
            continue;
        for (const char *const *s = streams; *s; s++) {
            size_t len = strlen(*s), i = 0;
            if (nb / 2 - 1 != len)
                continue;
            while (i < len && e[2 * i] == (unsigned char)(*s)[i] && e[2 * i + 1] == 0)
                i++;
            if (i == len)
                return 1;
        }
    }
    return 0;
}

static int ole_bid(const struct pm_probe *p)
{
    if (p->nhead < 512 || memcmp(p->head, PM_CFB_MAGIC, 8) != 0)
        return PM_BID_NONE;
    if (names_stream(p->head, p->nhead))
        return PM_BID_TYPE;
    /* The directory may lie past the first block: trust the type or name. */
    size_t block = p->level == 0 ? PM_READ_BLOCK : PM_READ_CHUNK;
    const char *m = p->mime;
    if (!p->whole && p->nhead == block &&
        (strstr(m, "ms-excel") || strstr(m, "msword") || strstr(m, "CDFV2") ||
         strstr(m, "ole-storage") || pm_name_has_ext(p->name, ole_ext)))
        return PM_BID_TYPE;
    return PM_BID_NONE;
}

/* ---- the file's printable runs, when it cannot be read as a document ----- */

static void strings_of(struct pm_job *j, struct pm_strings *st, const unsigned char *d, size_t n)
{
    for (size_t k = 0; k < n;) {
        size_t part = n - k < PM_READ_CHUNK ? n - k : PM_READ_CHUNK;
        pm_emit(j, j->dbuf, pm_strings_run(st, d + k, part, j->dbuf));
        k += part;
    }
}

/* data[0..n) (what was buffered), then the rest of the stream when more = 1,
 * as the strings extractor reads them; the reason, if any, goes into the
 * outcome. */
static void as_strings(struct pm_job *j, const unsigned char *d, size_t n, int more,
                       const char *why)
{
    struct pm_strings st = {0};
    j->o->encoding = "binary-strings";
    pm_emit_binary(j);
    strings_of(j, &st, d, n);
    long k;
    while (more && !pm_job_stopped(j) && (k = pm_pull_full(j->src, j->buf, j->bufsz)) > 0) {
        j->o->bytes += (uint64_t)k;
        strings_of(j, &st, j->buf, (size_t)k);
    }
    if (pm_strings_open(&st))
        pm_emit(j, "\n", 1);
    if (why) /* NULL: no document in it (an e-mail with a .doc attached): as before */
        pm_outcome_partial(j->o, "%s: read as binary strings", why);
}

/* ---- reading -------------------------------------------------------------------- */

/* The whole stream in memory: the first block, then the rest, up to cap.
 * Returns the buffer (malloc'd; *n bytes) with *over = 0, or, over the cap,
 * what was read with *over = 1; NULL if out of memory or unreadable. */
static unsigned char *buffer_all(struct pm_job *j, size_t cap, size_t *n, int *over)
{
    size_t got = j->probe->nhead, room = got * 2 + PM_READ_CHUNK;
    room = room < cap ? room : cap > got ? cap : got; /* a stream of cap bytes is over */
    unsigned char *b = malloc(room ? room : 1);
    *over = 0;
    if (!b)
        return NULL;
    memcpy(b, j->probe->head, got);
    for (;;) {
        if (got == room) {
            if (room >= cap) {
                *over = 1;
                break;
            }
            size_t nr = room * 2 < cap ? room * 2 : cap;
            unsigned char *nb = realloc(b, nr);
            if (!nb) {
                free(b);
                return NULL;
            }
            b = nb;
            room = nr;
        }
        long k = pm_pull_full(j->src, b + got, room - got);
        if (k < 0) {
            pm_outcome_partial(j->o, "%s", j->src->err[0] ? j->src->err : "read error");
            break;
        }
        if (k == 0)
            break;
        got += (size_t)k;
        j->o->bytes += (uint64_t)k;
        if (pm_job_stopped(j))
            break;
    }
    *n = got;
    return b;
}

/* A stream of the compound file, read whole; NULL (reason in err) if not. */
static unsigned char *stream(const struct pm_cfb *c, const char *name, size_t *n, char *err,
                             size_t errsz)
{
    unsigned char *s = NULL;
    int e = pm_cfb_find(c, name);
    if (e < 0) {
        snprintf(err, errsz, "no %s stream", name);
        return NULL;
    }
    return pm_cfb_read(c, e, c->n, &s, n, err, errsz) == 0 ? s : NULL;
}

/* The document in the compound file: 0 if read (the outcome says how),
 * -1 with a reason in err if it is to be read as strings instead. */
static int read_document(struct pm_job *j, const struct pm_cfb *c, char *err, size_t errsz)
{
    size_t n = 0, nt = 0;
    unsigned char *s;
    int rc, word = pm_cfb_find(c, "WordDocument") >= 0;
    if (word) {
        s = stream(c, "WordDocument", &n, err, errsz);
        if (!s)
            return -1;
        /* which table stream holds the piece table: a flag of the FIB */
        const char *tname = n > 11 && (s[11] & 0x02) ? "1Table" : "0Table";
        unsigned char *t = stream(c, tname, &nt, err, errsz);
        j->o->encoding = "word97";
        rc = pm_doc_read(j, s, n, t, t ? nt : 0, err, errsz);
        free(t);
    } else {
        s = stream(c, pm_cfb_find(c, "Workbook") >= 0 ? "Workbook" : "Book", &n, err, errsz);
        if (!s)
            return -1;
        j->o->encoding = "biff";
        rc = pm_xls_read(j, s, n, err, errsz);
    }
    free(s);
    if (rc == PM_OLE_ENCRYPTED) {
        j->o->status = PM_FILE_ERROR;
        snprintf(j->o->reason, sizeof j->o->reason, "%s", err);
        return 0;
    }
    if (rc != 0)
        return -1;
    if (err[0])
        pm_outcome_partial(j->o, "%s", err);
    return 0;
}

static int ole_scan(struct pm_job *j)
{
    uint64_t cap = pm_buffer_cap(j->lim);
    char why[200];
    if (j->src->size > cap) { /* known too big: not buffered at all */
        snprintf(why, sizeof why, "OLE2 file of %llu bytes over the %llu bytes held in memory",
                 (unsigned long long)j->src->size, (unsigned long long)cap);
        as_strings(j, j->probe->head, j->probe->nhead, !j->probe->whole, why);
        return PM_EX_DONE;
    }
    size_t n = j->probe->nhead;
    int over = 0;
    unsigned char *b = j->probe->whole ? NULL : buffer_all(j, (size_t)cap, &n, &over);
    const unsigned char *d = j->probe->whole ? j->probe->head : b;
    if (!d) {
        j->o->status = PM_FILE_ERROR;
        snprintf(j->o->reason, sizeof j->o->reason, "out of memory");
        return PM_EX_DONE;
    }
    struct pm_cfb c;
    char err[200] = "";
    if (over) {
        snprintf(why, sizeof why, "OLE2 stream over the %llu bytes held in memory",
                 (unsigned long long)cap);
        as_strings(j, d, n, 1, why);
    } else if (pm_cfb_open(&c, d, n, err, sizeof err) != 0) {
        as_strings(j, d, n, 0, err);
    } else {
        int any = pm_cfb_find(&c, "WordDocument") >= 0 || pm_cfb_find(&c, "Workbook") >= 0 ||
                  pm_cfb_find(&c, "Book") >= 0;
        if (!any || read_document(j, &c, err, sizeof err) != 0)
            as_strings(j, d, n, 0, any ? err : NULL);
        pm_cfb_close(&c);
    }
    free(b);
    return PM_EX_DONE;
}

const struct pm_extractor pm_ex_ole = {"ole", ole_bid, ole_scan};
