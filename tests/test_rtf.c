/* test_rtf.c — extract/ex_rtf.c through the dispatcher, with a sink that
 * keeps the text and where records end (no detectors).
 *
 * RTF written by hand (control words and symbols, code pages, \uN with its
 * fallback, skipped destinations, \info fields, \bin, tables, pictures,
 * malformed and cut input, a character split across read blocks) and RTF
 * written by LibreOffice (tests/data/rtf/: a letter, and a staff table with
 * a picture; see its README.md). Every case compares the text exactly or
 * names what must and must not be in it.
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "extract/extract.h"

#define TEXT_MAX (64 * 1024)
#define MAX_MARKS 16

/* What the top-level item gave. */
struct got {
    char text[TEXT_MAX];
    size_t n;
    size_t marks[MAX_MARKS]; /* text offsets where a record ended */
    size_t nmarks;
    int items;
    enum pm_file_status status;
    char mime[64], encoding[32];
};

static int got_begin(void *ctx, unsigned level)
{
    (void)ctx;
    (void)level;
    return 0;
}

static void got_text(void *ctx, unsigned level, const char *text, size_t n)
{
    struct got *g = ctx;
    assert_int_equal(level, 0);
    size_t room = TEXT_MAX - 1 - g->n;
    n = n < room ? n : room;
    memcpy(g->text + g->n, text, n);
    g->n += n;
    g->text[g->n] = '\0';
}

static void got_record(void *ctx, unsigned level)
{
    struct got *g = ctx;
    (void)level;
    if (g->nmarks < MAX_MARKS)
        g->marks[g->nmarks++] = g->n;
}

static void got_end(void *ctx, unsigned level, const struct pm_item *it)
{
    struct got *g = ctx;
    assert_int_equal(level, 0);
    g->items++;
    g->status = it->status;
    snprintf(g->mime, sizeof g->mime, "%s", it->mime ? it->mime : "");
    snprintf(g->encoding, sizeof g->encoding, "%s", it->encoding ? it->encoding : "");
}

static char dir[] = "/tmp/piimap-rtf-XXXXXX";

static void read_path(const char *path, struct got *g)
{
    struct pm_limits lim;
    char err[256];
    pm_limits_default(&lim);
    memset(g, 0, sizeof *g);
    struct pm_sink sink = {g, got_begin, got_text, got_end, got_record, NULL};
    struct pm_extract *x = pm_extract_new(&lim, &sink, err, sizeof err);
    assert_non_null(x);
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    pm_extract_file(x, path, &st, 0);
    pm_extract_free(x);
    assert_int_equal(g->items, 1);
}

/* Writes data to dir/name and reads it as a top-level file. */
static void read_rtf(const char *name, const char *data, size_t n, struct got *g)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, n, f), n);
    assert_int_equal(fclose(f), 0);
    read_path(path, g);
    assert_int_equal(g->status, PM_FILE_SCANNED);
    assert_string_equal(g->encoding, "rtf");
}

#define S(text) text, sizeof text - 1

static void contains(const struct got *g, const char *want)
{
    if (!strstr(g->text, want))
        fail_msg("\"%s\" not in the text:\n%s", want, g->text);
}

static void lacks(const struct got *g, const char *unwanted)
{
    if (strstr(g->text, unwanted))
        fail_msg("\"%s\" in the text:\n%s", unwanted, g->text);
}

/* ---- by hand ------------------------------------------------------------------ */

/* A letter: the address block on its lines, accented names by \'hh and by
 * \uN (with \uc1 and \uc2 fallbacks, a surrogate pair), control symbols,
 * the tables and destinations that hold no text skipped, \info fields kept. */
