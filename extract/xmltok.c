/* xmltok.c — a streaming reader of the narrow XML of OOXML and ODF parts
 * (xmltok.h), in place of expat on the hot path.
 *
 * Character data is scanned 16 bytes at a time for the bytes that need a
 * look (markup, references, "]]>", line ends, control bytes, non-ASCII) and
 * handed over in place, without a copy; a tag is read whole, its names and
 * attribute values copied NUL-ended for the handlers. A token cut by the end
 * of a piece is carried into the next: the carry grows by at least its own
 * size before it is read again (reading stays linear with 1-byte pieces) and
 * is left as soon as the token it held is read.
 *
 * Where expat reports an error this reader reports the same code after the
 * same text, read in one piece (expat itself reports some errors
 * differently where its input is cut): the bad token's text is not
 * written, and of a run of character data with "]]>" in it nothing after
 * its last line end is written, as expat's data token is dropped whole.
 *
 * It must never resolve other entities, read a DTD, or hold more than
 * PM_XMLTOK_MAX bytes of one token and PM_XMLTOK_DEPTH of open names.
 */
#include <expat.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/bytescan.h"
#include "extract/xmlchar.h"
#include "extract/xmltok.h"

#define PROLOG_MAX 65536 /* bytes of prolog and root start tag held for expat */

enum { ST_PROLOG, ST_CONTENT, ST_EPILOG, ST_ERROR, ST_FOREIGN };
/* What a tag reader found: read, not yet whole, or the reason it failed. */
enum { TAG_OK = 0, TAG_MORE = -1, TAG_BAD = -2, TAG_ASCII = -3 };

struct pm_xmltok {
    struct pm_xmltok_handlers h;
    int state;
    int cdata;            /* in a CDATA section */
    char *held;           /* ST_PROLOG: every byte so far */
    size_t nheld, taken;
    char *carry;          /* a token cut by a piece's end */
    size_t ncarry, capcarry, need;
    char *names;          /* the open elements' names, each NUL-ended */
    size_t nnames, capnames;
    size_t *top;          /* where each open name starts */
    size_t depth, captop;
    char *abuf;           /* the tag read: its names and values, NUL-ended */
    size_t nabuf, capabuf;
    size_t *aoff;         /* name, value, ... offsets in abuf */
    const char **av;
    size_t capoff, capav;
    const char *base;     /* the buffer being read, for error lines */
    unsigned long line;   /* line ends before base */
    int code;
    unsigned long errline;
    const char *limit;
};

/* ---- bytes ------------------------------------------------------------- */

/* The bytes before the first that character data cannot pass blindly: a
 * control byte, a non-ASCII byte, '<', '&' or ']'. */
static size_t plain(const char *p, size_t n)
{
    size_t i = 0;
#ifdef PM_BYTESCAN_SIMD
    const __m128i lt = _mm_set1_epi8('<'), amp = _mm_set1_epi8('&'), rs = _mm_set1_epi8(']'),
                  sp = _mm_set1_epi8(0x20);
    for (; i + 16 <= n; i += 16) {
        __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(p + i));
        __m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmplt_epi8(x, sp), _mm_cmpeq_epi8(x, lt)),
                                   _mm_or_si128(_mm_cmpeq_epi8(x, amp), _mm_cmpeq_epi8(x, rs)));
        unsigned m = (unsigned)_mm_movemask_epi8(hit);
        if (m)
            return i + (size_t)__builtin_ctz(m);
    }
#endif
    for (; i < n; i++) {
        unsigned char c = (unsigned char)p[i];
        if (c < 0x20 || c >= 0x80 || c == '<' || c == '&' || c == ']')
            break;
    }
    return i;
}

/* Line ends in p[0 .. n): LF, CR and CR LF, one each, as expat counts. */
static unsigned long lines(const char *p, size_t n)
{
    unsigned long k = 0;
    const char *e = p + n, *q = p;
    while ((q = memchr(q, '\n', (size_t)(e - q))) != NULL)
        k++, q++;
    if (memchr(p, '\r', n))
        for (q = p; q < e; q++)
            k += *q == '\r' && (q + 1 == e || q[1] != '\n');
    return k;
}

/* ---- state ------------------------------------------------------------- */

