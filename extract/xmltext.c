/* xmltext.c — the text of OOXML and ODF XML parts, read by xmltok.c (a
 * reader of the narrow XML these parts are) or, for a part it hands back
 * (a DOCTYPE, another encoding: xmltok.h), by expat; both call the same
 * handlers below.
 *
 * Only character data is text; attributes and markup are not. Word splits a
 * paragraph into runs (<w:r><w:t>...</w:t></w:r>) wherever formatting or
 * editing history changes, so the runs of one paragraph are joined with
 * nothing between them, and a line break is written where a paragraph, row
 * or shared string ends. ODF's <text:s/> is a space and <text:tab/>,
 * <w:tab/> a tab.
 *
 * Tables are read as tables (table.h): the cells of a document table (ODF
 * table:table, Word w:tbl, DrawingML a:tbl; a nested table is text of its
 * outer cell) and of an XLSX sheet are written as labelled cells, a row to a
 * line, the first non-empty row being the header row; a paragraph end inside
 * a cell is a space. An ODF cell that stands for several columns
 * (table:number-columns-repeated) is written once per column, up to
 * PM_TABLE_COLS. An XLSX cell's column is its r="B7"; its value is a shared
 * string (looked up in the pm_sst), an inline string, or a number, written
 * as an integer where it is one ("1.11222333E8", "111222333.0" ->
 * "111222333") so that a bare id stored as a number reads as one, or as
 * the date it is when its style shows a date (the styles part says which:
 * built-in formats 14-17, 22, 27-36, 50-58, and custom ones with a day or a
 * year in them): Excel stores a birth date as a day count. Booleans,
 * errors and formulas are left out.
 */
#include <expat.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "extract/cellfmt.h"
#include "extract/table.h"
#include "extract/xmltext.h"
#include "extract/xmltok.h"

#define VAL_MAX 256 /* bytes of a sheet cell's value held to resolve it */
#define REP_MAX 256 /* bytes of an ODF cell kept to repeat it */

struct pm_sst {
    char *text;
    size_t ntext, captext;
    uint32_t *off; /* string i is text[off[i] .. off[i + 1]) */
    size_t n, cap; /* strings held; room in off */
    size_t max_text, max_count;
    int full;      /* a cap was hit: later strings went out as plain text */
    unsigned nstyles;
    unsigned char date_style[PM_SST_STYLES]; /* 1: cells of this style show a date */
    unsigned ndate_fmt;
    unsigned date_fmt[64]; /* custom number formats (ids) that show a date */
};

struct pm_xmltext {
    struct pm_xmltok *tok; /* NULL once expat reads the part */
    XML_Parser p;          /* NULL until then */
    struct pm_job *j;
    enum pm_xml_kind kind;
    struct pm_sst *sst;
    struct pm_table *t;
    char err[128];
    /* tables */
    unsigned depth;   /* document tables open: only the outermost is read as one */
    int have_head;    /* the table's header row is read */
    int head_row;     /* the row being read is the header row, unless empty */
    int in_cell;
    int gap;          /* a paragraph ended in the cell: a space before more text */
    int wrote;        /* the cell has text */
    int typed;        /* ODF: the cell's typed value is written, its text not */
    unsigned col;     /* the cell's column */
    unsigned next;    /* the next cell's column */
    unsigned repeat;  /* ODF: columns the cell stands for */
    size_t nrep;
    int rep_over;     /* the cell is longer than rep: written once */
    char rep[REP_MAX];
    /* sheet cells and shared strings */
    char ctype;       /* 's' shared string, 'n' number, 't' text, 'x' none */
    int in_val;       /* in a cell's <v> or <t>, or a shared string's <t> */
    int in_rph;       /* in a phonetic run: not the string's text */
    int in_si;
    int in_xfs;       /* styles: in <cellXfs> */
    unsigned style;   /* the sheet cell's s= */
    int val_over;     /* the value is longer than val: it streams as it is */
    size_t nval;
    char val[VAL_MAX];
};

/* ---- shared strings ------------------------------------------------------ */

