/* textmask.h — bit masks of 64 bytes of text (bit k for byte k): which
 * bytes lie in one or two ranges (capitals, lower-case letters, blanks,
 * UTF-8 lead bytes), for the C scans that stand in for Vectorscan start
 * patterns whose word sets kept its matcher busy on every byte
 * (detector.h, text_gate). SSE2 where there is SSE2 (every x86-64 CPU),
 * plain C elsewhere. Header only: it keeps nothing and never sees more than
 * the bytes it is given. */
#ifndef PM_TEXTMASK_H
#define PM_TEXTMASK_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#if defined(__SSE2__) && !defined(PM_NO_SIMD)
#include <emmintrin.h>
#endif

/* Bit k set if p[k] - lo1 < n1 or p[k] - lo2 < n2 (unsigned bytes; n1 and
 * n2 at most 127, 0 for no range). */
static inline uint64_t pm_ranges64(const unsigned char *p, unsigned char lo1, unsigned n1,
                                   unsigned char lo2, unsigned n2)
{
    uint64_t m = 0;
#if defined(__SSE2__) && !defined(PM_NO_SIMD)
    /* x - lo < n unsigned, as a signed compare once lo is moved to -128. */
    const __m128i s1 = _mm_set1_epi8((char)(unsigned char)(0x80 - lo1)),
                  l1 = _mm_set1_epi8((char)(-128 + (int)n1)),
                  s2 = _mm_set1_epi8((char)(unsigned char)(0x80 - lo2)),
                  l2 = _mm_set1_epi8((char)(-128 + (int)n2));
    for (int k = 0; k < 4; k++) {
        __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(p + 16 * k));
        __m128i c = _mm_or_si128(_mm_cmplt_epi8(_mm_add_epi8(x, s1), l1),
                                 _mm_cmplt_epi8(_mm_add_epi8(x, s2), l2));
        m |= (uint64_t)(unsigned)_mm_movemask_epi8(c) << (16 * k);
    }
#else
    for (int k = 0; k < 64; k++)
        m |= (uint64_t)((unsigned char)(p[k] - lo1) < n1 || (unsigned char)(p[k] - lo2) < n2)
             << k;
#endif
    return m;
}

/* The masks of the 64 bytes of b from o (o < n; none past n). */
static inline uint64_t pm_ranges_at(const unsigned char *b, size_t o, size_t n, unsigned char lo1,
                                    unsigned n1, unsigned char lo2, unsigned n2)
{
    if (n - o >= 64)
        return pm_ranges64(b + o, lo1, n1, lo2, n2);
    unsigned char tail[64] = {0}; /* NUL is in no range the scans ask for */
    memcpy(tail, b + o, n - o);
    return pm_ranges64(tail, lo1, n1, lo2, n2);
}

/* ASCII capitals. */
static inline uint64_t pm_upmask_at(const unsigned char *b, size_t o, size_t n)
{
    return pm_ranges_at(b, o, n, 'A', 26, 0, 0);
}
/* ASCII capitals and the lead bytes 0xC3-0xC5 of UTF-8 Latin-1 and Latin
 * Extended-A letters: where a capitalised word may start. */
static inline uint64_t pm_capmask_at(const unsigned char *b, size_t o, size_t n)
{
    return pm_ranges_at(b, o, n, 'A', 26, 0xC3, 3);
}
/* ASCII lower-case letters. */
static inline uint64_t pm_lowmask_at(const unsigned char *b, size_t o, size_t n)
{
    return pm_ranges_at(b, o, n, 'a', 26, 0, 0);
}
/* Blanks: ' ' and '\t'. */
static inline uint64_t pm_blankmask_at(const unsigned char *b, size_t o, size_t n)
{
    return pm_ranges_at(b, o, n, ' ', 1, '\t', 1);
}

#endif
