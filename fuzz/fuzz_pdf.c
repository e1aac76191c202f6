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
    unsigned long long text;     /* bytes of text emitted */
    unsigned long long inflated; /* bytes charged */
    int refused;                 /* the budget said stop */
    int finished;
};

static void on_text(void *ctx, const char *text, size_t len)
{
    struct state *s = ctx;
    PM_FUZZ_CHECK(!s->finished);
    PM_FUZZ_CHECK(text != NULL || len == 0);
    s->text += len;
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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct pm_fuzz_cut cut;
    pm_fuzz_cut_init(&cut, &data, &size, 0);
    struct state s = {0};
    struct pm_pdf *p = pm_pdf_new(on_text, &s);
    PM_FUZZ_CHECK(p != NULL);
    pm_pdf_set_budget(p, charge, &s);
    size_t at = 0;
    while (at < size) {
        size_t n = pm_fuzz_cut_next(&cut, size - at);
        pm_pdf_feed(p, data + at, n);
        at += n;
    }
    pm_pdf_finish(p);
    s.finished = 1;
    pm_pdf_feed(p, (const unsigned char *)"BT (x) Tj ET", 12);
    /* A stream needs at least "stream" and "endstream" (or the end of the
     * file): no more of them than bytes. */
    PM_FUZZ_CHECK(pm_pdf_streams(p) + pm_pdf_stream_errors(p) <= size);
    PM_FUZZ_CHECK(pm_pdf_cmaps(p) <= pm_pdf_streams(p) + pm_pdf_stream_errors(p));
    /* One piece of inflated output may pass the budget before it refuses. */
    PM_FUZZ_CHECK(s.inflated <= (unsigned long long)BUDGET + (1u << 20));
    pm_pdf_free(p);
    return 0;
}
