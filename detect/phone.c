/* phone.c — telephone numbers as people write them.
 *
 * Candidates are found in C; libphonenumber's metadata (through the C++ shim
 * detect/phonenum.cc, called on candidates only) says whether one is a real
 * number, and gives its E.164 form, which is what is hashed: "+49 9075
 * 793834" and "(09075) 793834" under region DE are one value.
 *  - international: "+CC", "(+CC)", "00CC" and "+CC (0)", then groups of
 *    digits; it counts by itself when valid for its country ("00CC" run
 *    together without a separator only after a label: zero-padded ids);
 *  - North American (NANP) with separators or parentheses, valid for US/CA
 *    (so area codes and exchanges that are not assigned do not count);
 *  - national formats of other countries: trunk prefix 0, area code in
 *    parentheses, groups of two, dashes, dots and slashes ("(09075) 793834",
 *    "0116 496 0066", "06 24 78 98 80", "090-1234-5678"). These count only
 *    right after a label ("Telefon:", "Tel.", "Téléphone", "Telefoon",
 *    "Mobile", ...; the label's language says which countries to try first),
 *    or, written with separators, when the scan's --region names the country
 *    (pm_phone_regional);
 *  - a bare run of digits (4155552671, 06891718906) counts only after a
 *    label, at low confidence before that context raises it;
 *  - an extension glued on (x123, ext.123) does not hide a number.
 * None may touch letters or digits; dates, times, IPv4 addresses, version
 * strings, ZIP+4 codes and card numbers do not match.
 *
 * Cheap before dear: the shim runs only on a candidate that already has a
 * plausible length, an assigned country code or a label, never per byte.
 * Must never keep or print a number: it lives in this file's stack only.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "detect/detector.h"
#include "detect/idhelp.h"
#include "detect/phonenum.h" /* libphonenumber, through the C++ shim */

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

/* How a candidate is written: its digits and the marks between them. */
struct form {
    char d[32];               /* the digits ('+' or "00" and a "(0)" left out) */
    size_t nd;
    int plus;                 /* "+CC" or "(+CC)" */
    int dbl0;                 /* "00CC" */
    int paren;                /* a group in parentheses */
    int slash;                /* a '/' between groups */
    size_t first;             /* digits of the first group after + or 00 */
    char seps[8];             /* the first separators (' ', '-', '.') */
    size_t nseps;
    unsigned char glen[8];    /* lengths of the first digit groups */
    size_t ngroups;
};

/* Reads buf[at .. at+n) into f; 0 if it has more digits than any number. */
static int read_form(const char *s, size_t n, struct form *f)
{
    memset(f, 0, sizeof *f);
    f->plus = s[0] == '+' || (s[0] == '(' && n > 1 && s[1] == '+');
    f->dbl0 = !f->plus && n > 2 && s[0] == '0' && s[1] == '0';
    size_t i = f->dbl0 ? 2 : 0, run = 0;
    int counting_first = f->plus || f->dbl0;
    for (; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (pm_is_digit(c)) {
            if (f->nd >= sizeof f->d - 1)
                return 0;
            f->d[f->nd++] = (char)c;
            run++;
            continue;
        }
        if (run && f->ngroups < sizeof f->glen)
            f->glen[f->ngroups++] = (unsigned char)(run > 255 ? 255 : run);
        if (counting_first && run) {
            f->first = run;
            counting_first = 0;
        }
        run = 0;
        if (c == '(' || c == ')')
            f->paren = 1;
        else if (c == '/')
            f->slash = 1;
        else if ((c == ' ' || c == '-' || c == '.') && f->nseps < sizeof f->seps)
            f->seps[f->nseps++] = (char)c;
    }
    if (run && f->ngroups < sizeof f->glen)
        f->glen[f->ngroups++] = (unsigned char)(run > 255 ? 255 : run);
    if (counting_first)
        f->first = run;
    f->d[f->nd] = '\0';
    return 1;
}

/* 1 if the candidate stands apart: not glued to a word, a number or a
 * decimal/dash continuation. */
