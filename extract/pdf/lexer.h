/* lexer.h — the bottom of the PDF extractor: byte classes, text output and
 * the byte-level tokenizer (see lexer.c). Internal to extract/pdf/; it
 * includes nothing of the parts above it (cmap, content, pdf), which reach
 * it through struct tok_ops only.
 */
#ifndef PM_PDF_LEXER_H
#define PM_PDF_LEXER_H

#include <stddef.h>
#include <string.h>

#include "extract/pdf/pdf_int.h"

/* ---- byte classes (PDF 32000-1, 7.2.2) ---- */

static inline int is_ws(unsigned c)
{
    return c == 0 || c == '\t' || c == '\n' || c == '\f' || c == '\r' || c == ' ';
}

static inline int is_delim(unsigned c)
{
    return c == '(' || c == ')' || c == '<' || c == '>' || c == '[' || c == ']' || c == '{' ||
           c == '}' || c == '/' || c == '%';
}

static inline int is_reg(unsigned c) { return !is_ws(c) && !is_delim(c); }

static inline int hexval(unsigned c)
{
    if (c >= '0' && c <= '9')
        return (int)(c - '0');
    if (c >= 'a' && c <= 'f')
        return (int)(c - 'a' + 10);
    if (c >= 'A' && c <= 'F')
        return (int)(c - 'A' + 10);
    return -1;
}

/* The word the tokenizer just reported is exactly op. */
static inline int word_is(const struct tok *t, const char *op)
{
    size_t n = strlen(op);
    return t->wlen == n && memcmp(t->word, op, n) == 0;
}

/* ---- output: every part writes text through these ---- */

/* Hands the buffered text to the callback. */
void pdf_out_flush(struct pm_pdf *p);
void pdf_out_put(struct pm_pdf *p, const void *data, size_t n);
/* A line break, unless the text already ends with one. */
void pdf_out_nl(struct pm_pdf *p);
/* A blank line (a paragraph's end), unless the text already ends with one. */
void pdf_out_para(struct pm_pdf *p);
/* A space or tab, unless the text already ends with white space. */
void pdf_out_sep(struct pm_pdf *p, char c);

/* ---- the tokenizer ---- */

/* Starts a tokenized region that reports to ops; guard: a stream, given up
 * when it turns out binary. */
void pdf_tok_reset(struct tok *t, const struct tok_ops *ops, int guard);
/* One byte, or n bytes, through p->t. */
void pdf_tok_byte(struct pm_pdf *p, unsigned c);
void pdf_tok_feed(struct pm_pdf *p, const unsigned char *b, size_t n);
/* The region ends: finishes the token in progress, drops unshown operands. */
void pdf_tok_end(struct pm_pdf *p);

/* A string piece as text: a byte-order mark at the start of the string
 * selects UTF-16BE (converted to UTF-8); DICT drops the values of binary
 * keys and strings that look binary. The text goes to the output (DICT) or
 * to the pending operands (CONTENT). */
void pdf_str_text(struct pm_pdf *p, const unsigned char *s, size_t n, int final);

#endif
