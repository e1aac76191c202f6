/* test_xmltok.c — the XML text reader with xmltok.c against the same reader
 * with expat (pm_xmltext_use_expat), as every kind of part, fed in pieces
 * of 1 .. 64 bytes and more: the same verdict, the same shared strings
 * held, and the same text and records when the XML is well-formed. Read in
 * one piece, a malformed part gives the same text and the same message.
 *
 * Without arguments: hostile and ordinary parts written here. With
 * arguments (files: office documents or XML parts), every XML part in them
 * is compared the same way, and each difference printed (exit 1): how the
 * bench's corpora and the files of a system were checked.
 */
#include <archive.h>
#include <archive_entry.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "extract/extractor.h"
#include "extract/xmltext.h"

/* What a reader wrote: its text, a 0x1D for each record end. */
struct out {
    char *s;
    size_t n, cap;
};

static void put(struct out *o, const char *p, size_t n)
{
    if (o->n + n + 1 > o->cap) {
        o->cap = (o->n + n + 1) * 2;
        o->s = realloc(o->s, o->cap);
        if (!o->s)
            abort();
    }
    memcpy(o->s + o->n, p, n);
    o->n += n;
    o->s[o->n] = '\0';
}

static int o_begin(void *ctx, unsigned level) { return (void)ctx, (void)level, 0; }
static void o_text(void *ctx, unsigned level, const char *p, size_t n)
{
    (void)level;
    put(ctx, p, n);
}
static void o_end(void *ctx, unsigned level, const struct pm_item *it)
{
    (void)ctx, (void)level, (void)it;
}
static void o_record(void *ctx, unsigned level)
{
    (void)level;
    put(ctx, "\x1d", 1);
}

struct result {
    struct out text;
    int rc;
    char err[128];
    size_t nsst;
    int expat; /* expat read the part */
};

static unsigned long by_expat; /* parts xmltok handed to expat (files) */

static const enum pm_xml_kind kinds[] = {PM_XML_STRINGS, PM_XML_STYLES, PM_XML_SHEET, PM_XML_TEXT};

/* Reads xml as that kind (sst: the workbook's, or NULL) in pieces of cut
 * bytes (0: one piece), with expat or not. */
static void read_part(struct result *r, enum pm_xml_kind kind, struct pm_sst *sst, int expat,
                      const char *xml, size_t n, size_t cut)
{
    struct pm_sink sink = {&r->text, o_begin, o_text, o_end, o_record, NULL};
    struct pm_job j = {.level = 0, .sink = &sink};
    memset(r, 0, sizeof *r);
    put(&r->text, "", 0);
    struct pm_xmltext *x = pm_xmltext_new(&j, kind, sst);
    if (!x || (expat && pm_xmltext_use_expat(x) != 0))
        abort();
    size_t at = 0;
    while (at < n && r->rc == 0) {
        size_t k = cut && cut < n - at ? cut : n - at;
        r->rc = pm_xmltext_feed(x, xml + at, k, 0);
        at += k;
    }
    if (r->rc == 0)
        r->rc = pm_xmltext_feed(x, "", 0, 1);
    snprintf(r->err, sizeof r->err, "%s", pm_xmltext_error(x));
    r->expat = pm_xmltext_by_expat(x);
    pm_xmltext_free(x);
    r->nsst = pm_sst_count(sst);
}

/* Both readers on xml as one kind, in pieces of cut bytes; the difference
 * printed (name says what was read). Returns 0 if none. */
