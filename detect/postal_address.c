/* postal_address.c — postal addresses: a street line, then a postcode and a
 * city in the shape of the street's country.
 *
 * A street line is a house number and a street word, in the order the
 * locale writes them:
 *   number first   "12 Main Street", "221B Baker St", "12 rue de la Paix"
 *                  (US, GB, CA, AU, IN: the word ends the name; FR: it leads it);
 *   name first     "Via Roma 5", "Calle de Alcalá, 45, 2º B" (IT, ES: a word
 *                  leads the name), "Berliner Straße 12" (DE, NL: a word of
 *                  its own ends it), "Hauptstraße 12a", "Kerkstraat 12" (one
 *                  compound word ending in the street word);
 * with a flat/apartment/unit before or after it ("Flat 3, 12 High St",
 * "350 Fifth Avenue, Apt 4B"). After it, past a comma, a newline or a table
 * cell's mark (0x1E, with the cell's "HEADER: "), come the postcode and the
 * city: "10115 Berlin" (DE, FR, IT, ES: five digits), "1234 AB Amsterdam"
 * (NL), "Springfield, IL 62704" (US, ZIP or ZIP+4 after a state code),
 * "Ottawa, ON K1A 0B1" (CA, valid letters only), "London SW1A 1AA" (UK, the
 * Royal Mail's format rules), "Sydney NSW 2000" (AU), "Mumbai 400001" (IN).
 * The match spans the street line through the last of them, so one address
 * counts once, on one line or across two, or across the cells of one table
 * row (street, postcode, city in their own columns). A street line alone
 * counts only right after an address label ("Address: 1 Main St", a column
 * headed address/Anschrift/adresse/...), at low confidence that the label
 * raises to medium; a whole address is high.
 *
 * The PCRE2 pattern only says where an address may start (a word start) and
 * takes up to ADDR_MAX bytes; the parser here reads the address and shortens
 * the match to it, reading nothing past the pattern's match (so what it finds
 * does not depend on where windows begin). The one-pass engine runs it only
 * near a street word with a number (the `starts`) or a street suffix after
 * a capitalised word (street_gate.c).
 *
 * Normalised value (hashed): "street line, postcode, city[, state]", each
 * part case-folded, accent-folded (ß -> ss), runs of spaces and punctuation
 * made one space (a ZIP+4 is its ZIP). Mask: "*** Street, 10*** Berlin": the
 * street word, the city and the postcode's first two characters kept.
 * Never keeps or logs a value.
 */
#include <string.h>

#include "detect/address_form.h"  /* the parts, the normalised form, the mask */
#include "detect/address_words.h" /* street words, labels, word readers */
#include "detect/detector.h"
#include "detect/postcode.h"
#include "detect/street_gate.h"

/* Longest address read (street line through city): street_gate.h's. */
#define ADDR_MAX PM_ADDR_MAX
/* Longest street name between a number and its street word (and the bytes
 * the start patterns allow there). */
#define NAME_REACH 80

/* Between parts: blanks, one comma or semicolon, at most one line break,
 * a table cell's mark with the cell's "HEADER: ". Returns where the next
 * part starts (i itself if nothing is skipped). */
static size_t skip_sep(const unsigned char *b, size_t i, size_t lim)
{
    int nl = 0, comma = 0;
    while (i < lim) {
        unsigned char c = b[i];
        if (pm_pa_blank(c) || c == '\r') {
            i++;
        } else if ((c == ',' || c == ';') && !comma) {
            comma = 1;
            i++;
        } else if (c == '\n' && !nl) {
            /* The next line, past a comment's leader: an address in a
             * licence header wraps as "Boston, MA\n * 02110-1301". */
            nl = 1;
            i++;
            while (i < lim && pm_pa_blank(b[i]))
                i++;
            if (i + 1 < lim && (b[i] == '/' || b[i] == '-') && b[i + 1] == b[i])
                i += 2;
            else if (i < lim && (b[i] == '#' || b[i] == '*' || b[i] == ';' || b[i] == '%' ||
                                 b[i] == '>'))
                i++;
        } else if (c == PM_CONTEXT_BARRIER) {
            i = pm_pa_cell_label_end(b, i + 1, lim);
        } else {
            break;
        }
    }
    return i;
}

