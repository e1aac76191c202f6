/* reveal.c — one file read again for `piimap reveal`, its raw matches handed
 * to the caller.
 *
 * The same pipeline as a scan's reader (scan/reader.c), without findings:
 * extract/ types and decodes the file and every member in it, and each
 * nesting level has its own matcher, with line counting on, whose matches are
 * copied into that level's list until the item ends (only then is its member
 * chain known). The copies are raw values: they live in this process's
 * memory for one item, are wiped as soon as they are handed over, and are
 * never written anywhere. This file must never open the inventory or a file
 * for writing.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "detect/detector.h"
#include "scan/reveal.h"

struct found {
    int det, conf;
    uint64_t line, offset;
    size_t len, at; /* the value is pool[at, at + len) */
};

struct run;

struct level {
    struct run *r;
    struct pm_textscan *ts;
    struct found *f;
    size_t nf, fcap;
    char *pool;
    size_t plen, pcap;
    int failed; /* out of memory while copying */
};

struct run {
    const struct pm_reveal_opts *o;
    const struct pm_reveal_events *ev;
    struct pm_reveal_result *res;
    const struct pm_detset *set;
    int only_det; /* -1: every detector */
    struct level *lv;
    unsigned nlv;
};

static void wipe_level(struct level *l)
{
    if (l->pool)
        explicit_bzero(l->pool, l->plen);
    l->plen = 0;
    l->nf = 0;
    l->failed = 0;
}

static int grow(void **p, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return 0;
    size_t nc = *cap ? *cap : 64;
    while (nc < need)
        nc *= 2;
    void *n = malloc(nc * elem);
    if (!n)
        return -1;
    if (*p) {
        memcpy(n, *p, *cap * elem);
        explicit_bzero(*p, *cap * elem); /* the pool holds raw values */
        free(*p);
    }
    *p = n;
    *cap = nc;
    return 0;
}

static void on_match(void *ctx, const struct pm_match *m)
{
    struct level *l = ctx;
    struct run *r = l->r;
    if (r->only_det >= 0 && m->detector != r->only_det)
        return;
    if (grow((void **)&l->f, &l->fcap, l->nf + 1, sizeof *l->f) ||
        grow((void **)&l->pool, &l->pcap, l->plen + m->len, 1)) {
        l->failed = 1;
        return;
    }
    memcpy(l->pool + l->plen, m->text, m->len);
    l->f[l->nf++] = (struct found){m->detector, m->confidence, m->line, m->offset, m->len,
                                   l->plen};
    l->plen += m->len;
}

static int found_cmp(const void *a, const void *b)
{
    const struct found *x = a, *y = b;
    if (x->offset != y->offset)
        return x->offset < y->offset ? -1 : 1;
    return x->det - y->det;
}

/* 1 if the item's member chain begins with the members asked for. */
static int selected(const struct pm_reveal_opts *o, const struct pm_item *it)
{
    if (it->nmembers < o->nmembers)
        return 0;
    for (size_t i = 0; i < o->nmembers; i++)
        if (strcmp(it->members[i], o->members[i]) != 0)
            return 0;
    return 1;
}

static int on_begin(void *ctx, unsigned level)
{
    struct run *r = ctx;
    if (level >= r->nlv)
        return -1;
    struct level *l = &r->lv[level];
    if (!l->ts) {
        l->r = r;
        if (!(l->ts = pm_textscan_new(r->set, r->o->scan->chunk, on_match, l)))
            return -1;
        pm_textscan_count_lines(l->ts, 1);
    }
    pm_textscan_reset(l->ts);
    wipe_level(l);
    return 0;
}

static void on_text(void *ctx, unsigned level, const char *text, size_t n)
{
    struct run *r = ctx;
    pm_textscan_feed(r->lv[level].ts, text, n);
}

/* As the scan reads them (scan/reader.c): the same matches, never more. */
static void on_binary(void *ctx, unsigned level)
{
    struct run *r = ctx;
    pm_textscan_binary(r->lv[level].ts, 1);
}

