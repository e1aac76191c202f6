/* test_common.c — common/: the UTF-8 encoder, the hash set, JSON text for
 * bytes that are not UTF-8, and number parsing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/confidence.h"
#include "common/hashset.h"
#include "common/idlist.h"
#include "common/json_text.h"
#include "common/parse.h"
#include "common/status.h"
#include "common/utf8.h"

static void utf8_encodes_every_length(void **state)
{
    (void)state;
    unsigned char b[4];
    assert_int_equal(pm_utf8_put(0x41, b), 1);
    assert_int_equal(b[0], 0x41);
    assert_int_equal(pm_utf8_put(0xE9, b), 2); /* é */
    assert_memory_equal(b, "\xC3\xA9", 2);
    assert_int_equal(pm_utf8_put(0x20AC, b), 3); /* € */
    assert_memory_equal(b, "\xE2\x82\xAC", 3);
    assert_int_equal(pm_utf8_put(0x1F600, b), 4);
    assert_memory_equal(b, "\xF0\x9F\x98\x80", 4);
    /* A lone surrogate and a value past U+10FFFF become U+FFFD. */
    assert_int_equal(pm_utf8_put(0xD800, b), 3);
    assert_memory_equal(b, "\xEF\xBF\xBD", 3);
    assert_int_equal(pm_utf8_put(0x110000, b), 3);
    assert_memory_equal(b, "\xEF\xBF\xBD", 3);
}

static int count_cb(void *ctx, const void *key, void *val)
{
    (void)key;
    *(size_t *)ctx += (size_t)(uintptr_t)val;
    return 0;
}

static void hashset_strings(void **state)
{
    (void)state;
    struct pm_hset *s = pm_hset_new(0);
    assert_non_null(s);
    char k[32];
    for (int i = 0; i < 5000; i++) {
        snprintf(k, sizeof k, "/srv/share/f%d", i);
        assert_int_equal(pm_hset_add(s, k, (void *)(uintptr_t)1), 1);
    }
    assert_int_equal(pm_hset_add(s, "/srv/share/f42", NULL), 0);
    assert_int_equal(pm_hset_count(s), 5000);
    void *v = NULL;
    assert_true(pm_hset_get(s, "/srv/share/f4999", &v));
    assert_ptr_equal(v, (void *)(uintptr_t)1);
    assert_false(pm_hset_get(s, "/srv/share/f5000", NULL));
    assert_false(pm_hset_get(s, "/srv/share/f", NULL));
    assert_int_equal(pm_hset_put(s, "/srv/share/f7", (void *)(uintptr_t)5), 0);
    size_t sum = 0;
    assert_int_equal(pm_hset_each(s, count_cb, &sum), 0);
    assert_int_equal(sum, 4999 + 5);
    pm_hset_clear(s);
    assert_int_equal(pm_hset_count(s), 0);
    assert_false(pm_hset_get(s, "/srv/share/f7", NULL));
    assert_int_equal(pm_hset_add(s, "again", NULL), 1);
    pm_hset_free(s);
}

static void hashset_fixed_keys(void **state)
{
    (void)state;
    struct pm_hset *s = pm_hset_new(32);
    unsigned char h[32];
    for (int i = 0; i < 1000; i++) {
        memset(h, 0, sizeof h);
        memcpy(h + 28, &i, sizeof i); /* keys that differ only in their last bytes */
        assert_int_equal(pm_hset_add(s, h, NULL), 1);
    }
    for (int i = 0; i < 1000; i++) {
        memset(h, 0, sizeof h);
        memcpy(h + 28, &i, sizeof i);
        assert_int_equal(pm_hset_add(s, h, NULL), 0);
    }
    /* A zero key is a key like any other. */
    memset(h, 0, sizeof h);
    assert_true(pm_hset_get(s, h, NULL));
    assert_int_equal(pm_hset_count(s), 1000);
    pm_hset_free(s);
    pm_hset_free(NULL);
}

