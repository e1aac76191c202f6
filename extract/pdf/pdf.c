/* pdf.c — streaming PDF text extractor (see pdf.h).
 *
 * Three state machines, each of which survives any cut between two pieces:
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
 *   tokenizer  literal and hex strings, comments, words, inline images. It
 *              runs over the bytes outside streams and over object streams
 *              with the DICT policy (every string is text, one per line) and
 *              over content streams with the CONTENT policy (strings are
 *              operands, shown only when their operator is Tj, TJ, ' or ").
 *
 * Binary garbage stays quiet: only string operands are ever emitted, never
 * raw stream bytes; in content streams a string needs a show operator after
 * it, which random bytes rarely supply; and a stream whose bytes between
 * tokens are largely binary (PM_PDF_JUNK_MIN) is not PDF syntax and is left
 * unread from there on.
 *
 * The file is in layers, each using only the ones above it: the tokenizer
 * (which reports its tokens through a struct tok_ops), ToUnicode, content
 * streams, then the top level.
 *
 * ToUnicode (its own section below) rides on these: the tokenizer reports
 * dictionary tokens to a tracker that records fonts and resource names, a
 * content stream that turns out to be a CMap is parsed instead of shown, and
 * shown text goes through the CMap of its font (or is held until the end of
 * the file when that font is not known yet).
 *
 * Limits (all recorded, never silent): PM_PDF_INFLATE_MAX inflated bytes per
 * stream (a hit counts a stream error); PM_PDF_STR_MAX bytes per string
 * piece (a longer string is emitted in pieces, nothing is lost);
 * PM_PDF_PEND_MAX bytes of operands waiting for a show operator (more are
 * emitted early rather than dropped); PM_PDF_HOLD_MAX bytes of text held for
 * a font not known yet (more is emitted raw, pm_pdf_hold_overflows counts).
 * CMap tables are capped (PM_PDF_CMAPS, PM_PDF_CMAP_CHARS, PM_PDF_CMAP_RANGES,
 * PM_PDF_CMAP_MEM): entries past a cap are not kept, and their codes decode
 * to nothing.
 */
#define ZLIB_CONST
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "common/hashset.h"
#include "common/utf8.h"
#include "extract/pdf/pdf.h"

#define PM_PDF_INFLATE_MAX (256ull * 1024u * 1024u) /* inflated bytes per stream */
#define PM_PDF_STR_MAX (64u * 1024u)  /* one string piece */
#define PM_PDF_PEND_MAX (64u * 1024u) /* shown-text operands awaiting their operator */
#define PM_PDF_OUT_MAX (16u * 1024u)  /* text handed to the callback at once */
#define PM_PDF_ZBUF (16u * 1024u)     /* inflate output chunk */
#define PM_PDF_ZIN_MAX (1u << 30)     /* inflate input per call (avail_in is a uInt) */
#define PM_PDF_WIN_KEEP 4096u         /* look-back kept before `stream` */
#define PM_PDF_WIN (2u * PM_PDF_WIN_KEEP)
#define PM_PDF_LAG 11u       /* held-back stream bytes: "endstream" plus CR LF */
#define PM_PDF_VERIFY_WS 32u /* whitespace allowed between /Length bytes and endstream */
#define PM_PDF_EOL_WS 8u     /* stray blanks allowed between `stream` and its EOL */
#define PM_PDF_WORD 16u      /* operator bytes kept; longer words are never operators */
#define PM_PDF_NAME 32u      /* dictionary name bytes kept */
#define PM_PDF_JUNK_MIN 64u  /* binary bytes between tokens before a stream is given up */
/* ToUnicode (see the section below) */
#define PM_PDF_CMAPS 64u                 /* CMaps kept per file */
#define PM_PDF_CMAP_CHARS 65536u         /* bfchar entries (and bfrange array items) per CMap */
#define PM_PDF_CMAP_RANGES 4096u         /* bfrange ranges per CMap */
#define PM_PDF_CMAP_MEM (16u << 20)      /* bytes of CMap tables in all */
#define PM_PDF_CS_MAX 16u                /* codespace ranges per CMap */
#define PM_PDF_DST_UNITS 4u              /* UTF-16 units kept per destination */
#define PM_PDF_FONTS 4096u               /* font objects remembered */
#define PM_PDF_FONT_SLOTS 8192u          /* their hash table */
#define PM_PDF_RNAMES 1024u              /* resource name -> font mappings */
#define PM_PDF_RNAME_SLOTS 2048u         /* their hash table */
#define PM_PDF_FRES 64u                  /* indirect /Font resource dictionaries */
#define PM_PDF_OSTM_MAX 1024u            /* object numbers read from an /ObjStm header */
#define PM_PDF_HOLD_MAX (8u << 20)       /* shown text held until its font is known */

/* ---- the tokenizer --------------------------------------------------------------- */

enum policy {
    POL_DICT,    /* every string is text, one per line */
    POL_CONTENT, /* strings are shown only by Tj, TJ, ' and " */
};

