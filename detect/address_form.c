/* address_form.c — the forms postal_address.c makes of an address it has
 * read (see address_form.h): the normalised value that is hashed and the
 * masked sample that is stored. Writes only into the caller's buffers:
 * never keeps or logs a value.
 */
#define _GNU_SOURCE /* explicit_bzero */
#include <stdio.h>
#include <string.h>

#include "detect/address_form.h"
#include "detect/address_words.h"
#include "detect/detector.h"
#include "detect/postcode.h"

/* One folded character out, after one space if a separator came before. */
static void put(char *out, size_t *o, size_t cap, int *sp, char f)
{
    if (*sp && *o > 0 && *o + 1 < cap)
        out[(*o)++] = ' ';
    *sp = 0;
    if (*o + 1 < cap)
        out[(*o)++] = f;
}

/* Writes b[a, e) folded into out (cap bytes, NUL-terminated): ASCII lower
 * case, Latin-1 letters without their accents (ß -> ss), every run of
 * other bytes one space; other scripts as they are; with `full`, the
 * street word at b[sw_a, sw_e) as that word ("St" as "street"). Returns
 * the length. */
static size_t fold(const unsigned char *b, size_t a, size_t e, char *out, size_t cap,
                   size_t sw_a, size_t sw_e, const char *full)
{
    /* U+00C0..U+00FF; '_' where no letter (× ÷). */
    static const char l1[] = "aaaaaaaceeeeiiiidnooooo_ouuuuyts"
                             "aaaaaaaceeeeiiiidnooooo_ouuuuyty";
    size_t o = 0;
    int sp = 0;
    for (size_t i = a; i < e; i++) {
        unsigned char c = b[i];
        if (full && i == sw_a && sw_e <= e) {
            for (const char *f = full; *f; f++)
                put(out, &o, cap, &sp, *f);
            i = sw_e - 1;
        } else if (pm_pa_dig(c) || pm_pa_low(c) || pm_pa_up(c)) {
            put(out, &o, cap, &sp, (char)pm_pa_lc(c));
        } else if (c == 0xC3 && i + 1 < e && b[i + 1] >= 0x80 && b[i + 1] <= 0xBF) {
            char f = l1[b[++i] - 0x80];
            if (f == '_')
                sp = 1;
            else
                put(out, &o, cap, &sp, f);
            if (b[i] == 0x9F) /* ß */
                put(out, &o, cap, &sp, 's');
        } else if (c >= 0x80 && c != 0xC2) {
            put(out, &o, cap, &sp, (char)c);
        } else if (c == PM_CONTEXT_BARRIER) {
            /* The next cell's label is no part of the address. */
            i = pm_pa_cell_label_end(b, i + 1, e) - 1;
            sp = 1;
        } else {
            if (c == 0xC2 && i + 1 < e)
                i++; /* º ª ° and the like: a separator */
            sp = 1;
        }
    }
    out[o] = '\0';
    return o;
}

static size_t street_mask(const char *line, size_t n, char *out);
static size_t dotted_mask(const unsigned char *b, const struct pm_pa_addr *a, char *out);

/* The normalised form: "street line, postcode, city[, state]", with the
 * street word in full. After its NUL, the mask of the street word as
 * written ("*** St"), which pm_pa_mask shows (or an empty string). */
void pm_pa_normalise(const unsigned char *b, const struct pm_pa_addr *a, char *norm)
{
    size_t o = 0;
    const size_t parts[4][2] = {
        {a->st_a, a->st_e}, {a->pc_a, a->pc_e}, {a->city_a, a->city_e}, {a->reg_a, a->reg_e}};
    const char *full = a->sw_e > a->sw_a ? pm_pa_full_word(b, a->sw_a, a->sw_e) : NULL;
    norm[0] = '\0';
    for (int p = 0; p < 4; p++) {
        if (parts[p][1] <= parts[p][0] || o + 8 >= PM_NORM_MAX)
            continue;
        if (o > 0) {
            norm[o++] = ',';
            norm[o++] = ' ';
        }
        /* One byte kept past the NUL, for the mask's. */
        o += fold(b, parts[p][0], parts[p][1], norm + o, PM_NORM_MAX - 1 - o, a->sw_a, a->sw_e,
                  p == 0 ? full : NULL);
    }
    char line[PM_NORM_MAX], m[PM_MASK_MAX];
    size_t n = fold(b, a->st_a, a->st_e, line, sizeof line, 0, 0, NULL);
    size_t mn = dotted_mask(b, a, m);
    if (!mn)
        mn = street_mask(line, n, m);
    norm[o + 1] = '\0';
    if (o + 2 + mn <= PM_NORM_MAX)
        memcpy(norm + o + 1, m, mn + 1);
    explicit_bzero(line, sizeof line);
}
/* Appends s to out with each word's first letter in capitals, but for
 * the connectors ("Frankfurt am Main"). */
