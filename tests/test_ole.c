/* test_ole.c — OLE2 compound files (extract/cfb.c) on built and hostile
 * inputs, and legacy Office files (extract/xls.c, extract/doc.c,
 * extract/ex_ole.c) read end to end from LibreOffice-made fixtures in
 * tests/data/legacy/.
 *
 * The compound files here are built byte by byte (build() below: header,
 * one FAT sector, a directory, a stream of 9 sectors, a mini stream), then
 * broken one field at a time: every break must give an error, never a read
 * out of bounds (run under ASan) or a hang.
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

#include "extract/cfb.h"
#include "extract/extract.h"

#define SECT 512
#define BIG 4608 /* 9 sectors: read through the FAT */
#define SMALL 100 /* under 4096: read through the mini FAT */
#define NFILE (14 * SECT)

static void put16(unsigned char *p, unsigned v)
{
    p[0] = (unsigned char)v;
    p[1] = (unsigned char)(v >> 8);
}
static void put32(unsigned char *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (unsigned char)(v >> (8 * i));
}
static unsigned char *sector(unsigned char *f, unsigned s) { return f + (s + 1) * SECT; }

static void dir_entry(unsigned char *e, const char *name, int type, uint32_t left, uint32_t right,
                      uint32_t child, uint32_t start, uint32_t size)
{
    size_t n = strlen(name);
    for (size_t i = 0; i < n; i++)
        put16(e + 2 * i, (unsigned char)name[i]);
    put16(e + 64, (unsigned)(2 * n + 2));
    e[66] = (unsigned char)type;
    put32(e + 68, left);
    put32(e + 72, right);
    put32(e + 76, child);
    put32(e + 116, start);
    put32(e + 120, size);
}

/* A version 3 compound file: sector 0 the FAT, 1 the directory, 2-10 the
 * big stream, 11 the mini stream (the small stream in mini sectors 0-1),
 * 12 the mini FAT. */
static void build(unsigned char *f, const char *big, const unsigned char *bigdata,
                  const char *small, const unsigned char *smalldata)
{
    memset(f, 0, NFILE);
    memcpy(f, PM_CFB_MAGIC, 8);
    put16(f + 24, 0x3E);
    put16(f + 26, 3);
    put16(f + 28, 0xFFFE);
    put16(f + 30, 9);
    put16(f + 32, 6);
    put32(f + 44, 1);           /* FAT sectors */
    put32(f + 48, 1);           /* first directory sector */
    put32(f + 56, 4096);
    put32(f + 60, 12);          /* first mini FAT sector */
    put32(f + 64, 1);
    put32(f + 68, 0xFFFFFFFE);  /* no DIFAT sectors */
    for (int i = 0; i < 109; i++)
        put32(f + 76 + 4 * i, i == 0 ? 0 : 0xFFFFFFFF);
    unsigned char *fat = sector(f, 0);
    for (unsigned i = 0; i < SECT / 4; i++)
        put32(fat + 4 * i, 0xFFFFFFFF);
    put32(fat, 0xFFFFFFFD);
    put32(fat + 4, 0xFFFFFFFE);
    for (unsigned s = 2; s < 10; s++)
        put32(fat + 4 * s, s + 1);
    put32(fat + 40, 0xFFFFFFFE);
    put32(fat + 44, 0xFFFFFFFE);
    put32(fat + 48, 0xFFFFFFFE);
    unsigned char *dir = sector(f, 1);
    dir_entry(dir, "Root Entry", 5, 0xFFFFFFFF, 0xFFFFFFFF, 1, 11, SECT);
    dir_entry(dir + 128, big, 2, 0xFFFFFFFF, 2, 0xFFFFFFFF, 2, BIG);
    dir_entry(dir + 256, small, 2, 0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0, SMALL);
    memcpy(sector(f, 2), bigdata, BIG);
    memcpy(sector(f, 11), smalldata, SMALL);
    unsigned char *mfat = sector(f, 12);
    for (unsigned i = 0; i < SECT / 4; i++)
        put32(mfat + 4 * i, 0xFFFFFFFF);
    put32(mfat, 1);
    put32(mfat + 4, 0xFFFFFFFE);
}

