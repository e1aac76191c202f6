/* lexer.c — the bottom of the PDF text extractor (see pdf_int.h for the map):
 * text output, the byte-level tokenizer and string bytes to text.
 *
 * The tokenizer reads literal and hex strings, comments, words and inline
 * images one byte at a time and keeps its state across any cut between two
 * pieces. It runs over the bytes outside streams and over object streams
 * with the DICT policy (every string is text, one per line) and over content
 * streams with the CONTENT policy (strings are operands, shown only when
 * their operator is Tj, TJ, ' or "). What the tokens mean is not its
 * business: it reports words, string pieces, << >> and [ ] through the
 * struct tok_ops its owner set (pdf.c for dictionaries, content.c for
 * content streams), and never includes their headers.
 *
 * Binary garbage stays quiet: a stream whose bytes between tokens are
 * largely binary (PM_PDF_JUNK_MIN) is not PDF syntax and is left unread from
 * there on, so no strings are made up from its bytes. A string longer than
 * PM_PDF_STR_MAX is passed on in pieces (nothing is lost); more than
 * PM_PDF_PEND_MAX bytes of operands with no operator are emitted early
 * rather than dropped.
 */
#include <string.h>

#include "common/utf8.h"
#include "common/bytescan.h"
#include "extract/pdf/lexer.h"

/* ---- output ----------------------------------------------------------------------- */

void pdf_out_flush(struct pm_pdf *p)
{
    if (p->olen && p->emit)
        p->emit(p->ctx, p->out, p->olen);
    p->olen = 0;
}

void pdf_out_put(struct pm_pdf *p, const void *data, size_t n)
{
    const char *s = data;
    while (n > 0) {
        size_t room = PM_PDF_OUT_MAX - p->olen;
        size_t k = n < room ? n : room;
        memcpy(p->out + p->olen, s, k);
        p->olen += k;
        s += k;
        n -= k;
        p->last2 = k > 1 ? s[-2] : p->last;
        p->last = s[-1];
        if (p->olen == PM_PDF_OUT_MAX)
            pdf_out_flush(p);
    }
}

void pdf_out_nl(struct pm_pdf *p)
{
    if (p->last != '\n')
        pdf_out_put(p, "\n", 1);
}

void pdf_out_para(struct pm_pdf *p)
{
    pdf_out_nl(p);
    if (p->last2 != '\n')
        pdf_out_put(p, "\n", 1);
}

void pdf_out_sep(struct pm_pdf *p, char c)
{
    if (p->last != '\n' && p->last != ' ' && p->last != '\t')
        pdf_out_put(p, &c, 1);
}

/* ---- strings ---------------------------------------------------------------------- */

/* Where string bytes go: shown text now (DICT) or pending operands (CONTENT). */
static void sink_put(struct pm_pdf *p, const void *data, size_t n)
{
    struct tok *t = &p->t;
    const char *s = data;
    if (t->pol == POL_DICT) {
        pdf_out_put(p, s, n);
        return;
    }
    while (n > 0) {
        size_t room = PM_PDF_PEND_MAX - t->plen;
        if (room == 0) { /* no operator in sight: emit rather than lose it */
            pdf_out_put(p, t->pend, t->plen);
            t->plen = 0;
            continue;
        }
        size_t k = n < room ? n : room;
        memcpy(t->pend + t->plen, s, k);
        t->plen += k;
        s += k;
        n -= k;
    }
}

static void put_cp(struct pm_pdf *p, unsigned cp)
{
    unsigned char u[4];
    sink_put(p, u, pm_utf8_put(cp, u));
}

static void put_unit(struct pm_pdf *p, unsigned u)
{
    struct tok *t = &p->t;
    if (u >= 0xD800 && u <= 0xDBFF) {
        if (t->hi)
            put_cp(p, 0xFFFD);
        t->hi = u;
        return;
    }
    if (u >= 0xDC00 && u <= 0xDFFF) {
        if (t->hi)
            put_cp(p, 0x10000 + ((t->hi - 0xD800) << 10) + (u - 0xDC00));
        else
            put_cp(p, 0xFFFD);
        t->hi = 0;
        return;
    }
    if (t->hi)
        put_cp(p, 0xFFFD);
    t->hi = 0;
    put_cp(p, u);
}

/* Binary rather than text: more than 1 byte in 16 is a control character.
 * Used for DICT strings only: binary strings under other keys than /ID, /O, /U. */
static int looks_binary(const unsigned char *s, size_t n)
{
    size_t ctrl = 0;
    for (size_t i = 0; i < n; i++)
        if ((s[i] < 0x20 && !is_ws(s[i])) || s[i] == 0 || s[i] == 0x7F)
            ctrl++;
    return ctrl * 16 > n;
}

