/* postgres_dist.c — the PostgreSQL backend, distributed scans: the queue of
 * directories (piimap.work) that the hosts of one scan lease with
 * SELECT ... FOR UPDATE SKIP LOCKED, renew, mark done and give back, and the
 * end of the scan (inventory.h, "distributed scans"); the hosts of a scan
 * for its data map.
 *
 * A job's state: 0 pending, 1 leased (owner, lease_until), 2 done (with the
 * counts of the batch it was done in, on the batch's first job). Rows of the
 * files carry the host that read them and the lease owner, so the end of
 * the scan can drop what an owner that lost its job had written for it.
 * Nothing here sees a file's content, let alone a raw value.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "inventory/pg_int.h"

int pm_pg_dist_owner(struct pm_inv *base, const char *host, const char *owner)
{
    struct pm_pg *inv = pm_pg_of(base);
    free(inv->host);
    free(inv->owner);
    inv->host = host ? strdup(host) : NULL;
    inv->owner = owner ? strdup(owner) : NULL;
    if ((host && !inv->host) || (owner && !inv->owner))
        return pm_pg_oom(inv, "distributed scan");
    return 0;
}

/* A bytea[] literal of paths: {"\\x2f61",...}. NULL if out of memory. */
static char *bytea_array(const char *const *paths, size_t n)
{
    struct pm_pg_buf b = {0};
    static const char hexd[] = "0123456789abcdef";
    size_t need = 3;
    for (size_t i = 0; i < n; i++)
        need += 2 * strlen(paths[i]) + 8;
    if (!(b.p = malloc(need)))
        return NULL;
    b.p[b.len++] = '{';
    for (size_t i = 0; i < n; i++) {
        if (i)
            b.p[b.len++] = ',';
        memcpy(b.p + b.len, "\"\\\\x", 4); /* "\\x: an escaped backslash in the array */
        b.len += 4;
        for (const unsigned char *u = (const unsigned char *)paths[i]; *u; u++) {
            b.p[b.len++] = hexd[*u >> 4];
            b.p[b.len++] = hexd[*u & 15];
        }
        b.p[b.len++] = '"';
    }
    b.p[b.len++] = '}';
    b.p[b.len] = 0;
    return b.p;
}

int pm_pg_dist_join(struct pm_inv *base, const struct pm_inv_scan *s, const char *const *roots,
                    size_t nroots, int64_t *id, int *created)
{
    struct pm_pg *inv = pm_pg_of(base);
    struct pm_pg_params p = {0};
    PGresult *r = NULL;
    int rc = -1;
    *created = 0;
    /* One host at a time per set of roots decides whether to begin it. */
    pm_pg_p_text(&p, s->roots_json);
    if (pm_pg_flush(inv) != 0 || pm_pg_run(inv, "join scan", "BEGIN", NULL) != 0 ||
        pm_pg_run(inv, "join scan", "SELECT pg_advisory_xact_lock(hashtext($1))", &p) != 0 ||
        !(r = pm_pg_exec(inv, "join scan",
                         "SELECT id, key_id FROM piimap.scans WHERE distributed=1 AND status=0"
                         " AND roots=$1 ORDER BY id DESC LIMIT 1",
                         &p)))
        goto out;
    if (PQntuples(r) == 1) {
        *id = pm_pg_i64(r, 0, 0);
        const char *key = pm_pg_str(r, 0, 1);
        if (!key || !s->key_id || strcmp(key, s->key_id) != 0) {
            snprintf(inv->err, sizeof inv->err,
                     "scan %lld of these roots was begun with another HMAC key (id %s, this "
                     "host's is %s): every host of a distributed scan needs the same key file",
                     (long long)*id, key ? key : "none", s->key_id ? s->key_id : "none");
            goto out;
        }
        rc = pm_pg_run(inv, "join scan", "COMMIT", NULL);
        goto out;
    }
    PQclear(r);
    r = NULL;
    if (pm_pg_scan_begin(base, s, id) != 0)
        goto out;
    char *arr = bytea_array(roots, nroots);
    if (!arr) {
        pm_pg_oom(inv, "begin scan");
        goto out;
    }
    struct pm_pg_params q = {0};
    pm_pg_p_i64(&q, *id);
    pm_pg_p_text(&q, arr);
    rc = pm_pg_run(inv, "begin scan",
                   "WITH u AS (UPDATE piimap.scans SET distributed=1 WHERE id=$1)"
                   " INSERT INTO piimap.work(scan_id, path) SELECT $1, unnest($2::bytea[])"
                   " ON CONFLICT DO NOTHING",
                   &q);
    free(arr);
    if (rc == 0 && (rc = pm_pg_run(inv, "begin scan", "COMMIT", NULL)) == 0)
        *created = 1;
out:
    PQclear(r);
    if (rc != 0)
        PQclear(PQexec(inv->conn, "ROLLBACK"));
    return rc;
}

