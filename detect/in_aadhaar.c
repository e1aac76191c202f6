/* in_aadhaar.c — Indian Aadhaar numbers: 1234 5678 9012 or twelve bare digits.
 *
 * Verhoeff must hold and the first digit is 2-9. Printed in groups an
 * Aadhaar stands on its own (not a slice of a longer run of groups, such as
 * a card number); twelve bare digits count only after a label ("Aadhaar",
 * "UID"). Never keeps or logs a value.
 */
#include "detect/checksum.h"
#include "detect/detector.h"
#include "detect/idhelp.h"

static const char *const aadhaar_context[] = {"aadhaar", "aadhar", "uidai", "uid", NULL};

static int aadhaar_validate(const struct pm_detector_def *self, const char *buf, size_t buflen,
                            size_t at, size_t *np, char *norm)
{
    const char *s = buf + at;
    size_t n = *np;
    if (!pm_id_standalone(buf, buflen, at, n) || pm_id_digits(s, n, norm, 12) != 12)
        return PM_CONF_NONE;
    if (norm[0] < '2' || !pm_verhoeff_ok(norm, 12))
        return PM_CONF_NONE;
    /* "'5078 5077 5077'": a list of table cells (OIDs), not an Aadhaar. */
    if (pm_groups_repeat(s, n))
        return PM_CONF_NONE;
    return pm_id_weak_if_bare(self, buf, at, n);
}

/* Printed in groups; twelve bare digits count only after a label (labelled). */
static int aadhaar_gate(const struct pm_cluster *c, const char *buf, size_t len)
{
    (void)len;
    static const unsigned groups[] = {4, 4, PM_GROUP_MIN(4)};
    return c->ndigits >= 12 && pm_cluster_has_groups(c, buf, groups, 3, " -");
}

const struct pm_detector_def pm_det_in_aadhaar = {
    .id = "in_aadhaar",
    .description = "Indian Aadhaar numbers (1234 5678 9012; Verhoeff; bare digits only with "
                   "context)",
    .pattern = "(?<![0-9A-Za-z_])(?:[2-9][0-9]{3}([ -])[0-9]{4}\\1[0-9]{4}|[2-9][0-9]{11})(?![0-9])",
    .max_len = 14,
    .min_digits = 12,
    .validate = aadhaar_validate,
    .mask = pm_id_mask_tail3,
    .context = aadhaar_context,
    .cluster_gate = aadhaar_gate,
    .gate_digits = 12,
    .gate_groups = 3,
    .gate_all = PM_CF_LEN(4),
    /* joined by one of its separators, or by ") " */
    .gate_any = PM_CF_JOIN(' ') | PM_CF_JOIN('-') | PM_CF_JOIN(')'),
    .labelled = 1,
};
