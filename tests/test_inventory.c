/* test_inventory.c — the inventory interface, round trip through the SQLite
 * backend in a temporary directory, then the same tests through the
 * PostgreSQL backend on the server PIIMAP_TEST_PG names (.ci/run starts a
 * throwaway one with tests/pg_cluster.sh; without it they are skipped, and
 * say so).
 *
 * A first scan with files, members, findings, samples and hashes is written,
 * updated and read back through every reader; a second, incremental scan
 * carries unchanged files forward; the two are diffed, then pruned. Also:
 * the backend's own files, the file mode, a PostgreSQL URI refused, a
 * reader's handle that writes nothing, and files that are not inventories
 * refused by every mode and left as they were; the items that hold one keyed
 * hash (locate), in one scan and in every scan; every reader limited to a
 * subtree, and a subtree's recursive figures.
 * Only masked samples and stand-in hashes are stored, as the scanner does.
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <libpq-fe.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "inventory/inventory.h"

static char tmpl[] = "/tmp/piimap-test-inv.XXXXXX";
static char *root;
/* The PostgreSQL server's URI, and whether the tests now run on it. */
static const char *pg_uri;
static int on_pg;

#define ROOTS "[\"/srv/share\"]"
#define KEY "k-test"
#define RWC (PM_INV_WRITE | PM_INV_CREATE)

/* Stand-ins for keyed hashes: distinct bytes per value. */
static unsigned char H[8][PM_INV_HASH];

static int setup(void **state)
{
    (void)state;
    root = mkdtemp(tmpl);
    for (int i = 0; i < 8; i++)
        memset(H[i], 0xA0 + i, PM_INV_HASH);
    return root ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[4200];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
    return system(cmd) == 0 ? 0 : -1;
}

/* Runs SQL on the test server as its superuser, outside piimap. */
static void pg_sql(const char *sql)
{
    PGconn *c = PQconnectdb(pg_uri);
    if (PQstatus(c) != CONNECTION_OK)
        fail_msg("connect to PIIMAP_TEST_PG: %s", PQerrorMessage(c));
    PQclear(PQexec(c, "SET client_min_messages TO warning"));
    PGresult *r = PQexec(c, sql);
    if (PQresultStatus(r) != PGRES_COMMAND_OK && PQresultStatus(r) != PGRES_TUPLES_OK)
        fail_msg("%s: %s", sql, PQerrorMessage(c));
    PQclear(r);
    PQfinish(c);
}

/* A count from the test server (an SQLite file's when not on_pg). */
static long long count_rows(const char *path, const char *sql)
{
    long long n = -1;
    if (on_pg) {
        PGconn *c = PQconnectdb(pg_uri);
        PGresult *r = PQexec(c, sql);
        if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1)
            n = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
        PQclear(r);
        PQfinish(c);
        return n;
    }
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
        sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
        n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return n;
}

/* Makes the SQLite file read-only (or writable again); a server's
 * inventory has no mode, and the reader's handle is what is tested. */
static int chmod_db(const char *path, mode_t mode) { return on_pg ? 0 : chmod(path, mode); }

/* A fresh inventory: a file in the temporary directory, or on the server
 * with piimap's schema dropped first. */
static struct pm_inv *open_db(const char *name, char *path, size_t pathsz)
{
    char err[512];
    struct pm_inv *inv = NULL;
    snprintf(path, pathsz, "%s/%s", root, name);
    if (on_pg) {
        pg_sql("DROP SCHEMA IF EXISTS piimap CASCADE");
        snprintf(path, pathsz, "%s", pg_uri);
    }
    if (pm_inv_open(path, RWC, &inv, err, sizeof err) != 0)
        fail_msg("open %s: %s", path, err);
    return inv;
}

static struct pm_inv_file file(const char *path, const char *members, enum pm_file_status st,
                               const char *reason)
{
    struct pm_inv_file f = {.path = path, .members_json = members, .mime = "text/plain",
                            .encoding = "utf-8", .size = 100, .mtime = 1700000000,
                            .ctime = 1700000001, .mtime_ns = 11, .ctime_ns = 22, .dev = 7,
                            .ino = 1000, .uid = 1000, .gid = 100, .mode = 0640,
                            .owner = "alice", .group = "staff", .status = st, .reason = reason,
                            .bytes_scanned = st == PM_FILE_SCANNED ? 100 : 0};
    f.ino += strlen(path) + strlen(members);
    return f;
}

/* Scan A: seven items, three with findings (one an archive member). */
static int64_t write_scan_a(struct pm_inv *inv)
{
    int64_t id = 0;
    struct pm_inv_scan sc = {.started_at = 1000, .roots_json = ROOTS, .tool_version = "9.9",
                             .key_id = KEY};
    assert_int_equal(pm_inv_scan_begin(inv, &sc, &id), 0);
    assert_true(id > 0);
    const unsigned char(*email_h)[PM_INV_HASH] = &H[0];   /* H[0], H[1] */
    const unsigned char(*ssn_h)[PM_INV_HASH] = &H[2];
    const unsigned char(*card_h)[PM_INV_HASH] = &H[3];
    struct pm_inv_finding staff[] = {
        {.detector = "email", .occurrences = 5, .by_conf = {0, 1, 1, 3}, .distinct = 2,
         .test_value = 1, .samples = {"j***@example.com", "m***@example.org"}, .nsamples = 2,
         .hashes = email_h, .nhashes = 2, .masks = "j***@example.com\0m***@example.org"},
        {.detector = "us_ssn", .occurrences = 2, .by_conf = {0, 0, 0, 2}, .distinct = 1,
         .samples = {"***-**-6789"}, .nsamples = 1, .hashes = ssn_h, .nhashes = 1},
    };
    struct pm_inv_finding card[] = {
        {.detector = "credit_card", .occurrences = 1, .by_conf = {0, 0, 1, 0}, .distinct = 1,
         .samples = {"4111 **** **** 1111"}, .nsamples = 1, .hashes = card_h, .nhashes = 1},
    };
    struct pm_inv_file f[] = {
        file("/srv/share/hr/staff.csv", "[]", PM_FILE_SCANNED, NULL),
        file("/srv/share/hr/clean.txt", "[]", PM_FILE_SCANNED, NULL),
        file("/srv/share/docs/a.zip", "[]", PM_FILE_SCANNED, NULL),
        file("/srv/share/docs/a.zip", "[\"inner.txt\"]", PM_FILE_SCANNED, NULL),
        file("/srv/share/media/pic.jpg", "[]", PM_FILE_SKIPPED, "type image/jpeg"),
        file("/srv/share/odd/pipe", "[]", PM_FILE_SKIPPED, "fifo"),
        file("/srv/share/docs/broken.pdf", "[]", PM_FILE_ERROR, "malformed"),
        file("/srv/share/docs/big.txt", "[]", PM_FILE_PARTIAL, "limit: 100 bytes"),
    };
    f[0].findings = staff;
    f[0].nfindings = 2;
    f[0].acl = "user:bob:r--";
    f[3].findings = card;
    f[3].nfindings = 1;
    f[3].mime = "text/plain";
    assert_int_equal(pm_inv_tx_begin(inv), 0);
    for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
        assert_int_equal(pm_inv_add_file(inv, id, &f[i]), 0);
    assert_int_equal(pm_inv_tx_commit(inv), 0);
    sc.id = id;
    sc.status = PM_SCAN_COMPLETE;
    sc.finished_at = 1010;
    sc.files_seen = 7;
    sc.files_scanned = 4;
    sc.files_skipped = 2;
    sc.files_excluded = 1;
    sc.members_seen = 1;
    sc.bytes_scanned = 400;
    sc.errors = 2;
    assert_int_equal(pm_inv_scan_update(inv, &sc), 0);
    return id;
}

/* ---- reading one scan back ---------------------------------------------- */

static int count_scan(void *ctx, const struct pm_inv_scan *s)
{
    int64_t *ids = ctx;
    ids[++ids[0]] = s->id;
    return 0;
}

struct totals {
    char det[8][32];
    struct pm_inv_total t[8];
    size_t n;
};

static int keep_total(void *ctx, const struct pm_inv_total *t)
{
    struct totals *x = ctx;
    snprintf(x->det[x->n], sizeof x->det[0], "%s", t->detector);
    x->t[x->n++] = *t;
    return 0;
}

struct dirs {
    char path[8][64];
    uint64_t files[8], with_pii[8], nfind[8], occ0[8], distinct0[8];
    char det0[8][32];
    size_t n;
};

static int keep_dir(void *ctx, const struct pm_inv_dir *d)
{
    struct dirs *x = ctx;
    size_t i = x->n++;
    snprintf(x->path[i], sizeof x->path[0], "%s", d->path);
    x->files[i] = d->files;
    x->with_pii[i] = d->files_with_pii;
    x->nfind[i] = d->nfindings;
    if (d->nfindings) {
        snprintf(x->det0[i], sizeof x->det0[0], "%s", d->findings[0].detector);
        x->occ0[i] = d->findings[0].occurrences;
        x->distinct0[i] = d->findings[0].distinct;
    }
    return 0;
}

/* Files as one line each: "path members status reason | det occ/distinct
 * [samples] conf;..." */
struct lines {
    char l[16][512];
    size_t n;
};

static int keep_file(void *ctx, const struct pm_inv_file *f)
{
    struct lines *x = ctx;
    char *p = x->l[x->n++];
    size_t sz = sizeof x->l[0];
    int o = snprintf(p, sz, "%s %s %s %s |", f->path, f->members_json,
                     pm_file_status_name(f->status), f->reason ? f->reason : "-");
    for (size_t i = 0; i < f->nfindings; i++) {
        const struct pm_inv_finding *d = &f->findings[i];
        o += snprintf(p + o, sz - (size_t)o, " %s %llu/%llu", d->detector,
                      (unsigned long long)d->occurrences, (unsigned long long)d->distinct);
        for (size_t k = 0; k < d->nsamples; k++)
            o += snprintf(p + o, sz - (size_t)o, " [%s]", d->samples[k]);
        o += snprintf(p + o, sz - (size_t)o, " %llu,%llu,%llu;",
                      (unsigned long long)d->by_conf[1], (unsigned long long)d->by_conf[2],
                      (unsigned long long)d->by_conf[3]);
    }
    return 0;
}

static int keep_coverage(void *ctx, enum pm_file_status st, const char *reason, uint64_t n)
{
    struct lines *x = ctx;
    snprintf(x->l[x->n++], sizeof x->l[0], "%s '%s' %llu", pm_file_status_name(st), reason,
             (unsigned long long)n);
    return 0;
}

