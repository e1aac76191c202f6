/* matcher.c — runs a compiled detector set over streamed text.
 *
 * The chunk window. A stream is matched in windows of at most `chunk` bytes.
 * Each window starts with up to PM_LOOKBEHIND bytes of already-matched text (so
 * boundary checks, look-behinds and context words see the text before a match)
 * followed by unmatched text. Unless the stream has ended, a match is reported
 * only if it starts before `limit` = window end - overlap, where overlap > the
 * longest possible match plus the context read after it; matches starting
 * later are left for the next window, which begins with those bytes. So every
 * match lies wholly inside the window where it is reported, with all the
 * context its detector reads, and each is reported exactly once: what is found,
 * and how sure, does not depend on where windows begin and end.
 *
 * Detectors run in table order over a window, and one string never counts as
 * two kinds of PII: when a later detector's validated match overlaps earlier
 * ones, the longer wins and the other is dropped; on equal length the surer
 * (a number after its own label), then the earlier detector (its place in
 * the table is its priority). So a grouped
 * IBAN that holds a Luhn-valid run is an IBAN, not also a card, while a card
 * is not also a phone. Accepted matches wait in a list until every detector
 * has run over the window, then go to the callback in table order; a match
 * reported in an earlier window is final (a later one overlapping it is
 * dropped, as it would have to start inside it and be longer).
 *
 * Two engines, one result. The PCRE2 reference engine (run_pcre2) runs each
 * detector's pattern over the whole window, around digit clusters for number
 * detectors. The one-pass engine (run_candidates) first streams the text once
 * through the set's Vectorscan database (detect/vscan.c), which gives for
 * each detector the few stretches where one of its matches may start; there
 * the same pattern runs, bounded by an offset limit, and the same validator
 * judges (judge). For every match it accepts a detector's start patterns or
 * context words put its start in such a stretch, so both engines accept the
 * same matches at the same places (tests/test_engines.c compares them).
 * Detectors the database cannot take, and those found by an anchor byte,
 * run as in the reference.
 *
 * A normalised value lives on this file's stack only while its callback runs
 * and is wiped after each window: the matcher never keeps or logs one.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "detect/detector.h"
#include "detect/matcher.h"
#include "detect/registry.h" /* the layout of a compiled set */
#include "detect/vscan.h"    /* the one-pass candidate finder */

#define PM_DEFAULT_CHUNK (256u * 1024u)
/* The context before a match, and the byte before that (does a context word
 * start there, or inside a longer word?). */
#define PM_LOOKBEHIND (PM_NEAR_BEFORE + 1u)
#define PM_MATCH_LIMIT 200000u
#define PM_DEPTH_LIMIT 2000u

struct pm_span {
    size_t start, end; /* window offsets; end == start once dropped */
    size_t pend;       /* its entry in the pending list, SIZE_MAX once reported */
};

/* An accepted match waiting for the end of the window; its normalised value
 * and mask are in the arena (wiped when the window is done). */
struct pm_pending {
    size_t d, start, end;
    int conf, dropped;
    size_t norm, mask; /* arena offsets */
};

/* A digit cluster of the window (detect/cluster.h): [start, end) holds
 * ndigits digits. */
struct ref_cluster {
    size_t start, end;
    unsigned ndigits;
};

/* Bytes around a cluster that a match may also cover: a '+' or '(' before
 * the first digit, the look-behind and look-ahead of the patterns. */
#define CLUSTER_BEFORE 4
#define CLUSTER_AFTER 8

