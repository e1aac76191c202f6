/* content.c — content streams (page contents, form XObjects) for the PDF
 * text extractor (see pdf_int.h for the map).
 *
 * The tokenizer (lexer.c) reports the stream's words and strings here
 * through pdf_content_ops. Strings are operands: they wait in t->pend until
 * their operator comes. Tj, TJ, ' and " show them (through the font's
 * CMap, cmap.c); any other operator drops them. The numbers of a TJ array
 * are kept with the offset in t->pend where they stand, and the text state
 * operators (BT, Td, TD, T*, Tm, cm, q, Q, Tf's size, Tc, Tw, Tz, TL) go to
 * textpos.c, which says before each run whether a newline, a tab, a space
 * or nothing parts it from the last. Random bytes rarely supply a show
 * operator after a string, so binary garbage stays quiet.
 *
 * A stream that says begincmap, beginbfchar, beginbfrange or
 * begincodespacerange is a ToUnicode CMap: from that word on, its tokens go
 * to cmap.c instead of being shown.
 *
 * This file never sees raw file bytes or stream dictionaries (pdf.c does)
 * and never decodes glyph codes itself (cmap.c does).
 */
#include <stdlib.h>
#include <string.h>

#include "extract/pdf/cmap.h"
#include "extract/pdf/content.h"
#include "extract/pdf/lexer.h"
#include "extract/pdf/textpos.h"

/* One run of shown bytes at the current text position: apart from the
 * last as textpos.c says, then the position moves past it. */
static void show_run(struct pm_pdf *p, const char *s, size_t n)
{
    struct pdf_tp *tp = &p->t.tp;
    struct pdf_tp_run r;
    if (n == 0)
        return;
    char sep = pdf_tp_place(tp);
    if (sep)
        pdf_show_sep(p, sep);
    if (!p->t.codes_known) { /* fonts are not read inside a content stream: once per Tf */
        p->t.codes = pdf_font_codes(p);
        p->t.codes_known = 1;
    }
    pdf_tp_measure((const unsigned char *)s, n, p->t.codes, &r);
    pdf_show(p, s, n);
    pdf_tp_advance(tp, &r);
}

/* The pending operands, cut where TJ numbers move the position. */
static void pend_show(struct pm_pdf *p)
{
    struct tok *t = &p->t;
    size_t off = 0;
    for (unsigned k = 0; k < t->nkern; k++) {
        size_t end = t->kern[k].off < t->plen ? t->kern[k].off : t->plen;
        if (end > off) {
            show_run(p, t->pend + off, end - off);
            off = end;
        }
        pdf_tp_kern(&t->tp, t->kern[k].v);
    }
    show_run(p, t->pend + off, t->plen - off);
    t->plen = 0;
    t->nkern = 0;
}

/* A number: kept for the operators; inside [ ], a TJ position move. */
static void content_number(struct tok *t)
{
    char b[PM_PDF_WORD + 1];
    size_t k = t->wlong ? 0 : t->wlen;
    memcpy(b, t->word, k);
    b[k] = '\0';
    double v = strtod(b, NULL);
    if (t->nnum == 6) {
        memmove(t->num, t->num + 1, 5 * sizeof t->num[0]);
        t->nnum = 5;
    }
    t->num[t->nnum++] = v;
    if (!t->inarr || v == 0.0)
        return;
    if (t->nkern > 0 && (t->kern[t->nkern - 1].off == t->plen || t->nkern == PM_PDF_KERNS)) {
        t->kern[t->nkern - 1].v += v; /* together, or no room: where the last one was */
        return;
    }
    t->kern[t->nkern].off = t->plen;
    t->kern[t->nkern++].v = v;
}

