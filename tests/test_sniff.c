/* test_sniff.c — typing from the first bytes gives libmagic's answer.
 *
 * Without arguments: unit tests of the regex needs (magicre.c) on patterns
 * of libmagic's database and hard cases, of the exact regex check
 * (magicrx.c) against glibc's regexec on every regex of the database, of the
 * signatures (sniff.c), and of the prefilter on buffers it must send to the
 * whole database.
 *
 * With `--compare [--every N] DIR...`: types the first bytes of every regular
 * file under each DIR (every Nth file with --every) both ways, the new path
 * and plain libmagic with the whole database, exactly as the dispatcher shows
 * them; prints each difference and exits 1 on any. tests/sniff.sh runs it on
 * the fixtures, the test data, the generated shares, archives, PDFs and mail,
 * and samples of /usr/share and /usr/include.
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "extract/decode.h"
#include "extract/magicdb.h"
#include "extract/magicre.h"
#include "extract/magicrx.h"
#include "extract/sniff.h"

#include <magic.h>
#include <regex.h>

/* ---- regex needs ------------------------------------------------------------------ */

static int re_may(const char *pat, int icase, const char *text)
{
    struct pm_re_needs r;
    pm_re_analyse(pat, icase, &r);
    return pm_re_may_match(&r, (const unsigned char *)text, 0, strlen(text), NULL);
}

static void test_re_needs(void **state)
{
    (void)state;
    /* literals that must occur */
    assert_int_equal(re_may("^import.*;$", 0, "import java.util.List;\n"), 1);
    assert_int_equal(re_may("^import.*;$", 0, "x = 1;\nprint(2)\n"), 0);
    /* anchored: the literal only counts at a line start */
    assert_int_equal(re_may("^import.*;$", 0, "we import goods;\n"), 0);
    assert_int_equal(re_may("^import.*;$", 0, "line one\nimport a;\n"), 1);
    /* a leading optional class may come first */
    assert_int_equal(re_may("^[ \t]{0,50}\\.globl", 0, "   .globl main\n"), 1);
    assert_int_equal(re_may("^[ \t]{0,50}\\.globl", 0, "x .globl main\n"), 0);
    /* alternatives in a group: any of them */
    assert_int_equal(re_may("^(:|;)", 0, "a\n; comment\n"), 1);
    assert_int_equal(re_may("^(:|;)", 0, "a ; comment\n"), 0);
    assert_int_equal(re_may("^(CFLAGS|VPATH|LDFLAGS|all:|\\.PRECIOUS)", 0, "all: x\n"), 1);
    assert_int_equal(re_may("^(CFLAGS|VPATH|LDFLAGS|all:|\\.PRECIOUS)", 0, "cflags\n"), 0);
    /* case folded under REG_ICASE only */
    assert_int_equal(re_may("typeof.*[!=]==", 0, "TYPEOF x === 1"), 0);
    assert_int_equal(re_may("typeof.*[!=]==", 1, "TYPEOF x === 1"), 1);
    /* optional pieces are not needs; '+' keeps one */
    assert_int_equal(re_may("ab?c", 0, "ac"), 1);
    assert_int_equal(re_may("ab+c", 0, "abbbc"), 1);
    assert_int_equal(re_may("x(ab)*y", 0, "xy"), 1);
    assert_int_equal(re_may("\\((async )?function[( ]", 0, "(function ("), 1);
    /* what it does not understand needs nothing: every buffer may match */
    assert_int_equal(re_may("a|b", 0, "zzz"), 1);
    assert_int_equal(re_may("[[=a=]]x", 0, "zzz"), 1);
    assert_int_equal(re_may("\\bfoo", 0, "foo"), 1);
    assert_int_equal(re_may("\\<word\\>", 0, "a word here"), 1); /* GNU word edges */
    assert_int_equal(re_may("x\\<y", 0, "x y"), 1);
    /* a skipped class that holds the literal's first byte still finds it */
    assert_int_equal(re_may("^[ .]*\\.text", 0, "  ..text\n"), 1);
}

