/* br_cpf.c — Brazilian CPF numbers: 000.000.000-00 or eleven bare digits.
 *
 * Two mod-11 check digits: over the first nine digits with weights 10..2,
 * then over the first ten with weights 11..2; (sum * 10 mod 11) mod 10 each.
 * All-same digits (111.111.111-11) pass the check but are never issued.
 * Printed with its dots and dash a CPF stands on its own; eleven bare digits
 * count only after a label ("CPF"). Never keeps or logs a value.
 */
#include "detect/detector.h"
#include "detect/idhelp.h"

/* "CPF/MF" (of the Ministério da Fazenda) is how forms print it. */
static const char *const cpf_context[] = {"cpf", "cpf/mf", "cadastro de pessoas", NULL};

static int cpf_check(const char *d, int n)
{
    int sum = 0;
    for (int i = 0; i < n; i++)
        sum += (n + 1 - i) * (d[i] - '0');
    return sum * 10 % 11 % 10;
}

static int cpf_validate(const struct pm_detector_def *self, const char *buf, size_t buflen,
                        size_t at, size_t *np, char *norm)
{
    size_t n = *np;
    if (!pm_id_standalone(buf, buflen, at, n) || pm_id_digits(buf + at, n, norm, 11) != 11 ||
        pm_id_all_same(norm, 11))
        return PM_CONF_NONE;
    if (cpf_check(norm, 9) != norm[9] - '0' || cpf_check(norm, 10) != norm[10] - '0')
        return PM_CONF_NONE;
    return pm_id_weak_if_bare(self, buf, at, n);
}

/* Printed 000.000.000-00; bare digits count only after a label (labelled). */
/* Printed 000.000.000-00. */
static int cpf_gate(const struct pm_cluster *c, const char *buf, size_t len)
{
    (void)len;
    static const unsigned groups[] = {3, 3, 3, PM_GROUP_MIN(2)};
    return pm_cluster_has_groups(c, buf, groups, 4, ".-");
}

const struct pm_detector_def pm_det_br_cpf = {
    .id = "br_cpf",
    .description = "Brazilian CPF numbers (000.000.000-00; two mod-11 check digits; bare "
                   "digits only with context)",
    .pattern = "(?<![0-9A-Za-z_.])(?:[0-9]{3}\\.[0-9]{3}\\.[0-9]{3}-[0-9]{2}|[0-9]{11})(?![0-9])",
    .max_len = 14,
    .min_digits = 11,
    .validate = cpf_validate,
    .mask = pm_id_mask_tail3,
    .context = cpf_context,
    .cluster_gate = cpf_gate,
    .gate_digits = 11,
    .gate_groups = 4,
    .gate_all = PM_CF_LEN(3),
    /* joined by one of its separators, or by ") " */
    .gate_any = PM_CF_JOIN('.') | PM_CF_JOIN('-') | PM_CF_JOIN(')'),
    .labelled = 1,
};