static int has_line(const struct lines *x, const char *want)
{
    for (size_t i = 0; i < x->n; i++)
        if (strcmp(x->l[i], want) == 0)
            return 1;
    return 0;
}

static void test_round_trip(void **state)
{
    (void)state;
    char path[4096];
    struct pm_inv *inv = open_db("round.db", path, sizeof path);
    int64_t a = write_scan_a(inv);

    struct pm_inv_scan s;
    assert_int_equal(pm_inv_scan_get(inv, 0, &s), 0); /* the newest */
    assert_int_equal(s.id, a);
    assert_int_equal(s.status, PM_SCAN_COMPLETE);
    assert_string_equal(pm_scan_status_name(s.status), "complete");
    assert_int_equal(s.started_at, 1000);
    assert_int_equal(s.finished_at, 1010);
    assert_string_equal(s.roots_json, ROOTS);
    assert_string_equal(s.tool_version, "9.9");
    assert_string_equal(s.key_id, KEY);
    assert_int_equal(s.files_seen, 7);
    assert_int_equal(s.files_scanned, 4);
    assert_int_equal(s.files_skipped, 2);
    assert_int_equal(s.files_excluded, 1);
    assert_int_equal(s.members_seen, 1);
    assert_int_equal(s.bytes_scanned, 400);
    assert_int_equal(s.errors, 2);
    assert_int_equal(s.incremental_from, 0);
    assert_int_equal(pm_inv_scan_get(inv, a + 100, &s), 1); /* none */

    int64_t ids[8] = {0};
    assert_int_equal(pm_inv_scans_each(inv, count_scan, ids), 0);
    assert_int_equal(ids[0], 1);
    assert_int_equal(ids[1], a);

    struct totals t = {0};
    assert_int_equal(pm_inv_totals_each(inv, a, keep_total, &t), 0);
    assert_int_equal(t.n, 3); /* by detector id */
    assert_string_equal(t.det[0], "credit_card");
    assert_string_equal(t.det[1], "email");
    assert_string_equal(t.det[2], "us_ssn");
    assert_int_equal(t.t[1].occurrences, 5);
    assert_int_equal(t.t[1].distinct, 2);
    assert_int_equal(t.t[1].files, 1);
    assert_int_equal(t.t[1].by_conf[1], 1);
    assert_int_equal(t.t[1].by_conf[3], 3);
    assert_int_equal(t.t[2].by_conf[3], 2);

    /* Directories of items read (scanned or partial), in path order. */
    struct dirs d = {0};
    assert_int_equal(pm_inv_dirs_each(inv, a, keep_dir, &d), 0);
    assert_int_equal(d.n, 2);
    assert_string_equal(d.path[0], "/srv/share/docs");
    assert_int_equal(d.files[0], 3); /* a.zip, its member, big.txt */
    assert_int_equal(d.with_pii[0], 1);
    assert_int_equal(d.nfind[0], 1);
    assert_string_equal(d.det0[0], "credit_card");
    assert_string_equal(d.path[1], "/srv/share/hr");
    assert_int_equal(d.files[1], 2);
    assert_int_equal(d.with_pii[1], 1);
    assert_int_equal(d.nfind[1], 2);
    assert_string_equal(d.det0[1], "email");
    assert_int_equal(d.occ0[1], 5);
    assert_int_equal(d.distinct0[1], 2);

    struct lines f = {0};
    assert_int_equal(pm_inv_files_each(inv, a, keep_file, &f), 0);
    assert_int_equal(f.n, 2);
    assert_string_equal(f.l[0], "/srv/share/docs/a.zip [\"inner.txt\"] scanned - |"
                                " credit_card 1/1 [4111 **** **** 1111] 0,1,0;");
    assert_string_equal(f.l[1], "/srv/share/hr/staff.csv [] scanned - |"
                                " email 5/2 [j***@example.com] [m***@example.org] 1,1,3;"
                                " us_ssn 2/1 [***-**-6789] 0,0,2;");

    struct lines c = {0};
    assert_int_equal(pm_inv_coverage_each(inv, a, keep_coverage, &c), 0);
    assert_int_equal(c.n, 5);
    assert_string_equal(c.l[0], "scanned '' 4"); /* most frequent first */
    assert_true(has_line(&c, "skipped 'type image/jpeg' 1"));
    assert_true(has_line(&c, "skipped 'fifo' 1"));
    assert_true(has_line(&c, "error '' 1"));   /* error reasons carry details: by status */
    assert_true(has_line(&c, "partial '' 1"));

    struct lines sk = {0};
    assert_int_equal(pm_inv_skipped_each(inv, a, keep_file, &sk), 0);
    assert_int_equal(sk.n, 1); /* skipped by type are only counted */
    assert_string_equal(sk.l[0], "/srv/share/odd/pipe [] skipped fifo |");

    struct lines e = {0};
    assert_int_equal(pm_inv_errors_each(inv, a, keep_file, &e), 0);
    assert_int_equal(e.n, 2);
    assert_string_equal(e.l[0], "/srv/share/docs/big.txt [] partial limit: 100 bytes |");
    assert_string_equal(e.l[1], "/srv/share/docs/broken.pdf [] error malformed |");
    pm_inv_close(inv);
}

/* ---- an incremental scan, diffs and prune ----------------------------------- */

struct sigs {
    char path[8][64];
    struct pm_inv_sig g[8];
    size_t n;
};

static int keep_sig(void *ctx, const struct pm_inv_sig *g)
{
    struct sigs *x = ctx;
    snprintf(x->path[x->n], sizeof x->path[0], "%s", g->path);
    x->g[x->n++] = *g;
    return 0;
}

static const struct pm_inv_sig *sig_of(const struct sigs *x, const char *path)
{
    for (size_t i = 0; i < x->n; i++)
        if (strcmp(x->path[i], path) == 0)
            return &x->g[i];
    return NULL;
}

static int keep_delta(void *ctx, const struct pm_inv_delta *d)
{
    struct lines *x = ctx;
    snprintf(x->l[x->n++], sizeof x->l[0], "%s %s %s %llu->%llu %d%d", d->path, d->members_json,
             d->detector, (unsigned long long)d->a, (unsigned long long)d->b, d->in_a, d->in_b);
    return 0;
}

static int keep_distinct(void *ctx, const char *det, uint64_t fresh, uint64_t gone)
{
    struct lines *x = ctx;
    snprintf(x->l[x->n++], sizeof x->l[0], "%s +%llu -%llu", det, (unsigned long long)fresh,
             (unsigned long long)gone);
    return 0;
}

static int keep_sprawl(void *ctx, const struct pm_inv_sprawl *s)
{
    struct lines *x = ctx;
    snprintf(x->l[x->n++], sizeof x->l[0], "%s %02x %s %llu", s->detector, s->hash[0],
             s->masked ? s->masked : "(null)", (unsigned long long)s->items);
    return 0;
}

static int keep_acl(void *ctx, const struct pm_inv_file *f)
{
    struct lines *x = ctx;
    snprintf(x->l[x->n++], sizeof x->l[0], "%s %s %s", f->path, f->members_json,
             f->acl ? f->acl : "(none)");
    return 0;
}

/* Scan B: staff.csv and a.zip unchanged (carried), clean.txt now holds an
 * SSN, new.txt an address seen before and one not. */
static int64_t write_scan_b(struct pm_inv *inv, int64_t a)
{
    int64_t b = 0;
    struct pm_inv_scan sc = {.started_at = 2000, .roots_json = ROOTS, .tool_version = "9.9",
                             .key_id = KEY};
    assert_int_equal(pm_inv_scan_begin(inv, &sc, &b), 0);
    assert_true(b > a);
    assert_int_equal(pm_inv_prev_scan(inv, ROOTS, KEY, b), a);
    unsigned char seen_and_new[2][PM_INV_HASH];
    memcpy(seen_and_new[0], H[0], PM_INV_HASH); /* an address scan A saw */
    memset(seen_and_new[1], 0x55, PM_INV_HASH);
    const unsigned char(*ssn_h)[PM_INV_HASH] = &H[6];
    struct pm_inv_finding newf[] = {
        {.detector = "email", .occurrences = 2, .by_conf = {0, 0, 2, 0}, .distinct = 2,
         .samples = {"j***@example.com", "z***@example.net"}, .nsamples = 2,
         .hashes = (const unsigned char(*)[PM_INV_HASH])seen_and_new, .nhashes = 2}};
    struct pm_inv_finding cleanf[] = {
        {.detector = "us_ssn", .occurrences = 1, .by_conf = {0, 0, 0, 1}, .distinct = 1,
         .samples = {"***-**-4321"}, .nsamples = 1, .hashes = ssn_h, .nhashes = 1}};
    struct pm_inv_file f[] = {
        file("/srv/share/hr/clean.txt", "[]", PM_FILE_SCANNED, NULL),
        file("/srv/share/hr/new.txt", "[]", PM_FILE_SCANNED, NULL),
    };
    f[0].findings = cleanf;
    f[0].nfindings = 1;
    f[1].findings = newf;
    f[1].nfindings = 1;
    assert_int_equal(pm_inv_tx_begin(inv), 0);
    assert_int_equal(pm_inv_carry_mark(inv, "/srv/share/hr/staff.csv"), 0);
    assert_int_equal(pm_inv_carry_mark(inv, "/srv/share/docs/a.zip"), 0);
    assert_int_equal(pm_inv_carry_mark(inv, "/srv/share/docs/a.zip"), 0); /* once is enough */
    for (size_t i = 0; i < 2; i++)
        assert_int_equal(pm_inv_add_file(inv, b, &f[i]), 0);
    uint64_t rows = 0, with_pii = 0;
    assert_int_equal(pm_inv_carry_finish(inv, b, a, &rows, &with_pii), 0);
    assert_int_equal(rows, 3); /* staff.csv, a.zip and its member */
    assert_int_equal(with_pii, 2);
    assert_int_equal(pm_inv_tx_commit(inv), 0);
    sc.id = b;
    sc.status = PM_SCAN_COMPLETE;
    sc.finished_at = 2010;
    sc.files_seen = 4;
    sc.files_unchanged = 2;
    sc.incremental_from = a;
    assert_int_equal(pm_inv_scan_update(inv, &sc), 0);
    return b;
}