enum tok_state {
    T_NORMAL,
    T_COMMENT, /* % to end of line */
    T_WORD,    /* name, number or operator */
    T_LT,      /* after '<': dictionary or hex string */
    T_HEX,     /* in <hex string> */
    T_LIT,     /* in (literal string) */
    T_LIT_CR,  /* after a bare CR in a literal string: a following LF is the same EOL */
    T_ESC,     /* after a backslash */
    T_ESC_CR,  /* after backslash CR: a following LF belongs to the continuation */
    T_OCT,     /* in an octal escape */
    T_INLINE,  /* inline image data after ID, up to EI */
};

struct pm_pdf;

/* What the tokenizer reports, and to whom: the object dictionaries (POL_DICT)
 * or a content stream (POL_CONTENT). A NULL hook
 * ignores the token. */
struct tok_ops {
    enum policy pol;
    /* t->word[0..wlen) ended (wlen > 0; wlong: it was longer) */
    void (*word)(struct pm_pdf *p);
    /* a piece of a string's bytes; `final` ends the string */
    void (*str)(struct pm_pdf *p, const unsigned char *s, size_t n, int final);
    void (*open)(struct pm_pdf *p);                /* << */
    void (*close)(struct pm_pdf *p);               /* >> */
    void (*bracket)(struct pm_pdf *p, unsigned c); /* [ or ] */
};

/* The tokenizer. Invariants: slen <= PM_PDF_STR_MAX, plen <= PM_PDF_PEND_MAX,
 * wlen <= PM_PDF_WORD; depth > 0 while in a literal string. */
struct tok {
    enum tok_state st;
    enum policy pol;               /* ops->pol */
    const struct tok_ops *ops;
    size_t depth;                  /* open parentheses of the literal string */
    unsigned oct, noct;            /* octal escape value and digit count */
    int nib;                       /* pending high nibble of a hex string, -1 if none */
    char word[PM_PDF_WORD];        /* the current word's first bytes */
    size_t wlen;                   /* bytes in word */
    int wlong;                     /* the word was longer than PM_PDF_WORD */
    int binkey;                    /* DICT: the last name was /ID, /O, /U, … (binary values) */
    int guard;                     /* in a stream: give up if it turns out binary */
    int dead;                      /* given up: the stream is not PDF syntax */
    uint64_t seen, junk;           /* bytes seen; binary bytes seen between tokens */
    unsigned ei;                   /* inline image end: 0, ws, ws E, ws E I */
    unsigned char s[PM_PDF_STR_MAX]; /* the current string piece, decoded bytes */
    size_t slen;
    unsigned spieces;              /* pieces of this string already passed on */
    int utf16;                     /* this string began with FE FF */
    int carry;                     /* odd UTF-16 byte left from the last piece, -1 if none */
    unsigned hi;                   /* pending high surrogate, 0 if none */
    char pend[PM_PDF_PEND_MAX];    /* CONTENT: string operands not yet shown */
    size_t plen;
    char fname[PM_PDF_WORD + 1];   /* CONTENT: the last name operand (for Tf) */
    int gt;                        /* the last byte was a '>' outside strings */
    int cmjunk;                    /* CMap: the current string is too long to be one */
    /* CONTENT: numeric operands, for telling a move along the line (Skia
     * draws "41", "1", "1 1" of one number as runs placed with "x 0 Td")
     * from a move to a new line */
    double num[6];                 /* the last numbers, newest last */
    unsigned nnum;
    double line_y;                 /* y of the last Tm */
    int have_y;
    int bt_fresh;                  /* BT or ET seen, no positioning since */
};

/* ---- ToUnicode tables ------------------------------------------------------------ */

struct cm_char {                 /* bfchar (or bfrange array item): code -> units */
    uint32_t code;
    uint8_t n, nu;               /* code bytes; destination units */
    uint16_t u[PM_PDF_DST_UNITS];
};

struct cm_range {                /* bfrange lo hi dst: the last unit counts up */
    uint32_t lo, hi;
    uint8_t n, nu;
    uint16_t u[PM_PDF_DST_UNITS];
};

struct cm_space {                /* codespace range: per byte bounds */
    uint8_t n;
    uint8_t lo[4], hi[4];
};

struct cmap {
    uint32_t obj;                /* the stream's object number */
    int ready;                   /* the stream ended: tables sorted */
    unsigned ncs;
    struct cm_space cs[PM_PDF_CS_MAX];
    unsigned srclen;             /* byte length of the first source code seen, 0 if none */
    struct cm_char *ch;
    size_t nch, capch;
    struct cm_range *rg;
    size_t nrg, caprg;
};

struct font {                    /* a font dictionary, by object number (0: free slot) */
    uint32_t obj;
    uint32_t cmap;               /* /ToUnicode object, 0 if none */
    uint8_t seen;                /* its dictionary (/Type /Font) has been read */
    uint8_t ident;               /* /Encoding /Identity-H or -V */
};

struct rname {                   /* resource name (with its '/') -> font object */
    char name[PM_PDF_WORD + 1];
    uint32_t font;
};

/* CMap parser state (operands of the current section). */
enum cm_sect { CS_NONE, CS_SPACE, CS_CHAR, CS_RANGE };

struct cm_op {
    size_t len;                  /* real length (may exceed what is kept) */
    unsigned char b[2 * PM_PDF_DST_UNITS];
};

struct cmb {
    int idx;                     /* -1: not a CMap stream; -2: a CMap that is not kept */
    enum cm_sect sect;
    struct cm_op op[3];
    unsigned nop;
    int arr;                     /* in the [ ] of a bfrange */
    uint32_t alo, ahi, aidx;
    unsigned an;
};

