/* pdf.c — streaming PDF text extractor, the top level (see pdf.h for what
 * comes out, pdf_int.h for the map of the files).
 *
 * Two state machines here, each of which survives any cut between two
 * pieces; the tokenizer (lexer.c) is the third:
 *
 *   outer      the raw file bytes. Spots the `stream` keyword after a
 *              dictionary (`>> stream EOL`), reads that dictionary from a
 *              bounded look-back window (/Length, /Filter, /Type, /Subtype)
 *              and routes the data that follows.
 *   stream     finds the end of the data: a direct /Length, checked against
 *              the `endstream` that must follow it, or else a scan for
 *              `endstream`. The last PM_PDF_LAG bytes are held back, so the
 *              marker and the EOL before it never reach the decoder.
 *              FlateDecode data is inflated in PM_PDF_ZBUF chunks.
 *
 * The bytes outside streams and object streams (/Type /ObjStm) are
 * tokenized with the DICT policy: every string is text, one per line, and
 * the object dictionary tracker below reads the tokens for font resources
 * and /ToUnicode references (tables in cmap.c) and for the header of an
 * object stream. Other streams are content streams, tokenized with the
 * CONTENT policy (content.c); a stream that turns out to be a CMap is
 * parsed (cmap.c) instead of shown. Only string operands are ever emitted,
 * never raw stream bytes.
 *
 * Limits (all recorded, never silent): PM_PDF_INFLATE_MAX inflated bytes per
 * stream (a hit counts a stream error); the caller's budget, charged with
 * every inflated byte, stops the whole file. The limits of strings, pending
 * operands, CMap tables and held text are described in lexer.c and cmap.c.
 */
#include <stdlib.h>
#include <string.h>

#include "extract/pdf/cmap.h"
#include "extract/pdf/content.h"
#include "extract/pdf/lexer.h"
#include "extract/pdf/pdf_int.h"

static const char ENDSTREAM[] = "endstream"; /* 9 bytes */
static const char STREAM[] = "stream";       /* 6 bytes */

/* What the dictionary before `stream` says about the data. */
struct sdict {
    int64_t length; /* direct /Length, -1 when absent, indirect or bad */
    int flate;      /* first filter is FlateDecode */
    int other;      /* first filter is something else (images, LZW, ASCII85, …) */
    int objstm;     /* /Type /ObjStm */
    int notext;     /* image, font program, XMP, embedded file, xref stream */
    int64_t first;  /* /First of an object stream, -1 if absent */
};

void pm_pdf_set_budget(struct pm_pdf *p, int (*charge)(void *ctx, uint64_t more), void *ctx)
{
    p->budget = charge;
    p->bctx = ctx;
}

/* ---- the object dictionary tracker ----------------------------------------------- *
 *
 * Reads the DICT-policy tokens (object dictionaries outside streams and in
 * object streams) for the ToUnicode tables: font object -> CMap object
 * (/ToUnicode M 0 R), resource name -> font object (/Font << /F1 N 0 R >>,
 * also through /Font K 0 R, whether object K comes later or came before:
 * the last PM_PDF_RCANDS objects of only "/Name N 0 R" entries are kept
 * for that, as LibreOffice writes them), /Type /Font (or a
 * font /Subtype) and /Encoding /Identity-H. Only the last four tokens and
 * the dictionary nesting are kept.
 */

static void trk_reset(struct pm_pdf *p)
{
    memset(&p->tr, 0, sizeof p->tr);
}

/* The object ended: keep it if it may be a /Font dictionary. */
static void rcand_end(struct pm_pdf *p)
{
    if (p->rcok && p->rc.obj && p->rc.n) {
        p->rcs[p->nrcs % PM_PDF_RCANDS] = p->rc;
        p->nrcs++;
    }
    p->rc.obj = 0;
    p->rc.n = 0;
    p->rcok = 0;
}

