/* test_record.c — record/: the HMAC key file and keyed hashes, per-file
 * findings (occurrences, distinct values, samples, confidence counts, the
 * distinct cap, drops) and allow lists (values, hashes, paths, errors).
 *
 * The keyed-hash vectors were computed apart from piimap, with Python:
 *   hmac.new(bytes(range(32)), b"credit_card\0" b"4111111111111111",
 *            hashlib.sha256).hexdigest()
 * Nothing here uses a real person's data: test card numbers and example.com.
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "record/allow.h"
#include "record/findings.h"
#include "record/key.h"
#include "record/people.h"

/* HMAC-SHA256(bytes 0..31, "credit_card" NUL "4111111111111111") */
static const char card_hex[] =
    "b30fd6d237565020a61ccb3f64f5e8f4eb88117bf04b97cd3aadf47cb282ef9d";
/* HMAC-SHA256(bytes 0..31, "email" NUL "alice@example.com") */
static const char alice_hex[] =
    "c89de65dbbe2070217a4f4e9ffec5f85cfa15653f1bfd31285e9ce87175633b4";
/* the first 8 bytes of HMAC-SHA256(bytes 0..31, "piimap key id") */
static const char key_id[] = "ab140905e54ce195";

static struct pm_detset *set;
static char dir[64]; /* a private temporary directory for each run */

static void hex(const unsigned char *b, size_t n, char *out)
{
    for (size_t i = 0; i < n; i++)
        sprintf(out + 2 * i, "%02x", b[i]);
}

static void fixed_key(struct pm_key *k)
{
    memset(k, 0, sizeof *k);
    for (int i = 0; i < PM_KEY_LEN; i++)
        k->bytes[i] = (unsigned char)i;
}

static void write_file(const char *path, const void *data, size_t n)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, n, f), n);
    assert_int_equal(fclose(f), 0);
}

/* ---- keyed hashes and the key file -------------------------------------- */

static void key_hash_matches_vector(void **state)
{
    (void)state;
    struct pm_key k;
    unsigned char h[PM_KEY_LEN];
    char x[2 * PM_KEY_LEN + 1];
    fixed_key(&k);
    pm_key_hash(&k, "credit_card", "4111111111111111", h);
    hex(h, sizeof h, x);
    assert_string_equal(x, card_hex);
    pm_key_hash(&k, "email", "alice@example.com", h);
    hex(h, sizeof h, x);
    assert_string_equal(x, alice_hex);
    /* The id is part of the message: the same text under another detector,
     * or under another key, hashes differently. */
    pm_key_hash(&k, "phone", "4111111111111111", h);
    hex(h, sizeof h, x);
    assert_string_not_equal(x, card_hex);
    k.bytes[0] ^= 1;
    pm_key_hash(&k, "credit_card", "4111111111111111", h);
    hex(h, sizeof h, x);
    assert_string_not_equal(x, card_hex);
}

