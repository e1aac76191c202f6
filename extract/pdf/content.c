/* content.c — content streams (page contents, form XObjects) for the PDF
 * text extractor (see pdf_int.h for the map).
 *
 * The tokenizer (lexer.c) reports the stream's words and strings here
 * through pdf_content_ops. Strings are operands: they wait in t->pend until
 * their operator comes. Tj, TJ, ' and " show them (through the font's
 * CMap, cmap.c); any other operator drops them. TJ pieces and show
 * operators on one line are joined without separators, and a line break
 * goes out on BT, ET, Td, TD, T*, Tm, ' and " so unrelated lines do not
 * glue, except where the numbers say the text stays on its line ("x 0 Td",
 * a Tm with the y of the last one). Random bytes rarely supply a show
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

static void pend_show(struct pm_pdf *p)
{
    pdf_show(p, p->t.pend, p->t.plen);
    p->t.plen = 0;
}

/* A number: kept for the positioning operators. */
static void content_number(struct tok *t)
{
    char b[PM_PDF_WORD + 1];
    size_t k = t->wlong ? 0 : t->wlen;
    memcpy(b, t->word, k);
    b[k] = '\0';
    if (t->nnum == 6) {
        memmove(t->num, t->num + 1, 5 * sizeof t->num[0]);
        t->nnum = 5;
    }
    t->num[t->nnum++] = strtod(b, NULL);
}

/* An operator (nnum: the numbers before it). Its string operands are shown
 * or dropped; positioning decides whether a line ends. */
static void content_operator(struct pm_pdf *p, unsigned nnum)
{
    struct tok *t = &p->t;
    if (word_is(t, "Tj") || word_is(t, "TJ")) {
        if (t->bt_fresh) { /* a text object drawn where it was: apart from the last */
            pdf_show_nl(p);
            t->bt_fresh = 0;
        }
        pend_show(p);
    } else if (word_is(t, "'") || word_is(t, "\"")) {
        pdf_show_nl(p);
        t->bt_fresh = 0;
        pend_show(p);
    } else if (word_is(t, "BT")) {
        t->plen = 0;
        t->bt_fresh = 1;
    } else if (word_is(t, "ET")) {
        t->plen = 0;
        t->bt_fresh = 1; /* what follows is apart, unless placed on this line */
    } else if (word_is(t, "Td") || word_is(t, "TD")) {
        /* "tx 0 Td" moves along the line: the runs belong together */
        t->plen = 0;
        if (!(nnum >= 2 && t->num[nnum - 1] == 0.0))
            pdf_show_nl(p);
        t->bt_fresh = 0;
    } else if (word_is(t, "Tm")) {
        /* the same y as the last Tm: still the same line */
        t->plen = 0;
        double y = nnum >= 6 ? t->num[nnum - 1] : 0.0;
        if (!(nnum >= 6 && t->have_y && y == t->line_y))
            pdf_show_nl(p);
        t->line_y = y;
        t->have_y = nnum >= 6;
        t->bt_fresh = 0;
    } else if (word_is(t, "T*")) {
        t->plen = 0;
        pdf_show_nl(p);
        t->bt_fresh = 0;
    } else if (word_is(t, "Tf")) {
        t->plen = 0;
        memcpy(p->curfont, t->fname, sizeof p->curfont);
    } else if (word_is(t, "ID")) {
        t->plen = 0;
        t->ei = 0;
        t->st = T_INLINE; /* the tokenizer skips the image data up to EI */
    } else {
        t->plen = 0; /* any other operator consumes its operands */
    }
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
    if (p->cb.idx != -1) /* a bfrange's destination array */
        pdf_cmap_bracket(p, c);
}

const struct tok_ops pdf_content_ops = {
    .pol = POL_CONTENT,
    .word = content_word,
    .str = content_str,
    .open = NULL,
    .close = NULL,
    .bracket = content_bracket,
};
