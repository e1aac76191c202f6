/* ex_rtf.c — Rich Text Format (.rtf: Word, WordPad, LibreOffice, mail
 * clients): the text a reader sees, as UTF-8, one pass, fixed memory.
 *
 * Read as plain text, RTF glues its values to control words
 * ("Musterstr. 5\par 10115 Berlin"), breaks every accented name
 * ("M\'fcller"), loses \uN characters and scans font tables, colour tables,
 * style sheets and hex picture data as if they were text. So this follows
 * the syntax: groups ({ }), control words and symbols. \par, \line, \sect and
 * \page are newlines and \tab a tab; \'hh is a byte of the document's code
 * page (\ansicpg: 1250, 1251 and 1252 through tables, any other as 1252; a
 * font whose \fcharset is 238 or 204 switches to 1250 or 1251), \uN a UTF-16
 * unit (signed, surrogate pairs joined) whose \ucN fallback characters are
 * skipped. Destinations that hold no document text are skipped whole: the
 * font, colour, list and style tables, pictures, object data, theme data,
 * field instructions, shape properties, any {\*\...} destination not known
 * to hold text, and \bin binary data. Of \info only the fields people write
 * (title, subject, author, manager, company, operator, category, keywords,
 * comment) are text, each on its own line. Headers, footers, footnotes,
 * comments and text boxes are text.
 *
 * Tables (\trowd ... \intbl ... \cell ... \row) go through the labelled-cell
 * writer (table.h), the first row being the header, a record end after each
 * row, as Word tables in ex_office.c. A paragraph end inside a cell is a
 * space; a nested table (\nestcell) is text of its outer cell.
 *
 * Never recurses: group state is kept on a stack of RTF_DEPTH levels, and a
 * deeper group shares the state of the deepest one kept. Malformed or cut
 * input only changes what comes out; every byte is looked at once.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/utf8.h"
#include "extract/decode.h"
#include "extract/extractor.h"
#include "extract/table.h"

#define RTF_DEPTH 128 /* groups whose state is kept */
#define RTF_WORD 32   /* letters of a control word kept; a longer one is unknown */
#define RTF_FONTS 256 /* fonts whose code page is kept */
#define RTF_UC_MAX 16 /* most fallback characters skipped after \uN */

/* ---- code pages ---------------------------------------------------------- */

