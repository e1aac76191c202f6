/* vscan.c — the one-pass candidate finder: one Vectorscan database for a
 * detector set, streamed over each text once (see vscan.h).
 *
 * What a hit means. A hit is a pattern id and the stream offset r where its
 * match ends. For a start pattern of detector d, every match d accepts,
 * [p, e), holds a match of the pattern inside [p - 1, e + 1] (the contract in
 * detector.h), so p lies in [r - 1 - span, r - minw + 1], where span bounds
 * d's matches and minw is the pattern's shortest match (with starts_lead, a
 * match starts inside the pattern's own match or right at its end: p lies in
 * [r - 1 - maxw, r], a few bytes, not a whole match). For a context word
 * ending at r: a labelled value starts in [r, r + PM_LABEL_REACH - 1]
 * (pm_label_before looks that far back), a value that needs a word near it
 * starts in [r - span - PM_NEAR_AFTER, r - len(word) + PM_NEAR_BEFORE]. Words
 * are matched as literals that do not follow an ASCII letter; a word at the
 * very start of a window (where the reference engine does not look before it)
 * is added by hand, so every position the context functions accept is a hit.
 *
 * Never fails a scan: a detector whose patterns Vectorscan cannot take runs on
 * PCRE2 alone, and a run that runs out of memory says so (the matcher then
 * runs every detector on PCRE2 until the next stream). Knows nothing of files
 * and never sees a value: hits are offsets.
 */
#include <ctype.h>
#include <hs.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "detect/gatetab.h"
#include "detect/textmask.h"
#include "detect/vsapi.h"
#include "detect/vscache.h"
#include "detect/vscan.h"

enum { VS_START, VS_WORD };

/* A set of detectors of one set, by index: as many as a set may hold. */
struct vs_mask {
    uint64_t w[2];
};
_Static_assert(PM_MAX_DETECTORS <= 128, "struct vs_mask holds 128 detectors");

static struct vs_mask mask_one(size_t i)
{
    struct vs_mask m = {{0, 0}};
    m.w[i / 64] = UINT64_C(1) << (i % 64);
    return m;
}
static int mask_has(struct vs_mask m, size_t i) { return (int)(m.w[i / 64] >> (i % 64) & 1); }
static int mask_any(struct vs_mask m) { return (m.w[0] | m.w[1]) != 0; }
static void mask_add(struct vs_mask *m, size_t i) { m->w[i / 64] |= UINT64_C(1) << (i % 64); }
enum { MODE_PCRE2, MODE_ANCHOR, MODE_CANDIDATES };

/* What one pattern id of the database means. */
struct vs_pat {
    char *expr;         /* owned copy of the Vectorscan expression */
    unsigned flags;     /* HS_FLAG_* */
    unsigned char kind; /* VS_START or VS_WORD */
    size_t det;         /* VS_START: the detector */
    size_t minw;        /* VS_START: shortest match of the pattern */
    size_t lead;        /* VS_START of a starts_lead detector: longest match, else 0 */
    const char *word;   /* VS_WORD: the word (borrowed from a definition) */
    size_t wlen;        /* VS_WORD: its length, the longest it is written */
    size_t wmin;        /* VS_WORD: the shortest (its spaces may be humps) */
    int at_hump;        /* VS_WORD: the pattern that finds it at a camel hump */
    struct vs_mask dets; /* VS_WORD: detector i looks for the word if it has i */
};

struct vs_det {
    const struct pm_detector_def *def;
    int mode;
    size_t span;   /* longest match the detector can accept */
    char why[256]; /* MODE_PCRE2: the reason */
};

/* What Vectorscan said of one expression's widths (hs_expression_info):
 * kept with the cached database (vscache.c), in the order they are asked,
 * since asking costs most of a start-up (about 80 million instructions,
 * for the address and name patterns) when the database itself is cached.
 * h is the hash of the expression, its flags and the answer: a record
 * that does not match (another expression, or damaged) is not used.
 * Fixed-size fields, written to the file as they are. */
struct vs_width {
    uint64_t h;
    uint64_t minw, maxw;
    uint32_t ok, pad;
};

/* The records while a database is built: those read from the cache, and
 * those asked since (from the first that did not match on). */
