/* de_passport.c — German passport numbers (Reisepass, Seriennummer): nine
 * characters, the first C, F, G, H, J or K, the rest digits and the
 * letters C F G H J K L M N P R T V W X Y Z (no vowels, no look-alikes).
 *
 * The printed number has no check digit (the machine-readable zone adds
 * one), so it counts only after a label ("Reisepass", "Passnummer",
 * "Pass-Nr.", "passport number") and must hold a digit (a word in capitals
 * is not one). Never keeps or logs a value.
 */
#include "detect/detector.h"
#include "detect/idhelp.h"

static const char *const depp_context[] = {"reisepass", "reisepassnummer", "passnummer", "pass",
                                           "passport", "passport number", NULL};

static int depp_validate(const struct pm_detector_def *self, const char *buf, size_t buflen,
                         size_t at, size_t *np, char *norm)
{
    char d[10];
    if (*np != 9 || pm_id_digits(buf + at, 9, d, 9) == 0)
        return PM_CONF_NONE;
    return pm_id_labelled_as_is(self, buf, buflen, at, *np, norm);
}

const struct pm_detector_def pm_det_de_passport = {
    .id = "de_passport",
    .description = "German passport numbers (C01X00T47; format only, so only after a label "
                   "such as Reisepass or Passnummer)",
    .pattern = "(?<![0-9A-Za-z_])[CFGHJK][0-9CFGHJKLMNPRTVWXYZ]{8}(?![0-9A-Za-z])",
    .max_len = 9,
    .labelled = 1, /* every passport number needs a label: no start patterns */
    .validate = depp_validate,
    .mask = pm_id_mask_tail3,
    .context = depp_context,
};