static void fail(struct pm_xmltok *t, int code, const char *at)
{
    t->state = ST_ERROR;
    t->code = code;
    t->errline = t->line + 1 + (at && t->base ? lines(t->base, (size_t)(at - t->base)) : 0);
}

static void fail_limit(struct pm_xmltok *t, const char *why, const char *at)
{
    fail(t, 0, at);
    t->limit = why;
}

static int grow(void *pp, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return 0;
    size_t c = *cap ? *cap : 64;
    while (c < need)
        c *= 2;
    void *q = realloc(*(void **)pp, c * size);
    if (!q)
        return -1;
    *(void **)pp = q;
    *cap = c;
    return 0;
}

static void emit(struct pm_xmltok *t, const char *s, size_t n)
{
    while (n > 0) {
        size_t k = n > (1u << 30) ? (1u << 30) : n;
        t->h.text(t->h.ctx, s, (int)k);
        s += k;
        n -= k;
    }
}

/* ---- character data ---------------------------------------------------- */

/* Character data at p (content, or a CDATA section's after its "<![CDATA[",
 * whose "]]>" ends it): written, up to markup or a reference, or up to the
 * bytes that need the next piece to be read. Returns the bytes read. */
static size_t text(struct pm_xmltok *t, const char *p, size_t n, int final)
{
    size_t i = 0, s = 0;
    for (;;) {
        i += plain(p + i, n - i);
        if (i == n)
            break;
        unsigned char c = (unsigned char)p[i];
        if ((c == '<' || c == '&') && !t->cdata)
            break;
        if (c == '\n' || c == '\t' || c == '<' || c == '&') {
            i++;
        } else if (c == '\r') {
            if (i + 1 == n && !final)
                break;
            emit(t, p + s, i - s);
            emit(t, "\n", 1);
            i += i + 1 < n && p[i + 1] == '\n' ? 2 : 1;
            s = i;
        } else if (c == ']') {
            if (i + 2 >= n && !final)
                break;
            if (i + 2 < n && p[i + 1] == ']' && p[i + 2] == '>') {
                if (t->cdata) {
                    emit(t, p + s, i - s);
                    t->cdata = 0;
                    return i + 3;
                }
                /* expat drops its whole data token: back to the last line end */
                size_t e = i;
                while (e > s && p[e - 1] != '\n')
                    e--;
                emit(t, p + s, e - s);
                fail(t, XML_ERROR_INVALID_TOKEN, p + i);
                return i;
            }
            i++;
        } else if (c < 0x20) {
            emit(t, p + s, i - s);
            fail(t, XML_ERROR_INVALID_TOKEN, p + i);
            return i;
        } else {
            int k = utf8_char((const unsigned char *)p + i, n - i);
            if (k < 0 && !final)
                break;
            if (k <= 0) {
                emit(t, p + s, i - s);
                fail(t, k < 0 ? XML_ERROR_PARTIAL_CHAR : XML_ERROR_INVALID_TOKEN, p + i);
                return i;
            }
            i += (size_t)k;
        }
    }
    emit(t, p + s, i - s);
    if (i == n && final && t->cdata)
        fail(t, XML_ERROR_UNCLOSED_CDATA_SECTION, p + i);
    return i;
}

/* A reference at p ('&'): its text into o (4 bytes). Returns its length,
 * TAG_MORE if it is cut, or TAG_BAD with *code set. */