static int stands_alone(const unsigned char *b, size_t buflen, size_t at, size_t n, int intl)
{
    size_t end = at + n;
    if (at > 0 && (pm_is_word(b[at - 1]) || b[at - 1] == '+'))
        return 0;
    /* "+0 727 206 3726": the rest of a malformed international number. */
    if (!intl && at > 2 && b[at - 1] == ' ' && pm_is_digit(b[at - 2])) {
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
    return 1;
}

/* Writes libphonenumber's E.164 form of a valid number as the value. */
static int take(const struct pm_phonenum *pn, char *norm)
{
    snprintf(norm, PM_NORM_MAX, "%s", pn->e164);
    return 1;
}

/* "+CC ...", "(+CC) ...", "00CC ...": an assigned country code, E.164
 * length, no trunk 0 after the code (but Italy's), then libphonenumber. */
static int intl_check(const char *s, size_t n, struct form *f, int trunk0, char *norm)
{
    /* Drop a "(0)" trunk prefix written after the code. */
    const char *z = memchr(s, '(', n);
    if (z && z + 2 < s + n && z[1] == '0' && z[2] == ')') {
        size_t zi = 0;
        for (const char *q = s + (f->dbl0 ? 2 : 0); q < z; q++)
            zi += pm_is_digit((unsigned char)*q);
        if (zi < f->nd) {
            memmove(f->d + zi, f->d + zi + 1, f->nd - zi);
            f->nd--;
        }
    }
    /* The country code is the first digit group when that group is short
     * ("+49 30 ..."), else a prefix of the run ("+4930..."). */
    const char *d = f->d;
    size_t nd = f->nd, cc = country_code_len(d, nd);
    if (!cc || (f->first <= 3 && cc != f->first) || nd < 8 || nd > 15)
        return 0;
    /* A national trunk 0 after the code is a misprint (Italy keeps its 0):
     * not a number, unless a label says it is one ("Telefone: +55 (041)
     * 7716-3047", trunk0), where it is read without that 0, as
     * libphonenumber reads it. */
    if (d[cc] == '0' && !(cc == 2 && d[0] == '3' && d[1] == '9')) {
        if (!trunk0)
            return 0;
        memmove(f->d + cc, f->d + cc + 1, nd - cc);
        nd = --f->nd;
    }
    if (cc == 1 && d[0] == '1' && (nd != 11 || !nanp_ok(d + 1)))
        return 0;
    char num[PM_E164_MAX];
    num[0] = '+';
    memcpy(num + 1, d, nd);
    struct pm_phonenum pn;
    return pm_phonenum_check(num, nd + 1, NULL, 0, &pn) == 1 && take(&pn, norm);
}

/* North American with separators or parentheses: 10 digits, or 11 with a
 * leading 1, the separators after the area code and the exchange agree
 * (unless the area code is in parentheses), and valid for US/CA. */
static int nanp_check(const struct form *f, char *norm)
{
    const char *p = f->d;
    const unsigned char *g = f->glen;
    if (f->nd == 11 && f->d[0] == '1' && f->ngroups == 4 && g[0] == 1)
        p = f->d + 1, g++;
    else if (f->nd != 10 || f->ngroups != 3)
        return 0;
    /* Grouped as area code, exchange and line: 3, 3, 4. */
    if (g[0] != 3 || g[1] != 3 || g[2] != 4 || !nanp_ok(p) || f->slash)
        return 0;
    if (!f->paren && f->nseps >= 2 && f->seps[f->nseps - 1] != f->seps[f->nseps - 2])
        return 0;
    if (!f->paren && f->nseps < 2)
        return 0;
    struct pm_phonenum pn;
    return pm_phonenum_check(p, 10, "US", 0, &pn) == 1 && take(&pn, norm);
}

/* A date ("05.01.2024", "2024-01-05 10"), or an IPv4 address. */
static int date_or_ip(const struct form *f)
{
    const unsigned char *g = f->glen;
    if (f->ngroups >= 3) {
        const char *d = f->d;
        int y4 = (d[0] == '1' && d[1] == '9') || (d[0] == '2' && d[1] == '0');
        int y4last = (d[4] == '1' && d[5] == '9') || (d[4] == '2' && d[5] == '0');
        if (g[0] == 4 && g[1] == 2 && g[2] == 2 && y4)
            return 1;
        if (g[0] == 2 && g[1] == 2 && g[2] == 4 && y4last)
            return 1;
    }
    if (f->ngroups == 4 && f->nseps >= 3 && f->seps[0] == '.' && g[0] <= 3 && g[1] <= 3 &&
        g[2] <= 3 && g[3] <= 3)
        return 1;
    return 0;
}

/* The languages of labels, and the regions whose national numbers to try
 * first after one (an English label tries them all in order). */
static const char *const words_fr[] = {"téléphone", "tél", "portable", NULL};
static const char *const words_de[] = {"telefon", "telefonnummer", "handy", "handynummer",
                                       "mobil", "mobilnummer", "rufnummer", "festnetz", NULL};
static const char *const words_nl[] = {"telefoon", "telefoonnummer", "mobiel", "gsm", NULL};
static const char *const words_es[] = {"teléfono", "móvil", "movil", "celular", NULL};
static const char *const words_it[] = {"telefono", "cellulare", NULL};
static const char *const words_tr[] = {"cep", NULL};
/* Swiss German and French: "Natel" is the mobile. */
static const char *const words_ch[] = {"natel", NULL};
/* Polish: "Nr telefonu", "Tel. komórkowy", "Tel. kom.", "Komórka". */
static const char *const words_pl[] = {"telefon", "telefonu", "komórkowy", "komórka", "kom", NULL};
/* Portuguese (Portugal, Brazil): "Telefone", "Telemóvel", "Telem.",
 * "Celular", "Cel.", "Fone". */
static const char *const words_pt[] = {"telefone", "telemóvel", "telemovel", "telem",
                                       "celular",  "cel",       "fone",      NULL};
/* Swedish, Norwegian, Danish: "Telefon", "Mobil", "Tlf." (Norwegian and
 * Danish), "Mobiltelefon". */
static const char *const words_nordic[] = {"telefon", "telefonnummer", "mobil", "mobilnummer",
                                           "mobiltelefon", "tlf", "telefonnr", NULL};
/* Finnish: "Puhelin", "Puh.", "Matkapuhelin", "Puhelinnumero". */
static const char *const words_fi[] = {"puhelin", "puh", "matkapuhelin", "puhelinnumero",
                                       "gsm", NULL};
/* Czech and Slovak: "Telefon", "Mobil", "Telefónne číslo". */
static const char *const words_cz[] = {"telefon", "mobil", "telefón", NULL};
/* Japanese: 電話 (telephone; also ends 携帯電話, mobile), 電話番号
 * (telephone number), 携帯 and 携帯番号 (mobile, its number), written
 * without spaces. */
static const char *const words_ja[] = {"電話", "電話番号", "携帯", "携帯番号", NULL};
/* A word may stand in several languages ("Telefon": German, Polish,
 * Swedish, Czech, ...): every language whose word it is is tried, in this
 * order. */
static const struct {
    const char *const *words;
    const char *regions; /* two letters each */
} label_langs[] = {
    {words_fr, "FRBECH"}, {words_de, "DEATCHTR"},   {words_nl, "NLBE"}, {words_es, "ES"},
    {words_it, "ITES"},   {words_tr, "TR"},         {words_ch, "CH"},   {words_pl, "PL"},
    {words_pt, "PTBR"},   {words_nordic, "SENODK"}, {words_fi, "FI"},   {words_cz, "CZSK"},
    {words_ja, "JP"},
};
/* After any label, with the trunk prefix where the region has one. */
static const char fallback_regions[] = "GBAUINIEDEFRNLESITJPTRATCHBE";
/* Then countries whose numbers have no trunk prefix ("Tel.: 22 502 99 29"),
 * for a number whose groups all have two digits or more: their eight and
 * nine digits are read too easily in what runs on after a label ("Tel 2
 * 0116 496 ..."). */
static const char trunkless_regions[] = "PLPTCZNODK";

/* 1 if a label stands right before buf[at]: asked once per candidate
 * (*lab: -1 not yet known), however many readings of it are tried. */
static int labelled(const struct pm_detector_def *self, const char *buf, size_t at, int *lab)
{
    if (*lab < 0)
        *lab = pm_label_before(buf, at, self->context);
    return *lab;
}

/* A national number of `region` (two letters): *pn on success. */
static int national_in(const struct form *f, const char *region, int trunk,
                       struct pm_phonenum *pn)
{
    return pm_phonenum_check(f->d, f->nd, region, trunk, pn) == 1;
}

/* A national number right after a label: the scan's regions first, then the
 * label language's regions, then every region with its trunk prefix. */
static int labelled_national(const struct pm_detector_def *self, const char *buf, size_t at,
                             const struct form *f, int conf, int *lab, char *norm)
{
    const struct pm_phone_regions *regs = self->user;
    if (!labelled(self, buf, at, lab))
        return PM_CONF_NONE;
    struct pm_phonenum pn;
    for (size_t i = 0; regs && i < regs->n; i++)
        if (national_in(f, regs->r[i].cc, 0, &pn))
            return take(&pn, norm) ? conf : PM_CONF_NONE;
    for (size_t l = 0; l < sizeof label_langs / sizeof label_langs[0]; l++) {
        if (!pm_label_before(buf, at, label_langs[l].words))
            continue;
        for (const char *r = label_langs[l].regions; *r; r += 2)
            if (national_in(f, r, 0, &pn))
                return take(&pn, norm) ? conf : PM_CONF_NONE;
    }
    for (const char *r = fallback_regions; *r; r += 2)
        if (national_in(f, r, 1, &pn))
            return take(&pn, norm) ? conf : PM_CONF_NONE;
    for (size_t g = 0; g < f->ngroups && g < sizeof f->glen; g++)
        if (f->glen[g] < 2)
            return PM_CONF_NONE;
    for (const char *r = trunkless_regions; *r; r += 2)
        if (national_in(f, r, 1, &pn))
            return take(&pn, norm) ? conf : PM_CONF_NONE;
    return PM_CONF_NONE;
}

/* 1 if digits d[0 .. nd) may be a national number of the region without a
 * label: its trunk prefix first, where it has one, and a length its numbers
 * have. The C test that keeps a digit-dense text away from the shim. */
static int region_may_hold(const struct pm_phone_region *reg, const char *d, size_t nd)
{
    size_t t = strlen(reg->trunk);
    if (reg->nanpa || nd < t || strncmp(d, reg->trunk, t) != 0)
        return 0;
    return nd - t <= 17 && (reg->lengths >> (nd - t)) & 1;
}

/* 1 if a national number without a label stands apart from what is before
 * it: not right after ':', '.', '/' or '-' (the end of a time, a date, a
 * path or a version). */
static int region_apart(const char *buf, size_t at)
{
    char c = at > 0 ? buf[at - 1] : ' ';
    return c != ':' && c != '.' && c != '/' && c != '-';
}

/* A bare run led by the calling code of one of the scan's countries
 * ("971585215778"): it counts when the rest is a mobile number of that
 * country. Not North American ones: there a leading 1 and ten digits say
 * too little. Not "00" and the code run together ("00491301..."): that is
 * as often a zero-padded id, so it needs a label as ever (phone_check). */
static int region_code_mobile(const struct pm_phone_regions *regs, const char *d, size_t nd,
                              char *norm)
{
    for (size_t i = 0; regs && i < regs->n; i++) {
        const struct pm_phone_region *reg = &regs->r[i];
        size_t c = strlen(reg->code);
        if (reg->nanpa || nd < c + 7 || nd > 15 || strncmp(d, reg->code, c) != 0)
            continue;
        char num[PM_E164_MAX];
        num[0] = '+';
        memcpy(num + 1, d, nd);
        struct pm_phonenum pn;
        if (pm_phonenum_check(num, nd + 1, NULL, 0, &pn) == 1 && pn.mobile &&
            strcmp(pn.region, reg->cc) == 0)
            return take(&pn, norm);
    }
    return 0;
}

/* A national-format number: only after a label, or (written with
 * separators) when the scan's region is given. Bare digits are a weak
 * format: low confidence before context. */
static int national_check(const struct pm_detector_def *self, const char *buf, size_t at,
                          const struct form *f, int *lab, char *norm)
{
    const struct pm_phone_regions *regs = self->user; /* --region, or NULL */
    int bare = f->ngroups == 1 && !f->paren;
    int conf = bare ? PM_CONF_LOW : PM_CONF_MEDIUM;
    if (f->nd < 8 || f->nd > 13 || date_or_ip(f))
        return PM_CONF_NONE;
    /* A bare run in a code span ("`0701559336`") is an id: git's short
     * commit hashes are all digits one time in a hundred. */
    int code_span = at > 0 && buf[at - 1] == '`';
    if (bare && regs && !code_span && region_apart(buf, at) &&
        region_code_mobile(regs, f->d, f->nd, norm))
        return PM_CONF_LOW;
    for (size_t i = 0; regs && i < regs->n; i++) {
        const struct pm_phone_region *reg = &regs->r[i];
        struct pm_phonenum pn;
        /* Bare digits only where the trunk prefix 0 leads them, and only a
         * mobile number: a landline's digits are as likely an order or
         * invoice number, and a run with no trunk prefix says no country. */
        if ((bare && (reg->trunk[0] != '0' || code_span)) || !region_apart(buf, at) ||
            !region_may_hold(reg, f->d, f->nd) || !national_in(f, reg->cc, 1, &pn))
            continue;
        if (!bare || pn.mobile)
            return take(&pn, norm) ? conf : PM_CONF_NONE;
    }
    return labelled_national(self, buf, at, f, conf, lab, norm);
}

/* 1 if an international candidate is written as something else: an
 * ISO 6709 position ("+4953-09709", "+482628-0823215": latitude then
 * longitude, as zone.tab lists them) or a decimal number ("+35236450.6":
 * one '.', more than a country code's digits before it). */
static int intl_lookalike(const char *s, size_t n, const struct form *f)
{
    if (f->ngroups == 2 && f->nseps == 1 && s[0] == '+' &&
        ((f->glen[0] == 4 && f->glen[1] == 5) || (f->glen[0] == 6 && f->glen[1] == 7)) &&
        s[1 + f->glen[0]] == '-')
        return 1;
    (void)n;
    return f->ngroups == 2 && f->nseps == 1 && f->seps[0] == '.' && f->first > 3;
}

/* 1 if a North American number written with spaces alone ("347 348 2486")
 * is a cell of a row of numbers: a number before or after it, one space
 * apart ("1027 347 348 2486 2487", "B 672 784 1224 816"), or a group
 * repeated ("'603 603 2281'", a list of OIDs). */
static int nanp_in_row(const char *buf, size_t buflen, size_t at, size_t n, int after_group)
{
    const unsigned char *b = (const unsigned char *)buf;
    for (size_t i = 0; i < n; i++)
        if (b[at + i] != ' ' && !pm_is_digit(b[at + i]))
            return 0;
    return after_group || (at + n + 1 < buflen && b[at + n] == ' ' && pm_is_digit(b[at + n + 1])) ||
           pm_groups_repeat(buf + at, n);
}

/* The confidence of buf[at .. at+n) as a phone number (before context), or
 * PM_CONF_NONE. */
static int phone_check(const struct pm_detector_def *self, const char *buf, size_t buflen,
                       size_t at, size_t n, int *lab, char *norm)
{
    struct form f;
    if (!read_form(buf + at, n, &f))
        return PM_CONF_NONE;
    if (!stands_alone((const unsigned char *)buf, buflen, at, n, f.plus))
        return PM_CONF_NONE;
    /* "0022BE,002304-002305": a cell of a table of hexadecimal ids. */
    if (pm_hex_neighbour(buf, buflen, at, n))
        return PM_CONF_NONE;
    /* A trunk 0 written after the country code ("+32 089 ...") is read
     * only after a label: asked only of such numbers. */
    size_t cc0 = country_code_len(f.d, f.nd);
    int trunk0 = (f.plus || f.dbl0) && cc0 && cc0 < f.nd && f.d[cc0] == '0' &&
                 labelled(self, buf, at, lab);
    if (f.plus)
        return !intl_lookalike(buf + at, n, &f) && intl_check(buf + at, n, &f, trunk0, norm)
                   ? PM_CONF_MEDIUM
                   : PM_CONF_NONE;
    /* "5123 0043 1698 4179": the last groups of a card or an id. */
    int after_group = at > 1 && buf[at - 1] == ' ' && pm_is_digit((unsigned char)buf[at - 2]);
    if (f.dbl0) {
        if (after_group)
            return PM_CONF_NONE;
        /* "0049 ...": run together it may be a zero-padded id. */
        if (f.ngroups < 2 && !labelled(self, buf, at, lab))
            return PM_CONF_NONE;
        return intl_check(buf + at, n, &f, trunk0, norm) ? PM_CONF_MEDIUM : PM_CONF_NONE;
    }
    if (nanp_check(&f, norm))
        return nanp_in_row(buf, buflen, at, n, after_group) && !labelled(self, buf, at, lab)
                   ? PM_CONF_NONE
                   : PM_CONF_MEDIUM;
    if (after_group)
        return PM_CONF_NONE;
    /* A slash-separated pair in a date or a fraction is not a number. */
    if (at > 1 && buf[at - 1] == '/' && pm_is_digit((unsigned char)buf[at - 2]))
        return PM_CONF_NONE;
    return national_check(self, buf, at, &f, lab, norm);
}

/* A bare run of ten digits, or the area code apart from seven digits
 * ("425 8829090"), is a North American number only next to a word that says
 * so ("tel 4155552671"), and then only at low confidence before context. */
static int bare_nanp(const struct pm_detector_def *self, const char *buf, size_t buflen,
                     size_t at, size_t n, int *lab, char *norm)
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
    if (!labelled(self, buf, at, lab))
        return PM_CONF_NONE;
    struct pm_phonenum pn;
    if (pm_phonenum_check(d, 10, "US", 0, &pn) != 1)
        return PM_CONF_NONE;
    take(&pn, norm);
    return PM_CONF_LOW;
}

