/* decode.c — encoding sniffing, streaming transcoding to UTF-8, and the
 * printable runs of binary data. Pure functions of their input and state. */
#include <stdint.h>
#include <string.h>

#if defined(__SSE2__) && !defined(PM_NO_SIMD)
#include <emmintrin.h>
#endif

#include "common/utf8.h"
#include "extract/decode.h"

const char *pm_encoding_name(enum pm_encoding e)
{
    switch (e) {
    case PM_ENC_UTF8: return "utf-8";
    case PM_ENC_LATIN1: return "iso-8859-1";
    case PM_ENC_UTF16LE: return "utf-16le";
    case PM_ENC_UTF16BE: return "utf-16be";
    case PM_ENC_BINARY: return "binary";
    }
    return "unknown";
}

/* 1 if buf is valid UTF-8, allowing a sequence cut off at the end. */
static int valid_utf8(const unsigned char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        unsigned char c = s[i];
        size_t len;
        if (c < 0x80) {
            i++;
            continue;
        } else if (c >= 0xC2 && c <= 0xDF) {
            len = 2;
        } else if (c >= 0xE0 && c <= 0xEF) {
            len = 3;
        } else if (c >= 0xF0 && c <= 0xF4) {
            len = 4;
        } else {
            return 0;
        }
        for (size_t k = 1; k < len; k++) {
            if (i + k >= n)
                return 1; /* cut at the end of the sample */
            if ((s[i + k] & 0xC0) != 0x80)
                return 0;
        }
        i += len;
    }
    return 1;
}

/* What the encoding sniff counts: zero bytes at even and odd offsets,
 * control bytes that text does not hold, bytes from 0x80 on. */
struct byte_counts {
    size_t zeven, zodd, ctrl, high;
};

/* Counts c, the byte at offset k, if it is one of those (printable ASCII
 * is none). */
static inline void count_byte(struct byte_counts *ct, unsigned char c, size_t k)
{
    if (c == 0)
        (k & 1) ? ct->zodd++ : ct->zeven++;
    else if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != 0x1b)
        ct->ctrl++;
    else if (c >= 0x80)
        ct->high++;
}

enum pm_encoding pm_sniff_encoding(const unsigned char *buf, size_t n, size_t *bom)
{
    *bom = 0;
    if (n >= 3 && buf[0] == 0xEF && buf[1] == 0xBB && buf[2] == 0xBF) {
        *bom = 3;
        return PM_ENC_UTF8;
    }
    if (n >= 2 && buf[0] == 0xFF && buf[1] == 0xFE) {
        *bom = 2;
        return PM_ENC_UTF16LE;
    }
    if (n >= 2 && buf[0] == 0xFE && buf[1] == 0xFF) {
        *bom = 2;
        return PM_ENC_UTF16BE;
    }
    size_t m = n < 8192 ? n : 8192;
    struct byte_counts ct = {0, 0, 0, 0};
    size_t i = 0;
#if defined(__SSE2__) && !defined(PM_NO_SIMD)
    /* 16 bytes at a time: only bytes below 0x20 or from 0x80 on (negative
     * as signed) count, and a text line has one, its newline. */
    for (; i + 16 <= m; i += 16) {
        __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(buf + i));
        unsigned mask = (unsigned)_mm_movemask_epi8(_mm_cmplt_epi8(x, _mm_set1_epi8(0x20)));
        for (; mask; mask &= mask - 1) {
            size_t k = i + (size_t)__builtin_ctz(mask);
            count_byte(&ct, buf[k], k);
        }
    }
#endif
    for (; i < m; i++) {
        /* Eight printable ASCII bytes (0x20-0x7F) count for nothing: skip
         * them at once (a byte < 0x20 or >= 0x80 shows in the word test). */
        while (i + 8 <= m) {
            uint64_t w;
            memcpy(&w, buf + i, 8);
            const uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
            if (((w - 0x20 * ones) | w) & highs)
                break;
            i += 8;
        }
        if (i >= m)
            break;
        count_byte(&ct, buf[i], i);
    }
    size_t half = m / 2;
    if (half >= 2) {
        /* ASCII-range text in UTF-16 has a zero in every other byte. */
        if (ct.zodd * 10 >= half * 3 && ct.zeven * 20 <= half)
            return PM_ENC_UTF16LE;
        if (ct.zeven * 10 >= half * 3 && ct.zodd * 20 <= half)
            return PM_ENC_UTF16BE;
    }
    if (ct.zeven + ct.zodd > 0 || ct.ctrl * 20 > m)
        return PM_ENC_BINARY;
    if (!ct.high || valid_utf8(buf, m))
        return PM_ENC_UTF8;
    return PM_ENC_LATIN1;
}