static void key_file_created_private(void **state)
{
    (void)state;
    char path[512], sub[256], err[1024];
    struct pm_key k, again;
    mode_t old = umask(022);
    snprintf(sub, sizeof sub, "%s/cfg", dir);
    snprintf(path, sizeof path, "%s/piimap/hmac.key", sub);
    assert_int_equal(pm_key_load(path, &k, err, sizeof err), 0);
    umask(old);
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
    assert_int_equal(st.st_size, PM_KEY_LEN);
    assert_int_equal(stat(sub, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0700);
    snprintf(sub, sizeof sub, "%s/cfg/piimap", dir);
    assert_int_equal(stat(sub, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0700);
    assert_string_equal(k.path, path);
    assert_int_equal(strlen(k.id), 16);
    /* Loading it again reads the same key; it is not made anew. */
    assert_int_equal(pm_key_load(path, &again, err, sizeof err), 0);
    assert_memory_equal(k.bytes, again.bytes, PM_KEY_LEN);
    assert_string_equal(k.id, again.id);
    /* pm_key_read reads it too, and never makes one where none is. */
    memset(&again, 0, sizeof again);
    assert_int_equal(pm_key_read(path, &again, err, sizeof err), 0);
    assert_string_equal(k.id, again.id);
    unlink(path);
    assert_int_equal(pm_key_read(path, &again, err, sizeof err), -1);
    assert_non_null(strstr(err, "no HMAC key here"));
    assert_int_equal(access(path, F_OK), -1);
    rmdir(sub);
    snprintf(sub, sizeof sub, "%s/cfg", dir);
    rmdir(sub);
}

static void key_file_fingerprint_and_env(void **state)
{
    (void)state;
    char path[256], err[512];
    unsigned char bytes[PM_KEY_LEN];
    struct pm_key k;
    for (int i = 0; i < PM_KEY_LEN; i++)
        bytes[i] = (unsigned char)i;
    snprintf(path, sizeof path, "%s/known.key", dir);
    write_file(path, bytes, sizeof bytes);
    chmod(path, 0600);
    /* No path given: $PIIMAP_KEY_FILE names it. */
    setenv("PIIMAP_KEY_FILE", path, 1);
    assert_int_equal(pm_key_load(NULL, &k, err, sizeof err), 0);
    unsetenv("PIIMAP_KEY_FILE");
    assert_memory_equal(k.bytes, bytes, PM_KEY_LEN);
    assert_string_equal(k.id, key_id);
    assert_string_equal(k.path, path);
    unlink(path);
}

static void key_file_wrong_size_refused(void **state)
{
    (void)state;
    char path[256], err[512] = "";
    struct pm_key k;
    snprintf(path, sizeof path, "%s/short.key", dir);
    write_file(path, "0123456789abcdef", 16);
    assert_int_equal(pm_key_load(path, &k, err, sizeof err), -1);
    assert_non_null(strstr(err, path));
    assert_non_null(strstr(err, "32 random bytes"));
    unlink(path);
    /* Longer is not a key either (a passwd file given by mistake). */
    snprintf(path, sizeof path, "%s/long.key", dir);
    write_file(path, "0123456789abcdef0123456789abcdef0", 33);
    err[0] = '\0';
    assert_int_equal(pm_key_load(path, &k, err, sizeof err), -1);
    assert_non_null(strstr(err, "not a piimap key"));
    unlink(path);
    /* A directory where the key should be is refused too, by name. */
    snprintf(path, sizeof path, "%s/adir", dir);
    assert_int_equal(mkdir(path, 0700), 0);
    err[0] = '\0';
    assert_int_equal(pm_key_load(path, &k, err, sizeof err), -1);
    assert_non_null(strstr(err, path));
    rmdir(path);
}

/* ---- findings ----------------------------------------------------------- */

static void add(struct pm_findings *f, const char *det, const char *norm, const char *masked,
                int conf)
{
    int d = pm_detset_find(set, det);
    assert_true(d >= 0);
    struct pm_match m = {d, conf, 0, strlen(norm), norm, masked, norm, 0, pm_test_value(det, norm)};
    pm_findings_add(f, &m);
}

/* The exported finding of detector `det`, or NULL. */
static const struct pm_inv_finding *find(const struct pm_inv_finding *out, size_t n,
                                         const char *det)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(out[i].detector, det) == 0)
            return &out[i];
    return NULL;
}

