/* mime_header.c — header blocks for the e-mail parser (extract/mail/):
 * what a message's or a part's header block says, and its text for the
 * reader.
 *
 *   fields          "Name: value" lines of an unfolded block (mime.c reads
 *                   and unfolds the block; mime_is_field tells it where the
 *                   block ends).
 *   encoded-words   RFC 2047 "=?charset?B|Q?text?=", decoded to UTF-8 when
 *                   the charset is Latin-1, windows-1252 or Latin-9 (through
 *                   pm_utf8_put), else passed on as they are. Whitespace
 *                   between two words is dropped.
 *   parameters      "; attr=value" of Content-Type and Content-Disposition,
 *                   quoted or not, RFC 2231 extended and continued values.
 *   the entity      Content-Type (with boundary), Content-Transfer-Encoding,
 *                   Content-Disposition and the file name -> struct entity.
 *
 * Pure functions over bytes the caller holds: this room must never see the
 * parser's state (struct pm_mime), never read input and never allocate.
 * Everything it writes is bounded by the buffer it is given.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/cp1252.h"
#include "common/utf8.h"
#include "extract/mail/mime_int.h"

#define RFC2231_SECTIONS 64 /* filename*0 .. filename*63 */

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

/* The single-byte charsets converted to UTF-8 here (CS_RAW: any other,
 * passed on as it is). windows-1252 and ISO-8859-15 are Latin-1 but for a few
 * code points, among them letters of names (Š, Ž, Œ, Ÿ). */
enum { CS_RAW, CS_LATIN1, CS_CP1252, CS_LATIN9 };

static int header_charset(const char *cs, size_t n)
{
    static const struct {
        const char *name;
        int kind;
    } names[] = {
        {"iso-8859-1", CS_LATIN1},   {"iso8859-1", CS_LATIN1},  {"latin1", CS_LATIN1},
        {"latin-1", CS_LATIN1},      {"l1", CS_LATIN1},
        {"iso-8859-15", CS_LATIN9},  {"iso8859-15", CS_LATIN9}, {"latin9", CS_LATIN9},
        {"latin-9", CS_LATIN9},      {"windows-1252", CS_CP1252}, {"cp1252", CS_CP1252},
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (eq_ci(cs, n, names[i].name))
            return names[i].kind;
    return CS_RAW;
}

/* The code point byte c stands for in charset kind cs (not CS_RAW). */
static uint32_t cs_code_point(unsigned char c, int cs)
{
    if (cs == CS_CP1252)
        return pm_cp1252(c);
    if (cs == CS_LATIN9)
        switch (c) {
        case 0xA4: return 0x20AC;
        case 0xA6: return 0x0160;
        case 0xA8: return 0x0161;
        case 0xB4: return 0x017D;
        case 0xB8: return 0x017E;
        case 0xBC: return 0x0152;
        case 0xBD: return 0x0153;
        case 0xBE: return 0x0178;
        default: break;
        }
    return c;
}

/* Appends byte c to out (cap outsz): in a known charset, as the UTF-8 of the
 * code point it stands for, else as it is. A character that does not fit
 * whole is dropped. */
static size_t put_cs(unsigned char *out, size_t o, size_t outsz, unsigned char c, int cs)
{
    if (cs != CS_RAW && c >= 0x80) {
        unsigned char u[4];
        size_t k = pm_utf8_put(cs_code_point(c, cs), u);
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
    int cs = header_charset((const char *)p + 2, csn);
    for (size_t k = 0; k < rn; k++)
        o = put_cs(out, o, EW_ROOM, raw[k], cs);
    *w = o;
    return te + 2;
}

size_t mime_ew_decode(const unsigned char *in, size_t n, unsigned char *out, size_t outsz,
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

/* ---- fields and parameters --------------------------------------------- */

int mime_is_field(const unsigned char *p, size_t n)
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
 * "charset'lang'") to out; *cs (the charset's kind, CS_*) is set from the
 * prefix when there is one. */
static size_t ext_append(const char *v, int prefixed, int *cs, unsigned char *out, size_t o,
                         size_t outsz)
{
    if (prefixed) {
        const char *q1 = strchr(v, '\''), *q2 = q1 ? strchr(q1 + 1, '\'') : NULL;
        if (q2) {
            *cs = header_charset(v, (size_t)(q1 - v));
            v = q2 + 1;
        }
    }
    for (; *v; v++) {
        int hi, lo;
        if (*v == '%' && (hi = hexval((unsigned char)v[1])) >= 0 &&
            (lo = hexval((unsigned char)v[2])) >= 0) {
            o = put_cs(out, o, outsz, (unsigned char)(hi * 16 + lo), *cs);
            v += 2;
        } else {
            o = put_cs(out, o, outsz, (unsigned char)*v, *cs);
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
    int have_plain = 0, have_ext = 0, cs = CS_RAW;
    unsigned char plain[1024];
    size_t pl = 0;

    pos = start;
    while (next_param(s, n, &pos, attr, sizeof attr, val, sizeof val)) {
        if (!have_plain && strcmp(attr, name) == 0) {
            pl = strlen(val);
            memcpy(plain, val, pl);
            have_plain = 1;
        } else if (!have_ext && strncmp(attr, name, nl) == 0 && strcmp(attr + nl, "*") == 0) {
            bl = ext_append(val, 1, &cs, buf, 0, sizeof buf);
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
                    bl = ext_append(val, k == 0, &cs, buf, bl, sizeof buf);
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
    mime_ew_decode(src, sn, dec, sizeof dec, &dn, &last_ew);
    if (dn > outsz - 1) {
        dn = outsz - 1;
        while (dn > 0 && (dec[dn] & 0xc0) == 0x80) /* do not split a UTF-8 sequence */
            dn--;
    }
    for (size_t i = 0; i < dn; i++)
        out[i] = (char)(dec[i] < 0x20 || dec[i] == 0x7f ? '_' : dec[i]);
    out[dn] = '\0';
}

void mime_parse_entity(const unsigned char *hbuf, size_t hlen, int digest, struct entity *e)
{
    const char *ct = NULL, *cd = NULL, *te = NULL, *line = (const char *)hbuf;
    size_t ctn = 0, cdn = 0, ten = 0, left = hlen;
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
