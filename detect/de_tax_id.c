/* de_tax_id.c — German tax identification numbers (Steuer-IdNr): eleven
 * digits, bare or as 12 345 678 901.
 *
 * No leading zero; in the first ten digits one digit occurs twice or three
 * times; the last is an ISO 7064 MOD 11,10 check digit. Bare digits count
 * only after a label ("Steuer-IdNr", "tax id"). Never keeps or logs a value.
 */
#include "detect/detector.h"
#include "detect/idhelp.h"

static const char *const taxid_context[] = {"steuer", "idnr", "id nr", "identifikationsnummer",
                                            "steueridentifikationsnummer", "tax id", "tin",
                                            NULL};

static int taxid_validate(const struct pm_detector_def *self, const char *buf, size_t buflen,
                          size_t at, size_t *np, char *norm)
{
    const char *s = buf + at;
    size_t n = *np;
    if (!pm_id_standalone(buf, buflen, at, n) || pm_id_digits(s, n, norm, 11) != 11 || norm[0] == '0')
        return PM_CONF_NONE;
    /* In the first ten digits one digit occurs two or three times, and
     * nine or eight different digits occur. */
    int count[10] = {0}, twice = 0, thrice = 0, missing = 0;
    for (int i = 0; i < 10; i++)
        count[norm[i] - '0']++;
    for (int d = 0; d < 10; d++) {
        twice += count[d] == 2;
        thrice += count[d] == 3;
        missing += count[d] == 0;
        if (count[d] > 3)
            return PM_CONF_NONE;
    }
    if (!((twice == 1 && thrice == 0 && missing == 1) || (thrice == 1 && twice == 0 && missing == 2)))
        return PM_CONF_NONE;
    /* ISO 7064 MOD 11,10 */
    int product = 10;
    for (int i = 0; i < 10; i++) {
        int sum = (norm[i] - '0' + product) % 10;
        if (sum == 0)
            sum = 10;
        product = (sum * 2) % 11;
    }
    int check = 11 - product;
    if (check == 10)
        check = 0;
    if (check != norm[10] - '0')
        return PM_CONF_NONE;
    return pm_id_weak_if_bare(self, buf, at, n);
}

/* Printed in groups; eleven bare digits count only after a label (labelled). */
static int taxid_gate(const struct pm_cluster *c, const char *buf, size_t len)
{
    (void)len;
    static const unsigned groups[] = {2, 3, 3, PM_GROUP_MIN(3)};
    return c->ndigits >= 11 && pm_cluster_has_groups(c, buf, groups, 4, " ");
}

const struct pm_detector_def pm_det_de_tax_id = {
    .id = "de_tax_id",
    .description = "German tax identification numbers (Steuer-IdNr, 11 digits; ISO 7064 "
                   "mod 11,10; bare digits only with context)",
    .pattern = "(?<![0-9A-Za-z_])(?:[1-9][0-9] [0-9]{3} [0-9]{3} [0-9]{3}|[1-9][0-9]{10})(?![0-9])",
    .max_len = 14,
    .min_digits = 11,
    .validate = taxid_validate,
    .mask = pm_id_mask_tail3,
    .context = taxid_context,
    .cluster_gate = taxid_gate,
    .gate_digits = 11,
    .gate_groups = 4,
    .gate_all = PM_CF_LEN(2) | PM_CF_LEN(3),
    /* joined by one of its separators, or by ") " */
    .gate_any = PM_CF_JOIN(' ') | PM_CF_JOIN(')'),
    .labelled = 1,
};
