/* test_engines.c — the one-pass engine finds exactly what the PCRE2
 * reference engine finds.
 *
 * Both engines run over the same text and must report the same matches in
 * the same order: detector, offset, length, confidence, masked sample and a
 * hash of the normalised value. The texts: every row of
 * tests/data/detectors.tsv and tests/data/accuracy.tsv (whole, and fed one
 * byte at a time through the smallest window), and every file under the
 * directories given on the command line (tests/engines.sh passes a generated
 * share and a generated digit-dense log corpus), read raw in default windows
 * and in small ones, 4000 seeded random texts (values, near misses, context
 * words, digits and separators thrown together), and bare values at every
 * distance after their labels. The sets: every
 * built-in, the defaults, each built-in on its own (its window overlap is then
 * its own), a minimum confidence, and user-defined detectors of every kind
 * Vectorscan does and does not take.
 */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "detect/detector.h"

/* ---- recording matches ------------------------------------------------ */

struct rec {
    int det, conf;
    uint64_t off;
    size_t len;
    uint64_t hash; /* of the normalised value: the value itself is not kept */
    char masked[PM_MASK_MAX];
};

struct recs {
    struct rec *v;
    size_t n, cap;
};

static uint64_t fnv(const char *s)
{
    uint64_t h = 1469598103934665603ULL;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h;
}

static void rec_cb(void *ctx, const struct pm_match *m)
{
    struct recs *r = ctx;
    if (r->n == r->cap) {
        r->cap = r->cap ? r->cap * 2 : 256;
        r->v = realloc(r->v, r->cap * sizeof *r->v);
        assert_non_null(r->v);
    }
    struct rec *x = &r->v[r->n++];
    x->det = m->detector;
    x->conf = m->confidence;
    x->off = m->offset;
    x->len = m->len;
    x->hash = fnv(m->norm);
    snprintf(x->masked, sizeof x->masked, "%s", m->masked);
}

/* Runs set over text in pieces of `piece` bytes (0: all at once). */
static void run(const struct pm_detset *set, const char *text, size_t n, size_t chunk,
                size_t piece, struct recs *out)
{
    out->n = 0;
    struct pm_textscan *ts = pm_textscan_new(set, chunk, rec_cb, out);
    assert_non_null(ts);
    if (!piece)
        piece = n ? n : 1;
    for (size_t off = 0; off < n; off += piece)
        pm_textscan_feed(ts, text + off, n - off < piece ? n - off : piece);
    pm_textscan_finish(ts);
    pm_textscan_free(ts);
}

/* ---- the sets compared ------------------------------------------------ */

#define MAX_PAIRS 40

struct pair {
    char name[64];
    struct pm_detset *engine, *reference;
};

static struct pair pairs[MAX_PAIRS];
static size_t npairs;
static struct pm_userdets *userdets;
static char **corpus; /* files and directories from the command line */
static int ncorpus;

static void add_pair(const char *name, struct pm_detset_opts o)
{
    char err[512];
    assert_true(npairs < MAX_PAIRS);
    struct pair *p = &pairs[npairs++];
    snprintf(p->name, sizeof p->name, "%s", name);
    o.reference = 0;
    p->engine = pm_detset_new(&o, err, sizeof err);
    if (!p->engine)
        fail_msg("%s: %s", name, err);
    o.reference = 1;
    p->reference = pm_detset_new(&o, err, sizeof err);
    if (!p->reference)
        fail_msg("%s: %s", name, err);
}

/* User-defined detectors: ones Vectorscan takes in prefilter mode
 * (lookarounds, a back-reference, an end anchor, word boundaries, a
 * caseless prefix) and ones it cannot (\G, a branch reset, a match longer
 * than max_length, a Unicode property). */