/* A house number: 1-5 digits, a letter ("12a", "221B"), a range or a
 * second number ("12-14", "5/2"), "bis"/"ter"; not a decimal, a time, a
 * version or a date. Returns its end, or 0. */
static size_t house_number(const unsigned char *b, size_t i, size_t lim, size_t maxd)
{
    size_t j = i;
    while (j < lim && pm_pa_dig(b[j]) && j - i <= maxd)
        j++;
    if (j == i || j - i > maxd)
        return 0;
    if (j < lim && (b[j] == '-' || b[j] == '/') && j + 1 < lim && pm_pa_dig(b[j + 1])) {
        size_t k = j + 1;
        while (k < lim && pm_pa_dig(b[k]) && k - j <= 4)
            k++;
        j = k;
    }
    if (j < lim && pm_pa_alpha(b[j]) && b[j] < 0x80) {
        size_t e = pm_pa_word_end(b, j, lim);
        if (e - j == 1 || pm_pa_word_is(b, j, e, "bis") || pm_pa_word_is(b, j, e, "ter"))
            j = e;
        else
            return 0; /* "12th", "5km", "3x" */
    }
    if (j < lim && (pm_pa_dig(b[j]) || pm_pa_alpha(b[j]) || b[j] == '_'))
        return 0;
    if (j + 1 < lim && (b[j] == '.' || b[j] == ':' || b[j] == '/' || b[j] == '-') &&
        pm_pa_dig(b[j + 1]))
        return 0;
    return j;
}

/* A flat or unit: "Flat 3", "Apt. 4B", "Suite 100", "#12". Returns its end,
 * or 0. */
static size_t unit_at(const unsigned char *b, size_t i, size_t lim)
{
    size_t j = i;
    if (j < lim && b[j] == '#') {
        j++;
    } else {
        size_t e = pm_pa_word_end(b, i, lim);
        if (e == i || !pm_pa_in_list(b, i, e, pm_pa_unit_words))
            return 0;
        j = e;
        if (j < lim && b[j] == '.')
            j++;
        while (j < lim && pm_pa_blank(b[j]))
            j++;
        if (j < lim && b[j] == '#')
            j++;
    }
    size_t k = j;
    while (k < lim && (pm_pa_dig(b[k]) || pm_pa_up(b[k]) || pm_pa_low(b[k])) && k - j < 5)
        k++;
    if (k == j || (k < lim && (pm_pa_dig(b[k]) || pm_pa_alpha(b[k]))))
        return 0;
    for (size_t t = j; t < k; t++)
        if (pm_pa_dig(b[t]))
            return k;
    return k - j <= 2 ? k : 0; /* "Apt B", not "Suite Fighter" */
}

/* ", 2º B" after a Spanish house number: floor and door. */
static size_t floor_door(const unsigned char *b, size_t i, size_t lim)
{
    size_t j = i;
    while (j < lim && (pm_pa_blank(b[j]) || b[j] == ','))
        j++;
    size_t d = j;
    while (j < lim && pm_pa_dig(b[j]) && j - d < 2)
        j++;
    if (j == d || j + 1 >= lim || b[j] != 0xC2 ||
        (b[j + 1] != 0xBA && b[j + 1] != 0xAA && b[j + 1] != 0xB0))
        return i;
    j += 2;
    size_t k = j;
    while (k < lim && pm_pa_blank(b[k]))
        k++;
    if (k < lim && pm_pa_up(b[k]) && (k + 1 >= lim || !pm_pa_alpha(b[k + 1])))
        j = k + 1;
    return j;
}

/* A two-letter street word (and "Ter", "Cir", "Trl") is one only as
 * SHORT_WORDS writes it: "St", "ST", "av", not "st" (a log's "st=3"). */
static int short_ok(const unsigned char *b, size_t i, size_t e)
{
    static const char *const short3[] = {"ter", "cir", "trl", NULL};
    if (e - i != 2 && !pm_pa_in_list(b, i, e, short3))
        return 1;
    return pm_pa_up(b[i]) || pm_pa_word_is(b, i, e, "av") || pm_pa_word_is(b, i, e, "bd");
}

