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

/* The pattern itself, standing alone. */
static const char *const cf_starts[] = {
    "(?:^|[^0-9A-Za-z_+])[A-Z]{6}[0-9LMNPQRSTUV]{2}[ABCDEHLMPRST][0-9LMNPQRSTUV]{2}[A-Z]"
    "[0-9LMNPQRSTUV]{3}[A-Z]",
    NULL};

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
    .starts = cf_starts,
};
