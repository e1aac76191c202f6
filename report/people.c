/* people.c — the people estimate: person keys joined through the records
 * that hold them (report/people.h). Union-find over 8-byte prefixes of
 * keyed hashes: two different keys share one with a chance of about
 * n^2 / 2^65 (1 in 400,000 for 10 million keys). Reads the inventory only.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/hashset.h"
#include "common/people.h"
#include "report/people.h"

/* A union-find over keys: an open-addressing table of 8-byte prefixes
 * (uniform already: they are HMAC output) and the node of each, and the
 * parent of each node. About 28 bytes a key. */
struct uf {
    uint64_t *key;        /* cap slots; 0: empty (a prefix 0 is stored as 1) */
    uint32_t *node;       /* the node of each slot */
    size_t cap;           /* a power of two, or 0 */
    uint32_t *parent;
    size_t n, pcap;       /* nodes, and room in parent */
    uint64_t groups;      /* nodes minus unions */
};

static void uf_free(struct uf *u)
{
    free(u->key);
    free(u->node);
    free(u->parent);
    memset(u, 0, sizeof *u);
}

/* Empties it; a table grown for a big directory is given back. */
static void uf_clear(struct uf *u)
{
    if (u->cap > 4096 && u->n * 16 < u->cap) {
        uf_free(u);
        return;
    }
    if (u->cap)
        memset(u->key, 0, u->cap * sizeof *u->key);
    u->n = 0;
    u->groups = 0;
}

static size_t uf_slot(const struct uf *u, uint64_t k)
{
    size_t i = (size_t)(k ^ (k >> 29)) & (u->cap - 1);
    while (u->key[i] && u->key[i] != k)
        i = (i + 1) & (u->cap - 1);
    return i;
}

static int uf_grow(struct uf *u)
{
    size_t nc = u->cap ? u->cap * 2 : 1024;
    uint64_t *nk = calloc(nc, sizeof *nk);
    uint32_t *nn = malloc(nc * sizeof *nn);
    if (!nk || !nn) {
        free(nk);
        free(nn);
        return -1;
    }
    struct uf old = *u;
    u->key = nk;
    u->node = nn;
    u->cap = nc;
    for (size_t i = 0; i < old.cap; i++)
        if (old.key[i]) {
            size_t j = uf_slot(u, old.key[i]);
            u->key[j] = old.key[i];
            u->node[j] = old.node[i];
        }
    free(old.key);
    free(old.node);
    return 0;
}

static uint32_t uf_find(struct uf *u, uint32_t x)
{
    while (u->parent[x] != x) {
        u->parent[x] = u->parent[u->parent[x]]; /* path halving */
        x = u->parent[x];
    }
    return x;
}

/* The node of key h (added if new); UINT32_MAX if out of memory. */
static uint32_t uf_node(struct uf *u, const unsigned char *h)
{
    uint64_t k;
    memcpy(&k, h, sizeof k);
    k = k ? k : 1;
    if ((u->n + 1) * 2 > u->cap && uf_grow(u) != 0)
        return UINT32_MAX;
    size_t i = uf_slot(u, k);
    if (u->key[i])
        return u->node[i];
    if (u->n == u->pcap) {
        size_t nc = u->pcap ? u->pcap * 2 : 1024;
        uint32_t *np = nc < UINT32_MAX ? realloc(u->parent, nc * sizeof *np) : NULL;
        if (!np)
            return UINT32_MAX;
        u->parent = np;
        u->pcap = nc;
    }
    uint32_t x = (uint32_t)u->n++;
    u->key[i] = k;
    u->node[i] = x;
    u->parent[x] = x;
    u->groups++;
    return x;
}

static int uf_link(struct uf *u, const unsigned char *a, const unsigned char *b)
{
    uint32_t x = uf_node(u, a), y = uf_node(u, b);
    if (x == UINT32_MAX || y == UINT32_MAX)
        return -1;
    x = uf_find(u, x);
    y = uf_find(u, y);
    if (x != y) {
        u->parent[x < y ? y : x] = x < y ? x : y;
        u->groups--;
    }
    return 0;
}

