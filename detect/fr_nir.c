/* fr_nir.c — French social security numbers (NIR): 15 characters, a 13-digit
 * number and a two-digit key = 97 - (number mod 97).
 *
 * The month is 01-12, 20-42 or 50 and over; Corsica's departments 2A and
 * 2B stand for 19 and 18 in the key, less one or two million.
 * Spaces are optional and dropped. Never keeps or logs a value.
 */
#include <string.h>

#include "detect/checksum.h"
#include "detect/detector.h"
#include "detect/idhelp.h"

static int nir_validate(const struct pm_detector_def *self, const char *buf, size_t buflen,
                        size_t at, size_t *np, char *norm)
{
    const char *s = buf + at;
    size_t k = 0;
    if (!pm_id_standalone(buf, buflen, at, *np))
        return PM_CONF_NONE;
    for (size_t i = 0; i < *np && k < 15; i++)
        if (s[i] != ' ')
            norm[k++] = (s[i] >= 'a' && s[i] <= 'z') ? (char)(s[i] - 32) : s[i];
    norm[k] = '\0';
    if (k != 15)
        return PM_CONF_NONE;
    int month = (norm[3] - '0') * 10 + (norm[4] - '0');
    if (!(month >= 1 && month <= 12) && !(month >= 20 && month <= 42) && month < 50)
        return PM_CONF_NONE;
    /* Corsica: 2A and 2B count as 19 and 18 in the key, i.e. the letter is
     * read as 0 and one or two million are taken off the number. */
    char num[13];
    unsigned millions = 0;
    memcpy(num, norm, sizeof num);
    if (num[6] == 'A' || num[6] == 'B') {
        millions = num[6] == 'A' ? 1 : 2;
        num[6] = '0';
    }
    for (size_t i = 0; i < sizeof num; i++)
        if (!pm_is_digit((unsigned char)num[i]))
            return PM_CONF_NONE;
    if (!pm_is_digit((unsigned char)norm[13]) || !pm_is_digit((unsigned char)norm[14]))
        return PM_CONF_NONE;
    /* Stroke-order codes ("112112211213211", digits 1-5 only), not a NIR,
     * unless a NIR label stands before it. */
    if (!millions && pm_digits_narrow(norm, 15) && !pm_label_before(buf, at, self->context))
        return PM_CONF_NONE;
    /* The number is at least 10^8 (a month is not 00), so taking millions off
     * never goes below zero; 10^6 = 27 (mod 97). */
    unsigned rem = ((unsigned)pm_mod97(num, sizeof num, 0) + 97 - 27 * millions) % 97;
    unsigned key = (unsigned)((norm[13] - '0') * 10 + (norm[14] - '0'));
    return 97 - rem == key ? PM_CONF_MEDIUM : PM_CONF_NONE;
}

static const char *const nir_context[] = {"sécurité sociale", "securite sociale", "nir",
                                          "insee", "sécu", "secu", "social security", NULL};

/* Fifteen digits, in groups joined by single spaces or none: one cluster
 * of at least 15 digits. A Corsican department (2A, 2B) splits the digits
 * in two clusters: the first (sex, year, month and the 2: six digits) ends
 * with the department's 2, and its letter follows. */
static int nir_gate(const struct pm_cluster *c, const char *buf, size_t len)
{
    if (c->ndigits >= 15)
        return 1;
    if (c->end >= len || buf[c->end - 1] != '2')
        return 0;
    char l = buf[c->end];
    return l == 'A' || l == 'B' || l == 'a' || l == 'b';
}

const struct pm_detector_def pm_det_fr_nir = {
    .id = "fr_nir",
    .description = "French social security numbers (NIR, 15 characters; key 97 - n mod 97, "
                   "Corsica 2A/2B)",
    .pattern = "(?<![0-9A-Za-z])[12] ?[0-9]{2} ?[0-9]{2} ?(?:[0-9]{2}|2[ABab]) ?[0-9]{3} ?"
               "[0-9]{3} ?[0-9]{2}(?![0-9A-Za-z])",
    .max_len = 21,
    .validate = nir_validate,
    .mask = pm_id_mask_tail3,
    .context = nir_context,
    .cluster_gate = nir_gate,
    .gate_digits = 6,
    .gate_any = PM_CF_DIGITS15 | PM_CF_LETTER_AFTER,
};