void pm_decoder_init(struct pm_decoder *d, enum pm_encoding enc)
{
    memset(d, 0, sizeof *d);
    d->enc = enc;
}

/* One UTF-16 code unit; pairs surrogates, replaces lone ones with U+FFFD. */
static size_t utf16_unit(struct pm_decoder *d, unsigned u, char *out)
{
    size_t o = 0;
    if (u >= 0xD800 && u <= 0xDBFF) {
        if (d->hi)
            o += pm_utf8_put(0xFFFD, out);
        d->hi = u;
        return o;
    }
    if (u >= 0xDC00 && u <= 0xDFFF) {
        if (d->hi) {
            unsigned cp = 0x10000 + ((d->hi - 0xD800) << 10) + (u - 0xDC00);
            d->hi = 0;
            return pm_utf8_put(cp, out);
        }
        return pm_utf8_put(0xFFFD, out);
    }
    if (d->hi) {
        o += pm_utf8_put(0xFFFD, out);
        d->hi = 0;
    }
    /* A NUL would read as a boundary anyway; a space keeps text readable. */
    return o + pm_utf8_put(u ? u : ' ', out + o);
}

size_t pm_decode(struct pm_decoder *d, const unsigned char *in, size_t n, char *out)
{
    size_t o = 0, i = 0;
    switch (d->enc) {
    case PM_ENC_UTF8:
    case PM_ENC_BINARY:
        memcpy(out, in, n);
        return n;
    case PM_ENC_LATIN1:
        for (i = 0; i < n; i++) {
            if (in[i] < 0x80)
                out[o++] = (char)in[i];
            else
                o += pm_utf8_put(in[i], out + o);
        }
        return o;
    case PM_ENC_UTF16LE:
    case PM_ENC_UTF16BE: {
        int le = d->enc == PM_ENC_UTF16LE;
        if (d->npend && n) {
            unsigned char a = d->pend[0], b = in[0];
            o += utf16_unit(d, le ? (unsigned)(a | b << 8) : (unsigned)(a << 8 | b), out + o);
            d->npend = 0;
            i = 1;
        }
        for (; i + 1 < n; i += 2) {
            unsigned u = le ? (unsigned)(in[i] | in[i + 1] << 8)
                            : (unsigned)(in[i] << 8 | in[i + 1]);
            o += utf16_unit(d, u, out + o);
        }
        if (i < n) {
            d->pend[0] = in[i];
            d->npend = 1;
        }
        return o;
    }
    }
    return 0;
}

/* ---- printable runs of binary data ------------------------------------------ */

static int printable(unsigned char c) { return (c >= 0x20 && c < 0x7f) || c == '\t'; }

size_t pm_strings_run(struct pm_strings *s, const unsigned char *in, size_t n, char *out)
{
    /* The state in locals: writes through out (char *) could alias *s, so
     * the compiler would reload it after every byte written. */
    size_t o = 0, alen = s->alen, ulen = s->ulen;
    int uphase = s->uphase;
    char uc = s->uc;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = in[i];
        int pr = printable(c);
        /* Between runs a byte that cannot start one changes nothing but
         * uc, which is read only after a printable byte sets it again: most
         * of a binary's bytes. */
        if (!pr && (alen | ulen) == 0 && !uphase) {
            uc = (char)c;
            continue;
        }
        /* ASCII */
        if (pr) {
            if (alen < 4) {
                s->a[alen] = (char)c;
                if (alen == 3) {
                    memcpy(out + o, s->a, 4);
                    o += 4;
                }
            } else {
                out[o++] = (char)c;
            }
            alen++;
        } else {
            if (alen >= 4)
                out[o++] = '\n';
            alen = 0;
        }
        /* UTF-16LE */
        if (uphase && c == 0) {
            if (ulen < 4) {
                s->u[ulen] = uc;
                if (ulen == 3) {
                    memcpy(out + o, s->u, 4);
                    o += 4;
                }
            } else {
                out[o++] = uc;
            }
            ulen++;
            uphase = 0;
        } else {
            if (uphase || !pr) {
                if (ulen >= 4)
                    out[o++] = '\n';
                ulen = 0;
            }
            uphase = pr;
            uc = (char)c;
        }
    }
    s->alen = alen;
    s->ulen = ulen;
    s->uphase = uphase;
    s->uc = uc;
    return o;
}
