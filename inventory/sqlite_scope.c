/* sqlite_scope.c — the SQLite backend, a data map limited to a subtree
 * (report --under): the scope the readers of sqlite_read.c add to their
 * queries, and the recursive figures of one directory.
 *
 * A path P's subtree is P itself and every path in [P "/", P "0"): '0' is
 * the byte after '/', so that range is exactly the paths that begin with
 * P and a slash, and it is one range seek on the (scan_id, path) index.
 * Also the person links of a scan (pm_inv_links_each), which the people
 * estimate joins within that scope.
 * It only reads: no statement here may change the database.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "inventory/sqlite_int.h"

void pm_sqlite_scope_free(struct pm_sqlite *inv)
{
    free(inv->scope);
    free(inv->scope_lo);
    free(inv->scope_hi);
    inv->scope = inv->scope_lo = inv->scope_hi = NULL;
    for (size_t i = 0; i < inv->nsub; i++)
        free((char *)inv->sub[i].detector);
    free(inv->sub);
    inv->sub = NULL;
    inv->nsub = 0;
}

int pm_sqlite_scope(struct pm_inv *base, const char *under)
{
    struct pm_sqlite *inv = pm_sqlite_of(base);
    if (pm_inv_scope_set(&inv->scope, &inv->scope_lo, &inv->scope_hi, under) != 0) {
        snprintf(inv->err, sizeof inv->err, "scope: out of memory");
        return -1;
    }
    return 0;
}

const char *pm_sqlite_scoped(const struct pm_sqlite *inv, const char *alias, char *buf,
                             size_t bufsz)
{
    if (!inv->scope)
        return "";
    const char *dot = *alias ? "." : "";
    snprintf(buf, bufsz, " AND (%s%spath=?7 OR (%s%spath>=?8 AND %s%spath<?9))", alias, dot,
             alias, dot, alias, dot);
    return buf;
}

void pm_sqlite_scope_bind(const struct pm_sqlite *inv, sqlite3_stmt *st)
{
    if (!inv->scope)
        return;
    pm_sqlite_bind_text(st, 7, inv->scope);
    pm_sqlite_bind_text(st, 8, inv->scope_lo);
    pm_sqlite_bind_text(st, 9, inv->scope_hi);
}

static int oom(struct pm_sqlite *inv)
{
    snprintf(inv->err, sizeof inv->err, "subtree: out of memory");
    return -1;
}

/* sql prepared for the subtree of dir in scan_id: ?1 the scan, ?2 dir,
 * [?3, ?4) the paths under it, then the scope's own parameters; NULL after
 * pm_sqlite_fail. */
static sqlite3_stmt *subtree_stmt(struct pm_sqlite *inv, const char *sql, int64_t scan_id,
                                  const char *dir, const char *lo, const char *hi)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(inv->db, sql, -1, &st, NULL) != SQLITE_OK) {
        pm_sqlite_fail(inv, "subtree");
        return NULL;
    }
    sqlite3_bind_int64(st, 1, scan_id);
    pm_sqlite_bind_text(st, 2, dir);
    pm_sqlite_bind_text(st, 3, lo);
    pm_sqlite_bind_text(st, 4, hi);
    pm_sqlite_scope_bind(inv, st);
    return st;
}

/* Items read, and those with findings, at or under dir. */
static int subtree_counts(struct pm_sqlite *inv, int64_t scan_id, const char *dir,
                          const char *lo, const char *hi, struct pm_inv_dir *out)
{
    char sql[512], sc[128];
    snprintf(sql, sizeof sql,
             "SELECT COUNT(*), COALESCE(SUM(f.has_pii),0) FROM files f WHERE f.scan_id=?1"
             " AND f.status IN (0,1) AND (f.path=?2 OR (f.path>=?3 AND f.path<?4))%s",
             pm_sqlite_scoped(inv, "f", sc, sizeof sc));
    sqlite3_stmt *st = subtree_stmt(inv, sql, scan_id, dir, lo, hi);
    if (!st)
        return -1;
    int rc = sqlite3_step(st) == SQLITE_ROW ? 0 : pm_sqlite_fail(inv, "subtree");
    if (rc == 0) {
        out->files = (uint64_t)sqlite3_column_int64(st, 0);
        out->files_with_pii = (uint64_t)sqlite3_column_int64(st, 1);
    }
    sqlite3_finalize(st);
    return rc;
}

/* Per detector at or under dir: occurrences, items, and distinct values
 * over every hash of the subtree. */
