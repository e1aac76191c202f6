/* test_pdf.c — the streaming PDF text extractor (extract/pdf/).
 *
 * Every PDF here is built in memory by small helpers (objects, FlateDecode
 * streams through zlib, a correct xref table), so each case shows the PDF
 * syntax it exercises. Most cases are checked three ways: fed in one piece,
 * one byte at a time, and in random pieces; the text must be the same.
 * Hostile input (truncation at every length, corrupt deflate, nesting,
 * garbage, random mutations for about a second) must neither crash, hang,
 * nor produce text out of proportion.
 *
 * Built with -DPM_FUZZ, the file is a libFuzzer target instead
 * (LLVMFuzzerTestOneInput) and has no main.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zlib.h>

#include "extract/pdf/pdf.h"

/* ---- a growable byte buffer (test code only) ------------------------------------ */

struct buf {
    unsigned char *d;
    size_t n, cap;
};

static void buf_add(struct buf *b, const void *data, size_t n)
{
    if (n > ((size_t)1 << 30)) /* bounds for GCC -O2's overflow warnings (Release) */
        abort();
    if (b->n + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (b->n + n + 1 > cap)
            cap *= 2;
        unsigned char *d = realloc(b->d, cap);
        assert_non_null(d);
        b->d = d;
        b->cap = cap;
    }
    if (n)
        memcpy(b->d + b->n, data, n);
    b->n += n;
    b->d[b->n] = 0; /* always a C string too */
}

static void buf_str(struct buf *b, const char *s) { buf_add(b, s, strlen(s)); }