struct pm_sst *pm_sst_new(size_t max_text, size_t max_count)
{
    struct pm_sst *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->max_text = max_text < UINT32_MAX ? max_text : UINT32_MAX;
    s->max_count = max_count;
    s->cap = 1024;
    s->off = malloc(s->cap * sizeof *s->off);
    if (!s->off) {
        free(s);
        return NULL;
    }
    s->off[0] = 0;
    return s;
}

void pm_sst_free(struct pm_sst *s)
{
    if (!s)
        return;
    free(s->text);
    free(s->off);
    free(s);
}

size_t pm_sst_count(const struct pm_sst *s) { return s ? s->n : 0; }

/* Holds p[0..n) as more of the string being read; -1 (and full) past a cap. */
static int sst_add(struct pm_sst *s, const char *p, size_t n)
{
    if (s->full)
        return -1;
    if (s->ntext + n > s->max_text) {
        s->full = 1;
        return -1;
    }
    if (s->ntext + n > s->captext) {
        size_t c = s->captext ? s->captext : 65536;
        while (c < s->ntext + n)
            c *= 2;
        char *t = realloc(s->text, c);
        if (!t) {
            s->full = 1;
            return -1;
        }
        s->text = t;
        s->captext = c;
    }
    memcpy(s->text + s->ntext, p, n);
    s->ntext += n;
    return 0;
}

/* The string being read is complete: 0, or -1 (and full) if there is no
 * room to hold it. */
static int sst_end(struct pm_sst *s)
{
    if (s->full || s->n + 1 > s->max_count) {
        s->full = 1;
        return -1;
    }
    if (s->n + 2 > s->cap) {
        uint32_t *o = realloc(s->off, 2 * s->cap * sizeof *o);
        if (!o) {
            s->full = 1;
            return -1;
        }
        s->off = o;
        s->cap *= 2;
    }
    s->off[++s->n] = (uint32_t)s->ntext;
    return 0;
}

/* ---- output -------------------------------------------------------------- */

/* Names compare equal (strcmp(a, b) == 0), in line: a call to strcmp costs
 * more than these short names, and every element and attribute of a part
 * goes through here. */
static inline int eq(const char *a, const char *b)
{
    while (*b && *a == *b)
        a++, b++;
    return *a == *b;
}

/* Local name of an element: "w:p" -> "p" (expat is not namespace-aware here):
 * after the last colon. */
static const char *local(const XML_Char *name)
{
    const char *l = name;
    for (const char *c = name; *c; c++)
        if (*c == ':')
            l = c + 1;
    return l;
}

static const char *attr(const XML_Char **attrs, const char *want)
{
    for (size_t i = 0; attrs && attrs[i]; i += 2)
        if (eq(local(attrs[i]), want))
            return attrs[i + 1];
    return NULL;
}

/* Text of the current cell (a header cell's bytes are its label), or text
 * between cells. */
static void out(struct pm_xmltext *x, const char *p, size_t n)
{
    if (!x->in_cell) {
        pm_table_put(x->t, p, n);
        return;
    }
    if (x->typed)
        return;
    if (x->gap) {
        x->gap = 0;
        out(x, " ", 1);
    }
    x->wrote = 1;
    if (x->head_row)
        pm_table_head_run(x->t, x->col, p, n);
    else
        pm_table_cell_run(x->t, x->col, p, n);
    if (x->repeat > 1 && !x->rep_over) {
        if (x->nrep + n <= sizeof x->rep) {
            memcpy(x->rep + x->nrep, p, n);
            x->nrep += n;
        } else {
            x->rep_over = 1;
        }
    }
}

/* ---- rows and cells ------------------------------------------------------ */

static void row_start(struct pm_xmltext *x)
{
    x->next = 0;
    x->head_row = !x->have_head;
    if (x->head_row)
        pm_table_clear(x->t);
}

static void cell_start(struct pm_xmltext *x, unsigned col, unsigned repeat)
{
    x->in_cell = 1;
    x->gap = 0;
    x->wrote = 0;
    x->col = col;
    x->repeat = repeat;
    x->next = col + repeat;
    x->nrep = 0;
    x->rep_over = 0;
    x->typed = 0;
}

/* The cell ends; an ODF cell that stands for several columns is written
 * again for each of them. */