static void str_begin(struct tok *t)
{
    t->slen = 0;
    t->spieces = 0;
    t->utf16 = 0;
    t->carry = -1;
    t->hi = 0;
}

void pdf_str_text(struct pm_pdf *p, const unsigned char *s, size_t n, int final)
{
    struct tok *t = &p->t;
    if (t->spieces++ == 0) { /* a byte-order mark only counts at the start */
        if (n >= 2 && s[0] == 0xFE && s[1] == 0xFF) {
            t->utf16 = 1;
            s += 2;
            n -= 2;
        } else if (n >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF) {
            s += 3;
            n -= 3;
        }
    }
    if (t->pol == POL_DICT && t->binkey) {
        /* dropped: /ID [<…> <…>], /O (…), /U (…) */
    } else if (!t->utf16) {
        if (t->pol != POL_DICT || !looks_binary(s, n))
            sink_put(p, s, n);
    } else {
        size_t k = 0;
        if (t->carry >= 0 && n > 0) {
            put_unit(p, ((unsigned)t->carry << 8) | s[0]);
            t->carry = -1;
            k = 1;
        }
        for (; k + 1 < n; k += 2)
            put_unit(p, ((unsigned)s[k] << 8) | s[k + 1]);
        if (k < n)
            t->carry = s[k];
        if (final && t->hi) {
            put_cp(p, 0xFFFD);
            t->hi = 0;
        }
    }
}

/* Passes the bytes in t->s on to the owner; `final` ends the string. */
static void str_piece(struct pm_pdf *p, int final)
{
    struct tok *t = &p->t;
    size_t n = t->slen;
    t->slen = 0;
    if (t->ops->str)
        t->ops->str(p, t->s, n, final);
}

static void str_add(struct pm_pdf *p, unsigned c)
{
    struct tok *t = &p->t;
    if (t->slen == PM_PDF_STR_MAX)
        str_piece(p, 0);
    t->s[t->slen++] = (unsigned char)c;
}

/* ---- tokenizer -------------------------------------------------------------------- */

void pdf_tok_reset(struct tok *t, const struct tok_ops *ops, int guard)
{
    t->st = T_NORMAL;
    t->ops = ops;
    t->pol = ops->pol;
    t->guard = guard;
    t->dead = 0;
    t->seen = 0;
    t->junk = 0;
    t->depth = 0;
    t->nib = -1;
    t->wlen = 0;
    t->wlong = 0;
    t->ei = 0;
    t->plen = 0;
    t->binkey = 0;
    t->fname[0] = '\0';
    t->gt = 0;
    t->cmjunk = 0;
    str_begin(t);
}

/* A word ended: its owner decides what it means (a content stream may switch
 * the tokenizer to T_INLINE after ID). */
static void word_end(struct pm_pdf *p)
{
    struct tok *t = &p->t;
    unsigned c0 = t->wlen ? (unsigned char)t->word[0] : 0;
    /* keys whose strings are binary (file ids, encryption); any other word
     * ends their value */
    t->binkey = c0 == '/' && !t->wlong &&
                (word_is(t, "/ID") || word_is(t, "/O") || word_is(t, "/U") ||
                 word_is(t, "/OE") || word_is(t, "/UE") || word_is(t, "/Perms"));
    if (t->wlen > 0 && t->ops->word)
        t->ops->word(p);
}

/* One function per state. Each returns 1 when the byte ended a token and
 * must be processed again in the new state, 0 when it was used up. */

static int st_normal(struct pm_pdf *p, unsigned c)
{
    struct tok *t = &p->t;
    if (c != '>')
        t->gt = 0;
    if (is_ws(c))
        return 0;
    switch (c) {
    case '%':
        t->st = T_COMMENT;
        return 0;
    case '(':
        str_begin(t);
        t->depth = 1;
        t->st = T_LIT;
        return 0;
    case '<':
        t->st = T_LT;
        return 0;
    case '>':
        if (t->gt && t->ops->close)
            t->ops->close(p);
        t->gt = !t->gt;
        return 0;
    case '[':
    case ']':
        if (t->ops->bracket)
            t->ops->bracket(p, c);
        return 0;
    case ')':
    case '{':
    case '}':
        return 0;
    default: /* '/' or a regular byte: a word */
        t->wlen = 0;
        t->wlong = 0;
        t->st = T_WORD;
        return 1;
    }
}

static int st_word(struct pm_pdf *p, unsigned c)
{
    struct tok *t = &p->t;
    if (is_reg(c) || (c == '/' && t->wlen == 0 && !t->wlong)) {
        if (t->wlen < PM_PDF_WORD)
            t->word[t->wlen++] = (char)c;
        else
            t->wlong = 1;
        return 0;
    }
    t->st = T_NORMAL;
    word_end(p);
    /* after ID the byte separates it from the data */
    return t->st != T_INLINE;
}