static void title(char *out, size_t *o, const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    for (size_t i = 0; i < n && *o + 1 < PM_MASK_MAX; i++) {
        int cap = (i == 0 || s[i - 1] == ' ') && pm_pa_low(u[i]);
        if (cap && i > 0) {
            size_t e = i;
            while (e < n && s[e] != ' ')
                e++;
            cap = !pm_pa_in_list(u, i, e, pm_pa_connectors);
        }
        out[(*o)++] = (char)(cap ? u[i] - 32 : u[i]);
    }
    out[*o] = '\0';
}

/* "*** Street", "***Strasse", "***": the street word of a folded street
 * line, line[0, n), into out (PM_MASK_MAX). Returns its length. */
static size_t street_mask(const char *line, size_t n, char *out)
{
    const unsigned char *b = (const unsigned char *)line;
    /* The street word: the first word of the street line that is one, or
     * the street word a compound ends in; of words ending a name, the
     * last ("Flat 3, 12 High St", "405 River Oaks Parkway"). */
    const char *sw = NULL;
    size_t swn = 0;
    int compound = 0;
    unsigned swk = 0;
    for (size_t i = 0; i < n && (!sw || (swk & W_AFTER));) {
        size_t e = i;
        while (e < n && b[e] != ' ')
            e++;
        size_t sfx = e;
        unsigned k = pm_pa_kind_of(b, i, e, &sfx);
        if ((k & (unsigned)~W_SUFFIX) && (!sw || (k & W_AFTER))) {
            sw = line + i, swn = e - i, swk = k;
        } else if (k && !sw) {
            sw = line + sfx, swn = e - sfx, compound = 1;
        }
        i = e + 1;
    }
    size_t o = (size_t)snprintf(out, PM_MASK_MAX, "%s", compound || !sw ? "***" : "*** ");
    if (sw)
        title(out, &o, sw, swn);
    return o;
}

/* "*** V.le": the mask of a street word with a dot inside as written,
 * which the folded street line has lost (a dot separates words there).
 * Returns its length, or 0 if the street word has no dot. */
static size_t dotted_mask(const unsigned char *b, const struct pm_pa_addr *a, char *out)
{
    char w[8];
    size_t n = a->sw_e - a->sw_a;
    if (a->sw_e <= a->sw_a || n >= sizeof w || !memchr(b + a->sw_a, '.', n))
        return 0;
    for (size_t k = 0; k < n; k++)
        w[k] = (char)pm_pa_lc(b[a->sw_a + k]);
    size_t o = (size_t)snprintf(out, PM_MASK_MAX, "*** ");
    title(out, &o, w, n);
    return o;
}

/* "*** Street, 10*** Berlin": the street word as written (which
 * pm_pa_normalise left after the value's NUL; from the value's street line
 * if it left none), the postcode's first two characters and the city. */
void pm_pa_mask(const struct pm_detector_def *self, const char *norm, char *out)
{
    (void)self;
    const char *parts[4] = {norm, NULL, NULL, NULL};
    size_t lens[4] = {0}, np = 1;
    for (const char *p = norm; np < 4 && (p = strstr(p, ", ")) != NULL; p += 2)
        parts[np++] = p + 2;
    for (size_t k = 0; k < np; k++)
        lens[k] = (k + 1 < np ? (size_t)(parts[k + 1] - parts[k]) - 2 : strlen(parts[k]));
    const char *written = norm + strlen(norm) + 1;
    size_t o;
    if (written[0] == '*')
        o = (size_t)snprintf(out, PM_MASK_MAX, "%s", written);
    else
        o = street_mask(norm, lens[0], out);
    if (np >= 3) {
        char pc[8] = {0};
        for (size_t k = 0; k < 2 && k < lens[1]; k++)
            pc[k] = (char)(pm_pa_low((unsigned char)parts[1][k]) ? parts[1][k] - 32 : parts[1][k]);
        o += (size_t)snprintf(out + o, PM_MASK_MAX - o, ", %s*** ", pc);
        if (o < PM_MASK_MAX)
            title(out, &o, parts[2], lens[2] < 60 ? lens[2] : 60);
        else
            out[PM_MASK_MAX - 1] = '\0';
    }
}