int pm_pg_dist_lease(struct pm_inv *base, int64_t scan_id, unsigned lease_s, unsigned max,
                     int (*fn)(void *, const char *), void *ctx)
{
    struct pm_pg *inv = pm_pg_of(base);
    struct pm_pg_params p = {0};
    pm_pg_p_i64(&p, scan_id);
    pm_pg_p_text(&p, inv->owner);
    pm_pg_p_i64(&p, lease_s);
    pm_pg_p_i64(&p, max);
    /* Oldest first, so the queue drains breadth-first and work spreads; a
     * job another host holds is skipped, not waited for. */
    PGresult *r = pm_pg_exec(
        inv, "lease",
        "UPDATE piimap.work w SET state=1, owner=$2, attempts=w.attempts+1,"
        " lease_until=now() + make_interval(secs => $3::int)"
        " FROM (SELECT scan_id, path FROM piimap.work WHERE scan_id=$1 AND"
        "  (state=0 OR (state=1 AND lease_until < now())) ORDER BY id LIMIT $4"
        "  FOR UPDATE SKIP LOCKED) x"
        " WHERE w.scan_id=x.scan_id AND w.path=x.path RETURNING w.path",
        &p);
    if (!r)
        return -1;
    int n = PQntuples(r), rc = 0;
    for (int i = 0; i < n && rc == 0; i++) {
        char *dir = pm_pg_bytes_dup(r, i, 0);
        rc = dir ? fn(ctx, dir) : pm_pg_oom(inv, "lease");
        free(dir);
    }
    PQclear(r);
    return rc ? -1 : n;
}

int pm_pg_dist_renew(struct pm_inv *base, int64_t scan_id, unsigned lease_s)
{
    struct pm_pg *inv = pm_pg_of(base);
    struct pm_pg_params p = {0};
    pm_pg_p_i64(&p, scan_id);
    pm_pg_p_text(&p, inv->owner);
    pm_pg_p_i64(&p, lease_s);
    PGresult *r = pm_pg_exec(inv, "renew leases",
                             "UPDATE piimap.work SET lease_until=now() + make_interval(secs =>"
                             " $3::int) WHERE scan_id=$1 AND owner=$2 AND state=1",
                             &p);
    if (!r)
        return -1;
    int n = (int)strtol(PQcmdTuples(r), NULL, 10);
    PQclear(r);
    return n;
}

