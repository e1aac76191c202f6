/* mime.c — streaming e-mail parser (RFC 5322, MIME, mbox), the parser
 * proper: the line reader, mbox messages, multipart boundaries, the part
 * stack and the public API of mime.h (read that first for what is handed
 * out).
 *
 * The parser is three rooms in extract/mail/, sharing the private
 * mime_int.h; calls only go down:
 *   mime.c         this file: reads the input and owns all parser state.
 *   mime_header.c  what a header block says (Content-Type, boundary,
 *                  transfer encoding, file name: RFC 2047 / RFC 2231) and
 *                  its text with encoded-words decoded.
 *   mime_decode.c  transfer decoding of bodies (base64, quoted-printable).
 *
 * Layers of this file, bottom up:
 *   line reader   pulls into a fixed input buffer and hands out *pieces*: a
 *                 whole line without its line break, or a bounded piece of a
 *                 long one. A piece that starts a line holds either the whole
 *                 line or a full buffer (far longer than any boundary), so
 *                 the boundary and "From " tests always see the entire line.
 *   classifier    a line-start piece is a boundary of an open multipart
 *                 (innermost first), an mbox "From " separator, or data.
 *   header blocks read and unfolded into hbuf, then parsed by mime_header.c.
 *   producers     fill the output buffer, which holds the decoding of one
 *                 piece, from which pm_mime_read copies: body pieces through
 *                 mime_decode.c, the header block through the encoded-word
 *                 decoder of mime_header.c.
 *   state machine pm_mime_next walks header blocks, the text between parts
 *                 and leaf bodies. It never recurses: nesting is the bounded
 *                 stack of open boundaries, and an attached message is just
 *                 one more header block read in place.
 *
 * The line break of a body line is held back ("pending") until the next line
 * is known not to be a boundary: the break before a boundary belongs to it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "extract/mail/mime.h"
#include "extract/mail/mime_int.h"

/* Largest read handed out at once (fits a long). <limits.h> is not used: the
 * scanner has its own limits.h on the include path. */
#define READ_MAX ((size_t)1 << 30)

enum state {
    S_START,        /* nothing read yet: sniff mbox */
    S_MSG_HEADERS,  /* a message's header block comes next */
    S_PART_HEADERS, /* a multipart child's header block comes next */
    S_BODY,         /* m->ent describes an entity whose body comes next */
    S_IN_BODY,      /* a leaf part has been handed out */
    S_GAP,          /* preamble or epilogue: text outside any part */
    S_EOF,
    S_ERROR,
};

enum reading { R_NONE, R_HEADERS, R_BODY };
enum ev { EV_DATA, EV_BOUNDARY, EV_CLOSE, EV_FROM, EV_EOF };

/* A piece of a line, pointing into the input buffer: valid until the next
 * get_piece (or the same piece again after unget_piece). */
struct piece {
    const unsigned char *p;
    size_t len;
    int eol;         /* line break after the piece: 0 none, 1 LF, 2 CRLF */
    int bol;         /* the piece starts a line */
    int whole;       /* the line ends with this piece (line break or input end) */
    int after_blank; /* the line before was empty (or there was none) */
};

/* One open multipart. */
struct level {
    char boundary[BOUNDARY_MAX + 1];
    size_t blen;
    int digest; /* multipart/digest: children default to message/rfc822 */
};

/* Invariants: ipos <= iscan <= ilen <= IBUF_CAP; [ipos, ilen) is unread
 * input and [ipos, iscan) holds no '\n'. The stack holds `depth` open
 * multiparts, innermost last. */
struct pm_mime {
    pm_pull_fn pull;
    void *ctx;
    enum state state;
    enum reading reading; /* what pm_mime_read produces from */
    int mbox;
    unsigned message;

    unsigned char ibuf[IBUF_CAP];
    size_t ipos, iscan, ilen;
    int ieof;
    int bol;        /* the next piece starts a line */
    int prev_blank; /* the last whole line read was empty */
    int again;      /* get_piece returns `last` once more */
    struct piece last;

    struct level stack[PM_MIME_MAX_DEPTH];
    unsigned depth;
    struct entity ent;

    unsigned char hbuf[PM_MIME_HEADER_MAX]; /* unfolded raw header block */
    size_t hlen, hpos;
    int h_last_ew; /* the last header token handed out was an encoded-word */

    int eol_pending;     /* held-back line break of the last body line */
    struct mime_dec dec; /* of the part being read */
    struct mime_out out; /* what pm_mime_read hands out */

