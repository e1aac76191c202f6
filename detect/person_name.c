/* person_name.c — people's names: a given name and a surname in running
 * text, or a name after a label, a salutation or under a name column.
 *
 * The given-name and surname lists (detect/data/names/, from Faker's census
 * and civil-registry derived lists for US, GB, DE, FR, NL, ES, IT, CA, AU and
 * IN) are built into the binary as one hash table by detect/names_table.py;
 * a name is looked up case-folded (and, but for the given name of running
 * text, accent-folded), and only for words that start with a capital.
 *
 * Where a name counts:
 *   - after a label (high): a column or key named name, full name, Nachname,
 *     Vorname, Nom, Prénom, naam, nombre, cognome, customer_name, fullName...
 *     ("product_name", "fileName" are no labels), or a salutation or title
 *     (Dear, Mr, Mrs, Ms, Dr, Herr, Frau, Madame, Monsieur, M., Geachte,
 *     heer, mevrouw, Estimado/a, Sr./Sra., Gentile, Egregio, Sig./Sig.ra):
 *     one to four capitalised (or upper-case) words, one of them in the
 *     lists, none a deny word. In a table whose given-name and surname
 *     columns stand side by side ("first_name,last_name", "Nachname;Vorname")
 *     the two cells of a row are one name. "Surname, Given" after a label
 *     that names one ("Name: Roe, Jane") is the name "Jane Roe".
 *   - an e-mail address header's display name written "Surname, Given"
 *     before its <address> (high): From: "Roe, Jane" <jane.roe@...>, To:
 *     Roe, Jane <...>; a comma in running text is left alone ("Paris,
 *     France", "Smith, Jones and Co").
 *   - in running text (medium): a capitalised given name, an optional middle
 *     name or initial, particles (van, van der, de la, von, di, ...) and a
 *     capitalised surname, both in the lists. A given name that is also a
 *     common English word (weak: Will, Mark, Grant, Rose, John) with a
 *     surname that is one too (Smith, Park, Brown) counts only inside a
 *     sentence, where a capital says "name": "I met John Smith" counts,
 *     "Will Smith will be there." and "Grant Park opened." do not; deny words (Street, River, Inc, Gothic, ...) and deny
 *     phrases (Morgan Stanley) stop a name; so do code (obj.Name, a name
 *     followed by "(") and Title Case headings (four capitalised words).
 *   - nowhere in a value that names a thing (name_embed.c): a markup
 *     element's name= attribute (<iso_3166_2_entry name="Saint George">,
 *     but <author name=...>), a translation table ('en': 'Rio Grande',
 *     'pt': ...), a code table's record ({"alpha_3": "aad", "name":
 *     "Amal"}); in a binary's strings (.binary_needs_context) a running-
 *     text name needs a label word near: a run there has no sentence.
 *
 * The one-pass engine asks name_text_gate (in C, no Vectorscan pattern):
 * it opens each capital where the pattern may start and the validator may
 * accept, a given name as written (looked up in the table) or a label
 * before it, so both engines agree (tests/test_engines.c).
 *
 * The normalised value (hashed) is the lower-case, accent-folded name with
 * single spaces; the mask keeps each word's first letter ("J*** D**"). Never
 * keeps or logs what it reads.
 */
#define _GNU_SOURCE /* memrchr */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/hashset.h" /* pm_hash_bytes */
#include "detect/detector.h"
#include "detect/name_embed.h"
#include "detect/textmask.h"

struct pm_nm_fold {
    unsigned short lower; /* the lower-case letter (itself if it is one) */
    const char *base;     /* its ASCII base: "e" for é, "ss" for ß */
};
#include "pm_names.inc"

enum { NM_GIVEN = 1, NM_SURNAME = 2, NM_WEAK = 4, NM_DENY = 8 };
enum { LB_NONE, LB_SAL, LB_NAME, LB_GIVEN, LB_SURNAME };

#define NM_TOK 48  /* longest word, folded */
#define NM_TOKS 6  /* most words read */
#define NM_MAXLEN 320 /* the pattern's longest match, in bytes */

static const char *const name_context[] = {
    /* labels and column headers */
    "name", "names", "fullname", "firstname", "lastname", "givenname", "familyname",
    "surname", "customername", "clientname", "contactname", "personname", "patientname",
    "employeename", "nachname", "vorname", "familienname", "nom", "prenom", "prénom", "naam",
    "voornaam", "achternaam", "nombre", "apellido", "apellidos", "nome", "cognome",
    /* salutations and titles */
    "dear", "mr", "mrs", "ms", "miss", "mx", "dr", "prof", "herr", "frau", "madame",
    "monsieur", "m.", "mme", "mlle", "beste", "geachte", "heer", "mevrouw", "estimado",
    "estimada", "sr", "sra", "srta", "señor", "señora", "gentile", "egregio", "egregia",
    "gentilissimo", "gentilissima", "sig", "sig.ra", "signor", "signora", NULL};

