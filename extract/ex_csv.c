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
 * the sink through a fixed buffer. Memory is bounded whatever the rows: at
 * most PM_CSV_COLS header labels of PM_CSV_LABEL bytes and CSV_PEEK bytes of
 * a cell; a giant cell streams through. Never interprets cells, never holds
 * a row.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "extract/extractor.h"

#define PM_CSV_COLS 256   /* columns whose header is kept */
#define PM_CSV_LABEL 64   /* a longer header cell is no label */
#define CSV_PEEK 64       /* bytes of a cell read before its label is decided */
#define CSV_OUT 65536     /* output buffer */
#define CSV_MARK '\x1e'   /* record separator: a cell starts; context stops here */

enum csv_state {
    CSV_START,    /* at the start of a cell */
    CSV_PLAIN,    /* in an unquoted cell */
    CSV_QUOTED,   /* inside quotes */
    CSV_QUOTE,    /* a quote inside quotes: doubled, or the end of them */
};

struct csv {
    const struct pm_job *job;
    struct pm_decoder dec;
    char delim;         /* 0 until sniffed from the first block */
    enum csv_state st;
    unsigned row;       /* 0: the header row */
    unsigned col;       /* the cell's column */
    int open;           /* the cell's prefix is out: its bytes go straight out */
    int prev_lower;     /* in a header cell: the last byte was a lower-case letter */
    int sep_line;       /* the first line is Excel's "sep=;": no header */
    unsigned char stop[256]; /* 1: a byte that ends an unquoted cell's text */
    size_t npeek;       /* bytes of the cell held until its label is decided */
    char peek[CSV_PEEK];
    unsigned char len[PM_CSV_COLS];
    unsigned char ndigits[PM_CSV_COLS];
    unsigned char bad[PM_CSV_COLS]; /* the header cell is no label */
    unsigned char kv[PM_CSV_COLS];  /* the header says "value": the cell before labels it */
    char label[PM_CSV_COLS][PM_CSV_LABEL];
    size_t nout;
    char out[CSV_OUT];
};

static void flush(struct csv *s)
{
    if (s->nout)
        pm_emit(s->job, s->out, s->nout);
    s->nout = 0;
}

/* Room for one cell prefix (a label, its ": " and the held bytes) and one
 * byte more. */
static void room(struct csv *s)
{
    if (s->nout + PM_CSV_LABEL + CSV_PEEK + 8 > sizeof s->out)
        flush(s);
}

static int is_digit(unsigned char c) { return c >= '0' && c <= '9'; }

/* A header byte for the column's label: "_" and a case change become a
 * space. A header cell that is too long, holds an '@' or a ':', or more than
 * three digits is no label: it may be a value (a file without a header row
 * starts with data), and a label repeated on every row must never be found
 * itself. */
static void label_put(struct csv *s, unsigned char c)
{
    if (s->col >= PM_CSV_COLS)
        return;
    unsigned char *n = &s->len[s->col];
    char *l = s->label[s->col];
    int upper = c >= 'A' && c <= 'Z';
    if (c == '_' || c == '\n' || c == '\r' || c == '\t')
        c = ' ';
    if (c == '@' || c == ':' || (is_digit(c) && ++s->ndigits[s->col] > 3))
        s->bad[s->col] = 1;
    if (upper && s->prev_lower && *n < PM_CSV_LABEL)
        l[(*n)++] = ' ';
    s->prev_lower = c >= 'a' && c <= 'z';
    if (*n < PM_CSV_LABEL)
        l[(*n)++] = (char)c;
    else
        s->bad[s->col] = 1;
}

/* 1 if a header says only "the value" (a key/value table, "field,value"):
 * then the key in the cell before is the label, as in "phone,4155552671". */
static int value_header(const char *l, size_t n)
{
    static const char *const words[] = {"value", "values", "val", "wert", "valeur", "waarde",
                                        "valor", "valore", "content", "inhalt", NULL};
    for (const char *const *w = words; *w; w++)
        if (strlen(*w) == n && strncasecmp(l, *w, n) == 0)
            return 1;
    return 0;
}

/* The header row is read: each label trimmed of spaces, and emptied if it
 * is no label. */
static void labels_done(struct csv *s)
{
    for (unsigned c = 0; c < PM_CSV_COLS; c++) {
        char *l = s->label[c];
        size_t a = 0, n = s->bad[c] ? 0 : s->len[c];
        while (a < n && l[a] == ' ')
            a++;
        while (n > a && l[n - 1] == ' ')
            n--;
        memmove(l, l + a, n - a);
        s->len[c] = (unsigned char)(n - a);
        if (c > 0 && value_header(l, s->len[c])) {
            s->kv[c] = 1;
            s->len[c] = 0;
        }
    }
}

/* The cell's prefix goes out, then what was held of it. Only a cell with a
 * digit in its first CSV_PEEK bytes is labelled: every value a label makes
 * count (ids, phone numbers, dates) has digits, and one further on is out
 * of any label's reach (PM_LABEL_REACH, PM_NEAR_BEFORE); so names and words
 * cost no label. */
