/* textpos.c — where shown text lands, so that runs placed apart come out
 * apart (see pdf_int.h for the map of extract/pdf/).
 *
 * Tables printed from HTML or Word put each row's cells on one line, every
 * cell its own text object; TeX and cairo space words and cells with TJ
 * numbers and Td moves instead of space characters. Joining the runs made
 * "belloaisha.bello@example.com"; breaking every move into a new line split
 * numbers that Skia draws a glyph or a few at a time. So the text state is
 * followed (Tm, Td, TD, T*, BT, the CTM through cm, q and Q, the font size,
 * Tc, Tw, Tz, TL and the numbers of TJ arrays) and the start of each run is
 * compared with where the last one ended, in device space along the text's
 * own direction:
 *
 *   - off the line by more than half an em: a newline, and by more than
 *     PARA_EM and a third as much again as the smallest line gap seen (a
 *     blank line's gap, or a jump elsewhere on the page; double-spaced
 *     lines stay lines) a paragraph's end, '\v', which comes out as a
 *     blank line, as it does in plain text: a paragraph is a record
 *     (people);
 *   - a new text object (BT) on the same line: at least a space, a tab when
 *     it starts at the x where a text object began on an earlier line (a
 *     column) or when the gap is wide, a newline when it starts back over
 *     the text already there;
 *   - a move (Td, Tm) within a text object: a space or a tab when the gap
 *     is wider than the estimate's error says it could be by chance;
 *   - no move (successive Tj, TJ pieces): the gap is the TJ numbers
 *     exactly: a space beyond 0.2 em, a tab beyond 1 em.
 *
 * Glyph widths are in the font programs and /Widths arrays, which most
 * producers write after the pages; they are not read. A run's advance is
 * estimated: from Helvetica's widths when the bytes are characters, else
 * 0.55 em a glyph, with an error that grows with the run. Where the estimate
 * cannot tell, text stays joined, as before.
 *
 * Never reads file bytes, never emits text; no allocation.
 */
#include <math.h>
#include <string.h>

#include "extract/pdf/textpos.h"

#define GLYPH_EM 0.55 /* a glyph whose character is not known */

/* A byte's advance in em when the bytes are characters (PDF_CODES_TEXT):
 * Helvetica's width (thousandths of an em, divided here at compile time)
 * for ASCII 32..126, since text in fonts without glyph codes is mostly set
 * in it or in something close; GLYPH_EM for any other byte. */
#define H(w) ((w) / 1000.0)
#define G GLYPH_EM
#define G8 G, G, G, G, G, G, G, G
static const double text_em[] = {
    G8, G8, G8, G8, /* control bytes */
    H(278), H(278), H(355), H(556), H(556), H(889), H(667), H(191),
    H(333), H(333), H(389), H(584), H(278), H(333), H(278), H(278), /* sp .. / */
    H(556), H(556), H(556), H(556), H(556), H(556), H(556), H(556),
    H(556), H(556), H(278), H(278), H(584), H(584), H(584), H(556), /* 0 .. ? */
    H(1015), H(667), H(667), H(722), H(722), H(667), H(611), H(778),
    H(722), H(278), H(500), H(667), H(556), H(833), H(722), H(778), /* @ .. O */
    H(667), H(778), H(722), H(667), H(611), H(722), H(667), H(944),
    H(667), H(667), H(611), H(278), H(278), H(278), H(469), H(556), /* P .. _ */
    H(333), H(556), H(556), H(500), H(556), H(556), H(278), H(556),
    H(556), H(222), H(222), H(500), H(222), H(833), H(556), H(556), /* ` .. o */
    H(556), H(556), H(333), H(500), H(278), H(556), H(500), H(722),
    H(500), H(500), H(500), H(334), H(260), H(334), H(584), /* p .. ~ */
    G, /* DEL */
    G8, G8, G8, G8, G8, G8, G8, G8, G8, G8, G8, G8, G8, G8, G8, G8, /* 0x80 .. 0xFF */
};
_Static_assert(sizeof text_em / sizeof text_em[0] == 256, "one width for every byte");
#undef G8
#undef G
#undef H