static const char user_yaml[] =
    "detectors:\n"
    "  - id: emp_id\n"
    "    pattern: '(?<![A-Za-z0-9])EMP-[0-9]{6}(?![0-9])'\n"
    "    context: [employee, staff]\n"
    "  - id: twin_digits\n"
    "    pattern: '\\b([0-9])\\1[0-9]{6}\\b'\n"
    "    validator: luhn\n"
    "    max_length: 8\n"
    "  - id: line_end_ref\n"
    "    pattern: 'REF[0-9]{4}$'\n"
    "    max_length: 7\n"
    "  - id: caseless_order\n"
    "    pattern: '(?i)order[ =:#]{1,3}[0-9]{10}'\n"
    "    max_length: 40\n"
    "    confidence: low\n"
    "  - id: hex_span\n"
    "    pattern: 'span=[0-9a-f]{16}'\n"
    "    max_length: 21\n"
    "  - id: anchored_g\n"
    "    pattern: '\\Gzz[0-9]+'\n"
    "  - id: branch_reset\n"
    "    pattern: '(?|(A)[0-9]{4}|(B)[0-9]{5})'\n"
    "    max_length: 6\n"
    "  - id: unbounded\n"
    "    pattern: 'INV-[0-9]+'\n"
    "    max_length: 32\n"
    "  - id: unicode_prop\n"
    "    pattern: '\\p{Lu}[0-9]{8}'\n"
    "    max_length: 9\n";

/* The cache files in dir; with how = 1 checks each is 0600, with how = 2
 * damages each (its serialised bytes cut short). */
static int cache_files(const char *dir, int how)
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    int n = 0;
    for (struct dirent *e; (e = readdir(d));) {
        if (strncmp(e->d_name, "vectorscan-", 11) != 0)
            continue;
        char path[512];
        struct stat st;
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        assert_int_equal(stat(path, &st), 0);
        if (how == 1)
            assert_int_equal(st.st_mode & 0777, 0600);
        if (how == 2)
            assert_int_equal(truncate(path, st.st_size / 2), 0);
        n++;
    }
    closedir(d);
    return n;
}

static int setup(void **state)
{
    (void)state;
    add_pair("all built-ins", (struct pm_detset_opts){.enable = "ipv4,ipv6"});
    add_pair("defaults", (struct pm_detset_opts){0});
    add_pair("min confidence medium", (struct pm_detset_opts){.min_confidence = PM_CONF_MEDIUM});
    /* --region: national phone numbers without a label, found through the
     * regional starts patterns (detect/phone.c). */
    add_pair("region DE", (struct pm_detset_opts){.region = "DE"});
    add_pair("region FR, only phone", (struct pm_detset_opts){.region = "fr", .only = "phone"});
    add_pair("region ES (no trunk prefix)", (struct pm_detset_opts){.region = "ES"});
    /* A share of several countries: mixed trunk prefixes, and bare mobile
     * numbers led by a calling code ("971585215778"). */
    add_pair("region ES,FR,AE,GB", (struct pm_detset_opts){.region = "ES,FR,AE,GB"});
    /* The compiled database kept between runs (detect/vscache.c): the first
     * set compiles and stores it, the second loads it, and a damaged file is
     * compiled again; each must find what the reference finds. */
    static char cache[] = "/tmp/pm-vscache-XXXXXX";
    assert_non_null(mkdtemp(cache));
    add_pair("defaults, cache stored", (struct pm_detset_opts){.cache_dir = cache});
    assert_int_equal(cache_files(cache, 1), 1);
    add_pair("defaults, cache loaded", (struct pm_detset_opts){.cache_dir = cache});
    assert_int_equal(cache_files(cache, 0), 1);
    add_pair("defaults, cache damaged", (struct pm_detset_opts){.cache_dir = cache});
    assert_int_equal(cache_files(cache, 2), 1);
    char rm[64];
    snprintf(rm, sizeof rm, "rm -rf '%s'", cache);
    assert_int_equal(system(rm), 0);
    for (size_t i = 0; i < pm_builtin_count(); i++) {
        char name[64];
        snprintf(name, sizeof name, "only %s", pm_builtin_def(i)->id);
        add_pair(name, (struct pm_detset_opts){.only = pm_builtin_def(i)->id});
    }
    char path[] = "/tmp/pm-engines-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, user_yaml, sizeof user_yaml - 1), (ssize_t)(sizeof user_yaml - 1));
    close(fd);
    char err[512];
    userdets = pm_userdets_load(path, err, sizeof err);
    unlink(path);
    if (!userdets)
        fail_msg("user detectors: %s", err);
    add_pair("defaults and user-defined",
             (struct pm_detset_opts){.extra = pm_userdets_defs(userdets),
                                     .nextra = pm_userdets_count(userdets)});
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    for (size_t i = 0; i < npairs; i++) {
        pm_detset_free(pairs[i].engine);
        pm_detset_free(pairs[i].reference);
    }
    pm_userdets_free(userdets);
    return 0;
}