/* Words just before "name" that make it no person's name ("file_name"). */
static const char *const not_person[] = {
    "file", "user", "host", "product", "company", "city", "street", "font", "app",
    "application", "package", "class", "method", "function", "func", "table", "column",
    "field", "project", "domain", "server", "device", "brand", "item", "model", "event",
    "key", "var", "variable", "module", "tag", "branch", "repo", "bucket", "database", "db",
    "node", "service", "team", "group", "role", "org", "organization", "organisation",
    "business", "store", "shop", "site", "path", "dir", "directory", "image", "type", "attr",
    "attribute", "property", "param", "parameter", "object", "resource", "queue", "topic",
    "cluster", "instance", "region", "zone", "country", "state", "place", "venue",
    "location", "building", "course", "job", "task", "report", "schema", "index",
    "category", "plan", "sheet", "layer", "color", "colour", "theme", "style", "locale",
    "lang", "language", "channel", "network", "interface", "folder", "document", "doc",
    "display", "screen", "nick", "code", "program", "process", "command", "sender", "bank",
    "account", "dns", "common", "short", "long", "full path", "element", "entity", "test",
    "file", "song", "album", "artist", "band", "game", "vendor", "manufacturer", "ship",
    "station", "hotel", "team", NULL};

static const char *const particles[] = {"van", "der", "den", "de", "la", "le", "von",
                                        "di", "del", "della", "da", "du", "dos", "das",
                                        "ter", "ten", "zu", "vom", "des", "y", NULL};

static const char *const titles[] = {"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "herr",
                                     "frau", "madame", "monsieur", "mme", "mlle", "heer",
                                     "mevrouw", "sr", "sra", "srta", "sig", "signor",
                                     "signora", "dear", "sir", "lady", "lord", "st", NULL};

static int in_list(const char *const *l, const char *w, size_t n)
{
    for (; *l; l++)
        if ((*l)[0] == w[0] && strncmp(*l, w, n) == 0 && (*l)[n] == '\0')
            return 1;
    return 0;
}

/* The kinds of a folded word (NM_*), 0 if unknown. */
static unsigned nm_lookup(const char *k, size_t n)
{
    uint64_t h = pm_hash_bytes(k, n) & (PM_NM_SLOTS - 1);
    for (unsigned s; (s = pm_nm_slots[h]) != 0; h = (h + 1) & (PM_NM_SLOTS - 1)) {
        const char *e = pm_nm_keys[s - 1];
        if (strncmp(e, k, n) == 0 && e[n] == '\0')
            return pm_nm_flags[s - 1];
    }
    return 0;
}

/* The letter at b[i] (ASCII, or a Latin-1 / Latin Extended-A letter in
 * UTF-8): its code point and length in *cp, or 0 bytes if none. */
static size_t letter_at(const unsigned char *b, size_t i, size_t end, unsigned *cp)
{
    if (i >= end)
        return 0;
    unsigned c = b[i];
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
        *cp = c;
        return 1;
    }
    if (c >= 0xC3 && c <= 0xC5 && i + 1 < end && (b[i + 1] & 0xC0) == 0x80) {
        *cp = ((c & 0x1F) << 6) | (b[i + 1] & 0x3F);
        return (*cp >= 0xC0 && *cp != 0xD7 && *cp != 0xF7) ? 2 : 0;
    }
    return 0;
}

static int cp_upper(unsigned cp)
{
    return cp < 0x80 ? (cp >= 'A' && cp <= 'Z') : pm_nm_fold[cp - 0xC0].lower != cp;
}

/* One word: letters, with ' or - between letters. */
struct tok {
    size_t s, e;          /* window offsets */
    char low[NM_TOK];     /* lower case, accents kept */
    char bare[NM_TOK];    /* lower case, ASCII */
    size_t nlow, nbare;
    size_t part;          /* bytes of low before the first ' or - */
    size_t letters;
    int first_up, rest_low, all_up;
};

/* Reads the word at buf[i]; 0 if there is none (or it is too long). */
static int tok_read(const char *buf, size_t end, size_t i, struct tok *t)
{
    const unsigned char *b = (const unsigned char *)buf;
    unsigned cp;
    size_t l;
    memset(t, 0, sizeof *t);
    t->s = i;
    t->first_up = -1;
    t->rest_low = t->all_up = 1;
    int part_start = 1;
    while ((l = letter_at(b, i, end, &cp)) != 0) {
        int up = cp_upper(cp);
        unsigned lo = cp < 0x80 ? (up ? cp + 32 : cp) : pm_nm_fold[cp - 0xC0].lower;
        const char *base = cp < 0x80 ? NULL : pm_nm_fold[lo - 0xC0].base;
        if (t->nlow + 2 >= NM_TOK || t->nbare + 3 >= NM_TOK)
            return 0;
        if (t->first_up < 0)
            t->first_up = up;
        else if (up && !part_start)
            t->rest_low = 0;
        if (!up)
            t->all_up = 0;
        part_start = 0;
        if (lo < 0x80) {
            t->low[t->nlow++] = (char)lo;
            t->bare[t->nbare++] = (char)lo;
        } else {
            t->low[t->nlow++] = (char)(0xC0 | (lo >> 6));
            t->low[t->nlow++] = (char)(0x80 | (lo & 0x3F));
            size_t bl = strlen(base);
            memcpy(t->bare + t->nbare, base, bl);
            t->nbare += bl;
        }
        t->letters++;
        i += l;
        if (i + 1 < end && (b[i] == '\'' || b[i] == '-') && letter_at(b, i + 1, end, &cp)) {
            if (!t->part)
                t->part = t->nlow;
            t->low[t->nlow++] = (char)b[i];
            t->bare[t->nbare++] = (char)b[i];
            part_start = 1;
            i++;
        }
    }
    if (!t->letters)
        return 0;
    if (!t->part)
        t->part = t->nlow;
    t->e = i;
    return 1;
}

