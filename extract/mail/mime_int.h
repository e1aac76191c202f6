/* mime_int.h — private to extract/mail/: what the rooms of the e-mail parser
 * share. The public interface is mime.h; nothing outside extract/mail/ may
 * include this file.
 *
 * The rooms, bottom up (each .c includes this header, none includes another
 * room's file):
 *   mime_decode.c  transfer decoding: base64, quoted-printable and identity,
 *                  fed pieces of body lines, writing into the output buffer.
 *   mime_header.c  header blocks: fields, RFC 2047 encoded-words, RFC 2231
 *                  parameters, Content-Type / -Disposition / file name into
 *                  a struct entity. Uses mime_decode.c's base64.
 *   mime.c         the parser proper: line reader, mbox, multipart
 *                  boundaries, the part stack, the public API of mime.h.
 * A room calls only the rooms listed above it. The parser's state (struct
 * pm_mime) is private to mime.c; the lower rooms see only the small structs
 * below, so they cannot reach back up into it.
 */
#ifndef PM_MIME_INT_H
#define PM_MIME_INT_H

#include <stddef.h>

#define IBUF_CAP (64u * 1024u)        /* parser's input buffer: longest piece */
#define OBUF_CAP (IBUF_CAP + 1024u)   /* one decoded piece plus carried bytes */
#define QP_PEND_MAX 64                /* quoted-printable bytes held back */
#define BOUNDARY_MAX 200              /* RFC 2046 allows 70; be generous */
#define EW_MAX 1000                   /* longest encoded-word text decoded */
#define EW_ROOM (2 * EW_MAX + 48)     /* output room one encoded-word may need */

/* ---- character classes (all rooms) ------------------------------------- */

static inline int lower(int c) { return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c; }
static inline int is_ws(int c) { return c == ' ' || c == '\t'; }

static inline int hexval(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c = lower(c);
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

/* ---- mime_decode.c: transfer decoding ---------------------------------- */

enum cte { CTE_IDENTITY, CTE_BASE64, CTE_QP };

struct base64 {
    unsigned acc; /* bits collected, 6 per character */
    int n;        /* characters in acc, 0..3 */
};

/* Decodes in[0..n), skipping whitespace and invalid characters; a '='
 * ends a group early. out needs n / 4 * 3 + 3 bytes. Returns bytes written. */
size_t mime_b64_feed(struct base64 *s, const unsigned char *in, size_t n, unsigned char *out);
/* Ends the stream: a truncated group gives the bytes it holds whole. */
size_t mime_b64_end(struct base64 *s, unsigned char *out);

/* The output buffer: the decoding of one piece (of a body or of a header
 * block), from which pm_mime_read copies. pos <= len <= OBUF_CAP. */
struct mime_out {
    unsigned char buf[OBUF_CAP];
    size_t pos, len;
};

/* Body decoder of the part being read. */
struct mime_dec {
    enum cte cte;
    struct base64 b64;
    unsigned char qp[QP_PEND_MAX];
    size_t qpn;
};

/* Starts decoding a body in transfer encoding cte. */
void mime_dec_start(struct mime_dec *d, enum cte cte);
/* Decodes p[0..n), a piece of a body line without its line break, into o.
 * The parser calls these once per piece (at most IBUF_CAP bytes) on an
 * emptied o, so what they write fits; o is never overrun in any case. */
void mime_dec_feed(struct mime_dec *d, struct mime_out *o, const unsigned char *p, size_t n);
/* A body line ended with line break eol (1 LF, 2 CRLF). */
void mime_dec_line_end(struct mime_dec *d, struct mime_out *o, int eol);
/* The body ended: flushes what is held back. */
void mime_dec_finish(struct mime_dec *d, struct mime_out *o);

/* ---- mime_header.c: header blocks -------------------------------------- */

/* What a header block says about its entity. */
struct entity {
    char ctype[128]; /* lower case; defaulted when absent or invalid */
    char boundary[BOUNDARY_MAX + 1];
    size_t blen;     /* 0: no usable boundary parameter */
    char filename[256];
    enum cte cte;
    int attach;      /* Content-Disposition: attachment */
};

/* 1 if the line p[0..n) starts a header field: "Name:" (obsolete "Name :"
 * too). */
int mime_is_field(const unsigned char *p, size_t n);
/* Fills *e from the unfolded header block hbuf[0..hlen) ("Name: value\n"
 * per field). digest: the block is a child of multipart/digest, whose
 * default type is message/rfc822. */
void mime_parse_entity(const unsigned char *hbuf, size_t hlen, int digest, struct entity *e);
/* Decodes the encoded-words of in[0..n) into out[0..outsz), stopping at the
 * end of the input or when less than EW_ROOM bytes of room are left (so
 * outsz must exceed EW_ROOM for progress). Whitespace between two
 * encoded-words is dropped; *last_ew carries whether the last token was one,
 * from call to call. Returns the input consumed; *outn gets the bytes
 * written. */
size_t mime_ew_decode(const unsigned char *in, size_t n, unsigned char *out, size_t outsz,
                      size_t *outn, int *last_ew);

#endif