static int compare_kind(const char *name, enum pm_xml_kind kind, const char *xml, size_t n,
                        size_t cut)
{
    struct pm_sst *se = pm_sst_new(PM_SST_TEXT, PM_SST_COUNT),
                  *so = pm_sst_new(PM_SST_TEXT, PM_SST_COUNT);
    struct result e, o;
    int bad = 0;
    if (kind == PM_XML_SHEET) { /* a sheet looks its strings up: read them first */
        read_part(&e, PM_XML_STRINGS, se, 1, xml, n, 0);
        read_part(&o, PM_XML_STRINGS, so, 1, xml, n, 0);
        free(e.text.s);
        free(o.text.s);
    }
    read_part(&e, kind, se, 1, xml, n, cut);
    read_part(&o, kind, so, 0, xml, n, cut);
    const char *what = NULL;
    if ((e.rc == 0) != (o.rc == 0))
        what = "verdict";
    else if ((e.rc == 0 || cut == 0) && (e.text.n != o.text.n || memcmp(e.text.s, o.text.s, e.text.n)))
        what = "text";
    else if (e.rc == 0 && e.nsst != o.nsst)
        what = "shared strings";
    else if (e.rc != 0 && cut == 0 && strcmp(e.err, o.err) != 0)
        what = "message";
    if (what) {
        bad = 1;
        fprintf(stderr, "%s: kind %d, pieces of %zu: %s differs: expat rc %d \"%s\" text %zu bytes, "
                        "xmltok rc %d \"%s\" text %zu bytes\n",
                name, (int)kind, cut, what, e.rc, e.err, e.text.n, o.rc, o.err, o.text.n);
        size_t d = 0;
        while (d < e.text.n && d < o.text.n && e.text.s[d] == o.text.s[d])
            d++;
        fprintf(stderr, "  first difference at %zu: expat \"%.40s\" xmltok \"%.40s\"\n", d,
                e.text.s + d, o.text.s + d);
    }
    free(e.text.s);
    free(o.text.s);
    pm_sst_free(se);
    pm_sst_free(so);
    return bad;
}

/* Every kind, in one piece, in pieces of 1 .. maxcut bytes and in the
 * office extractor's 16 KiB. */
static int compare(const char *name, const char *xml, size_t n, size_t maxcut)
{
    int bad = 0;
    for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
        bad |= compare_kind(name, kinds[k], xml, n, 0);
        bad |= compare_kind(name, kinds[k], xml, n, 16384);
        for (size_t cut = 1; cut <= maxcut; cut++)
            bad |= compare_kind(name, kinds[k], xml, n, cut);
    }
    return bad;
}

/* ---- files --------------------------------------------------------------- */

/* The kind the office extractor reads a part as. */
static enum pm_xml_kind part_kind(const char *nm)
{
    if (strcmp(nm, "xl/sharedStrings.xml") == 0)
        return PM_XML_STRINGS;
    if (strcmp(nm, "xl/styles.xml") == 0)
        return PM_XML_STYLES;
    return strncmp(nm, "xl/worksheets/", 14) == 0 ? PM_XML_SHEET : PM_XML_TEXT;
}

static int compare_file(const char *path)
{
    struct archive *a = archive_read_new();
    struct archive_entry *e;
    int bad = 0;
    archive_read_support_format_zip(a);
    archive_read_support_format_raw(a);
    if (archive_read_open_filename(a, path, 65536) != ARCHIVE_OK) {
        fprintf(stderr, "%s: %s\n", path, archive_error_string(a));
        archive_read_free(a);
        return 1;
    }
    while (archive_read_next_header(a, &e) == ARCHIVE_OK) {
        const char *nm = archive_entry_pathname(e);
        int raw = archive_format(a) == ARCHIVE_FORMAT_RAW;
        size_t len = nm ? strlen(nm) : 0;
        if (!raw && (len < 4 || strcmp(nm + len - 4, ".xml") != 0))
            continue;
        struct out o = {0};
        char buf[65536];
        la_ssize_t k;
        while ((k = archive_read_data(a, buf, sizeof buf)) > 0)
            put(&o, buf, (size_t)k);
        char name[1024];
        snprintf(name, sizeof name, "%s:%s", path, raw ? "" : nm);
        enum pm_xml_kind kind = raw ? PM_XML_TEXT : part_kind(nm);
        struct result r;
        read_part(&r, PM_XML_TEXT, NULL, 0, o.s ? o.s : "", o.n, 0);
        if (r.expat) {
            by_expat++;
            fprintf(stderr, "%s: read by expat\n", name);
        }
        free(r.text.s);
        size_t cuts[] = {0, 1, 2, 3, 7, 64, 1000, 4096, 16384};
        for (size_t c = 0; c < sizeof cuts / sizeof cuts[0]; c++) {
            if (cuts[c] && cuts[c] < 8 && o.n > (1u << 20))
                continue; /* bytes one by one: only small parts */
            bad |= compare_kind(name, kind, o.s ? o.s : "", o.n, cuts[c]);
            if (raw)
                for (size_t x = 0; x < 4 && kinds[x] != kind; x++)
                    bad |= compare_kind(name, kinds[x], o.s ? o.s : "", o.n, cuts[c]);
        }
        free(o.s);
    }
    archive_read_free(a);
    return bad;
}

