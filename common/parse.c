/* parse.c — numbers from the command line and from files. */
#include <errno.h>
#include <stdlib.h>

#include "common/parse.h"

int pm_parse_positive(const char *s, int64_t *out)
{
    char *end = NULL;
    if (!s || *s < '0' || *s > '9') /* strtoll would skip blanks and take a sign */
        return -1;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (errno || !end || *end || end == s || v < 1)
        return -1;
    *out = v;
    return 0;
}