static void findings_count_and_sample(void **state)
{
    (void)state;
    struct pm_key k;
    fixed_key(&k);
    struct pm_findings *f = pm_findings_new(set, &k);
    assert_non_null(f);
    const char *cm = "4111 **** **** 1111";
    add(f, "credit_card", "4111111111111111", cm, PM_CONF_HIGH);
    add(f, "credit_card", "4111111111111111", cm, PM_CONF_MEDIUM); /* same value again */
    add(f, "credit_card", "4111111111111111", cm, PM_CONF_HIGH);
    add(f, "credit_card", "4000000000001111", cm, PM_CONF_LOW); /* new value, same mask */
    add(f, "email", "alice@example.com", "a***@example.com", PM_CONF_MEDIUM);
    add(f, "email", "bob@example.com", "b***@example.com", PM_CONF_MEDIUM);
    add(f, "email", "carol@example.com", "c***@example.com", PM_CONF_HIGH);
    add(f, "email", "dave@example.com", "d***@example.com", PM_CONF_HIGH); /* a fourth */
    assert_int_equal(pm_findings_count(f), 2);
    assert_int_equal(pm_findings_allowed(f), 0);

    struct pm_inv_finding out[PM_MAX_DETECTORS];
    size_t n = pm_findings_export(f, out, PM_MAX_DETECTORS);
    assert_int_equal(n, 2);
    const struct pm_inv_finding *cc = find(out, n, "credit_card");
    assert_non_null(cc);
    assert_int_equal(cc->occurrences, 4);
    assert_int_equal(cc->distinct, 2);
    assert_int_equal(cc->by_conf[PM_CONF_HIGH], 2);
    assert_int_equal(cc->by_conf[PM_CONF_MEDIUM], 1);
    assert_int_equal(cc->by_conf[PM_CONF_LOW], 1);
    /* 4111 1111 1111 1111, a test number three times; the other is not. */
    assert_int_equal(cc->test_value, 3);
    assert_int_equal(cc->nsamples, 1); /* two values, one masked form */
    assert_string_equal(cc->samples[0], cm);
    assert_int_equal(cc->nhashes, 2);
    char x[2 * PM_KEY_LEN + 1];
    hex(cc->hashes[0], PM_KEY_LEN, x); /* in the order first seen */
    assert_string_equal(x, card_hex);

    const struct pm_inv_finding *em = find(out, n, "email");
    assert_non_null(em);
    assert_int_equal(em->occurrences, 4);
    assert_int_equal(em->distinct, 4);
    assert_int_equal(em->nsamples, PM_INV_SAMPLES);
    assert_string_equal(em->samples[0], "a***@example.com");
    assert_string_equal(em->samples[2], "c***@example.com");
    assert_int_equal(em->by_conf[PM_CONF_MEDIUM], 2);
    assert_int_equal(em->by_conf[PM_CONF_HIGH], 2);
    assert_int_equal(em->test_value, 0);
    hex(em->hashes[0], PM_KEY_LEN, x);
    assert_string_equal(x, alice_hex);

    /* Export stops at max. */
    assert_int_equal(pm_findings_export(f, out, 1), 1);

    /* Reset: the next file starts from nothing, and a value seen in the
     * last file is distinct again. */
    pm_findings_reset(f);
    assert_int_equal(pm_findings_count(f), 0);
    assert_int_equal(pm_findings_export(f, out, PM_MAX_DETECTORS), 0);
    add(f, "credit_card", "4111111111111111", cm, PM_CONF_HIGH);
    n = pm_findings_export(f, out, PM_MAX_DETECTORS);
    assert_int_equal(n, 1);
    assert_int_equal(out[0].occurrences, 1);
    assert_int_equal(out[0].distinct, 1);
    assert_int_equal(out[0].test_value, 1);
    assert_int_equal(out[0].nsamples, 1);
    pm_findings_free(f);
    pm_findings_free(NULL);
}

static void findings_distinct_cap(void **state)
{
    (void)state;
    struct pm_key k;
    fixed_key(&k);
    struct pm_findings *f = pm_findings_new(set, &k);
    char norm[32];
    for (int round = 0; round < 2; round++) { /* the second after a reset of a big set */
        for (unsigned i = 0; i < PM_DISTINCT_CAP + 10; i++) {
            snprintf(norm, sizeof norm, "u%08u@example.com", i);
            add(f, "email", norm, "u***@example.com", PM_CONF_MEDIUM);
        }
        add(f, "email", "u00000000@example.com", "u***@example.com", PM_CONF_MEDIUM);
        struct pm_inv_finding out[PM_MAX_DETECTORS];
        assert_int_equal(pm_findings_export(f, out, PM_MAX_DETECTORS), 1);
        /* Every occurrence counts; distinct stops at the cap (a lower bound). */
        assert_int_equal(out[0].occurrences, PM_DISTINCT_CAP + 11);
        assert_int_equal(out[0].distinct, PM_DISTINCT_CAP);
        assert_int_equal(out[0].nhashes, PM_DISTINCT_CAP);
        assert_int_equal(out[0].nsamples, 1);
        pm_findings_reset(f);
    }
    pm_findings_free(f);
}