/* The text state operators; 1 if op was one. num: its nnum operands. */
static int text_state(struct tok *t, const double *num, unsigned nnum)
{
    struct pdf_tp *tp = &t->tp;
    double last = nnum ? num[nnum - 1] : 0.0;
    if (word_is(t, "BT") || word_is(t, "ET")) {
        pdf_tp_bt(tp); /* text shown after ET without BT: a new object too */
    } else if (word_is(t, "Td") || word_is(t, "TD")) {
        if (nnum >= 2) {
            pdf_tp_td(tp, num[nnum - 2], last);
            if (word_is(t, "TD"))
                tp->tl = -last;
        }
    } else if (word_is(t, "T*")) {
        pdf_tp_tstar(tp);
    } else if (word_is(t, "Tm") || word_is(t, "cm")) {
        if (nnum >= 6 && word_is(t, "Tm"))
            pdf_tp_tm(tp, num + nnum - 6);
        else if (nnum >= 6)
            pdf_tp_cm(tp, num + nnum - 6);
    } else if (word_is(t, "q")) {
        pdf_tp_q(tp);
    } else if (word_is(t, "Q")) {
        pdf_tp_Q(tp);
    } else if (word_is(t, "Tc")) {
        tp->tc = last;
    } else if (word_is(t, "Tw")) {
        tp->tw = last;
    } else if (word_is(t, "Tz")) {
        tp->th = nnum ? last / 100.0 : 1.0;
    } else if (word_is(t, "TL")) {
        tp->tl = last;
    } else {
        return 0;
    }
    return 1;
}

/* An operator (nnum: the numbers before it). Its string operands are shown
 * or dropped; the text state follows the positioning operators. */
static void content_operator(struct pm_pdf *p, unsigned nnum)
{
    struct tok *t = &p->t;
    struct pdf_tp *tp = &t->tp;
    double num[6];
    memcpy(num, t->num, sizeof num);
    if (word_is(t, "Tj") || word_is(t, "TJ")) {
        pend_show(p);
    } else if (word_is(t, "'") || word_is(t, "\"")) {
        if (word_is(t, "\"") && nnum >= 2) { /* aw ac string " */
            tp->tw = num[nnum - 2];
            tp->tc = num[nnum - 1];
        }
        pdf_tp_tstar(tp);
        pend_show(p);
    } else if (word_is(t, "Tf")) {
        memcpy(p->curfont, t->fname, sizeof p->curfont);
        t->codes_known = 0;
        if (nnum)
            tp->fs = num[nnum - 1];
    } else if (word_is(t, "ID")) {
        t->ei = 0;
        t->st = T_INLINE; /* the tokenizer skips the image data up to EI */
    } else {
        text_state(t, num, nnum);
    }
    t->plen = 0; /* any operator consumes its operands */
    t->nkern = 0;
}

/* A word ended: a CMap keyword, a name, a number or an operator of the
 * pending string operands. */
static void content_word(struct pm_pdf *p)
{
    struct tok *t = &p->t;
    unsigned c0 = (unsigned char)t->word[0];
    if (p->cb.idx == -1 && !t->wlong && pdf_is_cmap_word(t->word, t->wlen))
        pdf_cmap_start(p);
    if (p->cb.idx != -1) {
        t->plen = 0;
        pdf_cmap_word(p, t->word, t->wlen, t->wlong);
        return;
    }
    if (c0 == '/') { /* remembered for Tf */
        size_t k = t->wlong ? 0 : t->wlen;
        memcpy(t->fname, t->word, k);
        t->fname[k] = '\0';
        return;
    }
    if ((c0 >= '0' && c0 <= '9') || c0 == '+' || c0 == '-' || c0 == '.') {
        content_number(t);
        return;
    }
    unsigned nnum = t->nnum;
    t->nnum = 0;
    if (t->wlong) { /* no operator is that long */
        t->plen = 0;
        return;
    }
    if (word_is(t, "true") || word_is(t, "false") || word_is(t, "null"))
        return;
    content_operator(p, nnum);
}

/* A string: a CMap's operand, or text waiting for its operator. */
static void content_str(struct pm_pdf *p, const unsigned char *s, size_t n, int final)
{
    if (p->cb.idx != -1) {
        pdf_cmap_str(p, s, n, final);
        return;
    }
    pdf_str_text(p, s, n, final);
}

static void content_bracket(struct pm_pdf *p, unsigned c)
{
    if (p->cb.idx != -1) { /* a bfrange's destination array */
        pdf_cmap_bracket(p, c);
        return;
    }
    p->t.inarr = c == '[';
    if (c == '[')
        p->t.nkern = 0;
}

/* A content stream begins: a fresh text state, nothing shown yet. */
void pdf_content_begin(struct pm_pdf *p)
{
    p->t.inarr = 0;
    p->t.nkern = 0;
    p->t.nnum = 0;
    p->t.codes_known = 0;
    pdf_tp_reset(&p->t.tp);
}

const struct tok_ops pdf_content_ops = {
    .pol = POL_CONTENT,
    .word = content_word,
    .str = content_str,
    .open = NULL,
    .close = NULL,
    .bracket = content_bracket,
};
