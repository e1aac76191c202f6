/* value.c — one value given on its own (piimap locate): does a detector read
 * the whole of it as one of its values, and what is its normalised form?
 *
 * The value is shown to the detector as a labelled field, "LABEL: VALUE",
 * a table cell under its header (as the table writer writes one), where
 * LABEL is the detector's first context word: formats that count only
 * after a label in a file (ten bare digits for a phone, nine for an SSN)
 * count here, because whoever types a value into locate says what it is.
 * The detector's own pattern must match the value end to end and its own
 * validator accept all of it, so the normalised form is exactly the one a
 * scan hashes for the same value, however it was written.
 *
 * Never keeps, prints or logs the value: the labelled copy is wiped before
 * it is freed, and only the normalised form goes back to the caller.
 */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>

#include "detect/detector.h"
#include "detect/registry.h" /* the compiled pattern of each detector */

/* Longest value accepted: no detector's value is longer. */
#define VALUE_MAX 1024

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

/* Capitalises the first letter of each word of s[0 .. n) in place (ASCII,
 * and the Latin-1 letters of UTF-8: "élodie" -> "Élodie"). Returns 1 if
 * anything changed. */
static int title_case(char *s, size_t n)
{
    int changed = 0, start = 1;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (start && c >= 'a' && c <= 'z') {
            s[i] = (char)(c - 32);
            changed = 1;
        } else if (start && c == 0xc3 && i + 1 < n && (unsigned char)s[i + 1] >= 0xa0 &&
                   (unsigned char)s[i + 1] <= 0xbe && (unsigned char)s[i + 1] != 0xb7) {
            s[i + 1] = (char)((unsigned char)s[i + 1] - 0x20);
            changed = 1;
        }
        start = is_space((char)c) || c == '-' || c == ',' || c == '/';
        if (c >= 0x80)
            start = 0;
    }
    return changed;
}

static int is_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int is_dig(char c)
{
    return c >= '0' && c <= '9';
}

/* The end of the word (letters, digits, UTF-8) at s[i], and what it
 * holds: ASCII letters, digits, other bytes (then it is no code). */
static size_t ascii_word(const char *s, size_t i, size_t n, int *letters, int *digits)
{
    int other = 0;
    *letters = *digits = 0;
    for (; i < n && (is_alpha(s[i]) || is_dig(s[i]) || (unsigned char)s[i] >= 0x80); i++) {
        *letters |= is_alpha(s[i]);
        *digits |= is_dig(s[i]);
        other |= (unsigned char)s[i] >= 0x80;
    }
    if (other)
        *letters = *digits = 0;
    return i;
}

/* After title_case, upper-cases the words of s[0 .. n) that an address
 * writes in capitals: postcodes of letters and digits ("nw1 6xe", "k1a
 * 0b1", "221b"), and a state's, province's or postcode's two or three
 * letters after ", " ("juneau, ak 99801"), before such a word or a number
 * ("san francisco ca 94105", "sydney nsw 2000", "on k1a 0b1") or after four
 * digits ("1234 ab amsterdam"). Returns 1 if any changed. */
static int address_case(char *s, size_t n)
{
    int changed = 0;
    size_t prev_e = 0;    /* where the word before ends */
    int prev_digits4 = 0; /* it is four digits */
    for (size_t i = 0; i < n;) {
        int l, d;
        size_t e = ascii_word(s, i, n, &l, &d);
        if (e == i) {
            i++;
            continue;
        }
        int caps = l && d; /* a postcode's word, a house number's letter */
        if (l && !d && e - i >= 2 && e - i <= 3) {
            int nl, nd;
            size_t ne = e + 1 < n && s[e] == ' ' ? ascii_word(s, e + 1, n, &nl, &nd) : e;
            caps = (i >= 2 && s[i - 2] == ',' && s[i - 1] == ' ' &&
                    (e == n || s[e] == ' ' || s[e] == ',')) ||
                   (ne > e + 1 && nd) ||
                   (e - i == 2 && prev_digits4 && prev_e + 1 == i && s[prev_e] == ' ');
        }
        for (size_t k = i; caps && k < e; k++)
            if (s[k] >= 'a' && s[k] <= 'z') {
                s[k] = (char)(s[k] - 32);
                changed = 1;
            }
        prev_digits4 = d && !l && e - i == 4;
        prev_e = e;
        i = e;
    }
    return changed;
}