static void cell_end(struct pm_xmltext *x)
{
    if (!x->in_cell)
        return;
    pm_table_cell_end(x->t, x->col);
    for (unsigned k = 1; k < x->repeat && x->nrep > 0 && !x->rep_over &&
                         x->col + k < PM_TABLE_COLS;
         k++) {
        if (x->head_row)
            pm_table_head_run(x->t, x->col + k, x->rep, x->nrep);
        else
            pm_table_cell_run(x->t, x->col + k, x->rep, x->nrep);
        pm_table_cell_end(x->t, x->col + k);
    }
    x->in_cell = 0;
    x->repeat = 1;
    x->typed = 0;
}

/* The row ends: a header row with any label in it is the table's header. */
static void row_end(struct pm_xmltext *x)
{
    cell_end(x);
    if (x->head_row && x->t->any_label) {
        pm_table_labels_done(x->t);
        x->have_head = 1;
    }
    x->head_row = 0;
    pm_table_put(x->t, "\n", 1);
    pm_table_record(x->t); /* a spreadsheet or table row is a record (people) */
}

static void table_start(struct pm_xmltext *x)
{
    pm_table_clear(x->t);
    x->have_head = 0;
    x->head_row = 0;
    x->in_cell = 0;
}

/* ---- document text ------------------------------------------------------- */

/* Elements whose end separates text. */
static int breaks_line(const char *n)
{
    static const char *const ends[] = {
        "p",    "tc",        "tr",        "si",  "c",     "row",        "h",  "br",
        "cr",   "line-break", "table-cell", "table-row", "list-item", "note", "comment",
        "annotation", "v", "is", "txBody", "frame", NULL};
    for (const char *const *e = ends; *e; e++)
        if (eq(n, *e))
            return 1;
    return 0;
}

static int is_table(const char *n) { return eq(n, "table") || eq(n, "tbl"); }
static int is_row(const char *n) { return eq(n, "table-row") || eq(n, "tr"); }
static int is_cell(const char *n)
{
    return eq(n, "table-cell") || eq(n, "covered-table-cell") || eq(n, "tc");
}

/* A count attribute: 1 if absent or not a number, at most PM_TABLE_COLS. */
static unsigned count_attr(const char *v)
{
    unsigned long k = v ? strtoul(v, NULL, 10) : 1;
    return k < 1 ? 1 : k > PM_TABLE_COLS ? PM_TABLE_COLS : (unsigned)k;
}

static size_t integer_form(const char *v, size_t n, char *o);

/* An ODF cell's typed value in place of the text it displays: a date as
 * its ISO date ("1999-06-03" where the text shows "06/03/99"), a float that
 * is an integer as its digits ("111222333" where the text shows
 * "111,222,333" or "1.11E+08"), as XLSX cells are read. Other types keep
 * their text. */
static void odf_value(struct pm_xmltext *x, const XML_Char **attrs)
{
    const char *t = attr(attrs, "value-type"), *v;
    char o[32];
    size_t n = 0;
    if (!t)
        return;
    if (eq(t, "date") && (v = attr(attrs, "date-value")) != NULL && strlen(v) >= 10 &&
        v[4] == '-' && v[7] == '-')
        memcpy(o, v, n = 10);
    else if (eq(t, "float") && (v = attr(attrs, "value")) != NULL)
        n = integer_form(v, strlen(v), o);
    if (n) {
        out(x, o, n);
        x->typed = 1;
    }
}

static void text_start(struct pm_xmltext *x, const XML_Char *name, const char *n,
                       const XML_Char **attrs)
{
    if (is_table(n)) {
        if (++x->depth == 1)
            table_start(x);
    } else if (x->depth == 1 && is_row(n)) {
        row_start(x);
    } else if (x->depth == 1 && is_cell(n) && !x->in_cell) {
        cell_start(x, x->next, count_attr(attr(attrs, "number-columns-repeated")));
        odf_value(x, attrs);
    } else if (x->depth == 1 && x->in_cell && eq(n, "gridSpan")) {
        x->next = x->col + count_attr(attr(attrs, "val")); /* a Word cell over grid columns */
    } else if (eq(n, "s") && strncmp(name, "text:", 5) == 0) {
        out(x, " ", 1);
    } else if (eq(n, "tab")) {
        out(x, "\t", 1);
    }
}

