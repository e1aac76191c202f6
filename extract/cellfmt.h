/* cellfmt.h — how a spreadsheet's number cell is written as text, shared by
 * the XLSX reader (xmltext.c) and the BIFF reader (xls.c): a day count in a
 * date format as the date it is, and which number formats show dates.
 *
 * Pure functions of their arguments; never allocate, never read a file.
 */
#ifndef PM_CELLFMT_H
#define PM_CELLFMT_H

#include <stddef.h>

/* Room for what pm_cell_date and pm_cell_number write, with a NUL. */
#define PM_CELL_NUM 32

/* A day count in Excel's 1900 system (1 is 1900-01-01, 60 the 29 February
 * 1900 that never was) as "YYYY-MM-DD" into o; 0 if it is no such day. */
size_t pm_cell_date(double d, char *o);
/* 1 if the built-in number format id shows a date (14-17, 22, 27-36, 50-58). */
int pm_cell_date_builtin(unsigned id);
/* 1 if a custom number format code shows a date: a day or a year outside
 * quoted text, brackets ([Red], [h]) and escaped characters ("m" alone may
 * be minutes). */
int pm_cell_date_code(const char *f);
/* A binary double as people read it: an integer as its exact digits, with
 * no ".0" and no exponent (a card number or an SSN stored as a number),
 * up to 20 digits; otherwise 15 significant digits. */
size_t pm_cell_number(double d, char *o);

#endif
