/* test_inflate.c — common/inflate.c (ISA-L's igzip behind a small
 * interface) against zlib as the reference: zlib and gzip streams made by
 * zlib's deflate come back byte for byte whatever the input and output
 * pieces; gzip members one after another, trailing bytes, corrupt and
 * truncated streams. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include <cmocka.h>

#include "common/inflate.h"

/* Text that compresses like a share's files: records with repeats and
 * numbers, so matches reach back across the window. */
static unsigned char *sample(size_t n, unsigned seed)
{
    unsigned char *b = malloc(n);
    assert_non_null(b);
    uint32_t x = seed * 2654435761u + 1;
    size_t i = 0;
    while (i < n) {
        x = x * 1103515245u + 12345u;
        int k = snprintf((char *)b + i, n - i, "%08u;user%u@example.com;+44 20 7946 %04u\n",
                         x % 100000000u, (x >> 8) % 500u, (x >> 4) % 10000u);
        if (k < 0 || (size_t)k >= n - i)
            break;
        i += (size_t)k;
    }
    for (; i < n; i++)
        b[i] = (unsigned char)('a' + i % 26);
    return b;
}

/* windowBits 15: zlib; 31: gzip with a file name in its header. */
static size_t compress_to(const unsigned char *in, size_t n, unsigned char *out, size_t cap,
                          int bits)
{
    z_stream z;
    memset(&z, 0, sizeof z);
    assert_int_equal(deflateInit2(&z, 6, Z_DEFLATED, bits, 8, Z_DEFAULT_STRATEGY), Z_OK);
    if (bits > 15) {
        static gz_header h;
        memset(&h, 0, sizeof h);
        h.name = (Bytef *)"staff export.csv";
        h.comment = (Bytef *)"made by the test";
        assert_int_equal(deflateSetHeader(&z, &h), Z_OK);
    }
    z.next_in = (Bytef *)(uintptr_t)in;
    z.avail_in = (uInt)n;
    z.next_out = out;
    z.avail_out = (uInt)cap;
    assert_int_equal(deflate(&z, Z_FINISH), Z_STREAM_END);
    size_t w = z.total_out;
    deflateEnd(&z);
    return w;
}

/* Runs the whole input through in pieces of inpiece bytes, output in
 * pieces of outpiece; returns the bytes written to out and the last code. */
static size_t run(struct pm_inflate *z, const unsigned char *in, size_t n, size_t inpiece,
                  size_t outpiece, unsigned char *out, size_t cap, enum pm_inflate_rc *last)
{
    size_t w = 0, off = 0;
    enum pm_inflate_rc rc = PM_INFLATE_MORE;
    unsigned char *piece = malloc(outpiece);
    assert_non_null(piece);
    while (rc == PM_INFLATE_MORE) {
        size_t k = n - off < inpiece ? n - off : inpiece;
        /* each piece in a buffer of its own, as a reader refilling one
         * block hands it: nothing before or after it may be read */
        unsigned char *own = malloc(k ? k : 1);
        assert_non_null(own);
        memcpy(own, in + off, k);
        const unsigned char *p = own;
        size_t left = k;
        for (;;) {
            size_t got = 0;
            rc = pm_inflate_step(z, &p, &left, piece, outpiece, &got);
            assert_true(left <= k && p == own + (k - left));
            assert_true(w + got <= cap);
            memcpy(out + w, piece, got);
            w += got;
            if (rc != PM_INFLATE_MORE || (left == 0 && got < outpiece))
                break;
        }
        free(own);
        off += k - left;
        if (off == n && rc == PM_INFLATE_MORE)
            break; /* the input is used up */
    }
    free(piece);
    *last = rc;
    return w;
}

static void test_zlib_pieces(void **state)
{
    (void)state;
    size_t n = 300000;
    unsigned char *plain = sample(n, 1);
    size_t cap = n + 1024;
    unsigned char *comp = malloc(cap + 16), *out = malloc(n);
    size_t cn = compress_to(plain, n, comp, cap, 15);
    memcpy(comp + cn, "endstream", 9); /* bytes after the stream are ignored */
    static const size_t in_pieces[] = {1, 7, 4096, 1 << 20};
    static const size_t out_pieces[] = {1, 333, 65536};
    for (size_t a = 0; a < 4; a++)
        for (size_t b = 0; b < 3; b++) {
            if (in_pieces[a] == 1 && out_pieces[b] == 1)
                continue; /* slow, and covered by its neighbours */
            struct pm_inflate *z = pm_inflate_new(PM_INFLATE_ZLIB);
            assert_non_null(z);
            enum pm_inflate_rc rc;
            size_t w = run(z, comp, cn + 9, in_pieces[a], out_pieces[b], out, n, &rc);
            assert_int_equal(rc, PM_INFLATE_END);
            assert_int_equal(w, n);
            assert_memory_equal(out, plain, n);
            assert_true(pm_inflate_clean_end(z));
            pm_inflate_free(z);
        }
    free(plain);
    free(comp);
    free(out);
}

