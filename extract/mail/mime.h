/* mime.h — streaming pull parser for e-mail: RFC 5322 messages, MIME parts, mbox.
 *
 * The parser pulls its input through a pm_pull_fn and hands out the parts of
 * the mail one at a time; the caller pulls each part's *decoded* bytes with
 * pm_mime_read, so an attachment can be passed on as a stream (to libarchive,
 * which pulls too). Nothing is loaded whole: the input buffer, the output
 * buffer and the header block are fixed in size, long lines (a 10 MB base64
 * attachment on one line) are processed in pieces, and multipart boundaries
 * live on a stack of PM_MIME_MAX_DEPTH entries. Memory is about 400 KiB per
 * parser whatever the input.
 *
 * What is handed out, in document order:
 *   - per message, first a PM_MIME_HEADERS part: the header block unfolded,
 *     one "Name: value\n" line per field, RFC 2047 encoded-words decoded to
 *     UTF-8 (ISO-8859-1/-15 and windows-1252 are converted as Latin-1, other
 *     charsets pass through as they are). At most PM_MIME_HEADER_MAX bytes
 *     are kept; the rest is skipped and counted (pm_mime_stats).
 *   - each leaf part: text/ and message/ types are PM_MIME_TEXT; a part with a
 *     file name or "Content-Disposition: attachment", or of any other type, is
 *     PM_MIME_ATTACHMENT. multipart/ containers are not handed out.
 *   - an attached e-mail (message/rfc822 or message/global, not
 *     base64/quoted-printable encoded) is parsed recursively: its header block
 *     comes as a PM_MIME_TEXT part of type "text/rfc822-headers", then its
 *     own parts.
 *   - text outside any part (a multipart preamble or epilogue that holds more
 *     than blank lines, e.g. a body whose boundaries never appear) is a
 *     PM_MIME_TEXT part of type "text/plain", so nothing is silently dropped.
 * Bytes are transfer-decoded only (base64, quoted-printable; 7bit, 8bit,
 * binary and unknown encodings pass through); the charset of a body is not
 * converted. The line break before a boundary belongs to the boundary, so a
 * binary part comes out byte for byte.
 *
 * mbox: input that starts with "From " is an mbox. A line starting "From "
 * after a blank line starts the next message (at any nesting depth: a
 * conforming mbox writer quotes such lines inside bodies), and body lines
 * ">From ", ">>From ", ... lose one '>' (mboxrd; also undoes mboxo quoting).
 *
 * Malformed input never makes the parser fail: a missing or unclosed boundary
 * ends at the next boundary of an outer level, the next message or the end;
 * multiparts nested deeper than PM_MIME_MAX_DEPTH are read as text; a
 * missing header block gives an empty PM_MIME_HEADERS part. Only a read
 * error from the pull function (or a misbehaving one) is an error.
 *
 * Ownership: pull and ctx are borrowed for the life of the parser. A part's
 * fields stay valid until the next pm_mime_next. One parser belongs to one
 * thread; parsers share nothing.
 */
#ifndef PM_MIME_H
#define PM_MIME_H

#include <stddef.h>
#include <stdint.h>

/* A pull stream: returns bytes read (>0), 0 at end, -1 on error.
 * (Same typedef as in extract/extract.h; C11 allows the repetition.) */
typedef long (*pm_pull_fn)(void *ctx, void *buf, size_t n);

/* Deepest multipart nesting tracked; deeper containers are read as text. */
#define PM_MIME_MAX_DEPTH 32
/* Largest header block kept per message or part. */
#define PM_MIME_HEADER_MAX (256u * 1024u)

enum pm_mime_kind { PM_MIME_HEADERS, PM_MIME_TEXT, PM_MIME_ATTACHMENT };

struct pm_mime_part {
    enum pm_mime_kind kind;
    char content_type[128]; /* lower case, e.g. "text/plain", "application/zip" */
    char filename[256];     /* attachment file name (decoded from RFC 2231 /
                               RFC 2047 if present, control bytes replaced by
                               '_'), else "" */
    unsigned message;       /* 1-based index of the message in an mbox, 1 for a
                               single .eml */
};

/* What the parser met on the way: limits hit and damage repaired. */
struct pm_mime_stats {
    unsigned messages;                 /* messages started so far */
    uint64_t header_bytes_skipped;     /* header bytes beyond PM_MIME_HEADER_MAX */
    unsigned depth_limit_hits;         /* multiparts deeper than the limit, read as text */
    unsigned unclosed;                 /* multiparts ended without their close boundary */
    unsigned malformed;                /* multipart without a usable boundary, header
                                          block ended by a line that is not a field */
};

struct pm_mime;

/* Returns NULL when out of memory or pull is NULL. */
struct pm_mime *pm_mime_new(pm_pull_fn pull, void *ctx);
/* Advances to the next part: 1 = a part is ready, 0 = end of input,
 * -1 = error (message in pm_mime_error; every later call fails too).
 * The rest of a part not read to its end is skipped. */
int pm_mime_next(struct pm_mime *m, struct pm_mime_part *part);
/* Decoded bytes of the current part (base64 / quoted-printable / 7bit / 8bit
 * / binary), 0 at the part's end, -1 on a read error. */
long pm_mime_read(struct pm_mime *m, void *buf, size_t n);
/* Why the last call failed; "" when nothing failed. */
const char *pm_mime_error(const struct pm_mime *m);
void pm_mime_stats(const struct pm_mime *m, struct pm_mime_stats *st);
void pm_mime_free(struct pm_mime *m);

#endif