/* "/Font K 0 R": object K, if already read, maps its names now. */
static void rcand_use(struct pm_pdf *p, uint32_t ref)
{
    size_t n = p->nrcs < PM_PDF_RCANDS ? p->nrcs : PM_PDF_RCANDS;
    for (size_t i = 0; i < n; i++)
        if (p->rcs[i].obj == ref)
            for (unsigned k = 0; k < p->rcs[i].n; k++)
                pdf_rname_set(p, p->rcs[i].e[k].name, p->rcs[i].e[k].font);
}

/* A "/Name N 0 R" entry at the top of the current object. */
static void rcand_add(struct pm_pdf *p, const char *name, uint32_t ref)
{
    if (!p->rcok)
        return;
    if (p->rc.n == PM_PDF_RCAND_NAMES) {
        p->rcok = 0;
        return;
    }
    struct rname *e = &p->rc.e[p->rc.n++];
    memcpy(e->name, name, sizeof e->name);
    e->font = ref;
}

static void obj_begin(struct pm_pdf *p, uint32_t obj)
{
    rcand_end(p);
    p->rc.obj = obj;
    p->rcok = obj != 0;
    p->curobj = obj;
    p->tr.depth = 0;
    p->tr.fontdepth = 0;
    p->tr.objfontres = 0;
    for (size_t i = 0; obj && i < p->nfres; i++)
        if (p->fres[i] == obj)
            p->tr.objfontres = 1;
}

static void trk_push(struct pm_pdf *p, enum htype type, const char *w, size_t n, int64_t num)
{
    struct trk *tr = &p->tr;
    memmove(tr->h, tr->h + 1, 3 * sizeof tr->h[0]);
    struct htok *h = &tr->h[3];
    h->type = type;
    h->num = num;
    if (n > PM_PDF_WORD)
        n = PM_PDF_WORD;
    memcpy(h->name, w, n);
    h->name[n] = '\0';
}

/* In an object stream: the object a byte at the tokenizer's position
 * belongs to, from the header's offsets. */
static void ostm_advance(struct pm_pdf *p)
{
    if (!p->ostm || p->t.seen == 0)
        return;
    uint64_t pos = p->t.seen - 1;
    while (p->oidx < p->nohdr && p->ofirst >= 0 &&
           pos >= (uint64_t)p->ofirst + p->ohdr[p->oidx][1]) {
        obj_begin(p, p->ohdr[p->oidx][0]);
        p->oidx++;
    }
}

static void trk_other(struct pm_pdf *p)
{
    ostm_advance(p);
    trk_push(p, H_OTHER, "", 0, -1);
}

static void trk_open(struct pm_pdf *p)
{
    struct trk *tr = &p->tr;
    ostm_advance(p);
    if (tr->depth < 1000000)
        tr->depth++;
    if (tr->depth > 1) /* a nested dictionary: not a /Font resource dictionary */
        p->rcok = 0;
    if (!tr->fontdepth && ((tr->h[3].type == H_NAME && strcmp(tr->h[3].name, "/Font") == 0) ||
                           (tr->depth == 1 && tr->objfontres)))
        tr->fontdepth = tr->depth;
    trk_push(p, H_OTHER, "", 0, -1);
}

static void trk_close(struct pm_pdf *p)
{
    struct trk *tr = &p->tr;
    ostm_advance(p);
    if (tr->fontdepth && tr->depth == tr->fontdepth)
        tr->fontdepth = 0;
    if (tr->depth > 0)
        tr->depth--;
    trk_push(p, H_OTHER, "", 0, -1);
}