static void letter(void **state)
{
    (void)state;
    struct got g;
    read_rtf("letter.rtf",
             S("{\\rtf1\\ansi\\ansicpg1252\\deff0"
               "{\\fonttbl{\\f0\\fswiss\\fcharset0 Arial 4155552671;}{\\f1\\froman Times;}}\n"
               "{\\colortbl;\\red0\\green0\\blue255;}\n"
               "{\\stylesheet{\\s0 Normal 536228734;}}\n"
               "{\\*\\generator Writer 12.0.4321;}"
               "{\\info{\\title Brief an Herrn M\\'fcller}{\\author Zo\\'eb Smith}"
               "{\\operator Jan Jansen}{\\*\\company ACME GmbH}"
               "{\\creatim\\yr2024\\mo3\\dy5\\hr10\\min2}{\\nofpages1}{\\*\\password 00123456}}\n"
               "{\\*\\rsidtbl \\rsid1234567}{\\*\\unknowndest 219099998}\n"
               "\\pard\\plain J\\'fcrgen M\\u252\\'fcller\\par\n"
               "Musterstr. 5\\par 10115 Berlin\\par\\par\n"
               "Dear Mr \\uc2\\u352\\'8a\\'8a\\u357 xxastn\\'fd,\\line "
               "name\\tab\\uc1 Ren\\u233?e {\\b bold}\\~text\\-s and a\\_b \\{x\\} \\\\\n"
               "{\\field{\\*\\fldinst HYPERLINK \"mailto:ann@example.com\"}{\\fldrslt ann@example.com}}"
               " smile \\u-10179?\\u-8704?\\par\n"
               "note{\\footnote \\chftn see page 2}end\\par}"),
             &g);
    assert_string_equal(g.mime, "text/rtf");
    assert_string_equal(g.text,
                        "Brief an Herrn Müller\n"
                        "Zoë Smith\n"
                        "Jan Jansen\n"
                        "ACME GmbH\n"
                        "Jürgen Müller\n"
                        "Musterstr. 5\n10115 Berlin\n\n"
                        "Dear Mr Šťastný,\n"
                        "name\tRenée bold texts and a-b {x} \\"
                        "ann@example.com smile \xF0\x9F\x98\x80\n"
                        "note\nsee page 2\nend\n");
    /* paragraphs are records: after the blank line and at the end */
    assert_true(g.nmarks >= 1);
}

/* \ansicpg 1250 and 1251, a font's \fcharset, and a code page it does not
 * know read as 1252. */
static void code_pages(void **state)
{
    (void)state;
    struct got g;
    read_rtf("cp1250.rtf", S("{\\rtf1\\ansi\\ansicpg1250 \\'8cwid\\'b3o \\'a3\\'f3d\\'9f}"), &g);
    assert_string_equal(g.text, "Świdło Łódź");
    read_rtf("cp1251.rtf", S("{\\rtf1\\ansi\\ansicpg1251 \\'c8\\'e2\\'e0\\'ed \\'cf\\'e5\\'f2\\'f0\\'ee\\'e2}"),
             &g);
    assert_string_equal(g.text, "Иван Петров");
    read_rtf("charset.rtf",
             S("{\\rtf1\\ansi\\ansicpg1252\\deff0{\\fonttbl{\\f0 Arial;}{\\f1\\fcharset238 Arial CE;}"
               "{\\f2\\fcharset204 Arial Cyr;}}"
               "\\'fc {\\f1 \\'b3\\'fc} {\\f2 \\'c8} \\f1\\'b3\\plain\\'b3}"),
             &g);
    assert_string_equal(g.text, "ü łü И ł³");
    read_rtf("cp932.rtf", S("{\\rtf1\\ansi\\ansicpg932 caf\\'e9}"), &g);
    assert_string_equal(g.text, "café");
    /* 1252's undefined bytes are dropped, its 0x80-0x9F letters kept */
    read_rtf("cp1252.rtf", S("{\\rtf1\\ansi\\ansicpg1252 \\'8aa\\'81\\'9dr\\'9ek \\'80}"), &g);
    assert_string_equal(g.text, "Šaržk €");
}

/* A table: cells under the header row's labels, a record end per row, the
 * paragraph after it plain text again. */
