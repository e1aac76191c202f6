/* credit_card.c — payment card numbers: issuer table, Luhn, print formats.
 *
 * A candidate is 13–19 digits, either contiguous or printed in the groups
 * issuers use (4-4-4-4[-3], 4-4-4-1..3, Amex 4-6-5, Diners 4-6-4) with one
 * consistent separator (space or dash). It must not touch letters, digits or
 * a decimal point (so Luhn-valid junk inside GUIDs, hex digests, floats and
 * longer digit runs is never a card). Accepted numbers match an issuer prefix and length
 * and pass Luhn.
 */
#include <string.h>

#include "detect/checksum.h"
#include "detect/detector.h"
#include "detect/idhelp.h"

/* One issuer range: numbers whose first `plen` digits lie in [lo, hi]. */
struct iin_range {
    unsigned lo, hi;
    unsigned char plen;
    unsigned char minlen, maxlen;
    const char *brand;
};

static const struct iin_range iin_table[] = {
    {4, 4, 1, 13, 13, "visa"}, /* Visa issues 13, 16 and 19 digits only: a */
    {4, 4, 1, 16, 16, "visa"}, /* 15-digit IMEI starting with 49 is not one */
    {4, 4, 1, 19, 19, "visa"},
    {51, 55, 2, 16, 16, "mastercard"},
    {2221, 2720, 4, 16, 16, "mastercard"},
    {34, 34, 2, 15, 15, "amex"},
    {37, 37, 2, 15, 15, "amex"},
    {6011, 6011, 4, 16, 19, "discover"},
    {644, 649, 3, 16, 19, "discover"},
    {65, 65, 2, 16, 19, "discover"},
    {622126, 622925, 6, 16, 19, "discover"},
    {3528, 3589, 4, 16, 19, "jcb"},
    {2131, 2131, 4, 15, 15, "jcb"}, /* JCB's 15-digit ranges, still generated */
    {1800, 1800, 4, 15, 15, "jcb"},
    {300, 305, 3, 14, 19, "diners"},
    {3095, 3095, 4, 14, 19, "diners"},
    {36, 36, 2, 14, 19, "diners"},
    {38, 39, 2, 14, 19, "diners"},
    {62, 62, 2, 16, 19, "unionpay"},
    {2200, 2204, 4, 16, 19, "mir"},
    {5018, 5018, 4, 12, 19, "maestro"},
    {5019, 5019, 4, 16, 16, "dankort"},
    {5020, 5020, 4, 12, 19, "maestro"},
    {5038, 5038, 4, 12, 19, "maestro"},
    {5893, 5893, 4, 12, 19, "maestro"},
    {6304, 6304, 4, 12, 19, "maestro"},
    {6759, 6759, 4, 12, 19, "maestro"},
    {6761, 6763, 4, 12, 19, "maestro"},
};

static const char *issuer(const char *d, size_t n)
{
    for (size_t i = 0; i < sizeof iin_table / sizeof iin_table[0]; i++) {
        const struct iin_range *r = &iin_table[i];
        if (n < r->minlen || n > r->maxlen || n < r->plen)
            continue;
        unsigned p = 0;
        for (unsigned k = 0; k < r->plen; k++)
            p = p * 10 + (unsigned)(d[k] - '0');
        if (p >= r->lo && p <= r->hi)
            return r->brand;
    }
    return NULL;
}

/* Checks the group layout of a printed number: lens[] are the digit counts
 * of its groups. */
static int layout_ok(const size_t *lens, size_t ng, size_t total)
{
    if (ng == 1)
        return 1;
    if (ng == 3 && lens[0] == 4 && lens[1] == 6 && (lens[2] == 5 || lens[2] == 4))
        return 1; /* Amex 4-6-5, Diners 4-6-4 */
    if (ng < 4 || ng > 5 || total < 13)
        return 0;
    for (size_t i = 0; i + 1 < ng; i++)
        if (lens[i] != 4)
            return 0;
    return lens[ng - 1] >= 1 && lens[ng - 1] <= 4;
}

