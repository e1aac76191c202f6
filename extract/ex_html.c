/* ex_html.c — HTML pages: their tables read as tables, every other byte as
 * ex_text.c writes it.
 *
 * An HTML export of a table ("<tr><th>BSN</th>...", then rows of "<td>")
 * puts the word that says what a value is in the header row, far from the
 * value: read as text, a bare BSN under its header is missed, and the same
 * digits under "order_id" look the same. So the rows of each outermost
 * <table> go through table.c, as CSV rows do: every data cell as
 * "HEADER: value" after the record separator (0x1E) that context windows
 * never cross, and a record end (people) after each row.
 *
 *   - The first row of a table is its header row (its cells kept as labels,
 *     table.c drops those that could be values), whether <th> or <td>: a
 *     table without headers starts with data, whose cells are no labels.
 *     A first row of one cell spanning columns (a title) is none; the next
 *     row is tried.
 *   - A row that starts with <th> and goes on with <td> ("<th>BSN</th>
 *     <td>111222333</td>", a key/value table) is no header: the <th> labels
 *     the cells after it in its row, written as "BSN: 111222333".
 *   - colspan: a cell takes that many columns (a header cell labels them
 *     all); rowspan: the columns it covers are skipped in the rows below.
 *   - A nested table is text of its outer cell (tags dropped), as in
 *     xmltext.c's document tables.
 *   - Inside a table, tags are dropped, white space is collapsed as a
 *     browser does (but every newline of the file stays one, so line numbers
 *     are the file's), and character references are decoded (&amp; &lt; &gt;
 *     &quot; &apos; &nbsp; the letters of Latin-1 such as &eacute;, &#N;
 *     &#xH;; others stay as written). A '<' that opens no tag ("5 < 6",
 *     "<=", "<3": not followed by a letter, '/', '!' or '?') is text, as a
 *     browser reads it, never the start of a tag that swallows the cell.
 *
 * Outside tables nothing changes: the bytes go out as read (Latin-1 and
 * UTF-16 decoded as ex_text.c does), with the same paragraph records.
 *
 * Streaming, with fixed state: 256 bytes of a tag, 12 of a character
 * reference, and table.c's labels; a giant cell streams through. Never
 * validates or builds a tree: malformed HTML only moves cells. A "<table"
 * inside a comment or a script starts a table too (its text still goes out,
 * without its tags).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/utf8.h"
#include "extract/extractor.h"
#include "extract/records.h"
#include "extract/table.h"

#define HT_TAG 256    /* bytes of a tag kept (name and attributes) */
#define HT_ENT 12     /* bytes of a character reference kept after '&' */
#define HT_SPAN 1000  /* the most columns or rows one cell spans */

enum ht_state {
    HT_OUT,     /* outside tables: bytes pass through */
    HT_OPEN,    /* outside tables, after '<': holding what may be "<table" */
    HT_TEXT,    /* in a table, between tags */
    HT_TAGB,    /* in a table, inside <...> */
    HT_QUOTED,  /* in a table, inside a tag's quoted attribute */
    HT_COMMENT, /* in a table, inside <!-- ... --> */
    HT_ENTITY,  /* in a table, after '&' */
};

struct html {
    struct pm_decoder dec;
    int utf8;              /* the bytes are UTF-8: no decoding (as ex_text.c) */
    enum ht_state st;
    char quote;
    size_t nhold;
    char hold[HT_TAG];     /* HT_OPEN: "<tabl..."; HT_TAGB: the tag; HT_ENTITY: the reference */
    unsigned depth;        /* tables open */
    int in_row, in_cell;   /* in the outermost table */
    int content;           /* the cell has text out */
    int spaces;            /* white space pending in the cell (collapsed) */
    unsigned nl;           /* newlines pending in the cell */
    unsigned col, span;    /* the cell's column and the columns it takes */
    int header;            /* 1 until a header row is read: this row is its candidate */
    int kv;                /* the row began with <th> and went on with <td>: a key/value row */
    int prev_th;           /* the cell before in this row was a <th> */
    unsigned late_nl;      /* newlines inside tags within the cell's text: after it */
    unsigned cells;        /* cells in this row */
    int loose;             /* text outside cells went out since the last row */
    unsigned short rows_left[PM_TABLE_COLS]; /* rowspan: rows a column is still taken */
    struct pm_table t;     /* labels and output (last: the buffer is not cleared) */
};

