/* cluster.c — finds the digit clusters of a text (see cluster.h). One pass,
 * no allocation; offsets only, never a value. */
#include <string.h>

#include "detect/cluster.h"

static inline int is_digit(unsigned char c) { return (unsigned)(c - '0') < 10u; }

/* The separators of pm_cluster_sep, as a table. */
static const unsigned char sep_tab[256] = {[' '] = 1, ['-'] = 1, ['.'] = 1, ['('] = 1,
                                           [')'] = 1, ['/'] = 1, ['+'] = 1};

#ifdef __SSE2__
#include <emmintrin.h>

/* Bit k set if p[k] is a digit, for 16 bytes (SSE2, which every x86-64 CPU
 * has; bytes >= 0x80 compare as negative, so they are not digits). */
static inline unsigned digits16(const unsigned char *p)
{
    __m128i x = _mm_loadu_si128((const __m128i *)(const void *)p);
    __m128i ge = _mm_cmpgt_epi8(x, _mm_set1_epi8('0' - 1));
    __m128i le = _mm_cmplt_epi8(x, _mm_set1_epi8('9' + 1));
    return (unsigned)_mm_movemask_epi8(_mm_and_si128(ge, le));
}
#endif

/* Where the next digit is at or after i (n if none). */
static inline size_t next_digit(const unsigned char *b, size_t i, size_t n)
{
#ifdef __SSE2__
    for (; i + 16 <= n; i += 16) {
        unsigned m = digits16(b + i);
        if (m)
            return i + (size_t)__builtin_ctz(m);
    }
#endif
    while (i < n && !is_digit(b[i]))
        i++;
    return i;
}

/* Where the run of digits at j ends. */
static inline size_t digits_end(const unsigned char *b, size_t j, size_t n)
{
#ifdef __SSE2__
    for (; j + 16 <= n; j += 16) {
        unsigned m = ~digits16(b + j) & 0xffffu;
        if (m)
            return j + (size_t)__builtin_ctz(m);
    }
#endif
    while (j < n && is_digit(b[j]))
        j++;
    return j;
}

static inline int ascii_letter(unsigned char c) { return (unsigned)((c | 0x20) - 'a') < 26u; }

int pm_cluster_lead(const char *buf, size_t s)
{
    const unsigned char *b = (const unsigned char *)buf;
    return s >= 2 && ascii_letter(b[s - 1]) && ascii_letter(b[s - 2]) &&
           (s == 2 || !(ascii_letter(b[s - 3]) || is_digit(b[s - 3]) || b[s - 3] == '_'));
}

int pm_clusters_each(const char *buf, size_t len, size_t from, struct pm_cluster_want want,
                     pm_cluster_fn fn, void *ctx)
{
    const unsigned char *b = (const unsigned char *)buf;
    struct pm_cluster c;
    size_t i = from;
    for (;;) {
        i = next_digit(b, i, len);
        if (i >= len)
            return 0;
        size_t j = i, g;
        unsigned nd = 0, ng = 0, maxg = 0, gl = 0;
        uint32_t lm = 0;
        for (;;) {
            g = j;
            j = digits_end(b, j, len);
            gl = (unsigned)(j - g);
            if (ng < PM_CLUSTER_GROUPS) {
                c.gat[ng] = (uint32_t)(g - i);
                c.glen[ng] = gl;
                lm |= UINT32_C(1) << (gl < 31 ? gl : 31);
            }
            ng++;
            nd += gl;
            if (gl > maxg)
                maxg = gl;
            size_t k = j;
            while (k < len && k - j < 3 && sep_tab[b[k]])
                k++;
            if (k == j || k >= len || !is_digit(b[k]))
                break;
            j = k;
        }
        if (nd >= want.min_digits || (nd >= want.lead_digits && pm_cluster_lead(buf, i))) {
            c.start = i;
            c.end = j;
            c.ndigits = nd;
            c.ngroups = ng;
            c.maxgroup = maxg;
            c.lastgroup = gl;
            c.lenmask = lm;
            int rc = fn(ctx, &c);
            if (rc)
                return rc;
        }
        i = j;
    }
}

/* 1 if the separator run buf[at .. at + n) may join two groups of a value. */
static int joins(const char *buf, size_t at, size_t n, const char *seps)
{
    if (n == 1)
        return strchr(seps, buf[at]) != NULL;
    return n == 2 && buf[at] == ')' && (buf[at + 1] == ' ' || strchr(seps, buf[at + 1]));
}

int pm_cluster_groups_at(const struct pm_cluster *c, const char *buf, const unsigned *lens,
                         size_t k, const char *seps)
{
    for (unsigned s = 0; s + k <= c->ngroups; s++) {
        size_t q = 0;
        for (; q < k; q++) {
            if (lens[q] && c->glen[s + q] != lens[q])
                break;
            if (q + 1 < k) {
                size_t at, n = pm_cluster_gap(c, s + (unsigned)q, &at);
                if (!joins(buf, at, n, seps))
                    break;
            }
        }
        if (q == k)
            return 1;
    }
    return 0;
}
