/* magicdb.c — the prefilter over libmagic's compiled database (magicdb.h).
 *
 * It reads the .mgc file libmagic loads (format version 18, file 5.4x: a
 * header slot, then the regular tests, then the named ones, 376 bytes each)
 * and sorts its top-level tests in two: those it can rule out from a buffer
 * (a literal or a number compared at a fixed offset, a literal searched for,
 * a regex that needs literals: magicre.c) and the rest, which go with their
 * continuations and all the named tests into the small database. The reading
 * follows libmagic's own semantics where they decide a match (out-of-bounds
 * offsets, case flags, zero-filled quads) and errs towards "may match"
 * everywhere else. It never changes what the whole database would answer:
 * it only says when the small one answers the same.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <magic.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "extract/magicdb.h"
#include "extract/magicent.h"
#include "extract/magicre.h"
#include "extract/magicrx.h"

/* K_NOTLINE: a negated regex "!^[^SET].*$" (no line may start with a byte
 * outside SET: FORTRAN's "regex/100l !^[^Cc \t].*$"); fails as soon as the
 * first line starts with another printable byte. */
enum kind { K_STR, K_SEARCH, K_NUM, K_REGEX, K_NOTLINE };

/* One top-level test the prefilter decides. */
struct test {
    uint8_t kind;
    uint8_t size;     /* K_NUM: bytes; K_STR/K_SEARCH: bytes of lit compared */
    uint8_t be;       /* K_NUM: big-endian */
    uint8_t zfill;    /* K_NUM: bytes past the end read as zeros (quads) */
    uint32_t off;
    uint32_t need;    /* bytes from off that must exist (vallen, or size) */
    uint32_t sflags;  /* K_STR/K_SEARCH: libmagic's string flags */
    uint64_t val, mask;
    unsigned char lit[128];
    struct pm_re_needs *re; /* K_REGEX */
    struct pm_rx *rx;       /* K_REGEX: the exact check, NULL if refused */
    uint32_t range;         /* K_REGEX: libmagic's str_range ... */
    uint8_t lines;          /* ... counting lines */
    uint8_t text;           /* a test on libmagic's text view (TEXTTEST) */
    uint8_t rel;            /* a guard's test at an offset relative to the top-level match */
    uint8_t npair;          /* K_SEARCH: keys of the literal's byte pairs */
    uint16_t pair[8];
};

/* A top-level test of set 0 with its continuations: entries at..at+len of
 * the database; test: its index in t, or -1 if the small database has it. */
struct group {
    uint32_t at, len;
    int32_t test;
};

/* A group of the small database whose top-level test does nothing when it
 * matches (no description, no MIME type, no use/name/indirect/default/
 * clear) and whose level-1 continuations are all regex tests: libmagic
 * reaches everything else in it only through one of those, so when none of
 * them can match, the group does nothing at all and may be left out.
 * Perl's and Tcl's "search !p" and Dryad's "string <DryadData" are such:
 * they match most text, and their regexes cost more than all the rest. */
struct guard {
    uint32_t group;    /* index in groups */
    uint32_t first, n; /* its regex tests, gt[first..first+n) */
};

/* Fixed-offset tests, sorted by (offset, byte at it); byte 256 = any. */
struct key {
    uint32_t off;
    uint16_t byte;
    uint32_t test;
};

struct pm_magicdb {
    struct test *t;
    size_t nt;
    struct key *keys;     /* K_STR and byte-keyed K_NUM */
    size_t nkeys;
    uint32_t *offs;       /* distinct offsets of keys, ascending, with ... */
    uint32_t *first;      /* ... the index of their first key, ... */
    uint8_t (*bytes)[33]; /* ... and which bytes they have keys for (bit 256: any) */
    size_t noffs;
    uint32_t *scan;       /* K_SEARCH, K_REGEX, K_NOTLINE: those without a byte pair
                           * first (tried always), then by their first pair ... */
    size_t nscan, nscan_any;
    uint32_t *scan_first; /* ... from scan_first[key] to scan_first[key + 1] (tried
                           * when the buffer has the pair) */
    uint64_t scan_keys[PM_PAIR_WORDS]; /* the pairs some test is keyed by */
    uint32_t *tail;       /* zero-filled K_NUM (quads): also keyed, and tried here */
    size_t ntail;         /* when the buffer ends inside them */
    unsigned char fold[256]; /* pm_pair_fold() of each byte */
    unsigned char *small; /* the small compiled database */
    size_t smallsz;
    unsigned char *data;  /* the whole database, to add tests to the small one */
    size_t n1;            /* entries of set 1 (named tests) */
    struct group *groups; /* set 0's top-level tests, in order */
    size_t ngroups;
    size_t decided, left;
    struct guard guards[PM_MAGICDB_GUARDS]; /* small-database groups that may do nothing */
    size_t nguards;
    struct test *gt;      /* their level-1 regex tests */
    size_t ngt;
};

