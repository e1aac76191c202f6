/* xls.c — BIFF5/BIFF8 workbook streams as tables (xls.h).
 *
 * The stream is a sequence of records (type, length, data): the globals
 * (formats, cell formats, sheet names, shared strings) then one substream
 * per sheet, whose cell records come row by row. A string may run on into
 * CONTINUE records; where its characters are cut, the next record starts
 * with a new flags byte (8-bit or UTF-16 from there on). Every length is
 * checked against its record and the stream; a record that lies is skipped
 * or ends the read, never read past.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/utf8.h"
#include "extract/cellfmt.h"
#include "extract/cfb.h"
#include "extract/decode.h"
#include "extract/table.h"
#include "extract/xls.h"

enum {
    R_FORMULA = 0x0006, R_EOF = 0x000A, R_DATEMODE = 0x0022, R_FILEPASS = 0x002F,
    R_CONTINUE = 0x003C, R_BOUNDSHEET = 0x0085, R_MULRK = 0x00BD, R_RSTRING = 0x00D6,
    R_XF = 0x00E0, R_SST = 0x00FC, R_LABELSST = 0x00FD, R_NUMBER = 0x0203,
    R_LABEL = 0x0204, R_STRING = 0x0207, R_RK = 0x027E, R_FORMAT = 0x041E, R_BOF = 0x0809,
};

#define MAX_XF 4096
#define MAX_DATE_FMT 64
#define MAX_SHEETS 256
#define SHEET_NAME 96
#define TEXT_MAX 65536 /* a BIFF string has at most 32767 characters: 3 bytes each at most */

struct xls {
    struct pm_job *j;
    struct pm_table *t;
    const unsigned char *wb;
    size_t n;
    int biff8;
    int date1904;
    /* shared strings */
    char *sst;
    size_t nsst, sst_cap;
    uint32_t *off; /* noff + 1 offsets into sst, room for off_cap */
    uint32_t noff, off_cap;
    /* formats */
    unsigned date_fmt[MAX_DATE_FMT];
    unsigned ndate_fmt;
    unsigned char xf_date[MAX_XF];
    unsigned nxf;
    char sheet[MAX_SHEETS][SHEET_NAME];
    unsigned nsheets, sheet_no;
    /* the sheet being read */
    long row;         /* the current row, -1 before the first cell */
    int head_row, have_head;
    int pending;      /* a FORMULA's string result comes in the next STRING */
    unsigned prow, pcol;
    uint64_t out, uncharged; /* bytes of cells written; not yet charged to the budget */
    char text[TEXT_MAX];
};

static uint16_t u16(const unsigned char *p) { return (uint16_t)(p[0] | p[1] << 8); }
static uint32_t u32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}
static double f64(const unsigned char *p)
{
    uint64_t b = (uint64_t)u32(p) | (uint64_t)u32(p + 4) << 32;
    double d;
    memcpy(&d, &b, sizeof d);
    return d;
}

/* ---- reading across CONTINUE records ------------------------------------- */

/* A cursor over one record's data and the CONTINUE records after it. */
struct cur {
    const unsigned char *wb;
    size_t n;
    size_t pos, end; /* within the current record's data */
    int bad;         /* ran out */
};

static void cur_init(struct cur *c, const struct xls *x, size_t data, size_t len)
{
    *c = (struct cur){x->wb, x->n, data, data + len, 0};
}

/* At the end of a record: on into the CONTINUE record after it; 0 if none. */
static int cur_next(struct cur *c)
{
    if (c->end + 4 > c->n || u16(c->wb + c->end) != R_CONTINUE) {
        c->bad = 1;
        return 0;
    }
    size_t len = u16(c->wb + c->end + 2);
    if (c->end + 4 + len > c->n) {
        c->bad = 1;
        return 0;
    }
    c->pos = c->end + 4;
    c->end = c->pos + len;
    return 1;
}

/* Copies (or skips, out = NULL) k bytes, across record ends. */
static int cur_take(struct cur *c, unsigned char *out, size_t k)
{
    while (k > 0 && !c->bad) {
        if (c->pos == c->end && !cur_next(c))
            break;
        size_t m = c->end - c->pos < k ? c->end - c->pos : k;
        if (out) {
            memcpy(out, c->wb + c->pos, m);
            out += m;
        }
        c->pos += m;
        k -= m;
    }
    return c->bad ? -1 : 0;
}

/* cch characters, 8-bit (flags bit 0 clear: cp1252 for BIFF5, Latin-1 for
 * BIFF8) or UTF-16LE, into o as UTF-8 (at most TEXT_MAX bytes kept); where
 * a record ends inside them the next starts with a new flags byte. Returns
 * the bytes written. */
