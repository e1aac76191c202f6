/* pdf_int.h — what the parts of the PDF text extractor share: limits, the
 * tokenizer's state and the extractor object. Not for use outside extract/pdf/.
 *
 * Where things are (each file's header says more):
 *
 *   lexer.c    the bottom: byte classes, the output buffer, the byte-level
 *              tokenizer (literal and hex strings, comments, words, inline
 *              images) and the conversion of string bytes to text
 *              (UTF-16BE to UTF-8). It reports tokens through a struct
 *              tok_ops and knows nothing of what reads them.
 *   cmap.c     ToUnicode: the font and resource-name tables, CMap streams
 *              parsed into tables, shown text decoded through them, and the
 *              hold for text whose font is not known yet.
 *   textpos.c  where shown text lands: the text and graphics state's
 *              matrices, run widths estimated, and the separator (none,
 *              space, tab, newline) between one run and the next.
 *   content.c  content streams: string operands shown by Tj, TJ, ' and ",
 *              separated as textpos.c says; a stream that says begincmap
 *              is handed to cmap.c instead.
 *   pdf.c      the top: the raw file bytes, object dictionaries (fonts,
 *              resource names, object stream headers), stream dictionaries,
 *              FlateDecode inflation and the public API of pdf.h.
 *
 * Dependencies go one way: lexer, textpos <- cmap <- content <- pdf (each may
 * use the ones to its left). The tokenizer calls upward only through the
 * tok_ops table its owner gives it. This header includes only textpos.h,
 * which is arithmetic on its own struct and includes nothing of the others.
 */
#ifndef PM_PDF_INT_H
#define PM_PDF_INT_H

#ifndef ZLIB_CONST
#define ZLIB_CONST
#endif
#include <stddef.h>
#include <stdint.h>

#include "common/inflate.h"
#include "extract/pdf/pdf.h"
#include "extract/pdf/textpos.h"

#define PM_PDF_INFLATE_MAX (256ull * 1024u * 1024u) /* inflated bytes per stream */
#define PM_PDF_STR_MAX (64u * 1024u)  /* one string piece */
#define PM_PDF_PEND_MAX (64u * 1024u) /* shown-text operands awaiting their operator */
#define PM_PDF_OUT_MAX (16u * 1024u)  /* text handed to the callback at once */
#define PM_PDF_ZBUF (16u * 1024u)     /* inflate output chunk */
#define PM_PDF_ZIN (64u * 1024u)      /* inflate input block, counted from the stream's start */
#define PM_PDF_WIN_KEEP 4096u         /* look-back kept before `stream` */
#define PM_PDF_WIN (2u * PM_PDF_WIN_KEEP)
#define PM_PDF_LAG 11u       /* held-back stream bytes: "endstream" plus CR LF */
#define PM_PDF_VERIFY_WS 32u /* whitespace allowed between /Length bytes and endstream */
#define PM_PDF_EOL_WS 8u     /* stray blanks allowed between `stream` and its EOL */
#define PM_PDF_WORD 16u      /* operator bytes kept; longer words are never operators */
#define PM_PDF_NAME 32u      /* dictionary name bytes kept */
#define PM_PDF_JUNK_MIN 64u  /* binary bytes between tokens before a stream is given up */
#define PM_PDF_KERNS 256u    /* TJ numbers kept apart per show; more add to the last */
/* ToUnicode (see cmap.c) */
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
#define PM_PDF_RCANDS 16u                /* objects that may be /Font dictionaries, kept */
#define PM_PDF_RCAND_NAMES 32u           /* names of each */
#define PM_PDF_OSTM_MAX 1024u            /* object numbers read from an /ObjStm header */
#define PM_PDF_HOLD_MAX (8u << 20)       /* shown text held until its font is known */

/* ---- the tokenizer (lexer.c) ---------------------------------------------------- */

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

/* What the tokenizer reports, and to whom: the object dictionaries (pdf.c,
 * POL_DICT) or a content stream (content.c, POL_CONTENT). A NULL hook
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
    /* CONTENT: numeric operands of the text and matrix operators */
    double num[6];                 /* the last numbers, newest last */
    unsigned nnum;
    /* CONTENT: where the pending strings go (textpos.c) */
    int inarr;                     /* inside [ ] (a TJ array) */
    struct { size_t off; double v; } kern[PM_PDF_KERNS]; /* TJ numbers: at pend offset */
    unsigned nkern;
    struct pdf_tp tp;              /* the text state */
    int codes_known;               /* codes holds pdf_font_codes() of the font set by Tf */
    enum pdf_codes codes;
};

/* ---- ToUnicode tables (cmap.c) -------------------------------------------------- */

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

/* ---- the object dictionary tracker (pdf.c) -------------------------------------- */

enum htype { H_NONE, H_NAME, H_NUM, H_WORD, H_OTHER };

struct htok {                    /* one recent token of a dictionary */
    enum htype type;
    int64_t num;                 /* a plain integer, else -1 */
    char name[PM_PDF_WORD + 1];
};

/* An object whose dictionary held only "/Name N 0 R" entries: a /Font
 * resource dictionary, if a /Font K 0 R names it after it was read. */
struct rcand {
    uint32_t obj;
    unsigned n;
    struct rname e[PM_PDF_RCAND_NAMES];
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
    struct pm_inflate *z;  /* FlateDecode (common/inflate.h) */
    int zend;              /* inflate reached the end of the zlib stream */
    int zdead;             /* inflate failed or hit the limit: skip the rest */
    uint64_t zout;         /* inflated bytes of this stream */
    unsigned char zbuf[PM_PDF_ZBUF];
    /* Compressed bytes go to inflate in blocks of PM_PDF_ZIN from the
     * stream's start (the rest at its end), whatever pieces the file came
     * in: igzip's output before a corrupt spot depends on how its input
     * was cut, and the text must not depend on the reads. */
    unsigned char zin[PM_PDF_ZIN];
    size_t nzin;
    struct tok t;
    /* output */
    char out[PM_PDF_OUT_MAX];
    size_t olen;
    char last;             /* last byte emitted, '\n' at the start */
    char last2;            /* the byte before it, '\n' at the start */
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
    struct rcand rc;       /* the current object, while it may be a /Font dictionary */
    int rcok;              /* it still may be */
    struct rcand rcs[PM_PDF_RCANDS]; /* the last such objects read */
    size_t nrcs;
    struct cmap cmaps[PM_PDF_CMAPS];
    size_t ncmaps;
    size_t cmap_mem;       /* bytes of CMap tables allocated */
    struct cmb cb;
    char curfont[PM_PDF_WORD + 1]; /* resource name of the font set by Tf, "" if none */
    /* shown text whose font is not known yet: records (see hold_text in cmap.c) */
    unsigned char *hold;
    size_t hlen, hcap, hlast; /* hlast: offset of the last text record, SIZE_MAX if none */
    int held;              /* the last shown text was held: separators go there too */
    int hnl;               /* the last hold record is a separator: its kind ('N', 'S', 'B'), else 0 */
    uint64_t overflows;    /* shown strings emitted raw because the hold was full */
};

#endif
