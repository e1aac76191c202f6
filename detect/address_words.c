/* address_words.c — the word tables postal_address.c and address_form.c
 * read addresses with (street words per locale and their kinds, the start
 * patterns made from them, address labels, flats and units, connectors
 * inside names, Italian towns' lower-case endings) and the word readers
 * over them (see address_words.h). Only reads the text it is given: never
 * copies, keeps or logs any of it.
 */
#include <string.h>

#include "detect/address_words.h"
#include "detect/context.h"  /* PM_CONTEXT_BARRIER */
#include "detect/postcode.h" /* the byte classes */
#include "detect/street_suffixes.h"

struct street_word {
    const char *w; /* lower case, UTF-8 */
    unsigned char kind, len;
};

/* Street words per locale. The start patterns below name them again: a
 * word added here must be added there too (tests/test_engines.c checks the
 * two engines agree on every tests/data/detectors.tsv row). */
/* One entry: the word and its kinds (its length is counted once here). */
#define SW(w, k) {w, k, sizeof w - 1}
static const struct street_word words[] = {
    /* US, GB, CA, AU, IN */
    SW("street", W_AFTER), SW("st", W_AFTER), SW("avenue", W_AFTER | W_LEAD), SW("ave", W_AFTER),
    SW("road", W_AFTER), SW("rd", W_AFTER), SW("lane", W_AFTER), SW("ln", W_AFTER),
    SW("drive", W_AFTER), SW("dr", W_AFTER), SW("boulevard", W_AFTER | W_LEAD | W_SUFFIX),
    SW("blvd", W_AFTER),
    SW("court", W_AFTER), SW("ct", W_AFTER), SW("place", W_AFTER | W_LEAD), SW("pl", W_AFTER),
    SW("way", W_AFTER), SW("terrace", W_AFTER), SW("tce", W_AFTER), SW("ter", W_AFTER), SW("close", W_AFTER),
    SW("crescent", W_AFTER), SW("cres", W_AFTER), SW("parkway", W_AFTER), SW("pkwy", W_AFTER),
    SW("highway", W_AFTER), SW("hwy", W_AFTER), SW("square", W_AFTER | W_LEAD), SW("sq", W_AFTER),
    SW("grove", W_AFTER), SW("gardens", W_AFTER), SW("mews", W_AFTER), SW("circle", W_AFTER),
    SW("marg", W_AFTER), SW("broadway", W_WHOLE),
    /* USPS Publication 28's abbreviations of Circle, Trail, Point (their
     * names are street_suffixes.h's), only after a capitalised name */
    SW("cir", W_AFTER | W_NAMED), SW("trl", W_AFTER | W_NAMED), SW("pt", W_AFTER | W_NAMED),
#define SUFFIX_WORD(w) SW(w, W_AFTER | W_NAMED),
    PM_STREET_SUFFIXES(SUFFIX_WORD)
    /* FR */
    SW("rue", W_LEAD), SW("bd", W_LEAD), SW("allée", W_LEAD), SW("impasse", W_LEAD),
    SW("chemin", W_LEAD), SW("quai", W_LEAD), SW("cours", W_LEAD), SW("route", W_LEAD),
    /* IT */
    SW("via", W_PREFIX), SW("viale", W_PREFIX), SW("piazza", W_PREFIX), SW("piazzale", W_PREFIX),
    SW("corso", W_PREFIX), SW("largo", W_PREFIX), SW("vicolo", W_PREFIX),
    /* Faker's it_IT street words (street_suffixes there, leading here) */
    SW("strada", W_PREFIX), SW("borgo", W_PREFIX), SW("contrada", W_PREFIX),
    SW("rotonda", W_PREFIX), SW("incrocio", W_PREFIX), SW("stretto", W_PREFIX),
    SW("canale", W_PREFIX),
    /* as letters and forms abbreviate them ("V.le Marconi 12", "P.zza
     * Garibaldi 3"): pm_pa_dotted_end reads them as one word */
    SW("v.le", W_PREFIX), SW("p.za", W_PREFIX), SW("p.zza", W_PREFIX), SW("c.so", W_PREFIX),
    SW("l.go", W_PREFIX), SW("v.lo", W_PREFIX), SW("p.le", W_PREFIX),
    /* ES */
    SW("calle", W_PREFIX), SW("avenida", W_PREFIX), SW("avda", W_PREFIX),
    SW("av", W_LEAD), SW("paseo", W_PREFIX), SW("plaza", W_PREFIX), SW("pza", W_PREFIX),
    SW("carrer", W_PREFIX), SW("camino", W_PREFIX), SW("ronda", W_PREFIX),
    /* Faker's es_ES street_prefixes */
    SW("vial", W_PREFIX), SW("rambla", W_PREFIX), SW("glorieta", W_PREFIX),
    SW("urbanizaci\xc3\xb3n", W_PREFIX), SW("callej\xc3\xb3n", W_PREFIX),
    SW("ca\xc3\xb1" "ada", W_PREFIX), SW("alameda", W_PREFIX), SW("acceso", W_PREFIX),
    SW("pasaje", W_PREFIX), SW("cuesta", W_PREFIX), SW("pasadizo", W_PREFIX),
    /* DE */
    SW("straße", W_BEFORE | W_SUFFIX), SW("strasse", W_BEFORE | W_SUFFIX), SW("str", W_BEFORE | W_SUFFIX),
    SW("platz", W_BEFORE | W_SUFFIX), SW("allee", W_BEFORE | W_SUFFIX | W_LEAD),
    SW("gasse", W_BEFORE | W_SUFFIX), SW("weg", W_BEFORE | W_SUFFIX),
    SW("damm", W_BEFORE | W_SUFFIX),
    SW("ring", W_BEFORE | W_SUFFIX),
    /* NL */
    SW("straat", W_BEFORE | W_SUFFIX), SW("laan", W_BEFORE | W_SUFFIX),
    SW("plein", W_BEFORE | W_SUFFIX), SW("singel", W_BEFORE | W_SUFFIX),
    SW("gracht", W_BEFORE | W_SUFFIX), SW("kade", W_BEFORE | W_SUFFIX),
    SW("dijk", W_BEFORE | W_SUFFIX), SW("steeg", W_BEFORE | W_SUFFIX),
    /* Faker's nl_NL street_suffixes */
    SW("baan", W_BEFORE | W_SUFFIX), SW("dreef", W_BEFORE | W_SUFFIX),
    SW("hof", W_BEFORE | W_SUFFIX), SW("pad", W_BEFORE | W_SUFFIX),
};
#define NWORDS (sizeof words / sizeof words[0])