int pm_pg_dist_done(struct pm_inv *base, int64_t scan_id, const char *const *dirs, size_t ndirs,
                    const char *const *subdirs, size_t nsub, const struct pm_inv_dist_counts *c)
{
    struct pm_pg *inv = pm_pg_of(base);
    char *jobs = bytea_array(dirs, ndirs), *subs = bytea_array(subdirs, nsub);
    int rc = -1;
    if (!jobs || !subs) {
        pm_pg_oom(inv, "finish jobs");
        goto out;
    }
    struct pm_pg_params p = {0};
    pm_pg_p_i64(&p, scan_id);
    pm_pg_p_text(&p, inv->owner);
    pm_pg_p_text(&p, jobs);
    PGresult *r = NULL;
    if (pm_pg_flush(inv) != 0 ||
        !(r = pm_pg_exec(inv, "finish jobs",
                         "UPDATE piimap.work SET state=2, lease_until=NULL WHERE scan_id=$1"
                         " AND owner=$2 AND state=1 AND path = ANY($3::bytea[])",
                         &p)))
        goto out;
    size_t marked = (size_t)strtoull(PQcmdTuples(r), NULL, 10);
    PQclear(r);
    if (marked != ndirs) {
        /* Another host has some of them now: this batch's rows are rolled
         * back, the ones still held go back to pending. */
        PQclear(PQexec(inv->conn, "ROLLBACK"));
        inv->in_tx = 0;
        pm_pg_buf_free(&inv->files); /* nothing pending after a rollback */
        pm_pg_buf_free(&inv->findings);
        pm_pg_buf_free(&inv->hashes);
        pm_pg_buf_free(&inv->links);
        pm_pg_buf_free(&inv->carry);
        rc = pm_pg_dist_release(base, scan_id) == 0 ? 1 : -1;
        goto out;
    }
    struct pm_pg_params q = {0};
    pm_pg_p_i64(&q, scan_id);
    pm_pg_p_text(&q, subs);
    pm_pg_p_bytes(&q, dirs[0], strlen(dirs[0]));
    pm_pg_p_i64(&q, (int64_t)c->files_seen);
    pm_pg_p_i64(&q, (int64_t)c->files_scanned);
    pm_pg_p_i64(&q, (int64_t)c->files_skipped);
    pm_pg_p_i64(&q, (int64_t)c->files_excluded);
    pm_pg_p_i64(&q, (int64_t)c->members_seen);
    pm_pg_p_i64(&q, (int64_t)c->files_unchanged);
    pm_pg_p_i64(&q, (int64_t)c->bytes_scanned);
    pm_pg_p_i64(&q, (int64_t)c->errors);
    pm_pg_p_i64(&q, (int64_t)c->roots_failed);
    rc = pm_pg_run(inv, "finish jobs",
                   "WITH c AS (UPDATE piimap.work SET files_seen=$4, files_scanned=$5,"
                   " files_skipped=$6, files_excluded=$7, members_seen=$8, files_unchanged=$9,"
                   " bytes_scanned=$10, errors=$11, roots_failed=$12 WHERE scan_id=$1 AND path=$3)"
                   " INSERT INTO piimap.work(scan_id, path) SELECT $1, unnest($2::bytea[])"
                   " ON CONFLICT DO NOTHING",
                   &q);
    pm_pg_p_free(&q);
out:
    free(jobs);
    free(subs);
    return rc;
}

int pm_pg_dist_release(struct pm_inv *base, int64_t scan_id)
{
    struct pm_pg *inv = pm_pg_of(base);
    struct pm_pg_params p = {0};
    pm_pg_p_i64(&p, scan_id);
    pm_pg_p_text(&p, inv->owner);
    return pm_pg_run(inv, "give leases back",
                     "UPDATE piimap.work SET state=0, lease_until=NULL WHERE scan_id=$1"
                     " AND owner=$2 AND state=1",
                     &p);
}

/* Rows of a job written by an owner that is not the one that finished it
 * (it died, or lost its lease, half-way). A row belongs to the job of its
 * own path (a directory's own error or skip) if there is one, else to the
 * job of its directory. Only jobs leased more than once can have any. */
static const char *const drop_abandoned =
    "DELETE FROM piimap.files f USING piimap.work w"
    " WHERE w.scan_id=$1 AND w.attempts>1 AND f.scan_id=$1"
    " AND (f.path=w.path OR (f.dir=w.path AND NOT EXISTS (SELECT 1 FROM piimap.work x"
    "  WHERE x.scan_id=$1 AND x.path=f.path)))"
    " AND f.lease_owner IS DISTINCT FROM w.owner";