struct pm_textscan {
    const struct pm_detset *set; /* borrowed, shared */
    pm_match_fn fn;
    void *ctx;
    pcre2_match_data **md;       /* one per detector */
    pcre2_match_context *mctx;   /* no offset limit: the reference engine */
    pcre2_match_context *mlim;   /* with an offset limit: the one-pass engine */
    pcre2_jit_stack *jstack;
    struct pm_vscan_run *vs;     /* NULL: every detector runs as in the reference */
    size_t vs_done;              /* bytes of the window Vectorscan has seen */
    char *buf;                   /* window: [0, len) */
    size_t cap, chunk, overlap;
    size_t len;                  /* bytes in the window */
    size_t from;                 /* bytes at the start already matched */
    uint64_t base;               /* stream offset of buf[0] */
    struct pm_span *spans;       /* accepted matches in this window, sorted */
    size_t nspans, spancap;
    struct pm_pending *pend;     /* accepted matches not yet reported */
    size_t npend, pendcap;
    char *arena;                 /* their normalised values and masks */
    size_t alen, acap;
    struct ref_cluster *clusters; /* digit clusters of this window */
    size_t nclusters, clustercap;
    uint64_t errors;
    /* Line counting (reveal): newlines before buf[0], and a cursor into the
     * window: lc_lines newlines in buf[0, lc_pos). */
    int lines;
    int binary; /* the printable runs of a binary: pm_textscan_binary */
    uint64_t line_base;
    size_t lc_pos;
    uint64_t lc_lines;
};

struct pm_textscan *pm_textscan_new(const struct pm_detset *set, size_t chunk,
                                    pm_match_fn fn, void *ctx)
{
    struct pm_textscan *ts = calloc(1, sizeof *ts);
    if (!ts)
        return NULL;
    ts->set = set;
    ts->fn = fn;
    ts->ctx = ctx;
    ts->overlap = set->max_len + 1 + PM_NEAR_AFTER;
    ts->chunk = chunk ? chunk : PM_DEFAULT_CHUNK;
    /* A window must hold the look-behind, an overlap and some new text. */
    if (ts->chunk < PM_LOOKBEHIND + 2 * ts->overlap)
        ts->chunk = PM_LOOKBEHIND + 2 * ts->overlap;
    ts->cap = ts->chunk;
    ts->buf = malloc(ts->cap);
    ts->md = calloc(set->n ? set->n : 1, sizeof *ts->md);
    ts->mctx = pcre2_match_context_create(NULL);
    ts->mlim = pcre2_match_context_create(NULL);
    ts->jstack = pcre2_jit_stack_create(32 * 1024, 512 * 1024, NULL);
    if (!ts->buf || !ts->md || !ts->mctx || !ts->mlim || !ts->jstack)
        goto fail;
    pcre2_match_context *ctxs[] = {ts->mctx, ts->mlim};
    for (size_t i = 0; i < 2; i++) {
        pcre2_set_match_limit(ctxs[i], PM_MATCH_LIMIT);
        pcre2_set_depth_limit(ctxs[i], PM_DEPTH_LIMIT);
        pcre2_jit_stack_assign(ctxs[i], NULL, ts->jstack);
    }
    /* Without the candidate finder (out of memory) every detector runs as
     * in the reference: slower, same matches. */
    if (pm_vscan_used(set->vs))
        ts->vs = pm_vscan_run_new(set->vs);
    for (size_t i = 0; i < set->n; i++)
        if (!(ts->md[i] = pcre2_match_data_create_from_pattern(set->dets[i].code, NULL)))
            goto fail;
    return ts;
fail:
    pm_textscan_free(ts);
    return NULL;
}

void pm_textscan_free(struct pm_textscan *ts)
{
    if (!ts)
        return;
    if (ts->md)
        for (size_t i = 0; i < ts->set->n; i++)
            pcre2_match_data_free(ts->md[i]);
    free(ts->md);
    pcre2_match_context_free(ts->mctx);
    pcre2_match_context_free(ts->mlim);
    pcre2_jit_stack_free(ts->jstack);
    pm_vscan_run_free(ts->vs);
    free(ts->spans);
    free(ts->pend);
    if (ts->arena)
        memset(ts->arena, 0, ts->acap);
    free(ts->arena);
    free(ts->clusters);
    free(ts->buf);
    free(ts);
}