static void table(void **state)
{
    (void)state;
    struct got g;
    read_rtf("table.rtf",
             S("{\\rtf1\\ansi Staff\\par\n"
               "\\trowd\\cellx1000\\cellx2000\\cellx3000\\cellx4000\\cellx5000\n"
               "\\pard\\intbl Name\\cell BSN\\cell SSN\\cell Phone\\cell amount\\cell\\row\n"
               "\\trowd\\cellx1000\\cellx2000\\cellx3000\\cellx4000\\cellx5000\n"
               "\\pard\\intbl {Jan}\\par de Vries\\cell 111222333\\cell 536228734\\cell "
               "4155552671\\cell 123456782\\cell\\row\n"
               "\\pard\\intbl M\\'fcller\\cell\\cell\\cell\\cell 5\\cell\\row\n"
               "\\pard After the table\\par}"),
             &g);
    assert_string_equal(g.text, "Staff\n"
                                "\x1eName\x1e" "BSN\x1eSSN\x1ePhone\x1e" "amount\n"
                                "\x1eName: Jan de Vries\x1e" "BSN: 111222333\x1eSSN: 536228734"
                                "\x1ePhone: 4155552671\x1e" "amount: 123456782\n"
                                "\x1eName: Müller\x1e" "amount: 5\n"
                                "After the table\n");
    /* a record ends after each row */
    const char *row1 = strstr(g.text, "amount\n") + 7;
    const char *row3 = strstr(g.text, "amount: 5\n") + 10;
    int r1 = 0, r3 = 0;
    for (size_t i = 0; i < g.nmarks; i++) {
        r1 |= g.marks[i] == (size_t)(row1 - g.text);
        r3 |= g.marks[i] == (size_t)(row3 - g.text);
    }
    assert_true(r1 && r3);
}

/* Picture data (hex with digit runs, and \bin bytes that hold braces and
 * backslashes) and object data are no text; an object's result is. */
static void pictures(void **state)
{
    (void)state;
    struct got g;
    char doc[512];
    int n = snprintf(doc, sizeof doc, "%s",
                     "{\\rtf1 Phone: {\\*\\shppict{\\pict\\pngblip\\picw15\\pich4\n"
                     "89504e470d0a1a0a4155552671536228734011122233310041555526\n"
                     "}}{\\nonshppict{\\pict\\wmetafile8 0100090000034155552671}}after\\par\n"
                     "{\\pict\\bin12 ");
    memcpy(doc + n, "}{\\'41 5362}", 12); /* binary bytes that look like RTF */
    n += 12;
    n += snprintf(doc + n, sizeof doc - (size_t)n, "%s",
                  "\\picw2 0412345678}x"
                  "{\\object\\objemb{\\*\\objclass Excel.Sheet.8}{\\*\\objdata 01050000 4155552671}"
                  "{\\result shown}}\\par}");
    read_rtf("pict.rtf", doc, (size_t)n, &g);
    assert_string_equal(g.text, "Phone: after\nxshown\n");
}

