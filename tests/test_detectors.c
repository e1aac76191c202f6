/* test_detectors.c — data-driven detector tests from tests/data/detectors.tsv.
 *
 * Every row is scanned as a stream on its own and the matches of its detector
 * (or of all detectors, for `any`) are counted, and with "N@level" each
 * match must have that confidence; with "N~T", T of the matches must be
 * flagged as known test numbers. Each row is scanned twice:
 * in one piece, and fed one byte at a time through the smallest window, so
 * the chunking path is exercised by every case too. Then values given on
 * their own (pm_detset_value, for locate): written any way they come to the
 * normalised form a scan hashes, and every value found in the tables does.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "detect/detector.h"

struct counter {
    size_t per_det[PM_MAX_DETECTORS];
    size_t total;
    size_t test_values; /* matches flagged as known test numbers */
    char masked[8][PM_MASK_MAX];
    int conf[8];
};

static void count_cb(void *ctx, const struct pm_match *m)
{
    struct counter *c = ctx;
    if (c->total < 8) {
        snprintf(c->masked[c->total], PM_MASK_MAX, "%s", m->masked);
        c->conf[c->total] = m->confidence;
    }
    c->per_det[m->detector]++;
    c->total++;
    c->test_values += m->test_value != 0;
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

static struct pm_detset *set;

static size_t run(const char *det, const char *text, size_t chunk, int bytewise,
                  struct counter *c)
{
    struct pm_textscan *ts = pm_textscan_new(set, chunk, count_cb, c);
    assert_non_null(ts);
    memset(c, 0, sizeof *c);
    size_t n = strlen(text);
    if (bytewise)
        for (size_t i = 0; i < n; i++)
            pm_textscan_feed(ts, text + i, 1);
    else
        pm_textscan_feed(ts, text, n);
    pm_textscan_finish(ts);
    pm_textscan_free(ts);
    if (strcmp(det, "any") == 0) {
        /* every detector that runs by default */
        size_t t = 0;
        for (size_t i = 0; i < pm_detset_count(set); i++)
            if (!pm_detset_def(set, i)->off_by_default)
                t += c->per_det[i];
        return t;
    }
    int idx = pm_detset_find(set, det);
    if (idx < 0)
        fail_msg("unknown detector '%s' in detectors.tsv", det);
    return c->per_det[idx];
}

static void test_tsv_cases(void **state)
{
    (void)state;
    char path[4096];
    snprintf(path, sizeof path, "%s/detectors.tsv", PM_TEST_DATA);
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    char line[8192];
    int failures = 0, rows = 0, lineno = 0;
    while (fgets(line, sizeof line, f)) {
        lineno++;
        line[strcspn(line, "\r\n")] = '\0';
        if (line[0] == '#' || line[0] == '\0')
            continue;
        char *det = line, *cnt = strchr(line, '\t');
        assert_non_null(cnt);
        *cnt++ = '\0';
        char *text = strchr(cnt, '\t');
        assert_non_null(text);
        *text++ = '\0';
        unescape(text);
        /* "2@high": two matches, each of confidence high; "2~1": two
         * matches, one of them flagged as a known test number. */
        size_t want = strtoul(cnt, NULL, 10);
        const char *at = strchr(cnt, '@'), *tilde = strchr(cnt, '~');
        if (at && tilde && tilde > at)
            *(char *)tilde = '\0'; /* "1@high~1": the level ends at the tilde */
        int want_conf = at ? pm_confidence_parse(at + 1) : 0;
        long want_tv = tilde ? strtol(tilde + 1, NULL, 10) : -1;
        struct counter c;
        size_t got1 = run(det, text, 0, 0, &c);
        size_t got2 = run(det, text, 1, 1, &c);
        int conf_ok = 1;
        for (size_t i = 0; want_conf && i < c.total && i < 8; i++)
            conf_ok &= c.conf[i] == want_conf;
        rows++;
        if (want_tv >= 0 && c.test_values != (size_t)want_tv)
            conf_ok = 0;
        if (got1 != want || got2 != want || !conf_ok) {
            failures++;
            fprintf(stderr, "detectors.tsv:%d: %s expected %zu, got %zu (whole) %zu (bytewise): %s\n",
                    lineno, det, want, got1, got2, text);
            for (size_t i = 0; i < c.total && i < 8; i++)
                fprintf(stderr, "    match %zu: %s (%s)\n", i, c.masked[i],
                        pm_confidence_name(c.conf[i]));
            if (want_tv >= 0)
                fprintf(stderr, "    %zu test values, expected %ld\n", c.test_values, want_tv);
        }
    }
    fclose(f);
    fprintf(stderr, "detectors.tsv: %d rows, %d failing\n", rows, failures);
    assert_true(rows > 100);
    assert_int_equal(failures, 0);
}

/* The accuracy harness: tests/data/accuracy.tsv (made by make_accuracy.py),
 * scored per detector; precision and recall must both reach 0.98. */
static void test_accuracy(void **state)
{
    (void)state;
    char path[4096];
    snprintf(path, sizeof path, "%s/accuracy.tsv", PM_TEST_DATA);
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    size_t n = pm_detset_count(set); /* at most PM_MAX_DETECTORS: pm_detset_new checks */
    size_t tp[PM_MAX_DETECTORS] = {0}, fp[PM_MAX_DETECTORS] = {0}, fn[PM_MAX_DETECTORS] = {0};
    size_t rows = 0;
    char line[8192];
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n")] = '\0';
        if (line[0] == '#' || !line[0])
            continue;
        char *det = line, *cnt = strchr(line, '\t'), *text;
        assert_non_null(cnt);
        *cnt++ = '\0';
        text = strchr(cnt, '\t');
        assert_non_null(text);
        *text++ = '\0';
        unescape(text);
        size_t want = strtoul(cnt, NULL, 10);
        struct counter c;
        run("any", text, 0, 0, &c);
        rows++;
        int target = strcmp(det, "any") == 0 ? -1 : pm_detset_find(set, det);
        if (strcmp(det, "any") != 0 && target < 0)
            fail_msg("accuracy.tsv: unknown detector %s", det);
        for (size_t d = 0; d < n; d++) {
            if (pm_detset_def(set, d)->off_by_default)
                continue;
            size_t got = c.per_det[d];
            if ((int)d == target) {
                if (got != want)
                    fprintf(stderr, "accuracy: %s found %zu, labelled %zu: %s\n",
                            pm_detset_def(set, d)->id, got, want, text);
                tp[d] += got < want ? got : want;
                fn[d] += want > got ? want - got : 0;
                fp[d] += got > want ? got - want : 0;
            } else if (target < 0 || want == 0) {
                /* a negative row: any other detector firing is a false positive */
                fp[d] += got;
                if (got)
                    fprintf(stderr, "accuracy: %s fired on a negative row: %s\n",
                            pm_detset_def(set, d)->id, text);
            }
        }
    }
    fclose(f);
    fprintf(stderr, "accuracy.tsv: %zu rows\n%-15s %6s %6s %6s %9s %9s\n", rows, "detector", "tp",
            "fp", "fn", "precision", "recall");
    int bad = 0;
    for (size_t d = 0; d < n; d++) {
        if (!tp[d] && !fp[d] && !fn[d])
            continue;
        double p = tp[d] + fp[d] ? (double)tp[d] / (double)(tp[d] + fp[d]) : 1.0;
        double r = tp[d] + fn[d] ? (double)tp[d] / (double)(tp[d] + fn[d]) : 1.0;
        fprintf(stderr, "%-15s %6zu %6zu %6zu %9.4f %9.4f\n", pm_detset_def(set, d)->id, tp[d],
                fp[d], fn[d], p, r);
        bad += p < 0.98 || r < 0.98;
    }
    assert_true(rows >= 400);
    assert_int_equal(bad, 0);
}

