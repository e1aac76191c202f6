/* magicrx.c — libmagic's regexes as PCRE2 patterns that match at least
 * where glibc's regexec does (magicrx.h).
 *
 * Every literal byte and every bracket expression is written out as a byte
 * or a set of bytes in \x{..} form, so no PCRE2 syntax can leak in from the
 * pattern: '.' and a negated list exclude the newline (REG_NEWLINE); under
 * REG_ICASE sets are closed under ASCII case as well as matched caselessly;
 * ^ and $ are PCRE2's multiline anchors (with ^ also after a final newline,
 * as glibc's). What has no exact counterpart is refused, never approximated
 * by something narrower.
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <ctype.h>
#include <pcre2.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "extract/magicrx.h"

#define RX_OUT 8192
#define REGEX_MAX 8192 /* libmagic's default MAGIC_PARAM_REGEX_MAX */

/* JIT-compiled on first use (most patterns are ruled out by their needs
 * first and never run): under the mutex, published by the flag. */
struct pm_rx {
    pcre2_code *code;
    int anchored;
    atomic_int jitted;
    pthread_mutex_t lock;
};

struct tr {
    const unsigned char *p;
    char out[RX_OUT];
    size_t n;
    int bad, icase, anchored;
};

static void put(struct tr *T, const char *s)
{
    size_t k = strlen(s);
    if (T->n + k >= RX_OUT) {
        T->bad = 1;
        return;
    }
    memcpy(T->out + T->n, s, k + 1);
    T->n += k;
}

static void set_add(unsigned char *set, unsigned c) { set[c >> 3] |= (unsigned char)(1u << (c & 7)); }
static int set_has(const unsigned char *set, unsigned c) { return set[c >> 3] >> (c & 7) & 1; }

/* A set as a PCRE2 class of byte ranges; an empty set never matches. */
static void put_set(struct tr *T, unsigned char *set)
{
    if (T->icase)
        for (unsigned c = 'A'; c <= 'Z'; c++)
            if (set_has(set, c) || set_has(set, c + 32)) {
                set_add(set, c);
                set_add(set, c + 32);
            }
    int any = 0;
    char b[40];
    put(T, "[");
    for (unsigned c = 0; c < 256;) {
        if (!set_has(set, c)) {
            c++;
            continue;
        }
        unsigned e = c;
        while (e + 1 < 256 && set_has(set, e + 1))
            e++;
        snprintf(b, sizeof b, e > c ? "\\x{%x}-\\x{%x}" : "\\x{%x}", c, e);
        put(T, b);
        any = 1;
        c = e + 1;
    }
    put(T, "]");
    if (!any) {
        T->n -= 2;
        T->out[T->n] = 0;
        put(T, "(?!)");
    }
}

static int named_class(const char *name, unsigned c)
{
    if (!strcmp(name, "alpha")) return isalpha((int)c);
    if (!strcmp(name, "digit")) return isdigit((int)c);
    if (!strcmp(name, "alnum")) return isalnum((int)c);
    if (!strcmp(name, "space")) return isspace((int)c);
    if (!strcmp(name, "blank")) return c == ' ' || c == '\t';
    if (!strcmp(name, "upper")) return isupper((int)c);
    if (!strcmp(name, "lower")) return islower((int)c);
    if (!strcmp(name, "xdigit")) return isxdigit((int)c);
    if (!strcmp(name, "punct")) return ispunct((int)c);
    if (!strcmp(name, "print")) return isprint((int)c);
    if (!strcmp(name, "graph")) return isgraph((int)c);
    if (!strcmp(name, "cntrl")) return iscntrl((int)c);
    return -1;
}

/* A bracket expression after its '[' (POSIX: a backslash is itself, a ']'
 * first is a member, [:name:] a class; [= =] and [. .] are refused). */