struct vs_memo {
    struct vs_width *v;
    size_t n, cap, pos;
    int stale; /* a record was asked anew: the file is worth writing */
    int lost;  /* out of memory for one: the file would mislead */
};

struct pm_vscan {
    hs_database_t *db; /* NULL if no detector runs on candidates */
    struct vs_api api; /* the stream functions to run it with */
    struct vs_pat *pats;
    size_t npats, patcap;
    struct vs_det *dets;
    size_t ndets;
    struct pm_gatetab gates; /* detectors with a cluster gate, on candidates */
    size_t ntext;   /* detectors with a text gate, on candidates */
    int streams;    /* 1 if the database has any pattern (else no stream) */
    struct vs_memo memo; /* while building only */
};

struct vs_hit {
    uint64_t end; /* stream offset where the match ends */
    uint32_t id;
};

struct span_list {
    struct pm_vs_span *v;
    size_t n, cap;
};

struct pm_vscan_run {
    const struct pm_vscan *vs;
    hs_stream_t *stream;
    hs_scratch_t *scratch;
    struct vs_hit *hits;
    size_t nhits, hitcap;
    struct span_list *lists; /* one per detector */
    struct pm_textmasks tm;  /* the window's bit masks, for the C scans */
    int failed;
};

/* ---- building the database ------------------------------------------- */

/* Detector d runs on PCRE2 alone: why, and Vectorscan's message if any. */
static void to_pcre2(struct vs_det *d, const char *why, const char *msg)
{
    d->mode = MODE_PCRE2;
    if (msg)
        snprintf(d->why, sizeof d->why, "%s (%s)", why, msg);
    else
        snprintf(d->why, sizeof d->why, "%s", why);
}

static struct vs_pat *new_pat(struct pm_vscan *vs, const char *expr, size_t exprlen)
{
    if (vs->npats == vs->patcap) {
        size_t nc = vs->patcap ? vs->patcap * 2 : 64;
        struct vs_pat *np = realloc(vs->pats, nc * sizeof *np);
        if (!np)
            return NULL;
        vs->pats = np;
        vs->patcap = nc;
    }
    struct vs_pat *p = &vs->pats[vs->npats];
    memset(p, 0, sizeof *p);
    if (!(p->expr = malloc(exprlen + 1)))
        return NULL;
    memcpy(p->expr, expr, exprlen);
    p->expr[exprlen] = '\0';
    vs->npats++;
    return p;
}

/* A record's hash: that of its expression and flags (eh), then its answer. */
static uint64_t width_hash(uint64_t eh, const struct vs_width *w)
{
    uint64_t v[3] = {w->minw, w->maxw, w->ok};
    return pm_vscache_hash(eh, v, sizeof v);
}

/* The shortest and longest match of an expression; -1 with the message in
 * why if Vectorscan does not take it. */
static int widths(struct pm_vscan *vs, const char *expr, unsigned flags, size_t *minw,
                  size_t *maxw, char *why, size_t whysz)
{
    /* A plain literal (letters, digits, \xNN escapes) is as long as it is
     * written: no need to ask Vectorscan, which takes a while for each of
     * person_name's thousands of given names. */
    size_t len = 0;
    const char *q = expr;
    while (*q && ((*q >= 'A' && *q <= 'Z') || (*q >= 'a' && *q <= 'z') || (*q >= '0' && *q <= '9') ||
                  (q[0] == '\\' && q[1] == 'x' && isxdigit((unsigned char)q[2]) &&
                   isxdigit((unsigned char)q[3])))) {
        q += *q == '\\' ? 4 : 1;
        len++;
    }
    if (!*q && len > 0 && !(flags & HS_FLAG_PREFILTER)) {
        *minw = *maxw = len;
        return 0;
    }
    struct vs_memo *m = &vs->memo;
    uint64_t h = pm_vscache_hash(pm_vscache_hash(pm_vscache_seed(), expr, strlen(expr) + 1),
                                 &flags, sizeof flags);
    if (m->pos < m->n && m->v[m->pos].ok && width_hash(h, &m->v[m->pos]) == m->v[m->pos].h) {
        *minw = (size_t)m->v[m->pos].minw;
        *maxw = (size_t)m->v[m->pos].maxw;
        m->pos++;
        return 0;
    }
    /* Asked anew (a refusal too, for its message): the records read past
     * here no longer follow the questions. */
    m->n = m->pos;
    m->stale = 1;
    hs_expr_info_t *info = NULL;
    hs_compile_error_t *ce = NULL;
    struct vs_width w = {0, 0, 0, 0, 0};
    int rc = 0;
    if (hs_expression_info(expr, flags, &info, &ce) != HS_SUCCESS) {
        snprintf(why, whysz, "%s", ce ? ce->message : "not accepted");
        hs_free_compile_error(ce);
        rc = -1;
    } else {
        *minw = info->min_width;
        *maxw = info->max_width == UINT_MAX ? SIZE_MAX : info->max_width;
        w.minw = *minw;
        w.maxw = *maxw;
        w.ok = 1;
        free(info); /* hs_expression_info allocates with the misc allocator, malloc */
    }
    w.h = width_hash(h, &w);
    if (m->n == m->cap) {
        size_t nc = m->cap ? m->cap * 2 : 64;
        struct vs_width *nv = realloc(m->v, nc * sizeof *nv);
        if (!nv) {
            m->lost = 1;
            return rc;
        }
        m->v = nv;
        m->cap = nc;
    }
    m->v[m->n++] = w;
    m->pos = m->n;
    return rc;
}