/* ---- the object dictionary tracker ----------------------------------------------- */

enum htype { H_NONE, H_NAME, H_NUM, H_WORD, H_OTHER };

struct htok {                    /* one recent token of a dictionary */
    enum htype type;
    int64_t num;                 /* a plain integer, else -1 */
    char name[PM_PDF_WORD + 1];
};

/* Reads object dictionaries (outside streams and in object streams) for
 * font resources and /ToUnicode references. */
struct trk {
    struct htok h[4];            /* h[3] is the latest */
    unsigned depth;              /* dictionary nesting in the current object */
    unsigned fontdepth;          /* depth of the open /Font << >> dictionary, 0 if none */
    int objfontres;              /* the current object is an indirect /Font dictionary */
};

/* ---- the extractor ---------------------------------------------------------------- */

enum skind {
    S_SKIP,  /* no text: only find the end */
    S_RAW,   /* unfiltered: tokenize as it is */
    S_FLATE, /* inflate, then tokenize */
};

enum outer_state {
    O_RAW,    /* between streams */
    O_EOL,    /* after `stream`, before its EOL */
    O_CR,     /* after `stream` CR */
    O_DATA,   /* stream data */
    O_VERIFY, /* /Length bytes read: expecting whitespace and endstream */
};

struct pm_pdf {
    pm_text_fn emit;
    void *ctx;
    int finished;
    enum outer_state st;
    /* outer: the look-back window holds the raw bytes since the last stream */
    unsigned char win[PM_PDF_WIN];
    size_t wlen;           /* bytes in win */
    size_t kwat;           /* offset in win where the `stream` keyword begins */
    unsigned kw;           /* bytes of `stream` matched */
    int prev_reg;          /* the last raw byte was a regular character */
    unsigned eolws;        /* blanks seen after `stream` */
    /* stream */
    enum skind kind;
    int has_len;           /* remaining is meaningful */
    uint64_t remaining;    /* /Length bytes not yet read */
    unsigned em;           /* bytes of `endstream` matched in the data */
    unsigned char lag[PM_PDF_LAG];
    size_t nlag;
    unsigned char vbuf[PM_PDF_VERIFY_WS + sizeof "endstream"];
    size_t vlen;           /* bytes read after /Length */
    unsigned vm;           /* bytes of `endstream` matched after /Length */
    z_stream z;
    int zend;              /* inflate reached the end of the zlib stream */
    int zdead;             /* inflate failed or hit the limit: skip the rest */
    uint64_t zout;         /* inflated bytes of this stream */
    unsigned char zbuf[PM_PDF_ZBUF];
    struct tok t;
    /* output */
    char out[PM_PDF_OUT_MAX];
    size_t olen;
    char last;             /* last byte emitted, '\n' at the start */
    uint64_t streams, errors;
    /* the caller's budget: charged with inflated bytes; non-zero stops all */
    int (*budget)(void *bctx, uint64_t more);
    void *bctx;
    int halted;
    /* ToUnicode: objects, fonts, CMaps */
    uint32_t curobj;       /* object being read (raw "N G obj" or object stream index) */
    uint32_t sobj;         /* object number of the current stream */
    struct trk tr;
    int ostm;              /* reading an object stream */
    int64_t ofirst;        /* its /First */
    uint32_t ohdr[PM_PDF_OSTM_MAX][2]; /* (object, offset) pairs of its header */
    size_t nohdr, oidx;
    int64_t ohalf;         /* header number waiting for its offset, -1 if none */
    struct font *fonts;    /* PM_PDF_FONT_SLOTS, allocated on first use */
    size_t nfonts;
    struct rname *rnames;  /* PM_PDF_RNAME_SLOTS, allocated on first use */
    size_t nrnames;
    uint32_t fres[PM_PDF_FRES];
    size_t nfres;
    struct cmap cmaps[PM_PDF_CMAPS];
    size_t ncmaps;
    size_t cmap_mem;       /* bytes of CMap tables allocated */
    struct cmb cb;
    char curfont[PM_PDF_WORD + 1]; /* resource name of the font set by Tf, "" if none */
    /* shown text whose font is not known yet: records (see hold_text) */
    unsigned char *hold;
    size_t hlen, hcap, hlast; /* hlast: offset of the last text record, SIZE_MAX if none */
    int held;              /* the last shown text was held: line breaks go there too */
    int hnl;               /* the last hold record is a line break */
    uint64_t overflows;    /* shown strings emitted raw because the hold was full */
};

/* ---- byte classes (PDF 32000-1, 7.2.2) ------------------------------------------- */

static int is_ws(unsigned c)
{
    return c == 0 || c == '\t' || c == '\n' || c == '\f' || c == '\r' || c == ' ';
}

static int is_delim(unsigned c)
{
    return c == '(' || c == ')' || c == '<' || c == '>' || c == '[' || c == ']' || c == '{' ||
           c == '}' || c == '/' || c == '%';
}

static int is_reg(unsigned c) { return !is_ws(c) && !is_delim(c); }

static int hexval(unsigned c)
{
    if (c >= '0' && c <= '9')
        return (int)(c - '0');
    if (c >= 'a' && c <= 'f')
        return (int)(c - 'a' + 10);
    if (c >= 'A' && c <= 'F')
        return (int)(c - 'A' + 10);
    return -1;
}

