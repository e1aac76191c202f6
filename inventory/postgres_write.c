/* postgres_write.c — the PostgreSQL backend, writing: scans, files with
 * their findings and keyed hashes, incremental scans (signatures, carrying
 * unchanged files forward set-wise), resuming, and retention (prune).
 *
 * Rows are batched: add_file only appends them to COPY buffers (file ids
 * come from a block reserved from the sequence), and they go to the server
 * in three COPYs when the scanner's writer thread commits its transaction,
 * or before any other statement. It stores what the scanner hands it,
 * masked samples and keyed hashes, never a raw value.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "inventory/pg_int.h"

#define ID_BLOCK 1000
/* Rows go out early past this many bytes of COPY text, within the
 * transaction, so a huge batch never sits in memory. */
#define FLUSH_BYTES (8u << 20)

int pm_pg_flush(struct pm_pg *inv)
{
    if (inv->reader)
        return 0;
    if (pm_pg_copy(inv,
                   "piimap.files(id, scan_id, path, dir, members, mime, encoding, size, mtime,"
                   " ctime, mtime_ns, ctime_ns, dev, ino, uid, gid, mode, owner, grp, status,"
                   " reason, bytes_scanned, has_pii, host, lease_owner, acl, linked_records)",
                   &inv->files) != 0 ||
        pm_pg_copy(inv,
                   "piimap.findings(file_id, detector, occurrences, distinct_count, samples,"
                   " low, medium, high, test_value)",
                   &inv->findings) != 0 ||
        pm_pg_copy(inv, "piimap.hashes(scan_id, file_id, detector, hash, masked)",
                   &inv->hashes) != 0 ||
        pm_pg_copy(inv, "piimap.links(scan_id, file_id, pairs)", &inv->links) != 0 ||
        pm_pg_copy(inv, "pg_temp.carry", &inv->carry) != 0)
        return -1;
    return 0;
}

int pm_pg_scan_begin(struct pm_inv *base, const struct pm_inv_scan *s, int64_t *id)
{
    struct pm_pg *inv = pm_pg_of(base);
    struct pm_pg_params p = {0};
    pm_pg_p_i64(&p, PM_SCAN_RUNNING);
    pm_pg_p_i64(&p, s->started_at);
    pm_pg_p_text(&p, s->roots_json);
    pm_pg_p_text(&p, s->tool_version);
    pm_pg_p_text(&p, s->key_id);
    pm_pg_p_text(&p, s->options_json);
    PGresult *r = pm_pg_exec(inv, "begin scan",
                             "INSERT INTO piimap.scans(status, started_at, roots, tool_version,"
                             " key_id, options, people) VALUES($1,$2,$3,$4,$5,$6,1) RETURNING id",
                             &p);
    if (!r)
        return -1;
    *id = pm_pg_i64(r, 0, 0);
    PQclear(r);
    return 0;
}

int pm_pg_scan_update(struct pm_inv *base, const struct pm_inv_scan *s)
{
    struct pm_pg *inv = pm_pg_of(base);
    struct pm_pg_params p = {0};
    if (pm_pg_flush(inv) != 0)
        return -1;
    pm_pg_p_i64(&p, (int64_t)s->status);
    if (s->finished_at)
        pm_pg_p_i64(&p, s->finished_at);
    else
        pm_pg_p_text(&p, NULL);
    pm_pg_p_i64(&p, (int64_t)s->files_seen);
    pm_pg_p_i64(&p, (int64_t)s->files_scanned);
    pm_pg_p_i64(&p, (int64_t)s->files_skipped);
    pm_pg_p_i64(&p, (int64_t)s->files_excluded);
    pm_pg_p_i64(&p, (int64_t)s->bytes_scanned);
    pm_pg_p_i64(&p, (int64_t)s->errors);
    pm_pg_p_i64(&p, (int64_t)s->members_seen);
    pm_pg_p_i64(&p, (int64_t)s->files_unchanged);
    pm_pg_p_i64(&p, s->incremental_from);
    pm_pg_p_i64(&p, s->id);
    /* A scan that ends has just loaded many rows: fresh statistics keep the
     * reports' plans sane before autovacuum gets to the tables (only their
     * owner may; for anyone else the server skips it with a warning). */
    if (s->status != PM_SCAN_RUNNING && !inv->in_tx)
        PQclear(PQexec(inv->conn, "ANALYZE piimap.files, piimap.findings, piimap.hashes"));
    return pm_pg_run(inv, "update scan",
                     "UPDATE piimap.scans SET status=$1, finished_at=$2, files_seen=$3,"
                     " files_scanned=$4, files_skipped=$5, files_excluded=$6, bytes_scanned=$7,"
                     " errors=$8, members_seen=$9, files_unchanged=$10, incremental_from=$11"
                     " WHERE id=$12",
                     &p);
}