/* An ordinal in a street's name: "2nd", "42nd", "5th". Returns its end,
 * or i. */
static size_t ordinal(const unsigned char *b, size_t i, size_t lim)
{
    size_t j = i;
    while (j < lim && pm_pa_dig(b[j]) && j - i < 3)
        j++;
    if (j == i || j + 2 > lim || (j + 2 < lim && pm_pa_alpha(b[j + 2])))
        return i;
    static const char *const sfx[] = {"st", "nd", "rd", "th", NULL};
    return pm_pa_in_list(b, j, j + 2, sfx) ? j + 2 : i;
}

/* 1 if b[i, e) is a word of a name: capitalised, a number ("2nd"), or
 * capitalised past an elided article ("l'Abbaye", "d'Orsay"). */
static int name_word(const unsigned char *b, size_t i, size_t e, size_t lim)
{
    if (pm_pa_cap_at(b, i, lim) || pm_pa_dig(b[i]))
        return 1;
    return e - i > 2 && b[i + 1] == '\'' && pm_pa_cap_at(b, i + 2, lim);
}

/* Number first: "12 Main Street", "12 rue de la Paix". Returns the street
 * line's end, or 0; sets sw[0, 1] to its street word. */
static size_t number_first(const unsigned char *b, size_t i, size_t lim, size_t *sw)
{
    size_t j = house_number(b, i, lim, 5);
    if (!j)
        return 0;
    if (j < lim && b[j] == ',')
        j++;
    if (j >= lim || !pm_pa_blank(b[j]))
        return 0;
    size_t ws[8], we[8];
    unsigned kinds[8];
    size_t n = 0;
    while (n < 8) {
        while (j < lim && pm_pa_blank(b[j]))
            j++;
        size_t e = pm_pa_word_end(b, j, lim);
        if (e == j)
            e = ordinal(b, j, lim); /* "2nd Ave" */
        if (e == j || j - i > NAME_REACH)
            break;
        ws[n] = j;
        we[n] = e;
        kinds[n] = short_ok(b, j, e) ? pm_pa_kind_of(b, j, e, NULL) : 0;
        n++;
        j = e;
        if (j < lim && b[j] == '.')
            j++;
        if (j >= lim || !pm_pa_blank(b[j]))
            break;
    }
    if (n >= 1)
        sw[0] = ws[0], sw[1] = we[0];
    if (n >= 1 && (kinds[0] & W_WHOLE) && (n == 1 || !pm_pa_cap_at(b, ws[1], lim)))
        return we[0];
    if (n >= 2 && (kinds[0] & W_LEAD)) {
        /* A name after the leading word has a capital or a number in it
         * ("12 rue de la Paix", "12 Avenue of the Americas"); lower-case
         * words only are prose or a log's ("2 place holders", "1 route
         * added"). */
        int named = 0;
        for (size_t q = 1; q < n; q++)
            named |= name_word(b, ws[q], we[q], lim);
        if (!named)
            return 0;
        size_t end = we[n - 1];
        return end < lim && b[end] == '.' ? end + 1 : end;
    }
    for (size_t k = 1; k < n; k++) {
        if (!(kinds[k] & W_AFTER))
            continue;
        /* The last of a run of them: "Mill Hill Road", "Lower Green Way". */
        while (k + 1 < n && (kinds[k + 1] & W_AFTER) && b[we[k]] == ' ')
            k++;
        int named = 0;
        for (size_t q = 0; q <= k; q++)
            named |= pm_pa_cap_at(b, ws[q], lim) || pm_pa_dig(b[ws[q]]);
        if ((kinds[k] & W_NAMED) && !named)
            return 0;
        sw[0] = ws[k], sw[1] = we[k];
        size_t end = we[k];
        if (end < lim && (pm_pa_dig(b[end]) || b[end] == '_'))
            return 0;
        if (end < lim && b[end] == '.')
            end++;
        /* A direction after it: "Main St NW". */
        if (k + 1 < n && we[k + 1] - ws[k + 1] <= 2 && pm_pa_up(b[ws[k + 1]]) &&
            (we[k + 1] - ws[k + 1] == 1 || pm_pa_up(b[ws[k + 1] + 1])) &&
            strchr("NSEW", b[ws[k + 1]]))
            end = we[k + 1];
        return end;
    }
    return 0;
}