/* A word of a dictionary area (name, number, R, obj, …). */
static void trk_word(struct pm_pdf *p, const char *w, size_t n, int wlong)
{
    struct trk *tr = &p->tr;
    struct htok *h1 = &tr->h[3], *h2 = &tr->h[2], *h3 = &tr->h[1];
    int64_t num = -1;
    ostm_advance(p);
    if (wlong) {
        trk_push(p, H_WORD, "", 0, -1);
        return;
    }
    if (n > 0 && n <= 9 && strspn(w, "0123456789") >= n) {
        num = 0;
        for (size_t i = 0; i < n; i++)
            num = num * 10 + (w[i] - '0');
    }
    if (p->ostm && p->ofirst >= 0 && (int64_t)(p->t.seen - 1) < p->ofirst) {
        /* object stream header: object number, offset, … */
        if (num >= 0 && p->ohalf < 0) {
            p->ohalf = num;
        } else if (num >= 0) {
            if (p->nohdr < PM_PDF_OSTM_MAX && p->ohalf <= UINT32_MAX && num <= UINT32_MAX) {
                p->ohdr[p->nohdr][0] = (uint32_t)p->ohalf;
                p->ohdr[p->nohdr][1] = (uint32_t)num;
                p->nohdr++;
            }
            p->ohalf = -1;
        }
        return;
    }
    if (n == 3 && memcmp(w, "obj", 3) == 0 && !p->ostm) {
        if (h1->type == H_NUM && h2->type == H_NUM && h2->num >= 0 && h2->num <= UINT32_MAX)
            obj_begin(p, (uint32_t)h2->num);
    } else if (n == 6 && memcmp(w, "endobj", 6) == 0 && !p->ostm) {
        obj_begin(p, 0);
    } else if (n == 1 && w[0] == 'R' && h1->type == H_NUM && h2->type == H_NUM &&
               h2->num > 0 && h2->num <= UINT32_MAX && h3->type == H_NAME) {
        uint32_t ref = (uint32_t)h2->num;
        if (tr->depth == 1 && strcmp(h3->name, "/Font") != 0)
            rcand_add(p, h3->name, ref);
        if (tr->fontdepth && tr->depth == tr->fontdepth) {
            pdf_rname_set(p, h3->name, ref);
        } else if (strcmp(h3->name, "/ToUnicode") == 0) {
            struct font *f = pdf_font_get(p, p->curobj, 1);
            if (f) {
                f->cmap = ref;
                f->seen = 1;
            }
        } else if (strcmp(h3->name, "/Font") == 0 && tr->depth >= 1) {
            rcand_use(p, ref);
            if (p->nfres < PM_PDF_FRES)
                p->fres[p->nfres++] = ref;
        }
    } else if (n > 0 && w[0] == '/' && h1->type == H_NAME) {
        if (tr->depth == 1) /* a name value (/Type /Page): not a resource dictionary */
            p->rcok = 0;
        int fontsub = strcmp(h1->name, "/Subtype") == 0 &&
                      ((n == 6 && (memcmp(w, "/Type1", 6) == 0 || memcmp(w, "/Type0", 6) == 0 ||
                                   memcmp(w, "/Type3", 6) == 0)) ||
                       (n == 9 && memcmp(w, "/TrueType", 9) == 0));
        if (fontsub || (strcmp(h1->name, "/Type") == 0 && n == 5 && memcmp(w, "/Font", 5) == 0)) {
            struct font *f = pdf_font_get(p, p->curobj, 1);
            if (f)
                f->seen = 1;
        } else if (strcmp(h1->name, "/Encoding") == 0 && n == 11 &&
                   (memcmp(w, "/Identity-H", 11) == 0 || memcmp(w, "/Identity-V", 11) == 0)) {
            struct font *f = pdf_font_get(p, p->curobj, 1);
            if (f)
                f->ident = 1;
        }
    }
    trk_push(p, num >= 0 ? H_NUM : n > 0 && w[0] == '/' ? H_NAME : H_WORD, w, n, num);
}

/* A string outside streams or in an object stream: text, one per line. */
static void dict_str(struct pm_pdf *p, const unsigned char *s, size_t n, int final)
{
    if (final)
        trk_other(p);
    pdf_str_text(p, s, n, final);
    if (final)
        pdf_out_nl(p);
}

static void dict_word(struct pm_pdf *p)
{
    trk_word(p, p->t.word, p->t.wlen, p->t.wlong);
}

static void dict_bracket(struct pm_pdf *p, unsigned c)
{
    trk_other(p);
}

