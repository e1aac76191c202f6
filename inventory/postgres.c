/* postgres.c — the PostgreSQL backend of inventory.h, through libpq: open
 * (to read or to write), the schema piimap creates and migrates in its own
 * PostgreSQL schema "piimap", close, and the helpers its files share
 * (parameters, server-side cursors, COPY buffers). Writing is in
 * postgres_write.c, reading in postgres_read.c and postgres_scope.c.
 *
 * The tables are those of the SQLite backend (sqlite.c), with two changes:
 * paths are bytea (a file name need not be UTF-8, and bytea compares bytes
 * as SQLite compares text, so orders and subtree ranges are the same), and
 * every other text column that is compared or ordered is COLLATE "C".
 * The schema version is recorded in piimap.meta.
 *
 * It must never repeat a connection string in a message (it may hold a
 * password; one in --db is refused, libpq reads passwords from PGPASSWORD,
 * PGPASSFILE or ~/.pgpass), never create anything when opened to read, and
 * never turn a schema named piimap that is not an inventory into one.
 * It keeps no file on this machine: own_files_each lists none.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/json_text.h"
#include "inventory/pg_int.h"

#define SCHEMA_VERSION 4
/* Taken by every process that creates or migrates the schema, for the
 * length of that transaction ("piimap" in ASCII). */
#define SCHEMA_LOCK "112105105109097112"
#define FETCH_ROWS 1000

