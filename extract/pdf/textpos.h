/* textpos.h — where shown text lands on the page, for the PDF extractor's
 * content streams (see textpos.c). Pure arithmetic on the text state: it
 * reads no bytes of the file and writes no text. Internal to extract/pdf/.
 */
#ifndef PM_PDF_TEXTPOS_H
#define PM_PDF_TEXTPOS_H

#include <stddef.h>

#define PM_PDF_QMAX 16u /* saved graphics states (q) whose matrix is kept */
#define PM_PDF_COLS 64u /* positions where cells and lines began, remembered per file */

/* The text state of one content stream. Matrices are [a b c d e f]. */
struct pdf_tp {
    double ctm[6];                 /* current transformation matrix (cm) */
    double stk[PM_PDF_QMAX][6];    /* saved by q */
    unsigned depth, lost;          /* q nesting kept; beyond PM_PDF_QMAX */
    double tm[6], tlm[6];          /* text matrix, text line matrix */
    double fs, tc, tw, th, tl;     /* Tf size, Tc, Tw, Tz/100, TL */
    int pen;                       /* text was shown in this stream */
    double pen_tm[6], pen_ctm[6];  /* the matrices where it is estimated to end */
    double pen_fs;                 /* and its font size */
    double kern_tx;                /* TJ numbers since, in text space units */
    double punc;                   /* how far off that estimate may be, in em */
    int moved;                     /* placed by Td, TD, T*, Tm or BT since the last show */
    int fresh;                     /* a new text object (BT) since the last show */
    double colx[PM_PDF_COLS], coly[PM_PDF_COLS]; /* where cells and lines began: along, across */
    unsigned ncol, colnext;
    double pitch;                  /* the smallest line gap seen, in em (0: none yet) */
};

/* An estimated run of shown text. */
struct pdf_tp_run {
    double w;                      /* advance in em (glyph widths only) */
    unsigned glyphs, spaces;       /* for Tc; single-byte code 32 for Tw */
    double unc;                    /* how far off w may be, in em */
};

/* How the code bytes of the current font are known (pdf_tp_measure). */
enum pdf_codes {
    PDF_CODES_TEXT,    /* single bytes that are characters (no ToUnicode) */
    PDF_CODES_ONE,     /* single-byte glyph codes */
    PDF_CODES_TWO,     /* two-byte glyph codes (Identity-H and the like) */
    PDF_CODES_UNKNOWN, /* the font is not known yet */
};

/* A new content stream: a fresh text state; the columns seen so far in
 * the file stay (s must have been zeroed once). */
void pdf_tp_reset(struct pdf_tp *s);
/* Operators: BT, Td (TD sets the leading too), T*, Tm, cm, q, Q. */
void pdf_tp_bt(struct pdf_tp *s);
void pdf_tp_td(struct pdf_tp *s, double tx, double ty);
void pdf_tp_tstar(struct pdf_tp *s);
void pdf_tp_tm(struct pdf_tp *s, const double m[6]);
void pdf_tp_cm(struct pdf_tp *s, const double m[6]);
void pdf_tp_q(struct pdf_tp *s);
void pdf_tp_Q(struct pdf_tp *s);
/* A number inside a TJ array: moves by -v/1000 em. */
void pdf_tp_kern(struct pdf_tp *s, double v);

/* Shown bytes as a run: glyph count, estimated widths and their error. */
void pdf_tp_measure(const unsigned char *s, size_t n, enum pdf_codes codes, struct pdf_tp_run *r);
/* What separates the text about to be shown from the last: 0 (nothing),
 * ' ', '\t' (a wide gap or a column seen on an earlier line) or '\n'. */
char pdf_tp_place(struct pdf_tp *s);
/* The run was shown: the pen moves past it. */
void pdf_tp_advance(struct pdf_tp *s, const struct pdf_tp_run *r);

#endif