static uint32_t rd32(const unsigned char *p) { uint32_t v; memcpy(&v, p, 4); return v; }
static uint64_t rd64(const unsigned char *p) { uint64_t v; memcpy(&v, p, 8); return v; }

/* ---- sorting the tests --------------------------------------------------------- */

static int num_size(unsigned type, int *be, int *zfill)
{
    *be = type == T_BESHORT || type == T_BELONG || type == T_BEQUAD;
    *zfill = type == T_QUAD || type == T_LEQUAD || type == T_BEQUAD;
    switch (type) {
    case T_BYTE: return 1;
    case T_SHORT: case T_BESHORT: case T_LESHORT: return 2;
    case T_LONG: case T_BELONG: case T_LELONG: return 4;
    case T_QUAD: case T_LEQUAD: case T_BEQUAD: return 8;
    default: return 0;
    }
}

/* Length of the pattern prefix compared literally (under the case flags):
 * whitespace under a whitespace flag ends it. */
static size_t str_prefix(const unsigned char *v, size_t n, uint32_t sflags)
{
    size_t i = 0;
    if (sflags & (S_WS_COMPACT | S_WS_OPTIONAL))
        while (i < n && !isspace(v[i]))
            i++;
    else
        i = n;
    return i;
}

/* The other byte a pattern's first byte may match under the case flags. */
static unsigned char case_alt(const struct test *t, unsigned char c)
{
    if ((t->sflags & S_LOWER) && islower(c))
        return (unsigned char)toupper(c);
    if ((t->sflags & S_UPPER) && isupper(c))
        return (unsigned char)tolower(c);
    return c;
}

/* A negated regex of the form K_NOTLINE takes; 0 if e is one. libmagic
 * (softmagic.c) runs a regex on its range with the range's last byte cut
 * off, under REG_NEWLINE in the C locale: on a buffer of two bytes or more
 * whose first byte is printable ASCII outside SET, the range holds that
 * byte and one more, and the regex matches at offset 0 ('.*' may be empty,
 * '$' matches at a newline or the end), so the negated test fails. */
static int classify_notline(const unsigned char *e, struct test *t)
{
    const char *v = (const char *)e + O_VALUE;
    size_t len = strnlen(v, 128);
    uint64_t mask = rd64(e + O_MASK);
    uint32_t range = (uint32_t)mask, sflags = (uint32_t)(mask >> 32);
    if (rd32(e + O_OFFSET) != 0 || (sflags & S_CASE) || len < 8 || strncmp(v, "^[^", 3) != 0 ||
        strcmp(v + len - 4, "].*$") != 0 || ((sflags & S_LINES) ? range < 1 : range == 1))
        return -1;
    size_t nset = len - 7;
    for (size_t i = 0; i < nset; i++)
        if (strchr("]\\-^[", v[3 + i]) || v[3 + i] == 0)
            return -1;
    memset(t, 0, sizeof *t);
    t->kind = K_NOTLINE;
    t->size = (uint8_t)nset;
    memcpy(t->lit, v + 3, nset);
    return 0;
}

