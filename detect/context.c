/* context.c — context words near a value, and labels just before one.
 *
 * Words are lower case and matched case-insensitively as whole words (a
 * trailing "s" allowed), so "tel" is not found in "hotel". Keys and headers
 * join words as programs do, and so may a word: a space in a word stands
 * for one ' ', '_' or '-', or for a camel hump ("date of birth" is also
 * date_of_birth and dateOfBirth), and a word may start or end at a hump
 * ("homePhone", "telephoneNumber"). A label is a word that ends just before
 * the value, with only separators and a few filler words ("number is",
 * "no.") between, or any part of the key or header just before it
 * ("tel_fixe", "phoneHome"). Neither looks across a record
 * separator (0x1E, PM_CONTEXT_BARRIER) around a value: tables emit one
 * before each cell. Reads the window only: never copies, keeps or logs any
 * of it, and knows nothing of detectors or files.
 */
#include <stdint.h>
#include <string.h>

#include "detect/context.h"

static int lower(int c) { return (c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c; }

static int is_letter(unsigned char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
/* A byte of a word for labels: an ASCII letter, or a byte of a UTF-8
 * character ("privé", "móvil"; a no-break space is taken apart first). */
static int in_word(unsigned char c) { return is_letter(c) || c >= 0x80; }
static int is_sep(unsigned char c) { return c == ' ' || c == '_' || c == '-'; }

/* 1 if a camel hump is between buf[j - 1] and buf[j]: lower, then upper. */
static int hump(const char *buf, size_t j)
{
    unsigned char a = (unsigned char)buf[j - 1], b = (unsigned char)buf[j];
    return a >= 'a' && a <= 'z' && b >= 'A' && b <= 'Z';
}

int pm_word_start(const char *buf, size_t i)
{
    return i == 0 || !is_letter((unsigned char)buf[i - 1]) || hump(buf, i);
}

size_t pm_word_len(const char *buf, size_t hi, size_t i, const char *w)
{
    size_t j = i;
    for (size_t k = 0; w[k]; k++) {
        if (w[k] == ' ') {
            if (j < hi && is_sep((unsigned char)buf[j]))
                j++;
            else if (!(j > i && j < hi && hump(buf, j)))
                return 0;
            continue;
        }
        if (j >= hi || lower((unsigned char)buf[j]) != (unsigned char)w[k])
            return 0;
        j++;
    }
    return j - i;
}

/* 1 if `w` (lower case) is written at buf[i..] as a whole word, or its plural. */
static int word_at(const char *buf, size_t buflen, size_t i, const char *w)
{
    size_t n = pm_word_len(buf, buflen, i, w);
    if (n == 0)
        return 0;
    size_t e = i + n;
    if (e < buflen && (buf[e] == 's' || buf[e] == 'S'))
        e++;
    return !(e < buflen && is_letter((unsigned char)buf[e]) && !hump(buf, e));
}

int pm_context_word_at(const char *buf, size_t hi, size_t i, const char *const *words)
{
    unsigned char c = (unsigned char)buf[i];
    if (!words || (c < 0x80 && !is_letter(c)))
        return 0;
    if (!pm_word_start(buf, i))
        return 0; /* "tel" in "hotel" */
    int lc = lower(c);
    for (const char *const *w = words; *w; w++)
        if ((unsigned char)(*w)[0] == lc && word_at(buf, hi, i, *w))
            return 1;
    return 0;
}

int pm_context_near(const char *buf, size_t buflen, size_t at, size_t n,
                    const char *const *words)
{
    return pm_context_within(buf, buflen, at, n, words, PM_NEAR_BEFORE, PM_NEAR_AFTER);
}

int pm_context_within(const char *buf, size_t buflen, size_t at, size_t n,
                      const char *const *words, size_t before, size_t after)
{
    size_t lo = at > before ? at - before : 0;
    size_t hi = at + n + after < buflen ? at + n + after : buflen;
    /* Around a value, a record separator ends what belongs to it: a table's
     * cells are emitted each after one (extract/ex_csv.c), and the header of
     * the next cell is not the context of this one. (n == 0 asks about a
     * whole stretch of text: no barrier.) */
    for (size_t i = at; n > 0 && i > lo; i--)
        if (buf[i - 1] == PM_CONTEXT_BARRIER) {
            lo = i;
            break;
        }
    for (size_t i = at + n; n > 0 && i < hi; i++)
        if (buf[i] == PM_CONTEXT_BARRIER) {
            hi = i;
            break;
        }
    uint32_t first = 0; /* first letters of the words, a-z */
    int other = 0;      /* some word starts with a non-ASCII letter */
    if (!words)
        return 0;
    for (const char *const *w = words; *w; w++) {
        unsigned char f = (unsigned char)(*w)[0];
        if (f >= 'a' && f <= 'z')
            first |= 1u << (f - 'a');
        else
            other = 1;
    }
    /* One pass over the window: only at the start of a word is any context
     * word tried, and only those with the same first letter. */
    for (size_t i = lo; i < hi; i++) {
        if (i == at && n > 0) {
            i = at + n - 1; /* not inside the value itself */
            continue;
        }
        unsigned char c = (unsigned char)buf[i];
        if (c < 0x80 && !is_letter(c))
            continue;
        if (!pm_word_start(buf, i))
            continue; /* "tel" in "hotel" */
        int lc = lower(c);
        if (lc >= 'a' && lc <= 'z' ? !(first & (1u << (lc - 'a'))) : !other)
            continue;
        if (pm_context_word_at(buf, hi, i, words))
            return 1;
    }
    return 0;
}

/* Words that may stand between a label and its value ("number is"). */
static int filler(const char *w, size_t n)
{
    static const char *const words[] = {
        "no", "nr", "num", "number", "is", "of", "the", "id", "my", "our", "at", "on", "me",
        "us", "to", "nummer", "numero",
        /* "Telefon (privat): ", "phone (work) ", "Meine Telefonnummer lautet " */
        "privat", "private", "home", "work", "office", "business", "dienstlich", "fixe",
        "perso", "personal", "lautet", "ist", "est", "es", "mijn", "meine", "mein", "mon", "ma",
        "mi", "il", "la", "le", "de", "du", "del", "di", "van", "priv\xc3\xa9", "casa",
        "m\xc3\xb3vil", "movil", "mobile", "cellulare",
        /* the same qualifiers in Swiss German, Swedish, Norwegian, Polish,
         * Czech, Dutch, Portuguese and Finnish: "Telefon (Geschäft)",
         * "Telefon (hem)", "Telefon (domowy)", "Telefoon (thuis)",
         * "Telefone (residencial)", "Puhelin (koti)" */
        "gesch\xc3\xa4" "ft", "gesch\xc3\xa4" "ftlich", "hem", "arbete", "jobb", "domowy",
        "s\xc5\x82u\xc5\xbc" "bowy", "dom\xc5\xaf", "pr\xc3\xa1" "ce", "thuis", "werk",
        "residencial", "comercial", "trabalho", "koti", "ty\xc3\xb6",
        /* "CPF nº", "N° de téléphone": number, with the ordinal or degree sign */
        "n\xc2\xba", "n\xc2\xb0", NULL};
    for (const char *const *f = words; *f; f++) {
        size_t k = 0;
        while (k < n && (*f)[k] && lower((unsigned char)w[k]) == (unsigned char)(*f)[k])
            k++;
        if (k == n && !(*f)[k])
            return 1;
    }
    return 0;
}

/* 1 if the word w ends at buf[end) and starts where a word may. Written,
 * it is strlen(w) bytes long, or shorter by each space that is a hump
 * (pm_word_len): each such start is tried. */
static int label_ends_at(const char *buf, size_t end, const char *w)
{
    size_t wl = strlen(w), spaces = 0;
    for (size_t k = 0; k < wl; k++)
        spaces += w[k] == ' ';
    for (size_t n = wl - spaces; n <= wl && n <= end; n++)
        if (pm_word_len(buf, end, end - n, w) == n && pm_word_start(buf, end - n))
            return 1;
    return 0;
}

int pm_label_before(const char *buf, size_t at, const char *const *words)
{
    /* Walk back over separators to the word just before the value; that
     * word, or one of the two before it (fillers: "number is", "no.", "#"),
     * must end a label. At most PM_LABEL_REACH (32) bytes back, never
     * across a digit or a newline. */
    size_t i = at, lo = at > PM_LABEL_REACH ? at - PM_LABEL_REACH : 0;
    for (int tries = 0; tries < 3; tries++) {
        while (i > lo) {
            unsigned char c = (unsigned char)buf[i - 1];
            if (c == 0xA0 && i - 1 > lo && (unsigned char)buf[i - 2] == 0xC2) {
                i -= 2; /* a no-break space (U+00A0) separates too */
                continue;
            }
            if (in_word(c))
                break;
            if ((c >= '0' && c <= '9') || c == '\n' || c == PM_CONTEXT_BARRIER)
                return 0;
            i--;
        }
        if (i == lo || !in_word((unsigned char)buf[i - 1]))
            return 0;
        size_t end = i; /* the word ends here */
        /* The key or header it ends: letters joined by '_' or '-', or at a
         * hump. Each of its parts may be the label ("tel_fixe",
         * "phoneHome"); a label of several words ends at a part's end. */
        size_t ts = end;
        while (ts > lo && (in_word((unsigned char)buf[ts - 1]) ||
                           (is_sep((unsigned char)buf[ts - 1]) && buf[ts - 1] != ' ' &&
                            ts - 1 > lo && in_word((unsigned char)buf[ts - 2]))))
            ts--;
        for (size_t ce = end; ce > ts; ce--) {
            if (!in_word((unsigned char)buf[ce - 1]) ||
                !(ce == end || is_sep((unsigned char)buf[ce]) || hump(buf, ce)))
                continue;
            for (const char *const *w = words; w && *w; w++)
                if (label_ends_at(buf, ce, *w))
                    return 1;
        }
        /* Not a label: go on only past a filler word (the last part). */
        size_t ws = end;
        while (ws > 0 && in_word((unsigned char)buf[ws - 1]) && !(ws < end && hump(buf, ws)))
            ws--;
        if (!filler(buf + ws, end - ws))
            return 0;
        i = ws;
    }
    return 0;
}

int pm_cell_value(const char *buf, size_t at)
{
    if (at < 4 || buf[at - 1] != ' ' || buf[at - 2] != ':')
        return 0;
    for (size_t i = at - 2, lo = at > 68 ? at - 68 : 0; i > lo; i--) {
        char c = buf[i - 1];
        if (c == PM_CONTEXT_BARRIER)
            return i < at - 2;
        if (c == '\n')
            return 0;
    }
    return 0;
}
