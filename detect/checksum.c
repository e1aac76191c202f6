/* checksum.c — Luhn, Verhoeff, MOD 97-10 (and IBAN), weighted mod 11.
 * Pure functions over characters: nothing here looks at the text around a
 * value or keeps one. */
#include "detect/checksum.h"

int pm_luhn_ok(const char *digits, size_t n)
{
    unsigned sum = 0;
    int dbl = 0;
    for (size_t i = n; i-- > 0;) {
        unsigned v = (unsigned)(digits[i] - '0');
        if (v > 9)
            return 0;
        if (dbl) {
            v *= 2;
            if (v > 9)
                v -= 9;
        }
        sum += v;
        dbl = !dbl;
    }
    return n > 0 && sum % 10 == 0;
}

int pm_verhoeff_ok(const char *digits, size_t n)
{
    /* d: the multiplication table of D5; p: the position permutations. */
    static const unsigned char d[10][10] = {
        {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, {1, 2, 3, 4, 0, 6, 7, 8, 9, 5},
        {2, 3, 4, 0, 1, 7, 8, 9, 5, 6}, {3, 4, 0, 1, 2, 8, 9, 5, 6, 7},
        {4, 0, 1, 2, 3, 9, 5, 6, 7, 8}, {5, 9, 8, 7, 6, 0, 4, 3, 2, 1},
        {6, 5, 9, 8, 7, 1, 0, 4, 3, 2}, {7, 6, 5, 9, 8, 2, 1, 0, 4, 3},
        {8, 7, 6, 5, 9, 3, 2, 1, 0, 4}, {9, 8, 7, 6, 5, 4, 3, 2, 1, 0}};
    static const unsigned char p[8][10] = {
        {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, {1, 5, 7, 6, 2, 8, 3, 0, 9, 4},
        {5, 8, 0, 3, 7, 9, 6, 1, 4, 2}, {8, 9, 1, 6, 0, 4, 3, 5, 2, 7},
        {9, 4, 5, 3, 1, 2, 6, 8, 7, 0}, {4, 2, 8, 6, 5, 7, 3, 9, 0, 1},
        {2, 7, 9, 3, 8, 0, 6, 4, 1, 5}, {7, 0, 4, 6, 9, 1, 3, 2, 5, 8}};
    unsigned c = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned v = (unsigned)(digits[n - 1 - i] - '0');
        if (v > 9)
            return 0;
        c = d[c][p[i % 8][v]];
    }
    return n > 0 && c == 0;
}

int pm_mod97(const char *s, size_t n, int rem)
{
    if (rem < 0)
        return -1; /* an earlier piece was not a number */
    unsigned r = (unsigned)rem % 97;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c >= '0' && c <= '9')
            r = (r * 10 + (unsigned)(c - '0')) % 97;
        else if (c >= 'A' && c <= 'Z')
            r = (r * 100 + (unsigned)(c - 'A' + 10)) % 97;
        else
            return -1;
    }
    return (int)r;
}

int pm_mod97_ok(const char *digits, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (digits[i] < '0' || digits[i] > '9')
            return 0;
    return n > 0 && pm_mod97(digits, n, 0) == 1;
}

int pm_iban_ok(const char *v, size_t n)
{
    if (n < 15 || n > 34)
        return 0;
    /* The BBAN, then the country code and check digits. */
    return pm_mod97(v, 4, pm_mod97(v + 4, n - 4, 0)) == 1;
}

int pm_mod11_ok(const char *digits, size_t n)
{
    unsigned long sum = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned v = (unsigned)(digits[i] - '0');
        if (v > 9)
            return 0;
        sum += (unsigned long)(n - i) * v;
    }
    return n > 0 && sum % 11 == 0;
}
