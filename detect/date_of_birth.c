/* date_of_birth.c — a date next to a birth-date word.
 *
 * A date alone is not personal data; a date of birth is. So a date counts
 * only when "dob", "date of birth", "born", "geboren", "né le", ... stands
 * within a few words of it (40 bytes before, 24 after). Dates: 1980-03-05,
 * 1980/3/5, 05/03/1980, 03/05/1980, 05.03.1980, 5 March 1980, March 5,
 * 1980, and the months of German,
 * French, Dutch, Spanish and Italian (12. März 1980, 1er mars 1980,
 * 12 de marzo de 1980); the year lies in 1900-2099 and the day fits the
 * month.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "detect/detector.h"

/* Month names of the supported languages (lower case, UTF-8): English,
 * German, French, Dutch, Spanish, Italian. A word names a month when it is
 * one of them or, three letters or more, begins one and no name of another
 * month ("Sept", "Dez", "mars", "juil"; "jui" is June or July: none). */
static const struct {
    const char *name;
    int month;
} month_names[] = {
    {"january", 1},   {"february", 2},   {"march", 3},     {"april", 4},    {"may", 5},
    {"june", 6},      {"july", 7},      {"august", 8},    {"september", 9}, {"october", 10},
    {"november", 11}, {"december", 12}, {"januar", 1},    {"februar", 2},  {"m\xc3\xa4rz", 3},
    {"maerz", 3},     {"mai", 5},       {"juni", 6},      {"juli", 7},     {"oktober", 10},
    {"dezember", 12}, {"janvier", 1},   {"f\xc3\xa9vrier", 2}, {"fevrier", 2}, {"mars", 3},
    {"avril", 4},     {"juin", 6},      {"juillet", 7},   {"ao\xc3\xbbt", 8}, {"aout", 8},
    {"septembre", 9}, {"octobre", 10},  {"novembre", 11}, {"d\xc3\xa9\x63\x65mbre", 12},
    {"decembre", 12}, {"januari", 1},   {"februari", 2},  {"maart", 3},    {"mei", 5},
    {"augustus", 8},  {"enero", 1},     {"febrero", 2},   {"marzo", 3},    {"abril", 4},
    {"mayo", 5},      {"junio", 6},     {"julio", 7},     {"agosto", 8},   {"septiembre", 9},
    {"setiembre", 9}, {"octubre", 10},  {"noviembre", 11}, {"diciembre", 12}, {"gennaio", 1},
    {"febbraio", 2},  {"aprile", 4},    {"maggio", 5},    {"giugno", 6},   {"luglio", 7},
    {"settembre", 9}, {"ottobre", 10},  {"dicembre", 12},
};

/* Lower case of one byte of a UTF-8 word: ASCII, and the second byte of the
 * Latin-1 capitals (U+00C0-U+00DE: 0xC3 0x80-0x9E). */
static unsigned char fold(const unsigned char *w, size_t i)
{
    unsigned char c = w[i];
    if (c >= 'A' && c <= 'Z')
        return (unsigned char)(c + 32);
    if (i > 0 && w[i - 1] == 0xC3 && c >= 0x80 && c <= 0x9E && c != 0x97)
        return (unsigned char)(c + 32);
    return c;
}

/* The month the word w[0 .. n) names, or 0. */
static int month_of(const char *w, size_t n)
{
    const unsigned char *u = (const unsigned char *)w;
    int found = 0;
    if (n < 3)
        return 0;
    for (size_t i = 0; i < sizeof month_names / sizeof month_names[0]; i++) {
        const char *m = month_names[i].name;
        size_t k = 0;
        while (k < n && m[k] && fold(u, k) == (unsigned char)m[k])
            k++;
        if (k < n)
            continue;
        if (!m[k])
            return month_names[i].month; /* the whole name */
        if (found && found != month_names[i].month)
            return 0;
        found = month_names[i].month;
    }
    return found;
}

/* A month word at t: letters, UTF-8 letters of Latin-1, then an optional
 * '.'. Returns the length with the dot, or 0 if it names no month. */
static size_t month_word(const char *t, int *month)
{
    const unsigned char *u = (const unsigned char *)t;
    size_t k = 0;
    while (k < 16 && (u[k] == 0xC3 || (k > 0 && u[k - 1] == 0xC3) ||
                      ((u[k] | 0x20) >= 'a' && (u[k] | 0x20) <= 'z')))
        k++;
    *month = month_of(t, k);
    return *month ? k + (t[k] == '.') : 0;
}

