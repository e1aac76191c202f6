/* date_of_birth.c — a date next to a birth-date word.
 *
 * A date alone is not personal data; a date of birth is. So a date counts
 * only when "dob", "date of birth", "born", "geboren", "né le", ... stands
 * within a few words of it (40 bytes before, 24 after). Dates: 1980-03-05, 05/03/1980, 03/05/1980,
 * 05.03.1980, 5 March 1980, March 5, 1980; the year lies in 1900-2099 and the
 * day fits the month.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "detect/detector.h"

static const char *const months[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                     "jul", "aug", "sep", "oct", "nov", "dec"};

static int month_of(const char *s)
{
    for (int i = 0; i < 12; i++)
        if (strncasecmp(s, months[i], 3) == 0)
            return i + 1;
    return 0;
}

static int day_ok(int y, int m, int d)
{
    static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1900 || y > 2099 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
        return 0;
    return !(m == 2 && d == 29 && (y % 4 != 0 || (y % 100 == 0 && y % 400 != 0)));
}

static const char *const dob_context[] = {
    "dob", "d.o.b", "date of birth", "birth date", "birthdate", "birthday", "born",
    "geburtsdatum", "geboren", "date de naissance", "né le", "née le", "fecha de nacimiento",
    "nacido", "data di nascita", "nato il", "geboortedatum",
    /* column headers: "date_naissance" reads as "date naissance"; Outlook's
     * contact exports name the column Geburtstag, Verjaardag, Cumpleaños,
     * Compleanno */
    "date naissance", "fecha nacimiento", "data nascita", "geburtstag", "verjaardag",
    "cumpleaños", "compleanno", NULL};

/* The birth-date word near buf[at, at + n) is not only the "birthday" of a
 * greeting: releases are named "Happy Birthday Sophie" (2012-11-06), and a
 * card wishes a happy birthday on the day it is sent, not a date of birth.
 * Looks again with such greetings blanked out. */
static int birth_word_near(const struct pm_detector_def *self, const char *buf, size_t buflen,
                           size_t at, size_t n)
{
    static const char greeting[] = "happy birthday";
    const size_t gl = sizeof greeting - 1;
    char w[40 + 32 + 24 + 1];
    size_t lo = at > 40 ? at - 40 : 0, hi = at + n + 24 < buflen ? at + n + 24 : buflen;
    if (hi - lo >= sizeof w)
        return 1;
    memcpy(w, buf + lo, hi - lo);
    int blanked = 0;
    for (size_t i = 0; i + gl <= hi - lo; i++)
        if (strncasecmp(w + i, greeting, gl) == 0) {
            memset(w + i, ' ', gl);
            blanked = 1;
        }
    int near = !blanked || pm_context_within(w, hi - lo, at - lo, n, self->context, 40, 24);
    memset(w, 0, sizeof w);
    return near;
}

static int dob_validate(const struct pm_detector_def *self, const char *buf, size_t buflen,
                        size_t at, size_t *np, char *norm)
{
    const unsigned char *b = (const unsigned char *)buf;
    char t[64];
    size_t n = *np;
    int y = 0, m = 0, d = 0, a = 0, c = 0, e = 0;
    char word[16];
    if (n >= sizeof t)
        return PM_CONF_NONE;
    if ((at > 0 && pm_is_word(b[at - 1])) || (at + n < buflen && pm_is_word(b[at + n])))
        return PM_CONF_NONE;
    /* Most dates in a share are not birth dates: look for the word first. */
    if (!pm_context_within(buf, buflen, at, n, self->context, 40, 24) ||
        !birth_word_near(self, buf, buflen, at, n))
        return PM_CONF_NONE;
    memcpy(t, buf + at, n);
    t[n] = '\0';
    if (sscanf(t, "%4d-%2d-%2d", &y, &m, &d) == 3 && t[4] == '-') {
        /* ISO */
    } else if (sscanf(t, "%2d%*[/.-]%2d%*[/.-]%4d", &a, &c, &e) == 3) {
        /* Day first unless that cannot be (05/13/1980 is month first). */
        y = e;
        if (a > 12 && c <= 12) {
            d = a, m = c;
        } else if (c > 12 && a <= 12) {
            m = a, d = c;
        } else {
            d = a, m = c;
        }
    } else if (sscanf(t, "%2d %15[A-Za-z] %4d", &d, word, &y) == 3) {
        m = month_of(word);
    } else if (sscanf(t, "%15[A-Za-z] %2d, %4d", word, &d, &y) == 3) {
        m = month_of(word);
    } else {
        return PM_CONF_NONE;
    }
    if (!day_ok(y, m, d))
        return PM_CONF_NONE;
    snprintf(norm, PM_NORM_MAX, "%04d-%02d-%02d", y, m, d);
    return PM_CONF_LOW; /* the context word near it raises this to medium */
}

/* "****-**-05": the day of the month only. */
static void dob_mask(const struct pm_detector_def *self, const char *norm, char *out)
{
    (void)self;
    snprintf(out, PM_MASK_MAX, "****-**-%s", norm + 8);
}

const struct pm_detector_def pm_det_date_of_birth = {
    .id = "date_of_birth",
    .description = "Dates of birth: a date (ISO, d/m/y, m/d/y, d.m.y, 5 March 1980) next to "
                   "a birth-date word (dob, born, geboren, né le, ...)",
    .pattern = "(?<![0-9A-Za-z])(?:(?:19|20)[0-9]{2}-[01][0-9]-[0-3][0-9]"
               "|[0-3]?[0-9][/.-][0-3]?[0-9][/.-](?:19|20)[0-9]{2}"
               "|[0-3]?[0-9] (?i:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]{0,6}\\.? (?:19|20)[0-9]{2}"
               "|(?i:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]{0,6}\\.? [0-3]?[0-9], (?:19|20)[0-9]{2})"
               "(?![0-9])",
    .max_len = 24,
    .validate = dob_validate,
    .mask = dob_mask,
    .context = dob_context,
    .needs_context = 1,
};