static int is_space(unsigned char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

static int lower(int c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; }

/* ---- cells ------------------------------------------------------------------ */

/* Bytes of the current cell's text, where they belong: a header cell's are
 * labels too; a key/value row's cells after its key go out as they are, so
 * the key before them is their label. */
static void cell_bytes(struct html *h, const char *p, size_t n)
{
    if (h->kv)
        pm_table_put(&h->t, p, n);
    else if (h->header)
        pm_table_head_run(&h->t, h->col, p, n);
    else
        pm_table_cell_run(&h->t, h->col, p, n);
}

/* A visible byte of table text (not white space). */
static void text_byte(struct html *h, char c)
{
    if (!h->in_cell) {
        if (h->spaces && h->loose)
            pm_table_put(&h->t, " ", 1);
        h->spaces = 0;
        h->loose = 1;
        pm_table_put(&h->t, &c, 1);
        return;
    }
    if (h->content) {
        /* white space inside the cell: its newlines, or one space */
        if (h->spaces && !h->nl)
            cell_bytes(h, " ", 1);
        for (; h->nl > 0; h->nl--)
            cell_bytes(h, "\n", 1);
    }
    h->spaces = 0;
    h->content = 1;
    cell_bytes(h, &c, 1);
}

static void space_byte(struct html *h, char c)
{
    if (c != '\n') {
        h->spaces = 1;
        return;
    }
    if (h->in_cell && h->content) {
        h->nl++; /* goes out inside the cell if more text follows */
        return;
    }
    pm_table_put(&h->t, "\n", 1); /* before the cell's mark: the file's line */
}

static void cell_end(struct html *h)
{
    if (!h->in_cell)
        return;
    if (!h->kv) {
        pm_table_cell_end(&h->t, h->col);
        if (h->header && h->span > 1 && h->col < PM_TABLE_COLS) {
            /* a header over several columns labels them all */
            struct pm_table *t = &h->t;
            for (unsigned k = 1; k < h->span && h->col + k < PM_TABLE_COLS; k++) {
                pm_table_label(t, h->col + k, t->label[h->col], t->len[h->col]);
                t->bad[h->col + k] |= t->bad[h->col];
            }
        }
    }
    for (h->nl += h->late_nl, h->late_nl = 0; h->nl > 0; h->nl--)
        pm_table_put(&h->t, "\n", 1);
    h->in_cell = 0;
    h->spaces = 0;
    h->col += h->span;
}

static void row_end(struct html *h)
{
    if (!h->in_row)
        return;
    cell_end(h);
    pm_table_record(&h->t); /* a row is a record (people) */
    if (h->header) {
        if (h->kv || (h->cells == 1 && h->span > 1) || h->cells == 0) {
            pm_table_clear(&h->t); /* no header row: the next one may be */
        } else {
            pm_table_labels_done(&h->t);
            h->header = 0;
        }
    }
    for (unsigned c = 0; c < PM_TABLE_COLS; c++)
        if (h->rows_left[c])
            h->rows_left[c]--;
    h->in_row = 0;
}

static void row_start(struct html *h)
{
    row_end(h);
    if (h->loose)
        pm_table_put(&h->t, "\n", 1); /* a caption apart from the row */
    h->loose = 0;
    h->in_row = 1;
    h->col = 0;
    h->cells = 0;
    h->kv = 0;
    h->prev_th = 0;
}

/* The number of attribute `name` in tag[0..n) (lower-cased), 1 if none. */
static unsigned span_attr(const char *tag, size_t n, const char *name)
{
    size_t k = strlen(name);
    for (size_t i = 1; i + k < n; i++) {
        if (!is_space((unsigned char)tag[i - 1]) || memcmp(tag + i, name, k) != 0)
            continue;
        size_t j = i + k;
        while (j < n && is_space((unsigned char)tag[j]))
            j++;
        if (j >= n || tag[j] != '=')
            continue;
        j++;
        while (j < n && (is_space((unsigned char)tag[j]) || tag[j] == '"' || tag[j] == '\''))
            j++;
        unsigned v = 0;
        while (j < n && tag[j] >= '0' && tag[j] <= '9' && v <= HT_SPAN)
            v = v * 10 + (unsigned)(tag[j++] - '0');
        return v < 1 ? 1 : v > HT_SPAN ? HT_SPAN : v;
    }
    return 1;
}

static void cell_start(struct html *h, int th, const char *tag, size_t n)
{
    if (!h->in_row)
        row_start(h);
    cell_end(h);
    while (h->col < PM_TABLE_COLS && h->rows_left[h->col])
        h->col++;
    h->span = span_attr(tag, n, "colspan");
    unsigned rows = span_attr(tag, n, "rowspan");
    for (unsigned k = 0; rows > 1 && k < h->span && h->col + k < PM_TABLE_COLS; k++)
        h->rows_left[h->col + k] = (unsigned short)rows;
    /* A key, then a value, in a table whose header row is still to come:
     * this row says "key: value" and is no header. */
    if (h->header && !th && h->prev_th)
        h->kv = 1;
    if (h->kv && th)
        pm_table_put(&h->t, "\x1e", 1); /* a new key stands apart */
    else if (h->kv)
        pm_table_put(&h->t, h->prev_th ? ": " : " ", h->prev_th ? 2 : 1);
    h->prev_th = th;
    h->in_cell = 1;
    h->content = 0;
    h->spaces = 0;
    h->nl = 0;
    h->late_nl = 0;
    h->cells++;
}

/* ---- tags ------------------------------------------------------------------- */

static void table_end(struct html *h)
{
    row_end(h);
    pm_table_clear(&h->t);
    memset(h->rows_left, 0, sizeof h->rows_left);
    h->depth = 0;
    h->loose = 0;
    h->header = 1;
    h->st = HT_OUT;
}

/* Tag names that break a line of text: a space in a cell. */
static int block_tag(const char *name)
{
    static const char *const names[] = {"br", "p", "div", "li", "hr", "tr", "td", "th",
                                        "table", "ul", "ol", "dt", "dd", NULL};
    for (const char *const *w = names; *w; w++)
        if (strcmp(name, *w) == 0)
            return 1;
    return 0;
}

/* A tag in a table ends: tag[0..n) is what was between '<' and '>'. */
static void tag_done(struct html *h, const char *tag, size_t n)
{
    size_t i = 0;
    int close = n > 0 && tag[0] == '/';
    char name[16];
    size_t k = 0;
    for (i = close; i < n && k + 1 < sizeof name; i++) {
        int c = lower((unsigned char)tag[i]);
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')))
            break;
        name[k++] = (char)c;
    }
    name[k] = '\0';
    h->st = HT_TEXT;
    if (strcmp(name, "table") == 0) {
        if (!close) {
            h->depth++;
        } else if (--h->depth == 0) {
            table_end(h);
            return;
        }
    }
    if (h->depth > 1) { /* a nested table: text of the outer cell */
        if (block_tag(name))
            h->spaces = 1;
        return;
    }
    if (!close && (strcmp(name, "td") == 0 || strcmp(name, "th") == 0))
        cell_start(h, name[1] == 'h', tag, n);
    else if (!close && strcmp(name, "tr") == 0)
        row_start(h);
    else if (close && (strcmp(name, "td") == 0 || strcmp(name, "th") == 0))
        cell_end(h);
    else if (close && strcmp(name, "tr") == 0)
        row_end(h);
    else if (block_tag(name))
        h->spaces = 1;
}

/* ---- character references --------------------------------------------------- */

/* "&" ref ";" as UTF-8 into out (4 bytes): its length, 0 if not known. */
static size_t entity(const char *ref, size_t n, char *out)
{
    static const struct { const char *name; char c; } named[] = {
        {"amp", '&'}, {"lt", '<'}, {"gt", '>'}, {"quot", '"'}, {"apos", '\''}, {"nbsp", ' '}};
    if (n >= 2 && ref[0] == '#') {
        int hex = ref[1] == 'x' || ref[1] == 'X';
        unsigned long v = 0;
        size_t i = 1 + (size_t)hex;
        if (i == n)
            return 0;
        for (; i < n; i++) {
            int c = lower((unsigned char)ref[i]);
            int d = c >= '0' && c <= '9' ? c - '0' : hex && c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
            if (d < 0)
                return 0;
            v = v * (hex ? 16 : 10) + (unsigned long)d;
            if (v > 0x10FFFF)
                v = 0xFFFD;
        }
        return pm_utf8_put(v == 0xA0 ? ' ' : (uint32_t)v, out);
    }
    for (size_t i = 0; i < sizeof named / sizeof named[0]; i++)
        if (strlen(named[i].name) == n && memcmp(ref, named[i].name, n) == 0) {
            out[0] = named[i].c;
            return 1;
        }
    /* The letters of Latin-1, U+00C0 to U+00FF, in order ("T&eacute;l&eacute;phone"). */
    static const char *const latin1[64] = {
        "Agrave", "Aacute", "Acirc",  "Atilde", "Auml",   "Aring",  "AElig",  "Ccedil",
        "Egrave", "Eacute", "Ecirc",  "Euml",   "Igrave", "Iacute", "Icirc",  "Iuml",
        "ETH",    "Ntilde", "Ograve", "Oacute", "Ocirc",  "Otilde", "Ouml",   "times",
        "Oslash", "Ugrave", "Uacute", "Ucirc",  "Uuml",   "Yacute", "THORN",  "szlig",
        "agrave", "aacute", "acirc",  "atilde", "auml",   "aring",  "aelig",  "ccedil",
        "egrave", "eacute", "ecirc",  "euml",   "igrave", "iacute", "icirc",  "iuml",
        "eth",    "ntilde", "ograve", "oacute", "ocirc",  "otilde", "ouml",   "divide",
        "oslash", "ugrave", "uacute", "ucirc",  "uuml",   "yacute", "thorn",  "yuml"};
    for (unsigned i = 0; i < 64; i++)
        if (strlen(latin1[i]) == n && memcmp(ref, latin1[i], n) == 0)
            return pm_utf8_put(0xC0 + i, out);
    return 0;
}

static void table_byte(struct html *h, unsigned char c);

/* The reference held ends before c (';' is consumed; anything else is
 * read again). */
static void entity_end(struct html *h, unsigned char c)
{
    char out[4];
    size_t n = c == ';' ? entity(h->hold, h->nhold, out) : 0;
    h->st = HT_TEXT;
    if (n > 0) {
        for (size_t i = 0; i < n; i++)
            if (out[i] == ' ')
                space_byte(h, ' ');
            else
                text_byte(h, out[i]);
        return;
    }
    text_byte(h, '&');
    for (size_t i = 0; i < h->nhold; i++)
        text_byte(h, h->hold[i]);
    if (c == ';')
        text_byte(h, ';');
    else
        table_byte(h, c);
}

/* ---- the state machine ------------------------------------------------------ */

/* A newline inside a tag or comment: the file's line, kept; inside a cell's
 * text it goes out after the cell, never inside a value ("12<span\n>34"). */
static void tag_newline(struct html *h)
{
    if (h->in_cell && h->content)
        h->late_nl++;
    else
        pm_table_put(&h->t, "\n", 1);
}

static void table_byte(struct html *h, unsigned char c)
{
    switch (h->st) {
    case HT_TEXT:
        if (c == '<') {
            h->st = HT_TAGB;
            h->nhold = 0;
        } else if (c == '&') {
            h->st = HT_ENTITY;
            h->nhold = 0;
        } else if (is_space(c)) {
            space_byte(h, (char)c);
        } else {
            text_byte(h, (char)c);
        }
        return;
    case HT_ENTITY:
        if (c != ';' && h->nhold < HT_ENT &&
            ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '#'))
            h->hold[h->nhold++] = (char)c;
        else
            entity_end(h, c);
        return;
    case HT_COMMENT:
        if (c == '\n')
            tag_newline(h);
        if (c == '>' && h->nhold >= 2)
            h->st = HT_TEXT;
        h->nhold = c == '-' ? h->nhold + 1 : 0;
        return;
    case HT_QUOTED:
        if (c == (unsigned char)h->quote)
            h->st = HT_TAGB;
        break;
    default: /* HT_TAGB */
        if (h->nhold == 0 && !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '/' ||
                               c == '!' || c == '?')) {
            /* "< 6", "<=", "<3": no tag opens (as a browser reads it), the
             * '<' is text and c is read again as text */
            h->st = HT_TEXT;
            text_byte(h, '<');
            table_byte(h, c);
            return;
        }
        if (c == '>') {
            tag_done(h, h->hold, h->nhold);
            return;
        }
        if (c == '"' || c == '\'') {
            h->quote = (char)c;
            h->st = HT_QUOTED;
        }
        break;
    }
    if (c == '\n')
        tag_newline(h);
    if (h->nhold < HT_TAG)
        h->hold[h->nhold++] = (char)lower(c);
    if (h->st == HT_TAGB && h->nhold == 3 && memcmp(h->hold, "!--", 3) == 0) {
        h->st = HT_COMMENT;
        h->nhold = 0;
    }
}

