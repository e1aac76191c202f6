/* sqlite_write.c — the SQLite backend, writing: scans, files with their
 * findings and keyed hashes, incremental scans (signatures of the previous
 * scan, carrying unchanged files forward set-wise) and retention (prune).
 *
 * It stores what the scanner hands it: masked samples and keyed hashes only,
 * never a raw value.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "inventory/sqlite_int.h"

int pm_sqlite_scan_begin(struct pm_inv *base, const struct pm_inv_scan *s, int64_t *id)
{
    struct pm_sqlite *inv = pm_sqlite_of(base);
    sqlite3_stmt *st = NULL;
    int rc = -1;
    if (sqlite3_prepare_v2(inv->db,
                           "INSERT INTO scans(status, started_at, roots, tool_version, key_id,"
                           " options, people) VALUES(?,?,?,?,?,?,1)",
                           -1, &st, NULL) != SQLITE_OK)
        return pm_sqlite_fail(inv, "begin scan");
    sqlite3_bind_int(st, 1, PM_SCAN_RUNNING);
    sqlite3_bind_int64(st, 2, s->started_at);
    pm_sqlite_bind_text(st, 3, s->roots_json);
    pm_sqlite_bind_text(st, 4, s->tool_version);
    pm_sqlite_bind_text(st, 5, s->key_id);
    pm_sqlite_bind_text(st, 6, s->options_json);
    if (sqlite3_step(st) != SQLITE_DONE)
        pm_sqlite_fail(inv, "begin scan");
    else {
        *id = sqlite3_last_insert_rowid(inv->db);
        rc = 0;
    }
    sqlite3_finalize(st);
    return rc;
}

int pm_sqlite_scan_update(struct pm_inv *base, const struct pm_inv_scan *s)
{
    struct pm_sqlite *inv = pm_sqlite_of(base);
    sqlite3_stmt *st = NULL;
    int rc = -1;
    if (sqlite3_prepare_v2(inv->db,
                           "UPDATE scans SET status=?, finished_at=?, files_seen=?, files_scanned=?,"
                           " files_skipped=?, files_excluded=?, bytes_scanned=?, errors=?, members_seen=?,"
                           " files_unchanged=?, incremental_from=? WHERE id=?",
                           -1, &st, NULL) != SQLITE_OK)
        return pm_sqlite_fail(inv, "update scan");
    sqlite3_bind_int(st, 1, (int)s->status);
    if (s->finished_at)
        sqlite3_bind_int64(st, 2, s->finished_at);
    else
        sqlite3_bind_null(st, 2);
    sqlite3_bind_int64(st, 3, (sqlite3_int64)s->files_seen);
    sqlite3_bind_int64(st, 4, (sqlite3_int64)s->files_scanned);
    sqlite3_bind_int64(st, 5, (sqlite3_int64)s->files_skipped);
    sqlite3_bind_int64(st, 6, (sqlite3_int64)s->files_excluded);
    sqlite3_bind_int64(st, 7, (sqlite3_int64)s->bytes_scanned);
    sqlite3_bind_int64(st, 8, (sqlite3_int64)s->errors);
    sqlite3_bind_int64(st, 9, (sqlite3_int64)s->members_seen);
    sqlite3_bind_int64(st, 10, (sqlite3_int64)s->files_unchanged);
    sqlite3_bind_int64(st, 11, s->incremental_from);
    sqlite3_bind_int64(st, 12, s->id);
    if (sqlite3_step(st) != SQLITE_DONE)
        pm_sqlite_fail(inv, "update scan");
    else
        rc = 0;
    sqlite3_finalize(st);
    return rc;
}

int pm_sqlite_tx_begin(struct pm_inv *base)
{
    struct pm_sqlite *inv = pm_sqlite_of(base);
    /* IMMEDIATE takes the write lock now, so a second writer waits in the busy
     * handler instead of failing when a read transaction would upgrade. */
    return sqlite3_exec(inv->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) == SQLITE_OK
               ? 0
               : pm_sqlite_fail(inv, "begin");
}

