/* uk_nhs.c — NHS numbers (England, Wales, Isle of Man): ten digits, printed
 * 943 476 5919, the last a mod-11 check digit.
 *
 * Weights 10 down to 2 over the first nine digits; 11 - (sum mod 11) is the
 * check digit, 11 stands for 0 and 10 is never issued. One number in eleven
 * passes, and ten digits are also phone numbers and order ids, so only the
 * printed 3-3-4 form in the ranges England and Wales issue (4, 6 or 7
 * first) stands on its own; bare or dashed digits count only after a label
 * ("NHS number"), and then, sure, win over a phone number in the same digits.
 * Never keeps or logs a value.
 */
#include "detect/detector.h"
#include "detect/idhelp.h"

static const char *const nhs_context[] = {"nhs", "nhs number", "national health service",
                                          "health service number", NULL};

static int nhs_validate(const struct pm_detector_def *self, const char *buf, size_t buflen,
                        size_t at, size_t *np, char *norm)
{
    const char *s = buf + at;
    size_t n = *np;
    if (!pm_id_standalone(buf, buflen, at, n) || pm_id_digits(s, n, norm, 10) != 10 ||
        pm_id_all_same(norm, 10))
        return PM_CONF_NONE;
    if (n == 12 && s[3] != s[7])
        return PM_CONF_NONE;
    int sum = 0;
    for (int i = 0; i < 9; i++)
        sum += (10 - i) * (norm[i] - '0');
    int check = 11 - sum % 11;
    if (check == 11)
        check = 0;
    if (check == 10 || check != norm[9] - '0')
        return PM_CONF_NONE;
    if (n == 12 && s[3] == ' ' && (norm[0] == '4' || norm[0] == '6' || norm[0] == '7'))
        return PM_CONF_MEDIUM;
    /* After its label it is surer than the phone number the same digits
     * may also be (raised to high by that context), so the label wins. */
    return pm_label_before(buf, at, self->context) ? PM_CONF_MEDIUM : PM_CONF_NONE;
}

/* The printed form in the issued ranges; the rest count only after a label
 * (labelled). */
/* Printed 3-3-4 with spaces. */
static int nhs_gate(const struct pm_cluster *c, const char *buf, size_t len)
{
    (void)len;
    static const unsigned groups[] = {3, 3, PM_GROUP_MIN(4)};
    return pm_cluster_has_groups(c, buf, groups, 3, " ");
}

const struct pm_detector_def pm_det_uk_nhs = {
    .id = "uk_nhs",
    .description = "UK NHS numbers (943 476 5919; mod 11; bare or dashed digits only with "
                   "context)",
    .pattern = "(?<![0-9A-Za-z_])(?:[0-9]{3}([ -])[0-9]{3}\\1[0-9]{4}|[0-9]{10})(?![0-9])",
    .max_len = 12,
    .min_digits = 10,
    .validate = nhs_validate,
    .mask = pm_id_mask_tail3,
    .context = nhs_context,
    .cluster_gate = nhs_gate,
    .gate_digits = 10,
    .gate_groups = 3,
    .gate_all = PM_CF_LEN(3) | PM_CF_LEN4UP,
    /* joined by one of its separators, or by ") " */
    .gate_any = PM_CF_JOIN(' ') | PM_CF_JOIN(')'),
    .labelled = 1,
};
