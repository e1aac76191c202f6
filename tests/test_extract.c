/* test_extract.c — extract/ on its own: the dispatcher driven directly with a
 * sink that records what comes out (no detectors, no findings).
 *
 * Plain and UTF-16 text, tables (CSV, XLSX, ODS, JSON and XML marks), a zip
 * with two members and a zip inside a zip (written here with libarchive's
 * writer), member chains, a corrupt archive,
 * an e-mail attachment, a SQLite database, the bid table (every extractor
 * wins for its input), a declining extractor, limits and the stop flag; and
 * that every item is begin ... end, members nested inside their container.
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <archive.h>
#include <archive_entry.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "extract/dispatch.h"
#include "extract/extract.h"
#include "extract/extractor.h"
#include "extract/tablines.h"
#include "extract/xmltext.h"

/* ---- a recording sink ------------------------------------------------------------- */

#define MAX_ITEMS 16
#define MAX_LEVELS 8
#define TEXT_MAX 8192
#define MAX_MARKS 32

struct item {
    unsigned level;
    char chain[512]; /* member names joined by " > " */
    enum pm_file_status status;
    char reason[256];
    char mime[128];
    char encoding[32];
    uint64_t bytes;
    char text[TEXT_MAX];
    size_t ntext;
    uint64_t emitted; /* all the text, not only what text[] keeps */
    char tail[64];    /* its last bytes */
    uint64_t marks[MAX_MARKS]; /* offsets in the text where a record ended */
    size_t nmarks;    /* how many ended (marks keeps the first MAX_MARKS) */
};

struct rec {
    struct item items[MAX_ITEMS];
    size_t n;
    char text[MAX_LEVELS][TEXT_MAX]; /* text of the open item at each level */
    size_t ntext[MAX_LEVELS];
    uint64_t emitted[MAX_LEVELS];
    char tail[MAX_LEVELS][64];
    uint64_t marks[MAX_LEVELS][MAX_MARKS];
    size_t nmarks[MAX_LEVELS];
    unsigned open;                   /* levels open: 0 .. open - 1 */
    int misnested;                   /* a call out of begin/text/end order */
};

static int rec_begin(void *ctx, unsigned level)
{
    struct rec *r = ctx;
    if (level != r->open || level >= MAX_LEVELS) {
        r->misnested++;
        return -1;
    }
    r->open++;
    r->ntext[level] = 0;
    r->emitted[level] = 0;
    r->nmarks[level] = 0;
    memset(r->tail[level], 0, sizeof r->tail[level]);
    return 0;
}

static void rec_record(void *ctx, unsigned level)
{
    struct rec *r = ctx;
    if (level + 1 != r->open) {
        r->misnested++;
        return;
    }
    if (r->nmarks[level] < MAX_MARKS)
        r->marks[level][r->nmarks[level]] = r->emitted[level];
    r->nmarks[level]++;
}

static void rec_text(void *ctx, unsigned level, const char *text, size_t n)
{
    struct rec *r = ctx;
    if (level + 1 != r->open) {
        r->misnested++;
        return;
    }
    char *t = r->tail[level];
    size_t keep = sizeof r->tail[level] - 1;
    if (n >= keep) {
        memcpy(t, text + n - keep, keep);
    } else {
        size_t had = strlen(t), drop = had + n > keep ? had + n - keep : 0;
        memmove(t, t + drop, had - drop);
        memcpy(t + had - drop, text, n);
        t[had - drop + n] = '\0';
    }
    r->emitted[level] += n;
    size_t room = TEXT_MAX - 1 - r->ntext[level];
    n = n < room ? n : room;
    memcpy(r->text[level] + r->ntext[level], text, n);
    r->ntext[level] += n;
}

static void rec_end(void *ctx, unsigned level, const struct pm_item *it)
{
    struct rec *r = ctx;
    if (level + 1 != r->open || it->nmembers != level || r->n >= MAX_ITEMS) {
        r->misnested++;
        return;
    }
    r->open--;
    struct item *o = &r->items[r->n++];
    o->level = level;
    size_t c = 0;
    for (size_t i = 0; i < it->nmembers; i++)
        c += (size_t)snprintf(o->chain + c, sizeof o->chain - c, "%s%s", i ? " > " : "",
                              it->members[i]);
    o->status = it->status;
    snprintf(o->reason, sizeof o->reason, "%s", it->reason ? it->reason : "");
    snprintf(o->mime, sizeof o->mime, "%s", it->mime ? it->mime : "");
    snprintf(o->encoding, sizeof o->encoding, "%s", it->encoding ? it->encoding : "");
    o->bytes = it->bytes;
    memcpy(o->text, r->text[level], r->ntext[level]);
    o->ntext = r->ntext[level];
    o->text[o->ntext] = '\0';
    o->emitted = r->emitted[level];
    memcpy(o->tail, r->tail[level], sizeof o->tail);
    memcpy(o->marks, r->marks[level], sizeof o->marks);
    o->nmarks = r->nmarks[level];
}

static char dir[] = "/tmp/piimap-extract-XXXXXX";

static void path_of(const char *name, char *out, size_t outsz)
{
    snprintf(out, outsz, "%s/%s", dir, name);
}

/* Reads dir/name with the given limits (NULL: defaults) and stop flag. */
static void extract_file(const char *name, const struct pm_limits *lim, const atomic_int *stop,
                         struct rec *r)
{
    struct pm_limits def;
    pm_limits_default(&def);
    char path[4096], err[256];
    path_of(name, path, sizeof path);
    memset(r, 0, sizeof *r);
    struct pm_sink sink = {r, rec_begin, rec_text, rec_end, rec_record, NULL};
    struct pm_extract *x = pm_extract_new(lim ? lim : &def, &sink, err, sizeof err);
    assert_non_null(x);
    pm_extract_set_stop(x, stop);
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    pm_extract_file(x, path, &st, 0);
    pm_extract_free(x);
    assert_int_equal(r->misnested, 0);
    assert_int_equal(r->open, 0);
}

static const struct item *find(const struct rec *r, const char *chain)
{
    for (size_t i = 0; i < r->n; i++)
        if (strcmp(r->items[i].chain, chain) == 0)
            return &r->items[i];
    fail_msg("no item with chain \"%s\"", chain);
    return NULL;
}

static int starts_with(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* ---- writing inputs ---------------------------------------------------------------- */

static void put(const char *name, const void *data, size_t n)
{
    char path[4096];
    path_of(name, path, sizeof path);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, n, f), n);
    assert_int_equal(fclose(f), 0);
}

struct entry {
    const char *name;
    const void *data;
    size_t n;
};

/* A zip of the entries, in memory (out has room for outsz bytes). */
static size_t zip_of(const struct entry *e, size_t ne, unsigned char *out, size_t outsz)
{
    struct archive *a = archive_write_new();
    size_t used = 0;
    assert_int_equal(archive_write_set_format_zip(a), ARCHIVE_OK);
    assert_int_equal(archive_write_open_memory(a, out, outsz, &used), ARCHIVE_OK);
    for (size_t i = 0; i < ne; i++) {
        struct archive_entry *ae = archive_entry_new();
        archive_entry_set_pathname(ae, e[i].name);
        archive_entry_set_filetype(ae, AE_IFREG);
        archive_entry_set_perm(ae, 0644);
        archive_entry_set_size(ae, (la_int64_t)e[i].n);
        archive_entry_set_mtime(ae, 1700000000, 0);
        assert_int_equal(archive_write_header(a, ae), ARCHIVE_OK);
        assert_int_equal(archive_write_data(a, e[i].data, e[i].n), (la_ssize_t)e[i].n);
        archive_entry_free(ae);
    }
    assert_int_equal(archive_write_close(a), ARCHIVE_OK);
    archive_write_free(a);
    return used;
}

