/* table.h — labelled cells: how every table reader (CSV, spreadsheets,
 * document tables, SQLite) writes a table's cells, so that a column's header
 * labels the values in its column and nothing else.
 *
 * A data cell goes out as "HEADER: value" after an ASCII record separator
 * (0x1E), which detect/'s context windows never cross; only a cell with a
 * digit in its first PM_TABLE_PEEK bytes, or in a column of names (Name,
 * Nachname, Prénom: person_name reads its label), gets its label (no other
 * value without digits needs one). Header cells are kept as labels as people name columns
 * ("date_of_birth", "phoneNumber" -> "date of birth", "phone Number"); a
 * header cell that could itself be a value (an '@', a ':', more than three
 * digits, over PM_TABLE_LABEL bytes) is no label. A value column headed
 * "value" (a key/value table) takes the cell before it as its label.
 *
 * Memory is fixed: PM_TABLE_COLS labels of PM_TABLE_LABEL bytes, the first
 * PM_TABLE_PEEK bytes of a cell and an output buffer; a giant cell streams
 * through. Internal to extract/: never includes detect/ (the mark is the
 * same byte as detect/context.h's PM_CONTEXT_BARRIER by agreement).
 */
#ifndef PM_TABLE_H
#define PM_TABLE_H

#include <stddef.h>
#include <string.h>

#include "extract/extractor.h"

#define PM_TABLE_COLS 256   /* columns whose header is kept */
#define PM_TABLE_LABEL 64   /* a longer header cell is no label */
#define PM_TABLE_PEEK 64    /* bytes of a cell read before its label is decided */
#define PM_TABLE_OUT 65536  /* output buffer */
#define PM_TABLE_MARK '\x1e' /* record separator: a cell starts; context stops here */
#define PM_TABLE_AHEAD 64   /* pm_table_cell_ahead: a cell this short is copied as a whole slot */

struct pm_table {
    const struct pm_job *job;
    int open;           /* the cell's prefix is out: its bytes go straight out */
    int prev_lower;     /* in a header cell: the last byte was a lower-case letter */
    int any_label;      /* a header cell since the last clear held a non-space byte */
    size_t npeek;       /* bytes of the cell held until its label is decided */
    unsigned ncols;     /* columns [0, ncols) have label state below; the
                           others have none (as if zero; their bytes are
                           not cleared, so read only len, label, bad, kv,
                           names of a column below ncols): set as a header
                           byte or any cell's end reaches them, so that a
                           file costs what its columns use, not
                           PM_TABLE_COLS of them */
    char peek[PM_TABLE_PEEK];
    unsigned char len[PM_TABLE_COLS];
    unsigned char ndigits[PM_TABLE_COLS];
    unsigned char bad[PM_TABLE_COLS]; /* the header cell is no label */
    unsigned char kv[PM_TABLE_COLS];  /* the header says "value": the cell before labels it */
    unsigned char names[PM_TABLE_COLS]; /* the header names a name column: every cell labelled */
    char label[PM_TABLE_COLS][PM_TABLE_LABEL];
    size_t nout;
    char out[PM_TABLE_OUT];
};

/* Ready to write j's text, with no labels (neither the label arrays nor out
 * are cleared: ncols says what is set). */
void pm_table_init(struct pm_table *t, const struct pm_job *j);
/* Forgets every label: a new table, or a header row that was not one. */
void pm_table_clear(struct pm_table *t);
/* The header row is read: labels trimmed, the bad ones dropped. */
void pm_table_labels_done(struct pm_table *t);

/* The name of column col, kept as its label only (not written). */
void pm_table_label(struct pm_table *t, unsigned col, const char *p, size_t n);
/* Bytes of a header cell in column col: kept as its label and written as
 * an unlabelled cell. */
void pm_table_head_run(struct pm_table *t, unsigned col, const char *p, size_t n);
/* Bytes of a data cell in column col, a run at a time. */
void pm_table_cell_run(struct pm_table *t, unsigned col, const char *p, size_t n);
/* The cell (header or data) ends: what is held of it goes out. */
void pm_table_cell_end(struct pm_table *t, unsigned col);
/* A whole data cell. */
void pm_table_cell(struct pm_table *t, unsigned col, const char *p, size_t n);
/* The same, for a reader whose block goes on after the cell: p[0 ..
 * PM_TABLE_AHEAD) may be read whatever n is (a short cell, the common one,
 * is then copied as a fixed-size slot, without a call to memcpy; the bytes
 * past n are not written out). */
void pm_table_cell_ahead(struct pm_table *t, unsigned col, const char *p, size_t n);

/* Everything written so far goes to the job's sink. */
void pm_table_flush(struct pm_table *t);
/* Bytes outside any cell (a newline between rows, a table's name). */
void pm_table_put_long(struct pm_table *t, const char *p, size_t n);
static inline void pm_table_put(struct pm_table *t, const char *p, size_t n)
{
    if (n <= sizeof t->out - t->nout) { /* the common case: it fits */
        memcpy(t->out + t->nout, p, n);
        t->nout += n;
    } else {
        pm_table_put_long(t, p, n);
    }
}
/* One byte outside any cell. */
static inline void pm_table_putc(struct pm_table *t, char c)
{
    if (t->nout == sizeof t->out)
        pm_table_flush(t);
    t->out[t->nout++] = c;
}
/* A row (a record: people) ends after what was written so far: flushed
 * first, so the sink's record end falls after the row's text. */
void pm_table_record(struct pm_table *t);

#endif