static void text_end(struct pm_xmltext *x, const char *n)
{
    if (is_table(n) && x->depth > 0) {
        if (--x->depth == 0)
            cell_end(x);
    } else if (x->depth == 1 && is_row(n)) {
        row_end(x);
    } else if (x->depth == 1 && is_cell(n)) {
        cell_end(x);
    } else if (breaks_line(n) && x->in_cell) {
        x->gap = x->wrote;
    } else if (breaks_line(n)) {
        out(x, "\n", 1);
    }
}

/* ---- XLSX sheets and shared strings -------------------------------------- */

/* The column of a cell reference: "B7" -> 1; -1 if there is none. */
static long ref_col(const char *r)
{
    long c = 0;
    if (!r || !(*r >= 'A' && *r <= 'Z'))
        return -1;
    for (; *r >= 'A' && *r <= 'Z'; r++)
        c = c > 100000 ? c : c * 26 + (*r - 'A' + 1);
    return c - 1;
}

static char cell_type(const char *t)
{
    if (!t || eq(t, "n"))
        return 'n';
    if (eq(t, "s"))
        return 's';
    if (eq(t, "b") || eq(t, "e"))
        return 'x';
    return 't'; /* str, inlineStr, d */
}

/* The digits at v[*i..) appended to d (48 bytes; leading zeros dropped),
 * counted in *count if given; -1 if there are too many. */
static int mantissa(const char *v, size_t n, size_t *i, char *d, size_t *nd, long *count)
{
    for (; *i < n && v[*i] >= '0' && v[*i] <= '9'; (*i)++) {
        if (count)
            (*count)++;
        if (*nd == 0 && v[*i] == '0')
            continue;
        if (*nd == 48)
            return -1;
        d[(*nd)++] = v[*i];
    }
    return 0;
}

/* A number written as the integer it is: "1.11222333E8", "111222333.0" ->
 * "111222333" (at most 20 digits); 0 if it is not an integer or not a
 * number, and the value is then written as it stands. */
static size_t integer_form(const char *v, size_t n, char *o)
{
    char d[48];
    size_t nd = 0, i = 0, k = 0;
    long frac = 0, e = 0;
    int neg = 0, edigits = 0;
    if (i < n && (v[i] == '-' || v[i] == '+'))
        neg = v[i++] == '-';
    if (mantissa(v, n, &i, d, &nd, NULL) != 0)
        return 0;
    if (i < n && v[i] == '.') {
        i++;
        if (mantissa(v, n, &i, d, &nd, &frac) != 0)
            return 0;
    }
    if (i < n && (v[i] == 'e' || v[i] == 'E')) {
        int eneg = 0;
        if (++i < n && (v[i] == '-' || v[i] == '+'))
            eneg = v[i++] == '-';
        for (; i < n && v[i] >= '0' && v[i] <= '9' && e < 1000; i++, edigits++)
            e = e * 10 + (v[i] - '0');
        if (!edigits)
            return 0;
        e = eneg ? -e : e;
    }
    if (i != n || n == 0)
        return 0;
    long shift = e - frac; /* the value is d * 10^shift */
    if (nd == 0)
        shift = 0;
    while (shift < 0 && nd > 0 && d[nd - 1] == '0')
        nd--, shift++;
    if (shift < 0 || nd + (size_t)shift > 20)
        return 0;
    if (neg && nd > 0)
        o[k++] = '-';
    memcpy(o + k, d, nd);
    k += nd;
    for (long z = 0; z < shift; z++)
        o[k++] = '0';
    if (nd == 0)
        o[k++] = '0';
    return k;
}

/* A day count in a date style as the date: "29285" -> "1980-03-05"
 * (cellfmt.h); 0 if it is none. */
static size_t date_form(const char *v, size_t n, char *o)
{
    char b[32];
    if (n == 0 || n >= sizeof b)
        return 0;
    memcpy(b, v, n);
    b[n] = '\0';
    char *e;
    double d = strtod(b, &e);
    return *e == '\0' ? pm_cell_date(d, o) : 0;
}