static int drop_card(const void *ctx, const unsigned char h[PM_KEY_LEN])
{
    char x[2 * PM_KEY_LEN + 1];
    (*(int *)ctx)++;
    hex(h, PM_KEY_LEN, x);
    return strcmp(x, card_hex) == 0;
}

static void findings_drop_counted(void **state)
{
    (void)state;
    struct pm_key k;
    int calls = 0;
    fixed_key(&k);
    struct pm_findings *f = pm_findings_new(set, &k);
    pm_findings_set_drop(f, drop_card, &calls);
    add(f, "credit_card", "4111111111111111", "4111 **** **** 1111", PM_CONF_HIGH);
    add(f, "credit_card", "4111111111111111", "4111 **** **** 1111", PM_CONF_HIGH);
    add(f, "email", "alice@example.com", "a***@example.com", PM_CONF_MEDIUM);
    assert_int_equal(calls, 3);
    assert_int_equal(pm_findings_allowed(f), 2);
    assert_int_equal(pm_findings_count(f), 1);
    struct pm_inv_finding out[PM_MAX_DETECTORS];
    assert_int_equal(pm_findings_export(f, out, PM_MAX_DETECTORS), 1);
    assert_string_equal(out[0].detector, "email");
    pm_findings_reset(f);
    assert_int_equal(pm_findings_allowed(f), 0);
    /* No drop test: everything counts. */
    pm_findings_set_drop(f, NULL, NULL);
    add(f, "credit_card", "4111111111111111", "4111 **** **** 1111", PM_CONF_HIGH);
    assert_int_equal(pm_findings_count(f), 1);
    assert_int_equal(pm_findings_allowed(f), 0);
    pm_findings_free(f);
}

/* ---- allow lists -------------------------------------------------------- */

/* Warnings passed back by the allow-list loader, newline-separated. */
static char warned[2048];

/* ---- people: keys linked within a record --------------------------------- */

/* A key "hash": its byte v repeated (the linker never looks inside). */
static void padd(struct pm_people *p, uint64_t record, const char *det, unsigned char v, int test)
{
    unsigned char h[PM_KEY_LEN];
    memset(h, v, sizeof h);
    int d = pm_detset_find(set, det);
    assert_true(d >= 0);
    pm_people_add(p, record, d, h, test);
}

/* 1 if the links hold a (a, b) or (b, a) row of keys va, vb. */
static int has_link(const struct pm_people_link *l, size_t n, unsigned char va, unsigned char vb)
{
    for (size_t i = 0; i < n; i++)
        if ((l[i].a[0] == va && l[i].b[0] == vb) || (l[i].a[0] == vb && l[i].b[0] == va))
            return 1;
    return 0;
}