int pm_sqlite_tx_commit(struct pm_inv *base)
{
    struct pm_sqlite *inv = pm_sqlite_of(base);
    return sqlite3_exec(inv->db, "COMMIT", NULL, NULL, NULL) == SQLITE_OK ? 0 : pm_sqlite_fail(inv, "commit");
}

static int add_file_rows(struct pm_sqlite *inv, int64_t scan_id, const struct pm_inv_file *f,
                         const char *dir);

/* Directory part of a path: "/a/b/c.txt" -> "/a/b", "c.txt" -> ".". */
static void dir_of(const char *path, char *out, size_t outsz)
{
    const char *slash = strrchr(path, '/');
    if (!slash) {
        snprintf(out, outsz, ".");
        return;
    }
    size_t n = slash == path ? 1 : (size_t)(slash - path);
    snprintf(out, outsz, "%.*s", (int)n, path);
}

int pm_sqlite_add_file(struct pm_inv *base, int64_t scan_id, const struct pm_inv_file *f)
{
    struct pm_sqlite *inv = pm_sqlite_of(base);
    char small[4096], *dir = small;
    size_t need = strlen(f->path) + 2;
    if (need > sizeof small && !(dir = malloc(need)))
        return pm_sqlite_fail(inv, "out of memory");
    dir_of(f->path, dir, need > sizeof small ? need : sizeof small);
    int rc = add_file_rows(inv, scan_id, f, dir);
    if (dir != small)
        free(dir);
    return rc;
}

