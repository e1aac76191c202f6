/* cmap.c — ToUnicode for the PDF text extractor (see pdf_int.h for the map).
 *
 * Fonts whose strings are glyph codes (Type0/CID with Identity-H, subset
 * TrueType) only become text through their /ToUnicode CMap. Three pieces:
 *
 *   tables     from the object dictionaries (raw bytes outside streams and
 *              objects in object streams): font object -> CMap object
 *              (/ToUnicode M 0 R), resource name -> font object (/Font
 *              << /F1 N 0 R >>, also through /Font K 0 R when object K
 *              comes later), /Type /Font (or a font /Subtype) and
 *              /Encoding /Identity-H.
 *   CMaps      a content-policy stream that says begincmap, beginbfchar,
 *              beginbfrange or begincodespacerange is parsed as a CMap and
 *              kept under the stream's object number.
 *   showing    Tf (content.c) sets the current resource name. Shown text
 *              whose font has a known CMap is decoded at once; text whose font has no
 *              /ToUnicode, or no Tf at all, is emitted raw as before; text
 *              whose font, font dictionary or CMap has not been read yet is
 *              held (PM_PDF_HOLD_MAX bytes in all) and decided at
 *              pm_pdf_finish. A full hold emits raw and counts an overflow.
 *
 * The tables are filled by the object dictionary tracker (pdf.c); CMap
 * streams arrive as words and strings from content.c. Tables are capped
 * (PM_PDF_CMAPS, PM_PDF_CMAP_CHARS, PM_PDF_CMAP_RANGES, PM_PDF_CMAP_MEM,
 * PM_PDF_FONTS, PM_PDF_RNAMES): entries past a cap are not kept, and their
 * codes decode to nothing. This file never reads raw file bytes and never
 * decides what separates shown runs (content.c and textpos.c do).
 *
 * Limitations: resource names are treated as global to the file (the latest
 * mapping read before the text wins, else the last one read at the end), and
 * names longer than PM_PDF_WORD bytes are not mapped; the font set by Tf
 * carries over from one content stream to the next; held text comes out at
 * the end, after text emitted at once; usecmap, CID ranges and name
 * destinations are ignored (a CMap left with no entries leaves its font
 * raw); an unmapped code yields nothing; a destination keeps
 * PM_PDF_DST_UNITS UTF-16 units.
 */
#include <stdlib.h>
#include <string.h>

#include "common/hashset.h"
#include "common/utf8.h"
#include "extract/pdf/cmap.h"
#include "extract/pdf/lexer.h"

/* ---- tables ----------------------------------------------------------------------- *
 *
 * Two fixed open-addressing tables, allocated whole on first use: fonts by
 * object number (PM_PDF_FONT_SLOTS entries of 12 bytes, 96 KiB) and resource
 * names (PM_PDF_RNAME_SLOTS of 24 bytes, 48 KiB). Not common/hashset.h: that
 * set copies every key into an allocation of its own and keeps 24-byte slots
 * at half load, so at the caps it would take some 370 KiB for the fonts (a
 * font is a record updated in place, which the set can only point to: one
 * more array) and 80 KiB for the names, raising the worst case per
 * extractor. Entries are never removed, and the caps keep both tables at
 * most half full, so probes stay short and always end.
 */

/* The font entry for obj; created when `create` and there is room. */
struct font *pdf_font_get(struct pm_pdf *p, uint32_t obj, int create)
{
    if (obj == 0)
        return NULL;
    if (!p->fonts) {
        if (!create)
            return NULL;
        p->fonts = calloc(PM_PDF_FONT_SLOTS, sizeof *p->fonts);
        if (!p->fonts)
            return NULL;
    }
    for (uint32_t i = (obj * 2654435761u) % PM_PDF_FONT_SLOTS;; i = (i + 1) % PM_PDF_FONT_SLOTS) {
        struct font *f = &p->fonts[i];
        if (f->obj == obj)
            return f;
        if (f->obj == 0) {
            if (!create || p->nfonts >= PM_PDF_FONTS)
                return NULL;
            p->nfonts++;
            f->obj = obj;
            return f;
        }
    }
}