static unsigned char bigdata[BIG], smalldata[SMALL], file[NFILE];

static void build_plain(void)
{
    for (size_t i = 0; i < BIG; i++)
        bigdata[i] = (unsigned char)(i * 7);
    for (size_t i = 0; i < SMALL; i++)
        smalldata[i] = (unsigned char)('a' + i % 26);
    build(file, "Workbook", bigdata, "Small", smalldata);
}

/* Opens f[0..n) and reads the named stream: 0 and the bytes, or -1. */
static int read_stream(const unsigned char *f, size_t n, const char *name, unsigned char **out,
                       size_t *outn)
{
    struct pm_cfb c;
    char err[200];
    *out = NULL;
    if (pm_cfb_open(&c, f, n, err, sizeof err) != 0) {
        assert_true(strncmp(err, "OLE2: ", 6) == 0);
        return -1;
    }
    int e = pm_cfb_find(&c, name), rc = -1;
    if (e >= 0)
        rc = pm_cfb_read(&c, e, 1u << 20, out, outn, err, sizeof err);
    pm_cfb_close(&c);
    return rc;
}

static void cfb_reads_streams(void **state)
{
    (void)state;
    unsigned char *s;
    size_t n;
    build_plain();
    assert_int_equal(read_stream(file, NFILE, "WORKBOOK", &s, &n), 0);
    assert_int_equal(n, BIG);
    assert_memory_equal(s, bigdata, BIG);
    free(s);
    assert_int_equal(read_stream(file, NFILE, "Small", &s, &n), 0);
    assert_int_equal(n, SMALL);
    assert_memory_equal(s, smalldata, SMALL);
    free(s);
    assert_int_equal(read_stream(file, NFILE, "Book", &s, &n), -1);
    /* a stream over the caller's cap is refused */
    struct pm_cfb c;
    char err[200];
    assert_int_equal(pm_cfb_open(&c, file, NFILE, err, sizeof err), 0);
    assert_int_equal(pm_cfb_read(&c, pm_cfb_find(&c, "Workbook"), 4000, &s, &n, err, sizeof err),
                     -1);
    assert_non_null(strstr(err, "over"));
    pm_cfb_close(&c);
}

/* Each break of the file: the stream can no longer be read, and nothing
 * else happens. */
static void cfb_hostile(void **state)
{
    (void)state;
    unsigned char *s;
    size_t n;
    struct {
        size_t at;
        uint32_t v;
        int width;
        const char *what;
    } breaks[] = {
        {(0 + 1) * SECT + 5 * 4, 3, 4, "FAT chain loops back"},
        {(0 + 1) * SECT + 5 * 4, 5, 4, "FAT entry points at itself"},
        {(0 + 1) * SECT + 5 * 4, 100000, 4, "FAT points past the file"},
        {(0 + 1) * SECT + 4, 1, 4, "directory chain loops"},
        {30, 30, 2, "huge sector shift"},
        {30, 12, 2, "4096-byte sectors in version 3"},
        {44, 0xFFFFFFFF, 4, "FAT sector count"},
        {44, 0, 4, "no FAT"},
        {76, 5000, 4, "FAT sector out of range"},
        {48, 77, 4, "directory past the end"},
        {(1 + 1) * SECT + 128 + 116, 0xFFFFFFF0, 4, "stream starts past the end"},
        {(1 + 1) * SECT + 128 + 120, 0xFFFFFFFF, 4, "stream larger than the file"},
        {(1 + 1) * SECT + 66, 2, 1, "no root entry"},
        {(12 + 1) * SECT, 0, 4, "mini FAT loops"},
        {(12 + 1) * SECT, 900, 4, "mini sector out of range"},
        {(1 + 1) * SECT + 116, 3, 4, "mini stream is the big stream's middle"},
        {(1 + 1) * SECT + 120, 0x7FFFFFFF, 4, "mini stream larger than the file"},
    };
    for (size_t b = 0; b < sizeof breaks / sizeof breaks[0]; b++) {
        build_plain();
        if (breaks[b].width == 4)
            put32(file + breaks[b].at, breaks[b].v);
        else if (breaks[b].width == 2)
            put16(file + breaks[b].at, breaks[b].v);
        else
            file[breaks[b].at] = (unsigned char)breaks[b].v;
        const char *name = strstr(breaks[b].what, "mini") ? "Small" : "Workbook";
        int rc = read_stream(file, NFILE, name, &s, &n);
        if (strcmp(breaks[b].what, "mini stream is the big stream's middle") == 0) {
            /* not an error: the mini sectors are other bytes, still inside the file */
            assert_int_equal(rc, 0);
            free(s);
            continue;
        }
        if (rc == 0)
            fail_msg("%s: read", breaks[b].what);
    }
}

