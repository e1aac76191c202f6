/* test_datamap.c — the JSON data map (report/datamap.h) of a small inventory
 * built here, parsed back with jansson.
 *
 * Checks the fields the schema (doc/schema/datamap.schema.json) names, the
 * scan, coverage, totals, directories, files (members, masked samples,
 * confidence, risk flags, escaped names), skipped items and errors; and that
 * no raw value the test starts from, nor a keyed hash, ever reaches the map
 * or the inventory file.
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "inventory/inventory.h"
#include "record/findings.h"
#include "report/datamap.h"
#include "report/risk.h"

#define SCHEMA PM_TEST_DATA "/../../doc/schema/datamap.schema.json"

static char tmpl[] = "/tmp/piimap-test-datamap.XXXXXX";
static char *root;

/* Raw values: what a scanner would have read. Only their masked forms and
 * keyed hashes go into the inventory. */
static const struct {
    const char *detector, *raw, *norm, *masked;
} values[] = {
    {"us_ssn", "123-45-6789", "123456789", "***-**-6789"},
    {"email", "jane.doe@example.com", "jane.doe@example.com", "j***@example.com"},
    {"email", "max.power@example.org", "max.power@example.org", "m***@example.org"},
    {"credit_card", "4111 1111 1111 1111", "4111111111111111", "4111 **** **** 1111"},
    {"phone", "+1 415 555 0100", "+14155550100", "+1 *** *** **00"},
};
#define NVALUES (sizeof values / sizeof values[0])
static unsigned char hashes[NVALUES][PM_INV_HASH];
/* 120 more addresses in one file: "bulk". */
static unsigned char bulk[120][PM_INV_HASH];

static char *map_text;  /* the data map as written */
static json_t *map;     /* and parsed */
static json_t *schema;
static char db_path[4200];

static struct pm_inv_file file(const char *path, const char *members, uint32_t mode,
                               int64_t mtime, enum pm_file_status st, const char *reason)
{
    struct pm_inv_file f = {.path = path, .members_json = members, .mime = "text/csv",
                            .encoding = "utf-8", .size = 2048, .mtime = mtime,
                            .ctime = mtime, .dev = 1, .ino = 2, .uid = 1000, .gid = 1000,
                            .mode = mode, .owner = "alice", .group = "hr", .status = st,
                            .reason = reason, .bytes_scanned = 2048};
    return f;
}

