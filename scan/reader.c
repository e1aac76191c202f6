/* reader.c — the sink that turns extracted text into findings.
 *
 * Level L's matcher and accumulator serve the item being read at nesting
 * level L: begin resets them, text feeds the matcher (whose matches go into
 * the accumulator), end flushes the matcher and hands the item and its
 * findings on. A member at L + 1 has its own pair, so a container's findings
 * never mix with its members'. Nothing here reads a file.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "record/allow.h"
#include "record/findings.h"
#include "scan/reader.h"

struct level {
    struct pm_textscan *ts;  /* matcher feeding acc */
    struct pm_findings *acc; /* findings of the item at this level */
};

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

static void on_match(void *ctx, const struct pm_match *m) { pm_findings_add(ctx, m); }

/* Level `level`'s pair, allocated on first use; NULL if out of memory. */
static struct level *level_get(struct pm_reader *r, unsigned level)
{
    if (level >= r->nlv)
        return NULL;
    struct level *lv = &r->lv[level];
    if (!lv->ts) {
        lv->acc = pm_findings_new(r->set, r->key);
        if (lv->acc)
            pm_findings_set_drop(lv->acc, r->allow ? pm_allow_drops : NULL, r->allow);
        lv->ts = lv->acc ? pm_textscan_new(r->set, r->chunk, on_match, lv->acc) : NULL;
        if (!lv->ts) {
            pm_findings_free(lv->acc);
            lv->acc = NULL;
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
    pm_textscan_reset(lv->ts);
    return 0;
}

static void on_text(void *ctx, unsigned level, const char *text, size_t n)
{
    struct pm_reader *r = ctx;
    pm_textscan_feed(r->lv[level].ts, text, n);
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
    r->item_fn(r->item_ctx, &it, lv->acc);
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
    struct pm_sink sink = {r, on_begin, on_text, on_end};
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
