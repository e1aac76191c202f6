/* reader.c — the sink that turns extracted text into findings.
 *
 * Level L's matcher and accumulator serve the item being read at nesting
 * level L: begin resets them, text feeds the matcher (whose matches go into
 * the accumulator), end flushes the matcher and hands the item and its
 * findings on. A member at L + 1 has its own pair, so a container's findings
 * never mix with its members'. Nothing here reads a file.
 *
 * People: the extractor says where each record ends (sink record()); the
 * offsets of those ends, against the stream offset of each match, give the
 * match's record number for the item's person links (record/people.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "record/allow.h"
#include "record/findings.h"
#include "record/people.h"
#include "scan/reader.h"

struct level {
    struct pm_textscan *ts;  /* matcher feeding acc */
    struct pm_findings *acc; /* findings of the item at this level */
    struct pm_people *people; /* its person keys, by record */
    /* Records: the stream offsets where the extractor said one ends (the
     * kept ones, ascending), and how many ended before the first kept. */
    uint64_t fed;            /* bytes of text fed so far */
    uint64_t *ends;
    size_t nends, endcap;
    uint64_t ends_before;
};

/* Offsets of record ends kept before the matcher is asked which are
 * behind it (then records before those are linked and forgotten). */
#define ENDS_KEEP 1024

struct pm_reader {
    struct pm_extract *x;
    const struct pm_detset *set;
    const struct pm_key *key;
    size_t chunk;
    pm_item_fn item_fn;
    void *item_ctx;
    const struct pm_allow *allow; /* may be NULL */
    struct level *lv;             /* nlv levels, allocated on first use */
    unsigned nlv;
};

/* The number of the record holding stream offset `at`: the record ends at
 * or before it. */
static uint64_t record_of(const struct level *lv, uint64_t at)
{
    size_t lo = 0, hi = lv->nends;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (lv->ends[mid] <= at)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lv->ends_before + lo;
}

static void on_match(void *ctx, const struct pm_match *m)
{
    struct level *lv = ctx;
    unsigned char h[PM_KEY_LEN];
    if (pm_findings_add_hash(lv->acc, m, h))
        pm_people_add(lv->people, record_of(lv, m->offset), m->detector, h, m->test_value);
}

/* Links the records the matcher is done with and forgets their ends. */
static void records_behind(struct level *lv)
{
    uint64_t done = pm_textscan_reported(lv->ts);
    uint64_t rec = record_of(lv, done);
    pm_people_close(lv->people, rec);
    size_t drop = (size_t)(rec - lv->ends_before);
    memmove(lv->ends, lv->ends + drop, (lv->nends - drop) * sizeof *lv->ends);
    lv->nends -= drop;
    lv->ends_before = rec;
}

/* Level `level`'s pair, allocated on first use; NULL if out of memory. */
static struct level *level_get(struct pm_reader *r, unsigned level)
{
    if (level >= r->nlv)
        return NULL;
    struct level *lv = &r->lv[level];
    if (!lv->ts) {
        lv->acc = pm_findings_new(r->set, r->key);
        lv->people = pm_people_new(r->set);
        if (lv->acc)
            pm_findings_set_drop(lv->acc, r->allow ? pm_allow_drops : NULL, r->allow);
        lv->ts = lv->acc && lv->people ? pm_textscan_new(r->set, r->chunk, on_match, lv) : NULL;
        if (!lv->ts) {
            pm_findings_free(lv->acc);
            pm_people_free(lv->people);
            lv->acc = NULL;
            lv->people = NULL;
            return NULL;
        }
    }
    return lv;
}

static int on_begin(void *ctx, unsigned level)
{
    struct level *lv = level_get(ctx, level);
    if (!lv)
        return -1;
    pm_findings_reset(lv->acc);
    pm_people_reset(lv->people);
    pm_textscan_reset(lv->ts);
    lv->fed = 0;
    lv->nends = 0;
    lv->ends_before = 0;
    return 0;
}

static void on_text(void *ctx, unsigned level, const char *text, size_t n)
{
    struct pm_reader *r = ctx;
    struct level *lv = &r->lv[level];
    pm_textscan_feed(lv->ts, text, n);
    lv->fed += n;
    if (lv->nends >= ENDS_KEEP)
        records_behind(lv);
}

