/* tablines.h — text whose table rows are lines of tab-separated cells (a
 * PDF's text, extract/pdf/textpos.c), read as a table: a line of column
 * names labels the cells of the lines below it that have as many cells.
 * Internal to extract/; see tablines.c.
 */
#ifndef PM_TABLINES_H
#define PM_TABLINES_H

#include <stddef.h>

#include "extract/extractor.h"
#include "extract/table.h"

#define PM_TABLINES_LINE 4096 /* a longer line is no table row: it passes as it is */
#define PM_TABLINES_PREV 1024 /* a longer line is no header */

struct pm_tablines {
    unsigned cols;     /* cells of the open table's rows; 0: no table open */
    size_t nprev;      /* the line before, a row's possible header: 0 if none */
    char prev[PM_TABLINES_PREV];
    int pass;          /* the rest of an over-long line passes as it is */
    size_t n;
    char line[PM_TABLINES_LINE];
    struct pm_table t; /* labels and output (last: the buffer is not cleared) */
};

/* Ready to write j's text. */
void pm_tablines_init(struct pm_tablines *l, const struct pm_job *j);
/* Text, in pieces of any size. */
void pm_tablines_text(struct pm_tablines *l, const char *p, size_t n);
/* The text ends: a last line without a newline goes out. */
void pm_tablines_finish(struct pm_tablines *l);

#endif