#define S(text) text, sizeof text - 1

/* ---- text ---------------------------------------------------------------------------- */

static void plain_text(void **state)
{
    (void)state;
    struct rec r;
    put("plain.txt", S("Dear Ada,\nyour card 4111 1111 1111 1111 expires soon.\n"));
    extract_file("plain.txt", NULL, NULL, &r);
    assert_int_equal(r.n, 1);
    const struct item *it = &r.items[0];
    assert_int_equal(it->level, 0);
    assert_string_equal(it->chain, "");
    assert_int_equal(it->status, PM_FILE_SCANNED);
    assert_string_equal(it->mime, "text/plain");
    assert_string_equal(it->encoding, "utf-8");
    assert_string_equal(it->text, "Dear Ada,\nyour card 4111 1111 1111 1111 expires soon.\n");
    assert_true(it->bytes == strlen(it->text));
}

/* ---- tables ---------------------------------------------------------------------------- */

/* The text of one table file (one item, read to the end). */
static const struct item *table(struct rec *r, const char *name, const char *data, size_t n)
{
    put(name, data, n);
    extract_file(name, NULL, NULL, r);
    assert_int_equal(r->n, 1);
    assert_int_equal(r->items[0].status, PM_FILE_SCANNED);
    return &r->items[0];
}

/* CSV, TSV and PSV: every data cell "HEADER: value" after a record separator
 * (0x1E), a row per line; RFC 4180 quoting; the delimiter sniffed; headers
 * read as words ("date_of_birth", "phoneNumber"); empty cells emit nothing,
 * cells beyond the header emit their value alone. A cell is labelled when it
 * holds a digit, or in a column of names ("name": every cell). */
static void csv_tables(void **state)
{
    (void)state;
    struct rec r;
    /* Commas, CRLF, quotes with the delimiter, doubled quotes and a newline
     * inside, an empty row, a short row and a long one, no final newline. */
    const struct item *it = table(&r, "people.csv",
        S("name, \"Phone Number\",date_of_birth,note\r\n"
          "Ada,\"+1 (415) 555-2671\",1980-03-05,\"says \"\"hi\"\", then\nleaves\"\r\n"
          ",,,\r\n"
          "Bob,,1990-01-01\r\n"
          "Cy,1,2,3,4"));
    assert_string_equal(it->encoding, "utf-8");
    assert_string_equal(it->text,
        "\x1e" "name\x1ePhone Number\x1e" "date_of_birth\x1enote\n"
        "\x1ename: Ada\x1ePhone Number: +1 (415) 555-2671\x1e" "date of birth: 1980-03-05"
        "\x1esays \"hi\", then\nleaves\n"
        "\n"
        "\x1ename: Bob\x1e" "date of birth: 1990-01-01\n"
        "\x1ename: Cy\x1ePhone Number: 1\x1e" "date of birth: 2\x1enote: 3\x1e" "4\n");

    /* Semicolons in Latin-1 (a German or Dutch export), to UTF-8. */
    it = table(&r, "klanten.CSV", S("naam;BSN;Stra\xdf" "e\nJ\xe9r\xf4me;123456782;Hauptstra\xdf" "e 1\n"));
    assert_string_equal(it->encoding, "iso-8859-1");
    assert_string_equal(it->text, "\x1enaam\x1e" "BSN\x1eStra\xc3\x9f" "e\n"
                                  "\x1enaam: J\xc3\xa9r\xc3\xb4me\x1e" "BSN: 123456782"
                                  "\x1eStra\xc3\x9f" "e: Hauptstra\xc3\x9f" "e 1\n");

    /* Tabs by the name (a comma in a cell is no delimiter there), pipes sniffed. */
    it = table(&r, "staff.tsv", S("Name\tphoneNumber\tNote\nHans\t(09075) 793834\ta, b"));
    assert_string_equal(it->text, "\x1eName\x1ephoneNumber\x1eNote\n"
                                  "\x1eName: Hans\x1ephone Number: (09075) 793834\x1e" "a, b\n");
    /* Excel's "sep=;" first line names the delimiter; the header follows. */
    it = table(&r, "excel.csv", S("sep=;\r\nname;BSN\r\nJan;111222333\r\n"));
    assert_string_equal(it->text, "\x1esep=\n\x1ename\x1e" "BSN\n\x1ename: Jan\x1e" "BSN: 111222333\n");
    it = table(&r, "ids.csv", S("id|ssn|note\n1|078051120|a,b\n2|219099999|c,d,e\n"));
    assert_string_equal(it->text, "\x1eid\x1essn\x1enote\n"
                                  "\x1eid: 1\x1essn: 078051120\x1e" "a,b\n"
                                  "\x1eid: 2\x1essn: 219099999\x1e" "c,d,e\n");

    /* A digit past the first 64 bytes of a cell gets no label (out of any
     * label's reach). A header cell that may be a value (an e-mail address
     * in a file without a header row, a date, one over 64 bytes) labels
     * nothing: a label is never found itself on every row. */
    char t[400];
    size_t n = 0;
    memset(t, 'h', 65);
    n += 65;
    n += (size_t)sprintf(t + n, ",ann@example.com,\"2024-01-02\",x\n1,2,3,");
    memset(t + n, 'w', 64);
    n += 64;
    n += (size_t)sprintf(t + n, "42\n");
    it = table(&r, "nohead.csv", t, n);
    assert_memory_equal(it->text + 1 + 65, "\x1e" "ann@example.com\x1e" "2024-01-02\x1ex\n"
                                          "\x1e" "1\x1e" "2\x1e" "3\x1ewwww", 41);
    assert_string_equal(it->text + it->ntext - 5, "ww42\n");
}

/* A quoted cell of 3 MB (delimiters and newlines inside) streams through:
 * the whole of it comes out once, and the next row is labelled by the
 * header, not by anything in the giant cell. */
static void csv_giant_cell(void **state)
{
    (void)state;
    const size_t big = 3u << 20;
    size_t n = 0;
    char *data = malloc(big + 64);
    assert_non_null(data);
    n += (size_t)sprintf(data, "id,ssn\n1,\"");
    for (size_t i = 0; i < big; i++)
        data[n++] = i % 1000 == 999 ? '\n' : i % 10 == 9 ? ',' : 'a';
    n += (size_t)sprintf(data + n, "\"\n2,078051120\n");
    struct rec r;
    const struct item *it = table(&r, "giant.csv", data, n);
    free(data);
    /* "\x1eid\x1essn\n" + "\x1eid: 1\x1e" + the cell (no digit: no label) +
     * "\n" + "\x1eid: 2\x1essn: 078051120\n" */
    assert_true(it->emitted == 8 + 7 + big + 1 + 22);
    assert_string_equal(it->tail + strlen(it->tail) - 25, "aa\n\x1eid: 2\x1essn: 078051120\n");
}

