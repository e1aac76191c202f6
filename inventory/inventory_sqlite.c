/* inventory_sqlite.c — the SQLite backend of inventory.h.
 *
 * One file, WAL journal, created mode 0600. Tables:
 *   scans    one row per scan: status, times, roots, counters, key id;
 *   files    every file or member the scan reached, with metadata, type,
 *            coverage status and reason;
 *   findings per file and detector: occurrences, distinct, masked samples;
 *   hashes   keyed hashes (HMAC-SHA256) of the distinct normalised values
 *            per file and detector, for distinct counts and diffs.
 * No column ever holds a raw value.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "inventory/inventory.h"

#define SCHEMA_VERSION "1"

struct pm_inv {
    sqlite3 *db;
    sqlite3_stmt *ins_file, *ins_finding, *ins_hash;
    sqlite3_stmt *carry_mark;
    int carry_ready; /* the temporary carry table exists */
    char *scan_roots, *scan_version, *scan_key; /* strings of the last scan_get */
    char err[512];
};

static const char *const schema_sql =
    "PRAGMA journal_mode=WAL;"
    "PRAGMA synchronous=NORMAL;"
    "PRAGMA foreign_keys=ON;"
    "CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT);"
    "INSERT OR IGNORE INTO meta VALUES('schema', '" SCHEMA_VERSION "');"
    "CREATE TABLE IF NOT EXISTS scans("
    " id INTEGER PRIMARY KEY, status INTEGER NOT NULL, started_at INTEGER NOT NULL,"
    " finished_at INTEGER, roots TEXT NOT NULL, tool_version TEXT, key_id TEXT,"
    " files_seen INTEGER DEFAULT 0, files_scanned INTEGER DEFAULT 0,"
    " files_skipped INTEGER DEFAULT 0, files_excluded INTEGER DEFAULT 0,"
    " members_seen INTEGER DEFAULT 0, files_unchanged INTEGER DEFAULT 0,"
    " incremental_from INTEGER DEFAULT 0,"
    " bytes_scanned INTEGER DEFAULT 0, errors INTEGER DEFAULT 0);"
    "CREATE TABLE IF NOT EXISTS files("
    " id INTEGER PRIMARY KEY, scan_id INTEGER NOT NULL REFERENCES scans(id) ON DELETE CASCADE,"
    " path TEXT NOT NULL, dir TEXT NOT NULL, members TEXT NOT NULL DEFAULT '[]',"
    " mime TEXT, encoding TEXT, size INTEGER, mtime INTEGER, ctime INTEGER,"
    " mtime_ns INTEGER DEFAULT 0, ctime_ns INTEGER DEFAULT 0,"
    " dev INTEGER, ino INTEGER, uid INTEGER, gid INTEGER, mode INTEGER,"
    " owner TEXT, grp TEXT, status INTEGER NOT NULL, reason TEXT,"
    " bytes_scanned INTEGER DEFAULT 0, has_pii INTEGER NOT NULL DEFAULT 0,"
    " carried_from INTEGER);"
    "CREATE INDEX IF NOT EXISTS files_by_scan ON files(scan_id, has_pii, path);"
    "CREATE INDEX IF NOT EXISTS files_by_dir ON files(scan_id, dir);"
    "CREATE INDEX IF NOT EXISTS files_by_path ON files(scan_id, path);"
    "CREATE TABLE IF NOT EXISTS findings("
    " file_id INTEGER NOT NULL REFERENCES files(id) ON DELETE CASCADE,"
    " detector TEXT NOT NULL, occurrences INTEGER NOT NULL, distinct_count INTEGER NOT NULL,"
    " samples TEXT NOT NULL DEFAULT '[]', low INTEGER NOT NULL DEFAULT 0,"
    " medium INTEGER NOT NULL DEFAULT 0, high INTEGER NOT NULL DEFAULT 0,"
    " PRIMARY KEY(file_id, detector)) WITHOUT ROWID;"
    "CREATE TABLE IF NOT EXISTS hashes("
    " scan_id INTEGER NOT NULL, file_id INTEGER NOT NULL REFERENCES files(id) ON DELETE CASCADE,"
    " detector TEXT NOT NULL, hash BLOB NOT NULL);"
    "CREATE INDEX IF NOT EXISTS hashes_by_scan ON hashes(scan_id, detector, hash);"
    "CREATE INDEX IF NOT EXISTS hashes_by_file ON hashes(file_id);";

