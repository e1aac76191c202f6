/* cluster.h — digit clusters: where numbers are in a text, found by one cheap
 * scan in C.
 *
 * A cluster is a run of digits joined by short runs (at most three bytes) of
 * the separators people print numbers with: " -./()+". "4111 1111 1111 1111",
 * "(555) 123-4567", "10.240.243.102" and "2024-01-01" are one cluster each.
 * Every number detector's value lies in one cluster (plus a few bytes before
 * its first digit: a country code, a '(' or a letter), so the engines look
 * for numbers only there:
 *   - the reference engine (matcher.c) runs a detector's pattern around the
 *     clusters holding at least its min_digits digits;
 *   - the one-pass engine (vscan.c) asks each detector's cluster_gate whether
 *     one of its values may start in a cluster, instead of running digit-led
 *     Vectorscan patterns over every byte: on text where nearly every line
 *     holds long numbers (logs, exports) those patterns never let the
 *     automata go idle, and this scan costs a few instructions a byte.
 *
 * The one-pass engine reads a cluster's shape in one word first
 * (pm_cluster_shape, below) and asks only the gates whose gate_all and
 * gate_any (detector.h) it meets.
 *
 * A cluster describes its first PM_CLUSTER_GROUPS groups (runs of digits);
 * gates must accept a cluster with more (ngroups > PM_CLUSTER_GROUPS) when
 * they cannot tell. Offsets only: nothing here keeps a value.
 */
#ifndef PM_CLUSTER_H
#define PM_CLUSTER_H

#include <stddef.h>
#include <stdint.h>

#include "detect/bytes.h" /* pm_cluster_sep: the bytes that join digits */

#define PM_CLUSTER_GROUPS 24
/* A value may start this many bytes before its cluster's first digit
 * ("DE89...", "AB 12 34 56 C", "X1234567L", "(555) ..."). */
#define PM_CLUSTER_LEAD 4

struct pm_cluster {
    size_t start, end; /* first digit, one past the last (window offsets) */
    unsigned ndigits;
    unsigned ngroups;  /* every group, described or not */
    unsigned maxgroup; /* the longest group */
    unsigned lastgroup; /* the length of the last group */
    uint32_t lenmask;   /* bit L set if a described group has length L (31: 31 or more) */
    int lead;           /* pm_cluster_lead(buf, start) if known, -1 if not asked yet */
    uint32_t gat[PM_CLUSTER_GROUPS];  /* where group i starts (window offset - start) */
    uint32_t glen[PM_CLUSTER_GROUPS]; /* its length */
};

/* Which clusters a caller wants: those of at least min_digits digits, and
 * those of at least lead_digits right after two ASCII letters that start a
 * word, perhaps and a space (an IBAN's country code: "DE89", "BE 55"). Most clusters are a digit or two
 * inside hex ids and timestamps, and are skipped without a call. */
struct pm_cluster_want {
    unsigned min_digits, lead_digits;
};

/* 1 if buf[s - 2 .. s) are two ASCII letters that start a word, or
 * buf[s - 3 .. s) two such letters and a space ("BE 55 ..."). */
int pm_cluster_lead(const char *buf, size_t s);

/* Calls fn for each cluster that `want` asks for and that starts in
 * buf[from .. len) (a cluster that began before `from` is described from
 * `from` on). Stops early, returning what fn returned, when fn returns
 * non-zero; else 0. */
typedef int (*pm_cluster_fn)(void *ctx, const struct pm_cluster *c);
int pm_clusters_each(const char *buf, size_t len, size_t from, struct pm_cluster_want want,
                     pm_cluster_fn fn, void *ctx);

/* The same, from offset 0, reading the digits and separators from the
 * window's bit masks tm (detect/textmask.h, made for buf[0 .. len)). */
struct pm_textmasks;
int pm_clusters_masked(const char *buf, size_t len, const struct pm_textmasks *tm,
                       struct pm_cluster_want want, pm_cluster_fn fn, void *ctx);

/* A group length "n or more" in lens below. */
#define PM_GROUP_MIN(n) (0x100u | (n))

/* For gates. 1 if the cluster holds k consecutive groups of the lengths
 * lens[0..k) (0 = any length, PM_GROUP_MIN(n) = n or more) joined by separator runs of one byte, each in
 * `seps`, or of at most two bytes where the first is ')' ("(555) 123");
 * also 1 when the cluster has more groups than it describes. */
int pm_cluster_groups_at(const struct pm_cluster *c, const char *buf, const unsigned *lens,
                         size_t k, const char *seps);
static inline int pm_cluster_has_groups(const struct pm_cluster *c, const char *buf,
                                        const unsigned *lens, size_t k, const char *seps)
{
    if (c->ngroups > PM_CLUSTER_GROUPS)
        return 1;
    /* Inline, so that with constant lens this folds to one test: most
     * clusters lack a group of a length the value needs. */
    uint32_t need = 0;
    /* Unrolled, the loads of a constant lens fold to a constant need. */
#pragma GCC unroll 8
    for (size_t q = 0; q < k; q++)
        if (lens[q] && lens[q] < 0x100)
            need |= UINT32_C(1) << (lens[q] < 31 ? lens[q] : 31);
    if ((c->lenmask & need) != need || c->ngroups < k)
        return 0;
    return pm_cluster_groups_at(c, buf, lens, k, seps);
}
/* A cluster's shape in one small word, for the one-pass engine to tell
 * which gates may accept it without asking them (detector.h's gate_all
 * and gate_any; vscan.c looks its three parts up in three tables). A
 * cluster with more groups than it describes has every bit: gates must
 * accept it when they cannot tell. */
