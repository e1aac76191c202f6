/* test_cluster.c — digit clusters (detect/cluster.c): what a cluster is, its
 * groups, the lead of two letters, the group-shape test the cluster gates
 * use, and the fast scan checked against a byte-by-byte model on random
 * text of digits, separators and letters (every alignment of the 16-byte
 * loads, clusters at both ends of the buffer). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "detect/cluster.h"
#include "detect/textmask.h"

#define MAXC 512

struct seen {
    size_t n;
    struct pm_cluster v[MAXC];
};

static int keep(void *ctx, const struct pm_cluster *c)
{
    struct seen *s = ctx;
    if (s->n < MAXC)
        s->v[s->n++] = *c;
    return 0;
}

static struct seen *scan(const char *text, size_t from, unsigned min, unsigned lead)
{
    static struct seen s;
    s.n = 0;
    struct pm_cluster_want w = {min, lead};
    assert_int_equal(pm_clusters_each(text, strlen(text), from, w, keep, &s), 0);
    return &s;
}

static void test_what_a_cluster_is(void **state)
{
    (void)state;
    const char *t = "Call (555) 123-4567 now, card 4111 1111 1111 1111; ip 10.1.2.3; "
                    "id a1b2c3 on 2024-01-01T10:00:00 x 12    34";
    struct seen *s = scan(t, 0, 1, 1);
    /* 555) 123-4567 | 4111 1111 1111 1111 | 10.1.2.3 | 1 | 2 | 3 | 2024-01-01 |
     * 10 | 00 | 00 | 12 | 34 (four spaces do not join) */
    assert_int_equal(s->n, 12);
    const struct pm_cluster *c = &s->v[0];
    assert_int_equal(c->start, 6);
    assert_int_equal(c->end, 19);
    assert_int_equal(c->ndigits, 10);
    assert_int_equal(c->ngroups, 3);
    assert_int_equal(c->glen[0], 3);
    assert_int_equal(c->glen[2], 4);
    assert_int_equal(c->lastgroup, 4);
    assert_int_equal(c->maxgroup, 4);
    size_t at;
    assert_int_equal(pm_cluster_gap(c, 0, &at), 2); /* ") " */
    assert_int_equal(t[at], ')');
    assert_int_equal(s->v[1].ndigits, 16);
    assert_int_equal(s->v[1].ngroups, 4);
    assert_true(s->v[1].lenmask == (UINT32_C(1) << 4));
    assert_int_equal(s->v[2].ndigits, 5);
    assert_int_equal(s->v[6].ndigits, 8);
    assert_int_equal(s->v[10].ndigits, 2);
    assert_int_equal(s->v[11].ndigits, 2);
    /* Only clusters of at least 5 digits: the phone, the card, the IP, the date. */
    s = scan(t, 0, 5, 5);
    assert_int_equal(s->n, 4);
    /* From an offset: a cluster that began before it is described from there. */
    s = scan(t, 8, 1, 1);
    assert_int_equal(s->v[0].start, 8);
    assert_int_equal(s->v[0].ndigits, 8);
}

static void test_lead(void **state)
{
    (void)state;
    assert_true(pm_cluster_lead("DE89 3704", 2));
    assert_true(pm_cluster_lead("iban: gb82", 8));
    assert_false(pm_cluster_lead("xDE89", 3));   /* three letters */
    assert_false(pm_cluster_lead("_DE89", 3));   /* after a word byte */
    assert_false(pm_cluster_lead("7DE89", 3));
    assert_false(pm_cluster_lead("D-89", 2));
    assert_true(pm_cluster_lead("BE 55 552", 3));
    assert_false(pm_cluster_lead("BE  55", 4)); /* two spaces */
    assert_false(pm_cluster_lead("E89", 1));
    /* Small clusters pass only after such a lead. */
    struct seen *s = scan("span=94b2b8fda02f ref DE89 and GB82 WEST", 0, 5, 2);
    assert_int_equal(s->n, 2);
    assert_int_equal(s->v[0].start, 24);
    assert_int_equal(s->v[1].start, 33);
}

static void test_groups(void **state)
{
    (void)state;
    static const unsigned ssn[] = {3, 2, 0}, nanp[] = {3, 3, 0};
    const char *t = "x 12 123-45-6789 y";
    struct seen *s = scan(t, 0, 1, 1);
    assert_int_equal(s->n, 1);
    assert_true(pm_cluster_has_groups(&s->v[0], t, ssn, 3, "- ."));
    assert_false(pm_cluster_has_groups(&s->v[0], t, ssn, 3, "."));
    assert_false(pm_cluster_has_groups(&s->v[0], t, nanp, 3, " .-)"));
    t = "(555)123-4567";
    s = scan(t, 0, 1, 1);
    assert_true(pm_cluster_has_groups(&s->v[0], t, nanp, 3, " .-)"));
    assert_false(pm_cluster_has_groups(&s->v[0], t, nanp, 3, " .-"));
    t = "(555)  123-4567"; /* ")  " is three bytes: no value joins that way */
    s = scan(t, 0, 1, 1);
    assert_false(pm_cluster_has_groups(&s->v[0], t, nanp, 3, " .-)"));
    /* More groups than a cluster describes: the test cannot tell, so yes. */
    char many[200] = "";
    for (int i = 0; i < 40; i++)
        strcat(many, "1 ");
    s = scan(many, 0, 1, 1);
    assert_int_equal(s->n, 1);
    assert_int_equal(s->v[0].ngroups, 40);
    assert_false(pm_cluster_whole(&s->v[0]));
    assert_true(pm_cluster_has_groups(&s->v[0], many, ssn, 3, "-"));
}

