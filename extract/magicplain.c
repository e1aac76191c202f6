/* magicplain.c — which entries of the small database may print a MIME type,
 * and whether a buffer can reach any of them (magicplain.h).
 *
 * libmagic (softmagic.c, match()) evaluates a continuation at level L only
 * when the nearest entry before it at a lower level was evaluated and
 * matched, so an entry is reached only if every entry on its path up to the
 * top-level test matched: one test on that path that fails on the buffer
 * blocks it. The tests modelled here follow mget(), mconvert() and
 * magiccheck() of file 5.4x to the letter; everything else is "may match".
 * It must never call a test failed that libmagic could match.
 */
#include <stdlib.h>
#include <string.h>

#include "extract/magicent.h"
#include "extract/magicplain.h"

/* A test whose failure is decided from the bytes. */
enum { B_NEVER, B_NUM, B_STR, B_STR16, B_GUID };
enum { E_HOST, E_LE, E_BE };

struct blk {
    uint8_t kind;
    uint8_t size;   /* B_NUM: bytes */
    uint8_t endian; /* B_NUM: E_HOST, E_LE, E_BE; B_STR16: 1 for big-endian */
    uint8_t uns;    /* B_NUM: compared unsigned */
    uint8_t zfill;  /* B_NUM: a quad, read as zeros past the end */
    uint8_t reln;
    uint8_t op;     /* B_NUM: mask_op */
    uint8_t len;    /* B_STR, B_STR16, B_GUID: bytes of lit */
    uint32_t off;
    uint64_t val, mask;
    unsigned char lit[128];
};

/* An entry that may print: blocked by any of the tests b[path[first..
 * first+n)] (from the top-level test down), or by its group's guard bit
 * (guard >= 0) when the prefilter finds it idle. */
struct sink {
    uint32_t first, n;
    int guard;
};

/* Tests are kept once per entry (the entries that may print in a group
 * share the tests above them), at most this many, so that a buffer
 * evaluates each once. */
#define PM_PLAIN_TESTS 256

struct pm_plain {
    struct blk *b;
    size_t nb, capb;
    uint16_t *path;       /* the sinks' tests, by index in b */
    size_t npath, cappath;
    int32_t *of;          /* per set-0 entry: its index in b, -1 none, -2 not read yet */
    struct sink *s;
    size_t ns, caps;
    size_t open;          /* sinks nothing can block */
    const unsigned char *set0, *set1;
    size_t n0, n1;
    uint8_t *named;       /* per set-1 entry: 0 unknown, 1 being read, 2 quiet, 3 prints */
};

static uint32_t rd32(const unsigned char *p) { uint32_t v; memcpy(&v, p, 4); return v; }
static uint64_t rd64(const unsigned char *p) { uint64_t v; memcpy(&v, p, 8); return v; }
static unsigned level(const unsigned char *e) { uint16_t l; memcpy(&l, e + O_CONT, 2); return l; }

/* ---- which entries may print ----------------------------------------------------- */

static int range_prints(struct pm_plain *p, const unsigned char *e, size_t n);

/* 1 if the named rule `use` reaches may print; a name not found (libmagic
 * fails the whole call) or a rule that uses itself counts as printing. */
static int name_prints(struct pm_plain *p, const unsigned char *use)
{
    const char *name = (const char *)use + O_VALUE;
    if (*name == '^') /* byte order flipped: the same rule */
        name++;
    size_t len = strnlen(name, 127);
    for (size_t i = 0; i < p->n1; i++) {
        const unsigned char *e = p->set1 + i * M_SIZE;
        if (e[O_TYPE] != T_NAME || strnlen((const char *)e + O_VALUE, 127) != len ||
            memcmp(e + O_VALUE, name, len) != 0)
            continue;
        if (p->named[i] == 1)
            return 1;
        if (p->named[i] == 0) {
            size_t end = i + 1;
            while (end < p->n1 && level(p->set1 + end * M_SIZE) != 0)
                end++;
            p->named[i] = 1;
            p->named[i] = range_prints(p, e, end - i) ? 3 : 2;
        }
        return p->named[i] == 3;
    }
    return 1;
}

/* 1 if entry e may print a MIME type when it matches. */
static int entry_prints(struct pm_plain *p, const unsigned char *e)
{
    return e[O_MIME] != 0 || e[O_TYPE] == T_INDIRECT ||
           (e[O_TYPE] == T_USE && name_prints(p, e));
}