/* Name first: "Via Roma 5", "Calle de Alcalá, 45, 2º B", "Berliner Straße
 * 12", "Hauptstraße 12a". Returns the street line's end, or 0. */
static size_t name_first(const unsigned char *b, size_t i, size_t lim, size_t *sw)
{
    size_t ws[7], we[7], j = i, n = 0;
    int cell = 0; /* the number in the next cell of the row ("straat;huisnummer") */
    while (n < 7) {
        size_t e = n == 0 ? pm_pa_dotted_end(b, j, lim) : j; /* "V.le Marconi 12" */
        if (e == j)
            e = pm_pa_word_end(b, j, lim);
        if (e == j)
            return 0;
        ws[n] = j;
        we[n++] = e;
        j = e;
        if (j < lim && b[j] == '.')
            j++;
        else if (j < lim && b[j] == '/' && pm_pa_word_is(b, ws[n - 1], e, "c"))
            j++;
        size_t k = j;
        while (k < lim && pm_pa_blank(b[k]))
            k++;
        if (k < lim && b[k] == ',') {
            k++;
            while (k < lim && pm_pa_blank(b[k]))
                k++;
            if (k < lim && pm_pa_dig(b[k])) {
                j = k;
                break;
            }
            return 0;
        }
        if (k == j && k < lim && b[k] == PM_CONTEXT_BARRIER) {
            size_t d = skip_sep(b, k, lim);
            if (d >= lim || !pm_pa_dig(b[d]) || memchr(b + k + 1, PM_CONTEXT_BARRIER, d - k - 1))
                return 0;
            j = d;
            cell = 1;
            break;
        }
        if (k < lim && pm_pa_dig(b[k]) && (k > j || b[j - 1] == '.')) {
            j = k;
            break;
        }
        if (k == j || j - i > NAME_REACH)
            return 0;
        j = k;
    }
    /* The number close to the name (the start patterns' reach). */
    if (j >= lim || !pm_pa_dig(b[j]) || j - i > NAME_REACH || (j - we[n - 1] > 4 && !cell))
        return 0;
    size_t sfx = 0;
    unsigned k0 = pm_pa_kind_of(b, ws[0], we[0], &sfx);
    if (we[0] - ws[0] == 1 && ((pm_pa_lc(b[ws[0]]) == 'c' && b[we[0]] == '/') ||
                               (b[ws[0]] == 'C' && b[we[0]] == '.')))
        k0 = W_PREFIX; /* "C/ Mayor 3", "C. Mayor 3" */
    unsigned kl = pm_pa_kind_of(b, ws[n - 1], we[n - 1], NULL);
    int ok = 0;
    if ((k0 & W_PREFIX) && n >= 2) {
        for (size_t k = 1; k < n; k++)
            ok |= pm_pa_cap_at(b, ws[k], lim);
        sw[0] = ws[0], sw[1] = we[0];
    } else if (n == 1 && (k0 & W_SUFFIX) && pm_pa_cap_at(b, ws[0], lim)) {
        ok = 1;
        sw[0] = sfx, sw[1] = we[0];
    } else if ((kl & W_BEFORE) && n >= 2 && n <= 3) {
        ok = 1;
        for (size_t k = 0; k < n; k++)
            ok &= pm_pa_cap_at(b, ws[k], lim);
        sw[0] = ws[n - 1], sw[1] = we[n - 1];
    }
    if (!ok)
        return 0;
    size_t e = house_number(b, j, lim, 4);
    return e ? floor_door(b, e, lim) : 0;
}

/* A flat or unit after the street line: ", Apt 4B", "\nSuite 100". */
static const char *const floor_words[] = {"floor", "fl", "etage", "stock", "og", "piso",
                                          "planta", "piano", NULL};

/* A floor: "Fifth Floor", "3rd Floor", "Floor 5", "2. OG". Returns its end,
 * or 0. */