/* Fills t from the top-level test at e; 0 if the prefilter can decide it. */
static int classify(const unsigned char *e, struct test *t)
{
    unsigned flag = e[O_FLAG], reln = e[O_RELN], type = e[O_TYPE], vallen = e[O_VALLEN];
    if (flag & (F_INDIRECT | F_OFFADD | F_INDIROFFADD | F_NEGATIVE) || e[O_COND])
        return -1;
    if (reln == '!' && type == T_REGEX)
        return classify_notline(e, t);
    if (reln != '=')
        return -1;
    memset(t, 0, sizeof *t);
    t->off = rd32(e + O_OFFSET);
    uint64_t mask = rd64(e + O_MASK);
    const unsigned char *v = e + O_VALUE;
    int be, zfill, size = num_size(type, &be, &zfill);
    if (size) {
        if (e[O_MASKOP] != 0) /* only AND masks (or none) */
            return -1;
        t->kind = K_NUM;
        t->size = (uint8_t)size;
        t->be = (uint8_t)be;
        t->zfill = (uint8_t)zfill;
        t->need = zfill ? 0 : (uint32_t)size;
        t->val = rd64(v);
        t->mask = mask ? mask : ~0ull;
        if (size < 8) {
            uint64_t m = (1ull << (8 * size)) - 1;
            t->val &= m;
            t->mask &= m;
        }
        /* A quad that zeros match matches every buffer it reaches past the
         * end: left to the small database, which checks it cheaply. */
        if (zfill && t->val == 0)
            return -1;
        return 0;
    }
    uint32_t sflags = (uint32_t)(mask >> 32);
    if (type == T_STRING || type == T_SEARCH) {
        if (vallen > 128)
            return -1;
        size_t at = 0, pre = str_prefix(v, vallen, sflags);
        t->kind = type == T_STRING ? K_STR : K_SEARCH;
        if (pre == 0) {
            /* Leading whitespace under a whitespace flag: the first run of
             * other bytes must still occur, after the offset. */
            while (at < vallen && isspace(v[at]))
                at++;
            pre = str_prefix(v + at, vallen - at, sflags);
            t->kind = K_SEARCH;
        }
        if (pre == 0)
            return -1;
        t->size = (uint8_t)pre;
        t->need = vallen;
        t->sflags = sflags;
        memcpy(t->lit, v + at, pre);
        v += at;
        for (size_t k = 0; k + 1 < pre && t->npair < 8; k++)
            t->pair[t->npair++] = (uint16_t)pm_pair_key(v[k], v[k + 1]);
        return 0;
    }
    if (type == T_REGEX) {
        char pat[129];
        memcpy(pat, v, 128);
        pat[128] = 0; /* libmagic compiles value.s as a C string */
        t->re = malloc(sizeof *t->re);
        if (!t->re)
            return -1;
        pm_re_analyse(pat, (sflags & S_CASE) != 0, t->re);
        t->rx = pm_rx_new(pat, (sflags & S_CASE) != 0);
        if (t->re->n == 0 && !t->rx) {
            free(t->re);
            t->re = NULL;
            return -1;
        }
        t->kind = K_REGEX;
        t->range = (uint32_t)mask;
        t->lines = (sflags & S_LINES) != 0;
        t->text = (flag & F_TEXTTEST) != 0;
        /* A need with one alternative: its byte pairs must all be in the
         * buffer, checked in the scan before the regex's own analysis is
         * asked (pm_re_may_match checks the same pairs first). */
        const struct pm_re_need *nd = &t->re->need[0];
        if (t->re->n > 0 && nd->nalt == 1)
            for (unsigned k = 0; k < nd->alt[0].npair && t->npair < 8; k++)
                t->pair[t->npair++] = nd->alt[0].pair[k];
        return 0;
    }
    return -1;
}

/* The byte a buffer must hold at t->off + *at for t to match (*at: the
 * first byte a number's mask keeps whole), 256 if any may. */
static unsigned key_byte(const struct test *t, unsigned alt, uint32_t *at)
{
    *at = 0;
    if (t->kind == K_STR)
        return alt ? case_alt(t, t->lit[0]) : t->lit[0];
    for (unsigned i = 0; i < t->size; i++) {
        unsigned shift = 8u * (t->be ? t->size - 1u - i : i);
        if (((t->mask >> shift) & 0xFF) == 0xFF) {
            *at = i;
            return (unsigned)(t->val >> shift) & 0xFF;
        }
    }
    return 256;
}

static int key_cmp(const void *a, const void *b)
{
    const struct key *x = a, *y = b;
    if (x->off != y->off)
        return x->off < y->off ? -1 : 1;
    if (x->byte != y->byte)
        return x->byte < y->byte ? -1 : 1;
    return x->test < y->test ? -1 : x->test > y->test;
}