void pm_textscan_reset(struct pm_textscan *ts)
{
    ts->len = ts->from = 0;
    ts->base = 0;
    ts->nspans = 0;
    ts->npend = 0;
    if (ts->alen)
        memset(ts->arena, 0, ts->alen);
    ts->alen = 0;
    ts->errors = 0;
    ts->vs_done = 0;
    ts->line_base = 0;
    ts->lc_pos = 0;
    ts->lc_lines = 0;
    ts->binary = 0;
    if (ts->vs)
        pm_vscan_run_reset(ts->vs);
}

void pm_textscan_count_lines(struct pm_textscan *ts, int on) { ts->lines = on; }

void pm_textscan_binary(struct pm_textscan *ts, int on) { ts->binary = on; }

/* Newlines in buf[a, b). */
static uint64_t newlines(const char *buf, size_t a, size_t b)
{
    uint64_t n = 0;
    const char *p = buf + a, *e = buf + b;
    while (p < e && (p = memchr(p, '\n', (size_t)(e - p))) != NULL) {
        n++;
        p++;
    }
    return n;
}

/* The 1-based line of window offset `at`. Matches of one detector come in
 * increasing order, so the cursor moves forward and the window is counted
 * about once per detector. */
static uint64_t line_at(struct pm_textscan *ts, size_t at)
{
    if (at < ts->lc_pos) {
        ts->lc_pos = 0;
        ts->lc_lines = 0;
    }
    ts->lc_lines += newlines(ts->buf, ts->lc_pos, at);
    ts->lc_pos = at;
    return ts->line_base + ts->lc_lines + 1;
}

uint64_t pm_textscan_errors(const struct pm_textscan *ts) { return ts->errors; }

uint64_t pm_textscan_reported(const struct pm_textscan *ts) { return ts->base + ts->from; }

/* Whether [start, end) at confidence conf wins over every span of an
 * earlier detector it overlaps: it is longer, or as long and surer (conf <
 * 0: not yet known, so as long is enough for now). A span reported in an
 * earlier window is final and always wins. Sets *any when it overlaps one.
 * The spans of earlier detectors are sorted by start and do not overlap;
 * *cursor walks forward with start. */
static int wins_over_claimed(const struct pm_textscan *ts, size_t nclaimed, size_t *cursor,
                             size_t start, size_t end, int conf, int *any)
{
    const struct pm_span *spans = ts->spans;
    *any = 0;
    while (*cursor < nclaimed && spans[*cursor].end <= start)
        (*cursor)++;
    for (size_t i = *cursor; i < nclaimed && spans[i].start < end; i++) {
        if (spans[i].end <= start || spans[i].end == spans[i].start)
            continue; /* before it, or dropped */
        *any = 1;
        size_t len = spans[i].end - spans[i].start;
        if (spans[i].pend == SIZE_MAX || len > end - start)
            return 0;
        if (len == end - start && conf >= 0 && ts->pend[spans[i].pend].conf >= conf)
            return 0;
    }
    return 1;
}

/* Drops the earlier detectors' pending matches that [start, end) overlaps:
 * a longer match has won over them. */
static void drop_claimed(struct pm_textscan *ts, size_t nclaimed, size_t cursor, size_t start,
                         size_t end)
{
    for (size_t i = cursor; i < nclaimed && ts->spans[i].start < end; i++) {
        if (ts->spans[i].end <= start)
            continue;
        ts->pend[ts->spans[i].pend].dropped = 1;
        ts->spans[i].end = ts->spans[i].start;
    }
}

static int span_cmp(const void *a, const void *b)
{
    const struct pm_span *x = a, *y = b;
    return (x->start > y->start) - (x->start < y->start);
}

static void add_span(struct pm_textscan *ts, size_t start, size_t end, size_t pend)
{
    if (ts->nspans == ts->spancap) {
        size_t nc = ts->spancap ? ts->spancap * 2 : 64;
        struct pm_span *ns = realloc(ts->spans, nc * sizeof *ns);
        if (!ns)
            return; /* losing a claim only weakens cross-detector suppression */
        ts->spans = ns;
        ts->spancap = nc;
    }
    ts->spans[ts->nspans].start = start;
    ts->spans[ts->nspans].end = end;
    ts->spans[ts->nspans].pend = pend;
    ts->nspans++;
}