/* Migrations: step i brings schema version i to i + 1. */
static const char *const migrations[SCHEMA_VERSION] = {
    /* 0 -> 1: the tables of the SQLite backend, paths as bytea */
    "CREATE TABLE piimap.meta(key text COLLATE \"C\" PRIMARY KEY, value text);"
    "CREATE TABLE piimap.scans("
    " id bigserial PRIMARY KEY, status integer NOT NULL, started_at bigint NOT NULL,"
    " finished_at bigint, roots text COLLATE \"C\" NOT NULL, tool_version text,"
    " key_id text COLLATE \"C\", files_seen bigint NOT NULL DEFAULT 0,"
    " files_scanned bigint NOT NULL DEFAULT 0, files_skipped bigint NOT NULL DEFAULT 0,"
    " files_excluded bigint NOT NULL DEFAULT 0, members_seen bigint NOT NULL DEFAULT 0,"
    " files_unchanged bigint NOT NULL DEFAULT 0, incremental_from bigint NOT NULL DEFAULT 0,"
    " bytes_scanned bigint NOT NULL DEFAULT 0, errors bigint NOT NULL DEFAULT 0, options text);"
    "CREATE TABLE piimap.files("
    " id bigserial PRIMARY KEY,"
    " scan_id bigint NOT NULL REFERENCES piimap.scans(id) ON DELETE CASCADE,"
    " path bytea NOT NULL, dir bytea NOT NULL, members text COLLATE \"C\" NOT NULL DEFAULT '[]',"
    " mime text, encoding text, size bigint, mtime bigint, ctime bigint,"
    " mtime_ns bigint NOT NULL DEFAULT 0, ctime_ns bigint NOT NULL DEFAULT 0,"
    " dev bigint, ino bigint, uid bigint, gid bigint, mode bigint, owner text, grp text,"
    " status integer NOT NULL, reason text COLLATE \"C\", bytes_scanned bigint NOT NULL DEFAULT 0,"
    " has_pii integer NOT NULL DEFAULT 0, carried_from bigint);"
    "CREATE INDEX files_by_scan ON piimap.files(scan_id, has_pii, path);"
    "CREATE INDEX files_by_dir ON piimap.files(scan_id, dir);"
    "CREATE INDEX files_by_path ON piimap.files(scan_id, path);"
    "CREATE TABLE piimap.findings("
    " file_id bigint NOT NULL REFERENCES piimap.files(id) ON DELETE CASCADE,"
    " detector text COLLATE \"C\" NOT NULL, occurrences bigint NOT NULL,"
    " distinct_count bigint NOT NULL, samples text NOT NULL DEFAULT '[]',"
    " low bigint NOT NULL DEFAULT 0, medium bigint NOT NULL DEFAULT 0,"
    " high bigint NOT NULL DEFAULT 0, PRIMARY KEY(file_id, detector));"
    "CREATE TABLE piimap.hashes("
    " scan_id bigint NOT NULL,"
    " file_id bigint NOT NULL REFERENCES piimap.files(id) ON DELETE CASCADE,"
    " detector text COLLATE \"C\" NOT NULL, hash bytea NOT NULL);"
    "CREATE INDEX hashes_by_scan ON piimap.hashes(scan_id, detector, hash);"
    "CREATE INDEX hashes_by_file ON piimap.hashes(file_id);"
    "INSERT INTO piimap.meta VALUES('schema', '0');",
    /* 1 -> 2: distributed scans: the queue of directories, and who read what */
    "ALTER TABLE piimap.scans ADD COLUMN distributed integer NOT NULL DEFAULT 0;"
    "ALTER TABLE piimap.files ADD COLUMN host text COLLATE \"C\","
    " ADD COLUMN lease_owner text COLLATE \"C\";"
    "CREATE TABLE piimap.work("
    " scan_id bigint NOT NULL REFERENCES piimap.scans(id) ON DELETE CASCADE,"
    " path bytea NOT NULL, id bigserial, state integer NOT NULL DEFAULT 0,"
    " owner text COLLATE \"C\", lease_until timestamptz, attempts integer NOT NULL DEFAULT 0,"
    " files_seen bigint NOT NULL DEFAULT 0, files_scanned bigint NOT NULL DEFAULT 0,"
    " files_skipped bigint NOT NULL DEFAULT 0, files_excluded bigint NOT NULL DEFAULT 0,"
    " members_seen bigint NOT NULL DEFAULT 0, files_unchanged bigint NOT NULL DEFAULT 0,"
    " bytes_scanned bigint NOT NULL DEFAULT 0, errors bigint NOT NULL DEFAULT 0,"
    " roots_failed bigint NOT NULL DEFAULT 0, PRIMARY KEY(scan_id, path));"
    "CREATE INDEX work_open ON piimap.work(scan_id, state, id);",
    /* 2 -> 3: as the SQLite backend's columns added in place: occurrences
     * that are known test numbers, the masked form beside each hash (for
     * sprawl; COLLATE "C" so MAX picks as SQLite's does), a file's ACL
     * grants. Rows of older scans read as having none. */
    "ALTER TABLE piimap.findings ADD COLUMN test_value bigint NOT NULL DEFAULT 0;"
    "ALTER TABLE piimap.hashes ADD COLUMN masked text COLLATE \"C\";"
    "ALTER TABLE piimap.files ADD COLUMN acl text;",
    /* 3 -> 4: people: the person keys found in one record of an item, as
     * pairs (a, b), or alone (a = b), one row an item; how many records
     * linked keys; scans.people is 1
     * for a scan that kept them. Older scans have none: their people are
     * counted as distinct keys, and they are no base for incremental scans. */
    "ALTER TABLE piimap.files ADD COLUMN linked_records bigint NOT NULL DEFAULT 0;"
    "ALTER TABLE piimap.scans ADD COLUMN people integer NOT NULL DEFAULT 0;"
    "CREATE TABLE piimap.links("
    " scan_id bigint NOT NULL,"
    " file_id bigint NOT NULL REFERENCES piimap.files(id) ON DELETE CASCADE,"
    " pairs bytea NOT NULL);"
    "CREATE INDEX links_by_file ON piimap.links(file_id);",
};

/* ---- messages ------------------------------------------------------------ */

/* libpq's message without its trailing newline. */
static void put_msg(char *out, size_t outsz, const char *what, const char *msg)
{
    size_t n = strlen(msg);
    while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
        n--;
    snprintf(out, outsz, "%s: %.*s", what, (int)n, msg);
}

int pm_pg_fail(struct pm_pg *inv, const char *what, const PGresult *res)
{
    /* The server's own sentence ("permission denied for table files"),
     * without "ERROR:" and the context lines. */
    const char *m = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
    put_msg(inv->err, sizeof inv->err, what, m && *m ? m : PQerrorMessage(inv->conn));
    return -1;
}

int pm_pg_oom(struct pm_pg *inv, const char *what)
{
    snprintf(inv->err, sizeof inv->err, "%s: out of memory", what);
    return -1;
}