/* The slot of a resource name: its entry, or the free slot where it goes. */
static struct rname *rname_slot(struct pm_pdf *p, const char *name)
{
    size_t i = pm_hash_bytes(name, strlen(name)) % PM_PDF_RNAME_SLOTS;
    for (;; i = (i + 1) % PM_PDF_RNAME_SLOTS) {
        struct rname *r = &p->rnames[i];
        if (r->name[0] == '\0' || strcmp(r->name, name) == 0)
            return r;
    }
}

void pdf_rname_set(struct pm_pdf *p, const char *name, uint32_t font)
{
    if (!name[0] || font == 0)
        return;
    if (!p->rnames) {
        p->rnames = calloc(PM_PDF_RNAME_SLOTS, sizeof *p->rnames);
        if (!p->rnames)
            return;
    }
    struct rname *r = rname_slot(p, name);
    if (r->name[0] == '\0') {
        if (p->nrnames >= PM_PDF_RNAMES)
            return;
        p->nrnames++;
        memcpy(r->name, name, strlen(name) + 1);
    }
    r->font = font;
}

static uint32_t rname_get(struct pm_pdf *p, const char *name)
{
    if (!p->rnames || !name[0])
        return 0;
    struct rname *r = rname_slot(p, name);
    return r->name[0] ? r->font : 0;
}

static struct cmap *cmap_find(struct pm_pdf *p, uint32_t obj)
{
    for (size_t i = p->ncmaps; i-- > 0;) /* the latest wins (incremental updates) */
        if (p->cmaps[i].obj == obj && p->cmaps[i].ready)
            return &p->cmaps[i];
    return NULL;
}

/* ---- CMap streams ---------------------------------------------------------------- */

/* Makes room for one more element; 0 on success, -1 at a limit. */
static int cm_grow(struct pm_pdf *p, void **arr, size_t *cap, size_t n, size_t elem, size_t max)
{
    if (n < *cap)
        return 0;
    if (n >= max)
        return -1;
    size_t ncap = *cap ? *cap * 2 : 64;
    if (ncap > max)
        ncap = max;
    size_t more = (ncap - *cap) * elem;
    if (more > PM_PDF_CMAP_MEM - p->cmap_mem)
        return -1;
    void *a = realloc(*arr, ncap * elem);
    if (!a)
        return -1;
    *arr = a;
    *cap = ncap;
    p->cmap_mem += more;
    return 0;
}

static uint32_t be_code(const unsigned char *b, size_t n)
{
    uint32_t v = 0;
    for (size_t i = 0; i < n; i++)
        v = v << 8 | b[i];
    return v;
}

/* UTF-16BE destination bytes -> units; returns the unit count kept. */
static uint8_t dst_units(const struct cm_op *o, uint16_t *u)
{
    size_t n = o->len < sizeof o->b ? o->len : sizeof o->b;
    uint8_t k = 0;
    for (size_t i = 0; i + 1 < n; i += 2)
        u[k++] = (uint16_t)(o->b[i] << 8 | o->b[i + 1]);
    if (k > 0 && u[k - 1] >= 0xD800 && u[k - 1] <= 0xDBFF && o->len > n)
        k--; /* a surrogate pair cut by the limit */
    return k;
}

static void cm_add_char(struct pm_pdf *p, struct cmap *cm, uint32_t code, unsigned n,
                        const uint16_t *u, uint8_t nu)
{
    if (nu == 0 || cm_grow(p, (void **)&cm->ch, &cm->capch, cm->nch, sizeof *cm->ch,
                           PM_PDF_CMAP_CHARS) != 0)
        return;
    struct cm_char *c = &cm->ch[cm->nch++];
    memset(c, 0, sizeof *c);
    c->code = code;
    c->n = (uint8_t)n;
    c->nu = nu;
    memcpy(c->u, u, nu * sizeof *u);
    if (!cm->srclen)
        cm->srclen = n;
}

