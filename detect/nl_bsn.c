/* nl_bsn.c — Dutch citizen service numbers (BSN): nine digits, or 1234.56.789.
 * Eight digits in a table cell under a BSN header are a BSN with its
 * leading zero dropped, as a spreadsheet drops it from a number cell
 * (python-stdnum pads them too); normalised to nine digits so both forms
 * are one value.
 *
 * The 11-test passes for one number in eleven, so a BSN counts only after a
 * label ("BSN", "burgerservicenummer"), at low confidence before context.
 * Never keeps or logs a value.
 */
#include "detect/detector.h"
#include "detect/idhelp.h"

static const char *const bsn_context[] = {"bsn", "burgerservicenummer", "sofinummer", "sofi",
                                          NULL};

static int bsn_validate(const struct pm_detector_def *self, const char *buf, size_t buflen,
                        size_t at, size_t *np, char *norm)
{
    const char *s = buf + at;
    if (!pm_id_standalone(buf, buflen, at, *np))
        return PM_CONF_NONE;
    size_t nd = pm_id_digits(s, *np, norm + 1, 9);
    if (!pm_id_nine_digits(buf, at, norm + 1, nd, 8, norm))
        return PM_CONF_NONE;
    long sum = 0;
    for (int i = 0; i < 8; i++)
        sum += (9 - i) * (norm[i] - '0');
    sum -= norm[8] - '0';
    if (sum % 11 != 0 || sum == 0)
        return PM_CONF_NONE;
    /* One number in eleven passes: only with a word that says it is a BSN. */
    return pm_label_before(buf, at, self->context) ? PM_CONF_LOW : PM_CONF_NONE;
}

const struct pm_detector_def pm_det_nl_bsn = {
    .id = "nl_bsn",
    .description = "Dutch citizen service numbers (BSN, 9 digits or 8 without the leading "
                   "zero, 11-test; only with context)",
    .pattern = "(?<![0-9A-Za-z_])(?:[0-9]{8,9}|[0-9]{4}\\.[0-9]{2}\\.[0-9]{3})(?![0-9])",
    .max_len = 11,
    .min_digits = 8,
    .labelled = 1, /* every BSN needs a label: no start patterns */
    .validate = bsn_validate,
    .mask = pm_id_mask_tail3,
    .context = bsn_context,
};
