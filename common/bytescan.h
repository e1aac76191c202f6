/* bytescan.h — how long a run of bytes is before the next byte a text
 * parser must look at (a delimiter, a quote, a backslash): the per-byte
 * loops of the CSV and JSON readers, of PDF literal strings and of typing's
 * plain-text check, 16 bytes at
 * a time with SSE2 (every x86-64 CPU), a byte at a time elsewhere or with
 * PM_NO_SIMD. Both give the same answer (tests/test_convert.c compares them).
 *
 * Used by extract/ and extract/pdf/ (here, so that neither includes the
 * other). Reads p[0 .. n) only, never past it (but pm_span_nodigit_ahead,
 * which says so); keeps nothing.
 */
#ifndef PM_BYTESCAN_H
#define PM_BYTESCAN_H

#include <stddef.h>

#if defined(__SSE2__) && !defined(PM_NO_SIMD)
#include <emmintrin.h>
#define PM_BYTESCAN_SIMD 1
#endif

/* The bytes of p[0 .. n) before the first a, b or c, a byte at a time. */
static inline size_t pm_span3_bytes(const char *p, size_t n, char a, char b, char c)
{
    size_t i = 0;
    while (i < n && p[i] != a && p[i] != b && p[i] != c)
        i++;
    return i;
}

/* The same, 16 bytes at a time where there is SSE2. Give a == b for a set
 * of two. */
static inline size_t pm_span3(const char *p, size_t n, char a, char b, char c)
{
    size_t i = 0;
#ifdef PM_BYTESCAN_SIMD
    const __m128i va = _mm_set1_epi8(a), vb = _mm_set1_epi8(b), vc = _mm_set1_epi8(c);
    for (; i + 16 <= n; i += 16) {
        __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(p + i));
        __m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, va), _mm_cmpeq_epi8(x, vb)),
                                   _mm_cmpeq_epi8(x, vc));
        unsigned m = (unsigned)_mm_movemask_epi8(hit);
        if (m)
            return i + (size_t)__builtin_ctz(m);
    }
#endif
    return i + pm_span3_bytes(p + i, n - i, a, b, c);
}

/* The bytes of p[0 .. n) before the first a, b, c or d, a byte at a time. */
static inline size_t pm_span4_bytes(const char *p, size_t n, char a, char b, char c, char d)
{
    size_t i = 0;
    while (i < n && p[i] != a && p[i] != b && p[i] != c && p[i] != d)
        i++;
    return i;
}

/* The same, 16 bytes at a time where there is SSE2. */
static inline size_t pm_span4(const char *p, size_t n, char a, char b, char c, char d)
{
    size_t i = 0;
#ifdef PM_BYTESCAN_SIMD
    const __m128i va = _mm_set1_epi8(a), vb = _mm_set1_epi8(b), vc = _mm_set1_epi8(c),
                  vd = _mm_set1_epi8(d);
    for (; i + 16 <= n; i += 16) {
        __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(p + i));
        __m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, va), _mm_cmpeq_epi8(x, vb)),
                                   _mm_or_si128(_mm_cmpeq_epi8(x, vc), _mm_cmpeq_epi8(x, vd)));
        unsigned m = (unsigned)_mm_movemask_epi8(hit);
        if (m)
            return i + (size_t)__builtin_ctz(m);
    }
#endif
    return i + pm_span4_bytes(p + i, n - i, a, b, c, d);
}

/* The bytes of p[0 .. n) before the first that is not printable ASCII
 * (0x20..0x7E), a tab, LF or CR, a byte at a time. */
static inline size_t pm_span_plain_bytes(const unsigned char *p, size_t n)
{
    size_t i = 0;
    while (i < n && ((p[i] >= 0x20 && p[i] < 0x7F) || p[i] == '\t' || p[i] == '\n' || p[i] == '\r'))
        i++;
    return i;
}

/* The same, 16 bytes at a time where there is SSE2 (bytes of 0x80 and
 * above are negative to the signed compare, so not printable). */
static inline size_t pm_span_plain(const unsigned char *p, size_t n)
{
    size_t i = 0;
#ifdef PM_BYTESCAN_SIMD
    const __m128i sp = _mm_set1_epi8(0x1F), del = _mm_set1_epi8(0x7F), tab = _mm_set1_epi8('\t'),
                  lf = _mm_set1_epi8('\n'), cr = _mm_set1_epi8('\r');
    for (; i + 16 <= n; i += 16) {
        __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(p + i));
        __m128i ok = _mm_and_si128(_mm_cmpgt_epi8(x, sp), _mm_cmplt_epi8(x, del));
        ok = _mm_or_si128(ok, _mm_or_si128(_mm_cmpeq_epi8(x, tab),
                                           _mm_or_si128(_mm_cmpeq_epi8(x, lf), _mm_cmpeq_epi8(x, cr))));
        unsigned m = (unsigned)_mm_movemask_epi8(ok);
        if (m != 0xFFFFu)
            return i + (size_t)__builtin_ctz(~m);
    }
#endif
    return i + pm_span_plain_bytes(p + i, n - i);
}

/* The bytes of p[0 .. n) before the first ASCII digit, a byte at a time. */
static inline size_t pm_span_nodigit_bytes(const char *p, size_t n)
{
    size_t i = 0;
    while (i < n && !(p[i] >= '0' && p[i] <= '9'))
        i++;
    return i;
}

/* The same, 16 bytes at a time where there is SSE2, for the short cells of
 * a table: the one scan here that reads ahead, up to p[n rounded up to 16),
 * which the caller must have (the bytes past n change nothing). */
static inline size_t pm_span_nodigit_ahead(const char *p, size_t n)
{
#ifdef PM_BYTESCAN_SIMD
    const __m128i lo = _mm_set1_epi8('0' - 1), hi = _mm_set1_epi8('9' + 1);
    for (size_t i = 0; i < n; i += 16) {
        __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(p + i));
        unsigned m = (unsigned)_mm_movemask_epi8(_mm_and_si128(_mm_cmpgt_epi8(x, lo),
                                                                _mm_cmplt_epi8(x, hi)));
        if (m) {
            size_t k = i + (size_t)__builtin_ctz(m);
            return k < n ? k : n;
        }
    }
    return n;
#else
    return pm_span_nodigit_bytes(p, n);
#endif
}

#endif
