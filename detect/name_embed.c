/* name_embed.c — where a capitalised pair is no person's name because of
 * what it is written in, whatever its words: the name attribute of a
 * markup element that is no person (<iso_3166_2_entry name="Saint
 * George">), a translation table's value under a language code ('en':
 * 'Abdon Batista - SC'), the name member of a code table's record
 * ({"alpha_3": "aad", "name": "Amal"}). person_name.c asks before it
 * reads a name.
 *
 * Reads only the bytes around the candidate in the window it is given;
 * never copies, keeps or logs them, and never decides that something is a
 * name (only that it is not).
 */
#include <string.h>

#include "detect/bytes.h"
#include "detect/name_embed.h"

/* 1 if w[0 .. n) is one of the lower-case words. */
static int is_label(const char *const *words, const char *w, size_t n)
{
    for (; *words; words++)
        if (strlen(*words) == n && memcmp(*words, w, n) == 0)
            return 1;
    return 0;
}

/* Where the quoted string that holds buf[at] starts (after its opening
 * quote), on its line and at most 256 bytes back; at itself if none is
 * found. A name anywhere in the value: "Arára, Mato Grosso", "Republic of
 * Sierra Leone". */
static size_t quoted_start(const char *buf, size_t at)
{
    for (size_t q = at, lo = at > 256 ? at - 256 : 0; q > lo; q--) {
        char c = buf[q - 1];
        if (c == '"' || c == '\'')
            return q;
        if (c == '\n' || c == '<' || c == '>' || c == '=' || c == '\0')
            break;
    }
    return at;
}

/* ISO 639-1's two-letter language codes. */
static const char iso639_1[] =
    "aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu "
    "cv cy da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi "
    "ho hr ht hu hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks "
    "ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl "
    "nn no nr nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl "
    "sm sn so sq sr ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve "
    "vi vo wa wo xh yi yo za zh zu";

/* The end of the quoted object key at buf[q] (its opening quote) if it is
 * a language code ("en", 'pt_BR', "zh-Hant") followed by ':', else 0. */
static size_t lang_key(const char *buf, size_t end, size_t q, const char *const *labels)
{
    char c = buf[q], l[3] = {0};
    size_t i = q + 1;
    if (i + 3 >= end || buf[i] < 'a' || buf[i] > 'z' || buf[i + 1] < 'a' || buf[i + 1] > 'z')
        return 0;
    l[0] = buf[i], l[1] = buf[i + 1];
    i += 2;
    if (buf[i] == '_' || buf[i] == '-')
        for (i++; i < end && pm_is_letter((unsigned char)buf[i]) && i - q < 10; i++)
            ;
    if (i >= end || buf[i] != c || !strstr(iso639_1, l) || is_label(labels, l, 2))
        return 0;
    for (i++; i < end && buf[i] == ' '; i++)
        ;
    return i < end && buf[i] == ':' ? i : 0;
}

/* 1 if buf[at] starts a quoted string that is the value of a key that is a
 * language code, with another such key on its line ('en': '...', 'pt':
 * '...'; "de": "...", "pt_BR": "..."): a translation, the same thing's name
 * in other languages (libphonenumber's geocoding and locale tables: places
 * named after people, "Abdon Batista - SC"). A record's short keys ("fn",
 * "ln", "nom") are none. */
static int translation_value(const char *buf, size_t buflen, size_t at,
                             const char *const *labels)
{
    size_t i = at;
    if (i < 6 || (buf[i - 1] != '"' && buf[i - 1] != '\''))
        return 0;
    if (buf[i - 2] == '(' && buf[i - 3] == 'u')
        i -= 2; /* Python 2's u('...') */
    for (i--; i > 0 && buf[i - 1] == ' '; i--)
        ;
    if (i == 0 || buf[i - 1] != ':')
        return 0;
    for (i--; i > 0 && buf[i - 1] == ' '; i--)
        ;
    size_t q = i >= 4 ? i - 1 : 0, k;
    for (k = q; k > 0 && q - k < 10 && buf[k - 1] != buf[q]; k--)
        ;
    if (k == 0 || q - k < 2 || !lang_key(buf, buflen, k - 1, labels) ||
        (k >= 2 && pm_is_word((unsigned char)buf[k - 2])))
        return 0;
    /* Another language on the line, before or after. */
    size_t lo = k > 300 ? k - 300 : 0, hi = buflen - at > 300 ? at + 300 : buflen;
    for (size_t a = k - 1; a > lo && buf[a - 1] != '\n'; a--)
        if ((buf[a - 1] == '"' || buf[a - 1] == '\'') && lang_key(buf, hi, a - 1, labels))
            return 1;
    for (size_t a = at; a < hi && buf[a] != '\n'; a++)
        if ((buf[a] == '"' || buf[a] == '\'') && lang_key(buf, hi, a, labels))
            return 1;
    return 0;
}

/* Elements of markup whose "name" attribute is a person's (<author
 * name="...">, <dc:creator name=...>). */