/* The longest number of a row read after a grouped card (a CVV, a count). */
#define ROW_NUM_MAX 12

/* 1 if the 14 digits d read as a time stamp YYYYMMDDhhmmss of 1900-2099. */
static int timestamp14(const char *d)
{
    int v[6];
    for (int i = 0; i < 6; i++)
        v[i] = (d[2 + 2 * i] - '0') * 10 + (d[3 + 2 * i] - '0');
    int century = (d[0] - '0') * 10 + (d[1] - '0');
    return (century == 19 || century == 20) && pm_id_date_ok(century * 100 + v[0], v[1], v[2]) &&
           v[3] < 24 && v[4] < 60 && v[5] < 61;
}

/* Checks buf[at .. at+n) as one card number; writes its digits to norm.
 * Returns 1 for a card of a known issuer, 2 for a number a card's shape
 * and Luhn check would allow but no issuer's range holds, 0 otherwise. */
static int cc_check(const char *buf, size_t buflen, size_t at, size_t n, char *norm)
{
    const unsigned char *s = (const unsigned char *)buf + at;
    size_t nd = 0, ng = 1, lens[8] = {0};
    char sep = 0;

    for (size_t i = 0; i < n; i++) {
        if (pm_is_digit(s[i])) {
            if (nd >= 19)
                return 0;
            norm[nd++] = (char)s[i];
            lens[ng - 1]++;
        } else {
            if (sep && s[i] != sep)
                return 0;
            sep = (char)s[i];
            if (++ng > 8)
                return 0;
        }
    }
    norm[nd] = '\0';
    if (nd < 13 || !layout_ok(lens, ng, nd))
        return 0;
    /* Boundaries: no word byte on either side, and not part of a decimal
     * number (a comma is a CSV field separator, so only '.' counts). */
    const unsigned char *b = (const unsigned char *)buf;
    size_t end = at + n;
    if (at > 0 && (pm_is_word(b[at - 1]) || b[at - 1] == '+')) /* +49... is a phone */
        return 0;
    if (at > 1 && b[at - 1] == '.' && pm_is_digit(b[at - 2]))
        return 0;
    if (end < buflen && pm_is_word(b[end]))
        return 0;
    if (end + 1 < buflen && b[end] == '.' && pm_is_digit(b[end + 1]))
        return 0;
    /* Groups are a card only on their own: "4146 4804 4913 4244 4800" is a
     * list of numbers (compiler warning ids, table columns). So a grouped
     * number may not follow a number that stands alone before it ("1881"
     * ending "4012-8888-8888-1881" does not stand alone), nor be followed by
     * a fifth group of four that is not a year ("... 1111 2024" is an
     * expiry). */
    if (sep && at > 1 && b[at - 1] == (unsigned char)sep && pm_is_digit(b[at - 2])) {
        /* At most 40 digits back, within the window's look-behind: a
         * longer number stands alone however a window edge cuts it. */
        size_t k = at - 2, lo = at - 2 > 40 ? at - 2 - 40 : 0;
        while (k > lo && pm_is_digit(b[k - 1]))
            k--;
        if (k == 0 || pm_is_digit(b[k - 1]) ||
            (b[k - 1] != '-' && b[k - 1] != '.' && b[k - 1] != '/'))
            return 0;
    }
    if (sep && end + 4 < buflen && b[end] == (unsigned char)sep && pm_is_digit(b[end + 1]) &&
        pm_is_digit(b[end + 2]) && pm_is_digit(b[end + 3]) && pm_is_digit(b[end + 4]) &&
        (end + 5 == buflen || !pm_is_word(b[end + 5])) &&
        !((b[end + 1] == '1' && b[end + 2] == '9') || (b[end + 1] == '2' && b[end + 2] == '0')))
        return 0;
    /* Nor a cell of a table: a hexadecimal cell beside it ("542F 5430 5431
     * 5432 5433", "5417 20BBF": code points), or two more numbers after it
     * ("4537 4537 4537 4392 0 4270": a catalogue row; a CVV and an expiry
     * date are one number and a date). */
    if (sep && pm_hex_neighbour(buf, buflen, at, n))
        return 0;
    if (sep && end + 1 < buflen && b[end] == (unsigned char)sep && pm_is_digit(b[end + 1])) {
        /* Each number read at most ROW_NUM_MAX digits: the reads stay
         * within PM_NEAR_AFTER bytes past the match, which every window
         * holds (a longer number is not cut differently by its edge). */
        size_t hi = end + 1 + ROW_NUM_MAX < buflen ? end + 1 + ROW_NUM_MAX : buflen;
        size_t k = end + 1;
        while (k < hi && pm_is_digit(b[k]))
            k++;
        size_t j = k + 1;
        hi = k + 1 + ROW_NUM_MAX < buflen ? k + 1 + ROW_NUM_MAX : buflen;
        while (j < hi && pm_is_digit(b[j]))
            j++;
        if (j > k + 1 && b[k] == (unsigned char)sep && (j == buflen || b[j] != '/'))
            return 0;
    }
    /* A bare run inside a path or an identifier is an id, not a card:
     * "testcase-detail/5390364397928448", "fuzzer-5390364397928448". */
    if (!sep && at > 0 &&
        (b[at - 1] == '/' || b[at - 1] == '\\' ||
         ((b[at - 1] == '-' || b[at - 1] == '.') && at > 1 && pm_is_word(b[at - 2]))))
        return 0;
    if (!sep && end < buflen && (b[end] == '/' || b[end] == '\\'))
        return 0;
    /* A minus sign before a bare run makes it a negative number
     * ("-4907260782000000000," in a table of constants). */
    if (!sep && at > 0 && b[at - 1] == '-' && (at == 1 || !pm_is_word(b[at - 2])))
        return 0;
    /* A run of one repeated digit is a placeholder, not a card. */
    size_t same = 1;
    for (size_t i = 1; i < nd; i++)
        same += norm[i] == norm[0];
    if (same == nd)
        return 0;
    if (!pm_luhn_ok(norm, nd))
        return 0;
    if (issuer(norm, nd))
        return 1;
    /* A time stamp ("20181024134508", YYYYMMDDhhmmss) is no card. */
    if (nd == 14 && timestamp14(norm))
        return 0;
    /* An unknown range, led by an issuer's digit (2-6: the one-pass
     * engine's gate looks at no other bare run). */
    return norm[0] >= '2' && norm[0] <= '6' ? 2 : 0;
}

