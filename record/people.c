/* people.c — links the person keys of one record (record/people.h).
 *
 * Matches come per window in detector order, not in text order, so the
 * keys of open records wait in `pend`; pm_people_close sorts the closed
 * ones by record and links each record's keys at once. Only keyed hashes
 * are kept; a raw value never comes here.
 */
#include <stdlib.h>
#include <string.h>

#include "common/hashset.h"
#include "common/people.h"
#include "record/people.h"

/* Keys waiting for their records to close, at most. */
#define PEND_MAX 65536

struct pend {
    uint64_t record;
    int det;
    unsigned char h[PM_KEY_LEN];
};

struct pm_people {
    unsigned char *key;      /* per detector index: 1 if a person key */
    size_t ndet;
    struct pend *pend;       /* keys of records not yet closed */
    size_t npend, pendcap;
    struct pm_hset *nodes;   /* key hash -> (det + 1) * 2 + linked */
    struct pm_hset *edges;   /* a || b of links already listed */
    struct pm_people_link *out;
    size_t nout, outcap;
    uint64_t linked;         /* records that linked keys */
};

struct pm_people *pm_people_new(const struct pm_detset *set)
{
    struct pm_people *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    p->ndet = pm_detset_count(set);
    p->key = calloc(p->ndet ? p->ndet : 1, 1);
    p->nodes = pm_hset_new(PM_KEY_LEN);
    p->edges = pm_hset_new(2 * PM_KEY_LEN);
    if (!p->key || !p->nodes || !p->edges) {
        pm_people_free(p);
        return NULL;
    }
    for (size_t i = 0; i < p->ndet; i++) {
        const struct pm_detector_def *d = pm_detset_def(set, i);
        p->key[i] = !d->user && pm_person_role(d->id) == PM_ROLE_KEY;
    }
    return p;
}

void pm_people_free(struct pm_people *p)
{
    if (!p)
        return;
    free(p->key);
    free(p->pend);
    pm_hset_free(p->nodes);
    pm_hset_free(p->edges);
    free(p->out);
    free(p);
}

void pm_people_reset(struct pm_people *p)
{
    p->npend = p->nout = 0;
    p->linked = 0;
    pm_hset_clear(p->nodes);
    pm_hset_clear(p->edges);
}

static int pend_cmp(const void *a, const void *b);

/* Too many keys wait (one huge record, or records never closed): repeats
 * are dropped, and if that is not enough, every waiting record is linked
 * now, as far as it has come (one with so many keys links nothing). */
static void pend_squeeze(struct pm_people *p)
{
    qsort(p->pend, p->npend, sizeof *p->pend, pend_cmp);
    size_t k = 0;
    for (size_t i = 0; i < p->npend; i++)
        if (k == 0 || pend_cmp(&p->pend[k - 1], &p->pend[i]) != 0)
            p->pend[k++] = p->pend[i];
    p->npend = k;
    if (p->npend >= PEND_MAX / 2)
        pm_people_close(p, UINT64_MAX);
}

void pm_people_add(struct pm_people *p, uint64_t record, int det,
                   const unsigned char h[PM_KEY_LEN], int test_value)
{
    if (test_value || det < 0 || (size_t)det >= p->ndet || !p->key[det])
        return;
    if (p->npend >= PEND_MAX)
        pend_squeeze(p);
    if (p->npend == p->pendcap) {
        size_t nc = p->pendcap ? p->pendcap * 2 : 256;
        struct pend *np = realloc(p->pend, nc * sizeof *np);
        if (!np)
            return; /* out of memory: this key is not linked */
        p->pend = np;
        p->pendcap = nc;
    }
    struct pend *e = &p->pend[p->npend++];
    e->record = record;
    e->det = det;
    memcpy(e->h, h, PM_KEY_LEN);
}

static int pend_cmp(const void *a, const void *b)
{
    const struct pend *x = a, *y = b;
    if (x->record != y->record)
        return x->record < y->record ? -1 : 1;
    if (x->det != y->det)
        return x->det < y->det ? -1 : 1;
    return memcmp(x->h, y->h, PM_KEY_LEN);
}