/* 1 if a number that does not hold as matched may hold without its last
 * groups: international ones, and national ones a label or the region
 * lets count. */
static int may_trim(const struct pm_detector_def *self, const char *buf, size_t at, size_t n,
                    int *lab)
{
    const struct pm_phone_regions *regs = self->user;
    if (buf[at] == '+' || (n > 1 && buf[at] == '(' && buf[at + 1] == '+'))
        return 1;
    for (size_t r = 0; regs && r < regs->n; r++) {
        const struct pm_phone_region *reg = &regs->r[r];
        /* The region's trunk prefix first ("(0", "0"), or no trunk at all. */
        size_t i = buf[at] == '(' ? 1 : 0, t = strlen(reg->trunk);
        if (!reg->nanpa && i + t <= n && strncmp(buf + at + i, reg->trunk, t) == 0)
            return 1;
    }
    return labelled(self, buf, at, lab);
}

static int phone_validate(const struct pm_detector_def *self, const char *buf, size_t buflen,
                          size_t at, size_t *np, char *norm)
{
    size_t n = *np;
    size_t digits = 0;
    int lab = -1; /* is there a label before it? not asked yet */
    for (size_t i = 0; i < n; i++)
        digits += pm_is_digit((unsigned char)buf[at + i]);
    if (digits == n || (digits == 10 && n == 11 && !pm_is_digit((unsigned char)buf[at + 3]))) {
        int c = bare_nanp(self, buf, buflen, at, n, &lab, norm);
        if (c)
            return c;
    }
    int conf = phone_check(self, buf, buflen, at, n, &lab, norm);
    if (conf)
        return conf;
    /* The groups run on into what follows the number ("+1-848-555-0172 500
     * 508ms", "Tel: 0116 496 0066 12 items"): drop trailing groups until it
     * holds. */
    if (digits <= 8 || !may_trim(self, buf, at, n, &lab))
        return PM_CONF_NONE;
    while (n > 0) {
        size_t k = n;
        while (k > 0 && pm_is_digit((unsigned char)buf[at + k - 1])) {
            k--;
            digits--;
        }
        while (k > 0 && !pm_is_digit((unsigned char)buf[at + k - 1]))
            k--;
        if (k == 0 || k == n || digits < 8)
            return PM_CONF_NONE; /* no number is shorter */
        n = k;
        if ((conf = phone_check(self, buf, buflen, at, n, &lab, norm))) {
            *np = n;
            return conf;
        }
    }
    return PM_CONF_NONE;
}

