/* ca_sin.c — Canadian Social Insurance Numbers: 123-456-782 or nine bare digits.
 *
 * Luhn must hold, a SIN starting with 0 or 8 (never issued) counts only
 * after a label, and the two separators agree.
 * Printed in groups a SIN stands on its own; nine bare digits count only
 * after a label ("SIN", "NAS"), and so do three spaced groups that could be a
 * colour or bytes (each at most 255). Never keeps or logs a value.
 */
#include "detect/checksum.h"
#include "detect/detector.h"
#include "detect/idhelp.h"

static const char *const sin_context[] = {"sin", "social insurance", "nas",
                                          "assurance sociale", NULL};

/* 1 if the three digits at d are at most 255. */
static int byte_group(const char *d)
{
    return (d[0] - '0') * 100 + (d[1] - '0') * 10 + (d[2] - '0') <= 255;
}

static int sin_validate(const struct pm_detector_def *self, const char *buf, size_t buflen,
                        size_t at, size_t *np, char *norm)
{
    const char *s = buf + at;
    size_t n = *np;
    if (!pm_id_standalone(buf, buflen, at, n) || pm_id_digits(s, n, norm, 9) != 9)
        return PM_CONF_NONE;
    if (n == 11 && s[3] != s[7])
        return PM_CONF_NONE;
    if (!pm_luhn_ok(norm, 9))
        return PM_CONF_NONE;
    /* No SIN is issued starting with 0 or 8, but generators and test data
     * make them (python-stdnum checks Luhn alone): after a label one counts,
     * unlabelled it is more likely some other number. */
    if ((norm[0] == '0' || norm[0] == '8') && !pm_label_before(buf, at, self->context))
        return PM_CONF_NONE;
    /* Three groups that are each at most 255 and spaced are how colours and
     * bytes are written ("255 250 250" in rgb.txt), one in a hundred SINs:
     * they need the label. */
    if (n == 11 && s[3] == ' ' && byte_group(norm) && byte_group(norm + 3) &&
        byte_group(norm + 6) && !pm_label_before(buf, at, self->context))
        return PM_CONF_NONE;
    return pm_id_weak_if_bare(self, buf, at, n);
}

/* Printed in groups (never starting with 0 or 8); nine bare digits count
 * only after a label (labelled). */
static int sin_gate(const struct pm_cluster *c, const char *buf, size_t len)
{
    (void)len;
    static const unsigned groups[] = {3, 3, PM_GROUP_MIN(3)};
    return c->ndigits >= 9 && pm_cluster_has_groups(c, buf, groups, 3, " -");
}

const struct pm_detector_def pm_det_ca_sin = {
    .id = "ca_sin",
    .description = "Canadian Social Insurance Numbers (123-456-782; Luhn; bare digits only "
                   "with context)",
    .pattern = "(?<![0-9A-Za-z_])(?:[0-9]{3}([ -])[0-9]{3}\\1[0-9]{3}|[0-9]{9})(?![0-9])",
    .max_len = 11,
    .min_digits = 9,
    .validate = sin_validate,
    .mask = pm_id_mask_tail3,
    .context = sin_context,
    .cluster_gate = sin_gate,
    .gate_digits = 9,
    .gate_groups = 3,
    .gate_all = PM_CF_LEN(3),
    /* joined by one of its separators, or by ") " */
    .gate_any = PM_CF_JOIN(' ') | PM_CF_JOIN('-') | PM_CF_JOIN(')'),
    .labelled = 1,
};
