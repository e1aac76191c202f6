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
    const char *bad[] = {"0", "-5", "", "4x", "x", "99999999999999999999", " 4"};
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
        cmocka_unit_test(status_is_graded),
        cmocka_unit_test(idlist_splits_and_finds),
        cmocka_unit_test(confidence_names_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
