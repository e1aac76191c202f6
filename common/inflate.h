/* inflate.h — deflate streams decompressed by ISA-L's igzip (Debian's
 * libisal), about three times zlib's speed on the same data: a PDF's
 * FlateDecode streams (zlib-wrapped) and gzip files before libarchive reads
 * what they hold (arstream.c). libarchive's own zip and other filters keep
 * zlib.
 *
 * Streaming: input and output in pieces of any size; memory is the state
 * alone (about 90 KiB, the window included). Knows no file and no format
 * beyond the wrapper; never allocates after pm_inflate_new.
 */
#ifndef PM_INFLATE_H
#define PM_INFLATE_H

#include <stddef.h>

enum pm_inflate_wrap {
    PM_INFLATE_ZLIB, /* RFC 1950: one stream; bytes after it are ignored */
    PM_INFLATE_GZIP, /* RFC 1952: members one after another, as gzip writes them */
};

enum pm_inflate_rc {
    PM_INFLATE_MORE,  /* give more input (or call again: output was full) */
    PM_INFLATE_END,   /* the stream ended (gzip: a member ended and what
                         follows starts no member: trailing garbage is
                         ignored, as gzip -d does) */
    PM_INFLATE_ERROR, /* corrupt: see pm_inflate_error */
};

struct pm_inflate;

/* NULL when out of memory. */
struct pm_inflate *pm_inflate_new(enum pm_inflate_wrap wrap);
void pm_inflate_free(struct pm_inflate *z);
/* Starts a new stream of the same wrapper. */
void pm_inflate_reset(struct pm_inflate *z);

/* Decompresses from *in (*n bytes), advancing both, into out[0..cap);
 * *got is what was written (also with END and ERROR: the last good output
 * comes with them). MORE with *got == cap: call again with the same
 * input; MORE with *n == 0: the input was used up. A gzip stream that ended
 * with a member waits for the next input byte to say whether another member
 * follows (PM_INFLATE_MORE with *got 0); at the end of input,
 * pm_inflate_clean_end says whether the stream may end there. */
enum pm_inflate_rc pm_inflate_step(struct pm_inflate *z, const unsigned char **in, size_t *n,
                                   unsigned char *out, size_t cap, size_t *got);

/* 1 when the input may end here: a gzip stream between members, a zlib
 * stream after its end. */
int pm_inflate_clean_end(const struct pm_inflate *z);

/* What the error was ("invalid deflate data", "bad gzip header", ...). */
const char *pm_inflate_error(const struct pm_inflate *z);

#endif