/* Directory cycles: the siblings of the root's children link in a ring, or
 * the root is its own child; a missing name is looked for and not found. */
static void cfb_directory_cycles(void **state)
{
    (void)state;
    unsigned char *s;
    size_t n;
    build_plain();
    put32(sector(file, 1) + 256 + 72, 1); /* Small's right sibling is Workbook */
    put32(sector(file, 1) + 256 + 68, 2); /* and its left is itself */
    assert_int_equal(read_stream(file, NFILE, "Missing", &s, &n), -1);
    assert_int_equal(read_stream(file, NFILE, "Small", &s, &n), 0);
    free(s);
    build_plain();
    put32(sector(file, 1) + 76, 0); /* the root's child is the root */
    assert_int_equal(read_stream(file, NFILE, "Workbook", &s, &n), -1);
}

/* Every truncation of the file: an error or the right bytes. */
static void cfb_truncated(void **state)
{
    (void)state;
    unsigned char *s;
    size_t n;
    build_plain();
    for (size_t len = 0; len <= NFILE; len += 7) {
        unsigned char *cut = malloc(len ? len : 1);
        memcpy(cut, file, len);
        if (read_stream(cut, len, "Workbook", &s, &n) == 0) {
            assert_true(len >= 11 * SECT);
            assert_memory_equal(s, bigdata, BIG);
            free(s);
        }
        free(cut);
    }
}

/* ---- legacy Office files end to end --------------------------------------- */

struct got {
    char text[65536];
    size_t n, total; /* held, and given in all */
    unsigned records;
    int status;
    char reason[256];
    char encoding[32];
};

static int g_begin(void *ctx, unsigned level)
{
    (void)ctx;
    (void)level;
    return 0;
}
static void g_text(void *ctx, unsigned level, const char *t, size_t n)
{
    struct got *g = ctx;
    (void)level;
    g->total += n;
    if (g->n + n < sizeof g->text) {
        memcpy(g->text + g->n, t, n);
        g->n += n;
        g->text[g->n] = '\0';
    }
}
static void g_end(void *ctx, unsigned level, const struct pm_item *it)
{
    struct got *g = ctx;
    if (level)
        return;
    g->status = it->status;
    snprintf(g->reason, sizeof g->reason, "%s", it->reason ? it->reason : "");
    snprintf(g->encoding, sizeof g->encoding, "%s", it->encoding ? it->encoding : "");
}
static void g_record(void *ctx, unsigned level)
{
    struct got *g = ctx;
    (void)level;
    g->records++;
}

static uint64_t max_expanded; /* 0: the default */

static void extract_path(const char *path, struct got *g)
{
    struct pm_limits lim;
    struct pm_sink sink = {g, g_begin, g_text, g_end, g_record, NULL};
    char err[256];
    struct stat st;
    memset(g, 0, sizeof *g);
    pm_limits_default(&lim);
    if (max_expanded)
        lim.max_expanded = max_expanded;
    struct pm_extract *x = pm_extract_new(&lim, &sink, err, sizeof err);
    assert_non_null(x);
    assert_int_equal(stat(path, &st), 0);
    pm_extract_file(x, path, &st, 0);
    pm_extract_free(x);
}