static int range_prints(struct pm_plain *p, const unsigned char *e, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (entry_prints(p, e + i * M_SIZE))
            return 1;
    return 0;
}

/* ---- the tests decided here ------------------------------------------------------ */

static int num_kind(unsigned type, struct blk *b)
{
    b->zfill = 0;
    switch (type) {
    case T_BYTE: b->size = 1; b->endian = E_HOST; return 0;
    case T_SHORT: b->size = 2; b->endian = E_HOST; return 0;
    case T_BESHORT: b->size = 2; b->endian = E_BE; return 0;
    case T_LESHORT: b->size = 2; b->endian = E_LE; return 0;
    case T_LONG: b->size = 4; b->endian = E_HOST; return 0;
    case T_BELONG: b->size = 4; b->endian = E_BE; return 0;
    case T_LELONG: b->size = 4; b->endian = E_LE; return 0;
    case T_QUAD: b->size = 8; b->endian = E_HOST; b->zfill = 1; return 0;
    case T_BEQUAD: b->size = 8; b->endian = E_BE; b->zfill = 1; return 0;
    case T_LEQUAD: b->size = 8; b->endian = E_LE; b->zfill = 1; return 0;
    default: return -1;
    }
}

/* IS_STRING() of file.h. */
static int is_string(unsigned type)
{
    return type == T_STRING || type == T_PSTRING || type == T_BESTRING16 ||
           type == T_LESTRING16 || type == T_REGEX || type == T_SEARCH || type == T_INDIRECT ||
           type == T_NAME || type == T_USE || type == T_OCTAL;
}

/* The test of entry e (at level lev) into b; 0 if its failure can be
 * decided from the bytes. */
static int blocker(const unsigned char *e, unsigned lev, struct blk *b)
{
    unsigned flag = e[O_FLAG], type = e[O_TYPE], reln = e[O_RELN], vallen = e[O_VALLEN];
    uint64_t mask = rd64(e + O_MASK);
    uint32_t sflags = (uint32_t)(mask >> 32), range = (uint32_t)mask;
    memset(b, 0, sizeof *b);
    /* match(): a top-level string-like test marked for binary files only
     * (/b) is skipped on text, which is all this is asked about */
    if (lev == 0 && is_string(type) && (sflags & (S_TEXTTEST | S_BINTEST)) == S_BINTEST) {
        b->kind = B_NEVER;
        return 0;
    }
    /* msetoffset(): a negative offset needs the file's end, which
     * magic_buffer() has none of, unless it is relative (continuations) */
    if ((flag & F_NEGATIVE) && (lev == 0 || !(flag & (F_OFFADD | F_INDIROFFADD)))) {
        b->kind = B_NEVER;
        return 0;
    }
    if ((flag & (F_INDIRECT | F_OFFADD | F_INDIROFFADD | F_NEGATIVE)) || e[O_COND])
        return -1;
    b->off = rd32(e + O_OFFSET);
    b->reln = (uint8_t)reln;
    if (num_kind(type, b) == 0) {
        if (!strchr("=!<>&^", (int)reln) || reln == 0 ||
            (e[O_MASKOP] & ~(MOP_OPS | MOP_INVERSE)))
            return -1;
        b->kind = B_NUM;
        b->uns = (flag & F_UNSIGNED) != 0;
        b->op = e[O_MASKOP];
        b->mask = mask;
        b->val = rd64(e + O_VALUE);
        return 0;
    }
    if (reln != '=')
        return -1;
    if (type == T_STRING && !(sflags & 0x0Fu) && range == 0 && vallen >= 1 && vallen <= 128) {
        b->kind = B_STR;
    } else if ((type == T_LESTRING16 || type == T_BESTRING16) && !(sflags & 0x0Fu) &&
               vallen >= 1 && vallen <= 126) {
        b->kind = B_STR16;
        b->endian = type == T_BESTRING16;
    } else if (type == T_GUID) {
        b->kind = B_GUID;
        vallen = 16;
    } else {
        return -1;
    }
    b->len = (uint8_t)vallen;
    memcpy(b->lit, e + O_VALUE, vallen);
    return 0;
}

static uint64_t width_mask(unsigned size) { return size == 8 ? ~0ull : (1ull << (8 * size)) - 1; }

/* The number mget() and mconvert() read for b: 1 with *v, -1 if out of
 * bounds (mget fails), 0 if not modelled (a division by zero). */