static int build_index(struct pm_magicdb *db)
{
    db->keys = malloc(2 * db->nt * sizeof *db->keys + 1);
    db->scan = malloc(db->nt * sizeof *db->scan + 1);
    db->scan_first = calloc(PM_PAIR_WORDS * 64 + 2, sizeof *db->scan_first);
    db->tail = malloc(db->nt * sizeof *db->tail + 1);
    if (!db->keys || !db->scan || !db->scan_first || !db->tail)
        return -1;
    /* a counting sort of the scanned tests by their first pair, the
     * tests without one (key 0 here, shifted by one) first */
    uint32_t *fk = db->scan_first;
    for (size_t i = 0; i < db->nt; i++) {
        const struct test *t = &db->t[i];
        if (t->kind == K_SEARCH || t->kind == K_REGEX || t->kind == K_NOTLINE) {
            fk[t->npair ? t->pair[0] + 2u : 1u]++;
            db->nscan++;
        }
    }
    db->nscan_any = fk[1];
    for (size_t k = 1; k < PM_PAIR_WORDS * 64 + 2; k++)
        fk[k] += fk[k - 1];
    for (size_t i = 0; i < db->nt; i++) {
        const struct test *t = &db->t[i];
        if (t->kind == K_SEARCH || t->kind == K_REGEX || t->kind == K_NOTLINE) {
            if (t->npair)
                db->scan_keys[t->pair[0] >> 6] |= 1ull << (t->pair[0] & 63);
            db->scan[fk[t->npair ? t->pair[0] + 1u : 0u]++] = (uint32_t)i;
            continue;
        }
        if (t->kind == K_NUM && t->zfill)
            db->tail[db->ntail++] = (uint32_t)i;
        uint32_t at;
        unsigned b0 = key_byte(t, 0, &at), b1 = key_byte(t, 1, &at);
        db->keys[db->nkeys++] = (struct key){t->off + at, (uint16_t)b0, (uint32_t)i};
        if (b1 != b0)
            db->keys[db->nkeys++] = (struct key){t->off + at, (uint16_t)b1, (uint32_t)i};
    }
    qsort(db->keys, db->nkeys, sizeof *db->keys, key_cmp);
    db->offs = malloc((db->nkeys + 1) * sizeof *db->offs);
    db->first = malloc((db->nkeys + 1) * sizeof *db->first);
    db->bytes = calloc(db->nkeys + 1, sizeof *db->bytes);
    if (!db->offs || !db->first || !db->bytes)
        return -1;
    for (size_t k = 0; k < db->nkeys; k++) {
        if (k == 0 || db->keys[k].off != db->keys[k - 1].off) {
            db->offs[db->noffs] = db->keys[k].off;
            db->first[db->noffs++] = (uint32_t)k;
        }
        unsigned b = db->keys[k].byte;
        db->bytes[db->noffs - 1][b >> 3] |= (uint8_t)(1u << (b & 7));
    }
    db->first[db->noffs] = (uint32_t)db->nkeys;
    for (unsigned c = 0; c < 256; c++)
        db->fold[c] = (unsigned char)pm_pair_fold((unsigned char)c);
    return 0;
}

/* 1 if entry e, when it matches, changes nothing libmagic prints or does
 * next (softmagic.c, match(): only a description, a MIME type and these
 * types do). */
static int effect_free(const unsigned char *e)
{
    unsigned type = e[O_TYPE];
    return !e[O_DESC] && !e[O_MIME] && !e[O_COND] && type != T_DEFAULT && type != T_INDIRECT &&
           type != T_NAME && type != T_USE && type != T_CLEAR;
}

/* A level-1 regex test of a guard into t; 0 if it can be ruled out from a
 * buffer. Relative to the top-level match (&off) it is tried on the whole
 * buffer, which holds every subject it may get: sound only without anchors. */
static int guard_test(const unsigned char *e, unsigned topflag, struct test *t)
{
    unsigned flag = e[O_FLAG];
    if (e[O_TYPE] != T_REGEX || e[O_RELN] != '=' || e[O_COND] ||
        (flag & (F_INDIRECT | F_INDIROFFADD | F_NEGATIVE)))
        return -1;
    unsigned char top[M_SIZE];
    memcpy(top, e, M_SIZE);
    top[O_FLAG] = (unsigned char)((flag & ~F_OFFADD) | (topflag & F_TEXTTEST));
    if (classify(top, t) != 0)
        return -1;
    if (flag & F_OFFADD) {
        if (!t->rx || pm_rx_anchored(t->rx)) {
            free(t->re);
            pm_rx_free(t->rx);
            return -1;
        }
        t->off = 0;
        t->rel = 1;
    }
    return 0;
}