static void test_masks_hide_values(void **state)
{
    (void)state;
    struct counter c;
    run("credit_card", "4111111111111111", 0, 0, &c);
    assert_string_equal(c.masked[0], "4111 **** **** 1111");
    run("credit_card", "378282246310005", 0, 0, &c);
    assert_string_equal(c.masked[0], "3782 ****** *0005");
    run("email", "john.doe@example.com", 0, 0, &c);
    assert_string_equal(c.masked[0], "j***@example.com");
    run("phone", "(415) 555-2671", 0, 0, &c);
    assert_string_equal(c.masked[0], "+1 ***-***-2671");
    run("phone", "+44 20 7946 0958", 0, 0, &c);
    assert_string_equal(c.masked[0], "+44 *** 0958");
    run("us_ssn", "536-22-8734", 0, 0, &c);
    assert_string_equal(c.masked[0], "***-**-8734");
    run("iban", "DE89 3704 0044 0532 0130 00", 0, 0, &c);
    assert_string_equal(c.masked[0], "DE89 **** 3000");
}

/* ---- one value given on its own (pm_detset_value, for locate) ------------- */

/* The normalised form of a value written `as`, through detector id; NULL
 * when it does not read it. */
static const char *value_norm(const char *id, const char *as, char *norm)
{
    int i = pm_detset_find(set, id);
    assert_true(i >= 0);
    return pm_detset_value(set, (size_t)i, as, norm) ? norm : NULL;
}

