/* doc.c — Word 97-2003 text through the piece table (doc.h).
 *
 * The FIB at the start of the WordDocument stream says where the CLX lies
 * in the table stream; the CLX's PlcPcd lists the pieces: character
 * positions and, for each, where its bytes are and whether they are 8-bit.
 * Every offset and count read from the file is checked against its stream;
 * what lies outside is left out, never read.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/utf8.h"
#include "extract/cfb.h"
#include "extract/decode.h"
#include "extract/doc.h"
#include "extract/table.h"

#define PARA 4096  /* a paragraph or cell held until its end says which it is */
#define FIELDS 32  /* nesting of fields followed; deeper ones are text */

struct doc {
    struct pm_table *t;
    const struct pm_job *j;
    uint32_t last;     /* the last character seen */
    unsigned depth;    /* fields open */
    uint32_t in_code;  /* bit d: field d is in its code part */
    /* tables: Word ends every cell with a cell mark (0x07) and every row
     * with one more; the first row's cells tell how many a row has, so an
     * empty cell is not taken for a row's end */
    int in_table, head_row;
    unsigned col, ncols;
    size_t npara;
    int para_over;     /* the paragraph outgrew para: it went out as text */
    char para[PARA];
};

static uint16_t u16(const unsigned char *p) { return (uint16_t)(p[0] | p[1] << 8); }
static uint32_t u32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* A character of a paragraph or cell, held until its end. */
static void hold(struct doc *d, uint32_t ch)
{
    char u[4];
    size_t k = pm_utf8_put(ch, u);
    if (!d->para_over && d->npara + k > PARA) {
        pm_table_put(d->t, d->para, d->npara); /* too long for a cell: text */
        d->npara = 0;
        d->para_over = 1;
    }
    if (d->para_over) {
        pm_table_put(d->t, u, k);
        return;
    }
    memcpy(d->para + d->npara, u, k);
    d->npara += k;
}

/* A paragraph mark: the paragraph is text; inside a cell, a space. */
static void para_end(struct doc *d)
{
    if (d->in_table && d->col == 0) {
        /* a paragraph after a row's end: the table is over (a first cell
         * of several paragraphs is taken for text, and its row for a new
         * table's header) */
        d->in_table = 0;
        pm_table_clear(d->t);
    }
    if (d->in_table) {
        hold(d, ' ');
        return;
    }
    pm_table_put(d->t, d->para, d->npara);
    pm_table_put(d->t, "\n", 1);
    d->npara = 0;
    d->para_over = 0;
}

/* A cell mark: the held text is a cell, or the row ends. */
static void cell_mark(struct doc *d, uint32_t prev)
{
    if (!d->in_table) {
        d->in_table = d->head_row = 1;
        d->col = d->ncols = 0;
        pm_table_clear(d->t);
    }
    int empty = d->npara == 0 && !d->para_over;
    int row_end = empty && (d->ncols ? d->col >= d->ncols : prev == 0x07 && d->col > 0);
    if (row_end) {
        if (d->head_row && d->t->any_label)
            pm_table_labels_done(d->t);
        if (!d->ncols)
            d->ncols = d->col;
        d->head_row = 0;
        d->col = 0;
        pm_table_put(d->t, "\n", 1);
        pm_table_record(d->t); /* a table's row is a record (people) */
        return;
    }
    if (d->head_row)
        pm_table_head_run(d->t, d->col, d->para, d->npara);
    else
        pm_table_cell_run(d->t, d->col, d->para, d->npara);
    pm_table_cell_end(d->t, d->col);
    d->col++;
    d->npara = 0;
    d->para_over = 0;
}

/* One character of the text: Word's marks become what a reader sees. */
static void put(struct doc *d, uint32_t ch)
{
    uint32_t prev = d->last;
    d->last = ch;
    switch (ch) {
    case 0x13: /* field begins: its code follows */
        if (d->depth < FIELDS)
            d->in_code |= 1u << d->depth;
        d->depth++;
        return;
    case 0x14: /* field separator: its result follows */
        if (d->depth > 0 && d->depth <= FIELDS)
            d->in_code &= ~(1u << (d->depth - 1));
        return;
    case 0x15: /* field ends */
        if (d->depth > 0) {
            d->depth--;
            if (d->depth < FIELDS)
                d->in_code &= ~(1u << d->depth);
        }
        return;
    }
    if (d->in_code)
        return;
    if (ch == 0x0D)
        para_end(d);
    else if (ch == 0x07)
        cell_mark(d, prev);
    else if (ch == 0x0B || ch == 0x0C || ch == 0x0E) /* line, page, column breaks */
        hold(d, '\n');
    else if (ch == 0x1E) /* non-breaking hyphen */
        hold(d, '-');
    else if (ch == 0xA0)
        hold(d, ' ');
    else if (ch >= 0x20 || ch == '\t') /* not optional hyphens, anchors of pictures, notes */
        hold(d, ch);
}

