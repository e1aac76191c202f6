/* iban.c — International Bank Account Numbers (ISO 13616).
 *
 * Electronic (DE89370400440532013000) or printed: in groups of four
 * (DE89 3704 0044 0532 0130 00), or in the irregular groups banks print, which
 * follow the national account layout (ES72 2013-0692-81-0201150993,
 * BE 55 552-3281700-44, NO 44 1850.05.14562). The country code fixes the
 * length, so the value ends exactly where its country says, never swallowing
 * the next word or number ("GB82 WEST 1234 5698 7654 32 and more"; it must
 * end at a word boundary, not inside a group). The BBAN must have its
 * country's structure from the SWIFT IBAN registry (which positions are
 * digits, letters or either) and the mod-97 check must give 1; where a
 * country's banks print check digits of their own inside the BBAN (BE, ES,
 * NO, ME), those must hold too.
 *
 * Never keeps or logs a value: the normalised form goes only into the
 * caller's buffer.
 */
#include <stdio.h>
#include <string.h>

#include "detect/checksum.h"
#include "detect/detector.h"

struct country {
    char cc[3];
    const char *bban; /* registry structure: "8n10n" = 8 digits, then 10 digits */
};

/* The SWIFT IBAN registry (release 2024): each country's BBAN structure in
 * the registry's notation without the '!' (n digits, a upper-case letters,
 * c letters or digits); the IBAN is 4 characters longer. Then the countries
 * whose IBANs are in use outside the registry (AO, BF, BJ, CI, CM, CV, DZ,
 * GA, IR, MA, MG, ML, MZ, SN): their length only, every position 'c'.
 * One list feeds the table and the start pattern below; it stays in
 * alphabetical order (country_bban searches it in halves). */
#define IBAN_COUNTRIES(X) \
    X("AD", "4n4n12c") X("AE", "3n16n") X("AL", "8n16c") X("AO", "21c") \
    X("AT", "5n11n") X("AZ", "4a20c") X("BA", "3n3n8n2n") X("BE", "3n7n2n") \
    X("BF", "24c") X("BG", "4a4n2n8c") X("BH", "4a14c") X("BI", "5n5n11n2n") \
    X("BJ", "24c") X("BR", "8n5n10n1a1c") X("BY", "4c4n16c") X("CH", "5n12c") \
    X("CI", "24c") X("CM", "23c") X("CR", "4n14n") X("CV", "21c") \
    X("CY", "3n5n16c") X("CZ", "4n6n10n") X("DE", "8n10n") X("DJ", "5n5n11n2n") \
    X("DK", "4n9n1n") X("DO", "4c20n") X("DZ", "22c") X("EE", "2n14n") \
    X("EG", "4n4n17n") X("ES", "4n4n1n1n10n") X("FI", "3n11n") X("FK", "2a12n") \
    X("FO", "4n9n1n") X("FR", "5n5n11c2n") X("GA", "23c") X("GB", "4a6n8n") \
    X("GE", "2a16n") X("GI", "4a15c") X("GL", "4n9n1n") X("GR", "3n4n16c") \
    X("GT", "4c20c") X("HN", "4a20n") X("HR", "7n10n") X("HU", "3n4n1n15n1n") \
    X("IE", "4a6n8n") X("IL", "3n3n13n") X("IQ", "4a3n12n") X("IR", "22c") \
    X("IS", "4n2n6n10n") X("IT", "1a5n5n12c") X("JO", "4a4n18c") X("KW", "4a22c") \
    X("KZ", "3n13c") X("LB", "4n20c") X("LC", "4a24c") X("LI", "5n12c") \
    X("LT", "5n11n") X("LU", "3n13c") X("LV", "4a13c") X("LY", "3n3n15n") \
    X("MA", "24c") X("MC", "5n5n11c2n") X("MD", "2c18c") X("ME", "3n13n2n") \
    X("MG", "23c") X("MK", "3n10c2n") X("ML", "24c") X("MN", "4n12n") \
    X("MR", "5n5n11n2n") X("MT", "4a5n18c") X("MU", "4a2n2n12n3n3a") X("MZ", "21c") \
    X("NI", "4a20n") X("NL", "4a10n") X("NO", "4n6n1n") X("OM", "3n16c") \
    X("PK", "4a16c") X("PL", "8n16n") X("PS", "4a21c") X("PT", "4n4n11n2n") \
    X("QA", "4a21c") X("RO", "4a16c") X("RS", "3n13n2n") X("RU", "9n5n15c") \
    X("SA", "2n18c") X("SC", "4a2n2n16n3a") X("SD", "2n12n") X("SE", "3n16n1n") \
    X("SI", "5n8n2n") X("SK", "4n6n10n") X("SM", "1a5n5n12c") X("SN", "24c") \
    X("SO", "4n3n12n") X("ST", "8n11n2n") X("SV", "4a20n") X("TL", "3n14n2n") \
    X("TN", "2n3n13n2n") X("TR", "5n1n16c") X("UA", "6n19c") X("VA", "3n15n") \
    X("VG", "4a16n") X("XK", "4n10n2n") X("YE", "4a4n18c")