/* Thresholds, in em of the text being placed. */
#define LINE_EM 0.5        /* off the line by more: a new line */
#define PARA_EM 2.1        /* by more: a new paragraph (lines are ~1.2 em apart, rows ~2) */
#define PARA_GAP 1.35      /* and by more than this many smallest line gaps */
#define SPACE_EM 0.2       /* a gap wider than this: a space */
#define TAB_MOVED_EM 0.6   /* a placed run this far past the estimate: a tab */
#define TAB_KERN_EM 1.0    /* a TJ gap this wide: a tab */
#define BACK_EM 0.3        /* placed this far behind the estimate: apart */
#define COL_EM 0.002       /* the same column */
#define BASE_UNC 0.1       /* error of an estimated run besides its width's */
#define TEXT_UNC 0.1       /* relative error of widths from Helvetica's */
#define GLYPH_UNC 0.5      /* relative error of widths from GLYPH_EM */

static const double ident[6] = {1, 0, 0, 1, 0, 0};

/* Operands from the file may be anything strtod makes of them. */
static double fin(double v)
{
    if (!isfinite(v))
        return 0.0;
    return v > 1e9 ? 1e9 : v < -1e9 ? -1e9 : v;
}

/* r = a x b (row vectors, as PDF writes them); a matrix that overflowed
 * becomes the identity rather than NaN. */
static void mul(double r[6], const double a[6], const double b[6])
{
    double m[6] = {
        a[0] * b[0] + a[1] * b[2],        a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2],        a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4], a[4] * b[1] + a[5] * b[3] + b[5],
    };
    for (int i = 0; i < 6; i++)
        if (!isfinite(m[i]) || fabs(m[i]) > 1e12) {
            memcpy(r, ident, sizeof ident);
            return;
        }
    memcpy(r, m, sizeof m);
}

void pdf_tp_reset(struct pdf_tp *s)
{
    /* The columns stay: a table goes on on the next page at the same x,
     * and its first row there has no row above it to show them. */
    double colx[PM_PDF_COLS], coly[PM_PDF_COLS];
    unsigned ncol = s->ncol, colnext = s->colnext;
    double pitch = s->pitch; /* and so does the line pitch */
    memcpy(colx, s->colx, sizeof colx);
    memcpy(coly, s->coly, sizeof coly);
    memset(s, 0, sizeof *s);
    memcpy(s->colx, colx, sizeof colx);
    memcpy(s->coly, coly, sizeof coly);
    s->ncol = ncol;
    s->colnext = colnext;
    s->pitch = pitch;
    memcpy(s->ctm, ident, sizeof ident);
    memcpy(s->tm, ident, sizeof ident);
    memcpy(s->tlm, ident, sizeof ident);
    s->th = 1.0;
    s->fresh = 1;
    s->moved = 1;
}

void pdf_tp_bt(struct pdf_tp *s)
{
    memcpy(s->tm, ident, sizeof ident);
    memcpy(s->tlm, ident, sizeof ident);
    s->moved = 1;
    s->fresh = 1;
}

void pdf_tp_td(struct pdf_tp *s, double tx, double ty)
{
    double t[6] = {1, 0, 0, 1, fin(tx), fin(ty)};
    mul(s->tlm, t, s->tlm);
    memcpy(s->tm, s->tlm, sizeof s->tm);
    s->moved = 1;
}

static double font_size(const struct pdf_tp *s);

/* No TL set: T* still means the next line (overprinting is not what a
 * producer that says T* wants). */
void pdf_tp_tstar(struct pdf_tp *s) { pdf_tp_td(s, 0, s->tl != 0.0 ? -s->tl : -font_size(s)); }

void pdf_tp_tm(struct pdf_tp *s, const double m[6])
{
    double c[6];
    for (int i = 0; i < 6; i++)
        c[i] = fin(m[i]);
    mul(s->tlm, c, ident); /* checks it as any product */
    memcpy(s->tm, s->tlm, sizeof s->tm);
    s->moved = 1;
}