static const char *const person_elements[] = {
    "author", "person", "people", "contributor", "maintainer", "developer", "contact",
    "owner", "creator", "editor", "translator", "employee", "customer", "client", "patient",
    "member", "user", "student", "attendee", "participant", "signer", "reviewer", NULL};

/* 1 if buf[at] starts the quoted value of a markup attribute that names a
 * thing: name= or *_name= (reference_name, currency_name; not fullName,
 * first_name: name_context's longer words) of an element that is no
 * person (<iso_639_3_entry name="Ari">, <iso_3166_2_entry name="Saint
 * George">, <platformtype name="LONG">). Its words are a language, a
 * region, a type, whatever they look like; <author name="..."> holds a
 * person. Reads back to the value's opening quote on its line, then over
 * lines and ex_markup.c's record separators to the tag's '<', at most 512
 * bytes. */
static int attr_names_thing(const char *buf, size_t at, const char *const *labels)
{
    if (at < 6 || (buf[at - 1] != '"' && buf[at - 1] != '\'') || buf[at - 2] != '=')
        return 0;
    size_t e = at - 2, i = e, k;
    char w[24];
    while (i > 0 && e - i < sizeof w && (pm_is_word((unsigned char)buf[i - 1]) ||
                                          buf[i - 1] == ':' || buf[i - 1] == '-'))
        i--;
    if (i == 0 || e - i < 4 || e - i >= sizeof w || buf[i - 1] == '\0' ||
        !strchr(" \t\r\n\x1e", buf[i - 1]))
        return 0;
    size_t n = 0;
    for (size_t j = i; j < e; j++) /* "reference_name" -> "referencename" */
        if (pm_is_letter((unsigned char)buf[j]))
            w[n++] = (char)(buf[j] | 0x20);
    if (n > 4 && w[n - 1] == 's')
        n--; /* names="French Afars and Issas" */
    if (n < 4 || memcmp(w + n - 4, "name", 4) || (n > 5 && is_label(labels, w, n)))
        return 0;
    for (k = i; k > 0 && i - k < 512 && buf[k - 1] != '<'; k--)
        if (buf[k - 1] == '>')
            return 0;
    if (k == 0 || buf[k - 1] != '<' || !pm_is_letter((unsigned char)buf[k]))
        return 0;
    size_t a = k;
    for (e = k; pm_is_word((unsigned char)buf[e]) || buf[e] == ':' || buf[e] == '-'; e++)
        if (buf[e] == ':')
            a = e + 1; /* a namespace prefix: dc:creator */
    if (e - a >= sizeof w)
        return 1;
    for (size_t j = a; j < e; j++)
        w[j - a] = (char)(buf[j] >= 'A' && buf[j] <= 'Z' ? buf[j] + 32 : buf[j]);
    return !is_label(person_elements, w, e - a);
}

/* Keys of a code table's record: the row's codes (ISO 3166's alpha_2,
 * ISO 4217's alpha_3 and numeric, a subdivision's code), compared with
 * '_' and '-' left out. Their values are short and spaceless. */
static const char *const code_keys[] = {
    "alpha2", "alpha3", "alpha4", "numeric", "code", "iso", "isocode", "iso2", "iso3",
    "symbol", "currency", "currencycode", "countrycode", "languagecode", "alpha2code",
    "alpha3code", "numericcode", "abbr", "abbreviation", "cca2", "cca3", "ccn3", NULL};

/* Keys that describe a table's row without saying whose it is (ISO 639's
 * scope and type, ISO 3166-2's parent, ISO 3166-3's withdrawal_date). */
static const char *const row_keys[] = {
    "id", "type", "scope", "flag", "parent", "comment", "bibliographic", "withdrawaldate",
    "status", "kind", "category", NULL};

/* A JSON or Python object key's letters and digits, lower case, into w
 * (at most wn - 1; longer ones are cut and never match a list). */
static size_t key_fold(const char *k, size_t n, char *w, size_t wn)
{
    size_t o = 0;
    for (size_t j = 0; j < n && o + 1 < wn; j++)
        if (pm_is_letter((unsigned char)k[j]) || pm_is_digit((unsigned char)k[j]))
            w[o++] = (char)(k[j] | (pm_is_letter((unsigned char)k[j]) ? 0x20 : 0));
    return o;
}

/* 1 if the folded key names a thing's name: "name", "official_name",
 * "inverted_name", "names"; a person's label ("fullName", "first_name",
 * "customer_name") is none. */
static int name_key(const char *w, size_t n, const char *const *labels)
{
    if (n > 4 && w[n - 1] == 's')
        n--;
    return n >= 4 && memcmp(w + n - 4, "name", 4) == 0 && !(n > 5 && is_label(labels, w, n));
}

/* The byte after the quoted string whose opening quote is buf[q], or 0
 * if it does not close before end. */
static size_t skip_string(const char *buf, size_t q, size_t end)
{
    for (size_t i = q + 1; i < end && buf[i] != '\n'; i++) {
        if (buf[i] == '\\')
            i++;
        else if (buf[i] == buf[q])
            return i + 1;
    }
    return 0;
}

/* Past blanks and the record separators (0x1e) the extractor puts
 * inside a JSON record's braces. */