/* Spreadsheets: an XLSX sheet whose shared strings and styles come after
 * it (read first), cells placed by r=, a rich string without its phonetic
 * run, a day count in a date style read as the date, a number written as
 * "1.11222333E8" read as the integer, a boolean left out; an ODS table
 * after an empty row, with repeated columns, and typed cells read by their
 * value (a date as its ISO date, an integer without the separators it is
 * shown with; a currency as shown). */
static void sheet_tables(void **state)
{
    (void)state;
    static const char sheet[] =
        "<worksheet><sheetData><row r=\"2\"><c r=\"A2\" t=\"s\"><v>0</v></c>"
        "<c r=\"B2\" t=\"inlineStr\"><is><t>dob</t></is></c>"
        "<c r=\"C2\" t=\"s\"><v>1</v></c></row><row r=\"3\"><c r=\"A3\" t=\"inlineStr\">"
        "<is><t>Jan</t></is></c><c r=\"B3\" s=\"1\"><v>29285.5</v></c>"
        "<c r=\"C3\"><f>B3</f><v>1.11222333E8</v></c>"
        "<c r=\"D3\" t=\"b\"><v>1</v></c></row></sheetData></worksheet>";
    static const char sst[] = "<sst><si><t>Name</t></si><si><r><t>B</t></r><r><t>SN</t></r>"
                              "<rPh><t>x</t></rPh></si></sst>";
    static const char styles[] = "<styleSheet><cellXfs><xf numFmtId=\"0\"/><xf numFmtId=\"14\"/>"
                                 "</cellXfs></styleSheet>";
    static const char ods[] =
        "<office:document-content><office:body><office:spreadsheet><table:table>"
        "<table:table-row><table:table-cell table:number-columns-repeated=\"9\"/></table:table-row>"
        "<table:table-row><table:table-cell><text:p>date_of_birth</text:p></table:table-cell>"
        "<table:table-cell table:number-columns-repeated=\"2\"><text:p>Tel</text:p>"
        "</table:table-cell></table:table-row><table:table-row>"
        "<table:table-cell table:number-columns-repeated=\"3\"><text:p>05.03.1980</text:p>"
        "<text:p>x</text:p></table:table-cell></table:table-row><table:table-row>"
        "<table:table-cell office:value-type=\"date\" office:date-value=\"1999-06-03\">"
        "<text:p>06/03/99</text:p></table:table-cell>"
        "<table:table-cell office:value-type=\"float\" office:value=\"111222333\">"
        "<text:p>111,222,333</text:p></table:table-cell>"
        "<table:table-cell office:value-type=\"currency\" office:value=\"12.5\">"
        "<text:p>12,50 EUR</text:p></table:table-cell></table:table-row></table:table>"
        "<text:p>after</text:p></office:spreadsheet></office:body></office:document-content>";
    const struct entry book[] = {{"xl/worksheets/sheet1.xml", S(sheet)},
                                 {"xl/sharedStrings.xml", S(sst)},
                                 {"xl/styles.xml", S(styles)}};
    const struct entry calc[] = {{"content.xml", S(ods)}};
    unsigned char zip[8192];
    struct rec r;
    const struct item *it = table(&r, "book.xlsx", (const char *)zip, zip_of(book, 3, zip, sizeof zip));
    assert_string_equal(it->text, "\x1eName\x1e" "dob\x1e" "BSN\n"
                                  "\x1eName: Jan\x1e" "dob: 1980-03-05\x1e" "BSN: 111222333\n\n");
    it = table(&r, "calc.ods", (const char *)zip, zip_of(calc, 1, zip, sizeof zip));
    assert_string_equal(it->text,
                        "\n\x1e" "date_of_birth\x1eTel\x1eTel\n"
                        "\x1e" "date of birth: 05.03.1980 x\x1eTel: 05.03.1980 x\x1eTel: 05.03.1980 x\n"
                        "\x1e" "date of birth: 1999-06-03\x1eTel: 111222333\x1eTel: 12,50 EUR\n"
                        "after\n\n");
}

/* One XML part read by xmltext as that kind: its text, NUL-ended. */
static const char *xml_part(struct rec *r, enum pm_xml_kind kind, struct pm_sst *sst,
                            const char *xml)
{
    struct pm_sink sink = {r, rec_begin, rec_text, rec_end, rec_record, NULL};
    struct pm_job j = {.level = 0, .sink = &sink};
    memset(r, 0, sizeof *r);
    assert_int_equal(rec_begin(r, 0), 0);
    struct pm_xmltext *x = pm_xmltext_new(&j, kind, sst);
    assert_non_null(x);
    assert_int_equal(pm_xmltext_feed(x, xml, strlen(xml), 1), 0);
    pm_xmltext_free(x);
    r->text[0][r->ntext[0]] = '\0';
    return r->text[0];
}

/* Shared strings past a cap (bytes, or strings) are written as plain text,
 * one per line, and are not looked up: the sheet leaves their cells out. */
static void shared_string_caps(void **state)
{
    (void)state;
    static const char sst[] = "<sst><si><t>abc</t></si><si><r><t>de</t></r><r><t>fgh</t></r></si>"
                              "<si><t>ijk</t></si></sst>";
    struct rec r;
    struct pm_sst *bytes = pm_sst_new(8, 100), *count = pm_sst_new(100, 1);
    assert_string_equal(xml_part(&r, PM_XML_STRINGS, bytes, sst), "ijk\n");
    assert_int_equal(pm_sst_count(bytes), 2);
    assert_string_equal(xml_part(&r, PM_XML_STRINGS, count, sst), "defgh\nijk\n");
    assert_int_equal(pm_sst_count(count), 1);
    assert_string_equal(xml_part(&r, PM_XML_SHEET, bytes,
                                 "<worksheet><sheetData><row><c t=\"s\"><v>1</v></c><c t=\"s\">"
                                 "<v>2</v></c><c t=\"s\"><v>0</v></c></row></sheetData></worksheet>"),
                        "\x1e" "defgh\x1e" "abc\n");
    pm_sst_free(bytes);
    pm_sst_free(count);
}

/* XML and JSON data files: their text with a mark before each named value
 * (an element after white space, an attribute, an object's member), none
 * inside mixed text, comments or strings, none between an array's items. */
static void data_files(void **state)
{
    (void)state;
    struct rec r;
    /* Names split at case changes, as headers are: not a key that is no
     * name (an address), nor a value. */
    const struct item *it = table(&r, "rec.json", S("{\"BSN\": \"1,2\", \"n\": [1, 2], \"o\": {\"a\": \"{\\\"\"},"
                                                    "\"dateOfBirth\": \"aB\", \"jo@eX.com\": {}}"));
    assert_string_equal(it->text, "{\x1e\"BSN\": \"1,2\",\x1e \"n\": [1, 2],\x1e \"o\": {\x1e\"a\": \"{\\\"\"},"
                                  "\x1e\"date Of Birth\": \"aB\",\x1e \"jo@eX.com\": {\x1e}}");
    it = table(&r, "rec.xml", S("<a x=\"1\" yZ='2 zZ'>\n <b>3</b><c>t <d>4</d></c><!-- q\"x --><e/></a>"));
    assert_string_equal(it->text, "\x1e<a \x1ex=\"1\" \x1ey Z='2 zZ'>\n \x1e<b>3</b>\x1e<c>t <d>4</d>"
                                  "\x1e</c>\x1e<!-- q\"x -->\x1e<e/>\x1e</a>");
}