/* ---- parameters and results ---------------------------------------------- */

void pm_pg_p_i64(struct pm_pg_params *p, int64_t v)
{
    snprintf(p->num[p->n], sizeof p->num[p->n], "%" PRId64, v);
    p->v[p->n] = p->num[p->n];
    p->n++;
}

void pm_pg_p_text(struct pm_pg_params *p, const char *s) { p->v[p->n++] = s; }

static const char hexd[] = "0123456789abcdef";

void pm_pg_p_bytes(struct pm_pg_params *p, const void *b, size_t n)
{
    const unsigned char *u = b;
    char *h = malloc(2 * n + 3);
    if (!h) {
        p->oom = 1;
        p->v[p->n++] = NULL;
        return;
    }
    h[0] = '\\';
    h[1] = 'x';
    for (size_t i = 0; i < n; i++) {
        h[2 + 2 * i] = hexd[u[i] >> 4];
        h[3 + 2 * i] = hexd[u[i] & 15];
    }
    h[2 + 2 * n] = 0;
    p->heap[p->n] = h;
    p->v[p->n++] = h;
}

void pm_pg_p_free(struct pm_pg_params *p)
{
    for (int i = 0; i < p->n; i++)
        free(p->heap[i]);
    memset(p->heap, 0, sizeof p->heap);
}

PGresult *pm_pg_exec(struct pm_pg *inv, const char *what, const char *sql,
                     const struct pm_pg_params *p)
{
    if (p && p->oom) {
        pm_pg_oom(inv, what);
        return NULL;
    }
    PGresult *r = p && p->n ? PQexecParams(inv->conn, sql, p->n, NULL, p->v, NULL, NULL, 0)
                            : PQexec(inv->conn, sql);
    ExecStatusType s = PQresultStatus(r);
    if (s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK)
        return r;
    pm_pg_fail(inv, what, r);
    PQclear(r);
    return NULL;
}

int pm_pg_run(struct pm_pg *inv, const char *what, const char *sql,
              const struct pm_pg_params *p)
{
    PGresult *r = pm_pg_exec(inv, what, sql, p);
    PQclear(r);
    return r ? 0 : -1;
}

int64_t pm_pg_i64(const PGresult *r, int row, int col)
{
    if (PQgetisnull(r, row, col))
        return 0;
    const char *v = PQgetvalue(r, row, col);
    if (v[0] == 't' && !v[1])
        return 1;
    if (v[0] == 'f' && !v[1])
        return 0;
    return strtoll(v, NULL, 10);
}

const char *pm_pg_str(const PGresult *r, int row, int col)
{
    return PQgetisnull(r, row, col) ? NULL : PQgetvalue(r, row, col);
}