/* More of a sheet cell's value: held to be resolved, or streamed once it is
 * too long to be an index or a number. */
static void val_add(struct pm_xmltext *x, const char *p, size_t n)
{
    if (!x->val_over && x->nval + n <= sizeof x->val) {
        memcpy(x->val + x->nval, p, n);
        x->nval += n;
        return;
    }
    if (!x->val_over) {
        x->val_over = 1;
        out(x, x->val, x->nval);
    }
    out(x, p, n);
}

/* The sheet cell ends: its value, resolved, is written. */
static void sheet_cell_end(struct pm_xmltext *x)
{
    char num[PM_CELL_NUM];
    const char *p = x->val;
    size_t n = x->nval;
    if (!x->in_cell)
        return;
    if (!x->val_over) {
        if (x->ctype == 's') {
            char idx[24];
            size_t k = n < sizeof idx - 1 ? n : sizeof idx - 1;
            memcpy(idx, x->val, k);
            idx[k] = '\0';
            char *e;
            unsigned long long i = strtoull(idx, &e, 10);
            if (k > 0 && *e == '\0' && x->sst && i < x->sst->n) {
                n = x->sst->off[i + 1] - x->sst->off[i];
                /* empty strings only so far: no text buffer to point into */
                p = n ? x->sst->text + x->sst->off[i] : "";
            } else {
                n = 0;
            }
        } else if (x->ctype == 'x') {
            n = 0;
        } else if (x->ctype == 'n') {
            size_t k = x->sst && x->style < x->sst->nstyles && x->sst->date_style[x->style]
                           ? date_form(x->val, x->nval, num)
                           : 0;
            if (k == 0)
                k = integer_form(x->val, x->nval, num);
            if (k > 0)
                p = num, n = k;
        }
        out(x, p, n);
    }
    cell_end(x);
    x->in_val = 0;
}

static void sheet_start(struct pm_xmltext *x, const char *n, const XML_Char **attrs)
{
    if (eq(n, "row")) {
        row_start(x);
    } else if (eq(n, "c")) {
        long c = ref_col(attr(attrs, "r"));
        cell_start(x, c >= 0 ? (unsigned)(c > 100000 ? 100000 : c) : x->next, 1);
        x->ctype = cell_type(attr(attrs, "t"));
        const char *st = attr(attrs, "s");
        x->style = st ? (unsigned)strtoul(st, NULL, 10) : 0;
        x->nval = 0;
        x->val_over = 0;
    } else if (x->in_cell && (eq(n, "v") || eq(n, "t"))) {
        x->in_val = 1;
    } else if (eq(n, "rPh")) {
        x->in_rph = 1;
    }
}

static void sheet_end(struct pm_xmltext *x, const char *n)
{
    if (eq(n, "c"))
        sheet_cell_end(x);
    else if (eq(n, "row"))
        row_end(x);
    else if (eq(n, "v") || eq(n, "t"))
        x->in_val = 0;
    else if (eq(n, "rPh"))
        x->in_rph = 0;
}

/* What is held of the string being read goes out as plain text: a cap was
 * hit inside it. */
static void sst_spill(struct pm_xmltext *x)
{
    struct pm_sst *s = x->sst;
    if (s->ntext > s->off[s->n]) {
        pm_table_put(x->t, s->text + s->off[s->n], s->ntext - s->off[s->n]);
        s->ntext = s->off[s->n];
    }
}

/* A shared string's text: held, or written once the strings are too many. */
static void sst_text(struct pm_xmltext *x, const char *p, size_t n)
{
    if (!x->sst->full && sst_add(x->sst, p, n) == 0)
        return;
    sst_spill(x);
    pm_table_put(x->t, p, n);
}

static void strings_start(struct pm_xmltext *x, const char *n)
{
    if (eq(n, "si"))
        x->in_si = 1;
    else if (x->in_si && eq(n, "t"))
        x->in_val = 1;
    else if (eq(n, "rPh"))
        x->in_rph = 1;
}