/* Outside tables: what is held after '<' goes on with c. */
static void open_byte(struct html *h, unsigned char c)
{
    static const char want[] = "<table";
    if (h->nhold < 6 && lower(c) == want[h->nhold]) {
        h->hold[h->nhold++] = (char)c;
        return;
    }
    if (h->nhold == 6 && (is_space(c) || c == '>' || c == '/')) {
        h->st = HT_TAGB; /* the rest of the tag as a table's */
        memcpy(h->hold, "table", 5);
        h->nhold = 5;
        table_byte(h, c);
        return;
    }
    pm_table_put(&h->t, h->hold, h->nhold);
    h->st = HT_OUT;
    h->nhold = 0;
    if (c == '<') {
        h->st = HT_OPEN;
        h->hold[h->nhold++] = (char)c;
    } else {
        pm_table_put(&h->t, (const char *)&c, 1);
    }
}

/* Table text that is neither markup, a reference nor white space. */
static int plain(char c) { return c != '<' && c != '&' && !is_space((unsigned char)c); }

static void html_bytes(struct html *h, const char *p, size_t n)
{
    for (size_t i = 0; i < n;) {
        if (h->st == HT_OUT) {
            const char *lt = memchr(p + i, '<', n - i);
            size_t k = lt ? (size_t)(lt - (p + i)) : n - i;
            pm_table_put(&h->t, p + i, k);
            i += k;
            if (i < n) {
                h->st = HT_OPEN;
                h->nhold = 0;
                h->hold[h->nhold++] = p[i++];
            }
        } else if (h->st == HT_OPEN) {
            open_byte(h, (unsigned char)p[i++]);
        } else if (h->st == HT_TEXT && !plain(p[i])) {
            table_byte(h, (unsigned char)p[i++]);
        } else if (h->st == HT_TEXT) {
            /* a run of visible text: its first byte decides where it goes */
            size_t k = 1;
            while (i + k < n && plain(p[i + k]))
                k++;
            text_byte(h, p[i]);
            if (k > 1 && h->in_cell)
                cell_bytes(h, p + i + 1, k - 1);
            else if (k > 1)
                pm_table_put(&h->t, p + i + 1, k - 1);
            i += k;
        } else {
            table_byte(h, (unsigned char)p[i++]);
        }
    }
}