/* A context word as Vectorscan patterns: ASCII letters either case
 * (context.c lowers the text, not the words), a space as an optional ' ',
 * '_' or '-' (context.c reads "date of birth" in date_of_birth and
 * dateOfBirth too), every other byte as itself. One pattern finds it not
 * after a letter; a word that starts with a letter has a second that finds
 * it at a camel hump: after a lower-case letter, its first letter upper
 * case ("homePhone"). */
static int add_word(struct pm_vscan *vs, const char *w, size_t det)
{
    size_t wl = strlen(w), spaces = 0;
    int found = 0;
    for (size_t i = 0; i < vs->npats; i++)
        if (vs->pats[i].kind == VS_WORD && vs->pats[i].wlen == wl &&
            memcmp(vs->pats[i].word, w, wl) == 0) {
            mask_add(&vs->pats[i].dets, det);
            found = 1;
        }
    if (found || wl == 0)
        return 0;
    for (size_t i = 0; i < wl; i++)
        spaces += w[i] == ' ';
    unsigned char f = (unsigned char)w[0];
    for (int form = 0; form < 2; form++) {
        if (form == 1 && !(f >= 'a' && f <= 'z'))
            break;
        char *e = malloc(8 * wl + 32);
        if (!e)
            return -1;
        size_t o = form ? (size_t)sprintf(e, "[a-z]%c", f - 'a' + 'A')
                        : (size_t)sprintf(e, "(?:^|[^A-Za-z])");
        for (size_t i = (size_t)form; i < wl; i++) {
            unsigned char c = (unsigned char)w[i];
            if (c >= 'a' && c <= 'z')
                o += (size_t)sprintf(e + o, "[%c%c]", c, c - 'a' + 'A');
            else if (c == ' ')
                o += (size_t)sprintf(e + o, "[ _\\-]?");
            else
                o += (size_t)sprintf(e + o, "\\x%02x", c);
        }
        struct vs_pat *p = new_pat(vs, e, o);
        free(e);
        if (!p)
            return -1;
        p->kind = VS_WORD;
        p->word = w;
        p->wlen = wl;
        p->wmin = wl - spaces;
        p->at_hump = form;
        p->dets = mask_one(det);
    }
    return 0;
}

static int add_start(struct pm_vscan *vs, const char *expr, unsigned flags, size_t det,
                     size_t minw, size_t lead)
{
    struct vs_pat *p = new_pat(vs, expr, strlen(expr));
    if (!p)
        return -1;
    p->kind = VS_START;
    p->flags = flags;
    p->det = det;
    p->minw = minw;
    p->lead = lead;
    return 0;
}

/* 1 if PCRE2 and Vectorscan read every construct of a user pattern alike
 * (both byte-wise, ASCII classes); verbs and Unicode properties are left to
 * PCRE2. */
