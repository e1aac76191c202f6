/* cluster.c — finds the digit clusters of a text (see cluster.h). One pass
 * over 64-byte blocks as bit masks (SSE2 where there is SSE2, every x86-64
 * CPU; plain C elsewhere), no allocation; offsets only, never a value. */
#include <string.h>

#include "detect/bytes.h"
#include "detect/cluster.h"
#include "detect/textmask.h"


/* Bit k of *d set if p[k] is a digit, of *s if it is a separator, for 64
 * bytes (the scan of a text no window's masks were made for). */
static inline void masks64(const unsigned char *p, uint64_t *d, uint64_t *s)
{
    uint64_t dm = 0, sm = 0;
#ifdef PM_TEXTMASK_SSE2
    for (int k = 0; k < 4; k++) {
        __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(p + 16 * k));
        __m128i sp = pm_sep16(x, _mm_cmpeq_epi8(x, _mm_set1_epi8(' ')));
        dm |= (uint64_t)(unsigned)_mm_movemask_epi8(pm_digit16(x)) << (16 * k);
        sm |= (uint64_t)(unsigned)_mm_movemask_epi8(sp) << (16 * k);
    }
#else
    for (int k = 0; k < 64; k++) {
        dm |= (uint64_t)pm_is_digit(p[k]) << k;
        sm |= (uint64_t)pm_cluster_sep(p[k]) << k;
    }
#endif
    *d = dm;
    *s = sm;
}

/* The masks of the 64 bytes at b[o ..], zero past n: the window's (tm,
 * with o a multiple of 64), or computed here. */
static inline void block_masks(const unsigned char *b, size_t o, size_t n,
                               const struct pm_textmasks *tm, uint64_t *d, uint64_t *s)
{
    if (tm) {
        *d = tm->digit[o / 64];
        *s = tm->sep[o / 64];
    } else if (o >= n) {
        *d = *s = 0;
    } else if (n - o >= 64) {
        masks64(b + o, d, s);
    } else {
        unsigned char tail[64] = {0}; /* NUL is neither a digit nor a separator */
        memcpy(tail, b + o, n - o);
        masks64(tail, d, s);
    }
}

/* pm_cluster_lead, inline for the scan: it asks about every short run. */
static inline int lead_at(const unsigned char *b, size_t s)
{
    if (s >= 3 && b[s - 1] == ' ')
        s--; /* "BE 55 ..." */
    return s >= 2 && pm_is_letter(b[s - 1]) && pm_is_letter(b[s - 2]) &&
           (s == 2 || !pm_is_word(b[s - 3]));
}

int pm_cluster_lead(const char *buf, size_t s) { return lead_at((const unsigned char *)buf, s); }

/* Hands the described cluster to fn if wanted. c->lead is what is known of
 * its lead (-1: not asked yet). */
static int hand(const unsigned char *b, struct pm_cluster *c, struct pm_cluster_want want,
                pm_cluster_fn fn, void *ctx)
{
    if (c->ndigits < want.min_digits) {
        if (c->ndigits < want.lead_digits)
            return 0;
        if (c->lead < 0)
            c->lead = lead_at(b, c->start);
        if (!c->lead)
            return 0;
    }
    return fn(ctx, c);
}

static inline void add_group(struct pm_cluster *c, uint32_t at, unsigned gl)
{
    if (c->ngroups < PM_CLUSTER_GROUPS) {
        c->gat[c->ngroups] = at;
        c->glen[c->ngroups] = gl;
        c->lenmask |= UINT32_C(1) << (gl < 31 ? gl : 31);
    }
    c->ngroups++;
    c->ndigits += gl;
    if (gl > c->maxgroup)
        c->maxgroup = gl;
    c->lastgroup = gl;
}

static inline void begin(struct pm_cluster *c, size_t start, size_t end, int lead)
{
    c->start = start;
    c->end = end;
    c->ndigits = c->ngroups = c->maxgroup = c->lastgroup = 0;
    c->lenmask = 0;
    c->lead = lead;
}

/* A cluster of at most 64 bytes from o + s0 to o + e0: its groups are the
 * runs of ones of dm (a digit mask of bytes from o, cut to the cluster),
 * found bit-wise. */
static int emit_bits(const unsigned char *b, size_t o, unsigned s0, unsigned e0, uint64_t dm,
                     int lead, struct pm_cluster_want want, pm_cluster_fn fn, void *ctx)
{
    struct pm_cluster c;
    begin(&c, o + s0, o + e0, lead);
    /* The first and the last bit of each run, paired in order; the tallies
     * in locals (registers), not in c, whose address fn gets. */
    uint64_t gs = dm & ~(dm << 1), ge = dm & ~(dm >> 1);
    unsigned ng = 0, nd = 0, mx = 0, gl = 0;
    uint32_t lm = 0;
    for (; gs; gs &= gs - 1, ge &= ge - 1) {
        unsigned g = (unsigned)__builtin_ctzll(gs);
        gl = (unsigned)__builtin_ctzll(ge) + 1 - g;
        if (ng < PM_CLUSTER_GROUPS) {
            c.gat[ng] = g - s0;
            c.glen[ng] = gl;
            lm |= UINT32_C(1) << (gl < 31 ? gl : 31);
        }
        ng++;
        nd += gl;
        mx = gl > mx ? gl : mx;
    }
    c.ngroups = ng;
    c.ndigits = nd;
    c.maxgroup = mx;
    c.lastgroup = gl;
    c.lenmask = lm;
    return hand(b, &c, want, fn, ctx);
}