static long reference(const char *p, size_t n, char *o, int *olen, int *code)
{
    size_t i = 1;
    *code = XML_ERROR_INVALID_TOKEN;
    if (i < n && p[i] == '#') {
        int hex = ++i < n && p[i] == 'x';
        unsigned long v = 0;
        size_t start = i += (size_t)hex;
        for (; i < n; i++) {
            int d = hex ? hexval((unsigned char)p[i]) : p[i] >= '0' && p[i] <= '9' ? p[i] - '0' : -1;
            if (d < 0)
                break;
            v = v > 0x10FFFF ? v : v * (hex ? 16 : 10) + (unsigned long)d;
        }
        if (i == n)
            return TAG_MORE;
        if (p[i] != ';' || i == start)
            return TAG_BAD;
        *olen = put_utf8(v, o);
        if (*olen == 0) {
            *code = XML_ERROR_BAD_CHAR_REF;
            return TAG_BAD;
        }
        return (long)(i + 1);
    }
    if (i == n)
        return TAG_MORE;
    if (!name_start((unsigned char)p[i]))
        return TAG_BAD;
    while (++i < n && name_char((unsigned char)p[i]))
        ;
    if (i == n)
        return TAG_MORE;
    if (p[i] != ';')
        return TAG_BAD;
    static const char *const ents[] = {"lt", "gt", "amp", "quot", "apos"};
    static const char chars[] = "<>&\"'";
    for (int e = 0; e < 5; e++)
        if (i - 1 == strlen(ents[e]) && memcmp(p + 1, ents[e], i - 1) == 0) {
            o[0] = chars[e];
            *olen = 1;
            return (long)(i + 1);
        }
    *code = XML_ERROR_UNDEFINED_ENTITY;
    return TAG_BAD;
}

static size_t amp(struct pm_xmltok *t, const char *p, size_t n, int final)
{
    char o[4];
    int olen = 0, code;
    long k = reference(p, n, o, &olen, &code);
    if (k == TAG_MORE && !final)
        return 0;
    if (k < 0) {
        fail(t, k == TAG_MORE ? XML_ERROR_UNCLOSED_TOKEN : code, p);
        return 0;
    }
    emit(t, o, (size_t)olen);
    return (size_t)k;
}

/* ---- tags -------------------------------------------------------------- */

static int abuf_put(struct pm_xmltok *t, const char *s, size_t n)
{
    if (grow(&t->abuf, &t->capabuf, t->nabuf + n + 1, 1) != 0)
        return -1;
    memcpy(t->abuf + t->nabuf, s, n);
    t->nabuf += n;
    return 0;
}

/* A name at p[*i]: appended to abuf, NUL-ended. TAG_ASCII if a byte of it
 * is not ASCII, TAG_BAD if it is no name. */
static int read_name(struct pm_xmltok *t, const char *p, size_t n, size_t *i)
{
    size_t s = *i;
    if (s >= n || !name_start((unsigned char)p[s]))
        return s < n && (unsigned char)p[s] >= 0x80 ? TAG_ASCII : TAG_BAD;
    while (++*i < n && name_char((unsigned char)p[*i]))
        ;
    if (*i < n && (unsigned char)p[*i] >= 0x80)
        return TAG_ASCII;
    if (abuf_put(t, p + s, *i - s) != 0)
        return TAG_BAD;
    t->abuf[t->nabuf++] = '\0';
    return TAG_OK;
}

/* An attribute value p[*i] (its quote) up to the same quote, normalised as
 * expat does (references replaced, each TAB, LF, CR or CR LF a space) into
 * abuf, NUL-ended. */
static int read_value(struct pm_xmltok *t, const char *p, size_t n, size_t *i, int *code)
{
    char q = p[*i], o[4];
    size_t k = ++*i;
    for (;;) {
        size_t s = k;
        while (k < n && p[k] != q && (unsigned char)p[k] >= 0x20 && (unsigned char)p[k] < 0x80 &&
               p[k] != '&' && p[k] != '<')
            k++;
        if (abuf_put(t, p + s, k - s) != 0 || k >= n)
            return TAG_BAD;
        unsigned char c = (unsigned char)p[k];
        int olen = 0;
        if (c == (unsigned char)q) {
            t->abuf[t->nabuf++] = '\0';
            *i = k + 1;
            return TAG_OK;
        } else if (c == '<') {
            return TAG_BAD;
        } else if (c == '&') {
            long r = reference(p + k, n - k, o, &olen, code);
            if (r < 0)
                return TAG_BAD;
            k += (size_t)r;
        } else if (c == '\t' || c == '\n' || c == '\r') {
            k += c == '\r' && k + 1 < n && p[k + 1] == '\n' ? 2 : 1;
            o[0] = ' ', olen = 1;
        } else if (c < 0x20) {
            return TAG_BAD;
        } else {
            int u = utf8_char((const unsigned char *)p + k, n - k);
            if (u <= 0)
                return TAG_BAD;
            memcpy(o, p + k, (size_t)u);
            olen = u;
            k += (size_t)u;
        }
        if (abuf_put(t, o, (size_t)olen) != 0)
            return TAG_BAD;
    }
}