void pdf_tp_cm(struct pdf_tp *s, const double m[6])
{
    double c[6];
    for (int i = 0; i < 6; i++)
        c[i] = fin(m[i]);
    mul(s->ctm, c, s->ctm);
    s->moved = 1; /* the same text matrix lands elsewhere now */
}

void pdf_tp_q(struct pdf_tp *s)
{
    if (s->depth < PM_PDF_QMAX)
        memcpy(s->stk[s->depth++], s->ctm, sizeof s->ctm);
    else
        s->lost++;
}

void pdf_tp_Q(struct pdf_tp *s)
{
    if (s->lost)
        s->lost--;
    else if (s->depth)
        memcpy(s->ctm, s->stk[--s->depth], sizeof s->ctm);
    s->moved = 1;
}

/* Moves the text matrix along its line by tx text space units (the
 * product with a translation, written out: it runs for every glyph run). */
static void tm_along(struct pdf_tp *s, double tx)
{
    double e = s->tm[4] + fin(tx) * s->tm[0], f = s->tm[5] + fin(tx) * s->tm[1];
    if (isfinite(e) && isfinite(f) && fabs(e) <= 1e12 && fabs(f) <= 1e12) {
        s->tm[4] = e;
        s->tm[5] = f;
    }
}

static double font_size(const struct pdf_tp *s)
{
    double f = fabs(s->fs);
    return f > 1e-6 ? f : 12.0; /* no Tf: any size beats none */
}

void pdf_tp_kern(struct pdf_tp *s, double v)
{
    double tx = fin(-fin(v) / 1000.0 * font_size(s) * s->th);
    tm_along(s, tx);
    s->kern_tx = fin(s->kern_tx + tx);
}

void pdf_tp_measure(const unsigned char *s, size_t n, enum pdf_codes codes, struct pdf_tp_run *r)
{
    memset(r, 0, sizeof *r);
    if (codes == PDF_CODES_UNKNOWN) {
        /* small glyph ids in two bytes start with 0; characters are printable */
        int two = n >= 2 && n % 2 == 0, text = 1;
        for (size_t i = 0; i < n; i++) {
            if (i % 2 == 0 && s[i] != 0)
                two = 0;
            if (s[i] < 0x20 || s[i] > 0x7E)
                text = 0;
        }
        codes = two ? PDF_CODES_TWO : text ? PDF_CODES_TEXT : PDF_CODES_ONE;
    }
    if (codes == PDF_CODES_TWO) {
        r->glyphs = (unsigned)(n / 2);
        r->w = GLYPH_EM * r->glyphs;
        r->unc = GLYPH_UNC * r->w;
        return;
    }
    r->glyphs = (unsigned)n;
    /* the widths are added one by one, in order, whatever the codes: the
     * sum's rounding is what places the text */
    double w = 0;
    unsigned spaces = 0;
    if (codes == PDF_CODES_TEXT) {
        for (size_t i = 0; i < n; i++) {
            spaces += s[i] == ' ';
            w += text_em[s[i]];
        }
    } else {
        for (size_t i = 0; i < n; i++) {
            spaces += s[i] == ' ';
            w += GLYPH_EM;
        }
    }
    r->w = w;
    r->spaces = spaces;
    r->unc = (codes == PDF_CODES_TEXT ? TEXT_UNC : GLYPH_UNC) * r->w;
}

/* The device point of the text matrix's origin, the unit vector of its
 * direction, and its em (font size times the matrices' scale). */
static void tm_device(const double tm[6], const double ctm[6], double fs, double *x, double *y,
                      double *ux, double *uy, double *em)
{
    double m[6];
    mul(m, tm, ctm);
    *x = m[4];
    *y = m[5];
    double len = hypot(m[0], m[1]);
    *ux = len > 1e-12 ? m[0] / len : 1.0;
    *uy = len > 1e-12 ? m[1] / len : 0.0;
    *em = fs * sqrt(fabs(m[0] * m[3] - m[1] * m[2]));
}

/* A run began at `along` on its line, on another line than `across`,
 * apart from what came before it: a column. Both in the text's own
 * direction (rotated tables too). Exact positions only (layout engines
 * compute a column's x the same way on every row), so that glyphs placed
 * one at a time do not land on one by chance. */