static const char *const phone_context[] = {
    "phone", "tel", "mobile", "cell", "fax", "call", "ph", "mob", "contact", "sms",
    "whatsapp", "dial", "téléphone", "tél", "telephone", "portable", "telefon",
    "telefonnummer", "handy", "handynummer", "mobil", "mobilnummer", "rufnummer", "festnetz",
    "telefoon", "telefoonnummer", "mobiel", "teléfono", "telefono", "móvil", "movil",
    "celular", "cellulare", "gsm", "cep",
    /* Swiss, Polish, Portuguese, Nordic, Finnish, Czech and Japanese labels
     * (label_langs above) */
    "natel", "telefonu", "komórkowy", "komórka", "telefone", "telemóvel", "telemovel",
    "mobiltelefon", "tlf", "telefonnr", "puhelin", "puh", "matkapuhelin", "puhelinnumero",
    "telefón", "電話", "電話番号", "携帯", "携帯番号", "kom", "telem", "cel", "fone",
    /* column headers written as one word */
    "cellphone", "mobilephone", "phonenumber", NULL};

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

/* International (a '+', "00" and a country code's first digit) or North
 * American with separators or parentheses; national numbers and bare digits
 * count only after a label (labelled), or with --region (phone_region_starts). */
#define PHONE_STARTS "(?:^|[^0-9A-Za-z_+])\\(?\\+[1-9]"
static const char *const phone_starts[] = {PHONE_STARTS, NULL};

