/* test_convert.c — the fast paths of the text readers give what their plain
 * forms give: the 16-byte scans (common/bytescan.h, the encoding sniff)
 * against byte loops, the printable runs of binaries against their byte loop,
 * a JSON file's record ends told by ex_markup against
 * those records.c's splitter finds in the same text, a table cell written
 * whole against the same cell in runs, and a table's labels forgotten
 * between tables although their arrays are no longer cleared.
 *
 * Inputs are built here from a fixed seed, so every run checks the same
 * cases; nothing is read from outside the test's temp dir.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "common/bytescan.h"
#include "extract/decode.h"
#include "extract/extract.h"
#include "extract/extractor.h"
#include "extract/records.h"
#include "extract/table.h"

static uint64_t seed = 0x9e3779b97f4a7c15ull;
static unsigned rnd(unsigned n)
{
    seed ^= seed << 13;
    seed ^= seed >> 7;
    seed ^= seed << 17;
    return (unsigned)(seed % n);
}

/* ---- a sink that keeps all the text and the record ends ------------------- */

struct out {
    char *text;
    size_t n, cap;
    size_t ends[4096];
    size_t nends;
};

static int o_begin(void *ctx, unsigned level) { (void)ctx; (void)level; return 0; }
static void o_end(void *ctx, unsigned level, const struct pm_item *it)
{
    (void)ctx; (void)level; (void)it;
}
static void o_text(void *ctx, unsigned level, const char *t, size_t n)
{
    struct out *o = ctx;
    (void)level;
    if (o->n + n + 1 > o->cap) {
        o->cap = (o->n + n + 1) * 2;
        o->text = realloc(o->text, o->cap);
        assert_non_null(o->text);
    }
    memcpy(o->text + o->n, t, n);
    o->n += n;
    o->text[o->n] = '\0';
}
static void o_record(void *ctx, unsigned level)
{
    struct out *o = ctx;
    (void)level;
    if (o->nends < sizeof o->ends / sizeof o->ends[0])
        o->ends[o->nends++] = o->n;
}

/* ---- the scans -------------------------------------------------------------- */

static void spans(void **state)
{
    (void)state;
    static const char alpha[] = "ab,;\t\n\r\"\\{}[]0\x80\xff\x7f\x1f\x0b\x01 ~/:9";
    char buf[200 + 64]; /* room for pm_span_nodigit_ahead's reads past n */
    for (int round = 0; round < 2000; round++) {
        size_t n = rnd(sizeof buf + 1);
        for (size_t i = 0; i < n; i++)
            buf[i] = rnd(4) ? 'x' : alpha[rnd(sizeof alpha - 1)];
        char a = alpha[rnd(sizeof alpha - 1)], b = alpha[rnd(sizeof alpha - 1)];
        char c = alpha[rnd(sizeof alpha - 1)];
        size_t want = 0;
        while (want < n && buf[want] != a && buf[want] != b && buf[want] != c)
            want++;
        assert_int_equal(pm_span3(buf, n, a, b, c), want);
        assert_int_equal(pm_span3_bytes(buf, n, a, b, c), want);
        char d = alpha[rnd(sizeof alpha - 1)];
        size_t want4 = want;
        for (size_t i = 0; i < want; i++)
            if (buf[i] == d) {
                want4 = i;
                break;
            }
        assert_int_equal(pm_span4(buf, n, a, b, c, d), want4);
        assert_int_equal(pm_span4_bytes(buf, n, a, b, c, d), want4);
        /* plain text: printable ASCII, tab, LF, CR; every other byte ends it */
        const unsigned char *u = (const unsigned char *)buf;
        size_t plain = 0;
        while (plain < n && ((u[plain] >= 0x20 && u[plain] <= 0x7E) || u[plain] == '\t' ||
                             u[plain] == '\n' || u[plain] == '\r'))
            plain++;
        assert_int_equal(pm_span_plain(u, n), plain);
        assert_int_equal(pm_span_plain_bytes(u, n), plain);
        /* the first digit: the bytes read ahead past n (buf has them) never count */
        size_t m = rnd(65) < n ? rnd(65) : n, nodig = 0;
        while (nodig < m && !(buf[nodig] >= '0' && buf[nodig] <= '9'))
            nodig++;
        assert_int_equal(pm_span_nodigit_ahead(buf, m), nodig);
        assert_int_equal(pm_span_nodigit_bytes(buf, m), nodig);
    }
}