/* Copies s with its NUL into the arena; returns its offset, or SIZE_MAX if
 * out of memory. */
static size_t arena_put(struct pm_textscan *ts, const char *s)
{
    size_t n = strlen(s) + 1;
    if (ts->alen + n > ts->acap) {
        size_t nc = ts->acap ? ts->acap * 2 : 4096;
        while (nc < ts->alen + n)
            nc *= 2;
        char *na = malloc(nc);
        if (!na)
            return SIZE_MAX;
        if (ts->arena) {
            memcpy(na, ts->arena, ts->alen);
            memset(ts->arena, 0, ts->acap); /* leave no value behind */
            free(ts->arena);
        }
        ts->arena = na;
        ts->acap = nc;
    }
    memcpy(ts->arena + ts->alen, s, n);
    ts->alen += n;
    return ts->alen - n;
}

/* Keeps an accepted match until the window is done; returns its index, or
 * SIZE_MAX if out of memory (then it is reported at once, as final). */
static size_t pend_add(struct pm_textscan *ts, size_t d, int conf, size_t start, size_t end,
                       const char *norm, const char *masked)
{
    if (ts->npend == ts->pendcap) {
        size_t nc = ts->pendcap ? ts->pendcap * 2 : 64;
        struct pm_pending *np = realloc(ts->pend, nc * sizeof *np);
        if (!np)
            return SIZE_MAX;
        ts->pend = np;
        ts->pendcap = nc;
    }
    size_t no = arena_put(ts, norm), mo = no == SIZE_MAX ? SIZE_MAX : arena_put(ts, masked);
    if (mo == SIZE_MAX)
        return SIZE_MAX;
    ts->pend[ts->npend] = (struct pm_pending){d, start, end, conf, 0, no, mo};
    return ts->npend++;
}

static void report(struct pm_textscan *ts, size_t d, int conf, size_t start, size_t end,
                   const char *norm, const char *masked)
{
    struct pm_match m = {(int)d,
                         conf,
                         ts->base + start,
                         end - start,
                         norm,
                         masked,
                         ts->buf + start,
                         ts->lines ? line_at(ts, start) : 0,
                         pm_test_value(ts->set->dets[d].def->id, norm)};
    ts->fn(ts->ctx, &m);
}

/* Reports the pending matches that were not outdone, in the order they
 * were accepted (table order, then offset), and wipes their values. */
static void flush_pending(struct pm_textscan *ts)
{
    for (size_t i = 0; i < ts->npend; i++) {
        const struct pm_pending *p = &ts->pend[i];
        if (!p->dropped)
            report(ts, p->d, p->conf, p->start, p->end, ts->arena + p->norm,
                   ts->arena + p->mask);
    }
    for (size_t i = 0; i < ts->nspans; i++)
        ts->spans[i].pend = SIZE_MAX;
    if (ts->alen)
        memset(ts->arena, 0, ts->alen);
    ts->npend = ts->alen = 0;
}

static int add_cluster(void *ctx, const struct pm_cluster *c)
{
    struct pm_textscan *ts = ctx;
    if (ts->nclusters == ts->clustercap) {
        size_t nc = ts->clustercap ? ts->clustercap * 2 : 256;
        struct ref_cluster *ncl = realloc(ts->clusters, nc * sizeof *ncl);
        if (!ncl)
            return -1;
        ts->clusters = ncl;
        ts->clustercap = nc;
    }
    ts->clusters[ts->nclusters].start = c->start;
    ts->clusters[ts->nclusters].end = c->end;
    ts->clusters[ts->nclusters].ndigits = c->ndigits;
    ts->nclusters++;
    return 0;
}

/* Finds the digit clusters of the window. Returns 0, or -1 if out of memory
 * (then every detector runs over the whole window). */
