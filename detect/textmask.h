/* textmask.h — bit masks of 64 bytes of text (bit k for byte k): ASCII
 * upper-case letters, lower-case letters and blanks (' ', '\t'), for the C
 * scans that stand in for Vectorscan start patterns whose word sets kept
 * its literal matcher busy on every byte (detector.h, text_gate). SSE2
 * where there is SSE2 (every x86-64 CPU), plain C elsewhere. Header only:
 * it keeps nothing and never sees more than the bytes it is given. */
#ifndef PM_TEXTMASK_H
#define PM_TEXTMASK_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "detect/bytes.h"

#if defined(__SSE2__) && !defined(PM_NO_SIMD)
#include <emmintrin.h>
#endif

struct pm_textmask {
    uint64_t up, low, blank;
};


/* Bit k set if p[k] is an ASCII capital. */
static inline uint64_t pm_upmask64(const unsigned char *p)
{
    uint64_t up = 0;
#if defined(__SSE2__) && !defined(PM_NO_SIMD)
    /* x - 'A' < 26 unsigned, as a signed compare after moving 'A' to -128. */
    const __m128i shift = _mm_set1_epi8((char)(0x80 - 'A')), lim = _mm_set1_epi8(-128 + 26);
    for (int k = 0; k < 4; k++) {
        __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(p + 16 * k));
        up |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmplt_epi8(_mm_add_epi8(x, shift), lim))
              << (16 * k);
    }
#else
    for (int k = 0; k < 64; k++)
        up |= (uint64_t)(p[k] >= 'A' && p[k] <= 'Z') << k;
#endif
    return up;
}

/* Bit k set if p[k] is an ASCII capital or a lead byte 0xC3-0xC5 (of a
 * UTF-8 Latin-1 or Latin Extended-A letter): where a capitalised word may
 * start. */
static inline uint64_t pm_capmask64(const unsigned char *p)
{
    uint64_t m = 0;
#if defined(__SSE2__) && !defined(PM_NO_SIMD)
    const __m128i su = _mm_set1_epi8((char)(0x80 - 'A')), lu = _mm_set1_epi8(-128 + 26),
                  sh = _mm_set1_epi8((char)(0x80 - 0xC3)), lh = _mm_set1_epi8(-128 + 3);
    for (int k = 0; k < 4; k++) {
        __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(p + 16 * k));
        __m128i c = _mm_or_si128(_mm_cmplt_epi8(_mm_add_epi8(x, su), lu),
                                 _mm_cmplt_epi8(_mm_add_epi8(x, sh), lh));
        m |= (uint64_t)(unsigned)_mm_movemask_epi8(c) << (16 * k);
    }
#else
    for (int k = 0; k < 64; k++)
        m |= (uint64_t)((p[k] >= 'A' && p[k] <= 'Z') || (p[k] >= 0xC3 && p[k] <= 0xC5)) << k;
#endif
    return m;
}

/* The lower-case and blank masks of p[0 .. 64) (up is pm_upmask64's). */
static inline void pm_textmask64(const unsigned char *p, struct pm_textmask *m)
{
    uint64_t low = 0, blank = 0;
#if defined(__SSE2__) && !defined(PM_NO_SIMD)
    const __m128i shift = _mm_set1_epi8((char)(0x80 - 'a')), lim = _mm_set1_epi8(-128 + 26);
    for (int k = 0; k < 4; k++) {
        __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(p + 16 * k));
        __m128i l = _mm_cmplt_epi8(_mm_add_epi8(x, shift), lim);
        __m128i s = _mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8(' ')),
                                 _mm_cmpeq_epi8(x, _mm_set1_epi8('\t')));
        low |= (uint64_t)(unsigned)_mm_movemask_epi8(l) << (16 * k);
        blank |= (uint64_t)(unsigned)_mm_movemask_epi8(s) << (16 * k);
    }
#else
    for (int k = 0; k < 64; k++) {
        low |= (uint64_t)(p[k] >= 'a' && p[k] <= 'z') << k;
        blank |= (uint64_t)(p[k] == ' ' || p[k] == '\t') << k;
    }
#endif
    m->low = low;
    m->blank = blank;
}

/* 64 bytes of b from o, none past n (o < n): b + o itself, or a copy
 * padded with NULs (none of the classes) in tail. */
static inline const unsigned char *pm_textmask_block(const unsigned char *b, size_t o, size_t n,
                                                     unsigned char tail[64])
{
    if (n - o >= 64)
        return b + o;
    memset(tail, 0, 64);
    memcpy(tail, b + o, n - o);
    return tail;
}

#endif