/* Reads a block (decoded into out, the job's scratch, unless UTF-8) and
 * writes it through the table's buffer: returns 0, nothing is left in out
 * to emit. */
static size_t convert(void *state, const unsigned char *in, size_t n, char *out)
{
    struct html *h = state;
    if (h->utf8) {
        html_bytes(h, (const char *)in, n);
    } else {
        size_t dn = pm_decode(&h->dec, in, n, out);
        html_bytes(h, out, dn);
    }
    pm_table_flush(&h->t);
    return 0;
}

/* ---- the extractor ---------------------------------------------------------- */

static const char *const html_exts[] = {"html", "htm", NULL};

static int html_bid(const struct pm_probe *p)
{
    if (p->enc == PM_ENC_BINARY)
        return PM_BID_NONE;
    return strcmp(p->mime, "text/html") == 0 || pm_name_has_ext(p->name, html_exts)
               ? PM_BID_TYPE
               : PM_BID_NONE;
}

static int html_scan(struct pm_job *j)
{
    enum pm_encoding enc = j->probe->enc;
    struct html *h = malloc(sizeof *h);
    if (!h) {
        j->o->status = PM_FILE_ERROR;
        snprintf(j->o->reason, sizeof j->o->reason, "out of memory");
        return PM_EX_DONE;
    }
    memset(h, 0, offsetof(struct html, t));
    pm_table_init(&h->t, j);
    h->utf8 = enc == PM_ENC_UTF8;
    h->header = 1;
    /* libmagic does not know UTF-16 without a byte-order mark: it is text. */
    if ((enc == PM_ENC_UTF16LE || enc == PM_ENC_UTF16BE) && strncmp(j->mime, "text/", 5) != 0)
        snprintf(j->mime, j->mimesz, "text/html");
    j->o->encoding = pm_encoding_name(enc);
    pm_decoder_init(&h->dec, enc);
    /* Paragraphs are its records (people), as in text; each table row is
     * one too. */
    struct pm_recsplit split;
    pm_job_split_begin(j, &split, PM_SPLIT_AUTO);
    pm_job_pump(j, j->probe->bom, convert, h);
    if (h->st == HT_OPEN)
        pm_table_put(&h->t, h->hold, h->nhold);
    else if (h->st != HT_OUT)
        table_end(h); /* a table the file does not close */
    pm_table_flush(&h->t);
    pm_job_split_end(j);
    free(h);
    return PM_EX_DONE;
}

const struct pm_extractor pm_ex_html = {"html", html_bid, html_scan};