static size_t floor_at(const unsigned char *b, size_t i, size_t lim)
{
    size_t ws[3], we[3], n = 0, j = i;
    while (n < 3 && j < lim) {
        size_t e = pm_pa_word_end(b, j, lim);
        if (e == j)
            e = ordinal(b, j, lim);
        if (e == j)
            while (e < lim && pm_pa_dig(b[e]) && e - j < 3)
                e++;
        if (e == j)
            break;
        ws[n] = j;
        we[n++] = e;
        j = e;
        if (j < lim && b[j] == '.')
            j++;
        if (j + 1 >= lim || !pm_pa_blank(b[j]) || b[j + 1] == ',')
            break;
        j++;
    }
    if (n >= 2 && pm_pa_in_list(b, ws[n - 1], we[n - 1], floor_words))
        return we[n - 1];
    if (n >= 2 && pm_pa_in_list(b, ws[0], we[0], floor_words) && pm_pa_dig(b[ws[1]]))
        return we[1];
    return 0;
}

/* A street's name without its number, after a flat ("Flat 5\nHenry
 * mill", "Flat 5, Henry Mill"): two to four words on one line, the first
 * capitalised, the last a street word ending the line or the part.
 * Returns its end, or 0. */
static size_t name_only(const unsigned char *b, size_t i, size_t lim, size_t *sw)
{
    size_t j = i;
    if (!pm_pa_cap_at(b, i, lim))
        return 0;
    for (size_t n = 0; n < 4; n++) {
        size_t e = pm_pa_word_end(b, j, lim);
        if (e == j)
            return 0;
        int more = e + 1 < lim && b[e] == ' ' && pm_pa_alpha(b[e + 1]);
        if (n >= 1 && !more && (pm_pa_kind_of(b, j, e, NULL) & W_AFTER) && short_ok(b, j, e)) {
            sw[0] = j, sw[1] = e;
            return e < lim && (pm_pa_dig(b[e]) || b[e] == '_') ? 0 : e;
        }
        if (!more)
            return 0;
        j = e + 1;
    }
    return 0;
}

/* A French street's name without its number: "rue Bourgeois", "avenue
 * Aurore Riou" (a lower-case leading word, then up to four words, one
 * capitalised, to the end of the line or part). Returns its end, or 0. */
static size_t lead_only(const unsigned char *b, size_t i, size_t lim, size_t *sw)
{
    static const char *const leads[] = {"rue", "avenue", "boulevard", "chemin", "all\xc3\xa9" "e",
                                        "impasse", "quai", NULL};
    size_t e = pm_pa_word_end(b, i, lim);
    int caps = 0;
    if (!pm_pa_in_list(b, i, e, leads))
        return 0;
    sw[0] = i, sw[1] = e;
    for (size_t n = 0; n < 4 && e + 1 < lim && b[e] == ' ' && pm_pa_alpha(b[e + 1]); n++) {
        size_t w = pm_pa_word_end(b, e + 1, lim);
        if (w == e + 1)
            return 0;
        caps |= pm_pa_cap_at(b, e + 1, lim);
        e = w;
    }
    return caps && (e >= lim || b[e] == '\n' || b[e] == ',' || b[e] == '\r') ? e : 0;
}

/* Flats, units and floors after the street line: ", Apt 4B", "\nSuite
 * 100", ", Fifth Floor". */
static size_t unit_after(const unsigned char *b, size_t i, size_t lim)
{
    for (int k = 0; k < 2; k++) {
        size_t j = skip_sep(b, i, lim);
        if (j == i || j >= lim || memchr(b + i, PM_CONTEXT_BARRIER, j - i))
            return i;
        size_t e = unit_at(b, j, lim);
        if (!e)
            e = floor_at(b, j, lim);
        if (!e)
            return i;
        i = e;
    }
    return i;
}

/* A city: capitalised words, lower-case connectors between them. Fills
 * ends[] with the end of each capitalised word (where the city may end);
 * returns how many. */