/* Enough operands for the current section: add the entry. */
static void cm_operands(struct pm_pdf *p)
{
    struct cmb *b = &p->cb;
    struct cmap *cm = b->idx >= 0 ? &p->cmaps[b->idx] : NULL;
    struct cm_op *o = b->op;
    uint16_t u[PM_PDF_DST_UNITS];
    if (b->sect == CS_SPACE && b->nop == 2) {
        b->nop = 0;
        if (cm && o[0].len >= 1 && o[0].len <= 4 && o[0].len == o[1].len && cm->ncs < PM_PDF_CS_MAX) {
            struct cm_space *s = &cm->cs[cm->ncs++];
            s->n = (uint8_t)o[0].len;
            memcpy(s->lo, o[0].b, o[0].len);
            memcpy(s->hi, o[1].b, o[1].len);
        }
    } else if (b->sect == CS_CHAR && b->nop == 2) {
        b->nop = 0;
        if (cm && o[0].len >= 1 && o[0].len <= 4)
            cm_add_char(p, cm, be_code(o[0].b, o[0].len), (unsigned)o[0].len, u, dst_units(&o[1], u));
    } else if (b->sect == CS_RANGE && b->nop == 3) {
        b->nop = 0;
        if (!cm || o[0].len < 1 || o[0].len > 4 || o[0].len != o[1].len)
            return;
        uint32_t lo = be_code(o[0].b, o[0].len), hi = be_code(o[1].b, o[1].len);
        uint8_t nu = dst_units(&o[2], u);
        if (lo > hi || nu == 0 ||
            cm_grow(p, (void **)&cm->rg, &cm->caprg, cm->nrg, sizeof *cm->rg, PM_PDF_CMAP_RANGES) != 0)
            return;
        struct cm_range *r = &cm->rg[cm->nrg++];
        memset(r, 0, sizeof *r);
        r->lo = lo;
        r->hi = hi;
        r->n = (uint8_t)o[0].len;
        r->nu = nu;
        memcpy(r->u, u, nu * sizeof *u);
        if (!cm->srclen)
            cm->srclen = r->n;
    }
}

/* A complete string in a CMap stream. */
void pdf_cmap_str(struct pm_pdf *p, const unsigned char *s, size_t n, int final)
{
    struct cmb *b = &p->cb;
    struct tok *t = &p->t;
    if (!final) { /* longer than a string piece: nothing a CMap needs */
        t->cmjunk = 1;
        return;
    }
    if (t->cmjunk) {
        t->cmjunk = 0;
        b->nop = 0;
        b->arr = 0;
        return;
    }
    if (b->sect == CS_NONE)
        return;
    struct cm_op o;
    o.len = n;
    memcpy(o.b, s, n < sizeof o.b ? n : sizeof o.b);
    if (b->arr) { /* bfrange lo hi [ d1 d2 … ] */
        struct cmap *cm = b->idx >= 0 ? &p->cmaps[b->idx] : NULL;
        uint16_t u[PM_PDF_DST_UNITS];
        if (cm && b->aidx <= b->ahi - b->alo)
            cm_add_char(p, cm, b->alo + b->aidx, b->an, u, dst_units(&o, u));
        if (b->aidx <= b->ahi - b->alo)
            b->aidx++;
        return;
    }
    if (b->nop < 3)
        b->op[b->nop++] = o;
    cm_operands(p);
}

void pdf_cmap_bracket(struct pm_pdf *p, unsigned c)
{
    struct cmb *b = &p->cb;
    struct cm_op *o = b->op;
    if (c == '[' && b->sect == CS_RANGE && b->nop == 2 && !b->arr && o[0].len >= 1 &&
        o[0].len <= 4 && o[0].len == o[1].len &&
        be_code(o[0].b, o[0].len) <= be_code(o[1].b, o[1].len)) {
        b->arr = 1;
        b->alo = be_code(o[0].b, o[0].len);
        b->ahi = be_code(o[1].b, o[1].len);
        b->an = (unsigned)o[0].len;
        b->aidx = 0;
    } else {
        b->arr = 0;
    }
    b->nop = 0;
}

int pdf_is_cmap_word(const char *w, size_t n)
{
    return (n == 9 && memcmp(w, "begincmap", 9) == 0) ||
           (n == 11 && memcmp(w, "beginbfchar", 11) == 0) ||
           (n == 12 && memcmp(w, "beginbfrange", 12) == 0) ||
           (n == 19 && memcmp(w, "begincodespacerange", 19) == 0);
}

/* The stream turned out to be a CMap: keep it under the stream's object. */
void pdf_cmap_start(struct pm_pdf *p)
{
    memset(&p->cb, 0, sizeof p->cb);
    p->cb.idx = -2;
    if (p->sobj == 0 || p->ncmaps >= PM_PDF_CMAPS)
        return;
    struct cmap *cm = &p->cmaps[p->ncmaps];
    memset(cm, 0, sizeof *cm);
    cm->obj = p->sobj;
    p->cb.idx = (int)p->ncmaps++;
}