/* A number printed in groups is plainly a card; a bare digit run is one
 * only as likely as its Luhn digit says, until context says more. */
static int cc_confidence(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!pm_is_digit((unsigned char)s[i]))
            return PM_CONF_HIGH;
    return PM_CONF_MEDIUM;
}

/* Digits within five values, not a published test card (see cc_validate). */
static int narrow(const char *norm)
{
    return pm_digits_narrow(norm, strlen(norm)) && !pm_test_value("credit_card", norm);
}

static int cc_validate(const struct pm_detector_def *self, const char *buf, size_t buflen,
                       size_t at, size_t *np, char *norm)
{
    int r = cc_check(buf, buflen, at, *np, norm);
    /* Digits 1-5 alone ("# 4111251125234" after a character of a stroke
     * table) are a code, not a card, unless a card label stands before it
     * ("card":"5546763357753634": one real card in about ten thousand has
     * digits within five values); the published test cards (4111 1111
     * 1111 1111) stay, flagged as test values. */
    if (r && narrow(norm) && !pm_label_before(buf, at, self->context))
        r = 0;
    if (r == 1)
        return cc_confidence(buf + at, *np);
    /* Luhn holds but no issuer's range has it (JCB's unassigned 35xx that
     * generators use, a new range): a card only after a card label. */
    if (r == 2)
        return pm_label_before(buf, at, self->context) ? PM_CONF_MEDIUM : PM_CONF_NONE;
    /* The pattern takes a fifth space-separated group when one follows
     * ("4111 1111 1111 1111 09/27"); the card may be the first four groups
     * alone. Dash-joined groups are one token and stay whole. */
    const char *s = buf + at;
    size_t n = *np, groups = 1, last = 0;
    for (size_t i = 0; i < n; i++)
        if (!pm_is_digit((unsigned char)s[i])) {
            groups++;
            last = i;
        }
    if (groups == 5 && s[last] == ' ' && cc_check(buf, buflen, at, last, norm) == 1 && !narrow(norm)) {
        *np = last;
        return PM_CONF_HIGH;
    }
    return PM_CONF_NONE;
}