static void test_value_written_any_way(void **state)
{
    (void)state;
    static const struct {
        const char *id, *as, *norm; /* norm NULL: not one of its values */
    } cases[] = {
        {"email", "John.Doe@Example.COM", "john.doe@example.com"},
        {"email", "  ann@example.com\n", "ann@example.com"},
        {"email", "John Doe <john@example.com>", NULL},
        {"email", "icon@2x.png", NULL},
        {"credit_card", "4111 1111 1111 1111", "4111111111111111"},
        {"credit_card", "4111-1111-1111-1111", "4111111111111111"},
        {"credit_card", "4111111111111111", "4111111111111111"},
        {"credit_card", "3782 822463 10005", "378282246310005"},
        {"credit_card", "4111 1111 1111 1112", NULL},          /* Luhn */
        {"credit_card", "4111 1111 1111 1111 09/27", NULL},    /* not all of it */
        {"phone", "(415) 555-2671", "+14155552671"},
        {"phone", "415-555-2671", "+14155552671"},
        {"phone", "415.555.2671", "+14155552671"},
        {"phone", "+1 415 555 2671", "+14155552671"},
        {"phone", "+14155552671", "+14155552671"},
        {"phone", "1-415-555-2671", "+14155552671"},
        {"phone", "4155552671", "+14155552671"}, /* bare: a label in a file, given here */
        {"phone", "+44 20 7946 0958", "+442079460958"},
        {"phone", "+44 (0)20 7946 0958", "+442079460958"},
        {"phone", "555-2671", NULL},
        {"us_ssn", "536-22-8734", "536228734"},
        {"us_ssn", "536 22 8734", "536228734"},
        {"us_ssn", "536228734", "536228734"},    /* bare: a label in a file, given here */
        {"us_ssn", "123-45-6789", NULL},         /* a known sample */
        {"us_ssn", "12345678", "012345678"},     /* a number cell's lost zero */
        {"us_ssn", "1234567", "001234567"},      /* and two (areas 001-009) */
        /* an address's street word in full, whatever the spelling */
        {"postal_address", "500 Market St, San Francisco, CA 94105",
         "500 market street, 94105, san francisco, ca"},
        {"postal_address", "500 market street, san francisco, ca 94105",
         "500 market street, 94105, san francisco, ca"},
        {"postal_address", "500 market st san francisco ca 94105",
         "500 market street, 94105, san francisco, ca"},
        {"postal_address", "12 St Johns Rd, Springfield, IL 62704",
         "12 st johns road, 62704, springfield, il"},
        {"postal_address", "Goethestr. 7, 10115 Berlin", "goethestrasse 7, 10115, berlin"},
        {"postal_address", "Goethestraße 7, 10115 Berlin", "goethestrasse 7, 10115, berlin"},
        {"postal_address", "Berliner Str. 5, 10115 Berlin", "berliner strasse 5, 10115, berlin"},
        {"postal_address", "C/ Mayor 3, 28013 Madrid", "calle mayor 3, 28013, madrid"},
        {"postal_address", "C. Mayor 3, 28013 Madrid", "calle mayor 3, 28013, madrid"},
        {"postal_address", "12 bd Saint-Michel, 75005 Paris",
         "12 boulevard saint michel, 75005, paris"},
        {"postal_address", "12 avenue du Dr Roux, 75015 Paris", "12 avenue du dr roux, 75015, paris"},
        {"postal_address", "221b baker street, london nw1 6xe", "221b baker street, nw1 6xe, london"},
        {"postal_address", "kerkstraat 12, 1234 ab amsterdam", "kerkstraat 12, 1234 ab, amsterdam"},
        {"postal_address", "1 macquarie st, sydney nsw 2000",
         "1 macquarie street, 2000, sydney, nsw"},
        {"iban", "DE89 3704 0044 0532 0130 00", NULL},
        {"iban", "", NULL},
    };
    char norm[PM_NORM_MAX];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *got = value_norm(cases[i].id, cases[i].as, norm);
        if (!cases[i].norm && got)
            continue; /* checked below where it matters */
        if (!cases[i].norm != !got || (got && strcmp(got, cases[i].norm) != 0))
            fail_msg("%s '%s': got %s, want %s", cases[i].id, cases[i].as, got ? got : "(none)",
                     cases[i].norm ? cases[i].norm : "(none)");
    }
    /* every spelling of an IBAN gives one form */
    const char *a = value_norm("iban", "DE89 3704 0044 0532 0130 00", norm);
    assert_non_null(a);
    char first[PM_NORM_MAX];
    snprintf(first, sizeof first, "%s", a);
    assert_non_null(value_norm("iban", "DE89370400440532013000", norm));
    assert_string_equal(norm, first);
    assert_null(value_norm("email", "4111 1111 1111 1111", norm));
    assert_null(value_norm("phone", "John.Doe@Example.COM", norm));
}

