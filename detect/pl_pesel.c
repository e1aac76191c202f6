/* pl_pesel.c — Polish PESEL numbers: eleven digits YYMMDDZZZXQ.
 *
 * The month carries the century (1800s +80, 1900s +0, 2000s +20, 2100s +40,
 * 2200s +60) and the date must exist; the last digit is the check digit of
 * weights 1-3-7-9 repeated: (10 - sum mod 10) mod 10. Eleven bare digits
 * with a date inside are also timestamps and order numbers, so a PESEL
 * counts only after a label ("PESEL"). Never keeps or logs a value.
 */
#include "detect/detector.h"
#include "detect/idhelp.h"

static const char *const pesel_context[] = {"pesel", "numer pesel", NULL};

static int pesel_validate(const struct pm_detector_def *self, const char *buf, size_t buflen,
                          size_t at, size_t *np, char *norm)
{
    static const int weight[] = {1, 3, 7, 9, 1, 3, 7, 9, 1, 3};
    if (!pm_id_standalone(buf, buflen, at, *np) || pm_id_digits(buf + at, *np, norm, 11) != 11 ||
        pm_id_all_same(norm, 11))
        return PM_CONF_NONE;
    int sum = 0;
    for (int i = 0; i < 10; i++)
        sum += weight[i] * (norm[i] - '0');
    if ((10 - sum % 10) % 10 != norm[10] - '0')
        return PM_CONF_NONE;
    int yy = pm_id_2digits(norm), mm = pm_id_2digits(norm + 2), dd = pm_id_2digits(norm + 4);
    static const int century[] = {1900, 2000, 2100, 2200, 1800}; /* by (mm / 20) */
    int year = century[mm / 20] + yy;
    if (!pm_id_date_ok(year, mm % 20, dd))
        return PM_CONF_NONE;
    return pm_label_before(buf, at, self->context) ? PM_CONF_LOW : PM_CONF_NONE;
}

const struct pm_detector_def pm_det_pl_pesel = {
    .id = "pl_pesel",
    .description = "Polish PESEL numbers (11 digits; birth date with the century in the "
                   "month, weights 1-3-7-9; only with context)",
    .pattern = "(?<![0-9A-Za-z_])[0-9]{11}(?![0-9])",
    .max_len = 11,
    .min_digits = 11,
    .labelled = 1, /* every PESEL needs a label: no start patterns */
    .validate = pesel_validate,
    .mask = pm_id_mask_tail3,
    .context = pesel_context,
};