/* Cut, unbalanced, too deep, too long: read as far as it goes, never more. */
static void malformed(void **state)
{
    (void)state;
    struct got g;
    read_rtf("cut1.rtf", S("{\\rtf1 Jan M\\'f"), &g);
    assert_string_equal(g.text, "Jan M");
    read_rtf("cut2.rtf", S("{\\rtf1 Ann\\par Bo{\\b b\\u25"), &g);
    assert_string_equal(g.text, "Ann\nBob");
    read_rtf("cut3.rtf", S("{\\rtf1 A\\bin999999999 xyz}more"), &g);
    assert_string_equal(g.text, "A");
    read_rtf("stray.rtf", S("{\\rtf1 a}}}b\\'zz{\\x c\\u99999999999999999999? d"), &g);
    assert_string_equal(g.text, "abzzc\xEE\x8F\xBF d"); /* a broken \'z is text */
    read_rtf("info.rtf", S("{\\rtf1{\\info\r\n{\r\n\\author Ann Lee}{\\*\\company\r\nACME}}x}"), &g);
    assert_string_equal(g.text, "Ann Lee\nACME\nx");
    read_rtf("long.rtf", S("{\\rtf1 \\parrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrr x\\uc99999 \\u65 yz}"),
             &g);
    assert_string_equal(g.text, "xA");

    /* 100000 groups deep, text inside, a skipped destination deep down,
     * then closed again. */
    size_t depth = 100000, cap = 2 * depth + 128;
    char *deep = malloc(cap);
    assert_non_null(deep);
    size_t k = (size_t)snprintf(deep, cap, "{\\rtf1 top ");
    memset(deep + k, '{', depth);
    k += depth;
    k += (size_t)snprintf(deep + k, cap - k, "in{\\*\\x no}");
    memset(deep + k, '}', depth);
    k += depth;
    k += (size_t)snprintf(deep + k, cap - k, " out}");
    read_rtf("deep.rtf", deep, k, &g);
    free(deep);
    assert_string_equal(g.text, "top in out");
}

/* A file larger than one read block, with \'fc and \u252 cut by the block
 * edge: the state carries over. */
static void block_edge(void **state)
{
    (void)state;
    struct got g;
    const size_t block = 1024 * 1024;
    char *big = malloc(2 * block);
    assert_non_null(big);
    for (size_t cut = 1; cut <= 3; cut++) {
        size_t k = (size_t)snprintf(big, 2 * block, "{\\rtf1 {\\*\\pad ");
        const char *tail = cut < 3 ? "}M\\'fcller\\par\\u252?x}" : "}M\\u252?ller\\par}";
        size_t at = cut < 3 ? 3 + cut : 4 + cut; /* bytes of tail before the edge */
        memset(big + k, 'x', block - at - k);
        k = block - at;
        memcpy(big + k, tail, strlen(tail));
        k += strlen(tail);
        read_rtf("big.rtf", big, k, &g);
        assert_string_equal(g.text, cut < 3 ? "Müller\nüx" : "Müller\n");
    }
    free(big);
}

/* ---- by LibreOffice ------------------------------------------------------------ */

static void libreoffice(void **state)
{
    (void)state;
    struct got g;
    read_path(PM_TEST_DATA "/rtf/libreoffice-letter.rtf", &g);
    assert_string_equal(g.mime, "text/rtf");
    assert_string_equal(g.encoding, "rtf");
    contains(&g, "Jürgen Müller\nMusterstraße 5\n10115 Berlin\n\nDear Mr Šťastný,\n");
    contains(&g, "Ivan Petrov (Иван Петров) signed as witness.\n");
    contains(&g, "Zoë Ångström\n");
    lacks(&g, "DejaVu");
    lacks(&g, "LibreOffice");
    lacks(&g, "\\");

    read_path(PM_TEST_DATA "/rtf/libreoffice-staff.rtf", &g);
    contains(&g, "Personalakte Jan de Vries\nMaria Schmidt\n");
    contains(&g, "\x1eName: Jan de Vries\x1e" "BSN: 111222333\x1eSSN: 536228734\x1ePhone: 4155552671"
                 "\x1e" "amount: 123456782\n");
    contains(&g, "\x1eName: Anna Müller\x1e" "BSN: 123456782");
    contains(&g, "End of list");
    lacks(&g, "89504e47"); /* the picture's PNG data */
    lacks(&g, "4155552671536228734");
    lacks(&g, "wzDescription");
}

static int setup(void **state)
{
    (void)state;
    return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    return system(cmd) == 0 ? 0 : -1;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(letter),     cmocka_unit_test(code_pages),
        cmocka_unit_test(table),      cmocka_unit_test(pictures),
        cmocka_unit_test(malformed),  cmocka_unit_test(block_edge),
        cmocka_unit_test(libreoffice),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