static void test_gzip_members(void **state)
{
    (void)state;
    /* three members, the second empty, then tape padding */
    size_t n1 = 150000, n3 = 90000;
    unsigned char *p1 = sample(n1, 2), *p3 = sample(n3, 3);
    size_t cap = n1 + n3 + 4096;
    unsigned char *comp = calloc(1, cap), *out = malloc(n1 + n3), *want = malloc(n1 + n3);
    size_t c = compress_to(p1, n1, comp, cap, 31);
    c += compress_to((const unsigned char *)"", 0, comp + c, cap - c, 31);
    c += compress_to(p3, n3, comp + c, cap - c, 31);
    size_t padded = c + 512; /* zeros (calloc) */
    memcpy(want, p1, n1);
    memcpy(want + n1, p3, n3);
    static const size_t in_pieces[] = {1, 13, 65536, 1 << 20};
    for (size_t a = 0; a < 4; a++) {
        struct pm_inflate *z = pm_inflate_new(PM_INFLATE_GZIP);
        enum pm_inflate_rc rc;
        size_t w = run(z, comp, padded, in_pieces[a], 65536, out, n1 + n3, &rc);
        assert_int_equal(rc, PM_INFLATE_END);
        assert_int_equal(w, n1 + n3);
        assert_memory_equal(out, want, n1 + n3);
        pm_inflate_free(z);
        /* without the padding the input ends between members: clean */
        z = pm_inflate_new(PM_INFLATE_GZIP);
        w = run(z, comp, c, in_pieces[a], 4096, out, n1 + n3, &rc);
        assert_int_equal(rc, PM_INFLATE_MORE);
        assert_int_equal(w, n1 + n3);
        assert_true(pm_inflate_clean_end(z));
        pm_inflate_free(z);
    }
    free(p1);
    free(p3);
    free(comp);
    free(out);
    free(want);
}

static void test_corrupt_and_truncated(void **state)
{
    (void)state;
    size_t n = 200000;
    unsigned char *plain = sample(n, 4);
    size_t cap = n + 4096;
    unsigned char *comp = malloc(cap), *out = malloc(n);
    size_t c = compress_to(plain, n, comp, cap, 31);

    /* truncated halfway: what came is right, and the end is not clean */
    struct pm_inflate *z = pm_inflate_new(PM_INFLATE_GZIP);
    enum pm_inflate_rc rc;
    size_t w = run(z, comp, c / 2, 4096, 65536, out, n, &rc);
    assert_int_equal(rc, PM_INFLATE_MORE);
    assert_true(w > 0 && w < n);
    assert_memory_equal(out, plain, w);
    assert_false(pm_inflate_clean_end(z));
    assert_string_equal(pm_inflate_error(z), "truncated deflate stream");

    /* a damaged CRC: all the data, then an error */
    pm_inflate_reset(z);
    comp[c - 6] ^= 0x55;
    w = run(z, comp, c, 4096, 65536, out, n, &rc);
    assert_int_equal(rc, PM_INFLATE_ERROR);
    assert_string_equal(pm_inflate_error(z), "checksum mismatch");
    comp[c - 6] ^= 0x55;

    /* not gzip at all */
    pm_inflate_reset(z);
    static const char notgz[] = "PK\3\4 not a gzip member";
    w = run(z, (const unsigned char *)notgz, sizeof notgz - 1, 64, 64, out, n, &rc);
    assert_int_equal(rc, PM_INFLATE_ERROR);
    assert_int_equal(w, 0);
    assert_string_equal(pm_inflate_error(z), "bad gzip header");

    /* garbage inside the deflate data: an error, never a crash or a hang */
    pm_inflate_reset(z);
    for (size_t i = 40; i < c - 20; i += 97)
        comp[i] = (unsigned char)(comp[i] * 31 + 7);
    w = run(z, comp, c, 4096, 65536, out, n, &rc);
    assert_true(rc == PM_INFLATE_ERROR || (rc == PM_INFLATE_MORE && !pm_inflate_clean_end(z)));
    pm_inflate_free(z);

    /* a member followed by garbage that begins with gzip's first magic
     * byte: the garbage is ignored, as gzip -d does ("trailing garbage
     * ignored"), and the member's data all comes out */
    c = compress_to(plain, n, comp, cap, 31);
    memcpy(comp + c, "\x1f\x00 not a member", 15);
    for (size_t piece = 1; piece <= 65536; piece *= 181) {
        z = pm_inflate_new(PM_INFLATE_GZIP);
        w = run(z, comp, c + 15, piece, 65536, out, n, &rc);
        assert_int_equal(rc, PM_INFLATE_END);
        assert_int_equal(w, n);
        assert_memory_equal(out, plain, n);
        pm_inflate_free(z);
    }

    /* a corrupt stream fed in small pieces, each in a buffer of its own
     * (run() checks that nothing before the piece is handed back): ISA-L
     * gives back the bytes it held when it fails, some of them from an
     * earlier piece (found by fuzz_extract through a PDF's FlateDecode) */
    for (int bits = 15; bits <= 31; bits += 16) {
        c = compress_to(plain, 4000, comp, cap, bits);
        for (size_t at = 2; at < c - 8; at += 3) {
            unsigned char keep = comp[at];
            comp[at] = (unsigned char)(keep ^ 0xA5);
            for (size_t piece = 1; piece <= 24; piece++) {
                z = pm_inflate_new(bits > 15 ? PM_INFLATE_GZIP : PM_INFLATE_ZLIB);
                run(z, comp, c, piece, 65536, out, n, &rc);
                pm_inflate_free(z);
            }
            comp[at] = keep;
        }
    }

    /* a zlib stream cut before its checksum is not at its end */
    c = compress_to(plain, n, comp, cap, 15);
    z = pm_inflate_new(PM_INFLATE_ZLIB);
    w = run(z, comp, c - 4, 4096, 65536, out, n, &rc);
    assert_int_equal(w, n);
    assert_int_equal(rc, PM_INFLATE_MORE);
    assert_false(pm_inflate_clean_end(z));
    pm_inflate_free(z);
    free(plain);
    free(comp);
    free(out);
}