static void build_inventory(struct pm_inv *inv)
{
    struct pm_key key;
    memset(&key, 0x42, sizeof key);
    for (size_t i = 0; i < NVALUES; i++)
        pm_key_hash(&key, values[i].detector, values[i].norm, hashes[i]);
    for (int i = 0; i < 120; i++) {
        char norm[64];
        snprintf(norm, sizeof norm, "user%d@example.com", i);
        pm_key_hash(&key, "email", norm, bulk[i]);
    }
    int64_t id;
    struct pm_inv_scan sc = {.started_at = 1700000000, .roots_json = "[\"/srv/share\"]",
                             .tool_version = "0.0-test", .key_id = "00112233aabbccdd"};
    assert_int_equal(pm_inv_scan_begin(inv, &sc, &id), 0);

    /* staff.csv: an SSN and two addresses, readable by all, untouched for
     * twenty years. */
    struct pm_inv_finding staff[] = {
        {.detector = "email", .occurrences = 4, .by_conf = {0, 0, 1, 3}, .distinct = 2,
         .samples = {values[1].masked, values[2].masked}, .nsamples = 2,
         .hashes = (const unsigned char(*)[PM_INV_HASH])hashes[1], .nhashes = 2},
        {.detector = "us_ssn", .occurrences = 1, .by_conf = {0, 0, 0, 1}, .distinct = 1,
         .samples = {values[0].masked}, .nsamples = 1,
         .hashes = (const unsigned char(*)[PM_INV_HASH])hashes[0], .nhashes = 1},
    };
    struct pm_inv_finding card[] = {
        {.detector = "credit_card", .occurrences = 2, .by_conf = {0, 0, 2, 0}, .distinct = 1,
         .test_value = 2, .samples = {values[3].masked}, .nsamples = 1,
         .hashes = (const unsigned char(*)[PM_INV_HASH])hashes[3], .nhashes = 1},
    };
    struct pm_inv_finding list[] = {
        {.detector = "email", .occurrences = 120, .by_conf = {0, 120, 0, 0}, .distinct = 120,
         .samples = {"u***@example.com"}, .nsamples = 1,
         .hashes = (const unsigned char(*)[PM_INV_HASH])bulk, .nhashes = 120},
    };
    struct pm_inv_finding phone[] = {
        {.detector = "phone", .occurrences = 1, .by_conf = {0, 1, 0, 0}, .distinct = 1,
         .samples = {values[4].masked}, .nsamples = 1,
         .hashes = (const unsigned char(*)[PM_INV_HASH])hashes[4], .nhashes = 1},
    };
    int64_t now = (int64_t)time(NULL);
    struct pm_inv_file f[] = {
        file("/srv/share/hr/staff.csv", "[]", 0644, 1000000000, PM_FILE_SCANNED, NULL),
        file("/srv/share/hr/clean.txt", "[]", 0600, now, PM_FILE_SCANNED, NULL),
        file("/srv/share/hr/old.zip", "[]", 0600, now, PM_FILE_SCANNED, NULL),
        file("/srv/share/hr/old.zip", "[\"2023/cards.txt\"]", 0600, now, PM_FILE_SCANNED, NULL),
        file("/srv/share/hr/list.csv", "[]", 0600, now, PM_FILE_SCANNED, NULL),
        file("/srv/share/odd/caf\xe9.txt", "[]", 0600, now, PM_FILE_SCANNED, NULL),
        file("/srv/share/odd/pipe", "[]", 0600, now, PM_FILE_SKIPPED, "fifo"),
        file("/srv/share/media/p.jpg", "[]", 0644, now, PM_FILE_SKIPPED, "type image/jpeg"),
        file("/srv/share/docs/bad.pdf", "[]", 0600, now, PM_FILE_ERROR, "malformed: no xref"),
    };
    f[0].findings = staff;
    f[0].nfindings = 2;
    f[3].findings = card;
    f[3].nfindings = 1;
    f[3].mime = "text/plain";
    f[4].findings = list;
    f[4].nfindings = 1;
    f[5].findings = phone;
    f[5].nfindings = 1;
    f[5].owner = NULL; /* an owner with no name */
    f[5].mime = NULL;
    assert_int_equal(pm_inv_tx_begin(inv), 0);
    for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
        assert_int_equal(pm_inv_add_file(inv, id, &f[i]), 0);
    assert_int_equal(pm_inv_tx_commit(inv), 0);
    sc.id = id;
    sc.status = PM_SCAN_COMPLETE;
    sc.finished_at = 1700000060;
    sc.files_seen = 8;
    sc.files_scanned = 5;
    sc.files_skipped = 2;
    sc.members_seen = 1;
    sc.bytes_scanned = 12288;
    sc.errors = 1;
    assert_int_equal(pm_inv_scan_update(inv, &sc), 0);
}

static int setup(void **state)
{
    (void)state;
    if (!(root = mkdtemp(tmpl)))
        return -1;
    snprintf(db_path, sizeof db_path, "%s/dm.db", root);
    char err[512];
    struct pm_inv *inv = NULL;
    if (pm_inv_open(db_path, PM_INV_WRITE | PM_INV_CREATE, &inv, err, sizeof err) != 0)
        return -1;
    build_inventory(inv);
    size_t len = 0;
    FILE *out = open_memstream(&map_text, &len);
    if (!out || pm_datamap_write_json(inv, 0, "0.0-test", 730, NULL, out, err, sizeof err) != 0)
        return -1;
    fclose(out);
    pm_inv_close(inv);
    json_error_t je;
    map = json_loads(map_text, 0, &je);
    schema = json_load_file(SCHEMA, 0, &je);
    return map && schema ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    json_decref(map);
    json_decref(schema);
    free(map_text);
    char cmd[4200];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
    return system(cmd) == 0 ? 0 : -1;
}