/* ---- signatures ------------------------------------------------------------------- */

static void test_containers(void **state)
{
    (void)state;
    unsigned char b[128] = {0};
    memcpy(b, "%PDF-1.7\n", 9);
    assert_string_equal(pm_sniff_container(b, sizeof b), "application/pdf");
    memcpy(b, "\x1F\x8B\x08\0\0\0\0\0\0\x03", 10);
    assert_string_equal(pm_sniff_container(b, sizeof b), "application/gzip");
    memcpy(b, "SQLite format 3\0\x10\0", 18);
    assert_string_equal(pm_sniff_container(b, sizeof b), "application/vnd.sqlite3");
    b[16] = b[17] = 0; /* no page size: libmagic's rule does not hold */
    assert_null(pm_sniff_container(b, sizeof b));
    memcpy(b, "BZh91AY&SY", 10);
    assert_string_equal(pm_sniff_container(b, sizeof b), "application/x-bzip2");
    memcpy(b, "BZh is text", 11);
    assert_null(pm_sniff_container(b, sizeof b));
    memcpy(b, "PK\3\4", 4); /* zip: libmagic names the kind */
    assert_null(pm_sniff_container(b, sizeof b));
}

/* ---- the prefilter on inputs the whole database must see ------------------------- */

static const char *type_both(struct pm_typer *t, const char *text, char *fast, char *plain)
{
    size_t n = strlen(text), bom;
    enum pm_encoding enc = pm_sniff_encoding((const unsigned char *)text, n, &bom);
    assert_int_equal(pm_typer_type(t, (const unsigned char *)text, n, enc, 0, fast, 128), 0);
    assert_int_equal(pm_typer_type(t, (const unsigned char *)text, n, enc, 1, plain, 128), 0);
    assert_string_equal(fast, plain);
    return fast;
}

static void test_prefilter(void **state)
{
    (void)state;
    const struct pm_magicdb *db = pm_magicdb_get();
    if (!db) {
        print_message("prefilter not usable here: %s\n", pm_magicdb_why());
        skip();
    }
    size_t decided, left;
    pm_magicdb_counts(db, &decided, &left);
    assert_true(decided > 10 * left); /* most tests are decided here */
    struct pm_typer *t = pm_typer_new();
    char a[128], b[128];
    static const char *const cases[] = {
        "plain words and more plain words, nothing else in here at all\n",
        "#!/bin/sh\necho hello\n",
        "<!DOCTYPE html>\n<html><body>x</body></html>\n",
        "From alice@example.com Mon Jan  1 00:00:00 2024\nSubject: hi\n\nbody\n",
        "#include <stdio.h>\nint main(void) { return 0; }\n",
        "{\"a\": 1, \"b\": [1, 2, 3]}\n",
        "a,b,c\n1,2,3\n4,5,6\n",
        "<?xml version=\"1.0\"?>\n<root/>\n",
        "import java.util.List;\nclass A {}\n",
        "0\nSECTION\n2\nHEADER\n",
        /* FORTRAN: no line starts with other than C, c, space or tab */
        "C     A COMMENT\n      PROGRAM HELLO\n      PRINT *, 'HI'\n      END\n",
        "c lower case comment\n\tX = 1\n",
        "      PROGRAM P\n",
        "X\n",
        "X",
    };
    /* Tab-separated lines of twelve fields meet SAM's regex (a first field of
     * 1-255 bytes other than '@' and eleven more): the small database with
     * that test put back. Eleven fields have the literals it needs, but its
     * exact check (magicrx.c) rules it out: the small database alone. */
    static const char tsv12[] = "ts\tepoch_ms\trequest_id\ttrace\tinvoice\torder\tamount\t"
                                "currency\tlatency_ms\tclient\tnote\textra\n"
                                "2024-01-03\t1704591714651\t65df\tfa74\tINV-2\t85\t7.01\t"
                                "GBP\t3467\t10.1.2.3\tretrying upstream\tx\n";
    static const char tsv11[] = "ts\tepoch_ms\trequest_id\ttrace\tinvoice\torder\tamount\t"
                                "currency\tlatency_ms\tclient\tnote\n"
                                "2024-01-03\t1704591714651\t65df\tfa74\tINV-2\t85\t7.01\t"
                                "GBP\t3467\t10.1.2.3\tretrying upstream\n";
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        type_both(t, cases[i], a, b);
    unsigned long c[PM_TYPE_HOWS], d[PM_TYPE_HOWS], e[PM_TYPE_HOWS];
    pm_typer_counts(t, c);
    assert_true(c[PM_TYPE_PLAIN] >= 1);  /* plain words: no libmagic at all */
    assert_true(c[PM_TYPE_EARLY] >= 2);  /* JSON, CSV */
    /* scripts, html, mail, C, xml, ...: more tests may match than a few */
    assert_true(c[PM_TYPE_FULL] - sizeof cases / sizeof cases[0] >= 3);
    assert_string_equal(type_both(t, tsv12, a, b), "text/plain");
    type_both(t, tsv12, a, b); /* the second time from the handle kept */
    pm_typer_counts(t, d);
    assert_int_equal(d[PM_TYPE_FEW] - c[PM_TYPE_FEW], 2);
    assert_int_equal(d[PM_TYPE_PLAIN], c[PM_TYPE_PLAIN]);
    assert_string_equal(type_both(t, tsv11, a, b), "text/plain");
    pm_typer_counts(t, e);
    assert_int_equal(e[PM_TYPE_PLAIN] - d[PM_TYPE_PLAIN], 1);
    pm_typer_free(t);
}