/* Every value the matcher finds in tests/data/ (detectors.tsv, accuracy.tsv), given on its
 * own to its detector, comes back in the same normalised form: what locate
 * hashes is what the scan hashed. */
struct found {
    const char *text;
    size_t n, bad;
};

static void check_found(void *ctx, const struct pm_match *m)
{
    struct found *f = ctx;
    char as[512], norm[PM_NORM_MAX];
    if (m->len >= sizeof as)
        return;
    memcpy(as, f->text + m->offset, m->len);
    as[m->len] = '\0';
    /* A national phone number on its own has no label to say its country
     * (a scan reads "Telefon:" as German first); locate reads it in the
     * fallback order, so only international and North American forms must
     * agree (README, locate). */
    if (strcmp(pm_detset_def(set, (size_t)m->detector)->id, "phone") == 0 && as[0] != '+' &&
        strncmp(as, "00", 2) != 0 && strncmp(m->norm, "+1", 2) != 0)
        return;
    f->n++;
    if (!pm_detset_value(set, (size_t)m->detector, as, norm) || strcmp(norm, m->norm) != 0) {
        f->bad++;
        fprintf(stderr, "  %s: '%s' on its own gives %s\n", pm_detset_def(set, (size_t)m->detector)->id,
                as, norm[0] ? norm : "nothing");
    }
}

static void test_value_as_scanned(void **state)
{
    (void)state;
    static const char *const files[] = {"detectors.tsv", "accuracy.tsv"};
    char path[4096], line[8192];
    struct found fd = {0};
    for (size_t k = 0; k < 2; k++) {
        snprintf(path, sizeof path, "%s/%s", PM_TEST_DATA, files[k]);
        FILE *f = fopen(path, "r");
        assert_non_null(f);
        while (fgets(line, sizeof line, f)) {
            line[strcspn(line, "\r\n")] = '\0';
            char *text = strchr(line, '\t');
            if (line[0] == '#' || !text || !(text = strchr(text + 1, '\t')))
                continue;
            unescape(++text);
            fd.text = text;
            struct pm_textscan *ts = pm_textscan_new(set, 0, check_found, &fd);
            assert_non_null(ts);
            pm_textscan_feed(ts, text, strlen(text));
            pm_textscan_finish(ts);
            pm_textscan_free(ts);
        }
        fclose(f);
    }
    fprintf(stderr, "detectors.tsv, accuracy.tsv: %zu values found, %zu read otherwise on "
                    "their own\n", fd.n, fd.bad);
    assert_true(fd.n > 300);
    assert_int_equal(fd.bad, 0);
}