/* "12 March 1980", "12. März 1980", "1er mars 1980", "12 de marzo de 1980",
 * "March 12, 1980": day, month and year, or 0. t is NUL-terminated. */
static int parse_words(const char *t, int *y, int *m, int *d)
{
    size_t i = 0, k;
    if (t[0] >= '0' && t[0] <= '9') {
        *d = 0;
        while (t[i] >= '0' && t[i] <= '9' && i < 2)
            *d = *d * 10 + (t[i++] - '0');
        if (t[i] == '.')
            i++;
        else if (strncmp(t + i, "er", 2) == 0)
            i += 2;
        if (t[i++] != ' ')
            return 0;
        if (strncmp(t + i, "de ", 3) == 0)
            i += 3;
        if (!(k = month_word(t + i, m)))
            return 0;
        i += k;
        if (strncmp(t + i, " del", 4) == 0)
            i += 4;
        else if (strncmp(t + i, " de", 3) == 0)
            i += 3;
    } else {
        if (!(k = month_word(t, m)))
            return 0;
        i = k;
        if (t[i++] != ' ')
            return 0;
        *d = 0;
        while (t[i] >= '0' && t[i] <= '9' && i < k + 3)
            *d = *d * 10 + (t[i++] - '0');
        if (t[i] == ',')
            i++;
    }
    if (t[i++] != ' ')
        return 0;
    *y = 0;
    for (int j = 0; j < 4; j++, i++) {
        if (t[i] < '0' || t[i] > '9')
            return 0;
        *y = *y * 10 + (t[i] - '0');
    }
    return t[i] == '\0';
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
    "nacido", "nacida", "nata il", "geboren op", "data di nascita", "nato il", "geboortedatum",
    /* column headers: "date_naissance" reads as "date naissance"; Outlook's
     * contact exports name the column Geburtstag, Verjaardag, Cumpleaños,
     * Compleanno */
    "date naissance", "fecha nacimiento", "data nascita", "geburtstag", "verjaardag",
    "cumpleaños", "compleanno",
    /* Polish, Portuguese, Swedish, Norwegian and Danish, Finnish, Czech and
     * Slovak, Japanese (生年月日, 誕生日): the label and "born" (never
     * "Nascimento" alone: a surname too, "Victor Do Nascimento") */
    "data urodzenia", "urodzony", "urodzona", "data de nascimento", "data nascimento",
    "dt nascimento", "dt. nascimento", "nascido em", "nascida em", "födelsedatum", "född", "fødselsdato", "født",
    "fødselsdag", "syntymäaika", "syntymäpäivä", "syntynyt", "datum narození", "datum narozeni",
    "narozen", "narozena", "dátum narodenia", "datum narodenia", "narodený", "narodená",
    "生年月日", "誕生日",
    /* the same as keys in ASCII: fodelsedatum, fodselsdato, syntymaaika */
    "fodelsedatum", "fodselsdato", "syntymaaika", "syntymapaiva", NULL};

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
    } else if (sscanf(t, "%4d/%2d/%2d", &y, &m, &d) == 3 && t[4] == '/') {
        /* year first with slashes, as Japan, China and Korea write it */
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
    } else if (!parse_words(t, &y, &m, &d)) {
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

/* A month's name or abbreviation: letters, Latin-1 ones in UTF-8 (März,
 * février, août), an optional dot; the validator says which month. */
#define MONTH "(?:[A-Za-z]|\\xc3[\\x80-\\xbf]){3,12}\\.?"

const struct pm_detector_def pm_det_date_of_birth = {
    .id = "date_of_birth",
    .description = "Dates of birth: a date (ISO, y/m/d, d/m/y, m/d/y, d.m.y, 5 March 1980) next to "
                   "a birth-date word (dob, born, geboren, né le, ...)",
    .pattern = "(?<![0-9A-Za-z])(?:(?:19|20)[0-9]{2}-[01][0-9]-[0-3][0-9]"
               "|(?:19|20)[0-9]{2}/[01]?[0-9]/[0-3]?[0-9]"
               "|[0-3]?[0-9][/.-][0-3]?[0-9][/.-](?:19|20)[0-9]{2}"
               "|[0-3]?[0-9](?:\\.|er)? (?:de )?" MONTH "(?: del?)? (?:19|20)[0-9]{2}"
               "|" MONTH " [0-3]?[0-9],? (?:19|20)[0-9]{2})"
               "(?![0-9])",
    .max_len = 24,
    .validate = dob_validate,
    .mask = dob_mask,
    .context = dob_context,
    .needs_context = 1,
};