static void test_incremental_diff_prune(void **state)
{
    (void)state;
    char path[4096];
    struct pm_inv *inv = open_db("incr.db", path, sizeof path);
    int64_t a = write_scan_a(inv);
    assert_int_equal(pm_inv_prev_scan(inv, ROOTS, KEY, 0), a);
    assert_int_equal(pm_inv_prev_scan(inv, ROOTS, "other key", 0), 0);
    assert_int_equal(pm_inv_prev_scan(inv, "[\"/elsewhere\"]", KEY, 0), 0);

    /* Signatures: top-level files read without trouble, members included. */
    struct sigs g = {0};
    assert_int_equal(pm_inv_sigs_each(inv, a, keep_sig, &g), 0);
    assert_int_equal(g.n, 3);
    const struct pm_inv_sig *zip = sig_of(&g, "/srv/share/docs/a.zip");
    const struct pm_inv_sig *staff = sig_of(&g, "/srv/share/hr/staff.csv");
    const struct pm_inv_sig *clean = sig_of(&g, "/srv/share/hr/clean.txt");
    assert_non_null(zip);
    assert_non_null(staff);
    assert_non_null(clean);
    assert_null(sig_of(&g, "/srv/share/docs/big.txt"));    /* partial: read again */
    assert_null(sig_of(&g, "/srv/share/docs/broken.pdf")); /* error: read again */
    assert_int_equal(zip->members, 1);
    assert_int_equal(zip->has_pii, 1);
    assert_int_equal(staff->has_pii, 1);
    assert_int_equal(clean->has_pii, 0);
    assert_int_equal(staff->size, 100);
    assert_int_equal(staff->dev, 7);
    assert_int_equal(staff->ino, 1000 + strlen("/srv/share/hr/staff.csv") + 2);
    assert_int_equal(staff->mtime, 1700000000);
    assert_int_equal(staff->mtime_ns, 11);
    assert_int_equal(staff->ctime, 1700000001);
    assert_int_equal(staff->ctime_ns, 22);
    assert_int_equal(staff->bytes_scanned, 100);

    int64_t b = write_scan_b(inv, a);
    assert_int_equal(pm_inv_prev_scan(inv, ROOTS, KEY, 0), b);
    struct pm_inv_scan s;
    assert_int_equal(pm_inv_scan_get(inv, b, &s), 0);
    assert_int_equal(s.incremental_from, a);
    assert_int_equal(s.files_unchanged, 2);

    /* Carried rows keep their findings and samples; hashes count again. */
    struct lines f = {0};
    assert_int_equal(pm_inv_files_each(inv, b, keep_file, &f), 0);
    assert_int_equal(f.n, 4);
    assert_string_equal(f.l[0], "/srv/share/docs/a.zip [\"inner.txt\"] scanned - |"
                                " credit_card 1/1 [4111 **** **** 1111] 0,1,0;");
    assert_string_equal(f.l[1], "/srv/share/hr/clean.txt [] scanned - |"
                                " us_ssn 1/1 [***-**-4321] 0,0,1;");
    assert_string_equal(f.l[2], "/srv/share/hr/new.txt [] scanned - |"
                                " email 2/2 [j***@example.com] [z***@example.net] 0,2,0;");
    assert_string_equal(f.l[3], "/srv/share/hr/staff.csv [] scanned - |"
                                " email 5/2 [j***@example.com] [m***@example.org] 1,1,3;"
                                " us_ssn 2/1 [***-**-6789] 0,0,2;");
    struct totals t = {0};
    assert_int_equal(pm_inv_totals_each(inv, b, keep_total, &t), 0);
    assert_int_equal(t.n, 3);
    assert_string_equal(t.det[1], "email");
    assert_int_equal(t.t[1].occurrences, 7);
    assert_int_equal(t.t[1].distinct, 3); /* H[0] twice, H[1], the new one */
    assert_int_equal(t.t[1].files, 2);
    assert_string_equal(t.det[2], "us_ssn");
    assert_int_equal(t.t[2].distinct, 2);
    /* ... and their ACL, known test values and masked forms */
    assert_int_equal(t.t[1].test_value, 1);
    struct lines ac = {0};
    assert_int_equal(pm_inv_files_each(inv, b, keep_acl, &ac), 0);
    assert_string_equal(ac.l[2], "/srv/share/hr/new.txt [] (none)");
    assert_string_equal(ac.l[3], "/srv/share/hr/staff.csv [] user:bob:r--");
    struct lines sp = {0}; /* H[0] carried in staff.csv (masked) and new in new.txt (not) */
    assert_int_equal(pm_inv_sprawl_each(inv, b, 2, 10, keep_sprawl, &sp), 0);
    assert_int_equal(sp.n, 1);
    assert_string_equal(sp.l[0], "email a0 j***@example.com 2");

    struct lines dl = {0};
    assert_int_equal(pm_inv_diff_each(inv, a, b, keep_delta, &dl), 0);
    assert_int_equal(dl.n, 5);
    assert_string_equal(dl.l[0], "/srv/share/docs/a.zip [\"inner.txt\"] credit_card 1->1 11");
    assert_string_equal(dl.l[1], "/srv/share/hr/clean.txt [] us_ssn 0->1 11");
    assert_string_equal(dl.l[2], "/srv/share/hr/new.txt [] email 0->2 01");
    assert_string_equal(dl.l[3], "/srv/share/hr/staff.csv [] email 5->5 11");
    assert_string_equal(dl.l[4], "/srv/share/hr/staff.csv [] us_ssn 2->2 11");

    struct lines dd = {0};
    assert_int_equal(pm_inv_distinct_diff_each(inv, a, b, keep_distinct, &dd), 0);
    assert_int_equal(dd.n, 3);
    assert_string_equal(dd.l[0], "credit_card +0 -0");
    assert_string_equal(dd.l[1], "email +1 -0");
    assert_string_equal(dd.l[2], "us_ssn +1 -0");
    /* and the other way round */
    dd.n = 0;
    assert_int_equal(pm_inv_distinct_diff_each(inv, b, a, keep_distinct, &dd), 0);
    assert_string_equal(dd.l[1], "email +0 -1");

    /* Prune keeps the newest scan, whole. */
    assert_int_equal(pm_inv_prune(inv, 5), 0);
    assert_int_equal(pm_inv_prune(inv, 1), 1);
    int64_t ids[8] = {0};
    assert_int_equal(pm_inv_scans_each(inv, count_scan, ids), 0);
    assert_int_equal(ids[0], 1);
    assert_int_equal(ids[1], b);
    assert_int_equal(pm_inv_scan_get(inv, a, &s), 1);
    struct lines f2 = {0};
    assert_int_equal(pm_inv_files_each(inv, b, keep_file, &f2), 0);
    assert_int_equal(f2.n, 4);
    assert_string_equal(f2.l[3], f.l[3]);
    struct lines none = {0};
    assert_int_equal(pm_inv_files_each(inv, a, keep_file, &none), 0);
    assert_int_equal(none.n, 0);
    t.n = 0;
    assert_int_equal(pm_inv_totals_each(inv, b, keep_total, &t), 0);
    assert_int_equal(t.t[1].distinct, 3); /* hashes of b survive a's deletion */
    pm_inv_close(inv);
}

/* ---- own files, privacy at rest, URLs -------------------------------------- */

static int keep_own(void *ctx, const char *path)
{
    struct lines *x = ctx;
    snprintf(x->l[x->n++], sizeof x->l[0], "%s", path);
    return 0;
}

static void test_own_files_and_mode(void **state)
{
    (void)state;
    char path[4096], want[4200];
    mode_t old = umask(0); /* the inventory is private whatever the umask */
    struct pm_inv *inv = open_db("own.db", path, sizeof path);
    umask(old);
    int64_t a = write_scan_a(inv);
    assert_true(a > 0);

    struct lines own = {0};
    assert_int_equal(pm_inv_own_files_each(inv, keep_own, &own), 0);
    assert_int_equal(own.n, 4);
    char real[4096];
    assert_non_null(realpath(path, real));
    const char *suffix[] = {"", "-wal", "-shm", "-journal"};
    for (size_t i = 0; i < 4; i++) {
        snprintf(want, sizeof want, "%s%s", real, suffix[i]);
        assert_string_equal(own.l[i], want);
    }

    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 07777, 0600);
    snprintf(want, sizeof want, "%s-wal", path); /* WAL journal: same mode */
    assert_int_equal(stat(want, &st), 0);
    assert_int_equal(st.st_mode & 07777, 0600);
    pm_inv_close(inv);

    /* An existing, wider file is narrowed when opened to write. */
    assert_int_equal(chmod(path, 0644), 0);
    char err[512];
    assert_int_equal(pm_inv_open(path, RWC, &inv, err, sizeof err), 0);
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 07777, 0600);
    pm_inv_close(inv);
}

/* A password in --db is refused and never repeated; a server that cannot
 * be reached is named without one; nothing is created on this machine. */
static void test_urls(void **state)
{
    (void)state;
    static const char *const with_password[] = {
        "postgresql://auditor:Secr3tPw@db.example:5432/piimap?sslmode=require",
        "postgres://db.example/piimap?password=Secr3tPw",
        "PostgreSQL://auditor:Secr3tPw@db.example/piimap",
        "host=db.example dbname=piimap password=Secr3tPw",
        "postgresql://db.example/piimap?sslpassword=Secr3tPw",
    };
    char cwd[4096];
    assert_non_null(getcwd(cwd, sizeof cwd));
    assert_int_equal(chdir(root), 0); /* nothing may be created here */
    for (size_t i = 0; i < sizeof with_password / sizeof with_password[0]; i++) {
        char err[512] = "";
        struct pm_inv *inv = (struct pm_inv *)1;
        assert_int_equal(pm_inv_open(with_password[i], RWC, &inv, err, sizeof err), -1);
        assert_null(inv);
        if (!strstr(err, "a password in --db is refused"))
            fail_msg("%s", err);
        assert_null(strstr(err, "Secr3tPw")); /* a password is never repeated */
        assert_int_equal(pm_inv_open(with_password[i], PM_INV_READ, &inv, err, sizeof err), -1);
        assert_null(strstr(err, "Secr3tPw"));
    }
    char err[512] = "";
    struct pm_inv *inv = NULL;
    assert_int_equal(pm_inv_open("postgresql://u:pw@h/db", PM_INV_READ, &inv, err, sizeof err), -1);
    assert_non_null(strstr(err, "postgresql://***@h/db: a password in --db is refused"));
    /* no server at this socket: refused quickly, by name */
    assert_int_equal(pm_inv_open("postgresql:///piimap?host=/nonexistent-piimap-test", RWC, &inv,
                                 err, sizeof err), -1);
    assert_non_null(strstr(err, "postgresql:///piimap?...: cannot connect: "));
    assert_int_equal(pm_inv_open("host=/nonexistent-piimap-test dbname=piimap", PM_INV_READ, &inv,
                                 err, sizeof err), -1);
    assert_non_null(strstr(err, "a libpq connection string: cannot connect: "));
    assert_int_equal(pm_inv_open("mysql://h/db", RWC, &inv, err, sizeof err), -1);
    assert_non_null(strstr(err, "mysql://h/db: no inventory backend"));
    assert_int_equal(access("postgresql:", F_OK), -1);
    assert_int_equal(access("host=db.example dbname=piimap password=Secr3tPw", F_OK), -1);
    assert_int_equal(chdir(cwd), 0);
}