static int add_file_rows(struct pm_sqlite *inv, int64_t scan_id, const struct pm_inv_file *f,
                         const char *dir)
{
    if (pm_sqlite_prep(inv, &inv->ins_file,
             "INSERT INTO files(scan_id, path, dir, members, mime, encoding, size, mtime, ctime,"
             " dev, ino, uid, gid, mode, owner, grp, status, reason, bytes_scanned, has_pii,"
             " mtime_ns, ctime_ns, acl, linked_records)"
             " VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"))
        return -1;
    sqlite3_stmt *st = inv->ins_file;
    sqlite3_bind_int64(st, 1, scan_id);
    pm_sqlite_bind_borrowed(st, 2, f->path);
    pm_sqlite_bind_borrowed(st, 3, dir);
    pm_sqlite_bind_borrowed(st, 4, f->members_json ? f->members_json : "[]");
    pm_sqlite_bind_borrowed(st, 5, f->mime);
    pm_sqlite_bind_borrowed(st, 6, f->encoding);
    sqlite3_bind_int64(st, 7, (sqlite3_int64)f->size);
    sqlite3_bind_int64(st, 8, f->mtime);
    sqlite3_bind_int64(st, 9, f->ctime);
    sqlite3_bind_int64(st, 10, (sqlite3_int64)f->dev);
    sqlite3_bind_int64(st, 11, (sqlite3_int64)f->ino);
    sqlite3_bind_int64(st, 12, f->uid);
    sqlite3_bind_int64(st, 13, f->gid);
    sqlite3_bind_int64(st, 14, f->mode);
    pm_sqlite_bind_borrowed(st, 15, f->owner);
    pm_sqlite_bind_borrowed(st, 16, f->group);
    sqlite3_bind_int(st, 17, (int)f->status);
    pm_sqlite_bind_borrowed(st, 18, f->reason);
    sqlite3_bind_int64(st, 19, (sqlite3_int64)f->bytes_scanned);
    sqlite3_bind_int(st, 20, f->nfindings > 0);
    sqlite3_bind_int64(st, 21, f->mtime_ns);
    sqlite3_bind_int64(st, 22, f->ctime_ns);
    pm_sqlite_bind_borrowed(st, 23, f->acl);
    sqlite3_bind_int64(st, 24, (sqlite3_int64)f->linked_records);
    if (sqlite3_step(st) != SQLITE_DONE)
        return pm_sqlite_fail(inv, "insert file");
    int64_t file_id = sqlite3_last_insert_rowid(inv->db);
    if (f->nlinks) { /* one row: the item's links, one after another */
        if (pm_sqlite_prep(inv, &inv->ins_link, "INSERT INTO links VALUES(?,?,?)"))
            return -1;
        st = inv->ins_link;
        sqlite3_bind_int64(st, 1, scan_id);
        sqlite3_bind_int64(st, 2, file_id);
        sqlite3_bind_blob64(st, 3, f->links, (sqlite3_uint64)f->nlinks * PM_INV_LINK_BYTES,
                            SQLITE_STATIC);
        if (sqlite3_step(st) != SQLITE_DONE)
            return pm_sqlite_fail(inv, "insert link");
    }

    for (size_t i = 0; i < f->nfindings; i++) {
        const struct pm_inv_finding *fd = &f->findings[i];
        char *samples = pm_inv_samples_json(fd);
        if (pm_sqlite_prep(inv, &inv->ins_finding, "INSERT INTO findings VALUES(?,?,?,?,?,?,?,?,?)")) {
            free(samples);
            return -1;
        }
        st = inv->ins_finding;
        sqlite3_bind_int64(st, 1, file_id);
        pm_sqlite_bind_borrowed(st, 2, fd->detector);
        sqlite3_bind_int64(st, 3, (sqlite3_int64)fd->occurrences);
        sqlite3_bind_int64(st, 4, (sqlite3_int64)fd->distinct);
        pm_sqlite_bind_borrowed(st, 5, samples ? samples : "[]");
        for (int c = 1; c <= 3; c++)
            sqlite3_bind_int64(st, 5 + c, (sqlite3_int64)fd->by_conf[c]);
        sqlite3_bind_int64(st, 9, (sqlite3_int64)fd->test_value);
        int done = sqlite3_step(st) == SQLITE_DONE;
        free(samples);
        if (!done)
            return pm_sqlite_fail(inv, "insert finding");
        const char *mask = fd->masks;
        for (size_t k = 0; k < fd->nhashes; k++) {
            if (pm_sqlite_prep(inv, &inv->ins_hash, "INSERT INTO hashes(scan_id, file_id,"
                                                    " detector, hash, masked) VALUES(?,?,?,?,?)"))
                return -1;
            st = inv->ins_hash;
            sqlite3_bind_int64(st, 1, scan_id);
            sqlite3_bind_int64(st, 2, file_id);
            pm_sqlite_bind_borrowed(st, 3, fd->detector);
            sqlite3_bind_blob(st, 4, fd->hashes[k], PM_INV_HASH, SQLITE_STATIC);
            pm_sqlite_bind_borrowed(st, 5, mask);
            if (mask)
                mask += strlen(mask) + 1;
            if (sqlite3_step(st) != SQLITE_DONE)
                return pm_sqlite_fail(inv, "insert hash");
        }
    }
    return 0;
}

/* ---- incremental scans ---------------------------------------------------- */

int64_t pm_sqlite_prev_scan(struct pm_inv *base, const char *roots_json, const char *key_id,
                            int64_t before)
{
    struct pm_sqlite *inv = pm_sqlite_of(base);
    sqlite3_stmt *st = NULL;
    int64_t id = 0;
    if (sqlite3_prepare_v2(inv->db,
                           "SELECT id FROM scans WHERE status=? AND roots=? AND key_id IS ?"
                           " AND (?=0 OR id<?) AND people=1 ORDER BY id DESC LIMIT 1",
                           -1, &st, NULL) != SQLITE_OK)
        return pm_sqlite_fail(inv, "previous scan");
    sqlite3_bind_int(st, 1, PM_SCAN_COMPLETE);
    pm_sqlite_bind_text(st, 2, roots_json);
    pm_sqlite_bind_text(st, 3, key_id);
    sqlite3_bind_int64(st, 4, before);
    sqlite3_bind_int64(st, 5, before);
    int r = sqlite3_step(st);
    if (r == SQLITE_ROW)
        id = sqlite3_column_int64(st, 0);
    else if (r != SQLITE_DONE)
        id = pm_sqlite_fail(inv, "previous scan");
    sqlite3_finalize(st);
    return id;
}