/* The kinds of a word: as written (accents kept), else accent-folded, else
 * those of its parts ("Müller-Lüdenscheidt", but for NM_WEAK). */
static unsigned tok_kinds(const struct tok *t)
{
    unsigned k = nm_lookup(t->low, t->nlow);
    if (!k)
        k = nm_lookup(t->bare, t->nbare);
    if (!k && t->part < t->nlow) {
        size_t a = 0;
        for (size_t i = 0; i <= t->nbare; i++)
            if (i == t->nbare || t->bare[i] == '-' || t->bare[i] == '\'') {
                k |= nm_lookup(t->bare + a, i - a) & ~(unsigned)NM_WEAK;
                a = i + 1;
            }
    }
    return k;
}

static int is_particle(const struct tok *t) { return in_list(particles, t->bare, t->nbare); }

/* A capitalised word (Smith, McDonald, O'Brien) or, after a label, one in
 * upper case (SMITH). */
static int name_shaped(const struct tok *t, int labelled)
{
    return t->first_up == 1 && (t->rest_low || (labelled && t->all_up && t->letters > 1) ||
                                (t->nbare > 2 && (!memcmp(t->bare, "mc", 2) ||
                                                  !memcmp(t->bare, "o'", 2))) ||
                                t->part < t->nlow);
}

/* The word that ends at buf[end] (ASCII letters and bytes >= 0x80), lower
 * case into w; its start in *st. */
static size_t word_before(const char *buf, size_t lo, size_t end, char *w, size_t wsz,
                          size_t *st)
{
    size_t i = end;
    while (i > lo && (pm_is_word((unsigned char)buf[i - 1]) || (unsigned char)buf[i - 1] >= 0x80) &&
           buf[i - 1] != '_' && !pm_is_digit((unsigned char)buf[i - 1]))
        i--;
    if (end - i >= wsz)
        return 0;
    for (size_t k = i; k < end; k++) {
        unsigned char c = (unsigned char)buf[k];
        w[k - i] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
    }
    *st = i;
    return end - i;
}

/* What labels the value at buf[at]: a word of name_context ending at most
 * six bytes before it, across separators only (the start patterns' reach). */
static int label_kind(const char *buf, size_t at)
{
    static const char *const sal[] = {"dear", "mr", "mrs", "ms", "miss", "mx", "dr", "prof",
                                      "herr", "frau", "madame", "monsieur", "mme", "mlle",
                                      "beste", "geachte", "heer", "mevrouw", "estimado",
                                      "estimada", "sr", "sra", "srta", "señor", "señora",
                                      "gentile", "egregio", "egregia", "gentilissimo",
                                      "gentilissima", "sig", "signor", "signora", NULL};
    static const char *const given[] = {"firstname", "givenname", "vorname", "prenom",
                                        "prénom", "voornaam", NULL};
    static const char *const sur[] = {"lastname", "familyname", "surname", "nachname",
                                      "familienname", "nom", "achternaam", "apellido",
                                      "apellidos", "cognome", NULL};
    size_t lo = at > PM_LABEL_REACH - 1 ? at - (PM_LABEL_REACH - 1) : 0, i = at, st;
    int dot = 0;
    char w[24], p[24];
    while (i > lo && at - i < 6 && strchr(" \t:=\"'>.,", buf[i - 1]) && buf[i - 1] != '\0') {
        dot |= buf[i - 1] == '.';
        i--;
    }
    size_t n = i > lo ? word_before(buf, lo, i, w, sizeof w, &st) : 0;
    if (n == 0 || i - lo < n)
        return LB_NONE;
    if (n == 1 && w[0] == 'm' && dot && buf[i] == '.')
        return LB_SAL; /* "M. Dupont" */
    if (n == 2 && !memcmp(w, "ra", 2) && st >= 4 &&
        (!strncmp(buf + st - 4, "Sig.", 4) || !strncmp(buf + st - 4, "sig.", 4)) &&
        (st == 4 || !pm_is_word((unsigned char)buf[st - 5]) || pm_is_digit((unsigned char)buf[st - 5])))
        return LB_SAL; /* "Sig.ra Rossi" */
    if (in_list(sal, w, n)) /* but not inside an identifier: name_mr "Baz" */
        return st > 0 && buf[st - 1] == '_' ? LB_NONE : LB_SAL;
    if (!in_list(name_context, w, n))
        return LB_NONE;
    if (in_list(given, w, n))
        return LB_GIVEN;
    if (in_list(sur, w, n))
        return LB_SURNAME;
    if (n > 5 || (n == 5 && memcmp(w, "names", 5)))
        return LB_NAME; /* fullname, customername, ... */
    /* "name": the word before it says whose ("first name", "product_name"). */
    size_t j = st;
    while (j > 0 && st - j < 2 && (buf[j - 1] == '_' || buf[j - 1] == ' ' || buf[j - 1] == '-'))
        j--;
    size_t pn = j < st && j > 0 ? word_before(buf, 0, j, p, sizeof p, &st) : 0;
    if ((pn == 5 && !memcmp(p, "first", 5)) || (pn == 5 && !memcmp(p, "given", 5)))
        return LB_GIVEN;
    if ((pn == 4 && !memcmp(p, "last", 4)) || (pn == 6 && !memcmp(p, "family", 6)))
        return LB_SURNAME;
    return pn && in_list(not_person, p, pn) ? LB_NONE : LB_NAME;
}

