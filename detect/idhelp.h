/* idhelp.h — helpers shared by the national-id detectors (uk_nino.c, ca_sin.c,
 * fr_nir.c, es_dni.c, nl_bsn.c, us_ssn.c, in_aadhaar.c, de_tax_id.c, it_fiscal_code.c,
 * uk_nhs.c, pl_pesel.c, br_cpf.c, se_personnummer.c, au_tfn.c, us_itin.c and
 * the passport numbers; credit_card.c and phone.c use the table-cell and
 * digit-histogram tests too), each written once here.
 *
 * They look at the candidate and the bytes around it in the window, and
 * write only into the caller's buffers: they never keep or log a value.
 */
#ifndef PM_IDHELP_H
#define PM_IDHELP_H

#include <stddef.h>

#include "detect/detector.h"

/* Copies the digits of s[0..n) to out (at most max, then a NUL: out holds
 * max + 1 bytes); returns how many, or max + 1 if there are more. */
size_t pm_id_digits(const char *s, size_t n, char *out, size_t max);

/* 1 if buf[at .. at+n) stands alone: not glued to letters, digits, or a
 * decimal/dashed continuation, and, when printed in groups, not a slice of
 * a longer run of digit groups. */
int pm_id_standalone(const char *buf, size_t buflen, size_t at, size_t n);

/* 1 if a cell of hexadecimal digits ("533B", "20BBF", "0022BE": at least
 * three of 0-9A-Fa-f, a digit and a letter among them, standing apart)
 * is right before buf[at] or right after buf[at + n), one separator
 * (' ', ',', ';', '-', tab) between: the value is one cell of a table of
 * code points, OIDs or MAC prefixes, not a person's number. */
int pm_hex_neighbour(const char *buf, size_t buflen, size_t at, size_t n);

/* 1 if the n digits of d lie within five consecutive values (max - min
 * <= 4), as stroke-order codes (only 1-5) and other small-alphabet codes
 * do: a digit histogram no issued number of 13 or more digits shows but
 * one time in thousands. */
int pm_digits_narrow(const char *d, size_t n);

/* 1 if two digit groups of a printed value (groups of three or more
 * digits apart by ' ' or '-') are the same ("5078 5077 5077", "603 603
 * 2281"): repeated cells of a table. */
int pm_groups_repeat(const char *s, size_t n);

/* The confidence of a value that passed its checks: printed in groups it
 * stands on its own (medium); a bare digit run counts only after one of
 * self's context words as a label (low, raised by that context), else none. */
int pm_id_weak_if_bare(const struct pm_detector_def *self, const char *buf, size_t at, size_t n);

/* A value recognised by its format alone (a passport number): standing
 * alone and labelled by one of self's context words, copied to norm (it
 * holds n + 1 bytes). Low (raised by that context), else none. */
int pm_id_labelled_as_is(const struct pm_detector_def *self, const char *buf, size_t buflen,
                         size_t at, size_t n, char *norm);

/* Nine digits from a bare run of nd digits at digits[] (buf + at in the
 * window) into out (10 bytes, NUL-ended; it may overlap digits): nine as
 * they are, min to eight only as a table cell's value (pm_cell_value), a
 * number whose leading zeros a spreadsheet's number cell dropped, padded
 * back with them (nl_bsn: min 8, one leading zero at most; us_ssn: min 7,
 * areas 001-009). 1, or 0 when it is neither. */
int pm_id_nine_digits(const char *buf, size_t at, const char *digits, size_t nd, size_t min,
                      char *out);

/* 1 if year-month-day is a day of the Gregorian calendar. */
int pm_id_date_ok(int year, int month, int day);

/* 1 if the n characters of s are all the same ("111.111.111-11"): never
 * issued, a placeholder. */
int pm_id_all_same(const char *s, size_t n);

/* The value of the two digits at s ("07": 7). */
int pm_id_2digits(const char *s);

/* The mask of every national id: "*** *** 123", all but the last three
 * characters hidden. */
void pm_id_mask_tail3(const struct pm_detector_def *self, const char *norm, char *out);

#endif