int pm_pg_tx_begin(struct pm_inv *base)
{
    struct pm_pg *inv = pm_pg_of(base);
    if (pm_pg_run(inv, "begin", "BEGIN", NULL) != 0)
        return -1;
    inv->in_tx = 1;
    return 0;
}

int pm_pg_tx_commit(struct pm_inv *base)
{
    struct pm_pg *inv = pm_pg_of(base);
    inv->in_tx = 0;
    if (pm_pg_flush(inv) != 0 || pm_pg_run(inv, "commit", "COMMIT", NULL) != 0) {
        /* Leave the session usable (the scan's status is still written). */
        PQclear(PQexec(inv->conn, "ROLLBACK"));
        return -1;
    }
    return 0;
}

/* A block of file ids from the sequence: one round trip per ID_BLOCK files. */
static int reserve_ids(struct pm_pg *inv)
{
    if (!inv->ids && !(inv->ids = malloc(ID_BLOCK * sizeof *inv->ids)))
        return pm_pg_oom(inv, "insert file");
    char q[128];
    snprintf(q, sizeof q,
             "SELECT nextval('piimap.files_id_seq') FROM generate_series(1, %d)", ID_BLOCK);
    PGresult *r = pm_pg_exec(inv, "insert file", q, NULL);
    if (!r)
        return -1;
    int n = PQntuples(r);
    for (int i = 0; i < n; i++)
        inv->ids[i] = pm_pg_i64(r, i, 0);
    PQclear(r);
    inv->ids_next = 0;
    inv->ids_left = (size_t)n;
    return n > 0 ? 0 : pm_pg_oom(inv, "insert file");
}

/* Length of the directory part of a path ("/a/b/c" -> "/a/b", "/c" -> "/"),
 * or 0 when it has none ("."). */
static size_t dir_len(const char *path)
{
    const char *slash = strrchr(path, '/');
    return !slash ? 0 : slash == path ? 1 : (size_t)(slash - path);
}

static void add_findings(struct pm_pg *inv, int64_t scan_id, int64_t file_id,
                         const struct pm_inv_file *f)
{
    for (size_t i = 0; i < f->nfindings; i++) {
        const struct pm_inv_finding *fd = &f->findings[i];
        char *samples = pm_inv_samples_json(fd);
        struct pm_pg_buf *b = &inv->findings;
        pm_pg_buf_i64(b, file_id);
        pm_pg_buf_field(b, fd->detector);
        pm_pg_buf_i64(b, (int64_t)fd->occurrences);
        pm_pg_buf_i64(b, (int64_t)fd->distinct);
        pm_pg_buf_field(b, samples ? samples : "[]");
        for (int c = 1; c <= 3; c++)
            pm_pg_buf_i64(b, (int64_t)fd->by_conf[c]);
        pm_pg_buf_i64(b, (int64_t)fd->test_value);
        pm_pg_buf_end_row(b);
        free(samples);
        const char *mask = fd->masks; /* one per hash, in order, or none */
        for (size_t k = 0; k < fd->nhashes; k++) {
            b = &inv->hashes;
            pm_pg_buf_i64(b, scan_id);
            pm_pg_buf_i64(b, file_id);
            pm_pg_buf_field(b, fd->detector);
            pm_pg_buf_bytea(b, fd->hashes[k], PM_INV_HASH);
            pm_pg_buf_field(b, mask);
            if (mask)
                mask += strlen(mask) + 1;
            pm_pg_buf_end_row(b);
        }
    }
}

