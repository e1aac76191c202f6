/* idhelp.c — helpers shared by the national-id detectors (see idhelp.h):
 * digit extraction, "stands alone" boundaries (not in a dotted name, not a
 * cell of a row of hexadecimal cells), "grouped stands alone, bare needs a
 * label", digit-histogram and repeated-group tests, and the last-three mask.
 *
 * They only read the window and write into the caller's buffers: never keep,
 * copy elsewhere or log a value.
 */
#include <string.h>

#include "detect/idhelp.h"

size_t pm_id_digits(const char *s, size_t n, char *out, size_t max)
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

int pm_id_nine_digits(const char *buf, size_t at, const char *digits, size_t nd, size_t min,
                      char *out)
{
    if (nd != 9 && (nd < min || nd > 9 || !pm_cell_value(buf, at)))
        return 0;
    memmove(out + 9 - nd, digits, nd); /* digits may be out + 1 */
    memset(out, '0', 9 - nd);          /* the zeros a number cell dropped */
    out[9] = '\0';
    return 1;
}

static int all_digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!pm_is_digit((unsigned char)s[i]))
            return 0;
    return 1;
}

static int is_hex(unsigned char c)
{
    return pm_is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* 1 if b[s .. e) is a hexadecimal cell: three or more hex digits, a
 * decimal digit and a letter among them. */
static int hex_cell(const unsigned char *b, size_t s, size_t e)
{
    int dig = 0, let = 0;
    if (e - s < 3)
        return 0;
    for (size_t i = s; i < e; i++) {
        if (!is_hex(b[i]))
            return 0;
        dig |= pm_is_digit(b[i]);
        let |= !pm_is_digit(b[i]);
    }
    return dig && let;
}

static int cell_sep(unsigned char c)
{
    return c == ' ' || c == ',' || c == ';' || c == '-' || c == '\t';
}

/* The longest cell read beside a value: a code point, an OID's arc, a MAC
 * prefix. A longer word is no cell; the bound also keeps the reads within
 * what a window holds around a match (PM_NEAR_BEFORE before it,
 * PM_NEAR_AFTER after it), so a window's edge cutting a long word changes
 * nothing. */
#define HEX_CELL_MAX 16

int pm_hex_neighbour(const char *buf, size_t buflen, size_t at, size_t n)
{
    const unsigned char *b = (const unsigned char *)buf;
    size_t end = at + n;
    if (at > 1 && cell_sep(b[at - 1]) && pm_is_word(b[at - 2])) {
        size_t k = at - 1, lo = at - 1 > HEX_CELL_MAX ? at - 1 - HEX_CELL_MAX : 0;
        while (k > lo && pm_is_word(b[k - 1]))
            k--;
        /* A word running on past the reach is no cell. */
        if ((k == 0 || !pm_is_word(b[k - 1])) && hex_cell(b, k, at - 1))
            return 1;
    }
    if (end + 1 < buflen && cell_sep(b[end]) && pm_is_word(b[end + 1])) {
        size_t k = end + 1, hi = end + 1 + HEX_CELL_MAX < buflen ? end + 1 + HEX_CELL_MAX : buflen;
        while (k < hi && pm_is_word(b[k]))
            k++;
        if ((k == buflen || !pm_is_word(b[k])) && hex_cell(b, end + 1, k))
            return 1;
    }
    return 0;
}

int pm_digits_narrow(const char *d, size_t n)
{
    char lo = '9', hi = '0';
    for (size_t i = 0; i < n; i++) {
        if (d[i] < lo)
            lo = d[i];
        if (d[i] > hi)
            hi = d[i];
    }
    return n > 0 && hi - lo <= 4;
}

int pm_groups_repeat(const char *s, size_t n)
{
    size_t at[8], len[8], ng = 0, i = 0;
    while (i < n && ng < 8) {
        size_t k = i;
        while (k < n && pm_is_digit((unsigned char)s[k]))
            k++;
        if (k - i >= 3) {
            at[ng] = i;
            len[ng++] = k - i;
        }
        i = k + 1;
    }
    for (size_t a = 0; a < ng; a++)
        for (size_t c = a + 1; c < ng; c++)
            if (len[a] == len[c] && memcmp(s + at[a], s + at[c], len[a]) == 0)
                return 1;
    return 0;
}

/* Not glued to letters, digits, or a decimal/dashed continuation; a value
 * printed in groups is not a slice of a longer run of digit groups (the
 * first twelve digits of "4532 1234 5678 9012" are no Aadhaar). */
int pm_id_standalone(const char *buf, size_t buflen, size_t at, size_t n)
{
    const unsigned char *b = (const unsigned char *)buf;
    size_t end = at + n;
    if (memchr(buf + at, ' ', n) || memchr(buf + at, '-', n)) {
        if (at > 1 && (b[at - 1] == ' ' || b[at - 1] == '-') && pm_is_digit(b[at - 2]))
            return 0;
        if (end + 1 < buflen && (b[end] == ' ' || b[end] == '-') && pm_is_digit(b[end + 1]))
            return 0;
        if (pm_hex_neighbour(buf, buflen, at, n))
            return 0; /* "533B 5363 5364 5372": a row of code points */
        /* "B 89 -170 449 599 ;": a signed number of a row before it */
        if (at > 2 && (b[at - 1] == '-' || b[at - 1] == '+') && b[at - 2] == ' ' &&
            pm_is_digit(b[at - 3]))
            return 0;
    }
    if (at > 0 && (pm_is_word(b[at - 1]) || b[at - 1] == '+'))
        return 0;
    if (at > 1 && (b[at - 1] == '.' || b[at - 1] == '-' || b[at - 1] == '/') &&
        pm_is_digit(b[at - 2]))
        return 0;
    /* "winblue_ltsb_escrow.200923-1735": the last part of a dotted name
     * (a build tag, a file or host name), not a number on its own. */
    if (at > 1 && b[at - 1] == '.' && pm_is_word(b[at - 2]))
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
int pm_id_weak_if_bare(const struct pm_detector_def *self, const char *buf, size_t at, size_t n)
{
    if (!all_digits(buf + at, n))
        return PM_CONF_MEDIUM;
    return pm_label_before(buf, at, self->context) ? PM_CONF_LOW : PM_CONF_NONE;
}

int pm_id_labelled_as_is(const struct pm_detector_def *self, const char *buf, size_t buflen,
                         size_t at, size_t n, char *norm)
{
    if (n + 1 > PM_NORM_MAX || !pm_id_standalone(buf, buflen, at, n) ||
        !pm_label_before(buf, at, self->context))
        return PM_CONF_NONE;
    memcpy(norm, buf + at, n);
    norm[n] = '\0';
    return PM_CONF_LOW;
}

int pm_id_date_ok(int year, int month, int day)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month < 1 || month > 12 || day < 1)
        return 0;
    int leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return day <= days[month - 1] + (month == 2 && leap);
}

int pm_id_all_same(const char *s, size_t n)
{
    for (size_t i = 1; i < n; i++)
        if (s[i] != s[0])
            return 0;
    return 1;
}

int pm_id_2digits(const char *s) { return (s[0] - '0') * 10 + (s[1] - '0'); }

/* "*** *** 123": all but the last three characters hidden. */
void pm_id_mask_tail3(const struct pm_detector_def *self, const char *norm, char *out)
{
    size_t n = strlen(norm), o = 0;
    (void)self;
    for (size_t i = 0; i < n && o + 1 < PM_MASK_MAX; i++)
        out[o++] = i + 3 >= n ? norm[i] : '*';
    out[o] = '\0';
}
