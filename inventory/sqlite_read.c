/* sqlite_read.c — the SQLite backend, reading: scans, totals, directories,
 * files with findings, coverage, skipped and failed items for the data maps
 * (each limited to the scope of sqlite_scope.c when one is set),
 * the items that hold one keyed hash (locate), and the differences between
 * two scans.
 *
 * It only reads: no statement here may change the database.
 */
#define _GNU_SOURCE
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "inventory/sqlite_int.h"

#define SCAN_COLS                                                                          \
    "id, status, started_at, COALESCE(finished_at,0), roots, tool_version, key_id,"        \
    " files_seen, files_scanned, files_skipped, files_excluded, bytes_scanned, errors,"     \
    " members_seen, files_unchanged, incremental_from"
/* The options column, or NULL in an inventory made before it existed. */
#define SCAN_COLS_OPT(inv) ((inv)->has_options ? SCAN_COLS ", options" : SCAN_COLS ", NULL")

static void read_scan(struct pm_sqlite *inv, sqlite3_stmt *st, struct pm_inv_scan *s)
{
    free(inv->scan_roots);
    free(inv->scan_version);
    free(inv->scan_key);
    free(inv->scan_options);
    inv->scan_options = pm_sqlite_dup_col(st, 16);
    inv->scan_roots = pm_sqlite_dup_col(st, 4);
    inv->scan_version = pm_sqlite_dup_col(st, 5);
    inv->scan_key = pm_sqlite_dup_col(st, 6);
    s->id = sqlite3_column_int64(st, 0);
    s->status = (enum pm_scan_status)sqlite3_column_int(st, 1);
    s->started_at = sqlite3_column_int64(st, 2);
    s->finished_at = sqlite3_column_int64(st, 3);
    s->roots_json = inv->scan_roots ? inv->scan_roots : "[]";
    s->tool_version = inv->scan_version;
    s->key_id = inv->scan_key;
    s->files_seen = (uint64_t)sqlite3_column_int64(st, 7);
    s->files_scanned = (uint64_t)sqlite3_column_int64(st, 8);
    s->files_skipped = (uint64_t)sqlite3_column_int64(st, 9);
    s->files_excluded = (uint64_t)sqlite3_column_int64(st, 10);
    s->bytes_scanned = (uint64_t)sqlite3_column_int64(st, 11);
    s->errors = (uint64_t)sqlite3_column_int64(st, 12);
    s->members_seen = (uint64_t)sqlite3_column_int64(st, 13);
    s->files_unchanged = (uint64_t)sqlite3_column_int64(st, 14);
    s->incremental_from = sqlite3_column_int64(st, 15);
    s->options_json = inv->scan_options;
}

int pm_sqlite_scan_get(struct pm_inv *base, int64_t id, struct pm_inv_scan *out)
{
    struct pm_sqlite *inv = pm_sqlite_of(base);
    sqlite3_stmt *st = NULL;
    int rc = -1;
    char sql[512];
    snprintf(sql, sizeof sql, "SELECT %s FROM scans %s", SCAN_COLS_OPT(inv),
             id ? "WHERE id=?" : "ORDER BY id DESC LIMIT 1");
    if (sqlite3_prepare_v2(inv->db, sql, -1, &st, NULL) != SQLITE_OK)
        return pm_sqlite_fail(inv, "read scan");
    if (id)
        sqlite3_bind_int64(st, 1, id);
    int s = sqlite3_step(st);
    if (s == SQLITE_ROW) {
        read_scan(inv, st, out);
        rc = 0;
    } else if (s == SQLITE_DONE) {
        rc = 1;
    } else {
        pm_sqlite_fail(inv, "read scan");
    }
    sqlite3_finalize(st);
    return rc;
}