int pm_pg_add_file(struct pm_inv *base, int64_t scan_id, const struct pm_inv_file *f)
{
    struct pm_pg *inv = pm_pg_of(base);
    if (inv->ids_left == 0 && reserve_ids(inv) != 0)
        return -1;
    int64_t id = inv->ids[inv->ids_next++];
    inv->ids_left--;
    size_t dn = dir_len(f->path);
    struct pm_pg_buf *b = &inv->files;
    pm_pg_buf_i64(b, id);
    pm_pg_buf_i64(b, scan_id);
    pm_pg_buf_bytea(b, f->path, strlen(f->path));
    pm_pg_buf_bytea(b, dn ? f->path : ".", dn ? dn : 1);
    pm_pg_buf_field(b, f->members_json ? f->members_json : "[]");
    pm_pg_buf_field(b, f->mime);
    pm_pg_buf_field(b, f->encoding);
    pm_pg_buf_i64(b, (int64_t)f->size);
    pm_pg_buf_i64(b, f->mtime);
    pm_pg_buf_i64(b, f->ctime);
    pm_pg_buf_i64(b, f->mtime_ns);
    pm_pg_buf_i64(b, f->ctime_ns);
    pm_pg_buf_i64(b, (int64_t)f->dev);
    pm_pg_buf_i64(b, (int64_t)f->ino);
    pm_pg_buf_i64(b, f->uid);
    pm_pg_buf_i64(b, f->gid);
    pm_pg_buf_i64(b, f->mode);
    pm_pg_buf_field(b, f->owner);
    pm_pg_buf_field(b, f->group);
    pm_pg_buf_i64(b, (int64_t)f->status);
    pm_pg_buf_field(b, f->reason);
    pm_pg_buf_i64(b, (int64_t)f->bytes_scanned);
    pm_pg_buf_i64(b, f->nfindings > 0);
    pm_pg_buf_field(b, inv->host);
    pm_pg_buf_field(b, inv->owner);
    pm_pg_buf_field(b, f->acl);
    pm_pg_buf_i64(b, (int64_t)f->linked_records);
    pm_pg_buf_end_row(b);
    add_findings(inv, scan_id, id, f);
    if (f->nlinks) { /* one row: the item's links, one after another */
        b = &inv->links;
        pm_pg_buf_i64(b, scan_id);
        pm_pg_buf_i64(b, id);
        pm_pg_buf_bytea(b, f->links, f->nlinks * PM_INV_LINK_BYTES);
        pm_pg_buf_end_row(b);
    }
    /* Outside a transaction a row is written at once, as SQLite would. */
    if (!inv->in_tx ||
        inv->files.len + inv->findings.len + inv->hashes.len + inv->links.len > FLUSH_BYTES)
        return pm_pg_flush(inv);
    return 0;
}

/* ---- incremental scans ------------------------------------------------------ */

int64_t pm_pg_prev_scan(struct pm_inv *base, const char *roots_json, const char *key_id,
                        int64_t before)
{
    struct pm_pg *inv = pm_pg_of(base);
    struct pm_pg_params p = {0};
    pm_pg_p_i64(&p, PM_SCAN_COMPLETE);
    pm_pg_p_text(&p, roots_json);
    pm_pg_p_text(&p, key_id);
    pm_pg_p_i64(&p, before);
    if (pm_pg_flush(inv) != 0)
        return -1;
    PGresult *r = pm_pg_exec(inv, "previous scan",
                             "SELECT id FROM piimap.scans WHERE status=$1::integer AND roots=$2"
                             " AND key_id IS NOT DISTINCT FROM $3::text"
                             " AND ($4::bigint=0 OR id<$4::bigint) AND people=1"
                             " ORDER BY id DESC LIMIT 1",
                             &p);
    if (!r)
        return -1;
    int64_t id = PQntuples(r) ? pm_pg_i64(r, 0, 0) : 0;
    PQclear(r);
    return id;
}

struct sigs_arg {
    int (*fn)(void *, const struct pm_inv_sig *);
    void *ctx;
};

static int sig_row(struct pm_pg_cur *c, void *arg)
{
    struct sigs_arg *x = arg;
    if (pm_pg_cur_i64(c, 11))
        return 0; /* a member had trouble: read the file again */
    struct pm_inv_sig g = {pm_pg_cur_bytes(c, 0, 0),   (uint64_t)pm_pg_cur_i64(c, 1),
                           (uint64_t)pm_pg_cur_i64(c, 2), (uint64_t)pm_pg_cur_i64(c, 3),
                           pm_pg_cur_i64(c, 4),          pm_pg_cur_i64(c, 5),
                           pm_pg_cur_i64(c, 6),          pm_pg_cur_i64(c, 7),
                           (uint64_t)pm_pg_cur_i64(c, 8), (int)pm_pg_cur_i64(c, 9),
                           (uint64_t)pm_pg_cur_i64(c, 10)};
    return g.path ? x->fn(x->ctx, &g) : pm_pg_oom(c->inv, c->what);
}

