/* content.h — content streams of the PDF extractor: the tokenizer hooks
 * that show string operands and join lines (see content.c). Internal to
 * extract/pdf/; only pdf.c, which picks the hooks per stream, includes it.
 */
#ifndef PM_PDF_CONTENT_H
#define PM_PDF_CONTENT_H

#include "extract/pdf/pdf_int.h"

/* What a content stream's tokenizer reports to (POL_CONTENT). */
extern const struct tok_ops pdf_content_ops;
/* A content stream begins (after pdf_tok_reset with pdf_content_ops). */
void pdf_content_begin(struct pm_pdf *p);

#endif
