/* magicre.h — what a POSIX extended regex (as libmagic's `regex` tests hold
 * them) needs in its text: literals that any match must contain. Internal to
 * extract/ (magicdb.c).
 *
 * The analysis only ever errs towards "may match": a regex it does not
 * understand needs nothing, and a buffer passes it.
 */
#ifndef PM_MAGICRE_H
#define PM_MAGICRE_H

#include <stddef.h>
#include <stdint.h>

#define PM_RE_LIT 64   /* longest literal kept */
#define PM_RE_ALTS 8   /* alternatives of one need */
#define PM_RE_NEEDS 3  /* needs kept per regex */
#define PM_RE_SETS 16  /* byte classes of one regex */
#define PM_RE_PAIRS 6  /* byte pairs of a run checked against a buffer's */

/* A pair of bytes as a key into a 16,384-bit set of the pairs a buffer holds.
 * Letters fold to lower case and all bytes >= 0x80 to one: two bytes a regex
 * or a libmagic test would take as equal (piimap never calls setlocale, so
 * case folding is the C locale's, ASCII only) always give one key. */
static inline unsigned pm_pair_fold(unsigned char c)
{
    return c >= 0x80 ? 0x7Fu : (c >= 'A' && c <= 'Z') ? c + 32u : c;
}
static inline unsigned pm_pair_key(unsigned char a, unsigned char b)
{
    return pm_pair_fold(a) << 7 | pm_pair_fold(b);
}
#define PM_PAIR_WORDS (16384 / 64)
static inline int pm_pair_has(const uint64_t *pairs, unsigned key)
{
    return (int)(pairs[key >> 6] >> (key & 63) & 1);
}

/* A run of bytes in a row, each one byte (compared exactly, or with case
 * folded under REG_ICASE) or any byte of a class: [0-9], '.', ... */
struct pm_re_lit {
    unsigned char s[PM_RE_LIT];
    uint8_t cls[PM_RE_LIT]; /* 0: the byte s[i]; k: any byte of set k - 1 */
    uint8_t n;
    uint8_t npair;
    uint16_t pair[PM_RE_PAIRS]; /* keys of pairs of literal bytes in the run */
};

/* One need: one of alts must occur; at a line start (after any run of
 * bytes in skip) when anchored. */
struct pm_re_need {
    struct pm_re_lit alt[PM_RE_ALTS];
    uint8_t nalt;
    uint8_t anchored;
    uint8_t skip[32]; /* bitset of bytes an anchored literal may follow */
};

struct pm_re_needs {
    struct pm_re_need need[PM_RE_NEEDS];
    uint8_t n;    /* 0: nothing known, every buffer may match */
    uint8_t icase;
    uint8_t set[PM_RE_SETS][32]; /* the classes runs refer to */
};

/* Analyses the pattern (a C string); icase as REG_ICASE. */
void pm_re_analyse(const char *pat, int icase, struct pm_re_needs *out);

/* 0 if no match of the analysed regex can lie in buf[from..n); 1 if one may.
 * pairs, if not NULL, is the set of pm_pair_key()s of the buffer's pairs. */
int pm_re_may_match(const struct pm_re_needs *r, const unsigned char *buf, size_t from, size_t n,
                    const uint64_t *pairs);

#endif