/* The digit-led forms, from the cluster's shape (detect/cluster.h):
 * North American 3-3-4 joined by " .-", the area code perhaps in
 * parentheses ("(555) 123-4567") or glued to the country code 1
 * ("1415-555-2671"); and a group that starts with 00 and a country code's
 * first digit ("0049 911 ..."). */
static int phone_gate(const struct pm_cluster *c, const char *buf, size_t len)
{
    (void)len;
    static const unsigned nanp[] = {3, 3, PM_GROUP_MIN(4)}, glued[] = {4, 3, PM_GROUP_MIN(4)};
    if (c->ndigits >= 10 && (pm_cluster_has_groups(c, buf, nanp, 3, " .-)") ||
                             pm_cluster_has_groups(c, buf, glued, 3, " .-")))
        return 1;
    if (!pm_cluster_whole(c))
        return 1;
    for (unsigned i = 0; i < c->ngroups; i++) {
        const char *g = buf + c->start + c->gat[i];
        if (c->glen[i] >= 3 && g[0] == '0' && g[1] == '0' && g[2] != '0')
            return 1;
    }
    return 0;
}
/* With --region, also a national number written with separators or
 * parentheses: it starts with "(" and a digit, or a group and a separator.
 * Where the region's trunk prefix is 0, it starts with that 0
 * (region_may_hold), then a digit, a separator or "(", and not right after
 * ':', '.', '/' or '-' (region_apart): the shorter pattern costs Vectorscan a
 * third of the longer one on a digit-dense log, and times and dates
 * ("T10:00:05", "2024-01-05") are not candidates at all. */
