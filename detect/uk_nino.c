/* uk_nino.c — UK National Insurance numbers: AB 12 34 56 C, two prefix letters,
 * six digits, a suffix A-D.
 *
 * The prefix rules: D, F, I, Q, U and V are never used, O never
 * second, and BG, GB, NK, KN, TN, NT and ZZ are never allocated. Spaces are
 * optional and dropped from the normalised value. Never keeps or logs a value.
 */
#include <string.h>

#include "detect/detector.h"
#include "detect/idhelp.h"

static int nino_validate(const struct pm_detector_def *self, const char *buf, size_t buflen,
                         size_t at, size_t *np, char *norm)
{
    const char *s = buf + at;
    size_t k = 0;
    (void)self;
    if (!pm_id_standalone(buf, buflen, at, *np))
        return PM_CONF_NONE;
    for (size_t i = 0; i < *np && k < 9; i++)
        if (s[i] != ' ')
            norm[k++] = s[i];
    norm[k] = '\0';
    if (k != 9)
        return PM_CONF_NONE;
    if (strchr("DFIQUV", norm[0]) || strchr("DFIOQUV", norm[1]))
        return PM_CONF_NONE;
    static const char *const bad[] = {"BG", "GB", "NK", "KN", "TN", "NT", "ZZ"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        if (memcmp(norm, bad[i], 2) == 0)
            return PM_CONF_NONE;
    return PM_CONF_MEDIUM;
}

static const char *const nino_context[] = {"national insurance", "nino", "ni number", "ni no",
                                           "nin:", NULL};

static int upper_at(const char *buf, size_t i) { return buf[i] >= 'A' && buf[i] <= 'Z'; }

/* Two capital letters, a space or none, then six digits (in pairs or not):
 * a cluster of at least six digits right after the letters. */
static int nino_gate(const struct pm_cluster *c, const char *buf, size_t len)
{
    (void)len;
    size_t s = c->start;
    if (c->ndigits < 6 || s < 2)
        return 0;
    if (buf[s - 1] == ' ')
        return s >= 3 && upper_at(buf, s - 2) && upper_at(buf, s - 3);
    return upper_at(buf, s - 1) && upper_at(buf, s - 2);
}

const struct pm_detector_def pm_det_uk_nino = {
    .id = "uk_nino",
    .description = "UK National Insurance numbers (AB 12 34 56 C; prefix rules, suffix A-D)",
    .pattern = "(?<![A-Za-z0-9])[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?[0-9]{2} ?[0-9]{2} ?[0-9]{2} ?[A-D](?![A-Za-z0-9])",
    .max_len = 13,
    .validate = nino_validate,
    .mask = pm_id_mask_tail3,
    .context = nino_context,
    .cluster_gate = nino_gate,
    .gate_digits = 6,
    .gate_all = PM_CF_CAP_BEFORE,
};