const char *pm_file_status_name(enum pm_file_status s)
{
    switch (s) {
    case PM_FILE_SCANNED: return "scanned";
    case PM_FILE_PARTIAL: return "partial";
    case PM_FILE_SKIPPED: return "skipped";
    case PM_FILE_ERROR: return "error";
    }
    return "unknown";
}

const char *pm_scan_status_name(enum pm_scan_status s)
{
    switch (s) {
    case PM_SCAN_RUNNING: return "running";
    case PM_SCAN_COMPLETE: return "complete";
    case PM_SCAN_INTERRUPTED: return "interrupted";
    case PM_SCAN_INCOMPLETE: return "incomplete";
    }
    return "unknown";
}

const char *pm_inv_errmsg(struct pm_inv *inv) { return inv->err; }

static int fail(struct pm_inv *inv, const char *what)
{
    snprintf(inv->err, sizeof inv->err, "%s: %s", what, sqlite3_errmsg(inv->db));
    return -1;
}

int pm_inv_open(const char *path, int create, struct pm_inv **out, char *err, size_t errsz)
{
    struct pm_inv *inv = calloc(1, sizeof *inv);
    *out = NULL;
    if (!inv) {
        snprintf(err, errsz, "%s: out of memory", path);
        return -1;
    }
    if (create) {
        /* Create the file ourselves so it is private from the first byte;
         * SQLite gives its -wal and -shm files the same mode. */
        int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
        if (fd < 0) {
            snprintf(err, errsz, "%s: cannot create inventory: %s", path, strerror(errno));
            free(inv);
            return -1;
        }
        struct stat st;
        if (fstat(fd, &st) == 0 && (st.st_mode & 077))
            (void)fchmod(fd, 0600);
        close(fd);
    }
    int flags = create ? SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE : SQLITE_OPEN_READWRITE;
    if (!create && access(path, F_OK) != 0) {
        snprintf(err, errsz, "%s: no inventory here (run piimap scan first)", path);
        free(inv);
        return -1;
    }
    if (sqlite3_open_v2(path, &inv->db, flags | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
        snprintf(err, errsz, "%s: %s", path, inv->db ? sqlite3_errmsg(inv->db) : "cannot open");
        pm_inv_close(inv);
        return -1;
    }
    sqlite3_busy_timeout(inv->db, 10000);
    char *msg = NULL;
    if (sqlite3_exec(inv->db, schema_sql, NULL, NULL, &msg) != SQLITE_OK) {
        snprintf(err, errsz, "%s: not a usable inventory: %s", path, msg ? msg : "error");
        sqlite3_free(msg);
        pm_inv_close(inv);
        return -1;
    }
    *out = inv;
    return 0;
}

void pm_inv_close(struct pm_inv *inv)
{
    if (!inv)
        return;
    sqlite3_finalize(inv->ins_file);
    sqlite3_finalize(inv->ins_finding);
    sqlite3_finalize(inv->ins_hash);
    sqlite3_finalize(inv->carry_mark);
    sqlite3_close(inv->db);
    free(inv->scan_roots);
    free(inv->scan_version);
    free(inv->scan_key);
    free(inv);
}

static int prep(struct pm_inv *inv, sqlite3_stmt **st, const char *sql)
{
    if (*st) {
        sqlite3_reset(*st);
        sqlite3_clear_bindings(*st);
        return 0;
    }
    if (sqlite3_prepare_v3(inv->db, sql, -1, SQLITE_PREPARE_PERSISTENT, st, NULL) != SQLITE_OK)
        return fail(inv, "prepare");
    return 0;
}

static void bind_text(sqlite3_stmt *st, int i, const char *s)
{
    if (s)
        sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(st, i);
}

int pm_inv_scan_begin(struct pm_inv *inv, const struct pm_inv_scan *s, int64_t *id)
{
    sqlite3_stmt *st = NULL;
    int rc = -1;
    if (sqlite3_prepare_v2(inv->db,
                           "INSERT INTO scans(status, started_at, roots, tool_version, key_id)"
                           " VALUES(?,?,?,?,?)",
                           -1, &st, NULL) != SQLITE_OK)
        return fail(inv, "begin scan");
    sqlite3_bind_int(st, 1, PM_SCAN_RUNNING);
    sqlite3_bind_int64(st, 2, s->started_at);
    bind_text(st, 3, s->roots_json);
    bind_text(st, 4, s->tool_version);
    bind_text(st, 5, s->key_id);
    if (sqlite3_step(st) != SQLITE_DONE)
        fail(inv, "begin scan");
    else {
        *id = sqlite3_last_insert_rowid(inv->db);
        rc = 0;
    }
    sqlite3_finalize(st);
    return rc;
}

int pm_inv_scan_update(struct pm_inv *inv, const struct pm_inv_scan *s)
{
    sqlite3_stmt *st = NULL;
    int rc = -1;
    if (sqlite3_prepare_v2(inv->db,
                           "UPDATE scans SET status=?, finished_at=?, files_seen=?, files_scanned=?,"
                           " files_skipped=?, files_excluded=?, bytes_scanned=?, errors=?, members_seen=?,"
                           " files_unchanged=?, incremental_from=? WHERE id=?",
                           -1, &st, NULL) != SQLITE_OK)
        return fail(inv, "update scan");
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
        fail(inv, "update scan");
    else
        rc = 0;
    sqlite3_finalize(st);
    return rc;
}

int pm_inv_tx_begin(struct pm_inv *inv)
{
    return sqlite3_exec(inv->db, "BEGIN", NULL, NULL, NULL) == SQLITE_OK ? 0 : fail(inv, "begin");
}

int pm_inv_tx_commit(struct pm_inv *inv)
{
    return sqlite3_exec(inv->db, "COMMIT", NULL, NULL, NULL) == SQLITE_OK ? 0 : fail(inv, "commit");
}

static int add_file_rows(struct pm_inv *inv, int64_t scan_id, const struct pm_inv_file *f,
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

int pm_inv_add_file(struct pm_inv *inv, int64_t scan_id, const struct pm_inv_file *f)
{
    char small[4096], *dir = small;
    size_t need = strlen(f->path) + 2;
    if (need > sizeof small && !(dir = malloc(need)))
        return fail(inv, "out of memory");
    dir_of(f->path, dir, need > sizeof small ? need : sizeof small);
    int rc = add_file_rows(inv, scan_id, f, dir);
    if (dir != small)
        free(dir);
    return rc;
}

static int add_file_rows(struct pm_inv *inv, int64_t scan_id, const struct pm_inv_file *f,
                         const char *dir)
{
    if (prep(inv, &inv->ins_file,
             "INSERT INTO files(scan_id, path, dir, members, mime, encoding, size, mtime, ctime,"
             " dev, ino, uid, gid, mode, owner, grp, status, reason, bytes_scanned, has_pii,"
             " mtime_ns, ctime_ns)"
             " VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"))
        return -1;
    sqlite3_stmt *st = inv->ins_file;
    sqlite3_bind_int64(st, 1, scan_id);
    bind_text(st, 2, f->path);
    bind_text(st, 3, dir);
    bind_text(st, 4, f->members_json ? f->members_json : "[]");
    bind_text(st, 5, f->mime);
    bind_text(st, 6, f->encoding);
    sqlite3_bind_int64(st, 7, (sqlite3_int64)f->size);
    sqlite3_bind_int64(st, 8, f->mtime);
    sqlite3_bind_int64(st, 9, f->ctime);
    sqlite3_bind_int64(st, 10, (sqlite3_int64)f->dev);
    sqlite3_bind_int64(st, 11, (sqlite3_int64)f->ino);
    sqlite3_bind_int64(st, 12, f->uid);
    sqlite3_bind_int64(st, 13, f->gid);
    sqlite3_bind_int64(st, 14, f->mode);
    bind_text(st, 15, f->owner);
    bind_text(st, 16, f->group);
    sqlite3_bind_int(st, 17, (int)f->status);
    bind_text(st, 18, f->reason);
    sqlite3_bind_int64(st, 19, (sqlite3_int64)f->bytes_scanned);
    sqlite3_bind_int(st, 20, f->nfindings > 0);
    sqlite3_bind_int64(st, 21, f->mtime_ns);
    sqlite3_bind_int64(st, 22, f->ctime_ns);
    if (sqlite3_step(st) != SQLITE_DONE)
        return fail(inv, "insert file");
    int64_t file_id = sqlite3_last_insert_rowid(inv->db);

    for (size_t i = 0; i < f->nfindings; i++) {
        const struct pm_inv_finding *fd = &f->findings[i];
        json_t *arr = json_array();
        for (size_t k = 0; k < fd->nsamples; k++)
            json_array_append_new(arr, json_string(fd->samples[k]));
        char *samples = json_dumps(arr, JSON_COMPACT);
        json_decref(arr);
        if (prep(inv, &inv->ins_finding, "INSERT INTO findings VALUES(?,?,?,?,?,?,?,?)")) {
            free(samples);
            return -1;
        }
        st = inv->ins_finding;
        sqlite3_bind_int64(st, 1, file_id);
        bind_text(st, 2, fd->detector);
        sqlite3_bind_int64(st, 3, (sqlite3_int64)fd->occurrences);
        sqlite3_bind_int64(st, 4, (sqlite3_int64)fd->distinct);
        bind_text(st, 5, samples ? samples : "[]");
        free(samples);
        for (int c = 1; c <= 3; c++)
            sqlite3_bind_int64(st, 5 + c, (sqlite3_int64)fd->by_conf[c]);
        if (sqlite3_step(st) != SQLITE_DONE)
            return fail(inv, "insert finding");
        for (size_t k = 0; k < fd->nhashes; k++) {
            if (prep(inv, &inv->ins_hash, "INSERT INTO hashes VALUES(?,?,?,?)"))
                return -1;
            st = inv->ins_hash;
            sqlite3_bind_int64(st, 1, scan_id);
            sqlite3_bind_int64(st, 2, file_id);
            bind_text(st, 3, fd->detector);
            sqlite3_bind_blob(st, 4, fd->hashes[k], PM_INV_HASH, SQLITE_STATIC);
            if (sqlite3_step(st) != SQLITE_DONE)
                return fail(inv, "insert hash");
        }
    }
    return 0;
}

/* ---- incremental scans ---------------------------------------------------- */

int64_t pm_inv_prev_scan(struct pm_inv *inv, const char *roots_json, const char *key_id,
                         int64_t before)
{
    sqlite3_stmt *st = NULL;
    int64_t id = 0;
    if (sqlite3_prepare_v2(inv->db,
                           "SELECT id FROM scans WHERE status=? AND roots=? AND key_id IS ?"
                           " AND (?=0 OR id<?) ORDER BY id DESC LIMIT 1",
                           -1, &st, NULL) != SQLITE_OK)
        return fail(inv, "previous scan");
    sqlite3_bind_int(st, 1, PM_SCAN_COMPLETE);
    bind_text(st, 2, roots_json);
    bind_text(st, 3, key_id);
    sqlite3_bind_int64(st, 4, before);
    sqlite3_bind_int64(st, 5, before);
    int r = sqlite3_step(st);
    if (r == SQLITE_ROW)
        id = sqlite3_column_int64(st, 0);
    else if (r != SQLITE_DONE)
        id = fail(inv, "previous scan");
    sqlite3_finalize(st);
    return id;
}

int pm_inv_sigs_each(struct pm_inv *inv, int64_t scan_id,
                     int (*fn)(void *, const struct pm_inv_sig *), void *ctx)
{
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
        return fail(inv, "signatures");
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
        rc = fail(inv, "signatures");
    sqlite3_finalize(st);
    return rc;
}

int pm_inv_carry_mark(struct pm_inv *inv, const char *path)
{
    if (!inv->carry_ready) {
        if (sqlite3_exec(inv->db, "CREATE TEMP TABLE IF NOT EXISTS carry(path TEXT PRIMARY KEY)",
                         NULL, NULL, NULL) != SQLITE_OK)
            return fail(inv, "carry");
        inv->carry_ready = 1;
    }
    if (prep(inv, &inv->carry_mark, "INSERT OR IGNORE INTO carry VALUES(?)"))
        return -1;
    bind_text(inv->carry_mark, 1, path);
    return sqlite3_step(inv->carry_mark) == SQLITE_DONE ? 0 : fail(inv, "carry");
}

int pm_inv_carry_finish(struct pm_inv *inv, int64_t to, int64_t from, uint64_t *rows,
                        uint64_t *with_pii)
{
    static const char *const sql[] = {
        "INSERT INTO files(scan_id, path, dir, members, mime, encoding, size, mtime, ctime,"
        " mtime_ns, ctime_ns, dev, ino, uid, gid, mode, owner, grp, status, reason,"
        " bytes_scanned, has_pii, carried_from)"
        " SELECT ?1, f.path, f.dir, f.members, f.mime, f.encoding, f.size, f.mtime, f.ctime,"
        " f.mtime_ns, f.ctime_ns, f.dev, f.ino, f.uid, f.gid, f.mode, f.owner, f.grp, f.status,"
        " f.reason, f.bytes_scanned, f.has_pii, f.id"
        " FROM files f JOIN carry c ON c.path=f.path WHERE f.scan_id=?2 ORDER BY f.id",
        "INSERT INTO findings SELECT n.id, fd.detector, fd.occurrences, fd.distinct_count,"
        " fd.samples, fd.low, fd.medium, fd.high"
        " FROM files n JOIN findings fd ON fd.file_id=n.carried_from"
        " WHERE n.scan_id=?1 AND n.carried_from IS NOT NULL",
        "INSERT INTO hashes SELECT ?1, n.id, h.detector, h.hash"
        " FROM files n JOIN hashes h ON h.file_id=n.carried_from"
        " WHERE n.scan_id=?1 AND n.carried_from IS NOT NULL",
        "SELECT COUNT(*), SUM(has_pii) FROM files WHERE scan_id=?1 AND carried_from IS NOT NULL",
    };
    *rows = *with_pii = 0;
    if (!inv->carry_ready)
        return 0;
    for (size_t i = 0; i < sizeof sql / sizeof sql[0]; i++) {
        sqlite3_stmt *st = NULL;
        if (sqlite3_prepare_v2(inv->db, sql[i], -1, &st, NULL) != SQLITE_OK)
            return fail(inv, "carry");
        sqlite3_bind_int64(st, 1, to);
        if (i == 0)
            sqlite3_bind_int64(st, 2, from);
        int r = sqlite3_step(st);
        if (i == 3 && r == SQLITE_ROW) {
            *rows = (uint64_t)sqlite3_column_int64(st, 0);
            *with_pii = (uint64_t)sqlite3_column_int64(st, 1);
            r = SQLITE_DONE;
        }
        sqlite3_finalize(st);
        if (r != SQLITE_DONE)
            return fail(inv, "carry");
    }
    return sqlite3_exec(inv->db, "DELETE FROM carry", NULL, NULL, NULL) == SQLITE_OK
               ? 0
               : fail(inv, "carry");
}

/* ---- reading ------------------------------------------------------------ */

static char *dup_col(sqlite3_stmt *st, int i)
{
    const unsigned char *t = sqlite3_column_text(st, i);
    return t ? strdup((const char *)t) : NULL;
}

#define SCAN_COLS                                                                          \
    "id, status, started_at, COALESCE(finished_at,0), roots, tool_version, key_id,"        \
    " files_seen, files_scanned, files_skipped, files_excluded, bytes_scanned, errors,"     \
    " members_seen, files_unchanged, incremental_from"

static void read_scan(struct pm_inv *inv, sqlite3_stmt *st, struct pm_inv_scan *s)
{
    free(inv->scan_roots);
    free(inv->scan_version);
    free(inv->scan_key);
    inv->scan_roots = dup_col(st, 4);
    inv->scan_version = dup_col(st, 5);
    inv->scan_key = dup_col(st, 6);
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
}

int pm_inv_scan_get(struct pm_inv *inv, int64_t id, struct pm_inv_scan *out)
{
    sqlite3_stmt *st = NULL;
    int rc = -1;
    const char *sql = id ? "SELECT " SCAN_COLS " FROM scans WHERE id=?"
                         : "SELECT " SCAN_COLS " FROM scans ORDER BY id DESC LIMIT 1";
    if (sqlite3_prepare_v2(inv->db, sql, -1, &st, NULL) != SQLITE_OK)
        return fail(inv, "read scan");
    if (id)
        sqlite3_bind_int64(st, 1, id);
    int s = sqlite3_step(st);
    if (s == SQLITE_ROW) {
        read_scan(inv, st, out);
        rc = 0;
    } else if (s == SQLITE_DONE) {
        rc = 1;
    } else {
        fail(inv, "read scan");
    }
    sqlite3_finalize(st);
    return rc;
}

int pm_inv_scans_each(struct pm_inv *inv, int (*fn)(void *, const struct pm_inv_scan *),
                      void *ctx)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(inv->db, "SELECT " SCAN_COLS " FROM scans ORDER BY id", -1, &st,
                           NULL) != SQLITE_OK)
        return fail(inv, "list scans");
    int rc = 0, s;
    while ((s = sqlite3_step(st)) == SQLITE_ROW) {
        struct pm_inv_scan sc;
        read_scan(inv, st, &sc);
        if ((rc = fn(ctx, &sc)) != 0)
            break;
    }
    if (s != SQLITE_ROW && s != SQLITE_DONE)
        rc = fail(inv, "list scans");
    sqlite3_finalize(st);
    return rc;
}