/* The word the tokenizer just reported is exactly op. */
static int word_is(const struct tok *t, const char *op)
{
    size_t n = strlen(op);
    return t->wlen == n && memcmp(t->word, op, n) == 0;
}

/* ==== the tokenizer =============================================================== */

/* ---- output ----------------------------------------------------------------------- */

static void pdf_out_flush(struct pm_pdf *p)
{
    if (p->olen && p->emit)
        p->emit(p->ctx, p->out, p->olen);
    p->olen = 0;
}

static void pdf_out_put(struct pm_pdf *p, const void *data, size_t n)
{
    const char *s = data;
    while (n > 0) {
        size_t room = PM_PDF_OUT_MAX - p->olen;
        size_t k = n < room ? n : room;
        memcpy(p->out + p->olen, s, k);
        p->olen += k;
        s += k;
        n -= k;
        p->last = s[-1];
        if (p->olen == PM_PDF_OUT_MAX)
            pdf_out_flush(p);
    }
}

static void pdf_out_nl(struct pm_pdf *p)
{
    if (p->last != '\n')
        pdf_out_put(p, "\n", 1);
}

/* ---- strings ---------------------------------------------------------------------- */

/* Where string bytes go: shown text now (DICT) or pending operands (CONTENT). */
static void sink_put(struct pm_pdf *p, const void *data, size_t n)
{
    struct tok *t = &p->t;
    const char *s = data;
    if (t->pol == POL_DICT) {
        pdf_out_put(p, s, n);
        return;
    }
    while (n > 0) {
        size_t room = PM_PDF_PEND_MAX - t->plen;
        if (room == 0) { /* no operator in sight: emit rather than lose it */
            pdf_out_put(p, t->pend, t->plen);
            t->plen = 0;
            continue;
        }
        size_t k = n < room ? n : room;
        memcpy(t->pend + t->plen, s, k);
        t->plen += k;
        s += k;
        n -= k;
    }
}

static void put_cp(struct pm_pdf *p, unsigned cp)
{
    unsigned char u[4];
    sink_put(p, u, pm_utf8_put(cp, u));
}

static void put_unit(struct pm_pdf *p, unsigned u)
{
    struct tok *t = &p->t;
    if (u >= 0xD800 && u <= 0xDBFF) {
        if (t->hi)
            put_cp(p, 0xFFFD);
        t->hi = u;
        return;
    }
    if (u >= 0xDC00 && u <= 0xDFFF) {
        if (t->hi)
            put_cp(p, 0x10000 + ((t->hi - 0xD800) << 10) + (u - 0xDC00));
        else
            put_cp(p, 0xFFFD);
        t->hi = 0;
        return;
    }
    if (t->hi)
        put_cp(p, 0xFFFD);
    t->hi = 0;
    put_cp(p, u);
}

/* Binary rather than text: more than 1 byte in 16 is a control character.
 * Used for DICT strings only: binary strings under other keys than /ID, /O, /U. */
static int looks_binary(const unsigned char *s, size_t n)
{
    size_t ctrl = 0;
    for (size_t i = 0; i < n; i++)
        if ((s[i] < 0x20 && !is_ws(s[i])) || s[i] == 0 || s[i] == 0x7F)
            ctrl++;
    return ctrl * 16 > n;
}

static void str_begin(struct tok *t)
{
    t->slen = 0;
    t->spieces = 0;
    t->utf16 = 0;
    t->carry = -1;
    t->hi = 0;
}

static void pdf_str_text(struct pm_pdf *p, const unsigned char *s, size_t n, int final)
{
    struct tok *t = &p->t;
    if (t->spieces++ == 0) { /* a byte-order mark only counts at the start */
        if (n >= 2 && s[0] == 0xFE && s[1] == 0xFF) {
            t->utf16 = 1;
            s += 2;
            n -= 2;
        } else if (n >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF) {
            s += 3;
            n -= 3;
        }
    }
    if (t->pol == POL_DICT && t->binkey) {
        /* dropped: /ID [<…> <…>], /O (…), /U (…) */
    } else if (!t->utf16) {
        if (t->pol != POL_DICT || !looks_binary(s, n))
            sink_put(p, s, n);
    } else {
        size_t k = 0;
        if (t->carry >= 0 && n > 0) {
            put_unit(p, ((unsigned)t->carry << 8) | s[0]);
            t->carry = -1;
            k = 1;
        }
        for (; k + 1 < n; k += 2)
            put_unit(p, ((unsigned)s[k] << 8) | s[k + 1]);
        if (k < n)
            t->carry = s[k];
        if (final && t->hi) {
            put_cp(p, 0xFFFD);
            t->hi = 0;
        }
    }
}

/* Passes the bytes in t->s on to the owner; `final` ends the string. */
static void str_piece(struct pm_pdf *p, int final)
{
    struct tok *t = &p->t;
    size_t n = t->slen;
    t->slen = 0;
    if (t->ops->str)
        t->ops->str(p, t->s, n, final);
}

static void str_add(struct pm_pdf *p, unsigned c)
{
    struct tok *t = &p->t;
    if (t->slen == PM_PDF_STR_MAX)
        str_piece(p, 0);
    t->s[t->slen++] = (unsigned char)c;
}

