/* test_mime.c — the streaming e-mail parser (extract/mail/).
 *
 * Each input is parsed under several cuts: the pull function returning 1 byte,
 * a few bytes or everything it is asked for, and the caller reading 1 byte,
 * 7 bytes or 64 KiB at a time. The parts and their decoded bytes must be the
 * same whatever the cuts. Hostile inputs (truncations at every length, deep
 * nesting, garbage, a 4 MB base64 line) must end without a crash or a hang.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "extract/mail/mime.h"

/* ---- harness ------------------------------------------------------------ */

struct memsrc {
    const unsigned char *p;
    size_t n, pos;
    size_t step;   /* most bytes handed out per pull, 0 = as many as asked */
    size_t fail_at; /* return -1 once pos reaches this (0 = never) */
};

static long mem_pull(void *ctx, void *buf, size_t n)
{
    struct memsrc *s = ctx;
    size_t k = s->n - s->pos;
    if (s->fail_at && s->pos >= s->fail_at)
        return -1;
    if (k > n)
        k = n;
    if (s->step && k > s->step)
        k = s->step;
    memcpy(buf, s->p + s->pos, k);
    s->pos += k;
    return (long)k;
}

struct got {
    struct pm_mime_part part;
    unsigned char *data;
    size_t len;
};

#define MAX_PARTS 4096

struct parsed {
    struct got *g;
    size_t n;
    int rc; /* last pm_mime_next result */
    struct pm_mime_stats st;
};

/* Parses in[0..n) whole: every part read to its end with reads of
 * read_step bytes (0 = 64 KiB) from a pull of pull_step bytes. */
static void parse_ex(const void *in, size_t n, size_t pull_step, size_t read_step,
                     struct parsed *out)
{
    struct memsrc src = {in, n, 0, pull_step, 0};
    struct pm_mime *m = pm_mime_new(mem_pull, &src);
    size_t rs = read_step ? read_step : 65536;
    unsigned char *buf = malloc(rs);
    assert_non_null(m);
    assert_non_null(buf);
    memset(out, 0, sizeof *out);
    out->g = calloc(MAX_PARTS, sizeof *out->g);
    assert_non_null(out->g);
    while ((out->rc = pm_mime_next(m, &out->g[out->n].part)) == 1) {
        struct got *g = &out->g[out->n];
        size_t cap = 0;
        long k;
        assert_true(out->n + 1 < MAX_PARTS);
        while ((k = pm_mime_read(m, buf, rs)) > 0) {
            assert_true((size_t)k <= rs);
            if (g->len + (size_t)k > cap) {
                cap = (g->len + (size_t)k) * 2;
                g->data = realloc(g->data, cap);
                assert_non_null(g->data);
            }
            memcpy(g->data + g->len, buf, (size_t)k);
            g->len += (size_t)k;
        }
        assert_int_equal(k, 0);
        assert_int_equal(pm_mime_read(m, buf, rs), 0); /* stays at the end */
        out->n++;
    }
    pm_mime_stats(m, &out->st);
    pm_mime_free(m);
    free(buf);
}

static void parsed_free(struct parsed *p)
{
    for (size_t i = 0; i < p->n; i++)
        free(p->g[i].data);
    free(p->g);
}

static void parse(const char *s, struct parsed *out) { parse_ex(s, strlen(s), 0, 0, out); }

/* The same parts and bytes whatever the cuts. */
static void same_under_cuts(const void *in, size_t n, const struct parsed *ref)
{
    static const size_t pulls[] = {1, 2, 3, 5, 64, 0};
    static const size_t reads[] = {1, 7, 0};
    for (size_t i = 0; i < sizeof pulls / sizeof pulls[0]; i++)
        for (size_t j = 0; j < sizeof reads / sizeof reads[0]; j++) {
            struct parsed p;
            parse_ex(in, n, pulls[i], reads[j], &p);
            assert_int_equal(p.rc, ref->rc);
            assert_int_equal(p.n, ref->n);
            for (size_t k = 0; k < p.n; k++) {
                assert_int_equal(p.g[k].part.kind, ref->g[k].part.kind);
                assert_string_equal(p.g[k].part.content_type, ref->g[k].part.content_type);
                assert_string_equal(p.g[k].part.filename, ref->g[k].part.filename);
                assert_int_equal(p.g[k].part.message, ref->g[k].part.message);
                assert_int_equal(p.g[k].len, ref->g[k].len);
                if (p.g[k].len)
                    assert_memory_equal(p.g[k].data, ref->g[k].data, p.g[k].len);
            }
            parsed_free(&p);
        }
}

static void expect_part(const struct parsed *p, size_t i, enum pm_mime_kind kind,
                        const char *ctype, const char *filename, const char *text)
{
    assert_true(i < p->n);
    assert_int_equal(p->g[i].part.kind, kind);
    assert_string_equal(p->g[i].part.content_type, ctype);
    assert_string_equal(p->g[i].part.filename, filename);
    if (text) {
        size_t n = strlen(text);
        size_t d = 0;
        while (d < n && d < p->g[i].len && p->g[i].data[d] == (unsigned char)text[d])
            d++;
        if (p->g[i].len != n || d < n)
            fail_msg("part %zu: expected %zu bytes, got %zu; they differ at %zu: "
                     "expected [%.40s], got [%.*s]",
                     i, n, p->g[i].len, d, text + d,
                     (int)(p->g[i].len - d < 40 ? p->g[i].len - d : 40),
                     p->g[i].data ? (const char *)p->g[i].data + d : "");
    }
}

/* Does the part's data contain s? */
static int holds(const struct got *g, const char *s)
{
    size_t n = strlen(s);
    for (size_t i = 0; g->len >= n && i + n <= g->len; i++)
        if (memcmp(g->data + i, s, n) == 0)
            return 1;
    return 0;
}