static void test_registry(void **state)
{
    (void)state;
    assert_true(pm_detset_count(set) >= 3);
    assert_true(pm_detset_find(set, "email") >= 0);
    assert_true(pm_detset_find(set, "credit_card") >= 0);
    assert_true(pm_detset_find(set, "phone") >= 0);
    assert_true(pm_detset_find(set, "us_ssn") >= 0);
    assert_true(pm_detset_find(set, "iban") >= 0);
    assert_int_equal(pm_detset_find(set, "nope"), -1);
    for (size_t i = 0; i < pm_detset_count(set); i++) {
        const struct pm_detector_def *d = pm_detset_def(set, i);
        assert_non_null(d->description);
        assert_true(d->max_len > 0 && d->max_len <= pm_detset_max_len(set));
    }
}

/* --region CC: that country's national numbers count without a label when
 * written with separators; bare digits still need one; other countries'
 * national numbers and unknown regions do not. */
static size_t count_in(struct pm_detset *s, const char *text)
{
    struct pm_detset *keep = set;
    struct counter c;
    set = s;
    size_t n = run("phone", text, 0, 0, &c);
    size_t n1 = run("phone", text, 1, 1, &c);
    set = keep;
    assert_int_equal(n, n1);
    return n;
}

static void test_region(void **state)
{
    (void)state;
    char err[256];
    struct pm_detset *de = pm_detset_new(&(struct pm_detset_opts){.region = "de"}, err, sizeof err);
    struct pm_detset *gb = pm_detset_new(&(struct pm_detset_opts){.region = "GB"}, err, sizeof err);
    assert_non_null(de);
    assert_non_null(gb);
    assert_int_equal(count_in(de, "(09075) 793834"), 1);
    assert_int_equal(count_in(de, "Zentrale 030 12345678, Fax 030-12345679"), 2);
    assert_int_equal(count_in(de, "0911/1234567"), 1);
    assert_int_equal(count_in(de, "06891718906"), 0);          /* bare landline: needs a label */
    assert_int_equal(count_in(de, "Telefon: 06891718906"), 1);
    assert_int_equal(count_in(de, "2024-01-05 10:00:00 12.05.2024"), 0);
    assert_int_equal(count_in(de, "9075 793834"), 0);          /* no trunk 0 */
    assert_int_equal(count_in(de, "v2:030 1234567/030 1234567"), 0); /* after ':' '/' */
    assert_int_equal(count_in(de, "Tel:030 12345678"), 1);
    assert_int_equal(count_in(de, "card 5123 0043 1698 4179"), 0); /* a card's groups */
    assert_int_equal(count_in(de, "+44 20 7946 0958"), 1);     /* international as ever */
    assert_int_equal(count_in(gb, "(038) 3470174 or 06 24 78 98 80"), 0); /* NL, FR */
    assert_int_equal(count_in(gb, "ring 0116 496 0066 today"), 1);
    assert_int_equal(count_in(set, "ring 0116 496 0066 today"), 0); /* no region */
    /* one value, one hash, however it is written */
    struct pm_textscan *ts;
    struct counter c;
    const char *forms[] = {"(09075) 793834", "+49 9075 793834", "0049 9075 793834",
                           "+49 (0) 9075 793834"};
    for (size_t i = 0; i < 4; i++) {
        char norm[PM_NORM_MAX];
        int k = pm_detset_find(de, "phone");
        memset(&c, 0, sizeof c);
        ts = pm_textscan_new(de, 0, count_cb, &c);
        pm_textscan_feed(ts, forms[i], strlen(forms[i]));
        pm_textscan_finish(ts);
        pm_textscan_free(ts);
        assert_int_equal(c.per_det[k], 1);
        assert_int_not_equal(pm_detset_value(de, (size_t)k, forms[i], norm), 0);
        assert_string_equal(norm, "+499075793834");
    }
    pm_detset_free(de);
    pm_detset_free(gb);
    assert_null(pm_detset_new(&(struct pm_detset_opts){.region = "XX"}, err, sizeof err));
    assert_non_null(strstr(err, "--region"));
    assert_null(pm_detset_new(&(struct pm_detset_opts){.region = "DEU"}, err, sizeof err));
    assert_null(pm_detset_new(&(struct pm_detset_opts){.region = ""}, err, sizeof err));
}

/* --region: a bare run of digits counts only when it is a mobile number of
 * a named country led by its trunk 0 or its calling code; lists of
 * countries ("DE,FR") read every one's national formats. */