static size_t cur_chars(struct cur *c, size_t cch, int wide, int biff8, char *o)
{
    size_t k = 0;
    while (cch > 0 && !c->bad) {
        if (c->pos == c->end) {
            if (!cur_next(c))
                break;
            if (biff8) { /* the characters go on with their own width */
                unsigned char f;
                if (cur_take(c, &f, 1) != 0)
                    break;
                wide = f & 1;
            }
            continue; /* the record may end here (only its flags byte): on to the next */
        }
        uint32_t cp;
        if (wide) {
            if (c->end - c->pos < 2) {
                c->bad = 1;
                break;
            }
            cp = u16(c->wb + c->pos);
            c->pos += 2;
        } else {
            unsigned char b = c->wb[c->pos++];
            cp = biff8 ? b : pm_cp1252(b);
        }
        if (cp == 0)
            cp = ' ';
        if (k + 4 <= TEXT_MAX)
            k += pm_utf8_put(cp, o + k);
        cch--;
    }
    return k;
}

/* An XLUnicodeString (16-bit count: LABEL, STRING, FORMAT) or a short one
 * (8-bit count: BOUNDSHEET) at the cursor, into o; BIFF5's have no flags. */
static size_t cur_string(struct cur *c, int biff8, int short_count, char *o)
{
    unsigned char h[3];
    size_t hn = (short_count ? 1 : 2) + (biff8 ? 1 : 0);
    if (cur_take(c, h, hn) != 0)
        return 0;
    size_t cch = short_count ? h[0] : u16(h);
    int flags = biff8 ? h[hn - 1] : 0;
    if (biff8 && (flags & 0x0C)) { /* rich or phonetic in a plain string: not expected */
        size_t skip = ((flags & 0x08) ? 2 : 0) + ((flags & 0x04) ? 4 : 0);
        if (cur_take(c, NULL, skip) != 0)
            return 0;
    }
    return cur_chars(c, cch, flags & 1, biff8, o);
}

/* ---- shared strings ------------------------------------------------------- */

static void sst_add(struct xls *x, const char *p, size_t n)
{
    if (x->noff >= PM_XLS_SST_COUNT || x->nsst + n > PM_XLS_SST_TEXT) {
        pm_table_put(x->t, p, n); /* over the cap: as plain text */
        pm_table_put(x->t, "\n", 1);
        return;
    }
    if (!x->sst || x->nsst + n > x->sst_cap) { /* never NULL once a string is held */
        size_t cap = x->sst_cap ? x->sst_cap * 2 : 65536;
        while (cap < x->nsst + n)
            cap *= 2;
        char *ns = realloc(x->sst, cap);
        if (!ns)
            return;
        x->sst = ns;
        x->sst_cap = cap;
    }
    if (x->noff + 2 > x->off_cap) {
        uint32_t cap = x->off_cap ? x->off_cap * 2 : 4096;
        uint32_t *no = realloc(x->off, (size_t)cap * sizeof *no);
        if (!no)
            return;
        x->off = no;
        x->off_cap = cap;
    }
    memcpy(x->sst + x->nsst, p, n);
    x->off[x->noff] = (uint32_t)x->nsst;
    x->nsst += n;
    x->off[++x->noff] = (uint32_t)x->nsst;
}

/* The SST record: XLUnicodeRichExtendedStrings, run on in CONTINUEs; rich
 * text runs and phonetic (extended) data are skipped. */
static void read_sst(struct xls *x, size_t data, size_t len)
{
    struct cur c;
    cur_init(&c, x, data, len);
    unsigned char h[8];
    if (cur_take(&c, h, 8) != 0)
        return;
    uint32_t unique = u32(h + 4);
    for (uint32_t i = 0; i < unique && !c.bad && !pm_job_stopped(x->j); i++) {
        unsigned char s[3];
        if (cur_take(&c, s, 3) != 0)
            break;
        size_t cch = u16(s), runs = 0, ext = 0;
        unsigned char more[4];
        if ((s[2] & 0x08) && cur_take(&c, more, 2) == 0)
            runs = u16(more);
        if ((s[2] & 0x04) && cur_take(&c, more, 4) == 0)
            ext = u32(more);
        size_t k = cur_chars(&c, cch, s[2] & 1, 1, x->text);
        if (cur_take(&c, NULL, runs * 4) != 0 || cur_take(&c, NULL, ext) != 0) {
            if (k)
                sst_add(x, x->text, k); /* the last string, cut short */
            break;
        }
        sst_add(x, x->text, k);
    }
}

/* ---- formats -------------------------------------------------------------- */

static void read_format(struct xls *x, size_t data, size_t len)
{
    struct cur c;
    unsigned char id[2];
    cur_init(&c, x, data, len);
    if (cur_take(&c, id, 2) != 0)
        return;
    size_t k = cur_string(&c, x->biff8, !x->biff8, x->text);
    x->text[k < TEXT_MAX ? k : TEXT_MAX - 1] = '\0';
    if (pm_cell_date_code(x->text) && x->ndate_fmt < MAX_DATE_FMT)
        x->date_fmt[x->ndate_fmt++] = u16(id);
}

