/* us_itin.c — US Individual Taxpayer Identification Numbers (ITIN):
 * 9XX-7X-XXXX, written like an SSN.
 *
 * The first digit is 9 and the middle group is 70-88, 90-92 or 94-99 (the
 * IRS ranges); there is no check digit. Printed with dashes or spaces it
 * stands on its own (SSNs never start with 9, so the two never meet); nine
 * bare digits count only after a label ("ITIN"). Never keeps or logs a
 * value.
 */
#include "detect/detector.h"
#include "detect/idhelp.h"

static const char *const itin_context[] = {"itin", "individual taxpayer",
                                           "taxpayer identification", NULL};

static int itin_validate(const struct pm_detector_def *self, const char *buf, size_t buflen,
                         size_t at, size_t *np, char *norm)
{
    const char *s = buf + at;
    size_t n = *np;
    if (!pm_id_standalone(buf, buflen, at, n) || pm_id_digits(s, n, norm, 9) != 9 ||
        norm[0] != '9')
        return PM_CONF_NONE;
    if (n == 11 && s[3] != s[6])
        return PM_CONF_NONE;
    int group = pm_id_2digits(norm + 3);
    if (!((group >= 70 && group <= 88) || (group >= 90 && group <= 92) || group >= 94))
        return PM_CONF_NONE;
    return pm_id_weak_if_bare(self, buf, at, n);
}

/* Printed in groups in the IRS ranges; nine bare digits count only after a
 * label (labelled). */
/* Printed 9xx-7x-xxxx with dashes or spaces. */
static int itin_gate(const struct pm_cluster *c, const char *buf, size_t len)
{
    (void)len;
    static const unsigned groups[] = {3, 2, PM_GROUP_MIN(4)};
    return pm_cluster_has_groups(c, buf, groups, 3, "- ");
}

const struct pm_detector_def pm_det_us_itin = {
    .id = "us_itin",
    .description = "US Individual Taxpayer Identification Numbers (9XX-70..99-XXXX in the IRS "
                   "ranges; bare digits only with context)",
    .pattern = "(?<![0-9A-Za-z_])(?:9[0-9]{2}([- ])[0-9]{2}\\1[0-9]{4}|9[0-9]{8})(?![0-9])",
    .max_len = 11,
    .min_digits = 9,
    .validate = itin_validate,
    .mask = pm_id_mask_tail3,
    .context = itin_context,
    .cluster_gate = itin_gate,
    .gate_digits = 9,
    .gate_groups = 3,
    .gate_all = PM_CF_LEN(2) | PM_CF_LEN(3) | PM_CF_LEN4UP,
    /* joined by one of its separators, or by ") " */
    .gate_any = PM_CF_JOIN('-') | PM_CF_JOIN(' ') | PM_CF_JOIN(')'),
    .labelled = 1,
};
