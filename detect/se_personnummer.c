/* se_personnummer.c — Swedish personal identity numbers (personnummer) and
 * coordination numbers (samordningsnummer).
 *
 * YYMMDD-NNNN, YYMMDD+NNNN (the '+' for people 100 or older), YYYYMMDD-NNNN,
 * YYYYMMDDNNNN or YYMMDDNNNN. The date must exist (a coordination number
 * adds 60 to the day) and Luhn must hold over the ten digits YYMMDDNNNN,
 * which are the normalised form however it was written. Only YYMMDD-NNNN and
 * YYMMDD+NNNN stand on their own: twelve digits with a dash are also build
 * numbers (20231015-0042), and bare digits order numbers, so those count
 * only after a label ("personnummer"). Never keeps or logs a value.
 */
#include <string.h>

#include "detect/checksum.h"
#include "detect/detector.h"
#include "detect/idhelp.h"

static const char *const pnr_context[] = {"personnummer", "personnr", "pnr", "samordningsnummer",
                                          "personal identity number", NULL};

static int pnr_validate(const struct pm_detector_def *self, const char *buf, size_t buflen,
                        size_t at, size_t *np, char *norm)
{
    const char *s = buf + at;
    size_t n = *np;
    char d[13];
    size_t nd = pm_id_digits(s, n, d, 12);
    if (!pm_id_standalone(buf, buflen, at, n) || (nd != 10 && nd != 12))
        return PM_CONF_NONE;
    const char *ten = d + (nd - 10);
    int plus = memchr(s, '+', n) != NULL;
    int yy = pm_id_2digits(ten), mm = pm_id_2digits(ten + 2), dd = pm_id_2digits(ten + 4);
    if (dd > 60)
        dd -= 60; /* a coordination number */
    int dated;
    if (nd == 12)
        dated = pm_id_date_ok(pm_id_2digits(d) * 100 + yy, mm, dd);
    else if (plus)
        dated = pm_id_date_ok(1800 + yy, mm, dd) || pm_id_date_ok(1900 + yy, mm, dd);
    else
        dated = pm_id_date_ok(1900 + yy, mm, dd) || pm_id_date_ok(2000 + yy, mm, dd);
    if (!dated || pm_id_all_same(ten, 10) || !pm_luhn_ok(ten, 10))
        return PM_CONF_NONE;
    memcpy(norm, ten, 10);
    norm[10] = '\0';
    if (nd == 10 && n == 11)
        return PM_CONF_MEDIUM; /* YYMMDD-NNNN, YYMMDD+NNNN */
    return pm_label_before(buf, at, self->context) ? PM_CONF_LOW : PM_CONF_NONE;
}

/* YYMMDD-NNNN and YYMMDD+NNNN; the other forms count only after a label
 * (labelled). */
/* YYMMDD-NNNN, or YYMMDD+NNNN for the hundred-year-olds. */
static int pnr_gate(const struct pm_cluster *c, const char *buf, size_t len)
{
    (void)len;
    static const unsigned groups[] = {6, PM_GROUP_MIN(4)};
    return pm_cluster_has_groups(c, buf, groups, 2, "-+");
}

const struct pm_detector_def pm_det_se_personnummer = {
    .id = "se_personnummer",
    .description = "Swedish personal identity and coordination numbers (YYMMDD-NNNN; a real "
                   "date, Luhn; other forms only with context)",
    .pattern = "(?<![0-9A-Za-z_])(?:[0-9]{6}[-+][0-9]{4}|(?:18|19|20)[0-9]{6}-?[0-9]{4}|"
               "[0-9]{10})(?![0-9])",
    .max_len = 13,
    .min_digits = 10,
    .validate = pnr_validate,
    .mask = pm_id_mask_tail3,
    .context = pnr_context,
    .cluster_gate = pnr_gate,
    .gate_digits = 10,
    .gate_groups = 2,
    .gate_all = PM_CF_LEN(6),
    /* joined by one of its separators, or by ") " */
    .gate_any = PM_CF_JOIN('-') | PM_CF_JOIN('+') | PM_CF_JOIN(')'),
    .labelled = 1,
};