/* Printable runs of binaries by the plain byte loop: an ASCII run and a
 * UTF-16LE run (printable, zero) each written once 4 long, each ended by a
 * newline. */
struct strings_ref {
    size_t alen, ulen;
    char a[4], u[4], uc;
    int uphase;
};
static size_t strings_ref(struct strings_ref *s, const unsigned char *in, size_t n, char *out)
{
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = in[i];
        int pr = (c >= 0x20 && c < 0x7f) || c == '\t';
        if (pr) {
            if (s->alen < 4)
                s->a[s->alen] = (char)c;
            if (s->alen == 3)
                memcpy(out + o, s->a, 4), o += 4;
            else if (s->alen > 3)
                out[o++] = (char)c;
            s->alen++;
        } else {
            if (s->alen >= 4)
                out[o++] = '\n';
            s->alen = 0;
        }
        if (s->uphase && c == 0) {
            if (s->ulen < 4)
                s->u[s->ulen] = s->uc;
            if (s->ulen == 3)
                memcpy(out + o, s->u, 4), o += 4;
            else if (s->ulen > 3)
                out[o++] = s->uc;
            s->ulen++;
            s->uphase = 0;
        } else {
            if ((s->uphase || !pr) && s->ulen >= 4)
                out[o++] = '\n';
            if (s->uphase || !pr)
                s->ulen = 0;
            s->uphase = pr;
            s->uc = (char)c;
        }
    }
    return o;
}

/* pm_strings_run (state in locals, bytes between runs skipped) against the
 * byte loop, on random bytes, text, UTF-16 and mixes, in random pieces. */
static void strings_runs(void **state)
{
    (void)state;
    static unsigned char in[4096];
    static char want[3 * sizeof in], got[3 * sizeof in];
    for (int round = 0; round < 400; round++) {
        size_t n = rnd(sizeof in + 1);
        for (size_t i = 0; i < n; i++) {
            switch (round % 4) {
            case 0: in[i] = (unsigned char)rnd(256); break;
            case 1: in[i] = rnd(8) ? (unsigned char)(' ' + rnd(95)) : (unsigned char)rnd(32); break;
            case 2: in[i] = i % 2 ? (rnd(16) ? 0 : (unsigned char)rnd(256)) : (unsigned char)('A' + rnd(26)); break;
            default: in[i] = "AB\0\t\x01\xff z"[rnd(8)]; break;
            }
        }
        struct strings_ref ref = {0};
        size_t nw = strings_ref(&ref, in, n, want), ng = 0;
        struct pm_strings st = {0};
        for (size_t i = 0; i < n;) {
            size_t k = 1 + rnd(300);
            k = k > n - i ? n - i : k;
            ng += pm_strings_run(&st, in + i, k, got + ng);
            i += k;
        }
        assert_int_equal(ng, nw);
        assert_memory_equal(got, want, nw);
        assert_int_equal(pm_strings_open(&st), ref.alen >= 4 || ref.ulen >= 4);
    }
}

/* The encoding sniff's counts by a byte loop: the same answer on text,
 * UTF-16, Latin-1, control bytes and binary, whatever the alignment. */
static enum pm_encoding sniff_ref(const unsigned char *b, size_t n)
{
    size_t m = n < 8192 ? n : 8192, ze = 0, zo = 0, ctrl = 0, high = 0;
    for (size_t i = 0; i < m; i++) {
        unsigned char c = b[i];
        if (c == 0)
            (i & 1) ? zo++ : ze++;
        else if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != 0x1b)
            ctrl++;
        else if (c >= 0x80)
            high++;
    }
    if (m / 2 >= 2 && zo * 10 >= m / 2 * 3 && ze * 20 <= m / 2)
        return PM_ENC_UTF16LE;
    if (m / 2 >= 2 && ze * 10 >= m / 2 * 3 && zo * 20 <= m / 2)
        return PM_ENC_UTF16BE;
    if (ze + zo > 0 || ctrl * 20 > m)
        return PM_ENC_BINARY;
    return (enum pm_encoding)-1; /* UTF-8 or Latin-1: asked of valid UTF-8 */
}

