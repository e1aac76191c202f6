/* decode.h — text encodings: detection from the first bytes, and streaming
 * transcoding to UTF-8 so detectors see one encoding.
 *
 * UTF-16 (LE/BE, with or without BOM) and Latin-1 are transcoded; UTF-8 and
 * ASCII pass through; other bytes (binary) pass through as they are, so ASCII
 * text inside them is still matched. pm_strings_run keeps only the printable
 * runs of binary data. The decoder carries a split code unit or surrogate pair
 * from one piece to the next, so pieces may end anywhere.
 */
#ifndef PM_DECODE_H
#define PM_DECODE_H

#include <stddef.h>
#include <stdint.h>

#include "common/cp1252.h" /* pm_cp1252, for decode.c's users */

enum pm_encoding {
    PM_ENC_UTF8 = 0, /* also ASCII */
    PM_ENC_LATIN1,
    PM_ENC_UTF16LE,
    PM_ENC_UTF16BE,
    PM_ENC_BINARY,
};

const char *pm_encoding_name(enum pm_encoding e);

/* Guesses the encoding from the first n bytes. *bom gets the length of a
 * byte-order mark to skip (0 if none). */
enum pm_encoding pm_sniff_encoding(const unsigned char *buf, size_t n, size_t *bom);

struct pm_decoder {
    enum pm_encoding enc;
    unsigned char pend[4]; /* bytes of an incomplete unit from the last piece */
    size_t npend;
    unsigned hi;           /* pending high surrogate, 0 if none */
};

void pm_decoder_init(struct pm_decoder *d, enum pm_encoding enc);
/* Worst-case output size for n input bytes. */
static inline size_t pm_decode_bound(size_t n) { return 2 * n + 8; }
/* Transcodes in[0..n) into out (at least pm_decode_bound(n) bytes); returns
 * the number of bytes written. */
size_t pm_decode(struct pm_decoder *d, const unsigned char *in, size_t n, char *out);

/* Printable runs of binary data, as `strings` finds them: printable ASCII
 * runs of 4 or more bytes and UTF-16LE runs (printable byte, zero byte) of 4
 * or more characters, each run ending in a newline. State carries across
 * pieces. */
struct pm_strings {
    char a[4];   /* first bytes of the current ASCII run, until it is long enough */
    size_t alen; /* length of the current ASCII run */
    char u[4];
    size_t ulen; /* characters in the current UTF-16 run */
    int uphase;  /* 1: a printable byte was seen, a zero byte must follow */
    char uc;     /* that printable byte */
};

/* Writes the runs in in[0..n) to out (at least pm_decode_bound(n) bytes);
 * returns the number of bytes written. */
size_t pm_strings_run(struct pm_strings *s, const unsigned char *in, size_t n, char *out);
/* 1 while a run is open (it still wants its closing newline at the end). */
static inline int pm_strings_open(const struct pm_strings *s) { return s->alen >= 4 || s->ulen >= 4; }

#endif