/* Bytes 0x80-0xFF as Unicode (Microsoft's tables); 0: undefined. */
static const uint16_t cp1250[128] = {
    0x20AC, 0x0000, 0x201A, 0x0000, 0x201E, 0x2026, 0x2020, 0x2021,
    0x0000, 0x2030, 0x0160, 0x2039, 0x015A, 0x0164, 0x017D, 0x0179,
    0x0000, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x0000, 0x2122, 0x0161, 0x203A, 0x015B, 0x0165, 0x017E, 0x017A,
    0x00A0, 0x02C7, 0x02D8, 0x0141, 0x00A4, 0x0104, 0x00A6, 0x00A7,
    0x00A8, 0x00A9, 0x015E, 0x00AB, 0x00AC, 0x00AD, 0x00AE, 0x017B,
    0x00B0, 0x00B1, 0x02DB, 0x0142, 0x00B4, 0x00B5, 0x00B6, 0x00B7,
    0x00B8, 0x0105, 0x015F, 0x00BB, 0x013D, 0x02DD, 0x013E, 0x017C,
    0x0154, 0x00C1, 0x00C2, 0x0102, 0x00C4, 0x0139, 0x0106, 0x00C7,
    0x010C, 0x00C9, 0x0118, 0x00CB, 0x011A, 0x00CD, 0x00CE, 0x010E,
    0x0110, 0x0143, 0x0147, 0x00D3, 0x00D4, 0x0150, 0x00D6, 0x00D7,
    0x0158, 0x016E, 0x00DA, 0x0170, 0x00DC, 0x00DD, 0x0162, 0x00DF,
    0x0155, 0x00E1, 0x00E2, 0x0103, 0x00E4, 0x013A, 0x0107, 0x00E7,
    0x010D, 0x00E9, 0x0119, 0x00EB, 0x011B, 0x00ED, 0x00EE, 0x010F,
    0x0111, 0x0144, 0x0148, 0x00F3, 0x00F4, 0x0151, 0x00F6, 0x00F7,
    0x0159, 0x016F, 0x00FA, 0x0171, 0x00FC, 0x00FD, 0x0163, 0x02D9,
};
static const uint16_t cp1251[128] = {
    0x0402, 0x0403, 0x201A, 0x0453, 0x201E, 0x2026, 0x2020, 0x2021,
    0x20AC, 0x2030, 0x0409, 0x2039, 0x040A, 0x040C, 0x040B, 0x040F,
    0x0452, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x0000, 0x2122, 0x0459, 0x203A, 0x045A, 0x045C, 0x045B, 0x045F,
    0x00A0, 0x040E, 0x045E, 0x0408, 0x00A4, 0x0490, 0x00A6, 0x00A7,
    0x0401, 0x00A9, 0x0404, 0x00AB, 0x00AC, 0x00AD, 0x00AE, 0x0407,
    0x00B0, 0x00B1, 0x0406, 0x0456, 0x0491, 0x00B5, 0x00B6, 0x00B7,
    0x0451, 0x2116, 0x0454, 0x00BB, 0x0458, 0x0405, 0x0455, 0x0457,
    0x0410, 0x0411, 0x0412, 0x0413, 0x0414, 0x0415, 0x0416, 0x0417,
    0x0418, 0x0419, 0x041A, 0x041B, 0x041C, 0x041D, 0x041E, 0x041F,
    0x0420, 0x0421, 0x0422, 0x0423, 0x0424, 0x0425, 0x0426, 0x0427,
    0x0428, 0x0429, 0x042A, 0x042B, 0x042C, 0x042D, 0x042E, 0x042F,
    0x0430, 0x0431, 0x0432, 0x0433, 0x0434, 0x0435, 0x0436, 0x0437,
    0x0438, 0x0439, 0x043A, 0x043B, 0x043C, 0x043D, 0x043E, 0x043F,
    0x0440, 0x0441, 0x0442, 0x0443, 0x0444, 0x0445, 0x0446, 0x0447,
    0x0448, 0x0449, 0x044A, 0x044B, 0x044C, 0x044D, 0x044E, 0x044F,
};

static uint32_t cp_char(unsigned cp, unsigned char b)
{
    if (b < 0x80)
        return b;
    if (cp == 1250)
        return cp1250[b - 0x80];
    if (cp == 1251)
        return cp1251[b - 0x80];
    /* Any other page is read as 1252, its undefined bytes dropped as the
     * tables above drop theirs. */
    uint32_t u = pm_cp1252(b);
    return u < 0xA0 ? 0 : u;
}

/* A font's \fcharset as the code page its \'hh bytes are in; 0: the
 * document's. */
static unsigned short charset_cp(long cs)
{
    return cs == 238 ? 1250 : cs == 204 ? 1251 : 0;
}

/* ---- state --------------------------------------------------------------- */

enum rtf_state {
    R_TEXT,  /* between tokens */
    R_ESC,   /* after a backslash */
    R_WORD,  /* in a control word's letters */
    R_PARAM, /* in its numeric parameter */
    R_HEX,   /* in \'hh */
    R_BIN,   /* in \bin data */
};

/* What a group inherits and sets for itself. */
struct rtf_grp {
    unsigned char skip;  /* no document text here */
    unsigned char info;  /* inside \info: a field people write is text */
    unsigned char fonts; /* inside \fonttbl */
    unsigned char endnl; /* a line break when the group closes */
    unsigned char uc;    /* fallback characters after \uN */
    unsigned short cp;   /* code page of the group's font; 0: the document's */
};

