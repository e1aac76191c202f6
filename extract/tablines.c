/* tablines.c — lines of tab-separated cells read as a table (tablines.h).
 *
 * A table printed to PDF comes out of extract/pdf/ a row a line, its cells
 * apart by tabs, like a TSV file: "Name<TAB>BSN<TAB>order_id", then
 * "Jan<TAB>111222333<TAB>123456782". Read as text, the BSN's label is a
 * line or a page away, and the order number beside it looks the same. So:
 *
 *   - a line of two or more cells with a digit, after a line of as many
 *     cells that are all column names (table.c's rule: no '@' or ':', at
 *     most three digits; and at most 32 bytes and four words each: not two
 *     columns of prose), is the first row of a table whose header is that
 *     line. A header line comes out before any column is known, so
 *     textpos.c may join its narrow cells with spaces ("Steuer-ID order_id
 *     amount"): when its spaces are exactly the cells it lacks, they part
 *     them too;
 *   - each row (the first and every following line with as many cells)
 *     goes out through table.c ("BSN: 111222333" after the record separator
 *     that context windows never cross), and a record (people) ends after
 *     it;
 *   - a line with another number of cells (a row with an empty cell, whose
 *     columns cannot be told) goes out as it is and the table stays; a
 *     line with no tab (a paragraph, a caption, a wrapped cell) ends it.
 *
 * Every line that is not a row goes out byte for byte. Positions are not
 * seen here (textpos.c already turned them into tabs), so columns are
 * matched by their count only. Memory is fixed: one line of
 * PM_TABLINES_LINE bytes (a longer one passes through and ends the table),
 * the line before it (PM_TABLINES_PREV bytes) and table.c's labels. Never interprets cells beyond table.c's rules.
 */
#include <string.h>

#include "extract/tablines.h"

#define HEAD_MAX 32  /* bytes of a column name at most */
#define HEAD_WORDS 4 /* words of a column name at most */

void pm_tablines_init(struct pm_tablines *l, const struct pm_job *j)
{
    memset(l, 0, offsetof(struct pm_tablines, t));
    pm_table_init(&l->t, j);
}

/* The number of tab-separated cells of p[0..n). */
static unsigned cells_of(const char *p, size_t n)
{
    unsigned c = 1;
    for (const char *q = p; (q = memchr(q, '\t', n - (size_t)(q - p))) != NULL; q++)
        c++;
    return c;
}

/* The cells of the line before (p[0..n): k cells) as the labels of a row
 * of m cells, if every one is a column name: 1 if so (a table opens). A
 * header whose narrow cells came out joined by spaces ("Steuer-ID order_id
 * amount": textpos.c sees a header line before any column) is split at its
 * spaces when they are exactly the cells missing. */
static int labels_from(struct pm_table *t, const char *p, size_t n, unsigned k, unsigned m)
{
    if (k < 2 || k > m || m > PM_TABLE_COLS)
        return 0;
    size_t len = 0, words = 1, spaces = 0;
    int letter = 0;
    for (size_t i = 0; i < n; i++) {
        letter |= (p[i] | 0x20) >= 'a' && (p[i] | 0x20) <= 'z';
        spaces += p[i] == ' ';
        len = p[i] == '\t' ? 0 : len + 1;
        words = p[i] == '\t' ? 1 : words + (p[i] == ' ');
        if (len > HEAD_MAX || words > HEAD_WORDS)
            return 0; /* prose (two columns of text), not a column name */
    }
    int split = k < m;
    if (!letter || (split && spaces != m - k))
        return 0;
    /* table.c's rule first, so that a line that is no header leaves the
     * open table's labels alone */
    size_t digits = 0, seen = 0;
    for (size_t i = 0; i <= n; i++) {
        if (i == n || p[i] == '\t' || (split && p[i] == ' ')) {
            if (!seen)
                return 0; /* an empty name */
            digits = seen = 0;
            continue;
        }
        seen |= p[i] != ' ';
        if (p[i] == '@' || p[i] == ':' || ((p[i] >= '0' && p[i] <= '9') && ++digits > 3))
            return 0;
    }
    pm_table_clear(t);
    unsigned col = 0;
    for (size_t a = 0; a <= n; col++) {
        size_t b = a;
        while (b < n && p[b] != '\t' && !(split && p[b] == ' '))
            b++;
        pm_table_label(t, col, p + a, b - a);
        a = b + 1;
    }
    pm_table_labels_done(t);
    return 1;
}

static int has_digit(const char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (p[i] >= '0' && p[i] <= '9')
            return 1;
    return 0;
}

/* A whole line, p[0..n) without its newline. */
static void line(struct pm_tablines *l, const char *p, size_t n)
{
    if (n == 0) { /* a paragraph's gap (textpos.c): rows may be apart so */
        pm_table_put(&l->t, "\n", 1);
        return;
    }
    unsigned cols = memchr(p, '\t', n) ? cells_of(p, n) : 1;
    /* A row: under the open table, or under the line before, when that is
     * a line of column names and this one is not (it has digits). */
    int row = cols > 1 && cols == l->cols;
    if (!row && cols > 1 && l->nprev > 0 && has_digit(p, n) &&
        labels_from(&l->t, l->prev, l->nprev, cells_of(l->prev, l->nprev), cols)) {
        l->cols = cols;
        pm_table_record(&l->t); /* the text before the rows is a record of its own */
        row = 1;
    }
    if (row) {
        unsigned col = 0;
        for (size_t a = 0; a <= n; col++) {
            const char *tab = memchr(p + a, '\t', n - a);
            size_t b = tab ? (size_t)(tab - p) : n;
            pm_table_cell(&l->t, col, p + a, b - a);
            a = b + 1;
        }
        pm_table_put(&l->t, "\n", 1);
        pm_table_record(&l->t); /* a row is a record (people) */
        l->nprev = 0;
        return;
    }
    if (cols == 1)
        l->cols = 0; /* no tab: the table, if any, ended */
    /* Kept as the next row's possible header: only a line of cells. */
    l->nprev = cols > 1 && n <= sizeof l->prev ? n : 0;
    memcpy(l->prev, p, l->nprev);
    pm_table_put(&l->t, p, n);
    pm_table_put(&l->t, "\n", 1);
}

void pm_tablines_text(struct pm_tablines *l, const char *p, size_t n)
{
    while (n > 0) {
        const char *nl = memchr(p, '\n', n);
        size_t k = nl ? (size_t)(nl - p) : n;
        if (l->pass || l->n + k > sizeof l->line) {
            /* over-long: what is held and the rest of the line pass as they are */
            pm_table_put(&l->t, l->line, l->n);
            pm_table_put(&l->t, p, nl ? k + 1 : k);
            l->n = 0;
            l->pass = !nl;
            l->cols = 0;
            l->nprev = 0;
        } else {
            memcpy(l->line + l->n, p, k);
            l->n += k;
            if (nl) {
                line(l, l->line, l->n);
                l->n = 0;
            }
        }
        if (!nl)
            break;
        p += k + 1;
        n -= k + 1;
    }
    pm_table_flush(&l->t);
}

void pm_tablines_finish(struct pm_tablines *l)
{
    if (l->n > 0 && l->cols > 1 && cells_of(l->line, l->n) == l->cols) {
        line(l, l->line, l->n); /* a last row without a newline: one added */
    } else if (l->n > 0) {
        pm_table_put(&l->t, l->line, l->n); /* no newline after it: none added */
    }
    l->n = 0;
    pm_table_flush(&l->t);
}