/* Where the one-pass engine looks: a street word standing alone, or ending
 * a compound right before its number ("Hauptstraße 12"). Literals, so the
 * database stays small and the pass cheap (a pattern that also asked for
 * the number before the word, "[0-9][^\n]{0,80}street", cost Vectorscan
 * four times as much on digit-dense logs); the parser then runs only in
 * the stretch before each hit (a compound may also end its table cell,
 * the number in the next: "Kerkstraat", "huisnummer: 12"). Looser than
 * the parser: every street line it accepts holds one of these, or one of
 * street_suffixes.h's words after a capitalised word, which
 * postal_address.c's text_gate finds in C (as a pattern, those 329
 * caseless words cost Vectorscan more than all of these). */
#define ALONE_WORDS                                                                        \
    "street|avenue|ave|road|lane|drive|boulevard|blvd|court|place|way|terrace|tce|close|"  \
    "crescent|cres|parkway|pkwy|highway|hwy|square|grove|gardens|mews|circle|marg|"        \
    "broadway|rue|impasse|chemin|quai|cours|route|allee|via|viale|piazza|piazzale|corso|" \
    "largo|vicolo|calle|avenida|avda|paseo|plaza|pza|carrer|camino|ronda|ring|strada|"   \
    "borgo|contrada|rotonda|incrocio|stretto|canale|vial|rambla|glorieta|"              \
    "urbanizaci\xc3\xb3n|callej\xc3\xb3n|ca\xc3\xb1" "ada|alameda|acceso|pasaje|cuesta|pasadizo"
/* Two-letter abbreviations, only as people write them after a blank
 * ("Main St", "Elm RD", "12 av. Foch"): caseless, they would be hit inside
 * every "host" and "order" of a log. */
#define SHORT_WORDS \
    "St|ST|Rd|RD|Ln|LN|Dr|DR|Ct|CT|Pl|PL|Sq|SQ|av|Av|AV|bd|Bd|BD|Ter|TER|Cir|CIR|Trl|TRL|Pt|PT"
/* Italian street words as letters abbreviate them, a dot inside. */
#define DOTTED_WORDS "v\\.l[eo]|p\\.zz?a|p\\.le|c\\.so|l\\.go"
#define SUFFIX_WORDS                                                                   \
    "stra\xc3\x9f" "e|strasse|str|platz|allee|gasse|weg|damm|straat|laan|plein|singel|" \
    "gracht|kade|dijk|steeg|baan|dreef|hof|pad|ring|boulevard"
