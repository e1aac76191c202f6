/* pdf.h — streaming PDF text extractor: raw PDF bytes in, text out.
 *
 * The caller pushes the bytes of one PDF file in pieces of any size; the
 * extractor calls back with the text it finds. It never holds a whole stream
 * or file: stream dictionaries are read from a bounded look-back window
 * before the `stream` keyword, FlateDecode data is inflated in chunks, and a
 * byte-level tokenizer that keeps its state across pieces pulls out string
 * operands. Memory stays bounded (about 210 KiB per extractor, plus at most
 * 16 MiB of CMap tables and 8 MiB of held text) whatever the input.
 *
 * What comes out:
 *   - content streams (page contents, form XObjects): the strings shown by
 *     Tj, TJ, ' and ", separated by where they land (textpos.c follows the
 *     text matrix, the CTM, the font size, Tc, Tw, Tz and TJ numbers): runs
 *     that touch are joined, a gap on the line is a space, a wide gap or a
 *     table column a tab, another line a newline;
 *   - object streams (/Type /ObjStm) and the bytes outside streams (/Info,
 *     form fields /V, annotations /Contents, …): every string, one per line;
 *     strings that look binary (many control bytes: /ID, /O, /U) are dropped;
 *   - strings beginning with a UTF-16BE byte-order mark are converted to
 *     UTF-8; other string bytes pass through as they are;
 *   - text shown with a font that has a /ToUnicode CMap (Type0/CID fonts
 *     with Identity-H, subset TrueType: glyph codes, not characters) is
 *     decoded through that CMap to UTF-8. CMaps and font dictionaries are
 *     found wherever they are in the file: text whose font is not known yet
 *     is held (at most 8 MiB) and decoded or emitted raw at pm_pdf_finish,
 *     after the rest of the text. Resource names (/F1) are taken as global
 *     to the file. Tables are bounded (64 CMaps, 65536 codes and 4096 ranges
 *     per CMap, 16 MiB of CMap tables, 4096 fonts, 1024 resource names).
 * Images, fonts, XMP metadata, embedded files and cross-reference streams
 * produce no text; neither do streams with filters other than FlateDecode.
 *
 * Ownership: the text passed to the callback is only valid during the call.
 * An extractor belongs to one thread and reads one file.
 */
#ifndef PM_PDF_H
#define PM_PDF_H

#include <stddef.h>
#include <stdint.h>

/* Receives extracted text (bytes, UTF-8 for converted strings). */
typedef void (*pm_text_fn)(void *ctx, const char *text, size_t len);

struct pm_pdf;

/* A new extractor for one file; NULL on out of memory. */
struct pm_pdf *pm_pdf_new(pm_text_fn emit, void *ctx);
/* Feeds the next len bytes of the file. Ignored after pm_pdf_finish. */
void pm_pdf_feed(struct pm_pdf *p, const unsigned char *data, size_t len);
/* Charges every inflated byte to the caller's budget; when charge returns
 * non-zero the extractor stops reading (the caller records the limit). */
void pm_pdf_set_budget(struct pm_pdf *p, int (*charge)(void *ctx, uint64_t more), void *ctx);
/* Ends the file: flushes held text, counts a stream cut by the end of the
 * file as an error. After this the object may be freed. */
void pm_pdf_finish(struct pm_pdf *p);
void pm_pdf_free(struct pm_pdf *p);

/* Counters for the caller's coverage record. The two are disjoint: a stream
 * is either decoded (its text extracted) or an error. */
/* Content and object streams decoded completely. */
uint64_t pm_pdf_streams(const struct pm_pdf *p);
/* Streams that failed to inflate, were cut by the end of the file, or were
 * cut by the inflated-size limit (PM_PDF_INFLATE_MAX). */
uint64_t pm_pdf_stream_errors(const struct pm_pdf *p);
/* ToUnicode CMap streams parsed and kept. */
uint64_t pm_pdf_cmaps(const struct pm_pdf *p);
/* Shown strings emitted raw because the hold for text whose font was not
 * known yet was full. */
uint64_t pm_pdf_hold_overflows(const struct pm_pdf *p);

#endif
