/* us_passport.c — US passport numbers: nine digits, or a letter and eight
 * digits (the next-generation books since 2021).
 *
 * There is no check digit, so the format says nothing by itself: it counts
 * only after a label ("passport", "passport no."). It comes after
 * uk_passport and de_passport in the table: a number those claim (a British
 * word near, a German serial) is theirs. Never keeps or logs a value.
 */
#include "detect/detector.h"
#include "detect/idhelp.h"

static const char *const uspp_context[] = {"passport", "passport number", "us passport",
                                           "u.s. passport", NULL};

static int uspp_validate(const struct pm_detector_def *self, const char *buf, size_t buflen,
                         size_t at, size_t *np, char *norm)
{
    char d[10];
    size_t nd = pm_id_digits(buf + at, *np, d, 9);
    if (nd < 8 || pm_id_all_same(d, nd))
        return PM_CONF_NONE;
    return pm_id_labelled_as_is(self, buf, buflen, at, *np, norm);
}

const struct pm_detector_def pm_det_us_passport = {
    .id = "us_passport",
    .description = "US passport numbers (9 digits, or a letter and 8; format only, so only "
                   "after a passport label)",
    .pattern = "(?<![0-9A-Za-z_])(?:[A-Z][0-9]{8}|[0-9]{9})(?![0-9A-Za-z])",
    .max_len = 9,
    .min_digits = 8,
    .labelled = 1, /* every passport number needs a label: no start patterns */
    .validate = uspp_validate,
    .mask = pm_id_mask_tail3,
    .context = uspp_context,
};