#define COUNTRY_ROW(cc, bban) {cc, bban},
static const struct country countries[] = {IBAN_COUNTRIES(COUNTRY_ROW)};

/* The table is in alphabetical order: searched in halves (the gate asks
 * for every two letters before a number in a text). */
static const char *country_bban(const char *cc)
{
    size_t lo = 0, hi = sizeof countries / sizeof countries[0];
    int key = (unsigned char)cc[0] << 8 | (unsigned char)cc[1];
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int k = (unsigned char)countries[mid].cc[0] << 8 | (unsigned char)countries[mid].cc[1];
        if (k == key)
            return countries[mid].bban;
        if (k < key)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

/* The BBAN length a structure describes ("8n10n": 18). */
static size_t bban_len(const char *f)
{
    size_t total = 0, run = 0;
    for (; *f; f++) {
        if (*f >= '0' && *f <= '9') {
            run = run * 10 + (size_t)(*f - '0');
        } else {
            total += run;
            run = 0;
        }
    }
    return total;
}

/* 1 if the upper-cased BBAN v has the structure f. */
static int bban_ok(const char *f, const char *v)
{
    size_t run = 0;
    for (; *f; f++) {
        if (*f >= '0' && *f <= '9') {
            run = run * 10 + (size_t)(*f - '0');
            continue;
        }
        for (; run > 0; run--, v++) {
            int digit = *v >= '0' && *v <= '9', letter = *v >= 'A' && *v <= 'Z';
            if ((*f == 'n' && !digit) || (*f == 'a' && !letter) || (!digit && !letter))
                return 0;
        }
    }
    return *v == '\0';
}

/* Spain's CCC control digit over ten digits (bank and branch led by "00",
 * or the account): weights 1 2 4 8 5 10 9 7 3 6, 11 - sum mod 11, where 11
 * gives 0 and 10 gives 1. */
static int es_dc(const char *d)
{
    static const int w[10] = {1, 2, 4, 8, 5, 10, 9, 7, 3, 6};
    int sum = 0;
    for (int i = 0; i < 10; i++)
        sum += (d[i] - '0') * w[i];
    int c = 11 - sum % 11;
    return c == 11 ? 0 : c == 10 ? 1 : c;
}

/* The national check digits inside the BBAN, for the countries whose banks
 * print them and whose rule is public: an IBAN made by fixing only the two
 * IBAN check digits over a random account (test data, typos that mod 97
 * happens to let through) fails here. 1 for every other country. b is the
 * upper-cased BBAN, already of its country's structure (all digits here). */
static int national_ok(const char cc[2], const char *b)
{
    if (cc[0] == 'B' && cc[1] == 'E') {
        /* Account 10 digits, then their remainder mod 97 (0 written 97). */
        int r = pm_mod97(b, 10, 0);
        int c = (b[10] - '0') * 10 + (b[11] - '0');
        return (r == 0 ? 97 : r) == c;
    }
    if (cc[0] == 'E' && cc[1] == 'S') {
        /* Bank 4, branch 4, two control digits, account 10. */
        char first[10] = {'0', '0'};
        memcpy(first + 2, b, 8);
        return es_dc(first) == b[8] - '0' && es_dc(b + 10) == b[9] - '0';
    }
    if (cc[0] == 'N' && cc[1] == 'O') {
        /* kontonummer: 10 digits, weights 5 4 3 2 7 6 5 4 3 2, mod 11. */
        static const int w[10] = {5, 4, 3, 2, 7, 6, 5, 4, 3, 2};
        int sum = 0;
        for (int i = 0; i < 10; i++)
            sum += (b[i] - '0') * w[i];
        int c = (11 - sum % 11) % 11;
        return c != 10 && c == b[10] - '0';
    }
    if (cc[0] == 'M' && cc[1] == 'E')
        return pm_mod97(b, 18, 0) == 1; /* the whole BBAN, mod 97-10 */
    return 1;
}

static char upper(char c) { return (c >= 'a' && c <= 'z') ? (char)(c - 'a' + 'A') : c; }
static int is_sep(char c) { return c == ' ' || c == '-' || c == '.'; }

/* How the characters were grouped. */
struct grouping {
    int nseps;      /* separators between groups */
    char first;     /* the first separator */
    int kinds;      /* which separators after the first: 1 space, 2 dash, 4 dot */
    int fours;      /* 1: every group but the last has four characters */
    size_t shortest; /* shortest group but the last */
    size_t last;     /* length of the last group */
};

/* Takes `want` characters of s[0..n) into norm (upper case), groups
 * separated by single spaces, dashes or dots; the country code may stand
 * apart from the check digits by one space ("BE 68 5390 ..."), which then
 * counts as part of the first group. Returns how many bytes it read, or 0
 * if the letters are not all of one case or there are too few. */
static size_t take(const char *s, size_t n, size_t want, int lower, char *norm,
                   struct grouping *g)
{
    size_t i = 0, k = 0, run = 0;
    memset(g, 0, sizeof *g);
    g->fours = 1;
    g->shortest = SIZE_MAX;
    for (; i < n && k < want; i++) {
        char c = s[i];
        if (is_sep(c)) {
            if (k == 2 && c == ' ' && i == 2)
                continue; /* "BE 68": still the first group */
            if (run == 0)
                return 0; /* two separators in a row */
            if (g->nseps++ == 0)
                g->first = c;
            else
                g->kinds |= c == ' ' ? 1 : c == '-' ? 2 : 4;
            if (run != 4)
                g->fours = 0;
            if (run < g->shortest)
                g->shortest = run;
            run = 0;
            continue;
        }
        int lc = c >= 'a' && c <= 'z', uc = c >= 'A' && c <= 'Z';
        if ((lc && !lower) || (uc && lower))
            return 0;
        norm[k++] = upper(c);
        run++;
    }
    norm[k] = '\0';
    g->last = run;
    return k == want ? i : 0;
}

static int iban_validate(const struct pm_detector_def *self, const char *buf, size_t buflen,
                         size_t at, size_t *np, char *norm)
{
    (void)self;
    const unsigned char *b = (const unsigned char *)buf;
    const char *s = buf + at;
    char cc[2] = {upper(s[0]), upper(s[1])};
    const char *bban = country_bban(cc);
    if (!bban || (at > 0 && pm_is_word(b[at - 1])))
        return 0;
    size_t want = 4 + bban_len(bban);
    int lower = s[0] >= 'a';
    struct grouping g;
    size_t i = take(s, *np, want, lower, norm, &g);
    if (!i)
        return 0;
    /* It must end at a word boundary: the next byte is not alphanumeric, so
     * the count never ends inside a group or a longer word. */
    if (at + i < buflen && pm_is_word(b[at + i]))
        return 0;
    if (lower) {
        /* Lower case only as printed, in fours with one kind of separator
         * (space or dash): unseparated or irregular lower case is how hex
         * ids and prose look ("be49ee10a38a99f3"), not an IBAN. */
        int kf = g.first == ' ' ? 1 : g.first == '-' ? 2 : 4;
        if (!g.nseps || !g.fours || kf == 4 || (g.kinds && g.kinds != kf))
            return 0;
    } else if (g.nseps) {
        /* One kind of separator, but the first may be a space that sets
         * the country and check digits apart ("ES72 2013-0692-81-..."); a
         * lone separator is a space ("ES86 3058..."): "DE89-3704..." and
         * "AL47-2121 1009-0000-..." are codes, not printed IBANs. */
        int kf = g.first == ' ' ? 1 : g.first == '-' ? 2 : 4;
        if ((g.kinds & (g.kinds - 1)) || (g.kinds && g.kinds != kf && kf != 1) ||
            (g.nseps == 1 && kf != 1))
            return 0;
        /* Irregular groups have two characters or more: one character
         * apart is more likely a stray digit than a bank's layout. */
        if (!g.fours && (g.shortest < 2 || g.last < 2))
            return 0;
    }
    if (!bban_ok(bban, norm + 4) || !pm_iban_ok(norm, want) || !national_ok(cc, norm + 4))
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

/* Not after a word byte: a country of the table (either case), perhaps a
 * space, then the check digits, which start a cluster of digits
 * (pm_cluster_lead). */
static int iban_gate(const struct pm_cluster *c, const char *buf, size_t len)
{
    (void)len;
    size_t s = c->start;
    if (c->glen[0] < 2 || !pm_cluster_lead(buf, s))
        return 0;
    if (buf[s - 1] == ' ')
        s--;
    char cc[2] = {upper(buf[s - 2]), upper(buf[s - 1])};
    return country_bban(cc) != NULL;
}

const struct pm_detector_def pm_det_iban = {
    .id = "iban",
    .description = "IBANs for every registry country: length and BBAN structure by country, "
                   "mod-97 check; electronic, in fours or in the groups banks print",
    /* At most 34 characters, each may be followed by a separator. */
    .pattern = "(?<![0-9A-Za-z_])[A-Za-z]{2} ?[0-9]{2}(?:[ .-]?[A-Za-z0-9]){11,30}",
    .max_len = 66,
    .validate = iban_validate,
    .mask = iban_mask,
    .cluster_gate = iban_gate,
    .gate_digits = 2,
    .gate_lead = 1,
};
