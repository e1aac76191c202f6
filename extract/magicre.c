/* magicre.c — the literals a POSIX extended regex needs (magicre.h).
 *
 * It reads the pattern once: a literal character or a bracket class that
 * must occur once, in a row with the one before, extends a run; a group of alternatives whose every
 * branch needs a run gives one need with those runs as alternatives. A '^'
 * that begins the pattern anchors its first need to a line start (libmagic
 * compiles with REG_NEWLINE), after any run of a leading optional class.
 * Anything it does not know ends a run and needs nothing: it must never claim
 * a need the regex does not have.
 */
#include <ctype.h>
#include <string.h>

#include "extract/magicre.h"

#define SEQ_NEEDS 16

/* A need found in a sequence, with where it starts. */
struct found {
    struct pm_re_need need;
    int at_start;  /* it starts at the sequence's first atom, or right after
                      a leading optional class (then skip holds that class) */
};

struct parser {
    const unsigned char *p;
    int icase;
    int bad; /* the pattern is not understood: it needs nothing */
    uint8_t (*set)[32]; /* the classes runs refer to ... */
    unsigned nset;      /* ... and how many */
};

static void set_add(uint8_t *set, unsigned c) { set[c >> 3] |= (uint8_t)(1u << (c & 7)); }
static int set_has(const uint8_t *set, unsigned c) { return set[c >> 3] >> (c & 7) & 1; }

static size_t min_len(const struct pm_re_need *n)
{
    size_t m = PM_RE_LIT + 1;
    for (unsigned i = 0; i < n->nalt; i++)
        if (n->alt[i].n < m)
            m = n->alt[i].n;
    return n->nalt ? m : 0;
}

static void add_class(uint8_t *set, const char *name)
{
    for (unsigned c = 0; c < 256; c++) {
        int in = 0;
        if (!strcmp(name, "alpha")) in = isalpha((int)c);
        else if (!strcmp(name, "digit")) in = isdigit((int)c);
        else if (!strcmp(name, "alnum")) in = isalnum((int)c);
        else if (!strcmp(name, "space")) in = isspace((int)c);
        else if (!strcmp(name, "blank")) in = c == ' ' || c == '\t';
        else if (!strcmp(name, "upper")) in = isupper((int)c);
        else if (!strcmp(name, "lower")) in = islower((int)c);
        else if (!strcmp(name, "xdigit")) in = isxdigit((int)c);
        else in = 1; /* punct, print, graph, cntrl or unknown: a superset */
        if (in)
            set_add(set, c);
    }
}

/* Reads a bracket expression after its '['; fills set (a superset). */
static void parse_bracket(struct parser *P, uint8_t *set)
{
    uint8_t s[32] = {0};
    int neg = 0;
    if (*P->p == '^') {
        neg = 1;
        P->p++;
    }
    int first = 1;
    while (*P->p && (first || *P->p != ']')) {
        first = 0;
        if (P->p[0] == '[' && (P->p[1] == ':' || P->p[1] == '=' || P->p[1] == '.')) {
            const unsigned char *e = (const unsigned char *)strstr((const char *)P->p + 2, ":]");
            char name[16];
            size_t len = e ? (size_t)(e - P->p - 2) : sizeof name;
            if (P->p[1] != ':' || !e || len >= sizeof name) {
                memset(s, 0xFF, sizeof s); /* collating or equivalence: anything */
                P->bad = !e;
                P->p = e ? e + 2 : P->p + 2;
                continue;
            }
            memcpy(name, P->p + 2, len);
            name[len] = 0;
            add_class(s, name);
            P->p = e + 2;
            continue;
        }
        unsigned lo = *P->p++;
        unsigned hi = lo;
        if (P->p[0] == '-' && P->p[1] && P->p[1] != ']') {
            hi = P->p[1];
            P->p += 2;
        }
        for (unsigned c = lo; c <= hi && c < 256; c++)
            set_add(s, c);
    }
    if (*P->p != ']') {
        P->bad = 1;
        return;
    }
    P->p++;
    for (unsigned c = 0; c < 256; c++) {
        int in = set_has(s, c) != neg;
        if (in && P->icase && isalpha((int)c)) {
            set_add(set, (unsigned)tolower((int)c));
            set_add(set, (unsigned)toupper((int)c));
        }
        if (in)
            set_add(set, c);
    }
}

/* Reads a quantifier, if one follows: *min, *max (-1: unbounded). */
static void parse_quant(struct parser *P, int *min, int *max)
{
    *min = *max = 1;
    switch (*P->p) {
    case '*': *min = 0; *max = -1; P->p++; return;
    case '+': *max = -1; P->p++; return;
    case '?': *min = 0; P->p++; return;
    case '{': break;
    default: return;
    }
    if (!isdigit(P->p[1])) {
        P->bad = 1;
        return;
    }
    P->p++;
    int m = 0;
    while (isdigit(*P->p))
        m = m * 10 + (*P->p++ - '0');
    *min = m;
    *max = m;
    if (*P->p == ',') {
        P->p++;
        *max = -1;
        if (isdigit(*P->p)) {
            int x = 0;
            while (isdigit(*P->p))
                x = x * 10 + (*P->p++ - '0');
            *max = x;
        }
    }
    if (*P->p != '}')
        P->bad = 1;
    else
        P->p++;
}

