/* ex_ps.c — PostScript (and EPS): the text a page shows, not the program
 * that draws it.
 *
 * A PostScript file is a program. Its numbers are coordinates, font metrics,
 * matrices and image samples ("4646 4740 5428 5531 moveto"), and read as
 * text they become card numbers and phones by the hundred (a manual printed
 * by dvips held 322 "cards"). What a reader sees is in its string literals,
 * "(Hello, world) show", and what a document says about itself is in its
 * DSC comments ("%%Title:", "%%For:"). So this emits only those: the bytes of
 * each string (escapes undone, Latin-1 as UTF-8) followed by a space, and
 * the text of each "%%" comment line. Hex and ASCII85 strings (<...>,
 * <~...~>: image data) and encrypted font programs (from "eexec" to
 * "cleartomark") are skipped.
 * Nothing else of the program is read, and nothing is interpreted.
 */
#include <string.h>

#include "common/utf8.h"
#include "extract/extractor.h"

enum ps_state {
    PS_CODE,    /* between tokens or in one */
    PS_COMMENT, /* after '%' to the end of the line */
    PS_DSC,     /* after "%%": the line is emitted */
    PS_STRING,  /* inside (...) */
    PS_ESCAPE,  /* after a backslash in a string */
    PS_OCTAL,   /* in an octal escape */
    PS_HEX,     /* inside <...> */
    PS_A85,     /* inside <~...~> (ASCII85 data) */
    PS_FONT,    /* after eexec, until cleartomark */
};

struct ps {
    enum ps_state st;
    int depth;          /* nesting of parentheses in a string */
    int line_start;     /* the last byte was a newline (or none yet) */
    int pct;            /* '%' just seen at the start of a comment */
    unsigned oct, noct; /* the octal escape so far */
    char tok[12];       /* the token being read in code, for "eexec" */
    size_t ntok;
    size_t match;       /* bytes of "cleartomark" matched in a font program */
    int tilde;          /* in ASCII85 data: the last byte was '~' */
};

static const char cleartomark[] = "cleartomark";

static size_t put(char *out, size_t o, unsigned char c)
{
    if (c < 0x80) {
        out[o] = (char)c;
        return o + 1;
    }
    return o + pm_utf8_put(c, out + o); /* Latin-1 */
}

static int delim(unsigned char c)
{
    return c <= ' ' || c == '(' || c == ')' || c == '<' || c == '>' || c == '[' || c == ']' ||
           c == '{' || c == '}' || c == '/' || c == '%';
}

/* A token of code ended: "eexec" starts an encrypted font program. */
static void end_token(struct ps *s)
{
    if (s->ntok == 5 && memcmp(s->tok, "eexec", 5) == 0) {
        s->st = PS_FONT;
        s->match = 0;
    }
    s->ntok = 0;
}

static size_t ps_code(struct ps *s, unsigned char c, char *out, size_t o)
{
    if (!delim(c)) {
        if (s->ntok < sizeof s->tok)
            s->tok[s->ntok] = (char)c;
        s->ntok++;
        return o;
    }
    end_token(s);
    if (s->st == PS_FONT)
        return o;
    if (c == '(') {
        s->st = PS_STRING;
        s->depth = 1;
    } else if (c == '<') {
        s->st = PS_HEX; /* "<<" (a dictionary) leaves it at once below */
    } else if (c == '%') {
        s->st = PS_COMMENT;
        s->pct = s->line_start;
    }
    return o;
}

static size_t ps_string(struct ps *s, unsigned char c, char *out, size_t o)
{
    if (c == '\\') {
        s->st = PS_ESCAPE;
    } else if (c == '(') {
        s->depth++;
        o = put(out, o, c);
    } else if (c == ')') {
        if (--s->depth == 0) {
            s->st = PS_CODE;
            out[o++] = ' ';
        } else {
            o = put(out, o, c);
        }
    } else {
        o = put(out, o, c == '\r' ? '\n' : c);
    }
    return o;
}

static size_t ps_escape(struct ps *s, unsigned char c, char *out, size_t o)
{
    static const char from[] = "nrtbf", to[] = "\n\n\t  ";
    s->st = PS_STRING;
    if (c >= '0' && c <= '7') {
        s->st = PS_OCTAL;
        s->oct = c - '0';
        s->noct = 1;
    } else if (c == '\n' || c == '\r') {
        /* a line continued */
    } else {
        const char *f = c ? strchr(from, c) : NULL;
        o = put(out, o, f ? (unsigned char)to[f - from] : c);
    }
    return o;
}

static size_t step(struct ps *s, unsigned char c, char *out, size_t o)
{
    switch (s->st) {
    case PS_CODE:
        o = ps_code(s, c, out, o);
        break;
    case PS_COMMENT:
        if (s->pct && c == '%') {
            s->st = PS_DSC;
        } else if (c == '\n' || c == '\r') {
            s->st = PS_CODE;
        }
        s->pct = 0;
        break;
    case PS_DSC:
        if (c == '\n' || c == '\r') {
            s->st = PS_CODE;
            out[o++] = '\n';
        } else {
            o = put(out, o, c);
        }
        break;
    case PS_STRING:
        o = ps_string(s, c, out, o);
        break;
    case PS_ESCAPE:
        o = ps_escape(s, c, out, o);
        break;
    case PS_OCTAL:
        if (c >= '0' && c <= '7' && s->noct < 3) {
            s->oct = s->oct * 8 + (c - '0');
            s->noct++;
            if (s->noct < 3)
                break;
            c = 0; /* consumed */
        }
        o = put(out, o, (unsigned char)(s->oct & 0xff));
        s->st = PS_STRING;
        if (c)
            o = ps_string(s, c, out, o);
        break;
    case PS_HEX:
        if (c == '~')
            s->st = PS_A85;
        else if (c == '<' || c == '>')
            s->st = PS_CODE; /* "<<" or the end of the hex string */
        break;
    case PS_A85:
        if (c == '>' && s->tilde)
            s->st = PS_CODE;
        s->tilde = c == '~';
        break;
    case PS_FONT:
        s->match = c == (unsigned char)cleartomark[s->match] ? s->match + 1
                   : c == 'c'                                 ? 1
                                                              : 0;
        if (s->match == sizeof cleartomark - 1)
            s->st = PS_CODE;
        break;
    }
    return o;
}

/* Each output byte comes from at least one input byte, and a Latin-1 byte
 * takes two: within pm_decode_bound(n). */
static size_t convert(void *state, const unsigned char *in, size_t n, char *out)
{
    struct ps *s = state;
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = in[i];
        o = step(s, c, out, o);
        s->line_start = c == '\n' || c == '\r';
    }
    return o;
}

static int ps_bid(const struct pm_probe *p)
{
    static const char *const exts[] = {"ps", "eps", "epsf", "epsi", NULL};
    if (strcmp(p->mime, "application/postscript") == 0)
        return PM_BID_TYPE;
    if (p->nhead >= 4 && memcmp(p->head, "%!PS", 4) == 0 && pm_name_has_ext(p->name, exts))
        return PM_BID_TYPE;
    return PM_BID_NONE;
}

static int ps_scan(struct pm_job *j)
{
    struct ps s = {.st = PS_CODE, .line_start = 1};
    j->o->encoding = "postscript";
    pm_job_pump(j, 0, convert, &s);
    return PM_EX_DONE;
}

const struct pm_extractor pm_ex_ps = {"ps", ps_bid, ps_scan};