static int subtree_findings(struct pm_sqlite *inv, int64_t scan_id, const char *dir,
                            const char *lo, const char *hi)
{
    char sql[1024], sf[128], sg[128];
    snprintf(sql, sizeof sql,
             "SELECT fd.detector, SUM(fd.occurrences), COUNT(*),"
             " (SELECT COUNT(DISTINCT h.hash) FROM hashes h JOIN files g ON g.id=h.file_id"
             "  WHERE g.scan_id=?1 AND (g.path=?2 OR (g.path>=?3 AND g.path<?4))%s"
             "  AND h.detector=fd.detector), SUM(%s)"
             " FROM findings fd JOIN files f ON f.id=fd.file_id WHERE f.scan_id=?1"
             " AND (f.path=?2 OR (f.path>=?3 AND f.path<?4))%s"
             " GROUP BY fd.detector ORDER BY fd.detector",
             pm_sqlite_scoped(inv, "g", sg, sizeof sg), PM_SQLITE_TEST_VALUE(inv),
             pm_sqlite_scoped(inv, "f", sf, sizeof sf));
    sqlite3_stmt *st = subtree_stmt(inv, sql, scan_id, dir, lo, hi);
    if (!st)
        return -1;
    int rc = 0, s;
    size_t cap = 0;
    while ((s = sqlite3_step(st)) == SQLITE_ROW) {
        if (inv->nsub == cap) {
            size_t nc = cap ? 2 * cap : 8;
            struct pm_inv_total *nt = realloc(inv->sub, nc * sizeof *nt);
            if (!nt) {
                rc = oom(inv);
                break;
            }
            inv->sub = nt;
            cap = nc;
        }
        struct pm_inv_total *t = &inv->sub[inv->nsub];
        memset(t, 0, sizeof *t);
        if (!(t->detector = pm_sqlite_dup_col(st, 0))) {
            rc = oom(inv);
            break;
        }
        t->occurrences = (uint64_t)sqlite3_column_int64(st, 1);
        t->files = (uint64_t)sqlite3_column_int64(st, 2);
        t->distinct = (uint64_t)sqlite3_column_int64(st, 3);
        t->test_value = (uint64_t)sqlite3_column_int64(st, 4);
        inv->nsub++;
    }
    if (rc == 0 && s != SQLITE_DONE)
        rc = pm_sqlite_fail(inv, "subtree");
    sqlite3_finalize(st);
    return rc;
}

int pm_sqlite_subtree_get(struct pm_inv *base, int64_t scan_id, const char *dir,
                          struct pm_inv_dir *out)
{
    struct pm_sqlite *inv = pm_sqlite_of(base);
    char *lo = NULL, *hi = NULL;
    for (size_t i = 0; i < inv->nsub; i++)
        free((char *)inv->sub[i].detector);
    inv->nsub = 0;
    memset(out, 0, sizeof *out);
    out->path = dir;
    if (pm_inv_below(dir, &lo, &hi) != 0)
        return oom(inv);
    int rc = subtree_counts(inv, scan_id, dir, lo, hi, out);
    if (rc == 0)
        rc = subtree_findings(inv, scan_id, dir, lo, hi);
    free(lo);
    free(hi);
    out->findings = inv->sub;
    out->nfindings = rc == 0 ? inv->nsub : 0;
    return rc;
}

/* ---- people ------------------------------------------------------------------ */

int pm_sqlite_links_each(struct pm_inv *base, int64_t scan_id, int *kept,
                         int (*fn)(void *, const struct pm_inv_link_row *), void *ctx)
{
    struct pm_sqlite *inv = pm_sqlite_of(base);
    sqlite3_stmt *st = NULL;
    int rc = 0, s;
    char sql[512], sf[128];
    *kept = 0;
    if (!inv->has_links)
        return 0; /* made before links were kept */
    if (sqlite3_prepare_v2(inv->db, "SELECT people FROM scans WHERE id=?", -1, &st, NULL) !=
        SQLITE_OK)
        return pm_sqlite_fail(inv, "links");
    sqlite3_bind_int64(st, 1, scan_id);
    if (sqlite3_step(st) == SQLITE_ROW)
        *kept = sqlite3_column_int(st, 0) == 1;
    sqlite3_finalize(st);
    st = NULL;
    snprintf(sql, sizeof sql,
             "SELECT f.dir, f.id, f.linked_records, l.pairs FROM files f"
             " JOIN links l ON l.file_id=f.id WHERE f.scan_id=?1%s ORDER BY f.dir, f.id",
             pm_sqlite_scoped(inv, "f", sf, sizeof sf));
    if (sqlite3_prepare_v2(inv->db, sql, -1, &st, NULL) != SQLITE_OK)
        return pm_sqlite_fail(inv, "links");
    sqlite3_bind_int64(st, 1, scan_id);
    pm_sqlite_scope_bind(inv, st);
    while (rc == 0 && (s = sqlite3_step(st)) == SQLITE_ROW) {
        const unsigned char *p = sqlite3_column_blob(st, 3);
        size_t n = (size_t)sqlite3_column_bytes(st, 3) / PM_INV_LINK_BYTES;
        struct pm_inv_link_row r = {(const char *)sqlite3_column_text(st, 0),
                                    sqlite3_column_int64(st, 1),
                                    (uint64_t)sqlite3_column_int64(st, 2), NULL, NULL};
        for (size_t k = 0; k < n && rc == 0; k++) {
            r.a = p + k * PM_INV_LINK_BYTES;
            r.b = r.a + PM_INV_HASH;
            rc = fn(ctx, &r);
        }
    }
    if (rc == 0 && s != SQLITE_DONE)
        rc = pm_sqlite_fail(inv, "links");
    sqlite3_finalize(st);
    return rc;
}