int pm_sqlite_sigs_each(struct pm_inv *base, int64_t scan_id,
                        int (*fn)(void *, const struct pm_inv_sig *), void *ctx)
{
    struct pm_sqlite *inv = pm_sqlite_of(base);
    sqlite3_stmt *st = NULL;
    int rc = 0, s;
    /* Top-level rows with status scanned, whose members (same path) were
     * all read without error or limit. */
    if (sqlite3_prepare_v2(
            inv->db,
            "SELECT f.path, f.size, f.dev, f.ino, f.mtime, f.mtime_ns, f.ctime, f.ctime_ns,"
            " f.bytes_scanned, MAX(g.has_pii), COUNT(g.id) - 1, MAX(g.status IN (1,3))"
            " FROM files f JOIN files g ON g.scan_id=f.scan_id AND g.path=f.path"
            " WHERE f.scan_id=? AND f.members='[]' AND f.status=0 GROUP BY f.id",
            -1, &st, NULL) != SQLITE_OK)
        return pm_sqlite_fail(inv, "signatures");
    sqlite3_bind_int64(st, 1, scan_id);
    while ((s = sqlite3_step(st)) == SQLITE_ROW) {
        if (sqlite3_column_int(st, 11))
            continue; /* a member had trouble: read the file again */
        struct pm_inv_sig g = {(const char *)sqlite3_column_text(st, 0),
                               (uint64_t)sqlite3_column_int64(st, 1),
                               (uint64_t)sqlite3_column_int64(st, 2),
                               (uint64_t)sqlite3_column_int64(st, 3),
                               sqlite3_column_int64(st, 4),
                               sqlite3_column_int64(st, 5),
                               sqlite3_column_int64(st, 6),
                               sqlite3_column_int64(st, 7),
                               (uint64_t)sqlite3_column_int64(st, 8),
                               sqlite3_column_int(st, 9),
                               (uint64_t)sqlite3_column_int64(st, 10)};
        if ((rc = fn(ctx, &g)) != 0)
            break;
    }
    if (rc == 0 && s != SQLITE_DONE)
        rc = pm_sqlite_fail(inv, "signatures");
    sqlite3_finalize(st);
    return rc;
}

int pm_sqlite_carry_mark(struct pm_inv *base, const char *path)
{
    struct pm_sqlite *inv = pm_sqlite_of(base);
    if (!inv->carry_ready) {
        if (sqlite3_exec(inv->db, "CREATE TEMP TABLE IF NOT EXISTS carry(path TEXT PRIMARY KEY)",
                         NULL, NULL, NULL) != SQLITE_OK)
            return pm_sqlite_fail(inv, "carry");
        inv->carry_ready = 1;
    }
    if (pm_sqlite_prep(inv, &inv->carry_mark, "INSERT OR IGNORE INTO carry VALUES(?)"))
        return -1;
    pm_sqlite_bind_text(inv->carry_mark, 1, path);
    return sqlite3_step(inv->carry_mark) == SQLITE_DONE ? 0 : pm_sqlite_fail(inv, "carry");
}