/* PostScript: the strings a page shows and the DSC comments, never the
 * numbers of the program (coordinates, metrics, image data, fonts). */
static void postscript(void **state)
{
    (void)state;
    static const char ps[] =
        "%!PS-Adobe-3.0\n"
        "%%Title: Payroll (March)\n"
        "%%For: Ada Lovelace\n"
        "%%BoundingBox: 0 0 4646 4740\n"
        "/FontBBox{-168 -218 1000 898}def\n"
        "4646 4740 5428 5531 moveto 1 0 0 1 612 792 translate\n"
        "(Card: 4111 1111 1111 1111)show 72 700 moveto\n"
        "(ada@example.com \\(work\\) caf\\351)show\n"
        "<4111111111111111> pop << /Type 1 >> pop <~9jqo^BlbD-BleB1DJ+*+F(f,q/0JhKF<GL>~> pop\n"
        "currentfile eexec (5500 0000 0000 0004) 4242424242424242 cleartomark\n"
        "(a \\(nested\\) (pair) and a\\\nline)show %comment (4111 1111 1111 1111)\n"
        "showpage\n";
    put("doc.ps", ps, sizeof ps - 1);
    struct rec r;
    extract_file("doc.ps", NULL, NULL, &r);
    assert_int_equal(r.n, 1);
    const struct item *it = &r.items[0];
    assert_string_equal(it->mime, "application/postscript");
    assert_string_equal(it->encoding, "postscript");
    assert_string_equal(it->text, "Title: Payroll (March)\n"
                                  "For: Ada Lovelace\n"
                                  "BoundingBox: 0 0 4646 4740\n"
                                  "Card: 4111 1111 1111 1111 "
                                  "ada@example.com (work) caf\xc3\xa9 "
                                  "a (nested) (pair) and aline ");
}

static void utf16_text(void **state)
{
    (void)state;
    const char *words = "Grüße, Zoë: 4111 1111 1111 1111\n";
    /* UTF-16LE with a byte-order mark, and UTF-16BE without one. */
    unsigned char le[256], be[256];
    size_t n = 0;
    le[n++] = 0xFF, le[n++] = 0xFE;
    size_t m = 0;
    for (const unsigned char *p = (const unsigned char *)words; *p; p++) {
        unsigned cp = *p;
        if (*p >= 0xC0) { /* the two-byte UTF-8 sequences of ü, ß, ë */
            cp = (unsigned)(p[0] & 0x1F) << 6 | (p[1] & 0x3F);
            p++;
        }
        le[n++] = (unsigned char)cp, le[n++] = (unsigned char)(cp >> 8);
        be[m++] = (unsigned char)(cp >> 8), be[m++] = (unsigned char)cp;
    }
    put("le.txt", le, n);
    put("be.txt", be, m);
    struct rec r;
    extract_file("le.txt", NULL, NULL, &r);
    assert_int_equal(r.n, 1);
    assert_int_equal(r.items[0].status, PM_FILE_SCANNED);
    assert_string_equal(r.items[0].encoding, "utf-16le");
    assert_string_equal(r.items[0].text, words);
    extract_file("be.txt", NULL, NULL, &r);
    assert_int_equal(r.n, 1);
    assert_string_equal(r.items[0].encoding, "utf-16be");
    assert_string_equal(r.items[0].mime, "text/plain"); /* whatever libmagic thought */
    assert_string_equal(r.items[0].text, words);
}

static void binary_strings(void **state)
{
    (void)state;
    unsigned char bin[600];
    for (size_t i = 0; i < sizeof bin; i++)
        bin[i] = (unsigned char)(i * 7 % 31); /* control bytes: no run */
    memcpy(bin + 100, "ada@example.org", 15);
    memcpy(bin + 300, "a\0b\0c\0d\0e\0", 10); /* a UTF-16LE run */
    put("blob.bin", bin, sizeof bin);
    struct rec r;
    extract_file("blob.bin", NULL, NULL, &r);
    assert_int_equal(r.n, 1);
    assert_string_equal(r.items[0].encoding, "binary-strings");
    assert_non_null(strstr(r.items[0].text, "ada@example.org\n"));
    assert_non_null(strstr(r.items[0].text, "abcde\n"));
}

/* ---- archives ------------------------------------------------------------------------ */

static void zip_two_members(void **state)
{
    (void)state;
    static unsigned char zip[1 << 16];
    struct entry e[] = {{"a.txt", S("alpha 123-45-6789\n")}, {"dir/b.txt", S("beta\n")}};
    put("two.zip", zip, zip_of(e, 2, zip, sizeof zip));
    struct rec r;
    extract_file("two.zip", NULL, NULL, &r);
    assert_int_equal(r.n, 3);
    /* Members first (depth first), then their container. */
    assert_string_equal(r.items[0].chain, "a.txt");
    assert_string_equal(r.items[0].text, "alpha 123-45-6789\n");
    assert_int_equal(r.items[0].level, 1);
    assert_string_equal(r.items[0].encoding, "utf-8");
    assert_string_equal(r.items[1].chain, "dir/b.txt");
    assert_string_equal(r.items[1].text, "beta\n");
    assert_true(r.items[1].bytes == 5);
    const struct item *top = &r.items[2];
    assert_string_equal(top->chain, "");
    assert_int_equal(top->status, PM_FILE_SCANNED);
    assert_string_equal(top->mime, "application/zip");
    assert_string_equal(top->encoding, ""); /* an archive has no text of its own */
    assert_int_equal(top->ntext, 0);
}

static void nested_chain(void **state)
{
    (void)state;
    static unsigned char inner[1 << 16], outer[1 << 17];
    struct entry in[] = {{"deep.txt", S("deep down\n")}};
    size_t ni = zip_of(in, 1, inner, sizeof inner);
    struct entry out[] = {{"readme.txt", S("top\n")}, {"inner.zip", inner, ni}};
    put("outer.zip", outer, zip_of(out, 2, outer, sizeof outer));
    struct rec r;
    extract_file("outer.zip", NULL, NULL, &r);
    assert_int_equal(r.n, 4);
    const struct item *deep = find(&r, "inner.zip > deep.txt");
    assert_int_equal(deep->level, 2);
    assert_string_equal(deep->text, "deep down\n");
    assert_string_equal(find(&r, "inner.zip")->mime, "application/zip");
    assert_int_equal(find(&r, "readme.txt")->level, 1);
    /* With max-depth 1 the inner member is refused, and both archives say so. */
    struct pm_limits lim;
    pm_limits_default(&lim);
    lim.max_depth = 1;
    extract_file("outer.zip", &lim, NULL, &r);
    assert_int_equal(r.n, 3);
    const struct item *mid = find(&r, "inner.zip");
    assert_int_equal(mid->status, PM_FILE_PARTIAL);
    assert_string_equal(mid->reason, "limit max-depth (1) reached after 0 members");
    assert_int_equal(find(&r, "")->status, PM_FILE_PARTIAL);
}

