/* mime.c — streaming e-mail parser (RFC 5322, MIME, mbox): see mime.h.
 *
 * Layers, bottom up:
 *   line reader   pulls into a fixed input buffer and hands out *pieces*: a
 *                 whole line without its line break, or a bounded piece of a
 *                 long one. A piece that starts a line holds either the whole
 *                 line or a full buffer (far longer than any boundary), so
 *                 the boundary and "From " tests always see the entire line.
 *   classifier    a line-start piece is a boundary of an open multipart
 *                 (innermost first), an mbox "From " separator, or data.
 *   decoders      (mime_decode.c) base64, quoted-printable and identity, fed
 *                 pieces and line ends; they write into the output buffer,
 *                 which holds the decoding of one piece, from which
 *                 pm_mime_read copies.
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

#include "common/utf8.h"
#include "extract/mail/mime.h"
#include "extract/mail/mime_int.h"

#define BOUNDARY_MAX 200              /* RFC 2046 allows 70; be generous */
#define EW_MAX 1000                   /* longest encoded-word text decoded */
#define EW_ROOM (2 * EW_MAX + 48)     /* output room one encoded-word may need */
#define RFC2231_SECTIONS 64           /* filename*0 .. filename*63 */
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

/* What a header block says about its entity. */
struct entity {
    char ctype[128]; /* lower case; defaulted when absent or invalid */
    char boundary[BOUNDARY_MAX + 1];
    size_t blen;     /* 0: no usable boundary parameter */
    char filename[256];
    enum cte cte;
    int attach;      /* Content-Disposition: attachment */
};

/* Invariants: ipos <= iscan <= ilen <= IBUF_CAP; [ipos, ilen) is unread
 * input and [ipos, iscan) holds no '\n'. The
 * stack holds `depth` open multiparts, innermost last. */
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

/* Case-insensitive: does s[0..n) equal the lower-case string lit? */
static int eq_ci(const char *s, size_t n, const char *lit)
{
    size_t i = 0;
    for (; i < n && lit[i]; i++)
        if (lower((unsigned char)s[i]) != lit[i])
            return 0;
    return i == n && lit[i] == '\0';
}

/* Charsets converted byte for byte as Latin-1. windows-1252 differs only in
 * 0x80-0x9f (punctuation, the euro sign), which no detector looks at. */