/* ---- hostile and ordinary parts ------------------------------------------ */

static const char *const parts[] = {
    /* ordinary */
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n"
    "<w:document xmlns:w=\"x\"><w:body><w:p><w:r><w:t>Jan</w:t></w:r><w:r><w:t xml:space='preserve'> de "
    "Vries</w:t></w:r></w:p><w:tbl><w:tr><w:tc><w:p><w:r><w:t>Name</w:t></w:r></w:p></w:tc>"
    "<w:tc><w:p><w:r><w:t>BSN</w:t></w:r></w:p></w:tc></w:tr><w:tr><w:tc><w:tcPr><w:gridSpan "
    "w:val=\"1\"/></w:tcPr><w:p><w:t>Piet</w:t></w:p></w:tc><w:tc><w:p><w:t>111222333</w:t><w:tab/>"
    "</w:p></w:tc></w:tr></w:tbl></w:body></w:document>",
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?><sst count=\"3\"><si><t>Name</t></si><si><t>dob</t>"
    "</si><si><r><t>Jan</t></r><r><t xml:space=\"preserve\"> Jansen</t></r><rPh><t>x</t></rPh></si>"
    "</sst>",
    "<styleSheet><numFmts><numFmt numFmtId=\"164\" formatCode=\"dd/mm/yyyy\"/></numFmts><cellXfs>"
    "<xf numFmtId=\"0\"/><xf numFmtId=\"14\"/><xf numFmtId=\"164\"/></cellXfs></styleSheet>",
    "<worksheet><sheetData><row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v>"
    "</c></row><row><c r=\"A2\" t=\"inlineStr\"><is><t>Jan &amp; Piet</t></is></c><c r=\"B2\" "
    "s=\"1\"><v>29285</v></c><c r=\"C2\"><v>1.11222333E8</v></c><c r=\"D2\" t=\"b\"><v>1</v></c>"
    "</row></sheetData><headerFooter><oddHeader>&amp;L page</oddHeader></headerFooter></worksheet>",
    "<office:document-content><office:body><table:table><table:table-row><table:table-cell "
    "table:number-columns-repeated=\"2\"><text:p>Tel<text:s/>x</text:p></table:table-cell>"
    "</table:table-row><table:table-row><table:table-cell office:value-type=\"date\" "
    "office:date-value=\"1999-06-03\"><text:p>06/03/99</text:p></table:table-cell>"
    "<table:table-cell office:value-type=\"float\" office:value=\"111222333\"><text:p>1</text:p>"
    "</table:table-cell></table:table-row></table:table></office:body></office:document-content>",
    /* references, CDATA, comments, PIs, line ends */
    "<a>&lt;&gt;&amp;&quot;&apos;&#65;&#x42;&#x1F600;&#233;&#10;&#13;&#9;</a>",
    "<a b=\"&lt;x&#10;\ty\r\nz\rw &#x9;&amp;\" c='\"'>t</a>",
    "<a><![CDATA[<b>&amp;]]]]><![CDATA[>\r\nx\ry]]></a>",
    "<a><![CDATA[]]><![CDATA[]]]></a>",
    "<a>x<!-- a - b <c> & -->y<?pi some data?>z<?pi?></a><!-- after --><?after x?>\n \r\n",
    "<a>line\r\nline\rline\n\r</a>",
    "<a>\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80 \x7f</a>",
    "<a:b:c x:y:z=\"1\" _q='2'><a:b:c/></a:b:c>",
    "  \n<a/>",
    "<?xml version='1.0' encoding='utf-8' standalone='no' ?><a>x</a>",
    "<a >t</a >",
    "<a\n b\n=\n'1'\n/>",
    "<a>]</a>",
    "<a>]]</a>",
    "<a>x]]y] ]</a>",
    /* malformed */
    "<a>x]]>y</a>",
    "<a>ab\ncd]]>y</a>",
    "<a>x\x01y</a>",
    "<a>x\xffy</a>",
    "<a>x\xc0\x80</a>",
    "<a>x\xed\xa0\x80</a>",
    "<a>x\xef\xbf\xbe</a>",
    "<a>x\xf4\x90\x80\x80</a>",
    "<a>x\xf5\x80\x80\x80</a>",
    "<a>x\xe2\x82",
    "<a>x&bogus;y</a>",
    "<a>x&#0;y</a>",
    "<a>x&#xD800;y</a>",
    "<a>x&#x110000;y</a>",
    "<a>x&#99999999999999999999;y</a>",
    "<a>x&#;y</a>",
    "<a>x&#x;y</a>",
    "<a>x& y</a>",
    "<a>x&amp</a>",
    "<a>x&am",
    "<a>text",
    "<a>text<b",
    "<a>text</b>",
    "<a>text</a",
    "<a>text</a>junk",
    "<a/><b/>",
    "<a/>&amp;",
    "<a/><![CDATA[x]]>",
    "",
    "   ",
    "<a b=\"1\" b=\"2\"/>",
    "<a b=\"1\"c=\"2\"/>",
    "<a b=\"<\"/>",
    "<a b=\"x&bogus;\"/>",
    "<a b=1/>",
    "<a b/>",
    "<a/ >",
    "<1a/>",
    "<a><1b/></a>",
    "<a></ a></a>",
    "<a><!-- x -- y --></a>",
    "<a><!- x --></a>",
    "<a><!-- x \x01 --></a>",
    "<a><?xml x?></a>",
    "<a><?XmL x?></a>",
    "<a><?pi\x01?></a>",
    "<a><?pi?x?></a>",
    "<a><![CDATA[ab",
    "<a><![CDATA[a\x01b]]></a>",
    "<a><![cdata[x]]></a>",
    "<a><!DOCTYPE x></a>",
    "<\xc3\xa9>x</\xc3\xa9>",
    /* handed to expat (FIRST_FOREIGN) */
    "<!DOCTYPE a [<!ENTITY e \"x\">]><a>&e;</a>",
    "<!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;&lol;\">"
    "<!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;\">]><lolz>&lol3;</lolz>",
    "<!DOCTYPE a><a>x</a>",
    "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a>\xe9</a>",
    "<?xml version=\"1.1\"?><a>x</a>",
    "<?xml version=\"1.0\"?><?pi x?><!-- c --><a>x</a>",
    "\xef\xbb\xbf<a>x</a>",
    "\xff\xfe<\0a\0/\0>\0",
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?><a b=\"1\" b=\"1\"/>",
    "x<a/>",
};

