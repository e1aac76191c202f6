/* test_checksum.c — detect/checksum: every check-digit algorithm against
 * published good numbers and the same numbers with one digit changed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "detect/checksum.h"

#define S(x) x, strlen(x)

static void luhn(void **state)
{
    (void)state;
    assert_true(pm_luhn_ok(S("79927398713")));
    assert_true(pm_luhn_ok(S("4111111111111111")));  /* Visa test card */
    assert_true(pm_luhn_ok(S("378282246310005")));   /* Amex test card */
    assert_true(pm_luhn_ok(S("5555555555554444")));  /* Mastercard test card */
    assert_true(pm_luhn_ok(S("046454286")));         /* Canadian SIN sample */
    assert_false(pm_luhn_ok(S("79927398710")));
    assert_false(pm_luhn_ok(S("4111111111111112")));
    assert_false(pm_luhn_ok(S("4111111111111121"))); /* two digits swapped */
    assert_false(pm_luhn_ok(S("378282246310006")));
    assert_false(pm_luhn_ok(S("046454287")));
    assert_false(pm_luhn_ok("", 0));
    assert_false(pm_luhn_ok(S("4111a11111111111")));
    assert_false(pm_luhn_ok(S("4111 1111 1111 1111"))); /* digits only */
    /* Only the n digits given count. */
    assert_true(pm_luhn_ok("4111111111111111999", 16));
}

static void verhoeff(void **state)
{
    (void)state;
    assert_true(pm_verhoeff_ok(S("2363")));          /* 236, check digit 3 */
    assert_false(pm_verhoeff_ok(S("2364")));
    assert_false(pm_verhoeff_ok(S("3263")));         /* transposition caught */
    assert_true(pm_verhoeff_ok(S("499118665246")));  /* Aadhaar sample */
    assert_false(pm_verhoeff_ok(S("499118665247")));
    assert_false(pm_verhoeff_ok(S("499118656246")));
    assert_true(pm_verhoeff_ok(S("987654321012")));
    assert_false(pm_verhoeff_ok(S("987654321014")));
    assert_true(pm_verhoeff_ok(S("234123412346")));
    assert_false(pm_verhoeff_ok(S("234123412364")));
    assert_false(pm_verhoeff_ok("", 0));
    assert_false(pm_verhoeff_ok(S("49911866524A")));
    assert_true(pm_verhoeff_ok(S("0")));             /* zero is its own check */
}

static void mod97(void **state)
{
    (void)state;
    assert_int_equal(pm_mod97(S("123"), 0), 123 % 97);
    assert_int_equal(pm_mod97(S("A"), 0), 10);
    assert_int_equal(pm_mod97(S("Z"), 0), 35);
    assert_int_equal(pm_mod97(S("1234567890123456789012345"), 0), 5);
    /* In pieces: the remainder carries over. */
    assert_int_equal(pm_mod97(S("6789012345"), pm_mod97(S("123456789012345"), 0)), 5);
    assert_int_equal(pm_mod97("", 0, 42), 42);
    assert_int_equal(pm_mod97(S("12a"), 0), -1);
    assert_int_equal(pm_mod97(S("1-2"), 0), -1);
    assert_int_equal(pm_mod97(S("12"), -1), -1);
    assert_true(pm_mod97_ok(S("98")));
    assert_true(pm_mod97_ok(S("1234567890123456789089")));
    assert_false(pm_mod97_ok(S("1234567890123456789088")));
    assert_false(pm_mod97_ok(S("97")));
    assert_false(pm_mod97_ok("", 0));
    /* "94A" reads as 9410, remainder 1, but the validator takes digits only. */
    assert_int_equal(pm_mod97(S("94A"), 0), 1);
    assert_false(pm_mod97_ok(S("94A")));
}

static void iban(void **state)
{
    (void)state;
    assert_true(pm_iban_ok(S("GB82WEST12345698765432")));
    assert_true(pm_iban_ok(S("DE89370400440532013000")));
    assert_true(pm_iban_ok(S("NO9386011117947")));   /* the shortest, 15 */
    assert_true(pm_iban_ok(S("FR1420041010050500013M02606")));
    assert_false(pm_iban_ok(S("GB82WEST12345698765433")));
    assert_false(pm_iban_ok(S("GB28WEST12345698765432")));
    assert_false(pm_iban_ok(S("DE89370400440532013001")));
    assert_false(pm_iban_ok(S("gb82west12345698765432"))); /* upper case only */
    assert_false(pm_iban_ok(S("GB82 WEST 1234 5698 7654 32")));
    assert_false(pm_iban_ok(S("GB82WEST")));             /* too short */
    assert_false(pm_iban_ok(S("DE8937040044053201300000000000000000")));
}

static void mod11(void **state)
{
    (void)state;
    /* Weights n .. 1: for ten digits this is the ISBN-10 check. */
    assert_true(pm_mod11_ok(S("0306406152")));
    assert_false(pm_mod11_ok(S("0306406153")));
    assert_true(pm_mod11_ok(S("0")));
    assert_false(pm_mod11_ok("", 0));
    assert_false(pm_mod11_ok(S("03064061X2")));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(luhn),     cmocka_unit_test(verhoeff), cmocka_unit_test(mod97),
        cmocka_unit_test(iban),     cmocka_unit_test(mod11),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
