/* findings.c — per-file match accumulator: occurrences, distinct keyed
 * hashes, masked samples. Never sees a raw value beyond the call that hands
 * it in: the value is hashed at once and only the hash is kept. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/hashset.h"
#include "record/findings.h"

/* A set that grew past this many hashes in one file is released at the next
 * file rather than kept for reuse. */
#define KEEP_SEEN 2048

struct det_acc {
    uint64_t occurrences;
    uint64_t by_conf[4];   /* occurrences per enum pm_confidence */
    uint64_t test_value;   /* occurrences of known test numbers */
    uint64_t distinct;
    struct pm_hset *seen; /* keyed hashes seen in this file; NULL until one is */
    unsigned char (*list)[PM_KEY_LEN]; /* the same hashes, in arrival order */
    size_t nlist, listcap;
    char *masks;           /* their masked forms, NUL-terminated, in the same order */
    size_t mlen, mcap;
    char samples[PM_INV_SAMPLES][PM_MASK_MAX];
    size_t nsamples;
};

struct pm_findings {
    const struct pm_detset *set;
    const struct pm_key *key;
    pm_drop_fn drop;              /* may be NULL */
    const void *drop_ctx;
    uint64_t allowed;             /* matches dropped by it */
    struct det_acc *acc; /* one per detector */
    size_t n;
};

struct pm_findings *pm_findings_new(const struct pm_detset *set, const struct pm_key *key)
{
    struct pm_findings *f = calloc(1, sizeof *f);
    if (!f)
        return NULL;
    f->set = set;
    f->key = key;
    f->n = pm_detset_count(set);
    if (!(f->acc = calloc(f->n ? f->n : 1, sizeof *f->acc))) {
        free(f);
        return NULL;
    }
    return f;
}

void pm_findings_free(struct pm_findings *f)
{
    if (!f)
        return;
    for (size_t i = 0; i < f->n; i++) {
        pm_hset_free(f->acc[i].seen);
        free(f->acc[i].list);
        free(f->acc[i].masks);
    }
    free(f->acc);
    free(f);
}

void pm_findings_reset(struct pm_findings *f)
{
    f->allowed = 0;
    for (size_t i = 0; i < f->n; i++) {
        struct det_acc *a = &f->acc[i];
        if (a->occurrences) {
            /* Large sets from a big file are released, small ones reused. */
            if (pm_hset_count(a->seen) > KEEP_SEEN) {
                pm_hset_free(a->seen);
                free(a->list);
                free(a->masks);
                a->seen = NULL;
                a->list = NULL;
                a->masks = NULL;
                a->listcap = a->mcap = 0;
            } else {
                pm_hset_clear(a->seen);
            }
        }
        a->occurrences = a->distinct = a->test_value = 0;
        memset(a->by_conf, 0, sizeof a->by_conf);
        a->nlist = a->nsamples = 0;
        a->mlen = 0;
    }
}

/* Inserts h, whose masked form is masked; returns 1 if new, 0 if present,
 * -1 if out of memory (then h is in neither the set nor the list, as if
 * never seen). */
static int set_insert(struct det_acc *a, const unsigned char *h, const char *masked)
{
    if (!a->seen && !(a->seen = pm_hset_new(PM_KEY_LEN)))
        return -1;
    size_t ml = strlen(masked) + 1;
    if (a->mlen + ml > a->mcap) {
        size_t nc = a->mcap ? a->mcap * 2 : 1024;
        while (nc < a->mlen + ml)
            nc *= 2;
        char *nm = realloc(a->masks, nc);
        if (!nm)
            return -1;
        a->masks = nm;
        a->mcap = nc;
    }
    if (a->nlist == a->listcap) {
        size_t nc = a->listcap ? a->listcap * 2 : 64;
        unsigned char(*nl)[PM_KEY_LEN] = realloc(a->list, nc * PM_KEY_LEN);
        if (!nl)
            return -1;
        a->list = nl;
        a->listcap = nc;
    }
    int r = pm_hset_add(a->seen, h, NULL);
    if (r == 1) {
        memcpy(a->list[a->nlist++], h, PM_KEY_LEN);
        memcpy(a->masks + a->mlen, masked, ml);
        a->mlen += ml;
    }
    return r;
}

void pm_findings_set_drop(struct pm_findings *f, pm_drop_fn drop, const void *ctx)
{
    f->drop = drop;
    f->drop_ctx = ctx;
}

uint64_t pm_findings_allowed(const struct pm_findings *f) { return f->allowed; }

void pm_findings_add(struct pm_findings *f, const struct pm_match *m)
{
    unsigned char h[PM_KEY_LEN];
    (void)pm_findings_add_hash(f, m, h);
}

int pm_findings_add_hash(struct pm_findings *f, const struct pm_match *m,
                         unsigned char h[PM_KEY_LEN])
{
    struct det_acc *a = &f->acc[m->detector];
    pm_key_hash(f->key, pm_detset_def(f->set, (size_t)m->detector)->id, m->norm, h);
    if (f->drop && f->drop(f->drop_ctx, h)) {
        f->allowed++;
        return 0;
    }

    a->occurrences++;
    a->by_conf[m->confidence & 3]++;
    a->test_value += m->test_value != 0;
    int fresh = 0;
    if (a->nlist < PM_DISTINCT_CAP)
        fresh = set_insert(a, h, m->masked) == 1;
    if (fresh)
        a->distinct++;
    if (fresh && a->nsamples < PM_INV_SAMPLES) {
        for (size_t i = 0; i < a->nsamples; i++)
            if (strcmp(a->samples[i], m->masked) == 0)
                return 1;
        snprintf(a->samples[a->nsamples++], PM_MASK_MAX, "%s", m->masked);
    }
    return 1;
}

size_t pm_findings_count(const struct pm_findings *f)
{
    size_t n = 0;
    for (size_t i = 0; i < f->n; i++)
        n += f->acc[i].occurrences > 0;
    return n;
}

size_t pm_findings_export(const struct pm_findings *f, struct pm_inv_finding *out, size_t max)
{
    size_t n = 0;
    for (size_t i = 0; i < f->n && n < max; i++) {
        const struct det_acc *a = &f->acc[i];
        if (!a->occurrences)
            continue;
        struct pm_inv_finding *o = &out[n++];
        memset(o, 0, sizeof *o);
        o->detector = pm_detset_def(f->set, i)->id;
        o->occurrences = a->occurrences;
        memcpy(o->by_conf, a->by_conf, sizeof o->by_conf);
        o->distinct = a->distinct;
        o->test_value = a->test_value;
        for (size_t k = 0; k < a->nsamples; k++)
            o->samples[k] = a->samples[k];
        o->nsamples = a->nsamples;
        o->hashes = (const unsigned char(*)[PM_INV_HASH])a->list;
        o->nhashes = a->nlist;
        o->masks = a->nlist ? a->masks : NULL;
    }
    return n;
}