static int parse_seq(struct parser *P, struct found *out, int *nout);

/* A group after its '(': one need whose alternatives are the best need of
 * each branch, or none (0). */
static int parse_group(struct parser *P, struct found *g)
{
    memset(g, 0, sizeof *g);
    int ok = 1, at_start = 1;
    for (;;) {
        struct found f[SEQ_NEEDS];
        int nf = 0;
        parse_seq(P, f, &nf);
        int best = -1;
        for (int i = 0; i < nf; i++)
            if (best < 0 || min_len(&f[i].need) > min_len(&f[best].need))
                best = i;
        if (best < 0 || g->need.nalt + f[best].need.nalt > PM_RE_ALTS) {
            ok = 0;
        } else {
            for (unsigned a = 0; a < f[best].need.nalt; a++)
                g->need.alt[g->need.nalt++] = f[best].need.alt[a];
            /* anchoring carries only when each branch's need is its start */
            at_start &= f[best].at_start == 1;
        }
        if (*P->p == '|') {
            P->p++;
            continue;
        }
        break;
    }
    if (*P->p != ')') {
        P->bad = 1;
        return 0;
    }
    P->p++;
    g->at_start = at_start;
    return ok;
}

enum atom { A_LIT, A_CLASS, A_GROUP, A_OTHER };

/* Reads atoms until ')', '|' or the end; the needs go to out. */
static int parse_seq(struct parser *P, struct found *out, int *nout)
{
    struct pm_re_lit run;
    memset(&run, 0, sizeof run);
    int run_at_start = 0, idx = 0;
    uint8_t lead[32] = {0};  /* a leading optional class, for anchoring */
    int lead_ok = 0;
#define PUSH_RUN()                                                              \
    do {                                                                        \
        if (run.n && *nout < SEQ_NEEDS) {                                       \
            struct found *f = &out[(*nout)++];                                  \
            memset(f, 0, sizeof *f);                                            \
            f->need.alt[0] = run;                                               \
            f->need.nalt = 1;                                                   \
            f->at_start = run_at_start;                                         \
            if (run_at_start == 2)                                              \
                memcpy(f->need.skip, lead, sizeof lead);                        \
        }                                                                       \
        run.n = 0;                                                              \
    } while (0)
    while (*P->p && *P->p != ')' && *P->p != '|' && !P->bad) {
        enum atom kind = A_OTHER;
        unsigned char c = 0;
        uint8_t cls[32] = {0};
        struct found g;
        int gok = 0;
        unsigned char ch = *P->p++;
        if (ch == '(') {
            kind = A_GROUP;
            gok = parse_group(P, &g);
        } else if (ch == '[') {
            kind = A_CLASS;
            parse_bracket(P, cls);
        } else if (ch == '\\') {
            if (!*P->p) {
                P->bad = 1;
                break;
            }
            c = *P->p++;
            /* \w \s \b \1 and GNU's \< \> \` \': not literals */
            kind = isalnum(c) || c == '<' || c == '>' || c == '`' || c == '\'' ? A_OTHER : A_LIT;
        } else if (ch == '.') {
            kind = A_CLASS;
            memset(cls, 0xFF, sizeof cls);
        } else if (ch == '^' || ch == '$') {
            kind = A_OTHER;
        } else if (ch == '*' || ch == '+' || ch == '?' || ch == '{') {
            P->bad = 1; /* a quantifier with nothing before it */
            break;
        } else {
            kind = A_LIT;
            c = ch;
        }
        int min, max;
        parse_quant(P, &min, &max);
        unsigned k = 0; /* a class in a run: its set number + 1 */
        if (kind == A_CLASS && min >= 1 && P->nset < PM_RE_SETS) {
            memcpy(P->set[P->nset++], cls, 32);
            k = P->nset;
        }
        if ((kind == A_LIT || k) && min >= 1) {
            if (run.n == 0)
                run_at_start = idx == 0 ? 1 : (idx == 1 && lead_ok) ? 2 : 0;
            if (run.n < PM_RE_LIT) {
                run.cls[run.n] = (uint8_t)k;
                run.s[run.n++] = c;
            }
            if (min != 1 || max != 1)
                PUSH_RUN();
        } else {
            PUSH_RUN();
            if (kind == A_GROUP && gok && min >= 1 && *nout < SEQ_NEEDS) {
                g.at_start = g.at_start && idx == 0;
                out[(*nout)++] = g;
            }
            if (idx == 0 && kind == A_CLASS && min == 0) {
                memcpy(lead, cls, sizeof lead);
                lead_ok = 1;
            }
        }
        idx++;
    }
    PUSH_RUN();
#undef PUSH_RUN
    return 0;
}