int pm_pg_sigs_each(struct pm_inv *base, int64_t scan_id,
                    int (*fn)(void *, const struct pm_inv_sig *), void *ctx)
{
    struct pm_pg_params p = {0};
    struct sigs_arg x = {fn, ctx};
    pm_pg_p_i64(&p, scan_id);
    /* Top-level rows with status scanned whose members (same path) were all
     * read without error or limit. */
    return pm_pg_each(
        pm_pg_of(base), "signatures",
        "SELECT f.path, f.size, f.dev, f.ino, f.mtime, f.mtime_ns, f.ctime, f.ctime_ns,"
        " f.bytes_scanned, MAX(g.has_pii), COUNT(g.id) - 1,"
        " MAX(CASE WHEN g.status IN (1,3) THEN 1 ELSE 0 END)"
        " FROM piimap.files f JOIN piimap.files g ON g.scan_id=f.scan_id AND g.path=f.path"
        " WHERE f.scan_id=$1 AND f.members='[]' AND f.status=0 GROUP BY f.id",
        &p, sig_row, &x);
}

int pm_pg_carry_mark(struct pm_inv *base, const char *path)
{
    struct pm_pg *inv = pm_pg_of(base);
    if (!inv->carry_ready) {
        if (pm_pg_run(inv, "carry", "CREATE TEMP TABLE IF NOT EXISTS carry(path bytea)", NULL) !=
            0)
            return -1;
        inv->carry_ready = 1;
    }
    pm_pg_buf_bytea(&inv->carry, path, strlen(path));
    pm_pg_buf_end_row(&inv->carry);
    return 0;
}

int pm_pg_carry_finish(struct pm_inv *base, int64_t to, int64_t from, uint64_t *rows,
                       uint64_t *with_pii)
{
    struct pm_pg *inv = pm_pg_of(base);
    struct pm_pg_params p = {0};
    *rows = *with_pii = 0;
    if (pm_pg_flush(inv) != 0)
        return -1;
    if (!inv->carry_ready)
        return 0;
    pm_pg_p_i64(&p, to);
    pm_pg_p_i64(&p, from);
    pm_pg_p_text(&p, inv->host);
    pm_pg_p_text(&p, inv->owner);
    /* One statement: the copied rows (RETURNING) give their findings and
     * hashes the new ids. */
    PGresult *r = pm_pg_exec(
        inv, "carry",
        "WITH n AS (INSERT INTO piimap.files(scan_id, path, dir, members, mime, encoding, size,"
        " mtime, ctime, mtime_ns, ctime_ns, dev, ino, uid, gid, mode, owner, grp, status, reason,"
        " bytes_scanned, has_pii, carried_from, host, lease_owner, acl, linked_records)"
        " SELECT $1, f.path, f.dir, f.members, f.mime, f.encoding, f.size, f.mtime, f.ctime,"
        " f.mtime_ns, f.ctime_ns, f.dev, f.ino, f.uid, f.gid, f.mode, f.owner, f.grp, f.status,"
        " f.reason, f.bytes_scanned, f.has_pii, f.id, $3, $4, f.acl, f.linked_records"
        " FROM piimap.files f"
        " WHERE f.scan_id=$2 AND f.path IN (SELECT path FROM pg_temp.carry) ORDER BY f.id"
        " RETURNING id, carried_from, has_pii),"
        " a AS (INSERT INTO piimap.findings(file_id, detector, occurrences, distinct_count,"
        " samples, low, medium, high, test_value) SELECT n.id, fd.detector, fd.occurrences,"
        " fd.distinct_count, fd.samples, fd.low, fd.medium, fd.high, fd.test_value"
        " FROM n JOIN piimap.findings fd ON fd.file_id=n.carried_from),"
        " b AS (INSERT INTO piimap.hashes(scan_id, file_id, detector, hash, masked)"
        " SELECT $1, n.id, h.detector, h.hash, h.masked"
        " FROM n JOIN piimap.hashes h ON h.file_id=n.carried_from),"
        " l AS (INSERT INTO piimap.links(scan_id, file_id, pairs) SELECT $1, n.id, l.pairs"
        " FROM n JOIN piimap.links l ON l.file_id=n.carried_from)"
        " SELECT count(*), COALESCE(sum(has_pii), 0) FROM n",
        &p);
    if (!r)
        return -1;
    *rows = (uint64_t)pm_pg_i64(r, 0, 0);
    *with_pii = (uint64_t)pm_pg_i64(r, 0, 1);
    PQclear(r);
    return pm_pg_run(inv, "carry", "TRUNCATE pg_temp.carry", NULL);
}