    struct pm_mime_stats st;
    char err[160];
};

/* ---- small helpers ------------------------------------------------------ */

static void set_error(struct pm_mime *m, const char *msg)
{
    snprintf(m->err, sizeof m->err, "%s", msg);
    m->state = S_ERROR;
    m->reading = R_NONE;
}

/* ---- line reader -------------------------------------------------------- */

static int fill(struct pm_mime *m)
{
    long r;
    if (m->ieof)
        return 0;
    r = m->pull(m->ctx, m->ibuf + m->ilen, IBUF_CAP - m->ilen);
    if (r < 0) {
        set_error(m, "read error");
        return -1;
    }
    if ((unsigned long)r > IBUF_CAP - m->ilen) {
        set_error(m, "pull function returned more bytes than asked for");
        return -1;
    }
    if (r == 0)
        m->ieof = 1;
    m->ilen += (size_t)r;
    return 0;
}

static void compact(struct pm_mime *m)
{
    memmove(m->ibuf, m->ibuf + m->ipos, m->ilen - m->ipos);
    m->ilen -= m->ipos;
    m->iscan -= m->ipos;
    m->ipos = 0;
}

/* Hands out the next piece: 1, 0 at the end of input, -1 on error. */
static int get_piece(struct pm_mime *m, struct piece *pc)
{
    if (m->again) {
        m->again = 0;
        *pc = m->last;
        return 1;
    }
    pc->bol = m->bol;
    pc->after_blank = m->prev_blank;
    for (;;) {
        const unsigned char *nl = memchr(m->ibuf + m->iscan, '\n', m->ilen - m->iscan);
        size_t avail = m->ilen - m->ipos;
        if (nl) {
            size_t end = (size_t)(nl - m->ibuf), len = end - m->ipos;
            pc->p = m->ibuf + m->ipos;
            pc->eol = 1;
            if (len > 0 && pc->p[len - 1] == '\r') {
                len--;
                pc->eol = 2;
            }
            pc->len = len;
            pc->whole = 1;
            m->ipos = m->iscan = end + 1;
            m->prev_blank = pc->bol && len == 0;
            m->bol = 1;
            break;
        }
        m->iscan = m->ilen;
        if (m->ieof) {
            if (avail == 0)
                return 0;
            pc->p = m->ibuf + m->ipos;
            pc->len = avail;
            pc->eol = 0;
            pc->whole = 1;
            m->ipos = m->iscan = m->ilen;
            m->prev_blank = 0;
            m->bol = 1;
            break;
        }
        /* No line break yet. The middle of a long line goes out as it comes
         * (but a final '\r' waits: it may start a CRLF); the start of a line
         * only when it fills the whole buffer. */
        size_t hold = avail > 0 && m->ibuf[m->ilen - 1] == '\r' ? 1 : 0;
        if ((!m->bol && avail > hold) || (m->ipos == 0 && m->ilen == IBUF_CAP)) {
            pc->p = m->ibuf + m->ipos;
            pc->len = avail - hold;
            pc->eol = 0;
            pc->whole = 0;
            m->ipos += pc->len;
            m->iscan = m->ipos;
            m->prev_blank = 0;
            m->bol = 0;
            break;
        }
        if (m->ilen == IBUF_CAP)
            compact(m);
        if (fill(m) < 0)
            return -1;
    }
    m->last = *pc;
    return 1;
}

/* The piece just read is handed out again by the next get_piece. */
static void unget_piece(struct pm_mime *m) { m->again = 1; }

/* ---- classifier --------------------------------------------------------- */

/* 1 if the line is "--boundary", 2 if "--boundary--", with trailing
 * whitespace allowed; else 0. */
static int boundary_match(const struct level *lv, const struct piece *pc)
{
    size_t i;
    int r = 1;
    if (!pc->whole || pc->len < 2 + lv->blen || memcmp(pc->p + 2, lv->boundary, lv->blen) != 0)
        return 0;
    i = 2 + lv->blen;
    if (i + 2 <= pc->len && pc->p[i] == '-' && pc->p[i + 1] == '-') {
        r = 2;
        i += 2;
    }
    for (; i < pc->len; i++)
        if (!is_ws(pc->p[i]) && pc->p[i] != '\r')
            return 0;
    return r;
}