static void json_text_escapes_bad_bytes(void **state)
{
    (void)state;
    json_t *j = pm_json_text("caf\xc3\xa9");
    assert_string_equal(json_string_value(j), "caf\xc3\xa9");
    json_decref(j);
    j = pm_json_text("bad\xff" "name\xc3");
    assert_string_equal(json_string_value(j), "bad\\xffname\\xc3");
    json_decref(j);
    j = pm_json_text(NULL);
    assert_true(json_is_null(j));
    assert_true(pm_is_utf8("ok") && !pm_is_utf8("\xfe") && pm_is_utf8(NULL));
}

static void parse_positive_rejects_junk(void **state)
{
    (void)state;
    int64_t v = 0;
    assert_int_equal(pm_parse_positive("42", &v), 0);
    assert_int_equal(v, 42);
    assert_int_equal(pm_parse_positive("9223372036854775807", &v), 0);
    assert_true(v == INT64_MAX);
    const char *bad[] = {"0", "-5", "", "4x", "x", "99999999999999999999", " 4",
                         "9223372036854775808", "+4"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        assert_int_equal(pm_parse_positive(bad[i], &v), -1);
}

/* The elements of a list, joined by '|', with empty ones shown as "()". */
static void split(const char *list, char *out, size_t outsz)
{
    const char *p;
    size_t n, o = 0;
    out[0] = '\0';
    while ((p = pm_idlist_next(&list, &n)) != NULL)
        o += (size_t)snprintf(out + o, outsz - o, "%s%.*s", o ? "|" : "", n ? (int)n : 2,
                              n ? p : "()");
}

static void idlist_splits_and_finds(void **state)
{
    (void)state;
    char b[128];
    split("credit_card,phone", b, sizeof b);
    assert_string_equal(b, "credit_card|phone");
    split("email", b, sizeof b);
    assert_string_equal(b, "email");
    split("a,,b", b, sizeof b);
    assert_string_equal(b, "a|()|b");
    split(",a", b, sizeof b);
    assert_string_equal(b, "()|a");
    split("a,", b, sizeof b); /* a trailing comma ends the list */
    assert_string_equal(b, "a");
    split("", b, sizeof b);
    assert_string_equal(b, "");
    split(NULL, b, sizeof b);
    assert_string_equal(b, "");
    split(" a , b", b, sizeof b); /* not trimmed: " a " is no id */
    assert_string_equal(b, " a | b");

    assert_true(pm_idlist_has("credit_card,phone", "phone"));
    assert_true(pm_idlist_has("credit_card,phone", "credit_card"));
    assert_false(pm_idlist_has("credit_card,phone", "card"));
    assert_false(pm_idlist_has("credit_card,phone", "phone2"));
    assert_false(pm_idlist_has("credit_card,phones", "phone"));
    assert_false(pm_idlist_has(NULL, "phone"));
    assert_false(pm_idlist_has("", "phone"));
}

static void confidence_names_round_trip(void **state)
{
    (void)state;
    for (int c = PM_CONF_LOW; c <= PM_CONF_HIGH; c++)
        assert_int_equal(pm_confidence_parse(pm_confidence_name(c)), c);
    assert_string_equal(pm_confidence_name(PM_CONF_LOW), "low");
    assert_string_equal(pm_confidence_name(PM_CONF_MEDIUM), "medium");
    assert_string_equal(pm_confidence_name(PM_CONF_HIGH), "high");
    assert_string_equal(pm_confidence_name(PM_CONF_NONE), "none");
    assert_string_equal(pm_confidence_name(7), "none");
    assert_int_equal(pm_confidence_parse("none"), 0); /* not a level one can ask for */
    assert_int_equal(pm_confidence_parse("High"), 0);
    assert_int_equal(pm_confidence_parse(""), 0);
    assert_int_equal(pm_confidence_parse(NULL), 0);
}

static void parse_size_suffixes(void **state)
{
    (void)state;
    uint64_t v = 0;
    assert_int_equal(pm_parse_size("123", &v), 0);
    assert_int_equal(v, 123);
    assert_int_equal(pm_parse_size("0", &v), 0);
    assert_int_equal(v, 0);
    assert_int_equal(pm_parse_size("100k", &v), 0);
    assert_int_equal(v, 100u << 10);
    assert_int_equal(pm_parse_size("512M", &v), 0);
    assert_int_equal(v, 512u << 20);
    assert_int_equal(pm_parse_size("4G", &v), 0);
    assert_int_equal(v, 4ull << 30);
    assert_int_equal(pm_parse_size("4gB", &v), 0);
    assert_int_equal(v, 4ull << 30);
    assert_int_equal(pm_parse_size("2TiB", &v), 0);
    assert_int_equal(v, 2ull << 40);
    assert_int_equal(pm_parse_size("16777215T", &v), 0); /* the largest that fits */
    assert_int_equal(v, 16777215ull << 40);
    const char *bad[] = {"", "-1", "+4G", " 4G", "4X", "4Gb", "4GiBs", "4 G", "G",
                         "16777216T", "99999999999999999999", "4KK"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        v = 7;
        assert_int_equal(pm_parse_size(bad[i], &v), -1);
        assert_int_equal(v, 7); /* untouched */
    }
    assert_int_equal(pm_parse_size(NULL, &v), -1);
}

static void parse_uint_says_the_range(void **state)
{
    (void)state;
    const struct pm_uint_range t = {"--max-time", "seconds", 0, 86400};
    const struct pm_uint_range d = {"--threads", NULL, 1, 1024};
    uint64_t v = 0;
    char err[128];
    assert_int_equal(pm_parse_uint("0", &t, &v, err, sizeof err), 0);
    assert_int_equal(v, 0);
    assert_int_equal(pm_parse_uint("86400", &t, &v, err, sizeof err), 0);
    assert_int_equal(v, 86400);
    assert_int_equal(pm_parse_uint("-5", &t, &v, err, sizeof err), -1);
    assert_string_equal(err,
                        "--max-time: expected a whole number of seconds from 0 to 86400, got '-5'");
    assert_int_equal(pm_parse_uint("86401", &t, &v, err, sizeof err), -1);
    assert_int_equal(pm_parse_uint("0", &d, &v, err, sizeof err), -1);
    assert_string_equal(err, "--threads: expected a whole number from 1 to 1024, got '0'");
    const char *bad[] = {"", "x", "4x", " 4", "+4", "4 ", "1e3", "18446744073709551616"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        assert_int_equal(pm_parse_uint(bad[i], &d, &v, NULL, 0), -1);
    assert_int_equal(pm_parse_uint("1024", &d, &v, NULL, 0), 0);
    assert_int_equal(v, 1024);
    /* The full 64-bit range. */
    const struct pm_uint_range all = {"n", NULL, 0, UINT64_MAX};
    assert_int_equal(pm_parse_uint("18446744073709551615", &all, &v, NULL, 0), 0);
    assert_true(v == UINT64_MAX);
}

static void status_is_graded(void **state)
{
    (void)state;
    assert_false(pm_status_fatal(PM_OK));
    assert_false(pm_status_fatal(PM_SKIP_ENCRYPTED));
    assert_false(pm_status_fatal(PM_ERR_CORRUPT));
    assert_true(pm_status_fatal(PM_FATAL_INVENTORY));
    assert_true(pm_status_fatal(PM_FATAL_USAGE));
    assert_string_equal(pm_strerror(PM_SKIP_ENCRYPTED), "skipped: encrypted");
    assert_string_equal(pm_strerror(PM_FATAL_KEY), "key unusable");
    assert_string_equal(pm_strerror(77), "skipped");
    assert_string_equal(pm_strerror(-30), "error");
    assert_string_equal(pm_strerror(-99), "fatal error");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(utf8_encodes_every_length),
        cmocka_unit_test(hashset_strings),
        cmocka_unit_test(hashset_fixed_keys),
        cmocka_unit_test(json_text_escapes_bad_bytes),
        cmocka_unit_test(parse_positive_rejects_junk),
        cmocka_unit_test(parse_size_suffixes),
        cmocka_unit_test(parse_uint_says_the_range),
        cmocka_unit_test(status_is_graded),
        cmocka_unit_test(idlist_splits_and_finds),
        cmocka_unit_test(confidence_names_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
