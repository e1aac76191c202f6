/* textmask.h — private to detect/: what kind each byte of a window is, as
 * bit masks of 64 bytes (bit k for byte 64 * i + k of block i), computed in
 * one pass per window (pm_textmasks_fill, textmask.c) and read by every C
 * scan that stands in for a Vectorscan pattern: the digit-cluster scan
 * (cluster.c: digits and the separators that join them) and the text gates
 * (detector.h's text_gate: capitals, lower-case letters, blanks, UTF-8 lead
 * bytes). One pass instead of one per scan: each used to compute its own.
 * SSE2 where there is SSE2 (every x86-64 CPU), plain C elsewhere. The masks
 * say what bytes are, never what they hold together: no value is kept.
 */
#ifndef PM_TEXTMASK_H
#define PM_TEXTMASK_H

#include <stddef.h>
#include <stdint.h>

#if defined(__SSE2__) && !defined(PM_NO_SIMD)
#include <emmintrin.h>
#define PM_TEXTMASK_SSE2 1
#endif

/* The masks of a window of n bytes: nblocks = n / 64 + 2 entries in each
 * array, so that block n / 64 (the tail, zero past n) and the block after
 * it (all zeros) may be read. */
struct pm_textmasks {
    uint64_t *digit; /* '0'-'9' */
    uint64_t *sep;   /* a byte that joins digits into a cluster: " -./()+" */
    uint64_t *up;    /* 'A'-'Z' */
    uint64_t *low;   /* 'a'-'z' */
    uint64_t *blank; /* ' ', '\t' */
    uint64_t *hi;    /* 0xC3-0xC5: lead bytes of UTF-8 Latin-1 and Latin Extended-A letters */
    size_t len;      /* the window's length */
    size_t cap;      /* blocks allocated per array */
    uint64_t *mem;
};

/* The masks of buf[0 .. len) into tm (grown as needed). -1 if out of
 * memory (tm then holds no window). */
int pm_textmasks_fill(struct pm_textmasks *tm, const char *buf, size_t len);
void pm_textmasks_free(struct pm_textmasks *tm);

/* Bit i set if bits i .. i + k - 1 of r are all set (k >= 1), bits past 63
 * counting as set: where runs of at least k ones start, the runs that go on
 * into the next block kept. Doubling, so a few steps for any k. */
static inline uint64_t pm_runs_at_least(uint64_t r, unsigned k)
{
    unsigned have = 1;
    for (; 2 * have <= k; have *= 2)
        r &= r >> have | ~(~UINT64_C(0) >> have);
    if (have < k)
        r &= r >> (k - have) | ~(~UINT64_C(0) >> (k - have));
    return r;
}

#ifdef PM_TEXTMASK_SSE2
/* x - lo < n unsigned (n at most 127), as a signed compare once lo is moved
 * to -128. */
static inline __m128i pm_in_range16(__m128i x, unsigned char lo, unsigned n)
{
    return _mm_cmplt_epi8(_mm_add_epi8(x, _mm_set1_epi8((char)(unsigned char)(0x80 - lo))),
                          _mm_set1_epi8((char)(-128 + (int)n)));
}
/* The digits and cluster separators among 16 bytes. */
static inline __m128i pm_digit16(__m128i x) { return pm_in_range16(x, '0', 10); }
static inline __m128i pm_sep16(__m128i x, __m128i space)
{
    /* ' ', or 0x28-0x2f "()*+,-./" but for '*' and ','. */
    __m128i no = _mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8('*')),
                              _mm_cmpeq_epi8(x, _mm_set1_epi8(',')));
    return _mm_or_si128(space, _mm_andnot_si128(no, pm_in_range16(x, '(', 8)));
}
#endif

#endif