static int find_clusters(struct pm_textscan *ts)
{
    ts->nclusters = 0;
    size_t from = ts->from > CLUSTER_BEFORE ? ts->from - CLUSTER_BEFORE : 0;
    struct pm_cluster_want all = {1, 1};
    return pm_clusters_each(ts->buf, ts->len, from, all, add_cluster, ts);
}

/* 1 if a value is written as people print it: with a separator between
 * its digits ("(415) 555-0132", "536-22-8734"), not as one bare run. */
static int printed(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] == ' ' || s[i] == '-' || s[i] == '.' || s[i] == '/' || s[i] == '(')
            return 1;
    return 0;
}

/* Judges the pattern's match buf[start, end) of detector d: accepted by the
 * validator, sure enough after context, and winning over every earlier
 * detector's match it overlaps: longer, or as long and surer (a validator
 * only ever shortens a match, so a candidate shorter than one of them is
 * not validated at all). Keeps it for the end of the window and returns
 * where it ends (the validator may have shortened it), or 0 if it is
 * rejected. Starts must come in increasing order for one detector (the
 * claimed-span cursor walks forward). */
static size_t judge(struct pm_textscan *ts, size_t d, size_t start, size_t end, size_t nclaimed,
                    size_t *cursor, char *norm, char *masked)
{
    const struct pm_compiled *c = &ts->set->dets[d];
    int any;
    if (end <= start || !wins_over_claimed(ts, nclaimed, cursor, start, end, -1, &any))
        return 0;
    size_t first = *cursor;
    int conf = PM_CONF_NONE;
    if (c->def->validate) {
        size_t n = end - start;
        conf = c->def->validate(c->def, ts->buf, ts->len, start, &n, norm);
        if (conf && n > 0 && n < end - start)
            end = start + n;
    } else {
        size_t n = end - start < PM_NORM_MAX - 1 ? end - start : PM_NORM_MAX - 1;
        memcpy(norm, ts->buf + start, n);
        norm[n] = '\0';
        conf = PM_CONF_MEDIUM;
    }
    if (conf && conf < PM_CONF_HIGH && c->def->context) {
        if (pm_context_near(ts->buf, ts->len, start, end - start, c->def->context))
            conf++;
        else if (ts->binary && (c->def->binary_needs_context ||
                                ((c->def->min_digits || c->def->cluster_gate) &&
                                 !printed(ts->buf + start, end - start))))
            return 0; /* a bare number (or name) in a binary's strings: no word says what it is */
    }
    if (conf < (ts->set->min_conf > PM_CONF_LOW ? ts->set->min_conf : PM_CONF_LOW))
        return 0;
    if (any) {
        /* Validated (perhaps shortened), it must still win. */
        size_t cur = first;
        if (!wins_over_claimed(ts, nclaimed, &cur, start, end, conf, &any))
            return 0;
        if (any)
            drop_claimed(ts, nclaimed, first, start, end);
    }
    if (c->def->mask)
        c->def->mask(c->def, norm, masked);
    else
        snprintf(masked, PM_MASK_MAX, "***");
    size_t p = pend_add(ts, d, conf, start, end, norm, masked);
    if (p == SIZE_MAX)
        report(ts, d, conf, start, end, norm, masked);
    add_span(ts, start, end, p);
    return end;
}

/* The reference engine for detector d: its pattern over the whole window
 * (around digit clusters when it has min_digits, at its anchor bytes when it
 * has one). *clusters: 0 not yet found, 1 found, -1 out of memory. */