static void extract_bytes(const unsigned char *d, size_t n, struct got *g)
{
    char path[] = "/tmp/piimap-test-ole.XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, d, n), (ssize_t)n);
    close(fd);
    extract_path(path, g);
    unlink(path);
}

/* "\x1eLABEL: value" is in the text exactly once. */
static void once(const struct got *g, const char *cell)
{
    const char *p = strstr(g->text, cell);
    if (!p || strstr(p + 1, cell))
        fail_msg("[%s] %s in:\n%s", cell, p ? "twice" : "missing", g->text);
}

static void xls_numbers_and_labels(void **state)
{
    (void)state;
    struct got *g = malloc(sizeof *g);
    extract_path(PM_TEST_DATA "/legacy/ids.xls", g);
    assert_int_equal(g->status, 0);
    assert_string_equal(g->encoding, "biff");
    once(g, "\x1eSSN: 536228734\x1e");   /* a number cell, no ".0" */
    once(g, "\x1e" "BSN: 111222333\x1e");
    once(g, "\x1eTelefon: 06891718906\x1e"); /* a text cell */
    once(g, "\x1eGeburtsdatum: 1980-03-05\x1e"); /* a date cell, by its format */
    once(g, "\x1e" "amount: 536228734\x1e");
    once(g, "\x1eName: Ann Smith");
    assert_non_null(strstr(g->text, "ids\n")); /* the sheet's name */
    assert_int_equal(g->records, 4); /* the name, the header, two rows */
    extract_path(PM_TEST_DATA "/legacy/crm_num.xls", g);
    assert_int_equal(g->status, 0);
    once(g, "\x1e" "Card number: 3566327500696106\x1e"); /* 16 digits in a double */
    once(g, "\x1e" "Date of Birth: 1999-06-03\x1e");
    /* 19 digits are more than a double holds: the double's exact value */
    once(g, "\x1e" "Card number: 4009775971242181632\x1e");
    assert_int_equal(g->records, 62);
    extract_path(PM_TEST_DATA "/legacy/crm_text.xls", g);
    once(g, "\x1e" "Card number: 4009775971242181735\x1e"); /* text cells, via the SST */
    once(g, "\x1e" "Date of Birth: 06/03/1999\x1e");
    free(g);
}

static void doc_text_and_tables(void **state)
{
    (void)state;
    struct got *g = malloc(sizeof *g);
    extract_path(PM_TEST_DATA "/legacy/ids.doc", g);
    assert_int_equal(g->status, 0);
    assert_string_equal(g->encoding, "word97");
    /* a hyperlink field: its result, not its code */
    assert_non_null(strstr(g->text, "Staff records, see the staff page.\n"));
    assert_null(strstr(g->text, "HYPERLINK"));
    once(g, "\x1eSSN: 536228734\x1e");
    once(g, "\x1eGeburtsdatum: 05.03.1980\x1e");
    /* an empty cell is a cell: Bob's BSN is under BSN */
    once(g, "\x1e" "BSN: 123456782\x1e");
    once(g, "\x1e" "amount: 219099998\x1e");
    /* UTF-16 pieces: ß, é, €, en dash */
    assert_non_null(strstr(g->text, "Stra\xc3\x9f" "e caf\xc3\xa9 \xe2\x82\xac \xe2\x80\x93 write to "
                                    "jane.roe@example.org\n"));
    assert_int_equal(g->records, 3); /* the header and two rows */
    extract_path(PM_TEST_DATA "/legacy/letter.doc", g);
    assert_non_null(strstr(g->text, "Dear Corey Graves\n\nEmail: mario09@hotmail.com\n"));
    free(g);
}

/* A BIFF8 workbook that is encrypted (FILEPASS after BOF), and a Word
 * document with fEncrypted: errors that say so, no text. */