static void corrupt_archive(void **state)
{
    (void)state;
    static unsigned char zip[1 << 16];
    struct entry e[] = {{"a.txt", S("alpha\n")}};
    size_t n = zip_of(e, 1, zip, sizeof zip);
    /* A zip whose every byte after its first local header is noise. */
    for (size_t i = 30 + 5; i < n; i++)
        zip[i] = (unsigned char)(i * 37 + 11);
    put("corrupt.zip", zip, n);
    struct rec r;
    extract_file("corrupt.zip", NULL, NULL, &r);
    const struct item *top = &r.items[r.n - 1];
    assert_string_equal(top->chain, "");
    assert_string_equal(top->mime, "application/zip");
    assert_int_equal(top->status, PM_FILE_ERROR);
    assert_true(starts_with(top->reason, "corrupt archive: "));

    /* Cut in the second member: the first still counts, the rest is recorded. */
    struct entry two[] = {{"a.txt", S("alpha\n")}, {"b.txt", S("beta gamma delta epsilon\n")}};
    n = zip_of(two, 2, zip, sizeof zip);
    /* Just past the second member's local header. */
    unsigned char *b = memmem(zip + 4, n - 4, "PK\3\4", 4);
    assert_non_null(b);
    put("cut.zip", zip, (size_t)(b - zip) + 30 + 5 + 4);
    extract_file("cut.zip", NULL, NULL, &r);
    assert_int_equal(r.n, 2);
    assert_string_equal(find(&r, "a.txt")->text, "alpha\n");
    top = find(&r, "");
    assert_int_equal(top->status, PM_FILE_PARTIAL);
    assert_true(starts_with(top->reason, "corrupt or truncated archive after 1 members: "));
}

static void member_limit(void **state)
{
    (void)state;
    static unsigned char zip[1 << 16];
    struct entry e[] = {{"1.txt", S("one\n")}, {"2.txt", S("two\n")}, {"3.txt", S("three\n")}};
    put("three.zip", zip, zip_of(e, 3, zip, sizeof zip));
    struct pm_limits lim;
    pm_limits_default(&lim);
    lim.max_members = 2;
    struct rec r;
    extract_file("three.zip", &lim, NULL, &r);
    assert_int_equal(r.n, 3);
    assert_int_equal(r.items[2].status, PM_FILE_PARTIAL);
    assert_string_equal(r.items[2].reason, "limit max-members (2) reached after 2 members");
}

/* ---- documents and databases --------------------------------------------------------- */

static void mail_attachment(void **state)
{
    (void)state;
    put("note.eml", S("From: ada@example.org\r\n"
                      "To: bob@example.org\r\n"
                      "Subject: notes\r\n"
                      "MIME-Version: 1.0\r\n"
                      "Content-Type: multipart/mixed; boundary=\"XX\"\r\n"
                      "\r\n"
                      "--XX\r\n"
                      "Content-Type: text/plain\r\n"
                      "\r\n"
                      "See the list.\r\n"
                      "--XX\r\n"
                      "Content-Type: text/csv\r\n"
                      "Content-Disposition: attachment; filename=\"list.csv\"\r\n"
                      "\r\n"
                      "name,phone\r\nAda,+44 20 7946 0958\r\n"
                      "--XX--\r\n"));
    struct rec r;
    extract_file("note.eml", NULL, NULL, &r);
    assert_int_equal(r.n, 2);
    const struct item *att = find(&r, "list.csv");
    assert_non_null(strstr(att->text, "+44 20 7946 0958"));
    const struct item *top = find(&r, "");
    assert_string_equal(top->encoding, "mime");
    assert_non_null(strstr(top->text, "See the list."));
    assert_null(strstr(top->text, "7946")); /* the attachment's text is its own */
}

/* An SQLite database dir/name made by the statements sql. */
static void put_db(const char *name, const char *sql)
{
    char path[4096];
    path_of(name, path, sizeof path);
    sqlite3 *db;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
}

static void sqlite_database(void **state)
{
    (void)state;
    put_db("people.db", "CREATE TABLE people(name TEXT, ssn TEXT, n INTEGER);"
                        "INSERT INTO people VALUES('Ada', '123-45-6789', 7);");
    struct rec r;
    extract_file("people.db", NULL, NULL, &r);
    assert_int_equal(r.n, 1);
    assert_string_equal(r.items[0].encoding, "sqlite");
    /* Each value after a record separator, labelled by its column's name
     * (a name column's cells without digits too: person_name reads it). */
    assert_string_equal(r.items[0].text, "people\n\x1ename: Ada\n\x1essn: 123-45-6789\n\x1en: 7\n");
}

/* ---- record ends (the people estimate) ------------------------------------------------ */

/* The item's text with a '|' where the sink was told a record ended. */
static const char *marked(const struct item *it)
{
    static char out[TEXT_MAX + MAX_MARKS + 1];
    size_t o = 0, m = 0;
    assert_true(it->nmarks <= MAX_MARKS);
    for (size_t i = 0; i <= it->ntext; i++) {
        while (m < it->nmarks && it->marks[m] == i) {
            out[o++] = '|';
            m++;
        }
        if (i < it->ntext)
            out[o++] = it->text[i];
    }
    out[o] = '\0';
    assert_int_equal(m, it->nmarks); /* every mark lies within the text */
    return out;
}

/* The text of a one-item file, marked. */
static const char *marked_file(const char *name, const char *data, size_t n)
{
    static struct rec r;
    put(name, data, n);
    extract_file(name, NULL, NULL, &r);
    assert_int_equal(r.n, 1);
    return marked(&r.items[0]);
}