/* Reads up to max words from buf[i], one space (or ". " after an initial)
 * apart, on one line; returns how many. */
static size_t read_words(const char *buf, size_t end, size_t i, struct tok *t, size_t max)
{
    size_t n = 0;
    while (n < max && tok_read(buf, end, i, &t[n])) {
        i = t[n].e;
        if (i < end && (buf[i] == '_' || pm_is_digit((unsigned char)buf[i])))
            break; /* GENERAL_NAME, Name2: an identifier, not a word */
        if (t[n].letters == 1 && i < end && buf[i] == '.')
            i++;
        n++;
        if (i + 1 >= end || buf[i] != ' ')
            break;
        i++;
    }
    return n;
}

/* Appends the words' ASCII forms to norm (at *o), one space apart. */
static void norm_add(char *norm, size_t *o, const struct tok *t, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        if (*o + t[k].nbare + 2 >= PM_NORM_MAX)
            break;
        if (*o)
            norm[(*o)++] = ' ';
        memcpy(norm + *o, t[k].bare, t[k].nbare);
        *o += t[k].nbare;
    }
    norm[*o] = '\0';
}

/* Whether the label before buf[at] starts its record: 2 a table cell
 * ("\x1eHEADER: value") or the text, 1 a line ("Name: Smith", a JSON key
 * on its own line), 0 an attribute or key amid others (oor:name="Fields"). */
static int label_starts_record(const char *buf, size_t at)
{
    for (size_t i = at, lo = at > 64 ? at - 64 : 0; i > lo; i--) {
        unsigned char c = (unsigned char)buf[i - 1];
        if (c == PM_CONTEXT_BARRIER || c == '\n')
            return c == '\n' ? 1 : 2;
        if (!(pm_is_word(c) || c >= 0x80 || strchr(" \t-\"':=", c)) || pm_is_digit(c))
            return 0;
        if (i - 1 == 0)
            return 2;
    }
    return 0;
}

/* A labelled value: how many of its words make the name, or 0 if it is no
 * name. Under a label that says given name or surname the words need not be
 * in the lists (Bjørnstad); under "name" or a salutation one must be. */
static size_t labelled_words(const char *buf, size_t end, size_t at, int lab, struct tok *t)
{
    size_t n = read_words(buf, end, at, t, 5), k, found = 0;
    if (n == 0 || in_list(titles, t[0].bare, t[0].nbare))
        return 0;
    for (k = 0; k < n; k++) {
        unsigned f = tok_kinds(&t[k]);
        if (is_particle(&t[k]) && k > 0 && k + 1 < n)
            continue;
        if ((f & NM_DENY) || !name_shaped(&t[k], 1))
            break;
        found |= f & (NM_GIVEN | NM_SURNAME);
    }
    if (k < n && name_shaped(&t[k], 1))
        return 0; /* "Acme Corp", "Jordan River" */
    while (k > 0 && is_particle(&t[k - 1]))
        k--;
    return found || lab == LB_GIVEN || lab == LB_SURNAME ? k : 0;
}

/* The next table cell's label after buf[i] (a record separator), and where
 * its value starts. */
static int next_cell(const char *buf, size_t end, size_t i, size_t *val)
{
    if (i >= end || buf[i] != PM_CONTEXT_BARRIER)
        return LB_NONE;
    for (size_t k = i + 1; k + 2 < end && k < i + 1 + 64; k++) {
        if (buf[k] == '\n' || buf[k] == PM_CONTEXT_BARRIER)
            return LB_NONE;
        if (buf[k] == ':' && buf[k + 1] == ' ') {
            *val = k + 2;
            return label_kind(buf, k + 2);
        }
    }
    return LB_NONE;
}