static size_t city_words(const unsigned char *b, size_t i, size_t lim, size_t *ends, size_t max)
{
    size_t n = 0, j = i;
    while (n < max && j < lim) {
        size_t e = pm_pa_word_end(b, j, lim);
        if (e == j)
            break;
        if (pm_pa_cap_at(b, j, lim) || (n > 0 && pm_pa_in_list(b, j, e, pm_pa_city_tails))) {
            ends[n++] = e;
        } else if (n == 0 || !pm_pa_in_list(b, j, e, pm_pa_connectors)) {
            break;
        }
        j = e;
        if (j < lim && b[j] == '.')
            j++;
        if (j + 1 < lim && pm_pa_blank(b[j]) && pm_pa_alpha(b[j + 1]))
            j++;
        else
            break;
    }
    return n;
}

/* After an Italian postcode ending at `i`: the province's name and code,
 * " Oristano (RG)", " La Spezia (SP)"; sets a's region to them if there. */
static void province(const unsigned char *b, size_t i, size_t lim, struct pm_pa_addr *a)
{
    size_t ends[4];
    if (i + 1 >= lim || !pm_pa_blank(b[i]))
        return;
    size_t n = city_words(b, i + 1, lim, ends, 4);
    if (n == 0)
        return;
    size_t p = ends[n - 1];
    if (p + 5 <= lim && b[p] == ' ' && b[p + 1] == '(' && pm_pa_up(b[p + 2]) &&
        pm_pa_up(b[p + 3]) && b[p + 4] == ')') {
        a->reg_a = i + 1;
        a->reg_e = p + 5;
    }
}

/* After a city's word ending at `i`: a state or province and its postcode
 * (US, CA, AU), a UK postcode, an Indian PIN. Fills a and returns 1. */
static int after_city(const unsigned char *b, size_t i, size_t lim, struct pm_pa_addr *a)
{
    size_t j = skip_sep(b, i, lim), e, r;
    if (j == i)
        return 0;
    a->reg_a = a->reg_e = 0;
    if ((r = pm_pa_region(b, j, lim, PM_PA_US)) != 0) {
        size_t z = skip_sep(b, r, lim);
        if (z > r && (e = pm_pa_digits(b, z, lim, 5)) != 0) {
            a->reg_a = j, a->reg_e = r, a->pc_a = z, a->pc_e = e;
            return 1;
        }
    }
    if ((r = pm_pa_region(b, j, lim, PM_PA_CA)) != 0) {
        size_t z = skip_sep(b, r, lim);
        if (z > r && (e = pm_pa_ca(b, z, lim)) != 0) {
            a->reg_a = j, a->reg_e = r, a->pc_a = z, a->pc_e = e;
            return 1;
        }
    }
    if ((r = pm_pa_region(b, j, lim, PM_PA_AU)) != 0) {
        size_t z = skip_sep(b, r, lim);
        if (z > r && (e = pm_pa_digits(b, z, lim, 4)) != 0) {
            a->reg_a = j, a->reg_e = r, a->pc_a = z, a->pc_e = e;
            return 1;
        }
    }
    if ((e = pm_pa_uk(b, j, lim)) != 0 || (e = pm_pa_ca(b, j, lim)) != 0) {
        a->pc_a = j, a->pc_e = e;
        return 1;
    }
    /* ES, IT: "Soria, 02624", "San Ariel, 21302 Oristano (RG)"; not a
     * count of something ("Total, 12345 items", "Metric, 20000 bytes"):
     * no lower-case word right after the number. */
    if ((e = pm_pa_digits(b, j, lim, 5)) != 0 &&
        !(e + 1 < lim && pm_pa_blank(b[e]) && pm_pa_low(b[e + 1]))) {
        a->pc_a = j, a->pc_e = e;
        province(b, e, lim, a);
        return 1;
    }
    if (j < lim && b[j] == '-')
        j = skip_sep(b, j + 1, lim);
    if ((e = pm_pa_in(b, j, lim)) != 0) {
        a->pc_a = j, a->pc_e = e;
        return 1;
    }
    return 0;
}

/* The postcode and city after a street line, from i: "10115 Berlin",
 * "1234 AB Amsterdam", "Springfield, IL 62704", "London SW1A 1AA". Fills
 * a and returns 1, or 0. */