/* A corrupt zlib stream (from fuzz_pdf) whose matches reach back before its
 * start: ISA-L copies them from its history buffer, which held the previous
 * stream's output. What comes out must not depend on what was decompressed
 * before (another file's text), whatever the pieces. */
static void test_no_stale_history(void **state)
{
    (void)state;
    static const unsigned char bad[] = {
        0x78, 0xda, 0x33, 0x57, 0x30, 0x50, 0xb0, 0x50, 0x30, 0x36, 0xe3, 0xb2,
        0xb1, 0x3b, 0xd0, 0x77, 0x2c, 0x2d, 0xc9, 0xc8, 0x2f, 0x52, 0xd0, 0x48,
        0xcc, 0xcb, 0xd3, 0xcb, 0x49, 0x4d, 0x75, 0x48, 0xad, 0x48, 0xcc, 0x2d,
        0xc8, 0x49, 0xd5, 0x4b, 0xce, 0xcf, 0xd5, 0x54, 0xb0, 0xb3, 0x03, 0xab,
        0x09, 0x51, 0xd0, 0x28, 0x2e, 0xce, 0xd3, 0x54, 0xd0, 0x0f, 0x53, 0xd0,
        0x30, 0x34, 0x32, 0xd6, 0x35, 0x31, 0xd5, 0x35, 0x33, 0xff, 0xb0, 0x04,
        0xcb, 0x03, 0x00, 0x2c, 0x1f, 0x2f, 0x46, 0x31, 0x13, 0xd1, 0x0a
    };
    size_t n = 70000, cap = n + 4096;
    unsigned char *comp = malloc(cap), *out = malloc(n), *first = malloc(n);
    for (size_t piece = 1; piece <= 40; piece++) {
        size_t w[2];
        for (unsigned seed = 0; seed < 2; seed++) {
            unsigned char *plain = sample(n, 10 + seed);
            size_t c = compress_to(plain, n, comp, cap, 15);
            struct pm_inflate *z = pm_inflate_new(PM_INFLATE_ZLIB);
            enum pm_inflate_rc rc;
            assert_int_equal(run(z, comp, c, 65536, 65536, out, n, &rc), n);
            pm_inflate_reset(z); /* the next stream of the same reader */
            w[seed] = run(z, bad, sizeof bad, piece, 65536, seed ? out : first, n, &rc);
            pm_inflate_free(z);
            free(plain);
        }
        assert_int_equal(w[0], w[1]);
        assert_memory_equal(first, out, w[0]);
    }
    free(comp);
    free(out);
    free(first);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_zlib_pieces),
        cmocka_unit_test(test_gzip_members),
        cmocka_unit_test(test_corrupt_and_truncated),
        cmocka_unit_test(test_no_stale_history),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