static void on_end(void *ctx, unsigned level, const struct pm_item *item)
{
    struct run *r = ctx;
    struct level *l = &r->lv[level];
    pm_textscan_finish(l->ts);
    if (selected(r->o, item)) {
        struct pm_item it = *item;
        if (l->failed && it.status != PM_FILE_ERROR) {
            it.status = PM_FILE_PARTIAL;
            it.reason = "out of memory: some matches were not kept";
        }
        if (l->nf)
            qsort(l->f, l->nf, sizeof *l->f, found_cmp);
        struct pm_reveal_match *m = calloc(l->nf ? l->nf : 1, sizeof *m);
        size_t n = m ? l->nf : 0;
        for (size_t i = 0; i < n; i++)
            m[i] = (struct pm_reveal_match){pm_detset_def(r->set, (size_t)l->f[i].det)->id,
                                            l->f[i].conf, l->f[i].line, l->f[i].offset,
                                            l->pool + l->f[i].at, l->f[i].len};
        if (!m && it.status != PM_FILE_ERROR) {
            it.status = PM_FILE_PARTIAL;
            it.reason = "out of memory";
        }
        r->res->items++;
        r->res->matches += n;
        if (it.status == PM_FILE_ERROR || it.status == PM_FILE_PARTIAL)
            r->res->unread++;
        if (r->ev->item)
            r->ev->item(r->ev->ctx, r->res->path, &it, m, n);
        free(m);
    }
    wipe_level(l);
}

/* The file to read: absolute and canonical, a regular file this process may
 * read. Returns 0, or -1 with err naming the path. */
static int check_file(const char *path, char *out, size_t outsz, struct stat *st, char *err,
                      size_t errsz)
{
    char *canon = realpath(path, NULL);
    if (!canon) {
        snprintf(err, errsz, "%s: %m", path);
        return -1;
    }
    snprintf(out, outsz, "%s", canon);
    free(canon);
    if (stat(out, st) != 0) {
        snprintf(err, errsz, "%s: %m", out);
        return -1;
    }
    if (!S_ISREG(st->st_mode)) {
        snprintf(err, errsz, "%s: not a regular file", out);
        return -1;
    }
    /* With the effective ids, as open() would judge: reveal refuses what the
     * caller may not read rather than reporting an item in error. */
    if (faccessat(AT_FDCWD, out, R_OK, AT_EACCESS) != 0) {
        snprintf(err, errsz, "%s: you cannot read this file (%m): nothing revealed", out);
        return -1;
    }
    return 0;
}

static struct pm_detset *make_set(const struct pm_reveal_opts *o, struct pm_userdets **user,
                                  char *err, size_t errsz)
{
    const struct pm_scan_opts *so = o->scan;
    *user = NULL;
    if (so->detectors_file && !(*user = pm_userdets_load(so->detectors_file, err, errsz)))
        return NULL;
    char cache[4096];
    struct pm_detset_opts dso = {.only = so->only, .disable = so->disable,
                                 .enable = so->enable, .min_confidence = so->min_confidence,
                                 .region = so->region,
                                 .cache_dir = pm_detset_cache_dir(cache, sizeof cache),
                                 .extra = pm_userdets_defs(*user),
                                 .nextra = pm_userdets_count(*user)};
    return pm_detset_new(&dso, err, errsz);
}

pm_status pm_reveal_run(const struct pm_reveal_opts *o, const struct pm_reveal_events *ev,
                        struct pm_reveal_result *res, char *err, size_t errsz)
{
    memset(res, 0, sizeof *res);
    struct stat st;
    if (check_file(o->path, res->path, sizeof res->path, &st, err, errsz) != 0)
        return PM_ERR_IO;
    struct pm_userdets *user = NULL;
    struct pm_detset *set = make_set(o, &user, err, errsz);
    if (!set) {
        pm_userdets_free(user);
        return PM_FATAL_USAGE;
    }
    struct run r = {.o = o, .ev = ev, .res = res, .set = set, .only_det = -1};
    pm_status rc = PM_OK;
    if (o->detector && (r.only_det = pm_detset_find(set, o->detector)) < 0) {
        snprintf(err, errsz, "detector '%s' is not one the scan ran (see piimap detectors)",
                 o->detector);
        rc = PM_FATAL_USAGE;
        goto out;
    }
    r.nlv = o->scan->limits.max_depth + 2; /* the extractor's levels */
    r.lv = calloc(r.nlv, sizeof *r.lv);
    struct pm_sink sink = {&r, on_begin, on_text, on_end, NULL, on_binary};
    struct pm_extract *x = r.lv ? pm_extract_new(&o->scan->limits, &sink, err, errsz) : NULL;
    if (!x) {
        if (!r.lv)
            snprintf(err, errsz, "out of memory");
        rc = PM_FATAL_NOMEM;
        goto out;
    }
    pm_extract_file(x, res->path, &st, 0);
    pm_extract_free(x);
out:
    for (unsigned i = 0; r.lv && i < r.nlv; i++) {
        wipe_level(&r.lv[i]);
        pm_textscan_free(r.lv[i].ts);
        free(r.lv[i].f);
        free(r.lv[i].pool);
    }
    free(r.lv);
    pm_detset_free(set);
    pm_userdets_free(user);
    return rc;
}
