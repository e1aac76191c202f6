/* test_stream.c — chunk edges and encodings.
 *
 * The matcher must report a value exactly once whatever the window size and
 * however the text is cut into pieces; the decoders must give the same text
 * whatever the piece boundaries (a UTF-16 unit or surrogate pair split).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "detect/detector.h"
#include "extract/decode.h"

static struct pm_detset *set;

struct hits {
    uint64_t off[20000];
    int det[20000];
    size_t n;
};

static void hit_cb(void *ctx, const struct pm_match *m)
{
    struct hits *h = ctx;
    if (h->n < 20000) {
        h->off[h->n] = m->offset;
        h->det[h->n] = m->detector;
    }
    h->n++;
}

static const char *const values[] = {
    "john.doe@example.com", "4111 1111 1111 1111", "(415) 555-2671",
    "+44 20 7946 0958",     "378282246310005",    "jane_smith+x@mail.example.org",
};

/* Builds filler text with the values planted at shifting alignments; records
 * where each was planted. */
static char *build(size_t *len, uint64_t *where, size_t *nwhere)
{
    size_t cap = 400000, n = 0, k = 0;
    char *t = malloc(cap);
    const char *filler = "lorem 2024-01-05 ipsum 10.0.0.1 dolor v1.2.3 sit amet ";
    size_t fl = strlen(filler);
    for (size_t i = 0; n + 200 < cap - 2000; i++) {
        size_t pad = i % 97;
        for (size_t j = 0; j < pad; j++)
            t[n++] = filler[j % fl];
        memcpy(t + n, " | ", 3); /* values stand apart, as in real text */
        n += 3;
        const char *v = values[i % (sizeof values / sizeof values[0])];
        where[k++] = n;
        memcpy(t + n, v, strlen(v));
        n += strlen(v);
        memcpy(t + n, " | ", 3);
        n += 3;
    }
    t[n] = '\0';
    *len = n;
    *nwhere = k;
    return t;
}

static void test_exactly_once_at_every_edge(void **state)
{
    (void)state;
    static uint64_t where[20000];
    static struct hits h;
    size_t len, nwhere;
    char *text = build(&len, where, &nwhere);
    size_t chunks[] = {1 /* smallest window */, 1500, 4099, 65536, 0};
    size_t pieces[] = {1, 3, 1000, 65537, len};
    for (size_t c = 0; c < sizeof chunks / sizeof chunks[0]; c++) {
        for (size_t p = 0; p < sizeof pieces / sizeof pieces[0]; p++) {
            if (pieces[p] == 1 && chunks[c] > 1500)
                continue; /* bytewise feeding of big windows adds nothing */
            struct pm_textscan *ts = pm_textscan_new(set, chunks[c], hit_cb, &h);
            assert_non_null(ts);
            memset(&h, 0, sizeof h);
            for (size_t off = 0; off < len; off += pieces[p]) {
                size_t n = len - off < pieces[p] ? len - off : pieces[p];
                pm_textscan_feed(ts, text + off, n);
            }
            pm_textscan_finish(ts);
            pm_textscan_free(ts);
            if (h.n != nwhere)
                fail_msg("chunk %zu piece %zu: %zu matches, planted %zu", chunks[c], pieces[p],
                         h.n, nwhere);
            /* Offsets come out per window and per detector: sort to compare. */
            for (size_t i = 0; i < h.n; i++)
                for (size_t j = i + 1; j < h.n; j++)
                    if (h.off[j] < h.off[i]) {
                        uint64_t t = h.off[i];
                        h.off[i] = h.off[j];
                        h.off[j] = t;
                    }
            for (size_t i = 0; i < h.n; i++)
                if (h.off[i] != where[i])
                    fail_msg("chunk %zu piece %zu: match %zu at %llu, planted at %llu",
                             chunks[c], pieces[p], i, (unsigned long long)h.off[i],
                             (unsigned long long)where[i]);
        }
    }
    free(text);
}