/* Every key of obj is one the schema node describes (or one of `extra`),
 * and every key it requires is there. */
static void check_keys_extra(json_t *obj, json_t *node, const char *const *extra)
{
    assert_true(json_is_object(obj));
    json_t *props = json_object_get(node, "properties");
    const char *k;
    json_t *v;
    json_object_foreach(obj, k, v) {
        int known = json_object_get(props, k) != NULL;
        for (const char *const *e = extra; !known && e && *e; e++)
            known = strcmp(k, *e) == 0;
        if (!known)
            fail_msg("key '%s' not in the schema", k);
    }
    size_t i;
    json_array_foreach(json_object_get(node, "required"), i, v) {
        if (!json_object_get(obj, json_string_value(v)))
            fail_msg("required key '%s' missing", json_string_value(v));
    }
}

static void check_keys(json_t *obj, json_t *node) { check_keys_extra(obj, node, NULL); }

static json_t *schema_at(const char *a, const char *b)
{
    json_t *n = json_object_get(json_object_get(schema, "properties"), a);
    return b ? json_object_get(n, b) : n;
}

static json_int_t num(json_t *o, const char *k)
{
    json_t *v = json_object_get(o, k);
    if (!json_is_integer(v))
        fail_msg("'%s' is not an integer", k);
    return json_integer_value(v);
}

static const char *str(json_t *o, const char *k)
{
    json_t *v = json_object_get(o, k);
    if (!json_is_string(v))
        fail_msg("'%s' is not a string", k);
    return json_string_value(v);
}

static json_t *file_named(const char *path, const char *member)
{
    size_t i;
    json_t *f;
    json_array_foreach(json_object_get(map, "files"), i, f) {
        json_t *m = json_object_get(f, "members");
        if (strcmp(str(f, "path"), path) == 0 &&
            (member ? json_array_size(m) == 1 &&
                          strcmp(json_string_value(json_array_get(m, 0)), member) == 0
                    : json_array_size(m) == 0))
            return f;
    }
    fail_msg("no file %s in the map", path);
    return NULL;
}

static int has_risk(json_t *f, const char *flag)
{
    size_t i;
    json_t *r;
    json_array_foreach(json_object_get(f, "risk"), i, r) {
        if (strcmp(json_string_value(r), flag) == 0)
            return 1;
    }
    return 0;
}

static void test_schema_fields(void **state)
{
    (void)state;
    check_keys(map, schema);
    /* every top-level property is written, in the documented order */
    const char *order[] = {"schema", "tool", "scan", "coverage", "totals",
                           "directories", "files", "skipped", "errors"};
    const char *p = map_text;
    for (size_t i = 0; i < sizeof order / sizeof order[0]; i++) {
        char k[32];
        snprintf(k, sizeof k, "\n\"%s\": ", order[i]);
        const char *at = strstr(p, k);
        if (!at)
            fail_msg("top-level '%s' missing or out of order", order[i]);
        p = at;
    }
    assert_string_equal(str(map, "schema"), "piimap.datamap/1");
    check_keys(json_object_get(map, "tool"), schema_at("tool", NULL));
    assert_string_equal(str(json_object_get(map, "tool"), "name"), "piimap");
    assert_string_equal(str(json_object_get(map, "tool"), "version"), "0.0-test");
    check_keys(json_object_get(map, "scan"), schema_at("scan", NULL));
    check_keys(json_object_get(map, "coverage"), schema_at("coverage", NULL));
    size_t i;
    json_t *v;
    json_array_foreach(json_object_get(map, "directories"), i, v)
        check_keys(v, schema_at("directories", "items"));
    /* The schema allows more file properties than it names: uid and gid. */
    static const char *const file_extra[] = {"uid", "gid", NULL};
    json_array_foreach(json_object_get(map, "files"), i, v)
        check_keys_extra(v, schema_at("files", "items"), file_extra);
    json_t *problem = json_object_get(json_object_get(schema, "$defs"), "problem");
    json_array_foreach(json_object_get(map, "skipped"), i, v)
        check_keys(v, problem);
    json_array_foreach(json_object_get(map, "errors"), i, v)
        check_keys(v, problem);
}

