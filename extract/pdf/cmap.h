/* cmap.h — ToUnicode for the PDF extractor: font tables, CMap streams, shown
 * text through them, the hold for text whose font is not known yet (see
 * cmap.c). Internal to extract/pdf/; uses the lexer only, never content.h.
 */
#ifndef PM_PDF_CMAP_H
#define PM_PDF_CMAP_H

#include <stddef.h>
#include <stdint.h>

#include "extract/pdf/pdf_int.h"

/* ---- tables, filled from the object dictionaries ---- */

/* The font entry for obj; created when `create` and there is room, else NULL. */
struct font *pdf_font_get(struct pm_pdf *p, uint32_t obj, int create);
/* Resource name (with its '/') -> font object; the latest mapping wins. */
void pdf_rname_set(struct pm_pdf *p, const char *name, uint32_t font);

/* ---- CMap streams (content-policy streams that turn out to be CMaps) ---- */

/* A word that makes a content stream a CMap. */
int pdf_is_cmap_word(const char *w, size_t n);
/* The current stream is a CMap: keep it under the stream's object number. */
void pdf_cmap_start(struct pm_pdf *p);
/* Its words, strings (pieces: final ends one) and [ ]. */
void pdf_cmap_word(struct pm_pdf *p, const char *w, size_t n, int wlong);
void pdf_cmap_str(struct pm_pdf *p, const unsigned char *s, size_t n, int final);
void pdf_cmap_bracket(struct pm_pdf *p, unsigned c);
/* The CMap stream ended: its tables become usable. */
void pdf_cmap_end(struct pm_pdf *p);

/* ---- showing ---- */

/* Shown string bytes with the font set by Tf: decoded through its CMap,
 * emitted raw, or held until the font is known. */
void pdf_show(struct pm_pdf *p, const char *s, size_t n);
/* A separator in a content stream ('\n', ' ' or '\t'), or a line break:
 * where the last shown text went. */
void pdf_show_sep(struct pm_pdf *p, char c);
void pdf_show_nl(struct pm_pdf *p);
/* How the bytes shown with the font set by Tf map to glyphs. */
enum pdf_codes pdf_font_codes(struct pm_pdf *p);
/* End of file: held text through the CMaps now known, or raw. */
void pdf_hold_release(struct pm_pdf *p);

#endif