static void record_marks(void **state)
{
    (void)state;
    /* Plain text: a blank line (blanks allowed) ends a paragraph. */
    assert_string_equal(marked_file("para.txt", S("a@x.org 1\n\nb\nc\n \t\nd\n")),
                        "a@x.org 1\n\n|b\nc\n \t\n|d\n");
    /* JSON: objects in an array, not those nested in them; braces in strings
     * are text; a top-level object ends a record (JSON Lines). (ex_markup
     * writes a cell mark, 0x1E, before each member.) */
    assert_string_equal(marked_file("a.json", S("[{\"e\":\"a\",\"t\":[{\"k\":1}]},{\"e\":\"b}\\\"\"}]")),
                        "[{\x1e\"e\":\"a\",\x1e\"t\":[{\x1e\"k\":1}]}|,{\x1e\"e\":\"b}\\\"\"}|]");
    assert_string_equal(marked_file("b.json", S("{\"users\":[{\"a\":1},{\"b\":2}],\"x\":3}\n")),
                        "{\x1e\"users\":[{\x1e\"a\":1}|,{\x1e\"b\":2}|],\x1e\"x\":3}|\n");
    assert_string_equal(marked_file("c.jsonl", S("  {\"a\":1}\n{\"b\":{\"c\":2}}\n")),
                        "  {\x1e\"a\":1}|\n{\x1e\"b\":{\x1e\"c\":2}}|\n");
    /* CSV: every row, after its line (a name column's cells labelled). */
    assert_string_equal(marked_file("t.csv", S("name,mail\nA,a@x.org\nB,b@x.org\n")),
                        "\x1e" "name\x1e" "mail\n|\x1e" "name: A\x1e" "a@x.org\n|\x1e" "name: B\x1e"
                        "b@x.org\n|");
    /* Mail: each header line, each paragraph of the body, and the part. */
    assert_string_equal(marked_file("m.eml", S("From: a@x.org\nTo: b@x.org\nSubject: s\n\n"
                                               "Ada a@x.org\n\nBob b@x.org\n")),
                        "From: a@x.org\n|To: b@x.org\n|Subject: s\n|\n|"
                        "Ada a@x.org\n\n|Bob b@x.org\n\n|");
    /* SQLite: the table's name, then each row. */
    put_db("rows.db", "CREATE TABLE t(a TEXT, b TEXT);"
                      "INSERT INTO t VALUES('a@x.org', '1');"
                      "INSERT INTO t VALUES('b@x.org', NULL);");
    static struct rec r;
    extract_file("rows.db", NULL, NULL, &r);
    assert_int_equal(r.n, 1);
    assert_string_equal(marked(&r.items[0]), "t\n|\x1e" "a@x.org\n\x1e" "b: 1\n|\x1e" "b@x.org\n|");
    /* ODS: each table row (and the blank line after the part, as every
     * blank paragraph of a document, ends a record: an empty one here). */
    static const char ods[] =
        "<office:document-content xmlns:office=\"o\" xmlns:table=\"t\" xmlns:text=\"x\">"
        "<office:body><office:spreadsheet><table:table>"
        "<table:table-row><table:table-cell><text:p>a@x.org</text:p></table:table-cell>"
        "<table:table-cell><text:p>1</text:p></table:table-cell></table:table-row>"
        "<table:table-row><table:table-cell><text:p>b@x.org</text:p></table:table-cell>"
        "</table:table-row></table:table></office:spreadsheet></office:body>"
        "</office:document-content>";
    static const char mt[] = "application/vnd.oasis.opendocument.spreadsheet";
    struct entry e[] = {{"mimetype", mt, sizeof mt - 1}, {"content.xml", ods, sizeof ods - 1}};
    static unsigned char zip[8192];
    size_t zn = zip_of(e, 2, zip, sizeof zip);
    assert_string_equal(marked_file("s.ods", (const char *)zip, zn),
                        "\x1e" "a@x.org\x1e" "1\n|\x1e" "b@x.org\n|\n|");    /* Word: an empty paragraph ends a record, as a blank line does. */
    static const char doc[] =
        "<w:document><w:body><w:p><w:r><w:t>Ada a@x.org</w:t></w:r></w:p>"
        "<w:p><w:r><w:t>+1 415 555 0100</w:t></w:r></w:p><w:p/>"
        "<w:p><w:r><w:t>Bob b@x.org</w:t></w:r></w:p></w:body></w:document>";
    static const char wmt[] =
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    struct entry w[] = {{"[Content_Types].xml", wmt, sizeof wmt - 1},
                        {"word/document.xml", doc, sizeof doc - 1}};
    zn = zip_of(w, 2, zip, sizeof zip);
    assert_string_equal(marked_file("l.docx", (const char *)zip, zn),
                        "Ada a@x.org\n+1 415 555 0100\n\n|Bob b@x.org\n\n|");
}

/* HTML: the rows of each outermost table through table.c (a record each);
 * everything outside tables as ex_text.c writes it. */
static void html_tables(void **state)
{
    (void)state;
    /* A header row of <th>, entities, colspan, white space collapsed but
     * every newline kept; text around the table as it is. */
    assert_string_equal(
        marked_file("t.html", S("<p>Tel: 06 &amp; <b>x</b></p>\n"
                                "<TABLE class=\"t\"><tr><th>Naam</th><th colspan=2>BSN</th>"
                                "<th>order_id</th></tr>\n"
                                "<tr><td>Jan &amp; Piet</td><td> 111&nbsp;222\n 333 </td>"
                                "<td>&#49;&#x32;3456782</td><td>111222333</td></tr>\n"
                                "</table>\n\n<p>done</p>\n")),
        "<p>Tel: 06 &amp; <b>x</b></p>\n"
        "\x1eNaam\x1e" "BSN\x1eorder_id|\n"
        "\x1eNaam: Jan & Piet\x1e" "BSN: 111 222\n333\x1e" "BSN: 123456782\x1eorder id: 111222333|\n"
        "\n|\n|<p>done</p>\n");
    /* No header: a first row of data labels nothing (digits are no label);
     * a key/value table (<th> then <td>) labels each value by its key; a
     * nested table is text of its cell; rowspan skips the column below. */
    assert_string_equal(
        marked_file("k.html", S("<table><tr><td>Jan</td><td>111222333</td></tr>"
                                "<tr><td>Piet</td><td>123456782</td></tr></table>"
                                "<table><tr><th>BSN</th><td>111222333</td></tr>"
                                "<tr><th>Steuer-ID</th><td><table><tr><td>65</td><td>929970489"
                                "</td></tr></table></td></tr></table>"
                                "<table><tr><th rowspan=2>Name</th><th>SSN</th></tr>"
                                "<tr><td>078051120</td></tr><tr><td>A</td><td>1</td></tr>"
                                "</table><table><tr><td>x")),
        "\x1eJan\x1e" "111222333|\x1ePiet\x1e" "123456782|"
        "\x1e" "BSN: 111222333|\x1eSteuer-ID: 65 929970489|"
        "\x1eName\x1eSSN|\x1eSSN: 078051120|\x1eName: A\x1eSSN: 1|"
        "\x1ex|");
    /* A '<' that opens no tag ("< 6", "<=", "<3") is text, as a browser
     * reads it: what follows it in the cell is not dropped as a tag. */
    assert_string_equal(
        marked_file("lt.html", S("<table><tr><th>Note</th><th>SSN</th></tr>"
                                 "<tr><td>5 < 6 <=7 <3</td><td>078051120</td></tr></table>")),
        "\x1eNote\x1eSSN|\x1eNote: 5 < 6 <=7 <3\x1eSSN: 078051120|");
}

/* PDF text (lines of tab-separated cells, as textpos.c writes a table's
 * rows) through tablines.c, fed in pieces of `cut` bytes, marked. */
static const char *table_lines(const char *text, size_t cut)
{
    static struct rec r;
    static struct item it;
    static struct pm_tablines tl;
    memset(&r, 0, sizeof r);
    struct pm_sink sink = {&r, rec_begin, rec_text, rec_end, rec_record, NULL};
    struct pm_job j = {.sink = &sink};
    assert_int_equal(rec_begin(&r, 0), 0);
    pm_tablines_init(&tl, &j);
    for (size_t n = strlen(text), k; n > 0; text += k, n -= k) {
        k = n < cut ? n : cut;
        pm_tablines_text(&tl, text, k);
    }
    pm_tablines_finish(&tl);
    memcpy(it.text, r.text[0], r.ntext[0]);
    it.ntext = r.ntext[0];
    it.text[it.ntext] = '\0';
    memcpy(it.marks, r.marks[0], sizeof it.marks);
    it.nmarks = r.nmarks[0];
    return marked(&it);
}