/* What the tokenizer reports outside streams and in object streams. */
static const struct tok_ops dict_ops = {
    .pol = POL_DICT,
    .word = dict_word,
    .str = dict_str,
    .open = trk_open,
    .close = trk_close,
    .bracket = dict_bracket,
};

/* ---- stream dictionaries ---------------------------------------------------------- */

enum dtok { D_END, D_OPEN, D_CLOSE, D_AOPEN, D_ACLOSE, D_NAME, D_NUM, D_WORD, D_STR };

/* A cursor over the look-back window. name holds the last name or word
 * (NUL-terminated, cut at PM_PDF_NAME - 1 bytes), num the last number. */
struct dscan {
    const unsigned char *b;
    size_t n, pos;
    char name[PM_PDF_NAME];
    int64_t num;   /* -1 unless the number is a non-negative integer that fits */
};

static enum dtok dnext(struct dscan *d)
{
    for (;;) {
        while (d->pos < d->n && is_ws(d->b[d->pos]))
            d->pos++;
        if (d->pos >= d->n)
            return D_END;
        unsigned c = d->b[d->pos];
        unsigned c2 = d->pos + 1 < d->n ? d->b[d->pos + 1] : 0;
        if (c == '%') {
            while (d->pos < d->n && d->b[d->pos] != '\n' && d->b[d->pos] != '\r')
                d->pos++;
            continue;
        }
        if (c == '<' && c2 == '<') {
            d->pos += 2;
            return D_OPEN;
        }
        if (c == '>' && c2 == '>') {
            d->pos += 2;
            return D_CLOSE;
        }
        if (c == '<') { /* hex string */
            while (d->pos < d->n && d->b[d->pos] != '>')
                d->pos++;
            d->pos += d->pos < d->n;
            return D_STR;
        }
        if (c == '(') { /* literal string, nesting and escapes */
            size_t depth = 0;
            do {
                unsigned x = d->b[d->pos++];
                if (x == '\\')
                    d->pos += d->pos < d->n;
                else if (x == '(')
                    depth++;
                else if (x == ')')
                    depth--;
            } while (depth > 0 && d->pos < d->n);
            return D_STR;
        }
        if (c == '[' || c == ']') {
            d->pos++;
            return c == '[' ? D_AOPEN : D_ACLOSE;
        }
        if (c != '/' && !is_reg(c)) { /* stray ) > { } */
            d->pos++;
            continue;
        }
        break;
    }
    size_t k = 0;
    int name = d->b[d->pos] == '/';
    int cut = 0;
    d->pos += (size_t)name;
    while (d->pos < d->n && is_reg(d->b[d->pos])) {
        unsigned c = d->b[d->pos++];
        if (name && c == '#' && d->pos + 1 < d->n && hexval(d->b[d->pos]) >= 0 &&
            hexval(d->b[d->pos + 1]) >= 0) { /* #xx escape in a name */
            c = (unsigned)(hexval(d->b[d->pos]) << 4 | hexval(d->b[d->pos + 1]));
            d->pos += 2;
        }
        if (k + 1 < PM_PDF_NAME)
            d->name[k++] = (char)c;
        else
            cut = 1;
    }
    d->name[k] = '\0';
    if (name)
        return D_NAME;
    /* numbers: a plain integer gets its value, a real or signed one -1 */
    size_t digits = strspn(d->name, "0123456789");
    if (digits == k && k > 0 && k <= 15 && !cut) {
        int64_t v = 0;
        for (size_t j = 0; j < k; j++)
            v = v * 10 + (d->name[j] - '0');
        d->num = v;
        return D_NUM;
    }
    if (k > 0 && strspn(d->name, "0123456789+-.") == k) {
        d->num = -1;
        return D_NUM;
    }
    return D_WORD;
}

/* Skips the rest of a dictionary or array whose opener was just read. */
static void dskip(struct dscan *d)
{
    size_t depth = 1;
    while (depth > 0) {
        enum dtok t = dnext(d);
        if (t == D_END)
            return;
        if (t == D_OPEN || t == D_AOPEN)
            depth++;
        else if (t == D_CLOSE || t == D_ACLOSE)
            depth--;
    }
}