int pm_inv_totals_each(struct pm_inv *inv, int64_t scan_id,
                       int (*fn)(void *, const struct pm_inv_total *), void *ctx)
{
    sqlite3_stmt *st = NULL;
    const char *sql =
        "SELECT fd.detector, SUM(fd.occurrences), COUNT(*),"
        " (SELECT COUNT(DISTINCT h.hash) FROM hashes h WHERE h.scan_id=?1 AND h.detector=fd.detector),"
        " SUM(fd.low), SUM(fd.medium), SUM(fd.high)"
        " FROM findings fd JOIN files f ON f.id=fd.file_id WHERE f.scan_id=?1"
        " GROUP BY fd.detector ORDER BY fd.detector";
    if (sqlite3_prepare_v2(inv->db, sql, -1, &st, NULL) != SQLITE_OK)
        return fail(inv, "totals");
    sqlite3_bind_int64(st, 1, scan_id);
    int rc = 0, s;
    while ((s = sqlite3_step(st)) == SQLITE_ROW) {
        struct pm_inv_total t = {(const char *)sqlite3_column_text(st, 0),
                                 (uint64_t)sqlite3_column_int64(st, 1),
                                 (uint64_t)sqlite3_column_int64(st, 3),
                                 (uint64_t)sqlite3_column_int64(st, 2),
                                 {0, (uint64_t)sqlite3_column_int64(st, 4),
                                  (uint64_t)sqlite3_column_int64(st, 5),
                                  (uint64_t)sqlite3_column_int64(st, 6)}};
        if ((rc = fn(ctx, &t)) != 0)
            break;
    }
    if (s != SQLITE_ROW && s != SQLITE_DONE)
        rc = fail(inv, "totals");
    sqlite3_finalize(st);
    return rc;
}