/* Where the part that starts with s is in parts[]. */
static size_t part_at(const char *s)
{
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++)
        if (strncmp(parts[i], s, strlen(s)) == 0)
            return i;
    return 0;
}

static void hostile_parts(void **state)
{
    (void)state;
    int bad = 0;
    /* well-formed parts are xmltok's; a malformed root start tag is expat's */
    size_t malformed = part_at("<a>x]]>y"), foreign = part_at("<!DOCTYPE a [");
    assert_true(malformed > 0 && foreign > malformed);
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
        struct result r;
        read_part(&r, PM_XML_TEXT, NULL, 0, parts[i], strlen(parts[i]), 0);
        if ((i < malformed && r.expat) || (i >= foreign && !r.expat)) {
            fprintf(stderr, "part %zu: read by %s\n", i, r.expat ? "expat" : "xmltok");
            bad = 1;
        }
        free(r.text.s);
        char name[64];
        snprintf(name, sizeof name, "part %zu (%.40s)", i, parts[i]);
        size_t n = strlen(parts[i]);
        if (parts[i][0] == '\xff')
            n = 10;
        bad |= compare(name, parts[i], n, 64);
    }
    assert_int_equal(bad, 0);
}

/* What xmltok refuses past the root's start tag, where expat reads on: a
 * name that is not ASCII. It fails with a message of its own, after the
 * same text. */