struct rtf {
    enum rtf_state st;
    struct rtf_grp g;
    struct rtf_grp stack[RTF_DEPTH];
    unsigned depth;
    int first, star;  /* the next token is its group's first; \* came */
    unsigned doc_cp;
    long deff, font;  /* the default font; the font being defined */
    unsigned short font_cp[RTF_FONTS];
    unsigned ucskip;  /* fallback characters still to skip */
    uint32_t hi;      /* a high surrogate waiting for its low half */
    char word[RTF_WORD + 2]; /* RTF_WORD + 1 letters: too long */
    size_t nword;
    int neg, nparam;
    long param;
    unsigned hex, nhex;
    uint64_t bin;     /* \bin bytes still to skip */
    /* tables */
    int intbl;        /* the paragraph is in a table (\intbl, until \pard) */
    int in_table, in_row, have_head, head_row;
    int wrote, gap;   /* the cell has text; a paragraph ended in it */
    unsigned col;
    struct pm_table t; /* the output buffer (last: not cleared) */
};

/* ---- output: text, cells and rows ----------------------------------------- */

static void row_start(struct rtf *r)
{
    if (!r->in_table) {
        r->in_table = 1;
        r->have_head = 0;
        pm_table_clear(&r->t);
    }
    r->in_row = 1;
    r->col = 0;
    r->wrote = r->gap = 0;
    r->head_row = !r->have_head;
    if (r->head_row)
        pm_table_clear(&r->t);
}

static void cell_run(struct rtf *r, const char *p, size_t n)
{
    if (r->head_row)
        pm_table_head_run(&r->t, r->col, p, n);
    else
        pm_table_cell_run(&r->t, r->col, p, n);
}

/* The row ends: a header row with a label in it is the table's header. */
static void row_end(struct rtf *r)
{
    pm_table_cell_end(&r->t, r->col);
    if (r->head_row && r->t.any_label) {
        pm_table_labels_done(&r->t);
        r->have_head = 1;
    }
    r->head_row = 0;
    r->in_row = 0;
    pm_table_put(&r->t, "\n", 1);
    pm_table_record(&r->t); /* a table row is a record (people) */
}

static void table_end(struct rtf *r)
{
    if (r->in_row)
        row_end(r);
    r->in_table = 0;
}

/* UTF-8 text of the document: to the cell it is in, or between cells. */
static void put_text(struct rtf *r, const char *p, size_t n)
{
    if (r->g.skip || n == 0)
        return;
    if (!r->intbl) {
        if (r->in_table)
            table_end(r);
        pm_table_put(&r->t, p, n);
        return;
    }
    if (!r->in_row)
        row_start(r);
    if (r->gap && r->wrote)
        cell_run(r, " ", 1);
    r->gap = 0;
    r->wrote = 1;
    cell_run(r, p, n);
}

/* A line break, tab or space: in a cell, one space before more text. */
static void put_break(struct rtf *r, char c)
{
    if (r->g.skip)
        return;
    if (r->intbl) {
        r->gap = 1;
        return;
    }
    if (r->in_table)
        table_end(r);
    pm_table_put(&r->t, &c, 1);
}

/* One character: a \uN fallback still to skip, or text. */
static void put_char(struct rtf *r, uint32_t c)
{
    char u[4];
    if (r->ucskip > 0) {
        r->ucskip--;
        return;
    }
    r->hi = 0;
    if (c == 0)
        return;
    put_text(r, u, pm_utf8_put(c, u));
}

static void put_byte(struct rtf *r, unsigned char b)
{
    put_char(r, cp_char(r->g.cp ? r->g.cp : r->doc_cp, b));
}

/* \uN: a UTF-16 unit, a surrogate pair joined. */
static void put_unicode(struct rtf *r, long v)
{
    uint32_t u = (uint32_t)(v < 0 ? v + 65536 : v) & 0xFFFF;
    r->ucskip = 0;
    if (u >= 0xD800 && u <= 0xDBFF) {
        r->hi = u;
    } else if (u >= 0xDC00 && u <= 0xDFFF) {
        if (r->hi)
            put_char(r, 0x10000 + ((r->hi - 0xD800) << 10) + (u - 0xDC00));
        r->hi = 0;
    } else {
        put_char(r, u);
    }
    r->ucskip = r->g.uc;
}

/* ---- groups --------------------------------------------------------------- */

static void push(struct rtf *r)
{
    if (r->depth < RTF_DEPTH)
        r->stack[r->depth] = r->g;
    r->depth++;
    r->g.endnl = 0;
    r->first = 1;
    r->star = 0;
    r->ucskip = 0;
}

