/* fuzz.h — what the fuzz targets share: the libFuzzer entry point, a check
 * that turns a broken invariant into a crash the fuzzer keeps, and a
 * little reader that takes piece sizes from the front of the input, a
 * digest of what a streaming reader puts out, and a sink that takes it.
 *
 * A target is compiled twice: with libFuzzer (-DPIIMAP_FUZZ=ON, clang), and
 * with replay.c's main into a plain program that the normal build's tests run
 * over the seed corpus and the regression inputs. It must never read
 * anything but its input and never print what it found (the input is the
 * only data; a crash report names the input file).
 */
#ifndef PM_FUZZ_H
#define PM_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "extract/extract.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* A broken invariant: say which and abort, so the fuzzer keeps the input. */
#define PM_FUZZ_CHECK(cond)                                                        \
    do {                                                                           \
        if (!(cond)) {                                                             \
            fprintf(stderr, "%s:%d: invariant broken: %s\n", __FILE__, __LINE__, #cond); \
            abort();                                                               \
        }                                                                          \
    } while (0)

/* Piece sizes for feeding the rest of the input in pieces: the first
 * PM_FUZZ_NSIZES bytes each give one size (1 .. 256 << shift), used in turn.
 * Taken from the front so that mutating the payload keeps the cut. */
#define PM_FUZZ_NSIZES 4

struct pm_fuzz_cut {
    size_t size[PM_FUZZ_NSIZES];
    unsigned next;
};

/* Takes the sizes from *data (fewer bytes than needed: pieces of 1 byte ...)
 * and advances data and size past them. */
static inline void pm_fuzz_cut_init(struct pm_fuzz_cut *c, const uint8_t **data, size_t *size,
                                    unsigned shift)
{
    for (unsigned i = 0; i < PM_FUZZ_NSIZES; i++) {
        unsigned b = 0;
        if (*size > 0) {
            b = **data;
            (*data)++;
            (*size)--;
        }
        c->size[i] = ((size_t)b + 1) << shift;
    }
    c->next = 0;
}

/* The next piece's size, at most `left`. */
static inline size_t pm_fuzz_cut_next(struct pm_fuzz_cut *c, size_t left)
{
    size_t n = c->size[c->next++ % PM_FUZZ_NSIZES];
    return n < left ? n : left;
}

/* What a streaming reader put out, reduced to a length and a hash (FNV-1a),
 * so that two runs over the same input cut differently can be compared: a
 * streaming reader's output must not depend on how its input was cut. */
struct pm_fuzz_digest {
    uint64_t n, h;
};

static inline void pm_fuzz_digest_add(struct pm_fuzz_digest *d, const void *data, size_t n)
{
    const unsigned char *b = data;
    if (d->n == 0 && d->h == 0)
        d->h = 14695981039346656037ull;
    for (size_t i = 0; i < n; i++)
        d->h = (d->h ^ b[i]) * 1099511628211ull;
    d->n += n;
}

static inline int pm_fuzz_digest_eq(const struct pm_fuzz_digest *a, const struct pm_fuzz_digest *b)
{
    return a->n == b->n && a->h == b->h;
}

/* What one reader of a single item put out (fuzz_ole, fuzz_xmltext): its
 * text as a digest, its record ends counted. pm_fuzz_text_sink's callbacks
 * fill it; text or a record at any level but 0 is a broken invariant. */
struct pm_fuzz_text {
    struct pm_fuzz_digest text;
    unsigned long records;
};

static inline int pm_fuzz_text_begin(void *ctx, unsigned level)
{
    (void)ctx, (void)level;
    return 0;
}

static inline void pm_fuzz_text_text(void *ctx, unsigned level, const char *text, size_t n)
{
    struct pm_fuzz_text *t = ctx;
    PM_FUZZ_CHECK(level == 0);
    PM_FUZZ_CHECK(text != NULL || n == 0);
    pm_fuzz_digest_add(&t->text, text, n);
}

static inline void pm_fuzz_text_end(void *ctx, unsigned level, const struct pm_item *it)
{
    (void)ctx, (void)level, (void)it;
}

static inline void pm_fuzz_text_record(void *ctx, unsigned level)
{
    struct pm_fuzz_text *t = ctx;
    PM_FUZZ_CHECK(level == 0);
    t->records++;
}

static inline struct pm_sink pm_fuzz_text_sink(struct pm_fuzz_text *t)
{
    return (struct pm_sink){t, pm_fuzz_text_begin, pm_fuzz_text_text, pm_fuzz_text_end,
                            pm_fuzz_text_record, NULL};
}

#endif