/* The start tag p[0 .. n) ('<' to '>') read into abuf and av. *empty: it
 * ends in "/>". */
static int read_start(struct pm_xmltok *t, const char *p, size_t n, int *empty, int *code)
{
    size_t i = 1, nat = 0;
    *code = XML_ERROR_INVALID_TOKEN;
    t->nabuf = 0;
    int r = read_name(t, p, n, &i);
    if (r != TAG_OK)
        return r;
    if (grow(&t->aoff, &t->capoff, 2, sizeof *t->aoff) != 0)
        return TAG_BAD;
    for (;;) {
        if (i < n && p[i] == '>')
            break;
        if (i + 1 < n && p[i] == '/' && p[i + 1] == '>') {
            *empty = 1;
            break;
        }
        if (i >= n || !is_space((unsigned char)p[i]))
            return TAG_BAD;
        while (i < n && is_space((unsigned char)p[i]))
            i++;
        if (i < n && (p[i] == '>' || p[i] == '/'))
            continue;
        if (grow(&t->aoff, &t->capoff, 2 * nat + 3, sizeof *t->aoff) != 0)
            return TAG_BAD;
        t->aoff[2 * nat] = t->nabuf;
        if ((r = read_name(t, p, n, &i)) != TAG_OK)
            return r;
        while (i < n && is_space((unsigned char)p[i]))
            i++;
        if (i >= n || p[i++] != '=')
            return TAG_BAD;
        while (i < n && is_space((unsigned char)p[i]))
            i++;
        if (i >= n || (p[i] != '"' && p[i] != '\''))
            return TAG_BAD;
        t->aoff[2 * nat + 1] = t->nabuf;
        if ((r = read_value(t, p, n, &i, code)) != TAG_OK)
            return r;
        nat++;
        if (i < n && !is_space((unsigned char)p[i]) && p[i] != '>' && p[i] != '/')
            return TAG_BAD;
    }
    if (grow(&t->av, &t->capav, 2 * nat + 1, sizeof *t->av) != 0)
        return TAG_BAD;
    for (size_t a = 0; a < 2 * nat; a++)
        t->av[a] = t->abuf + t->aoff[a];
    t->av[2 * nat] = NULL;
    for (size_t a = 0; a < nat; a++)
        for (size_t b = a + 1; b < nat; b++)
            if (strcmp(t->av[2 * a], t->av[2 * b]) == 0) {
                *code = XML_ERROR_DUPLICATE_ATTRIBUTE;
                return TAG_BAD;
            }
    return TAG_OK;
}

/* The length of the start tag at p up to its '>' outside quotes; 0 if it
 * is cut; at a '<' (never in a tag) it ends there, to fail. */
static size_t tag_end(const char *p, size_t n)
{
    size_t i = 1;
    char q = 0;
    while (i < n) {
        if (q) {
            i += pm_span3(p + i, n - i, q, '<', q);
            if (i < n && p[i] == '<')
                return i;
            if (i < n)
                q = 0, i++;
            continue;
        }
        i += pm_span4(p + i, n - i, '>', '"', '\'', '<');
        if (i >= n)
            break;
        if (p[i] == '>' || p[i] == '<')
            return p[i] == '>' ? i + 1 : i;
        q = p[i++];
    }
    return 0;
}

static void push_name(struct pm_xmltok *t, const char *name, const char *at)
{
    size_t k = strlen(name) + 1;
    if (t->nnames + k > PM_XMLTOK_DEPTH) {
        fail_limit(t, "elements nested too deep", at);
        return;
    }
    if (grow(&t->names, &t->capnames, t->nnames + k, 1) != 0 ||
        grow(&t->top, &t->captop, t->depth + 1, sizeof *t->top) != 0) {
        fail_limit(t, "out of memory", at);
        return;
    }
    memcpy(t->names + t->nnames, name, k);
    t->top[t->depth++] = t->nnames;
    t->nnames += k;
}

static void pop_name(struct pm_xmltok *t)
{
    t->h.end(t->h.ctx, t->names + t->top[t->depth - 1]);
    t->nnames = t->top[--t->depth];
    if (t->depth == 0)
        t->state = ST_EPILOG;
}