int pm_inv_dirs_each(struct pm_inv *inv, int64_t scan_id,
                     int (*fn)(void *, const struct pm_inv_dir *), void *ctx)
{
    /* Directories come in path order; their detector rows follow in the same
     * order from a second cursor, merged here. */
    sqlite3_stmt *ds = NULL, *fs = NULL;
    int rc = -1, s, fstep;
    struct pm_inv_total *tot = NULL;
    size_t ntot = 0, cap = 0;
    if (sqlite3_prepare_v2(inv->db,
                           "SELECT dir, COUNT(*), SUM(has_pii) FROM files WHERE scan_id=?"
                           " AND status IN (0,1) GROUP BY dir ORDER BY dir",
                           -1, &ds, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(
            inv->db,
            "SELECT f.dir, fd.detector, SUM(fd.occurrences),"
            " (SELECT COUNT(DISTINCT h.hash) FROM hashes h JOIN files g ON g.id=h.file_id"
            "  WHERE g.scan_id=?1 AND g.dir=f.dir AND h.detector=fd.detector)"
            " FROM findings fd JOIN files f ON f.id=fd.file_id WHERE f.scan_id=?1"
            " GROUP BY f.dir, fd.detector ORDER BY f.dir, fd.detector",
            -1, &fs, NULL) != SQLITE_OK) {
        fail(inv, "directories");
        goto done;
    }
    sqlite3_bind_int64(ds, 1, scan_id);
    sqlite3_bind_int64(fs, 1, scan_id);
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
                tot[ntot].detector = dup_col(fs, 1);
                tot[ntot].occurrences = (uint64_t)sqlite3_column_int64(fs, 2);
                tot[ntot].distinct = (uint64_t)sqlite3_column_int64(fs, 3);
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
        rc = fail(inv, "directories");
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
}

int pm_inv_files_each(struct pm_inv *inv, int64_t scan_id,
                      int (*fn)(void *, const struct pm_inv_file *), void *ctx)
{
    sqlite3_stmt *st = NULL, *fq = NULL;
    int rc = 0, s;
    if (sqlite3_prepare_v2(inv->db,
                           "SELECT " FILE_COLS " FROM files f WHERE f.scan_id=? AND f.has_pii=1"
                           " ORDER BY f.path, f.members, f.id",
                           -1, &st, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(inv->db,
                           "SELECT detector, occurrences, distinct_count, samples, low, medium, high"
                           " FROM findings WHERE file_id=? ORDER BY detector",
                           -1, &fq, NULL) != SQLITE_OK) {
        rc = fail(inv, "files");
        goto done;
    }
    sqlite3_bind_int64(st, 1, scan_id);
    struct pm_inv_finding fds[64];
    json_t *samples[64];
    while ((s = sqlite3_step(st)) == SQLITE_ROW) {
        struct pm_inv_file f;
        read_file_row(st, &f);
        sqlite3_reset(fq);
        sqlite3_bind_int64(fq, 1, sqlite3_column_int64(st, 0));
        size_t n = 0;
        while (n < 64 && sqlite3_step(fq) == SQLITE_ROW) {
            struct pm_inv_finding *fd = &fds[n];
            memset(fd, 0, sizeof *fd);
            fd->detector = dup_col(fq, 0); /* the row is gone after the next step */
            fd->occurrences = (uint64_t)sqlite3_column_int64(fq, 1);
            fd->distinct = (uint64_t)sqlite3_column_int64(fq, 2);
            for (int c = 1; c <= 3; c++)
                fd->by_conf[c] = (uint64_t)sqlite3_column_int64(fq, 3 + c);
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
        rc = fail(inv, "files");
done:
    sqlite3_finalize(st);
    sqlite3_finalize(fq);
    return rc;
}

int pm_inv_coverage_each(struct pm_inv *inv, int64_t scan_id,
                         int (*fn)(void *, enum pm_file_status, const char *, uint64_t),
                         void *ctx)
{
    sqlite3_stmt *st = NULL;
    int rc = 0, s;
    /* Skip reasons are grouped as they are; error and partial reasons carry
     * details (byte counts), so those are grouped by status only. */
    if (sqlite3_prepare_v2(inv->db,
                           "SELECT status, CASE WHEN status=2 THEN COALESCE(reason,'') ELSE '' END"
                           " AS r, COUNT(*) AS n FROM files WHERE scan_id=? GROUP BY status, r"
                           " ORDER BY n DESC",
                           -1, &st, NULL) != SQLITE_OK)
        return fail(inv, "coverage");
    sqlite3_bind_int64(st, 1, scan_id);
    while ((s = sqlite3_step(st)) == SQLITE_ROW) {
        if ((rc = fn(ctx, (enum pm_file_status)sqlite3_column_int(st, 0),
                     (const char *)sqlite3_column_text(st, 1),
                     (uint64_t)sqlite3_column_int64(st, 2))) != 0)
            break;
    }
    if (rc == 0 && s != SQLITE_DONE)
        rc = fail(inv, "coverage");
    sqlite3_finalize(st);
    return rc;
}

/* Calls fn for each file row of scan_id that `where` selects (an SQL
 * condition on the alias f), in path order. */
static int file_rows_each(struct pm_inv *inv, int64_t scan_id, const char *what,
                          const char *where, int (*fn)(void *, const struct pm_inv_file *),
                          void *ctx)
{
    sqlite3_stmt *st = NULL;
    char sql[1024];
    int rc = 0, s;
    snprintf(sql, sizeof sql, "SELECT " FILE_COLS " FROM files f WHERE f.scan_id=? AND (%s)"
             " ORDER BY f.path, f.id", where);
    if (sqlite3_prepare_v2(inv->db, sql, -1, &st, NULL) != SQLITE_OK)
        return fail(inv, what);
    sqlite3_bind_int64(st, 1, scan_id);
    while ((s = sqlite3_step(st)) == SQLITE_ROW) {
        struct pm_inv_file f;
        read_file_row(st, &f);
        if ((rc = fn(ctx, &f)) != 0)
            break;
    }
    if (rc == 0 && s != SQLITE_DONE)
        rc = fail(inv, what);
    sqlite3_finalize(st);
    return rc;
}

int pm_inv_skipped_each(struct pm_inv *inv, int64_t scan_id,
                        int (*fn)(void *, const struct pm_inv_file *), void *ctx)
{
    /* status 2 = PM_FILE_SKIPPED; media skipped by type are only counted */
    return file_rows_each(inv, scan_id, "skipped",
                          "f.status=2 AND COALESCE(f.reason,'') NOT LIKE 'type %'", fn, ctx);
}

int pm_inv_errors_each(struct pm_inv *inv, int64_t scan_id,
                       int (*fn)(void *, const struct pm_inv_file *), void *ctx)
{
    /* status 3 = PM_FILE_ERROR, 1 = PM_FILE_PARTIAL */
    return file_rows_each(inv, scan_id, "errors", "f.status IN (3,1)", fn, ctx);
}

/* ---- diffs and retention --------------------------------------------------- */

int pm_inv_diff_each(struct pm_inv *inv, int64_t a, int64_t b,
                     int (*fn)(void *, const struct pm_inv_delta *), void *ctx)
{
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
        return fail(inv, "diff");
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
        rc = fail(inv, "diff");
    sqlite3_finalize(st);
    return rc;
}

int pm_inv_distinct_diff_each(struct pm_inv *inv, int64_t a, int64_t b,
                              int (*fn)(void *, const char *, uint64_t, uint64_t), void *ctx)
{
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
        return fail(inv, "distinct diff");
    sqlite3_bind_int64(st, 1, a);
    sqlite3_bind_int64(st, 2, b);
    while ((s = sqlite3_step(st)) == SQLITE_ROW) {
        if ((rc = fn(ctx, (const char *)sqlite3_column_text(st, 0),
                     (uint64_t)sqlite3_column_int64(st, 1),
                     (uint64_t)sqlite3_column_int64(st, 2))) != 0)
            break;
    }
    if (rc == 0 && s != SQLITE_DONE)
        rc = fail(inv, "distinct diff");
    sqlite3_finalize(st);
    return rc;
}

int64_t pm_inv_prune(struct pm_inv *inv, unsigned keep)
{
    sqlite3_stmt *st = NULL;
    int64_t n = -1;
    /* Cascades remove files, findings and hashes (foreign keys are on). */
    if (sqlite3_exec(inv->db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
        return fail(inv, "prune");
    if (sqlite3_prepare_v2(inv->db,
                           "DELETE FROM scans WHERE id NOT IN"
                           " (SELECT id FROM scans ORDER BY id DESC LIMIT ?)",
                           -1, &st, NULL) != SQLITE_OK) {
        fail(inv, "prune");
        goto done;
    }
    sqlite3_bind_int(st, 1, (int)keep);
    if (sqlite3_step(st) != SQLITE_DONE) {
        fail(inv, "prune");
        goto done;
    }
    n = sqlite3_changes(inv->db);
done:
    sqlite3_finalize(st);
    if (n >= 0 && sqlite3_exec(inv->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
        n = fail(inv, "prune");
    if (n < 0)
        sqlite3_exec(inv->db, "ROLLBACK", NULL, NULL, NULL);
    else
        sqlite3_exec(inv->db, "VACUUM", NULL, NULL, NULL); /* give the space back */
    return n;
}