static void encoding_sniff(void **state)
{
    (void)state;
    static unsigned char buf[9000];
    int seen[5] = {0};
    for (int round = 0; round < 3000; round++) {
        size_t n = rnd(round < 2000 ? 100 : sizeof buf);
        unsigned kind = rnd(5);
        for (size_t i = 0; i < n; i++) {
            unsigned r = rnd(100);
            buf[i] = kind == 0   ? (unsigned char)(r < 3 ? '\n' : 'a' + r % 26)
                     : kind == 1 ? (unsigned char)(i & 1 ? 0 : 'a' + r % 26)
                     : kind == 2 ? (unsigned char)(i & 1 ? 'a' + r % 26 : 0)
                     : kind == 3 ? (unsigned char)(r < 5 ? 0xe9 : r < 7 ? 2 : 'a' + r % 26)
                                 : (unsigned char)rnd(256);
        }
        size_t bom;
        enum pm_encoding got = pm_sniff_encoding(buf, n, &bom), want = sniff_ref(buf, n);
        if (bom == 0 && (int)want != -1)
            assert_int_equal(got, want);
        else if (bom == 0)
            assert_true(got == PM_ENC_UTF8 || got == PM_ENC_LATIN1);
        seen[got]++;
    }
    for (int e = 0; e < 5; e++)
        assert_true(seen[e] > 0); /* every answer was met */
}

/* Windows-1252: Latin-1 but for 0x80-0x9F, whose five undefined bytes stay
 * the C1 controls of the same value. */
static void cp1252_bytes(void **state)
{
    (void)state;
    assert_int_equal(pm_cp1252('A'), 'A');
    assert_int_equal(pm_cp1252(0x80), 0x20AC);
    assert_int_equal(pm_cp1252(0x8A), 0x0160);
    assert_int_equal(pm_cp1252(0x9F), 0x0178);
    assert_int_equal(pm_cp1252(0xE9), 0xE9);
    assert_int_equal(pm_cp1252(0xFF), 0xFF);
    const unsigned char undef[] = {0x81, 0x8D, 0x8F, 0x90, 0x9D};
    for (size_t i = 0; i < sizeof undef; i++)
        assert_int_equal(pm_cp1252(undef[i]), undef[i]);
    for (unsigned b = 0x80; b < 0xA0; b++) /* every other one is a letter or sign */
        assert_true(pm_cp1252((unsigned char)b) == b || pm_cp1252((unsigned char)b) >= 0x152);
}

/* ---- JSON record ends --------------------------------------------------------- */

static char dir[] = "/tmp/piimap-convert-XXXXXX";

/* The text and record ends of a file of these bytes, as the extractor gives them. */
static void extract_bytes(const char *name, const char *data, size_t n, struct out *o)
{
    char path[4096], err[256];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, n, f), n);
    assert_int_equal(fclose(f), 0);
    struct pm_limits lim;
    pm_limits_default(&lim);
    struct pm_sink sink = {o, o_begin, o_text, o_end, o_record, NULL};
    struct pm_extract *x = pm_extract_new(&lim, &sink, err, sizeof err);
    assert_non_null(x);
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    pm_extract_file(x, path, &st, 0);
    pm_extract_free(x);
}

/* Random JSON-like text: objects, arrays, strings with escapes, long keys,
 * nesting past the 64 levels whose kind is kept, stray closers. */
static size_t json_like(char *b, size_t cap)
{
    static const char *const pieces[] = {"{", "}", "[", "]", ",", ":", "\"k\":", "\"v\"",
                                         "\"a\\\"}\\\\\"", "12", " ", "\n", "{\"fooBar\":",
                                         "\"kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk\":",
                                         "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[{",
                                         "{\"a\":1}\n", "[{\"a\":[{}]},{\"b\":\"}\"}]"};
    size_t n = 0, want = 20 + rnd(400);
    if (rnd(2))
        b[n++] = rnd(2) ? '[' : '{';
    while (n + 80 < cap && n < want) {
        const char *p = pieces[rnd(sizeof pieces / sizeof pieces[0])];
        memcpy(b + n, p, strlen(p));
        n += strlen(p);
    }
    return n;
}

