/* idhelp.c — helpers shared by the national-id detectors (see idhelp.h):
 * digit extraction, "stands alone" boundaries, "grouped stands alone, bare
 * needs a label", and the last-three mask.
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