static int postcode_city(const unsigned char *b, size_t i, size_t lim, struct pm_pa_addr *a)
{
    size_t ends[6], e;
    if (i >= lim)
        return 0;
    if (pm_pa_dig(b[i])) {
        e = pm_pa_digits(b, i, lim, 5);
        if (!e)
            e = pm_pa_nl(b, i, lim);
        if (!e && pm_pa_digits(b, i, lim, 2) && b[i + 2] == ' ')
            e = pm_pa_digits(b, i + 3, lim, 3); /* FR "75 008 Paris" */
        if (!e)
            return 0;
        size_t c = skip_sep(b, e, lim);
        if (c == e || city_words(b, c, lim, ends, 1) == 0)
            return 0;
        size_t n = city_words(b, c, lim, ends, 6);
        a->pc_a = i, a->pc_e = e, a->city_a = c, a->city_e = ends[n - 1];
        a->reg_a = a->reg_e = 0;
        a->end = a->city_e;
        return 1;
    }
    size_t n = city_words(b, i, lim, ends, 6);
    for (size_t k = 0; k < n; k++)
        if (after_city(b, ends[k], lim, a)) {
            a->city_a = i, a->city_e = ends[k];
            a->end = a->reg_e > a->pc_e ? a->reg_e : a->pc_e;
            if (a->reg_e && a->pc_e == a->pc_a + 5 && a->end == a->pc_e && a->pc_e < lim &&
                b[a->pc_e] == '-' && pm_pa_digits(b, a->pc_e + 1, lim, 4))
                a->end = a->pc_e + 5;
            return 1;
        }
    return 0;
}

/* A US military address (USPS Publication 28, 22): "PSC 6248, Box 2511",
 * "Unit 3171 Box 2478" or a ship ("USCGC Davis", "USNS Smith"), then "APO",
 * "FPO" or "DPO", "AA", "AE" or "AP" and the ZIP. Fills a and returns 1. */
static int military(const unsigned char *b, size_t i, size_t lim, struct pm_pa_addr *a)
{
    size_t e = pm_pa_word_end(b, i, lim), j;
    if (pm_pa_word_is(b, i, e, "psc") || pm_pa_word_is(b, i, e, "unit")) {
        j = e + 1;
        if (e >= lim || b[e] != ' ' || !(j = house_number(b, j, lim, 5)))
            return 0;
        j = skip_sep(b, j, lim);
        size_t w = pm_pa_word_end(b, j, lim);
        if (!pm_pa_word_is(b, j, w, "box") || w + 1 >= lim || b[w] != ' ' ||
            !(j = house_number(b, w + 1, lim, 5)))
            return 0;
    } else if ((pm_pa_word_is(b, i, e, "uss") || pm_pa_word_is(b, i, e, "usns") ||
                pm_pa_word_is(b, i, e, "usnv") || pm_pa_word_is(b, i, e, "uscgc")) &&
               pm_pa_up(b[i + 1]) && e + 1 < lim && b[e] == ' ' && pm_pa_cap_at(b, e + 1, lim)) {
        j = pm_pa_word_end(b, e + 1, lim);
    } else {
        return 0;
    }
    size_t t = skip_sep(b, j, lim);
    if (t == j || t + 12 > lim || !strchr("AFD", b[t]) || b[t + 1] != 'P' || b[t + 2] != 'O' ||
        b[t + 3] != ' ' || b[t + 4] != 'A' || !strchr("AEP", b[t + 5]) || b[t + 6] != ' ' ||
        !pm_pa_digits(b, t + 7, lim, 5))
        return 0;
    a->st_a = i, a->st_e = j;
    a->city_a = t, a->city_e = t + 3;
    a->reg_a = t + 4, a->reg_e = t + 6;
    a->pc_a = t + 7, a->pc_e = a->end = t + 12;
    return 1;
}

/* Reads the address starting at b[at], within b[at, lim). Returns the
 * confidence (before context), or PM_CONF_NONE. */