int pm_sqlite_scans_each(struct pm_inv *base, int (*fn)(void *, const struct pm_inv_scan *),
                         void *ctx)
{
    struct pm_sqlite *inv = pm_sqlite_of(base);
    sqlite3_stmt *st = NULL;
    char sql[512];
    snprintf(sql, sizeof sql, "SELECT %s FROM scans ORDER BY id", SCAN_COLS_OPT(inv));
    if (sqlite3_prepare_v2(inv->db, sql, -1, &st, NULL) != SQLITE_OK)
        return pm_sqlite_fail(inv, "list scans");
    int rc = 0, s;
    while ((s = sqlite3_step(st)) == SQLITE_ROW) {
        struct pm_inv_scan sc;
        read_scan(inv, st, &sc);
        if ((rc = fn(ctx, &sc)) != 0)
            break;
    }
    if (s != SQLITE_ROW && s != SQLITE_DONE)
        rc = pm_sqlite_fail(inv, "list scans");
    sqlite3_finalize(st);
    return rc;
}

int pm_sqlite_totals_each(struct pm_inv *base, int64_t scan_id,
                          int (*fn)(void *, const struct pm_inv_total *), void *ctx)
{
    struct pm_sqlite *inv = pm_sqlite_of(base);
    sqlite3_stmt *st = NULL;
    char sql[1024], sf[128], sg[128];
    /* Within a scope, distinct values are counted over its items' hashes. */
    snprintf(sql, sizeof sql,
             "SELECT fd.detector, SUM(fd.occurrences), COUNT(*),"
             " (SELECT COUNT(DISTINCT h.hash) FROM hashes h%s WHERE h.scan_id=?1 AND"
             " h.detector=fd.detector%s),"
             " SUM(fd.low), SUM(fd.medium), SUM(fd.high), SUM(%s)"
             " FROM findings fd JOIN files f ON f.id=fd.file_id WHERE f.scan_id=?1%s"
             " GROUP BY fd.detector ORDER BY fd.detector",
             inv->scope ? " JOIN files g ON g.id=h.file_id" : "",
             pm_sqlite_scoped(inv, "g", sg, sizeof sg), PM_SQLITE_TEST_VALUE(inv),
             pm_sqlite_scoped(inv, "f", sf, sizeof sf));
    if (sqlite3_prepare_v2(inv->db, sql, -1, &st, NULL) != SQLITE_OK)
        return pm_sqlite_fail(inv, "totals");
    sqlite3_bind_int64(st, 1, scan_id);
    pm_sqlite_scope_bind(inv, st);
    int rc = 0, s;
    while ((s = sqlite3_step(st)) == SQLITE_ROW) {
        struct pm_inv_total t = {(const char *)sqlite3_column_text(st, 0),
                                 (uint64_t)sqlite3_column_int64(st, 1),
                                 (uint64_t)sqlite3_column_int64(st, 3),
                                 (uint64_t)sqlite3_column_int64(st, 2),
                                 {0, (uint64_t)sqlite3_column_int64(st, 4),
                                  (uint64_t)sqlite3_column_int64(st, 5),
                                  (uint64_t)sqlite3_column_int64(st, 6)},
                                 (uint64_t)sqlite3_column_int64(st, 7)};
        if ((rc = fn(ctx, &t)) != 0)
            break;
    }
    if (s != SQLITE_ROW && s != SQLITE_DONE)
        rc = pm_sqlite_fail(inv, "totals");
    sqlite3_finalize(st);
    return rc;
}