/* Base64 with lines of `line` characters (0 = one line) ended by eol. */
static char *b64enc(const unsigned char *in, size_t n, size_t line, const char *eol)
{
    static const char al[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    size_t cap = (n + 2) / 3 * 4 * 2 + 64, o = 0, col = 0;
    char *out = malloc(cap);
    assert_non_null(out);
    for (size_t i = 0; i < n; i += 3) {
        unsigned v = (unsigned)in[i] << 16;
        if (i + 1 < n)
            v |= (unsigned)in[i + 1] << 8;
        if (i + 2 < n)
            v |= in[i + 2];
        char q[4] = {al[(v >> 18) & 63], al[(v >> 12) & 63], i + 1 < n ? al[(v >> 6) & 63] : '=',
                     i + 2 < n ? al[v & 63] : '='};
        for (int k = 0; k < 4; k++) {
            out[o++] = q[k];
            if (line && ++col == line) {
                for (const char *e = eol; *e; e++)
                    out[o++] = *e;
                col = 0;
            }
        }
    }
    if (!line || col)
        for (const char *e = eol; *e; e++)
            out[o++] = *e;
    out[o] = '\0';
    return out;
}

/* A growable string for building inputs. */
struct sb {
    char *p;
    size_t n, cap;
};

static void sb_add(struct sb *b, const void *s, size_t n)
{
    if (n > ((size_t)1 << 30)) /* bounds for GCC -O2's overflow warnings (Release) */
        abort();
    if (b->n + n + 1 > b->cap) {
        b->cap = (b->n + n + 1) * 2;
        b->p = realloc(b->p, b->cap);
        assert_non_null(b->p);
    }
    memcpy(b->p + b->n, s, n);
    b->n += n;
    b->p[b->n] = '\0';
}

static void sb_str(struct sb *b, const char *s) { sb_add(b, s, strlen(s)); }

static void sb_fmt(struct sb *b, const char *fmt, ...)
{
    char tmp[1024];
    va_list ap;
    va_start(ap, fmt);
    int k = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    assert_true(k >= 0 && (size_t)k < sizeof tmp);
    sb_add(b, tmp, (size_t)k);
}

/* LF line ends to CRLF. */
static char *crlf(const char *s)
{
    struct sb b = {0};
    for (; *s; s++) {
        if (*s == '\n')
            sb_add(&b, "\r", 1);
        sb_add(&b, s, 1);
    }
    return b.p;
}

static uint32_t rnd_state;
static uint32_t rnd(void)
{
    rnd_state = rnd_state * 1103515245u + 12345u;
    return rnd_state >> 8;
}

/* A small zip archive (staff.csv, deflated) with planted values. */
static const unsigned char zip_bytes[] = {
    0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00, 0x08, 0x00, 0xc0, 0x4b,
    0x25, 0x58, 0x14, 0x63, 0xc2, 0x34, 0x64, 0x00, 0x00, 0x00, 0x6c, 0x00,
    0x00, 0x00, 0x09, 0x00, 0x00, 0x00, 0x73, 0x74, 0x61, 0x66, 0x66, 0x2e,
    0x63, 0x73, 0x76, 0xcb, 0x4b, 0xcc, 0x4d, 0xd5, 0x49, 0xcd, 0x4d, 0xcc,
    0xcc, 0xd1, 0x29, 0xc8, 0xc8, 0xcf, 0x4b, 0xe5, 0xe5, 0x72, 0xcc, 0xc9,
    0x4c, 0x4e, 0xd5, 0x49, 0x04, 0x91, 0x0e, 0xa9, 0x15, 0x89, 0xb9, 0x05,
    0x39, 0xa9, 0x7a, 0xc9, 0xf9, 0xb9, 0x3a, 0x1a, 0x26, 0x86, 0xa6, 0x9a,
    0x0a, 0xa6, 0xa6, 0xa6, 0xba, 0x46, 0x66, 0xe6, 0x86, 0xbc, 0x5c, 0x4e,
    0xf9, 0x49, 0x3a, 0x49, 0xf9, 0x49, 0x70, 0x35, 0xf9, 0x45, 0xe9, 0x3a,
    0xda, 0x26, 0x26, 0x0a, 0x46, 0x06, 0x0a, 0xe6, 0x96, 0x26, 0x66, 0x0a,
    0x06, 0x96, 0xa6, 0x16, 0xbc, 0x5c, 0xba, 0xba, 0x49, 0xf9, 0xa5, 0x79,
    0x29, 0x89, 0x45, 0x95, 0xbc, 0x5c, 0x00, 0x50, 0x4b, 0x01, 0x02, 0x14,
    0x03, 0x14, 0x00, 0x00, 0x00, 0x08, 0x00, 0xc0, 0x4b, 0x25, 0x58, 0x14,
    0x63, 0xc2, 0x34, 0x64, 0x00, 0x00, 0x00, 0x6c, 0x00, 0x00, 0x00, 0x09,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x80,
    0x01, 0x00, 0x00, 0x00, 0x00, 0x73, 0x74, 0x61, 0x66, 0x66, 0x2e, 0x63,
    0x73, 0x76, 0x50, 0x4b, 0x05, 0x06, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00,
    0x01, 0x00, 0x37, 0x00, 0x00, 0x00, 0x8b, 0x00, 0x00, 0x00, 0x00, 0x00,
};

/* ---- tests -------------------------------------------------------------- */

static void test_plain(void **state)
{
    (void)state;
    const char *in = "From: Alice Example <alice@example.com>\r\n"
                     "To: bob@example.org\r\n"
                     "Subject: Hello\r\n"
                     "\r\n"
                     "Hi Bob,\r\n"
                     "call me at (415) 555-2671.\r\n";
    struct parsed p;
    parse(in, &p);
    assert_int_equal(p.rc, 0);
    assert_int_equal(p.n, 2);
    expect_part(&p, 0, PM_MIME_HEADERS, "text/rfc822-headers", "",
                "From: Alice Example <alice@example.com>\nTo: bob@example.org\n"
                "Subject: Hello\n");
    assert_int_equal(p.g[0].part.message, 1);
    expect_part(&p, 1, PM_MIME_TEXT, "text/plain", "", "Hi Bob,\r\ncall me at (415) 555-2671.\r\n");
    assert_int_equal(p.g[1].part.message, 1);
    same_under_cuts(in, strlen(in), &p);
    parsed_free(&p);

    /* LF only, no final line break, folded header. */
    in = "Subject: a long\n\tsubject line\nX-Empty:\n\nline one\nlast line";
    parse(in, &p);
    assert_int_equal(p.n, 2);
    expect_part(&p, 0, PM_MIME_HEADERS, "text/rfc822-headers", "",
                "Subject: a long\tsubject line\nX-Empty:\n");
    expect_part(&p, 1, PM_MIME_TEXT, "text/plain", "", "line one\nlast line");
    parsed_free(&p);
}

static const char alt_qp[] =
    "From: hr@acme-corp.com\n"
    "MIME-Version: 1.0\n"
    "Content-Type: multipart/alternative;\n"
    " boundary=\"==alt==\"\n"
    "\n"
    "--==alt==\n"
    "Content-Type: text/plain; charset=utf-8\n"
    "Content-Transfer-Encoding: quoted-printable\n"
    "\n"
    "Caf=C3=A9 soft=\n"
    "break, =3D sign, bad =ZZ and =4 end, lower =c3=a9\n"
    "trailing spaces   \n"
    "pad soft=  \n"
    "x\n"
    "last=\n"
    "--==alt==  \n"
    "Content-Type: text/html; charset=utf-8\n"
    "Content-Transfer-Encoding: quoted-printable\n"
    "\n"
    "<p>Call <b>(415) 555-2671</b></p>\n"
    "\n"
    "--==alt==--\n"
    "epilogue is skipped when blank\n";

static void test_alternative_qp(void **state)
{
    (void)state;
    struct parsed p;
    parse(alt_qp, &p);
    assert_int_equal(p.rc, 0);
    assert_int_equal(p.n, 4);
    expect_part(&p, 0, PM_MIME_HEADERS, "text/rfc822-headers", "", NULL);
    assert_true(holds(&p.g[0], "Content-Type: multipart/alternative; boundary=\"==alt==\"\n"));
    expect_part(&p, 1, PM_MIME_TEXT, "text/plain", "",
                "Caf\xc3\xa9 softbreak, = sign, bad =ZZ and =4 end, lower \xc3\xa9\n"
                "trailing spaces\n"
                "pad softx\n"
                "last");
    expect_part(&p, 2, PM_MIME_TEXT, "text/html", "", "<p>Call <b>(415) 555-2671</b></p>\n");
    /* The epilogue holds text, so it is handed out too. */
    expect_part(&p, 3, PM_MIME_TEXT, "text/plain", "", "epilogue is skipped when blank\n");
    same_under_cuts(alt_qp, strlen(alt_qp), &p);

    /* CRLF gives the same text with CRLF line ends. */
    char *c = crlf(alt_qp);
    struct parsed q;
    parse(c, &q);
    assert_int_equal(q.n, 4);
    expect_part(&q, 1, PM_MIME_TEXT, "text/plain", "",
                "Caf\xc3\xa9 softbreak, = sign, bad =ZZ and =4 end, lower \xc3\xa9\r\n"
                "trailing spaces\r\n"
                "pad softx\r\n"
                "last");
    expect_part(&q, 2, PM_MIME_TEXT, "text/html", "", "<p>Call <b>(415) 555-2671</b></p>\r\n");
    same_under_cuts(c, strlen(c), &q);
    parsed_free(&q);
    free(c);
    parsed_free(&p);
}

static void test_base64_text(void **state)
{
    (void)state;
    const char *text = "Dear Jos\xc3\xa9,\nyour card 4111 1111 1111 1111 was charged.\n"
                       "Questions: billing@acme-corp.com or +44 20 7946 0958.\n";
    char *enc = b64enc((const unsigned char *)text, strlen(text), 20, "\r\n");
    struct sb in = {0};
    sb_str(&in, "Content-Type: text/plain; charset=utf-8\r\n"
                "Content-Transfer-Encoding: BASE64\r\n\r\n");
    /* Whitespace and junk inside the base64 are ignored. */
    sb_str(&in, " \t");
    sb_str(&in, enc);
    struct parsed p;
    parse(in.p, &p);
    assert_int_equal(p.n, 2);
    expect_part(&p, 1, PM_MIME_TEXT, "text/plain", "", text);
    same_under_cuts(in.p, in.n, &p);
    parsed_free(&p);
    free(enc);
    free(in.p);
}

/* A multipart/mixed mail with a text part and the zip (base64, or binary). */
static char *zip_mail(size_t line, const char *eol, int binary, size_t *len)
{
    struct sb b = {0};
    sb_fmt(&b, "From: payroll@acme-corp.com%sSubject: export%s"
               "Content-Type: multipart/mixed; boundary=\"b1\"%s%s",
           eol, eol, eol, eol);
    sb_fmt(&b, "--b1%sContent-Type: text/plain%s%sSee attached.%s", eol, eol, eol, eol);
    sb_fmt(&b, "--b1%sContent-Type: application/zip; name=\"staff.zip\"%s"
               "Content-Disposition: attachment; filename=\"staff.zip\"%s",
           eol, eol, eol);
    if (binary) {
        sb_fmt(&b, "Content-Transfer-Encoding: binary%s%s", eol, eol);
        sb_add(&b, zip_bytes, sizeof zip_bytes);
        sb_str(&b, eol);
    } else {
        char *enc = b64enc(zip_bytes, sizeof zip_bytes, line, eol);
        sb_fmt(&b, "Content-Transfer-Encoding: base64%s%s", eol, eol);
        sb_str(&b, enc);
        free(enc);
    }
    sb_fmt(&b, "--b1--%s", eol);
    *len = b.n;
    return b.p;
}

static void test_attachment(void **state)
{
    (void)state;
    static const size_t lines[] = {76, 4, 0};
    static const char *const eols[] = {"\r\n", "\n"};
    for (size_t e = 0; e < 2; e++)
        for (int bin = 0; bin < 2; bin++)
            for (size_t l = 0; l < 3; l++) {
                size_t n;
                char *in = zip_mail(lines[l], eols[e], bin, &n);
                struct parsed p;
                parse_ex(in, n, 0, 0, &p);
                assert_int_equal(p.rc, 0);
                assert_int_equal(p.n, 3);
                expect_part(&p, 1, PM_MIME_TEXT, "text/plain", "", "See attached.");
                expect_part(&p, 2, PM_MIME_ATTACHMENT, "application/zip", "staff.zip", NULL);
                assert_int_equal(p.g[2].len, sizeof zip_bytes);
                assert_memory_equal(p.g[2].data, zip_bytes, sizeof zip_bytes);
                same_under_cuts(in, n, &p);
                parsed_free(&p);
                free(in);
            }
}

/* Binary data full of line breaks, dashes and CRs, ending in a CR. */
static void test_binary_exact(void **state)
{
    (void)state;
    unsigned char data[70000];
    rnd_state = 7;
    for (size_t i = 0; i < sizeof data; i++) {
        uint32_t r = rnd() % 16;
        data[i] = r == 0 ? '\r' : r == 1 ? '\n' : r == 2 ? '-' : (unsigned char)rnd();
    }
    memcpy(data + 100, "\r\n--b1\r\n", 8); /* not a boundary: it's "--b1" inside */
    memcpy(data + 65535, "\r\n", 2);       /* a CRLF across the input buffer edge */
    data[sizeof data - 1] = '\r';
    struct sb b = {0};
    sb_str(&b, "Content-Type: multipart/mixed; boundary=\"b1-x\"\r\n\r\n"
               "--b1-x\r\nContent-Type: application/octet-stream\r\n"
               "Content-Transfer-Encoding: binary\r\n\r\n");
    sb_add(&b, data, sizeof data);
    sb_str(&b, "\r\n--b1-x--\r\n");
    struct parsed p;
    parse_ex(b.p, b.n, 0, 0, &p);
    assert_int_equal(p.n, 2);
    expect_part(&p, 1, PM_MIME_ATTACHMENT, "application/octet-stream", "", NULL);
    assert_int_equal(p.g[1].len, sizeof data);
    assert_memory_equal(p.g[1].data, data, sizeof data);
    same_under_cuts(b.p, b.n, &p);
    parsed_free(&p);
    free(b.p);
}

/* A 4 MB attachment as one base64 line of 5.6 MB. */
static void test_long_line(void **state)
{
    (void)state;
    size_t n = 4u << 20;
    unsigned char *data = malloc(n);
    assert_non_null(data);
    rnd_state = 99;
    for (size_t i = 0; i < n; i++)
        data[i] = (unsigned char)rnd();
    char *enc = b64enc(data, n, 0, "\r\n");
    struct sb b = {0};
    sb_str(&b, "Content-Type: multipart/mixed; boundary=XYZ\r\n\r\n--XYZ\r\n"
               "Content-Type: application/octet-stream; name=big.bin\r\n"
               "Content-Transfer-Encoding: base64\r\n\r\n");
    sb_str(&b, enc);
    sb_str(&b, "--XYZ\r\nContent-Type: text/plain\r\n\r\nafter\r\n--XYZ--\r\n");
    free(enc);
    static const size_t pulls[] = {0, 1, 4093};
    static const size_t reads[] = {0, 1000};
    for (size_t i = 0; i < 3; i++)
        for (size_t j = 0; j < 2; j++) {
            struct parsed p;
            parse_ex(b.p, b.n, pulls[i], reads[j], &p);
            assert_int_equal(p.n, 3);
            expect_part(&p, 1, PM_MIME_ATTACHMENT, "application/octet-stream", "big.bin", NULL);
            assert_int_equal(p.g[1].len, n);
            assert_memory_equal(p.g[1].data, data, n);
            expect_part(&p, 2, PM_MIME_TEXT, "text/plain", "", "after");
            parsed_free(&p);
        }
    free(b.p);
    free(data);
}

/* A text line far longer than the input buffer, with boundary look-alikes. */
static void test_long_text_line(void **state)
{
    (void)state;
    struct sb b = {0}, want = {0};
    sb_str(&b, "Content-Type: multipart/mixed; boundary=\"q\"\n\n--q\n\n");
    for (int i = 0; i < 30000; i++)
        sb_fmt(&want, "--q %d ", i);
    sb_str(&want, "\n--qq\n--q--x\n--q -- \n");
    sb_add(&b, want.p, want.n);
    sb_str(&b, "\n--q--\n");
    /* the line break before the boundary is not content: want ends in one */
    struct parsed p;
    parse_ex(b.p, b.n, 0, 0, &p);
    assert_int_equal(p.n, 2);
    expect_part(&p, 1, PM_MIME_TEXT, "text/plain", "", want.p);
    same_under_cuts(b.p, b.n, &p);
    parsed_free(&p);
    free(b.p);
    free(want.p);
}

/* A quoted-printable line far longer than the input buffer: escapes and
 * whitespace runs cut at every possible place between pieces. */
static void test_qp_long_line(void **state)
{
    (void)state;
    struct sb b = {0}, want = {0};
    sb_str(&b, "Content-Type: text/plain\nContent-Transfer-Encoding: quoted-printable\n\n");
    for (int i = 0; i < 20000; i++) {
        sb_str(&b, i % 7 ? "ab=C3=A9 \t" : "x=\t \n");
        sb_str(&want, i % 7 ? "ab\xc3\xa9 \t" : "x");
    }
    sb_str(&b, "=3D end   \nnext");
    sb_str(&want, "= end\nnext");
    struct parsed p;
    static const size_t pulls[] = {0, 1, 7};
    for (size_t i = 0; i < 3; i++) {
        parse_ex(b.p, b.n, pulls[i], 0, &p);
        assert_int_equal(p.n, 2);
        expect_part(&p, 1, PM_MIME_TEXT, "text/plain", "", want.p);
        parsed_free(&p);
    }
    free(b.p);
    free(want.p);
}

static void test_rfc2047_headers(void **state)
{
    (void)state;
    const char *in =
        "From: =?iso-8859-1?Q?Andr=E9_M=FCller?= <andre.mueller@example.de>\r\n"
        "To: =?utf-8?B?Sm9zw6kgR2FyY8OtYQ==?= <jose@example.com>, \"Plain\" <p@example.com>\r\n"
        "Subject: =?utf-8?q?Card_4111_1111?=\r\n"
        " =?UTF-8?Q?_1111_1111_for_J=C3=BCrgen?= ok\r\n"
        "Cc: a=?b, =?bogus?X?abc?=, =?utf-8*en?q?lang_tag?=, =?utf-8?b?dHJ1bmM?=\r\n"
        "Reply-To: =?windows-1252?Q?=8Aimon_Ko=9Ea_=96_=80?= <s@example.cz>,\r\n"
        " =?iso-8859-15?Q?Zo=E9_=B8ak_=A4?= <z@example.fr>\r\n"
        "X-Broken: =?utf-8?q?no end\r\n"
        "\r\n"
        "body\r\n";
    struct parsed p;
    parse(in, &p);
    assert_int_equal(p.n, 2);
    expect_part(&p, 0, PM_MIME_HEADERS, "text/rfc822-headers", "",
                "From: Andr\xc3\xa9 M\xc3\xbcller <andre.mueller@example.de>\n"
                "To: Jos\xc3\xa9 Garc\xc3\xad" "a <jose@example.com>, \"Plain\" <p@example.com>\n"
                "Subject: Card 4111 1111 1111 1111 for J\xc3\xbcrgen ok\n"
                "Cc: a=?b, =?bogus?X?abc?=, lang tag, trunc\n"
                "Reply-To: \xc5\xa0imon Ko\xc5\xbe" "a \xe2\x80\x93 \xe2\x82\xac <s@example.cz>, "
                "Zo\xc3\xa9 \xc5\xbe" "ak \xe2\x82\xac <z@example.fr>\n"
                "X-Broken: =?utf-8?q?no end\n");
    same_under_cuts(in, strlen(in), &p);
    parsed_free(&p);
}

static void test_rfc2231_filename(void **state)
{
    (void)state;
    const char *in =
        "Content-Type: multipart/mixed; boundary=\"f\"\n\n"
        "--f\n"
        "Content-Type: application/pdf\n"
        "Content-Disposition: attachment;\n"
        " filename*=utf-8''%E2%82%AC%20Gehalt%20M%C3%BCller.pdf\n"
        "Content-Transfer-Encoding: base64\n\n"
        "JVBERi0=\n"
        "--f\n"
        "Content-Type: application/vnd.ms-excel\n"
        "Content-Disposition: attachment; filename*0*=iso-8859-1''Lohn%FC;\n"
        "\tfilename*1=\"bersicht \"; filename*2=\"2024.xlsx\"\n\n"
        "x\n"
        "--f\n"
        "Content-Type: application/octet-stream\n"
        "Content-Disposition: inline; filename=\"=?utf-8?B?U3TDpGZmIGxpc3QuY3N2?=\"\n\n"
        "y\n"
        "--f\n"
        "Content-Type: image/png; name=\"scan \\\"1\\\".png\"\n\n"
        "z\n"
        "--f\n"
        "Content-Type: text/plain\n"
        "Content-Disposition: attachment\n\n"
        "notes\n"
        "--f\n"
        "Content-Type: application/pdf\n"
        "Content-Disposition: attachment; filename=Annual Report 2024.pdf ; size=3\n\n"
        "w\n"
        "--f--\n";
    struct parsed p;
    parse(in, &p);
    assert_int_equal(p.n, 7);
    expect_part(&p, 1, PM_MIME_ATTACHMENT, "application/pdf",
                "\xe2\x82\xac Gehalt M\xc3\xbcller.pdf", "%PDF-");
    expect_part(&p, 2, PM_MIME_ATTACHMENT, "application/vnd.ms-excel",
                "Lohn\xc3\xbc" "bersicht 2024.xlsx", "x");
    expect_part(&p, 3, PM_MIME_ATTACHMENT, "application/octet-stream",
                "St\xc3\xa4" "ff list.csv", "y");
    expect_part(&p, 4, PM_MIME_ATTACHMENT, "image/png", "scan \"1\".png", "z");
    expect_part(&p, 5, PM_MIME_ATTACHMENT, "text/plain", "", "notes");
    expect_part(&p, 6, PM_MIME_ATTACHMENT, "application/pdf", "Annual Report 2024.pdf", "w");
    same_under_cuts(in, strlen(in), &p);
    parsed_free(&p);
}

static const char nested[] =
    "From: a@example.com\n"
    "Content-Type: multipart/mixed; boundary=\"outer\"\n"
    "\n"
    "This is a multi-part message in MIME format.\n"
    "--outer\n"
    "Content-Type: multipart/alternative; boundary=\"alt\"\n"
    "\n"
    "--alt\n"
    "Content-Type: text/plain\n"
    "\n"
    "plain body\n"
    "--alt\n"
    "Content-Type: multipart/related; boundary=\"rel\"; type=\"text/html\"\n"
    "\n"
    "--rel\n"
    "Content-Type: text/html\n"
    "\n"
    "<p>html body</p>\n"
    "--rel\n"
    "Content-Type: image/png\n"
    "Content-Transfer-Encoding: base64\n"
    "Content-ID: <img1>\n"
    "\n"
    "iVBORw0KGgo=\n"
    "--rel--\n"
    "\n"
    "--alt--\n"
    "--outer\n"
    "Content-Type: application/pdf; name=\"report.pdf\"\n"
    "Content-Transfer-Encoding: base64\n"
    "\n"
    "JVBERi0xLjQK\n"
    "--outer--\n";

static void test_nested(void **state)
{
    (void)state;
    struct parsed p;
    parse(nested, &p);
    assert_int_equal(p.rc, 0);
    assert_int_equal(p.n, 6);
    expect_part(&p, 0, PM_MIME_HEADERS, "text/rfc822-headers", "", NULL);
    expect_part(&p, 1, PM_MIME_TEXT, "text/plain", "",
                "This is a multi-part message in MIME format.");
    expect_part(&p, 2, PM_MIME_TEXT, "text/plain", "", "plain body");
    expect_part(&p, 3, PM_MIME_TEXT, "text/html", "", "<p>html body</p>");
    expect_part(&p, 4, PM_MIME_ATTACHMENT, "image/png", "", "\x89PNG\r\n\x1a\n");
    expect_part(&p, 5, PM_MIME_ATTACHMENT, "application/pdf", "report.pdf", "%PDF-1.4\n");
    assert_int_equal(p.st.unclosed, 0);
    same_under_cuts(nested, strlen(nested), &p);
    char *c = crlf(nested);
    same_under_cuts(c, strlen(c), &p); /* parts end before the CRLF: same bytes */
    free(c);
    parsed_free(&p);
}

static void test_rfc822_attached(void **state)
{
    (void)state;
    const char *in =
        "From: outer@example.com\n"
        "Subject: Fwd: salary\n"
        "Content-Type: multipart/mixed; boundary=\"o\"\n"
        "\n"
        "--o\n"
        "Content-Type: text/plain\n"
        "\n"
        "see below\n"
        "--o\n"
        "Content-Type: message/rfc822\n"
        "Content-Disposition: attachment; filename=\"fwd.eml\"\n"
        "\n"
        "From: =?utf-8?q?Inn=C3=A9r?= <inner@example.org>\n"
        "Subject: salary\n"
        "Content-Type: multipart/alternative; boundary=\"i\"\n"
        "\n"
        "--i\n"
        "Content-Type: text/plain\n"
        "Content-Transfer-Encoding: base64\n"
        "\n"
        "SW5uZXIgcGxhaW4=\n"
        "--i\n"
        "Content-Type: text/html\n"
        "\n"
        "<b>inner</b>\n"
        "--i--\n"
        "--o\n"
        "Content-Type: message/rfc822\n"
        "\n"
        "Subject: single part inner\n"
        "\n"
        "inner text\n"
        "--o\n"
        "\n"
        "after\n"
        "--o--\n";
    struct parsed p;
    parse(in, &p);
    assert_int_equal(p.n, 8);
    expect_part(&p, 1, PM_MIME_TEXT, "text/plain", "", "see below");
    expect_part(&p, 2, PM_MIME_TEXT, "text/rfc822-headers", "",
                "From: Inn\xc3\xa9r <inner@example.org>\nSubject: salary\n"
                "Content-Type: multipart/alternative; boundary=\"i\"\n");
    expect_part(&p, 3, PM_MIME_TEXT, "text/plain", "", "Inner plain");
    expect_part(&p, 4, PM_MIME_TEXT, "text/html", "", "<b>inner</b>");
    expect_part(&p, 5, PM_MIME_TEXT, "text/rfc822-headers", "", "Subject: single part inner\n");
    expect_part(&p, 6, PM_MIME_TEXT, "text/plain", "", "inner text");
    expect_part(&p, 7, PM_MIME_TEXT, "text/plain", "", "after");
    for (size_t i = 0; i < p.n; i++)
        assert_int_equal(p.g[i].part.message, 1);
    same_under_cuts(in, strlen(in), &p);
    parsed_free(&p);
}

static void test_digest(void **state)
{
    (void)state;
    const char *in = "Content-Type: multipart/digest; boundary=\"d\"\n\n"
                     "--d\n\n"
                     "Subject: first digest message\n\n"
                     "one\n"
                     "--d\n"
                     "Content-Type: text/plain\n\n"
                     "explicit text\n"
                     "--d--\n";
    struct parsed p;
    parse(in, &p);
    assert_int_equal(p.n, 4);
    expect_part(&p, 1, PM_MIME_TEXT, "text/rfc822-headers", "", "Subject: first digest message\n");
    expect_part(&p, 2, PM_MIME_TEXT, "text/plain", "", "one");
    expect_part(&p, 3, PM_MIME_TEXT, "text/plain", "", "explicit text");
    parsed_free(&p);
}

static const char mbox3[] =
    "From MAILER-DAEMON Fri Jan  5 09:30:00 2024\n"
    "From: a@example.com\n"
    "Subject: one\n"
    "\n"
    "Body one\n"
    ">From the desk of A\n"
    ">>From quoted twice\n"
    "From not a separator (no blank line before)\n"
    "\n"
    "From MAILER-DAEMON Fri Jan  5 09:31:00 2024\n"
    "From: b@example.com\n"
    "Subject: two\n"
    "Content-Type: multipart/mixed; boundary=\"X\"\n"
    "\n"
    "--X\n"
    "Content-Type: text/plain\n"
    "\n"
    "Body two, never closed\n"
    "\n"
    "From MAILER-DAEMON Fri Jan  5 09:32:00 2024\n"
    "Subject: three\n"
    "\n"
    "Body three\n"
    "\n";

static void test_mbox(void **state)
{
    (void)state;
    struct parsed p;
    parse(mbox3, &p);
    assert_int_equal(p.rc, 0);
    assert_int_equal(p.n, 6);
    expect_part(&p, 0, PM_MIME_HEADERS, "text/rfc822-headers", "",
                "From: a@example.com\nSubject: one\n");
    expect_part(&p, 1, PM_MIME_TEXT, "text/plain", "",
                "Body one\nFrom the desk of A\n>From quoted twice\n"
                "From not a separator (no blank line before)\n");
    expect_part(&p, 2, PM_MIME_HEADERS, "text/rfc822-headers", "", NULL);
    assert_true(holds(&p.g[2], "From: b@example.com\n"));
    expect_part(&p, 3, PM_MIME_TEXT, "text/plain", "", "Body two, never closed\n");
    expect_part(&p, 4, PM_MIME_HEADERS, "text/rfc822-headers", "", "Subject: three\n");
    expect_part(&p, 5, PM_MIME_TEXT, "text/plain", "", "Body three\n");
    static const unsigned msg[] = {1, 1, 2, 2, 3, 3};
    for (size_t i = 0; i < 6; i++)
        assert_int_equal(p.g[i].part.message, msg[i]);
    assert_int_equal(p.st.messages, 3);
    assert_int_equal(p.st.unclosed, 1);
    same_under_cuts(mbox3, strlen(mbox3), &p);
    char *c = crlf(mbox3);
    struct parsed q;
    parse(c, &q);
    assert_int_equal(q.n, 6);
    expect_part(&q, 5, PM_MIME_TEXT, "text/plain", "", "Body three\r\n");
    parsed_free(&q);
    free(c);
    parsed_free(&p);

    /* Not an mbox: "From " lines are text. */
    const char *in = "Subject: x\n\nline\n\nFrom here on\n";
    parse(in, &p);
    assert_int_equal(p.n, 2);
    expect_part(&p, 1, PM_MIME_TEXT, "text/plain", "", "line\n\nFrom here on\n");
    parsed_free(&p);
}

static void test_truncated(void **state)
{
    (void)state;
    struct parsed p;
    /* Truncated base64: a group of 2 and of 3 characters, and a lone one. */
    parse("Content-Transfer-Encoding: base64\n\nQUJDRE", &p);
    expect_part(&p, 1, PM_MIME_TEXT, "text/plain", "", "ABCD");
    parsed_free(&p);
    parse("Content-Transfer-Encoding: base64\n\nQUJDREU", &p);
    expect_part(&p, 1, PM_MIME_TEXT, "text/plain", "", "ABCDE");
    parsed_free(&p);
    parse("Content-Transfer-Encoding: base64\n\nQUJDR", &p);
    expect_part(&p, 1, PM_MIME_TEXT, "text/plain", "", "ABC");
    parsed_free(&p);
    /* Padding in the middle: decoding goes on after it. */
    parse("Content-Transfer-Encoding: base64\n\nQQ==QkM=\n", &p);
    expect_part(&p, 1, PM_MIME_TEXT, "text/plain", "", "ABC");
    parsed_free(&p);
    /* QP cut after '=' and after "=4". */
    parse("Content-Transfer-Encoding: quoted-printable\n\nabc=", &p);
    expect_part(&p, 1, PM_MIME_TEXT, "text/plain", "", "abc");
    parsed_free(&p);
    parse("Content-Transfer-Encoding: quoted-printable\n\nabc=4", &p);
    expect_part(&p, 1, PM_MIME_TEXT, "text/plain", "", "abc=4");
    parsed_free(&p);
    /* Headers only, cut mid-field; and empty input. */
    parse("From: x@example.com\nSubject: cut he", &p);
    assert_int_equal(p.n, 2);
    expect_part(&p, 0, PM_MIME_HEADERS, "text/rfc822-headers", "",
                "From: x@example.com\nSubject: cut he\n");
    expect_part(&p, 1, PM_MIME_TEXT, "text/plain", "", "");
    parsed_free(&p);
    parse("From: x@example.com\nSubj", &p); /* not a field: the body */
    assert_int_equal(p.n, 2);
    expect_part(&p, 1, PM_MIME_TEXT, "text/plain", "", "Subj");
    parsed_free(&p);
    parse("", &p);
    assert_int_equal(p.rc, 0);
    assert_int_equal(p.n, 0);
    parsed_free(&p);

    /* The nested mail cut at every length, under two pull sizes. */
    for (size_t n = 0; n <= sizeof nested - 1; n++) {
        parse_ex(nested, n, 0, 0, &p);
        assert_int_equal(p.rc, 0);
        parsed_free(&p);
        parse_ex(nested, n, 3, 5, &p);
        assert_int_equal(p.rc, 0);
        parsed_free(&p);
    }
    size_t zn;
    char *z = zip_mail(76, "\r\n", 0, &zn);
    size_t body = (size_t)(strstr(z, "base64\r\n\r\n") - z) + 10;
    for (size_t n = 0; n <= zn; n++) {
        parse_ex(z, n, 0, 0, &p);
        assert_int_equal(p.rc, 0);
        /* Whatever arrived of the attachment decodes to a prefix of it. */
        if (n >= body) {
            assert_true(p.n >= 3); /* cut at "--b1": one more, empty part */
            assert_memory_equal(p.g[2].data, zip_bytes,
                                p.g[2].len < sizeof zip_bytes ? p.g[2].len : sizeof zip_bytes);
        }
        parsed_free(&p);
    }
    free(z);
}

static void test_malformed(void **state)
{
    (void)state;
    struct parsed p;
    /* No headers at all. */
    parse("Just some text, mail me at x@example.com\nsecond line\n", &p);
    assert_int_equal(p.n, 2);
    expect_part(&p, 0, PM_MIME_HEADERS, "text/rfc822-headers", "", "");
    expect_part(&p, 1, PM_MIME_TEXT, "text/plain", "",
                "Just some text, mail me at x@example.com\nsecond line\n");
    parsed_free(&p);

    /* Header block ended by a line that is not a field. */
    parse("Subject: s\nnot a header line\nmore\n", &p);
    assert_int_equal(p.n, 2);
    expect_part(&p, 0, PM_MIME_HEADERS, "text/rfc822-headers", "", "Subject: s\n");
    expect_part(&p, 1, PM_MIME_TEXT, "text/plain", "", "not a header line\nmore\n");
    assert_int_equal(p.st.malformed, 1);
    parsed_free(&p);

    /* multipart without boundary parameter: text. */
    parse("Content-Type: multipart/mixed\n\n--x\nhello\n", &p);
    assert_int_equal(p.n, 2);
    expect_part(&p, 1, PM_MIME_TEXT, "multipart/mixed", "", "--x\nhello\n");
    parsed_free(&p);

    /* Boundaries never appear: the body is handed out as text. */
    parse("Content-Type: multipart/mixed; boundary=zz\n\nsecret 4111 1111 1111 1111\n", &p);
    assert_int_equal(p.n, 2);
    expect_part(&p, 1, PM_MIME_TEXT, "text/plain", "", "secret 4111 1111 1111 1111\n");
    parsed_free(&p);

    /* Inner boundary never closed: the outer one ends it. */
    parse("Content-Type: multipart/mixed; boundary=o\n\n--o\n"
          "Content-Type: multipart/alternative; boundary=i\n\n--i\n\ninner\n"
          "--o\n\nnext\n--o--\n",
          &p);
    assert_int_equal(p.n, 3);
    expect_part(&p, 1, PM_MIME_TEXT, "text/plain", "", "inner");
    expect_part(&p, 2, PM_MIME_TEXT, "text/plain", "", "next");
    assert_int_equal(p.st.unclosed, 1);
    parsed_free(&p);

    /* Close boundary with nothing opened, part without a blank line. */
    parse("Content-Type: multipart/mixed; boundary=o\n\n--o--\n", &p);
    assert_int_equal(p.n, 1);
    parsed_free(&p);
    parse("Content-Type: multipart/mixed; boundary=o\n\n--o\ntext right away\n--o--", &p);
    assert_int_equal(p.n, 2);
    expect_part(&p, 1, PM_MIME_TEXT, "text/plain", "", "text right away");
    parsed_free(&p);

    /* An overlong boundary parameter is unusable. */
    struct sb b = {0};
    sb_str(&b, "Content-Type: multipart/mixed; boundary=\"");
    for (int i = 0; i < 300; i++)
        sb_str(&b, "b");
    sb_str(&b, "\"\n\nbody\n");
    parse(b.p, &p);
    assert_int_equal(p.n, 2);
    expect_part(&p, 1, PM_MIME_TEXT, "multipart/mixed", "", "body\n");
    parsed_free(&p);
    free(b.p);

    /* Binary garbage: never a crash, a hang or an error. */
    unsigned char *g = malloc(200000);
    assert_non_null(g);
    for (uint32_t seed = 1; seed <= 20; seed++) {
        rnd_state = seed;
        for (size_t i = 0; i < 200000; i++) {
            uint32_t r = rnd() % 64;
            g[i] = r == 0 ? '\n' : r == 1 ? '-' : r == 2 ? ':' : (unsigned char)rnd();
        }
        parse_ex(g, 200000, seed % 3 ? 0 : 777, 0, &p);
        assert_int_equal(p.rc, 0);
        parsed_free(&p);
    }
    free(g);
}

static void test_deep_nesting(void **state)
{
    (void)state;
    struct sb b = {0};
    struct parsed p;
    for (int i = 0; i < 1000; i++)
        sb_fmt(&b, "Content-Type: multipart/mixed; boundary=\"b%d\"\n\n--b%d\n", i, i);
    sb_str(&b, "Content-Type: text/plain\n\ndeep secret alice@example.com\n");
    for (int i = 999; i >= 0; i--)
        sb_fmt(&b, "--b%d--\n", i);
    parse_ex(b.p, b.n, 0, 0, &p);
    assert_int_equal(p.rc, 0);
    assert_int_equal(p.st.depth_limit_hits, 1);
    assert_int_equal(p.n, 2);
    /* The 33rd level and everything inside it comes out as text. */
    expect_part(&p, 1, PM_MIME_TEXT, "multipart/mixed", "", NULL);
    assert_true(holds(&p.g[1], "deep secret alice@example.com"));
    assert_true(holds(&p.g[1], "--b32--"));
    assert_false(holds(&p.g[1], "--b31--"));
    parsed_free(&p);
    free(b.p);

    /* 1000 attached messages inside each other. */
    memset(&b, 0, sizeof b);
    for (int i = 0; i < 1000; i++)
        sb_fmt(&b, "Subject: level %d\nContent-Type: message/rfc822\n\n", i);
    sb_str(&b, "Subject: innermost\n\ncore text\n");
    parse_ex(b.p, b.n, 0, 0, &p);
    assert_int_equal(p.rc, 0);
    assert_int_equal(p.n, 1002);
    expect_part(&p, 1000, PM_MIME_TEXT, "text/rfc822-headers", "", "Subject: innermost\n");
    expect_part(&p, 1001, PM_MIME_TEXT, "text/plain", "", "core text\n");
    parsed_free(&p);
    free(b.p);
}

static void test_header_cap(void **state)
{
    (void)state;
    struct sb b = {0};
    struct parsed p;
    sb_str(&b, "From: first@example.com\n");
    for (int i = 0; i < 6000; i++)
        sb_fmt(&b, "X-Pad-%d: %060d\n", i, i);
    sb_str(&b, "\nbody after a huge header\n");
    parse_ex(b.p, b.n, 0, 0, &p);
    assert_int_equal(p.n, 2);
    assert_true(p.g[0].len <= PM_MIME_HEADER_MAX);
    assert_true(p.g[0].len > PM_MIME_HEADER_MAX - 100);
    assert_true(holds(&p.g[0], "From: first@example.com\n"));
    assert_true(p.st.header_bytes_skipped > 0);
    expect_part(&p, 1, PM_MIME_TEXT, "text/plain", "", "body after a huge header\n");
    parsed_free(&p);
    free(b.p);
}

static void test_skip_early(void **state)
{
    (void)state;
    size_t n;
    char *in = zip_mail(76, "\r\n", 0, &n);
    struct sb b = {0};
    sb_add(&b, in, n - strlen("--b1--\r\n"));
    sb_str(&b, "--b1\r\nContent-Type: text/plain\r\n\r\nafter the zip\r\n--b1--\r\n");
    free(in);
    struct memsrc src = {(const unsigned char *)b.p, b.n, 0, 0, 0};
    struct pm_mime *m = pm_mime_new(mem_pull, &src);
    struct pm_mime_part part;
    char buf[64];
    assert_non_null(m);
    assert_int_equal(pm_mime_next(m, &part), 1); /* headers, not read */
    assert_int_equal(part.kind, PM_MIME_HEADERS);
    assert_int_equal(pm_mime_next(m, &part), 1); /* text, read 3 bytes */
    assert_int_equal(pm_mime_read(m, buf, 3), 3);
    assert_memory_equal(buf, "See", 3);
    assert_int_equal(pm_mime_next(m, &part), 1); /* the zip: 3 bytes only */
    assert_int_equal(part.kind, PM_MIME_ATTACHMENT);
    assert_int_equal(pm_mime_read(m, buf, 3), 3);
    assert_memory_equal(buf, zip_bytes, 3);
    assert_int_equal(pm_mime_next(m, &part), 1);
    assert_int_equal(part.kind, PM_MIME_TEXT);
    long k = pm_mime_read(m, buf, sizeof buf);
    assert_int_equal(k, 13);
    assert_memory_equal(buf, "after the zip", 13);
    assert_int_equal(pm_mime_read(m, buf, sizeof buf), 0);
    assert_int_equal(pm_mime_next(m, &part), 0);
    assert_int_equal(pm_mime_next(m, &part), 0);
    assert_string_equal(pm_mime_error(m), "");
    pm_mime_free(m);
    free(b.p);
}

static void test_read_error(void **state)
{
    (void)state;
    size_t n;
    char *in = zip_mail(76, "\r\n", 0, &n);
    struct memsrc src = {(const unsigned char *)in, n, 0, 16, n / 2};
    struct pm_mime *m = pm_mime_new(mem_pull, &src);
    struct pm_mime_part part;
    char buf[256];
    int rc;
    long k = 0;
    assert_non_null(m);
    while ((rc = pm_mime_next(m, &part)) == 1)
        while ((k = pm_mime_read(m, buf, sizeof buf)) > 0)
            ;
    assert_int_equal(rc, -1);
    assert_int_equal(k, -1);
    assert_string_not_equal(pm_mime_error(m), "");
    assert_int_equal(pm_mime_next(m, &part), -1);
    assert_int_equal(pm_mime_read(m, buf, sizeof buf), -1);
    pm_mime_free(m);
    free(in);
    assert_null(pm_mime_new(NULL, NULL));
    pm_mime_free(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plain),
        cmocka_unit_test(test_alternative_qp),
        cmocka_unit_test(test_base64_text),
        cmocka_unit_test(test_attachment),
        cmocka_unit_test(test_binary_exact),
        cmocka_unit_test(test_long_line),
        cmocka_unit_test(test_long_text_line),
        cmocka_unit_test(test_qp_long_line),
        cmocka_unit_test(test_rfc2047_headers),
        cmocka_unit_test(test_rfc2231_filename),
        cmocka_unit_test(test_nested),
        cmocka_unit_test(test_rfc822_attached),
        cmocka_unit_test(test_digest),
        cmocka_unit_test(test_mbox),
        cmocka_unit_test(test_truncated),
        cmocka_unit_test(test_malformed),
        cmocka_unit_test(test_deep_nesting),
        cmocka_unit_test(test_header_cap),
        cmocka_unit_test(test_skip_early),
        cmocka_unit_test(test_read_error),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
