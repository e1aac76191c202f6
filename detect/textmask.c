/* textmask.c — the bit masks of a window (see textmask.h): one pass over
 * its bytes, 16 at a time with SSE2, else one at a time. Keeps nothing but
 * the masks, which say what kind each byte is, never what it holds. */
#include <stdlib.h>
#include <string.h>

#include "detect/bytes.h"
#include "detect/textmask.h"

enum { TM_DIGIT, TM_SEP, TM_UP, TM_LOW, TM_BLANK, TM_HI, TM_N };

#ifdef PM_TEXTMASK_SSE2
/* Bits 16k .. 16k + 15 of mask word *w: its bytes 2k and 2k + 1 (x86 is
 * little-endian), stored straight, with no shifts to gather 64 bits. */
static inline void put16(uint64_t *w, int k, __m128i m)
{
    uint16_t h = (uint16_t)_mm_movemask_epi8(m);
    memcpy((unsigned char *)w + 2 * k, &h, 2);
}
#endif

/* The six masks of the 64 bytes at p into block i of the arrays a[]. */
static inline void block64(const unsigned char *p, uint64_t *const a[TM_N], size_t i)
{
#ifdef PM_TEXTMASK_SSE2
#pragma GCC unroll 4
    for (int k = 0; k < 4; k++) {
        __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(p + 16 * k));
        __m128i space = _mm_cmpeq_epi8(x, _mm_set1_epi8(' '));
        put16(a[TM_DIGIT] + i, k, pm_digit16(x));
        put16(a[TM_SEP] + i, k, pm_sep16(x, space));
        put16(a[TM_UP] + i, k, pm_in_range16(x, 'A', 26));
        put16(a[TM_LOW] + i, k, pm_in_range16(x, 'a', 26));
        put16(a[TM_BLANK] + i, k, _mm_or_si128(space, _mm_cmpeq_epi8(x, _mm_set1_epi8('\t'))));
        put16(a[TM_HI] + i, k, pm_in_range16(x, 0xC3, 3));
    }
#else
    uint64_t m[TM_N] = {0};
    for (int k = 0; k < 64; k++) {
        unsigned char c = p[k];
        m[TM_DIGIT] |= (uint64_t)pm_is_digit(c) << k;
        m[TM_SEP] |= (uint64_t)pm_cluster_sep(c) << k;
        m[TM_UP] |= (uint64_t)(c >= 'A' && c <= 'Z') << k;
        m[TM_LOW] |= (uint64_t)(c >= 'a' && c <= 'z') << k;
        m[TM_BLANK] |= (uint64_t)(c == ' ' || c == '\t') << k;
        m[TM_HI] |= (uint64_t)(c >= 0xC3 && c <= 0xC5) << k;
    }
    for (int t = 0; t < TM_N; t++)
        a[t][i] = m[t];
#endif
}

int pm_textmasks_fill(struct pm_textmasks *tm, const char *buf, size_t len)
{
    size_t n = len / 64 + 2;
    if (n > tm->cap) {
        uint64_t *mem = malloc(TM_N * n * sizeof *mem);
        if (!mem) {
            tm->len = 0;
            return -1;
        }
        free(tm->mem);
        tm->mem = mem;
        tm->cap = n;
    }
    uint64_t *const a[TM_N] = {tm->mem, tm->mem + tm->cap, tm->mem + 2 * tm->cap,
                               tm->mem + 3 * tm->cap, tm->mem + 4 * tm->cap,
                               tm->mem + 5 * tm->cap};
    tm->digit = a[TM_DIGIT];
    tm->sep = a[TM_SEP];
    tm->up = a[TM_UP];
    tm->low = a[TM_LOW];
    tm->blank = a[TM_BLANK];
    tm->hi = a[TM_HI];
    tm->len = len;
    const unsigned char *b = (const unsigned char *)buf;
    size_t full = len / 64;
    for (size_t i = 0; i < full; i++)
        block64(b + 64 * i, a, i);
    unsigned char tail[64] = {0}; /* NUL is of no kind a mask asks for */
    if (len > 64 * full)
        memcpy(tail, b + 64 * full, len - 64 * full);
    block64(tail, a, full);
    for (int t = 0; t < TM_N; t++)
        a[t][full + 1] = 0;
    return 0;
}

void pm_textmasks_free(struct pm_textmasks *tm)
{
    free(tm->mem);
    memset(tm, 0, sizeof *tm);
}