static int column_seen(const struct pdf_tp *s, double along, double across, double em)
{
    for (unsigned i = 0; i < s->ncol; i++)
        if (fabs(s->colx[i] - along) < COL_EM * em && fabs(s->coly[i] - across) > LINE_EM * em)
            return 1;
    return 0;
}

static void column_add(struct pdf_tp *s, double along, double across, double em)
{
    for (unsigned i = 0; i < s->ncol; i++)
        if (fabs(s->colx[i] - along) < COL_EM * em) {
            s->coly[i] = across;
            return;
        }
    s->colx[s->colnext] = along;
    s->coly[s->colnext] = across;
    s->colnext = (s->colnext + 1) % PM_PDF_COLS;
    if (s->ncol < PM_PDF_COLS)
        s->ncol++;
}

/* The separator for a run placed by a move at (x, y) along (ux, uy) with
 * em, from the pen. */
static char separate(struct pdf_tp *s, double x, double y, double ux, double uy, double em)
{
    double px, py, pux, puy, pem;
    tm_device(s->pen_tm, s->pen_ctm, s->pen_fs, &px, &py, &pux, &puy, &pem);
    double dx = x - px, dy = y - py;
    double g = (dx * ux + dy * uy) / em;                            /* along the line */
    double h = fabs(dy * ux - dx * uy) / (em > pem ? em : pem); /* across it */
    if (!(h <= LINE_EM)) { /* NaN too */
        int para = h > PARA_EM && !(s->pitch > 0 && h <= PARA_GAP * s->pitch);
        if (h > LINE_EM && (s->pitch <= 0 || h < s->pitch))
            s->pitch = h;
        return para ? '\v' : '\n';
    }
    double slack = s->punc;
    int col = g + slack > -BACK_EM && column_seen(s, x * ux + y * uy, y * ux - x * uy, em);
    if (s->fresh) { /* a text object of its own: never part of the last */
        if (g + slack < -BACK_EM)
            return '\n'; /* drawn back over the line: another piece of text */
        return g - slack > TAB_MOVED_EM || col ? '\t' : ' ';
    }
    if (g - slack > TAB_MOVED_EM || col)
        return '\t';
    if (g - slack > SPACE_EM || g + slack < -BACK_EM)
        return ' ';
    return 0;
}

char pdf_tp_place(struct pdf_tp *s)
{
    if (s->pen && !s->moved) {
        /* pieces of one run (TJ pieces, Tj after Tj): the gap is exactly
         * what the TJ numbers say, no matrix needed */
        double unit = font_size(s) * s->th;
        double g = fabs(unit) > 1e-12 ? s->kern_tx / unit : 0.0;
        return g > TAB_KERN_EM ? '\t' : g > SPACE_EM || g < -2 * TAB_KERN_EM ? ' ' : 0;
    }
    double x, y, ux, uy, em;
    tm_device(s->tm, s->ctm, font_size(s), &x, &y, &ux, &uy, &em);
    if (!(em > 1e-9))
        em = 1.0;
    char sep = s->pen ? separate(s, x, y, ux, uy, em) : '\n';
    if (s->moved && (s->fresh || sep == '\t' || sep == '\n' || sep == '\v'))
        column_add(s, x * ux + y * uy, y * ux - x * uy, em); /* where cells and lines begin */
    return sep;
}

void pdf_tp_advance(struct pdf_tp *s, const struct pdf_tp_run *r)
{
    double fs = font_size(s);
    double tx = (r->w * fs + r->glyphs * s->tc + r->spaces * s->tw) * s->th;
    tm_along(s, tx);
    s->punc = (s->moved ? BASE_UNC : s->punc) + r->unc;
    memcpy(s->pen_tm, s->tm, sizeof s->tm); /* to device space only when a move needs it */
    memcpy(s->pen_ctm, s->ctm, sizeof s->ctm);
    s->pen_fs = fs;
    s->kern_tx = 0.0;
    s->pen = 1;
    s->moved = 0;
    s->fresh = 0;
}