static void bracket(struct tr *T)
{
    unsigned char set[32] = {0};
    int neg = 0, first = 1;
    if (*T->p == '^') {
        neg = 1;
        T->p++;
    }
    for (;;) {
        unsigned c = *T->p;
        if (c == 0) {
            T->bad = 1;
            return;
        }
        if (c == ']' && !first) {
            T->p++;
            break;
        }
        first = 0;
        if (c == '[' && (T->p[1] == '=' || T->p[1] == '.')) {
            T->bad = 1;
            return;
        }
        if (c == '[' && T->p[1] == ':') {
            const char *e = strstr((const char *)T->p + 2, ":]");
            char name[16];
            size_t k = e ? (size_t)(e - (const char *)T->p - 2) : sizeof name;
            if (k >= sizeof name) {
                T->bad = 1;
                return;
            }
            memcpy(name, T->p + 2, k);
            name[k] = 0;
            for (unsigned b = 0; b < 256; b++) {
                int in = named_class(name, b);
                if (in < 0) {
                    T->bad = 1;
                    return;
                }
                if (in)
                    set_add(set, b);
            }
            T->p += k + 4;
            continue;
        }
        if (T->p[1] == '-' && T->p[2] != ']' && T->p[2] != 0) {
            unsigned d = T->p[2];
            if (d == '[' || d < c) {
                T->bad = 1;
                return;
            }
            for (unsigned b = c; b <= d; b++)
                set_add(set, b);
            T->p += 3;
            continue;
        }
        set_add(set, c);
        T->p++;
    }
    if (neg) {
        for (unsigned b = 0; b < 32; b++)
            set[b] = (unsigned char)~set[b];
        set['\n' >> 3] &= (unsigned char)~(1u << ('\n' & 7));
    }
    put_set(T, set);
}

/* An interval after its '{': {m}, {m,}, {m,n} or {,n}. */
static void interval(struct tr *T)
{
    long m = 0, n = -1;
    int digits = 0;
    char b[48];
    while (isdigit(*T->p) && m < 100000)
        m = m * 10 + (*T->p++ - '0'), digits++;
    if (*T->p == ',') {
        T->p++;
        if (isdigit(*T->p)) {
            n = 0;
            while (isdigit(*T->p) && n < 100000)
                n = n * 10 + (*T->p++ - '0');
        }
    } else {
        if (!digits)
            T->bad = 1;
        n = m;
    }
    if (*T->p != '}' || m > 65535 || n > 65535 || (n >= 0 && n < m)) {
        T->bad = 1;
        return;
    }
    T->p++;
    if (n < 0)
        snprintf(b, sizeof b, "{%ld,}", m);
    else
        snprintf(b, sizeof b, "{%ld,%ld}", m, n);
    put(T, b);
}

/* One escaped character: \w \W \s \S as sets, a punctuation character as
 * itself; back-references and GNU word and buffer anchors (\b \B \< \>
 * \` \') are refused. */
static void escape(struct tr *T)
{
    unsigned c = *T->p++;
    unsigned char set[32] = {0};
    if (c == 0 || (isalnum((int)c) && !strchr("wWsS", (int)c)) || strchr("<>`'", (int)c)) {
        T->bad = 1;
        return;
    }
    for (unsigned b = 0; b < 256; b++) {
        int in = c == 'w' || c == 'W' ? (isalnum((int)b) || b == '_')
                 : c == 's' || c == 'S' ? isspace((int)b) != 0
                 : b == c;
        if (c == 'W' || c == 'S')
            in = !in && b != '\n';
        if (in)
            set_add(set, b);
    }
    put_set(T, set);
}

static void translate(struct tr *T)
{
    int depth = 0, can_quant = 0;
    while (*T->p && !T->bad) {
        unsigned c = *T->p++;
        char b[16];
        switch (c) {
        case '(':
            put(T, "(?:");
            depth++;
            can_quant = 0;
            break;
        case ')':
            if (depth-- == 0)
                T->bad = 1;
            put(T, ")");
            can_quant = 1;
            break;
        case '|':
            put(T, "|");
            can_quant = 0;
            break;
        case '^':
        case '$':
            put(T, c == '^' ? "^" : "$");
            T->anchored = 1;
            can_quant = 0;
            break;
        case '*':
        case '+':
        case '?':
        case '{':
            if (!can_quant) {
                T->bad = 1;
                break;
            }
            if (c == '{') {
                interval(T);
            } else {
                b[0] = (char)c;
                b[1] = 0;
                put(T, b);
            }
            /* a quantifier after a quantifier means other things in PCRE2 */
            if (*T->p && strchr("*+?{", *T->p))
                T->bad = 1;
            can_quant = 0;
            break;
        case '.':
            put(T, "[^\\n]");
            can_quant = 1;
            break;
        case '[':
            bracket(T);
            can_quant = 1;
            break;
        case '\\':
            escape(T);
            can_quant = 1;
            break;
        default: {
            unsigned char set[32] = {0};
            set_add(set, c);
            if (T->icase && isalpha((int)c)) {
                put_set(T, set);
            } else {
                snprintf(b, sizeof b, "\\x{%x}", c);
                put(T, b);
            }
            can_quant = 1;
        }
        }
    }
    if (depth != 0)
        T->bad = 1;
}