/* Finds the guards among the small database's groups (struct guard). */
static int find_guards(struct pm_magicdb *db, const unsigned char *set0)
{
    db->gt = calloc(64, sizeof *db->gt);
    if (!db->gt)
        return -1;
    for (size_t g = 0; g < db->ngroups && db->nguards < PM_MAGICDB_GUARDS; g++) {
        const struct group *gr = &db->groups[g];
        const unsigned char *top = set0 + (size_t)gr->at * M_SIZE;
        if (gr->test >= 0 || !effect_free(top))
            continue;
        size_t first = db->ngt, ok = 1;
        for (uint32_t k = 1; k < gr->len && ok; k++) {
            const unsigned char *e = top + (size_t)k * M_SIZE;
            uint16_t level;
            memcpy(&level, e + O_CONT, 2);
            if (level != 1)
                continue;
            ok = db->ngt < 64 && guard_test(e, top[O_FLAG], &db->gt[db->ngt]) == 0;
            if (ok)
                db->ngt++;
        }
        if (!ok) {
            while (db->ngt > first) {
                db->ngt--;
                free(db->gt[db->ngt].re);
                pm_rx_free(db->gt[db->ngt].rx);
            }
            continue;
        }
        db->guards[db->nguards++] = (struct guard){(uint32_t)g, (uint32_t)first,
                                                   (uint32_t)(db->ngt - first)};
    }
    return 0;
}

/* Sorts set 0's top-level tests and writes the small database: the header,
 * the undecided tests with their continuations (in order), then set 1. */
static int build(struct pm_magicdb *db, const unsigned char *d, size_t len, char *why, size_t whysz)
{
    if (len % M_SIZE || rd32(d) != M_MAGICNO || rd32(d + 4) != M_VERSION) {
        snprintf(why, whysz, "magic database of another format");
        return -1;
    }
    size_t n0 = rd32(d + 8), n1 = rd32(d + 12);
    if (1 + n0 + n1 != len / M_SIZE) {
        snprintf(why, whysz, "magic database inconsistent");
        return -1;
    }
    const unsigned char *set0 = d + M_SIZE;
    db->t = calloc(n0 + 1, sizeof *db->t);
    db->groups = calloc(n0 + 1, sizeof *db->groups);
    db->small = malloc(len);
    if (!db->t || !db->groups || !db->small) {
        snprintf(why, whysz, "out of memory");
        return -1;
    }
    memcpy(db->small, d, M_SIZE);
    size_t kept = 0;
    int keep = 0;
    for (size_t i = 0; i < n0; i++) {
        const unsigned char *e = set0 + i * M_SIZE;
        uint16_t cont;
        memcpy(&cont, e + O_CONT, 2);
        if (cont == 0) {
            keep = classify(e, &db->t[db->nt]) != 0;
            db->groups[db->ngroups++] = (struct group){(uint32_t)i, 0, keep ? -1 : (int32_t)db->nt};
            if (keep)
                db->left++;
            else
                db->nt++, db->decided++;
        }
        if (db->ngroups)
            db->groups[db->ngroups - 1].len++;
        if (keep)
            memcpy(db->small + (1 + kept++) * M_SIZE, e, M_SIZE);
    }
    memcpy(db->small + (1 + kept) * M_SIZE, set0 + n0 * M_SIZE, n1 * M_SIZE);
    if (find_guards(db, set0) != 0) {
        snprintf(why, whysz, "out of memory");
        return -1;
    }
    uint32_t k32 = (uint32_t)kept;
    memcpy(db->small + 8, &k32, 4);
    db->smallsz = (1 + kept + n1) * M_SIZE;
    db->n1 = n1;
    if (build_index(db) != 0) {
        snprintf(why, whysz, "out of memory");
        return -1;
    }
    return 0;
}

/* ---- the process-wide instance ------------------------------------------------- */

static pthread_once_t once = PTHREAD_ONCE_INIT;
static struct pm_magicdb *shared;
static char shared_why[200];