int pm_pg_dist_finish(struct pm_inv *base, int64_t scan_id, int64_t incremental_from,
                      uint64_t *open, int *ended)
{
    struct pm_pg *inv = pm_pg_of(base);
    struct pm_pg_params p = {0};
    PGresult *r = NULL;
    int rc = -1;
    *ended = 0;
    pm_pg_p_i64(&p, scan_id);
    if (!(r = pm_pg_exec(inv, "end scan",
                         "SELECT count(*) FROM piimap.work WHERE scan_id=$1 AND state<>2", &p)))
        return -1;
    *open = (uint64_t)pm_pg_i64(r, 0, 0);
    PQclear(r);
    r = NULL;
    if (*open)
        return 0;
    /* The scan's row, locked: one host ends it, the others see it ended. */
    if (pm_pg_run(inv, "end scan", "BEGIN", NULL) != 0 ||
        !(r = pm_pg_exec(inv, "end scan",
                         "SELECT status FROM piimap.scans WHERE id=$1 FOR UPDATE", &p)))
        goto out;
    if (PQntuples(r) != 1 || pm_pg_i64(r, 0, 0) != PM_SCAN_RUNNING) {
        rc = pm_pg_run(inv, "end scan", "COMMIT", NULL);
        goto out;
    }
    struct pm_pg_params q = {0};
    pm_pg_p_i64(&q, scan_id);
    pm_pg_p_i64(&q, incremental_from);
    pm_pg_p_i64(&q, PM_SCAN_COMPLETE);
    pm_pg_p_i64(&q, PM_SCAN_INCOMPLETE);
    if (pm_pg_run(inv, "end scan", drop_abandoned, &p) != 0 ||
        pm_pg_run(inv, "end scan",
                  "UPDATE piimap.scans s SET status=CASE WHEN w.rf>0 THEN $4::int ELSE $3::int"
                  " END, finished_at=extract(epoch FROM now())::bigint, files_seen=w.fs,"
                  " files_scanned=w.fsc, files_skipped=w.fsk, files_excluded=w.fe,"
                  " members_seen=w.ms, files_unchanged=w.fu, bytes_scanned=w.bs, errors=w.er,"
                  " incremental_from=$2"
                  " FROM (SELECT sum(files_seen) fs, sum(files_scanned) fsc,"
                  "  sum(files_skipped) fsk, sum(files_excluded) fe, sum(members_seen) ms,"
                  "  sum(files_unchanged) fu, sum(bytes_scanned) bs, sum(errors) er,"
                  "  sum(roots_failed) rf FROM piimap.work WHERE scan_id=$1) w WHERE s.id=$1",
                  &q) != 0 ||
        pm_pg_run(inv, "end scan", "COMMIT", NULL) != 0)
        goto out;
    *ended = 1;
    rc = 0;
out:
    PQclear(r);
    if (rc != 0)
        PQclear(PQexec(inv->conn, "ROLLBACK"));
    return rc;
}

struct hosts_arg {
    int (*fn)(void *, const char *, uint64_t, uint64_t);
    void *ctx;
};

static int host_row(struct pm_pg_cur *c, void *arg)
{
    struct hosts_arg *x = arg;
    return x->fn(x->ctx, pm_pg_cur_str(c, 0), (uint64_t)pm_pg_cur_i64(c, 1),
                 (uint64_t)pm_pg_cur_i64(c, 2));
}

int pm_pg_hosts_each(struct pm_inv *base, int64_t scan_id,
                     int (*fn)(void *, const char *, uint64_t, uint64_t), void *ctx)
{
    struct pm_pg_params p = {0};
    struct hosts_arg x = {fn, ctx};
    pm_pg_p_i64(&p, scan_id);
    return pm_pg_each(pm_pg_of(base), "hosts",
                      "SELECT host, count(*), COALESCE(sum(bytes_scanned), 0) FROM piimap.files"
                      " WHERE scan_id=$1 AND host IS NOT NULL AND members='[]'"
                      " GROUP BY host ORDER BY host",
                      &p, host_row, &x);
}