/* A start tag at p: its handlers run. Returns its length, 0 if it is cut
 * or failed. */
static size_t start_tag(struct pm_xmltok *t, const char *p, size_t n, int final)
{
    size_t len = tag_end(p, n);
    int empty = 0, code;
    if (len == 0) {
        if (final)
            fail(t, XML_ERROR_UNCLOSED_TOKEN, p);
        return 0;
    }
    int r = read_start(t, p, len, &empty, &code);
    if (r == TAG_ASCII) {
        fail_limit(t, "a name that is not ASCII", p);
        return 0;
    }
    if (r != TAG_OK) {
        fail(t, code, p);
        return 0;
    }
    push_name(t, t->abuf, p);
    if (t->state == ST_ERROR)
        return 0;
    t->h.start(t->h.ctx, t->abuf, t->av);
    if (empty)
        pop_name(t);
    return len;
}

static size_t end_tag(struct pm_xmltok *t, const char *p, size_t n, int final)
{
    /* The usual end tag: the open element's name (read already) and '>'. */
    const char *open = t->names + t->top[t->depth - 1];
    size_t l = t->nnames - t->top[t->depth - 1] - 1;
    if (l + 3 <= n && p[l + 2] == '>' && memcmp(p + 2, open, l) == 0) {
        pop_name(t);
        return l + 3;
    }
    const char *gt = memchr(p, '>', n);
    if (!gt) {
        if (final)
            fail(t, XML_ERROR_UNCLOSED_TOKEN, p);
        return 0;
    }
    size_t len = (size_t)(gt - p) + 1, i = 2;
    t->nabuf = 0;
    int r = read_name(t, p, len, &i);
    while (r == TAG_OK && i < len && is_space((unsigned char)p[i]))
        i++;
    if (r == TAG_ASCII) {
        fail_limit(t, "a name that is not ASCII", p);
        return 0;
    }
    if (r != TAG_OK || i != len - 1) {
        fail(t, XML_ERROR_INVALID_TOKEN, p);
        return 0;
    }
    if (strcmp(t->abuf, t->names + t->top[t->depth - 1]) != 0) {
        fail(t, XML_ERROR_TAG_MISMATCH, p);
        return 0;
    }
    pop_name(t);
    return len;
}

/* Characters XML allows, from p[i] up to the first of stop (a 2-byte
 * string); returns where it is, n if it is not there, or (size_t)-1 at a
 * character XML does not allow. */
static size_t chars_until(const char *p, size_t n, size_t i, const char *stop)
{
    while (i < n) {
        unsigned char c = (unsigned char)p[i];
        if (c == (unsigned char)stop[0] && i + 1 < n && p[i + 1] == stop[1])
            return i;
        if (c >= 0x80) {
            int k = utf8_char((const unsigned char *)p + i, n - i);
            if (k < 0)
                return n;
            if (k == 0)
                return (size_t)-1;
            i += (size_t)k;
        } else if (c < 0x20 && !is_space(c)) {
            return (size_t)-1;
        } else {
            i++;
        }
    }
    return n;
}

/* A comment "<!-- .. -->" at p. */
static size_t comment(struct pm_xmltok *t, const char *p, size_t n, int final)
{
    size_t e = chars_until(p, n, 4, "--");
    if (e == (size_t)-1 || (e + 2 < n && p[e + 2] != '>')) {
        fail(t, XML_ERROR_INVALID_TOKEN, p);
        return 0;
    }
    if (e + 2 >= n) {
        if (final)
            fail(t, XML_ERROR_UNCLOSED_TOKEN, p);
        return 0;
    }
    return e + 3;
}