#define PM_CF_LEN(n) (1u << ((n) - 1))         /* a described group of n digits, 1 <= n <= 8 */
#define PM_CF_LEN13 (1u << 8)                  /* a described group of 13 digits or more */
#define PM_CF_00 (1u << 9)                     /* a described group of three digits or more
                                                * begins with "00" and a digit other than 0
                                                * (an international prefix) */
#define PM_CF_CAP_BEFORE (1u << 10)            /* [A-Z] or "[A-Z] " right before the first digit */
#define PM_CF_CAP_AFTER (1u << 11)             /* [A-Z] after the last digit, perhaps past one
                                                * '-' or ' '; or the end of the text there */
#define PM_CF_LETTER_AFTER (1u << 12)          /* an ASCII letter right after the last digit */
#define PM_CF_DIGITS15 (1u << 13)              /* 15 digits or more */
#define PM_CF_LEN4UP (1u << 14)                /* a described group of 4 digits or more */
#define PM_CF_LEN3_4UP (1u << 15)              /* one of 3 digits and one of 4 or more */
/* Two described groups joined by a run of separators that begins with ch
 * (one of " ()+-./"). */
#define PM_CF_JOIN(ch) (1u << ((ch) == ' ' ? 16 : 17 + (ch) - '('))
#define PM_CF_BITS 25
/* The three tables' bits: group lengths, the facts above, the joiners. */
#define PM_CF_LOW 8
#define PM_CF_MID 16
/* The bits pm_cluster_shape leaves to pm_cluster_shape_groups: they need a
 * look at every group, which most clusters are refused without. */
#define PM_CF_BY_GROUPS (PM_CF_00 | (((1u << PM_CF_BITS) - 1) & ~((1u << PM_CF_MID) - 1)))

static inline int pm_cf_upper(char c) { return c >= 'A' && c <= 'Z'; }

/* The shape but PM_CF_BY_GROUPS (all of them if the cluster does not
 * describe every group). */
static inline unsigned pm_cluster_shape(const struct pm_cluster *c, const char *buf, size_t len)
{
    if (c->ngroups > PM_CLUSTER_GROUPS)
        return (1u << PM_CF_BITS) - 1;
    size_t s = c->start, e = c->end;
    unsigned f = (c->lenmask >> 1) & 0xffu;
    f |= c->lenmask >> 13 ? PM_CF_LEN13 : 0;
    f |= c->ndigits >= 15 ? PM_CF_DIGITS15 : 0;
    if (c->lenmask >> 4)
        f |= (c->lenmask & 8u) ? PM_CF_LEN4UP | PM_CF_LEN3_4UP : PM_CF_LEN4UP;
    if (s >= 1 && (pm_cf_upper(buf[s - 1]) || (s >= 2 && buf[s - 1] == ' ' && pm_cf_upper(buf[s - 2]))))
        f |= PM_CF_CAP_BEFORE;
    if (e < len && pm_is_letter((unsigned char)buf[e]))
        f |= PM_CF_LETTER_AFTER;
    if (e < len && (buf[e] == '-' || buf[e] == ' '))
        e++;
    if (e >= len || pm_cf_upper(buf[e]))
        f |= PM_CF_CAP_AFTER;
    return f;
}

/* The shape's PM_CF_BY_GROUPS bits, from the described groups. */
static inline unsigned pm_cluster_shape_groups(const struct pm_cluster *c, const char *buf)
{
    unsigned f = 0, n = c->ngroups < PM_CLUSTER_GROUPS ? c->ngroups : PM_CLUSTER_GROUPS;
    for (unsigned i = 0; i < n; i++) {
        const char *g = buf + c->start + c->gat[i];
        if (c->glen[i] >= 3 && g[0] == '0' && g[1] == '0' && g[2] != '0')
            f |= PM_CF_00;
        if (i + 1 < n) {
            /* a separator, 0x20 .. 0x2f: ' ' or one of "()+-./" */
            unsigned x = (unsigned char)g[c->glen[i]] & 15u;
            f |= x ? PM_CF_JOIN('(') << (x - 8) : PM_CF_JOIN(' ');
        }
    }
    return f;
}

/* The separator bytes between group i and group i + 1 (i + 1 < described). */
static inline size_t pm_cluster_gap(const struct pm_cluster *c, unsigned i, size_t *at)
{
    *at = c->start + c->gat[i] + c->glen[i];
    return c->gat[i + 1] - c->gat[i] - c->glen[i];
}
/* 1 if the cluster describes all its groups. */
static inline int pm_cluster_whole(const struct pm_cluster *c)
{
    return c->ngroups <= PM_CLUSTER_GROUPS;
}

#endif