struct pm_rx *pm_rx_new(const char *pat, int icase)
{
    if (!pat[0])
        return NULL;
    struct tr *T = calloc(1, sizeof *T);
    if (!T)
        return NULL;
    T->p = (const unsigned char *)pat;
    T->icase = icase;
    translate(T);
    struct pm_rx *rx = NULL;
    if (!T->bad && (rx = calloc(1, sizeof *rx)) != NULL) {
        int err;
        PCRE2_SIZE at;
        uint32_t opts = PCRE2_MULTILINE | PCRE2_ALT_CIRCUMFLEX | PCRE2_NEVER_UTF |
                        PCRE2_NEVER_UCP | (icase ? PCRE2_CASELESS : 0u);
        rx->code = pcre2_compile((PCRE2_SPTR)T->out, PCRE2_ZERO_TERMINATED, opts, &err, &at, NULL);
        rx->anchored = T->anchored;
        if (!rx->code) {
            free(rx);
            rx = NULL;
        } else {
            pthread_mutex_init(&rx->lock, NULL);
        }
    }
    free(T);
    return rx;
}

void pm_rx_free(struct pm_rx *rx)
{
    if (!rx)
        return;
    pcre2_code_free(rx->code);
    pthread_mutex_destroy(&rx->lock);
    free(rx);
}

int pm_rx_anchored(const struct pm_rx *rx) { return rx->anchored; }

int pm_rx_search(const struct pm_rx *rx, const unsigned char *s, size_t len)
{
    struct pm_rx *w = (struct pm_rx *)rx; /* the JIT code is built once, then read only */
    if (!atomic_load_explicit(&w->jitted, memory_order_acquire)) {
        pthread_mutex_lock(&w->lock);
        if (!atomic_load_explicit(&w->jitted, memory_order_relaxed)) {
            pcre2_jit_compile(w->code, PCRE2_JIT_COMPLETE); /* the interpreter if not */
            atomic_store_explicit(&w->jitted, 1, memory_order_release);
        }
        pthread_mutex_unlock(&w->lock);
    }
    pcre2_match_data *md = pcre2_match_data_create(1, NULL);
    if (!md)
        return 1;
    int rc = pcre2_match(rx->code, s, len, 0, 0, md, NULL);
    pcre2_match_data_free(md);
    return rc != PCRE2_ERROR_NOMATCH;
}

/* libmagic's subject (softmagic.c: mcopy() then magiccheck()) in a view of
 * view bytes: from, and its length (the range's
 * last byte cut off, up to the first NUL); -1 if there is none (the test
 * fails), 1 if it cannot be known here. */
int pm_rx_subject(const unsigned char *buf, size_t view, uint32_t off, uint32_t range, int lines_flag,
                  size_t *from, size_t *len)
{
    if (off > view)
        return -1;
    size_t bytecnt = lines_flag ? (size_t)range * 80 : range;
    if (bytecnt == 0 || bytecnt > view - off)
        bytecnt = view - off;
    if (bytecnt > REGEX_MAX)
        bytecnt = REGEX_MAX;
    size_t start = off, end = start + bytecnt, last = end, lines = lines_flag ? range : 0;
    for (size_t b = start; lines && b < end; lines--, b++) {
        const unsigned char *nl = memchr(buf + b, '\n', end - b);
        if (!nl)
            nl = memchr(buf + b, '\r', end - b);
        if (!nl)
            break;
        b = (size_t)(nl - buf);
        if (b + 1 < end && buf[b] == '\r' && buf[b + 1] == '\n')
            b++;
        last = b;
    }
    if (lines)
        last = bytecnt; /* sic: libmagic leaves out the offset here */
    if (last < start)
        return 1;
    size_t slen = last - start;
    slen = slen ? slen - 1 : 0;
    const unsigned char *z = memchr(buf + start, 0, slen);
    *from = start;
    *len = z ? (size_t)(z - (buf + start)) : slen;
    return 0;
}

/* 1 if libmagic's text view of buf, when it has one, is buf itself, not a
 * shorter prefix: no trailing NUL (trimmed) and no UTF-8 sequence cut short
 * at the end (dropped). (Buffers whose view differs otherwise are not
 * asked about: sniff.c sends them to the whole database.) */
int pm_rx_text_is_bytes(const unsigned char *buf, size_t n)
{
    if (n == 0 || buf[n - 1] == 0)
        return 0;
    for (size_t k = 1; k <= 4 && k <= n; k++) {
        unsigned c = buf[n - k];
        if (c < 0x80)
            return 1;
        if (c >= 0xC0) /* a lead byte: its sequence must be k bytes long */
            return (c >= 0xF0 ? 4u : c >= 0xE0 ? 3u : 2u) == k;
    }
    return 1;
}
