/* fuzz_xmltext.c — the OOXML/ODF XML text reader (extract/xmltext.h) on
 * arbitrary bytes.
 *
 * Input: PM_FUZZ_NSIZES bytes of piece sizes, then the XML, fed in those
 * pieces and ended with an empty last piece, as the office extractor does.
 * The reader only needs a job to emit to; here that is a bare job at level 0
 * whose sink checks that text arrives at that level and counts it.
 *
 * Checked: text only ever goes to the job's level; once the reader has said
 * the XML is malformed it says so again, with a message.
 */
#include <string.h>

#include "extract/extractor.h"
#include "extract/xmltext.h"
#include "fuzz/fuzz.h"

struct count {
    unsigned long long bytes;
};

static int sink_begin(void *ctx, unsigned level)
{
    (void)ctx, (void)level;
    return 0;
}

static void sink_text(void *ctx, unsigned level, const char *text, size_t n)
{
    struct count *c = ctx;
    PM_FUZZ_CHECK(level == 0);
    PM_FUZZ_CHECK(text != NULL || n == 0);
    c->bytes += n;
}

static void sink_end(void *ctx, unsigned level, const struct pm_item *it)
{
    (void)ctx, (void)level, (void)it;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct pm_fuzz_cut cut;
    pm_fuzz_cut_init(&cut, &data, &size, 0);
    struct count c = {0};
    struct pm_sink sink = {&c, sink_begin, sink_text, sink_end};
    struct pm_job j = {.level = 0, .sink = &sink};
    struct pm_xmltext *x = pm_xmltext_new(&j);
    PM_FUZZ_CHECK(x != NULL);
    size_t at = 0;
    int rc = 0;
    while (at < size && rc == 0) {
        size_t n = pm_fuzz_cut_next(&cut, size - at);
        rc = pm_xmltext_feed(x, (const char *)data + at, n, 0);
        at += n;
    }
    if (rc == 0)
        rc = pm_xmltext_feed(x, "", 0, 1);
    if (rc != 0) {
        PM_FUZZ_CHECK(pm_xmltext_error(x)[0] != '\0');
        PM_FUZZ_CHECK(pm_xmltext_feed(x, "<a/>", 4, 1) == -1);
    }
    pm_xmltext_free(x);
    return 0;
}