static void dname_value(struct sdict *sd, const char *key, const char *v)
{
    if (strcmp(key, "Filter") == 0) {
        sd->flate = strcmp(v, "FlateDecode") == 0 || strcmp(v, "Fl") == 0;
        sd->other = !sd->flate;
    } else if (strcmp(key, "Type") == 0) {
        sd->objstm |= strcmp(v, "ObjStm") == 0;
        sd->notext |= strcmp(v, "XRef") == 0 || strcmp(v, "Metadata") == 0 ||
                      strcmp(v, "EmbeddedFile") == 0;
    } else if (strcmp(key, "Subtype") == 0) {
        sd->notext |= strcmp(v, "Image") == 0 || strcmp(v, "XML") == 0 ||
                      strcmp(v, "Type1C") == 0 || strcmp(v, "CIDFontType0C") == 0 ||
                      strcmp(v, "OpenType") == 0;
    }
}

/* win[0..n) ends just before `stream` (blanks allowed). Returns 1 if it ends
 * with `>>`, i.e. the keyword follows a dictionary. */
static int ends_with_dict(const unsigned char *w, size_t n)
{
    while (n > 0 && is_ws(w[n - 1]))
        n--;
    return n >= 2 && w[n - 1] == '>' && w[n - 2] == '>';
}

/* Reads the top level of the stream dictionary that ends win[0..n). When
 * its `<<` has left the window, the tail that is left is read. */
static void parse_dict(const unsigned char *w, size_t n, struct sdict *sd)
{
    struct dscan d = {w, n, 0, {0}, 0};
    char key[PM_PDF_NAME];
    size_t i;
    unsigned depth = 1;
    memset(sd, 0, sizeof *sd);
    sd->length = -1;
    sd->first = -1;
    while (n > 0 && is_ws(w[n - 1]))
        n--;
    if (n < 2)
        return;
    d.n = n - 2; /* before the closing >> (ends_with_dict held) */
    for (i = n - 2; i >= 2; i--) {
        if (w[i - 1] == '>' && w[i - 2] == '>') {
            depth++;
            i--;
        } else if (w[i - 1] == '<' && w[i - 2] == '<') {
            if (--depth == 0) {
                d.pos = i;
                break;
            }
            i--;
        }
    }
    for (;;) {
        enum dtok t = dnext(&d);
        if (t == D_END || t == D_CLOSE)
            break;
        if (t == D_OPEN || t == D_AOPEN) {
            dskip(&d);
            continue;
        }
        if (t != D_NAME)
            continue;
        memcpy(key, d.name, sizeof key);
        t = dnext(&d);
        if (t == D_END || t == D_CLOSE)
            break;
        if (strncmp(key, "Length", 6) == 0 && key[6] >= '1' && key[6] <= '3' && !key[7])
            sd->notext = 1; /* /Length1..3: an embedded font program */
        if (t == D_OPEN) {
            dskip(&d);
        } else if (t == D_AOPEN) {
            if (strcmp(key, "Filter") == 0) {
                t = dnext(&d); /* the first filter decides */
                if (t == D_NAME)
                    dname_value(sd, key, d.name);
                if (t != D_ACLOSE && t != D_END)
                    dskip(&d);
            } else {
                dskip(&d);
            }
        } else if (t == D_NAME) {
            dname_value(sd, key, d.name);
        } else if (t == D_NUM && strcmp(key, "First") == 0) {
            sd->first = d.num;
        } else if (t == D_NUM && strcmp(key, "Length") == 0) {
            int64_t v = d.num;
            size_t save = d.pos;
            if (dnext(&d) == D_NUM && dnext(&d) == D_WORD && strcmp(d.name, "R") == 0)
                v = -1; /* indirect: the object may come later; scan for endstream */
            else
                d.pos = save;
            sd->length = v;
        }
    }
}

/* ---- stream data ------------------------------------------------------------------ */