static void db_free(struct pm_magicdb *db)
{
    if (!db)
        return;
    for (size_t i = 0; i < db->nt; i++) {
        free(db->t[i].re);
        pm_rx_free(db->t[i].rx);
    }
    free(db->t);
    for (size_t i = 0; i < db->ngt; i++) {
        free(db->gt[i].re);
        pm_rx_free(db->gt[i].rx);
    }
    free(db->gt);
    free(db->keys);
    free(db->offs);
    free(db->first);
    free(db->bytes);
    free(db->scan);
    free(db->scan_first);
    free(db->tail);
    free(db->small);
    free(db->data);
    free(db->groups);
    free(db);
}

static void load_shared(void)
{
    size_t len = 0;
    unsigned char *d = pm_magicdb_read(&len, shared_why, sizeof shared_why);
    struct pm_magicdb *db = d ? calloc(1, sizeof *db) : NULL;
    if (db && build(db, d, len, shared_why, sizeof shared_why) == 0) {
        db->data = d; /* kept: pm_magicdb_with() copies tests from it */
        shared = db;
    } else {
        db_free(db);
        free(d);
    }
}

const struct pm_magicdb *pm_magicdb_get(void)
{
    pthread_once(&once, load_shared);
    return shared;
}

const char *pm_magicdb_why(void)
{
    pthread_once(&once, load_shared);
    return shared ? "" : shared_why;
}

void *pm_magicdb_small(const struct pm_magicdb *db, size_t *size)
{
    *size = db->smallsz;
    return db->small;
}

void pm_magicdb_guard_bits(const struct pm_magicdb *db, int *bit, size_t n)
{
    size_t w = 0, gi = 0;
    for (size_t i = 0; i < n; i++)
        bit[i] = -1;
    for (size_t g = 0; g < db->ngroups && w < n; g++) {
        const struct group *gr = &db->groups[g];
        while (gi < db->nguards && db->guards[gi].group < g)
            gi++;
        if (gr->test >= 0)
            continue;
        if (gi < db->nguards && db->guards[gi].group == g)
            bit[w] = (int)gi;
        w += gr->len;
    }
}

void pm_magicdb_counts(const struct pm_magicdb *db, size_t *decided, size_t *left)
{
    *decided = db->decided;
    *left = db->left;
}

/* ---- deciding ------------------------------------------------------------------ */

/* libmagic's file_strncmp on the compared prefix: equal or not. */
static int str_at(const struct test *t, const unsigned char *p)
{
    for (unsigned i = 0; i < t->size; i++) {
        int a = t->lit[i], b = p[i];
        if ((t->sflags & S_LOWER) && islower(a)) {
            if (tolower(b) != a)
                return 0;
        } else if ((t->sflags & S_UPPER) && isupper(a)) {
            if (toupper(b) != a)
                return 0;
        } else if (a != b) {
            return 0;
        }
    }
    return 1;
}

/* A search: the literal anywhere from t->off (libmagic's range is shorter). */
static int search_at(const struct test *t, const unsigned char *buf, size_t n)
{
    size_t from = t->off;
    if (n - from < t->size)
        return 0;
    if (!(t->sflags & S_CASE))
        return memmem(buf + from, n - from, t->lit, t->size) != NULL;
    unsigned char c[2] = {t->lit[0], case_alt(t, t->lit[0])};
    for (int k = 0; k < (c[1] != c[0] ? 2 : 1); k++) {
        const unsigned char *p = buf + from, *end = buf + n - t->size + 1;
        while (p < end && (p = memchr(p, c[k], (size_t)(end - p))) != NULL) {
            if (str_at(t, p))
                return 1;
            p++;
        }
    }
    return 0;
}

static int num_at(const struct test *t, const unsigned char *buf, size_t n)
{
    /* The test's bytes, those past the end read as zeros (libmagic zero-fills
     * quads; other numbers never get here past the end), assembled as one
     * little-endian load and swapped for big-endian. */
    unsigned char b[8] = {0};
    size_t have = (size_t)t->off < n ? n - t->off : 0;
    if (have)
        memcpy(b, buf + t->off, have < t->size ? have : t->size);
    uint64_t v = 0;
    for (unsigned i = 0; i < 8; i++)
        v |= (uint64_t)b[i] << (8 * i);
    if (t->be)
        v = __builtin_bswap64(v) >> (64 - 8 * t->size);
    return (v & t->mask) == t->val;
}

/* The exact check of a regex test that its needs allowed: 0 if it cannot
 * match. A pattern without anchors that matches nowhere in buf[off..n)
 * matches in no part of it; one with anchors needs libmagic's own subject,
 * which is known on the bytes themselves, or on the text view when that is
 * them (textexact). */