static int num_value(const struct blk *b, const unsigned char *buf, size_t n, uint64_t *v)
{
    /* OFFSET_OOB for all but quads, which mcopy() zero-fills instead */
    if (!b->zfill && (b->off > n || b->size > n - b->off))
        return -1;
    unsigned char raw[8] = {0};
    if (b->off < n)
        memcpy(raw, buf + b->off, n - b->off < b->size ? n - b->off : b->size);
    uint64_t u = 0;
    if (b->endian == E_HOST) {
        uint8_t u8; uint16_t u16; uint32_t u32;
        switch (b->size) {
        case 1: memcpy(&u8, raw, 1); u = u8; break;
        case 2: memcpy(&u16, raw, 2); u = u16; break;
        case 4: memcpy(&u32, raw, 4); u = u32; break;
        default: memcpy(&u, raw, 8); break;
        }
    } else {
        for (unsigned i = 0; i < b->size; i++) {
            unsigned at = b->endian == E_BE ? i : b->size - 1 - i;
            u = u << 8 | raw[at];
        }
    }
    uint64_t wm = width_mask(b->size), m = b->mask & wm;
    if (b->mask) { /* DO_CVT: only when the entry has a mask, cut to the width */
        switch (b->op & MOP_OPS) {
        case 0: u &= m; break;
        case 1: u |= m; break;
        case 2: u ^= m; break;
        case 3: u += m; break;
        case 4: u -= m; break;
        case 5: u *= m; break;
        case 6: if (!m) return 0; u /= m; break;
        default: if (!m) return 0; u %= m; break;
        }
        u &= wm;
    }
    if (b->op & MOP_INVERSE)
        u = ~u & wm;
    /* file_signextend() */
    if (!b->uns && b->size < 8 && (u >> (8 * b->size - 1) & 1))
        u |= ~wm;
    *v = u;
    return 1;
}

/* 1 if the test of b cannot match buf[0..n). */
static int fails(const struct blk *b, const unsigned char *buf, size_t n)
{
    switch (b->kind) {
    case B_NEVER:
        return 1;
    case B_NUM: {
        uint64_t v, l = b->val;
        int r = num_value(b, buf, n, &v);
        if (r < 0) /* mget() failed: only a '!' test counts that a match */
            return b->reln != '!';
        if (r == 0)
            return 0;
        switch (b->reln) {
        case '=': return v != l;
        case '!': return v == l;
        case '>': return b->uns ? !(v > l) : !((int64_t)v > (int64_t)l);
        case '<': return b->uns ? !(v < l) : !((int64_t)v < (int64_t)l);
        case '&': return (v & l) != l;
        case '^': return (v & l) == l;
        }
        return 0;
    }
    case B_STR:
    case B_GUID:
        if (b->off > n || b->len > n - b->off)
            return 1;
        return memcmp(buf + b->off, b->lit, b->len) != 0;
    case B_STR16:
        /* mcopy() takes every other byte from the offset (the second of
         * each pair for big-endian); only bytes it copied as they are
         * (not NULs, which it may turn into spaces) are compared here */
        for (unsigned i = 0; i < b->len; i++) {
            size_t at = (size_t)b->off + b->endian + 2u * i;
            if (b->off >= n || at >= n)
                return 0;
            if (buf[at] != 0 && buf[at] != b->lit[i])
                return 1;
        }
        return 0;
    }
    return 0;
}

/* ---- building -------------------------------------------------------------------- */

/* arr (holding n of *cap elements of size sz) with room for one more,
 * perhaps moved; NULL if out of memory (arr is still valid). */
static void *grow(void *arr, size_t n, size_t *cap, size_t sz)
{
    if (n < *cap)
        return arr;
    size_t c = *cap ? 2 * *cap : 32;
    void *a = realloc(arr, c * sz);
    if (a)
        *cap = c;
    return a;
}

/* The index in p->b of entry j's test (read on first use), -1 if it is
 * not decided here, -2 if out of room. */
static int blk_of(struct pm_plain *p, size_t j)
{
    if (p->of[j] != -2)
        return p->of[j];
    const unsigned char *e = p->set0 + j * M_SIZE;
    struct blk b;
    if (blocker(e, level(e), &b) != 0)
        return p->of[j] = -1;
    struct blk *nb = p->nb < PM_PLAIN_TESTS ? grow(p->b, p->nb, &p->capb, sizeof *nb) : NULL;
    if (!nb)
        return -2;
    p->b = nb;
    p->b[p->nb] = b;
    return p->of[j] = (int32_t)p->nb++;
}