/* A word in a CMap stream: section keywords; anything else ends the
 * operands collected so far (names as destinations are not supported). */
void pdf_cmap_word(struct pm_pdf *p, const char *w, size_t n, int wlong)
{
    struct cmb *b = &p->cb;
    b->nop = 0;
    b->arr = 0;
    if (wlong)
        return;
    if (n == 19 && memcmp(w, "begincodespacerange", n) == 0)
        b->sect = CS_SPACE;
    else if (n == 11 && memcmp(w, "beginbfchar", n) == 0)
        b->sect = CS_CHAR;
    else if (n == 12 && memcmp(w, "beginbfrange", n) == 0)
        b->sect = CS_RANGE;
    else if (n >= 3 && memcmp(w, "end", 3) == 0)
        b->sect = CS_NONE;
}

static int char_cmp(const void *a, const void *b)
{
    const struct cm_char *x = a, *y = b;
    uint64_t kx = (uint64_t)x->n << 32 | x->code, ky = (uint64_t)y->n << 32 | y->code;
    return kx < ky ? -1 : kx > ky;
}

static int range_cmp(const void *a, const void *b)
{
    const struct cm_range *x = a, *y = b;
    uint64_t kx = (uint64_t)x->n << 32 | x->lo, ky = (uint64_t)y->n << 32 | y->lo;
    return kx < ky ? -1 : kx > ky;
}

/* The CMap stream ended: sort its tables for lookup. */
void pdf_cmap_end(struct pm_pdf *p)
{
    if (p->cb.idx >= 0) {
        struct cmap *cm = &p->cmaps[p->cb.idx];
        if (cm->nch)
            qsort(cm->ch, cm->nch, sizeof *cm->ch, char_cmp);
        if (cm->nrg)
            qsort(cm->rg, cm->nrg, sizeof *cm->rg, range_cmp);
        cm->ready = 1;
    }
    p->cb.idx = -1;
}

/* ---- decoding --------------------------------------------------------------------- */

/* UTF-16 units -> UTF-8 output; unpaired surrogates become U+FFFD. */
static void units_out(struct pm_pdf *p, const uint16_t *u, size_t n)
{
    unsigned char b[4 * PM_PDF_DST_UNITS];
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned c = u[i];
        if (c >= 0xD800 && c <= 0xDBFF && i + 1 < n && u[i + 1] >= 0xDC00 && u[i + 1] <= 0xDFFF) {
            c = 0x10000 + ((c - 0xD800) << 10) + (u[i + 1] - 0xDC00u);
            i++;
        } else if (c >= 0xD800 && c <= 0xDFFF) {
            c = 0xFFFD;
        }
        k += pm_utf8_put(c, b + k);
    }
    pdf_out_put(p, b, k);
}

static size_t code_len(const struct cmap *cm, int ident, const unsigned char *s, size_t n)
{
    for (unsigned i = 0; i < cm->ncs; i++) {
        const struct cm_space *cs = &cm->cs[i];
        size_t k = 0;
        if (cs->n > n)
            continue;
        while (k < cs->n && s[k] >= cs->lo[k] && s[k] <= cs->hi[k])
            k++;
        if (k == cs->n)
            return k;
    }
    if (cm->ncs)
        return cm->cs[0].n;
    if (ident)
        return 2;
    return cm->srclen ? cm->srclen : 1;
}