static int st_comment(struct tok *t, unsigned c)
{
    if (c == '\n' || c == '\r')
        t->st = T_NORMAL;
    return 0;
}

static int st_lt(struct pm_pdf *p, unsigned c)
{
    struct tok *t = &p->t;
    if (c == '<') { /* a dictionary: its contents are tokens like any */
        t->st = T_NORMAL;
        if (t->ops->open)
            t->ops->open(p);
        return 0;
    }
    str_begin(t);
    t->nib = -1;
    t->st = T_HEX;
    return 1;
}

static int st_hex(struct pm_pdf *p, unsigned c)
{
    struct tok *t = &p->t;
    int v = hexval(c);
    if (v >= 0) {
        if (t->nib < 0) {
            t->nib = v;
        } else {
            str_add(p, (unsigned)(t->nib << 4 | v));
            t->nib = -1;
        }
        return 0;
    }
    if (is_ws(c))
        return 0;
    if (c == '>') {
        if (t->nib >= 0) /* odd digit count: the last digit is padded with 0 */
            str_add(p, (unsigned)(t->nib << 4));
        t->nib = -1;
        str_piece(p, 1);
        t->st = T_NORMAL;
        return 0;
    }
    t->slen = 0; /* not a hex string after all: drop it */
    t->nib = -1;
    t->st = T_NORMAL;
    return 1;
}

static int st_lit(struct pm_pdf *p, unsigned c)
{
    struct tok *t = &p->t;
    switch (c) {
    case '\\':
        t->st = T_ESC;
        return 0;
    case '(':
        t->depth++;
        str_add(p, c);
        return 0;
    case ')':
        if (--t->depth == 0) {
            str_piece(p, 1);
            t->st = T_NORMAL;
        } else {
            str_add(p, c);
        }
        return 0;
    case '\r': /* an EOL in a string is a line feed, whatever its form */
        str_add(p, '\n');
        t->st = T_LIT_CR;
        return 0;
    default:
        str_add(p, c);
        return 0;
    }
}

/* After a CR in a literal string (T_LIT_CR) or after backslash CR
 * (T_ESC_CR): a following LF belongs to it. */
static int st_after_cr(struct tok *t, unsigned c)
{
    t->st = T_LIT;
    return c != '\n';
}

static int st_esc(struct pm_pdf *p, unsigned c)
{
    struct tok *t = &p->t;
    t->st = T_LIT;
    switch (c) {
    case 'n': str_add(p, '\n'); return 0;
    case 'r': str_add(p, '\r'); return 0;
    case 't': str_add(p, '\t'); return 0;
    case 'b': str_add(p, '\b'); return 0;
    case 'f': str_add(p, '\f'); return 0;
    case '\n': return 0; /* line continuation */
    case '\r':
        t->st = T_ESC_CR;
        return 0;
    default:
        if (c >= '0' && c <= '7') {
            t->oct = c - '0';
            t->noct = 1;
            t->st = T_OCT;
            return 0;
        }
        str_add(p, c); /* \( \) \\ and unknown escapes: the byte itself */
        return 0;
    }
}

static int st_oct(struct pm_pdf *p, unsigned c)
{
    struct tok *t = &p->t;
    if (c >= '0' && c <= '7') {
        t->oct = t->oct * 8 + (c - '0');
        if (++t->noct == 3) {
            str_add(p, t->oct & 0xFF);
            t->st = T_LIT;
        }
        return 0;
    }
    str_add(p, t->oct & 0xFF);
    t->st = T_LIT;
    return 1;
}

/* Inline image data: skip to whitespace, E, I, then whitespace or a delimiter. */
static int st_inline(struct tok *t, unsigned c)
{
    switch (t->ei) {
    case 0:
        t->ei = is_ws(c) ? 1 : 0;
        return 0;
    case 1:
        t->ei = c == 'E' ? 2 : is_ws(c) ? 1 : 0;
        return 0;
    case 2:
        t->ei = c == 'I' ? 3 : is_ws(c) ? 1 : 0;
        return 0;
    default:
        t->ei = 0;
        if (is_ws(c) || is_delim(c)) {
            t->st = T_NORMAL;
            return 1;
        }
        return 0;
    }
}

static int tok_step(struct pm_pdf *p, unsigned c)
{
    struct tok *t = &p->t;
    switch (t->st) {
    case T_NORMAL: return st_normal(p, c);
    case T_WORD: return st_word(p, c);
    case T_COMMENT: return st_comment(t, c);
    case T_LT: return st_lt(p, c);
    case T_HEX: return st_hex(p, c);
    case T_LIT: return st_lit(p, c);
    case T_LIT_CR:
    case T_ESC_CR: return st_after_cr(t, c);
    case T_ESC: return st_esc(p, c);
    case T_OCT: return st_oct(p, c);
    case T_INLINE: return st_inline(t, c);
    }
    return 0;
}

