/* fuzz.h — what the fuzz targets share: the libFuzzer entry point, a check
 * that turns a broken invariant into a crash the fuzzer keeps, and a
 * little reader that takes piece sizes from the front of the input.
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

#endif