static void test_scan_and_coverage(void **state)
{
    (void)state;
    json_t *s = json_object_get(map, "scan");
    assert_true(num(s, "id") >= 1);
    assert_string_equal(str(s, "status"), "complete");
    assert_string_equal(str(s, "started_at"), "2023-11-14T22:13:20Z");
    assert_string_equal(str(s, "finished_at"), "2023-11-14T22:14:20Z");
    assert_int_equal(json_array_size(json_object_get(s, "roots")), 1);
    assert_string_equal(json_string_value(json_array_get(json_object_get(s, "roots"), 0)),
                        "/srv/share");
    assert_int_equal(num(s, "files_seen"), 8);
    assert_int_equal(num(s, "files_scanned"), 5);
    assert_int_equal(num(s, "files_skipped"), 2);
    assert_int_equal(num(s, "files_excluded"), 0);
    assert_int_equal(num(s, "members_seen"), 1);
    assert_int_equal(num(s, "files_unchanged"), 0);
    assert_true(json_is_null(json_object_get(s, "incremental_from")));
    assert_int_equal(num(s, "bytes_scanned"), 12288);
    assert_int_equal(num(s, "errors"), 1);
    assert_string_equal(str(s, "key_id"), "00112233aabbccdd");

    json_t *c = json_object_get(map, "coverage");
    assert_int_equal(num(c, "scanned"), 6); /* five files and one member */
    assert_int_equal(num(c, "partial"), 0);
    assert_int_equal(num(c, "skipped"), 2);
    assert_int_equal(num(c, "error"), 1);
    json_t *why = json_object_get(c, "skipped_by_reason");
    assert_int_equal(json_object_size(why), 2);
    assert_int_equal(num(why, "fifo"), 1);
    assert_int_equal(num(why, "type image/jpeg"), 1);
}

static void test_totals_and_directories(void **state)
{
    (void)state;
    json_t *t = json_object_get(map, "totals");
    assert_int_equal(json_object_size(t), 4);
    json_t *e = json_object_get(t, "email");
    assert_int_equal(num(e, "occurrences"), 124);
    assert_int_equal(num(e, "distinct"), 122);
    assert_int_equal(num(e, "files"), 2);
    json_t *bc = json_object_get(e, "by_confidence");
    assert_int_equal(num(bc, "high"), 3);
    assert_int_equal(num(bc, "medium"), 1);
    assert_int_equal(num(bc, "low"), 120);
    assert_int_equal(num(json_object_get(t, "us_ssn"), "distinct"), 1);
    assert_int_equal(num(json_object_get(t, "credit_card"), "occurrences"), 2);
    assert_int_equal(num(json_object_get(t, "phone"), "files"), 1);
    /* 4111 1111 1111 1111 twice: counted, and said to be a test number;
     * no test_value where there is none. */
    assert_int_equal(num(json_object_get(t, "credit_card"), "test_value"), 2);
    assert_null(json_object_get(e, "test_value"));

    json_t *d = json_object_get(map, "directories");
    assert_int_equal(json_array_size(d), 2); /* dirs of items read, by path */
    json_t *hr = json_array_get(d, 0);
    assert_string_equal(str(hr, "path"), "/srv/share/hr");
    assert_int_equal(num(hr, "files"), 5); /* four files and one member */
    assert_int_equal(num(hr, "files_with_pii"), 3);
    json_t *hf = json_object_get(hr, "findings");
    assert_int_equal(json_object_size(hf), 3);
    assert_int_equal(num(json_object_get(hf, "email"), "occurrences"), 124);
    assert_int_equal(num(json_object_get(hf, "email"), "distinct"), 122);
    assert_int_equal(num(json_object_get(hf, "credit_card"), "distinct"), 1);
    assert_int_equal(num(json_object_get(hf, "credit_card"), "test_value"), 2);
    assert_null(json_object_get(json_object_get(hf, "email"), "test_value"));
    json_t *odd = json_array_get(d, 1);
    assert_string_equal(str(odd, "path"), "/srv/share/odd");
    assert_int_equal(num(odd, "files"), 1);
    assert_int_equal(num(odd, "files_with_pii"), 1);
}