static void pop(struct rtf *r)
{
    if (r->depth == 0)
        return; /* a stray '}' */
    if (r->g.endnl)
        put_break(r, '\n'); /* as the group's text: its parent may be skipped (\info) */
    r->depth--;
    if (r->depth < RTF_DEPTH)
        r->g = r->stack[r->depth];
    r->first = r->star = 0;
    r->ucskip = 0;
}

/* ---- control words ---------------------------------------------------------- */

enum act {
    A_NL,      /* a line break */
    A_TAB,
    A_CHAR,    /* the character arg */
    A_U,       /* \uN */
    A_UC,      /* \ucN */
    A_CPG,     /* \ansicpgN */
    A_ANSI,    /* \ansi, \mac, \pc, \pca: 1252 until \ansicpg says */
    A_BIN,     /* \binN */
    A_SKIP,    /* a destination without document text */
    A_KEEP,    /* a destination with text, even after \*; arg 1: on its own lines */
    A_INFO,    /* \info */
    A_FIELD,   /* an \info field people write */
    A_FONTTBL,
    A_F,       /* \fN */
    A_FCHARSET,
    A_DEFF,
    A_PLAIN,   /* character formatting back to the default font */
    A_INTBL,
    A_PARD,
    A_CELL,
    A_ROW,
    A_NEST,    /* \nestcell, \nestrow: a nested table is text of its cell */
};

struct rword {
    const char *w;
    unsigned char act;
    uint32_t arg;
};

/* Sorted by strcmp (bsearch). */
static const struct rword words[] = {
    {"aftnsep", A_SKIP, 0},       {"annotation", A_KEEP, 1},
    {"ansi", A_ANSI, 0},          {"ansicpg", A_CPG, 0},
    {"author", A_FIELD, 0},       {"bin", A_BIN, 0},
    {"bkmkend", A_SKIP, 0},       {"bkmkstart", A_SKIP, 0},
    {"bullet", A_CHAR, 0x2022},   {"category", A_FIELD, 0},
    {"cell", A_CELL, 0},          {"colorschememapping", A_SKIP, 0},
    {"colortbl", A_SKIP, 0},      {"comment", A_FIELD, 0},
    {"company", A_FIELD, 0},      {"datastore", A_SKIP, 0},
    {"deff", A_DEFF, 0},          {"doccomm", A_FIELD, 0},
    {"emdash", A_CHAR, 0x2014},   {"emspace", A_CHAR, ' '},
    {"endash", A_CHAR, 0x2013},   {"enspace", A_CHAR, ' '},
    {"f", A_F, 0},                {"fcharset", A_FCHARSET, 0},
    {"filetbl", A_SKIP, 0},       {"fldinst", A_SKIP, 0},
    {"fldrslt", A_KEEP, 0},       {"fonttbl", A_FONTTBL, 0},
    {"footer", A_KEEP, 1},        {"footerf", A_KEEP, 1},
    {"footerl", A_KEEP, 1},       {"footerr", A_KEEP, 1},
    {"footnote", A_KEEP, 1},      {"ftnsep", A_SKIP, 0},
    {"generator", A_SKIP, 0},     {"header", A_KEEP, 1},
    {"headerf", A_KEEP, 1},       {"headerl", A_KEEP, 1},
    {"headerr", A_KEEP, 1},       {"htmltag", A_SKIP, 0},
    {"info", A_INFO, 0},          {"intbl", A_INTBL, 0},
    {"keywords", A_FIELD, 0},     {"latentstyles", A_SKIP, 0},
    {"ldblquote", A_CHAR, 0x201C}, {"line", A_NL, 0},
    {"listoverridetable", A_SKIP, 0}, {"listtable", A_SKIP, 0},
    {"lquote", A_CHAR, 0x2018},   {"mac", A_ANSI, 0},
    {"manager", A_FIELD, 0},      {"nestcell", A_NEST, 0},
    {"nestrow", A_NEST, 0},       {"nonshppict", A_SKIP, 0},
    {"objclass", A_SKIP, 0},      {"objdata", A_SKIP, 0},
    {"objname", A_SKIP, 0},       {"operator", A_FIELD, 0},
    {"page", A_NL, 0},            {"par", A_NL, 0},
    {"pard", A_PARD, 0},          {"pc", A_ANSI, 0},
    {"pca", A_ANSI, 0},           {"pgdsctbl", A_SKIP, 0},
    {"pict", A_SKIP, 0},          {"plain", A_PLAIN, 0},
    {"rdblquote", A_CHAR, 0x201D}, {"result", A_KEEP, 0},
    {"revtbl", A_SKIP, 0},        {"row", A_ROW, 0},
    {"rquote", A_CHAR, 0x2019},   {"rsidtbl", A_SKIP, 0},
    {"sect", A_NL, 0},            {"shpinst", A_KEEP, 0},
    {"shprslt", A_SKIP, 0},       {"shptxt", A_KEEP, 1},
    {"sp", A_SKIP, 0},            {"stylesheet", A_SKIP, 0},
    {"subject", A_FIELD, 0},      {"tab", A_TAB, 0},
    {"themedata", A_SKIP, 0},     {"title", A_FIELD, 0},
    {"u", A_U, 0},                {"uc", A_UC, 0},
    {"userprops", A_SKIP, 0},     {"xmlnstbl", A_SKIP, 0},
};
#define NWORDS (sizeof words / sizeof words[0])