/* "Surname, Given": at buf[at] a name-shaped word (t[0]; no deny word, no
 * title), a comma, a listed given name and perhaps a middle name or
 * initial (u). Returns how many words u holds, 0 if it is not so written;
 * the callers say where the surname may come first. */
static size_t surname_given(const char *buf, size_t end, size_t at, struct tok *t, struct tok *u)
{
    size_t m;
    if (!tok_read(buf, end, at, &t[0]))
        return 0;
    size_t stop = t[0].e;
    if (stop + 2 >= end || buf[stop] != ',' || buf[stop + 1] != ' ' ||
        (tok_kinds(&t[0]) & NM_DENY) || !name_shaped(&t[0], 1) ||
        in_list(titles, t[0].bare, t[0].nbare))
        return 0;
    if ((m = read_words(buf, end, stop + 2, u, 2)) == 0 || !(tok_kinds(&u[0]) & NM_GIVEN) ||
        (tok_kinds(&u[0]) & NM_DENY) || !name_shaped(&u[0], 1))
        return 0;
    if (m == 2 && !(name_shaped(&u[1], 1) && (u[1].letters == 1 || (tok_kinds(&u[1]) & NM_GIVEN))))
        m = 1;
    return m;
}

/* 1 if the label before buf[at] names many ("Names:", "Nombres:"). */
static int label_plural(const char *buf, size_t at)
{
    size_t i = at, st;
    char w[24];
    while (i > 0 && at - i < 6 && strchr(" \t:=\"'>", buf[i - 1]) && buf[i - 1] != '\0')
        i--;
    size_t n = i > 0 ? word_before(buf, at > 64 ? at - 64 : 0, i, w, sizeof w, &st) : 0;
    return n > 4 && w[n - 1] == 's';
}

/* "Name: Miller, Elena", "Name: Doe, Jane A.": a surname (listed, or a
 * word that is no given name: "Names: Alice, Bob" is two people, but for a
 * table's name cell or a label that names one, which hold one: "Name: Roe,
 * Jane"), a comma, a listed given name and perhaps a middle name or
 * initial, is the name "Elena Miller". Returns the end, 0 if it is not so
 * written. */
static size_t comma_name(const char *buf, size_t end, size_t at, int lab, char *norm)
{
    struct tok t[1], u[2];
    size_t o = 0, m;
    if ((lab != LB_NAME && lab != LB_SURNAME) || (m = surname_given(buf, end, at, t, u)) == 0)
        return 0;
    unsigned k = tok_kinds(&t[0]);
    if (((k & NM_GIVEN) && !(k & NM_SURNAME) && label_starts_record(buf, at) != 2 &&
         label_plural(buf, at)) ||
        in_list(name_context, t[0].bare, t[0].nbare))
        return 0;
    norm_add(norm, &o, u, m);
    norm_add(norm, &o, t, 1);
    return u[m - 1].e;
}

/* The address headers of an e-mail whose display names are people's, as
 * mail clients write them and print them in forwarded mail (From, To, Cc;
 * Von, An; De, À; Van, Aan; Para; Da, A). */
static const char *const mail_headers[] = {"from", "to", "cc", "bcc", "reply-to", "sender",
                                           "resent-from", "resent-to", "resent-cc", "von",
                                           "an", "de", "\xc3\xa0", "van", "aan", "para", "da",
                                           "a", NULL};

/* Days and months: "Monday, June" is a date, not "June Monday". */
static const char *const calendar[] = {"monday", "tuesday", "wednesday", "thursday", "friday",
                                       "saturday", "sunday", "january", "february", "march",
                                       "april", "may", "june", "july", "august", "september",
                                       "october", "november", "december", NULL};

/* 1 if the line holding buf[i] starts with an address header's "NAME:"
 * before buf[i]. */
static int mail_header_line(const char *buf, size_t i)
{
    /* The line's start: after the last '\n' of the 400 bytes before i (or
     * the text's start). memrchr: on a table's cells ("\x1elevel: INFO")
     * every capital after ": " asks, and a byte loop cost 3% of a scan. */
    size_t lo = i > 400 ? i - 400 : 0, from = lo > 0 ? lo - 1 : 0, k, e;
    const char *nl = memrchr(buf + from, '\n', i - from);
    if (nl)
        k = (size_t)(nl - buf) + 1;
    else if (lo == 0)
        k = 0;
    else
        return 0;
    for (e = k; e < i && e - k < 12 && buf[e] != ':'; e++)
        ;
    char w[16];
    if (e >= i || e == k || e - k >= sizeof w)
        return 0;
    for (size_t j = k; j < e; j++)
        w[j - k] = (char)(buf[j] >= 'A' && buf[j] <= 'Z' ? buf[j] + 32 : buf[j]);
    return in_list(mail_headers, w, e - k);
}

/* 1 if buf[at] may start a display name of an address header: right after
 * "From: " (or "From: \"", or a recipient's "<...>, " before it). */
