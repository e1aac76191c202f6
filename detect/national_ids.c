/* national_ids.c — national identifiers with their check algorithms.
 *
 * One family of small detectors, kept in one file because they share their
 * shape (a fixed layout, a checksum, context words) and their helpers:
 *   uk_nino        UK National Insurance number (prefix rules, suffix A-D)
 *   ca_sin         Canadian Social Insurance Number (Luhn)
 *   fr_nir         French social security number (NIR, key = 97 - n mod 97)
 *   es_dni         Spanish DNI and NIE (mod-23 letter)
 *   nl_bsn         Dutch citizen service number (11-test)
 *   in_aadhaar     Indian Aadhaar (Verhoeff)
 *   de_tax_id      German tax identification number (ISO 7064 mod 11,10)
 *   it_fiscal_code Italian codice fiscale (odd/even check letter)
 * Formats that are only a bare digit run (BSN, a bare SIN, Aadhaar or tax
 * id) count only next to one of their context words.
 */
#include <stdio.h>
#include <string.h>

#include "detect/checksum.h"
#include "detect/detector.h"

/* Copies the digits of s[0..n) to out (at most max); returns how many. */
static size_t digits_of(const char *s, size_t n, char *out, size_t max)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (pm_is_digit((unsigned char)s[i])) {
            if (k == max)
                return max + 1;
            out[k++] = s[i];
        }
    out[k] = '\0';
    return k;
}

static int all_digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!pm_is_digit((unsigned char)s[i]))
            return 0;
    return 1;
}

/* Not glued to letters, digits, or a decimal/dashed continuation; a value
 * printed in groups is not a slice of a longer run of digit groups (the
 * first twelve digits of "4532 1234 5678 9012" are no Aadhaar). */
static int standalone(const char *buf, size_t buflen, size_t at, size_t n)
{
    const unsigned char *b = (const unsigned char *)buf;
    size_t end = at + n;
    if (memchr(buf + at, ' ', n) || memchr(buf + at, '-', n)) {
        if (at > 1 && (b[at - 1] == ' ' || b[at - 1] == '-') && pm_is_digit(b[at - 2]))
            return 0;
        if (end + 1 < buflen && (b[end] == ' ' || b[end] == '-') && pm_is_digit(b[end + 1]))
            return 0;
    }
    if (at > 0 && (pm_is_word(b[at - 1]) || b[at - 1] == '+'))
        return 0;
    if (at > 1 && (b[at - 1] == '.' || b[at - 1] == '-' || b[at - 1] == '/') &&
        pm_is_digit(b[at - 2]))
        return 0;
    if (end < buflen && pm_is_word(b[end]))
        return 0;
    if (end + 1 < buflen && (b[end] == '.' || b[end] == '-' || b[end] == '/') &&
        pm_is_word(b[end + 1]))
        return 0;
    return 1;
}

/* A value printed in groups stands on its own (medium); a bare digit run
 * counts only after a label word (low, raised by that context). */
static int weak_if_bare(const struct pm_detector_def *self, const char *buf, size_t at, size_t n)
{
    if (!all_digits(buf + at, n))
        return PM_CONF_MEDIUM;
    return pm_label_before(buf, at, self->context) ? PM_CONF_LOW : PM_CONF_NONE;
}

/* "*** *** 123": all but the last three characters hidden. */
static void mask_tail3(const struct pm_detector_def *self, const char *norm, char *out)
{
    size_t n = strlen(norm), o = 0;
    (void)self;
    for (size_t i = 0; i < n && o + 1 < PM_MASK_MAX; i++)
        out[o++] = i + 3 >= n ? norm[i] : '*';
    out[o] = '\0';
}

/* ---- uk_nino ------------------------------------------------------------- */