/* Runs the detector on buf[at .. at+len), the whole labelled field being
 * buf[0 .. buflen). Returns its confidence, or PM_CONF_NONE. */
static int read_whole(const struct pm_compiled *c, const char *buf, size_t buflen, size_t at,
                      size_t len, char *norm)
{
    pcre2_match_data *md = pcre2_match_data_create_from_pattern(c->code, NULL);
    if (!md)
        return PM_CONF_NONE;
    /* Anchored at both ends: the pattern must take the value whole (the
     * interpreter runs, as JIT does not do ENDANCHORED at match time). */
    int rc = pcre2_match(c->code, (PCRE2_SPTR)buf, at + len, at,
                         PCRE2_ANCHORED | PCRE2_ENDANCHORED, md, NULL);
    pcre2_match_data_free(md);
    if (rc < 0)
        return PM_CONF_NONE;
    if (!c->def->validate) {
        if (len >= PM_NORM_MAX)
            return PM_CONF_NONE;
        memcpy(norm, buf + at, len);
        norm[len] = '\0';
        return PM_CONF_MEDIUM;
    }
    size_t n = len;
    int conf = c->def->validate(c->def, buf, buflen, at, &n, norm);
    /* A validator that keeps only a prefix ("the card is the first four
     * groups") has not read this value. */
    return n == len ? conf : PM_CONF_NONE;
}

int pm_detset_value(const struct pm_detset *set, size_t i, const char *value, char *norm)
{
    if (i >= set->n)
        return PM_CONF_NONE;
    const struct pm_compiled *c = &set->dets[i];
    size_t len = strlen(value);
    while (len && is_space(value[len - 1]))
        len--;
    while (len && is_space(*value)) {
        value++;
        len--;
    }
    if (!len || len > VALUE_MAX)
        return PM_CONF_NONE;
    const char *label = c->def->context && c->def->context[0] ? c->def->context[0] : "value";
    size_t ll = strlen(label);
    if (ll > 64)
        ll = 64;
    size_t at = ll + 3, buflen = at + len + 1;
    char *buf = malloc(buflen + 1);
    if (!buf)
        return PM_CONF_NONE;
    buf[0] = PM_CONTEXT_BARRIER; /* a table cell under its header */
    memcpy(buf + 1, label, ll);
    memcpy(buf + 1 + ll, ": ", 2);
    memcpy(buf + at, value, len);
    buf[at + len] = '\n';
    buf[buflen] = '\0';
    int conf = read_whole(c, buf, buflen, at, len, norm);
    /* Names and addresses count only where a capital starts their words,
     * and an address's state and postcode only in capitals; whoever types
     * "jane doe" or "12 main st, springfield, il 62704" means them all the
     * same (the normalised form is lower-case either way). The address's
     * capitals first ("ca 94105" as a city's word would read as another
     * address), then the words' first letters alone ("roe, al"). */
    if (conf <= PM_CONF_NONE) {
        int titled = title_case(buf + at, len), capped = address_case(buf + at, len);
        if (titled || capped)
            conf = read_whole(c, buf, buflen, at, len, norm);
        if (conf <= PM_CONF_NONE && capped) {
            memcpy(buf + at, value, len);
            title_case(buf + at, len);
            conf = read_whole(c, buf, buflen, at, len, norm);
        }
    }
    explicit_bzero(buf, buflen);
    free(buf);
    if (conf <= PM_CONF_NONE)
        explicit_bzero(norm, PM_NORM_MAX);
    return conf > PM_CONF_NONE ? conf : PM_CONF_NONE;
}
