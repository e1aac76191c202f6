/* postcode.c — the shapes of postcodes and region codes postal_address
 * reads (see postcode.h): US states, Canadian provinces, Australian states,
 * UK and Canadian postcodes by their letter rules, Dutch postcodes, Indian
 * PINs, runs of exactly n digits.
 *
 * Only reads the window it is given: never copies, keeps or logs any of it.
 */
#include <string.h>

#include "detect/postcode.h"

static const char us_states[] =
    "AK AL AR AZ CA CO CT DC DE FL GA HI IA ID IL IN KS KY LA MA MD ME MI MN MO MS MT NC ND "
    "NE NH NJ NM NV NY OH OK OR PA PR RI SC SD TN TX UT VA VI VT WA WI WV WY";
static const char ca_provs[] = "AB BC MB NB NL NS NT NU ON PE QC SK YT";
static const char au_states[] = "NSW VIC QLD SA WA TAS NT ACT";

/* Not glued to a letter or digit at j. */
static int ends_at(const unsigned char *b, size_t j, size_t lim)
{
    return j >= lim || !(pm_pa_alpha(b[j]) || pm_pa_dig(b[j]));
}

size_t pm_pa_region(const unsigned char *b, size_t i, size_t lim, enum pm_pa_country c)
{
    const char *list = c == PM_PA_US ? us_states : c == PM_PA_CA ? ca_provs : au_states;
    size_t n = 0;
    while (i + n < lim && pm_pa_up(b[i + n]) && n < 4)
        n++;
    if (n < 2 || n > 3 || !ends_at(b, i + n, lim))
        return 0;
    for (const char *p = list; *p;) {
        const char *q = strchr(p, ' ');
        size_t len = q ? (size_t)(q - p) : strlen(p);
        if (len == n && memcmp(p, b + i, n) == 0)
            return i + n;
        p += len + (q != NULL);
    }
    return 0;
}

size_t pm_pa_digits(const unsigned char *b, size_t i, size_t lim, size_t n)
{
    for (size_t k = 0; k < n; k++)
        if (i + k >= lim || !pm_pa_dig(b[i + k]))
            return 0;
    return ends_at(b, i + n, lim) ? i + n : 0;
}

size_t pm_pa_uk(const unsigned char *b, size_t i, size_t lim)
{
    char o[8];
    size_t j = i, n = 0;
    while (j < lim && n < 4 && (pm_pa_up(b[j]) || pm_pa_dig(b[j])))
        o[n++] = (char)b[j++];
    if (n < 2 || j >= lim || !pm_pa_blank(b[j]))
        return 0;
    j++;
    /* The inward code: a digit and two letters, never C I K M O V. */
    if (j + 3 > lim || !pm_pa_dig(b[j]) || !pm_pa_up(b[j + 1]) || !pm_pa_up(b[j + 2]) ||
        !ends_at(b, j + 3, lim))
        return 0;
    if (strchr("CIKMOV", b[j + 1]) || strchr("CIKMOV", b[j + 2]))
        return 0;
    o[n] = '\0';
    /* The outward code: A9, A99, A9A, AA9, AA99, AA9A; never Q V X first,
     * never I J Z second; a third-place letter of ABCDEFGHJKPSTUW, a
     * fourth-place one of ABEHMNPRVWXY. */
    if (!pm_pa_up((unsigned char)o[0]) || strchr("QVX", o[0]))
        return 0;
    int l2 = pm_pa_up((unsigned char)o[1]);
    if (l2 && strchr("IJZ", o[1]))
        return 0;
    const char *r = o + 1 + l2;
    size_t rn = n - 1 - (size_t)l2;
    if (rn < 1 || rn > 2 || !pm_pa_dig((unsigned char)r[0]))
        return 0;
    if (rn == 2 && !pm_pa_dig((unsigned char)r[1])) {
        if (!l2 && !strchr("ABCDEFGHJKPSTUW", r[1]))
            return 0;
        if (l2 && !strchr("ABEHMNPRVWXY", r[1]))
            return 0;
    }
    return j + 3;
}

size_t pm_pa_ca(const unsigned char *b, size_t i, size_t lim)
{
    static const char bad[] = "DFIOQU";
    size_t j = i;
    for (int k = 0; k < 6; k++, j++) {
        if (k == 3 && j < lim && pm_pa_blank(b[j]))
            j++;
        if (j >= lim)
            return 0;
        if (k % 2 == 0 ? !pm_pa_up(b[j]) || strchr(bad, b[j]) || (k == 0 && strchr("WZ", b[j]))
                       : !pm_pa_dig(b[j]))
            return 0;
    }
    return ends_at(b, j, lim) ? j : 0;
}

size_t pm_pa_nl(const unsigned char *b, size_t i, size_t lim)
{
    if (i + 4 >= lim || b[i] == '0' || !pm_pa_digits(b, i, i + 4, 4))
        return 0;
    size_t k = i + 4 + (pm_pa_blank(b[i + 4]) ? 1 : 0);
    if (k + 2 > lim || !pm_pa_up(b[k]) || !pm_pa_up(b[k + 1]) || !ends_at(b, k + 2, lim))
        return 0;
    return b[k] == 'S' && strchr("ADS", b[k + 1]) ? 0 : k + 2;
}

size_t pm_pa_in(const unsigned char *b, size_t i, size_t lim)
{
    size_t e;
    if (i >= lim || b[i] == '0')
        return 0;
    if ((e = pm_pa_digits(b, i, lim, 6)) != 0)
        return e;
    if (i + 7 <= lim && b[i + 3] == ' ' && pm_pa_digits(b, i, i + 3, 3))
        return pm_pa_digits(b, i + 4, lim, 3);
    return 0;
}