static int rx_may_match(const struct test *t, const unsigned char *buf, size_t n, int textexact)
{
    if (!t->rx)
        return 1;
    size_t from = t->off, len = n - t->off;
    if (pm_rx_anchored(t->rx)) {
        if (t->text && !textexact)
            return 1;
        int r = pm_rx_subject(buf, n, t->off, t->range, t->lines, &from, &len);
        if (r != 0)
            return r > 0;
    }
    return pm_rx_search(t->rx, buf + from, len);
}

static int may_match(const struct test *t, const unsigned char *buf, size_t n,
                     const uint64_t *pairs, int textexact)
{
    /* libmagic's out-of-bounds check fails; quads have none: past the end
     * they read as zeros, which num_at does too. */
    if (!(t->kind == K_NUM && t->zfill) && ((size_t)t->off > n || n - t->off < t->need))
        return 0;
    switch (t->kind) {
    case K_STR:
        return str_at(t, buf + t->off);
    case K_NUM:
        return num_at(t, buf, n);
    case K_SEARCH:
        return search_at(t, buf, n);
    case K_REGEX:
        return pm_re_may_match(t->re, buf, t->off, n, pairs) &&
               rx_may_match(t, buf, n, textexact);
    case K_NOTLINE:
        return !(n >= 2 && buf[0] > ' ' && buf[0] < 0x7F && !memchr(t->lit, buf[0], t->size));
    }
    return 1;
}

/* The pairs of bytes in a buffer (pm_pair_key): a search for a literal
 * with a pair not among them cannot match. */
static void pairs_fill(const struct pm_magicdb *db, uint64_t *pairs, const unsigned char *buf,
                       size_t n)
{
    const unsigned char *fold = db->fold;
    memset(pairs, 0, PM_PAIR_WORDS * sizeof *pairs);
    unsigned prev = n ? fold[buf[0]] : 0;
    for (size_t i = 1; i < n; i++) {
        unsigned cur = fold[buf[i]], k = prev << 7 | cur;
        pairs[k >> 6] |= 1ull << (k & 63);
        prev = cur;
    }
}

static int pairs_allow(const struct test *t, const uint64_t *pairs)
{
    for (unsigned k = 0; k < t->npair; k++)
        if (!pm_pair_has(pairs, t->pair[k]))
            return 0;
    return 1;
}