/* Describes the cluster b[i .. j) (one that spans blocks) and hands it to
 * fn if wanted: from the window's digit masks when it is at most 64 bytes
 * long, else byte by byte. */
static int emit(const unsigned char *b, size_t i, size_t j, const struct pm_textmasks *tm,
                int lead, struct pm_cluster_want want, pm_cluster_fn fn, void *ctx)
{
    if (tm && j - i <= 64) {
        unsigned sh = (unsigned)(i % 64);
        uint64_t dm = tm->digit[i / 64] >> sh;
        if (sh)
            dm |= tm->digit[i / 64 + 1] << (64 - sh);
        dm &= ~UINT64_C(0) >> (64 - (j - i));
        return emit_bits(b, i, 0, (unsigned)(j - i), dm, lead, want, fn, ctx);
    }
    struct pm_cluster c;
    begin(&c, i, j, lead);
    size_t k = i;
    while (k < j) {
        size_t g = k;
        while (k < j && pm_is_digit(b[k]))
            k++;
        add_group(&c, (uint32_t)(g - i), (unsigned)(k - g));
        while (k < j && !pm_is_digit(b[k]))
            k++;
    }
    return hand(b, &c, want, fn, ctx);
}

/* 1 if the cluster b[i .. j) may be wanted: it has room for the digits.
 * *lead is what is known of its lead (-1: not asked), updated if asked. */
static inline int may_want(const unsigned char *b, size_t i, size_t j, struct pm_cluster_want w,
                           int *lead)
{
    if (j - i >= w.min_digits)
        return 1;
    if (j - i < w.lead_digits)
        return 0;
    if (*lead < 0)
        *lead = lead_at(b, i);
    return *lead;
}

/* The top d bits of a word (d < 64; none for 0). */
static inline uint64_t top_bits(unsigned d) { return ~(~UINT64_C(0) >> d); }

/* 64 bytes at a time, as bit masks: digits D and separators S give the
 * separators that join two digits (runs of one to three between digits),
 * C = D | joining separators, and a cluster is a run of ones in C. Only the
 * clusters a caller wants are described byte by byte. Neighbouring blocks
 * lend the bits a shift needs (one before, three after). With the window's
 * masks (tm, from 0), the letters and blanks before a short run also say
 * whether it may follow a lead (two letters, perhaps and a blank), so most
 * short runs (the digits of hex ids) are dropped without a look. */