static int parse(const unsigned char *b, size_t at, size_t lim, struct pm_pa_addr *a)
{
    size_t i = at, e = 0, sw[2] = {0, 0};
    a->sw_a = a->sw_e = 0;
    if (military(b, at, lim, a))
        return PM_CONF_HIGH;
    size_t u = unit_at(b, i, lim);
    if (u) /* "Flat 3, 12 High Street", "Unit 66\n 345 Marvin View" */
        i = skip_sep(b, u, lim);
    if (i < lim && pm_pa_dig(b[i]))
        e = number_first(b, i, lim, sw);
    else if (i < lim && pm_pa_alpha(b[i]))
        e = name_first(b, i, lim, sw);
    if (!e && u && i < lim && pm_pa_alpha(b[i]))
        e = name_only(b, i, lim, sw);
    if (!e && !u && i < lim && pm_pa_low(b[i]))
        e = lead_only(b, i, lim, sw);
    if (!e)
        return PM_CONF_NONE;
    e = unit_after(b, e, lim);
    a->sw_a = sw[0], a->sw_e = sw[1];
    a->st_a = at;
    a->st_e = e;
    a->pc_a = a->pc_e = a->reg_a = a->reg_e = 0;
    a->city_a = a->city_e = e;
    size_t t = skip_sep(b, e, lim);
    if (t > e) {
        size_t t2 = t;
        if (t < lim && postcode_city(b, t, lim, a))
            return PM_CONF_HIGH;
        /* A flat or unit on a line of its own. */
        size_t ue = unit_at(b, t, lim);
        if (ue && (t2 = skip_sep(b, ue, lim)) > ue && postcode_city(b, t2, lim, a)) {
            a->st_e = ue;
            return PM_CONF_HIGH;
        }
    }
    a->pc_a = a->pc_e = a->reg_a = a->reg_e = 0;
    a->city_a = a->city_e = e;
    a->end = e;
    /* A street line alone: only right after an address label. */
    return pm_label_before((const char *)b, at, pm_pa_addr_context) ? PM_CONF_LOW : PM_CONF_NONE;
}


static int addr_validate(const struct pm_detector_def *self, const char *buf, size_t buflen,
                         size_t at, size_t *np, char *norm)
{
    (void)self;
    const unsigned char *b = (const unsigned char *)buf;
    size_t lim = at + *np < buflen ? at + *np : buflen;
    unsigned char before = at > 0 ? b[at - 1] : ' ';
    if (pm_pa_alpha(before) || pm_pa_dig(before) || (before && strchr("_.-/:#'", before)))
        return PM_CONF_NONE;
    struct pm_pa_addr a;
    int conf = parse(b, at, lim, &a);
    if (conf == PM_CONF_NONE)
        return conf;
    *np = a.end - at;
    pm_pa_normalise(b, &a, norm);
    return conf;
}


const struct pm_detector_def pm_det_postal_address = {
    .id = "postal_address",
    .description = "Postal addresses: a street line (house number and a street word: Street, "
                   "rue, Via, Calle, -straße, -straat, ...) with the postcode and city of its "
                   "country (US, GB, CA, AU, IN, DE, FR, IT, ES, NL); a street line alone "
                   "only after an address label",
    /* Where an address may start: a word start that is a number, a
     * capital, or a word the parser takes in lower case (a street word
     * leading the name, a flat or unit: address_words.c's W_PREFIX words
     * and units), so most words of prose are passed over here. The parser reads
     * the address there and shortens the match to it. */
    .pattern = "(?<![0-9A-Za-z_\\x80-\\xff.\\-/:#'])"
               "(?=[0-9A-Z\\x80-\\xff]|(?i:rue|avenue|boulevard|chemin|all\xc3\xa9" "e|impasse|quai|via|viale|piazza|piazzale|corso|largo|vicolo|calle|c/|"
               "v\\.l[eo]|p\\.zz?a|p\\.le|c\\.so|l\\.go|"
               "avenida|avda|paseo|plaza|pza|carrer|camino|ronda|flat|apt|apartment|suite|ste|"
               "unit|wohnung|whg|appartement|app|apto|piso|bus)(?![a-z]))(?s:.{1,240})",
    .max_len = ADDR_MAX,
    .validate = addr_validate,
    .mask = pm_pa_mask,
    .context = pm_pa_addr_context,
    .starts = pm_pa_addr_starts,
    .text_gate = pm_street_gate,
};