static int portable(const char *pat, char *why, size_t whysz)
{
    if (pat[0] == '(' && pat[1] == '*') {
        snprintf(why, whysz, "it starts with a (*VERB)");
        return 0;
    }
    for (const char *p = pat; *p; p++) {
        if (*p != '\\')
            continue;
        if (p[1] == 'p' || p[1] == 'P' || p[1] == 'X') {
            snprintf(why, whysz, "it uses \\%c (Unicode properties)", p[1]);
            return 0;
        }
        if (p[1])
            p++;
    }
    return 1;
}

/* Decides how detector i runs and adds its patterns. -1: out of memory. */
static int classify(struct pm_vscan *vs, size_t i)
{
    struct vs_det *d = &vs->dets[i];
    const struct pm_detector_def *def = d->def;
    size_t minw, maxw;
    char msg[160];
    d->span = def->max_len;
    if (widths(vs, def->pattern, HS_FLAG_PREFILTER, &minw, &maxw, msg, sizeof msg) == 0 &&
        maxw != SIZE_MAX && maxw > d->span)
        d->span = maxw;
    if (def->anchor) {
        d->mode = MODE_ANCHOR;
        return 0;
    }
    d->mode = MODE_CANDIDATES;
    if (def->starts || def->labelled || def->needs_context || def->cluster_gate ||
        def->text_gate) {
        for (size_t k = 0; def->starts && def->starts[k]; k++)
            if (widths(vs, def->starts[k], 0, &minw, &maxw, msg, sizeof msg) != 0) {
                to_pcre2(d, "Vectorscan cannot compile a start pattern", msg);
                return 0;
            }
        for (size_t k = 0; def->starts && def->starts[k]; k++)
            if (widths(vs, def->starts[k], 0, &minw, &maxw, msg, sizeof msg) != 0 ||
                add_start(vs, def->starts[k], 0, i, minw, def->starts_lead ? maxw : 0) != 0)
                return -1;
        if (def->labelled || def->needs_context)
            for (const char *const *w = def->context; w && *w; w++)
                if (add_word(vs, *w, i) != 0)
                    return -1;
        return 0;
    }
    /* No starts of its own: the pattern itself, in prefilter mode (the
     * lookarounds dropped, so it matches wherever the pattern does). */
    if (!portable(def->pattern, msg, sizeof msg)) {
        to_pcre2(d, msg, NULL);
        return 0;
    }
    if (widths(vs, def->pattern, HS_FLAG_PREFILTER, &minw, &maxw, msg, sizeof msg) != 0) {
        to_pcre2(d, "Vectorscan cannot compile its pattern", msg);
        return 0;
    }
    if (maxw > def->max_len) {
        /* Its matches may not fit in the overlap of two windows. */
        to_pcre2(d, "its pattern can match more bytes than max_length", NULL);
        return 0;
    }
    return add_start(vs, def->pattern, HS_FLAG_PREFILTER, i, minw, 0);
}

/* The detectors still on candidates that look for pattern p. */
static struct vs_mask pat_dets(const struct pm_vscan *vs, const struct vs_pat *p)
{
    struct vs_mask m = {{0, 0}};
    if (p->kind == VS_START)
        return vs->dets[p->det].mode == MODE_CANDIDATES ? mask_one(p->det) : m;
    for (size_t i = 0; i < vs->ndets; i++)
        if (mask_has(p->dets, i) && vs->dets[i].mode == MODE_CANDIDATES)
            mask_add(&m, i);
    return m;
}

/* Compiles the patterns of the detectors still on candidates. A pattern
 * Vectorscan rejects sends its detectors to PCRE2 and the rest is compiled
 * again. -1: out of memory. */
