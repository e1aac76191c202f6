/* xls.h — the cells of an Excel 97-2003 workbook (BIFF8, and BIFF5's
 * 8-bit strings): the `Workbook` (or `Book`) stream of an OLE2 file, read
 * from memory and written as tables (extract/table.h): each sheet's name,
 * then its rows, the first row with text as the header, a record end after
 * every row.
 *
 * Shared strings (SST, across CONTINUE records), LABEL/LABELSST/RSTRING,
 * NUMBER, RK, MULRK and cached FORMULA results are read; numbers are
 * written as exact integers where they are ones, and as dates where their
 * cell format (XF -> FORMAT) shows a date. Booleans and errors are not
 * written. Never reads outside the stream; memory is the table writer's and
 * the shared strings up to PM_XLS_SST_TEXT bytes (later strings go out as
 * plain text).
 */
#ifndef PM_XLS_H
#define PM_XLS_H

#include <stddef.h>

#include "extract/extractor.h"

#define PM_XLS_SST_TEXT (8u << 20)
#define PM_XLS_SST_COUNT (1u << 20)

/* Writes the workbook stream wb[0..n) to j's item. Returns 0 (with a reason
 * in err when part of it could not be read), PM_OLE_ENCRYPTED (cfb.h) for
 * an encrypted workbook (FILEPASS), or -1 with the reason in err when
 * nothing could be read: not a BIFF5/8 stream. */
int pm_xls_read(struct pm_job *j, const unsigned char *wb, size_t n, char *err, size_t errsz);

#endif