static enum ev classify(const struct pm_mime *m, const struct piece *pc, unsigned *level)
{
    if (!pc->bol)
        return EV_DATA;
    if (m->mbox && pc->after_blank && pc->len >= 5 && memcmp(pc->p, "From ", 5) == 0)
        return EV_FROM;
    if (m->depth > 0 && pc->len >= 2 && pc->p[0] == '-' && pc->p[1] == '-') {
        for (unsigned i = m->depth; i-- > 0;) {
            int r = boundary_match(&m->stack[i], pc);
            if (r) {
                *level = i;
                return r == 2 ? EV_CLOSE : EV_BOUNDARY;
            }
        }
    }
    return EV_DATA;
}

/* Acts on a structural line (pc) that ends what came before it. */
static int apply_event(struct pm_mime *m, enum ev ev, unsigned level, struct piece *pc)
{
    switch (ev) {
    case EV_BOUNDARY:
        m->st.unclosed += m->depth - (level + 1);
        m->depth = level + 1;
        m->state = S_PART_HEADERS;
        break;
    case EV_CLOSE:
        m->st.unclosed += m->depth - (level + 1);
        m->depth = level;
        m->state = S_GAP;
        break;
    case EV_FROM:
        /* Swallow the rest of an overlong "From " line. */
        while (!pc->whole) {
            int r = get_piece(m, pc);
            if (r < 0)
                return -1;
            if (r == 0)
                break;
        }
        m->st.unclosed += m->depth;
        m->depth = 0;
        m->message++;
        m->st.messages = m->message;
        m->state = S_MSG_HEADERS;
        break;
    case EV_EOF:
        m->st.unclosed += m->depth;
        m->depth = 0;
        m->state = S_EOF;
        break;
    case EV_DATA:
        break;
    }
    return 0;
}

/* Reads raw lines up to the next structural line and acts on it. */
static int skip_to_event(struct pm_mime *m)
{
    struct piece pc;
    unsigned level = 0;
    for (;;) {
        int r = get_piece(m, &pc);
        enum ev ev;
        if (r < 0)
            return -1;
        ev = r == 0 ? EV_EOF : classify(m, &pc, &level);
        if (ev != EV_DATA)
            return apply_event(m, ev, level, &pc);
    }
}

/* ---- header blocks ------------------------------------------------------ */

static void hdr_put(struct pm_mime *m, const void *p, size_t n)
{
    size_t room = PM_MIME_HEADER_MAX - 1 - m->hlen; /* one byte kept for the last '\n' */
    if (n > room) {
        m->st.header_bytes_skipped += n - room;
        n = room;
    }
    memcpy(m->hbuf + m->hlen, p, n);
    m->hlen += n;
}

/* Reads a header block into hbuf (unfolded: continuation lines are joined to
 * their field, one '\n' after each field) and parses it into m->ent. It ends
 * at a blank line (consumed), or before a structural line or a line that is
 * not a field (both left for the body). */
static int read_headers(struct pm_mime *m, int digest)
{
    struct piece pc;
    int have = 0;
    unsigned level = 0;
    m->hlen = 0;
    for (;;) {
        int r = get_piece(m, &pc);
        if (r < 0)
            return -1;
        if (r == 0)
            break;
        if (pc.bol) {
            if (pc.len == 0 && pc.whole)
                break;
            if (classify(m, &pc, &level) != EV_DATA) {
                unget_piece(m);
                break;
            }
            if (is_ws(pc.p[0]) && have) {
                /* folded: the line break goes, the whitespace stays */
            } else if (mime_is_field(pc.p, pc.len)) {
                if (have)
                    hdr_put(m, "\n", 1);
                have = 1;
            } else {
                if (have)
                    m->st.malformed++;
                unget_piece(m);
                break;
            }
        }
        hdr_put(m, pc.p, pc.len);
    }
    if (have)
        m->hbuf[m->hlen++] = '\n';
    mime_parse_entity(m->hbuf, m->hlen, digest, &m->ent);
    return 0;
}

/* ---- producers: filling the output buffer ------------------------------ */

/* mboxrd: ">From ", ">>From ", ... */
static int quoted_from(const unsigned char *p, size_t n)
{
    size_t i = 0;
    while (i < n && p[i] == '>')
        i++;
    return i > 0 && n - i >= 5 && memcmp(p + i, "From ", 5) == 0;
}

/* Decodes the next piece of the current body into the output buffer; at the
 * body's end acts on the structural line that ended it. */
