/* postgres_scope.c — the PostgreSQL backend, a data map limited to a
 * subtree (report --under): the scope the readers of postgres_read.c add to
 * their queries, and the recursive figures of one directory.
 *
 * Paths are bytea, compared bytewise, so the subtree of P is P itself and
 * the range [P "/", P "0") as in sqlite_scope.c: one range scan of the
 * (scan_id, path) index. Also the person links of a scan within the scope
 * (pm_inv_links_each). It only reads: no statement here changes anything.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "inventory/pg_int.h"

static void clear_sub(struct pm_pg *inv)
{
    for (size_t i = 0; i < inv->nsub; i++)
        free((char *)inv->sub[i].detector);
    inv->nsub = 0;
}

void pm_pg_scope_free(struct pm_pg *inv)
{
    free(inv->scope);
    free(inv->scope_lo);
    free(inv->scope_hi);
    inv->scope = inv->scope_lo = inv->scope_hi = NULL;
    clear_sub(inv);
    free(inv->sub);
    inv->sub = NULL;
}

int pm_pg_scope(struct pm_inv *base, const char *under)
{
    struct pm_pg *inv = pm_pg_of(base);
    return pm_inv_scope_set(&inv->scope, &inv->scope_lo, &inv->scope_hi, under) == 0
               ? 0
               : pm_pg_oom(inv, "scope");
}

const char *pm_pg_scoped(const struct pm_pg *inv, const char *alias, int n, char *buf,
                         size_t bufsz)
{
    if (!inv->scope)
        return "";
    const char *dot = *alias ? "." : "";
    snprintf(buf, bufsz, " AND (%s%spath=$%d OR (%s%spath>=$%d AND %s%spath<$%d))", alias, dot,
             n, alias, dot, n + 1, alias, dot, n + 2);
    return buf;
}

void pm_pg_scope_params(const struct pm_pg *inv, struct pm_pg_params *p)
{
    if (!inv->scope)
        return;
    pm_pg_p_bytes(p, inv->scope, strlen(inv->scope));
    pm_pg_p_bytes(p, inv->scope_lo, strlen(inv->scope_lo));
    pm_pg_p_bytes(p, inv->scope_hi, strlen(inv->scope_hi));
}

/* Items read, and those with findings, at or under dir ($2..$4), within
 * the scope ($5..$7). */
static int subtree_counts(struct pm_pg *inv, const struct pm_pg_params *p,
                          struct pm_inv_dir *out)
{
    char sql[512], sc[160];
    snprintf(sql, sizeof sql,
             "SELECT COUNT(*), COALESCE(SUM(f.has_pii),0) FROM piimap.files f WHERE f.scan_id=$1"
             " AND f.status IN (0,1) AND (f.path=$2 OR (f.path>=$3 AND f.path<$4))%s",
             pm_pg_scoped(inv, "f", 5, sc, sizeof sc));
    PGresult *r = pm_pg_exec(inv, "subtree", sql, p);
    if (!r)
        return -1;
    out->files = (uint64_t)pm_pg_i64(r, 0, 0);
    out->files_with_pii = (uint64_t)pm_pg_i64(r, 0, 1);
    PQclear(r);
    return 0;
}

/* Per detector at or under dir: occurrences, items, and distinct values
 * over every hash of the subtree. */
static int subtree_findings(struct pm_pg *inv, const struct pm_pg_params *p)
{
    char sql[1024], sf[160], sg[160];
    snprintf(sql, sizeof sql,
             "SELECT fd.detector, SUM(fd.occurrences), COUNT(*),"
             " (SELECT COUNT(DISTINCT h.hash) FROM piimap.hashes h JOIN piimap.files g"
             "  ON g.id=h.file_id WHERE g.scan_id=$1 AND (g.path=$2 OR (g.path>=$3 AND"
             "  g.path<$4))%s AND h.detector=fd.detector), SUM(fd.test_value)"
             " FROM piimap.findings fd JOIN piimap.files f ON f.id=fd.file_id WHERE f.scan_id=$1"
             " AND (f.path=$2 OR (f.path>=$3 AND f.path<$4))%s"
             " GROUP BY fd.detector ORDER BY fd.detector",
             pm_pg_scoped(inv, "g", 5, sg, sizeof sg), pm_pg_scoped(inv, "f", 5, sf, sizeof sf));
    PGresult *r = pm_pg_exec(inv, "subtree", sql, p);
    if (!r)
        return -1;
    int n = PQntuples(r), rc = 0;
    struct pm_inv_total *nt = n ? realloc(inv->sub, (size_t)n * sizeof *nt) : inv->sub;
    if (n && !nt)
        rc = pm_pg_oom(inv, "subtree");
    else
        inv->sub = nt;
    for (int i = 0; rc == 0 && i < n; i++) {
        struct pm_inv_total *t = &inv->sub[inv->nsub];
        memset(t, 0, sizeof *t);
        if (!(t->detector = strdup(PQgetvalue(r, i, 0)))) {
            rc = pm_pg_oom(inv, "subtree");
            break;
        }
        t->occurrences = (uint64_t)pm_pg_i64(r, i, 1);
        t->files = (uint64_t)pm_pg_i64(r, i, 2);
        t->distinct = (uint64_t)pm_pg_i64(r, i, 3);
        t->test_value = (uint64_t)pm_pg_i64(r, i, 4);
        inv->nsub++;
    }
    PQclear(r);
    return rc;
}