/* ---- comparing -------------------------------------------------------- */

static size_t compared, compared_matches;

/* Both engines over one text; fails with the first difference. */
static void compare(const struct pair *p, const char *what, const char *text, size_t n,
                    size_t chunk, size_t piece)
{
    static struct recs a, b;
    run(p->engine, text, n, chunk, piece, &a);
    run(p->reference, text, n, chunk, piece, &b);
    compared++;
    compared_matches += b.n;
    for (size_t i = 0; i < a.n || i < b.n; i++) {
        if (i < a.n && i < b.n && a.v[i].det == b.v[i].det && a.v[i].conf == b.v[i].conf &&
            a.v[i].off == b.v[i].off && a.v[i].len == b.v[i].len &&
            a.v[i].hash == b.v[i].hash && strcmp(a.v[i].masked, b.v[i].masked) == 0)
            continue;
        const struct rec *x = i < a.n ? &a.v[i] : NULL, *y = i < b.n ? &b.v[i] : NULL;
        fail_msg("%s, %s (chunk %zu, pieces of %zu): match %zu differs: engine %s@%llu+%zu %s, "
                 "reference %s@%llu+%zu %s (%zu vs %zu matches)",
                 p->name, what, chunk, piece, i,
                 x ? pm_detset_def(p->engine, (size_t)x->det)->id : "-",
                 x ? (unsigned long long)x->off : 0ULL, x ? x->len : 0, x ? x->masked : "",
                 y ? pm_detset_def(p->reference, (size_t)y->det)->id : "-",
                 y ? (unsigned long long)y->off : 0ULL, y ? y->len : 0, y ? y->masked : "", a.n,
                 b.n);
    }
}

static void unescape(char *s)
{
    char *o = s;
    for (char *p = s; *p; p++) {
        if (*p == '\\' && p[1]) {
            p++;
            *o++ = *p == 't' ? '\t' : *p == 'n' ? '\n' : *p == 'R' ? '\x1e' : *p;
        } else {
            *o++ = *p;
        }
    }
    *o = '\0';
}

static void compare_tsv(const char *file, int min_rows)
{
    char path[4096], line[8192], what[4200];
    snprintf(path, sizeof path, "%s/%s", PM_TEST_DATA, file);
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    int lineno = 0, rows = 0;
    while (fgets(line, sizeof line, f)) {
        lineno++;
        line[strcspn(line, "\r\n")] = '\0';
        char *text = line[0] == '#' ? NULL : strchr(line, '\t');
        text = text ? strchr(text + 1, '\t') : NULL;
        if (!text)
            continue;
        unescape(++text);
        snprintf(what, sizeof what, "%s:%d", file, lineno);
        size_t n = strlen(text);
        for (size_t i = 0; i < npairs; i++) {
            compare(&pairs[i], what, text, n, 0, 0);
            compare(&pairs[i], what, text, n, 1, 1); /* the smallest window, bytewise */
        }
        rows++;
    }
    fclose(f);
    fprintf(stderr, "%s: %d rows, both engines alike\n", file, rows);
    assert_true(rows >= min_rows);
}

static void test_detector_rows(void **state)
{
    (void)state;
    compare_tsv("detectors.tsv", 250);
}

static void test_accuracy_rows(void **state)
{
    (void)state;
    compare_tsv("accuracy.tsv", 400);
}