static void encrypted(void **state)
{
    (void)state;
    struct got *g = malloc(sizeof *g);
    unsigned char wb[BIG] = {0};
    put16(wb, 0x0809);
    put16(wb + 2, 16);
    put16(wb + 4, 0x0600);
    put16(wb + 6, 5);
    put16(wb + 20, 0x002F); /* FILEPASS */
    put16(wb + 22, 6);
    memset(smalldata, 'x', SMALL);
    build(file, "Workbook", wb, "Small", smalldata);
    extract_bytes(file, NFILE, g);
    assert_int_equal(g->status, 3);
    assert_non_null(strstr(g->reason, "encrypted workbook"));
    assert_int_equal(g->n, 0);
    memset(wb, 0, sizeof wb);
    put16(wb, 0xA5EC);
    put16(wb + 2, 0xC1);
    wb[11] = 0x01 | 0x02; /* fEncrypted, 1Table */
    build(file, "WordDocument", wb, "1Table", smalldata);
    extract_bytes(file, NFILE, g);
    assert_int_equal(g->status, 3);
    assert_non_null(strstr(g->reason, "encrypted document"));
    free(g);
}

/* A compound file whose Workbook is no BIFF, and a broken one: their
 * printable runs, as before, and the item says why. */
static void unreadable_as_strings(void **state)
{
    (void)state;
    struct got *g = malloc(sizeof *g);
    unsigned char wb[BIG];
    memset(wb, 'Q', sizeof wb);
    memset(smalldata, 'x', SMALL);
    build(file, "Workbook", wb, "Small", smalldata);
    extract_bytes(file, NFILE, g);
    assert_int_equal(g->status, 1);
    assert_string_equal(g->encoding, "binary-strings");
    assert_non_null(strstr(g->reason, "not a BIFF5/BIFF8 workbook stream: read as binary strings"));
    assert_non_null(strstr(g->text, "QQQQQQQQ"));
    put32(sector(file, 0) + 5 * 4, 3); /* a FAT loop */
    extract_bytes(file, NFILE, g);
    assert_int_equal(g->status, 1);
    assert_non_null(strstr(g->reason, "sector chain loops"));
    /* a document inside another (an e-mail's attachment: a WordDocument
     * stream in a sub-storage, here in no storage at all): the container's
     * strings, as before, and no reason to give */
    build(file, "Other", wb, "Small", smalldata);
    dir_entry(sector(file, 1) + 384, "WordDocument", 2, 0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0,
              SMALL);
    extract_bytes(file, NFILE, g);
    assert_int_equal(g->status, 0);
    assert_string_equal(g->encoding, "binary-strings");
    assert_non_null(strstr(g->text, "QQQQQQQQ"));
    free(g);
}

/* A file over what may be held in memory (here max-expanded, 4 KiB) is
 * read as its strings, and the item says why; under it, as a workbook. */
static void over_the_cap(void **state)
{
    (void)state;
    struct got *g = malloc(sizeof *g);
    max_expanded = 4096;
    extract_path(PM_TEST_DATA "/legacy/ids.xls", g);
    assert_int_equal(g->status, 1);
    assert_string_equal(g->encoding, "binary-strings");
    assert_non_null(strstr(g->reason, "OLE2 file of 6144 bytes over the 4096 bytes held in memory"));
    assert_non_null(strstr(g->text, "Ann Smith"));
    max_expanded = 8192;
    extract_path(PM_TEST_DATA "/legacy/ids.xls", g);
    assert_int_equal(g->status, 0);
    assert_string_equal(g->encoding, "biff");
    max_expanded = 0;
    free(g);
}

/* A BIFF8 workbook's globals in wb: BOF, then an SST record of len bytes
 * holding one 8-bit string of cch characters, the first nchars of them 'A'
 * in this record. Returns where the SST's data ends. */
static size_t globals_with_sst(unsigned char *wb, size_t len, unsigned cch, size_t nchars)
{
    size_t o = 0;
    put16(wb + o, 0x0809), put16(wb + o + 2, 16), put16(wb + o + 4, 0x0600), put16(wb + o + 6, 5);
    o += 20;
    put16(wb + o, 0x00FC), put16(wb + o + 2, (unsigned)len);
    put32(wb + o + 4, 1), put32(wb + o + 8, 1), put16(wb + o + 12, cch);
    memset(wb + o + 15, 'A', nchars);
    return o + 4 + 8 + 3 + nchars;
}

