/* phone.c — formatted telephone numbers.
 *
 * Only numbers written as phone numbers count, because a bare run of digits is
 * as likely an id or an amount:
 *  - North American (NANP): (NPA) NXX-XXXX, NPA-NXX-XXXX, NPA.NXX.XXXX,
 *    NPA NXX XXXX, optionally after 1 or +1; area code and exchange start with
 *    2-9 and the two separators agree;
 *  - international: a '+' (or "(+NN)") and an assigned ITU country calling
 *    code, then groups of digits, 8 to 15 digits in all (E.164), an optional
 *    "(0)"; no trunk 0 right after the code (but Italy's);
 *  - an extension glued on (x123, ext.123) does not hide a number;
 *  - ten bare digits (4155552671) count only next to a word such as "phone"
 *    or "tel", at low confidence before that context raises it.
 * Neither may touch letters or digits, so dates, times, IPv4 addresses,
 * version strings, ZIP+4 codes and card numbers do not match.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "detect/detector.h"

/* ITU-T E.164 assigned country calling codes (the set is prefix-free). */
static const unsigned short country_codes[] = {
    1,   7,   20,  27,  30,  31,  32,  33,  34,  36,  39,  40,  41,  43,  44,  45,  46,
    47,  48,  49,  51,  52,  53,  54,  55,  56,  57,  58,  60,  61,  62,  63,  64,  65,
    66,  81,  82,  84,  86,  90,  91,  92,  93,  94,  95,  98,  211, 212, 213, 216, 218,
    220, 221, 222, 223, 224, 225, 226, 227, 228, 229, 230, 231, 232, 233, 234, 235, 236,
    237, 238, 239, 240, 241, 242, 243, 244, 245, 246, 247, 248, 249, 250, 251, 252, 253,
    254, 255, 256, 257, 258, 260, 261, 262, 263, 264, 265, 266, 267, 268, 269, 290, 291,
    297, 298, 299, 350, 351, 352, 353, 354, 355, 356, 357, 358, 359, 370, 371, 372, 373,
    374, 375, 376, 377, 378, 379, 380, 381, 382, 383, 385, 386, 387, 389, 420, 421, 423,
    500, 501, 502, 503, 504, 505, 506, 507, 508, 509, 590, 591, 592, 593, 594, 595, 596,
    597, 598, 599, 670, 672, 673, 674, 675, 676, 677, 678, 679, 680, 681, 682, 683, 685,
    686, 687, 688, 689, 690, 691, 692, 850, 852, 853, 855, 856, 880, 886, 960, 961, 962,
    963, 964, 965, 966, 967, 968, 970, 971, 972, 973, 974, 975, 976, 977, 992, 993, 994,
    995, 996, 998,
};

/* Length of the country code at the start of d, or 0 if none is assigned. */
static size_t country_code_len(const char *d, size_t n)
{
    unsigned v = 0;
    for (size_t len = 1; len <= 3 && len <= n; len++) {
        v = v * 10 + (unsigned)(d[len - 1] - '0');
        for (size_t i = 0; i < sizeof country_codes / sizeof country_codes[0]; i++)
            if (country_codes[i] == v)
                return len;
    }
    return 0;
}

static int nanp_ok(const char *d)
{
    return d[0] >= '2' && d[3] >= '2' && !(d[1] == '1' && d[2] == '1') &&
           !(d[4] == '1' && d[5] == '1');
}

/* 1 if text at p starts an extension glued to a number: x123, ext123, ext.123 */
static int extension_at(const unsigned char *p, size_t avail)
{
    size_t i = 0;
    if (avail >= 1 && (p[0] == 'x' || p[0] == 'X'))
        i = 1;
    else if (avail >= 3 && strncasecmp((const char *)p, "ext", 3) == 0)
        i = avail > 3 && p[3] == '.' ? 4 : 3;
    return i > 0 && i < avail && pm_is_digit(p[i]);
}

