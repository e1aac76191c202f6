/* hashset.c — open addressing with linear probing; every key, string or
 * fixed-size, is copied into an allocation of its own. */
#include <stdlib.h>
#include <string.h>

#include "common/hashset.h"

struct slot {
    void *key; /* NULL: empty */
    void *val;
    uint64_t h;
};

struct pm_hset {
    size_t keylen; /* 0: strings */
    struct slot *slots;
    size_t cap, n;  /* cap is 0 or a power of two */
};

uint64_t pm_hash_bytes(const void *p, size_t n)
{
    const unsigned char *b = p;
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < n; i++) {
        h ^= b[i];
        h *= 1099511628211ull;
    }
    return h ^ (h >> 29);
}

struct pm_hset *pm_hset_new(size_t keylen)
{
    struct pm_hset *s = calloc(1, sizeof *s);
    if (s)
        s->keylen = keylen;
    return s;
}

static size_t key_len(const struct pm_hset *s, const void *key)
{
    return s->keylen ? s->keylen : strlen(key) + 1;
}

void pm_hset_clear(struct pm_hset *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->cap; i++) {
        free(s->slots[i].key);
        s->slots[i].key = NULL;
    }
    s->n = 0;
}

void pm_hset_free(struct pm_hset *s)
{
    if (!s)
        return;
    pm_hset_clear(s);
    free(s->slots);
    free(s);
}

size_t pm_hset_count(const struct pm_hset *s) { return s ? s->n : 0; }

/* The slot holding key, or the empty slot where it would go. */
static struct slot *probe(const struct pm_hset *s, const void *key, size_t len, uint64_t h)
{
    for (size_t j = (size_t)h & (s->cap - 1);; j = (j + 1) & (s->cap - 1)) {
        struct slot *sl = &s->slots[j];
        if (!sl->key || (sl->h == h && memcmp(sl->key, key, len) == 0))
            return sl;
    }
}

static int grow(struct pm_hset *s)
{
    size_t nc = s->cap ? s->cap * 2 : 64;
    struct slot *ns = calloc(nc, sizeof *ns);
    if (!ns)
        return -1;
    for (size_t i = 0; i < s->cap; i++) {
        struct slot *o = &s->slots[i];
        if (!o->key)
            continue;
        size_t j = (size_t)o->h & (nc - 1);
        while (ns[j].key)
            j = (j + 1) & (nc - 1);
        ns[j] = *o;
    }
    free(s->slots);
    s->slots = ns;
    s->cap = nc;
    return 0;
}

static int insert(struct pm_hset *s, const void *key, void *val, int replace)
{
    if ((s->n + 1) * 2 > s->cap && grow(s) != 0)
        return -1;
    size_t len = key_len(s, key);
    uint64_t h = pm_hash_bytes(key, len);
    struct slot *sl = probe(s, key, len, h);
    if (sl->key) {
        if (replace)
            sl->val = val;
        return 0;
    }
    void *k = malloc(len);
    if (!k)
        return -1;
    memcpy(k, key, len);
    sl->key = k;
    sl->val = val;
    sl->h = h;
    s->n++;
    return 1;
}

int pm_hset_add(struct pm_hset *s, const void *key, void *val) { return insert(s, key, val, 0); }
int pm_hset_put(struct pm_hset *s, const void *key, void *val) { return insert(s, key, val, 1); }

int pm_hset_get(const struct pm_hset *s, const void *key, void **val)
{
    if (!s || !s->n)
        return 0;
    size_t len = key_len(s, key);
    struct slot *sl = probe(s, key, len, pm_hash_bytes(key, len));
    if (!sl->key)
        return 0;
    if (val)
        *val = sl->val;
    return 1;
}

int pm_hset_each(const struct pm_hset *s, int (*fn)(void *ctx, const void *key, void *val),
                 void *ctx)
{
    for (size_t i = 0; s && i < s->cap; i++) {
        if (!s->slots[i].key)
            continue;
        int rc = fn(ctx, s->slots[i].key, s->slots[i].val);
        if (rc)
            return rc;
    }
    return 0;
}

static int free_val(void *ctx, const void *key, void *val)
{
    (void)ctx;
    (void)key;
    free(val);
    return 0;
}

void pm_hset_free_vals(struct pm_hset *s)
{
    if (s)
        pm_hset_each(s, free_val, NULL);
    pm_hset_free(s);
}