static void read_xf(struct xls *x, const unsigned char *d, size_t len)
{
    if (len < 4 || x->nxf >= MAX_XF)
        return;
    unsigned fmt = u16(d + 2);
    int date = pm_cell_date_builtin(fmt);
    for (unsigned i = 0; i < x->ndate_fmt && !date; i++)
        date = x->date_fmt[i] == fmt;
    x->xf_date[x->nxf++] = (unsigned char)date;
}

/* ---- cells ---------------------------------------------------------------- */

static void row_end(struct xls *x)
{
    if (x->row < 0)
        return;
    if (x->head_row && x->t->any_label) {
        pm_table_labels_done(x->t);
        x->have_head = 1;
    }
    x->head_row = 0;
    pm_table_put(x->t, "\n", 1);
    pm_table_record(x->t); /* a row is a record (people) */
    x->row = -1;
}

/* A cell's text, under its column's header; a new row ends the last. */
static void cell(struct xls *x, unsigned row, unsigned col, const char *p, size_t n)
{
    if (n == 0)
        return;
    if ((long)row != x->row) {
        row_end(x);
        x->row = row;
        x->head_row = !x->have_head;
        if (x->head_row)
            pm_table_clear(x->t);
    }
    if (x->head_row)
        pm_table_head_run(x->t, col, p, n);
    else
        pm_table_cell_run(x->t, col, p, n);
    pm_table_cell_end(x->t, col);
    x->uncharged += n;
}

/* What the cells wrote is charged to the file's budget like decompressed
 * bytes: a 10-byte LABELSST record can write a 64 KiB shared string again
 * and again (max-expanded, max-ratio). Returns -1 once a limit is hit or
 * the scan is stopped. */
static int charge(struct xls *x)
{
    x->out += x->uncharged;
    int rc = pm_budget_charge(x->j->budget, x->j->level, x->uncharged, x->out, x->n);
    x->uncharged = 0;
    return rc != 0 || pm_job_stopped(x->j) ? -1 : 0;
}

/* A number cell: a date where its format shows one, else the number. */
static void number(struct xls *x, unsigned row, unsigned col, unsigned xf, double d)
{
    char num[PM_CELL_NUM];
    size_t k = 0;
    if (xf < x->nxf && x->xf_date[xf])
        k = pm_cell_date(x->date1904 ? d + 1462 : d, num);
    if (k == 0)
        k = pm_cell_number(d, num);
    cell(x, row, col, num, k);
}

static double rk_value(uint32_t rk)
{
    double d;
    if (rk & 2) {
        d = (double)((int32_t)rk >> 2);
    } else {
        uint64_t b = (uint64_t)(rk & 0xFFFFFFFCu) << 32;
        memcpy(&d, &b, sizeof d);
    }
    return (rk & 1) ? d / 100 : d;
}

static void sheet_start(struct xls *x)
{
    row_end(x);
    pm_table_clear(x->t);
    x->have_head = 0;
    x->pending = 0;
    if (x->sheet_no < x->nsheets && x->sheet[x->sheet_no][0]) {
        pm_table_put(x->t, x->sheet[x->sheet_no], strlen(x->sheet[x->sheet_no]));
        pm_table_put(x->t, "\n", 1);
        pm_table_record(x->t);
    }
    x->sheet_no++;
}

static void read_boundsheet(struct xls *x, size_t data, size_t len)
{
    struct cur c;
    cur_init(&c, x, data, len);
    if (x->nsheets >= MAX_SHEETS || cur_take(&c, NULL, 6) != 0)
        return;
    size_t k = cur_string(&c, x->biff8, 1, x->text);
    char *s = x->sheet[x->nsheets++];
    if (k > SHEET_NAME - 1) { /* cut, but not inside a character */
        k = SHEET_NAME - 1;
        while (k > 0 && (x->text[k] & 0xC0) == 0x80)
            k--;
    }
    memcpy(s, x->text, k);
    s[k] = '\0';
}