static void test_sniff(void **state)
{
    (void)state;
    size_t bom;
    assert_int_equal(pm_sniff_encoding((const unsigned char *)"hello world\n", 12, &bom),
                     PM_ENC_UTF8);
    assert_int_equal(bom, 0);
    assert_int_equal(pm_sniff_encoding((const unsigned char *)"\xEF\xBB\xBFhi", 5, &bom),
                     PM_ENC_UTF8);
    assert_int_equal(bom, 3);
    assert_int_equal(pm_sniff_encoding((const unsigned char *)"\xFF\xFEh\0i\0", 6, &bom),
                     PM_ENC_UTF16LE);
    assert_int_equal(bom, 2);
    assert_int_equal(pm_sniff_encoding((const unsigned char *)"\xFE\xFF\0h\0i", 6, &bom),
                     PM_ENC_UTF16BE);
    assert_int_equal(pm_sniff_encoding((const unsigned char *)"h\0e\0l\0l\0o\0", 10, &bom),
                     PM_ENC_UTF16LE);
    assert_int_equal(bom, 0);
    assert_int_equal(pm_sniff_encoding((const unsigned char *)"\0h\0e\0l\0l\0o", 10, &bom),
                     PM_ENC_UTF16BE);
    assert_int_equal(pm_sniff_encoding((const unsigned char *)"M\xFCller Jos\xE9\n", 12, &bom),
                     PM_ENC_LATIN1);
    assert_int_equal(
        pm_sniff_encoding((const unsigned char *)"M\xC3\xBCller Jos\xC3\xA9\n", 14, &bom),
        PM_ENC_UTF8);
    assert_int_equal(pm_sniff_encoding((const unsigned char *)"\x7f" "ELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x03\0",
                                       18, &bom),
                     PM_ENC_BINARY);
}

/* Decodes in with every split point; all must give want. */
static void decode_all_splits(enum pm_encoding enc, const unsigned char *in, size_t n,
                              const char *want)
{
    char out[512];
    for (size_t split = 0; split <= n; split++) {
        struct pm_decoder d;
        pm_decoder_init(&d, enc);
        size_t o = pm_decode(&d, in, split, out);
        o += pm_decode(&d, in + split, n - split, out + o);
        out[o] = '\0';
        if (strcmp(out, want) != 0)
            fail_msg("split %zu: got '%s' want '%s'", split, out, want);
    }
}

static void test_decode_utf16(void **state)
{
    (void)state;
    /* "a€😀b" : U+20AC and U+1F600 (a surrogate pair). */
    const unsigned char le[] = {'a', 0, 0xAC, 0x20, 0x3D, 0xD8, 0x00, 0xDE, 'b', 0};
    const unsigned char be[] = {0, 'a', 0x20, 0xAC, 0xD8, 0x3D, 0xDE, 0x00, 0, 'b'};
    decode_all_splits(PM_ENC_UTF16LE, le, sizeof le, "a\xE2\x82\xAC\xF0\x9F\x98\x80" "b");
    decode_all_splits(PM_ENC_UTF16BE, be, sizeof be, "a\xE2\x82\xAC\xF0\x9F\x98\x80" "b");
    /* A lone high surrogate becomes U+FFFD, and the text goes on. */
    const unsigned char lone[] = {0x3D, 0xD8, 'x', 0};
    decode_all_splits(PM_ENC_UTF16LE, lone, sizeof lone, "\xEF\xBF\xBDx");
    const unsigned char latin[] = {'M', 0xFC, 'l', 'l', 'e', 'r'};
    decode_all_splits(PM_ENC_LATIN1, latin, sizeof latin, "M\xC3\xBCller");
}

static void test_utf16_values_found(void **state)
{
    (void)state;
    const char *txt = "name,email\nAnn,ann.lee@example.com\nBob,(212) 555-0199\n";
    unsigned char in[256];
    size_t n = 0;
    for (const char *p = txt; *p; p++) {
        in[n++] = (unsigned char)*p;
        in[n++] = 0;
    }
    static struct hits h;
    memset(&h, 0, sizeof h);
    struct pm_textscan *ts = pm_textscan_new(set, 1, hit_cb, &h);
    struct pm_decoder d;
    pm_decoder_init(&d, PM_ENC_UTF16LE);
    char out[1024];
    for (size_t i = 0; i < n; i += 5) { /* odd pieces split code units */
        size_t k = n - i < 5 ? n - i : 5;
        size_t o = pm_decode(&d, in + i, k, out);
        pm_textscan_feed(ts, out, o);
    }
    pm_textscan_finish(ts);
    pm_textscan_free(ts);
    assert_int_equal(h.n, 2);
}

static int setup(void **state)
{
    (void)state;
    char err[256];
    set = pm_detset_new_builtin(err, sizeof err);
    return set ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    pm_detset_free(set);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_exactly_once_at_every_edge),
        cmocka_unit_test(test_sniff),
        cmocka_unit_test(test_decode_utf16),
        cmocka_unit_test(test_utf16_values_found),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