static void refused(void **state)
{
    (void)state;
    static const char xml[] = "<a>x\xc3\xa9<b\xc3\xa9/>y</a>";
    for (size_t cut = 0; cut < sizeof xml; cut++) {
        struct result e, o;
        read_part(&e, PM_XML_TEXT, NULL, 1, xml, sizeof xml - 1, cut);
        read_part(&o, PM_XML_TEXT, NULL, 0, xml, sizeof xml - 1, cut);
        assert_int_equal(e.rc, 0);
        assert_int_equal(o.rc, -1);
        assert_string_equal(o.err, "XML error at line 1: a name that is not ASCII");
        assert_string_equal(o.text.s, "x\xc3\xa9");
        assert_string_equal(e.text.s, "x\xc3\xa9y");
        free(e.text.s);
        free(o.text.s);
    }
}

/* Deep nesting, a long name, a huge attribute, long text and comments, cut
 * anywhere and at the end. */
static void big_parts(void **state)
{
    (void)state;
    struct out o = {0};
    int bad = 0;
    for (int i = 0; i < 5000; i++)
        put(&o, "<w:p x=\"1\">t", 12);
    for (int i = 0; i < 5000; i++)
        put(&o, "</w:p>", 6);
    bad |= compare("deep", o.s, o.n, 3);
    bad |= compare("deep cut", o.s, o.n - 3000, 3);
    o.n = 0;
    put(&o, "<r><a ", 6);
    for (int i = 0; i < 3000; i++)
        put(&o, "n", 1);
    put(&o, "='", 2);
    for (int i = 0; i < 70000; i++)
        put(&o, i % 7 ? "v" : "&amp;", i % 7 ? 1 : 5);
    put(&o, "'>", 2);
    for (int i = 0; i < 20000; i++)
        put(&o, i % 50 ? "text \xc3\xa9" : "\r\n<!-- c -->&#x41;<![CDATA[d]]>", i % 50 ? 7 : 29);
    put(&o, "</a></r>", 8);
    bad |= compare("huge attribute", o.s, o.n, 0);
    bad |= compare("huge attribute cut", o.s, o.n / 2, 0);
    for (size_t cut = 61; cut < 70000; cut = cut * 3 + 1)
        for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++)
            bad |= compare_kind("huge attribute", kinds[k], o.s, o.n, cut);
    free(o.s);
    assert_int_equal(bad, 0);
}

int main(int argc, char **argv)
{
    if (argc > 1) {
        int bad = 0;
        unsigned long parts_before = by_expat;
        for (int i = 1; i < argc; i++)
            bad |= compare_file(argv[i]);
        fprintf(stderr, "%d files: %lu parts read by expat\n", argc - 1, by_expat - parts_before);
        return bad;
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(hostile_parts),
        cmocka_unit_test(refused),
        cmocka_unit_test(big_parts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