/* Text that opens an object or array goes to libmagic's JSON check alone
 * first, then to its encoding, tar and CSV checks: the same answers as all
 * of them at once, JSON or not (a truncated document, CSV in brackets,
 * Latin-1 or control bytes in a string, JSON Lines, two values on a line),
 * on fixed and seeded random buffers. */
static void test_json_split(void **state)
{
    (void)state;
    struct pm_typer *t = pm_typer_new();
    char a[128], b[128];
    static const char *const cases[] = {
        "{\"a\": 1}\n{\"a\": 2}\n",
        "{\"a\": 1, \"b\": [1, 2",
        "[a,b\n[c,d\n[e,f\n[g,h\n",
        "[1, 2]\n[3, 4]\n",
        "{\"a\":1}{\"b\":2}",
        "  [ ]  ",
        "{}",
        "[\"caf\xe9\", 1]\n",
        "{\"k\": \"\x01\x02\"}\n",
        "[1,2,3",
        "{\"a\": tru}",
        "[\"x\", \"y\"]\n[\"z\", \"w\"]\n[\"u\", \"v\"]\n",
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        type_both(t, cases[i], a, b);
    assert_string_equal(type_both(t, cases[0], a, b), "application/x-ndjson");
    /* JSON Lines and documents of valid values, some cut anywhere, some
     * with a byte changed */
    static const char *const values[] = {"{\"a\": 1}", "[1, 2]", "{\"k\": \"v\", \"n\": [true, null]}",
                                         "{\"x\": {\"y\": -1.5e3}}", "[\"a\\\"b\", {}]", "{\"caf\xc3\xa9\": 2}",
                                         "{\"s\": \"\xe9\"}", "[[], [{}]]"};
    static const char noise[] = "{}[],:\" \n\\x1\xe9\x01";
    unsigned long seed = 12345, named = 0;
    static char buf[1200];
    for (int round = 0; round < 3000; round++) {
        size_t n = 0;
        int lines = round % 3 != 0;
        if (!lines)
            buf[n++] = '[';
        do {
            seed = seed * 6364136223846793005ul + 1442695040888963407ul;
            const char *v = values[(seed >> 33) % (sizeof values / sizeof values[0])];
            if (n + strlen(v) + 4 >= sizeof buf)
                break;
            if (!lines && n > 1)
                buf[n++] = ',';
            memcpy(buf + n, v, strlen(v));
            n += strlen(v);
            if (lines)
                buf[n++] = '\n';
        } while ((seed >> 20) % 8 != 0);
        if (!lines)
            buf[n++] = ']';
        seed = seed * 6364136223846793005ul + 1442695040888963407ul;
        unsigned how = (unsigned)(seed >> 40) % 4;
        size_t at = (size_t)(seed >> 12) % n;
        if (how == 1 && at > 0)
            n = at; /* cut */
        else if (how == 2)
            buf[at] = noise[(seed >> 50) % (sizeof noise - 1)];
        buf[n] = '\0';
        if (strlen(buf) < 2)
            continue;
        const char *r = type_both(t, buf, a, b);
        named += strstr(r, "json") != NULL;
    }
    assert_true(named > 500); /* many were JSON, not only none on both sides */
    pm_typer_free(t);
}

/* A tar header of 512 bytes of text: the checksum field holds the sum. */
static void tar_text(char *h)
{
    static const char line[] = "the quick brown fox jumps over the lazy dog\n";
    for (int i = 0; i < 512; i++)
        h[i] = line[i % (sizeof line - 1)];
    h[512] = 0;
    memset(h + 148, ' ', 8);
    unsigned sum = 0;
    for (int i = 0; i < 512; i++)
        sum += (unsigned char)h[i];
    char oct[16];
    snprintf(oct, sizeof oct, "%06o ", sum);
    memcpy(h + 148, oct, 7);
}

/* Text that the small database's groups come near: the proof that none of
 * them prints (magicplain.c) must send to libmagic whatever it may type
 * otherwise, and name the rest text/plain without it. */
static void test_quiet(void **state)
{
    (void)state;
    if (!pm_magicdb_get())
        skip();
    struct pm_typer *t = pm_typer_new();
    char a[128], b[128], tar[520];
    static const char *const cases[] = {
        "x^ a zlib header, but text: libmagic's zlib test is for binaries\n",
        "HK two more bytes whose number is a multiple of 31\n",
        "\a\bstarts with control bytes that text may hold, as Z-machine's rule asks\n",
        "\bBELL and a line\nand 0000000 at sixteen\n",
        "ab\n\nthe fourth byte under 0x20, as xBase's rule asks, and more text\n",
        "W i n d o w s   R e g i s t r y, spaced like UTF-16\n",
        "xxW\x01i\x01n\x01d",
        "+/v8 UTF-7's signature\n",
        "caf\xc3\xa9 cr\xc3\xa8me, UTF-8 text\n",
        "cut off in a character \xc3",
        "x\n",
        /* CSV by libmagic's own count of commas outside quotes */
        "a,\"b,\"\"c\",d\n1,2,3\n4,5,6\n7,8,9\n",
        "a,\"b\nc\",d\n1,2,3\n4,5,6\n7,8,9\n",
        "a,\"b,c\"d,e\n1,2,3\n4,5,6\n7,8,9\n",
        "x,y\n1,2\n",
        "x,y\n1,2\n3,4\n",
        "x,y\n1,2\n3,4\n5\n",
        "a,b\n1,2\n1,2\n1,2\n1,2\n1,2\n1,2\n1,2\n1,2\n1,2,3\n1\n",
        "a,b\n1,2\n1,2\n1,2\n1,2\n1,2\n1,2\n1,2\n1,2\n1,2\n1,2,3\n",
        "2024-01-03 INFO a=1, b=2\nnext line, more\nand, one\n",
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        type_both(t, cases[i], a, b);
    /* Every other byte from offset 2 and 50 reads as libmagic's UTF-16 rule
     * for .reg files: plain text it types text/x-ms-regedit. */
    char reg[128];
    memset(reg, '.', sizeof reg);
    static const char w[] = "Windows Registry Editor ", v[] = "Version 5.00\r\n\r\n";
    for (size_t i = 0; i < sizeof w - 1; i++)
        reg[2 + 2 * i] = w[i];
    for (size_t i = 0; i < sizeof v - 1; i++)
        reg[50 + 2 * i] = v[i];
    reg[sizeof reg - 2] = '\n';
    reg[sizeof reg - 1] = 0;
    assert_string_equal(type_both(t, reg, a, b), "text/x-ms-regedit");
    reg[50] = 'v'; /* one byte off: text */
    assert_string_equal(type_both(t, reg, a, b), "text/plain");
    tar_text(tar);
    assert_string_equal(type_both(t, tar, a, b), "application/x-tar");
    tar[148] = '7'; /* the checksum no longer holds */
    assert_string_equal(type_both(t, tar, a, b), "text/plain");
    unsigned long c[PM_TYPE_HOWS];
    pm_typer_counts(t, c);
    /* x^, HK, W i n d o w s, the .reg file one byte off and the broken tar
     * header at least; never the control bytes, the signature of UTF-7, the
     * cut character, the .reg file or the tar */
    assert_true(c[PM_TYPE_PLAIN] >= 5);
    assert_true(c[PM_TYPE_PLAIN] <= sizeof cases / sizeof cases[0] - 4);
    pm_typer_free(t);
}

/* ---- the exact regex check against glibc ------------------------------------------ */

/* glibc's answer as libmagic asks it (REG_EXTENDED | REG_NEWLINE, C locale). */
static int glibc_match(const char *pat, int icase, const char *subject)
{
    regex_t re;
    if (regcomp(&re, pat, REG_EXTENDED | REG_NEWLINE | (icase ? REG_ICASE : 0)) != 0)
        return -1;
    int r = regexec(&re, subject, 0, NULL, 0) == 0;
    regfree(&re);
    return r;
}

/* Subjects: lines of logs, CSV, TSV, code, markup; SAM-like tab rows; and
 * seeded random printable text with newlines. */
static char rx_subjects[48][600];
static size_t rx_nsubjects;

static void rx_make_subjects(void)
{
    static const char *const fixed[] = {
        "package Foo::Bar;\nuse strict;\n1;\n",
        "x\npackage  require Tcl 8.5\n",
        "<dryad-bibo/v3.1 xmlns=\"x\">\n",
        "r001\t99\tref\t7\t30\t8M2I4M1D3M\t=\t37\t39\tTTAGATAAAGGATACTG\t*\n",
        "@HD\tVN:1.6\tSO:coordinate\n@SQ\tSN:ref\tLN:45\n",
        "2024-01-05T11:20:46.332Z ERROR [8fe80f40] svc=payments amount=79428.14\n",
        "ts\tepoch_ms\trequest_id\ttrace\tinvoice\torder\tamount\tcurrency\tlatency\tc\tn\tx\n",
        "#!/usr/bin/perl -w\nprint \"hi\";\n",
        "#!/bin/sh\necho hi\n\n",
        "<!DOCTYPE html>\n<HTML><body></body></HTML>\n",
        "\\documentclass{article}\n\\begin{document}\n",
        "From: a@b.c\nSubject: x\n\nbody\n",
        "BEGIN:VCARD\nVERSION:3.0\nEND:VCARD\n",
        "import os\ndef f(x):\n    return x\n",
        "a,b,c\n1,2,3\n",
        "",
        "\n\n",
        "C     COMMENT\n      PROGRAM P\n",
    };
    for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
        snprintf(rx_subjects[rx_nsubjects++], sizeof rx_subjects[0], "%s", fixed[i]);
    unsigned long x = 12345;
    static const char alphabet[] = "abcxyzABCXYZ0123456789 \t\n.,;:=*+-_/\\()[]{}<>@#!$%^&|?'\"~";
    while (rx_nsubjects < sizeof rx_subjects / sizeof rx_subjects[0]) {
        char *s = rx_subjects[rx_nsubjects++];
        size_t len = 20 + (x >> 7) % 400;
        for (size_t k = 0; k < len; k++) {
            x = x * 6364136223846793005ul + 1442695040888963407ul;
            s[k] = alphabet[(x >> 33) % (sizeof alphabet - 1)];
        }
        s[len] = 0;
    }
}

/* Every regex of the database libmagic loads, with its case flag, into f. */
static size_t db_regexes(char (*pats)[129], int *icase, size_t max)
{
    char path[4200];
    snprintf(path, sizeof path, "%s.mgc", magic_getpath(NULL, 0));
    char *colon = strchr(path, ':');
    if (colon) /* the first entry of the path that exists */
        for (char *p = path; p; p = colon ? colon + 1 : NULL) {
            colon = strchr(p, ':');
            char one[4200];
            snprintf(one, sizeof one, "%.*s%s", colon ? (int)(colon - p) : (int)strlen(p), p,
                     colon ? ".mgc" : "");
            if (access(one, R_OK) == 0) {
                snprintf(path, sizeof path, "%s", one);
                break;
            }
        }
    FILE *f = fopen(path, "rb");
    size_t n = 0;
    unsigned char e[376];
    while (f && n < max && fread(e, 1, sizeof e, f) == sizeof e) {
        if (e[6] != 17) /* FILE_REGEX */
            continue;
        memcpy(pats[n], e + 32, 128);
        pats[n][128] = 0;
        uint32_t sflags;
        memcpy(&sflags, e + 28, 4);
        icase[n++] = (sflags & 0x0C) != 0;
    }
    if (f)
        fclose(f);
    return n;
}

static void test_rx_vs_glibc(void **state)
{
    (void)state;
    static char pats[512][129];
    static int icase[512];
    size_t np = db_regexes(pats, icase, 512);
    assert_true(np > 100); /* 68 at top level and more below */
    rx_make_subjects();
    size_t used = 0, agree = 0, matched = 0;
    for (size_t i = 0; i < np; i++) {
        struct pm_rx *rx = pm_rx_new(pats[i], icase[i]);
        if (!rx)
            continue;
        used++;
        for (size_t k = 0; k < rx_nsubjects; k++) {
            int g = glibc_match(pats[i], icase[i], rx_subjects[k]);
            int r = pm_rx_search(rx, (const unsigned char *)rx_subjects[k], strlen(rx_subjects[k]));
            if (g == 1 && r == 0)
                fail_msg("/%s/ matches \"%s\" in glibc, not in PCRE2", pats[i], rx_subjects[k]);
            agree += g == r;
            matched += g == 1;
        }
        pm_rx_free(rx);
    }
    /* nearly all are translated, and exactly (a superset would be sound but slow) */
    assert_true(used * 10 > np * 9);
    assert_int_equal(agree, used * rx_nsubjects);
    assert_true(matched > 50);
}

static void test_rx_forms(void **state)
{
    (void)state;
    static const struct { const char *pat; int icase; const char *text; int m; } cases[] = {
        {"^package[ \t]+req", 0, "x\npackage \treq\n", 1},
        {"^package[ \t]+req", 0, "x package req\n", 0},
        {"a[^x]b", 0, "a\nb", 0},          /* a negated list never takes the newline */
        {"a.b", 0, "a\nb", 0},
        {"[]a]x", 0, "]x", 1},               /* ']' first is a member */
        {"[\\]", 0, "\\", 1},              /* a backslash is itself in a list */
        {"^$", 0, "a\n", 1},                 /* the empty line after the last newline */
        {"b$", 0, "ab\nc", 1},
        {"AbC", 1, "xaBcx", 1},
        {"[a-c]+Z", 1, "BCz", 1},
        {"x{,2}y", 0, "y", 1},
        {"(ab|cd){2}", 0, "abcd", 1},
        {"(ab|cd){3}", 0, "abcd", 0},
        {"[[:digit:]]{3}", 0, "12a", 0},
        {"\\.", 0, "a.b", 1},
        {"\\.", 0, "ab", 0},
        {"\\w\\s\\W", 0, "a !", 1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct pm_rx *rx = pm_rx_new(cases[i].pat, cases[i].icase);
        assert_non_null(rx);
        assert_int_equal(glibc_match(cases[i].pat, cases[i].icase, cases[i].text), cases[i].m);
        assert_int_equal(pm_rx_search(rx, (const unsigned char *)cases[i].text, strlen(cases[i].text)),
                         cases[i].m);
        pm_rx_free(rx);
    }
    /* no exact counterpart: refused */
    static const char *const refused[] = {"(a)\\1", "a\\<b", "\\bx", "[[=a=]]", "[[.a.]]", "*a",
                                          "a**", "a+?", "(a", "a)", "", "[[:nope:]]", "a{2,1}"};
    for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++)
        assert_null(pm_rx_new(refused[i], 0));
}

/* ---- comparing over trees --------------------------------------------------------- */

static struct pm_typer *cmp_typer;
static unsigned long cmp_files, cmp_diffs, cmp_every = 1, cmp_seen;

static int cmp_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)ftw;
    if (flag != FTW_F || !S_ISREG(st->st_mode) || cmp_seen++ % cmp_every)
        return 0;
    int fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return 0;
    /* The dispatcher's first block holds far more than the 8 KiB shown. */
    static unsigned char buf[PM_MAGIC_BYTES + 1];
    ssize_t n = read(fd, buf, sizeof buf);
    close(fd);
    if (n < 0)
        return 0;
    size_t bom;
    enum pm_encoding enc = pm_sniff_encoding(buf, (size_t)n, &bom);
    char fast[128], plain[128];
    if (pm_typer_type(cmp_typer, buf, (size_t)n, enc, 0, fast, sizeof fast) != 0 ||
        pm_typer_type(cmp_typer, buf, (size_t)n, enc, 1, plain, sizeof plain) != 0) {
        fprintf(stderr, "libmagic: %s\n", fast);
        exit(2);
    }
    cmp_files++;
    if (strcmp(fast, plain) != 0) {
        cmp_diffs++;
        printf("DIFF %s: new %s, libmagic %s\n", path, fast, plain);
    }
    return 0;
}