/* A header line labels the rows below it that have as many cells (a record
 * each); a header's narrow cells joined by spaces are parted when the
 * spaces are exactly the cells missing; a row with another number of cells
 * is text and the table goes on; a line without a tab ends it; lines that
 * are no header (prose, values) label nothing. */
static void pdf_table_lines(void **state)
{
    (void)state;
    static const char doc[] =
        "Klanten\nNaam\tBSN\tSteuer-ID order_id\n"
        "Jan\t111222333\t65929970489\t123456782\n"
        "Piet\t\t\t111222333\n"
        "Ann\t111222333 65929970489\n"
        "Bo\t123456782\t1\t2\n"
        "Page 2\n"
        "Cy\t123456782\t1\t2\n"
        "This column of prose is long\tand so is this one here\nX 12\tY 34\n"
        "ann@x.org\tb\n1\t2\nend";
    static const char want[] =
        "Klanten\nNaam\tBSN\tSteuer-ID order_id\n"
        "|\x1eNaam: Jan\x1e" "BSN: 111222333\x1eSteuer-ID: 65929970489\x1eorder id: 123456782\n"
        "|\x1eNaam: Piet\x1eorder id: 111222333\n"
        "|Ann\t111222333 65929970489\n"
        "\x1eNaam: Bo\x1e" "BSN: 123456782\x1eSteuer-ID: 1\x1eorder id: 2\n"
        "|Page 2\n"
        "Cy\t123456782\t1\t2\n"
        "This column of prose is long\tand so is this one here\nX 12\tY 34\n"
        "ann@x.org\tb\n1\t2\nend";
    assert_string_equal(table_lines(doc, 4096), want);
    assert_string_equal(table_lines(doc, 3), want); /* the same in any pieces */
    /* A line longer than PM_TABLINES_LINE passes as it is and ends the table. */
    static char big[PM_TABLINES_LINE + 200];
    size_t n = (size_t)sprintf(big, "Naam\tBSN\nJan\t1");
    memset(big + n, '2', PM_TABLINES_LINE);
    strcpy(big + n + PM_TABLINES_LINE, "\nPiet\t111222333\n");
    const char *got = table_lines(big, 1000);
    assert_memory_equal(got, "Naam\tBSN\nJan\t1222", 14);
    assert_string_equal(got + strlen(got) - 16, "\nPiet\t111222333\n");
}

static void media_skipped(void **state)
{
    (void)state;
    static const unsigned char png[] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13,
                                        'I', 'H', 'D', 'R', 0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0,
                                        0x90, 0x77, 0x53, 0xde};
    put("dot.png", png, sizeof png);
    struct rec r;
    extract_file("dot.png", NULL, NULL, &r);
    assert_int_equal(r.n, 1);
    assert_int_equal(r.items[0].status, PM_FILE_SKIPPED);
    assert_string_equal(r.items[0].reason, "type image/png");
    assert_int_equal(r.items[0].ntext, 0);
}

/* ---- the bid table ---------------------------------------------------------------- */

static const char *winner(const char *mime, const char *name, enum pm_encoding enc, int on_disk,
                          const unsigned char *head, size_t nhead)
{
    struct pm_probe p = {.mime = mime, .name = name, .enc = enc, .on_disk = on_disk,
                         .head = head, .nhead = nhead, .whole = head != NULL};
    const struct pm_extractor *e = pm_extract_pick(&p, 0);
    return e ? e->id : "(none)";
}

/* The first KiB of an OLE2 file whose directory (at 512) names a stream:
 * what ex_ole.c bids on, whatever libmagic calls it. */
static unsigned char ole_workbook[1024], ole_other[1024];
static void ole_head(unsigned char *h, const char *stream)
{
    memcpy(h, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8);
    for (size_t i = 0; stream[i]; i++)
        h[512 + 128 + 2 * i] = (unsigned char)stream[i];
    h[512 + 128 + 64] = (unsigned char)(2 * strlen(stream) + 2);
    h[512 + 128 + 66] = 2; /* a stream */
}