/* ---- tokenizer -------------------------------------------------------------------- */

static void pdf_tok_reset(struct tok *t, const struct tok_ops *ops, int guard)
{
    t->st = T_NORMAL;
    t->ops = ops;
    t->pol = ops->pol;
    t->guard = guard;
    t->dead = 0;
    t->seen = 0;
    t->junk = 0;
    t->depth = 0;
    t->nib = -1;
    t->wlen = 0;
    t->wlong = 0;
    t->ei = 0;
    t->plen = 0;
    t->binkey = 0;
    t->fname[0] = '\0';
    t->gt = 0;
    t->cmjunk = 0;
    str_begin(t);
}

/* A word ended: its owner decides what it means (a content stream may switch
 * the tokenizer to T_INLINE after ID). */
static void word_end(struct pm_pdf *p)
{
    struct tok *t = &p->t;
    unsigned c0 = t->wlen ? (unsigned char)t->word[0] : 0;
    /* keys whose strings are binary (file ids, encryption); any other word
     * ends their value */
    t->binkey = c0 == '/' && !t->wlong &&
                (word_is(t, "/ID") || word_is(t, "/O") || word_is(t, "/U") ||
                 word_is(t, "/OE") || word_is(t, "/UE") || word_is(t, "/Perms"));
    if (t->wlen > 0 && t->ops->word)
        t->ops->word(p);
}

/* One function per state. Each returns 1 when the byte ended a token and
 * must be processed again in the new state, 0 when it was used up. */

static int st_normal(struct pm_pdf *p, unsigned c)
{
    struct tok *t = &p->t;
    if (c != '>')
        t->gt = 0;
    if (is_ws(c))
        return 0;
    switch (c) {
    case '%':
        t->st = T_COMMENT;
        return 0;
    case '(':
        str_begin(t);
        t->depth = 1;
        t->st = T_LIT;
        return 0;
    case '<':
        t->st = T_LT;
        return 0;
    case '>':
        if (t->gt && t->ops->close)
            t->ops->close(p);
        t->gt = !t->gt;
        return 0;
    case '[':
    case ']':
        if (t->ops->bracket)
            t->ops->bracket(p, c);
        return 0;
    case ')':
    case '{':
    case '}':
        return 0;
    default: /* '/' or a regular byte: a word */
        t->wlen = 0;
        t->wlong = 0;
        t->st = T_WORD;
        return 1;
    }
}

static int st_word(struct pm_pdf *p, unsigned c)
{
    struct tok *t = &p->t;
    if (is_reg(c) || (c == '/' && t->wlen == 0 && !t->wlong)) {
        if (t->wlen < PM_PDF_WORD)
            t->word[t->wlen++] = (char)c;
        else
            t->wlong = 1;
        return 0;
    }
    t->st = T_NORMAL;
    word_end(p);
    /* after ID the byte separates it from the data */
    return t->st != T_INLINE;
}

static int st_comment(struct tok *t, unsigned c)
{
    if (c == '\n' || c == '\r')
        t->st = T_NORMAL;
    return 0;
}

static int st_lt(struct pm_pdf *p, unsigned c)
{
    struct tok *t = &p->t;
    if (c == '<') { /* a dictionary: its contents are tokens like any */
        t->st = T_NORMAL;
        if (t->ops->open)
            t->ops->open(p);
        return 0;
    }
    str_begin(t);
    t->nib = -1;
    t->st = T_HEX;
    return 1;
}

static int st_hex(struct pm_pdf *p, unsigned c)
{
    struct tok *t = &p->t;
    int v = hexval(c);
    if (v >= 0) {
        if (t->nib < 0) {
            t->nib = v;
        } else {
            str_add(p, (unsigned)(t->nib << 4 | v));
            t->nib = -1;
        }
        return 0;
    }
    if (is_ws(c))
        return 0;
    if (c == '>') {
        if (t->nib >= 0) /* odd digit count: the last digit is padded with 0 */
            str_add(p, (unsigned)(t->nib << 4));
        t->nib = -1;
        str_piece(p, 1);
        t->st = T_NORMAL;
        return 0;
    }
    t->slen = 0; /* not a hex string after all: drop it */
    t->nib = -1;
    t->st = T_NORMAL;
    return 1;
}

static int st_lit(struct pm_pdf *p, unsigned c)
{
    struct tok *t = &p->t;
    switch (c) {
    case '\\':
        t->st = T_ESC;
        return 0;
    case '(':
        t->depth++;
        str_add(p, c);
        return 0;
    case ')':
        if (--t->depth == 0) {
            str_piece(p, 1);
            t->st = T_NORMAL;
        } else {
            str_add(p, c);
        }
        return 0;
    case '\r': /* an EOL in a string is a line feed, whatever its form */
        str_add(p, '\n');
        t->st = T_LIT_CR;
        return 0;
    default:
        str_add(p, c);
        return 0;
    }
}

/* After a CR in a literal string (T_LIT_CR) or after backslash CR
 * (T_ESC_CR): a following LF belongs to it. */
static int st_after_cr(struct tok *t, unsigned c)
{
    t->st = T_LIT;
    return c != '\n';
}