static int word_cmp(const void *key, const void *elt)
{
    return strcmp(key, ((const struct rword *)elt)->w);
}

/* A destination word opens its group: skipped, kept, or an \info field. */
static void destination(struct rtf *r, const struct rword *w, int first, int star)
{
    int act = w ? w->act : -1;
    if (act == A_SKIP || act == A_FONTTBL || act == A_INFO) {
        r->g.skip = 1;
        r->g.fonts |= act == A_FONTTBL;
        r->g.info |= act == A_INFO;
    } else if (act == A_FIELD && r->g.info && first) {
        r->g.skip = 0;
        r->g.endnl = 1;
    } else if (act == A_KEEP && first) {
        r->g.endnl = (unsigned char)w->arg; /* a footnote, header, comment: its own lines */
        if (w->arg)
            put_break(r, '\n');
    } else if (star && first) {
        r->g.skip = 1; /* {\*\unknown ...}: ignorable, by the spec */
    }
}

static void table_word(struct rtf *r, int act)
{
    switch (act) {
    case A_INTBL:
        r->intbl = 1;
        break;
    case A_PARD:
        r->intbl = 0;
        break;
    case A_CELL:
        if (r->g.skip)
            break;
        r->intbl = 1; /* a cell says its paragraph is in a table */
        if (!r->in_row)
            row_start(r);
        pm_table_cell_end(&r->t, r->col);
        r->col++;
        r->wrote = r->gap = 0;
        break;
    case A_ROW:
        if (r->g.skip)
            break;
        if (r->in_row)
            row_end(r);
        else if (!r->in_table)
            put_break(r, '\n');
        break;
    default:
        put_break(r, ' '); /* A_NEST */
        break;
    }
}

static void font_word(struct rtf *r, int act, long p)
{
    if (act == A_DEFF) {
        r->deff = p;
    } else if (act == A_F && r->g.fonts) {
        r->font = p; /* the font being defined */
    } else if (act == A_F) {
        r->g.cp = p >= 0 && p < RTF_FONTS ? r->font_cp[p] : 0;
    } else if (act == A_FCHARSET) {
        if (r->g.fonts && r->font >= 0 && r->font < RTF_FONTS)
            r->font_cp[r->font] = charset_cp(p);
    } else { /* A_PLAIN */
        r->g.cp = r->deff >= 0 && r->deff < RTF_FONTS ? r->font_cp[r->deff] : 0;
    }
}