/* ---- PostgreSQL only ------------------------------------------------------------ */

/* A server keeps nothing on this machine. */
static void test_pg_own_files(void **state)
{
    (void)state;
    char path[4096];
    struct pm_inv *inv = open_db("own", path, sizeof path);
    struct lines own = {0};
    assert_int_equal(pm_inv_own_files_each(inv, keep_own, &own), 0);
    assert_int_equal(own.n, 0);
    pm_inv_close(inv);
    assert_int_equal(count_rows(path, "SELECT value::int FROM piimap.meta WHERE key='schema'"), 4);
}

/* A schema named piimap that holds other tables is refused by every mode
 * and left as it was; an empty one (an administrator made it for piimap's
 * role) becomes the inventory when a scan opens it; a newer version is
 * refused. */
static void test_pg_schema(void **state)
{
    (void)state;
    static const int modes[] = {PM_INV_READ, PM_INV_WRITE, PM_INV_WRITE | PM_INV_CREATE};
    char err[512];
    struct pm_inv *inv = NULL;
    pg_sql("DROP SCHEMA IF EXISTS piimap CASCADE; CREATE SCHEMA piimap;"
           " CREATE TABLE piimap.t(x int); INSERT INTO piimap.t VALUES(1)");
    for (size_t m = 0; m < sizeof modes / sizeof modes[0]; m++) {
        assert_int_equal(pm_inv_open(pg_uri, modes[m], &inv, err, sizeof err), -1);
        assert_null(inv);
        if (!strstr(err, ": not a piimap inventory (the schema piimap holds other tables)"))
            fail_msg("%s", err);
    }
    assert_int_equal(count_rows(NULL, "SELECT count(*) FROM pg_tables WHERE schemaname='piimap'"),
                     1);
    pg_sql("DROP SCHEMA piimap CASCADE; CREATE SCHEMA piimap");
    assert_int_equal(pm_inv_open(pg_uri, PM_INV_READ, &inv, err, sizeof err), -1);
    assert_non_null(strstr(err, "no inventory here"));
    assert_int_equal(pm_inv_open(pg_uri, RWC, &inv, err, sizeof err), 0);
    pm_inv_close(inv);
    assert_int_equal(count_rows(NULL, "SELECT count(*) FROM piimap.scans"), 0);
    pg_sql("UPDATE piimap.meta SET value='99' WHERE key='schema'");
    for (size_t m = 0; m < sizeof modes / sizeof modes[0]; m++) {
        assert_int_equal(pm_inv_open(pg_uri, modes[m], &inv, err, sizeof err), -1);
        if (!strstr(err, "inventory schema 99; this piimap reads schema 4"))
            fail_msg("%s", err);
    }
    /* A version-1 inventory (before distributed scans, test values, masked
     * forms and ACLs): a reader asks for a writer; a writer migrates it,
     * keeping its rows. */
    char path[4096];
    inv = open_db("v1", path, sizeof path);
    int64_t a = write_scan_a(inv);
    pm_inv_close(inv);
    pg_sql("DROP TABLE piimap.work, piimap.links; ALTER TABLE piimap.scans DROP COLUMN distributed,"
           " DROP COLUMN people; ALTER TABLE piimap.files DROP COLUMN linked_records;"
           " ALTER TABLE piimap.files DROP COLUMN host, DROP COLUMN lease_owner,"
           " DROP COLUMN acl; ALTER TABLE piimap.findings DROP COLUMN test_value;"
           " ALTER TABLE piimap.hashes DROP COLUMN masked;"
           " UPDATE piimap.meta SET value='1' WHERE key='schema'");
    assert_int_equal(pm_inv_open(path, PM_INV_READ, &inv, err, sizeof err), -1);
    assert_non_null(strstr(err, "inventory schema 1 is older than this piimap's (4)"));
    assert_int_equal(pm_inv_open(path, PM_INV_WRITE, &inv, err, sizeof err), 0);
    pm_inv_close(inv);
    assert_int_equal(count_rows(path, "SELECT value::int FROM piimap.meta WHERE key='schema'"), 4);
    assert_int_equal(count_rows(path, "SELECT count(*) FROM piimap.work"), 0);
    assert_int_equal(pm_inv_open(path, PM_INV_READ, &inv, err, sizeof err), 0);
    struct pm_inv_scan sc;
    assert_int_equal(pm_inv_scan_get(inv, 0, &sc), 0);
    assert_int_equal(sc.id, a);
    pm_inv_close(inv);
}

static int keep_path_bytes(void *ctx, const struct pm_inv_file *f)
{
    struct lines *x = ctx;
    snprintf(x->l[x->n++], sizeof x->l[0], "%s|%s|%s", f->path, f->reason ? f->reason : "-",
             f->owner ? f->owner : "-");
    return 0;
}

/* File names are bytes: not UTF-8, with tabs, newlines and backslashes,
 * they come back as they went in, in the byte order SQLite gives them. */
static void test_pg_odd_paths(void **state)
{
    (void)state;
    char path[4096];
    struct pm_inv *inv = open_db("odd", path, sizeof path);
    int64_t id = 0;
    struct pm_inv_scan sc = {.started_at = 1, .roots_json = ROOTS, .key_id = KEY};
    assert_int_equal(pm_inv_scan_begin(inv, &sc, &id), 0);
    struct pm_inv_file f[] = {
        file("/srv/x/caf\xe9\\n\t.txt", "[]", PM_FILE_ERROR, "tab\there\nnewline \\ back"),
        file("/srv/x/caf\xc3\xa9.txt", "[]", PM_FILE_ERROR, "fine"),
        file("/srv/x/a\xff", "[]", PM_FILE_ERROR, "x"),
        file("/srv/x/a", "[]", PM_FILE_ERROR, "x"),
    };
    f[3].owner = "own\xe9r"; /* not UTF-8: kept as data maps show it */
    assert_int_equal(pm_inv_tx_begin(inv), 0);
    for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
        assert_int_equal(pm_inv_add_file(inv, id, &f[i]), 0);
    assert_int_equal(pm_inv_tx_commit(inv), 0);
    struct lines e = {0};
    assert_int_equal(pm_inv_errors_each(inv, id, keep_path_bytes, &e), 0);
    assert_int_equal(e.n, 4);
    assert_string_equal(e.l[0], "/srv/x/a|x|own\\xe9r");
    assert_string_equal(e.l[1], "/srv/x/a\xff|x|alice");
    assert_string_equal(e.l[2], "/srv/x/caf\xc3\xa9.txt|fine|alice");
    assert_string_equal(e.l[3], "/srv/x/caf\xe9\\n\t.txt|tab\there\nnewline \\ back|alice");
    /* the subtree of a non-UTF-8 name, and a reader's scope over it */
    assert_int_equal(pm_inv_scope(inv, "/srv/x/a\xff"), 0);
    e.n = 0;
    assert_int_equal(pm_inv_errors_each(inv, id, keep_path_bytes, &e), 0);
    assert_int_equal(e.n, 1);
    assert_string_equal(e.l[0], "/srv/x/a\xff|x|alice");
    pm_inv_close(inv);
}

/* ---- opening to read, and files that are not inventories --------------------- */

static void test_read_only_handle(void **state)
{
    (void)state;
    char path[4096], err[512];
    struct pm_inv *inv = open_db("ro.db", path, sizeof path);
    int64_t a = write_scan_a(inv);
    pm_inv_close(inv);
    assert_int_equal(chmod_db(path, 0444), 0);
    assert_int_equal(pm_inv_open(path, PM_INV_READ, &inv, err, sizeof err), 0);
    struct pm_inv_scan s;
    assert_int_equal(pm_inv_scan_get(inv, 0, &s), 0);
    assert_int_equal(s.id, a);
    /* a reader's handle refuses every write, whoever runs the test */
    int64_t id = 0;
    struct pm_inv_scan sc = {.started_at = 1, .roots_json = ROOTS};
    assert_int_equal(pm_inv_scan_begin(inv, &sc, &id), -1);
    assert_non_null(strstr(pm_inv_errmsg(inv), "begin scan"));
    assert_int_equal(pm_inv_prune(inv, 0), -1);
    pm_inv_close(inv);
    /* read and write together make no sense */
    assert_int_equal(pm_inv_open(path, PM_INV_READ | PM_INV_WRITE, &inv, err, sizeof err), -1);
    assert_null(inv);
    assert_int_equal(pm_inv_open(path, 0, &inv, err, sizeof err), -1);
    assert_int_equal(chmod_db(path, 0600), 0);
    if (on_pg) { /* reading or writing never creates the schema */
        pg_sql("DROP SCHEMA piimap CASCADE");
        assert_int_equal(pm_inv_open(path, PM_INV_READ, &inv, err, sizeof err), -1);
        assert_non_null(strstr(err, ": no inventory here (run piimap scan first)"));
        assert_int_equal(pm_inv_open(path, PM_INV_WRITE, &inv, err, sizeof err), -1);
        assert_non_null(strstr(err, ": no inventory here (run piimap scan first)"));
        assert_int_equal(count_rows(path, "SELECT count(*) FROM pg_namespace"
                                          " WHERE nspname='piimap'"), 0);
        return;
    }

    /* reading never creates */
    snprintf(path, sizeof path, "%s/absent.db", root);
    assert_int_equal(pm_inv_open(path, PM_INV_READ, &inv, err, sizeof err), -1);
    assert_non_null(strstr(err, "absent.db: no inventory here"));
    assert_int_equal(pm_inv_open(path, PM_INV_WRITE, &inv, err, sizeof err), -1);
    assert_int_equal(access(path, F_OK), -1);
}

/* ---- locate: the items that hold one keyed hash ------------------------------ */

static int keep_hit(void *ctx, const struct pm_inv_hit *h)
{
    struct lines *x = ctx;
    snprintf(x->l[x->n++], sizeof x->l[0], "%lld %s %s %s %llu/%llu", (long long)h->scan_id,
             h->path, h->members_json, h->detector, (unsigned long long)h->occurrences,
             (unsigned long long)h->distinct);
    return 0;
}

static int stop_hit(void *ctx, const struct pm_inv_hit *h)
{
    (void)h;
    ++*(int *)ctx;
    return 7;
}