static int mail_name_at(const char *buf, size_t at)
{
    size_t i = at;
    if (i > 0 && buf[i - 1] == '"')
        i--;
    if (i < 2 || buf[i - 1] != ' ')
        return 0;
    i--;
    if (buf[i - 1] == ':' || (i >= 2 && buf[i - 1] == ',' && buf[i - 2] == '>'))
        return mail_header_line(buf, i);
    return 0;
}

/* A display name written "Surname, Given" in an address header: From:
 * "Roe, Jane" <jane.roe@example.com>, To: Roe, Jane A. <...>. Ahead of an
 * address in angle brackets the comma says surname first, whatever the
 * lists say of the surname ("Roe" is a given name too): a display name is
 * one person's. "Smith, Jones and Co <...>", "Monday, June <...>" are not.
 * The closing quote and bracket are read past the match, in the window
 * (as in_code reads). Returns the end, 0 if it is not so written. */
static size_t mail_name(const char *buf, size_t buflen, size_t end, size_t at, char *norm)
{
    struct tok t[1], u[2];
    size_t o = 0, m;
    int quoted = at > 0 && buf[at - 1] == '"';
    if (!mail_name_at(buf, at) || (m = surname_given(buf, end, at, t, u)) == 0 ||
        in_list(calendar, t[0].bare, t[0].nbare))
        return 0;
    size_t e = u[m - 1].e, j = e;
    if (j < buflen && buf[j] == '.' && u[m - 1].letters == 1)
        j++;
    if (quoted && j < buflen && buf[j] == '"')
        j++;
    else if (quoted)
        return 0;
    if (j < buflen && buf[j] == ' ')
        j++;
    if (j >= buflen || buf[j] != '<')
        return 0;
    norm_add(norm, &o, u, m);
    norm_add(norm, &o, t, 1);
    return e;
}

/* After a label: the name, and in a table the cell beside it when one holds
 * the given name and the other the surname. Returns the end, 0 if none. */
static size_t labelled_name(const char *buf, size_t end, size_t at, int lab, char *norm)
{
    struct tok t[NM_TOKS], u[NM_TOKS];
    size_t e = comma_name(buf, end, at, lab, norm);
    if (e)
        return e;
    size_t n = labelled_words(buf, end, at, lab, t), o = 0;
    if (n == 0)
        return 0;
    size_t stop = t[n - 1].e, m, v = 0;
    int next = next_cell(buf, end, stop, &v);
    /* "Name" beside "Vorname" is the surname ("Name;Vorname"), beside
     * "cognome" or "apellidos" the given name ("nome,cognome"). */
    if (lab == LB_NAME && (next == LB_GIVEN || next == LB_SURNAME))
        lab = next == LB_GIVEN ? LB_SURNAME : LB_GIVEN;
    if (((lab == LB_GIVEN && next == LB_SURNAME) || (lab == LB_SURNAME && next == LB_GIVEN)) &&
        (m = labelled_words(buf, end, v, next, u)) != 0) {
        norm_add(norm, &o, lab == LB_GIVEN ? t : u, lab == LB_GIVEN ? n : m);
        norm_add(norm, &o, lab == LB_GIVEN ? u : t, lab == LB_GIVEN ? m : n);
        return u[m - 1].e;
    }
    /* One word alone: not a label itself (a header's "Name"); after a bare
     * "name" only where the label starts a table cell, or a line and the
     * word is no common word ("Name: Page"): in markup (name="Fields") it
     * names things. */
    int rec = lab == LB_NAME ? label_starts_record(buf, at) : 2;
    if (n == 1 && (in_list(name_context, t[0].bare, t[0].nbare) || rec == 0 ||
                   (rec == 1 && (tok_kinds(&t[0]) & NM_WEAK))))
        return 0;
    norm_add(norm, &o, t, n);
    return stop;
}

static int phrase_cmp(const void *k, const void *e) { return strcmp(k, *(const char *const *)e); }

/* Code and markup around running text: obj.Name, ptr->Name, Ns::Name,
 * $Name, a call Name(...). */
static int in_code(const char *buf, size_t buflen, size_t at, size_t end)
{
    unsigned char p = at > 0 ? (unsigned char)buf[at - 1] : ' ';
    if (strchr("$@#/\\`<{[", p) && p != '\0')
        return 1;
    if (p == '.' && at > 1 && pm_is_word((unsigned char)buf[at - 2]))
        return 1;
    if ((p == '>' && at > 1 && buf[at - 2] == '-') || (p == ':' && at > 1 && buf[at - 2] == ':'))
        return 1;
    if (end < buflen && strchr("(_=@/\\`>", buf[end]) && buf[end] != '\0')
        return 1;
    return end + 1 < buflen && buf[end] == '.' && pm_is_word((unsigned char)buf[end + 1]);
}

/* 1 if buf[at] starts a sentence, a line or a list item: where any word is
 * capitalised ("Will Baker be there?"). Looks at most 64 bytes back. */