static int st_esc(struct pm_pdf *p, unsigned c)
{
    struct tok *t = &p->t;
    t->st = T_LIT;
    switch (c) {
    case 'n': str_add(p, '\n'); return 0;
    case 'r': str_add(p, '\r'); return 0;
    case 't': str_add(p, '\t'); return 0;
    case 'b': str_add(p, '\b'); return 0;
    case 'f': str_add(p, '\f'); return 0;
    case '\n': return 0; /* line continuation */
    case '\r':
        t->st = T_ESC_CR;
        return 0;
    default:
        if (c >= '0' && c <= '7') {
            t->oct = c - '0';
            t->noct = 1;
            t->st = T_OCT;
            return 0;
        }
        str_add(p, c); /* \( \) \\ and unknown escapes: the byte itself */
        return 0;
    }
}

static int st_oct(struct pm_pdf *p, unsigned c)
{
    struct tok *t = &p->t;
    if (c >= '0' && c <= '7') {
        t->oct = t->oct * 8 + (c - '0');
        if (++t->noct == 3) {
            str_add(p, t->oct & 0xFF);
            t->st = T_LIT;
        }
        return 0;
    }
    str_add(p, t->oct & 0xFF);
    t->st = T_LIT;
    return 1;
}

/* Inline image data: skip to whitespace, E, I, then whitespace or a delimiter. */
static int st_inline(struct tok *t, unsigned c)
{
    switch (t->ei) {
    case 0:
        t->ei = is_ws(c) ? 1 : 0;
        return 0;
    case 1:
        t->ei = c == 'E' ? 2 : is_ws(c) ? 1 : 0;
        return 0;
    case 2:
        t->ei = c == 'I' ? 3 : is_ws(c) ? 1 : 0;
        return 0;
    default:
        t->ei = 0;
        if (is_ws(c) || is_delim(c)) {
            t->st = T_NORMAL;
            return 1;
        }
        return 0;
    }
}

static int tok_step(struct pm_pdf *p, unsigned c)
{
    struct tok *t = &p->t;
    switch (t->st) {
    case T_NORMAL: return st_normal(p, c);
    case T_WORD: return st_word(p, c);
    case T_COMMENT: return st_comment(t, c);
    case T_LT: return st_lt(p, c);
    case T_HEX: return st_hex(p, c);
    case T_LIT: return st_lit(p, c);
    case T_LIT_CR:
    case T_ESC_CR: return st_after_cr(t, c);
    case T_ESC: return st_esc(p, c);
    case T_OCT: return st_oct(p, c);
    case T_INLINE: return st_inline(t, c);
    }
    return 0;
}

/* One byte through the tokenizer. A byte that ends a token is processed
 * again in the next state (the loop), never dropped. */
static void pdf_tok_byte(struct pm_pdf *p, unsigned c)
{
    struct tok *t = &p->t;
    if (t->dead)
        return;
    t->seen++;
    /* Content and object streams are ASCII between their strings. A stream
     * with many binary bytes there is something else (a font program, an
     * ICC profile, garbage): stop reading it, so that no strings are made
     * up from its bytes. */
    if (t->guard && (t->st == T_NORMAL || t->st == T_WORD) &&
        (c == 0 || c >= 0x7F || (c < 0x20 && !is_ws(c))) && ++t->junk >= PM_PDF_JUNK_MIN &&
        t->junk * 16 > t->seen) {
        t->dead = 1;
        t->plen = 0;
        return;
    }
    while (tok_step(p, c))
        ;
}

static void pdf_tok_feed(struct pm_pdf *p, const unsigned char *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        pdf_tok_byte(p, b[i]);
}

/* The tokenized region ends (end of a stream, the dictionary before a stream,
 * end of file): finish the token in progress. An unterminated string is
 * passed on as far as it goes; operands with no operator are dropped. */
static void pdf_tok_end(struct pm_pdf *p)
{
    struct tok *t = &p->t;
    switch (t->st) {
    case T_WORD:
        t->st = T_NORMAL;
        word_end(p);
        break;
    case T_OCT:
        str_add(p, t->oct & 0xFF);
        str_piece(p, 1);
        break;
    case T_HEX:
        if (t->nib >= 0)
            str_add(p, (unsigned)(t->nib << 4));
        str_piece(p, 1);
        break;
    case T_LIT:
    case T_LIT_CR:
    case T_ESC:
    case T_ESC_CR:
        str_piece(p, 1);
        break;
    default:
        break;
    }
    t->plen = 0;
    t->st = T_NORMAL;
}

/* ==== ToUnicode =================================================================== */

