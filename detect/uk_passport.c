/* uk_passport.c — UK passport numbers: nine digits.
 *
 * There is no check digit in the printed number, so the format says
 * nothing by itself: it counts only after a label ("passport number") with a
 * word near it that says the passport is British ("UK", "British", "GBR",
 * "HM Passport Office"). It comes before us_passport in the table, so such
 * a number is a UK one; a passport label alone leaves it to us_passport.
 * Never keeps or logs a value.
 */
#include "detect/detector.h"
#include "detect/idhelp.h"

/* The first word is the label `piimap locate` gives a value: a UK one. */
static const char *const ukpp_context[] = {"uk passport", "british passport", "passport",
                                           "passport number", NULL};
static const char *const uk_words[] = {"uk", "united kingdom", "british", "gbr",
                                       "great britain", "hm passport office", NULL};

static int ukpp_validate(const struct pm_detector_def *self, const char *buf, size_t buflen,
                         size_t at, size_t *np, char *norm)
{
    if (pm_id_digits(buf + at, *np, norm, 9) != 9 || pm_id_all_same(norm, 9) ||
        !pm_context_near(buf, buflen, at, *np, uk_words))
        return PM_CONF_NONE;
    return pm_id_labelled_as_is(self, buf, buflen, at, *np, norm);
}

const struct pm_detector_def pm_det_uk_passport = {
    .id = "uk_passport",
    .description = "UK passport numbers (9 digits; format only, so only after a passport "
                   "label with a UK word near)",
    .pattern = "(?<![0-9A-Za-z_])[0-9]{9}(?![0-9A-Za-z])",
    .max_len = 9,
    .min_digits = 9,
    .labelled = 1, /* every passport number needs a label: no start patterns */
    .validate = ukpp_validate,
    .mask = pm_id_mask_tail3,
    .context = ukpp_context,
};