static int compile(struct pm_vscan *vs, const char *cache_dir, uint64_t setkey,
                   const struct pm_vscache_file *file)
{
    int first = 1; /* no pattern refused yet: the cache may hold the result */
    const char **exprs = malloc((vs->npats + 1) * sizeof *exprs);
    unsigned *flags = malloc((vs->npats + 1) * sizeof *flags);
    unsigned *ids = malloc((vs->npats + 1) * sizeof *ids);
    int rc = -1;
    if (!exprs || !flags || !ids)
        goto out;
    for (;;) {
        unsigned n = 0;
        for (size_t i = 0; i < vs->npats; i++)
            if (mask_any(pat_dets(vs, &vs->pats[i]))) {
                exprs[n] = vs->pats[i].expr;
                flags[n] = vs->pats[i].flags;
                ids[n++] = (unsigned)i;
            }
        uint64_t dbkey = n ? pm_vscache_key(exprs, flags, ids, n) : 0;
        if (n == 0 || (first && (vs->db = pm_vscache_db(file, dbkey)))) {
            /* Nothing compiled: the file needs writing only for new widths. */
            if (first && vs->memo.stale && !vs->memo.lost)
                pm_vscache_write(cache_dir, setkey, vs->memo.v, vs->memo.n * sizeof *vs->memo.v,
                                 dbkey, vs->db);
            rc = 0;
            break;
        }
        hs_compile_error_t *ce = NULL;
        if (hs_compile_multi(exprs, flags, ids, n, HS_MODE_STREAM, NULL, &vs->db, &ce) ==
            HS_SUCCESS) {
            if (first && !vs->memo.lost)
                pm_vscache_write(cache_dir, setkey, vs->memo.v, vs->memo.n * sizeof *vs->memo.v,
                                 dbkey, vs->db);
            rc = 0;
            break;
        }
        first = 0;
        const char *msg = ce ? ce->message : "compile failed";
        struct vs_mask bad = {{~UINT64_C(0), ~UINT64_C(0)}}; /* none named: all of them */
        if (ce && ce->expression >= 0 && (unsigned)ce->expression < n)
            bad = pat_dets(vs, &vs->pats[ids[ce->expression]]);
        for (size_t i = 0; i < vs->ndets; i++)
            if (mask_has(bad, i) && vs->dets[i].mode == MODE_CANDIDATES)
                to_pcre2(&vs->dets[i], "Vectorscan cannot compile its patterns", msg);
        hs_free_compile_error(ce);
        vs->db = NULL;
    }
    for (size_t i = 0; i < vs->npats; i++)
        vs->pats[i].dets = pat_dets(vs, &vs->pats[i]);
out:
    free(exprs);
    free(flags);
    free(ids);
    return rc;
}

/* The key of a set's cache file: every expression its widths are asked
 * of (the records say which answer is whose). */
static uint64_t set_key(const struct pm_detector_def *const *defs, size_t n)
{
    uint64_t h = pm_vscache_hash(pm_vscache_seed(), &n, sizeof n);
    for (size_t i = 0; i < n; i++) {
        h = pm_vscache_hash(h, defs[i]->pattern, strlen(defs[i]->pattern) + 1);
        for (size_t k = 0; defs[i]->starts && defs[i]->starts[k]; k++)
            h = pm_vscache_hash(h, defs[i]->starts[k], strlen(defs[i]->starts[k]) + 1);
        h = pm_vscache_hash(h, "", 1);
    }
    return h;
}

struct pm_vscan *pm_vscan_new(const struct pm_detector_def *const *defs, size_t n,
                              const char *cache_dir)
{
    struct pm_vscan *vs = calloc(1, sizeof *vs);
    if (!vs || n > PM_MAX_DETECTORS || !(vs->dets = calloc(n ? n : 1, sizeof *vs->dets)))
        goto fail;
    vs->ndets = n;
    vs->api = pick_api();
    /* The cache file of this set: the widths records, then the database. */
    uint64_t setkey = set_key(defs, n);
    struct pm_vscache_file file;
    if (pm_vscache_read(cache_dir, setkey, &file) == 0 &&
        file.wsize % sizeof *vs->memo.v == 0 && (vs->memo.v = malloc(file.wsize + 1))) {
        memcpy(vs->memo.v, file.widths, file.wsize);
        vs->memo.n = vs->memo.cap = file.wsize / sizeof *vs->memo.v;
    }
    int rc = 0;
    for (size_t i = 0; i < n && rc == 0; i++) {
        vs->dets[i].def = defs[i];
        rc = classify(vs, i);
    }
    /* Fewer questions than records: a file of another set's making. */
    vs->memo.stale |= vs->memo.pos != vs->memo.n;
    vs->memo.n = vs->memo.pos;
    if (rc == 0)
        rc = compile(vs, cache_dir, setkey, &file);
    pm_vscache_file_free(&file);
    free(vs->memo.v);
    memset(&vs->memo, 0, sizeof vs->memo);
    if (rc != 0)
        goto fail;
    pm_gatetab_init(&vs->gates);
    for (size_t i = 0; i < n; i++) {
        vs->ntext += defs[i]->text_gate && vs->dets[i].mode == MODE_CANDIDATES;
        if (defs[i]->cluster_gate && vs->dets[i].mode == MODE_CANDIDATES &&
            pm_gatetab_add(&vs->gates, i, defs[i]) != 0)
            goto fail; /* more gated built-ins than a word holds: never so far */
    }
    return vs;
fail:
    pm_vscan_free(vs);
    return NULL;
}