static int nino_validate(const struct pm_detector_def *self, const char *buf, size_t buflen,
                         size_t at, size_t *np, char *norm)
{
    const char *s = buf + at;
    size_t k = 0;
    (void)self;
    if (!standalone(buf, buflen, at, *np))
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

const struct pm_detector_def pm_det_uk_nino = {
    .id = "uk_nino",
    .description = "UK National Insurance numbers (AB 12 34 56 C; prefix rules, suffix A-D)",
    .pattern = "(?<![A-Za-z0-9])[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?[0-9]{2} ?[0-9]{2} ?[0-9]{2} ?[A-D](?![A-Za-z0-9])",
    .max_len = 13,
    .validate = nino_validate,
    .mask = mask_tail3,
    .context = nino_context,
};

/* ---- ca_sin ---------------------------------------------------------------- */

static const char *const sin_context[] = {"sin", "social insurance", "nas",
                                          "assurance sociale", NULL};

static int sin_validate(const struct pm_detector_def *self, const char *buf, size_t buflen,
                        size_t at, size_t *np, char *norm)
{
    const char *s = buf + at;
    size_t n = *np;
    if (!standalone(buf, buflen, at, n) || digits_of(s, n, norm, 9) != 9)
        return PM_CONF_NONE;
    if (n == 11 && s[3] != s[7])
        return PM_CONF_NONE;
    if (norm[0] == '0' || norm[0] == '8' || !pm_luhn_ok(norm, 9))
        return PM_CONF_NONE;
    return weak_if_bare(self, buf, at, n);
}

const struct pm_detector_def pm_det_ca_sin = {
    .id = "ca_sin",
    .description = "Canadian Social Insurance Numbers (123-456-782; Luhn; bare digits only "
                   "with context)",
    .pattern = "(?<![0-9A-Za-z_])(?:[0-9]{3}([ -])[0-9]{3}\\1[0-9]{3}|[0-9]{9})(?![0-9])",
    .max_len = 11,
    .min_digits = 9,
    .validate = sin_validate,
    .mask = mask_tail3,
    .context = sin_context,
};

/* ---- fr_nir ---------------------------------------------------------------- */

static int nir_validate(const struct pm_detector_def *self, const char *buf, size_t buflen,
                        size_t at, size_t *np, char *norm)
{
    const char *s = buf + at;
    size_t k = 0;
    (void)self;
    if (!standalone(buf, buflen, at, *np))
        return PM_CONF_NONE;
    for (size_t i = 0; i < *np && k < 15; i++)
        if (s[i] != ' ')
            norm[k++] = (s[i] >= 'a' && s[i] <= 'z') ? (char)(s[i] - 32) : s[i];
    norm[k] = '\0';
    if (k != 15)
        return PM_CONF_NONE;
    int month = (norm[3] - '0') * 10 + (norm[4] - '0');
    if (!(month >= 1 && month <= 12) && !(month >= 20 && month <= 42) && month < 50)
        return PM_CONF_NONE;
    /* Corsica: 2A and 2B count as 19 and 18 in the key, i.e. the letter is
     * read as 0 and one or two million are taken off the number. */
    char num[13];
    unsigned millions = 0;
    memcpy(num, norm, sizeof num);
    if (num[6] == 'A' || num[6] == 'B') {
        millions = num[6] == 'A' ? 1 : 2;
        num[6] = '0';
    }
    for (size_t i = 0; i < sizeof num; i++)
        if (!pm_is_digit((unsigned char)num[i]))
            return PM_CONF_NONE;
    if (!pm_is_digit((unsigned char)norm[13]) || !pm_is_digit((unsigned char)norm[14]))
        return PM_CONF_NONE;
    /* The number is at least 10^8 (a month is not 00), so taking millions off
     * never goes below zero; 10^6 = 27 (mod 97). */
    unsigned rem = ((unsigned)pm_mod97(num, sizeof num, 0) + 97 - 27 * millions) % 97;
    unsigned key = (unsigned)((norm[13] - '0') * 10 + (norm[14] - '0'));
    return 97 - rem == key ? PM_CONF_MEDIUM : PM_CONF_NONE;
}

static const char *const nir_context[] = {"sécurité sociale", "securite sociale", "nir",
                                          "insee", "sécu", "secu", "social security", NULL};

const struct pm_detector_def pm_det_fr_nir = {
    .id = "fr_nir",
    .description = "French social security numbers (NIR, 15 characters; key 97 - n mod 97, "
                   "Corsica 2A/2B)",
    .pattern = "(?<![0-9A-Za-z])[12] ?[0-9]{2} ?[0-9]{2} ?(?:[0-9]{2}|2[ABab]) ?[0-9]{3} ?"
               "[0-9]{3} ?[0-9]{2}(?![0-9A-Za-z])",
    .max_len = 21,
    .validate = nir_validate,
    .mask = mask_tail3,
    .context = nir_context,
};

/* ---- es_dni ---------------------------------------------------------------- */

static int dni_validate(const struct pm_detector_def *self, const char *buf, size_t buflen,
                        size_t at, size_t *np, char *norm)
{
    static const char letters[] = "TRWAGMYFPDXBNJZSQVHLCKE";
    const char *s = buf + at;
    size_t k = 0;
    (void)self;
    if (!standalone(buf, buflen, at, *np))
        return PM_CONF_NONE;
    for (size_t i = 0; i < *np && k < 9; i++)
        if (s[i] != '-' && s[i] != ' ')
            norm[k++] = s[i];
    norm[k] = '\0';
    if (k != 9)
        return PM_CONF_NONE;
    unsigned long v = 0;
    for (size_t i = 0; i < 8; i++) {
        char c = norm[i];
        unsigned d = i == 0 && c >= 'X' && c <= 'Z' ? (unsigned)(c - 'X') : (unsigned)(c - '0');
        if (d > 9)
            return PM_CONF_NONE;
        v = v * 10 + d;
    }
    return letters[v % 23] == norm[8] ? PM_CONF_MEDIUM : PM_CONF_NONE;
}

static const char *const dni_context[] = {"dni", "nie", "nif", "documento", "identidad", NULL};

const struct pm_detector_def pm_det_es_dni = {
    .id = "es_dni",
    .description = "Spanish DNI and NIE numbers (12345678Z, X1234567L; mod-23 letter)",
    .pattern = "(?<![0-9A-Za-z])(?:[0-9]{8}|[XYZ][0-9]{7})[- ]?[A-HJ-NP-TV-Z](?![0-9A-Za-z])",
    .max_len = 10,
    .validate = dni_validate,
    .mask = mask_tail3,
    .context = dni_context,
};

/* ---- nl_bsn ---------------------------------------------------------------- */

static const char *const bsn_context[] = {"bsn", "burgerservicenummer", "sofinummer", "sofi",
                                          NULL};

static int bsn_validate(const struct pm_detector_def *self, const char *buf, size_t buflen,
                        size_t at, size_t *np, char *norm)
{
    const char *s = buf + at;
    if (!standalone(buf, buflen, at, *np) || digits_of(s, *np, norm, 9) != 9)
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
    .description = "Dutch citizen service numbers (BSN, 9 digits, 11-test; only with context)",
    .pattern = "(?<![0-9A-Za-z_])(?:[0-9]{9}|[0-9]{4}\\.[0-9]{2}\\.[0-9]{3})(?![0-9])",
    .max_len = 11,
    .min_digits = 9,
    .validate = bsn_validate,
    .mask = mask_tail3,
    .context = bsn_context,
};

/* ---- in_aadhaar ------------------------------------------------------------- */

static const char *const aadhaar_context[] = {"aadhaar", "aadhar", "uidai", "uid", NULL};

static int aadhaar_validate(const struct pm_detector_def *self, const char *buf, size_t buflen,
                            size_t at, size_t *np, char *norm)
{
    const char *s = buf + at;
    size_t n = *np;
    if (!standalone(buf, buflen, at, n) || digits_of(s, n, norm, 12) != 12)
        return PM_CONF_NONE;
    if (norm[0] < '2' || !pm_verhoeff_ok(norm, 12))
        return PM_CONF_NONE;
    return weak_if_bare(self, buf, at, n);
}

const struct pm_detector_def pm_det_in_aadhaar = {
    .id = "in_aadhaar",
    .description = "Indian Aadhaar numbers (1234 5678 9012; Verhoeff; bare digits only with "
                   "context)",
    .pattern = "(?<![0-9A-Za-z_])(?:[2-9][0-9]{3}([ -])[0-9]{4}\\1[0-9]{4}|[2-9][0-9]{11})(?![0-9])",
    .max_len = 14,
    .min_digits = 12,
    .validate = aadhaar_validate,
    .mask = mask_tail3,
    .context = aadhaar_context,
};

/* ---- de_tax_id ----------------------------------------------------------- */

static const char *const taxid_context[] = {"steuer", "idnr", "identifikationsnummer",
                                            "tax id", "tin", NULL};

static int taxid_validate(const struct pm_detector_def *self, const char *buf, size_t buflen,
                          size_t at, size_t *np, char *norm)
{
    const char *s = buf + at;
    size_t n = *np;
    if (!standalone(buf, buflen, at, n) || digits_of(s, n, norm, 11) != 11 || norm[0] == '0')
        return PM_CONF_NONE;
    /* In the first ten digits one digit occurs two or three times, and
     * nine or eight different digits occur. */
    int count[10] = {0}, twice = 0, thrice = 0, missing = 0;
    for (int i = 0; i < 10; i++)
        count[norm[i] - '0']++;
    for (int d = 0; d < 10; d++) {
        twice += count[d] == 2;
        thrice += count[d] == 3;
        missing += count[d] == 0;
        if (count[d] > 3)
            return PM_CONF_NONE;
    }
    if (!((twice == 1 && thrice == 0 && missing == 1) || (thrice == 1 && twice == 0 && missing == 2)))
        return PM_CONF_NONE;
    /* ISO 7064 MOD 11,10 */
    int product = 10;
    for (int i = 0; i < 10; i++) {
        int sum = (norm[i] - '0' + product) % 10;
        if (sum == 0)
            sum = 10;
        product = (sum * 2) % 11;
    }
    int check = 11 - product;
    if (check == 10)
        check = 0;
    if (check != norm[10] - '0')
        return PM_CONF_NONE;
    return weak_if_bare(self, buf, at, n);
}

const struct pm_detector_def pm_det_de_tax_id = {
    .id = "de_tax_id",
    .description = "German tax identification numbers (Steuer-IdNr, 11 digits; ISO 7064 "
                   "mod 11,10; bare digits only with context)",
    .pattern = "(?<![0-9A-Za-z_])(?:[1-9][0-9] [0-9]{3} [0-9]{3} [0-9]{3}|[1-9][0-9]{10})(?![0-9])",
    .max_len = 14,
    .min_digits = 11,
    .validate = taxid_validate,
    .mask = mask_tail3,
    .context = taxid_context,
};

/* ---- it_fiscal_code -------------------------------------------------------- */

static int cf_validate(const struct pm_detector_def *self, const char *buf, size_t buflen,
                       size_t at, size_t *np, char *norm)
{
    /* Values of characters in odd (1st, 3rd, ...) positions, digits then letters. */
    static const unsigned char odd[36] = {1,  0,  5,  7,  9,  13, 15, 17, 19, 21, 1,  0,
                                          5,  7,  9,  13, 15, 17, 19, 21, 2,  4,  18, 20,
                                          11, 3,  6,  8,  12, 14, 16, 10, 22, 25, 24, 23};
    const char *s = buf + at;
    (void)self;
    if (*np != 16 || !standalone(buf, buflen, at, 16))
        return PM_CONF_NONE;
    unsigned sum = 0;
    for (int i = 0; i < 15; i++) {
        char c = s[i];
        unsigned idx = pm_is_digit((unsigned char)c) ? (unsigned)(c - '0') : (unsigned)(c - 'A' + 10);
        if (idx >= 36)
            return PM_CONF_NONE;
        /* Even positions (2nd, 4th, ...) count at face value: 0-9, A=0 .. Z=25. */
        sum += (i % 2 == 0) ? odd[idx] : (idx < 10 ? idx : idx - 10);
    }
    if ((char)('A' + sum % 26) != s[15])
        return PM_CONF_NONE;
    memcpy(norm, s, 16);
    norm[16] = '\0';
    return PM_CONF_MEDIUM;
}

static const char *const cf_context[] = {"codice fiscale", "cod. fisc", "c.f.", "cf:",
                                         "fiscal code", "tax code", NULL};

const struct pm_detector_def pm_det_it_fiscal_code = {
    .id = "it_fiscal_code",
    .description = "Italian fiscal codes (codice fiscale, 16 characters; check letter)",
    /* Digits may be replaced by LMNPQRSTUV when two codes would collide. */
    .pattern = "(?<![0-9A-Za-z])[A-Z]{6}[0-9LMNPQRSTUV]{2}[ABCDEHLMPRST][0-9LMNPQRSTUV]{2}"
               "[A-Z][0-9LMNPQRSTUV]{3}[A-Z](?![0-9A-Za-z])",
    .max_len = 16,
    .validate = cf_validate,
    .mask = mask_tail3,
    .context = cf_context,
};