/* ToUnicode
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
 *   showing    Tf sets the current resource name. Shown text
 *              whose font has a known CMap is decoded at once; text whose font has no
 *              /ToUnicode, or no Tf at all, is emitted raw as before; text
 *              whose font, font dictionary or CMap has not been read yet is
 *              held (PM_PDF_HOLD_MAX bytes in all) and decided at
 *              pm_pdf_finish. A full hold emits raw and counts an overflow.
 *
 * The tables are filled by the object dictionary tracker; CMap streams
 * arrive as words and strings from the content stream section. Tables are capped
 * (PM_PDF_CMAPS, PM_PDF_CMAP_CHARS, PM_PDF_CMAP_RANGES, PM_PDF_CMAP_MEM,
 * PM_PDF_FONTS, PM_PDF_RNAMES): entries past a cap are not kept, and their
 * codes decode to nothing.
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
static struct font *pdf_font_get(struct pm_pdf *p, uint32_t obj, int create)
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

static void pdf_rname_set(struct pm_pdf *p, const char *name, uint32_t font)
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
static void pdf_cmap_str(struct pm_pdf *p, const unsigned char *s, size_t n, int final)
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

static void pdf_cmap_bracket(struct pm_pdf *p, unsigned c)
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

static int pdf_is_cmap_word(const char *w, size_t n)
{
    return (n == 9 && memcmp(w, "begincmap", 9) == 0) ||
           (n == 11 && memcmp(w, "beginbfchar", 11) == 0) ||
           (n == 12 && memcmp(w, "beginbfrange", 12) == 0) ||
           (n == 19 && memcmp(w, "begincodespacerange", 19) == 0);
}

/* The stream turned out to be a CMap: keep it under the stream's object. */
static void pdf_cmap_start(struct pm_pdf *p)
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
static void pdf_cmap_word(struct pm_pdf *p, const char *w, size_t n, int wlong)
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
static void pdf_cmap_end(struct pm_pdf *p)
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

/* Hold records: kind (1 byte: 'T' text, 'N' line break), then for text the
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

/* A line break in a content stream: where the last shown text went. */
static void pdf_show_nl(struct pm_pdf *p)
{
    if (!p->held) {
        pdf_out_nl(p);
        return;
    }
    if (p->hnl)
        return;
    if (hold_room(p, 1)) {
        p->hold[p->hlen++] = 'N';
        p->hlast = SIZE_MAX;
        p->hnl = 1;
    }
}