static void cell_open(struct csv *s, int labelled)
{
    size_t n = labelled && s->col < PM_CSV_COLS ? s->len[s->col] : 0;
    room(s);
    if (s->row > 0 && s->col < PM_CSV_COLS && s->kv[s->col]) {
        /* No mark: the key before is this cell's label ("phone: ..."). */
        s->out[s->nout++] = ':';
        s->out[s->nout++] = ' ';
    } else {
        s->out[s->nout++] = CSV_MARK;
    }
    s->open = 1;
    if (n > 0) {
        memcpy(s->out + s->nout, s->label[s->col], n);
        s->nout += n;
        s->out[s->nout++] = ':';
        s->out[s->nout++] = ' ';
    }
    memcpy(s->out + s->nout, s->peek, s->npeek);
    s->nout += s->npeek;
    s->npeek = 0;
}

static void cell_byte(struct csv *s, unsigned char c)
{
    if (s->row == 0)
        label_put(s, c);
    if (s->open) {
        room(s);
        s->out[s->nout++] = (char)c;
        return;
    }
    s->peek[s->npeek++] = (char)c;
    if (s->row > 0 && is_digit(c))
        cell_open(s, 1);
    else if (s->row == 0 || s->npeek == CSV_PEEK)
        cell_open(s, 0);
}

static void cell_end(struct csv *s)
{
    if (!s->open && s->npeek > 0)
        cell_open(s, 0);
    s->open = 0;
    s->prev_lower = 0;
    s->col++;
    s->st = CSV_START;
}

static void row_end(struct csv *s)
{
    cell_end(s);
    room(s);
    s->out[s->nout++] = '\n';
    flush(s); /* a row is a record (people) */
    pm_emit_record(s->job);
    s->col = 0;
    if (s->row == 0 && s->sep_line) { /* the header is the next row */
        s->sep_line = 0;
        memset(s->len, 0, sizeof s->len);
        memset(s->ndigits, 0, sizeof s->ndigits);
        memset(s->bad, 0, sizeof s->bad);
        memset(s->kv, 0, sizeof s->kv);
        return;
    }
    if (s->row == 0)
        labels_done(s);
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
        const char *k = c ? memchr(cand, c, 4) : NULL;
        if (k)
            cur[k - cand]++;
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

/* A run of n bytes of a data cell that are all its text: what cell_byte
 * does for each, a run at a time (tables are mostly such runs). */
static void cell_run(struct csv *s, const char *p, size_t n)
{
    while (n > 0 && !s->open) {
        size_t k = CSV_PEEK - s->npeek < n ? CSV_PEEK - s->npeek : n, d = 0;
        while (d < k && !is_digit((unsigned char)p[d]))
            d++;
        size_t take = d < k ? d + 1 : k;
        memcpy(s->peek + s->npeek, p, take);
        s->npeek += take;
        p += take;
        n -= take;
        if (d < k)
            cell_open(s, 1);
        else if (s->npeek == CSV_PEEK)
            cell_open(s, 0);
    }
    while (n > 0) {
        if (s->nout == sizeof s->out)
            flush(s);
        size_t k = sizeof s->out - s->nout < n ? sizeof s->out - s->nout : n;
        memcpy(s->out + s->nout, p, k);
        s->nout += k;
        p += k;
        n -= k;
    }
}

/* How many of p[0 .. n) are text of the current data cell, up to the next
 * byte the state machine must see (0 outside a cell's text). */
static size_t text_run(const struct csv *s, const char *p, size_t n)
{
    if (s->row == 0)
        return 0;
    if (s->st == CSV_QUOTED) {
        const char *q = memchr(p, '"', n);
        return q ? (size_t)(q - p) : n;
    }
    if (s->st != CSV_PLAIN)
        return 0;
    size_t i = 0;
    while (i < n && !s->stop[(unsigned char)p[i]])
        i++;
    return i;
}

/* Decodes a block into out (the job's scratch), parses it and emits through
 * the table's own buffer: returns 0, nothing is left in out to emit. */
static size_t convert(void *state, const unsigned char *in, size_t n, char *out)
{
    struct csv *s = state;
    size_t dn = pm_decode(&s->dec, in, n, out);
    if (!s->stop['\n']) { /* the first block */
        /* Excel writes the delimiter it used as a first line "sep=;". */
        if (dn >= 6 && memcmp(out, "sep=", 4) == 0 && (out[5] == '\n' || out[5] == '\r') &&
            out[4] != '\n' && out[4] != '\r' && out[4] != '"') {
            s->delim = out[4];
            s->sep_line = 1;
        }
        if (!s->delim)
            s->delim = sniff(out, dn);
        s->stop[(unsigned char)s->delim] = s->stop['\n'] = s->stop['\r'] = 1;
    }
    for (size_t i = 0; i < dn;) {
        size_t k = text_run(s, out + i, dn - i);
        if (k > 0) {
            cell_run(s, out + i, k);
            i += k;
        } else {
            step(s, (unsigned char)out[i++]);
        }
    }
    flush(s);
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
    memset(s, 0, offsetof(struct csv, out));
    s->job = j;
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
    if (s->col > 0 || s->st != CSV_START || s->npeek > 0)
        row_end(s); /* the last row had no newline after it */
    flush(s);
    free(s);
    return PM_EX_DONE;
}

const struct pm_extractor pm_ex_csv = {"csv", csv_bid, csv_scan};