static inline int clusters_run(const char *buf, size_t len, size_t from,
                               const struct pm_textmasks *tm, struct pm_cluster_want want,
                               pm_cluster_fn fn, void *ctx)
{
    const unsigned char *b = (const unsigned char *)buf;
    uint64_t D, S, nD, nS, pD = 0, pf2 = 0, pf3 = 0, pL = 0, pB = 0;
    size_t open_at = 0;
    int open = 0, open_lead = -1, rc;
    /* Runs shorter than this many bytes are never wanted (most are a digit
     * or two of a hex id): their starts are dropped from the masks. Runs
     * of `longest` bytes or more are looked at whatever comes before. */
    unsigned shortest = want.min_digits < want.lead_digits ? want.min_digits : want.lead_digits;
    unsigned longest = want.min_digits;
    if (shortest > 8)
        shortest = 8;
    if (longest > 8)
        longest = 8;
    /* pm_runs_at_least for these k, from runs of 1, 2, 4 and 8 made once
     * per block: k = 2^ls + ds (and 2^ll + dl). */
    const unsigned ls = shortest >= 8 ? 3 : shortest >= 4 ? 2 : shortest >= 2 ? 1 : 0,
                   ll = longest >= 8 ? 3 : longest >= 4 ? 2 : longest >= 2 ? 1 : 0;
    const unsigned ds = shortest - (1u << ls), dl = longest - (1u << ll);
    block_masks(b, from, len, tm, &D, &S);
    for (size_t o = from; o < len; o += 64) {
        block_masks(b, o + 64, len, tm, &nD, &nS);
        uint64_t Dp = D << 1 | pD >> 63;
        uint64_t Dn1 = D >> 1 | nD << 63, Dn2 = D >> 2 | nD << 62, Dn3 = D >> 3 | nD << 61;
        uint64_t Sn1 = S >> 1 | nS << 63, Sn2 = S >> 2 | nS << 62;
        uint64_t g1 = S & Dp & Dn1;
        uint64_t f2 = S & Dp & Sn1 & Dn2;
        uint64_t f3 = S & Dp & Sn1 & Sn2 & Dn3;
        uint64_t C = D | g1 | f2 | (f2 << 1 | pf2 >> 63) | f3 | (f3 << 1 | pf3 >> 63) |
                     (f3 << 2 | pf3 >> 62);
        /* Bit k set if byte k may follow a lead: letters at k - 1 and k - 2,
         * or a blank at k - 1 and letters at k - 2 and k - 3 (lead_at says
         * for sure). Without the window's masks, every byte may. */
        uint64_t leadish = ~UINT64_C(0);
        if (tm) {
            uint64_t L = tm->up[o / 64] | tm->low[o / 64], B = tm->blank[o / 64];
            leadish = (L << 2 | pL >> 62) & ((L << 1 | pL >> 63) | ((B << 1 | pB >> 63) &
                                                                    (L << 3 | pL >> 61)));
            pL = L;
            pB = B;
        }
        uint64_t rest = C;
        if (open) {
            if (~C == 0)
                goto next;
            unsigned r = (unsigned)__builtin_ctzll(~C);
            open = 0;
            if (may_want(b, open_at, o + r, want, &open_lead) &&
                (rc = emit(b, open_at, o + r, tm, open_lead, want, fn, ctx)))
                return rc;
            rest &= ~(r ? (~UINT64_C(0) >> (64 - r)) : 0);
        }
        uint64_t st = rest & ~(rest << 1);
        uint64_t runs[4];
        runs[0] = rest;
        for (int q = 1; q < 4; q++)
            runs[q] = runs[q - 1] & (runs[q - 1] >> (1u << (q - 1)) | top_bits(1u << (q - 1)));
        st &= (runs[ll] & (runs[ll] >> dl | top_bits(dl))) |
              (runs[ls] & (runs[ls] >> ds | top_bits(ds)) & leadish);
        for (; st; st &= st - 1) {
            unsigned s0 = (unsigned)__builtin_ctzll(st);
            uint64_t tail = rest >> s0;
            int lead = (leadish >> s0 & 1) ? -1 : 0;
            if (tail == ~UINT64_C(0) >> s0) { /* the run reaches the next block */
                open = 1;
                open_at = o + s0;
                open_lead = lead;
                break;
            }
            unsigned e0 = s0 + (unsigned)__builtin_ctzll(~tail);
            if (may_want(b, o + s0, o + e0, want, &lead) &&
                (rc = emit_bits(b, o, s0, e0, D & (~UINT64_C(0) >> (64 - e0)) & (~UINT64_C(0) << s0),
                                lead, want, fn, ctx)))
                return rc;
        }
    next:
        pD = D;
        pf2 = f2;
        pf3 = f3;
        D = nD;
        S = nS;
    }
    if (open && may_want(b, open_at, len, want, &open_lead))
        return emit(b, open_at, len, tm, open_lead, want, fn, ctx);
    return 0;
}

int pm_clusters_each(const char *buf, size_t len, size_t from, struct pm_cluster_want want,
                     pm_cluster_fn fn, void *ctx)
{
    return clusters_run(buf, len, from, NULL, want, fn, ctx);
}

int pm_clusters_masked(const char *buf, size_t len, const struct pm_textmasks *tm,
                       struct pm_cluster_want want, pm_cluster_fn fn, void *ctx)
{
    return clusters_run(buf, len, 0, tm, want, fn, ctx);
}

/* 1 if c is one of seps (a few bytes: a loop, not a call to strchr). */
static inline int in_seps(char c, const char *seps)
{
    for (; *seps; seps++)
        if (*seps == c)
            return 1;
    return 0;
}

/* 1 if the separator run buf[at .. at + n) may join two groups of a value. */
static int joins(const char *buf, size_t at, size_t n, const char *seps)
{
    if (n == 1)
        return in_seps(buf[at], seps);
    return n == 2 && buf[at] == ')' && (buf[at + 1] == ' ' || in_seps(buf[at + 1], seps));
}

int pm_cluster_groups_at(const struct pm_cluster *c, const char *buf, const unsigned *lens,
                         size_t k, const char *seps)
{
    for (unsigned s = 0; s + k <= c->ngroups; s++) {
        size_t q = 0;
        for (; q < k; q++) {
            if (lens[q] & 0x100u ? c->glen[s + q] < (lens[q] & 0xffu)
                                 : lens[q] && c->glen[s + q] != lens[q])
                break;
            if (q + 1 < k) {
                size_t at, n = pm_cluster_gap(c, s + (unsigned)q, &at);
                if (!joins(buf, at, n, seps))
                    break;
            }
        }
        if (q == k)
            return 1;
    }
    return 0;
}