void pm_vscan_free(struct pm_vscan *vs)
{
    if (!vs)
        return;
    hs_free_database(vs->db);
    for (size_t i = 0; i < vs->npats; i++)
        free(vs->pats[i].expr);
    free(vs->pats);
    free(vs->dets);
    free(vs);
}

int pm_vscan_onepass(const struct pm_vscan *vs, size_t i, char *why, size_t whysz)
{
    if (i >= vs->ndets)
        return 0;
    if (vs->dets[i].mode != MODE_PCRE2)
        return 1;
    snprintf(why, whysz, "%s", vs->dets[i].why);
    return 0;
}

int pm_vscan_used(const struct pm_vscan *vs)
{
    if (vs && (vs->db || vs->gates.n))
        return 1;
    for (size_t i = 0; vs && i < vs->ndets; i++)
        if (vs->dets[i].def->text_gate && vs->dets[i].mode == MODE_CANDIDATES)
            return 1;
    return 0;
}

/* ---- running it over a stream ---------------------------------------- */

struct pm_vscan_run *pm_vscan_run_new(const struct pm_vscan *vs)
{
    struct pm_vscan_run *run = calloc(1, sizeof *run);
    if (!run || !pm_vscan_used(vs))
        goto fail;
    run->vs = vs;
    if (!(run->lists = calloc(vs->ndets ? vs->ndets : 1, sizeof *run->lists)))
        goto fail;
    if (vs->db && (hs_alloc_scratch(vs->db, &run->scratch) != HS_SUCCESS ||
                   vs->api.open(vs->db, 0, &run->stream) != HS_SUCCESS))
        goto fail;
    return run;
fail:
    pm_vscan_run_free(run);
    return NULL;
}

void pm_vscan_run_free(struct pm_vscan_run *run)
{
    if (!run)
        return;
    if (run->stream)
        run->vs->api.close(run->stream, run->scratch, NULL, NULL);
    hs_free_scratch(run->scratch);
    for (size_t i = 0; run->lists && i < run->vs->ndets; i++)
        free(run->lists[i].v);
    free(run->lists);
    free(run->hits);
    pm_textmasks_free(&run->tm);
    free(run);
}

void pm_vscan_run_reset(struct pm_vscan_run *run)
{
    if (run->stream &&
        run->vs->api.reset(run->stream, 0, run->scratch, NULL, NULL) != HS_SUCCESS)
        run->failed = 1; /* cannot happen with a valid stream; stay on PCRE2 */
    else
        run->failed = 0;
    run->nhits = 0;
}

int pm_vscan_run_failed(const struct pm_vscan_run *run) { return run->failed; }

static int push_hit(struct pm_vscan_run *run, uint64_t end, uint32_t id)
{
    if (run->nhits == run->hitcap) {
        size_t nc = run->hitcap ? run->hitcap * 2 : 1024;
        struct vs_hit *nh = realloc(run->hits, nc * sizeof *nh);
        if (!nh) {
            run->failed = 1;
            return -1;
        }
        run->hits = nh;
        run->hitcap = nc;
    }
    run->hits[run->nhits].end = end;
    run->hits[run->nhits].id = id;
    run->nhits++;
    return 0;
}

static int on_hit(unsigned int id, unsigned long long from, unsigned long long to,
                  unsigned int flags, void *ctx)
{
    (void)from;
    (void)flags;
    return push_hit(ctx, to, id) == 0 ? 0 : 1; /* non-zero stops the scan */
}

void pm_vscan_run_scan(struct pm_vscan_run *run, const char *data, size_t n)
{
    while (run->stream && n > 0 && !run->failed) {
        unsigned piece = n > (1u << 30) ? 1u << 30 : (unsigned)n;
        if (run->vs->api.scan(run->stream, data, piece, 0, run->scratch, on_hit, run) !=
            HS_SUCCESS)
            run->failed = 1;
        data += piece;
        n -= piece;
    }
}