/* One cell record of a sheet. */
static void read_cell(struct xls *x, unsigned type, size_t data, size_t len)
{
    const unsigned char *d = x->wb + data;
    if (len < 6)
        return;
    unsigned row = u16(d), col = u16(d + 2), xf = u16(d + 4);
    struct cur c;
    switch (type) {
    case R_LABELSST:
        if (len >= 10 && u32(d + 6) < x->noff) {
            uint32_t i = u32(d + 6);
            cell(x, row, col, x->sst + x->off[i], x->off[i + 1] - x->off[i]);
        }
        break;
    case R_LABEL:
    case R_RSTRING:
        cur_init(&c, x, data + 6, len - 6);
        cell(x, row, col, x->text, cur_string(&c, x->biff8, 0, x->text));
        break;
    case R_NUMBER:
        if (len >= 14)
            number(x, row, col, xf, f64(d + 6));
        break;
    case R_RK:
        if (len >= 10)
            number(x, row, col, xf, rk_value(u32(d + 6)));
        break;
    case R_MULRK: /* row, first column, (xf, rk) each, last column */
        for (size_t k = 0; 4 + k * 6 + 6 + 2 <= len; k++)
            number(x, row, col + (unsigned)k, u16(d + 4 + k * 6), rk_value(u32(d + 6 + k * 6)));
        break;
    case R_FORMULA:
        if (len < 14)
            break;
        if (u16(d + 12) != 0xFFFF)
            number(x, row, col, xf, f64(d + 6));
        else if (d[6] == 0) /* a string: in the STRING record that follows */
            x->pending = 1, x->prow = row, x->pcol = col;
        break;
    }
}

/* ---- the stream ------------------------------------------------------------- */

/* One record of the globals or a sheet. Returns -1 to stop (encrypted). */
static int record(struct xls *x, unsigned type, size_t data, size_t len, unsigned depth,
                  char *err, size_t errsz)
{
    const unsigned char *d = x->wb + data;
    struct cur c;
    /* A formula's string comes in the next STRING record (after a shared
     * or array formula's, if any): anything else, and it has none. */
    if (type != R_STRING && type != R_CONTINUE && type != 0x04BC && type != 0x0221 &&
        type != 0x0236)
        x->pending = 0;
    switch (type) {
    case R_FILEPASS:
        snprintf(err, errsz, "encrypted workbook (FILEPASS): not scanned");
        return PM_OLE_ENCRYPTED;
    case R_DATEMODE:
        x->date1904 = len >= 2 && u16(d) == 1;
        break;
    case R_SST:
        read_sst(x, data, len);
        break;
    case R_FORMAT:
        read_format(x, data, len);
        break;
    case R_XF:
        read_xf(x, d, len);
        break;
    case R_BOUNDSHEET:
        read_boundsheet(x, data, len);
        break;
    case R_STRING:
        if (x->pending) {
            cur_init(&c, x, data, len);
            cell(x, x->prow, x->pcol, x->text, cur_string(&c, x->biff8, 0, x->text));
        }
        x->pending = 0;
        break;
    default:
        if (depth == 1 && x->sheet_no > 0)
            read_cell(x, type, data, len);
    }
    return 0;
}

static int read_records(struct xls *x, char *err, size_t errsz)
{
    size_t o = 0;
    unsigned depth = 0, bofs = 0, records = 0;
    while (o + 4 <= x->n) {
        unsigned type = u16(x->wb + o);
        size_t len = u16(x->wb + o + 2), data = o + 4;
        if (data + len > x->n) {
            snprintf(err, errsz, "workbook stream cut short");
            break;
        }
        if (type == R_BOF) {
            /* globals first; a sheet's substream; a chart inside a sheet nests */
            if (depth == 0 && bofs++ > 0)
                sheet_start(x);
            depth++;
        } else if (type == R_EOF) {
            if (depth == 1)
                row_end(x);
            depth -= depth > 0;
        } else if (record(x, type, data, len, depth, err, errsz) != 0) {
            return PM_OLE_ENCRYPTED;
        }
        o = data + len;
        if ((x->uncharged >= 65536 || (++records & 4095) == 0) && charge(x) != 0) {
            snprintf(err, errsz, "%s", pm_job_stopped(x->j) ? pm_job_stopped(x->j) : "stopped");
            break;
        }
    }
    row_end(x);
    pm_table_flush(x->t);
    return 0;
}

int pm_xls_read(struct pm_job *j, const unsigned char *wb, size_t n, char *err, size_t errsz)
{
    err[0] = '\0';
    if (n < 8 || u16(wb) != R_BOF || u16(wb + 2) < 4 ||
        (u16(wb + 4) != 0x0600 && u16(wb + 4) != 0x0500)) {
        snprintf(err, errsz, "not a BIFF5/BIFF8 workbook stream");
        return -1;
    }
    struct xls *x = calloc(1, sizeof *x);
    struct pm_table *t = malloc(sizeof *t);
    if (!x || !t) {
        free(x);
        free(t);
        snprintf(err, errsz, "out of memory");
        return -1;
    }
    x->j = j;
    x->t = t;
    x->wb = wb;
    x->n = n;
    x->biff8 = u16(wb + 4) == 0x0600;
    x->row = -1;
    pm_table_init(t, j);
    int rc = read_records(x, err, errsz);
    free(x->sst);
    free(x->off);
    free(x);
    free(t);
    return rc;
}