static int compare(int argc, char **argv)
{
    cmp_typer = pm_typer_new();
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--every") == 0 && i + 1 < argc) {
            cmp_every = strtoul(argv[++i], NULL, 10);
            cmp_every = cmp_every ? cmp_every : 1;
            continue;
        }
        cmp_seen = 0;
        unsigned long before = cmp_files;
        nftw(argv[i], cmp_one, 32, FTW_PHYS);
        printf("sniff: %lu files typed both ways under %s\n", cmp_files - before, argv[i]);
    }
    unsigned long c[PM_TYPE_HOWS];
    pm_typer_counts(cmp_typer, c);
    /* the plain calls are counted as whole-database answers too */
    printf("sniff: %lu files, %lu differences; new path: %lu by signature, %lu by the JSON/CSV "
           "checks, %lu as plain text without libmagic, %lu by the small "
           "database, %lu by it with a few tests put back, %lu by the whole one\n", cmp_files,
           cmp_diffs, c[PM_TYPE_SNIFF], c[PM_TYPE_EARLY], c[PM_TYPE_PLAIN], c[PM_TYPE_SMALL],
           c[PM_TYPE_FEW], c[PM_TYPE_FULL] - cmp_files);
    pm_typer_free(cmp_typer);
    return cmp_diffs || !cmp_files ? 1 : 0;
}

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "--compare") == 0)
        return compare(argc - 2, argv + 2);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_re_needs),
        cmocka_unit_test(test_quiet),
        cmocka_unit_test(test_rx_forms),
        cmocka_unit_test(test_rx_vs_glibc),
        cmocka_unit_test(test_containers),
        cmocka_unit_test(test_prefilter),
        cmocka_unit_test(test_json_split),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
