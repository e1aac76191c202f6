/* inflate.c — deflate streams through ISA-L's igzip (see inflate.h).
 *
 * isal_inflate keeps the window in its own state, so output may be handed
 * out in pieces of any size; it checks the wrapper's header and checksum
 * itself (ISAL_ZLIB, ISAL_GZIP). Nothing here reads a file or allocates
 * after pm_inflate_new. Each stream (and gzip member) starts from a zeroed
 * state: no byte of an earlier one can come out of a later one.
 */
#include <isa-l/igzip_lib.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/inflate.h"

enum { Z_RUN, Z_BETWEEN, Z_DONE, Z_FAILED };

struct pm_inflate {
    struct inflate_state st;
    enum pm_inflate_wrap wrap;
    int phase;        /* Z_* */
    int later;        /* a member after the first is being started */
    const char *why;  /* the error, once Z_FAILED */
};

static void start(struct pm_inflate *z)
{
    /* isal_inflate_init leaves the history buffer as it was, and a corrupt
     * stream's match reaching before its start copies from it: the last
     * stream's output (another file's text) or malloc's leftovers. Zeroed,
     * such a match reads zeros, the same whatever came before. */
    memset(&z->st, 0, sizeof z->st);
    isal_inflate_init(&z->st);
    z->st.crc_flag = z->wrap == PM_INFLATE_GZIP ? ISAL_GZIP : ISAL_ZLIB;
    z->phase = Z_RUN;
}

struct pm_inflate *pm_inflate_new(enum pm_inflate_wrap wrap)
{
    struct pm_inflate *z = malloc(sizeof *z);
    if (!z)
        return NULL;
    z->wrap = wrap;
    pm_inflate_reset(z);
    return z;
}

void pm_inflate_free(struct pm_inflate *z) { free(z); }

void pm_inflate_reset(struct pm_inflate *z)
{
    start(z);
    z->later = 0;
    z->why = NULL;
}

static const char *error_text(int rc, enum pm_inflate_wrap wrap)
{
    switch (rc) {
    case ISAL_INVALID_WRAPPER:
        return wrap == PM_INFLATE_GZIP ? "bad gzip header" : "bad zlib header";
    case ISAL_UNSUPPORTED_METHOD: return "unsupported compression method";
    case ISAL_INCORRECT_CHECKSUM: return "checksum mismatch";
    case ISAL_NEED_DICT: return "needs a preset dictionary";
    case ISAL_INVALID_LOOKBACK: return "invalid deflate data (distance too far back)";
    default: return "invalid deflate data";
    }
}

enum pm_inflate_rc pm_inflate_step(struct pm_inflate *z, const unsigned char **in, size_t *n,
                                   unsigned char *out, size_t cap, size_t *got)
{
    *got = 0;
    if (z->phase == Z_FAILED)
        return PM_INFLATE_ERROR;
    if (z->phase == Z_DONE)
        return PM_INFLATE_END;
    if (z->phase == Z_BETWEEN) {
        /* gzip writes members one after another; anything else after a
         * member (tape padding, garbage) ends the stream, as gzip -d says. */
        if (*n == 0)
            return PM_INFLATE_MORE;
        if (**in != 0x1f) {
            z->phase = Z_DONE;
            return PM_INFLATE_END;
        }
        start(z);
        z->later = 1;
    }
    if (cap > UINT32_MAX)
        cap = UINT32_MAX;
    size_t feed = *n < UINT32_MAX ? *n : UINT32_MAX;
    z->st.next_in = (uint8_t *)(uintptr_t)*in;
    z->st.avail_in = (uint32_t)feed;
    z->st.next_out = out;
    z->st.avail_out = (uint32_t)cap;
    int rc = isal_inflate(&z->st);
    /* igzip hands back the whole bytes left in its bit buffer when it fails
     * or a stream ends, and some may be of an earlier call's input (next_in
     * before *in): *in never moves backwards (nor *n grows). Those bytes are
     * after the stream (a zlib stream's next bytes are ignored) or after an
     * error, after which nothing is read. */
    int rewound = z->st.avail_in > feed;
    size_t used = rewound ? feed : feed - z->st.avail_in;
    *in += used;
    *n -= used;
    *got = cap - z->st.avail_out;
    if (rc == ISAL_INVALID_WRAPPER && z->later && z->st.total_out == 0) {
        /* after a member, bytes that only begin like one (0x1f, then no
         * gzip header) are trailing garbage, ignored as gzip -d does */
        z->phase = Z_DONE;
        return PM_INFLATE_END;
    }
    if (rc < 0 || rc == ISAL_NEED_DICT) {
        z->phase = Z_FAILED;
        z->why = error_text(rc, z->wrap);
        return PM_INFLATE_ERROR;
    }
    if (z->st.block_state == ISAL_BLOCK_FINISH) {
        if (z->wrap == PM_INFLATE_ZLIB || rewound) {
            z->phase = Z_DONE;
            return PM_INFLATE_END; /* with the last of the output in *got */
        }
        z->phase = Z_BETWEEN;
    }
    return PM_INFLATE_MORE;
}

int pm_inflate_clean_end(const struct pm_inflate *z)
{
    return z->phase == Z_BETWEEN || z->phase == Z_DONE;
}

const char *pm_inflate_error(const struct pm_inflate *z)
{
    return z->why ? z->why : "truncated deflate stream";
}