static void test_locate(void **state)
{
    (void)state;
    char path[4096], err[512];
    struct pm_inv *inv = open_db("locate.db", path, sizeof path);
    int64_t a = write_scan_a(inv);
    int64_t b = write_scan_a(inv); /* the history holds the value twice */
    pm_inv_close(inv);
    /* locate reads: a reader's handle on a read-only file does */
    assert_int_equal(chmod_db(path, 0444), 0);
    assert_int_equal(pm_inv_open(path, PM_INV_READ, &inv, err, sizeof err), 0);

    struct lines x = {0};
    char want[512];
    /* a value of staff.csv (H[1] is its second e-mail) */
    assert_int_equal(pm_inv_locate_each(inv, a, "email", H[1], keep_hit, &x), 0);
    assert_int_equal(x.n, 1);
    snprintf(want, sizeof want, "%lld /srv/share/hr/staff.csv [] email 5/2", (long long)a);
    assert_string_equal(x.l[0], want);
    /* inside an archive: the member chain comes back */
    x.n = 0;
    assert_int_equal(pm_inv_locate_each(inv, b, "credit_card", H[3], keep_hit, &x), 0);
    assert_int_equal(x.n, 1);
    snprintf(want, sizeof want, "%lld /srv/share/docs/a.zip [\"inner.txt\"] credit_card 1/1",
             (long long)b);
    assert_string_equal(x.l[0], want);
    /* every scan: one hit per scan, oldest first */
    x.n = 0;
    assert_int_equal(pm_inv_locate_each(inv, 0, "us_ssn", H[2], keep_hit, &x), 0);
    assert_int_equal(x.n, 2);
    snprintf(want, sizeof want, "%lld /srv/share/hr/staff.csv [] us_ssn 2/1", (long long)a);
    assert_string_equal(x.l[0], want);
    snprintf(want, sizeof want, "%lld /srv/share/hr/staff.csv [] us_ssn 2/1", (long long)b);
    assert_string_equal(x.l[1], want);
    /* the detector is part of the key: an e-mail's hash is no SSN; an
     * unknown hash and a scan that does not exist hold nothing */
    x.n = 0;
    assert_int_equal(pm_inv_locate_each(inv, a, "us_ssn", H[0], keep_hit, &x), 0);
    assert_int_equal(pm_inv_locate_each(inv, 0, "email", H[7], keep_hit, &x), 0);
    assert_int_equal(pm_inv_locate_each(inv, b + 5, "email", H[0], keep_hit, &x), 0);
    assert_int_equal(x.n, 0);
    /* a callback's non-zero stops the walk and is returned */
    int calls = 0;
    assert_int_equal(pm_inv_locate_each(inv, 0, "email", H[0], stop_hit, &calls), 7);
    assert_int_equal(calls, 1);
    pm_inv_close(inv);
    assert_int_equal(chmod_db(path, 0600), 0);
}

/* ---- sprawl: one value in many items, and ACL grants ------------------------ */

static void test_sprawl_and_acl(void **state)
{
    (void)state;
    char path[4096], err[512];
    struct pm_inv *inv = open_db("sprawl.db", path, sizeof path);
    int64_t id = 0;
    struct pm_inv_scan sc = {.started_at = 1000, .roots_json = ROOTS, .tool_version = "9.9",
                             .key_id = KEY};
    assert_int_equal(pm_inv_scan_begin(inv, &sc, &id), 0);
    /* H[4] in four items, H[5] in two, H[6] in one; each with its mask */
    static const char m456[] = "a***@x.org\0b***@x.org\0c***@x.org";
    static const char m45[] = "a***@x.org\0b***@x.org";
    static const char m4[] = "a***@x.org";
    struct pm_inv_finding fd[] = {
        {.detector = "email", .occurrences = 3, .distinct = 3, .hashes = &H[4], .nhashes = 3,
         .masks = m456},
        {.detector = "email", .occurrences = 2, .distinct = 2, .hashes = &H[4], .nhashes = 2,
         .masks = m45},
        {.detector = "email", .occurrences = 1, .distinct = 1, .hashes = &H[4], .nhashes = 1,
         .masks = m4},
        {.detector = "email", .occurrences = 1, .distinct = 1, .hashes = &H[4], .nhashes = 1,
         .masks = NULL}, /* a backend may get no masked forms */
    };
    const char *paths[] = {"/srv/share/a.txt", "/srv/share/b.txt", "/srv/share/c.zip",
                           "/srv/share/d/e.txt"};
    const char *members[] = {"[]", "[]", "[\"in.txt\"]", "[]"};
    assert_int_equal(pm_inv_tx_begin(inv), 0);
    for (int i = 0; i < 4; i++) {
        struct pm_inv_file f = file(paths[i], members[i], PM_FILE_SCANNED, NULL);
        f.findings = &fd[i];
        f.nfindings = 1;
        f.acl = i == 2 ? "user:bob:r--,group:hr:rw-" : NULL;
        assert_int_equal(pm_inv_add_file(inv, id, &f), 0);
    }
    assert_int_equal(pm_inv_tx_commit(inv), 0);
    pm_inv_close(inv);
    assert_int_equal(pm_inv_open(path, PM_INV_READ, &inv, err, sizeof err), 0);

    struct lines x = {0};
    assert_int_equal(pm_inv_sprawl_each(inv, id, 3, 10, keep_sprawl, &x), 0);
    assert_int_equal(x.n, 1); /* H[5] is in two items only */
    assert_string_equal(x.l[0], "email a4 a***@x.org 4");
    x.n = 0;
    assert_int_equal(pm_inv_sprawl_each(inv, id, 2, 10, keep_sprawl, &x), 0);
    assert_int_equal(x.n, 2);
    assert_string_equal(x.l[0], "email a4 a***@x.org 4");
    assert_string_equal(x.l[1], "email a5 b***@x.org 2");
    x.n = 0; /* at most max, most items first */
    assert_int_equal(pm_inv_sprawl_each(inv, id, 2, 1, keep_sprawl, &x), 0);
    assert_int_equal(x.n, 1);
    assert_string_equal(x.l[0], "email a4 a***@x.org 4");
    x.n = 0; /* within a scope, only its items count */
    assert_int_equal(pm_inv_scope(inv, "/srv/share/d"), 0);
    assert_int_equal(pm_inv_sprawl_each(inv, id, 1, 10, keep_sprawl, &x), 0);
    assert_int_equal(pm_inv_scope(inv, NULL), 0);
    assert_int_equal(x.n, 1);
    assert_string_equal(x.l[0], "email a4 (null) 1"); /* its one item kept no mask */
    /* the ACL grants come back with the file */
    x.n = 0;
    assert_int_equal(pm_inv_files_each(inv, id, keep_acl, &x), 0);
    assert_int_equal(x.n, 4);
    assert_string_equal(x.l[0], "/srv/share/a.txt [] (none)");
    assert_string_equal(x.l[2], "/srv/share/c.zip [\"in.txt\"] user:bob:r--,group:hr:rw-");
    pm_inv_close(inv);
}

/* ---- a data map limited to a subtree (report --under) ------------------------ */

/* Every reader under the current scope, as one line: totals, directories,
 * files, coverage, skipped, errors. */
static void scoped_lines(struct pm_inv *inv, int64_t id, char *out, size_t outsz)
{
    struct totals t = {0};
    struct dirs d = {0};
    struct lines f = {0}, c = {0}, sk = {0}, er = {0};
    assert_int_equal(pm_inv_totals_each(inv, id, keep_total, &t), 0);
    assert_int_equal(pm_inv_dirs_each(inv, id, keep_dir, &d), 0);
    assert_int_equal(pm_inv_files_each(inv, id, keep_file, &f), 0);
    assert_int_equal(pm_inv_coverage_each(inv, id, keep_coverage, &c), 0);
    assert_int_equal(pm_inv_skipped_each(inv, id, keep_file, &sk), 0);
    assert_int_equal(pm_inv_errors_each(inv, id, keep_file, &er), 0);
    size_t o = 0;
    o += (size_t)snprintf(out + o, outsz - o, "totals:");
    for (size_t i = 0; i < t.n; i++)
        o += (size_t)snprintf(out + o, outsz - o, " %s %llu/%llu/%llu", t.det[i],
                              (unsigned long long)t.t[i].occurrences,
                              (unsigned long long)t.t[i].distinct, (unsigned long long)t.t[i].files);
    o += (size_t)snprintf(out + o, outsz - o, "; dirs:");
    for (size_t i = 0; i < d.n; i++)
        o += (size_t)snprintf(out + o, outsz - o, " %s %llu/%llu", d.path[i],
                              (unsigned long long)d.files[i], (unsigned long long)d.with_pii[i]);
    o += (size_t)snprintf(out + o, outsz - o, "; files %zu, coverage %zu, skipped %zu, errors %zu",
                          f.n, c.n, sk.n, er.n);
}

static void subtree_line(struct pm_inv *inv, int64_t id, const char *dir, char *out, size_t outsz)
{
    struct pm_inv_dir d;
    assert_int_equal(pm_inv_subtree_get(inv, id, dir, &d), 0);
    assert_string_equal(d.path, dir);
    size_t o = (size_t)snprintf(out, outsz, "%llu/%llu", (unsigned long long)d.files,
                                (unsigned long long)d.files_with_pii);
    for (size_t i = 0; i < d.nfindings; i++)
        o += (size_t)snprintf(out + o, outsz - o, " %s %llu/%llu/%llu", d.findings[i].detector,
                              (unsigned long long)d.findings[i].occurrences,
                              (unsigned long long)d.findings[i].distinct,
                              (unsigned long long)d.findings[i].files);
}