static void strings_end(struct pm_xmltext *x, const char *n)
{
    if (eq(n, "si") && x->in_si) {
        x->in_si = 0;
        if (sst_end(x->sst) != 0) {
            sst_spill(x);
            pm_table_put(x->t, "\n", 1);
        }
    } else if (eq(n, "t")) {
        x->in_val = 0;
    } else if (eq(n, "rPh")) {
        x->in_rph = 0;
    }
}

static int date_fmt(const struct pm_sst *s, unsigned id)
{
    if (pm_cell_date_builtin(id))
        return 1;
    for (unsigned i = 0; i < s->ndate_fmt; i++)
        if (s->date_fmt[i] == id)
            return 1;
    return 0;
}

/* The styles part: custom date formats (<numFmt>), then the cell styles
 * (<cellXfs><xf numFmtId=...>) in order, each a date style or not. */
static void styles_start(struct pm_xmltext *x, const char *n, const XML_Char **attrs)
{
    struct pm_sst *s = x->sst;
    const char *id = attr(attrs, "numFmtId");
    unsigned fmt = id ? (unsigned)strtoul(id, NULL, 10) : 0;
    if (eq(n, "numFmt") && pm_cell_date_code(attr(attrs, "formatCode")) &&
        s->ndate_fmt < sizeof s->date_fmt / sizeof s->date_fmt[0])
        s->date_fmt[s->ndate_fmt++] = fmt;
    else if (eq(n, "cellXfs"))
        x->in_xfs = 1;
    else if (x->in_xfs && eq(n, "xf") && s->nstyles < PM_SST_STYLES)
        s->date_style[s->nstyles++] = (unsigned char)date_fmt(s, fmt);
}

/* ---- expat handlers ------------------------------------------------------ */

static void on_start(void *ctx, const XML_Char *name, const XML_Char **attrs)
{
    struct pm_xmltext *x = ctx;
    const char *n = local(name);
    if (x->kind == PM_XML_SHEET)
        sheet_start(x, n, attrs);
    else if (x->kind == PM_XML_STRINGS)
        strings_start(x, n);
    else if (x->kind == PM_XML_STYLES)
        styles_start(x, n, attrs);
    else
        text_start(x, name, n, attrs);
}

static void on_end(void *ctx, const XML_Char *name)
{
    struct pm_xmltext *x = ctx;
    const char *n = local(name);
    if (x->kind == PM_XML_SHEET)
        sheet_end(x, n);
    else if (x->kind == PM_XML_STRINGS)
        strings_end(x, n);
    else if (x->kind == PM_XML_STYLES)
        x->in_xfs &= !eq(n, "cellXfs");
    else
        text_end(x, n);
}

static void on_text(void *ctx, const XML_Char *s, int len)
{
    struct pm_xmltext *x = ctx;
    if (len <= 0)
        return;
    if (x->kind == PM_XML_TEXT)
        out(x, s, (size_t)len);
    else if (x->kind == PM_XML_STRINGS && x->in_val && !x->in_rph)
        sst_text(x, s, (size_t)len);
    else if (x->kind == PM_XML_SHEET && x->in_cell && x->in_val && !x->in_rph)
        val_add(x, s, (size_t)len);
    else if (x->kind == PM_XML_SHEET && !x->in_cell)
        out(x, s, (size_t)len); /* headers and footers */
}

/* Refuses DTD entity declarations: no "billion laughs" expansion. */
static void on_entity_decl(void *ctx, const XML_Char *name, int is_param, const XML_Char *value,
                           int value_len, const XML_Char *base, const XML_Char *system_id,
                           const XML_Char *public_id, const XML_Char *notation)
{
    struct pm_xmltext *x = ctx;
    (void)name, (void)is_param, (void)value, (void)value_len, (void)base, (void)system_id,
        (void)public_id, (void)notation;
    XML_StopParser(x->p, XML_FALSE);
    snprintf(x->err, sizeof x->err, "entity declarations refused");
}