static const char *const phone_region_starts[] = {
    PHONE_STARTS, "(?:^|[^0-9A-Za-z_+])(?:\\([0-9]|[0-9]{1,12}[ ./-][0-9(])", NULL};
#define TRUNK0_STARTS "^\\(?0[0-9 ./()-]", "[^0-9A-Za-z_+:./-]\\(?0[0-9 ./()-]"
static const char *const phone_trunk0_starts[] = {PHONE_STARTS, TRUNK0_STARTS, NULL};
/* Countries with a trunk 0 and countries without together ("ES,FR"): both,
 * so that a bare mobile number led by its trunk 0 is found. */
static const char *const phone_mixed_starts[] = {
    PHONE_STARTS, "(?:^|[^0-9A-Za-z_+])(?:\\([0-9]|[0-9]{1,12}[ ./-][0-9(])", TRUNK0_STARTS,
    NULL};

/* The groups of a national number: an area code may stand in parentheses
 * ("(09075) 793834", "0 (532) 1234567", "(03)-1142-8581", "(07).5088.3630"), then groups joined by one of
 * " ./-" (or " / ", " - "). Possessive digits: nothing to backtrack into.
 * Every national number has 8 digits or more, so its first 8 bytes are
 * digits, parentheses and separators: the look-ahead spares the validator
 * the short numbers of a digit-dense text ("00:00", "10.5"). */
