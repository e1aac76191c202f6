/* parse.c — numbers from the command line and from files (see parse.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "common/parse.h"

/* strtoull, for text that starts with a digit; -1 on overflow. */
static int leading_number(const char *s, unsigned long long *v, char **end)
{
    if (!s || *s < '0' || *s > '9') /* strtoull would skip blanks and take a sign */
        return -1;
    errno = 0;
    *v = strtoull(s, end, 10);
    return errno ? -1 : 0;
}

int pm_parse_positive(const char *s, int64_t *out)
{
    char *end = NULL;
    unsigned long long v;
    if (leading_number(s, &v, &end) != 0 || *end || v < 1 || v > INT64_MAX)
        return -1;
    *out = (int64_t)v;
    return 0;
}

int pm_parse_size(const char *s, uint64_t *out)
{
    char *end = NULL;
    unsigned long long v;
    if (leading_number(s, &v, &end) != 0)
        return -1;
    unsigned shift = 0;
    switch (*end) {
    case '\0': break;
    case 'k': case 'K': shift = 10; break;
    case 'm': case 'M': shift = 20; break;
    case 'g': case 'G': shift = 30; break;
    case 't': case 'T': shift = 40; break;
    default: return -1;
    }
    if (*end && end[1] && !(end[1] == 'B' && !end[2]) &&
        !(end[1] == 'i' && end[2] == 'B' && !end[3]))
        return -1;
    if (shift && v > (~0ull >> shift))
        return -1;
    *out = (uint64_t)v << shift;
    return 0;
}

int pm_parse_uint(const char *s, const struct pm_uint_range *r, uint64_t *out, char *err,
                  size_t errsz)
{
    char *end = NULL;
    unsigned long long v;
    if (leading_number(s, &v, &end) == 0 && !*end && v >= r->min && v <= r->max) {
        *out = v;
        return 0;
    }
    if (err && errsz)
        snprintf(err, errsz, "%s: expected a whole number%s%s from %llu to %llu, got '%s'",
                 r->name, r->unit ? " of " : "", r->unit ? r->unit : "",
                 (unsigned long long)r->min, (unsigned long long)r->max, s ? s : "");
    return -1;
}