/* Expat for the part, its handlers set; -1 if out of memory. */
static int expat_start(struct pm_xmltext *x)
{
    x->p = XML_ParserCreate("UTF-8");
    if (!x->p)
        return -1;
    XML_SetUserData(x->p, x);
    XML_SetElementHandler(x->p, on_start, on_end);
    XML_SetCharacterDataHandler(x->p, on_text);
    XML_SetEntityDeclHandler(x->p, on_entity_decl);
    return 0;
}

struct pm_xmltext *pm_xmltext_new(struct pm_job *j, enum pm_xml_kind kind, struct pm_sst *sst)
{
    struct pm_xmltext *x = calloc(1, sizeof *x);
    if (!x)
        return NULL;
    x->j = j;
    x->kind = (kind == PM_XML_STRINGS || kind == PM_XML_STYLES) && !sst ? PM_XML_TEXT : kind;
    x->sst = sst;
    x->repeat = 1;
    x->t = malloc(sizeof *x->t);
    const struct pm_xmltok_handlers h = {x, on_start, on_end, on_text};
    x->tok = x->t ? pm_xmltok_new(&h) : NULL;
    if (!x->tok) {
        free(x->t);
        free(x);
        return NULL;
    }
    pm_table_init(x->t, j);
    return x;
}

int pm_xmltext_use_expat(struct pm_xmltext *x)
{
    pm_xmltok_free(x->tok);
    x->tok = NULL;
    return x->p || expat_start(x) == 0 ? 0 : -1;
}

static int parse(struct pm_xmltext *x, const char *data, size_t n, int last);

/* Parses, and writes what was read: the text of a part goes out as it is
 * fed (the table's buffer never holds text across feeds). */
int pm_xmltext_feed(struct pm_xmltext *x, const char *data, size_t n, int last)
{
    int rc = parse(x, data, n, last);
    if (rc != 0 && x->in_cell)
        cell_end(x); /* what is held of a cell the XML broke off in */
    pm_table_flush(x->t);
    return rc;
}

int pm_xmltext_by_expat(const struct pm_xmltext *x) { return x->tok == NULL; }

static int expat_parse(struct pm_xmltext *x, const char *data, size_t n, int last)
{
    while (n > 0 || last) {
        int k = n > (1u << 30) ? (1 << 30) : (int)n;
        if (XML_Parse(x->p, data, k, last && (size_t)k == n) == XML_STATUS_ERROR) {
            if (!x->err[0])
                snprintf(x->err, sizeof x->err, "XML error at line %lu: %s",
                         (unsigned long)XML_GetCurrentLineNumber(x->p),
                         XML_ErrorString(XML_GetErrorCode(x->p)));
            return -1;
        }
        data += k;
        n -= (size_t)k;
        if (n == 0)
            break;
    }
    return 0;
}

/* xmltok reads the part, or hands it to expat from its first byte. */
static int parse(struct pm_xmltext *x, const char *data, size_t n, int last)
{
    if (x->err[0])
        return -1;
    if (!x->tok)
        return expat_parse(x, data, n, last);
    int rc = pm_xmltok_feed(x->tok, data, n, last);
    if (rc == PM_XMLTOK_ERROR) {
        const char *lim = pm_xmltok_limit(x->tok);
        snprintf(x->err, sizeof x->err, "XML error at line %lu: %s", pm_xmltok_line(x->tok),
                 lim ? lim : XML_ErrorString((enum XML_Error)pm_xmltok_code(x->tok)));
        return -1;
    }
    if (rc == PM_XMLTOK_OK)
        return 0;
    size_t nheld, taken = pm_xmltok_taken(x->tok);
    const char *held = pm_xmltok_held(x->tok, &nheld);
    if (expat_start(x) != 0) {
        snprintf(x->err, sizeof x->err, "out of memory");
        return -1;
    }
    rc = expat_parse(x, held, nheld, 0);
    pm_xmltok_free(x->tok);
    x->tok = NULL;
    return rc != 0 ? rc : expat_parse(x, data + taken, n - taken, last);
}

const char *pm_xmltext_error(const struct pm_xmltext *x) { return x->err; }

void pm_xmltext_free(struct pm_xmltext *x)
{
    if (!x)
        return;
    pm_xmltok_free(x->tok);
    if (x->p)
        XML_ParserFree(x->p);
    free(x->t);
    free(x);
}