void pm_vscan_run_eod(struct pm_vscan_run *run)
{
    if (run->stream && !run->failed &&
        run->vs->api.reset(run->stream, 0, run->scratch, on_hit, run) != HS_SUCCESS)
        run->failed = 1;
}

static void add_span(struct pm_vscan_run *run, size_t d, int64_t a, int64_t b, size_t from,
                     size_t limit)
{
    struct span_list *l = &run->lists[d];
    if (a < (int64_t)from)
        a = (int64_t)from;
    if (b > (int64_t)limit - 1)
        b = (int64_t)limit - 1;
    if (a > b)
        return;
    if (l->n == l->cap) {
        size_t nc = l->cap ? l->cap * 2 : 64;
        struct pm_vs_span *nv = realloc(l->v, nc * sizeof *nv);
        if (!nv) {
            run->failed = 1;
            return;
        }
        l->v = nv;
        l->cap = nc;
    }
    l->v[l->n].a = (size_t)a;
    l->v[l->n].b = (size_t)b;
    l->n++;
}

static int span_cmp(const void *x, const void *y)
{
    const struct pm_vs_span *p = x, *q = y;
    return (p->a > q->a) - (p->a < q->a);
}

/* The stretches one hit opens for the detectors it serves. */
static void hit_spans(struct pm_vscan_run *run, const struct vs_hit *h, uint64_t base,
                      size_t from, size_t limit)
{
    const struct pm_vscan *vs = run->vs;
    const struct vs_pat *p = &vs->pats[h->id];
    int64_t r = (int64_t)h->end - (int64_t)base;
    if (p->kind == VS_START) {
        size_t d = p->det;
        if (p->lead)
            add_span(run, d, r - 1 - (int64_t)p->lead, r, from, limit);
        else
            add_span(run, d, r - 1 - (int64_t)vs->dets[d].span, r - (int64_t)p->minw + 1, from,
                     limit);
        return;
    }
    for (size_t d = 0; d < vs->ndets; d++) {
        if (!mask_has(p->dets, d))
            continue;
        const struct pm_detector_def *def = vs->dets[d].def;
        if (def->labelled)
            add_span(run, d, r, r + PM_LABEL_REACH - 1, from, limit);
        if (def->needs_context)
            add_span(run, d, r - (int64_t)vs->dets[d].span - PM_NEAR_AFTER,
                     r - (int64_t)p->wmin + PM_NEAR_BEFORE, from, limit);
    }
}

struct gate_ctx {
    struct pm_vscan_run *run;
    const char *buf;
    size_t len, from, limit;
};

/* A cluster opens a stretch, from PM_CLUSTER_LEAD bytes before its first
 * digit to its end, for each gated detector whose gate accepts it. Only
 * the gates gatetab.h picks are asked (bit masks from tables: most
 * clusters of a log, dates, times, ids, IP addresses, are refused without
 * a call). */
static int on_cluster(void *ctx, const struct pm_cluster *c)
{
    struct gate_ctx *g = ctx;
    const struct pm_vscan *vs = g->run->vs;
    if (c->start >= g->limit + PM_CLUSTER_LEAD)
        return 1; /* no value starts here or later in this window */
    if (c->end + PM_CLUSTER_LEAD < g->from)
        return 0;
    for (uint64_t m = pm_gatetab_pick(&vs->gates, c, g->buf, g->len); m; m &= m - 1) {
        const struct pm_gate *k = &vs->gates.gates[__builtin_ctzll(m)];
        if (k->fn(c, g->buf, g->len))
            add_span(g->run, k->det, (int64_t)c->start - PM_CLUSTER_LEAD, (int64_t)c->end,
                     g->from, g->limit);
    }
    return 0;
}

/* A text gate's stretch, for detector d of the window [from, limit). */
struct text_ctx {
    struct pm_vscan_run *run;
    size_t det, from, limit;
};

static void on_text(void *ctx, size_t a, size_t b)
{
    struct text_ctx *t = ctx;
    if (a <= b && b <= (size_t)INT64_MAX)
        add_span(t->run, t->det, (int64_t)a, (int64_t)b, t->from, t->limit);
}