int pm_sqlite_dirs_each(struct pm_inv *base, int64_t scan_id,
                        int (*fn)(void *, const struct pm_inv_dir *), void *ctx)
{
    struct pm_sqlite *inv = pm_sqlite_of(base);
    /* Directories come in path order; their detector rows follow in the same
     * order from a second cursor, merged here. */
    sqlite3_stmt *ds = NULL, *fs = NULL;
    int rc = -1, s, fstep;
    struct pm_inv_total *tot = NULL;
    size_t ntot = 0, cap = 0;
    char dsql[512], fsql[1024], s0[128], sf[128], sg[128];
    snprintf(dsql, sizeof dsql,
             "SELECT dir, COUNT(*), SUM(has_pii) FROM files WHERE scan_id=?1"
             " AND status IN (0,1)%s GROUP BY dir ORDER BY dir",
             pm_sqlite_scoped(inv, "", s0, sizeof s0));
    snprintf(fsql, sizeof fsql,
             "SELECT f.dir, fd.detector, SUM(fd.occurrences),"
             " (SELECT COUNT(DISTINCT h.hash) FROM hashes h JOIN files g ON g.id=h.file_id"
             "  WHERE g.scan_id=?1 AND g.dir=f.dir AND h.detector=fd.detector%s), SUM(%s)"
             " FROM findings fd JOIN files f ON f.id=fd.file_id WHERE f.scan_id=?1%s"
             " GROUP BY f.dir, fd.detector ORDER BY f.dir, fd.detector",
             pm_sqlite_scoped(inv, "g", sg, sizeof sg), PM_SQLITE_TEST_VALUE(inv),
             pm_sqlite_scoped(inv, "f", sf, sizeof sf));
    if (sqlite3_prepare_v2(inv->db, dsql, -1, &ds, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(inv->db, fsql, -1, &fs, NULL) != SQLITE_OK) {
        pm_sqlite_fail(inv, "directories");
        goto done;
    }
    sqlite3_bind_int64(ds, 1, scan_id);
    sqlite3_bind_int64(fs, 1, scan_id);
    pm_sqlite_scope_bind(inv, ds);
    pm_sqlite_scope_bind(inv, fs);
    fstep = sqlite3_step(fs);
    rc = 0;
    while ((s = sqlite3_step(ds)) == SQLITE_ROW) {
        const char *dir = (const char *)sqlite3_column_text(ds, 0);
        for (size_t i = 0; i < ntot; i++)
            free((char *)tot[i].detector);
        ntot = 0;
        while (fstep == SQLITE_ROW &&
               strcmp((const char *)sqlite3_column_text(fs, 0), dir) <= 0) {
            if (strcmp((const char *)sqlite3_column_text(fs, 0), dir) == 0) {
                if (ntot == cap) {
                    size_t nc = cap ? cap * 2 : 8;
                    struct pm_inv_total *nt = realloc(tot, nc * sizeof *nt);
                    if (!nt) {
                        rc = -1;
                        goto done;
                    }
                    tot = nt;
                    cap = nc;
                }
                tot[ntot].detector = pm_sqlite_dup_col(fs, 1);
                tot[ntot].occurrences = (uint64_t)sqlite3_column_int64(fs, 2);
                tot[ntot].distinct = (uint64_t)sqlite3_column_int64(fs, 3);
                tot[ntot].test_value = (uint64_t)sqlite3_column_int64(fs, 4);
                tot[ntot].files = 0;
                ntot++;
            }
            fstep = sqlite3_step(fs);
        }
        struct pm_inv_dir d = {dir, (uint64_t)sqlite3_column_int64(ds, 1),
                               (uint64_t)sqlite3_column_int64(ds, 2), tot, ntot};
        if ((rc = fn(ctx, &d)) != 0)
            break;
    }
    if (rc == 0 && s != SQLITE_DONE)
        rc = pm_sqlite_fail(inv, "directories");
done:
    for (size_t i = 0; i < ntot; i++)
        free((char *)tot[i].detector);
    free(tot);
    sqlite3_finalize(ds);
    sqlite3_finalize(fs);
    return rc;
}

#define FILE_COLS                                                                         \
    "f.id, f.path, f.members, f.mime, f.encoding, f.size, f.mtime, f.ctime, f.dev, f.ino," \
    " f.uid, f.gid, f.mode, f.owner, f.grp, f.status, f.reason, f.bytes_scanned"
/* and the ACL grants, NULL in inventories made before them */
#define FILE_ACL(inv) ((inv)->has_acl ? ", f.acl" : ", NULL")

static void read_file_row(sqlite3_stmt *st, struct pm_inv_file *f)
{
    memset(f, 0, sizeof *f);
    f->path = (const char *)sqlite3_column_text(st, 1);
    f->members_json = (const char *)sqlite3_column_text(st, 2);
    f->mime = (const char *)sqlite3_column_text(st, 3);
    f->encoding = (const char *)sqlite3_column_text(st, 4);
    f->size = (uint64_t)sqlite3_column_int64(st, 5);
    f->mtime = sqlite3_column_int64(st, 6);
    f->ctime = sqlite3_column_int64(st, 7);
    f->dev = (uint64_t)sqlite3_column_int64(st, 8);
    f->ino = (uint64_t)sqlite3_column_int64(st, 9);
    f->uid = (uint32_t)sqlite3_column_int64(st, 10);
    f->gid = (uint32_t)sqlite3_column_int64(st, 11);
    f->mode = (uint32_t)sqlite3_column_int64(st, 12);
    f->owner = (const char *)sqlite3_column_text(st, 13);
    f->group = (const char *)sqlite3_column_text(st, 14);
    f->status = (enum pm_file_status)sqlite3_column_int(st, 15);
    f->reason = (const char *)sqlite3_column_text(st, 16);
    f->bytes_scanned = (uint64_t)sqlite3_column_int64(st, 17);
    f->acl = (const char *)sqlite3_column_text(st, 18);
}

/* Findings read per item: one per detector of the scan, and a scan runs at
 * most 96 (PM_MAX_DETECTORS, detect/detector.h). */
#define FILE_FINDINGS_MAX 128

int pm_sqlite_files_each(struct pm_inv *base, int64_t scan_id,
                         int (*fn)(void *, const struct pm_inv_file *), void *ctx)
{
    struct pm_sqlite *inv = pm_sqlite_of(base);
    sqlite3_stmt *st = NULL, *fq = NULL;
    int rc = 0, s;
    char sql[1024], sf[128], fqsql[256];
    snprintf(sql, sizeof sql,
             "SELECT " FILE_COLS "%s FROM files f WHERE f.scan_id=?1 AND f.has_pii=1%s"
             " ORDER BY f.path, f.members, f.id",
             FILE_ACL(inv), pm_sqlite_scoped(inv, "f", sf, sizeof sf));
    snprintf(fqsql, sizeof fqsql,
             "SELECT detector, occurrences, distinct_count, samples, low, medium, high, %s"
             " FROM findings fd WHERE file_id=? ORDER BY detector",
             PM_SQLITE_TEST_VALUE(inv));
    if (sqlite3_prepare_v2(inv->db, sql, -1, &st, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(inv->db, fqsql, -1, &fq, NULL) != SQLITE_OK) {
        rc = pm_sqlite_fail(inv, "files");
        goto done;
    }
    sqlite3_bind_int64(st, 1, scan_id);
    pm_sqlite_scope_bind(inv, st);
    struct pm_inv_finding fds[FILE_FINDINGS_MAX];
    json_t *samples[FILE_FINDINGS_MAX];
    while ((s = sqlite3_step(st)) == SQLITE_ROW) {
        struct pm_inv_file f;
        read_file_row(st, &f);
        sqlite3_reset(fq);
        sqlite3_bind_int64(fq, 1, sqlite3_column_int64(st, 0));
        size_t n = 0;
        while (n < FILE_FINDINGS_MAX && sqlite3_step(fq) == SQLITE_ROW) {
            struct pm_inv_finding *fd = &fds[n];
            memset(fd, 0, sizeof *fd);
            fd->detector = pm_sqlite_dup_col(fq, 0); /* the row is gone after the next step */
            fd->occurrences = (uint64_t)sqlite3_column_int64(fq, 1);
            fd->distinct = (uint64_t)sqlite3_column_int64(fq, 2);
            for (int c = 1; c <= 3; c++)
                fd->by_conf[c] = (uint64_t)sqlite3_column_int64(fq, 3 + c);
            fd->test_value = (uint64_t)sqlite3_column_int64(fq, 7);
            samples[n] = json_loads((const char *)sqlite3_column_text(fq, 3), 0, NULL);
            for (size_t k = 0; k < json_array_size(samples[n]) && k < PM_INV_SAMPLES; k++)
                fd->samples[fd->nsamples++] = json_string_value(json_array_get(samples[n], k));
            n++;
        }
        f.findings = fds;
        f.nfindings = n;
        rc = fn(ctx, &f);
        for (size_t i = 0; i < n; i++) {
            json_decref(samples[i]);
            free((char *)fds[i].detector);
        }
        if (rc != 0)
            break;
    }
    if (rc == 0 && s != SQLITE_DONE)
        rc = pm_sqlite_fail(inv, "files");
done:
    sqlite3_finalize(st);
    sqlite3_finalize(fq);
    return rc;
}

int pm_sqlite_coverage_each(struct pm_inv *base, int64_t scan_id,
                            int (*fn)(void *, enum pm_file_status, const char *, uint64_t),
                            void *ctx)
{
    struct pm_sqlite *inv = pm_sqlite_of(base);
    sqlite3_stmt *st = NULL;
    int rc = 0, s;
    char sql[512], sc[128];
    /* Skip reasons are grouped as they are; error and partial reasons carry
     * details (byte counts), so those are grouped by status only. */
    snprintf(sql, sizeof sql,
             "SELECT status, CASE WHEN status=2 THEN COALESCE(reason,'') ELSE '' END"
             " AS r, COUNT(*) AS n FROM files WHERE scan_id=?1%s GROUP BY status, r"
             " ORDER BY n DESC",
             pm_sqlite_scoped(inv, "", sc, sizeof sc));
    if (sqlite3_prepare_v2(inv->db, sql, -1, &st, NULL) != SQLITE_OK)
        return pm_sqlite_fail(inv, "coverage");
    sqlite3_bind_int64(st, 1, scan_id);
    pm_sqlite_scope_bind(inv, st);
    while ((s = sqlite3_step(st)) == SQLITE_ROW) {
        if ((rc = fn(ctx, (enum pm_file_status)sqlite3_column_int(st, 0),
                     (const char *)sqlite3_column_text(st, 1),
                     (uint64_t)sqlite3_column_int64(st, 2))) != 0)
            break;
    }
    if (rc == 0 && s != SQLITE_DONE)
        rc = pm_sqlite_fail(inv, "coverage");
    sqlite3_finalize(st);
    return rc;
}

/* Calls fn for each file row of scan_id that `where` selects (an SQL
 * condition on the alias f), in path order. */
static int file_rows_each(struct pm_sqlite *inv, int64_t scan_id, const char *what,
                          const char *where, int (*fn)(void *, const struct pm_inv_file *),
                          void *ctx)
{
    sqlite3_stmt *st = NULL;
    char sql[1024], sf[128];
    int rc = 0, s;
    snprintf(sql, sizeof sql, "SELECT " FILE_COLS "%s FROM files f WHERE f.scan_id=?1 AND (%s)%s"
             " ORDER BY f.path, f.id", FILE_ACL(inv), where,
             pm_sqlite_scoped(inv, "f", sf, sizeof sf));
    if (sqlite3_prepare_v2(inv->db, sql, -1, &st, NULL) != SQLITE_OK)
        return pm_sqlite_fail(inv, what);
    sqlite3_bind_int64(st, 1, scan_id);
    pm_sqlite_scope_bind(inv, st);
    while ((s = sqlite3_step(st)) == SQLITE_ROW) {
        struct pm_inv_file f;
        read_file_row(st, &f);
        if ((rc = fn(ctx, &f)) != 0)
            break;
    }
    if (rc == 0 && s != SQLITE_DONE)
        rc = pm_sqlite_fail(inv, what);
    sqlite3_finalize(st);
    return rc;
}

int pm_sqlite_skipped_each(struct pm_inv *base, int64_t scan_id,
                           int (*fn)(void *, const struct pm_inv_file *), void *ctx)
{
    struct pm_sqlite *inv = pm_sqlite_of(base);
    /* status 2 = PM_FILE_SKIPPED; media skipped by type are only counted */
    return file_rows_each(inv, scan_id, "skipped",
                          "f.status=2 AND COALESCE(f.reason,'') NOT LIKE 'type %'", fn, ctx);
}

int pm_sqlite_errors_each(struct pm_inv *base, int64_t scan_id,
                          int (*fn)(void *, const struct pm_inv_file *), void *ctx)
{
    struct pm_sqlite *inv = pm_sqlite_of(base);
    /* status 3 = PM_FILE_ERROR, 1 = PM_FILE_PARTIAL */
    return file_rows_each(inv, scan_id, "errors", "f.status IN (3,1)", fn, ctx);
}

/* ---- locating one value ----------------------------------------------------- */

int pm_sqlite_locate_each(struct pm_inv *base, int64_t scan_id, const char *detector,
                          const unsigned char hash[PM_INV_HASH],
                          int (*fn)(void *, const struct pm_inv_hit *), void *ctx)
{
    struct pm_sqlite *inv = pm_sqlite_of(base);
    sqlite3_stmt *st = NULL;
    int rc = 0, s;
    char sql[768];
    /* Both forms seek hashes_by_scan(scan_id, detector, hash): "every scan"
     * is the scans' ids, one seek each, so no index on the hash alone is
     * needed (it would be as large as the hashes themselves). */
    snprintf(sql, sizeof sql,
             "SELECT h.scan_id, f.path, f.members, fd.occurrences, fd.distinct_count"
             " FROM hashes h JOIN files f ON f.id=h.file_id"
             " JOIN findings fd ON fd.file_id=h.file_id AND fd.detector=h.detector"
             " WHERE h.scan_id %s AND h.detector=?2 AND h.hash=?3"
             " ORDER BY h.scan_id, f.path, f.members, f.id",
             scan_id ? "=?1" : "IN (SELECT id FROM scans)");
    if (sqlite3_prepare_v2(inv->db, sql, -1, &st, NULL) != SQLITE_OK)
        return pm_sqlite_fail(inv, "locate");
    if (scan_id)
        sqlite3_bind_int64(st, 1, scan_id);
    pm_sqlite_bind_text(st, 2, detector);
    sqlite3_bind_blob(st, 3, hash, PM_INV_HASH, SQLITE_STATIC);
    while ((s = sqlite3_step(st)) == SQLITE_ROW) {
        struct pm_inv_hit h = {.scan_id = sqlite3_column_int64(st, 0),
                               .path = (const char *)sqlite3_column_text(st, 1),
                               .members_json = (const char *)sqlite3_column_text(st, 2),
                               .detector = detector,
                               .occurrences = (uint64_t)sqlite3_column_int64(st, 3),
                               .distinct = (uint64_t)sqlite3_column_int64(st, 4)};
        if ((rc = fn(ctx, &h)) != 0)
            break;
    }
    if (rc == 0 && s != SQLITE_DONE)
        rc = pm_sqlite_fail(inv, "locate");
    sqlite3_finalize(st);
    return rc;
}

int pm_sqlite_sprawl_each(struct pm_inv *base, int64_t scan_id, uint64_t min_items,
                          uint64_t max, int (*fn)(void *, const struct pm_inv_sprawl *),
                          void *ctx)
{
    struct pm_sqlite *inv = pm_sqlite_of(base);
    sqlite3_stmt *st = NULL;
    int rc = 0, s;
    char sql[768], sf[128];
    /* One item holds a value's hash once, so COUNT(*) counts items. The
     * masked form is a function of the value: any row's will do. */
    snprintf(sql, sizeof sql,
             "SELECT h.detector, h.hash, %s, COUNT(*) AS n FROM hashes h%s"
             " WHERE h.scan_id=?1%s GROUP BY h.detector, h.hash HAVING n>=?2"
             " ORDER BY n DESC, h.detector, h.hash LIMIT ?3",
             inv->has_masked ? "MAX(h.masked)" : "NULL",
             inv->scope ? " JOIN files f ON f.id=h.file_id" : "",
             pm_sqlite_scoped(inv, "f", sf, sizeof sf));
    if (sqlite3_prepare_v2(inv->db, sql, -1, &st, NULL) != SQLITE_OK)
        return pm_sqlite_fail(inv, "sprawl");
    sqlite3_bind_int64(st, 1, scan_id);
    sqlite3_bind_int64(st, 2, (sqlite3_int64)min_items);
    sqlite3_bind_int64(st, 3, max > INT64_MAX ? INT64_MAX : (sqlite3_int64)max);
    pm_sqlite_scope_bind(inv, st);
    while ((s = sqlite3_step(st)) == SQLITE_ROW) {
        if (sqlite3_column_bytes(st, 1) != PM_INV_HASH)
            continue;
        struct pm_inv_sprawl sp = {(const char *)sqlite3_column_text(st, 0),
                                   sqlite3_column_blob(st, 1),
                                   (const char *)sqlite3_column_text(st, 2),
                                   (uint64_t)sqlite3_column_int64(st, 3)};
        if ((rc = fn(ctx, &sp)) != 0)
            break;
    }
    if (rc == 0 && s != SQLITE_DONE)
        rc = pm_sqlite_fail(inv, "sprawl");
    sqlite3_finalize(st);
    return rc;
}

/* ---- diffs and retention --------------------------------------------------- */

int pm_sqlite_diff_each(struct pm_inv *base, int64_t a, int64_t b,
                        int (*fn)(void *, const struct pm_inv_delta *), void *ctx)
{
    struct pm_sqlite *inv = pm_sqlite_of(base);
    sqlite3_stmt *st = NULL;
    int rc = 0, s;
    const char *sql =
        "WITH x AS ("
        "  SELECT f.path, f.members, fd.detector, fd.occurrences AS oa, 0 AS ob"
        "  FROM files f JOIN findings fd ON fd.file_id=f.id WHERE f.scan_id=?1"
        "  UNION ALL"
        "  SELECT f.path, f.members, fd.detector, 0, fd.occurrences"
        "  FROM files f JOIN findings fd ON fd.file_id=f.id WHERE f.scan_id=?2)"
        " SELECT path, members, detector, SUM(oa), SUM(ob),"
        "  EXISTS(SELECT 1 FROM files g WHERE g.scan_id=?1 AND g.path=x.path AND g.members=x.members),"
        "  EXISTS(SELECT 1 FROM files g WHERE g.scan_id=?2 AND g.path=x.path AND g.members=x.members)"
        " FROM x GROUP BY path, members, detector ORDER BY path, members, detector";
    if (sqlite3_prepare_v2(inv->db, sql, -1, &st, NULL) != SQLITE_OK)
        return pm_sqlite_fail(inv, "diff");
    sqlite3_bind_int64(st, 1, a);
    sqlite3_bind_int64(st, 2, b);
    while ((s = sqlite3_step(st)) == SQLITE_ROW) {
        struct pm_inv_delta d = {(const char *)sqlite3_column_text(st, 0),
                                 (const char *)sqlite3_column_text(st, 1),
                                 (const char *)sqlite3_column_text(st, 2),
                                 (uint64_t)sqlite3_column_int64(st, 3),
                                 (uint64_t)sqlite3_column_int64(st, 4),
                                 sqlite3_column_int(st, 5), sqlite3_column_int(st, 6)};
        if ((rc = fn(ctx, &d)) != 0)
            break;
    }
    if (rc == 0 && s != SQLITE_DONE)
        rc = pm_sqlite_fail(inv, "diff");
    sqlite3_finalize(st);
    return rc;
}

int pm_sqlite_distinct_diff_each(struct pm_inv *base, int64_t a, int64_t b,
                                 int (*fn)(void *, const char *, uint64_t, uint64_t), void *ctx)
{
    struct pm_sqlite *inv = pm_sqlite_of(base);
    sqlite3_stmt *st = NULL;
    int rc = 0, s;
    const char *sql =
        "WITH ha AS (SELECT DISTINCT detector, hash FROM hashes WHERE scan_id=?1),"
        " hb AS (SELECT DISTINCT detector, hash FROM hashes WHERE scan_id=?2),"
        " fresh AS (SELECT * FROM hb EXCEPT SELECT * FROM ha),"
        " gone AS (SELECT * FROM ha EXCEPT SELECT * FROM hb),"
        " dets AS (SELECT detector FROM ha UNION SELECT detector FROM hb)"
        " SELECT d.detector, (SELECT COUNT(*) FROM fresh WHERE fresh.detector=d.detector),"
        " (SELECT COUNT(*) FROM gone WHERE gone.detector=d.detector) FROM dets d ORDER BY 1";
    if (sqlite3_prepare_v2(inv->db, sql, -1, &st, NULL) != SQLITE_OK)
        return pm_sqlite_fail(inv, "distinct diff");
    sqlite3_bind_int64(st, 1, a);
    sqlite3_bind_int64(st, 2, b);
    while ((s = sqlite3_step(st)) == SQLITE_ROW) {
        if ((rc = fn(ctx, (const char *)sqlite3_column_text(st, 0),
                     (uint64_t)sqlite3_column_int64(st, 1),
                     (uint64_t)sqlite3_column_int64(st, 2))) != 0)
            break;
    }
    if (rc == 0 && s != SQLITE_DONE)
        rc = pm_sqlite_fail(inv, "distinct diff");
    sqlite3_finalize(st);
    return rc;
}
