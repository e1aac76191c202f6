/* parse.h — numbers from the command line and from files.
 *
 * Every parser here takes a number written plainly: it starts with a digit
 * (no blank, no sign: strtoul would quietly skip a blank and wrap "-5" to a
 * huge value) and has nothing after it but what the parser names. They never
 * print: a caller that wants a message gets one in err.
 */
#ifndef PM_PARSE_H
#define PM_PARSE_H

#include <stddef.h>
#include <stdint.h>

/* A whole number >= 1 (scan ids, days, counts) from a command-line value.
 * Returns 0, or -1 if s is anything else. */
int pm_parse_positive(const char *s, int64_t *out);

/* A size in bytes: "123", or with a binary suffix k, M, G, T (any case),
 * optionally followed by B or iB: "100k", "512M", "4GiB". Returns 0, or -1
 * if s is anything else or does not fit in 64 bits. */
int pm_parse_size(const char *s, uint64_t *out);

/* What a whole number may be, for parsing it and for saying so. */
struct pm_uint_range {
    const char *name; /* what the number is given as: "--max-time", "max_length" */
    const char *unit; /* "seconds", or NULL */
    uint64_t min, max;
};

/* A whole number from r->min to r->max. Returns 0, or -1 and, if err is
 * not NULL, "NAME: expected a whole number of UNIT from MIN to MAX, got 'S'". */
int pm_parse_uint(const char *s, const struct pm_uint_range *r, uint64_t *out, char *err,
                  size_t errsz);

#endif
