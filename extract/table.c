/* table.c — labelled cells (table.h): a column's header as the label of
 * every value in its column, for every table reader.
 *
 * Writes through its own buffer and never holds more of a cell than
 * PM_TABLE_PEEK bytes; never interprets a value beyond "has a digit".
 */
#include <string.h>
#include <strings.h>

#include "common/bytescan.h"
#include "extract/table.h"

void pm_table_init(struct pm_table *t, const struct pm_job *j)
{
    t->job = j;
    t->open = t->prev_lower = t->any_label = 0;
    t->npeek = t->nout = 0;
    t->ncols = 0;
}

void pm_table_clear(struct pm_table *t)
{
    t->ncols = 0;
    t->any_label = 0;
}

/* Column col gets label state: the columns up to it that had none get an
 * empty one. */
static void col_reach(struct pm_table *t, unsigned col)
{
    for (unsigned c = t->ncols; c <= col; c++) {
        t->len[c] = t->ndigits[c] = t->bad[c] = t->kv[c] = t->names[c] = 0;
    }
    t->ncols = col + 1;
}

void pm_table_flush(struct pm_table *t)
{
    if (t->nout)
        pm_emit(t->job, t->out, t->nout);
    t->nout = 0;
}

void pm_table_record(struct pm_table *t)
{
    pm_table_flush(t);
    pm_emit_record(t->job);
}

/* Room for one cell prefix (a label, its ": " and the held bytes) and one
 * byte more. */
static void room(struct pm_table *t)
{
    if (t->nout + PM_TABLE_LABEL + PM_TABLE_PEEK + 8 > sizeof t->out)
        pm_table_flush(t);
}

void pm_table_put_long(struct pm_table *t, const char *p, size_t n)
{
    while (n > 0) {
        if (t->nout == sizeof t->out)
            pm_table_flush(t);
        size_t k = sizeof t->out - t->nout < n ? sizeof t->out - t->nout : n;
        memcpy(t->out + t->nout, p, k);
        t->nout += k;
        p += k;
        n -= k;
    }
}

static int is_digit(unsigned char c) { return c >= '0' && c <= '9'; }

/* A header byte for the column's label: "_" and a case change become a
 * space. A header cell that is too long, holds an '@' or a ':', or more than
 * three digits is no label: it may be a value (a file without a header row
 * starts with data), and a label repeated on every row must never be found
 * itself. */
static void label_put(struct pm_table *t, unsigned col, unsigned char c)
{
    if (col >= PM_TABLE_COLS)
        return;
    if (col >= t->ncols)
        col_reach(t, col);
    unsigned char *n = &t->len[col];
    char *l = t->label[col];
    int upper = c >= 'A' && c <= 'Z';
    if (c == '_' || c == '\n' || c == '\r' || c == '\t')
        c = ' ';
    if (c != ' ')
        t->any_label = 1;
    if (c == '@' || c == ':' || (is_digit(c) && ++t->ndigits[col] > 3))
        t->bad[col] = 1;
    if (upper && t->prev_lower && *n < PM_TABLE_LABEL)
        l[(*n)++] = ' ';
    t->prev_lower = c >= 'a' && c <= 'z';
    if (*n < PM_TABLE_LABEL)
        l[(*n)++] = (char)c;
    else
        t->bad[col] = 1;
}

/* 1 if a header says only "the value" (a key/value table, "field,value"):
 * then the key in the cell before is the label, as in "phone,4155552671". */
static int value_header(const char *l, size_t n)
{
    static const struct { const char *w; size_t n; } words[] = {
        {"value", 5}, {"values", 6}, {"val", 3},    {"wert", 4},    {"valeur", 6},
        {"waarde", 6}, {"valor", 5}, {"valore", 6}, {"content", 7}, {"inhalt", 6}};
    if (n < 3 || n > 7) /* no such word: the common case, every empty column */
        return 0;
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (words[i].n == n && strncasecmp(l, words[i].w, n) == 0)
            return 1;
    return 0;
}

/* 1 if a header names a column of people's names ("first name", "Nachname",
 * "Prénom", "achternaam", "apellidos"): names have no digits, so such a
 * column's cells are labelled whatever they hold (person_name reads the
 * label). */
static int name_header(const char *l, size_t n)
{
    static const char *const words[] = {"name", "naam", "nom", "apellido", NULL};
    char low[PM_TABLE_LABEL + 1];
    for (size_t i = 0; i < n; i++)
        low[i] = (char)(l[i] >= 'A' && l[i] <= 'Z' ? l[i] + 32 : l[i]);
    low[n] = '\0';
    for (const char *const *w = words; *w; w++)
        if (strstr(low, *w))
            return 1;
    return 0;
}

void pm_table_labels_done(struct pm_table *t)
{
    for (unsigned c = 0; c < t->ncols; c++) {
        char *l = t->label[c];
        size_t a = 0, n = t->bad[c] ? 0 : t->len[c];
        while (a < n && l[a] == ' ')
            a++;
        while (n > a && l[n - 1] == ' ')
            n--;
        memmove(l, l + a, n - a);
        t->len[c] = (unsigned char)(n - a);
        if (c > 0 && value_header(l, t->len[c])) {
            t->kv[c] = 1;
            t->len[c] = 0;
        }
        t->names[c] = t->len[c] > 0 && name_header(l, t->len[c]);
    }
}

/* The cell's prefix goes out, then what was held of it. Only a cell with a
 * digit in its first PM_TABLE_PEEK bytes is labelled: every value a label
 * makes count (ids, phone numbers, dates) has digits, and one further on is
 * out of any label's reach (detect/context.h); so names and words cost no
 * label. */