static const char *const cc_context[] = {
    "card", "credit", "debit", "visa", "mastercard", "amex", "american express", "discover",
    "jcb", "diners", "maestro", "unionpay", "pan", "cc", "ccn", "cvv", "cvc", "exp",
    "expiry", "expiration",
    "payment", "tarjeta", "karte", "carte", "carta", "cartão", "kaart", NULL};

/* "4111 **** **** 1111", "3782 ****** *0005": the first four and the last
 * four digits kept, grouped as the issuer prints the number. */
static void cc_mask(const struct pm_detector_def *self, const char *norm, char *out)
{
    (void)self;
    size_t n = strlen(norm), o = 0;
    /* Group ends: Amex 4-6-5 and Diners 4-6-4; 4-4-4-... otherwise. */
    int sixgroup = n == 14 || n == 15;
    for (size_t i = 0; i < n && o + 2 < PM_MASK_MAX; i++) {
        int brk = sixgroup ? (i == 4 || i == 10) : (i > 0 && i % 4 == 0);
        if (brk)
            out[o++] = ' ';
        out[o++] = (i < 4 || i + 4 >= n) ? norm[i] : '*';
    }
    out[o] = '\0';
}

/* Where a card the validator accepts starts: a run of 13 or more digits
 * led by an issuer's first digit (2-6, or JCB's 15-digit 1800), or the first groups of a printed
 * number (4-4-4-..., Amex and Diners 4-6-...), joined by spaces or dashes. */
static int cc_gate(const struct pm_cluster *c, const char *buf, size_t len)
{
    (void)len;
    static const unsigned printed[] = {4, PM_GROUP_MIN(4), PM_GROUP_MIN(4)};
    if (c->ndigits < 13)
        return 0;
    if (!pm_cluster_whole(c))
        return 1;
    for (unsigned i = 0; i < c->ngroups; i++) {
        const char *g = buf + c->start + c->gat[i];
        if (c->glen[i] >= 13 && ((g[0] >= '2' && g[0] <= '6') ||
                                 (c->glen[i] == 15 && memcmp(g, "1800", 4) == 0)))
            return 1;
    }
    return pm_cluster_has_groups(c, buf, printed, 3, " -");
}

const struct pm_detector_def pm_det_credit_card = {
    .id = "credit_card",
    .description = "Payment card numbers (Visa, Mastercard, Amex, Discover, JCB, Diners, "
                   "UnionPay, Maestro) with issuer prefix, length and Luhn check",
    .pattern = "(?<![0-9])(?:[0-9]{12,19}"
               "|[0-9]{4}([ -])[0-9]{4}\\1[0-9]{4}\\1[0-9]{1,4}(?:\\1[0-9]{1,4})?"
               "|[0-9]{4}([ -])[0-9]{6}\\2[0-9]{4,5})(?![0-9])",
    .max_len = 32,
    .min_digits = 13,
    .validate = cc_validate,
    .mask = cc_mask,
    .context = cc_context,
    .cluster_gate = cc_gate,
    .gate_digits = 13,
    .gate_any = PM_CF_LEN(4) | PM_CF_LEN13,
};
