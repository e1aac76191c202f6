/* us_ssn.c — US Social Security numbers written ddd-dd-dddd, ddd dd dddd or
 * ddd.dd.dddd.
 *
 * Nine bare digits count only next to a word such as "SSN" (low confidence
 * before that context raises it); so do eight or seven in a table cell
 * under such a header, as an SSN whose leading zeros a spreadsheet's number
 * cell dropped (012-34-5678 stored as 12345678, 001-23-4567 as 1234567: the
 * areas 001-009 were issued, in New Hampshire), normalised back to nine
 * digits. The SSA never issues area 000, 666 or 900-999, group 00 or serial
 * 0000: rejected. Famous samples (078-05-1120 from a wallet insert, 219-09-9999
 * from an SSA pamphlet, 123-45-6789) are found and flagged as known test
 * numbers (detect/testvalue.c), so the data map counts them apart. The two
 * separators must agree, and the number must stand alone: not inside a word,
 * a longer dash-separated code or a number.
 */
#include <stdio.h>
#include <string.h>

#include "detect/detector.h"
#include "detect/idhelp.h"

static int ssn_validate(const struct pm_detector_def *self, const char *buf, size_t buflen,
                        size_t at, size_t *np, char *norm)
{
    const unsigned char *b = (const unsigned char *)buf;
    const char *s = buf + at;
    size_t n = *np;
    int bare = n >= 7 && n <= 9;
    if (!bare && (n != 11 || s[3] != s[6]))
        return 0;
    /* Nine bare digits are an SSN only where a word says so; eight or
     * seven only in a table cell under such a header (pm_id_nine_digits). */
    if (bare && !pm_label_before(buf, at, self->context))
        return 0;
    size_t end = at + n;
    if (at > 0 && (pm_is_word(b[at - 1]) || b[at - 1] == '+'))
        return 0;
    if (at > 1 && (b[at - 1] == '-' || b[at - 1] == '.' || b[at - 1] == '/') &&
        pm_is_digit(b[at - 2]))
        return 0;
    if (end < buflen && pm_is_word(b[end]))
        return 0;
    if (end + 1 < buflen && (b[end] == '-' || b[end] == '.' || b[end] == '/' || b[end] == ':') &&
        pm_is_digit(b[end + 1]))
        return 0;
    /* "0 640 79 1818 1824": groups apart by spaces in a row of numbers. */
    if (!bare && s[3] == ' ' &&
        ((at > 1 && b[at - 1] == ' ' && pm_is_digit(b[at - 2])) ||
         (end + 1 < buflen && b[end] == ' ' && pm_is_digit(b[end + 1]))))
        return 0;
    char d[10];
    if (bare) {
        if (!pm_id_nine_digits(buf, at, s, n, 7, d))
            return 0;
    } else {
        memcpy(d, s, 3);
        memcpy(d + 3, s + 4, 2);
        memcpy(d + 5, s + 7, 4);
        d[9] = '\0';
    }
    if (memcmp(d, "000", 3) == 0 || memcmp(d, "666", 3) == 0 || d[0] == '9' ||
        memcmp(d + 3, "00", 2) == 0 || memcmp(d + 5, "0000", 4) == 0)
        return 0;
    memcpy(norm, d, 10);
    return bare ? PM_CONF_LOW : PM_CONF_MEDIUM;
}

static const char *const ssn_context[] = {"ssn", "social security", "soc sec", "soc. sec",
                                          "ss#", "ss no", "ssa", "taxpayer", NULL};

/* "***-**-6789" */
static void ssn_mask(const struct pm_detector_def *self, const char *norm, char *out)
{
    (void)self;
    snprintf(out, PM_MASK_MAX, "***-**-%s", norm + 5);
}

/* Printed in groups (the area is never 9xx); nine bare digits count only
 * after a label (labelled). */
static int ssn_gate(const struct pm_cluster *c, const char *buf, size_t len)
{
    (void)len;
    static const unsigned groups[] = {3, 2, PM_GROUP_MIN(4)};
    return c->ndigits >= 9 && pm_cluster_has_groups(c, buf, groups, 3, "- .");
}

const struct pm_detector_def pm_det_us_ssn = {
    .id = "us_ssn",
    .description = "US Social Security numbers (ddd-dd-dddd, ddd dd dddd, ddd.dd.dddd; SSA rules: no area "
                   "000/666/9xx, group 00, serial 0000; known samples flagged as test values)",
    .pattern = "(?<![0-9A-Za-z_])(?:[0-9]{3}([- .])[0-9]{2}\\1[0-9]{4}|[0-9]{7,9})(?![0-9])",
    .max_len = 11,
    .min_digits = 7,
    .validate = ssn_validate,
    .mask = ssn_mask,
    .context = ssn_context,
    .cluster_gate = ssn_gate,
    .gate_digits = 9,
    .gate_groups = 3,
    .gate_all = PM_CF_LEN(2) | PM_CF_LEN(3) | PM_CF_LEN4UP,
    /* joined by one of its separators, or by ") " */
    .gate_any = PM_CF_JOIN('-') | PM_CF_JOIN(' ') | PM_CF_JOIN('.') | PM_CF_JOIN(')'),
    .labelled = 1,
};
