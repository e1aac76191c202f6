/* fuzz_detect.c — the streaming matcher and every detector on arbitrary text.
 *
 * Input: one byte choosing the matcher's window (small, so that windows
 * slide many times within one input), PM_FUZZ_NSIZES bytes of piece sizes,
 * then the text, fed to pm_textscan in those pieces. Every built-in detector
 * runs (ipv4 and ipv6 too) plus the user-defined ones of detectors.yaml.
 *
 * Checked on every match: the detector index and confidence are in range, the
 * match lies inside the text fed so far, the normalised and masked values fit
 * their buffers; and at the end no two matches overlap (each value is
 * reported once, by one detector, whatever the window edges).
 *
 * Never prints a match: the input may hold anything.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/confidence.h"
#include "detect/detector.h"
#include "fuzz/fuzz.h"

#ifndef PM_FUZZ_DIR
#error "PM_FUZZ_DIR (the fuzz/ folder, for detectors.yaml) must be defined"
#endif

static struct pm_detset *set;
static struct pm_userdets *user;

struct span {
    uint64_t start, end;
};

struct run {
    uint64_t fed; /* bytes fed so far */
    struct span *spans;
    size_t n, cap;
};

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    char err[512];
    user = pm_userdets_load(PM_FUZZ_DIR "/detectors.yaml", err, sizeof err);
    if (!user) {
        fprintf(stderr, "fuzz_detect: %s\n", err);
        exit(1);
    }
    struct pm_detset_opts o = {.enable = "ipv4,ipv6",
                               .extra = pm_userdets_defs(user),
                               .nextra = pm_userdets_count(user)};
    set = pm_detset_new(&o, err, sizeof err);
    if (!set) {
        fprintf(stderr, "fuzz_detect: %s\n", err);
        exit(1);
    }
    return 0;
}

static void on_match(void *ctx, const struct pm_match *m)
{
    struct run *r = ctx;
    PM_FUZZ_CHECK(m->detector >= 0 && (size_t)m->detector < pm_detset_count(set));
    PM_FUZZ_CHECK(m->confidence >= PM_CONF_LOW && m->confidence <= PM_CONF_HIGH);
    PM_FUZZ_CHECK(m->len > 0 && m->offset + m->len <= r->fed);
    PM_FUZZ_CHECK(m->norm && memchr(m->norm, '\0', PM_NORM_MAX));
    PM_FUZZ_CHECK(m->masked && memchr(m->masked, '\0', PM_MASK_MAX));
    if (r->n == r->cap) {
        size_t nc = r->cap ? r->cap * 2 : 64;
        struct span *ns = realloc(r->spans, nc * sizeof *ns);
        PM_FUZZ_CHECK(ns != NULL);
        r->spans = ns;
        r->cap = nc;
    }
    r->spans[r->n].start = m->offset;
    r->spans[r->n].end = m->offset + m->len;
    r->n++;
}

static int span_cmp(const void *a, const void *b)
{
    const struct span *x = a, *y = b;
    return (x->start > y->start) - (x->start < y->start);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    /* 1 .. 3841 bytes: the matcher raises it to its minimum (look-behind and
     * two overlaps), so small values give the smallest window there is. */
    size_t chunk = (size_t)(data[0] & 15) * 256 + 1;
    data++, size--;
    struct pm_fuzz_cut cut;
    pm_fuzz_cut_init(&cut, &data, &size, 0);

    struct run r = {0};
    struct pm_textscan *ts = pm_textscan_new(set, chunk, on_match, &r);
    PM_FUZZ_CHECK(ts != NULL);
    size_t at = 0;
    while (at < size) {
        size_t n = pm_fuzz_cut_next(&cut, size - at);
        r.fed += n;
        pm_textscan_feed(ts, (const char *)data + at, n);
        at += n;
    }
    pm_textscan_finish(ts);
    pm_textscan_free(ts);

    if (r.n > 0)
        qsort(r.spans, r.n, sizeof *r.spans, span_cmp);
    uint64_t end = 0;
    for (size_t i = 0; i < r.n; i++) {
        PM_FUZZ_CHECK(r.spans[i].start >= end);
        end = r.spans[i].end;
    }
    free(r.spans);
    return 0;
}