/* Appends test i to the path being built. */
static int push_path(struct pm_plain *p, int i)
{
    uint16_t *np = grow(p->path, p->npath, &p->cappath, sizeof *np);
    if (!np)
        return -1;
    p->path = np;
    p->path[p->npath++] = (uint16_t)i;
    return 0;
}

/* Records sink entry j of the group starting at top (set-0 indexes) with
 * the decided tests on its path, the top-level test's first. */
static int add_sink(struct pm_plain *p, size_t top, size_t j, int guard)
{
    struct sink *ns = grow(p->s, p->ns, &p->caps, sizeof *ns);
    if (!ns)
        return -1;
    p->s = ns;
    struct sink s = {(uint32_t)p->npath, 0, guard};
    size_t cur = j;
    for (;;) {
        unsigned lev = level(p->set0 + cur * M_SIZE);
        int i = blk_of(p, cur);
        if (i == -2 || (i >= 0 && push_path(p, i) != 0))
            return -1;
        s.n += i >= 0;
        if (lev == 0 || cur == top)
            break;
        /* the parent: the nearest entry before it at a lower level */
        while (cur > top && level(p->set0 + (cur - 1) * M_SIZE) >= lev)
            cur--;
        if (cur == top)
            break;
        cur--;
    }
    /* top-level test first */
    for (uint32_t a = s.first, z = s.first + s.n; a + 1 < z; a++, z--) {
        uint16_t x = p->path[a];
        p->path[a] = p->path[z - 1];
        p->path[z - 1] = x;
    }
    if (s.n == 0 && guard < 0)
        p->open++;
    p->s[p->ns++] = s;
    return 0;
}

struct pm_plain *pm_plain_new(const struct pm_magicdb *db)
{
    size_t sz;
    const unsigned char *d = pm_magicdb_small(db, &sz);
    struct pm_plain *p = calloc(1, sizeof *p);
    if (!p || sz < M_SIZE)
        goto fail;
    p->n0 = rd32(d + 8);
    p->n1 = rd32(d + 12);
    if ((1 + p->n0 + p->n1) * M_SIZE != sz)
        goto fail;
    p->set0 = d + M_SIZE;
    p->set1 = p->set0 + p->n0 * M_SIZE;
    p->named = calloc(p->n1 + 1, 1);
    p->of = malloc((p->n0 + 1) * sizeof *p->of);
    int *guards = malloc((p->n0 + 1) * sizeof *guards);
    if (!p->named || !p->of || !guards) {
        free(guards);
        goto fail;
    }
    pm_magicdb_guard_bits(db, guards, p->n0);
    for (size_t j = 0; j < p->n0; j++)
        p->of[j] = -2;
    for (size_t top = 0; top < p->n0;) {
        size_t end = top + 1;
        while (end < p->n0 && level(p->set0 + end * M_SIZE) != 0)
            end++;
        for (size_t j = top; j < end; j++)
            if (entry_prints(p, p->set0 + j * M_SIZE) && add_sink(p, top, j, guards[top]) != 0) {
                free(guards);
                goto fail;
            }
        top = end;
    }
    free(guards);
    free(p->named);
    free(p->of);
    p->named = NULL;
    p->of = NULL;
    return p;
fail:
    pm_plain_free(p);
    return NULL;
}

void pm_plain_free(struct pm_plain *p)
{
    if (!p)
        return;
    free(p->b);
    free(p->path);
    free(p->s);
    free(p->named);
    free(p->of);
    free(p);
}

void pm_plain_counts(const struct pm_plain *p, size_t *sinks, size_t *open)
{
    *sinks = p->ns;
    *open = p->open;
}

/* ---- deciding -------------------------------------------------------------------- */

int pm_plain_quiet(const struct pm_plain *p, const unsigned char *buf, size_t n, uint64_t idle)
{
    if (p->open)
        return 0;
    signed char fail[PM_PLAIN_TESTS]; /* -1: not evaluated yet */
    memset(fail, -1, p->nb);
    for (size_t i = 0; i < p->ns; i++) {
        const struct sink *s = &p->s[i];
        if (s->guard >= 0 && (idle >> s->guard & 1))
            continue;
        int blocked = 0;
        for (uint32_t k = 0; k < s->n && !blocked; k++) {
            unsigned b = p->path[s->first + k];
            if (fail[b] < 0)
                fail[b] = (signed char)fails(&p->b[b], buf, n);
            blocked = fail[b];
        }
        if (!blocked)
            return 0;
    }
    return 1;
}