const char *const pm_pa_addr_starts[] = {
    "(?i)\\b(?:" ALONE_WORDS ")\\b",
    "[ \\t](?:" SHORT_WORDS ")\\b",
    "(?i)all\xc3\xa9" "e",
    "(?i)\\bc/",
    "\\b[ADF]PO A[AEP] [0-9]",
    "\\bC\\. [A-Z]",
    "(?i)\\b(?:" DOTTED_WORDS ")\\b",
    "(?i)(?:" SUFFIX_WORDS ")[^\\n0-9\\x1e]{0,4}[0-9\\x1e]",
    NULL};

/* Abbreviated street words and the word each stands for, so that an
 * address hashes as one value however its street word is written ("500
 * Market St" and "500 Market Street"; "Goethestr. 7" and "Goethestraße 7";
 * "C/ Mayor 3" and "Calle Mayor 3"). Only the parser's street word is
 * replaced: "St" in "12 St Johns Road" stays as it is. */
static const char *const full_words[][2] = {
    /* US, GB, CA, AU, IN (USPS Publication 28's abbreviations) */
    {"st", "street"}, {"ave", "avenue"}, {"rd", "road"}, {"ln", "lane"}, {"dr", "drive"},
    {"blvd", "boulevard"}, {"ct", "court"}, {"pl", "place"}, {"tce", "terrace"},
    {"ter", "terrace"}, {"cres", "crescent"}, {"pkwy", "parkway"}, {"hwy", "highway"},
    {"sq", "square"}, {"cir", "circle"}, {"trl", "trail"}, {"pt", "point"},
    /* FR */
    {"av", "avenue"}, {"bd", "boulevard"},
    /* ES: "C/ Mayor", "C. Mayor", "Avda.", "Pza." */
    {"c", "calle"}, {"avda", "avenida"}, {"pza", "plaza"},
    /* IT: "V.le Marconi 12", "P.zza Garibaldi 3" */
    {"v.le", "viale"}, {"p.za", "piazza"}, {"p.zza", "piazza"}, {"c.so", "corso"},
    {"l.go", "largo"}, {"v.lo", "vicolo"}, {"p.le", "piazzale"},
    /* DE: "Goethestr. 7", "Berliner Str. 5" */
    {"str", "strasse"},
};

const char *pm_pa_full_word(const unsigned char *b, size_t i, size_t e)
{
    for (size_t k = 0; k < sizeof full_words / sizeof full_words[0]; k++)
        if (pm_pa_word_is(b, i, e, full_words[k][0]))
            return full_words[k][1];
    return NULL;
}

/* Labels of an address field or column ("Address: ", "Anschrift: "). The
 * first is the one `piimap locate` reads a value as. */
const char *const pm_pa_addr_context[] = {
    "address", "street", "street address", "postal address", "mailing address",
    "home address", "anschrift", "adresse", "stra\xc3\x9f" "e", "strasse", "rue",
    "indirizzo", "direcci\xc3\xb3n", "direccion", "domicilio", "adres", "straat",
    "woonadres", "addr", NULL};

/* Flats, apartments, suites, units. */
const char *const pm_pa_unit_words[] = {"flat", "apt", "apartment", "suite", "ste", "unit",
                                         "wohnung", "whg", "appartement", "app", "apto",
                                         "piso", "bus", "appartamento", "puerta",
                                         "studio", "level", NULL};

/* Lower-case connectors inside a city's or street's name. */
const char *const pm_pa_connectors[] = {"am", "an", "der", "den", "de", "des", "la", "le",
                                         "les", "sur", "upon", "on", "del", "di", "da",
                                         "do", "dos", "das", "aan", "op", "en", "im", "bei",
                                         "the", "of", "y", "e", "della", "dei", "van",
                                         "het", "in", "a", NULL};

/* Lower-case words that end an Italian town's name ("Lido di Camaiore" is
 * written so, but also "Reggio nell'Emilia" in lower case, "Marina di
 * Ragusa a mare"): the city_suffixes of Faker's it_IT provider. */
const char *const pm_pa_city_tails[] = {"mare", "lido", "ligure", "friuli", "salentino",
                                         "calabro", "veneto", "nell'emilia", "umbro",
                                         "laziale", "terme", "sardo", NULL};

/* 1 if buf[i] starts a capitalised word: an ASCII capital, or a UTF-8
 * capital of Latin-1 and Latin Extended-A (À..Þ, Ā..ž even code points). */