/* The keys of the pairs of literal bytes of each alternative. */
static void add_pairs(struct pm_re_needs *out)
{
    for (unsigned i = 0; i < out->n; i++)
        for (unsigned a = 0; a < out->need[i].nalt; a++) {
            struct pm_re_lit *l = &out->need[i].alt[a];
            l->npair = 0;
            for (unsigned k = 0; k + 1 < l->n && l->npair < PM_RE_PAIRS; k++)
                if (!l->cls[k] && !l->cls[k + 1])
                    l->pair[l->npair++] = (uint16_t)pm_pair_key(l->s[k], l->s[k + 1]);
        }
}

void pm_re_analyse(const char *pat, int icase, struct pm_re_needs *out)
{
    memset(out, 0, sizeof *out);
    out->icase = (uint8_t)(icase != 0);
    struct parser P = {(const unsigned char *)pat, icase, 0, out->set, 0};
    int anchored = 0;
    if (*P.p == '^') {
        anchored = 1;
        P.p++;
    }
    struct found f[SEQ_NEEDS];
    int nf = 0;
    parse_seq(&P, f, &nf);
    if (P.bad || *P.p) /* a top-level '|', a stray ')': not understood */
        return;
    /* The anchored need first, then the longest. */
    int used[SEQ_NEEDS] = {0};
    for (int i = 0; i < nf && anchored; i++)
        if (f[i].at_start) {
            out->need[out->n] = f[i].need;
            out->need[out->n++].anchored = 1;
            used[i] = 1;
            break;
        }
    while (out->n < PM_RE_NEEDS) {
        int best = -1;
        for (int i = 0; i < nf; i++)
            if (!used[i] && (best < 0 || min_len(&f[i].need) > min_len(&f[best].need)))
                best = i;
        if (best < 0)
            break;
        used[best] = 1;
        out->need[out->n] = f[best].need;
        out->need[out->n].anchored = 0;
        memset(out->need[out->n].skip, 0, 32);
        out->n++;
    }
    add_pairs(out);
}

/* ---- matching ---------------------------------------------------------------- */

static int lit_at(const struct pm_re_needs *r, const struct pm_re_lit *l, const unsigned char *p)
{
    for (unsigned i = 0; i < l->n; i++) {
        if (l->cls[i]) {
            if (!set_has(r->set[l->cls[i] - 1], p[i]))
                return 0;
        } else if (r->icase ? tolower(p[i]) != tolower(l->s[i]) : p[i] != l->s[i]) {
            return 0;
        }
    }
    return 1;
}

static int lit_find(const struct pm_re_needs *r, const struct pm_re_lit *l,
                    const unsigned char *buf, size_t from, size_t n)
{
    if (l->n == 0)
        return 1;
    if (n < from || n - from < l->n)
        return 0;
    if (l->cls[0]) {
        for (size_t i = from; i + l->n <= n; i++)
            if (lit_at(r, l, buf + i))
                return 1;
        return 0;
    }
    unsigned char c[2] = {l->s[0], l->s[0]};
    if (r->icase) {
        c[0] = (unsigned char)tolower(c[0]);
        c[1] = (unsigned char)toupper(c[0]);
    }
    for (int k = 0; k < (c[1] != c[0] ? 2 : 1); k++) {
        const unsigned char *p = buf + from, *end = buf + n - l->n + 1;
        while (p < end && (p = memchr(p, c[k], (size_t)(end - p))) != NULL) {
            if (lit_at(r, l, p))
                return 1;
            p++;
        }
    }
    return 0;
}

static int need_at_lines(const struct pm_re_needs *r, const struct pm_re_need *nd,
                         const unsigned char *buf, size_t from, size_t n)
{
    for (size_t s = from; s < n;) {
        for (size_t k = s;; k++) {
            for (unsigned a = 0; a < nd->nalt; a++)
                if (k + nd->alt[a].n <= n && lit_at(r, &nd->alt[a], buf + k))
                    return 1;
            if (k >= n || !set_has(nd->skip, buf[k]))
                break;
        }
        const unsigned char *nl = memchr(buf + s, '\n', n - s);
        if (!nl)
            break;
        s = (size_t)(nl - buf) + 1;
    }
    return 0;
}

/* 0 if a pair of the run's literal bytes is nowhere in the buffer. */
static int pairs_allow(const struct pm_re_lit *l, const uint64_t *pairs)
{
    for (unsigned k = 0; pairs && k < l->npair; k++)
        if (!pm_pair_has(pairs, l->pair[k]))
            return 0;
    return 1;
}

int pm_re_may_match(const struct pm_re_needs *r, const unsigned char *buf, size_t from, size_t n,
                    const uint64_t *pairs)
{
    for (unsigned i = 0; i < r->n; i++) {
        const struct pm_re_need *nd = &r->need[i];
        int ok = 0, any = 0;
        for (unsigned a = 0; a < nd->nalt && !any; a++)
            any = pairs_allow(&nd->alt[a], pairs);
        if (!any)
            return 0;
        if (nd->anchored) {
            ok = need_at_lines(r, nd, buf, from, n);
        } else {
            for (unsigned a = 0; a < nd->nalt && !ok; a++)
                ok = lit_find(r, &nd->alt[a], buf, from, n);
        }
        if (!ok)
            return 0;
    }
    return 1;
}