static void test_scope_and_subtree(void **state)
{
    (void)state;
    char path[4096], all[2048], got[2048];
    struct pm_inv *inv = open_db("scope.db", path, sizeof path);
    int64_t a = write_scan_a(inv);
    scoped_lines(inv, a, all, sizeof all);

    /* a directory: its items only, their hashes only */
    assert_int_equal(pm_inv_scope(inv, "/srv/share/hr"), 0);
    scoped_lines(inv, a, got, sizeof got);
    assert_string_equal(got, "totals: email 5/2/1 us_ssn 2/1/1; dirs: /srv/share/hr 2/1; "
                             "files 1, coverage 1, skipped 0, errors 0");
    assert_int_equal(pm_inv_scope(inv, "/srv/share/docs"), 0);
    scoped_lines(inv, a, got, sizeof got);
    assert_string_equal(got, "totals: credit_card 1/1/1; dirs: /srv/share/docs 3/1; "
                             "files 1, coverage 3, skipped 0, errors 2");
    /* a file; a prefix that is no directory of it; the root; no scope */
    assert_int_equal(pm_inv_scope(inv, "/srv/share/hr/staff.csv"), 0);
    scoped_lines(inv, a, got, sizeof got);
    assert_string_equal(got, "totals: email 5/2/1 us_ssn 2/1/1; dirs: /srv/share/hr 1/1; "
                             "files 1, coverage 1, skipped 0, errors 0");
    assert_int_equal(pm_inv_scope(inv, "/srv/share/h"), 0);
    scoped_lines(inv, a, got, sizeof got);
    assert_string_equal(got, "totals:; dirs:; files 0, coverage 0, skipped 0, errors 0");
    assert_int_equal(pm_inv_scope(inv, "/"), 0);
    scoped_lines(inv, a, got, sizeof got);
    assert_string_equal(got, all);
    assert_int_equal(pm_inv_scope(inv, NULL), 0);
    scoped_lines(inv, a, got, sizeof got);
    assert_string_equal(got, all);

    /* recursive figures: everything read at or under a directory */
    subtree_line(inv, a, "/srv/share", got, sizeof got);
    assert_string_equal(got, "5/2 credit_card 1/1/1 email 5/2/1 us_ssn 2/1/1");
    subtree_line(inv, a, "/", got, sizeof got);
    assert_string_equal(got, "5/2 credit_card 1/1/1 email 5/2/1 us_ssn 2/1/1");
    subtree_line(inv, a, "/srv/share/hr/staff.csv", got, sizeof got);
    assert_string_equal(got, "1/1 email 5/2/1 us_ssn 2/1/1");
    subtree_line(inv, a, "/srv/shar", got, sizeof got);
    assert_string_equal(got, "0/0");
    /* within a scope */
    assert_int_equal(pm_inv_scope(inv, "/srv/share/docs"), 0);
    subtree_line(inv, a, "/srv/share", got, sizeof got);
    assert_string_equal(got, "3/1 credit_card 1/1/1");
    /* the diff and locate are never limited */
    struct lines x = {0};
    assert_int_equal(pm_inv_locate_each(inv, a, "email", H[0], keep_hit, &x), 0);
    assert_int_equal(x.n, 1);
    pm_inv_close(inv);
}

static void put_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    assert_int_equal(chmod(path, 0644), 0);
}

static void test_refuses_non_inventories(void **state)
{
    (void)state;
    static const struct {
        const char *name, *content, *why;
    } cases[] = {
        {"empty.db", "", "an empty file"},
        {"text.db", "name,email\n", "not an SQLite database"},
        {"other.db", NULL, "an SQLite database without piimap's tables"},
    };
    static const int modes[] = {PM_INV_READ, PM_INV_WRITE, PM_INV_WRITE | PM_INV_CREATE};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char path[4096], err[512], want[4400];
        snprintf(path, sizeof path, "%s/%s", root, cases[i].name);
        if (cases[i].content) {
            put_file(path, cases[i].content);
        } else { /* another program's SQLite database */
            sqlite3 *db = NULL;
            assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
            assert_int_equal(sqlite3_exec(db, "CREATE TABLE t(x)", NULL, NULL, NULL), SQLITE_OK);
            sqlite3_close(db);
            assert_int_equal(chmod(path, 0644), 0);
        }
        struct stat before, after;
        assert_int_equal(stat(path, &before), 0);
        for (size_t m = 0; m < sizeof modes / sizeof modes[0]; m++) {
            struct pm_inv *inv = (struct pm_inv *)1;
            assert_int_equal(pm_inv_open(path, modes[m], &inv, err, sizeof err), -1);
            assert_null(inv);
            snprintf(want, sizeof want, "%s: not a piimap inventory (%s", path, cases[i].why);
            if (strncmp(err, want, strlen(want)) != 0)
                fail_msg("got '%s', want '%s...'", err, want);
        }
        assert_int_equal(stat(path, &after), 0);
        assert_int_equal(after.st_size, before.st_size);      /* not turned into one */
        assert_int_equal(after.st_mode, before.st_mode);      /* not even its mode */
        assert_int_equal(after.st_mtim.tv_sec, before.st_mtim.tv_sec);
        assert_int_equal(after.st_mtim.tv_nsec, before.st_mtim.tv_nsec);
        snprintf(want, sizeof want, "%s-wal", path);
        assert_int_equal(access(want, F_OK), -1);
    }
}

/* ---- resuming an interrupted scan ---------------------------------------- */

struct dones {
    char path[8][64];
    struct pm_inv_done d[8];
    size_t n;
};

static int keep_done(void *ctx, const struct pm_inv_done *d)
{
    struct dones *x = ctx;
    if (x->n < 8) {
        snprintf(x->path[x->n], sizeof x->path[0], "%s", d->path);
        x->d[x->n++] = *d;
    }
    return 0;
}

static const struct pm_inv_done *done_of(const struct dones *x, const char *path)
{
    for (size_t i = 0; i < x->n; i++)
        if (strcmp(x->path[i], path) == 0)
            return &x->d[i];
    return NULL;
}

static void test_resume(void **state)
{
    (void)state;
    char path[512];
    struct pm_inv *inv = open_db("resume.db", path, sizeof path);
    int64_t id = 0;
    struct pm_inv_scan sc = {.started_at = 1000, .roots_json = ROOTS, .tool_version = "9.9",
                             .key_id = KEY, .options_json = "{\"roots\":[\"/srv/share\"]}"};
    assert_int_equal(pm_inv_scan_begin(inv, &sc, &id), 0);
    struct pm_inv_finding email[] = {
        {.detector = "email", .occurrences = 1, .by_conf = {0, 0, 0, 1}, .distinct = 1,
         .samples = {"j***@example.com"}, .nsamples = 1, .hashes = &H[0], .nhashes = 1}};
    struct pm_inv_file f[] = {
        /* finished: a file with PII, an archive with a member, a dir error */
        file("/srv/share/a.txt", "[]", PM_FILE_SCANNED, NULL),
        file("/srv/share/z.zip", "[\"m1.txt\"]", PM_FILE_SCANNED, NULL),
        file("/srv/share/z.zip", "[\"m2.txt\"]", PM_FILE_ERROR, "corrupt"),
        file("/srv/share/z.zip", "[]", PM_FILE_PARTIAL, "1 corrupt member"),
        file("/srv/share/locked", "[]", PM_FILE_ERROR, "open directory: Permission denied"),
        /* cut by the interrupt: the file and its member go */
        file("/srv/share/big.tar", "[\"part.csv\"]", PM_FILE_PARTIAL, "interrupted"),
        file("/srv/share/big.tar", "[]", PM_FILE_PARTIAL, "interrupted after 3 members"),
        /* killed between a member and its file: the member goes */
        file("/srv/share/half.zip", "[\"x.txt\"]", PM_FILE_SCANNED, NULL),
    };
    f[0].findings = email;
    f[0].nfindings = 1;
    f[6].findings = email; /* its findings and hashes go with it */
    f[6].nfindings = 1;
    assert_int_equal(pm_inv_tx_begin(inv), 0);
    for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
        assert_int_equal(pm_inv_add_file(inv, id, &f[i]), 0);
    assert_int_equal(pm_inv_tx_commit(inv), 0);
    sc.id = id;
    sc.status = PM_SCAN_INTERRUPTED;
    sc.finished_at = 1010;
    assert_int_equal(pm_inv_scan_update(inv, &sc), 0);

    /* The options come back with the scan. */
    struct pm_inv_scan got;
    assert_int_equal(pm_inv_scan_get(inv, id, &got), 0);
    assert_string_equal(got.options_json, "{\"roots\":[\"/srv/share\"]}");

    assert_int_equal(pm_inv_scan_reopen(inv, id, "{\"pid\":1}"), 0);
    assert_int_equal(pm_inv_scan_get(inv, id, &got), 0);
    assert_int_equal(got.status, PM_SCAN_RUNNING);
    assert_int_equal(got.finished_at, 0);
    assert_string_equal(got.options_json, "{\"pid\":1}");

    assert_int_equal(pm_inv_resume_prepare(inv, id), 0);
    struct dones x = {0};
    assert_int_equal(pm_inv_done_each(inv, id, keep_done, &x), 0);
    assert_int_equal(x.n, 3); /* a.txt, z.zip, locked: not big.tar, not half.zip */
    const struct pm_inv_done *a = done_of(&x, "/srv/share/a.txt");
    const struct pm_inv_done *z = done_of(&x, "/srv/share/z.zip");
    const struct pm_inv_done *l = done_of(&x, "/srv/share/locked");
    assert_non_null(a);
    assert_non_null(z);
    assert_non_null(l);
    assert_null(done_of(&x, "/srv/share/big.tar"));
    assert_null(done_of(&x, "/srv/share/half.zip"));
    assert_int_equal(a->status, PM_FILE_SCANNED);
    assert_int_equal(a->bytes_scanned, 100);
    assert_int_equal(a->pii_rows, 1);
    assert_int_equal(a->members, 0);
    assert_int_equal(z->status, PM_FILE_PARTIAL);
    assert_int_equal(z->members, 2);
    assert_int_equal(z->error_rows, 2); /* the archive and its corrupt member */
    assert_int_equal(l->error_rows, 1);
    assert_false(a->carried);
    /* Only the finished rows are left, and the cut file's hashes went too. */
    struct lines fl = {0};
    assert_int_equal(pm_inv_errors_each(inv, id, keep_file, &fl), 0);
    assert_int_equal(fl.n, 3); /* z.zip, its member, locked */
    for (size_t i = 0; i < fl.n; i++)
        assert_null(strstr(fl.l[i], "big.tar"));
    pm_inv_close(inv);
    const char *files = on_pg ? "SELECT COUNT(*) FROM piimap.files" : "SELECT COUNT(*) FROM files";
    const char *hashes = on_pg ? "SELECT COUNT(*) FROM piimap.hashes" : "SELECT COUNT(*) FROM hashes";
    assert_int_equal(count_rows(path, files), 5);  /* 8 rows less the 3 unfinished */
    assert_int_equal(count_rows(path, hashes), 1); /* a.txt's hash; big.tar's went */
}

/* ---- distributed scans ------------------------------------------------------- */

static int keep_dir_name(void *ctx, const char *dir)
{
    struct lines *x = ctx;
    snprintf(x->l[x->n++], sizeof x->l[0], "%s", dir);
    return 0;
}

static int keep_host(void *ctx, const char *host, uint64_t files, uint64_t bytes)
{
    struct lines *x = ctx;
    snprintf(x->l[x->n++], sizeof x->l[0], "%s %llu %llu", host, (unsigned long long)files,
             (unsigned long long)bytes);
    return 0;
}

/* Writes path as a row of `inv`'s current owner, in its own transaction
 * (open: left open for a pm_inv_dist_done). */