void pm_vscan_run_window(struct pm_vscan_run *run, const char *buf, size_t len, uint64_t base,
                         size_t from, size_t limit)
{
    const struct pm_vscan *vs = run->vs;
    if (run->failed)
        return;
    /* A word at the very start of a window follows no byte the reference
     * engine looks at, but the literal may have followed a letter. */
    for (size_t i = 0; base > 0 && i < vs->npats; i++) {
        const struct vs_pat *p = &vs->pats[i];
        size_t wn;
        if (p->kind == VS_WORD && !p->at_hump && mask_any(p->dets) &&
            (wn = pm_word_len(buf, len, 0, p->word)) > 0)
            push_hit(run, base + wn, (uint32_t)i);
    }
    for (size_t d = 0; d < vs->ndets; d++)
        run->lists[d].n = 0;
    for (size_t i = 0; i < run->nhits; i++)
        hit_spans(run, &run->hits[i], base, from, limit);
    /* The masks of the window, once for the cluster scan and every text
     * gate. */
    if ((vs->gates.n || vs->ntext) && pm_textmasks_fill(&run->tm, buf, len) != 0) {
        run->failed = 1;
        return;
    }
    if (vs->gates.n) {
        struct gate_ctx g = {run, buf, len, from, limit};
        pm_clusters_masked(buf, len, &run->tm, vs->gates.want, on_cluster, &g);
    }
    for (size_t d = 0; d < vs->ndets; d++)
        if (vs->dets[d].def->text_gate && vs->dets[d].mode == MODE_CANDIDATES) {
            struct text_ctx t = {run, d, from, limit};
            vs->dets[d].def->text_gate(buf, len, from < len ? from : len,
                                       limit < len ? limit : len, &run->tm, on_text, &t);
        }
    for (size_t d = 0; d < vs->ndets; d++) {
        struct span_list *l = &run->lists[d];
        if (l->n < 2)
            continue;
        size_t s = 1;
        while (s < l->n && l->v[s - 1].a <= l->v[s].a)
            s++;
        if (s < l->n) /* clusters give stretches in order; hits may not */
            qsort(l->v, l->n, sizeof *l->v, span_cmp);
        size_t k = 0;
        for (size_t i = 1; i < l->n; i++) {
            if (l->v[i].a <= l->v[k].b + 1) {
                if (l->v[i].b > l->v[k].b)
                    l->v[k].b = l->v[i].b;
            } else {
                l->v[++k] = l->v[i];
            }
        }
        l->n = k + 1;
    }
}

const struct pm_vs_span *pm_vscan_run_spans(const struct pm_vscan_run *run, size_t d, size_t *n)
{
    *n = run->lists[d].n;
    return run->lists[d].v;
}

int pm_vscan_run_gate(const struct pm_vscan_run *run, size_t d, const char *buf, size_t len,
                      uint64_t base, size_t from)
{
    const struct pm_vscan *vs = run->vs;
    const char *const *words = vs->dets[d].def->context;
    size_t lo = from > PM_NEAR_BEFORE ? from - PM_NEAR_BEFORE : 0;
    for (size_t i = 0; i < run->nhits; i++) {
        const struct vs_pat *p = &vs->pats[run->hits[i].id];
        if (p->kind != VS_WORD || !mask_has(p->dets, d))
            continue;
        /* The word started wlen bytes before the hit's end, or fewer if
         * some of its spaces were humps. */
        int64_t e = (int64_t)run->hits[i].end - (int64_t)base;
        for (int64_t s = e - (int64_t)p->wlen; s <= e - (int64_t)p->wmin; s++)
            if (s >= (int64_t)lo && s < (int64_t)len &&
                pm_context_word_at(buf, len, (size_t)s, words))
                return 1;
    }
    return 0;
}

void pm_vscan_run_slide(struct pm_vscan_run *run, uint64_t from)
{
    /* No stretch reaches further than PM_NEAR_BEFORE past its hit. */
    uint64_t keep = from > PM_NEAR_BEFORE + 1 ? from - PM_NEAR_BEFORE - 1 : 0;
    size_t k = 0;
    for (size_t i = 0; i < run->nhits; i++)
        if (run->hits[i].end >= keep)
            run->hits[k++] = run->hits[i];
    run->nhits = k;
}