/* Shown string bytes through a CMap to UTF-8 output. */
static void cmap_decode(struct pm_pdf *p, const struct cmap *cm, int ident, const unsigned char *s,
                        size_t n)
{
    size_t i = 0;
    while (i < n) {
        size_t len = code_len(cm, ident, s + i, n - i);
        if (len > n - i)
            break; /* a cut code at the end */
        uint32_t code = be_code(s + i, len);
        uint64_t key = (uint64_t)len << 32 | code;
        i += len;
        /* bfchar: exact */
        size_t lo = 0, hi = cm->nch;
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            uint64_t k = (uint64_t)cm->ch[mid].n << 32 | cm->ch[mid].code;
            if (k < key)
                lo = mid + 1;
            else
                hi = mid;
        }
        if (lo < cm->nch && cm->ch[lo].n == len && cm->ch[lo].code == code) {
            units_out(p, cm->ch[lo].u, cm->ch[lo].nu);
            continue;
        }
        /* bfrange: the last ranges starting at or below the code */
        lo = 0;
        hi = cm->nrg;
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            uint64_t k = (uint64_t)cm->rg[mid].n << 32 | cm->rg[mid].lo;
            if (k <= key)
                lo = mid + 1;
            else
                hi = mid;
        }
        for (size_t j = lo, tries = 0; j-- > 0 && tries < 16; tries++) {
            const struct cm_range *r = &cm->rg[j];
            if (r->n != len)
                break;
            if (code >= r->lo && code <= r->hi) {
                uint16_t u[PM_PDF_DST_UNITS];
                uint64_t last = (uint64_t)r->u[r->nu - 1] + (code - r->lo);
                if (last > 0xFFFF)
                    break; /* past the end of the unit: unmapped */
                memcpy(u, r->u, r->nu * sizeof *u);
                u[r->nu - 1] = (uint16_t)last;
                units_out(p, u, r->nu);
                break;
            }
        }
    }
}

/* ---- showing ---------------------------------------------------------------------- */

enum fstate { F_RAW, F_CMAP, F_UNKNOWN };

/* What to do with text shown with resource `name` (font: the font object
 * when already known, else 0). At the end of the file nothing is unknown. */
static enum fstate font_state(struct pm_pdf *p, const char *name, uint32_t font, int final,
                              const struct cmap **cm, int *ident)
{
    if (!name[0])
        return F_RAW;
    if (font == 0)
        font = rname_get(p, name);
    struct font *f = pdf_font_get(p, font, 0);
    if (f && f->seen && f->cmap == 0)
        return F_RAW;
    if (f && f->cmap) {
        *cm = cmap_find(p, f->cmap);
        *ident = f->ident;
        if (*cm && ((*cm)->nch || (*cm)->nrg))
            return F_CMAP;
        if (*cm)
            return F_RAW; /* an empty CMap (usecmap only, or broken): nothing to decode with */
    }
    return final ? F_RAW : F_UNKNOWN;
}

/* Hold records: kind (1 byte: 'T' text; 'N', 'S', 'B' separators), then for text the
 * font object (4), the name length (1), the text length (4), the name and
 * the text. Consecutive text with the same font is one record. */
#define PM_PDF_HREC 10u

static int hold_room(struct pm_pdf *p, size_t more)
{
    if (more > PM_PDF_HOLD_MAX - p->hlen)
        return 0;
    if (p->hlen + more <= p->hcap)
        return 1;
    size_t ncap = p->hcap ? p->hcap : 64u * 1024u;
    while (ncap < p->hlen + more)
        ncap *= 2;
    if (ncap > PM_PDF_HOLD_MAX)
        ncap = PM_PDF_HOLD_MAX;
    unsigned char *h = realloc(p->hold, ncap);
    if (!h)
        return 0;
    p->hold = h;
    p->hcap = ncap;
    return 1;
}

static void put32(unsigned char *b, uint32_t v)
{
    b[0] = (unsigned char)(v >> 24);
    b[1] = (unsigned char)(v >> 16);
    b[2] = (unsigned char)(v >> 8);
    b[3] = (unsigned char)v;
}