static int sentence_start(const char *buf, size_t at)
{
    size_t lo = at > 64 ? at - 64 : 0;
    while (at > lo && strchr(" \t\"'(*-\xe2\x80\x9c", buf[at - 1]) && buf[at - 1] != '\0')
        at--;
    if (at == lo || buf[at - 1] == '\n' || buf[at - 1] == PM_CONTEXT_BARRIER)
        return 1;
    return strchr(".!?:;>|#\r", buf[at - 1]) != NULL;
}

/* Running text: given name, middle name or initial, particles, surname. */
static size_t free_name(const char *buf, size_t buflen, size_t end, size_t at, char *norm)
{
    struct tok t[NM_TOKS + 1];
    size_t n = read_words(buf, end, at, t, NM_TOKS), k = 1, o = 0;
    if (n < 2 || t[0].first_up != 1 || !t[0].rest_low)
        return 0;
    unsigned g = nm_lookup(t[0].low, t[0].part), fw = nm_lookup(t[0].low, t[0].nlow);
    if (!(g & NM_GIVEN) || (g & NM_DENY) || in_list(titles, t[0].bare, t[0].nbare))
        return 0;
    if (t[0].part < t[0].nlow && fw)
        g = fw;
    if (k + 1 < n && name_shaped(&t[k], 0) &&
        (t[k].letters == 1 || (tok_kinds(&t[k]) & NM_GIVEN)) && name_shaped(&t[k + 1], 0))
        k++; /* a middle name or initial */
    for (int p = 0; p < 2 && k + 1 < n && is_particle(&t[k]); p++)
        k++;
    if (k >= n || t[k].first_up != 1 || t[k].letters < 2 || t[k].all_up)
        return 0;
    unsigned s = tok_kinds(&t[k]);
    if (!name_shaped(&t[k], 0) && !(s & NM_SURNAME))
        return 0; /* capitals inside: a listed surname (VonRueden, DiCaprio) only */
    if (!(s & NM_SURNAME) || (s & NM_DENY) ||
        ((g & NM_WEAK) && (s & NM_WEAK) && sentence_start(buf, at)))
        return 0;
    if (k + 1 < n && name_shaped(&t[k + 1], 0) && (tok_kinds(&t[k + 1]) & NM_DENY))
        return 0; /* "Paris Hilton Hotel" */
    if (in_code(buf, buflen, at, t[k].e))
        return 0;
    /* A Title Case heading: capitalised words before and after. */
    if (k + 1 < n && name_shaped(&t[k + 1], 0) && at > 1 && buf[at - 1] == ' ') {
        size_t st;
        char w[24];
        size_t pn = word_before(buf, at > 64 ? at - 64 : 0, at - 1, w, sizeof w, &st);
        if (pn > 1 && buf[st] >= 'A' && buf[st] <= 'Z')
            return 0;
    }
    char pair[2 * NM_TOK + 2];
    memcpy(pair, t[0].bare, t[0].nbare);
    pair[t[0].nbare] = ' ';
    memcpy(pair + t[0].nbare + 1, t[k].bare, t[k].nbare);
    pair[t[0].nbare + 1 + t[k].nbare] = '\0';
    if (bsearch(pair, pm_nm_phrases, sizeof pm_nm_phrases / sizeof pm_nm_phrases[0],
                sizeof pm_nm_phrases[0], phrase_cmp))
        return 0;
    norm_add(norm, &o, t, k + 1);
    return t[k].e;
}

static int name_validate(const struct pm_detector_def *self, const char *buf, size_t buflen,
                         size_t at, size_t *np, char *norm)
{
    (void)self;
    size_t end = at + *np < buflen ? at + *np : buflen, e;
    if (pm_name_in_thing(buf, buflen, at, name_context)) {
        norm[0] = '\0';
        return PM_CONF_NONE;
    }
    int lab = label_kind(buf, at);
    if (lab != LB_NONE && (e = labelled_name(buf, end, at, lab, norm)) != 0) {
        *np = e - at;
        return PM_CONF_HIGH;
    }
    if ((e = mail_name(buf, buflen, end, at, norm)) != 0) {
        *np = e - at;
        return PM_CONF_HIGH;
    }
    if ((e = free_name(buf, buflen, end, at, norm)) != 0) {
        *np = e - at;
        return PM_CONF_MEDIUM;
    }
    norm[0] = '\0';
    return PM_CONF_NONE;
}

/* "J*** D**": each word's first letter, the rest as stars (at most 8). */
static void name_mask(const struct pm_detector_def *self, const char *norm, char *out)
{
    (void)self;
    size_t o = 0, run = 0;
    for (const char *p = norm; *p && o + 2 < PM_MASK_MAX; p++) {
        if (*p == ' ') {
            out[o++] = ' ';
            run = 0;
        } else if (run++ == 0) {
            out[o++] = (char)(*p >= 'a' && *p <= 'z' ? *p - 32 : *p);
        } else if (run <= 9) {
            out[o++] = '*';
        }
    }
    out[o] = '\0';
}

