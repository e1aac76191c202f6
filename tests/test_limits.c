/* test_limits.c — extract/limits.c: the one budget check that keeps bombs,
 * deep nesting, huge member counts and slow files from taking a scan hostage.
 * Each limit is hit exactly past its value, the message names it, and the
 * first limit hit stays. (Size parsing is tested where it lives.)
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>
#include <time.h>

#include "extract/limits.h"

static struct pm_limits small(void)
{
    struct pm_limits l;
    pm_limits_default(&l);
    l.max_depth = 3;
    l.max_expanded = 1000;
    l.max_ratio = 10;
    l.ratio_floor = 500;
    l.max_members = 5;
    l.max_seconds = 0;
    return l;
}

static void defaults_are_documented(void **state)
{
    (void)state;
    struct pm_limits l;
    pm_limits_default(&l);
    assert_int_equal(l.max_depth, 16);
    assert_true(l.max_expanded == 4ull << 30);
    assert_int_equal(l.max_ratio, 250);
    assert_true(l.ratio_floor == 32ull << 20);
    assert_true(l.max_members == 100000);
    assert_int_equal(l.max_seconds, 600);
}

static void max_expanded_counts_every_byte(void **state)
{
    (void)state;
    struct pm_limits l = small();
    struct pm_budget b;
    pm_budget_start(&b, &l);
    assert_int_equal(pm_budget_charge(&b, 1, 600, 600, 600), 0);
    assert_int_equal(pm_budget_charge(&b, 2, 400, 400, 400), 0); /* exactly the limit */
    assert_string_equal(b.hit, "");
    assert_int_equal(pm_budget_charge(&b, 2, 1, 401, 401), -1);
    assert_string_equal(b.hit, "limit max-expanded (1000 bytes) reached");
    assert_int_equal(b.hit_level, 2);
    /* 0 is no limit. */
    l.max_expanded = 0;
    pm_budget_start(&b, &l);
    assert_int_equal(pm_budget_charge(&b, 0, 1ull << 40, 0, 0), 0);
}

static void ratio_only_past_the_floor(void **state)
{
    (void)state;
    struct pm_limits l = small();
    l.max_expanded = 0;
    struct pm_budget b;
    pm_budget_start(&b, &l);
    /* 499:1 but below the floor: small members compress as well as they like. */
    assert_int_equal(pm_budget_charge(&b, 1, 499, 499, 1), 0);
    /* At the floor, 10:1 is still allowed... */
    assert_int_equal(pm_budget_charge(&b, 1, 1, 500, 50), 0);
    /* ...11:1 is not. */
    assert_int_equal(pm_budget_charge(&b, 1, 50, 550, 50), -1);
    assert_string_equal(b.hit, "limit max-ratio (10:1) reached");
    /* No input counted yet reads as one byte, not as a division by zero. */
    pm_budget_start(&b, &l);
    assert_int_equal(pm_budget_charge(&b, 1, 600, 600, 0), -1);
    assert_non_null(strstr(b.hit, "max-ratio"));
}

static void max_members(void **state)
{
    (void)state;
    struct pm_limits l = small();
    struct pm_budget b;
    pm_budget_start(&b, &l);
    for (int i = 0; i < 5; i++)
        assert_int_equal(pm_budget_member(&b, 1), 0);
    assert_int_equal(pm_budget_member(&b, 1), -1);
    assert_string_equal(b.hit, "limit max-members (5) reached");
    assert_int_equal(b.hit_level, 1);
}

static void depth(void **state)
{
    (void)state;
    struct pm_limits l = small();
    struct pm_budget b;
    pm_budget_start(&b, &l);
    assert_int_equal(pm_budget_member(&b, 3), 0);
    assert_int_equal(pm_budget_charge(&b, 3, 1, 1, 1), 0);
    assert_int_equal(pm_budget_member(&b, 4), -1);
    assert_string_equal(b.hit, "limit max-depth (3) reached");
    assert_int_equal(b.hit_level, 4);
    /* A member refused by depth was not counted. */
    assert_true(b.members == 1);
    pm_budget_start(&b, &l);
    assert_int_equal(pm_budget_charge(&b, 4, 0, 0, 0), -1);
    assert_string_equal(b.hit, "limit max-depth (3) reached");
}

static void time_limit(void **state)
{
    (void)state;
    struct pm_limits l = small();
    l.max_seconds = 5;
    struct pm_budget b;
    pm_budget_start(&b, &l);
    assert_int_equal(pm_budget_charge(&b, 0, 0, 0, 0), 0);
    /* As if the file had been read for three seconds (four, if the clock
     * ticks over meanwhile): still under the limit. */
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    b.start.tv_sec = now.tv_sec - 3;
    assert_int_equal(pm_budget_charge(&b, 0, 0, 0, 0), 0);
    b.start.tv_sec = now.tv_sec - 5;
    assert_int_equal(pm_budget_charge(&b, 0, 0, 0, 0), -1);
    assert_string_equal(b.hit, "limit max-time (5 s) reached");
    /* 0 is no limit. */
    l.max_seconds = 0;
    pm_budget_start(&b, &l);
    b.start.tv_sec -= 100000;
    assert_int_equal(pm_budget_charge(&b, 0, 0, 0, 0), 0);
}

static void first_hit_stays(void **state)
{
    (void)state;
    struct pm_limits l = small();
    struct pm_budget b;
    pm_budget_start(&b, &l);
    assert_int_equal(pm_budget_charge(&b, 2, 2000, 2000, 2000), -1);
    assert_int_equal(pm_budget_member(&b, 9), -1);
    assert_int_equal(pm_budget_charge(&b, 9, 0, 0, 0), -1);
    assert_string_equal(b.hit, "limit max-expanded (1000 bytes) reached");
    assert_int_equal(b.hit_level, 2);
    /* A new file starts with a fresh budget. */
    pm_budget_start(&b, &l);
    assert_string_equal(b.hit, "");
    assert_int_equal(pm_budget_member(&b, 1), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(defaults_are_documented),
        cmocka_unit_test(max_expanded_counts_every_byte),
        cmocka_unit_test(ratio_only_past_the_floor),
        cmocka_unit_test(max_members),
        cmocka_unit_test(depth),
        cmocka_unit_test(time_limit),
        cmocka_unit_test(first_hit_stays),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
