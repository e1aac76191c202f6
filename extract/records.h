/* records.h — where the records of running text end, for the people
 * estimate: a blank line ends a paragraph, a newline ends a header line, and
 * in text that looks like JSON the close of an object in an array (or of a
 * top-level object: JSON Lines) ends it. Internal to extract/.
 *
 * An extractor that reads running text sets one of these up with
 * pm_job_split_begin (extractor.h) before it emits, and pm_job_split_end
 * after; pm_emit then hands the text to pm_split_emit, which passes it on
 * to the sink unchanged, with the sink's record() called where a record
 * ends. It only looks at the bytes; it never changes,
 * keeps or interprets the text beyond that.
 */
#ifndef PM_RECORDS_H
#define PM_RECORDS_H

#include <stddef.h>
#include <stdint.h>

#include "extract/extract.h"

enum pm_split_mode {
    PM_SPLIT_AUTO = 0,  /* decided by the first byte that is not blank: '{' or '[' JSON, else paragraphs */
    PM_SPLIT_PARAGRAPH, /* a blank line ends a record */
    PM_SPLIT_LINES,     /* every newline ends a record */
    PM_SPLIT_JSON,      /* an object in an array, or at the top, ends a record */
};

#define PM_SPLIT_STACK 64 /* nesting depth whose kind (array or object) is kept */

struct pm_recsplit {
    enum pm_split_mode mode;
    int line_blank;   /* the current line holds only blanks so far */
    int seen_nl;      /* a newline came before the current line */
    int in_str, esc;  /* JSON: inside a string; after a backslash in it */
    uint32_t depth;   /* JSON: open arrays and objects */
    uint32_t rec;     /* JSON: depth of the open record object, 0 if none */
    uint64_t arrays;  /* JSON: bit d set when level d + 1 (d < 64) is an array */
};

/* A fresh splitter (as after = {0}, which is PM_SPLIT_AUTO). */
void pm_split_init(struct pm_recsplit *s, enum pm_split_mode mode);
/* Passes text of the item at `level` to the sink, calling its record()
 * after each byte that ends a record. */
void pm_split_emit(struct pm_recsplit *s, const struct pm_sink *sink, unsigned level,
                   const char *text, size_t n);

#endif