static void put_row(struct pm_inv *inv, int64_t id, const char *path, int open)
{
    struct pm_inv_file f = file(path, "[]", PM_FILE_SCANNED, NULL);
    assert_int_equal(pm_inv_tx_begin(inv), 0);
    assert_int_equal(pm_inv_add_file(inv, id, &f), 0);
    if (!open)
        assert_int_equal(pm_inv_tx_commit(inv), 0);
}

/* Two hosts on one queue: join, lease, a dead host's job taken over (its
 * row dropped at the end), a lost lease refused, the end counted once. */
static void test_pg_distributed(void **state)
{
    (void)state;
    char path[4096], err[512];
    struct pm_inv *h1 = open_db("dist", path, sizeof path), *h2 = NULL;
    assert_int_equal(pm_inv_open(path, PM_INV_WRITE, &h2, err, sizeof err), 0);
    assert_true(pm_inv_dist_supported(h1));
    assert_int_equal(pm_inv_dist_owner(h1, "h1", "h1/1/a/1"), 0);
    assert_int_equal(pm_inv_dist_owner(h2, "h2", "h2/2/b/1"), 0);
    const char *roots[] = {"/srv/share"};
    struct pm_inv_scan sc = {.started_at = 5, .roots_json = ROOTS, .tool_version = "9.9",
                             .key_id = KEY};
    int64_t id = 0, id2 = 0;
    int created = 0;
    assert_int_equal(pm_inv_dist_join(h1, &sc, roots, 1, &id, &created), 0);
    assert_int_equal(created, 1);
    assert_int_equal(pm_inv_dist_join(h2, &sc, roots, 1, &id2, &created), 0);
    assert_int_equal(created, 0);
    assert_int_equal(id2, id);
    struct pm_inv_scan other = sc;
    other.key_id = "k-other";
    assert_int_equal(pm_inv_dist_join(h2, &other, roots, 1, &id2, &created), -1);
    assert_non_null(strstr(pm_inv_errmsg(h2), "another HMAC key (id k-test, this host's is k-other)"));

    struct lines got = {0};
    assert_int_equal(pm_inv_dist_lease(h1, id, 60, 8, keep_dir_name, &got), 1);
    assert_string_equal(got.l[0], "/srv/share");
    assert_int_equal(pm_inv_dist_lease(h2, id, 60, 8, keep_dir_name, &got), 0); /* held */
    assert_int_equal(pm_inv_dist_renew(h1, id, 60), 1);
    put_row(h1, id, "/srv/share/a.txt", 0);
    /* h1 stops renewing: its lease runs out, h2 takes the job over */
    pg_sql("UPDATE piimap.work SET lease_until=now() - interval '1 second'");
    got.n = 0;
    assert_int_equal(pm_inv_dist_lease(h2, id, 60, 8, keep_dir_name, &got), 1);
    put_row(h2, id, "/srv/share/a.txt", 0);
    put_row(h2, id, "/srv/share/b.txt", 1);
    const char *dirs[] = {"/srv/share"}, *subs[] = {"/srv/share/sub", "/srv/share/caf\xe9"};
    struct pm_inv_dist_counts c = {.files_seen = 2, .files_scanned = 2, .bytes_scanned = 200};
    assert_int_equal(pm_inv_dist_done(h2, id, dirs, 1, subs, 2, &c), 0);
    assert_int_equal(pm_inv_tx_commit(h2), 0);
    /* h1 comes back: its job is h2's now, so nothing of it counts */
    put_row(h1, id, "/srv/share/late.txt", 1);
    assert_int_equal(pm_inv_dist_done(h1, id, dirs, 1, NULL, 0, &c), 1);
    assert_int_equal(count_rows(path, "SELECT count(*) FROM piimap.files WHERE path LIKE"
                                      " '%late%'"), 0);
    uint64_t open = 0;
    int ended = 1;
    assert_int_equal(pm_inv_dist_finish(h2, id, 0, &open, &ended), 0);
    assert_int_equal(open, 2);
    assert_int_equal(ended, 0);
    /* the two subdirectories: one given back, then both done by h1 */
    got.n = 0;
    assert_int_equal(pm_inv_dist_owner(h1, "h1", "h1/1/a/2"), 0);
    assert_int_equal(pm_inv_dist_lease(h1, id, 60, 1, keep_dir_name, &got), 1);
    assert_int_equal(pm_inv_dist_release(h1, id), 0);
    got.n = 0;
    assert_int_equal(pm_inv_dist_lease(h1, id, 60, 8, keep_dir_name, &got), 2);
    assert_true(has_line(&got, "/srv/share/caf\xe9") && has_line(&got, "/srv/share/sub"));
    struct pm_inv_dist_counts c2 = {.files_excluded = 3};
    assert_int_equal(pm_inv_tx_begin(h1), 0);
    assert_int_equal(pm_inv_dist_done(h1, id, (const char *const *)(const char *[]){got.l[0], got.l[1]},
                                      2, NULL, 0, &c2), 0);
    assert_int_equal(pm_inv_tx_commit(h1), 0);
    assert_int_equal(pm_inv_dist_finish(h2, id, 0, &open, &ended), 0);
    assert_int_equal(open, 0);
    assert_int_equal(ended, 1);
    assert_int_equal(pm_inv_dist_finish(h1, id, 0, &open, &ended), 0);
    assert_int_equal(ended, 0); /* ended once */
    struct pm_inv_scan s;
    assert_int_equal(pm_inv_scan_get(h1, id, &s), 0);
    assert_int_equal(s.status, PM_SCAN_COMPLETE);
    assert_int_equal(s.files_seen, 2);
    assert_int_equal(s.files_excluded, 3);
    assert_int_equal(s.bytes_scanned, 200);
    /* h1's row of the job h2 took over is gone; h2's stay */
    assert_int_equal(count_rows(path, "SELECT count(*) FROM piimap.files"), 2);
    got.n = 0;
    assert_int_equal(pm_inv_hosts_each(h1, id, keep_host, &got), 0);
    assert_int_equal(got.n, 1);
    assert_string_equal(got.l[0], "h2 2 200");
    struct lines f = {0};
    pm_inv_close(h2);
    pm_inv_close(h1);
    assert_int_equal(pm_inv_open(path, PM_INV_READ, &h1, err, sizeof err), 0);
    pg_sql("UPDATE piimap.files SET has_pii=1");
    assert_int_equal(pm_inv_files_each(h1, id, keep_file, &f), 0);
    assert_int_equal(f.n, 2);
    pm_inv_close(h1);
}

/* SQLite has no queue: it says so, and lists no hosts. */
static void test_no_distributed(void **state)
{
    (void)state;
    char path[4096];
    struct pm_inv *inv = open_db("nodist.db", path, sizeof path);
    int64_t a = write_scan_a(inv);
    assert_false(pm_inv_dist_supported(inv));
    struct lines got = {0};
    assert_int_equal(pm_inv_dist_lease(inv, a, 60, 8, keep_dir_name, &got), -1);
    assert_int_equal(pm_inv_hosts_each(inv, a, keep_host, &got), 0);
    assert_int_equal(got.n, 0);
    pm_inv_close(inv);
}

static int use_pg(void **state)
{
    on_pg = 1;
    strcpy(tmpl, "/tmp/piimap-test-inv.XXXXXX"); /* the first group's is gone */
    return setup(state);
}

/* Totals of one detector in the newest scan. */
static int total_of(void *ctx, const struct pm_inv_total *t)
{
    if (strcmp(t->detector, "credit_card") == 0)
        *(struct pm_inv_total *)ctx = *t;
    return 0;
}

/* The card findings' test values as each other reader sees them: the
 * directories', the file's, and the subtree's. */
static int dir_card_tv(void *ctx, const struct pm_inv_dir *d)
{
    for (size_t i = 0; i < d->nfindings; i++)
        if (strcmp(d->findings[i].detector, "credit_card") == 0)
            *(uint64_t *)ctx += d->findings[i].test_value;
    return 0;
}

static int file_card_tv(void *ctx, const struct pm_inv_file *f)
{
    for (size_t i = 0; i < f->nfindings; i++)
        if (strcmp(f->findings[i].detector, "credit_card") == 0)
            *(uint64_t *)ctx += f->findings[i].test_value;
    return 0;
}

static uint64_t card_test_values(const char *path, int flags)
{
    char err[512];
    struct pm_inv *inv = NULL;
    struct pm_inv_scan sc;
    struct pm_inv_total t = {0};
    struct pm_inv_dir sub;
    uint64_t in_dirs = 0, in_files = 0, in_sub = 0;
    if (pm_inv_open(path, flags, &inv, err, sizeof err) != 0)
        fail_msg("open %s: %s", path, err);
    assert_int_equal(pm_inv_scan_get(inv, 0, &sc), 0);
    assert_int_equal(pm_inv_totals_each(inv, sc.id, total_of, &t), 0);
    assert_int_equal(t.occurrences, 2);
    assert_int_equal(pm_inv_dirs_each(inv, sc.id, dir_card_tv, &in_dirs), 0);
    assert_int_equal(pm_inv_files_each(inv, sc.id, file_card_tv, &in_files), 0);
    assert_int_equal(pm_inv_subtree_get(inv, sc.id, "/srv/share", &sub), 0);
    for (size_t i = 0; i < sub.nfindings; i++)
        if (strcmp(sub.findings[i].detector, "credit_card") == 0)
            in_sub += sub.findings[i].test_value;
    assert_int_equal(in_dirs, t.test_value);
    assert_int_equal(in_files, t.test_value);
    assert_int_equal(in_sub, t.test_value);
    pm_inv_close(inv);
    return t.test_value;
}

/* findings.test_value (known test numbers) is kept and summed by every
 * reader; an inventory made before the column existed is read as having
 * none (SQLite; PostgreSQL asks a reader for a writer first, as for any
 * older schema) and gets the column, with the masked forms and ACLs, when
 * it is next written. */
/* ---- people: person links ------------------------------------------------------- */

/* Each link row as "dir item-index linked a0/b0" (a0, b0: the first byte of
 * each hash), items numbered in the order they come. */
struct link_lines {
    struct lines l;
    int64_t last;
    int item;
};

static int keep_link(void *ctx, const struct pm_inv_link_row *r)
{
    struct link_lines *x = ctx;
    if (r->item != x->last) {
        x->last = r->item;
        x->item++;
    }
    if (x->l.n < sizeof x->l.l / sizeof x->l.l[0])
        snprintf(x->l.l[x->l.n++], sizeof x->l.l[0], "%s %d %llu %02x/%02x", r->dir, x->item,
                 (unsigned long long)r->linked_records, r->a[0], r->b[0]);
    return 0;
}