/* A processing instruction "<?target ...?>" at p. */
static size_t pi(struct pm_xmltok *t, const char *p, size_t n, int final)
{
    size_t i = 2;
    while (i < n && name_char((unsigned char)p[i]))
        i++;
    if (i == n) {
        if (final)
            fail(t, XML_ERROR_UNCLOSED_TOKEN, p);
        return 0;
    }
    if (!name_start((unsigned char)p[2]) || (unsigned char)p[i] >= 0x80 ||
        (!is_space((unsigned char)p[i]) && p[i] != '?')) {
        if ((unsigned char)p[i] >= 0x80 || (unsigned char)p[2] >= 0x80)
            fail_limit(t, "a name that is not ASCII", p);
        else
            fail(t, XML_ERROR_INVALID_TOKEN, p);
        return 0;
    }
    if (i - 2 == 3 && (p[2] | 0x20) == 'x' && (p[3] | 0x20) == 'm' && (p[4] | 0x20) == 'l') {
        fail(t, memcmp(p + 2, "xml", 3) == 0 ? XML_ERROR_MISPLACED_XML_PI : XML_ERROR_INVALID_TOKEN,
             p);
        return 0;
    }
    size_t e = chars_until(p, n, i, "?>");
    if (e == (size_t)-1 || (p[i] == '?' && e != i && (e != n || i + 1 < n))) {
        fail(t, XML_ERROR_INVALID_TOKEN, p);
        return 0;
    }
    if (e >= n) {
        if (final)
            fail(t, XML_ERROR_UNCLOSED_TOKEN, p);
        return 0;
    }
    return e + 2;
}

/* Markup at p ('<'): a tag, comment, PI or CDATA section (not after the
 * root: only comments and PIs). Returns its length, 0 if cut or failed. */
static size_t markup(struct pm_xmltok *t, const char *p, size_t n, int final)
{
    static const char cd[] = "<![CDATA[", cm[] = "<!--";
    int epilog = t->state == ST_EPILOG;
    if (n < 2) {
        if (final)
            fail(t, XML_ERROR_UNCLOSED_TOKEN, p);
        return 0;
    }
    if (p[1] == '?')
        return pi(t, p, n, final);
    if (p[1] == '!') {
        size_t k = n < 9 ? n : 9;
        if (memcmp(p, cm, k < 4 ? k : 4) == 0 && k >= 4)
            return comment(t, p, n, final);
        if (memcmp(p, cd, k) == 0 && k == 9 && !epilog) {
            t->cdata = 1;
            return 9;
        }
        if ((memcmp(p, cm, k < 4 ? k : 4) == 0 || memcmp(p, cd, k) == 0) && k < 9 && !final)
            return 0;
        fail(t, epilog ? XML_ERROR_JUNK_AFTER_DOC_ELEMENT : XML_ERROR_INVALID_TOKEN, p);
        return 0;
    }
    if (epilog) {
        fail(t, XML_ERROR_JUNK_AFTER_DOC_ELEMENT, p);
        return 0;
    }
    return p[1] == '/' ? end_tag(t, p, n, final) : start_tag(t, p, n, final);
}

/* After the root: white space, comments and PIs. */
static size_t epilog(struct pm_xmltok *t, const char *p, size_t n, int final)
{
    size_t i = 0;
    while (i < n && is_space((unsigned char)p[i]))
        i++;
    if (i > 0)
        return i;
    if (p[0] == '<')
        return markup(t, p, n, final);
    fail(t, p[0] == '&' ? XML_ERROR_INVALID_TOKEN : XML_ERROR_JUNK_AFTER_DOC_ELEMENT, p);
    return 0;
}

/* Reads tokens of p[0 .. n) until one is cut (or fails), or one ends at or
 * past stop. Returns the bytes read. */
static size_t run(struct pm_xmltok *t, const char *p, size_t n, int final, size_t stop)
{
    size_t i = 0;
    t->base = p;
    while (i < n && i < stop) {
        size_t k;
        if (t->cdata)
            k = text(t, p + i, n - i, final);
        else if (t->state == ST_EPILOG)
            k = epilog(t, p + i, n - i, final);
        else if (p[i] == '<')
            k = markup(t, p + i, n - i, final);
        else if (p[i] == '&')
            k = amp(t, p + i, n - i, final);
        else
            k = text(t, p + i, n - i, final);
        i += k;
        if (k == 0 || t->state == ST_ERROR)
            break;
    }
    t->line += lines(p, i);
    t->base = NULL;
    return i;
}

/* ---- pieces ------------------------------------------------------------ */