static struct out tell, split;
static void split_text(void *ctx, unsigned level, const char *t, size_t n)
{
    o_text(ctx, level, t, n);
}

static void json_record_ends(void **state)
{
    (void)state;
    static char b[4096];
    size_t total_ends = 0;
    for (int round = 0; round < 300; round++) {
        size_t n = json_like(b, sizeof b);
        tell.n = tell.nends = 0;
        extract_bytes(round % 2 ? "r.json" : "r.jsonl", b, n, &tell);
        /* The splitter over the very text the extractor wrote. */
        split.n = split.nends = 0;
        struct pm_recsplit s;
        pm_split_init(&s, PM_SPLIT_JSON);
        struct pm_sink sink = {&split, o_begin, split_text, o_end, o_record, NULL};
        pm_split_emit(&s, &sink, 0, tell.text ? tell.text : "", tell.n);
        assert_int_equal(split.n, tell.n);
        assert_int_equal(tell.nends, split.nends);
        for (size_t i = 0; i < tell.nends; i++)
            assert_int_equal(tell.ends[i], split.ends[i]);
        total_ends += tell.nends;
    }
    assert_true(total_ends > 400); /* records were found, not just none on both sides */
}

/* A key cut by the edge of a 256 KiB piece is written as one read whole:
 * split at case changes when it is a short name, as it is when it is
 * longer than 64 bytes or escaped. The same objects after a padding string
 * of every length that puts an edge in or next to a key give the same text
 * after the padding. */
static void json_key_at_edge(void **state)
{
    (void)state;
    static const char tail[] =
        "\"dateOfBirth\":\"1\",\"kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkBk\":2,"
        "\"aB\\\"cD\":3,\"kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkB\":4,"
        "\"x_yZ\":[{\"eMail\":\"a\"}]}\n";
    static const char first[] = "{\"pad\":\"";
    static char b[300 * 1024];
    char want[1024];
    size_t nwant = 0;
    size_t edge = 256 * 1024 - (sizeof first - 1) - 2; /* the padding's end, then '",' */
    for (size_t pad = 0; pad < 200; pad++) {
        size_t len = pad == 0 ? 1 : edge - 160 + pad;
        size_t n = 0;
        memcpy(b, first, sizeof first - 1);
        n += sizeof first - 1;
        memset(b + n, 'x', len);
        n += len;
        memcpy(b + n, "\",", 2);
        n += 2;
        memcpy(b + n, tail, sizeof tail - 1);
        n += sizeof tail - 1;
        tell.n = tell.nends = 0;
        extract_bytes("r.json", b, n, &tell);
        size_t skip = sizeof first - 1 + len + 1; /* the mark before "pad" adds one */
        assert_true(tell.n > skip);
        if (pad == 0) {
            nwant = tell.n - skip;
            assert_true(nwant < sizeof want);
            memcpy(want, tell.text + skip, nwant);
            assert_non_null(strstr(want, "\"date Of Birth\""));
            assert_non_null(strstr(want, "\"aB\\\"cD\""));
            assert_non_null(strstr(want, "kkB\":4"));
            assert_non_null(strstr(want, "\"x_y Z\""));
            continue;
        }
        assert_int_equal(tell.n - skip, nwant);
        assert_memory_equal(tell.text + skip, want, nwant);
    }
}

/* ---- tables -------------------------------------------------------------------- */

static struct pm_table tab;

/* What the table wrote, reset. */
static const char *table_out(struct out *o)
{
    pm_table_flush(&tab);
    static char s[8192];
    snprintf(s, sizeof s, "%.*s", (int)o->n, o->text ? o->text : "");
    o->n = o->nends = 0;
    return s;
}