static int latin1_charset(const char *cs, size_t n)
{
    static const char *const names[] = {"iso-8859-1", "iso8859-1", "latin1",  "latin-1",
                                        "l1",         "iso-8859-15", "iso8859-15",
                                        "windows-1252", "cp1252"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (eq_ci(cs, n, names[i]))
            return 1;
    return 0;
}

/* Appends byte c to out (cap outsz): if latin1, as the UTF-8 of the code
 * point it stands for, else as it is. A character that does not fit whole is
 * dropped. */
static size_t put_cs(unsigned char *out, size_t o, size_t outsz, unsigned char c, int latin1)
{
    if (latin1 && c >= 0x80) {
        unsigned char u[4];
        size_t k = pm_utf8_put(c, u);
        if (k <= outsz - o) {
            memcpy(out + o, u, k);
            o += k;
        }
        return o;
    }
    if (o < outsz)
        out[o++] = c;
    return o;
}

static void set_error(struct pm_mime *m, const char *msg)
{
    snprintf(m->err, sizeof m->err, "%s", msg);
    m->state = S_ERROR;
    m->reading = R_NONE;
}

/* ---- RFC 2047 encoded-words --------------------------------------------- */

/* Parses an encoded-word "=?charset[*lang]?B|Q?text?=" at p[0..n). Returns
 * its length, or 0 if there is none. When out is not NULL, writes the
 * decoded text as UTF-8 (Latin-1 charsets converted), at most EW_ROOM bytes,
 * and its length into *w. */
static size_t ew_parse(const unsigned char *p, size_t n, unsigned char *out, size_t *w)
{
    unsigned char raw[EW_MAX];
    size_t i = 2, cse, ts, te, rn = 0, o = 0;
    int enc;
    if (n < 8 || p[0] != '=' || p[1] != '?')
        return 0;
    while (i < n && i < 2 + 64 && p[i] != '?' && p[i] > ' ' && p[i] < 127)
        i++;
    if (i >= n || p[i] != '?' || i == 2)
        return 0;
    cse = i++;
    if (i + 1 >= n || p[i + 1] != '?')
        return 0;
    enc = lower(p[i]);
    if (enc != 'b' && enc != 'q')
        return 0;
    ts = i += 2;
    while (i < n && i - ts <= EW_MAX && p[i] != '?' && p[i] > ' ' && p[i] != 127)
        i++;
    if (i + 1 >= n || i - ts > EW_MAX || p[i] != '?' || p[i + 1] != '=')
        return 0;
    te = i;
    if (!out)
        return te + 2;
    if (enc == 'b') {
        struct base64 s = {0, 0};
        rn = mime_b64_feed(&s, p + ts, te - ts, raw); /* at most 3/4 of EW_MAX */
        rn += mime_b64_end(&s, raw + rn);
    } else {
        for (size_t k = ts; k < te; k++) {
            int hi, lo;
            if (p[k] == '_') {
                raw[rn++] = ' ';
            } else if (p[k] == '=' && k + 2 < te && (hi = hexval(p[k + 1])) >= 0 &&
                       (lo = hexval(p[k + 2])) >= 0) {
                raw[rn++] = (unsigned char)(hi * 16 + lo);
                k += 2;
            } else {
                raw[rn++] = p[k];
            }
        }
    }
    size_t csn = cse - 2;
    for (size_t k = 2; k < cse; k++)
        if (p[k] == '*') { /* RFC 2231 language suffix */
            csn = k - 2;
            break;
        }
    int l1 = latin1_charset((const char *)p + 2, csn);
    for (size_t k = 0; k < rn; k++)
        o = put_cs(out, o, EW_ROOM, raw[k], l1);
    *w = o;
    return te + 2;
}

/* Decodes the encoded-words of in[0..n) into out[0..outsz), stopping at the
 * end of the input or when less than EW_ROOM bytes of room are left.
 * Whitespace between two encoded-words is dropped; *last_ew carries whether
 * the last token was one. Returns the input consumed; *outn gets the bytes
 * written. */
static size_t ew_decode(const unsigned char *in, size_t n, unsigned char *out, size_t outsz,
                        size_t *outn, int *last_ew)
{
    size_t i = 0, o = 0;
    while (i < n && outsz - o > EW_ROOM) {
        size_t room = outsz - o - EW_ROOM, k, w = 0, j;
        if (in[i] == '=' && (k = ew_parse(in + i, n - i, out + o, &w)) > 0) {
            o += w;
            i += k;
            *last_ew = 1;
            continue;
        }
        if (is_ws(in[i])) {
            for (j = i; j < n && is_ws(in[j]); j++)
                ;
            if (*last_ew && j < n && ew_parse(in + j, n - j, NULL, NULL) > 0) {
                i = j;
                continue;
            }
        } else {
            for (j = i + 1; j < n && !is_ws(in[j]) && in[j] != '='; j++)
                ;
        }
        if (j - i > room)
            j = i + room;
        memcpy(out + o, in + i, j - i);
        o += j - i;
        i = j;
        *last_ew = 0;
    }
    *outn = o;
    return i;
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

/* 1 if the line starts a header field: "Name:" (obsolete "Name :" too). */
static int is_field(const unsigned char *p, size_t n)
{
    size_t i = 0;
    while (i < n && p[i] > ' ' && p[i] < 127 && p[i] != ':')
        i++;
    if (i == 0)
        return 0;
    while (i < n && is_ws(p[i]))
        i++;
    return i < n && p[i] == ':';
}

/* If line[0..n) is the field `name` (lower case), points *v at its value
 * (trimmed) and returns 1. */
static int field_value(const char *line, size_t n, const char *name, const char **v,
                       size_t *vn)
{
    size_t k = strlen(name), i;
    if (n <= k || !eq_ci(line, k, name))
        return 0;
    for (i = k; i < n && is_ws((unsigned char)line[i]); i++)
        ;
    if (i >= n || line[i] != ':')
        return 0;
    for (i++; i < n && is_ws((unsigned char)line[i]); i++)
        ;
    while (n > i && is_ws((unsigned char)line[n - 1]))
        n--;
    *v = line + i;
    *vn = n - i;
    return 1;
}

/* The value before the first ';', trimmed and lower-cased. Returns the index
 * of the ';' (or n). */
static size_t main_value(const char *s, size_t n, char *out, size_t outsz)
{
    size_t i = 0, o = 0;
    while (i < n && is_ws((unsigned char)s[i]))
        i++;
    for (; i < n && s[i] != ';'; i++)
        if (o + 1 < outsz)
            out[o++] = (char)lower((unsigned char)s[i]);
    while (o > 0 && is_ws((unsigned char)out[o - 1]))
        o--;
    out[o] = '\0';
    return i;
}

/* Next "; attr=value" parameter from *pos: attr lower-cased, value unquoted
 * (an unquoted value runs to the next ';', for mailers that forget quotes).
 * Returns 1, or 0 when there are no more. */
static int next_param(const char *s, size_t n, size_t *pos, char *attr, size_t asz, char *val,
                      size_t vsz)
{
    size_t i = *pos;
    for (;;) {
        size_t a = 0, v = 0;
        while (i < n && (s[i] == ';' || is_ws((unsigned char)s[i])))
            i++;
        if (i >= n) {
            *pos = i;
            return 0;
        }
        for (; i < n && s[i] != '=' && s[i] != ';' && !is_ws((unsigned char)s[i]); i++)
            if (a + 1 < asz)
                attr[a++] = (char)lower((unsigned char)s[i]);
        attr[a] = '\0';
        while (i < n && is_ws((unsigned char)s[i]))
            i++;
        if (i >= n || s[i] != '=') { /* a parameter without value */
            while (i < n && s[i] != ';')
                i++;
            continue;
        }
        for (i++; i < n && is_ws((unsigned char)s[i]); i++)
            ;
        if (i < n && s[i] == '"') {
            for (i++; i < n && s[i] != '"'; i++) {
                if (s[i] == '\\' && i + 1 < n)
                    i++;
                if (v + 1 < vsz)
                    val[v++] = s[i];
            }
            while (i < n && s[i] != ';')
                i++;
        } else {
            for (; i < n && s[i] != ';'; i++)
                if (v + 1 < vsz)
                    val[v++] = s[i];
            while (v > 0 && is_ws((unsigned char)val[v - 1]))
                v--;
        }
        val[v] = '\0';
        *pos = i;
        return 1;
    }
}

/* Appends an RFC 2231 extended value (percent-encoded, optionally prefixed
 * "charset'lang'") to out; *latin1 is set from the prefix when there is one. */
static size_t ext_append(const char *v, int prefixed, int *latin1, unsigned char *out, size_t o,
                         size_t outsz)
{
    if (prefixed) {
        const char *q1 = strchr(v, '\''), *q2 = q1 ? strchr(q1 + 1, '\'') : NULL;
        if (q2) {
            *latin1 = latin1_charset(v, (size_t)(q1 - v));
            v = q2 + 1;
        }
    }
    for (; *v; v++) {
        int hi, lo;
        if (*v == '%' && (hi = hexval((unsigned char)v[1])) >= 0 &&
            (lo = hexval((unsigned char)v[2])) >= 0) {
            o = put_cs(out, o, outsz, (unsigned char)(hi * 16 + lo), *latin1);
            v += 2;
        } else {
            o = put_cs(out, o, outsz, (unsigned char)*v, *latin1);
        }
    }
    return o;
}

/* Value of parameter `name` of the structured field s[0..n), with RFC 2231
 * (name*=, name*0=, name*1*=, ...) and RFC 2047 decoding, control bytes
 * replaced by '_', cut on a UTF-8 boundary to fit out. */
static void param_value(const char *s, size_t n, const char *name, char *out, size_t outsz)
{
    char attr[80], val[1024], dummy[8];
    unsigned char buf[2048], dec[2048 + EW_ROOM];
    size_t start = main_value(s, n, dummy, sizeof dummy), pos, bl = 0, nl = strlen(name), dn = 0;
    int have_plain = 0, have_ext = 0, latin1 = 0;
    unsigned char plain[1024];
    size_t pl = 0;

    pos = start;
    while (next_param(s, n, &pos, attr, sizeof attr, val, sizeof val)) {
        if (!have_plain && strcmp(attr, name) == 0) {
            pl = strlen(val);
            memcpy(plain, val, pl);
            have_plain = 1;
        } else if (!have_ext && strncmp(attr, name, nl) == 0 && strcmp(attr + nl, "*") == 0) {
            bl = ext_append(val, 1, &latin1, buf, 0, sizeof buf);
            have_ext = 1;
        }
    }
    if (!have_ext) {
        unsigned k;
        for (k = 0; k < RFC2231_SECTIONS; k++) {
            int got = 0;
            pos = start;
            while (!got && next_param(s, n, &pos, attr, sizeof attr, val, sizeof val)) {
                char *e;
                if (strncmp(attr, name, nl) != 0 || attr[nl] != '*' || attr[nl + 1] < '0' ||
                    attr[nl + 1] > '9' || strtoul(attr + nl + 1, &e, 10) != k ||
                    (*e != '\0' && strcmp(e, "*") != 0))
                    continue;
                if (*e == '*') {
                    bl = ext_append(val, k == 0, &latin1, buf, bl, sizeof buf);
                } else {
                    size_t vl = strlen(val);
                    if (vl > sizeof buf - bl)
                        vl = sizeof buf - bl;
                    memcpy(buf + bl, val, vl);
                    bl += vl;
                }
                got = 1;
            }
            if (!got)
                break;
        }
        have_ext = k > 0;
    }
    const unsigned char *src = have_ext ? buf : plain;
    size_t sn = have_ext ? bl : pl;
    int last_ew = 0;
    ew_decode(src, sn, dec, sizeof dec, &dn, &last_ew);
    if (dn > outsz - 1) {
        dn = outsz - 1;
        while (dn > 0 && (dec[dn] & 0xc0) == 0x80) /* do not split a UTF-8 sequence */
            dn--;
    }
    for (size_t i = 0; i < dn; i++)
        out[i] = (char)(dec[i] < 0x20 || dec[i] == 0x7f ? '_' : dec[i]);
    out[dn] = '\0';
}

/* Fills m->ent from the header block in hbuf. */
static void parse_entity(struct pm_mime *m, int digest)
{
    struct entity *e = &m->ent;
    const char *ct = NULL, *cd = NULL, *te = NULL, *line = (const char *)m->hbuf;
    size_t ctn = 0, cdn = 0, ten = 0, left = m->hlen;
    char disp[32], enc[32], val[BOUNDARY_MAX + 2], attr[32];

    memset(e, 0, sizeof *e);
    while (left > 0) {
        const char *nlp = memchr(line, '\n', left);
        size_t n = nlp ? (size_t)(nlp - line) : left;
        if (!ct && field_value(line, n, "content-type", &ct, &ctn)) {
        } else if (!cd && field_value(line, n, "content-disposition", &cd, &cdn)) {
        } else if (!te) {
            field_value(line, n, "content-transfer-encoding", &te, &ten);
        }
        line += n + (nlp ? 1 : 0);
        left -= n + (nlp ? 1 : 0);
    }
    if (ct) {
        size_t pos = main_value(ct, ctn, e->ctype, sizeof e->ctype);
        const char *slash = strchr(e->ctype, '/');
        if (!slash || slash == e->ctype || !slash[1] || strpbrk(e->ctype, " \t\"()<>@,:\\[]?="))
            e->ctype[0] = '\0';
        while (e->ctype[0] && strncmp(e->ctype, "multipart/", 10) == 0 &&
               next_param(ct, ctn, &pos, attr, sizeof attr, val, sizeof val)) {
            size_t bl = strlen(val);
            if (strcmp(attr, "boundary") != 0)
                continue;
            if (bl > 0 && bl <= BOUNDARY_MAX) {
                memcpy(e->boundary, val, bl + 1);
                e->blen = bl;
            }
            break;
        }
    }
    if (!e->ctype[0])
        snprintf(e->ctype, sizeof e->ctype, "%s", digest ? "message/rfc822" : "text/plain");
    if (te) {
        main_value(te, ten, enc, sizeof enc);
        if (strcmp(enc, "base64") == 0)
            e->cte = CTE_BASE64;
        else if (strcmp(enc, "quoted-printable") == 0)
            e->cte = CTE_QP;
    }
    if (cd) {
        main_value(cd, cdn, disp, sizeof disp);
        e->attach = strcmp(disp, "attachment") == 0;
        param_value(cd, cdn, "filename", e->filename, sizeof e->filename);
    }
    if (!e->filename[0] && ct)
        param_value(ct, ctn, "name", e->filename, sizeof e->filename);
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
            } else if (is_field(pc.p, pc.len)) {
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
    parse_entity(m, digest);
    return 0;
}

/* ---- body decoding ------------------------------------------------------ */

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
    m->hpos += ew_decode(m->hbuf + m->hpos, m->hlen - m->hpos, m->out.buf + m->out.len,
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