/* A postal address is contact data: beside identity data it makes a
 * sensitive combination, alone it does not, nor beside a known test card. */
static void test_risk_address(void **state)
{
    (void)state;
    struct pm_inv_finding fs[2] = {{.detector = "postal_address", .occurrences = 2, .distinct = 2},
                                   {.detector = "us_ssn", .occurrences = 1, .distinct = 1}};
    struct pm_inv_file f = {.path = "/srv/letters/a.txt", .mode = 0600, .findings = fs,
                            .nfindings = 2};
    assert_true(pm_risk_flags(&f, 0, 0) & PM_RISK_SENSITIVE);
    f.nfindings = 1;
    assert_false(pm_risk_flags(&f, 0, 0) & PM_RISK_SENSITIVE);
    fs[1] = (struct pm_inv_finding){.detector = "credit_card", .occurrences = 1, .distinct = 1,
                                    .test_value = 1};
    f.nfindings = 2;
    assert_false(pm_risk_flags(&f, 0, 0) & PM_RISK_SENSITIVE);
}

static void test_files_members_samples(void **state)
{
    (void)state;
    json_t *files = json_object_get(map, "files");
    assert_int_equal(json_array_size(files), 4); /* with findings only */

    json_t *staff = file_named("/srv/share/hr/staff.csv", NULL);
    assert_string_equal(str(staff, "mime"), "text/csv");
    assert_string_equal(str(staff, "encoding"), "utf-8");
    assert_int_equal(num(staff, "size"), 2048);
    assert_string_equal(str(staff, "mtime"), "2001-09-09T01:46:40Z");
    assert_string_equal(str(staff, "owner"), "alice");
    assert_string_equal(str(staff, "group"), "hr");
    assert_int_equal(num(staff, "uid"), 1000);
    assert_string_equal(str(staff, "mode"), "0644");
    assert_string_equal(str(staff, "status"), "scanned");
    json_t *em = json_object_get(json_object_get(staff, "findings"), "email");
    assert_int_equal(num(em, "occurrences"), 4);
    assert_int_equal(num(em, "distinct"), 2);
    assert_string_equal(str(em, "confidence"), "high");
    json_t *samples = json_object_get(em, "samples");
    assert_int_equal(json_array_size(samples), 2);
    assert_string_equal(json_string_value(json_array_get(samples, 0)), "j***@example.com");
    assert_string_equal(json_string_value(json_array_get(samples, 1)), "m***@example.org");
    json_t *ssn = json_object_get(json_object_get(staff, "findings"), "us_ssn");
    assert_string_equal(json_string_value(json_array_get(json_object_get(ssn, "samples"), 0)),
                        "***-**-6789");
    assert_true(has_risk(staff, "exposed"));
    assert_true(has_risk(staff, "stale"));
    assert_true(has_risk(staff, "sensitive-combination"));
    assert_false(has_risk(staff, "bulk"));

    json_t *member = file_named("/srv/share/hr/old.zip", "2023/cards.txt");
    json_t *cc = json_object_get(json_object_get(member, "findings"), "credit_card");
    assert_string_equal(json_string_value(json_array_get(json_object_get(cc, "samples"), 0)),
                        "4111 **** **** 1111");
    assert_string_equal(str(cc, "confidence"), "medium");
    assert_int_equal(num(cc, "test_value"), 2);
    assert_null(json_object_get(ssn, "test_value"));
    assert_int_equal(json_array_size(json_object_get(member, "risk")), 0);
    assert_string_equal(str(member, "mime"), "text/plain");

    json_t *list = file_named("/srv/share/hr/list.csv", NULL);
    assert_true(has_risk(list, "bulk"));
    assert_string_equal(str(json_object_get(json_object_get(list, "findings"), "email"),
                            "confidence"), "low");

    json_t *odd = file_named("/srv/share/odd/caf\\xe9.txt", NULL); /* the byte, as text */
    assert_true(json_is_true(json_object_get(odd, "path_escaped")));
    assert_true(json_is_null(json_object_get(odd, "owner")));
    assert_true(json_is_null(json_object_get(odd, "mime")));
    assert_null(json_object_get(staff, "path_escaped"));
}