static int body_produce(struct pm_mime *m)
{
    struct piece pc;
    unsigned level = 0;
    int r = get_piece(m, &pc);
    enum ev ev;
    if (r < 0)
        return -1;
    ev = r == 0 ? EV_EOF : classify(m, &pc, &level);
    if (ev == EV_DATA) {
        const unsigned char *p = pc.p;
        size_t n = pc.len;
        if (pc.bol && m->eol_pending) {
            mime_dec_line_end(&m->dec, &m->out, m->eol_pending);
            m->eol_pending = 0;
        }
        if (m->mbox && pc.bol && quoted_from(p, n)) {
            p++;
            n--;
        }
        mime_dec_feed(&m->dec, &m->out, p, n);
        if (pc.eol)
            m->eol_pending = pc.eol;
        return 0;
    }
    /* The line break before a boundary or an mbox separator's blank line is
     * not content; at the end of input only an mbox's final blank line. */
    if (ev == EV_EOF && m->eol_pending && !(m->mbox && m->prev_blank))
        mime_dec_line_end(&m->dec, &m->out, m->eol_pending);
    m->eol_pending = 0;
    mime_dec_finish(&m->dec, &m->out);
    m->reading = R_NONE;
    return apply_event(m, ev, level, &pc);
}

/* Decodes the next stretch of the header block into the output buffer. */
static void hdr_produce(struct pm_mime *m)
{
    size_t w = 0;
    m->hpos += mime_ew_decode(m->hbuf + m->hpos, m->hlen - m->hpos, m->out.buf + m->out.len,
                              OBUF_CAP - m->out.len, &w, &m->h_last_ew);
    m->out.len += w;
    if (m->hpos >= m->hlen)
        m->reading = R_NONE;
}

/* ---- handing out parts -------------------------------------------------- */

static void give_headers(struct pm_mime *m, struct pm_mime_part *part, enum pm_mime_kind kind)
{
    part->kind = kind;
    snprintf(part->content_type, sizeof part->content_type, "text/rfc822-headers");
    part->message = m->message;
    m->hpos = 0;
    m->h_last_ew = 0;
    m->reading = m->hlen ? R_HEADERS : R_NONE;
}

static void give_leaf(struct pm_mime *m, struct pm_mime_part *part, const struct entity *e,
                      enum pm_mime_kind kind)
{
    part->kind = kind;
    snprintf(part->content_type, sizeof part->content_type, "%s", e->ctype);
    snprintf(part->filename, sizeof part->filename, "%s", e->filename);
    part->message = m->message;
    m->eol_pending = 0;
    mime_dec_start(&m->dec, e->cte);
    m->reading = R_BODY;
    m->state = S_IN_BODY;
}

static enum pm_mime_kind leaf_kind(const struct entity *e)
{
    if (strncmp(e->ctype, "multipart/", 10) == 0)
        return PM_MIME_TEXT; /* too deep or no boundary: read as text */
    if (e->filename[0] || e->attach)
        return PM_MIME_ATTACHMENT;
    if (strncmp(e->ctype, "text/", 5) == 0 || strncmp(e->ctype, "message/", 8) == 0)
        return PM_MIME_TEXT;
    return PM_MIME_ATTACHMENT;
}

/* Text between parts: blank lines are skipped; anything else is handed out
 * as a text part (1), else the structural line is acted on (0). */
static int gap(struct pm_mime *m, struct pm_mime_part *part)
{
    struct piece pc;
    unsigned level = 0;
    for (;;) {
        int r = get_piece(m, &pc);
        enum ev ev;
        size_t i = 0;
        if (r < 0)
            return -1;
        ev = r == 0 ? EV_EOF : classify(m, &pc, &level);
        if (ev != EV_DATA)
            return apply_event(m, ev, level, &pc) < 0 ? -1 : 0;
        while (i < pc.len && (is_ws(pc.p[i]) || pc.p[i] == '\r'))
            i++;
        if (pc.bol && pc.whole && i == pc.len)
            continue;
        unget_piece(m);
        struct entity e;
        memset(&e, 0, sizeof e);
        snprintf(e.ctype, sizeof e.ctype, "text/plain");
        give_leaf(m, part, &e, PM_MIME_TEXT);
        return 1;
    }
}

struct pm_mime *pm_mime_new(pm_pull_fn pull, void *ctx)
{
    struct pm_mime *m;
    if (!pull)
        return NULL;
    m = calloc(1, sizeof *m);
    if (!m)
        return NULL;
    m->pull = pull;
    m->ctx = ctx;
    m->state = S_START;
    m->bol = 1;
    m->prev_blank = 1;
    return m;
}

