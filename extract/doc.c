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
#include "extract/doc.h"

#define OUT 65536
#define FIELDS 32 /* nesting of fields followed; deeper ones are text */

struct doc {
    struct pm_job *j;
    size_t nout;
    uint32_t last;     /* the last character seen */
    unsigned depth;    /* fields open */
    uint32_t in_code;  /* bit d: field d is in its code part */
    char out[OUT];
};

static uint16_t u16(const unsigned char *p) { return (uint16_t)(p[0] | p[1] << 8); }
static uint32_t u32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void flush(struct doc *d)
{
    if (d->nout)
        pm_emit(d->j, d->out, d->nout);
    d->nout = 0;
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
    if (ch == 0x0D || ch == 0x0B || ch == 0x0C || ch == 0x0E)
        ch = '\n'; /* paragraph, line, page and column breaks */
    else if (ch == 0x07)
        ch = prev == 0x07 ? '\n' : '\t'; /* a cell mark; two end the row */
    else if (ch == 0x1E)
        ch = '-'; /* non-breaking hyphen */
    else if (ch == 0xA0)
        ch = ' ';
    else if (ch < 0x20 && ch != '\t')
        return; /* optional hyphens, anchors of pictures, notes, objects */
    if (d->nout + 4 > OUT)
        flush(d);
    d->nout += pm_utf8_put(ch, d->out + d->nout);
}

/* The PlcPcd at tbl[0..n): every piece's characters, in order. Returns the
 * pieces whose bytes lay (partly) outside the stream. */
static unsigned pieces(struct doc *d, const unsigned char *wd, size_t nwd,
                       const unsigned char *plc, size_t n)
{
    size_t np = n >= 16 ? (n - 4) / 12 : 0;
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
        for (size_t k = 0; k < count; k++)
            put(d, narrow ? pm_cfb_cp1252(wd[off + k]) : u16(wd + off + 2 * k));
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
    struct doc *d = malloc(sizeof *d);
    if (!d) {
        snprintf(err, errsz, "out of memory");
        return -1;
    }
    memset(d, 0, offsetof(struct doc, out));
    d->j = j;
    unsigned bad = pieces(d, wd, nwd, plc, nplc);
    put(d, '\r');
    flush(d);
    free(d);
    if (bad)
        snprintf(err, errsz, "%u text pieces outside the document stream", bad);
    return 0;
broken:
    snprintf(err, errsz, "no piece table (broken FIB or table stream)");
    return -1;
}