/* Shown string operands (the bytes of pend) with the current font. */
static void pdf_show(struct pm_pdf *p, const char *s, size_t n)
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
static void pdf_hold_release(struct pm_pdf *p)
{
    size_t i = 0;
    while (i < p->hlen) {
        const unsigned char *r = p->hold + i;
        if (r[0] == 'N') {
            pdf_out_nl(p);
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

/* ==== content streams ============================================================= */

/* The tokenizer reports a content stream's words and strings here (through
 * pdf_content_ops). Strings are operands: they wait in t->pend until their
 * operator comes; Tj, TJ, ' and " show them, any other operator drops them.
 * A stream that says begincmap (or another CMap section keyword) is a CMap:
 * from that word on its tokens go to the CMap parser instead. */

static void pend_show(struct pm_pdf *p)
{
    pdf_show(p, p->t.pend, p->t.plen);
    p->t.plen = 0;
}

/* A number: kept for the positioning operators. */
static void content_number(struct tok *t)
{
    char b[PM_PDF_WORD + 1];
    size_t k = t->wlong ? 0 : t->wlen;
    memcpy(b, t->word, k);
    b[k] = '\0';
    if (t->nnum == 6) {
        memmove(t->num, t->num + 1, 5 * sizeof t->num[0]);
        t->nnum = 5;
    }
    t->num[t->nnum++] = strtod(b, NULL);
}

/* An operator (nnum: the numbers before it). Its string operands are shown
 * or dropped; positioning decides whether a line ends. */
static void content_operator(struct pm_pdf *p, unsigned nnum)
{
    struct tok *t = &p->t;
    if (word_is(t, "Tj") || word_is(t, "TJ")) {
        if (t->bt_fresh) { /* a text object drawn where it was: apart from the last */
            pdf_show_nl(p);
            t->bt_fresh = 0;
        }
        pend_show(p);
    } else if (word_is(t, "'") || word_is(t, "\"")) {
        pdf_show_nl(p);
        t->bt_fresh = 0;
        pend_show(p);
    } else if (word_is(t, "BT")) {
        t->plen = 0;
        t->bt_fresh = 1;
    } else if (word_is(t, "ET")) {
        t->plen = 0;
        t->bt_fresh = 1; /* what follows is apart, unless placed on this line */
    } else if (word_is(t, "Td") || word_is(t, "TD")) {
        /* "tx 0 Td" moves along the line: the runs belong together */
        t->plen = 0;
        if (!(nnum >= 2 && t->num[nnum - 1] == 0.0))
            pdf_show_nl(p);
        t->bt_fresh = 0;
    } else if (word_is(t, "Tm")) {
        /* the same y as the last Tm: still the same line */
        t->plen = 0;
        double y = nnum >= 6 ? t->num[nnum - 1] : 0.0;
        if (!(nnum >= 6 && t->have_y && y == t->line_y))
            pdf_show_nl(p);
        t->line_y = y;
        t->have_y = nnum >= 6;
        t->bt_fresh = 0;
    } else if (word_is(t, "T*")) {
        t->plen = 0;
        pdf_show_nl(p);
        t->bt_fresh = 0;
    } else if (word_is(t, "Tf")) {
        t->plen = 0;
        memcpy(p->curfont, t->fname, sizeof p->curfont);
    } else if (word_is(t, "ID")) {
        t->plen = 0;
        t->ei = 0;
        t->st = T_INLINE; /* the tokenizer skips the image data up to EI */
    } else {
        t->plen = 0; /* any other operator consumes its operands */
    }
}

/* A word ended: a CMap keyword, a name, a number or an operator of the
 * pending string operands. */
static void content_word(struct pm_pdf *p)
{
    struct tok *t = &p->t;
    unsigned c0 = (unsigned char)t->word[0];
    if (p->cb.idx == -1 && !t->wlong && pdf_is_cmap_word(t->word, t->wlen))
        pdf_cmap_start(p);
    if (p->cb.idx != -1) {
        t->plen = 0;
        pdf_cmap_word(p, t->word, t->wlen, t->wlong);
        return;
    }
    if (c0 == '/') { /* remembered for Tf */
        size_t k = t->wlong ? 0 : t->wlen;
        memcpy(t->fname, t->word, k);
        t->fname[k] = '\0';
        return;
    }
    if ((c0 >= '0' && c0 <= '9') || c0 == '+' || c0 == '-' || c0 == '.') {
        content_number(t);
        return;
    }
    unsigned nnum = t->nnum;
    t->nnum = 0;
    if (t->wlong) { /* no operator is that long */
        t->plen = 0;
        return;
    }
    if (word_is(t, "true") || word_is(t, "false") || word_is(t, "null"))
        return;
    content_operator(p, nnum);
}

/* A string: a CMap's operand, or text waiting for its operator. */
static void content_str(struct pm_pdf *p, const unsigned char *s, size_t n, int final)
{
    if (p->cb.idx != -1) {
        pdf_cmap_str(p, s, n, final);
        return;
    }
    pdf_str_text(p, s, n, final);
}

static void content_bracket(struct pm_pdf *p, unsigned c)
{
    if (p->cb.idx != -1) /* a bfrange's destination array */
        pdf_cmap_bracket(p, c);
}

static const struct tok_ops pdf_content_ops = {
    .pol = POL_CONTENT,
    .word = content_word,
    .str = content_str,
    .open = NULL,
    .close = NULL,
    .bracket = content_bracket,
};

/* ==== the top level =============================================================== */

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
 * also through /Font K 0 R when object K comes later), /Type /Font (or a
 * font /Subtype) and /Encoding /Identity-H. Only the last four tokens and
 * the dictionary nesting are kept.
 */

static void trk_reset(struct pm_pdf *p)
{
    memset(&p->tr, 0, sizeof p->tr);
}

static void obj_begin(struct pm_pdf *p, uint32_t obj)
{
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
        if (tr->fontdepth && tr->depth == tr->fontdepth) {
            pdf_rname_set(p, h3->name, ref);
        } else if (strcmp(h3->name, "/ToUnicode") == 0) {
            struct font *f = pdf_font_get(p, p->curobj, 1);
            if (f) {
                f->cmap = ref;
                f->seen = 1;
            }
        } else if (strcmp(h3->name, "/Font") == 0 && tr->depth >= 1 && p->nfres < PM_PDF_FRES) {
            p->fres[p->nfres++] = ref;
        }
    } else if (n > 0 && w[0] == '/' && h1->type == H_NAME) {
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
    while (n > 0 && !p->zend && !p->zdead) {
        size_t in = n < PM_PDF_ZIN_MAX ? n : PM_PDF_ZIN_MAX;
        p->z.next_in = b;
        p->z.avail_in = (uInt)in;
        for (;;) {
            p->z.next_out = p->zbuf;
            p->z.avail_out = PM_PDF_ZBUF;
            int rc = inflate(&p->z, Z_NO_FLUSH);
            size_t got = PM_PDF_ZBUF - p->z.avail_out;
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
            if (rc == Z_STREAM_END) {
                p->zend = 1; /* bytes after the zlib stream are ignored */
                break;
            }
            if (rc != Z_OK && rc != Z_BUF_ERROR) {
                p->zdead = 1; /* corrupt: skip to endstream */
                break;
            }
            if (rc == Z_BUF_ERROR || (p->z.avail_in == 0 && p->z.avail_out != 0))
                break;
        }
        b += in;
        n -= in;
    }
}

static void consume(struct pm_pdf *p, const unsigned char *b, size_t n)
{
    if (n == 0)
        return;
    if (p->kind == S_RAW)
        pdf_tok_feed(p, b, n);
    else if (p->kind == S_FLATE)
        inflate_feed(p, b, n);
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
    if (p->kind == S_FLATE && inflateReset(&p->z) != Z_OK)
        p->zdead = 1;
    pdf_tok_reset(&p->t, sd.objstm ? &dict_ops : &pdf_content_ops, 1);
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
        unsigned c = b[k];
        if (c == (unsigned char)ENDSTREAM[p->em])
            p->em++;
        else /* the only border in "endstream" is its 'e' */
            p->em = (p->em == 7 && c == 'n') ? 2 : (c == 'e');
        if (p->em == sizeof ENDSTREAM - 1) {
            data_push(p, b, k + 1);
            /* drop the marker and the EOL before it, release the rest */
            p->nlag = p->nlag >= p->em ? p->nlag - p->em : 0;
            if (p->nlag && p->lag[p->nlag - 1] == '\n')
                p->nlag--;
            if (p->nlag && p->lag[p->nlag - 1] == '\r')
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
    if (inflateInit(&p->z) != Z_OK) {
        free(p);
        p = NULL;
        goto done;
    }
    p->emit = emit;
    p->ctx = ctx;
    p->st = O_RAW;
    p->last = '\n';
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
    inflateEnd(&p->z);
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
