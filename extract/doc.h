/* doc.h — the text of a Word 97-2003 document: the `WordDocument` stream
 * and its table stream (`0Table` or `1Table`) of an OLE2 file, read from
 * memory.
 *
 * The text is found through the piece table (the CLX's PlcPcd in the table
 * stream): each piece is cp1252 ("compressed") or UTF-16LE bytes of the
 * WordDocument stream. Paragraph marks become newlines, a table's cell
 * marks tabs and its row ends newlines; a field's code (HYPERLINK "...",
 * MERGEFIELD) is left out and its result kept. Never reads outside the
 * streams.
 */
#ifndef PM_DOC_H
#define PM_DOC_H

#include <stddef.h>

#include "extract/extractor.h"

/* Writes the text to j's item. Returns 0 (with a reason in err when part of
 * it could not be read), PM_OLE_ENCRYPTED (cfb.h) for an encrypted or
 * obfuscated document, or -1 with the reason in err when nothing could be
 * read (no table stream, Word 6/95, a broken FIB or piece table). */
int pm_doc_read(struct pm_job *j, const unsigned char *wd, size_t nwd, const unsigned char *tbl,
                size_t ntbl, char *err, size_t errsz);

#endif