#define NATIONAL                                                                \
    "(?=[0-9() ./-]{8})"                                                        \
    "(?:\\([0-9]{1,6}\\)[ .-]?|[0-9]{1,4}[ ]?\\([0-9]{1,6}\\)[ .-]?)?[0-9]{1,12}+" \
    "(?:(?:[ ./-]|[ ][-/][ ])[0-9]{1,12}+){0,6}"

const struct pm_detector_def pm_det_phone = {
    .id = "phone",
    .description = "Phone numbers valid by libphonenumber: international (+CC, 00CC), "
                   "North American formatted; national formats after a label or with --region",
    .pattern = "(?<![0-9A-Za-z_+])(?:"
               /* international */
               "(?:\\(\\+[1-9][0-9]{0,2}\\)|\\+[1-9][0-9]{0,2})(?:[ .-]?\\(0\\))?"
               "(?:[ .-]?(?:\\([0-9]{1,4}\\)|[0-9]{1,6})){1,7}"
               "|"
               /* international with 00 */
               "00[1-9][0-9]{0,2}+(?:[ .-]?\\(0\\))?(?:[ .-]?(?:\\([0-9]{1,4}\\)|[0-9]{1,6}+)){1,7}"
               "|"
               /* North American */
               "(?:1[ .-]?)?(?:\\([2-9][0-9]{2}\\)[ .-]?|[2-9][0-9]{2}[ .-])[2-9][0-9]{2}[ .-][0-9]{4}"
               "|"
               /* bare ten digits, or 3 + 7: only with context, see bare_nanp */
               "[2-9][0-9]{2}[ .-]?[2-9][0-9]{6}"
               "|"
               /* national: only after a label or with --region */
               NATIONAL
               ")(?![0-9])",
    .max_len = 64,
    .min_digits = 8,
    .validate = phone_validate,
    .mask = phone_mask,
    .context = phone_context,
    .starts = phone_starts,
    .cluster_gate = phone_gate,
    .gate_digits = 7, /* "00" and a short international number */
    .gate_any = PM_CF_LEN3_4UP | PM_CF_00, /* 3-3-4, 4-3-4; 00 */
    .labelled = 1,
};

