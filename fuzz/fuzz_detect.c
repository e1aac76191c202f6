/* fuzz_detect.c — the streaming matcher and every detector on arbitrary text.
 *
 * Input: one byte choosing the matcher's window (small, so that windows
 * slide many times within one input: its low 4 bits) and the scan's
 * --region (bits 4..6: none, or one of regions[], so that the regional
 * phone checks run too), one byte choosing a detector, then
 * PM_FUZZ_NSIZES bytes of piece sizes, then the text, fed to pm_textscan in
 * those pieces. Every built-in detector runs (ipv4 and ipv6 too) plus the
 * user-defined ones of detectors.yaml.
 *
 * Checked on every match: the detector index and confidence are in range, the
 * match lies inside the text fed so far, the normalised and masked values fit
 * their buffers; at the end no two matches overlap (each value is reported
 * once, by one detector). Then the chosen detector runs alone twice, in the
 * small window and in one window holding the whole text: both must find the
 * same matches with the same confidence (registry.c's promise that window
 * edges change nothing). With all detectors together the comparison would
 * not hold: which of two overlapping candidates wins can depend on the window.
 *
 * Never prints a value: the input may hold anything (offsets are fine).
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
/* One set per detector, for the comparison of windows. */
static struct pm_detset *single[PM_MAX_DETECTORS];
static size_t nsingle;
/* --region choices (index 0: none). With a region only the phone detector
 * changes, so each has the whole set and the phone detector alone, built
 * by regional_set the first time an input asks for them. */
static const char *const regions[8] = {NULL, "DE", "GB", "FR", "US", "IN", "DE,FR,NL", "BR"};
static struct pm_detset *regional[8], *regional_phone[8];
static struct pm_detset_opts all_opts; /* of set: every detector */

struct span {
    uint64_t start, end;
    int conf;
};

struct run {
    uint64_t fed; /* bytes fed so far */
    struct span *spans;
    size_t n, cap;
    const struct pm_detset *set;
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
    for (size_t i = 0; i < pm_detset_count(set); i++) {
        const struct pm_detector_def *d = pm_detset_def(set, i);
        struct pm_detset_opts so = {.only = d->id, .extra = o.extra, .nextra = o.nextra};
        single[nsingle] = pm_detset_new(&so, err, sizeof err);
        if (!single[nsingle]) {
            fprintf(stderr, "fuzz_detect: %s: %s\n", d->id, err);
            exit(1);
        }
        nsingle++;
    }
    all_opts = o;
    return 0;
}

/* The set of --region regions[r] (r > 0): every detector, or with
 * phone_only the phone detector alone. Built the first time an input asks
 * for it, not at start: all fourteen made the target take half a minute
 * to start, and most inputs never ask. */
static const struct pm_detset *regional_set(size_t r, int phone_only)
{
    struct pm_detset **slot = phone_only ? &regional_phone[r] : &regional[r];
    if (!*slot) {
        struct pm_detset_opts o = all_opts;
        if (phone_only)
            o = (struct pm_detset_opts){.only = "phone"};
        o.region = regions[r];
        char err[512];
        *slot = pm_detset_new(&o, err, sizeof err);
        if (!*slot) {
            fprintf(stderr, "fuzz_detect: --region %s: %s\n", regions[r], err);
            exit(1);
        }
    }
    return *slot;
}

static int span_cmp(const void *a, const void *b)
{
    const struct span *x = a, *y = b;
    return (x->start > y->start) - (x->start < y->start);
}

static void on_match(void *ctx, const struct pm_match *m)
{
    struct run *r = ctx;
    PM_FUZZ_CHECK(m->detector >= 0 && (size_t)m->detector < pm_detset_count(r->set));
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
    r->spans[r->n].conf = m->confidence;
    r->n++;
}

/* Matches the text with set s in this window (0: the default), fed in the
 * cut's pieces (NULL: whole); r gets the matches, sorted by start. */
static void run_set(struct run *r, const struct pm_detset *s, size_t chunk, struct pm_fuzz_cut *cut,
                    const uint8_t *data, size_t size)
{
    memset(r, 0, sizeof *r);
    r->set = s;
    struct pm_textscan *ts = pm_textscan_new(s, chunk, on_match, r);
    PM_FUZZ_CHECK(ts != NULL);
    size_t at = 0;
    while (at < size) {
        size_t n = cut ? pm_fuzz_cut_next(cut, size - at) : size - at;
        r->fed += n;
        pm_textscan_feed(ts, (const char *)data + at, n);
        at += n;
    }
    pm_textscan_finish(ts);
    pm_textscan_free(ts);
    if (r->n > 0)
        qsort(r->spans, r->n, sizeof *r->spans, span_cmp);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    /* 1 .. 3841 bytes: the matcher raises it to its minimum (look-behind and
     * two overlaps), so small values give the smallest window there is. */
    size_t chunk = (size_t)(data[0] & 15) * 256 + 1;
    size_t which = data[1] % nsingle;
    size_t region = (size_t)(data[0] >> 4) & 7;
    const struct pm_detset *all = region ? regional_set(region, 0) : set;
    const struct pm_detset *alone = single[which];
    if (region && strcmp(pm_detset_def(alone, 0)->id, "phone") == 0)
        alone = regional_set(region, 1);
    data += 2, size -= 2;
    struct pm_fuzz_cut cut;
    pm_fuzz_cut_init(&cut, &data, &size, 0);

    struct run r;
    run_set(&r, all, chunk, &cut, data, size);
    /* Sorted by start: each starts after the one before ends. */
    uint64_t end = 0;
    for (size_t i = 0; i < r.n; i++) {
        PM_FUZZ_CHECK(r.spans[i].start >= end);
        end = r.spans[i].end;
    }
    free(r.spans);

    /* One detector alone finds the same whatever the window. The default
     * window (256 KiB) holds any input the fuzzer makes whole. */
    struct run a, b;
    const char *id = pm_detset_def(alone, 0)->id;
    cut.next = 0;
    run_set(&a, alone, chunk, &cut, data, size);
    run_set(&b, alone, 0, NULL, data, size);
    if (a.n != b.n)
        fprintf(stderr, "%s: %zu matches in small windows, %zu in one\n", id, a.n, b.n);
    PM_FUZZ_CHECK(a.n == b.n);
    for (size_t i = 0; i < a.n; i++) {
        const struct span *x = &a.spans[i], *y = &b.spans[i];
        if (x->start != y->start || x->end != y->end || x->conf != y->conf)
            fprintf(stderr, "%s: match %zu at %llu+%llu (confidence %d) in small windows, "
                    "%llu+%llu (%d) in one\n", id, i, (unsigned long long)x->start,
                    (unsigned long long)(x->end - x->start), x->conf,
                    (unsigned long long)y->start, (unsigned long long)(y->end - y->start),
                    y->conf);
        PM_FUZZ_CHECK(x->start == y->start && x->end == y->end && x->conf == y->conf);
    }
    free(a.spans);
    free(b.spans);
    return 0;
}