static void buf_fmt(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void buf_fmt(struct buf *b, const char *fmt, ...)
{
    char tmp[512];
    va_list ap;
    va_start(ap, fmt);
    int k = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    assert_true(k >= 0 && (size_t)k < sizeof tmp);
    buf_add(b, tmp, (size_t)k);
}

static void buf_free(struct buf *b)
{
    free(b->d);
    memset(b, 0, sizeof *b);
}

/* ---- building PDFs -------------------------------------------------------------- */

#define MAX_OBJS 32

struct pdfw {
    struct buf out;
    size_t off[MAX_OBJS]; /* object number -> offset, 0 if absent */
    int last;
};

static void pdf_begin(struct pdfw *w)
{
    memset(w, 0, sizeof *w);
    buf_str(&w->out, "%PDF-1.5\n%\xe2\xe3\xcf\xd3\n");
}

static void obj(struct pdfw *w, int num, const char *body)
{
    assert_true(num > 0 && num < MAX_OBJS);
    w->off[num] = w->out.n;
    if (num > w->last)
        w->last = num;
    buf_fmt(&w->out, "%d 0 obj\n", num);
    buf_str(&w->out, body);
    buf_str(&w->out, "\nendobj\n");
}

static void deflate_into(struct buf *b, const void *data, size_t n)
{
    uLongf zn = compressBound((uLong)n);
    unsigned char *z = malloc(zn);
    assert_non_null(z);
    assert_int_equal(compress2(z, &zn, data, (uLong)n, 9), Z_OK);
    buf_add(b, z, zn);
    free(z);
}

/* A stream object. dict is the dictionary's inside without /Length (and
 * without /Filter when flate: it is added). length < 0: the real length;
 * otherwise that value is written (to lie). */
static void stream_obj(struct pdfw *w, int num, const char *dict, const void *data, size_t n,
                       int flate, long length)
{
    struct buf s = {0};
    if (flate)
        deflate_into(&s, data, n);
    else
        buf_add(&s, data, n);
    w->off[num] = w->out.n;
    if (num > w->last)
        w->last = num;
    buf_fmt(&w->out, "%d 0 obj\n<< %s%s /Length %ld >>\nstream\n", num, flate ? "/Filter /FlateDecode " : "",
            dict, length < 0 ? (long)s.n : length);
    buf_add(&w->out, s.d, s.n);
    buf_str(&w->out, "\nendstream\nendobj\n");
    buf_free(&s);
}

static void pdf_end(struct pdfw *w, int root, int info)
{
    size_t xref = w->out.n;
    buf_fmt(&w->out, "xref\n0 %d\n0000000000 65535 f \n", w->last + 1);
    for (int i = 1; i <= w->last; i++)
        if (w->off[i])
            buf_fmt(&w->out, "%010zu 00000 n \n", w->off[i]);
        else
            buf_str(&w->out, "0000000000 65535 f \n");
    buf_fmt(&w->out, "trailer\n<< /Size %d /Root %d 0 R", w->last + 1, root);
    if (info)
        buf_fmt(&w->out, " /Info %d 0 R", info);
    buf_fmt(&w->out, " /ID [<8f3a0b19c2d4e5f60718293a4b5c6d7e> <8f3a0b19c2d4e5f60718293a4b5c6d7e>]"
                     " >>\nstartxref\n%zu\n%%%%EOF\n", xref);
}

/* Catalog 1, pages 2, page 3 with contents 4 (to be written by the caller). */
static void skeleton(struct pdfw *w)
{
    obj(w, 1, "<< /Type /Catalog /Pages 2 0 R >>");
    obj(w, 2, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>");
    obj(w, 3, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
              "/Resources << /Font << /F1 5 0 R >> >> >>");
    obj(w, 5, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
}

/* A one-page PDF whose content stream is `content`. */
static void simple_pdf(struct buf *out, const char *content, int flate, const char *info)
{
    struct pdfw w;
    pdf_begin(&w);
    skeleton(&w);
    stream_obj(&w, 4, "", content, strlen(content), flate, -1);
    if (info)
        obj(&w, 6, info);
    pdf_end(&w, 1, info ? 6 : 0);
    *out = w.out;
}

/* ---- running the extractor -------------------------------------------------------- */

struct result {
    struct buf text;
    uint64_t streams, errors, cmaps, overflows;
};

static void collect(void *ctx, const char *text, size_t len)
{
    struct buf *b = ctx;
    assert_true(len > 0);
    buf_add(b, text, len);
}

/* piece: 0 = all at once, 1 = byte by byte, (size_t)-1 = random sizes. */
static void extract(const unsigned char *pdf, size_t n, size_t piece, struct result *r)
{
    memset(r, 0, sizeof *r);
    buf_add(&r->text, "", 0);
    struct pm_pdf *p = pm_pdf_new(collect, &r->text);
    assert_non_null(p);
    size_t i = 0;
    while (i < n) {
        size_t k = piece == 0 ? n - i : piece == (size_t)-1 ? (size_t)(rand() % 5000) + 1 : piece;
        if (k > n - i)
            k = n - i;
        pm_pdf_feed(p, pdf + i, k);
        i += k;
    }
    pm_pdf_finish(p);
    r->streams = pm_pdf_streams(p);
    r->errors = pm_pdf_stream_errors(p);
    r->cmaps = pm_pdf_cmaps(p);
    r->overflows = pm_pdf_hold_overflows(p);
    pm_pdf_free(p);
}

static void result_free(struct result *r) { buf_free(&r->text); }

/* Extracts in one piece, byte by byte and in random pieces; all three must
 * agree. The one-piece result is returned. */
static void extract3(const struct buf *pdf, struct result *r)
{
    struct result b1, rnd;
    extract(pdf->d, pdf->n, 0, r);
    extract(pdf->d, pdf->n, 1, &b1);
    extract(pdf->d, pdf->n, (size_t)-1, &rnd);
    assert_int_equal(r->text.n, b1.text.n);
    assert_memory_equal(r->text.d, b1.text.d, r->text.n);
    assert_int_equal(r->text.n, rnd.text.n);
    assert_memory_equal(r->text.d, rnd.text.d, r->text.n);
    assert_int_equal(r->streams, b1.streams);
    assert_int_equal(r->errors, b1.errors);
    assert_int_equal(r->streams, rnd.streams);
    assert_int_equal(r->errors, rnd.errors);
    assert_int_equal(r->cmaps, b1.cmaps);
    assert_int_equal(r->cmaps, rnd.cmaps);
    result_free(&b1);
    result_free(&rnd);
}

/* s occurs in the text (which may hold NUL bytes: raw glyph codes). */
static int has(const struct result *r, const char *s)
{
    size_t n = strlen(s);
    for (size_t i = 0; n <= r->text.n && i <= r->text.n - n; i++)
        if (memcmp(r->text.d + i, s, n) == 0)
            return 1;
    return 0;
}

#define assert_has(r, s)                                                                   \
    do {                                                                                   \
        if (!has((r), (s)))                                                                \
            fail_msg("missing \"%s\" in:\n%s", (s), (const char *)(r)->text.d);             \
    } while (0)
#define assert_hasnt(r, s)                                                                 \
    do {                                                                                   \
        if (has((r), (s)))                                                                 \
            fail_msg("unexpected \"%s\" in:\n%s", (s), (const char *)(r)->text.d);          \
    } while (0)

/* ---- tests ------------------------------------------------------------------------ */

static void test_flate_tj(void **state)
{
    (void)state;
    struct buf pdf;
    struct result r;
    simple_pdf(&pdf,
               "BT /F1 12 Tf 72 720 Td (Card 4111 1111 1111 1111 on file) Tj\n"
               "0 -14 Td (Mail: jane.doe@example.com) Tj ET\n",
               1, NULL);
    extract3(&pdf, &r);
    assert_has(&r, "Card 4111 1111 1111 1111 on file\nMail: jane.doe@example.com\n");
    assert_int_equal(r.streams, 1);
    assert_int_equal(r.errors, 0);
    /* operands of other operators, names and numbers are not text */
    assert_hasnt(&r, "F1");
    assert_hasnt(&r, "720");
    result_free(&r);
    buf_free(&pdf);
}

static void test_split_tj(void **state)
{
    (void)state;
    struct buf pdf;
    struct result r;
    simple_pdf(&pdf,
               "BT /F1 12 Tf 72 720 Td [(4111 11) 120 (11 1111 1111)] TJ\n"
               "0 -14 Td [(jo) -20 (hn@exa) 5.5 (mple.com)]TJ\n"
               /* two show operators on one line glue; a Td line break does not */
               "0 -14 Td (+44 20 ) Tj (7946 0958) Tj T* (next) Tj\n"
               "(line) ' 1 2 (quoted) \" ET\n",
               1, NULL);
    extract3(&pdf, &r);
    assert_has(&r, "4111 1111 1111 1111\n");
    assert_has(&r, "\njohn@example.com\n");
    assert_has(&r, "\n+44 20 7946 0958\nnext\nline\nquoted\n");
    result_free(&r);
    buf_free(&pdf);
}

static void test_hex_strings(void **state)
{
    (void)state;
    struct buf pdf;
    struct result r;
    simple_pdf(&pdf,
               "BT <48 65 6c 6C\n6f> Tj ( ) Tj <414> Tj T*"
               "[<6A6F686E> -10 <40 6578616D706C652E636F6D>] TJ ET\n"
               "<< /Dict 1 >> BDC <4142> Tj EMC\n",
               1, NULL);
    extract3(&pdf, &r);
    assert_has(&r, "Hello A@\njohn@example.com\nAB");
    result_free(&r);
    buf_free(&pdf);
}

static void test_octal_and_escapes(void **state)
{
    (void)state;
    struct buf pdf;
    struct result r;
    simple_pdf(&pdf,
               "BT (caf\\351 \\101\\102C \\0615 \\(x\\) a\\\\b \\t|\\n|\\r|\\b|\\f|) Tj T*"
               "(split \\\nhere, nested (paren (deep)) ok, \\q unknown, \\1234) Tj T*"
               "(crlf\r\nline) Tj ET\n",
               0, NULL);
    extract3(&pdf, &r);
    assert_has(&r, "caf\351 ABC 15 (x) a\\b \t|\n|\r|\b|\f|\n");
    assert_has(&r, "split here, nested (paren (deep)) ok, q unknown, S4\n");
    assert_has(&r, "crlf\nline\n");
    result_free(&r);
    buf_free(&pdf);
}

static void test_uncompressed_stream(void **state)
{
    (void)state;
    struct buf pdf;
    struct result r;
    simple_pdf(&pdf, "BT 72 700 Td (Phone (415) 555-2671) Tj ET", 0, NULL);
    extract3(&pdf, &r);
    assert_has(&r, "Phone (415) 555-2671\n");
    assert_int_equal(r.streams, 1);
    assert_int_equal(r.errors, 0);
    result_free(&r);
    buf_free(&pdf);
}

static void test_info_author(void **state)
{
    (void)state;
    struct buf pdf;
    struct result r;
    simple_pdf(&pdf, "BT (body) Tj ET", 1,
               "<< /Title (Q3 \\(draft\\)) /Author (mary.major@example.com) "
               "/Producer <50726F64> /CreationDate (D:20240102) >>");
    extract3(&pdf, &r);
    assert_has(&r, "\nQ3 (draft)\nmary.major@example.com\nProd\n");
    /* /ID hex strings in the trailer are binary, not text */
    assert_hasnt(&r, "\x8f\x3a");
    result_free(&r);
    buf_free(&pdf);
}

static void test_object_stream(void **state)
{
    (void)state;
    struct pdfw w;
    struct result r;
    const char *objs = "6 0 7 60\n"
                       "<< /Title (Report) /Author (owner@example.com) >>\n"
                       "<< /FT /Tx /T (card) /V (5555 5555 5555 4444) >>\n";
    pdf_begin(&w);
    skeleton(&w);
    stream_obj(&w, 4, "", "BT (page text) Tj ET", 20, 1, -1);
    stream_obj(&w, 8, "/Type /ObjStm /N 2 /First 9", objs, strlen(objs), 1, -1);
    /* an xref stream: binary, no text even though it is FlateDecode */
    stream_obj(&w, 9, "/Type /XRef /W [1 4 2] /Size 10", "\x01\x00\x00\x28(junk) Tj", 14, 1, -1);
    pdf_end(&w, 1, 6);
    extract3(&w.out, &r);
    assert_has(&r, "page text\n");
    assert_has(&r, "\nReport\nowner@example.com\n");
    assert_has(&r, "\ncard\n5555 5555 5555 4444\n");
    assert_hasnt(&r, "junk");
    assert_int_equal(r.streams, 2);
    assert_int_equal(r.errors, 0);
    result_free(&r);
    buf_free(&w.out);
}

static void test_utf16be(void **state)
{
    (void)state;
    struct buf pdf;
    struct result r;
    /* "Joël 😀" as UTF-16BE with BOM: hex in the Info, literal with
     * escapes in the content; an unpaired surrogate becomes U+FFFD */
    simple_pdf(&pdf, "BT (\\376\\377\\000J\\000o\\000\\353\\000l) Tj T* <FEFFD800> Tj ET", 1,
               "<< /Author <FEFF004A006F00EB006C0020D83DDE00> "
               "/Subject (\xef\xbb\xbf" "caf\xc3\xa9) >>");
    extract3(&pdf, &r);
    assert_has(&r, "Jo\xc3\xabl\n\xef\xbf\xbd\n");
    assert_has(&r, "\nJo\xc3\xabl \xf0\x9f\x98\x80\n");
    assert_has(&r, "\ncaf\xc3\xa9\n"); /* a UTF-8 BOM is dropped */
    result_free(&r);
    buf_free(&pdf);
}

/* Everything at once, fed whole, byte by byte and in random pieces. */
static void test_bytewise_identical(void **state)
{
    (void)state;
    struct pdfw w;
    struct result r, b1;
    const char *c1 = "BT [(4111 11) 120 (11 1111 1111)] TJ T* <6869> Tj (\\101\\\n\\(x) ' ET";
    const char *objs = "7 0\n<< /V (objstm value) >>\n";
    pdf_begin(&w);
    skeleton(&w);
    stream_obj(&w, 4, "", c1, strlen(c1), 1, -1);
    obj(&w, 6, "<< /Author <FEFF004A006F00EB006C> /Title (t\\351st) >>");
    stream_obj(&w, 8, "/Type /ObjStm /N 1 /First 4", objs, strlen(objs), 1, -1);
    stream_obj(&w, 9, "/Length2 5", "(font) Tj", 9, 1, -1); /* font program: no text */
    stream_obj(&w, 10, "", "BT (raw\rstream) Tj ET", 21, 0, -1);
    pdf_end(&w, 1, 6);
    extract3(&w.out, &r);
    extract(w.out.d, w.out.n, 1, &b1);
    assert_string_equal((const char *)r.text.d, (const char *)b1.text.d);
    assert_has(&r, "4111 1111 1111 1111\nhi\nA(x\n");
    assert_has(&r, "\nJo\xc3\xabl\nt\351st\n");
    assert_has(&r, "\nobjstm value\n");
    assert_has(&r, "\nraw\nstream\n");
    assert_hasnt(&r, "font");
    assert_int_equal(r.streams, 3);
    assert_int_equal(r.errors, 0);
    result_free(&r);
    result_free(&b1);
    buf_free(&w.out);
}

/* Cut at every length: no crash, no hang; a cut inside a FlateDecode stream
 * is an error, and the text before it is there. */
static void test_truncated(void **state)
{
    (void)state;
    struct buf pdf;
    struct result r;
    char content[4000];
    size_t k = 0;
    for (int i = 0; i < 60; i++)
        k += (size_t)snprintf(content + k, sizeof content - k, "BT (line %02d x@example.com) Tj ET\n", i);
    simple_pdf(&pdf, content, 0, "<< /Author (alice@example.com) >>");
    for (size_t n = 0; n <= pdf.n; n++) {
        extract(pdf.d, n, n % 3 ? 0 : 1, &r);
        result_free(&r);
    }
    /* cut in the middle of the uncompressed content stream */
    const char *mid = strstr((const char *)pdf.d, "line 30");
    assert_non_null(mid);
    extract(pdf.d, (size_t)(mid - (const char *)pdf.d), 0, &r);
    assert_has(&r, "line 29 x@example.com\n");
    assert_hasnt(&r, "line 30");
    assert_int_equal(r.errors, 1);
    assert_int_equal(r.streams, 0);
    result_free(&r);
    buf_free(&pdf);

    /* a FlateDecode stream cut in half */
    simple_pdf(&pdf, content, 1, NULL);
    const char *s = strstr((const char *)pdf.d, "stream\n");
    assert_non_null(s);
    size_t data = (size_t)(s - (const char *)pdf.d) + 7;
    for (size_t n = data; n < pdf.n; n += 7) {
        extract(pdf.d, n, 0, &r);
        result_free(&r);
    }
    size_t es = data;
    while (es + 9 <= pdf.n && memcmp(pdf.d + es, "endstream", 9) != 0)
        es++;
    assert_true(es + 9 <= pdf.n);
    extract(pdf.d, data + (es - data) / 2, 0, &r);
    assert_has(&r, "line 00 x@example.com\n");
    assert_int_equal(r.errors, 1);
    result_free(&r);
    buf_free(&pdf);
}

static void test_corrupt_deflate(void **state)
{
    (void)state;
    struct pdfw w;
    struct result r;
    struct buf z = {0};
    char big[3000];
    size_t k = 0;
    for (int i = 0; i < 80; i++)
        k += (size_t)snprintf(big + k, sizeof big - k, "BT (corrupt %02d) Tj ET\n", i);
    deflate_into(&z, big, k);
    for (size_t i = 20; i < z.n; i += 3)
        z.d[i] ^= 0x5A; /* garbage after the first bytes */
    pdf_begin(&w);
    skeleton(&w);
    w.off[4] = w.out.n;
    w.last = 4;
    buf_fmt(&w.out, "4 0 obj\n<< /Filter /FlateDecode /Length %zu >>\nstream\n", z.n);
    buf_add(&w.out, z.d, z.n);
    buf_str(&w.out, "\nendstream\nendobj\n");
    stream_obj(&w, 6, "", "BT (after the bad one) Tj ET", 28, 1, -1);
    obj(&w, 7, "<< /Author (bob@example.com) >>");
    pdf_end(&w, 1, 7);
    extract3(&w.out, &r);
    assert_int_equal(r.errors, 1);
    assert_int_equal(r.streams, 1);
    assert_has(&r, "after the bad one\n");
    assert_has(&r, "\nbob@example.com\n");
    assert_true(r.text.n < 2000);
    result_free(&r);
    buf_free(&w.out);
    buf_free(&z);
}

/* /Length indirect, too short, too long, absent; odd EOLs; skipped filters. */
static void test_lengths_and_filters(void **state)
{
    (void)state;
    struct pdfw w;
    struct result r;
    const char *c = "BT (len check) Tj ET";
    pdf_begin(&w);
    skeleton(&w);
    stream_obj(&w, 4, "", "BT (indirect) Tj ET", 19, 1, -1);
    /* rewrite object 4's /Length as a reference by hand */
    {
        char *l = strstr((char *)w.out.d + w.off[4], "/Length ");
        assert_non_null(l);
        struct buf tail = {0};
        char *end = strchr(l + 8, ' ');
        buf_add(&tail, end, w.out.n - (size_t)(end - (char *)w.out.d));
        w.out.n = (size_t)(l - (char *)w.out.d);
        buf_str(&w.out, "/Length 12 0 R");
        buf_add(&w.out, tail.d, tail.n);
        buf_free(&tail);
    }
    stream_obj(&w, 6, "", c, strlen(c), 0, 5);    /* too short */
    stream_obj(&w, 7, "", c, strlen(c), 0, 5000); /* too long */
    stream_obj(&w, 8, "/Filter [/FlateDecode]", "BT (array filter) Tj ET", 23, 1, -1);
    stream_obj(&w, 9, "/Filter /DCTDecode /Subtype /Image", "(jpeg) Tj", 9, 0, -1);
    stream_obj(&w, 10, "/Filter /ASCII85Decode", "(a85) Tj", 8, 0, -1);
    w.off[11] = w.out.n;
    buf_str(&w.out, "11 0 obj\n<</Filter/Fl/DecodeParms<</Columns 4>>>>stream\r\n");
    deflate_into(&w.out, "(no length) Tj", 14);
    buf_str(&w.out, "\r\nendstream\rendobj\n");
    w.off[12] = w.out.n;
    buf_str(&w.out, "12 0 obj\n40\nendobj\n");
    w.last = 12;
    pdf_end(&w, 1, 0);
    extract3(&w.out, &r);
    assert_has(&r, "indirect\n");
    assert_has(&r, "len check\nlen check\n");
    assert_has(&r, "array filter\n");
    assert_has(&r, "no length\n");
    assert_hasnt(&r, "jpeg");
    assert_hasnt(&r, "a85");
    assert_int_equal(r.streams, 5);
    assert_int_equal(r.errors, 0);
    result_free(&r);
    buf_free(&w.out);
}

/* A flate stream with an indirect /Length (LibreOffice writes them) whose
 * last compressed byte is a CR, before an LF EOL: the CR is data. */
static void test_flate_ends_in_cr(void **state)
{
    (void)state;
    char text[160];
    unsigned char z[256];
    uLongf zn = 0;
    int i;
    for (i = 0; i < 64000; i++) {
        /* the last byte is the Adler-32's: vary the sum of the bytes */
        snprintf(text, sizeof text, "BT (ends in cr %d)%*s Tj ET", i % 1000, i / 1000, "");
        zn = sizeof z;
        assert_int_equal(compress2(z, &zn, (const unsigned char *)text, strlen(text), 9), Z_OK);
        if (z[zn - 1] == '\r')
            break;
    }
    assert_true(i < 64000);
    struct pdfw w;
    struct result r;
    pdf_begin(&w);
    skeleton(&w);
    w.off[4] = w.out.n;
    buf_str(&w.out, "4 0 obj\n<</Length 6 0 R/Filter/FlateDecode>>\nstream\n");
    buf_add(&w.out, z, zn);
    buf_str(&w.out, "\nendstream\nendobj\n");
    w.off[6] = w.out.n;
    buf_fmt(&w.out, "6 0 obj\n%lu\nendobj\n", (unsigned long)zn);
    w.last = 6;
    pdf_end(&w, 1, 0);
    extract3(&w.out, &r);
    char want[64];
    snprintf(want, sizeof want, "ends in cr %d\n", i % 1000);
    assert_has(&r, want);
    assert_int_equal(r.errors, 0);
    result_free(&r);
    buf_free(&w.out);
}

/* Inline image data may hold anything, even an open parenthesis. */
static void test_inline_image(void **state)
{
    (void)state;
    struct buf pdf;
    struct result r;
    static const char c[] = "BT (before) Tj ET q BI /W 4 /H 1 /BPC 8 /CS /G ID \x28\x28\x01\x29\nEI Q "
                            "BT (after) Tj ET";
    simple_pdf(&pdf, c, 1, NULL);
    extract3(&pdf, &r);
    assert_has(&r, "before\nafter\n");
    result_free(&r);
    buf_free(&pdf);
}

/* Deep nesting, unterminated strings, huge hex strings, garbage. */
static void test_hostile(void **state)
{
    (void)state;
    struct result r;
    struct buf b = {0};
    /* a million open parentheses in the raw area, then the rest */
    buf_str(&b, "%PDF-1.4\n1 0 obj\n");
    for (int i = 0; i < 1000000; i++)
        buf_add(&b, "(", 1);
    extract(b.d, b.n, 0, &r);
    assert_true(r.text.n <= b.n);
    result_free(&r);
    /* an unterminated string in a content stream: cut at 64 KiB pieces,
     * operands with no operator dropped; the next stream still works */
    buf_free(&b);
    {
        struct pdfw w;
        struct buf c = {0};
        buf_str(&c, "BT (");
        for (int i = 0; i < 200000; i++)
            buf_add(&c, "A", 1);
        pdf_begin(&w);
        skeleton(&w);
        stream_obj(&w, 4, "", c.d, c.n, 1, -1);
        stream_obj(&w, 6, "", "BT (next stream) Tj ET", 22, 1, -1);
        pdf_end(&w, 1, 0);
        extract(w.out.d, w.out.n, 0, &r);
        assert_has(&r, "next stream\n");
        assert_true(r.text.n < 200000 + 100);
        result_free(&r);
        buf_free(&w.out);
        buf_free(&c);
    }
    /* random binary in a FlateDecode stream with no type: little text */
    {
        struct pdfw w;
        unsigned char *rnd = malloc(1 << 20);
        assert_non_null(rnd);
        srand(7);
        for (size_t i = 0; i < (1u << 20); i++)
            rnd[i] = (unsigned char)(rand() >> 7);
        pdf_begin(&w);
        skeleton(&w);
        stream_obj(&w, 4, "", rnd, 1u << 20, 1, -1);
        pdf_end(&w, 1, 0);
        extract(w.out.d, w.out.n, 0, &r);
        assert_true(r.text.n < 4096);
        result_free(&r);
        /* the same bytes as a whole file */
        extract(rnd, 1u << 20, 0, &r);
        result_free(&r);
        buf_free(&w.out);
        free(rnd);
    }
    /* streams without end, endstream without stream, lone keywords */
    static const char *odd[] = {
        "<<>>stream\n", "<< /Length 99999999999999999999 >>stream\r", ">> stream\nendstream",
        "endstream endobj stream\n(x)", "<</Filter/FlateDecode/Length 3>>stream\nabc",
        "<</Length -5>>stream\n(q)Tj\nendstream", "<< /A [ /B << >> ] >> stream  \n (z) Tj endstream",
        "(\\", "(\\0", "<4", "<<", "%", "BI ID", "\xfe\xff", "(\xfe\xff\xd8\x00)", "(\xfe\xff\x00",
    };
    for (size_t i = 0; i < sizeof odd / sizeof odd[0]; i++) {
        extract((const unsigned char *)odd[i], strlen(odd[i]), 0, &r);
        result_free(&r);
        extract((const unsigned char *)odd[i], strlen(odd[i]), 1, &r);
        result_free(&r);
    }
}

/* A 257 MiB zero-filled stream deflates to ~250 KiB: the inflate limit must
 * cut it and count an error, and the text after it must still come out. */
static void test_inflate_limit(void **state)
{
    (void)state;
    struct buf z = {0}, pdf = {0};
    struct result r;
    z_stream d;
    static unsigned char zeros[1 << 16];
    unsigned char out[1 << 16];
    memset(&d, 0, sizeof d);
    assert_int_equal(deflateInit(&d, 9), Z_OK);
    for (int i = 0; i < 257 * 16; i++) {
        d.next_in = zeros;
        d.avail_in = sizeof zeros;
        do {
            d.next_out = out;
            d.avail_out = sizeof out;
            assert_true(deflate(&d, i == 257 * 16 - 1 ? Z_FINISH : Z_NO_FLUSH) != Z_STREAM_ERROR);
            buf_add(&z, out, sizeof out - d.avail_out);
        } while (d.avail_out == 0);
    }
    deflateEnd(&d);
    buf_fmt(&pdf, "%%PDF-1.4\n4 0 obj\n<< /Filter /FlateDecode /Length %zu >>\nstream\n", z.n);
    buf_add(&pdf, z.d, z.n);
    buf_str(&pdf, "\nendstream\nendobj\n5 0 obj\n<< /Author (after@example.com) >>\nendobj\n");
    extract(pdf.d, pdf.n, 0, &r);
    assert_int_equal(r.errors, 1);
    assert_int_equal(r.streams, 0);
    assert_has(&r, "after@example.com\n");
    result_free(&r);
    buf_free(&z);
    buf_free(&pdf);
}


/* ---- ToUnicode ------------------------------------------------------------------ */

/* The glyph codes of the test font: '@' is bfchar <0003>, digits are the
 * array form of a bfrange at <0010>, other ASCII a bfrange at <0120>. */
static unsigned gcode(char c)
{
    if (c == '@')
        return 0x0003;
    if (c >= '0' && c <= '9')
        return 0x0010u + (unsigned)(c - '0');
    return 0x0100u + (unsigned char)c;
}

/* s as a 2-byte glyph-code hex string. */
static void glyphs(struct buf *b, const char *s)
{
    buf_str(b, "<");
    for (; *s; s++)
        buf_fmt(b, "%04X", gcode(*s));
    buf_str(b, ">");
}

static const char TOUNICODE[] =
    "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
    "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
    "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
    "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n"
    "3 beginbfchar\n<0003> <0040>\n<0004> <D83DDE00>\n<0005> <00660069>\nendbfchar\n"
    "2 beginbfrange\n<0010> <0019> [<0030> <0031> <0032> <0033> <0034>\n"
    "<0035> <0036> <0037> <0038> <0039>]\n<0120> <017E> <0020>\nendbfrange\n"
    "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n";

/* Content with /F1 (glyph codes, split over TJ arrays) and /F2 (Helvetica). */
static void cid_content(struct buf *c)
{
    buf_str(c, "BT /F1 12 Tf 72 720 Td [");
    glyphs(c, "Mail: jane.d");
    buf_str(c, " -20 ");
    glyphs(c, "oe@exam");
    buf_str(c, " 15 ");
    glyphs(c, "ple.com");
    buf_str(c, "] TJ 0 -14 Td [");
    glyphs(c, "Card 4111 11");
    buf_str(c, " -5 ");
    glyphs(c, "11 1111 1111");
    buf_str(c, "] TJ T* <00040005> Tj ET\nBT /F2 10 Tf 72 600 Td (plain text) Tj ET\n");
}

enum cid_layout { CID_BEFORE, CID_AFTER, CID_OBJSTM, CID_RESFIRST };

/* A one-page PDF with a Type0 font (5), its descendant (7), its CMap (8)
 * and Helvetica (6), placed before or after the content (4), or (OBJSTM)
 * the fonts and a /Font resource dictionary (9) in an object stream after
 * the content, or (RESFIRST, as LibreOffice writes them) the fonts after the
 * content and the /Font resource dictionary 9 before the page naming it. */
static void cid_pdf(struct buf *out, enum cid_layout layout, const char *cmap)
{
    struct pdfw w;
    struct buf c = {0};
    const char *type0 = "<< /Type /Font /Subtype /Type0 /BaseFont /ABCDEF+Calibri "
                        "/Encoding /Identity-H /DescendantFonts [7 0 R] /ToUnicode 8 0 R >>";
    const char *helv = "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>";
    const char *desc = "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /ABCDEF+Calibri "
                       "/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
                       "/W [3 [500 600]] >>";
    cid_content(&c);
    pdf_begin(&w);
    obj(&w, 1, "<< /Type /Catalog /Pages 2 0 R >>");
    obj(&w, 2, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>");
    if (layout == CID_RESFIRST)
        obj(&w, 9, "<< /F1 5 0 R /F2 6 0 R\n>>");
    if (layout == CID_OBJSTM || layout == CID_RESFIRST)
        obj(&w, 3, "<< /Type /Page /Parent 2 0 R /Contents 4 0 R /Resources << /Font 9 0 R >> >>");
    else
        obj(&w, 3, "<< /Type /Page /Parent 2 0 R /Contents 4 0 R "
                   "/Resources << /ProcSet [/PDF /Text] /Font << /F1 5 0 R /F2 6 0 R >> >> >>");
    if (layout == CID_BEFORE) {
        obj(&w, 5, type0);
        obj(&w, 6, helv);
        obj(&w, 7, desc);
        stream_obj(&w, 8, "", cmap, strlen(cmap), 1, -1);
    }
    stream_obj(&w, 4, "", c.d, c.n, 1, -1);
    if (layout == CID_AFTER || layout == CID_RESFIRST) {
        stream_obj(&w, 8, "", cmap, strlen(cmap), 1, -1);
        obj(&w, 5, type0);
        obj(&w, 6, helv);
        obj(&w, 7, desc);
    }
    if (layout == CID_OBJSTM) {
        struct buf body = {0}, head = {0}, all = {0};
        const char *objs[] = {type0, helv, desc, "<< /F1 5 0 R /F2 6 0 R >>"};
        const int nums[] = {5, 6, 7, 9};
        for (int i = 0; i < 4; i++) {
            buf_fmt(&head, "%d %zu ", nums[i], body.n);
            buf_str(&body, objs[i]);
            buf_str(&body, "\n");
        }
        buf_str(&head, "\n");
        buf_add(&all, head.d, head.n);
        buf_add(&all, body.d, body.n);
        char dict[64];
        snprintf(dict, sizeof dict, "/Type /ObjStm /N 4 /First %zu", head.n);
        stream_obj(&w, 10, dict, all.d, all.n, 1, -1);
        stream_obj(&w, 8, "", cmap, strlen(cmap), 1, -1);
        buf_free(&body);
        buf_free(&head);
        buf_free(&all);
    }
    pdf_end(&w, 1, 0);
    *out = w.out;
    buf_free(&c);
}

static void check_cid(const struct result *r)
{
    assert_has(r, "Mail: jane.doe@example.com\nCard 4111 1111 1111 1111\n"
                  "\xf0\x9f\x98\x80" "fi\n");
    assert_has(r, "plain text\n");
    assert_hasnt(r, "\x01\x4d"); /* no raw glyph code bytes ("M" at 0x014D) */
    assert_int_equal(r->cmaps, 1);
    assert_int_equal(r->overflows, 0);
}

static void test_tounicode_before(void **state)
{
    (void)state;
    struct buf pdf;
    struct result r;
    cid_pdf(&pdf, CID_BEFORE, TOUNICODE);
    extract3(&pdf, &r);
    check_cid(&r);
    /* known before the content: in order, Helvetica text after the CID text
     * (elsewhere on the page: a paragraph of its own) */
    assert_has(&r, "fi\n\nplain text\n");
    result_free(&r);
    buf_free(&pdf);
}

static void test_tounicode_after(void **state)
{
    (void)state;
    struct buf pdf;
    struct result r;
    cid_pdf(&pdf, CID_AFTER, TOUNICODE);
    extract3(&pdf, &r);
    check_cid(&r);
    result_free(&r);
    buf_free(&pdf);
}

static void test_tounicode_objstm(void **state)
{
    (void)state;
    struct buf pdf;
    struct result r;
    cid_pdf(&pdf, CID_OBJSTM, TOUNICODE);
    extract3(&pdf, &r);
    check_cid(&r);
    result_free(&r);
    buf_free(&pdf);
}

static void test_tounicode_resfirst(void **state)
{
    (void)state;
    struct buf pdf;
    struct result r;
    cid_pdf(&pdf, CID_RESFIRST, TOUNICODE);
    extract3(&pdf, &r);
    check_cid(&r);
    result_free(&r);
    buf_free(&pdf);
}

/* ---- text positions (textpos.c): runs apart on the page come out apart ---- */

/* The text of a one-page PDF with Helvetica /F1 and this content. */
static void positions(const char *content, struct result *r)
{
    struct buf pdf;
    simple_pdf(&pdf, content, 1, NULL);
    extract3(&pdf, r);
    buf_free(&pdf);
}

/* Table cells as Chromium and LibreOffice print them: a text object each,
 * here under Skia's flipped, scaled CTM. */
static void test_pos_cells(void **state)
{
    (void)state;
    struct result r;
    positions("q .24 0 0 -.24 0 792 cm q 3.125 0 0 3.125 0 0 cm\n"
              "BT /F1 10 Tf 1 0 0 -1 10 40 Tm (Name) Tj ET BT 1 0 0 -1 100 40 Tm (E-mail) Tj ET\n"
              "BT 1 0 0 -1 10 60 Tm (Ann Lee) Tj ET BT 1 0 0 -1 100 60 Tm (ann@example.com) Tj ET\n"
              /* wider than its column by the estimate: the column's x still says tab */
              "BT 1 0 0 -1 10 80 Tm (Christopher Columbus) Tj ET\n"
              "BT 1 0 0 -1 100 80 Tm (cc@example.com) Tj ET\n"
              /* a new object just past the last: a space; drawn again over it: a newline */
              "BT 1 0 0 -1 10 100 Tm (Jo) Tj ET BT 1 0 0 -1 23 100 Tm (Ann) Tj ET\n"
              "BT 1 0 0 -1 23.3 100 Tm (Ann) Tj ET Q Q\n",
              &r);
    assert_has(&r, "Name\tE-mail\nAnn Lee\tann@example.com\n"
                   "Christopher Columbus\tcc@example.com\nJo Ann\nAnn\n");
    result_free(&r);
}

/* Glyphs placed one at a time with their advances (Skia), wide ones too:
 * one word. Along a rotated line as well. */
static void test_pos_glyphs(void **state)
{
    (void)state;
    struct result r;
    positions("BT /F1 10 Tf 10 700 Td (W) Tj 10.2 0 Td (@) Tj 10.15 0 Td (m) Tj 9.2 0 Td (i) Tj"
              " 2.22 0 Td (l) Tj 2.3 0 Td (W) Tj ET\n"
              "BT /F1 12 Tf 0 1 -1 0 300 100 Tm (Up) Tj 0 1 -1 0 300 115.34 Tm (wards) Tj ET\n",
              &r);
    assert_has(&r, "W@milW\n\nUpwards\n"); /* elsewhere on the page: a paragraph */
    result_free(&r);
}

/* pdfTeX and cairo: word gaps as TJ numbers, cells as Td moves, kerning
 * inside words; cells moved into place by cm. */
static void test_pos_tj_td(void **state)
{
    (void)state;
    struct result r;
    positions("BT /F1 10 Tf 72 700 Td [(Ann) -250 (Lee) -1200 (ann@exa) 30 (mple.com) -150 (x)] TJ\n"
              "0 -12 Td (Name) Tj 80 0 Td (Phone) Tj -80 -12 Td [(B) 20 (ob) -333 (Li)] TJ"
              " 80 0 Td (555 0100) Tj ET\n"
              "q 1 0 0 1 100 500 cm BT /F1 9 Tf 0 0 Td (left) Tj ET Q\n"
              "q 1 0 0 1 200 500 cm BT /F1 9 Tf 0 0 Td (right) Tj ET Q\n"
              /* Tz, Tc and Tw widen a run: the next one placed after it is no gap */
              "BT /F1 10 Tf 200 Tz 2 Tc 5 Tw 72 300 Td (a b) Tj 49.8 0 Td (c) Tj ET\n",
              &r);
    assert_has(&r, "Ann Lee\tann@example.comx\nName\tPhone\nBob Li\t555 0100\n\n"
                   "left\tright\n\na bc\n");
    result_free(&r);
}

/* Paragraphs: a gap of a blank line ends one (a blank line out, so that a
 * paragraph is a record); double-spaced lines stay lines once their gap is
 * seen, and a gap wider than theirs by a third is a paragraph again. */
static void test_pos_paragraphs(void **state)
{
    (void)state;
    struct result r;
    positions("BT /F1 10 Tf 72 700 Td (Jane Roe) Tj 0 -12 Td (jane@example.com) Tj"
              " 0 -24 Td (Bob Li) Tj 0 -12 Td (bob@example.com) Tj ET\n",
              &r);
    assert_has(&r, "Jane Roe\njane@example.com\n\nBob Li\nbob@example.com\n");
    result_free(&r);
    positions("BT /F1 10 Tf 72 700 Td (Jane Roe) Tj 0 -24 Td (jane@example.com) Tj"
              " 0 -24 Td (Ann Lee) Tj 0 -36 Td (Bob Li) Tj 0 -24 Td (bob@example.com) Tj ET\n",
              &r);
    /* the first gap, with no line gap seen before it, is judged alone */
    assert_has(&r, "Jane Roe\n\njane@example.com\nAnn Lee\n\nBob Li\nbob@example.com\n");
    result_free(&r);
}

/* Numbers no layout has: no crash, no NaN decisions, the text still out. */
static void test_pos_hostile(void **state)
{
    (void)state;
    struct result r;
    positions("BT 1e999 0 0 1e999 1e999 -1e999 Tm (a) Tj 1e308 1e308 Td (b) Tj -1e308 0 Td (c) Tj"
              " 0 0 0 0 0 0 Tm (d) Tj 0 Tz 1e300 Tc [(e) -1e300 (f) 1e300 (g)] TJ ET\n"
              "q q q q q q q q q q q q q q q q q q q q Q Q Q Q Q Q Q Q Q Q Q Q Q Q Q Q Q Q Q Q Q Q Q\n"
              "1e300 0 0 1e300 0 0 cm 1e300 0 0 1e300 0 0 cm 0 0 0 0 0 0 cm Tm Td cm\n"
              "BT -5 Tf (h) Tj ET\n",
              &r);
    for (const char *c = "abcdefgh"; *c; c++) {
        char one[2] = {*c, 0};
        assert_has(&r, one);
    }
    result_free(&r);
}

/* A font whose CMap never arrives, or a font never defined: raw at the end. */
static void test_tounicode_missing(void **state)
{
    (void)state;
    struct buf pdf;
    struct result r;
    const char *c = "BT /F9 12 Tf (undefined font) Tj ET BT /F1 9 Tf (cmap lost) Tj ET";
    struct pdfw w;
    pdf_begin(&w);
    obj(&w, 1, "<< /Type /Catalog /Pages 2 0 R >>");
    obj(&w, 3, "<< /Type /Page /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>");
    stream_obj(&w, 4, "", c, strlen(c), 1, -1);
    obj(&w, 5, "<< /Type /Font /Subtype /Type0 /Encoding /Identity-H /ToUnicode 8 0 R >>");
    pdf_end(&w, 1, 0);
    pdf = w.out;
    extract3(&pdf, &r);
    assert_has(&r, "undefined font\ncmap lost\n");
    assert_int_equal(r.cmaps, 0);
    result_free(&r);
    buf_free(&pdf);
}

/* Broken CMaps: nothing crashes; the valid entries still work. */
static void test_cmap_malformed(void **state)
{
    (void)state;
    static const char *bad[] = {
        /* odd lengths, missing operands, names as destinations, stray
         * brackets, a length mismatch, lo > hi, an unterminated array */
        "begincmap 1 begincodespacerange <00> endcodespacerange\n"
        "beginbfchar <0003> /at <0003> <0040> <01> <> <0102030405> <0041> <0004>\n"
        "endbfchar beginbfrange <0120> <017E> <0020> <0200> <01> <0041> <0300> <0200> <0041>\n"
        "] [ <0010> <0019> [<0030> <0031> <0032> <0033> <0034> <0035> <0036> <0037> <0038>"
        " <0039> <0040> <0041>] <0005> <0006> [ [ ] endbfrange\n"
        "beginbfchar (lit) <0041> <FEFF> <FEFF0041> <1234> <D800> endbfchar endcmap",
        /* a truncated CMap */
        "begincmap 1 beginbfchar <0003> <00",
        /* garbage after begincmap */
        "begincmap \x01\x02\x03 <<< >>> [[[ ]]] (((  <zz> beginbfrange <0120> <017E",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct buf pdf;
        struct result r;
        cid_pdf(&pdf, i % 2 ? CID_AFTER : CID_BEFORE, bad[i]);
        extract3(&pdf, &r);
        assert_has(&r, "plain text\n");
        if (i == 1) /* no entry survived: the font is shown raw */
            assert_has(&r, "\x01\x4d\x01\x61");
        if (i == 0) {
            assert_has(&r, "Mail: jane.doe@example.com\nCard 4111 1111 1111 1111\n");
            assert_int_equal(r.cmaps, 1);
        }
        assert_true(r.text.n < 4096);
        result_free(&r);
        buf_free(&pdf);
    }
}

/* Huge ranges are stored, not expanded; too many entries hit the caps. */
static void test_cmap_huge(void **state)
{
    (void)state;
    struct buf cm = {0}, pdf;
    struct result r;
    clock_t t0 = clock();
    buf_str(&cm, "begincmap\n1 begincodespacerange <0000> <FFFF> endcodespacerange\n"
                 "beginbfrange\n<00000000> <FFFFFFFF> <0020>\n<0000> <FFFF> <FFF0>\n");
    for (unsigned i = 0; i < 6000; i++) /* more ranges than kept */
        buf_fmt(&cm, "<%04X> <%04X> <0041>\n", 0x8000 + i, 0x8000 + i);
    buf_str(&cm, "<0000> <FFFF> [");
    for (unsigned i = 0; i < 70000; i++) /* more array items than the range and the cap */
        buf_str(&cm, "<0058>");
    buf_str(&cm, "]\nendbfrange\n2 beginbfrange <0120> <017E> <0020> <0010> <0019> <0030> "
                 "endbfrange 1 beginbfchar <0003> <0040> endbfchar\n");
    buf_str(&cm, "beginbfchar\n");
    for (unsigned i = 0; i < 100000; i++) /* more codes than kept */
        buf_fmt(&cm, "<%04X> <0042>\n", (i * 7u) & 0xFFFF);
    buf_str(&cm, "endbfchar endcmap\n");
    cid_pdf(&pdf, CID_AFTER, (const char *)cm.d);
    extract(pdf.d, pdf.n, 0, &r);
    assert_int_equal(r.cmaps, 1);
    assert_has(&r, "plain text\n");
    assert_true(r.text.n < 4096);
    result_free(&r);
    assert_true((double)(clock() - t0) / CLOCKS_PER_SEC < 10.0);
    buf_free(&pdf);
    buf_free(&cm);
}

/* More held text than the hold keeps: the rest is emitted raw at once and
 * counted; nothing is lost. */
static void test_hold_overflow(void **state)
{
    (void)state;
    struct buf c = {0}, pdf;
    struct result r;
    char line[128];
    memset(line, 'A', sizeof line);
    buf_str(&c, "BT /F1 12 Tf\n");
    for (int i = 0; i < 80000; i++) { /* 80000 * 128 bytes > 8 MiB */
        buf_add(&c, "(", 1);
        buf_add(&c, line, sizeof line);
        buf_str(&c, ") Tj\n");
    }
    buf_str(&c, "(last@example.com) Tj ET\n");
    struct pdfw w;
    pdf_begin(&w);
    obj(&w, 1, "<< /Type /Catalog /Pages 2 0 R >>");
    obj(&w, 3, "<< /Type /Page /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>");
    stream_obj(&w, 4, "", c.d, c.n, 1, -1);
    obj(&w, 5, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
    pdf_end(&w, 1, 0);
    pdf = w.out;
    extract(pdf.d, pdf.n, 0, &r);
    assert_true(r.overflows > 0);
    assert_true(r.text.n >= 80000u * 128u);
    assert_has(&r, "last@example.com");
    result_free(&r);
    /* the random-piece run agrees */
    struct result rnd;
    extract(pdf.d, pdf.n, (size_t)-1, &r);
    extract(pdf.d, pdf.n, 0, &rnd);
    assert_int_equal(r.text.n, rnd.text.n);
    assert_int_equal(r.overflows, rnd.overflows);
    result_free(&r);
    result_free(&rnd);
    buf_free(&pdf);
    buf_free(&c);
}

/* The tokenizer takes string bytes, comments, white space, word bytes and
 * hex digits as runs: a string longer than one piece (64 KiB), literal and
 * hex, split where the piece is full; a comment, a word of more than 16
 * bytes and a CR inside a string around them; an object stream whose
 * second object follows a long string, so the byte count that places it
 * must be right; and a stream gone binary is still given up. Flate and
 * plain streams (fed in random pieces by extract3) say the same. */
static void test_tok_runs(void **state)
{
    (void)state;
    struct buf c = {0}, o = {0};
    buf_str(&c, "BT /F1 12 Tf % a comment (not a string) <41>\n(lit:");
    for (int i = 0; i < 70000; i++)
        buf_add(&c, "ABCDEFGHIJ" + i % 10, 1);
    buf_str(&c, ":end) Tj /AVeryLongNameOfMoreThanSixteenBytes 0 Td (x\r\ny) Tj\n<");
    for (int i = 0; i < 70000; i++)
        buf_str(&c, i % 2 ? "4A 4b" : "4c4D");
    buf_str(&c, "> Tj (after\\(hex\\)) Tj ET\n");
    buf_str(&o, "7 0 8 70012\n<< /V (");
    for (int i = 0; i < 70000; i++)
        buf_add(&o, "z", 1);
    buf_str(&o, ") >>\n<< /V (second object) >>\n");
    for (int flate = 0; flate <= 1; flate++) {
        struct pdfw w;
        struct result r;
        pdf_begin(&w);
        skeleton(&w);
        stream_obj(&w, 4, "", c.d, c.n, flate, -1);
        stream_obj(&w, 9, "/Type /ObjStm /N 2 /First 12", o.d, o.n, flate, -1);
        pdf_end(&w, 1, 0);
        extract3(&w.out, &r);
        /* A shown string longer than the operands held (64 KiB) is written
         * early and goes on after a line break: compared without them. */
        struct result flat = {0};
        for (size_t i = 0; i < r.text.n; i++)
            if (r.text.d[i] != '\n')
                buf_add(&flat.text, r.text.d + i, 1);
        buf_add(&flat.text, "", 0);
        /* the literal string whole, across its piece boundary */
        char *want = malloc(80000 + 16);
        assert_non_null(want);
        memcpy(want, "lit:", 4);
        for (int i = 0; i < 70000; i++)
            want[4 + i] = "ABCDEFGHIJ"[i % 10];
        memcpy(want + 70004, ":end", 5);
        assert_has(&flat, want);
        /* the hex string: 4C 4D 4A 4B ..., 140000 bytes */
        for (int i = 0; i < 40000; i++)
            memcpy(want + i * 2, i % 2 ? "JK" : "LM", 2);
        want[80000 - 1] = '\0';
        assert_has(&flat, want);
        free(want);
        result_free(&flat);
        assert_has(&r, "x\ny");
        assert_has(&r, "after(hex)");
        assert_hasnt(&r, "comment");
        assert_hasnt(&r, "VeryLong");
        assert_has(&r, "\nsecond object\n");
        assert_int_equal(r.streams, 2);
        assert_int_equal(r.errors, 0);
        result_free(&r);
        buf_free(&w.out);
    }
    /* a content stream that turns binary after its text: given up there */
    struct buf b = {0};
    buf_str(&b, "BT (before) Tj ET\n");
    for (int i = 0; i < 4096; i++)
        buf_add(&b, "\x01\x9f\xff\x00" + i % 4, 1);
    buf_str(&b, "\nBT (after junk) Tj ET\n");
    struct pdfw w;
    struct result r;
    pdf_begin(&w);
    skeleton(&w);
    stream_obj(&w, 4, "", b.d, b.n, 0, -1);
    pdf_end(&w, 1, 0);
    extract3(&w.out, &r);
    assert_has(&r, "before");
    assert_hasnt(&r, "after junk");
    result_free(&r);
    buf_free(&w.out);
    buf_free(&b);
    buf_free(&c);
    buf_free(&o);
}

/* Random mutations of a valid PDF for about a second: it must survive (the
 * sanitizers check memory) and never emit more text than it was given plus
 * what inflating could add. */
static void test_fuzz_loop(void **state)
{
    (void)state;
    struct pdfw w;
    struct result r;
    const char *c = "BT /F1 9 Tf [(ab) 3 (cd)] TJ T* <414243> Tj (x\\101\\n) ' ET BI ID \x01 EI";
    const char *objs = "7 0\n<< /V (v) /K <FEFF0041> >>\n";
    pdf_begin(&w);
    skeleton(&w);
    stream_obj(&w, 4, "", c, strlen(c), 1, -1);
    obj(&w, 6, "<< /Author (a@b.example) /K [(x) <41> << /N (nested) >>] >>");
    stream_obj(&w, 8, "/Type /ObjStm /N 1 /First 4", objs, strlen(objs), 1, -1);
    stream_obj(&w, 9, "", c, strlen(c), 0, -1);
    pdf_end(&w, 1, 6);
    unsigned char *m = malloc(w.out.n + 64);
    assert_non_null(m);
    srand(12345);
    clock_t t0 = clock();
    unsigned long runs = 0;
    while ((double)(clock() - t0) / CLOCKS_PER_SEC < 1.0) {
        size_t n = w.out.n;
        memcpy(m, w.out.d, n);
        int edits = 1 + rand() % 8;
        for (int e = 0; e < edits; e++) {
            size_t at = (size_t)rand() % n;
            switch (rand() % 4) {
            case 0: m[at] = (unsigned char)rand(); break;
            case 1: m[at] ^= (unsigned char)(1u << (rand() % 8)); break;
            case 2: n = at + 1; break; /* truncate */
            default: m[at] = "()<>[]\\/%\n\r se"[rand() % 15]; break;
            }
        }
        extract(m, n, runs % 2 ? (size_t)-1 : 0, &r);
        assert_true(r.text.n <= 1100 * n + 4096); /* deflate expands at most ~1032:1 */
        result_free(&r);
        runs++;
    }
    assert_true(runs > 10);
    free(m);
    buf_free(&w.out);
}

#ifdef PM_FUZZ
static void fuzz_emit(void *ctx, const char *text, size_t len)
{
    (void)ctx;
    (void)text;
    (void)len;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct pm_pdf *p = pm_pdf_new(fuzz_emit, NULL);
    if (!p)
        return 0;
    /* two pieces, cut where the first byte says, to exercise piece edges */
    size_t cut = size ? data[0] % (size + 1) : 0;
    pm_pdf_feed(p, data, cut);
    pm_pdf_feed(p, data + cut, size - cut);
    pm_pdf_finish(p);
    pm_pdf_free(p);
    return 0;
}
#else
int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_flate_tj),
        cmocka_unit_test(test_split_tj),
        cmocka_unit_test(test_hex_strings),
        cmocka_unit_test(test_octal_and_escapes),
        cmocka_unit_test(test_uncompressed_stream),
        cmocka_unit_test(test_flate_ends_in_cr),
        cmocka_unit_test(test_info_author),
        cmocka_unit_test(test_object_stream),
        cmocka_unit_test(test_utf16be),
        cmocka_unit_test(test_bytewise_identical),
        cmocka_unit_test(test_truncated),
        cmocka_unit_test(test_corrupt_deflate),
        cmocka_unit_test(test_lengths_and_filters),
        cmocka_unit_test(test_inline_image),
        cmocka_unit_test(test_hostile),
        cmocka_unit_test(test_inflate_limit),
        cmocka_unit_test(test_fuzz_loop),
        cmocka_unit_test(test_tounicode_before),
        cmocka_unit_test(test_tounicode_after),
        cmocka_unit_test(test_tounicode_objstm),
        cmocka_unit_test(test_tounicode_resfirst),
        cmocka_unit_test(test_pos_cells),
        cmocka_unit_test(test_pos_glyphs),
        cmocka_unit_test(test_pos_tj_td),
        cmocka_unit_test(test_pos_paragraphs),
        cmocka_unit_test(test_pos_hostile),
        cmocka_unit_test(test_tounicode_missing),
        cmocka_unit_test(test_cmap_malformed),
        cmocka_unit_test(test_cmap_huge),
        cmocka_unit_test(test_hold_overflow),
        cmocka_unit_test(test_tok_runs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
#endif