static void inflate_feed(struct pm_pdf *p, const unsigned char *b, size_t n)
{
    while (!p->zend && !p->zdead) {
        size_t got = 0;
        enum pm_inflate_rc rc = pm_inflate_step(p->z, &b, &n, p->zbuf, PM_PDF_ZBUF, &got);
        if (got > PM_PDF_INFLATE_MAX - p->zout) {
            got = (size_t)(PM_PDF_INFLATE_MAX - p->zout);
            p->zdead = 1; /* limit: counted as a stream error */
        }
        p->zout += got;
        if (p->budget && p->budget(p->bctx, got) != 0) {
            p->halted = 1; /* a limit of the whole file: read no further */
            p->zdead = 1;
            break;
        }
        pdf_tok_feed(p, p->zbuf, got);
        if (p->zdead)
            break;
        if (rc == PM_INFLATE_END) {
            p->zend = 1; /* bytes after the zlib stream are ignored */
            break;
        }
        if (rc == PM_INFLATE_ERROR) {
            p->zdead = 1; /* corrupt: skip to endstream */
            break;
        }
        if (n == 0 && got < PM_PDF_ZBUF)
            break; /* the input is used up */
    }
}

static void consume(struct pm_pdf *p, const unsigned char *b, size_t n)
{
    if (n == 0)
        return;
    if (p->kind == S_RAW) {
        pdf_tok_feed(p, b, n);
        return;
    }
    if (p->kind != S_FLATE)
        return;
    while (n > 0) {
        size_t k = PM_PDF_ZIN - p->nzin < n ? PM_PDF_ZIN - p->nzin : n;
        memcpy(p->zin + p->nzin, b, k);
        p->nzin += k;
        b += k;
        n -= k;
        if (p->nzin == PM_PDF_ZIN) {
            p->nzin = 0;
            inflate_feed(p, p->zin, PM_PDF_ZIN);
        }
    }
}

/* The last block of a FlateDecode stream's data, at its end. */
static void inflate_flush(struct pm_pdf *p)
{
    if (p->kind == S_FLATE && p->nzin) {
        size_t n = p->nzin;
        p->nzin = 0;
        inflate_feed(p, p->zin, n);
    }
}

/* Stream data passes through the lag: the last PM_PDF_LAG bytes are held
 * back until more data shows they are not the end marker. */
static void data_push(struct pm_pdf *p, const unsigned char *b, size_t n)
{
    size_t total = p->nlag + n;
    if (total <= PM_PDF_LAG) {
        memcpy(p->lag + p->nlag, b, n);
        p->nlag = total;
        return;
    }
    size_t out = total - PM_PDF_LAG;
    size_t from_lag = out < p->nlag ? out : p->nlag;
    size_t from_b = out - from_lag;
    consume(p, p->lag, from_lag);
    consume(p, b, from_b);
    memmove(p->lag, p->lag + from_lag, p->nlag - from_lag);
    p->nlag -= from_lag;
    memcpy(p->lag + p->nlag, b + from_b, n - from_b);
    p->nlag += n - from_b;
}

static void lag_release(struct pm_pdf *p)
{
    size_t n = p->nlag;
    p->nlag = 0;
    consume(p, p->lag, n);
}

static void stream_start(struct pm_pdf *p)
{
    struct sdict sd;
    parse_dict(p->win, p->kwat, &sd);
    pdf_tok_end(p); /* the dictionary's tokens end here */
    if (sd.notext || sd.other)
        p->kind = S_SKIP;
    else
        p->kind = sd.flate ? S_FLATE : S_RAW;
    p->has_len = sd.length >= 0;
    p->remaining = p->has_len ? (uint64_t)sd.length : 0;
    p->em = 0;
    p->nlag = 0;
    p->zend = 0;
    p->zdead = 0;
    p->zout = 0;
    p->nzin = 0;
    if (p->kind == S_FLATE)
        pm_inflate_reset(p->z);
    pdf_tok_reset(&p->t, sd.objstm ? &dict_ops : &pdf_content_ops, 1);
    if (!sd.objstm)
        pdf_content_begin(p);
    p->sobj = p->curobj;
    trk_reset(p);
    p->cb.idx = -1;
    p->ostm = sd.objstm;
    p->ofirst = sd.first;
    p->nohdr = 0;
    p->oidx = 0;
    p->ohalf = -1;
    p->st = O_DATA;
}