int pm_sqlite_carry_finish(struct pm_inv *base, int64_t to, int64_t from, uint64_t *rows,
                           uint64_t *with_pii)
{
    struct pm_sqlite *inv = pm_sqlite_of(base);
    static const char *const sql[] = {
        "INSERT INTO files(scan_id, path, dir, members, mime, encoding, size, mtime, ctime,"
        " mtime_ns, ctime_ns, dev, ino, uid, gid, mode, owner, grp, status, reason,"
        " bytes_scanned, has_pii, carried_from, acl, linked_records)"
        " SELECT ?1, f.path, f.dir, f.members, f.mime, f.encoding, f.size, f.mtime, f.ctime,"
        " f.mtime_ns, f.ctime_ns, f.dev, f.ino, f.uid, f.gid, f.mode, f.owner, f.grp, f.status,"
        " f.reason, f.bytes_scanned, f.has_pii, f.id, f.acl, f.linked_records"
        " FROM files f JOIN carry c ON c.path=f.path WHERE f.scan_id=?2 ORDER BY f.id",
        "INSERT INTO findings SELECT n.id, fd.detector, fd.occurrences, fd.distinct_count,"
        " fd.samples, fd.low, fd.medium, fd.high, fd.test_value"
        " FROM files n JOIN findings fd ON fd.file_id=n.carried_from"
        " WHERE n.scan_id=?1 AND n.carried_from IS NOT NULL AND n.id>?3",
        "INSERT INTO hashes(scan_id, file_id, detector, hash, masked)"
        " SELECT ?1, n.id, h.detector, h.hash, h.masked"
        " FROM files n JOIN hashes h ON h.file_id=n.carried_from"
        " WHERE n.scan_id=?1 AND n.carried_from IS NOT NULL AND n.id>?3",
        "INSERT INTO links(scan_id, file_id, pairs) SELECT ?1, n.id, l.pairs"
        " FROM files n JOIN links l ON l.file_id=n.carried_from"
        " WHERE n.scan_id=?1 AND n.carried_from IS NOT NULL AND n.id>?3",
        ("SELECT COUNT(*), SUM(has_pii) FROM files"
         " WHERE scan_id=?1 AND carried_from IS NOT NULL AND id>?3"),
    };
    /* Only the rows carried now: a resumed scan already holds earlier ones. */
    sqlite3_int64 before = 0;
    {
        sqlite3_stmt *st = NULL;
        if (sqlite3_prepare_v2(inv->db, "SELECT COALESCE(MAX(id),0) FROM files", -1, &st, NULL) !=
            SQLITE_OK)
            return pm_sqlite_fail(inv, "carry");
        if (sqlite3_step(st) == SQLITE_ROW)
            before = sqlite3_column_int64(st, 0);
        sqlite3_finalize(st);
    }
    *rows = *with_pii = 0;
    if (!inv->carry_ready)
        return 0;
    for (size_t i = 0; i < sizeof sql / sizeof sql[0]; i++) {
        sqlite3_stmt *st = NULL;
        if (sqlite3_prepare_v2(inv->db, sql[i], -1, &st, NULL) != SQLITE_OK)
            return pm_sqlite_fail(inv, "carry");
        sqlite3_bind_int64(st, 1, to);
        if (i == 0)
            sqlite3_bind_int64(st, 2, from);
        else
            sqlite3_bind_int64(st, 3, before);
        int r = sqlite3_step(st);
        if (i == sizeof sql / sizeof sql[0] - 1 && r == SQLITE_ROW) {
            *rows = (uint64_t)sqlite3_column_int64(st, 0);
            *with_pii = (uint64_t)sqlite3_column_int64(st, 1);
            r = SQLITE_DONE;
        }
        sqlite3_finalize(st);
        if (r != SQLITE_DONE)
            return pm_sqlite_fail(inv, "carry");
    }
    return sqlite3_exec(inv->db, "DELETE FROM carry", NULL, NULL, NULL) == SQLITE_OK
               ? 0
               : pm_sqlite_fail(inv, "carry");
}

/* ---- resuming ------------------------------------------------------------- */

int pm_sqlite_scan_reopen(struct pm_inv *base, int64_t id, const char *options_json)
{
    struct pm_sqlite *inv = pm_sqlite_of(base);
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(inv->db,
                           "UPDATE scans SET status=?, finished_at=NULL, options=? WHERE id=?", -1,
                           &st, NULL) != SQLITE_OK)
        return pm_sqlite_fail(inv, "reopen scan");
    sqlite3_bind_int(st, 1, PM_SCAN_RUNNING);
    pm_sqlite_bind_text(st, 2, options_json);
    sqlite3_bind_int64(st, 3, id);
    int r = sqlite3_step(st);
    sqlite3_finalize(st);
    return r == SQLITE_DONE ? 0 : pm_sqlite_fail(inv, "reopen scan");
}