int pm_pg_subtree_get(struct pm_inv *base, int64_t scan_id, const char *dir,
                      struct pm_inv_dir *out)
{
    struct pm_pg *inv = pm_pg_of(base);
    struct pm_pg_params p = {0};
    char *lo = NULL, *hi = NULL;
    clear_sub(inv);
    memset(out, 0, sizeof *out);
    out->path = dir;
    if (pm_inv_below(dir, &lo, &hi) != 0)
        return pm_pg_oom(inv, "subtree");
    pm_pg_p_i64(&p, scan_id);
    pm_pg_p_bytes(&p, dir, strlen(dir));
    pm_pg_p_bytes(&p, lo, strlen(lo));
    pm_pg_p_bytes(&p, hi, strlen(hi));
    pm_pg_scope_params(inv, &p);
    free(lo);
    free(hi);
    int rc = pm_pg_flush(inv);
    if (rc == 0)
        rc = subtree_counts(inv, &p, out);
    if (rc == 0)
        rc = subtree_findings(inv, &p);
    pm_pg_p_free(&p);
    out->findings = inv->sub;
    out->nfindings = rc == 0 ? inv->nsub : 0;
    return rc;
}

/* ---- people ------------------------------------------------------------------ */

struct link_arg {
    int (*fn)(void *, const struct pm_inv_link_row *);
    void *ctx;
};

static int link_row(struct pm_pg_cur *c, void *arg)
{
    struct link_arg *x = arg;
    unsigned char ab[PM_INV_LINK_BYTES];
    struct pm_inv_link_row r = {pm_pg_cur_bytes(c, 0, 0), pm_pg_cur_i64(c, 1),
                                (uint64_t)pm_pg_cur_i64(c, 2), ab, ab + PM_INV_HASH};
    if (!r.dir)
        return pm_pg_oom(c->inv, c->what);
    size_t n = pm_pg_cur_bytea_len(c, 3) / PM_INV_LINK_BYTES;
    int rc = 0;
    for (size_t k = 0; k < n && rc == 0; k++)
        if (pm_pg_cur_bytea_at(c, 3, k * PM_INV_LINK_BYTES, ab, sizeof ab) == 0)
            rc = x->fn(x->ctx, &r);
    return rc;
}

int pm_pg_links_each(struct pm_inv *base, int64_t scan_id, int *kept,
                     int (*fn)(void *, const struct pm_inv_link_row *), void *ctx)
{
    struct pm_pg *inv = pm_pg_of(base);
    struct pm_pg_params p = {0};
    struct link_arg x = {fn, ctx};
    char sql[512], sf[160];
    *kept = 0;
    pm_pg_p_i64(&p, scan_id);
    PGresult *r = pm_pg_exec(inv, "links", "SELECT people FROM piimap.scans WHERE id=$1", &p);
    pm_pg_p_free(&p);
    if (!r)
        return -1;
    *kept = PQntuples(r) == 1 && pm_pg_i64(r, 0, 0) == 1;
    PQclear(r);
    memset(&p, 0, sizeof p);
    pm_pg_p_i64(&p, scan_id);
    pm_pg_scope_params(inv, &p);
    /* As sqlite_scope.c; directories ordered bytewise (bytea). */
    snprintf(sql, sizeof sql,
             "SELECT f.dir, f.id, f.linked_records, l.pairs FROM piimap.files f"
             " JOIN piimap.links l ON l.file_id=f.id WHERE f.scan_id=$1%s ORDER BY f.dir, f.id",
             pm_pg_scoped(inv, "f", 2, sf, sizeof sf));
    return pm_pg_each(inv, "links", sql, &p, link_row, &x);
}
