/* parse.h — numbers from the command line and from files. */
#ifndef PM_PARSE_H
#define PM_PARSE_H

#include <stdint.h>

/* A whole number >= 1 (scan ids, days, counts) from a command-line value.
 * Returns 0, or -1 if s is anything else. */
int pm_parse_positive(const char *s, int64_t *out);

#endif