static void compare_file(const char *path, size_t *files, size_t *bytes)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return;
    char *text = NULL;
    size_t n = 0, cap = 0, k;
    char buf[1 << 16];
    while ((k = fread(buf, 1, sizeof buf, f)) > 0) {
        if (n + k > cap) {
            cap = (n + k) * 2;
            text = realloc(text, cap);
            assert_non_null(text);
        }
        memcpy(text + n, buf, k);
        n += k;
    }
    fclose(f);
    /* Every set on small files; on big ones the sets whose windows differ. */
    for (size_t i = 0; i < npairs; i++) {
        if (n > 300000 && i != 0 && i != npairs - 1)
            continue;
        compare(&pairs[i], path, text, n, 0, 65537);
        compare(&pairs[i], path, text, n, 4099, 1000);
    }
    (*files)++;
    *bytes += n;
    free(text);
}

static void walk(const char *path, size_t *files, size_t *bytes)
{
    struct stat st;
    if (lstat(path, &st) != 0)
        return;
    if (S_ISREG(st.st_mode)) {
        compare_file(path, files, bytes);
        return;
    }
    if (!S_ISDIR(st.st_mode))
        return;
    DIR *d = opendir(path);
    if (!d)
        return;
    struct dirent *e;
    char **names = NULL;
    size_t nn = 0;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        names = realloc(names, (nn + 1) * sizeof *names);
        assert_non_null(names);
        names[nn] = malloc(strlen(path) + strlen(e->d_name) + 2);
        assert_non_null(names[nn]);
        sprintf(names[nn], "%s/%s", path, e->d_name);
        nn++;
    }
    closedir(d);
    for (size_t i = 0; i < nn; i++) {
        walk(names[i], files, bytes);
        free(names[i]);
    }
    free(names);
}

static void test_corpus(void **state)
{
    (void)state;
    if (ncorpus == 0)
        skip(); /* tests/engines.sh gives the generated corpora */
    for (int i = 0; i < ncorpus; i++) {
        size_t files = 0, bytes = 0;
        walk(corpus[i], &files, &bytes);
        fprintf(stderr, "%s: %zu files, %zu bytes, both engines alike\n", corpus[i], files,
                bytes);
        assert_true(files > 0);
    }
}

/* Token soup: values of every kind, near misses, context words, digits and
 * separators thrown together so that values touch, merge and cross window
 * edges in ways no hand-written row does. Seeded: the same texts each run. */
static const char *const soup[] = {
    " ", " ", "-", ".", "/", "(", ")", "+", ":", "=", "\n", ",", "x", "ext.", "#", "\t",
    "SSN: ", "tel ", "Tel. ", "phone ", "born ", "dob: ", "uid ", "aadhaar ", "BSN: ", "sin ",
    "NAS ", "steuer-id ", "tax id ", "tin ", "card ", "contact ", "hotel", "using", "é", "Ü",
    "SSN no. ", "Tel. number is ", "uid of the ", "BSN:", "             ", "------- ", "__",
    "4111111111111111", "4111 1111 1111 1111", "378282246310005", "536-22-8734", "536 22 8734",
    "536228734", "(415) 555-2671", "415-555-2671", "4155552671", "+44 20 7946 0958",
    "+1-848-555-0172", "DE89 3704 0044 0532 0130 00", "DE89370400440532013000",
    "de89 3704 0044 0532 0130 00", "GB82WEST12345698765432", "AB 12 34 56 C", "046 454 286",
    "046454286", "1 84 12 76 451 089 46", "12345678Z", "X1234567L", "2345 6789 0123",
    "234567890123", "12 345 678 903", "12345678903", "RSSMRA85T10A562S", "1980-03-05",
    "05/03/1980", "5 March 1980", "March 5, 1980", "10.0.0.1", "2001:db8::1", "a@example.com",
    "2024-01-05T10:22:31.123Z", "1704067200069", "INV-2022-87455328", "c2ce6f447ed4d57b",
    "NHS number ", "PESEL: ", "CPF ", "personnummer ", "TFN: ", "ITIN ", "passport no. ",
    "UK passport ", "Reisepass ", "Pass-Nr. ", "943 476 5919", "9434765919", "44051401359",
    "529.982.247-25", "52998224725", "811218-9876", "121212+1212", "19811218-9876",
    "123 456 782", "912-70-1234", "912701234", "C01X00T47", "A12345678",
    "ES72 2013-0692-81-0201150993", "BE 55 552-3281700-44", "NO 44 1850.05.14562",
    "DE06 4868 2828 8072 9022 27", "IT60 X054 2811 1010 0000 0123 456",
    "0612345678", "015112345678", "971585215778", "00971585215778", "0585215778",
    "06 24 78 98 80", "(09075) 793834", "912 345 678",
    "0", "1", "2", "9", "00", "123", "4567", "12345", "2A", "Z"};