/* The model: the definition in cluster.h, one byte at a time. */
static int sep(char c) { return c && strchr(" -./()+", c) != NULL; }
static int dig(char c) { return c >= '0' && c <= '9'; }

static size_t model(const char *t, size_t n, size_t *starts, size_t *ends, unsigned *nds)
{
    size_t k = 0, i = 0;
    while (i < n) {
        if (!dig(t[i])) {
            i++;
            continue;
        }
        size_t j = i;
        unsigned nd = 0;
        for (;;) {
            while (j < n && dig(t[j])) {
                j++;
                nd++;
            }
            size_t q = j;
            while (q < n && q - j < 3 && sep(t[q]))
                q++;
            if (q > j && q < n && dig(t[q])) {
                j = q;
                continue;
            }
            break;
        }
        starts[k] = i;
        ends[k] = j;
        nds[k++] = nd;
        i = j;
    }
    return k;
}


/* The shape the one-pass engine reads before it asks a gate: group
 * lengths, what joins the groups, a 00 prefix, capitals and letters around,
 * 15 digits; every bit for a cluster that does not describe its groups. */
static unsigned shape_of(const char *t)
{
    struct seen *s = scan(t, 0, 1, 1);
    assert_int_equal(s->n, 1);
    return pm_cluster_shape(&s->v[0], t, strlen(t)) | pm_cluster_shape_groups(&s->v[0], t);
}

static void test_shape(void **state)
{
    (void)state;
    assert_int_equal(shape_of("call (555) 123-4567 now"),
                     PM_CF_LEN(3) | PM_CF_LEN(4) | PM_CF_LEN4UP | PM_CF_LEN3_4UP | PM_CF_JOIN(')') |
                         PM_CF_JOIN('-'));
    assert_int_equal(shape_of("ip 10.1.22.3;"), PM_CF_LEN(1) | PM_CF_LEN(2) | PM_CF_JOIN('.'));
    assert_int_equal(shape_of("tel 0049 911"), PM_CF_LEN(4) | PM_CF_LEN(3) | PM_CF_LEN4UP |
                                                   PM_CF_LEN3_4UP | PM_CF_00 | PM_CF_JOIN(' ') |
                                                   PM_CF_CAP_AFTER /* the end of the text */);
    /* 000 and a lone 00 are no international prefix */
    assert_int_equal(shape_of("x 0001+00 y") & PM_CF_00, 0);
    assert_int_equal(shape_of("AB 123456 C"),
                     PM_CF_LEN(6) | PM_CF_LEN4UP | PM_CF_CAP_BEFORE | PM_CF_CAP_AFTER);
    assert_int_equal(shape_of("aB123456c."),
                     PM_CF_LEN(6) | PM_CF_LEN4UP | PM_CF_CAP_BEFORE | PM_CF_LETTER_AFTER);
    assert_int_equal(shape_of("n 12345678-Z"), PM_CF_LEN(8) | PM_CF_LEN4UP | PM_CF_CAP_AFTER);
    assert_int_equal(shape_of("n 12345678-z"), PM_CF_LEN(8) | PM_CF_LEN4UP);
    assert_int_equal(shape_of("n 1234567890123456 /"), PM_CF_LEN13 | PM_CF_LEN4UP | PM_CF_DIGITS15);
    assert_int_equal(shape_of("n 1234567 1234567 1/"), PM_CF_LEN(7) | PM_CF_LEN(1) | PM_CF_LEN4UP |
                                                           PM_CF_DIGITS15 | PM_CF_JOIN(' '));
    /* a 3 and a 4 or more, in any order; a 3 alone is not */
    assert_int_equal(shape_of("n 12345.123 x") & PM_CF_LEN3_4UP, PM_CF_LEN3_4UP);
    assert_int_equal(shape_of("n 123.123 x") & (PM_CF_LEN3_4UP | PM_CF_LEN4UP), 0);
    char many[200] = "n ";
    for (int i = 0; i < 30; i++)
        strcat(many, "1.");
    strcat(many, "1 x");
    assert_int_equal(shape_of(many), (1u << PM_CF_BITS) - 1);
}