/* The first of keys[lo..hi) at byte b or above. */
static uint32_t key_lower(const struct key *keys, uint32_t lo, uint32_t hi, unsigned b)
{
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (keys[mid].byte < b)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Adds test i to ids[0..*k) (ascending, each once); 1 if that made more than max. */
static int found(uint32_t i, uint32_t *ids, int *k, int max)
{
    int j = *k;
    for (int a = 0; a < j; a++)
        if (ids[a] == i)
            return 0;
    if (j == max)
        return 1;
    while (j > 0 && ids[j - 1] > i) {
        ids[j] = ids[j - 1];
        j--;
    }
    ids[j] = i;
    (*k)++;
    return 0;
}

/* The guards none of whose regex tests can match buf: a bit each. */
static uint64_t guards_idle(const struct pm_magicdb *db, const unsigned char *buf, size_t n,
                            const uint64_t *pairs, int textexact)
{
    uint64_t idle = 0;
    for (size_t g = 0; g < db->nguards; g++) {
        const struct guard *gd = &db->guards[g];
        int may = 0;
        for (uint32_t k = 0; k < gd->n && !may; k++) {
            const struct test *t = &db->gt[gd->first + k];
            may = pairs_allow(t, pairs) && may_match(t, buf, n, pairs, textexact);
        }
        if (!may)
            idle |= 1ull << g;
    }
    return idle;
}

/* Tries scanned test i; 1 if that made more than max may match. */
static int scan_one(const struct pm_magicdb *db, uint32_t i, const unsigned char *buf, size_t n,
                    const uint64_t *pairs, int textexact, uint32_t *ids, int *nk, int max)
{
    const struct test *t = &db->t[i];
    return pairs_allow(t, pairs) && may_match(t, buf, n, pairs, textexact) && found(i, ids, nk, max);
}

int pm_magicdb_candidates(const struct pm_magicdb *db, const unsigned char *buf, size_t n,
                          uint32_t *ids, int max, uint64_t *idle)
{
    if (idle)
        *idle = 0;
    uint64_t pairs[PM_PAIR_WORDS];
    int nk = 0;
    int textexact = pm_rx_text_is_bytes(buf, n);
    pairs_fill(db, pairs, buf, n);
    for (size_t o = 0; o < db->noffs && db->offs[o] < n; o++) {
        uint32_t off = db->offs[o], end = db->first[o + 1];
        /* the tests wanting this offset's byte, then those taking any */
        for (unsigned pass = 0; pass < 2; pass++) {
            unsigned b = pass ? 256u : buf[off];
            if (!(db->bytes[o][b >> 3] >> (b & 7) & 1))
                continue;
            for (uint32_t k = key_lower(db->keys, db->first[o], end, b);
                 k < end && db->keys[k].byte == b; k++) {
                const struct test *t = &db->t[db->keys[k].test];
                if (t->zfill && (size_t)t->off + t->size > n)
                    continue; /* the tail's */
                if (may_match(t, buf, n, pairs, textexact) && found(db->keys[k].test, ids, &nk, max))
                    return -1;
            }
        }
    }
    /* A quad the buffer ends inside reads zeros past the end; one wholly past
     * the end reads zeros only, which none of these matches (classify). */
    for (size_t i = 0; i < db->ntail; i++) {
        const struct test *t = &db->t[db->tail[i]];
        if (t->off < n && (size_t)t->off + t->size > n && may_match(t, buf, n, pairs, textexact) &&
            found(db->tail[i], ids, &nk, max))
            return -1;
    }
    /* the scanned tests keyed by a pair the buffer has, a word of pairs at
     * a time, then those without a key */
    for (size_t w = 0; w < PM_PAIR_WORDS; w++) {
        for (uint64_t x = pairs[w] & db->scan_keys[w]; x; x &= x - 1) {
            unsigned key = (unsigned)(w * 64 + (size_t)__builtin_ctzll(x));
            /* after the sort, the tests of key are scan[first[key]..first[key+1]) */
            for (uint32_t i = db->scan_first[key]; i < db->scan_first[key + 1]; i++)
                if (scan_one(db, db->scan[i], buf, n, pairs, textexact, ids, &nk, max))
                    return -1;
        }
    }
    for (size_t i = 0; i < db->nscan_any; i++)
        if (scan_one(db, db->scan[i], buf, n, pairs, textexact, ids, &nk, max))
            return -1;
    if (idle)
        *idle = guards_idle(db, buf, n, pairs, textexact);
    return nk;
}

/* Copies (out != NULL) or counts the entries of set 0 the small database
 * holds, with the groups of tests ids[0..k) in their places; their number. */
static size_t merge(const struct pm_magicdb *db, const uint32_t *ids, int k, uint64_t idle,
                    unsigned char *out)
{
    const unsigned char *set0 = db->data + M_SIZE;
    size_t w = 0;
    int a = 0;
    size_t gi = 0;
    for (size_t g = 0; g < db->ngroups; g++) {
        const struct group *gr = &db->groups[g];
        while (gi < db->nguards && db->guards[gi].group < g)
            gi++;
        if (gi < db->nguards && db->guards[gi].group == g && (idle >> gi & 1))
            continue;
        if (gr->test >= 0) {
            if (a == k || (uint32_t)gr->test != ids[a])
                continue;
            a++;
        }
        if (out)
            memcpy(out + w * M_SIZE, set0 + (size_t)gr->at * M_SIZE, (size_t)gr->len * M_SIZE);
        w += gr->len;
    }
    return w;
}

void *pm_magicdb_with(const struct pm_magicdb *db, const uint32_t *ids, int k, uint64_t idle,
                      size_t *size)
{
    size_t n0 = merge(db, ids, k, idle, NULL);
    unsigned char *out = malloc((1 + n0 + db->n1) * M_SIZE);
    if (!out)
        return NULL;
    memcpy(out, db->data, M_SIZE);
    merge(db, ids, k, idle, out + M_SIZE);
    uint32_t n32 = (uint32_t)n0;
    memcpy(out + 8, &n32, 4);
    memcpy(out + (1 + n0) * M_SIZE, db->data + (1 + (size_t)rd32(db->data + 8)) * M_SIZE,
           db->n1 * M_SIZE);
    *size = (1 + n0 + db->n1) * M_SIZE;
    return out;
}