static uint32_t get32(const unsigned char *b)
{
    return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

/* Holds shown text; 0 if the hold is full. */
static int hold_text(struct pm_pdf *p, uint32_t font, const char *s, size_t n)
{
    size_t nl = strlen(p->curfont);
    if (p->hlast != SIZE_MAX) {
        unsigned char *r = p->hold + p->hlast;
        if (get32(r + 1) == font && r[5] == nl && memcmp(r + PM_PDF_HREC, p->curfont, nl) == 0) {
            if (!hold_room(p, n))
                return 0;
            r = p->hold + p->hlast;
            put32(r + 6, get32(r + 6) + (uint32_t)n);
            memcpy(p->hold + p->hlen, s, n);
            p->hlen += n;
            p->hnl = 0;
            return 1;
        }
    }
    if (!hold_room(p, PM_PDF_HREC + nl + n))
        return 0;
    unsigned char *r = p->hold + p->hlen;
    r[0] = 'T';
    put32(r + 1, font);
    r[5] = (unsigned char)nl;
    put32(r + 6, (uint32_t)n);
    memcpy(r + PM_PDF_HREC, p->curfont, nl);
    memcpy(r + PM_PDF_HREC + nl, s, n);
    p->hlast = p->hlen;
    p->hlen += PM_PDF_HREC + nl + n;
    p->hnl = 0;
    return 1;
}

/* A separator in a content stream: in the output, and where the last
 * shown text went when it was held, so that neither the text emitted now
 * nor the held text glues across it. Held, it is a one-byte record ('N'
 * newline, 'P' paragraph, 'S' space, 'B' tab); a second one in a row only
 * counts when it is a newline or paragraph after a space or tab, or a
 * paragraph after a newline. */
void pdf_show_sep(struct pm_pdf *p, char c)
{
    if (c == '\v')
        pdf_out_para(p);
    else if (c == '\n')
        pdf_out_nl(p);
    else
        pdf_out_sep(p, c);
    if (!p->held)
        return;
    int kind = c == '\v' ? 'P' : c == '\n' ? 'N' : c == '\t' ? 'B' : 'S';
    int line = kind == 'N' || kind == 'P';
    if (p->hnl && (!line || p->hnl == 'P' || (p->hnl == 'N' && kind == 'N')))
        return;
    if (hold_room(p, 1)) {
        p->hold[p->hlen++] = (unsigned char)kind;
        p->hlast = SIZE_MAX;
        p->hnl = kind;
    }
}

void pdf_show_nl(struct pm_pdf *p) { pdf_show_sep(p, '\n'); }

/* How the current font's shown bytes map to glyphs, for textpos.c. */
enum pdf_codes pdf_font_codes(struct pm_pdf *p)
{
    const struct cmap *cm = NULL;
    int ident = 0;
    switch (font_state(p, p->curfont, 0, 0, &cm, &ident)) {
    case F_RAW:
        return PDF_CODES_TEXT;
    case F_CMAP:
        if (ident || (cm->ncs ? cm->cs[0].n : cm->srclen) == 2)
            return PDF_CODES_TWO;
        return PDF_CODES_ONE;
    default:
        return PDF_CODES_UNKNOWN;
    }
}

/* Shown string operands (the bytes of pend) with the current font. */
void pdf_show(struct pm_pdf *p, const char *s, size_t n)
{
    const struct cmap *cm = NULL;
    int ident = 0;
    uint32_t font = rname_get(p, p->curfont);
    switch (font_state(p, p->curfont, font, 0, &cm, &ident)) {
    case F_RAW:
        p->held = 0;
        pdf_out_put(p, s, n);
        break;
    case F_CMAP:
        p->held = 0;
        cmap_decode(p, cm, ident, (const unsigned char *)s, n);
        break;
    case F_UNKNOWN:
        if (n == 0)
            break;
        if (hold_text(p, font, s, n)) {
            p->held = 1;
        } else {
            p->overflows++;
            p->held = 0;
            pdf_out_put(p, s, n);
        }
        break;
    }
}

/* End of file: held text through the CMaps now known, or raw. */
void pdf_hold_release(struct pm_pdf *p)
{
    size_t i = 0;
    while (i < p->hlen) {
        const unsigned char *r = p->hold + i;
        if (r[0] == 'N' || r[0] == 'P' || r[0] == 'S' || r[0] == 'B') {
            if (r[0] == 'P')
                pdf_out_para(p);
            else if (r[0] == 'N')
                pdf_out_nl(p);
            else
                pdf_out_sep(p, r[0] == 'B' ? '\t' : ' ');
            i++;
            continue;
        }
        char name[PM_PDF_WORD + 1];
        size_t nl = r[5];
        uint32_t n = get32(r + 6);
        const struct cmap *cm = NULL;
        int ident = 0;
        memcpy(name, r + PM_PDF_HREC, nl);
        name[nl] = '\0';
        const unsigned char *s = r + PM_PDF_HREC + nl;
        if (font_state(p, name, get32(r + 1), 1, &cm, &ident) == F_CMAP)
            cmap_decode(p, cm, ident, s, n);
        else
            pdf_out_put(p, s, n);
        i += PM_PDF_HREC + nl + n;
    }
    if (p->hlen)
        pdf_out_nl(p);
    p->hlen = 0;
    p->hlast = SIZE_MAX;
    p->hnl = 0;
    p->held = 0;
}