void pm_mime_free(struct pm_mime *m) { free(m); }

const char *pm_mime_error(const struct pm_mime *m) { return m ? m->err : "no parser"; }

void pm_mime_stats(const struct pm_mime *m, struct pm_mime_stats *st) { *st = m->st; }

int pm_mime_next(struct pm_mime *m, struct pm_mime_part *part)
{
    struct piece pc;
    int ret = -1, r;
    if (!m || !part)
        return -1;
    memset(part, 0, sizeof *part);
    if (m->state == S_ERROR)
        goto done;
    m->out.pos = m->out.len = 0;
    if (m->reading == R_BODY && skip_to_event(m) < 0)
        goto done;
    m->reading = R_NONE;
    for (;;) {
        switch (m->state) {
        case S_START:
            r = get_piece(m, &pc);
            if (r < 0)
                goto done;
            if (r > 0 && pc.len >= 5 && memcmp(pc.p, "From ", 5) == 0) {
                m->mbox = 1;
                if (apply_event(m, EV_FROM, 0, &pc) < 0) /* message 1 */
                    goto done;
            } else {
                if (r > 0)
                    unget_piece(m);
                m->message = m->st.messages = 1;
                m->state = S_MSG_HEADERS;
            }
            break;
        case S_MSG_HEADERS:
            r = get_piece(m, &pc);
            if (r < 0)
                goto done;
            if (r == 0) {
                m->state = S_EOF;
                break;
            }
            unget_piece(m);
            if (read_headers(m, 0) < 0)
                goto done;
            give_headers(m, part, PM_MIME_HEADERS);
            m->state = S_BODY;
            ret = 1;
            goto done;
        case S_PART_HEADERS:
            if (read_headers(m, m->depth > 0 && m->stack[m->depth - 1].digest) < 0)
                goto done;
            m->state = S_BODY;
            break;
        case S_BODY: {
            const struct entity *e = &m->ent;
            if (strncmp(e->ctype, "multipart/", 10) == 0 && e->blen > 0 &&
                m->depth < PM_MIME_MAX_DEPTH) {
                struct level *lv = &m->stack[m->depth++];
                memcpy(lv->boundary, e->boundary, e->blen + 1);
                lv->blen = e->blen;
                lv->digest = strcmp(e->ctype, "multipart/digest") == 0;
                m->state = S_GAP;
                break;
            }
            if (strncmp(e->ctype, "multipart/", 10) == 0) {
                if (e->blen > 0)
                    m->st.depth_limit_hits++;
                else
                    m->st.malformed++;
            } else if ((strcmp(e->ctype, "message/rfc822") == 0 ||
                        strcmp(e->ctype, "message/global") == 0) &&
                       e->cte == CTE_IDENTITY) {
                if (read_headers(m, 0) < 0)
                    goto done;
                give_headers(m, part, PM_MIME_TEXT);
                ret = 1;
                goto done; /* state stays S_BODY, for the attached message's body */
            }
            give_leaf(m, part, e, leaf_kind(e));
            ret = 1;
            goto done;
        }
        case S_IN_BODY: /* the body was skipped above; not reached */
            m->state = S_GAP;
            break;
        case S_GAP:
            r = gap(m, part);
            if (r < 0)
                goto done;
            if (r > 0) {
                ret = 1;
                goto done;
            }
            break;
        case S_EOF:
            ret = 0;
            goto done;
        case S_ERROR:
            goto done;
        }
    }
done:
    if (ret < 0 && m->state != S_ERROR)
        set_error(m, "internal error");
    return ret;
}

long pm_mime_read(struct pm_mime *m, void *buf, size_t n)
{
    size_t k;
    if (!m || m->state == S_ERROR)
        return -1;
    if (n == 0)
        return 0;
    if (n > READ_MAX)
        n = READ_MAX;
    while (m->out.pos == m->out.len) {
        m->out.pos = m->out.len = 0;
        if (m->reading == R_HEADERS)
            hdr_produce(m);
        else if (m->reading == R_BODY) {
            if (body_produce(m) < 0)
                return -1;
        } else
            return 0;
    }
    k = m->out.len - m->out.pos < n ? m->out.len - m->out.pos : n;
    memcpy(buf, m->out.buf + m->out.pos, k);
    m->out.pos += k;
    return (long)k;
}
