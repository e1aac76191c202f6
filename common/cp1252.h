/* cp1252.h — the code point of a windows-1252 byte: Latin-1 but for
 * 0x80-0x9F (punctuation, the euro sign and letters of names: Š, Ž, Œ, Ÿ).
 * The five bytes 1252 leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D) come
 * back as the C1 controls of the same value, as Windows converts them; a
 * reader that would rather drop them tests for 0x80-0x9F. The one 1252
 * table: extract/'s RTF \'hh, Word's 8-bit pieces and BIFF5 strings, and
 * extract/mail/'s encoded words. */
#ifndef PM_CP1252_H
#define PM_CP1252_H

#include <stdint.h>

static inline uint32_t pm_cp1252(unsigned char b)
{
    static const uint16_t c1[32] = {
        0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
        0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
        0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
        0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
    };
    return b >= 0x80 && b < 0xA0 ? c1[b - 0x80] : b;
}

#endif