/* The PlcPcd at tbl[0..n): every piece's characters, in order. Returns the
 * pieces whose bytes lay (partly) outside the stream. */
static unsigned pieces(struct doc *d, const unsigned char *wd, size_t nwd,
                       const unsigned char *plc, size_t n)
{
    size_t np = n >= 16 ? (n - 4) / 12 : 0, total = 0;
    unsigned bad = 0;
    for (size_t i = 0; i < np && !pm_job_stopped(d->j); i++) {
        uint32_t cp0 = u32(plc + 4 * i), cp1 = u32(plc + 4 * (i + 1));
        const unsigned char *pcd = plc + 4 * (np + 1) + 8 * i;
        uint32_t fc = u32(pcd + 2);
        int narrow = (fc & 0x40000000u) != 0;
        size_t off = narrow ? (fc & 0x3FFFFFFFu) / 2 : fc & 0x3FFFFFFFu;
        size_t count = cp1 > cp0 ? cp1 - cp0 : 0, width = narrow ? 1 : 2;
        if (off > nwd || count > (nwd - off) / width) {
            bad++;
            count = off > nwd ? 0 : (nwd - off) / width;
        }
        /* Pieces of a real document never overlap: more characters than
         * the stream has bytes is pieces pointing at the same bytes again
         * and again (a bomb), cut here. */
        if (count > nwd - total) {
            bad++;
            count = nwd - total;
        }
        total += count;
        for (size_t k = 0; k < count; k++)
            put(d, narrow ? pm_cp1252(wd[off + k]) : u16(wd + off + 2 * k));
    }
    return bad;
}

/* The PlcPcd inside the CLX at tbl[fc..fc+lcb): after any Prc (property
 * modifiers, skipped), the Pcdt. NULL if there is none. */
static const unsigned char *find_plc(const unsigned char *tbl, size_t ntbl, size_t fc,
                                     size_t lcb, size_t *n)
{
    if (fc > ntbl || lcb > ntbl - fc)
        return NULL;
    size_t o = fc, end = fc + lcb;
    while (o < end) {
        if (tbl[o] == 0x01 && end - o >= 3) { /* Prc: a 16-bit size, then that many */
            o += 3 + u16(tbl + o + 1);
        } else if (tbl[o] == 0x02 && end - o >= 5) { /* Pcdt: a 32-bit size, the PlcPcd */
            size_t len = u32(tbl + o + 1);
            if (len > end - o - 5)
                return NULL;
            *n = len;
            return tbl + o + 5;
        } else {
            return NULL;
        }
    }
    return NULL;
}

int pm_doc_read(struct pm_job *j, const unsigned char *wd, size_t nwd, const unsigned char *tbl,
                size_t ntbl, char *err, size_t errsz)
{
    err[0] = '\0';
    if (nwd < 64 || u16(wd) != 0xA5EC) {
        snprintf(err, errsz, "not a Word document stream");
        return -1;
    }
    if (wd[11] & 0x81) { /* fEncrypted, fObfuscated */
        snprintf(err, errsz, "encrypted document (fEncrypted): not scanned");
        return PM_OLE_ENCRYPTED;
    }
    if (u16(wd + 2) < 101) { /* nFib: Word 6 and 95 have another FIB */
        snprintf(err, errsz, "Word 6/95 document");
        return -1;
    }
    /* FibBase (32 bytes), fibRgW, fibRgLw, then fibRgFcLcb: fcClx/lcbClx is
     * its 34th pair. */
    size_t o = 32, csw, cslw, cb;
    csw = u16(wd + o);
    o += 2 + csw * 2;
    if (o + 2 > nwd)
        goto broken;
    cslw = u16(wd + o);
    o += 2 + cslw * 4;
    if (o + 2 > nwd)
        goto broken;
    cb = u16(wd + o);
    o += 2;
    if (cb < 34 || o + 34 * 8 > nwd)
        goto broken;
    size_t nplc = 0;
    const unsigned char *plc =
        tbl ? find_plc(tbl, ntbl, u32(wd + o + 33 * 8), u32(wd + o + 33 * 8 + 4), &nplc) : NULL;
    if (!plc)
        goto broken;
    struct doc *d = calloc(1, sizeof *d);
    struct pm_table *t = malloc(sizeof *t);
    if (!d || !t) {
        free(d);
        free(t);
        snprintf(err, errsz, "out of memory");
        return -1;
    }
    pm_table_init(t, j);
    d->t = t;
    d->j = j;
    unsigned bad = pieces(d, wd, nwd, plc, nplc);
    if (d->in_table && d->col > 0)
        cell_mark(d, 0); /* a row cut short: what it held */
    d->in_table = 0;
    put(d, 0x0D);
    pm_table_flush(t);
    free(t);
    free(d);
    if (bad)
        snprintf(err, errsz, "%u text pieces outside the document stream", bad);
    return 0;
broken:
    snprintf(err, errsz, "no piece table (broken FIB or table stream)");
    return -1;
}