static void out_add(struct pm_people *p, const unsigned char *a, int da, const unsigned char *b,
                    int db)
{
    if (p->nout >= PM_PEOPLE_CAP)
        return;
    if (p->nout == p->outcap) {
        size_t nc = p->outcap ? p->outcap * 2 : 64;
        struct pm_people_link *no = realloc(p->out, nc * sizeof *no);
        if (!no)
            return;
        p->out = no;
        p->outcap = nc;
    }
    struct pm_people_link *l = &p->out[p->nout++];
    memcpy(l->a, a, PM_KEY_LEN);
    memcpy(l->b, b, PM_KEY_LEN);
    l->da = da;
    l->db = db;
}

/* A key of the item, linked (1) or not yet (0). */
static void node(struct pm_people *p, const struct pend *e, int linked)
{
    void *v = NULL;
    int had = pm_hset_get(p->nodes, e->h, &v);
    if (!had && pm_hset_count(p->nodes) >= PM_PEOPLE_CAP)
        return;
    uintptr_t val = (uintptr_t)(e->det + 1) * 2 + (unsigned)(linked || ((uintptr_t)v & 1));
    (void)pm_hset_put(p->nodes, e->h, (void *)val);
}

/* One record's keys, sorted and possibly repeated: e[0, n). */
static void link_record(struct pm_people *p, const struct pend *e, size_t n)
{
    size_t distinct = 0, same = 0, most = 0;
    for (size_t i = 0; i < n; i++) {
        int fresh = i == 0 || e[i].det != e[i - 1].det || memcmp(e[i].h, e[i - 1].h, PM_KEY_LEN);
        if (!fresh)
            continue;
        distinct++;
        same = i > 0 && e[i].det == e[i - 1].det ? same + 1 : 1;
        most = same > most ? same : most;
    }
    int link = distinct >= 2 && distinct <= PM_PEOPLE_RECORD_KEYS && most <= PM_PEOPLE_SAME_KIND;
    p->linked += link;
    for (size_t i = 0; i < n; i++) {
        node(p, &e[i], link);
        if (!link || i == 0 || (e[i].det == e[0].det && !memcmp(e[i].h, e[0].h, PM_KEY_LEN)))
            continue;
        unsigned char pair[2 * PM_KEY_LEN];
        memcpy(pair, e[0].h, PM_KEY_LEN);
        memcpy(pair + PM_KEY_LEN, e[i].h, PM_KEY_LEN);
        if (pm_hset_count(p->edges) < PM_PEOPLE_CAP && pm_hset_add(p->edges, pair, NULL) == 1)
            out_add(p, e[0].h, e[0].det, e[i].h, e[i].det);
    }
}

void pm_people_close(struct pm_people *p, uint64_t before)
{
    if (!p->npend)
        return;
    qsort(p->pend, p->npend, sizeof *p->pend, pend_cmp);
    size_t i = 0;
    while (i < p->npend && p->pend[i].record < before) {
        size_t k = i + 1;
        while (k < p->npend && p->pend[k].record == p->pend[i].record)
            k++;
        link_record(p, &p->pend[i], k - i);
        i = k;
    }
    memmove(p->pend, p->pend + i, (p->npend - i) * sizeof *p->pend);
    p->npend -= i;
}

static int lone(void *ctx, const void *key, void *val)
{
    struct pm_people *p = ctx;
    uintptr_t v = (uintptr_t)val;
    if (!(v & 1)) {
        int det = (int)(v / 2) - 1;
        out_add(p, key, det, key, det);
    }
    return 0;
}

size_t pm_people_finish(struct pm_people *p, const struct pm_people_link **out)
{
    pm_people_close(p, UINT64_MAX);
    pm_hset_each(p->nodes, lone, p);
    *out = p->out;
    return p->nout;
}

uint64_t pm_people_linked_records(const struct pm_people *p) { return p->linked; }