static size_t skip_blank(const char *buf, size_t i, size_t end)
{
    while (i < end && buf[i] && strchr(" \t\r\n\x1e", buf[i]))
        i++;
    return i;
}

/* The '{' that opens the object holding buf[at] (a key's opening quote),
 * at most 1 KiB back, or (size_t)-1. Steps back over whole strings and
 * nested values; a '[' first means no object. */
static size_t object_start(const char *buf, size_t at)
{
    size_t lo = at > 1024 ? at - 1024 : 0;
    int depth = 0;
    for (size_t i = at; i > lo; i--) {
        char c = buf[i - 1];
        if (c == '"' || c == '\'') {
            while (--i > lo && (buf[i - 1] != c || (i > 1 && buf[i - 2] == '\\')))
                if (buf[i - 1] == '\n')
                    return (size_t)-1;
            if (i == lo)
                return (size_t)-1;
        } else if (c == '}' || c == ']') {
            depth++;
        } else if (c == '{' || c == '[') {
            if (depth == 0)
                return c == '{' ? i - 1 : (size_t)-1;
            depth--;
        } else if (c == '\0') {
            return (size_t)-1;
        }
    }
    return (size_t)-1;
}

/* Where the object opening at buf[o] ends (after its '}') if it is a flat
 * code-table row: each member a name key (name_key), a code key whose
 * value is a short spaceless code, or a row key, with at least one code;
 * else 0. Any other member (an e-mail, a phone, a nested value) says
 * nothing of the kind. */
static size_t code_row(const char *buf, size_t buflen, size_t o, const char *const *labels)
{
    size_t end = buflen - o > 2048 ? o + 2048 : buflen, i = o + 1;
    int codes = 0;
    for (;;) {
        i = skip_blank(buf, i, end);
        if (i >= end || (buf[i] != '"' && buf[i] != '\''))
            return 0;
        size_t ke = skip_string(buf, i, end), v, ve;
        char w[24];
        if (ke == 0)
            return 0;
        size_t n = key_fold(buf + i + 1, ke - i - 2, w, sizeof w);
        i = skip_blank(buf, ke, end);
        if (i >= end || buf[i] != ':')
            return 0;
        v = skip_blank(buf, i + 1, end);
        if (v >= end || buf[v] == '{' || buf[v] == '[')
            return 0;
        if (buf[v] == '"' || buf[v] == '\'')
            ve = skip_string(buf, v, end);
        else
            for (ve = v; ve < end && pm_is_word((unsigned char)buf[ve]); ve++)
                ;
        if (ve == 0 || ve == v)
            return 0;
        if (is_label(code_keys, w, n)) {
            if (ve - v > 14 || memchr(buf + v, ' ', ve - v))
                return 0;
            codes++;
        } else if (!is_label(row_keys, w, n) && !name_key(w, n, labels)) {
            return 0;
        }
        i = skip_blank(buf, ve, end);
        if (i < end && buf[i] == '}')
            return codes > 0 ? i + 1 : 0;
        if (i >= end || buf[i] != ',')
            return 0;
        i++;
    }
}

/* 1 if buf[at] starts the quoted value of a name key (name, official_name)
 * in a JSON or Python object whose other members are codes: a code
 * table's row ({"alpha_3": "ari", "name": "Arikara"}, {"code": "AD-07",
 * "name": "Andorra la Vella", "type": "Parish"}), over lines or on one.
 * Its words are a language, a currency, a place, whatever they look like;
 * {"id": 7, "name": "Jane Roe", "email": ...} is a person's record. */
static int record_names_thing(const char *buf, size_t buflen, size_t at,
                              const char *const *labels)
{
    if (at < 6 || (buf[at - 1] != '"' && buf[at - 1] != '\''))
        return 0;
    size_t i = at - 1;
    while (i > 0 && (buf[i - 1] == ' ' || buf[i - 1] == '\t'))
        i--;
    if (i == 0 || buf[i - 1] != ':')
        return 0;
    for (i--; i > 0 && (buf[i - 1] == ' ' || buf[i - 1] == '\t'); i--)
        ;
    if (i < 2 || (buf[i - 1] != '"' && buf[i - 1] != '\''))
        return 0;
    size_t q = i - 1, k = q;
    while (k > 0 && q - k < 24 && buf[k - 1] != buf[q] && buf[k - 1] != '\n')
        k--;
    if (k == 0 || buf[k - 1] != buf[q])
        return 0;
    char w[24];
    size_t n = key_fold(buf + k, q - k, w, sizeof w);
    if (!name_key(w, n, labels))
        return 0;
    size_t o = object_start(buf, k - 1);
    /* The row must hold the key: a string misread on the way back could
     * have led to another object. */
    return o != (size_t)-1 && code_row(buf, buflen, o, labels) > k;
}

int pm_name_in_thing(const char *buf, size_t buflen, size_t at, const char *const *labels)
{
    size_t qs = quoted_start(buf, at);
    return attr_names_thing(buf, qs, labels) || translation_value(buf, buflen, qs, labels) ||
           record_names_thing(buf, buflen, qs, labels);
}
