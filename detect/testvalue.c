/* testvalue.c — known test numbers: values published in documentation and
 * processors' sandboxes that appear in code, tests and manuals everywhere
 * and belong to nobody (4111 1111 1111 1111, GB82 WEST 1234 5698 7654 32,
 * 078-05-1120, 555-1212: directory assistance in every North American
 * area code).
 *
 * The matcher flags a match whose normalised value is one of these
 * (struct pm_match.test_value); it is still a finding, and the data map
 * counts it under `test_value` beside the occurrences, so an auditor can
 * tell a test fixture from a customer file. Only a fixed table: it never
 * keeps or logs the values it is asked about.
 */
#include <string.h>

#include "detect/detector.h"

struct test_value {
    const char *detector, *norm;
};

static const struct test_value test_values[] = {
    /* Cards: the PayPal sandbox list (also bulk_extractor's ccns.txt), Stripe's
     * and Authorize.net's test cards, and Visa's 4111... */
    {"credit_card", "4111111111111111"}, {"credit_card", "4012888888881881"},
    {"credit_card", "4222222222222"},    {"credit_card", "4242424242424242"},
    {"credit_card", "4000056655665556"}, {"credit_card", "4000000000000002"},
    {"credit_card", "4000002500003155"}, {"credit_card", "4000000000009995"},
    {"credit_card", "4000000000003220"}, {"credit_card", "4007000000027"},
    {"credit_card", "4012888818888"},    {"credit_card", "4111111111111111110"},
    {"credit_card", "5555555555554444"}, {"credit_card", "5105105105105100"},
    {"credit_card", "5200828282828210"}, {"credit_card", "5424000000000015"},
    {"credit_card", "5454545454545454"}, {"credit_card", "2223003122003222"},
    {"credit_card", "2221000000000009"}, {"credit_card", "2720990000000007"},
    {"credit_card", "378282246310005"},  {"credit_card", "371449635398431"},
    {"credit_card", "378734493671000"},  {"credit_card", "370000000000002"},
    {"credit_card", "6011111111111117"}, {"credit_card", "6011000990139424"},
    {"credit_card", "6011981111111113"}, {"credit_card", "6011000000000012"},
    {"credit_card", "3530111333300000"}, {"credit_card", "3566002020360505"},
    {"credit_card", "3088000000000017"}, {"credit_card", "30569309025904"},
    {"credit_card", "3056930009020004"}, {"credit_card", "38520000023237"},
    {"credit_card", "36227206271667"},   {"credit_card", "38000000000006"},
    {"credit_card", "6200000000000005"}, {"credit_card", "5019717010103742"},
    {"credit_card", "6331101999990016"}, {"credit_card", "5610591081018250"},
    /* IBANs: Wikipedia's and the SWIFT IBAN registry's examples. */
    {"iban", "GB82WEST12345698765432"},       {"iban", "GB29NWBK60161331926819"},
    {"iban", "DE89370400440532013000"},       {"iban", "FR1420041010050500013M02606"},
    {"iban", "FR7630006000011234567890189"},  {"iban", "NL91ABNA0417164300"},
    {"iban", "BE68539007547034"},             {"iban", "BE71096123456769"},
    {"iban", "CH9300762011623852957"},        {"iban", "NO9386011117947"},
    {"iban", "ES9121000418450200051332"},     {"iban", "IT60X0542811101000000123456"},
    {"iban", "AT611904300234573201"},         {"iban", "PL61109010140000071219812874"},
    {"iban", "SE4550000000058398257466"},     {"iban", "DK5000400440116243"},
    {"iban", "FI2112345600000785"},           {"iban", "IE29AIBK93115212345678"},
    {"iban", "PT50000201231234567890154"},    {"iban", "LU280019400644750000"},
    {"iban", "GR1601101250000000012300695"},  {"iban", "AL47212110090000000235698741"},
    {"iban", "AD1200012030200359100100"},
    /* SSNs: the Woolworth wallet insert, the SSA pamphlet, the textbook
     * sequence, and the placeholder of programming examples (pyparsing's
     * "ssn : 111-22-3333", vendored into pip and setuptools). */
    {"us_ssn", "078051120"}, {"us_ssn", "219099999"}, {"us_ssn", "123456789"},
    {"us_ssn", "111223333"},
    /* National ids: the examples their issuers document. */
    {"uk_nhs", "9434765919"},      /* NHS Digital */
    {"pl_pesel", "44051401359"},   /* the PESEL register's example */
    {"se_personnummer", "1212121212"}, /* Skatteverket's test person */
    {"au_tfn", "123456782"},       /* the ATO's */
};

int pm_test_value(const char *detector, const char *norm)
{
    /* 555-1212, directory assistance in every North American area code,
     * everyone's example ("tel:+1-816-555-1212"). 555-0100 to 555-0199 are
     * kept for fiction too, but generated test data and demo records use
     * them as people's numbers, and a share's owner wants those counted:
     * they stay plain phones. */
    if (strcmp(detector, "phone") == 0 && strlen(norm) == 12 && strncmp(norm, "+1", 2) == 0 &&
        strcmp(norm + 5, "5551212") == 0)
        return 1;
    for (size_t i = 0; i < sizeof test_values / sizeof test_values[0]; i++)
        if (strcmp(test_values[i].norm, norm) == 0 && strcmp(test_values[i].detector, detector) == 0)
            return 1;
    return 0;
}
