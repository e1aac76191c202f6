/* it_fiscal_code.c — Italian fiscal codes (codice fiscale): 16 characters,
 * surname, name, birth date and place, and a check letter.
 *
 * The check letter is a sum of the first fifteen characters, weighted by a
 * table in odd positions and at face value in even ones, mod 26. Never
 * keeps or logs a value.
 */
#include <string.h>

#include "detect/detector.h"
#include "detect/idhelp.h"
#include "detect/textmask.h"

static int cf_validate(const struct pm_detector_def *self, const char *buf, size_t buflen,
                       size_t at, size_t *np, char *norm)
{
    /* Values of characters in odd (1st, 3rd, ...) positions, digits then letters. */
    static const unsigned char odd[36] = {1,  0,  5,  7,  9,  13, 15, 17, 19, 21, 1,  0,
                                          5,  7,  9,  13, 15, 17, 19, 21, 2,  4,  18, 20,
                                          11, 3,  6,  8,  12, 14, 16, 10, 22, 25, 24, 23};
    const char *s = buf + at;
    (void)self;
    if (*np != 16 || !pm_id_standalone(buf, buflen, at, 16))
        return PM_CONF_NONE;
    unsigned sum = 0;
    for (int i = 0; i < 15; i++) {
        char c = s[i];
        unsigned idx = pm_is_digit((unsigned char)c) ? (unsigned)(c - '0') : (unsigned)(c - 'A' + 10);
        if (idx >= 36)
            return PM_CONF_NONE;
        /* Even positions (2nd, 4th, ...) count at face value: 0-9, A=0 .. Z=25. */
        sum += (i % 2 == 0) ? odd[idx] : (idx < 10 ? idx : idx - 10);
    }
    if ((char)('A' + sum % 26) != s[15])
        return PM_CONF_NONE;
    memcpy(norm, s, 16);
    norm[16] = '\0';
    return PM_CONF_MEDIUM;
}

static const char *const cf_context[] = {"codice fiscale", "cod. fisc", "c.f.", "cf:",
                                         "fiscal code", "tax code", NULL};

/* 1 if c is a digit or one of the letters that stand for one (omocodia). */
static int cf_digit(unsigned char c)
{
    return pm_is_digit(c) || (c >= 'L' && c <= 'V' && c != 'O');
}

static int cf_upper(unsigned char c) { return c >= 'A' && c <= 'Z'; }

/* 1 if the pattern matches at b[p] (its lookahead aside). */
static int cf_shape(const unsigned char *b, size_t len, size_t p)
{
    static const char shape[] = "AAAAAADDMDDADDDA"; /* A letter, D digit, M month */
    if (len - p < 16 || (p > 0 && (pm_is_letter(b[p - 1]) || pm_is_digit(b[p - 1]))))
        return 0;
    for (size_t i = 0; i < 16; i++) {
        unsigned char c = b[p + i];
        if (shape[i] == 'A' ? !cf_upper(c)
                            : shape[i] == 'D' ? !cf_digit(c) : !strchr("ABCDEHLMPRST", c))
            return 0;
    }
    return 1;
}

/* detector.h's text_gate: where the pattern matches, found from runs of six
 * capitals (bit masks) instead of a Vectorscan pattern of classes alone,
 * which kept its automaton running on every byte (3.6 instructions a byte
 * of a log); a log line seldom holds six capitals in a row. */
static void cf_text_gate(const char *buf, size_t len, size_t from, size_t limit,
                         const struct pm_textmasks *tm,
                         void (*add)(void *ctx, size_t a, size_t b), void *ctx)
{
    const unsigned char *b = (const unsigned char *)buf;
    /* The window's blocks (textmask.h) from the one that holds `from`. */
    for (size_t o = from & ~(size_t)63; o < limit; o += 64) {
        uint64_t up = tm->up[o / 64];
        /* Six capitals from bit k; the last five bits' runs go on into the
         * next block, so they are kept and checked byte by byte. */
        for (uint64_t six = pm_runs_at_least(up, 6); six; six &= six - 1) {
            size_t p = o + (size_t)__builtin_ctzll(six);
            if (p >= from && p < limit && cf_shape(b, len, p))
                add(ctx, p, p);
        }
    }
}

const struct pm_detector_def pm_det_it_fiscal_code = {
    .id = "it_fiscal_code",
    .description = "Italian fiscal codes (codice fiscale, 16 characters; check letter)",
    /* Digits may be replaced by LMNPQRSTUV when two codes would collide. */
    .pattern = "(?<![0-9A-Za-z])[A-Z]{6}[0-9LMNPQRSTUV]{2}[ABCDEHLMPRST][0-9LMNPQRSTUV]{2}"
               "[A-Z][0-9LMNPQRSTUV]{3}[A-Z](?![0-9A-Za-z])",
    .max_len = 16,
    .validate = cf_validate,
    .mask = pm_id_mask_tail3,
    .context = cf_context,
    .text_gate = cf_text_gate,
};