static int carry_put(struct pm_xmltok *t, const char *p, size_t n)
{
    if (t->ncarry + n > PM_XMLTOK_MAX + 64) {
        fail_limit(t, "a token too long", NULL);
        return -1;
    }
    if (grow(&t->carry, &t->capcarry, t->ncarry + n, 1) != 0) {
        fail_limit(t, "out of memory", NULL);
        return -1;
    }
    if (n > 0)
        memcpy(t->carry + t->ncarry, p, n);
    t->ncarry += n;
    return 0;
}

/* The content (and what follows it), as it comes. */
static int content(struct pm_xmltok *t, const char *data, size_t n, int last)
{
    while (t->state == ST_CONTENT || t->state == ST_EPILOG) {
        if (t->ncarry == 0) {
            size_t c = run(t, data, n, last, SIZE_MAX);
            if (t->state == ST_ERROR || carry_put(t, data + c, n - c) != 0)
                return -1;
            t->need = 2 * t->ncarry < 64 ? 64 : 2 * t->ncarry;
            break;
        }
        size_t old = t->ncarry, take = t->need - old < n ? t->need - old : n;
        if (carry_put(t, data, take) != 0)
            return -1;
        data += take, n -= take;
        int fin = last && n == 0;
        if (t->ncarry < t->need && !fin)
            break;
        size_t c = run(t, t->carry, t->ncarry, fin, old);
        if (t->state == ST_ERROR)
            return -1;
        if (c >= old) { /* the cut token is read: on from the piece */
            size_t back = t->ncarry - c;
            data -= back, n += back;
            t->ncarry = 0;
            continue;
        }
        memmove(t->carry, t->carry + c, t->ncarry - c);
        t->ncarry -= c;
        t->need = 2 * t->ncarry;
        if (n == 0)
            break;
    }
    if (t->state == ST_ERROR)
        return -1;
    if (last && t->state == ST_CONTENT) {
        t->base = NULL;
        fail(t, t->cdata ? XML_ERROR_UNCLOSED_CDATA_SECTION : XML_ERROR_NO_ELEMENTS, NULL);
        return -1;
    }
    return 0;
}

/* ---- the prolog -------------------------------------------------------- */

/* "name" Eq quoted-value at p[*i] after white space, the value one of vals
 * (NULL-ended; case-insensitive if ci). */
static int decl_attr(const char *p, size_t n, size_t *i, const char *name,
                     const char *const *vals, int ci)
{
    size_t k = *i, l = strlen(name);
    if (k >= n || !is_space((unsigned char)p[k]))
        return 0;
    while (k < n && is_space((unsigned char)p[k]))
        k++;
    if (k + l > n || memcmp(p + k, name, l) != 0)
        return 0;
    k += l;
    while (k < n && is_space((unsigned char)p[k]))
        k++;
    if (k >= n || p[k++] != '=')
        return 0;
    while (k < n && is_space((unsigned char)p[k]))
        k++;
    if (k >= n || (p[k] != '"' && p[k] != '\''))
        return 0;
    char q = p[k++];
    for (const char *const *v = vals; *v; v++) {
        size_t vl = strlen(*v);
        if (k + vl < n && p[k + vl] == q &&
            (ci ? strncasecmp(p + k, *v, vl) == 0 : memcmp(p + k, *v, vl) == 0)) {
            *i = k + vl + 1;
            return 1;
        }
    }
    return 0;
}

/* Where the root element starts in p[0 .. n), after an XML declaration of
 * the usual form and white space; TAG_MORE if n bytes do not tell, TAG_BAD
 * for anything else (expat reads it). */
static long prolog(const char *p, size_t n)
{
    static const char *const ver[] = {"1.0", NULL}, *const enc[] = {"UTF-8", NULL},
                             *const sa[] = {"yes", "no", NULL};
    size_t i = 0;
    if (n == 0)
        return TAG_MORE;
    if (n < 6 && memcmp(p, "<?xml ", n) == 0)
        return TAG_MORE;
    if (n >= 6 && memcmp(p, "<?xml", 5) == 0 && is_space((unsigned char)p[5])) {
        const char *e = memchr(p, '>', n);
        if (!e)
            return TAG_MORE;
        size_t end = (size_t)(e - p) + 1;
        i = 5;
        if (!decl_attr(p, end, &i, "version", ver, 0))
            return TAG_BAD;
        decl_attr(p, end, &i, "encoding", enc, 1);
        decl_attr(p, end, &i, "standalone", sa, 0);
        while (i < end && is_space((unsigned char)p[i]))
            i++;
        if (i + 2 != end || p[i] != '?')
            return TAG_BAD;
        i = end;
    }
    while (i < n && is_space((unsigned char)p[i]))
        i++;
    if (i < n && p[i] != '<')
        return TAG_BAD;
    if (i + 1 >= n)
        return TAG_MORE;
    return name_start((unsigned char)p[i + 1]) ? (long)i : TAG_BAD;
}