/* One byte through the tokenizer. A byte that ends a token is processed
 * again in the next state (the loop), never dropped. */
void pdf_tok_byte(struct pm_pdf *p, unsigned c)
{
    struct tok *t = &p->t;
    if (t->dead)
        return;
    t->seen++;
    /* Content and object streams are ASCII between their strings. A stream
     * with many binary bytes there is something else (a font program, an
     * ICC profile, garbage): stop reading it, so that no strings are made
     * up from its bytes. */
    if (t->guard && (t->st == T_NORMAL || t->st == T_WORD) &&
        (c == 0 || c >= 0x7F || (c < 0x20 && !is_ws(c))) && ++t->junk >= PM_PDF_JUNK_MIN &&
        t->junk * 16 > t->seen) {
        t->dead = 1;
        t->plen = 0;
        return;
    }
    while (tok_step(p, c))
        ;
}

/* White space between tokens that the guard never counts as binary (NUL is
 * white space too, but counts). */
static int quiet_ws(unsigned c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f'; }

/* A word byte that is printable ASCII, so never binary for the guard; '/'
 * (which starts a name) is left to the state machine. */
static int word_plain(unsigned c) { return c > 0x20 && c < 0x7F && !is_delim(c); }

/* How many of the n bytes at b the current state takes as a run, with
 * exactly the effect pdf_tok_byte would have on each of them: no token
 * ends, no callback runs (a string piece that is full is left to
 * pdf_tok_byte, which passes it on with the byte count where it was), and
 * the guard counts none of them as binary. 0 when the first byte needs the
 * state machine. */
static size_t tok_run(struct pm_pdf *p, const unsigned char *b, size_t n)
{
    struct tok *t = &p->t;
    size_t i = 0;
    switch (t->st) {
    case T_LIT: { /* up to a backslash, a parenthesis or a CR */
        size_t room = PM_PDF_STR_MAX - t->slen, m = n < room ? n : room;
        i = pm_span4((const char *)b, m, '\\', '(', ')', '\r');
        memcpy(t->s + t->slen, b, i);
        t->slen += i;
        return i;
    }
    case T_COMMENT:
        while (i < n && b[i] != '\n' && b[i] != '\r')
            i++;
        return i;
    case T_NORMAL:
        while (i < n && quiet_ws(b[i]))
            i++;
        if (i)
            t->gt = 0;
        return i;
    case T_WORD:
        while (i < n && word_plain(b[i])) {
            if (t->wlen < PM_PDF_WORD)
                t->word[t->wlen++] = (char)b[i];
            else
                t->wlong = 1;
            i++;
        }
        return i;
    case T_HEX:
        for (int v; i < n && (v = hexval(b[i])) >= 0; i++) {
            if (t->nib < 0) {
                t->nib = v;
            } else if (t->slen < PM_PDF_STR_MAX) {
                t->s[t->slen++] = (unsigned char)(t->nib << 4 | v);
                t->nib = -1;
            } else {
                break;
            }
        }
        return i;
    default:
        return 0;
    }
}

/* As pdf_tok_byte on each byte, with the runs that only accumulate (string
 * bytes, comments, white space, word bytes, hex digits) taken whole. */
void pdf_tok_feed(struct pm_pdf *p, const unsigned char *b, size_t n)
{
    struct tok *t = &p->t;
    size_t i = 0;
    while (i < n && !t->dead) {
        size_t k = tok_run(p, b + i, n - i);
        if (k) {
            t->seen += k;
            i += k;
        } else {
            pdf_tok_byte(p, b[i++]);
        }
    }
}

/* The tokenized region ends (end of a stream, the dictionary before a stream,
 * end of file): finish the token in progress. An unterminated string is
 * passed on as far as it goes; operands with no operator are dropped. */
void pdf_tok_end(struct pm_pdf *p)
{
    struct tok *t = &p->t;
    switch (t->st) {
    case T_WORD:
        t->st = T_NORMAL;
        word_end(p);
        break;
    case T_OCT:
        str_add(p, t->oct & 0xFF);
        str_piece(p, 1);
        break;
    case T_HEX:
        if (t->nib >= 0)
            str_add(p, (unsigned)(t->nib << 4));
        str_piece(p, 1);
        break;
    case T_LIT:
    case T_LIT_CR:
    case T_ESC:
    case T_ESC_CR:
        str_piece(p, 1);
        break;
    default:
        break;
    }
    t->plen = 0;
    t->st = T_NORMAL;
}