/* The stream is over (cut: the file ended inside its data). */
static void stream_end(struct pm_pdf *p, int cut)
{
    inflate_flush(p);
    if (p->kind != S_SKIP) {
        if (cut || (p->kind == S_FLATE && (p->zdead || !p->zend)))
            p->errors++;
        else
            p->streams++;
    }
    pdf_tok_end(p);
    if (p->t.pol == POL_CONTENT) {
        pdf_show_nl(p);
        p->held = 0;
    }
    pdf_out_nl(p);
    if (p->cb.idx != -1)
        pdf_cmap_end(p);
    pdf_tok_reset(&p->t, &dict_ops, 0);
    trk_reset(p);
    if (p->ostm)
        p->curobj = p->sobj;
    p->ostm = 0;
    p->st = O_RAW;
    p->wlen = 0;
    p->kw = 0;
    p->prev_reg = 0;
}

/* Reads stream data, watching for `endstream`; returns the bytes used. */
static size_t data_scan(struct pm_pdf *p, const unsigned char *b, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        if (p->em == 0) { /* nothing matched: only an 'e' can start the marker */
            const unsigned char *e = memchr(b + k, 'e', n - k);
            if (!e)
                break;
            k = (size_t)(e - b);
        }
        unsigned c = b[k];
        if (c == (unsigned char)ENDSTREAM[p->em])
            p->em++;
        else /* the only border in "endstream" is its 'e' */
            p->em = (p->em == 7 && c == 'n') ? 2 : (c == 'e');
        if (p->em == sizeof ENDSTREAM - 1) {
            data_push(p, b, k + 1);
            /* drop the marker and the EOL before it, release the rest; a
             * zlib stream ends itself, and its last byte may be a CR
             * before an LF EOL (LibreOffice's indirect /Length), so it
             * keeps the EOL, which inflate ignores after the stream's end */
            p->nlag = p->nlag >= p->em ? p->nlag - p->em : 0;
            if (p->kind != S_FLATE && p->nlag && p->lag[p->nlag - 1] == '\n')
                p->nlag--;
            if (p->kind != S_FLATE && p->nlag && p->lag[p->nlag - 1] == '\r')
                p->nlag--;
            lag_release(p);
            stream_end(p, 0);
            return k + 1;
        }
    }
    data_push(p, b, n);
    return n;
}

/* ---- outer ------------------------------------------------------------------------ */

static void win_push(struct pm_pdf *p, unsigned c)
{
    if (p->wlen == PM_PDF_WIN) {
        memmove(p->win, p->win + PM_PDF_WIN - PM_PDF_WIN_KEEP, PM_PDF_WIN_KEEP);
        p->wlen = PM_PDF_WIN_KEEP;
    }
    p->win[p->wlen++] = (unsigned char)c;
}

static void raw_byte(struct pm_pdf *p, unsigned c)
{
    win_push(p, c);
    pdf_tok_byte(p, c);
    if (c == (unsigned char)STREAM[p->kw] && (p->kw > 0 || !p->prev_reg))
        p->kw++;
    else
        p->kw = (c == 's' && !p->prev_reg) ? 1 : 0;
    p->prev_reg = is_reg(c);
    if (p->kw == sizeof STREAM - 1) {
        p->kw = 0;
        p->kwat = p->wlen - (sizeof STREAM - 1);
        if (ends_with_dict(p->win, p->kwat)) {
            p->st = O_EOL;
            p->eolws = 0;
        }
    }
}