static uint64_t rng = 88172645463325252ULL;

static uint64_t next(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

/* A random text of at least `want` bytes (and fewer than want + 64) in
 * text: the soup's tokens, mostly its first (digits and separators, so
 * numbers run together), and one in `one_in` a single byte of `bytes`. */
static size_t soup_text(char *text, size_t want, const char *bytes, unsigned one_in)
{
    const size_t ntok = sizeof soup / sizeof soup[0], nb = strlen(bytes);
    size_t n = 0;
    while (n < want) {
        const char *t = next() % 3 ? soup[next() % 16] : soup[next() % ntok];
        char one[2] = {bytes[next() % nb], 0};
        if (next() % one_in == 0)
            t = one;
        size_t l = strlen(t);
        memcpy(text + n, t, l);
        n += l;
    }
    return n;
}

static void test_random_texts(void **state)
{
    (void)state;
    static char text[4200];
    static const size_t chunks[] = {0, 1, 97, 300, 1000};
    for (int it = 0; it < 4000; it++) {
        size_t n = soup_text(text, 100 + next() % 3000, "0123456789 -.()+ABZabx", 4);
        char what[64];
        snprintf(what, sizeof what, "random text %d", it);
        compare(&pairs[next() % npairs], what, text, n, chunks[next() % 5], 1 + next() % 700);
    }
}

/* Each gate's gate_all and gate_any (the shape the engine reads before it
 * asks the gate) hold for every cluster the gate accepts, in the soup's
 * random texts: a shape rule that refused one would lose a value without
 * any row to tell. Every gate must accept some clusters here, so that its
 * rule is tried. */
struct shape_ctx {
    const char *text;
    size_t len;
    size_t accepted[PM_MAX_DETECTORS];
};

static int check_shape(void *ctx, const struct pm_cluster *c)
{
    struct shape_ctx *x = ctx;
    unsigned shape = pm_cluster_shape(c, x->text, x->len) | pm_cluster_shape_groups(c, x->text);
    for (size_t i = 0; i < pm_builtin_count(); i++) {
        const struct pm_detector_def *d = pm_builtin_def(i);
        if (!d->cluster_gate || !d->cluster_gate(c, x->text, x->len))
            continue;
        x->accepted[i]++;
        if ((shape & d->gate_all) != d->gate_all || (d->gate_any && !(shape & d->gate_any)))
            fail_msg("%s accepts the cluster at %zu of \"%.*s\" (shape %#x), its rules refuse it",
                     d->id, c->start, (int)(c->end - c->start), x->text + c->start,
                     shape);
    }
    return 0;
}

static void test_gate_shapes(void **state)
{
    (void)state;
    static char text[1200];
    static struct shape_ctx x;
    for (int it = 0; it < 3000; it++) {
        size_t n = soup_text(text, 50 + next() % 1000, "0123456789 -.()+ABZXabx", 3);
        x.text = text;
        x.len = n;
        struct pm_cluster_want all = {1, 1};
        pm_clusters_each(text, n, 0, all, check_shape, &x);
    }
    for (size_t i = 0; i < pm_builtin_count(); i++)
        if (pm_builtin_def(i)->cluster_gate && !x.accepted[i])
            fail_msg("%s's gate accepted no cluster: its shape rules were not tried",
                     pm_builtin_def(i)->id);
}

/* A label at every distance: pm_label_before looks PM_LABEL_REACH bytes back
 * and the engine must look exactly as far. Each bare value after each of its
 * detector's words, 0 to 40 separators between. */
static void test_label_reach(void **state)
{
    (void)state;
    static const char *const bare[][2] = {
        {"us_ssn", "536228734"},    {"phone", "4155552671"},      {"ca_sin", "130692544"},
        {"nl_bsn", "111222333"},    {"in_aadhaar", "234567890124"}, {"de_tax_id", "12345678911"},
        {"nl_bsn", "1112.22.333"},  {"uk_nhs", "9434765919"},     {"pl_pesel", "44051401359"},
        {"br_cpf", "12345678909"},  {"se_personnummer", "8112189876"},
        {"au_tfn", "123456782"},    {"us_itin", "912701234"},     {"uk_passport", "123456789"},
        {"de_passport", "C01X00T47"}, {"us_passport", "A12345678"},
    };
    const struct pm_detset *all = pairs[0].reference;
    size_t found = 0, before = compared_matches;
    for (size_t v = 0; v < sizeof bare / sizeof bare[0]; v++) {
        const struct pm_detector_def *d = pm_detset_def(all, (size_t)pm_detset_find(all, bare[v][0]));
        for (const char *const *w = d->context; *w; w++)
            for (int gap = 0; gap <= 40; gap++) {
                char text[256];
                int n = snprintf(text, sizeof text, "ref %s:%*s%s end", *w, gap, "", bare[v][1]);
                compare(&pairs[0], "label reach", text, (size_t)n, 0, 0);
            }
    }
    found = compared_matches - before;
    fprintf(stderr, "label reach: %zu labelled values found by both engines\n", found);
    assert_true(found > 100);
}

/* Every built-in runs on the one-pass engine; the user-defined detectors
 * that Vectorscan cannot take are the ones expected, each with a reason. */
static void test_which_engine(void **state)
{
    (void)state;
    char why[256];
    const struct pm_detset *all = pairs[0].engine;
    for (size_t i = 0; i < pm_detset_count(all); i++)
        if (!pm_detset_onepass(all, i, why, sizeof why))
            fail_msg("built-in %s runs on PCRE2 alone: %s", pm_detset_def(all, i)->id, why);
    const struct pm_detset *user = pairs[npairs - 1].engine;
    static const char *const pcre2_only[] = {"anchored_g", "branch_reset", "unbounded",
                                             "unicode_prop"};
    for (size_t i = 0; i < pm_detset_count(user); i++) {
        const char *id = pm_detset_def(user, i)->id;
        int expect = 1;
        for (size_t k = 0; k < sizeof pcre2_only / sizeof pcre2_only[0]; k++)
            expect &= strcmp(id, pcre2_only[k]) != 0;
        why[0] = '\0';
        int got = pm_detset_onepass(user, i, why, sizeof why);
        if (got != expect)
            fail_msg("%s: one-pass %d, expected %d (%s)", id, got, expect, why);
        if (!got)
            assert_true(why[0] != '\0');
        assert_int_equal(pm_detector_onepass(pm_detset_def(user, i), why, sizeof why), got);
    }
    assert_false(pm_detset_onepass(pairs[0].reference, 0, why, sizeof why));
}

int main(int argc, char **argv)
{
    corpus = argv + 1;
    ncorpus = argc - 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_which_engine),
        cmocka_unit_test(test_detector_rows),
        cmocka_unit_test(test_accuracy_rows),
        cmocka_unit_test(test_random_texts),
        cmocka_unit_test(test_gate_shapes),
        cmocka_unit_test(test_label_reach),
        cmocka_unit_test(test_corpus),
    };
    int rc = cmocka_run_group_tests(tests, setup, teardown);
    fprintf(stderr, "engines: %zu texts compared, %zu matches\n", compared, compared_matches);
    return rc;
}
