/* ex_csv.c — delimited tables (CSV, TSV, PSV): every cell labelled by its
 * column's header.
 *
 * In a table the word that says what a value is stands in the header row,
 * far from the value: "naam;BSN" then "Jan;123456782". Read as plain text,
 * a bare BSN, SSN or national phone number under such a header has no label
 * and is missed. So this emits each data cell as "HEADER: value", the form
 * detectors read labels in, after an ASCII record separator (0x1E, a mark
 * the context functions never look across, so that a header word is never
 * taken as context for the cell before or after it: "Birthday: ..." is not
 * the context of the "signup_date" cell next to it). Only a cell with a
 * digit in its first 64 bytes gets its label (no value without digits needs
 * one), and a header cell that could itself be a value (an '@', a ':', more
 * than three digits, over 64 bytes: a file without a header row) is no
 * label, so no finding is repeated on every row. A row stays one line, so
 * line numbers (reveal) are the file's. An empty cell emits nothing; a cell
 * beyond the header's columns emits its value alone; the header row is
 * emitted as its cells. Headers are read as people name columns: "_" and a
 * lower-to-upper case change become spaces ("date_of_birth", "phoneNumber"
 * -> "date of birth", "phone Number").
 *
 * The delimiter is sniffed from the first lines (, ; TAB |), or given by the
 * name (.tsv/.tab, .psv) or by Excel's first line "sep=;".
 *
 * Streaming: the encoding is decoded as ex_text.c does (Latin-1, UTF-16 to
 * UTF-8), RFC 4180 quoting (delimiters, doubled quotes and newlines inside
 * quotes) is a state machine over the decoded bytes, and the output goes to
 * the sink through a fixed buffer. Cells are written by table.c, shared with
 * the other table readers. Memory is bounded whatever the rows: at most
 * PM_TABLE_COLS header labels of PM_TABLE_LABEL bytes and PM_TABLE_PEEK bytes
 * of a cell; a giant cell streams through. Never interprets cells, never
 * holds a row.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/bytescan.h"
#include "extract/extractor.h"
#include "extract/table.h"

enum csv_state {
    CSV_START,    /* at the start of a cell */
    CSV_PLAIN,    /* in an unquoted cell */
    CSV_QUOTED,   /* inside quotes */
    CSV_QUOTE,    /* a quote inside quotes: doubled, or the end of them */
};

struct csv {
    struct pm_decoder dec;
    char delim;         /* 0 until sniffed from the first block */
    enum csv_state st;
    unsigned row;       /* 0: the header row */
    unsigned col;       /* the cell's column */
    int sep_line;       /* the first line is Excel's "sep=;": no header */
    unsigned char stop[256]; /* 1: a byte that ends an unquoted cell's text */
    struct pm_table t;  /* labels and output (last: the buffer is not cleared) */
};

/* One byte of the current cell: the header row's cells are labels. */
static void cell_byte(struct csv *s, unsigned char c)
{
    char b = (char)c;
    if (s->row == 0)
        pm_table_head_run(&s->t, s->col, &b, 1);
    else
        pm_table_cell_run(&s->t, s->col, &b, 1);
}

static void cell_end(struct csv *s)
{
    pm_table_cell_end(&s->t, s->col);
    s->col++;
    s->st = CSV_START;
}

static void row_end(struct csv *s)
{
    cell_end(s);
    pm_table_put(&s->t, "\n", 1);
    pm_table_record(&s->t); /* a row is a record (people) */
    s->col = 0;
    if (s->row == 0 && s->sep_line) { /* the header is the next row */
        s->sep_line = 0;
        pm_table_clear(&s->t);
        return;
    }
    if (s->row == 0)
        pm_table_labels_done(&s->t);
    s->row++;
}

/* Outside quotes: a delimiter ends the cell, a newline the row, a CR is
 * dropped (CRLF). 1 if c was one of them. */
static int structural(struct csv *s, unsigned char c)
{
    if (c == (unsigned char)s->delim)
        cell_end(s);
    else if (c == '\n')
        row_end(s);
    else if (c != '\r')
        return 0;
    return 1;
}