struct pm_people_report {
    int linked;                 /* the scan kept links */
    struct pm_people_count all;
    struct pm_hset *dirs;       /* directory -> struct pm_people_count * */
};

struct build {
    struct pm_people_report *r;
    struct uf all, dir;
    char *cur;                  /* the directory being counted */
    struct pm_people_count cnt;
    int64_t item;               /* the last item seen */
    int oom;
};

/* The directory being counted is done: keep its figures. */
static int dir_done(struct build *b)
{
    if (!b->cur)
        return 0;
    b->cnt.estimate = b->dir.groups;
    struct pm_people_count *c = malloc(sizeof *c);
    if (!c || pm_hset_add(b->r->dirs, b->cur, c) != 1) {
        free(c);
        return -1;
    }
    *c = b->cnt;
    free(b->cur);
    b->cur = NULL;
    uf_clear(&b->dir);
    return 0;
}

static int link_cb(void *ctx, const struct pm_inv_link_row *l)
{
    struct build *b = ctx;
    if (!b->cur || strcmp(b->cur, l->dir) != 0) {
        if (dir_done(b) != 0 || !(b->cur = strdup(l->dir)))
            return b->oom = -1;
        memset(&b->cnt, 0, sizeof b->cnt);
        b->item = 0;
    }
    if (l->item != b->item) {
        b->item = l->item;
        b->cnt.linked_records += l->linked_records;
        b->r->all.linked_records += l->linked_records;
    }
    if (uf_link(&b->all, l->a, l->b) != 0 || uf_link(&b->dir, l->a, l->b) != 0)
        return b->oom = -1;
    return 0;
}

/* One person per distinct person key: a scan made before links were kept. */
static int distinct_cb(void *ctx, const struct pm_inv_total *t)
{
    struct pm_people_report *r = ctx;
    if (pm_person_role(t->detector) == PM_ROLE_KEY)
        r->all.estimate += t->distinct;
    return 0;
}

int pm_people_report_new(struct pm_inv *inv, int64_t scan_id, struct pm_people_report **out,
                         char *err, size_t errsz)
{
    struct pm_people_report *r = calloc(1, sizeof *r);
    struct build b = {.r = r};
    *out = NULL;
    if (!r || !(r->dirs = pm_hset_new(0))) {
        snprintf(err, errsz, "out of memory");
        goto fail;
    }
    int kept = 0;
    int rc = pm_inv_links_each(inv, scan_id, &kept, link_cb, &b);
    if (rc == 0 && dir_done(&b) != 0)
        b.oom = rc = -1;
    if (rc != 0) {
        snprintf(err, errsz, "%s", b.oom ? "out of memory" : pm_inv_errmsg(inv));
        goto fail;
    }
    r->all.estimate = b.all.groups;
    r->linked = kept;
    if (!r->linked && pm_inv_totals_each(inv, scan_id, distinct_cb, r) != 0) {
        snprintf(err, errsz, "%s", pm_inv_errmsg(inv));
        goto fail;
    }
    uf_free(&b.all);
    uf_free(&b.dir);
    *out = r;
    return 0;
fail:
    free(b.cur);
    uf_free(&b.all);
    uf_free(&b.dir);
    pm_people_report_free(r);
    return -1;
}

void pm_people_report_free(struct pm_people_report *r)
{
    if (!r)
        return;
    pm_hset_free_vals(r->dirs);
    free(r);
}

const char *pm_people_method(const struct pm_people_report *r)
{
    return r->linked ? PM_PEOPLE_METHOD_LINKED : PM_PEOPLE_METHOD_DISTINCT;
}

struct pm_people_count pm_people_total(const struct pm_people_report *r) { return r->all; }

struct pm_people_count pm_people_dir(const struct pm_people_report *r, const struct pm_inv_dir *d)
{
    struct pm_people_count c = {0, 0};
    void *v = NULL;
    if (r->linked) {
        if (pm_hset_get(r->dirs, d->path, &v))
            c = *(const struct pm_people_count *)v;
        return c;
    }
    for (size_t i = 0; i < d->nfindings; i++)
        if (pm_person_role(d->findings[i].detector) == PM_ROLE_KEY)
            c.estimate += d->findings[i].distinct;
    return c;
}