/* Where the one-pass engine looks (detector.h's text_gate): at every
 * capital where the pattern's match may start (not after an ASCII letter,
 * digit, '_' or a byte >= 0x80), if the validator may accept there: after
 * a label (label_kind), or at a given name as running text writes it
 * (capitalised, the rest lower case: free_name's first test). That is a
 * superset of what it accepts, so both engines agree (tests/test_engines.c).
 * It was 12,898 given names as Vectorscan literals and a pattern per
 * label word: on a digit-dense log, those cost the literal matcher more
 * than 3 instructions a byte, where a log line holds two or three capitals
 * ("INFO", "INV-") and this costs about one. */
/* 0 if label_kind(buf, at) surely finds no label, as cheaply as it can be
 * told (most capitals of a log follow a word no label starts like). A
 * label follows separators only, and its word (the one label_kind reads,
 * "m" of "M." and "ra" of "Sig.ra" included) starts with one of these. */
static int label_may(const char *buf, size_t at)
{
    size_t lo = at > PM_LABEL_REACH - 1 ? at - (PM_LABEL_REACH - 1) : 0, i = at;
    while (i > lo && at - i < 6) {
        char c = buf[i - 1];
        if (c != ' ' && c != '\t' && c != ':' && c != '=' && c != '"' && c != '\'' &&
            c != '>' && c != '.' && c != ',')
            break;
        i--;
    }
    if (i == lo)
        return 0;
    size_t k = i;
    while (k > lo && (pm_is_letter((unsigned char)buf[k - 1]) || (unsigned char)buf[k - 1] >= 0x80))
        k--;
    if (k == i)
        return 0;
    /* Bit c - 'a' for c in "abcdefghlmnprsv" (a byte >= 0x80 is none). */
    unsigned c = (unsigned)((unsigned char)buf[k] | 0x20) - 'a';
    return c < 26 && (UINT32_C(0x26b8ff) >> c & 1);
}

static int name_may_start(const char *buf, size_t len, size_t at)
{
    const unsigned char *b = (const unsigned char *)buf;
    /* A capital after a capital ("INFO") is no given name as written. */
    if (!(at + 1 < len && b[at + 1] >= 'A' && b[at + 1] <= 'Z')) {
        struct tok t;
        size_t end = len - at > NM_MAXLEN ? at + NM_MAXLEN : len;
        if (tok_read(buf, end, at, &t) && t.first_up == 1 && t.rest_low &&
            (nm_lookup(t.low, t.part) & NM_GIVEN))
            return 1;
    }
    return (label_may(buf, at) && label_kind(buf, at) != LB_NONE) || mail_name_at(buf, at);
}

static void name_text_gate(const char *buf, size_t len, size_t from, size_t limit,
                           const struct pm_textmasks *tm,
                           void (*add)(void *ctx, size_t a, size_t b), void *ctx)
{
    const unsigned char *b = (const unsigned char *)buf;
    /* The window's blocks (textmask.h) from the one that holds `from`. */
    for (size_t o = from & ~(size_t)63; o < limit; o += 64) {
        /* ASCII capitals and the lead bytes of UTF-8 Latin-1 / Extended-A
         * letters; the pattern's lookbehind then, byte by byte. */
        uint64_t cap = tm->up[o / 64] | tm->hi[o / 64];
        /* A capital right after another follows a letter: not a start (a
         * block's first byte may follow one too: the lookbehind says). */
        for (uint64_t c = cap & ~(cap << 1); c; c &= c - 1) {
            size_t at = o + (size_t)__builtin_ctzll(c);
            if (at >= limit)
                break;
            if (at < from)
                continue;
            unsigned char q = at > 0 ? b[at - 1] : ' ';
            if (b[at] >= 0x80 && !(at + 1 < len && b[at + 1] >= 0x80 && b[at + 1] <= 0xBF))
                continue;
            if (pm_is_word(q) || q >= 0x80)
                continue;
            if (name_may_start(buf, len, at))
                add(ctx, at, at);
        }
    }
}

const struct pm_detector_def pm_det_person_name = {
    .id = "person_name",
    .description = "People's names: given name and surname in the lists (US, GB, DE, FR, NL, "
                   "ES, IT, CA, AU, IN), after a label or salutation (Name:, Dear, Herr, "
                   "Madame, ...) or under a name column; street, company and font names "
                   "and common words rejected",
    /* A capital, then what a name may hold (letters, ' - . and spaces), and
     * in a table the next cell with its label ("\x1elast name: Smith"): the
     * validator reads the words and may only shorten the match. */
    .pattern = "(?<![A-Za-z0-9_\\x80-\\xff])(?:[A-Z]|[\\xc3-\\xc5][\\x80-\\xbf])"
               "(?:[A-Za-z' .-]|,(?= [A-Z])|[\\xc3-\\xc5][\\x80-\\xbf]){0,60}"
               "(?:\\x1e[^\\n\\r\\x1e]{1,64}: (?:[A-Za-z' .-]|[\\xc3-\\xc5][\\x80-\\xbf]){1,60})?",
    .max_len = NM_MAXLEN,
    .validate = name_validate,
    .mask = name_mask,
    .context = name_context,
    .binary_needs_context = 1,
    .text_gate = name_text_gate,
};