static int phone_check(const char *buf, size_t buflen, size_t at, size_t n, char *norm)
{
    const unsigned char *b = (const unsigned char *)buf;
    const char *s = buf + at;
    char d[32];
    size_t nd = 0;
    int plus = s[0] == '+' || (s[0] == '(' && n > 1 && s[1] == '+');
    char seps[8];
    size_t nseps = 0;
    int paren = 0;

    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (pm_is_digit(c)) {
            if (nd >= sizeof d - 1)
                return 0;
            d[nd++] = (char)c;
        } else if (c == '(' || c == ')') {
            paren = 1;
        } else if ((c == ' ' || c == '-' || c == '.') && nseps < sizeof seps) {
            seps[nseps++] = (char)c;
        }
    }
    d[nd] = '\0';
    /* Not glued to a word, a number or a decimal/dash continuation. */
    size_t end = at + n;
    if (at > 0 && (pm_is_word(b[at - 1]) || b[at - 1] == '+'))
        return 0;
    /* "+0 727 206 3726": the rest of a malformed international number. */
    if (!plus && at > 2 && b[at - 1] == ' ' && pm_is_digit(b[at - 2])) {
        size_t k = at - 2;
        while (k > 0 && at - 2 - k < 3 && pm_is_digit(b[k - 1]))
            k--;
        if (k > 0 && b[k - 1] == '+')
            return 0;
    }
    if (at > 1 && (b[at - 1] == '.' || b[at - 1] == '-') && pm_is_digit(b[at - 2]))
        return 0;
    if (end < buflen && pm_is_word(b[end]) && !extension_at(b + end, buflen - end))
        return 0;
    if (end + 1 < buflen && (b[end] == '.' || b[end] == '-' || b[end] == '/') &&
        pm_is_digit(b[end + 1]))
        return 0;

    if (!plus) {
        /* NANP: 10 digits, or 11 with a leading 1. */
        const char *p = d;
        if (nd == 11 && d[0] == '1')
            p = d + 1;
        else if (nd != 10)
            return 0;
        if (!nanp_ok(p))
            return 0;
        /* Separators agree (the ones after the area code and the exchange),
         * unless the area code is in parentheses. */
        if (!paren && nseps >= 2 && seps[nseps - 1] != seps[nseps - 2])
            return 0;
        if (!paren && nseps < 2)
            return 0;
        snprintf(norm, PM_NORM_MAX, "+1%s", p);
        return 1;
    }
    /* International: drop a "(0)" trunk prefix written after the code. */
    const char *z = memchr(s, '(', n);
    if (z && z + 2 < s + n && z[1] == '0' && z[2] == ')') {
        size_t zi = 0;
        for (const char *q = s; q < z; q++)
            zi += pm_is_digit((unsigned char)*q);
        memmove(d + zi, d + zi + 1, nd - zi);
        nd--;
    }
    /* The country code is the first digit group when that group is short
     * ("+49 30 ..."), else a prefix of the run ("+4930..."). */
    size_t first = 0;
    for (const char *q = memchr(s, '+', n) + 1; q < s + n && pm_is_digit((unsigned char)*q); q++)
        first++;
    size_t cc = country_code_len(d, nd);
    if (!cc || (first <= 3 && cc != first) || nd < 8 || nd > 15)
        return 0;
    /* A national trunk 0 after the code is a misprint (Italy keeps its 0). */
    if (d[cc] == '0' && !(cc == 2 && d[0] == '3' && d[1] == '9'))
        return 0;
    if (cc == 1 && d[0] == '1' && (nd != 11 || !nanp_ok(d + 1)))
        return 0;
    snprintf(norm, PM_NORM_MAX, "+%s", d);
    return 1;
}

/* A bare run of ten digits, or the area code apart from seven digits
 * ("425 8829090"), is a phone number only next to a word that says so
 * ("tel 4155552671"), and then only at low confidence before context. */
static int bare_nanp(const struct pm_detector_def *self, const char *buf, size_t buflen,
                     size_t at, size_t n, char *norm)
{
    const unsigned char *b = (const unsigned char *)buf;
    char d[11];
    size_t k = 0;
    for (size_t i = 0; i < n && k < 10; i++)
        if (pm_is_digit(b[at + i]))
            d[k++] = (char)b[at + i];
    d[k] = '\0';
    if (k != 10 || (n != 10 && n != 11) || !nanp_ok(d))
        return PM_CONF_NONE;
    if (at > 0 && (pm_is_word(b[at - 1]) || b[at - 1] == '+' || b[at - 1] == '.' ||
                   b[at - 1] == '-'))
        return PM_CONF_NONE;
    if (at + n < buflen && (pm_is_word(b[at + n]) || b[at + n] == '.' || b[at + n] == '-'))
        return PM_CONF_NONE;
    if (!pm_label_before(buf, at, self->context))
        return PM_CONF_NONE;
    snprintf(norm, PM_NORM_MAX, "+1%s", d);
    return PM_CONF_LOW;
}