/* ---- resuming ------------------------------------------------------------------ */

int pm_pg_scan_reopen(struct pm_inv *base, int64_t id, const char *options_json)
{
    struct pm_pg *inv = pm_pg_of(base);
    struct pm_pg_params p = {0};
    pm_pg_p_i64(&p, PM_SCAN_RUNNING);
    pm_pg_p_text(&p, options_json);
    pm_pg_p_i64(&p, id);
    return pm_pg_run(inv, "reopen scan",
                     "UPDATE piimap.scans SET status=$1, finished_at=NULL, options=$2 WHERE id=$3",
                     &p);
}

int pm_pg_resume_prepare(struct pm_inv *base, int64_t id)
{
    struct pm_pg *inv = pm_pg_of(base);
    struct pm_pg_params p = {0};
    pm_pg_p_i64(&p, id);
    /* Findings and hashes go with their rows (ON DELETE CASCADE). */
    if (pm_pg_flush(inv) != 0 ||
        pm_pg_run(inv, "prepare resume",
                  "DELETE FROM piimap.files WHERE scan_id=$1 AND path IN (SELECT path FROM"
                  " piimap.files WHERE scan_id=$1 AND reason LIKE 'interrupted%')",
                  &p) != 0)
        return -1;
    return pm_pg_run(inv, "prepare resume",
                     "DELETE FROM piimap.files WHERE scan_id=$1 AND members<>'[]' AND path NOT IN"
                     " (SELECT path FROM piimap.files WHERE scan_id=$1 AND members='[]')",
                     &p);
}

struct done_arg {
    int (*fn)(void *, const struct pm_inv_done *);
    void *ctx;
};

static int done_row(struct pm_pg_cur *c, void *arg)
{
    struct done_arg *x = arg;
    struct pm_inv_done d = {.path = pm_pg_cur_bytes(c, 0, 0),
                            .status = (enum pm_file_status)pm_pg_cur_i64(c, 1),
                            .bytes_scanned = (uint64_t)pm_pg_cur_i64(c, 2),
                            .members = (uint64_t)pm_pg_cur_i64(c, 3),
                            .error_rows = (uint64_t)pm_pg_cur_i64(c, 4),
                            .pii_rows = (uint64_t)pm_pg_cur_i64(c, 5),
                            .carried = (int)pm_pg_cur_i64(c, 6)};
    return d.path ? x->fn(x->ctx, &d) : pm_pg_oom(c->inv, c->what);
}

int pm_pg_done_each(struct pm_inv *base, int64_t id,
                    int (*fn)(void *, const struct pm_inv_done *), void *ctx)
{
    struct pm_pg_params p = {0};
    struct done_arg x = {fn, ctx};
    pm_pg_p_i64(&p, id);
    return pm_pg_each(
        pm_pg_of(base), "finished files",
        "SELECT f.path, f.status, f.bytes_scanned, COUNT(g.id) - 1,"
        " SUM(CASE WHEN g.status IN (1,3) THEN 1 ELSE 0 END), SUM(g.has_pii),"
        " f.carried_from IS NOT NULL"
        " FROM piimap.files f JOIN piimap.files g ON g.scan_id=f.scan_id AND g.path=f.path"
        " WHERE f.scan_id=$1 AND f.members='[]' GROUP BY f.id",
        &p, done_row, &x);
}

/* ---- retention -------------------------------------------------------------- */

int64_t pm_pg_prune(struct pm_inv *base, unsigned keep)
{
    struct pm_pg *inv = pm_pg_of(base);
    struct pm_pg_params p = {0};
    pm_pg_p_i64(&p, keep);
    if (pm_pg_flush(inv) != 0)
        return -1;
    /* Cascades remove files, findings and hashes; autovacuum gives the space
     * back to the tables. */
    PGresult *r = pm_pg_exec(inv, "prune",
                             "DELETE FROM piimap.scans WHERE id NOT IN"
                             " (SELECT id FROM piimap.scans ORDER BY id DESC LIMIT $1)",
                             &p);
    if (!r)
        return -1;
    int64_t n = strtoll(PQcmdTuples(r), NULL, 10);
    PQclear(r);
    return n;
}