static void step(struct csv *s, unsigned char c)
{
    switch (s->st) {
    case CSV_START:
        if (structural(s, c) || ((c == ' ' || c == '\t') && c != (unsigned char)s->delim))
            return;
        if (c == '"') {
            s->st = CSV_QUOTED;
            return;
        }
        s->st = CSV_PLAIN;
        cell_byte(s, c);
        return;
    case CSV_PLAIN:
        if (!structural(s, c))
            cell_byte(s, c);
        return;
    case CSV_QUOTED:
        if (c == '"')
            s->st = CSV_QUOTE;
        else
            cell_byte(s, c);
        return;
    case CSV_QUOTE:
        if (c == '"') { /* a doubled quote */
            s->st = CSV_QUOTED;
            cell_byte(s, c);
        } else if (!structural(s, c)) {
            s->st = CSV_PLAIN; /* "ab"c: not RFC 4180, read on as text */
            cell_byte(s, c);
        }
        return;
    }
}

/* The delimiter of the first lines: among , ; TAB |, the one that occurs
 * the same number of times (at least once) on each complete line, the most
 * often; else the one most frequent on the first line; else ','. Quoted
 * text is not counted. */
static char sniff(const char *t, size_t n)
{
    static const char cand[] = ",;\t|";
    unsigned first[4] = {0}, cur[4] = {0};
    int same[4] = {1, 1, 1, 1}, quoted = 0;
    unsigned lines = 0;
    for (size_t i = 0; i < n && lines < 8; i++) {
        char c = t[i];
        if (c == '"')
            quoted = !quoted;
        if (quoted)
            continue;
        int k = c == ',' ? 0 : c == ';' ? 1 : c == '\t' ? 2 : c == '|' ? 3 : -1;
        if (k >= 0)
            cur[k]++;
        if (c != '\n')
            continue;
        for (int d = 0; d < 4; d++) {
            if (lines == 0)
                first[d] = cur[d];
            else if (cur[d] != first[d])
                same[d] = 0;
            cur[d] = 0;
        }
        lines++;
    }
    int best = -1;
    for (int d = 0; d < 4; d++)
        if (lines >= 2 && same[d] && first[d] > 0 && (best < 0 || first[d] > first[best]))
            best = d;
    for (int d = 0; best < 0 && d < 4; d++)
        if (first[d] > 0) {
            best = d;
            for (int e = d + 1; e < 4; e++)
                if (first[e] > first[best])
                    best = e;
        }
    return best < 0 ? ',' : cand[best];
}

/* Text of the current cell, a run at a time: the header row's cells are
 * labels. */
static void cell_text(struct csv *s, const char *p, size_t n)
{
    if (s->row == 0)
        pm_table_head_run(&s->t, s->col, p, n);
    else
        pm_table_cell_run(&s->t, s->col, p, n);
}

/* The length of the unquoted cell text at p[0 .. n): up to the delimiter,
 * newline or CR that ends it. */
static size_t plain_run(const struct csv *s, const char *p, size_t n)
{
    return pm_span3(p, n, s->delim, '\n', '\r');
}

/* Data cells from p on, at the start of one whose first byte is text: the
 * common case. Each cell that starts with text and ends in this block at a
 * delimiter or a newline (not a CR: the text may go on after it) is
 * written whole. Returns where it stopped, in the state of that byte. */
static const char *whole_cells(struct csv *s, const char *p, const char *end)
{
    const char delim = s->delim; /* in a local: the scan's constants stay set up */
    for (;;) {
        size_t k = pm_span3(p, (size_t)(end - p), delim, '\n', '\r');
        if (k == (size_t)(end - p) || p[k] == '\r') {
            s->st = CSV_PLAIN;
            return p;
        }
        if (end - p >= PM_TABLE_AHEAD)
            pm_table_cell_ahead(&s->t, s->col, p, k);
        else
            pm_table_cell(&s->t, s->col, p, k);
        p += k;
        if (*p != delim) {
            structural(s, (unsigned char)*p++); /* the newline: the row ends */
            return p;
        }
        p++; /* the delimiter: the cell is closed already (cell_end) */
        s->col++;
        s->st = CSV_START;
        if (p == end)
            return p;
        unsigned char c = (unsigned char)*p;
        if (s->stop[c] || c == '"' || c == ' ' || c == '\t')
            return p; /* an empty or quoted cell, a blank, a row's end */
    }
}

/* Parses p[0 .. n): cell text goes to the table in runs as long as the
 * block allows, the bytes between them through the state machine. */