/* The prolog and the root start tag, held until the root's handler can
 * run; anything else goes to expat. */
static int in_prolog(struct pm_xmltok *t, const char *data, size_t n, int last)
{
    size_t room = PROLOG_MAX - t->nheld;
    t->taken = n < room ? n : room;
    if (t->taken > 0) {
        char *h = realloc(t->held, t->nheld + t->taken);
        if (!h) {
            fail_limit(t, "out of memory", NULL);
            return PM_XMLTOK_ERROR;
        }
        t->held = h;
        memcpy(t->held + t->nheld, data, t->taken);
        t->nheld += t->taken;
    }
    int more = !last || t->taken < n;
    long r = prolog(t->held, t->nheld);
    size_t len = r >= 0 ? tag_end(t->held + r, t->nheld - (size_t)r) : 0;
    int empty = 0, code;
    if (r >= 0 && len > 0 && t->held[r + (long)len - 1] == '>' &&
        read_start(t, t->held + r, len, &empty, &code) == TAG_OK) {
        t->state = ST_CONTENT;
        t->line = lines(t->held, (size_t)r + len);
        push_name(t, t->abuf, NULL);
        if (t->state == ST_ERROR)
            return PM_XMLTOK_ERROR;
        t->h.start(t->h.ctx, t->abuf, t->av);
        if (empty)
            pop_name(t);
        size_t at = (size_t)r + len;
        char *h = t->held;
        t->held = NULL;
        int rc = content(t, h + at, t->nheld - at, last && t->taken == n);
        free(h);
        t->nheld = 0;
        if (rc == 0 && t->taken < n)
            rc = content(t, data + t->taken, n - t->taken, last);
        return rc == 0 ? PM_XMLTOK_OK : PM_XMLTOK_ERROR;
    }
    if ((r == TAG_MORE || (r >= 0 && len == 0)) && more && t->nheld < PROLOG_MAX)
        return PM_XMLTOK_OK;
    t->state = ST_FOREIGN;
    return PM_XMLTOK_FOREIGN;
}

/* ---- interface --------------------------------------------------------- */

struct pm_xmltok *pm_xmltok_new(const struct pm_xmltok_handlers *h)
{
    struct pm_xmltok *t = calloc(1, sizeof *t);
    if (t)
        t->h = *h;
    return t;
}

void pm_xmltok_free(struct pm_xmltok *t)
{
    if (!t)
        return;
    free(t->held);
    free(t->carry);
    free(t->names);
    free(t->top);
    free(t->abuf);
    free(t->aoff);
    free(t->av);
    free(t);
}

int pm_xmltok_feed(struct pm_xmltok *t, const char *data, size_t n, int last)
{
    switch (t->state) {
    case ST_PROLOG:
        return in_prolog(t, data, n, last);
    case ST_CONTENT:
    case ST_EPILOG:
        return content(t, data, n, last) == 0 ? PM_XMLTOK_OK : PM_XMLTOK_ERROR;
    case ST_FOREIGN:
        return PM_XMLTOK_FOREIGN;
    default:
        return PM_XMLTOK_ERROR;
    }
}

const char *pm_xmltok_held(const struct pm_xmltok *t, size_t *n)
{
    *n = t->nheld;
    return t->held;
}

size_t pm_xmltok_taken(const struct pm_xmltok *t) { return t->taken; }
int pm_xmltok_code(const struct pm_xmltok *t) { return t->code; }
unsigned long pm_xmltok_line(const struct pm_xmltok *t) { return t->errline; }
const char *pm_xmltok_limit(const struct pm_xmltok *t) { return t->limit; }