static void head(const char *const *cells, unsigned n)
{
    pm_table_clear(&tab);
    for (unsigned c = 0; c < n; c++) {
        pm_table_head_run(&tab, c, cells[c], strlen(cells[c]));
        pm_table_cell_end(&tab, c);
    }
    pm_table_labels_done(&tab);
}

/* A header that reached far columns leaves nothing behind for the next
 * table, though only the columns a header reaches are set up. */
static void table_labels_reset(void **state)
{
    (void)state;
    static struct out o;
    struct pm_sink sink = {&o, o_begin, o_text, o_end, o_record, NULL};
    struct pm_job j = {.level = 0, .sink = &sink};
    memset(&tab, 0x5a, sizeof tab); /* what a reused buffer may hold */
    pm_table_init(&tab, &j);
    const char *wide[300];
    for (unsigned c = 0; c < 300; c++)
        wide[c] = c == 1 ? "value" : c == 2 ? "first_name" : "phone";
    head(wide, 300);
    table_out(&o);
    pm_table_cell(&tab, 0, "12", 2);
    pm_table_cell(&tab, 2, "Ada", 3);
    pm_table_cell(&tab, 255, "7", 1);
    pm_table_cell(&tab, 299, "8", 1);
    assert_string_equal(table_out(&o), "\x1ephone: 12\x1e" "first name: Ada\x1ephone: 7\x1e" "8");
    const char *narrow[] = {"ssn"};
    head(narrow, 1);
    table_out(&o);
    pm_table_cell(&tab, 0, "1", 1);
    pm_table_cell(&tab, 1, "2", 1);  /* was a "value" column */
    pm_table_cell(&tab, 2, "Bo", 2); /* was a name column */
    pm_table_cell(&tab, 9, "3", 1);
    assert_string_equal(table_out(&o), "\x1essn: 1\x1e" "2\x1e" "Bo\x1e" "3");
    free(o.text);
}

/* A cell written whole gives what the same cell in runs gives. */
static void table_cell_whole(void **state)
{
    (void)state;
    static struct out o;
    struct pm_sink sink = {&o, o_begin, o_text, o_end, o_record, NULL};
    struct pm_job j = {.level = 0, .sink = &sink};
    pm_table_init(&tab, &j);
    const char *h[] = {"phone", "value", "Nachname", ""};
    head(h, 4);
    table_out(&o);
    static char cell[200 + PM_TABLE_AHEAD], whole[8192];
    for (int round = 0; round < 3000; round++) {
        size_t n = rnd(4) ? rnd(20) : rnd(200);
        for (size_t i = 0; i < n; i++)
            cell[i] = rnd(30) ? 'a' + (char)rnd(26) : '0' + (char)rnd(10);
        unsigned col = rnd(6);
        pm_table_cell(&tab, col, cell, n);
        snprintf(whole, sizeof whole, "%s", table_out(&o));
        for (size_t i = 0; i < n;) {
            size_t k = 1 + rnd(70);
            k = k < n - i ? k : n - i;
            pm_table_cell_run(&tab, col, cell + i, k);
            i += k;
        }
        pm_table_cell_end(&tab, col);
        assert_string_equal(table_out(&o), whole);
        /* the same cell from a block that goes on after it */
        memset(cell + n, rnd(2) ? '7' : 'x', sizeof cell - n);
        pm_table_cell_ahead(&tab, col, cell, n);
        assert_string_equal(table_out(&o), whole);
    }
    free(o.text);
}

static int setup(void **state)
{
    (void)state;
    return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char path[4096];
    snprintf(path, sizeof path, "%s/r.json", dir);
    unlink(path);
    snprintf(path, sizeof path, "%s/r.jsonl", dir);
    unlink(path);
    free(tell.text);
    free(split.text);
    return rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(spans),
        cmocka_unit_test(strings_runs),
        cmocka_unit_test(encoding_sniff),
        cmocka_unit_test(cp1252_bytes),
        cmocka_unit_test(json_record_ends),
        cmocka_unit_test(json_key_at_edge),
        cmocka_unit_test(table_labels_reset),
        cmocka_unit_test(table_cell_whole),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
