/* mime_decode.c — transfer decoding for the e-mail parser (extract/mail/):
 * base64, quoted-printable and identity (7bit, 8bit, binary, unknown).
 *
 * The parser (mime.c) feeds a body as pieces of lines and line ends; the
 * decoders write into a fixed output buffer and hold back across pieces only
 * what they must (an unfinished base64 group, a quoted-printable '=' or
 * trailing whitespace).
 *
 * This room knows nothing of lines, boundaries or parser state: it must
 * never see struct pm_mime or call up into the parser, and never write past
 * the output buffer, whatever it is fed. The charset of a body is not
 * converted here (or anywhere).
 */
#include <string.h>

#include "extract/mail/mime_int.h"

/* ---- base64 ------------------------------------------------------------- */

static int b64val(int c)
{
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    if (c == '+')
        return 62;
    if (c == '/')
        return 63;
    return -1;
}

size_t mime_b64_feed(struct base64 *s, const unsigned char *in, size_t n, unsigned char *out)
{
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        int v = b64val(in[i]);
        if (v >= 0) {
            s->acc = (s->acc << 6) | (unsigned)v;
            if (++s->n == 4) {
                out[o++] = (unsigned char)(s->acc >> 16);
                out[o++] = (unsigned char)(s->acc >> 8);
                out[o++] = (unsigned char)s->acc;
                s->acc = 0;
                s->n = 0;
            }
        } else if (in[i] == '=') {
            if (s->n == 2) {
                out[o++] = (unsigned char)(s->acc >> 4);
            } else if (s->n == 3) {
                out[o++] = (unsigned char)(s->acc >> 10);
                out[o++] = (unsigned char)(s->acc >> 2);
            }
            s->acc = 0;
            s->n = 0;
        }
    }
    return o;
}

size_t mime_b64_end(struct base64 *s, unsigned char *out)
{
    static const unsigned char pad = '=';
    return mime_b64_feed(s, &pad, 1, out);
}

/* ---- the output buffer and quoted-printable ----------------------------- */

static void out_put(struct mime_out *o, const void *p, size_t n)
{
    /* Cannot overflow: the parser decodes one piece into an emptied buffer,
     * and one piece plus the bytes carried over from the last one fit in
     * OBUF_CAP. Cut all the same. */
    if (n > OBUF_CAP - o->len)
        n = OBUF_CAP - o->len;
    memcpy(o->buf + o->len, p, n);
    o->len += n;
}

static void qp_flush(struct mime_dec *d, struct mime_out *o)
{
    out_put(o, d->qp, d->qpn);
    d->qpn = 0;
}

/* "=X" with X a hex digit is held back waiting for the second digit. */
static int qp_half(const struct mime_dec *d) { return d->qpn == 2 && hexval(d->qp[1]) >= 0; }

/* Quoted-printable, one byte. Held back in qp[]: '=' and what follows it
 * (one hex digit, or whitespace before a line end), or a run of whitespace
 * that is dropped if the line ends. */
static void qp_byte(struct mime_dec *d, struct mime_out *o, unsigned char c)
{
    for (;;) {
        if (d->qpn == 0) {
            if (c == '=' || is_ws(c))
                d->qp[d->qpn++] = c;
            else
                out_put(o, &c, 1);
            return;
        }
        if (d->qp[0] == '=') {
            if (d->qpn == 1 && hexval(c) >= 0) {
                d->qp[d->qpn++] = c;
                return;
            }
            if (qp_half(d) && hexval(c) >= 0) {
                unsigned char b = (unsigned char)(hexval(d->qp[1]) * 16 + hexval(c));
                out_put(o, &b, 1);
                d->qpn = 0;
                return;
            }
            if (!qp_half(d) && is_ws(c) && d->qpn < QP_PEND_MAX) {
                d->qp[d->qpn++] = c;
                return;
            }
            qp_flush(d, o); /* invalid '=' sequence: passed through */
            continue;
        }
        if (is_ws(c)) {
            if (d->qpn == QP_PEND_MAX)
                qp_flush(d, o);
            d->qp[d->qpn++] = c;
            return;
        }
        qp_flush(d, o);
    }
}

static void put_eol(struct mime_out *o, int eol)
{
    static const char crlf[2] = {'\r', '\n'};
    out_put(o, eol == 2 ? crlf : crlf + 1, eol == 2 ? 2 : 1);
}

/* ---- the body decoder --------------------------------------------------- */

void mime_dec_start(struct mime_dec *d, enum cte cte)
{
    d->cte = cte;
    d->b64.acc = 0;
    d->b64.n = 0;
    d->qpn = 0;
}

void mime_dec_feed(struct mime_dec *d, struct mime_out *o, const unsigned char *p, size_t n)
{
    switch (d->cte) {
    case CTE_BASE64:
        if (n / 4 * 3 + 3 > OBUF_CAP - o->len) /* see out_put */
            n = OBUF_CAP - o->len < 3 ? 0 : (OBUF_CAP - o->len - 3) / 3 * 4;
        o->len += mime_b64_feed(&d->b64, p, n, o->buf + o->len);
        break;
    case CTE_QP:
        for (size_t i = 0; i < n; i++)
            qp_byte(d, o, p[i]);
        break;
    case CTE_IDENTITY:
        out_put(o, p, n);
        break;
    }
}

void mime_dec_line_end(struct mime_dec *d, struct mime_out *o, int eol)
{
    switch (d->cte) {
    case CTE_BASE64:
        break;
    case CTE_QP:
        if (d->qpn > 0 && d->qp[0] == '=' && !qp_half(d)) {
            d->qpn = 0; /* soft line break */
            return;
        }
        if (d->qpn > 0 && d->qp[0] == '=')
            qp_flush(d, o);
        d->qpn = 0; /* trailing whitespace is dropped */
        put_eol(o, eol);
        break;
    case CTE_IDENTITY:
        put_eol(o, eol);
        break;
    }
}

void mime_dec_finish(struct mime_dec *d, struct mime_out *o)
{
    if (d->cte == CTE_BASE64) {
        unsigned char tail[3]; /* through out_put: bounded like every write */
        out_put(o, tail, mime_b64_end(&d->b64, tail));
    } else if (d->cte == CTE_QP && qp_half(d)) {
        qp_flush(d, o);
    }
    d->qpn = 0;
}