static void parse(struct csv *s, const char *p, size_t n)
{
    const char *end = p + n;
    while (p < end) {
        size_t k;
        switch (s->st) {
        case CSV_PLAIN:
            k = plain_run(s, p, (size_t)(end - p));
            if (k > 0)
                cell_text(s, p, k);
            p += k;
            if (p < end)
                structural(s, (unsigned char)*p++); /* one of the stop bytes */
            break;
        case CSV_QUOTED: {
            const char *q = memchr(p, '"', (size_t)(end - p));
            k = q ? (size_t)(q - p) : (size_t)(end - p);
            if (k > 0)
                cell_text(s, p, k);
            p += k;
            if (q) {
                s->st = CSV_QUOTE;
                p++;
            }
            break;
        }
        case CSV_START: {
            unsigned char c = (unsigned char)*p;
            if (s->stop[c] || c == '"' || c == ' ' || c == '\t') {
                step(s, (unsigned char)*p++);
                break;
            }
            s->st = CSV_PLAIN; /* c is the cell's first byte of text */
            if (s->row > 0)
                p = whole_cells(s, p, end);
            break;
        }
        default:
            step(s, (unsigned char)*p++);
            break;
        }
    }
}

/* Decodes a block into out (the job's scratch; UTF-8 needs no decoding and
 * is read in place), parses it and emits through the table's own buffer:
 * returns 0, nothing is left in out to emit. */
static size_t convert(void *state, const unsigned char *in, size_t n, char *out)
{
    struct csv *s = state;
    /* UTF-8 is parsed where it was read, not copied into out first. */
    const char *text = (const char *)in;
    size_t dn = n;
    if (s->dec.enc != PM_ENC_UTF8) {
        dn = pm_decode(&s->dec, in, n, out);
        text = out;
    }
    if (!s->stop['\n']) { /* the first block */
        /* Excel writes the delimiter it used as a first line "sep=;". */
        if (dn >= 6 && memcmp(text, "sep=", 4) == 0 && (text[5] == '\n' || text[5] == '\r') &&
            text[4] != '\n' && text[4] != '\r' && text[4] != '"') {
            s->delim = text[4];
            s->sep_line = 1;
        }
        if (!s->delim)
            s->delim = sniff(text, dn);
        s->stop[(unsigned char)s->delim] = s->stop['\n'] = s->stop['\r'] = 1;
    }
    parse(s, text, dn);
    pm_table_flush(&s->t);
    return 0;
}

static const char *const tsv_exts[] = {"tsv", "tab", NULL};
static const char *const psv_exts[] = {"psv", NULL};

/* The name says table, or libmagic does and the name says nothing else:
 * libmagic calls any text with as many commas on each line a CSV, a log of
 * "queue depth 17, worker idle" lines too, and a log's first line is no
 * header. */
static int csv_bid(const struct pm_probe *p)
{
    static const char *const exts[] = {"csv", "tsv", "tab", "psv", NULL};
    if (p->enc == PM_ENC_BINARY)
        return PM_BID_NONE;
    if (pm_name_has_ext(p->name, exts))
        return PM_BID_TYPE;
    const char *base = p->name ? strrchr(p->name, '/') : NULL;
    base = base ? base + 1 : p->name;
    if ((strcmp(p->mime, "text/csv") == 0 || strcmp(p->mime, "text/tab-separated-values") == 0) &&
        base && !strchr(base, '.'))
        return PM_BID_TYPE;
    return PM_BID_NONE;
}

static int csv_scan(struct pm_job *j)
{
    enum pm_encoding enc = j->probe->enc;
    struct csv *s = malloc(sizeof *s);
    if (!s) {
        j->o->status = PM_FILE_ERROR;
        snprintf(j->o->reason, sizeof j->o->reason, "out of memory");
        return PM_EX_DONE;
    }
    memset(s, 0, offsetof(struct csv, t));
    pm_table_init(&s->t, j);
    s->st = CSV_START;
    if (pm_name_has_ext(j->name, tsv_exts))
        s->delim = '\t';
    else if (pm_name_has_ext(j->name, psv_exts))
        s->delim = '|';
    if ((enc == PM_ENC_UTF16LE || enc == PM_ENC_UTF16BE) && strncmp(j->mime, "text/", 5) != 0)
        snprintf(j->mime, j->mimesz, "text/csv");
    j->o->encoding = pm_encoding_name(enc);
    pm_decoder_init(&s->dec, enc);
    pm_job_pump(j, j->probe->bom, convert, s);
    if (s->col > 0 || s->st != CSV_START || s->t.npeek > 0)
        row_end(s); /* the last row had no newline after it */
    pm_table_flush(&s->t);
    free(s);
    return PM_EX_DONE;
}

const struct pm_extractor pm_ex_csv = {"csv", csv_bid, csv_scan};