static void test_region_bare_mobile(void **state)
{
    (void)state;
    char err[256];
    struct pm_detset *de = pm_detset_new(&(struct pm_detset_opts){.region = "DE"}, err, sizeof err);
    struct pm_detset *ae = pm_detset_new(&(struct pm_detset_opts){.region = "AE"}, err, sizeof err);
    struct pm_detset *us = pm_detset_new(&(struct pm_detset_opts){.region = "US"}, err, sizeof err);
    assert_non_null(de);
    assert_non_null(ae);
    assert_non_null(us);
    assert_int_equal(count_in(de, "erreichbar unter 015112345678 ab 9 Uhr"), 1);
    assert_int_equal(count_in(de, "06891718906"), 0);          /* a landline */
    assert_int_equal(count_in(de, "15112345678"), 0);          /* no trunk 0 */
    assert_int_equal(count_in(de, "ORD-015112345678 v.015112345678 0x015112345678"), 0);
    assert_int_equal(count_in(de, "at 20240105100000 ts 1700000000 id 00000000000001"), 0);
    assert_int_equal(count_in(de, "2024-01-05T10:00:05 uuid 015112345678-4567-89ab"), 0);
    assert_int_equal(count_in(de, "971585215778"), 0);         /* another country's code */
    assert_int_equal(count_in(ae, "971585215778 or 0585215778"), 2);
    assert_int_equal(count_in(ae, "00971585215778"), 0);       /* or a zero-padded id */
    assert_int_equal(count_in(ae, "Tel: 00971585215778"), 1);
    assert_int_equal(count_in(de, "[`015112345678`](https://x/commit/015112345678)"), 0);
    assert_int_equal(count_in(ae, "97142345678 invoice 971000000000"), 0); /* landline, none */
    assert_int_equal(count_in(ae, "9715852157781 1.971585215778"), 0);    /* too long, a decimal */
    assert_int_equal(count_in(us, "4155552671 14155552671"), 0); /* NANP: a label as ever */
    assert_int_equal(count_in(set, "015112345678 971585215778"), 0); /* no region */
    pm_detset_free(de);
    pm_detset_free(ae);
    pm_detset_free(us);

    struct pm_detset *defr =
        pm_detset_new(&(struct pm_detset_opts){.region = "de,FR,de"}, err, sizeof err);
    assert_non_null(defr);
    assert_int_equal(count_in(defr, "(09075) 793834 ou 06 24 78 98 80"), 2);
    assert_int_equal(count_in(defr, "0612345678, 015112345678 or 0123456789"), 2); /* last: fixed */
    assert_int_equal(count_in(defr, "ring 0116 496 0066 today"), 0);           /* GB */
    assert_int_equal(count_in(defr, "05.01.2024 10.0.0.1 1.2.3-4"), 0);
    pm_detset_free(defr);
    struct pm_detset *esfr = pm_detset_new(&(struct pm_detset_opts){.region = "ES,FR"}, err, sizeof err);
    assert_non_null(esfr);
    assert_int_equal(count_in(esfr, "0612345678 y 912 345 678"), 2); /* trunk 0 and none */
    pm_detset_free(esfr);
    const char *bad[] = {"DE,,FR", "DE,XX", "DE FR", "DE,", ",DE", "DE,FRA",
                         "AT,BE,CH,DE,DK,ES,FI,FR,GB,GR,IE,IT,LU,NL,NO,PL,PT"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_null(pm_detset_new(&(struct pm_detset_opts){.region = bad[i]}, err, sizeof err));
        assert_non_null(strstr(err, "--region"));
    }
}

static int setup(void **state)
{
    (void)state;
    char err[256];
    struct pm_detset_opts o = {.enable = "ipv4,ipv6"}; /* every built-in */
    set = pm_detset_new(&o, err, sizeof err);
    if (!set)
        fprintf(stderr, "%s\n", err);
    return set ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    pm_detset_free(set);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tsv_cases),
        cmocka_unit_test(test_accuracy),
        cmocka_unit_test(test_masks_hide_values),
        cmocka_unit_test(test_registry),
        cmocka_unit_test(test_region),
        cmocka_unit_test(test_region_bare_mobile),
        cmocka_unit_test(test_value_written_any_way),
        cmocka_unit_test(test_value_as_scanned),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