static void on_binary(void *ctx, unsigned level)
{
    struct pm_reader *r = ctx;
    pm_textscan_binary(r->lv[level].ts, 1);
}

static void on_record(void *ctx, unsigned level)
{
    struct pm_reader *r = ctx;
    struct level *lv = &r->lv[level];
    if (lv->nends && lv->ends[lv->nends - 1] == lv->fed)
        return; /* an empty record */
    if (lv->nends == lv->endcap) {
        size_t nc = lv->endcap ? lv->endcap * 2 : 256;
        uint64_t *ne = realloc(lv->ends, nc * sizeof *ne);
        if (!ne)
            return; /* out of memory: two records read as one */
        lv->ends = ne;
        lv->endcap = nc;
    }
    lv->ends[lv->nends++] = lv->fed;
}

static void on_end(void *ctx, unsigned level, const struct pm_item *item)
{
    struct pm_reader *r = ctx;
    struct level *lv = &r->lv[level];
    struct pm_item it = *item;
    char reason[256];
    pm_textscan_finish(lv->ts);
    /* A match the matcher gave up on is coverage lost: the item was read in
     * part, unless something else already says so. */
    uint64_t lost = pm_textscan_errors(lv->ts);
    if (lost && it.status != PM_FILE_PARTIAL && it.status != PM_FILE_ERROR) {
        snprintf(reason, sizeof reason, "%llu pattern matches stopped at the PCRE2 match limit",
                 (unsigned long long)lost);
        it.status = PM_FILE_PARTIAL;
        it.reason = reason;
    }
    struct pm_item_people people = {NULL, 0, 0};
    people.nlinks = pm_people_finish(lv->people, &people.links);
    people.linked_records = pm_people_linked_records(lv->people);
    r->item_fn(r->item_ctx, &it, lv->acc, &people);
}

struct pm_reader *pm_reader_new(const struct pm_detset *set, const struct pm_key *key,
                                const struct pm_limits *lim, size_t chunk, pm_item_fn item_fn,
                                void *ctx, char *err, size_t errsz)
{
    struct pm_reader *r = calloc(1, sizeof *r);
    if (!r) {
        snprintf(err, errsz, "out of memory");
        return NULL;
    }
    r->set = set;
    r->key = key;
    r->chunk = chunk;
    r->item_fn = item_fn;
    r->item_ctx = ctx;
    r->nlv = lim->max_depth + 2; /* the extractor's levels: 0 .. max_depth + 1 */
    r->lv = calloc(r->nlv, sizeof *r->lv);
    if (!r->lv || !level_get(r, 0)) {
        snprintf(err, errsz, "out of memory");
        pm_reader_free(r);
        return NULL;
    }
    struct pm_sink sink = {r, on_begin, on_text, on_end, on_record, on_binary};
    r->x = pm_extract_new(lim, &sink, err, errsz);
    if (!r->x) {
        pm_reader_free(r);
        return NULL;
    }
    return r;
}

void pm_reader_free(struct pm_reader *r)
{
    if (!r)
        return;
    pm_extract_free(r->x);
    for (unsigned i = 0; r->lv && i < r->nlv; i++) {
        pm_textscan_free(r->lv[i].ts);
        pm_findings_free(r->lv[i].acc);
        pm_people_free(r->lv[i].people);
        free(r->lv[i].ends);
    }
    free(r->lv);
    free(r);
}

void pm_reader_set_stop(struct pm_reader *r, const atomic_int *stop)
{
    pm_extract_set_stop(r->x, stop);
}

uint64_t pm_reader_atime_touched(const struct pm_reader *r)
{
    return pm_extract_atime_touched(r->x);
}

void pm_reader_set_allow(struct pm_reader *r, const struct pm_allow *allow)
{
    r->allow = allow;
    for (unsigned i = 0; i < r->nlv; i++)
        if (r->lv[i].acc)
            pm_findings_set_drop(r->lv[i].acc, allow ? pm_allow_drops : NULL, allow);
}

void pm_reader_scan(struct pm_reader *r, const char *path, const struct stat *st, int follow)
{
    pm_extract_file(r->x, path, st, follow);
}