static void run_pcre2(struct pm_textscan *ts, size_t d, size_t limit, int *clusters, char *norm,
                      char *masked)
{
    const struct pm_compiled *c = &ts->set->dets[d];
    size_t nclaimed = ts->nspans, cursor = 0;
    size_t off = ts->from;
    size_t anchor_at = ts->from; /* where to look for the next anchor byte */
    if (c->def->min_digits && *clusters == 0)
        *clusters = find_clusters(ts) == 0 ? 1 : -1;
    unsigned need = *clusters == 1 ? c->def->min_digits : 0;
    size_t ci = 0;               /* next cluster to look at */
    if (c->def->needs_context && !pm_context_within(ts->buf, ts->len, ts->from, 0, c->def->context,
                                                    PM_NEAR_BEFORE, ts->len))
        return; /* no context word anywhere in this window */
    while (off < limit) {
        size_t at = off, subject = ts->len;
        uint32_t opts = 0;
        if (need) {
            /* Only around clusters with enough digits. */
            while (ci < ts->nclusters && (ts->clusters[ci].ndigits < need ||
                                          ts->clusters[ci].end + CLUSTER_AFTER <= off))
                ci++;
            if (ci == ts->nclusters)
                break;
            size_t cs = ts->clusters[ci].start > CLUSTER_BEFORE
                            ? ts->clusters[ci].start - CLUSTER_BEFORE
                            : 0;
            if (cs > at)
                at = off = cs;
            if (at >= limit)
                break;
            /* The subject ends before the next cluster's margin, so no
             * attempt here can step over where that one starts. */
            subject = ts->clusters[ci].end + CLUSTER_AFTER;
            if (ci + 1 < ts->nclusters && subject > ts->clusters[ci + 1].start - CLUSTER_BEFORE)
                subject = ts->clusters[ci + 1].start - CLUSTER_BEFORE;
            if (subject <= ts->clusters[ci].end)
                subject = ts->clusters[ci].end + 1; /* one byte of look-ahead */
            if (subject > ts->len)
                subject = ts->len;
        }
        if (c->def->anchor) {
            const char *p = anchor_at < ts->len
                                ? memchr(ts->buf + anchor_at, c->def->anchor, ts->len - anchor_at)
                                : NULL;
            if (!p)
                break;
            anchor_at = (size_t)(p - ts->buf) + 1;
            at = c->def->anchor_start(ts->buf, off, (size_t)(p - ts->buf));
            if (at == SIZE_MAX)
                continue;
            if (at >= limit)
                break;
            opts = PCRE2_ANCHORED;
        }
        int rc = pcre2_match(c->code, (PCRE2_SPTR)ts->buf, subject, at, opts, ts->md[d],
                             ts->mctx);
        if (rc < 0) {
            if (rc != PCRE2_ERROR_NOMATCH)
                ts->errors++;
            if (c->def->anchor)
                continue; /* no match at this anchor: try the next one */
            if (need) {
                ci++; /* nothing more around this cluster: on to the next */
                continue;
            }
            break;
        }
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(ts->md[d]);
        size_t start = ov[0], end = ov[1];
        if (start >= limit)
            break;
        size_t acc = judge(ts, d, start, end, nclaimed, &cursor, norm, masked);
        if (!acc) {
            if (!c->def->anchor)
                off = start + 1;
            continue;
        }
        off = acc;
        if (anchor_at < acc)
            anchor_at = acc;
    }
}

/* The one-pass engine for detector d: its pattern only in the stretches the
 * candidate finder gives (clipped to [from, limit)), each search bounded by
 * an offset limit so it never starts past its stretch. Within a stretch it
 * goes on as the reference does: past an accepted match, or one byte past a
 * rejected one. */
static void run_candidates(struct pm_textscan *ts, size_t d, char *norm, char *masked)
{
    const struct pm_compiled *c = &ts->set->dets[d];
    size_t nclaimed = ts->nspans, cursor = 0, off = ts->from, n;
    if (c->def->needs_context &&
        !pm_vscan_run_gate(ts->vs, d, ts->buf, ts->len, ts->base, ts->from))
        return; /* as the reference: no context word anywhere in this window */
    const struct pm_vs_span *sp = pm_vscan_run_spans(ts->vs, d, &n);
    for (size_t k = 0; k < n; k++) {
        size_t at = sp[k].a > off ? sp[k].a : off;
        while (at <= sp[k].b) {
            pcre2_set_offset_limit(ts->mlim, sp[k].b);
            int rc = pcre2_match(c->code, (PCRE2_SPTR)ts->buf, ts->len, at, 0, ts->md[d],
                                 ts->mlim);
            if (rc < 0) {
                if (rc != PCRE2_ERROR_NOMATCH)
                    ts->errors++;
                break; /* nothing more starts in this stretch */
            }
            PCRE2_SIZE *ov = pcre2_get_ovector_pointer(ts->md[d]);
            size_t start = ov[0];
            size_t acc = judge(ts, d, start, ov[1], nclaimed, &cursor, norm, masked);
            off = acc ? acc : start + 1;
            at = off;
        }
    }
}

