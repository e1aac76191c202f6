/* address_words.h — private to detect/ (postal_address.c, address_form.c):
 * the street words of each locale and their kinds, the other word lists an
 * address is read with (labels, flats and units, connectors inside names,
 * Italian towns' lower-case endings, the start patterns), and the word
 * readers both files share. Offsets into the caller's text only: nothing
 * here copies, keeps or logs any of it.
 */
#ifndef PM_ADDRESS_WORDS_H
#define PM_ADDRESS_WORDS_H

#include <stddef.h>

enum {
    W_AFTER = 1,  /* ends a name after the number: "12 Main Street" */
    W_LEAD = 2,   /* follows the number, leads the name: "12 rue de la Paix" */
    W_PREFIX = 4, /* leads a name before the number: "Via Roma 5", "Calle Mayor 3" */
    W_BEFORE = 8, /* a word of its own ending a name before the number: "Berliner Straße 12" */
    W_SUFFIX = 16, /* ends a compound name before the number: "Hauptstraße 12" */
    W_WHOLE = 32,  /* a whole street name after the number: "1322 Broadway" */
    W_NAMED = 64   /* W_AFTER only after a capitalised name: "12 Howell Shoal", not
                    * "777 after copying via" (street_suffixes.h's words) */
};

/* The one-pass engine's start patterns (detector.h's `starts`). */
extern const char *const pm_pa_addr_starts[];
/* Labels of an address field or column ("Address: ", "Anschrift: "). The
 * first is the one `piimap locate` reads a value as. */
extern const char *const pm_pa_addr_context[];
/* Flats, apartments, suites, units. */
extern const char *const pm_pa_unit_words[];
/* Lower-case connectors inside a city's or street's name. */
extern const char *const pm_pa_connectors[];
/* Lower-case words that end an Italian town's name. */
extern const char *const pm_pa_city_tails[];

/* 1 if buf[i] starts a capitalised word: an ASCII capital, or a UTF-8
 * capital of Latin-1 and Latin Extended-A (À..Þ, Ā..ž even code points). */
int pm_pa_cap_at(const unsigned char *b, size_t i, size_t lim);
/* A word: letters (UTF-8 taken as letters), '-' and '\'' inside. Returns
 * its end, or i if none starts there. */
size_t pm_pa_word_end(const unsigned char *b, size_t i, size_t lim);
/* 1 if b[i, e) case-folds to w. */
int pm_pa_word_is(const unsigned char *b, size_t i, size_t e, const char *w);
/* 1 if b[i, e) case-folds to a word of the NULL-ended list. */
int pm_pa_in_list(const unsigned char *b, size_t i, size_t e, const char *const *list);
/* The kinds of street word b[i, e) is (0: none); with `sfx`, also those
 * it ends as a compound ("Hauptstraße"), in *sfx the suffix's start. */
unsigned pm_pa_kind_of(const unsigned char *b, size_t i, size_t e, size_t *sfx);
/* A dotted Italian street word at b[i] ("V.le", "P.zza", "C.so"):
 * returns its end, or i if none starts there. */
size_t pm_pa_dotted_end(const unsigned char *b, size_t i, size_t lim);
/* The word an abbreviated street word b[i, e) stands for, in the
 * normalised form's spelling ("st" -> "street", "str" -> "strasse",
 * "avda" -> "avenida"), or NULL if it is no abbreviation. */
const char *pm_pa_full_word(const unsigned char *b, size_t i, size_t e);
/* A table cell's "HEADER: " at b[i] (extract/ex_csv.c writes it after the
 * cell's mark): returns where the value starts, or i if no label. */
size_t pm_pa_cell_label_end(const unsigned char *b, size_t i, size_t lim);

#endif