static void links_of(struct pm_inv *inv, int64_t id, int *kept, struct link_lines *x)
{
    memset(x, 0, sizeof *x);
    assert_int_equal(pm_inv_links_each(inv, id, kept, keep_link, x), 0);
}

static void test_links(void **state)
{
    (void)state;
    char path[4096], err[512];
    struct pm_inv *inv = open_db("links.db", path, sizeof path);
    int64_t a = 0, b = 0;
    struct pm_inv_scan sc = {.started_at = 1000, .roots_json = ROOTS, .tool_version = "9.9",
                             .key_id = KEY};
    assert_int_equal(pm_inv_scan_begin(inv, &sc, &a), 0);
    struct pm_inv_link l1[2], l2[1];
    memcpy(l1[0].a, H[1], PM_INV_HASH); /* H[1] and H[2] in one record */
    memcpy(l1[0].b, H[2], PM_INV_HASH);
    memcpy(l1[1].a, H[3], PM_INV_HASH); /* H[3] alone */
    memcpy(l1[1].b, H[3], PM_INV_HASH);
    memcpy(l2[0].a, H[2], PM_INV_HASH);
    memcpy(l2[0].b, H[4], PM_INV_HASH);
    struct pm_inv_file f1 = file("/srv/share/z.csv", "[]", PM_FILE_SCANNED, NULL);
    struct pm_inv_file f2 = file("/srv/share/d/a.json", "[]", PM_FILE_SCANNED, NULL);
    f1.links = l1, f1.nlinks = 2, f1.linked_records = 1;
    f2.links = l2, f2.nlinks = 1, f2.linked_records = 3;
    assert_int_equal(pm_inv_tx_begin(inv), 0);
    assert_int_equal(pm_inv_add_file(inv, a, &f1), 0);
    assert_int_equal(pm_inv_add_file(inv, a, &f2), 0);
    assert_int_equal(pm_inv_tx_commit(inv), 0);
    struct pm_inv_scan done = sc;
    done.id = a;
    done.status = PM_SCAN_COMPLETE;
    done.finished_at = 1001;
    assert_int_equal(pm_inv_scan_update(inv, &done), 0);
    /* A scan that kept links is the base of the next; unchanged files bring
     * their links along. */
    assert_int_equal(pm_inv_prev_scan(inv, ROOTS, KEY, 0), a);
    assert_int_equal(pm_inv_scan_begin(inv, &sc, &b), 0);
    assert_int_equal(pm_inv_carry_mark(inv, "/srv/share/d/a.json"), 0);
    uint64_t rows = 0, with_pii = 0;
    assert_int_equal(pm_inv_carry_finish(inv, b, a, &rows, &with_pii), 0);
    assert_int_equal(rows, 1);
    pm_inv_close(inv);

    assert_int_equal(pm_inv_open(path, PM_INV_READ, &inv, err, sizeof err), 0);
    struct link_lines x;
    int kept = 0;
    links_of(inv, a, &kept, &x); /* by directory, then item */
    assert_int_equal(kept, 1);
    assert_int_equal(x.l.n, 3);
    assert_string_equal(x.l.l[0], "/srv/share 1 1 a1/a2");
    assert_string_equal(x.l.l[1], "/srv/share 1 1 a3/a3");
    assert_string_equal(x.l.l[2], "/srv/share/d 2 3 a2/a4");
    links_of(inv, b, &kept, &x);
    assert_int_equal(kept, 1);
    assert_int_equal(x.l.n, 1);
    assert_string_equal(x.l.l[0], "/srv/share/d 1 3 a2/a4");
    assert_int_equal(pm_inv_scope(inv, "/srv/share/d"), 0); /* within a scope only */
    links_of(inv, a, &kept, &x);
    assert_int_equal(pm_inv_scope(inv, NULL), 0);
    assert_int_equal(x.l.n, 1);
    links_of(inv, 9999, &kept, &x); /* no such scan */
    assert_int_equal(kept, 0);
    assert_int_equal(x.l.n, 0);
    pm_inv_close(inv);

    /* An inventory from before links: its scans kept none, read as such, and
     * none is the base of an incremental scan; a writer adds what is missing. */
    if (on_pg)
        pg_sql("DROP TABLE piimap.links; ALTER TABLE piimap.scans DROP COLUMN people;"
               " ALTER TABLE piimap.files DROP COLUMN linked_records;"
               " UPDATE piimap.meta SET value='3' WHERE key='schema'");
    else {
        sqlite3 *db = NULL;
        assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
        assert_int_equal(sqlite3_exec(db, "DROP TABLE links; ALTER TABLE scans DROP COLUMN people;"
                                          " ALTER TABLE files DROP COLUMN linked_records",
                                      NULL, NULL, NULL), SQLITE_OK);
        sqlite3_close(db);
        assert_int_equal(pm_inv_open(path, PM_INV_READ, &inv, err, sizeof err), 0);
        links_of(inv, a, &kept, &x);
        assert_int_equal(kept, 0);
        assert_int_equal(x.l.n, 0);
        pm_inv_close(inv);
    }
    assert_int_equal(pm_inv_open(path, RWC, &inv, err, sizeof err), 0);
    assert_int_equal(pm_inv_prev_scan(inv, ROOTS, KEY, 0), 0);
    links_of(inv, a, &kept, &x);
    assert_int_equal(kept, 0);
    assert_int_equal(x.l.n, 0);
    pm_inv_close(inv);
}

static void test_test_value_and_migration(void **state)
{
    (void)state;
    char path[4096], err[512];
    struct pm_inv *inv = open_db("testvalue.db", path, sizeof path);
    int64_t id = 0;
    struct pm_inv_scan sc = {.started_at = 1000, .roots_json = ROOTS, .tool_version = "9.9",
                             .key_id = KEY};
    assert_int_equal(pm_inv_scan_begin(inv, &sc, &id), 0);
    struct pm_inv_finding card[] = {
        {.detector = "credit_card", .occurrences = 2, .by_conf = {0, 0, 2, 0}, .distinct = 2,
         .test_value = 1, .samples = {"4111 **** **** 1111"}, .nsamples = 1, .hashes = &H[0],
         .nhashes = 2, .masks = "4111 **** **** 1111\0" "5500 **** **** 0004"}};
    struct pm_inv_file f = file("/srv/share/cards.txt", "[]", PM_FILE_SCANNED, NULL);
    f.findings = card;
    f.nfindings = 1;
    f.acl = "group:hr:r--";
    assert_int_equal(pm_inv_tx_begin(inv), 0);
    assert_int_equal(pm_inv_add_file(inv, id, &f), 0);
    assert_int_equal(pm_inv_tx_commit(inv), 0);
    pm_inv_close(inv);
    assert_int_equal(card_test_values(path, PM_INV_READ), 1);

    if (on_pg) {
        /* As a version-2 piimap left it (distributed scans, none of these). */
        pg_sql("ALTER TABLE piimap.findings DROP COLUMN test_value;"
               " DROP TABLE piimap.links; ALTER TABLE piimap.scans DROP COLUMN people;"
               " ALTER TABLE piimap.files DROP COLUMN linked_records;"
               " ALTER TABLE piimap.hashes DROP COLUMN masked;"
               " ALTER TABLE piimap.files DROP COLUMN acl;"
               " UPDATE piimap.meta SET value='2' WHERE key='schema'");
        assert_int_equal(pm_inv_open(path, PM_INV_READ, &inv, err, sizeof err), -1);
        assert_non_null(strstr(err, "inventory schema 2 is older than this piimap's (4)"));
        assert_int_equal(card_test_values(path, RWC), 0); /* migrated, rows kept */
        assert_int_equal(
            count_rows(path, "SELECT value::int FROM piimap.meta WHERE key='schema'"), 4);
        /* the columns are back, empty for the rows written before them */
        assert_int_equal(count_rows(path, "SELECT count(*) FROM piimap.hashes"
                                          " WHERE masked IS NULL"), 2);
        assert_int_equal(count_rows(path, "SELECT count(*) FROM piimap.files"
                                          " WHERE acl IS NULL"), 1);
        assert_int_equal(card_test_values(path, PM_INV_READ), 0);
        return;
    }
    /* As an older piimap left it: no test_value column. */
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "ALTER TABLE findings DROP COLUMN test_value", NULL, NULL,
                                  NULL), SQLITE_OK);
    sqlite3_close(db);
    assert_int_equal(card_test_values(path, PM_INV_READ), 0);
    assert_int_equal(card_test_values(path, RWC), 0); /* opened to write: column added */
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "SELECT test_value FROM findings", NULL, NULL, NULL),
                     SQLITE_OK);
    sqlite3_close(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_incremental_diff_prune),
        cmocka_unit_test(test_own_files_and_mode),
        cmocka_unit_test(test_urls),
        cmocka_unit_test(test_read_only_handle),
        cmocka_unit_test(test_locate),
        cmocka_unit_test(test_sprawl_and_acl),
        cmocka_unit_test(test_scope_and_subtree),
        cmocka_unit_test(test_refuses_non_inventories),
        cmocka_unit_test(test_resume),
        cmocka_unit_test(test_test_value_and_migration),
        cmocka_unit_test(test_links),
        cmocka_unit_test(test_no_distributed),
    };
    /* The same round trips on PostgreSQL, and what only a server has. */
    const struct CMUnitTest pg_tests[] = {
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_incremental_diff_prune),
        cmocka_unit_test(test_pg_own_files),
        cmocka_unit_test(test_read_only_handle),
        cmocka_unit_test(test_locate),
        cmocka_unit_test(test_sprawl_and_acl),
        cmocka_unit_test(test_scope_and_subtree),
        cmocka_unit_test(test_resume),
        cmocka_unit_test(test_test_value_and_migration),
        cmocka_unit_test(test_links),
        cmocka_unit_test(test_pg_schema),
        cmocka_unit_test(test_pg_odd_paths),
        cmocka_unit_test(test_pg_distributed),
    };
    int failed = cmocka_run_group_tests_name("sqlite", tests, setup, teardown);
    pg_uri = getenv("PIIMAP_TEST_PG");
    if (!pg_uri || !*pg_uri) {
        printf("test_inventory: the PostgreSQL tests are SKIPPED: PIIMAP_TEST_PG is not set "
               "(.ci/run sets it; by hand: eval \"$(tests/pg_cluster.sh start DIR)\")\n");
        return failed;
    }
    failed += cmocka_run_group_tests_name("postgresql", pg_tests, use_pg, teardown);
    if (failed == 0)
        pg_sql("DROP SCHEMA IF EXISTS piimap CASCADE");
    return failed;
}