static void test_skipped_and_errors(void **state)
{
    (void)state;
    json_t *sk = json_object_get(map, "skipped");
    assert_int_equal(json_array_size(sk), 1); /* skipped for their type: counted only */
    assert_string_equal(str(json_array_get(sk, 0), "path"), "/srv/share/odd/pipe");
    assert_string_equal(str(json_array_get(sk, 0), "status"), "skipped");
    assert_string_equal(str(json_array_get(sk, 0), "error"), "fifo");
    json_t *er = json_object_get(map, "errors");
    assert_int_equal(json_array_size(er), 1);
    assert_string_equal(str(json_array_get(er, 0), "path"), "/srv/share/docs/bad.pdf");
    assert_string_equal(str(json_array_get(er, 0), "status"), "error");
    assert_string_equal(str(json_array_get(er, 0), "error"), "malformed: no xref");
    assert_int_equal(json_array_size(json_object_get(json_array_get(er, 0), "members")), 0);
}

static void hex(const unsigned char *b, size_t n, char *out)
{
    for (size_t i = 0; i < n; i++)
        sprintf(out + 2 * i, "%02x", b[i]);
}

static void test_no_raw_value(void **state)
{
    (void)state;
    FILE *f = fopen(db_path, "rb");
    assert_non_null(f);
    static char db[4 << 20];
    size_t dblen = fread(db, 1, sizeof db, f);
    fclose(f);
    assert_true(dblen > 0 && dblen < sizeof db);
    for (size_t i = 0; i < NVALUES; i++) {
        /* masked: yes; raw or normalised: never, in the map or at rest */
        assert_non_null(strstr(map_text, values[i].masked));
        if (strstr(map_text, values[i].raw) || strstr(map_text, values[i].norm))
            fail_msg("a raw %s value is in the data map", values[i].detector);
        if (memmem(db, dblen, values[i].raw, strlen(values[i].raw)) ||
            memmem(db, dblen, values[i].norm, strlen(values[i].norm)))
            fail_msg("a raw %s value is in the inventory", values[i].detector);
        /* keyed hashes stay in the inventory: the map shows none */
        char h[2 * PM_INV_HASH + 1];
        hex(hashes[i], PM_INV_HASH, h);
        assert_null(strstr(map_text, h));
        assert_null(strstr(map_text, "\"hash"));
        assert_non_null(memmem(db, dblen, hashes[i], PM_INV_HASH));
    }
    assert_null(strstr(map_text, "user7@example.com"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_schema_fields),
        cmocka_unit_test(test_scan_and_coverage),
        cmocka_unit_test(test_totals_and_directories),
        cmocka_unit_test(test_files_members_samples),
        cmocka_unit_test(test_skipped_and_errors),
        cmocka_unit_test(test_no_raw_value),
        cmocka_unit_test(test_risk_address),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
