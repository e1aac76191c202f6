/* au_tfn.c — Australian tax file numbers (TFN): nine digits, 123 456 782,
 * or the eight of older ones.
 *
 * The weighted sum (1, 4, 3, 7, 5, 8, 6, 9, 10 for nine digits; 10, 7, 8,
 * 4, 6, 3, 5, 1 for eight) is divisible by 11. One number in eleven passes,
 * and the 3-3-3 print is also how Canadian SINs are written, so a TFN
 * counts only after a label ("TFN", "tax file number"), whatever its form.
 * Never keeps or logs a value.
 */
#include "detect/detector.h"
#include "detect/idhelp.h"

static const char *const tfn_context[] = {"tfn", "tax file number", "tax file", NULL};

static int tfn_validate(const struct pm_detector_def *self, const char *buf, size_t buflen,
                        size_t at, size_t *np, char *norm)
{
    static const int w9[] = {1, 4, 3, 7, 5, 8, 6, 9, 10}, w8[] = {10, 7, 8, 4, 6, 3, 5, 1};
    size_t nd = pm_id_digits(buf + at, *np, norm, 9);
    if (!pm_id_standalone(buf, buflen, at, *np) || nd < 8 || nd > 9 || pm_id_all_same(norm, nd))
        return PM_CONF_NONE;
    const int *w = nd == 9 ? w9 : w8;
    int sum = 0;
    for (size_t i = 0; i < nd; i++)
        sum += w[i] * (norm[i] - '0');
    if (sum % 11 != 0)
        return PM_CONF_NONE;
    /* After its label it is surer than the SIN the same digits may also be
     * (raised to high by that context), so the label wins. */
    return pm_label_before(buf, at, self->context) ? PM_CONF_MEDIUM : PM_CONF_NONE;
}

const struct pm_detector_def pm_det_au_tfn = {
    .id = "au_tfn",
    .description = "Australian tax file numbers (TFN, 8 or 9 digits; weighted mod 11; only "
                   "with context)",
    .pattern = "(?<![0-9A-Za-z_])(?:[0-9]{3}([ -])[0-9]{3}\\1[0-9]{2,3}|[0-9]{8,9})(?![0-9])",
    .max_len = 11,
    .min_digits = 8,
    .labelled = 1, /* every TFN needs a label: no start patterns */
    .validate = tfn_validate,
    .mask = pm_id_mask_tail3,
    .context = tfn_context,
};