static int unhex(int c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
                                          : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

char *pm_pg_bytes_dup(const PGresult *r, int row, int col)
{
    if (PQgetisnull(r, row, col))
        return NULL;
    const char *v = PQgetvalue(r, row, col);
    size_t n = strlen(v);
    if (n < 2 || v[0] != '\\' || v[1] != 'x') /* bytea_output is hex (set at open) */
        return strdup(v);
    char *out = malloc((n - 2) / 2 + 1), *o = out;
    if (!out)
        return NULL;
    for (size_t i = 2; i + 1 < n; i += 2) {
        int hi = unhex(v[i]), lo = unhex(v[i + 1]);
        if (hi < 0 || lo < 0)
            break;
        *o++ = (char)(hi << 4 | lo);
    }
    *o = 0;
    return out;
}

/* ---- cursors ---------------------------------------------------------------- */

int pm_pg_cur_open(struct pm_pg *inv, struct pm_pg_cur *c, const char *what, const char *sql,
                   const struct pm_pg_params *p)
{
    memset(c, 0, sizeof *c);
    c->inv = inv;
    c->what = what;
    if (pm_pg_flush(inv) != 0)
        return -1;
    PGTransactionStatusType ts = PQtransactionStatus(inv->conn);
    if (ts == PQTRANS_IDLE) {
        if (pm_pg_run(inv, what, "BEGIN", NULL) != 0)
            return -1;
        c->own_tx = 1;
    }
    snprintf(c->name, sizeof c->name, "pm_c%u", ++inv->cursors);
    size_t n = strlen(sql) + 64;
    char *q = malloc(n);
    if (!q) {
        pm_pg_oom(inv, what);
        return pm_pg_cur_close(c, -1);
    }
    snprintf(q, n, "DECLARE %s NO SCROLL CURSOR FOR %s", c->name, sql);
    int rc = pm_pg_run(inv, what, q, p);
    free(q);
    if (rc != 0)
        return pm_pg_cur_close(c, -1);
    c->open = 1;
    return 0;
}

int pm_pg_cur_next(struct pm_pg_cur *c)
{
    for (int i = 0; i < 4; i++) {
        free(c->scratch[i]);
        c->scratch[i] = NULL;
    }
    if (++c->row < c->nrows)
        return 1;
    if (c->end)
        return 0;
    PQclear(c->res);
    char q[64];
    snprintf(q, sizeof q, "FETCH %d FROM %s", FETCH_ROWS, c->name);
    if (!(c->res = pm_pg_exec(c->inv, c->what, q, NULL)))
        return -1;
    c->nrows = PQntuples(c->res);
    c->row = 0;
    c->end = c->nrows < FETCH_ROWS;
    return c->nrows > 0;
}

int pm_pg_cur_close(struct pm_pg_cur *c, int rc)
{
    for (int i = 0; i < 4; i++)
        free(c->scratch[i]);
    PQclear(c->res);
    c->res = NULL;
    struct pm_pg *inv = c->inv;
    int ok = PQtransactionStatus(inv->conn) == PQTRANS_INTRANS;
    if (c->open && ok) {
        char q[48];
        snprintf(q, sizeof q, "CLOSE %s", c->name);
        if (pm_pg_run(inv, c->what, q, NULL) != 0 && rc == 0)
            rc = -1;
    }
    c->open = 0;
    if (c->own_tx) {
        ok = PQtransactionStatus(inv->conn) == PQTRANS_INTRANS;
        /* A reader's transaction changed nothing: COMMIT and ROLLBACK are
         * the same; a failed one can only be rolled back. */
        if (pm_pg_run(inv, c->what, ok && rc == 0 ? "COMMIT" : "ROLLBACK", NULL) != 0 &&
            rc == 0)
            rc = -1;
        c->own_tx = 0;
    }
    return rc;
}

int pm_pg_each(struct pm_pg *inv, const char *what, const char *sql, struct pm_pg_params *p,
               int (*row)(struct pm_pg_cur *c, void *arg), void *arg)
{
    struct pm_pg_cur c;
    int rc = pm_pg_cur_open(inv, &c, what, sql, p), s = 0;
    if (p)
        pm_pg_p_free(p);
    if (rc != 0)
        return -1;
    while ((s = pm_pg_cur_next(&c)) == 1)
        if ((rc = row(&c, arg)) != 0)
            break;
    return pm_pg_cur_close(&c, rc ? rc : s < 0 ? -1 : 0);
}

int64_t pm_pg_cur_i64(const struct pm_pg_cur *c, int col) { return pm_pg_i64(c->res, c->row, col); }

const char *pm_pg_cur_str(const struct pm_pg_cur *c, int col)
{
    return pm_pg_str(c->res, c->row, col);
}

const char *pm_pg_cur_bytes(struct pm_pg_cur *c, int col, int slot)
{
    free(c->scratch[slot]);
    c->scratch[slot] = pm_pg_bytes_dup(c->res, c->row, col);
    return c->scratch[slot];
}

size_t pm_pg_cur_bytea_len(const struct pm_pg_cur *c, int col)
{
    if (PQgetisnull(c->res, c->row, col))
        return 0;
    size_t n = (size_t)PQgetlength(c->res, c->row, col);
    const char *v = PQgetvalue(c->res, c->row, col);
    return n >= 2 && v[0] == '\\' && v[1] == 'x' ? (n - 2) / 2 : 0;
}

int pm_pg_cur_bytea_at(const struct pm_pg_cur *c, int col, size_t off, unsigned char *out,
                       size_t n)
{
    if (off + n > pm_pg_cur_bytea_len(c, col))
        return -1;
    const char *v = PQgetvalue(c->res, c->row, col) + 2 + 2 * off;
    for (size_t i = 0; i < n; i++) {
        int hi = unhex(v[2 * i]), lo = unhex(v[2 * i + 1]);
        if (hi < 0 || lo < 0)
            return -1;
        out[i] = (unsigned char)(hi << 4 | lo);
    }
    return 0;
}

int pm_pg_cur_hash(const struct pm_pg_cur *c, int col, unsigned char out[PM_INV_HASH])
{
    if (PQgetisnull(c->res, c->row, col))
        return -1;
    const char *v = PQgetvalue(c->res, c->row, col);
    if (strlen(v) != 2 + 2 * PM_INV_HASH || v[0] != '\\' || v[1] != 'x')
        return -1;
    for (int i = 0; i < PM_INV_HASH; i++) {
        int hi = unhex(v[2 + 2 * i]), lo = unhex(v[3 + 2 * i]);
        if (hi < 0 || lo < 0)
            return -1;
        out[i] = (unsigned char)(hi << 4 | lo);
    }
    return 0;
}

/* ---- COPY buffers -------------------------------------------------------------- */

static int buf_need(struct pm_pg_buf *b, size_t more)
{
    if (b->oom)
        return -1;
    if (b->len + more + 1 <= b->cap)
        return 0;
    size_t nc = b->cap ? b->cap : 65536;
    while (nc < b->len + more + 1)
        nc *= 2;
    char *np = realloc(b->p, nc);
    if (!np) {
        b->oom = 1;
        return -1;
    }
    b->p = np;
    b->cap = nc;
    return 0;
}

static void buf_sep(struct pm_pg_buf *b)
{
    if (b->len && b->p[b->len - 1] != '\n' && buf_need(b, 1) == 0)
        b->p[b->len++] = '\t';
}

/* COPY text: backslash, tab, newline and carriage return are escaped. */
static void buf_text(struct pm_pg_buf *b, const char *s)
{
    size_t n = strlen(s);
    if (buf_need(b, 2 * n) != 0)
        return;
    for (const char *p = s; *p; p++) {
        char c = *p, e = c == '\\' ? '\\' : c == '\t' ? 't' : c == '\n' ? 'n' : c == '\r' ? 'r' : 0;
        if (e) {
            b->p[b->len++] = '\\';
            b->p[b->len++] = e;
        } else {
            b->p[b->len++] = c;
        }
    }
}

void pm_pg_buf_field(struct pm_pg_buf *b, const char *s)
{
    buf_sep(b);
    if (!s) {
        if (buf_need(b, 2) == 0) {
            b->p[b->len++] = '\\';
            b->p[b->len++] = 'N';
        }
        return;
    }
    const char *p = s;
    while (*p && (unsigned char)*p < 0x80)
        p++;
    if (!*p || pm_is_utf8(s)) {
        buf_text(b, s);
        return;
    }
    /* Not UTF-8 (an owner name, say): the server would refuse it, so it is
     * kept as the data maps show such text, a \xNN per stray byte. */
    json_t *j = pm_json_text(s);
    buf_text(b, json_string_value(j) ? json_string_value(j) : "?");
    json_decref(j);
}

void pm_pg_buf_i64(struct pm_pg_buf *b, int64_t v)
{
    char num[24];
    snprintf(num, sizeof num, "%" PRId64, v);
    pm_pg_buf_field(b, num);
}

void pm_pg_buf_bytea(struct pm_pg_buf *b, const void *p, size_t n)
{
    const unsigned char *u = p;
    buf_sep(b);
    if (buf_need(b, 2 * n + 3) != 0)
        return;
    memcpy(b->p + b->len, "\\\\x", 3); /* \\x: the escaped backslash of bytea's \x */
    b->len += 3;
    for (size_t i = 0; i < n; i++) {
        b->p[b->len++] = hexd[u[i] >> 4];
        b->p[b->len++] = hexd[u[i] & 15];
    }
}

void pm_pg_buf_end_row(struct pm_pg_buf *b)
{
    if (buf_need(b, 1) == 0)
        b->p[b->len++] = '\n';
}

void pm_pg_buf_free(struct pm_pg_buf *b)
{
    free(b->p);
    memset(b, 0, sizeof *b);
}

int pm_pg_copy(struct pm_pg *inv, const char *target, struct pm_pg_buf *b)
{
    if (b->oom) {
        b->oom = 0;
        b->len = 0;
        return pm_pg_oom(inv, "write rows");
    }
    if (!b->len)
        return 0;
    char q[256];
    snprintf(q, sizeof q, "COPY %s FROM STDIN", target);
    PGresult *r = PQexec(inv->conn, q);
    if (PQresultStatus(r) != PGRES_COPY_IN) {
        pm_pg_fail(inv, "write rows", r);
        PQclear(r);
        return -1;
    }
    PQclear(r);
    int rc = 0;
    if (PQputCopyData(inv->conn, b->p, (int)b->len) != 1 || PQputCopyEnd(inv->conn, NULL) != 1)
        rc = pm_pg_fail(inv, "write rows", NULL);
    while ((r = PQgetResult(inv->conn))) {
        if (rc == 0 && PQresultStatus(r) != PGRES_COMMAND_OK)
            rc = pm_pg_fail(inv, "write rows", r);
        PQclear(r);
    }
    b->len = 0;
    return rc;
}

/* ---- the handle -------------------------------------------------------------- */

static const char *pg_errmsg(struct pm_inv *base) { return pm_pg_of(base)->err; }

static void pg_close(struct pm_inv *base)
{
    struct pm_pg *inv = pm_pg_of(base);
    if (!inv)
        return;
    if (inv->conn)
        PQfinish(inv->conn);
    pm_pg_buf_free(&inv->files);
    pm_pg_buf_free(&inv->findings);
    pm_pg_buf_free(&inv->hashes);
    pm_pg_buf_free(&inv->links);
    pm_pg_buf_free(&inv->carry);
    free(inv->ids);
    free(inv->scan_roots);
    free(inv->scan_version);
    free(inv->scan_key);
    free(inv->scan_options);
    free(inv->host);
    free(inv->owner);
    pm_pg_scope_free(inv);
    free(inv);
}

/* A server: nothing of the inventory lies on this machine's disks. */
static int pg_own_files_each(struct pm_inv *base, int (*fn)(void *, const char *), void *ctx)
{
    (void)base;
    (void)fn;
    (void)ctx;
    return 0;
}

static const struct pm_inv_ops pg_ops = {
    .close = pg_close,
    .errmsg = pg_errmsg,
    .own_files_each = pg_own_files_each,
    .scan_begin = pm_pg_scan_begin,
    .scan_update = pm_pg_scan_update,
    .tx_begin = pm_pg_tx_begin,
    .tx_commit = pm_pg_tx_commit,
    .add_file = pm_pg_add_file,
    .prev_scan = pm_pg_prev_scan,
    .sigs_each = pm_pg_sigs_each,
    .carry_mark = pm_pg_carry_mark,
    .carry_finish = pm_pg_carry_finish,
    .scan_get = pm_pg_scan_get,
    .scans_each = pm_pg_scans_each,
    .totals_each = pm_pg_totals_each,
    .dirs_each = pm_pg_dirs_each,
    .files_each = pm_pg_files_each,
    .coverage_each = pm_pg_coverage_each,
    .skipped_each = pm_pg_skipped_each,
    .errors_each = pm_pg_errors_each,
    .scope = pm_pg_scope,
    .subtree_get = pm_pg_subtree_get,
    .locate_each = pm_pg_locate_each,
    .sprawl_each = pm_pg_sprawl_each,
    .links_each = pm_pg_links_each,
    .diff_each = pm_pg_diff_each,
    .distinct_diff_each = pm_pg_distinct_diff_each,
    .prune = pm_pg_prune,
    .scan_reopen = pm_pg_scan_reopen,
    .resume_prepare = pm_pg_resume_prepare,
    .done_each = pm_pg_done_each,
    .dist_owner = pm_pg_dist_owner,
    .dist_join = pm_pg_dist_join,
    .dist_lease = pm_pg_dist_lease,
    .dist_renew = pm_pg_dist_renew,
    .dist_done = pm_pg_dist_done,
    .dist_release = pm_pg_dist_release,
    .dist_finish = pm_pg_dist_finish,
    .hosts_each = pm_pg_hosts_each,
};

/* ---- opening ---------------------------------------------------------------- */

/* What is there: -2 no schema piimap, -1 a schema piimap that is not an
 * inventory (tables but no version), 0 an empty schema piimap (made by an
 * administrator for piimap's role), else the version recorded. */
static int probe(struct pm_pg *inv, int *version)
{
    PGresult *r = pm_pg_exec(
        inv, "read the schema",
        "SELECT (SELECT count(*) FROM pg_namespace WHERE nspname='piimap'),"
        " (SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid=c.relnamespace"
        "  WHERE n.nspname='piimap'),"
        " to_regclass('piimap.meta') IS NOT NULL",
        NULL);
    if (!r)
        return -1;
    int64_t has_schema = pm_pg_i64(r, 0, 0), nrel = pm_pg_i64(r, 0, 1), has_meta = pm_pg_i64(r, 0, 2);
    PQclear(r);
    if (!has_schema) {
        *version = -2;
        return 0;
    }
    if (!has_meta) {
        *version = nrel ? -1 : 0;
        return 0;
    }
    if (!(r = pm_pg_exec(inv, "read the schema",
                         "SELECT value FROM piimap.meta WHERE key='schema'", NULL)))
        return -1;
    *version = PQntuples(r) == 1 ? (int)pm_pg_i64(r, 0, 0) : -1;
    if (*version == 0)
        *version = -1; /* a meta table with no version is not piimap's */
    PQclear(r);
    return 0;
}

/* Creates the schema and its tables, or brings them to SCHEMA_VERSION,
 * in one transaction under an advisory lock (two scans starting at once
 * wait for each other). */
static int create_or_migrate(struct pm_pg *inv, int create, const char *shown, char *err,
                             size_t errsz)
{
    int v = 0, rc = -1;
    if (pm_pg_run(inv, "create the schema", "BEGIN", NULL) != 0 ||
        pm_pg_run(inv, "create the schema", "SELECT pg_advisory_xact_lock(" SCHEMA_LOCK ")",
                  NULL) != 0 ||
        probe(inv, &v) != 0)
        goto out;
    if (v == -1) {
        snprintf(inv->err, sizeof inv->err, "not a piimap inventory (the schema piimap holds "
                                            "other tables)");
        goto out;
    }
    if ((v == -2 || v == 0) && !create) {
        snprintf(inv->err, sizeof inv->err, "no inventory here (run piimap scan first)");
        goto out;
    }
    if (v > SCHEMA_VERSION) {
        snprintf(inv->err, sizeof inv->err, "inventory schema %d; this piimap reads schema %d",
                 v, SCHEMA_VERSION);
        goto out;
    }
    if (v == -2 && pm_pg_run(inv, "create the schema", "CREATE SCHEMA piimap", NULL) != 0)
        goto out;
    if (v == -2)
        v = 0;
    for (int i = v; i < SCHEMA_VERSION; i++)
        if (pm_pg_run(inv, "create the schema", migrations[i], NULL) != 0)
            goto out;
    char q[96];
    snprintf(q, sizeof q, "UPDATE piimap.meta SET value='%d' WHERE key='schema'", SCHEMA_VERSION);
    if (v < SCHEMA_VERSION && pm_pg_run(inv, "create the schema", q, NULL) != 0)
        goto out;
    rc = pm_pg_run(inv, "create the schema", "COMMIT", NULL);
out:
    if (rc != 0) {
        snprintf(err, errsz, "%s: %s", shown, inv->err);
        PQclear(PQexec(inv->conn, "ROLLBACK"));
    }
    return rc;
}

/* A reader never writes: the version must be there and current. */
static int check_reader(struct pm_pg *inv, const char *shown, char *err, size_t errsz)
{
    int v = 0;
    if (probe(inv, &v) != 0) {
        snprintf(err, errsz, "%s: %s", shown, inv->err);
        return -1;
    }
    if (v == SCHEMA_VERSION)
        return 0;
    if (v == -1)
        snprintf(err, errsz, "%s: not a piimap inventory (the schema piimap holds other tables)",
                 shown);
    else if (v <= 0)
        snprintf(err, errsz, "%s: no inventory here (run piimap scan first)", shown);
    else if (v > SCHEMA_VERSION)
        snprintf(err, errsz, "%s: inventory schema %d; this piimap reads schema %d", shown, v,
                 SCHEMA_VERSION);
    else
        snprintf(err, errsz, "%s: inventory schema %d is older than this piimap's (%d): run a "
                             "scan or prune to bring it up to date", shown, v, SCHEMA_VERSION);
    return -1;
}

/* A password must come from libpq's own means, not from --db: the command
 * line is visible to every user of the machine and lands in logs. */
static int refuse_password(const char *where, const char *shown, char *err, size_t errsz)
{
    char *perr = NULL;
    PQconninfoOption *opts = PQconninfoParse(where, &perr);
    if (!opts) {
        /* libpq's message can quote the string: it is not repeated. */
        PQfreemem(perr);
        snprintf(err, errsz, "%s: not a valid PostgreSQL connection URI or string", shown);
        return -1;
    }
    int bad = 0;
    for (PQconninfoOption *o = opts; o->keyword; o++)
        if ((strcmp(o->keyword, "password") == 0 || strcmp(o->keyword, "sslpassword") == 0) &&
            o->val && *o->val)
            bad = 1;
    PQconninfoFree(opts);
    if (bad)
        snprintf(err, errsz, "%s: a password in --db is refused (it would show in the process "
                             "list and in logs); put it in ~/.pgpass, in the file PGPASSFILE "
                             "names, or in PGPASSWORD", shown);
    return bad ? -1 : 0;
}

/* libpq knows "postgresql://" and "postgres://" in lower case only; the
 * scheme is case-insensitive (RFC 3986), so a copy with it lowered is
 * what libpq sees. */
static char *lower_scheme(const char *where)
{
    char *w = strdup(where);
    for (size_t i = 0, n = pm_inv_url_scheme(where); w && i < n; i++)
        w[i] = (char)tolower((unsigned char)w[i]);
    return w;
}

int pm_inv_postgresql_open(const char *where, int flags, struct pm_inv **out, char *err,
                           size_t errsz)
{
    char shown[512];
    *out = NULL;
    pm_inv_where_redact(where, shown, sizeof shown);
    char *conninfo = lower_scheme(where);
    struct pm_pg *inv = conninfo ? calloc(1, sizeof *inv) : NULL;
    if (!inv) {
        free(conninfo);
        snprintf(err, errsz, "%s: out of memory", shown);
        return -1;
    }
    if (refuse_password(conninfo, shown, err, errsz) != 0) {
        free(conninfo);
        free(inv);
        return -1;
    }
    inv->base.ops = &pg_ops;
    inv->reader = !(flags & PM_INV_WRITE);
    inv->conn = PQconnectdb(conninfo);
    free(conninfo);
    if (!inv->conn || PQstatus(inv->conn) != CONNECTION_OK) {
        char m[400];
        put_msg(m, sizeof m, "cannot connect", inv->conn ? PQerrorMessage(inv->conn) : "out of memory");
        snprintf(err, errsz, "%s: %s", shown, m);
        pg_close(&inv->base);
        return -1;
    }
    int rc = PQsetClientEncoding(inv->conn, "UTF8") == 0 &&
                     pm_pg_run(inv, "set up the session",
                               "SET search_path TO piimap; SET bytea_output TO hex;"
                               " SET client_min_messages TO warning; SET jit TO off",
                               NULL) == 0
                 ? 0
                 : -1;
    if (rc != 0)
        snprintf(err, errsz, "%s: %s", shown, inv->err);
    else if (inv->reader)
        rc = check_reader(inv, shown, err, errsz);
    else
        rc = create_or_migrate(inv, (flags & PM_INV_CREATE) != 0, shown, err, errsz);
    /* Belt and braces: a reader's session refuses every write. */
    if (rc == 0 && inv->reader &&
        pm_pg_run(inv, "set up the session", "SET default_transaction_read_only TO on", NULL) != 0) {
        snprintf(err, errsz, "%s: %s", shown, inv->err);
        rc = -1;
    }
    if (rc != 0) {
        pg_close(&inv->base);
        return -1;
    }
    *out = &inv->base;
    return 0;
}