/* The start pattern of a bare mobile number led by a country's calling code
 * ("971585215778"): the codes of the countries that are
 * not North American. 0 if there are none. */
static int code_start(struct pm_phone_regions *r)
{
    char *o = r->code_start, *end = o + sizeof r->code_start;
    int any = 0;
    o += snprintf(o, (size_t)(end - o), "(?:^|[^0-9A-Za-z_+])(?:");
    for (size_t i = 0; i < r->n; i++)
        if (!r->r[i].nanpa) {
            o += snprintf(o, (size_t)(end - o), "%s%s", any ? "|" : "", r->r[i].code);
            any = 1;
        }
    snprintf(o, (size_t)(end - o), ")[0-9]{6}");
    return any;
}

int pm_phone_regional(const char *regions, struct pm_phone_regions *r,
                      struct pm_detector_def *out)
{
    memset(r, 0, sizeof *r);
    /* national numbers led by the trunk 0, by anything; bare ones by a 0 */
    int trunk0 = 0, other = 0, lead0 = 0;
    for (const char *p = regions;; p += 3) {
        if (strlen(p) < 2 || (p[2] && p[2] != ','))
            return -1;
        struct pm_phone_region g = {{p[0], p[1], '\0'}, "", "", 0, 0};
        if (pm_phonenum_region_info(g.cc, g.code, g.trunk, &g.nanpa, &g.lengths) != 0)
            return -1;
        size_t k = 0;
        while (k < r->n && strcmp(r->r[k].cc, g.cc) != 0)
            k++;
        if (k == r->n) { /* a country named twice counts once */
            if (r->n == PM_PHONE_MAX_REGIONS)
                return -1;
            r->r[r->n++] = g;
            trunk0 |= !g.nanpa && strcmp(g.trunk, "0") == 0;
            other |= !g.nanpa && strcmp(g.trunk, "0") != 0;
            lead0 |= !g.nanpa && g.trunk[0] == '0';
        }
        if (!p[2])
            break;
    }
    *out = pm_det_phone;
    /* North American national numbers are NANP, found as ever; the other
     * countries' by the trunk prefix 0 where all have one. */
    const char *const *st = other    ? (lead0 ? phone_mixed_starts : phone_region_starts)
                            : trunk0 ? phone_trunk0_starts
                                     : phone_starts;
    size_t k = 0;
    for (; st[k]; k++)
        r->starts[k] = st[k];
    if (code_start(r))
        r->starts[k++] = r->code_start;
    r->starts[k] = NULL;
    out->starts = r->starts;
    out->user = r;
    return 0;
}