/* A control word with its parameter (has: one was written). */
static void control_word(struct rtf *r, int has, long p)
{
    int first = r->first, star = r->star;
    r->first = r->star = 0;
    r->word[r->nword] = '\0';
    const struct rword *w = r->nword <= RTF_WORD ? bsearch(r->word, words, NWORDS, sizeof *w, word_cmp)
                                                 : NULL;
    if (r->ucskip > 0 && !(w && w->act == A_BIN)) {
        r->ucskip--; /* a control word counts as one fallback character */
        return;
    }
    destination(r, w, first, star);
    if (!w)
        return;
    switch (w->act) {
    case A_NL:
        put_break(r, '\n');
        break;
    case A_TAB:
        put_break(r, '\t');
        break;
    case A_CHAR:
        put_char(r, w->arg);
        break;
    case A_U:
        if (has)
            put_unicode(r, p);
        break;
    case A_UC:
        r->g.uc = (unsigned char)(p < 0 ? 0 : p > RTF_UC_MAX ? RTF_UC_MAX : p);
        break;
    case A_CPG:
        r->doc_cp = (unsigned)(p > 0 ? p : 1252);
        break;
    case A_ANSI:
        r->doc_cp = 1252;
        break;
    case A_BIN:
        if (has && p > 0) {
            r->bin = (uint64_t)p;
            r->st = R_BIN;
        }
        break;
    case A_INTBL: case A_PARD: case A_CELL: case A_ROW: case A_NEST:
        table_word(r, w->act);
        break;
    case A_F: case A_FCHARSET: case A_DEFF: case A_PLAIN:
        font_word(r, w->act, has ? p : 0);
        break;
    default:
        break;
    }
}

/* A control symbol: \\, \{, \}, \~ and the like. */
static void control_symbol(struct rtf *r, unsigned char c)
{
    if (c == '*') {
        r->star = 1;
        return;
    }
    r->first = 0;
    if (c == '\\' || c == '{' || c == '}')
        put_char(r, c);
    else if (c == '~')
        put_char(r, ' '); /* a non-breaking space: a space to the detectors */
    else if (c == '_')
        put_char(r, '-');
    else if (c == '\n' || c == '\r')
        put_break(r, '\n'); /* "\" at a line's end is \par */
    else if (r->ucskip > 0)
        r->ucskip--;       /* \-, \:, \| and others: nothing, but a character */
}

/* ---- the byte machine ---------------------------------------------------------- */