/* A shared string of 4,000 bytes written by 14-byte LABELSST records again
 * and again: charged to the budget like decompressed bytes, so that
 * max-expanded (64 KiB here) stops it, and the item says so. */
static void shared_string_bomb(void **state)
{
    (void)state;
    struct got *g = malloc(sizeof *g);
    unsigned char wb[BIG] = {0};
    size_t o = globals_with_sst(wb, 8 + 3 + 4000, 4000, 4000);
    put16(wb + o, 0x000A), o += 4;
    put16(wb + o, 0x0809), put16(wb + o + 2, 16), put16(wb + o + 4, 0x0600);
    put16(wb + o + 6, 0x10), o += 20;
    for (unsigned r = 0; o + 14 + 4 <= BIG; r++, o += 14) {
        put16(wb + o, 0x00FD), put16(wb + o + 2, 10), put16(wb + o + 4, r);
    }
    memset(smalldata, 'x', SMALL);
    build(file, "Workbook", wb, "Small", smalldata);
    max_expanded = 65536;
    extract_bytes(file, NFILE, g);
    max_expanded = 0;
    assert_int_equal(g->status, 1);
    assert_string_equal(g->encoding, "biff");
    assert_non_null(strstr(g->reason, "limit max-expanded (65536 bytes) reached"));
    assert_true(g->total > 60000 && g->total < 200000); /* it stopped soon after */
    free(g);
}

/* A string cut at a record's end goes on in a CONTINUE that holds only its
 * flags byte: the characters after it are the next record's, never read as
 * the string's (they were, up to its count, and past the stream's end when
 * the CONTINUE was its last record). */
static void continue_of_flags_only(void **state)
{
    (void)state;
    struct got *g = malloc(sizeof *g);
    unsigned char wb[BIG] = {0};
    size_t o = globals_with_sst(wb, 8 + 3 + 10, 40, 10); /* 10 of the string's 40 chars */
    put16(wb + o, 0x003C), put16(wb + o + 2, 1), o += 5; /* CONTINUE: the flags byte, 0 */
    put16(wb + o, 0x4242), o += 4;                       /* a record of "BB" and no data */
    put16(wb + o, 0x000A), o += 4;
    put16(wb + o, 0x0809), put16(wb + o + 2, 16), put16(wb + o + 4, 0x0600);
    put16(wb + o + 6, 0x10), o += 20;
    put16(wb + o, 0x00FD), put16(wb + o + 2, 10), o += 14; /* row 0, col 0: string 0 */
    put16(wb + o, 0x000A), o += 4;
    memset(smalldata, 'x', SMALL);
    build(file, "Workbook", wb, "Small", smalldata);
    extract_bytes(file, NFILE, g);
    assert_string_equal(g->encoding, "biff");
    assert_non_null(strstr(g->text, "AAAAAAAAAA"));
    assert_null(strstr(g->text, "AB"));
    /* the same CONTINUE as the stream's last record: nothing read past it (ASan) */
    memset(wb, 0, BIG);
    globals_with_sst(wb, BIG - 20 - 4 - 5, BIG, BIG - 20 - 4 - 8 - 3 - 5);
    put16(wb + BIG - 5, 0x003C), put16(wb + BIG - 3, 1);
    build(file, "Workbook", wb, "Small", smalldata);
    extract_bytes(file, NFILE, g);
    assert_string_equal(g->encoding, "biff");
    free(g);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(cfb_reads_streams),
        cmocka_unit_test(cfb_hostile),
        cmocka_unit_test(cfb_directory_cycles),
        cmocka_unit_test(cfb_truncated),
        cmocka_unit_test(xls_numbers_and_labels),
        cmocka_unit_test(doc_text_and_tables),
        cmocka_unit_test(encrypted),
        cmocka_unit_test(unreadable_as_strings),
        cmocka_unit_test(over_the_cap),
        cmocka_unit_test(shared_string_bomb),
        cmocka_unit_test(continue_of_flags_only),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
