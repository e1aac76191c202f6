/* fuzz_pdf.c — the streaming PDF text extractor (extract/pdf/pdf.h) on
 * arbitrary bytes.
 *
 * Input: PM_FUZZ_NSIZES bytes of piece sizes (1 .. 256 bytes, so tokens,
 * strings, stream dictionaries and compressed data are cut everywhere), then
 * the PDF, fed in those pieces. Inflated bytes are charged to a budget of
 * 8 MiB, as a scan's limits would, so that a deflate bomb stays small.
 *
 * Checked: once the budget refuses, it is not asked again for more than it
 * was refused; feeding after pm_pdf_finish emits nothing; the counters stay
 * within what the input could hold.
 */
#include <string.h>

#include "extract/pdf/pdf.h"
#include "fuzz/fuzz.h"

#define BUDGET (8u << 20)

struct state {
    struct pm_fuzz_digest text;  /* the text emitted */
    unsigned long long inflated; /* bytes charged */
    int refused;                 /* the budget said stop */
    int finished;
};

static void on_text(void *ctx, const char *text, size_t len)
{
    struct state *s = ctx;
    PM_FUZZ_CHECK(!s->finished);
    PM_FUZZ_CHECK(text != NULL || len == 0);
    pm_fuzz_digest_add(&s->text, text, len);
}

static int charge(void *ctx, uint64_t more)
{
    struct state *s = ctx;
    PM_FUZZ_CHECK(!s->refused); /* a refusal stops all inflating */
    s->inflated += more;
    if (s->inflated > BUDGET)
        s->refused = 1;
    return s->refused;
}

/* Reads the PDF in the cut's pieces (NULL: in one); s gets the text, the
 * counters what pdf.h counts. */
static void read_pdf(struct state *s, uint64_t counters[4], struct pm_fuzz_cut *cut,
                     const uint8_t *data, size_t size)
{
    struct pm_pdf *p = pm_pdf_new(on_text, s);
    PM_FUZZ_CHECK(p != NULL);
    pm_pdf_set_budget(p, charge, s);
    size_t at = 0;
    while (at < size) {
        size_t n = cut ? pm_fuzz_cut_next(cut, size - at) : size - at;
        pm_pdf_feed(p, data + at, n);
        at += n;
    }
    pm_pdf_finish(p);
    s->finished = 1;
    pm_pdf_feed(p, (const unsigned char *)"BT (x) Tj ET", 12);
    counters[0] = pm_pdf_streams(p);
    counters[1] = pm_pdf_stream_errors(p);
    counters[2] = pm_pdf_cmaps(p);
    counters[3] = pm_pdf_hold_overflows(p);
    pm_pdf_free(p);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct pm_fuzz_cut cut;
    pm_fuzz_cut_init(&cut, &data, &size, 0);
    struct state a = {0}, b = {0};
    uint64_t ca[4], cb[4];
    read_pdf(&a, ca, &cut, data, size);
    /* A stream needs at least "stream" and "endstream" (or the end of the
     * file): no more of them than bytes. */
    PM_FUZZ_CHECK(ca[0] + ca[1] <= size);
    PM_FUZZ_CHECK(ca[2] <= ca[0] + ca[1]);
    /* One piece of inflated output may pass the budget before it refuses. */
    PM_FUZZ_CHECK(a.inflated <= (unsigned long long)BUDGET + (1u << 20));

    read_pdf(&b, cb, NULL, data, size);
    if (!a.refused && !b.refused) {
        PM_FUZZ_CHECK(pm_fuzz_digest_eq(&a.text, &b.text));
        PM_FUZZ_CHECK(memcmp(ca, cb, sizeof ca) == 0);
    }
    return 0;
}