static int is_alpha(unsigned char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
static int is_digit(unsigned char c) { return c >= '0' && c <= '9'; }

static int hex_val(unsigned char c)
{
    return is_digit(c) ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* A byte between tokens. */
static void text_byte(struct rtf *r, unsigned char c)
{
    if (c == '{') {
        push(r);
    } else if (c == '}') {
        pop(r);
    } else if (c == '\\') {
        r->st = R_ESC;
    } else if (c == '\t') {
        r->first = 0;
        put_break(r, '\t');
    } else if (c >= 0x20) {
        r->first = 0;
        if (c >= 0x80)
            put_byte(r, c); /* raw 8-bit text: the code page's */
        else
            put_char(r, c);
    } /* CR, LF and other control bytes are not text */
}

/* One byte; returns 1 if it must be looked at again in R_TEXT (it ended a
 * token without being part of it). */
static int step(struct rtf *r, unsigned char c)
{
    int d;
    switch (r->st) {
    case R_TEXT:
        text_byte(r, c);
        return 0;
    case R_ESC:
        if (is_alpha(c)) {
            r->st = R_WORD;
            r->word[0] = (char)c;
            r->nword = 1;
        } else if (c == '\'') {
            r->st = R_HEX;
            r->hex = r->nhex = 0;
        } else {
            r->st = R_TEXT;
            control_symbol(r, c);
        }
        return 0;
    case R_WORD:
        if (is_alpha(c)) {
            if (r->nword <= RTF_WORD)
                r->word[r->nword++] = (char)c; /* stops at RTF_WORD + 1: unknown */
            return 0;
        }
        if (c == '-' || is_digit(c)) {
            r->st = R_PARAM;
            r->neg = c == '-';
            r->param = r->neg ? 0 : c - '0';
            r->nparam = !r->neg;
            return 0;
        }
        r->st = R_TEXT;
        control_word(r, 0, 0);
        return c != ' ';
    case R_PARAM:
        if (is_digit(c)) {
            if (r->nparam < 10) /* counted no further: a run of 2^31 digits must not overflow */
                r->param = r->param * 10 + (c - '0'), r->nparam++;
            return 0;
        }
        r->st = R_TEXT;
        control_word(r, 1, r->neg ? -r->param : r->param);
        return c != ' ';
    case R_HEX:
        d = hex_val(c);
        if (d < 0) {
            r->st = R_TEXT; /* a broken \'h: the byte is text again */
            return 1;
        }
        r->hex = r->hex * 16 + (unsigned)d;
        if (++r->nhex == 2) {
            r->st = R_TEXT;
            r->first = 0;
            put_byte(r, (unsigned char)r->hex);
        }
        return 0;
    case R_BIN:
        return 0; /* convert() skips \bin data in bulk */
    }
    return 0;
}

/* How many bytes from p on are plain text (or, in a skipped group, anything
 * but a token's start): copied or dropped as a run. */
static size_t text_run(const struct rtf *r, const unsigned char *p, size_t n)
{
    size_t i = 0;
    if (r->g.skip) {
        while (i < n && p[i] != '\\' && p[i] != '{' && p[i] != '}')
            i++;
    } else if (r->ucskip == 0) {
        while (i < n && p[i] >= 0x20 && p[i] < 0x80 && p[i] != '\\' && p[i] != '{' && p[i] != '}')
            i++;
    }
    return i;
}

/* Reads a block; the text goes out through the table's buffer (nothing is
 * left in out to emit). */
static size_t convert(void *state, const unsigned char *in, size_t n, char *out)
{
    struct rtf *r = state;
    (void)out;
    for (size_t i = 0; i < n;) {
        if (r->st == R_BIN) {
            size_t k = r->bin < n - i ? (size_t)r->bin : n - i;
            r->bin -= k;
            i += k;
            if (r->bin == 0)
                r->st = R_TEXT;
            continue;
        }
        if (r->st == R_TEXT) {
            size_t k = text_run(r, in + i, n - i);
            if (k > 0) {
                /* Text opens no destination; what a skipped group holds
                 * (line breaks, junk) must not hide an \info field's word. */
                r->first &= r->g.skip;
                put_text(r, (const char *)in + i, k);
                i += k;
                continue;
            }
        }
        if (step(r, in[i])) {
            /* The byte ended a token: text again, or \bin's first byte. */
            if (r->st != R_BIN)
                text_byte(r, in[i]);
            else if (--r->bin == 0)
                r->st = R_TEXT;
        }
        i++;
    }
    pm_table_flush(&r->t);
    return 0;
}

/* ---- the extractor ------------------------------------------------------------- */

static int rtf_bid(const struct pm_probe *p)
{
    if (strcmp(p->mime, "text/rtf") == 0 || strcmp(p->mime, "application/rtf") == 0)
        return PM_BID_TYPE;
    if (p->nhead >= p->bom + 5 && memcmp(p->head + p->bom, "{\\rtf", 5) == 0)
        return PM_BID_TYPE;
    return PM_BID_NONE;
}

static int rtf_scan(struct pm_job *j)
{
    struct rtf *r = malloc(sizeof *r);
    if (!r) {
        j->o->status = PM_FILE_ERROR;
        snprintf(j->o->reason, sizeof j->o->reason, "out of memory");
        return PM_EX_DONE;
    }
    memset(r, 0, offsetof(struct rtf, t));
    pm_table_init(&r->t, j);
    r->st = R_TEXT;
    r->doc_cp = 1252;
    r->g.uc = 1;
    r->font = -1;
    j->o->encoding = "rtf";
    /* Paragraphs are records (people), and so is each table row. */
    struct pm_recsplit split;
    pm_job_split_begin(j, &split, PM_SPLIT_PARAGRAPH);
    pm_job_pump(j, j->probe->bom, convert, r);
    if (r->in_table)
        table_end(r);
    pm_table_flush(&r->t);
    pm_job_split_end(j);
    free(r);
    return PM_EX_DONE;
}

const struct pm_extractor pm_ex_rtf = {"rtf", rtf_bid, rtf_scan};