int pm_sqlite_resume_prepare(struct pm_inv *base, int64_t id)
{
    struct pm_sqlite *inv = pm_sqlite_of(base);
    /* Findings and hashes go with their rows (ON DELETE CASCADE). */
    static const char *const sql[] = {
        "DELETE FROM files WHERE scan_id=?1 AND path IN"
        " (SELECT path FROM files WHERE scan_id=?1 AND reason LIKE 'interrupted%')",
        "DELETE FROM files WHERE scan_id=?1 AND members<>'[]' AND path NOT IN"
        " (SELECT path FROM files WHERE scan_id=?1 AND members='[]')",
    };
    for (size_t i = 0; i < sizeof sql / sizeof sql[0]; i++) {
        sqlite3_stmt *st = NULL;
        if (sqlite3_prepare_v2(inv->db, sql[i], -1, &st, NULL) != SQLITE_OK)
            return pm_sqlite_fail(inv, "prepare resume");
        sqlite3_bind_int64(st, 1, id);
        int r = sqlite3_step(st);
        sqlite3_finalize(st);
        if (r != SQLITE_DONE)
            return pm_sqlite_fail(inv, "prepare resume");
    }
    return 0;
}

int pm_sqlite_done_each(struct pm_inv *base, int64_t id,
                        int (*fn)(void *, const struct pm_inv_done *), void *ctx)
{
    struct pm_sqlite *inv = pm_sqlite_of(base);
    sqlite3_stmt *st = NULL;
    int rc = 0, s;
    if (sqlite3_prepare_v2(
            inv->db,
            "SELECT f.path, f.status, f.bytes_scanned, COUNT(g.id) - 1,"
            " SUM(g.status IN (1,3)), SUM(g.has_pii), f.carried_from IS NOT NULL"
            " FROM files f JOIN files g ON g.scan_id=f.scan_id AND g.path=f.path"
            " WHERE f.scan_id=? AND f.members='[]' GROUP BY f.id",
            -1, &st, NULL) != SQLITE_OK)
        return pm_sqlite_fail(inv, "finished files");
    sqlite3_bind_int64(st, 1, id);
    while ((s = sqlite3_step(st)) == SQLITE_ROW) {
        struct pm_inv_done d = {
            .path = (const char *)sqlite3_column_text(st, 0),
            .status = (enum pm_file_status)sqlite3_column_int(st, 1),
            .bytes_scanned = (uint64_t)sqlite3_column_int64(st, 2),
            .members = (uint64_t)sqlite3_column_int64(st, 3),
            .error_rows = (uint64_t)sqlite3_column_int64(st, 4),
            .pii_rows = (uint64_t)sqlite3_column_int64(st, 5),
            .carried = sqlite3_column_int(st, 6)};
        if ((rc = fn(ctx, &d)) != 0)
            break;
    }
    if (rc == 0 && s != SQLITE_DONE)
        rc = pm_sqlite_fail(inv, "finished files");
    sqlite3_finalize(st);
    return rc;
}

/* ---- retention ---------------------------------------------------------- */

int64_t pm_sqlite_prune(struct pm_inv *base, unsigned keep)
{
    struct pm_sqlite *inv = pm_sqlite_of(base);
    sqlite3_stmt *st = NULL;
    int64_t n = -1;
    /* Cascades remove files, findings and hashes (foreign keys are on). */
    if (sqlite3_exec(inv->db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
        return pm_sqlite_fail(inv, "prune");
    if (sqlite3_prepare_v2(inv->db,
                           "DELETE FROM scans WHERE id NOT IN"
                           " (SELECT id FROM scans ORDER BY id DESC LIMIT ?)",
                           -1, &st, NULL) != SQLITE_OK) {
        pm_sqlite_fail(inv, "prune");
        goto done;
    }
    sqlite3_bind_int(st, 1, (int)keep);
    if (sqlite3_step(st) != SQLITE_DONE) {
        pm_sqlite_fail(inv, "prune");
        goto done;
    }
    n = sqlite3_changes(inv->db);
done:
    sqlite3_finalize(st);
    if (n >= 0 && sqlite3_exec(inv->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
        n = pm_sqlite_fail(inv, "prune");
    if (n < 0)
        sqlite3_exec(inv->db, "ROLLBACK", NULL, NULL, NULL);
    else
        sqlite3_exec(inv->db, "VACUUM", NULL, NULL, NULL); /* give the space back */
    return n;
}