/* Keeps the look-behind and the unmatched tail of the window. */
static void slide(struct pm_textscan *ts, size_t limit)
{
    size_t keep_from = limit > PM_LOOKBEHIND ? limit - PM_LOOKBEHIND : 0;
    if (ts->lines) {
        ts->line_base += newlines(ts->buf, 0, keep_from);
        ts->lc_pos = 0;
        ts->lc_lines = 0;
    }
    memmove(ts->buf, ts->buf + keep_from, ts->len - keep_from);
    ts->len -= keep_from;
    ts->base += keep_from;
    ts->from = limit - keep_from;
    ts->vs_done = ts->len; /* Vectorscan has seen all of it */
    if (ts->vs)
        pm_vscan_run_slide(ts->vs, ts->base + ts->from);
    size_t k = 0;
    for (size_t i = 0; i < ts->nspans; i++) {
        if (ts->spans[i].end > keep_from) {
            ts->spans[k].start = ts->spans[i].start > keep_from ? ts->spans[i].start - keep_from : 0;
            ts->spans[k].end = ts->spans[i].end - keep_from;
            k++;
        }
    }
    ts->nspans = k;
}

/* Matches the window; reports matches starting in [from, limit). */
static void scan_window(struct pm_textscan *ts, int eof)
{
    size_t limit = eof ? ts->len : ts->len - ts->overlap;
    char norm[PM_NORM_MAX], masked[PM_MASK_MAX];
    int clusters = 0;
    int onepass = 0;
    if (ts->vs) {
        /* One pass over the bytes not seen yet finds every detector's
         * candidates; at the end of the text, also those anchored there. */
        pm_vscan_run_scan(ts->vs, ts->buf + ts->vs_done, ts->len - ts->vs_done);
        ts->vs_done = ts->len;
        if (eof)
            pm_vscan_run_eod(ts->vs);
        pm_vscan_run_window(ts->vs, ts->buf, ts->len, ts->base, ts->from, limit);
        onepass = !pm_vscan_run_failed(ts->vs);
    }
    for (size_t d = 0; d < ts->set->n; d++) {
        const struct pm_compiled *c = &ts->set->dets[d];
        size_t nclaimed = ts->nspans;
        if (onepass && c->onepass && !c->def->anchor)
            run_candidates(ts, d, norm, masked);
        else
            run_pcre2(ts, d, limit, &clusters, norm, masked);
        /* Keep the claimed spans sorted for the next detector. */
        if (ts->nspans > nclaimed)
            qsort(ts->spans, ts->nspans, sizeof *ts->spans, span_cmp);
    }
    flush_pending(ts);
    memset(norm, 0, sizeof norm); /* do not leave raw values on the stack */
    if (!eof)
        slide(ts, limit);
}

void pm_textscan_feed(struct pm_textscan *ts, const char *data, size_t len)
{
    while (len > 0) {
        size_t room = ts->cap - ts->len;
        size_t n = len < room ? len : room;
        memcpy(ts->buf + ts->len, data, n);
        ts->len += n;
        data += n;
        len -= n;
        if (ts->len == ts->cap)
            scan_window(ts, 0);
    }
}

void pm_textscan_finish(struct pm_textscan *ts)
{
    if (ts->len > ts->from)
        scan_window(ts, 1);
    pm_textscan_reset(ts);
}