static int phone_validate(const struct pm_detector_def *self, const char *buf, size_t buflen,
                          size_t at, size_t *np, char *norm)
{
    size_t n = *np;
    size_t digits = 0;
    for (size_t i = 0; i < n; i++)
        digits += pm_is_digit((unsigned char)buf[at + i]);
    if (digits == n || (digits == 10 && n == 11 && !pm_is_digit((unsigned char)buf[at + 3])))
        return bare_nanp(self, buf, buflen, at, n, norm);
    if (phone_check(buf, buflen, at, n, norm))
        return PM_CONF_MEDIUM;
    /* An international number's groups run on into what follows it
     * ("+1-848-555-0172 500 508ms"): drop trailing groups until it holds. */
    if (buf[at] != '+' && !(buf[at] == '(' && n > 1 && buf[at + 1] == '+'))
        return 0;
    while (n > 0) {
        size_t k = n;
        while (k > 0 && pm_is_digit((unsigned char)buf[at + k - 1]))
            k--;
        while (k > 0 && !pm_is_digit((unsigned char)buf[at + k - 1]))
            k--;
        if (k == 0 || k == n)
            return 0;
        n = k;
        if (phone_check(buf, buflen, at, n, norm)) {
            *np = n;
            return PM_CONF_MEDIUM;
        }
    }
    return PM_CONF_NONE;
}

static const char *const phone_context[] = {
    "phone", "tel", "mobile", "cell", "fax", "call", "ph.", "ph:", "mob", "contact", "sms",
    "whatsapp", "dial", "téléphone", "telephone", "telefon", "teléfono", "telefono", "handy",
    "portable", "móvil", "movil", "cellulare", "gsm", NULL};

/* "+1 ***-***-4567" / "+44 *** 0958": country code and last four digits. */
static void phone_mask(const struct pm_detector_def *self, const char *norm, char *out)
{
    (void)self;
    size_t n = strlen(norm);
    const char *digits = norm + 1;
    size_t cc = country_code_len(digits, n - 1);
    const char *last4 = norm + n - 4;
    if (cc == 1 && digits[0] == '1')
        snprintf(out, PM_MASK_MAX, "+1 ***-***-%s", last4);
    else
        snprintf(out, PM_MASK_MAX, "+%.*s *** %s", (int)cc, digits, last4);
}

/* International (a '+' and a country code's first digit) or North American
 * with separators or parentheses; bare digits count only after a label
 * (labelled). */
static const char *const phone_starts[] = {"(?:^|[^0-9A-Za-z_+])\\(?\\+[1-9]", NULL};

/* North American: 3-3-4 digits joined by " .-", the area code perhaps in
 * parentheses ("(555) 123-4567") or glued to the country code 1
 * ("1415-555-2671"). */
static int phone_gate(const struct pm_cluster *c, const char *buf, size_t len)
{
    (void)len;
    static const unsigned nanp[] = {3, 3, 0}, glued[] = {4, 3, 0};
    return c->ndigits >= 10 && (pm_cluster_has_groups(c, buf, nanp, 3, " .-)") ||
                                pm_cluster_has_groups(c, buf, glued, 3, " .-"));
}

const struct pm_detector_def pm_det_phone = {
    .id = "phone",
    .description = "Formatted phone numbers: North American with separators or "
                   "parentheses, international with a +country code (E.164 length)",
    .pattern = "(?<![0-9A-Za-z_+])(?:"
               /* international */
               "(?:\\(\\+[1-9][0-9]{0,2}\\)|\\+[1-9][0-9]{0,2})(?:[ .-]?\\(0\\))?"
               "(?:[ .-]?(?:\\([0-9]{1,4}\\)|[0-9]{1,6})){1,7}"
               "|"
               /* North American */
               "(?:1[ .-]?)?(?:\\([2-9][0-9]{2}\\)[ .-]?|[2-9][0-9]{2}[ .-])[2-9][0-9]{2}[ .-][0-9]{4}"
               "|"
               /* bare ten digits, or 3 + 7: only with context, see bare_nanp */
               "[2-9][0-9]{2}[ .-]?[2-9][0-9]{6}"
               ")(?![0-9])",
    .max_len = 64,
    .min_digits = 8,
    .validate = phone_validate,
    .mask = phone_mask,
    .context = phone_context,
    .starts = phone_starts,
    .cluster_gate = phone_gate,
    .gate_digits = 10,
    .gate_groups = 3,
    .labelled = 1,
};