/* n bytes of the alphabet, drawn from *seed (an LCG), NUL-terminated. */
static void random_text(char *t, size_t n, const char *alphabet, unsigned long *seed)
{
    size_t na = strlen(alphabet);
    for (size_t i = 0; i < n; i++) {
        *seed = *seed * 6364136223846793005ul + 1442695040888963407ul;
        t[i] = alphabet[(*seed >> 33) % na];
    }
    t[n] = '\0';
}

static void test_against_model(void **state)
{
    (void)state;
    static const char alphabet[] = "0123456789012345  --..//()+aZ_x\xc3\xa9:";
    char t[300];
    size_t starts[MAXC], ends[MAXC];
    unsigned nds[MAXC];
    unsigned long seed = 12345;
    for (int it = 0; it < 20000; it++) {
        size_t n = (size_t)(it % 290);
        random_text(t, n, alphabet, &seed);
        size_t k = model(t, n, starts, ends, nds);
        struct seen *s = scan(t, 0, 1, 1);
        assert_int_equal(s->n, k);
        for (size_t i = 0; i < k; i++) {
            assert_int_equal(s->v[i].start, starts[i]);
            assert_int_equal(s->v[i].end, ends[i]);
            assert_int_equal(s->v[i].ndigits, nds[i]);
        }
    }
}

/* Every mask of pm_textmasks_fill says what its byte is, and is zero past
 * the text and in the block after it. */
static void check_masks(const struct pm_textmasks *tm, const unsigned char *t, size_t n)
{
    for (size_t i = 0; i < 64 * (n / 64 + 2); i++) {
        unsigned c = i < n ? t[i] : 0;
        size_t w = i / 64, k = i % 64;
        assert_int_equal(tm->digit[w] >> k & 1, c >= '0' && c <= '9');
        assert_int_equal(tm->sep[w] >> k & 1, c && strchr(" -./()+", (int)c) != NULL);
        assert_int_equal(tm->up[w] >> k & 1, c >= 'A' && c <= 'Z');
        assert_int_equal(tm->low[w] >> k & 1, c >= 'a' && c <= 'z');
        assert_int_equal(tm->blank[w] >> k & 1, c == ' ' || c == '\t');
        assert_int_equal(tm->hi[w] >> k & 1, c >= 0xC3 && c <= 0xC5);
    }
}

/* The scan from the window's masks (the one-pass engine's) hands over the
 * same clusters, described alike, as the scan that makes its own, for
 * every want the gates use: short runs after a lead ("ab12", "AB 12")
 * kept, the others dropped; clusters across blocks and longer than one. */
static void test_masked_same(void **state)
{
    (void)state;
    static const char alphabet[] = "0123456789012345  --..//()+aZbQ_x\t\xc3\xa9:";
    static char t[700];
    static struct seen a, bs;
    struct pm_textmasks tm = {0};
    static const struct pm_cluster_want wants[] = {{6, 2}, {1, 1}, {9, 2}, {2, 2}, {13, 13}};
    unsigned long seed = 777;
    for (int it = 0; it < 6000; it++) {
        size_t n = (size_t)(it % 690);
        random_text(t, n, alphabet, &seed);
        assert_int_equal(pm_textmasks_fill(&tm, t, n), 0);
        check_masks(&tm, (const unsigned char *)t, n);
        struct pm_cluster_want w = wants[it % 5];
        a.n = 0;
        assert_int_equal(pm_clusters_each(t, n, 0, w, keep, &a), 0);
        struct seen *b = &bs;
        b->n = 0;
        assert_int_equal(pm_clusters_masked(t, n, &tm, w, keep, b), 0);
        assert_int_equal(b->n, a.n);
        for (size_t i = 0; i < a.n; i++) {
            const struct pm_cluster *x = &a.v[i], *y = &b->v[i];
            assert_int_equal(y->start, x->start);
            assert_int_equal(y->end, x->end);
            assert_int_equal(y->ndigits, x->ndigits);
            assert_int_equal(y->ngroups, x->ngroups);
            assert_int_equal(y->lenmask, x->lenmask);
            assert_int_equal(y->maxgroup, x->maxgroup);
            assert_int_equal(y->lastgroup, x->lastgroup);
            for (unsigned g = 0; g < x->ngroups && g < PM_CLUSTER_GROUPS; g++) {
                assert_int_equal(y->gat[g], x->gat[g]);
                assert_int_equal(y->glen[g], x->glen[g]);
            }
            /* What either knows of the lead is right. */
            int lead = pm_cluster_lead(t, x->start);
            assert_true(x->lead < 0 || x->lead == lead);
            assert_true(y->lead < 0 || y->lead == lead);
        }
    }
    pm_textmasks_free(&tm);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_what_a_cluster_is),
        cmocka_unit_test(test_lead),
        cmocka_unit_test(test_groups),
        cmocka_unit_test(test_shape),
        cmocka_unit_test(test_against_model),
        cmocka_unit_test(test_masked_same),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