static void bid_table(void **state)
{
    (void)state;
    ole_head(ole_workbook, "Workbook");
    ole_head(ole_other, "PowerPoint Document");
    static const struct {
        const char *mime, *name;
        enum pm_encoding enc;
        int on_disk;
        const char *id;
        const unsigned char *head;
    } cases[] = {
        {"text/plain", "a.txt", PM_ENC_UTF8, 1, "text", NULL},
        {"text/csv", NULL, PM_ENC_LATIN1, 0, "text", NULL},
        /* Tables: by the name, or by libmagic's type when the name says nothing
         * else (a log of comma-separated lines is no table). */
        {"text/plain", "people.csv", PM_ENC_UTF8, 1, "csv", NULL},
        {"text/plain", "staff.TSV", PM_ENC_UTF16LE, 0, "csv", NULL},
        {"text/csv", "export", PM_ENC_UTF8, 1, "csv", NULL},
        {"text/csv", "logs/app.log", PM_ENC_UTF8, 1, "text", NULL},
        {"application/octet-stream", "a.csv", PM_ENC_BINARY, 1, "strings", NULL},
        {"application/octet-stream", "a.bin", PM_ENC_BINARY, 1, "strings", NULL},
        {"image/png", "a.png", PM_ENC_BINARY, 1, "media", NULL},
        {"audio/mpeg", "a.mp3", PM_ENC_BINARY, 0, "media", NULL},
        {"font/sfnt", "a.ttf", PM_ENC_BINARY, 1, "media", NULL},
        /* libmagic's TGA test on UTF-16 text: the zero-byte pattern wins. */
        {"image/x-tga", "a.txt", PM_ENC_UTF16LE, 1, "text", NULL},
        {"application/zip", "a.zip", PM_ENC_BINARY, 1, "archive", NULL},
        {"application/gzip", "a.csv.gz", PM_ENC_BINARY, 0, "archive", NULL},
        {"application/x-7z-compressed", "a.7z", PM_ENC_BINARY, 1, "archive", NULL},
        {"application/x-iso9660-image", "a.iso", PM_ENC_BINARY, 1, "archive", NULL},
        /* A zip named like a document is the document. */
        {"application/zip", "report.DOCX", PM_ENC_BINARY, 1, "office", NULL},
        {"application/zip", "sheet.ods", PM_ENC_BINARY, 0, "office", NULL},
        {"application/vnd.openxmlformats-officedocument.wordprocessingml.document", "a",
         PM_ENC_BINARY, 1, "office", NULL},
        {"application/vnd.oasis.opendocument.text", NULL, PM_ENC_BINARY, 1, "office", NULL},
        {"application/pdf", "a.pdf", PM_ENC_BINARY, 1, "pdf", NULL},
        {"application/postscript", "a.ps", PM_ENC_UTF8, 1, "ps", NULL},
        {"text/plain", "figure.eps", PM_ENC_UTF8, 0, "text", NULL}, /* no %!PS at its head */
        {"message/rfc822", "a", PM_ENC_UTF8, 1, "mail", NULL},
        {"application/mbox", "inbox", PM_ENC_UTF8, 1, "mail", NULL},
        {"text/plain", "saved.eml", PM_ENC_UTF8, 0, "mail", NULL},
        {"application/vnd.sqlite3", "a.db", PM_ENC_BINARY, 1, "sqlite", NULL},
        /* Data files: names label their own values. */
        {"application/json", "a", PM_ENC_UTF8, 1, "markup", NULL},
        {"text/plain", "events.jsonl", PM_ENC_UTF8, 0, "markup", NULL},
        {"text/xml", "a.txt", PM_ENC_UTF16LE, 1, "markup", NULL},
        {"application/x-sqlite3", "a.db", PM_ENC_BINARY, 1, "sqlite", NULL},
        {"text/rtf", "letter.rtf", PM_ENC_UTF8, 1, "rtf", NULL},
        {"application/rtf", NULL, PM_ENC_BINARY, 0, "rtf", NULL},
        {"text/plain", "notes.rtf", PM_ENC_UTF8, 1, "text", NULL}, /* no {\rtf at its head */
        {"text/html", "a", PM_ENC_UTF8, 1, "html", NULL},
        {"text/plain", "export.HTM", PM_ENC_LATIN1, 0, "html", NULL},
        {"text/html", "export.csv", PM_ENC_UTF8, 1, "csv", NULL}, /* the name says table */
        {"text/html", "page.xml", PM_ENC_UTF8, 1, "markup", NULL},
        /* A database inside an archive cannot be opened by path: its strings. */
        {"application/vnd.sqlite3", "a.db", PM_ENC_BINARY, 0, "strings", NULL},
        /* Legacy Office: by the streams the OLE2 directory names. */
        {"application/x-ole-storage", "a", PM_ENC_BINARY, 1, "ole", ole_workbook},
        {"application/CDFV2", "a.xls", PM_ENC_BINARY, 0, "ole", ole_workbook},
        {"application/vnd.ms-powerpoint", "a.ppt", PM_ENC_BINARY, 1, "strings", ole_other},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *got = winner(cases[i].mime, cases[i].name, cases[i].enc, cases[i].on_disk,
                                 cases[i].head, cases[i].head ? 1024 : 0);
        if (strcmp(got, cases[i].id) != 0)
            fail_msg("%s named %s: %s wins, not %s", cases[i].mime,
                     cases[i].name ? cases[i].name : "(none)", got, cases[i].id);
    }
    /* Every extractor in the list wins somewhere above. */
#define X(name)                                                                  \
    {                                                                            \
        int won = 0;                                                             \
        for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)              \
            won |= strcmp(cases[i].id, pm_ex_##name.id) == 0;                    \
        if (!won)                                                                \
            fail_msg("extractor %s wins no case of the bid table", #name);      \
    }
    PM_EXTRACTORS
#undef X
}

/* An extractor that declines passes the stream on: a file libmagic calls a
 * SQLite database that SQLite cannot open is read for its strings. */
static void declined_goes_to_next(void **state)
{
    (void)state;
    struct pm_probe p = {.mime = "application/vnd.sqlite3", .enc = PM_ENC_BINARY, .on_disk = 1};
    unsigned skip = 0, i = 0;
#define X(name)                       \
    if (&pm_ex_##name == &pm_ex_sqlite) \
        skip = 1u << i;               \
    i++;
    PM_EXTRACTORS
#undef X
    assert_string_equal(pm_extract_pick(&p, 0)->id, "sqlite");
    assert_string_equal(pm_extract_pick(&p, skip)->id, "strings");

    unsigned char fake[4096];
    memset(fake, 0xA5, sizeof fake);
    memcpy(fake, "SQLite format 3\0", 16); /* the signature, then no database */
    memcpy(fake + 200, "hidden words", 12);
    put("fake.db", fake, sizeof fake);
    struct rec r;
    extract_file("fake.db", NULL, NULL, &r);
    assert_int_equal(r.n, 1);
    assert_string_equal(r.items[0].encoding, "binary-strings");
    assert_non_null(strstr(r.items[0].text, "hidden words"));
}

/* ---- stopping ------------------------------------------------------------------------- */

static void stop_flag(void **state)
{
    (void)state;
    static char big[3 * PM_READ_BLOCK]; /* top-level files are read a block at a time */
    for (size_t i = 0; i < sizeof big; i++)
        big[i] = (char)('a' + i % 26);
    put("big.txt", big, sizeof big);
    atomic_int stop = 1;
    struct rec r;
    extract_file("big.txt", NULL, &stop, &r);
    assert_int_equal(r.n, 1);
    assert_int_equal(r.items[0].status, PM_FILE_PARTIAL);
    char want[64];
    snprintf(want, sizeof want, "interrupted after %u bytes", PM_READ_BLOCK);
    assert_string_equal(r.items[0].reason, want);
    /* Members too: the archive stops at its first member and says so. */
    static unsigned char zip[1 << 16];
    struct entry e[] = {{"a.txt", S("alpha\n")}, {"b.txt", S("beta\n")}};
    put("stop.zip", zip, zip_of(e, 2, zip, sizeof zip));
    extract_file("stop.zip", NULL, &stop, &r);
    assert_int_equal(r.n, 2);
    assert_int_equal(r.items[1].status, PM_FILE_PARTIAL);
    assert_string_equal(r.items[1].reason, "interrupted after 1 members");
    /* Unset, the same file reads to the end. */
    stop = 0;
    extract_file("big.txt", NULL, &stop, &r);
    assert_int_equal(r.items[0].status, PM_FILE_SCANNED);
    assert_true(r.items[0].bytes == sizeof big);
}

static void unopenable(void **state)
{
    (void)state;
    char path[4096], err[256];
    path_of("gone.txt", path, sizeof path);
    put("gone.txt", S("x"));
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    unlink(path);
    struct pm_limits lim;
    pm_limits_default(&lim);
    struct rec r = {0};
    struct pm_sink sink = {&r, rec_begin, rec_text, rec_end, rec_record, NULL};
    struct pm_extract *x = pm_extract_new(&lim, &sink, err, sizeof err);
    assert_non_null(x);
    pm_extract_file(x, path, &st, 0);
    pm_extract_free(x);
    assert_int_equal(r.misnested, 0);
    assert_int_equal(r.n, 1);
    assert_int_equal(r.items[0].status, PM_FILE_ERROR);
    assert_string_equal(r.items[0].reason, "open: No such file or directory");
    assert_string_equal(r.items[0].mime, "");
}

static int setup(void **state)
{
    (void)state;
    return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[4200];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(plain_text),
        cmocka_unit_test(utf16_text),
        cmocka_unit_test(postscript),
        cmocka_unit_test(csv_tables),
        cmocka_unit_test(csv_giant_cell),
        cmocka_unit_test(sheet_tables),
        cmocka_unit_test(shared_string_caps),
        cmocka_unit_test(data_files),
        cmocka_unit_test(binary_strings),
        cmocka_unit_test(zip_two_members),
        cmocka_unit_test(nested_chain),
        cmocka_unit_test(corrupt_archive),
        cmocka_unit_test(member_limit),
        cmocka_unit_test(mail_attachment),
        cmocka_unit_test(sqlite_database),
        cmocka_unit_test(record_marks),
        cmocka_unit_test(html_tables),
        cmocka_unit_test(pdf_table_lines),
        cmocka_unit_test(media_skipped),
        cmocka_unit_test(bid_table),
        cmocka_unit_test(declined_goes_to_next),
        cmocka_unit_test(stop_flag),
        cmocka_unit_test(unopenable),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