static void cell_open(struct pm_table *t, unsigned col, int labelled)
{
    size_t n = labelled && col < t->ncols ? t->len[col] : 0;
    room(t);
    if (col < t->ncols && t->kv[col]) {
        /* No mark: the key before is this cell's label ("phone: ..."). */
        t->out[t->nout++] = ':';
        t->out[t->nout++] = ' ';
    } else {
        t->out[t->nout++] = PM_TABLE_MARK;
    }
    t->open = 1;
    if (n > 0) {
        /* The whole slot, a fixed size the compiler copies inline (room()
         * left space for it); only its n bytes count. */
        memcpy(t->out + t->nout, t->label[col], PM_TABLE_LABEL);
        t->nout += n;
        t->out[t->nout++] = ':';
        t->out[t->nout++] = ' ';
    }
    if (t->npeek > 0) {
        memcpy(t->out + t->nout, t->peek, t->npeek);
        t->nout += t->npeek;
        t->npeek = 0;
    }
}

void pm_table_label(struct pm_table *t, unsigned col, const char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        label_put(t, col, (unsigned char)p[i]);
    t->prev_lower = 0;
}

void pm_table_head_run(struct pm_table *t, unsigned col, const char *p, size_t n)
{
    if (n == 0)
        return;
    for (size_t i = 0; i < n; i++)
        label_put(t, col, (unsigned char)p[i]);
    if (!t->open)
        cell_open(t, col, 0);
    pm_table_put(t, p, n);
}

void pm_table_cell_run(struct pm_table *t, unsigned col, const char *p, size_t n)
{
    if (n > 0 && !t->open && t->npeek == 0) {
        /* A cell's first run, most often all of it: its label is decided
         * here when this run can decide it, and nothing is held. */
        size_t k = n < PM_TABLE_PEEK ? n : PM_TABLE_PEEK, d = 0;
        if (!(col < t->ncols && t->names[col]))
            while (d < k && !is_digit((unsigned char)p[d]))
                d++;
        if (d < k || k == PM_TABLE_PEEK) {
            cell_open(t, col, d < k); /* a digit (or a name column), or no digit in PEEK bytes */
            pm_table_put(t, p, n);
            return;
        }
    }
    while (n > 0 && !t->open) {
        size_t k = PM_TABLE_PEEK - t->npeek < n ? PM_TABLE_PEEK - t->npeek : n, d = 0;
        while (d < k && !is_digit((unsigned char)p[d]))
            d++;
        size_t take = d < k ? d + 1 : k;
        memcpy(t->peek + t->npeek, p, take);
        t->npeek += take;
        p += take;
        n -= take;
        if (d < k)
            cell_open(t, col, 1);
        else if (t->npeek == PM_TABLE_PEEK)
            cell_open(t, col, 0);
    }
    pm_table_put(t, p, n);
}

void pm_table_cell_end(struct pm_table *t, unsigned col)
{
    /* The column's label state is set up from here on (empty if its header
     * cell was): a reader may read len[col] and label[col] after a cell's
     * end (ex_html.c copies a header over the columns it spans). */
    if (col < PM_TABLE_COLS && col >= t->ncols)
        col_reach(t, col);
    if (!t->open && t->npeek > 0)
        cell_open(t, col, 0);
    t->open = 0;
    t->prev_lower = 0;
}

void pm_table_cell(struct pm_table *t, unsigned col, const char *p, size_t n)
{
    if (t->open || t->npeek > 0) { /* the end of a cell given in runs */
        pm_table_cell_run(t, col, p, n);
        pm_table_cell_end(t, col);
        return;
    }
    /* All of the cell at once: labelled as pm_table_cell_run would decide,
     * and written without holding any of it. */
    if (n > 0) {
        size_t k = n < PM_TABLE_PEEK ? n : PM_TABLE_PEEK, d = 0;
        if (!(col < t->ncols && t->names[col]))
            while (d < k && !is_digit((unsigned char)p[d]))
                d++;
        cell_open(t, col, d < k);
        pm_table_put(t, p, n);
    }
    t->open = 0;
    t->prev_lower = 0;
}

_Static_assert(PM_TABLE_AHEAD <= PM_TABLE_PEEK, "room() leaves a slot of PM_TABLE_PEEK bytes");

void pm_table_cell_ahead(struct pm_table *t, unsigned col, const char *p, size_t n)
{
    if (t->open || t->npeek > 0 || n == 0 || n > PM_TABLE_AHEAD) {
        pm_table_cell(t, col, p, n);
        return;
    }
    /* cell_open's prefix and the cell in one go: labelled as pm_table_cell
     * decides (n is within PM_TABLE_PEEK). room() leaves PM_TABLE_LABEL +
     * PM_TABLE_PEEK + 8 bytes for the prefix and the fixed-size slots;
     * only their first bytes count. */
    room(t);
    char *o = t->out + t->nout;
    size_t k = 1;
    o[0] = PM_TABLE_MARK;
    if (col < t->ncols) {
        if (t->kv[col]) {
            o[0] = ':'; /* no mark: the key before is this cell's label */
            o[1] = ' ';
            k = 2;
        }
        size_t len = t->len[col];
        if (len > 0 && (t->names[col] || pm_span_nodigit_ahead(p, n) < n)) {
            memcpy(o + k, t->label[col], PM_TABLE_LABEL);
            o[k + len] = ':';
            o[k + len + 1] = ' ';
            k += len + 2;
        }
    }
    memcpy(o + k, p, PM_TABLE_AHEAD);
    t->nout += k + n;
    t->open = 0;
    t->prev_lower = 0;
}