struct pm_pdf *pm_pdf_new(pm_text_fn emit, void *ctx)
{
    struct pm_pdf *p = calloc(1, sizeof *p);
    if (!p)
        goto done;
    if (!(p->z = pm_inflate_new(PM_INFLATE_ZLIB))) {
        free(p);
        p = NULL;
        goto done;
    }
    p->emit = emit;
    p->ctx = ctx;
    p->st = O_RAW;
    p->last = '\n';
    p->last2 = '\n';
    p->cb.idx = -1;
    p->hlast = SIZE_MAX;
    p->ohalf = -1;
    pdf_tok_reset(&p->t, &dict_ops, 0);
done:
    return p;
}

void pm_pdf_feed(struct pm_pdf *p, const unsigned char *data, size_t len)
{
    size_t i = 0;
    if (!p || p->finished || p->halted)
        return;
    while (i < len && !p->halted) {
        unsigned c = data[i];
        switch (p->st) {
        case O_RAW:
            raw_byte(p, c);
            i++;
            break;
        case O_EOL:
            if (c == '\n') {
                stream_start(p);
                i++;
            } else if (c == '\r') {
                p->st = O_CR;
                i++;
            } else if ((c == ' ' || c == '\t') && p->eolws < PM_PDF_EOL_WS) {
                p->eolws++;
                pdf_tok_byte(p, c);
                p->prev_reg = 0;
                i++;
            } else {
                p->st = O_RAW; /* not a stream after all: the byte is raw */
            }
            break;
        case O_CR: /* CR LF, or a lone CR: the data starts at this byte */
            stream_start(p);
            i += c == '\n';
            break;
        case O_DATA: {
            size_t take = len - i;
            if (p->has_len && p->remaining == 0) {
                lag_release(p);
                p->em = 0;
                p->vlen = 0;
                p->vm = 0;
                p->st = O_VERIFY;
                break;
            }
            if (p->has_len && take > p->remaining)
                take = (size_t)p->remaining;
            take = data_scan(p, data + i, take);
            if (p->has_len && p->st == O_DATA)
                p->remaining -= take;
            i += take;
            break;
        }
        case O_VERIFY:
            if (p->vm == 0 && is_ws(c) && p->vlen < PM_PDF_VERIFY_WS) {
                p->vbuf[p->vlen++] = (unsigned char)c;
                i++;
            } else if (c == (unsigned char)ENDSTREAM[p->vm]) {
                p->vbuf[p->vlen++] = (unsigned char)c;
                i++;
                if (++p->vm == sizeof ENDSTREAM - 1)
                    stream_end(p, 0);
            } else {
                /* /Length was wrong: what was read is data; find endstream */
                p->has_len = 0;
                p->st = O_DATA;
                (void)data_scan(p, p->vbuf, p->vlen);
                p->vlen = 0;
            }
            break;
        }
    }
}

void pm_pdf_finish(struct pm_pdf *p)
{
    if (!p || p->finished)
        return;
    switch (p->st) {
    case O_DATA:
        lag_release(p);
        stream_end(p, 1);
        break;
    case O_VERIFY:
        stream_end(p, 0);
        break;
    default:
        pdf_tok_end(p);
        break;
    }
    pdf_hold_release(p);
    pdf_out_flush(p);
    p->finished = 1;
}

void pm_pdf_free(struct pm_pdf *p)
{
    if (!p)
        return;
    pm_inflate_free(p->z);
    for (size_t i = 0; i < p->ncmaps; i++) {
        free(p->cmaps[i].ch);
        free(p->cmaps[i].rg);
    }
    free(p->fonts);
    free(p->rnames);
    free(p->hold);
    free(p);
}

uint64_t pm_pdf_streams(const struct pm_pdf *p) { return p ? p->streams : 0; }

uint64_t pm_pdf_stream_errors(const struct pm_pdf *p) { return p ? p->errors : 0; }

uint64_t pm_pdf_cmaps(const struct pm_pdf *p) { return p ? p->ncmaps : 0; }

uint64_t pm_pdf_hold_overflows(const struct pm_pdf *p) { return p ? p->overflows : 0; }