static void people_links_by_record(void **state)
{
    (void)state;
    struct pm_people *p = pm_people_new(set);
    assert_non_null(p);
    const struct pm_people_link *l;
    /* Record 0: an e-mail, a phone and a birth date (an attribute, no key),
     * given out of order and repeated: one link. */
    padd(p, 0, "phone", 2, 0);
    padd(p, 1, "email", 9, 0); /* record 1: alone */
    padd(p, 0, "email", 1, 0);
    padd(p, 0, "date_of_birth", 3, 0);
    padd(p, 0, "email", 1, 0);
    pm_people_close(p, 1);
    /* Record 2: a known test number is no key. */
    padd(p, 2, "credit_card", 4, 1);
    padd(p, 2, "iban", 6, 0);
    /* Record 3: three e-mail addresses (more than 2 of a kind): no link. */
    padd(p, 3, "email", 10, 0);
    padd(p, 3, "email", 11, 0);
    padd(p, 3, "email", 12, 0);
    padd(p, 3, "phone", 13, 0);
    /* Record 4: nine keys of several kinds (more than 8): no link. */
    const char *kinds[] = {"email", "email", "phone", "phone", "iban", "iban", "us_ssn",
                           "us_ssn", "uk_nino"};
    for (unsigned char i = 0; i < 9; i++)
        padd(p, 4, kinds[i], (unsigned char)(20 + i), 0);
    /* Record 5: two of a kind and one more: linked as a star from the first
     * key in detector order (iban before email). */
    padd(p, 5, "email", 40, 0);
    padd(p, 5, "email", 41, 0);
    padd(p, 5, "iban", 42, 0);
    size_t n = pm_people_finish(p, &l);
    assert_int_equal(pm_people_linked_records(p), 2);
    assert_true(has_link(l, n, 1, 2));
    assert_true(has_link(l, n, 42, 40) && has_link(l, n, 42, 41));
    assert_true(has_link(l, n, 9, 9) && has_link(l, n, 6, 6) && has_link(l, n, 13, 13));
    for (unsigned char i = 0; i < 9; i++)
        assert_true(has_link(l, n, (unsigned char)(20 + i), (unsigned char)(20 + i)));
    assert_false(has_link(l, n, 3, 3) || has_link(l, n, 4, 4));
    assert_false(has_link(l, n, 10, 11) || has_link(l, n, 10, 13));
    /* 1 link + 1 (9) + 1 (6) + 4 (record 3) + 9 (record 4) + 2 links */
    assert_int_equal(n, 18);
    /* A new item starts empty. */
    pm_people_reset(p);
    assert_int_equal(pm_people_finish(p, &l), 0);
    assert_int_equal(pm_people_linked_records(p), 0);
    pm_people_free(p);
}

static void collect_warning(void *ctx, const char *msg)
{
    (void)ctx;
    size_t n = strlen(warned);
    snprintf(warned + n, sizeof warned - n, "%s\n", msg);
}

static struct pm_allow *load_allow(const char *text, char *err, size_t errsz)
{
    warned[0] = '\0';
    char path[256];
    struct pm_key k;
    fixed_key(&k);
    snprintf(path, sizeof path, "%s/allow.txt", dir);
    write_file(path, text, strlen(text));
    struct pm_allow *a = pm_allow_load(path, set, &k, collect_warning, NULL, err, errsz);
    unlink(path);
    return a;
}

static void allow_list_entries(void **state)
{
    (void)state;
    char err[512] = "", upper[sizeof alice_hex];
    for (size_t i = 0; i < sizeof alice_hex; i++)
        upper[i] = (char)(alice_hex[i] >= 'a' ? alice_hex[i] - 32 : alice_hex[i]);
    char text[1024];
    snprintf(text, sizeof text,
             "# reviewed test data\n"
             "\n"
             "  4111 1111 1111 1111  \n"
             "hash:%s\n"
             "path:/srv/share/qa*\n"
             "path:*.test.csv detectors=credit_card,phone until=2999-12-31\n"
             "path:/old/* until=2001-01-01\n",
             upper);
    struct pm_allow *a = load_allow(text, err, sizeof err);
    assert_non_null(a);
    struct pm_key k;
    unsigned char h[PM_KEY_LEN];
    fixed_key(&k);
    /* The value line: the card's keyed hash is allowed. */
    pm_key_hash(&k, "credit_card", "4111111111111111", h);
    assert_true(pm_allow_hash(a, h));
    assert_true(pm_allow_drops(a, h));
    /* The hash line (upper-case hex is fine). */
    pm_key_hash(&k, "email", "alice@example.com", h);
    assert_true(pm_allow_hash(a, h));
    pm_key_hash(&k, "email", "bob@example.com", h);
    assert_false(pm_allow_hash(a, h));
    assert_false(pm_allow_hash(NULL, h));
    assert_true(pm_allow_values(a) >= 2);
    /* Paths: a plain glob silences every detector; one with detectors= only
     * those; the expired entry is ignored. */
    assert_int_equal(pm_allow_paths(a), 2);
    assert_true(pm_allow_path(a, "/srv/share/qa/cards.txt", "email"));
    assert_true(pm_allow_path(a, "/srv/share/qa", "credit_card"));
    assert_false(pm_allow_path(a, "/srv/share/prod/qa", "email"));
    assert_true(pm_allow_path(a, "/data/x.test.csv", "credit_card"));
    assert_true(pm_allow_path(a, "/data/x.test.csv", "phone"));
    assert_false(pm_allow_path(a, "/data/x.test.csv", "email"));
    assert_false(pm_allow_path(a, "/old/cards.txt", "credit_card"));
    /* The loader says which entry it ignored, and prints nothing itself. */
    assert_non_null(strstr(warned, "allow.txt:7: suppression of /old/* expired on 2001-01-01: ignored"));
    assert_false(pm_allow_path(NULL, "/srv/share/qa/x", "email"));

    /* With findings: the allowed card is dropped and counted. */
    struct pm_findings *f = pm_findings_new(set, &k);
    pm_findings_set_drop(f, pm_allow_drops, a);
    add(f, "credit_card", "4111111111111111", "4111 **** **** 1111", PM_CONF_HIGH);
    add(f, "credit_card", "5555555555554444", "5555 **** **** 4444", PM_CONF_HIGH);
    assert_int_equal(pm_findings_allowed(f), 1);
    struct pm_inv_finding out[PM_MAX_DETECTORS];
    assert_int_equal(pm_findings_export(f, out, PM_MAX_DETECTORS), 1);
    assert_int_equal(out[0].occurrences, 1);
    pm_findings_free(f);
    pm_allow_free(a);
    pm_allow_free(NULL);
}

