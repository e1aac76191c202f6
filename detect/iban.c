/* iban.c — International Bank Account Numbers (ISO 13616).
 *
 * Electronic (DE89370400440532013000) or print format in groups of four
 * (DE89 3704 0044 0532 0130 00, or with dashes). The country code fixes the length, so the
 * value ends exactly where its country says, never swallowing the next word
 * ("GB82 WEST 1234 5698 7654 32 and more"); the mod-97 check must give 1.
 */
#include <stdio.h>
#include <string.h>

#include "detect/checksum.h"
#include "detect/detector.h"

struct country {
    char cc[3];
    unsigned char len;
};

/* IBAN registry lengths (SWIFT), plus the countries whose IBANs are in
 * use outside the registry (TR is in it; DZ, IR, MA, ... are not), by code. */
static const struct country countries[] = {
    {"AD", 24}, {"AE", 23}, {"AL", 28}, {"AO", 25}, {"AT", 20}, {"AZ", 28}, {"BA", 20},
    {"BE", 16}, {"BF", 28}, {"BG", 22}, {"BH", 22}, {"BI", 27}, {"BJ", 28}, {"BR", 29},
    {"BY", 28}, {"CH", 21}, {"CI", 28}, {"CM", 27}, {"CR", 22}, {"CV", 25}, {"CY", 28},
    {"CZ", 24}, {"DE", 22}, {"DJ", 27}, {"DK", 18}, {"DO", 28}, {"DZ", 26}, {"EE", 20},
    {"EG", 29}, {"ES", 24}, {"FI", 18}, {"FK", 18}, {"FO", 18}, {"FR", 27}, {"GA", 27},
    {"GB", 22}, {"GE", 22}, {"GI", 23}, {"GL", 18}, {"GR", 27}, {"GT", 28}, {"HR", 21},
    {"HU", 28}, {"IE", 22}, {"IL", 23}, {"IQ", 23}, {"IR", 26}, {"IS", 26}, {"IT", 27},
    {"JO", 30}, {"KW", 30}, {"KZ", 20}, {"LB", 28}, {"LC", 32}, {"LI", 21}, {"LT", 20},
    {"LU", 20}, {"LV", 21}, {"LY", 25}, {"MA", 28}, {"MC", 27}, {"MD", 24}, {"ME", 22},
    {"MG", 27}, {"MK", 19}, {"ML", 28}, {"MN", 20}, {"MR", 27}, {"MT", 31}, {"MU", 30},
    {"MZ", 25}, {"NI", 28}, {"NL", 18}, {"NO", 15}, {"OM", 23}, {"PK", 24}, {"PL", 28},
    {"PS", 29}, {"PT", 25}, {"QA", 29}, {"RO", 24}, {"RS", 22}, {"RU", 33}, {"SA", 24},
    {"SC", 31}, {"SD", 18}, {"SE", 24}, {"SI", 19}, {"SK", 24}, {"SM", 27}, {"SN", 28},
    {"SO", 23}, {"ST", 25}, {"SV", 28}, {"TL", 23}, {"TN", 24}, {"TR", 26}, {"UA", 29},
    {"VA", 22}, {"VG", 24}, {"XK", 20}, {"YE", 30},
};

static int country_len(const char *cc)
{
    for (size_t i = 0; i < sizeof countries / sizeof countries[0]; i++)
        if (cc[0] == countries[i].cc[0] && cc[1] == countries[i].cc[1])
            return countries[i].len;
    return 0;
}

static char upper(char c) { return (c >= 'a' && c <= 'z') ? (char)(c - 'a' + 'A') : c; }

static int iban_validate(const struct pm_detector_def *self, const char *buf, size_t buflen,
                         size_t at, size_t *np, char *norm)
{
    (void)self;
    const unsigned char *b = (const unsigned char *)buf;
    const char *s = buf + at;
    size_t n = *np, k = 0, i = 0;
    char cc[2] = {upper(s[0]), upper(s[1])};
    int want = country_len(cc);
    if (!want)
        return 0;
    /* Take exactly `want` characters; groups may be separated by single
     * spaces or dashes, one kind per IBAN. Letters are all upper or all lower
     * case. */
    char sep = 0;
    int lower = s[0] >= 'a';
    for (i = 0; i < n && k < (size_t)want; i++) {
        if (s[i] == ' ' || s[i] == '-') {
            if (sep && s[i] != sep)
                return 0;
            sep = s[i];
            continue;
        }
        if ((s[i] >= 'a' && s[i] <= 'z' && !lower) || (s[i] >= 'A' && s[i] <= 'Z' && lower))
            return 0;
        norm[k++] = upper(s[i]);
    }
    if (k < (size_t)want)
        return 0;
    norm[k] = '\0';
    size_t end = at + i;
    /* It must end at a word boundary: the next byte is not alphanumeric. */
    if (end < buflen && (pm_is_word(b[end])))
        return 0;
    if (at > 0 && pm_is_word(b[at - 1]))
        return 0;
    /* With separators, every group but the last has four characters. */
    if (sep) {
        size_t run = 0;
        for (size_t j = 0; j < i; j++) {
            if (s[j] == sep) {
                if (run != 4)
                    return 0;
                run = 0;
            } else {
                run++;
            }
        }
        if (run > 4)
            return 0;
    } else if (lower) {
        /* Lower-case and unseparated is how hex ids look ("be49ee10a38a99f3"),
         * not how anyone writes an IBAN. */
        return 0;
    }
    if (!pm_iban_ok(norm, k))
        return 0;
    *np = i;
    return PM_CONF_HIGH;
}

/* "DE89 **** 3000": country, check digits and the last four characters. */
static void iban_mask(const struct pm_detector_def *self, const char *norm, char *out)
{
    (void)self;
    size_t n = strlen(norm);
    snprintf(out, PM_MASK_MAX, "%.4s **** %s", norm, norm + n - 4);
}

const struct pm_detector_def pm_det_iban = {
    .id = "iban",
    .description = "IBANs for every registry country: length by country code, mod-97 check, "
                   "electronic or print format (groups of four)",
    .pattern = "(?<![0-9A-Za-z_])[A-Za-z]{2}[0-9]{2}(?:[ -]?[A-Za-z0-9]{4}){2,7}(?:[ -]?[A-Za-z0-9]{1,4})?",
    .max_len = 42,
    .validate = iban_validate,
    .mask = iban_mask,
};
