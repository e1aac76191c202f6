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
 * use outside the registry (TR is in it; DZ, IR, MA, ... are not), by code.
 * One list feeds the table and the start pattern below. */
#define IBAN_COUNTRIES(X) \
    X("AD", 24) X("AE", 23) X("AL", 28) X("AO", 25) X("AT", 20) X("AZ", 28) \
    X("BA", 20) X("BE", 16) X("BF", 28) X("BG", 22) X("BH", 22) X("BI", 27) \
    X("BJ", 28) X("BR", 29) X("BY", 28) X("CH", 21) X("CI", 28) X("CM", 27) \
    X("CR", 22) X("CV", 25) X("CY", 28) X("CZ", 24) X("DE", 22) X("DJ", 27) \
    X("DK", 18) X("DO", 28) X("DZ", 26) X("EE", 20) X("EG", 29) X("ES", 24) \
    X("FI", 18) X("FK", 18) X("FO", 18) X("FR", 27) X("GA", 27) X("GB", 22) \
    X("GE", 22) X("GI", 23) X("GL", 18) X("GR", 27) X("GT", 28) X("HR", 21) \
    X("HU", 28) X("IE", 22) X("IL", 23) X("IQ", 23) X("IR", 26) X("IS", 26) \
    X("IT", 27) X("JO", 30) X("KW", 30) X("KZ", 20) X("LB", 28) X("LC", 32) \
    X("LI", 21) X("LT", 20) X("LU", 20) X("LV", 21) X("LY", 25) X("MA", 28) \
    X("MC", 27) X("MD", 24) X("ME", 22) X("MG", 27) X("MK", 19) X("ML", 28) \
    X("MN", 20) X("MR", 27) X("MT", 31) X("MU", 30) X("MZ", 25) X("NI", 28) \
    X("NL", 18) X("NO", 15) X("OM", 23) X("PK", 24) X("PL", 28) X("PS", 29) \
    X("PT", 25) X("QA", 29) X("RO", 24) X("RS", 22) X("RU", 33) X("SA", 24) \
    X("SC", 31) X("SD", 18) X("SE", 24) X("SI", 19) X("SK", 24) X("SM", 27) \
    X("SN", 28) X("SO", 23) X("ST", 25) X("SV", 28) X("TL", 23) X("TN", 24) \
    X("TR", 26) X("UA", 29) X("VA", 22) X("VG", 24) X("XK", 20) X("YE", 30)

#define COUNTRY_ROW(cc, n) {cc, n},
static const struct country countries[] = {IBAN_COUNTRIES(COUNTRY_ROW)};

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

/* Not after a word byte: a country of the table (either case), then the
 * check digits, which start a cluster of digits (a letter is before them). */
static int iban_gate(const struct pm_cluster *c, const char *buf, size_t len)
{
    (void)len;
    size_t s = c->start;
    if (c->glen[0] < 2 || !pm_cluster_lead(buf, s))
        return 0;
    char cc[2] = {upper(buf[s - 2]), upper(buf[s - 1])};
    return country_len(cc) != 0;
}

const struct pm_detector_def pm_det_iban = {
    .id = "iban",
    .description = "IBANs for every registry country: length by country code, mod-97 check, "
                   "electronic or print format (groups of four)",
    .pattern = "(?<![0-9A-Za-z_])[A-Za-z]{2}[0-9]{2}(?:[ -]?[A-Za-z0-9]{4}){2,7}(?:[ -]?[A-Za-z0-9]{1,4})?",
    .max_len = 42,
    .validate = iban_validate,
    .mask = iban_mask,
    .cluster_gate = iban_gate,
    .gate_digits = 2,
    .gate_lead = 1,
};