static void allow_list_errors_name_the_line(void **state)
{
    (void)state;
    static const struct {
        const char *text, *want; /* want: the message after "FILE:" */
    } cases[] = {
        {"4111 1111 1111 1111\nhash:abc\n", "2: hash: expected 64 hex digits"},
        {"# x\n\nhash:" "zz" "00000000000000000000000000000000000000000000000000000000000000\n",
         "3: hash: expected 64 hex digits"},
        {"path:*.csv detectors=credit_card,nope\n", "1: unknown detector 'nope'"},
        {"path:*.csv detectors=credit_card,,phone\n", "1: unknown detector ''"},
        {"\npath:*.csv until=tomorrow\n", "2: until=tomorrow: expected a date YYYY-MM-DD"},
        {"path:*.csv color=red\n", "1: unknown option 'color=red' (detectors=..., until=...)"},
        {"path:   \n", "1: path: needs a glob"},
    };
    char path[256], want[768], err[512];
    snprintf(path, sizeof path, "%s/allow.txt", dir);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        err[0] = '\0';
        assert_null(load_allow(cases[i].text, err, sizeof err));
        snprintf(want, sizeof want, "%s:%s", path, cases[i].want);
        assert_string_equal(err, want);
    }
    /* A file that is not there is named. */
    struct pm_key k;
    fixed_key(&k);
    snprintf(path, sizeof path, "%s/missing.txt", dir);
    assert_null(pm_allow_load(path, set, &k, NULL, NULL, err, sizeof err));
    assert_non_null(strstr(err, path));
}

static int setup(void **state)
{
    (void)state;
    char err[256];
    snprintf(dir, sizeof dir, "/tmp/pm_test_record.XXXXXX");
    if (!mkdtemp(dir))
        return -1;
    set = pm_detset_new_builtin(err, sizeof err);
    if (!set)
        fprintf(stderr, "%s\n", err);
    return set ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    pm_detset_free(set);
    return rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(key_hash_matches_vector),
        cmocka_unit_test(key_file_created_private),
        cmocka_unit_test(key_file_fingerprint_and_env),
        cmocka_unit_test(key_file_wrong_size_refused),
        cmocka_unit_test(findings_count_and_sample),
        cmocka_unit_test(findings_distinct_cap),
        cmocka_unit_test(findings_drop_counted),
        cmocka_unit_test(people_links_by_record),
        cmocka_unit_test(allow_list_entries),
        cmocka_unit_test(allow_list_errors_name_the_line),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