int pm_pa_cap_at(const unsigned char *b, size_t i, size_t lim)
{
    if (pm_pa_up(b[i]))
        return 1;
    if (i + 1 < lim && b[i] == 0xC3 && b[i + 1] >= 0x80 && b[i + 1] <= 0x9E && b[i + 1] != 0x97)
        return 1;
    return i + 1 < lim && (b[i] == 0xC4 || b[i] == 0xC5) && !(b[i + 1] & 1);
}

/* A word: letters (UTF-8 taken as letters), '-' and '\'' inside. Returns
 * its end, or i if none starts there. */
size_t pm_pa_word_end(const unsigned char *b, size_t i, size_t lim)
{
    size_t j = i;
    while (j < lim) {
        int inner = (b[j] == '-' || b[j] == '\'') && j > i && j + 1 < lim && pm_pa_alpha(b[j + 1]);
        if (!pm_pa_alpha(b[j]) && !inner)
            break;
        j++;
    }
    return j;
}

/* 1 if b[i, e) case-folds to w. */
int pm_pa_word_is(const unsigned char *b, size_t i, size_t e, const char *w)
{
    size_t n = strlen(w);
    if (e - i != n)
        return 0;
    for (size_t k = 0; k < n; k++)
        if (pm_pa_lc(b[i + k]) != (unsigned char)w[k])
            return 0;
    return 1;
}

int pm_pa_in_list(const unsigned char *b, size_t i, size_t e, const char *const *list)
{
    for (const char *const *w = list; *w; w++)
        if (pm_pa_word_is(b, i, e, *w))
            return 1;
    return 0;
}

/* 1 if b[i, e) ends in "ring" as an English word does ("String",
 * "Spring", "Offering", "During", "Keyring"), not as a street's name
 * ("Kaiserring", "Rathenauring", "Annaring"): fewer than three letters
 * before it, or an 'e' or 'y' right before it. */
static int weak_ring(const unsigned char *b, size_t i, size_t e, const char *w)
{
    if (strcmp(w, "ring") != 0)
        return 0;
    return e - 4 - i < 3 || strchr("ey", pm_pa_lc(b[e - 5])) != NULL;
}

/* The kinds of street word b[i, e) is (0: none); with `suffix`, also those
 * it ends as a compound ("Hauptstraße"), in *sfx the suffix's start. */
unsigned pm_pa_kind_of(const unsigned char *b, size_t i, size_t e, size_t *sfx)
{
    unsigned k = 0, sure = 0;
    for (size_t w = 0; w < NWORDS; w++) {
        size_t n = words[w].len;
        if (e - i == n && pm_pa_word_is(b, i, e, words[w].w)) {
            k |= words[w].kind & (unsigned)~W_SUFFIX;
            sure |= (words[w].kind & (W_AFTER | W_NAMED)) == W_AFTER;
        }
        else if (sfx && (words[w].kind & W_SUFFIX) && e - i >= n + 2 &&
                 pm_pa_word_is(b, e - n, e, words[w].w) && !weak_ring(b, i, e, words[w].w)) {
            k |= W_SUFFIX;
            *sfx = e - n;
        }
    }
    return sure ? k & (unsigned)~W_NAMED : k;
}

/* A dotted Italian street word at b[i] ("V.le", "P.zza", "C.so"): a
 * letter, a dot, letters, together a word of the table. Returns its end,
 * or i. */
size_t pm_pa_dotted_end(const unsigned char *b, size_t i, size_t lim)
{
    if (i + 2 >= lim || !pm_pa_alpha(b[i]) || b[i] >= 0x80 || b[i + 1] != '.')
        return i;
    size_t e = pm_pa_word_end(b, i + 2, lim);
    return e > i + 2 && pm_pa_kind_of(b, i, e, NULL) ? e : i;
}

/* A table cell's "HEADER: " at b[i] (extract/ex_csv.c writes it after the
 * cell's mark): returns where the value starts, or i if no label. */
size_t pm_pa_cell_label_end(const unsigned char *b, size_t i, size_t lim)
{
    size_t j = i;
    while (j < lim && j - i < 40 && b[j] != ':' && b[j] != '\n' && b[j] != PM_CONTEXT_BARRIER &&
           !pm_pa_dig(b[j]))
        j++;
    return j < lim && b[j] == ':' && j + 1 < lim && pm_pa_blank(b[j + 1]) ? j + 1 : i;
}
