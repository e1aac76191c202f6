/* sqlite.c — the SQLite backend of inventory.h: schema, open and close, the
 * backend's own files, the helpers its files share, and its table of
 * operations (writing in sqlite_write.c, reading in sqlite_read.c).
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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "inventory/sqlite_int.h"

#define SCHEMA_VERSION "1"

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

int pm_sqlite_fail(struct pm_sqlite *inv, const char *what)
{
    snprintf(inv->err, sizeof inv->err, "%s: %s", what, sqlite3_errmsg(inv->db));
    return -1;
}

int pm_sqlite_prep(struct pm_sqlite *inv, sqlite3_stmt **st, const char *sql)
{
    if (*st) {
        sqlite3_reset(*st);
        sqlite3_clear_bindings(*st);
        return 0;
    }
    if (sqlite3_prepare_v3(inv->db, sql, -1, SQLITE_PREPARE_PERSISTENT, st, NULL) != SQLITE_OK)
        return pm_sqlite_fail(inv, "prepare");
    return 0;
}

void pm_sqlite_bind_text(sqlite3_stmt *st, int i, const char *s)
{
    if (s)
        sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(st, i);
}

char *pm_sqlite_dup_col(sqlite3_stmt *st, int i)
{
    const unsigned char *t = sqlite3_column_text(st, i);
    return t ? strdup((const char *)t) : NULL;
}

static const char *sqlite_errmsg(struct pm_inv *base) { return pm_sqlite_of(base)->err; }

static void sqlite_close(struct pm_inv *base)
{
    struct pm_sqlite *inv = pm_sqlite_of(base);
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

/* The database file and the files SQLite keeps beside it. */
static int sqlite_own_files_each(struct pm_inv *base, int (*fn)(void *, const char *), void *ctx)
{
    struct pm_sqlite *inv = pm_sqlite_of(base);
    static const char *const suffix[] = {"", "-wal", "-shm", "-journal"};
    const char *db = sqlite3_db_filename(inv->db, "main"); /* absolute */
    if (!db || !*db)
        return 0;
    size_t n = strlen(db) + sizeof "-journal";
    char *p = malloc(n);
    if (!p)
        return pm_sqlite_fail(inv, "out of memory");
    int rc = 0;
    for (size_t i = 0; i < sizeof suffix / sizeof suffix[0] && rc == 0; i++) {
        snprintf(p, n, "%s%s", db, suffix[i]);
        rc = fn(ctx, p);
    }
    free(p);
    return rc;
}

static const struct pm_inv_ops sqlite_ops = {
    .close = sqlite_close,
    .errmsg = sqlite_errmsg,
    .own_files_each = sqlite_own_files_each,
    .scan_begin = pm_sqlite_scan_begin,
    .scan_update = pm_sqlite_scan_update,
    .tx_begin = pm_sqlite_tx_begin,
    .tx_commit = pm_sqlite_tx_commit,
    .add_file = pm_sqlite_add_file,
    .prev_scan = pm_sqlite_prev_scan,
    .sigs_each = pm_sqlite_sigs_each,
    .carry_mark = pm_sqlite_carry_mark,
    .carry_finish = pm_sqlite_carry_finish,
    .scan_get = pm_sqlite_scan_get,
    .scans_each = pm_sqlite_scans_each,
    .totals_each = pm_sqlite_totals_each,
    .dirs_each = pm_sqlite_dirs_each,
    .files_each = pm_sqlite_files_each,
    .coverage_each = pm_sqlite_coverage_each,
    .skipped_each = pm_sqlite_skipped_each,
    .errors_each = pm_sqlite_errors_each,
    .diff_each = pm_sqlite_diff_each,
    .distinct_diff_each = pm_sqlite_distinct_diff_each,
    .prune = pm_sqlite_prune,
};

/* Any path; a URL ("scheme://...") is some other backend's. */
int pm_inv_sqlite_bid(const char *where) { return pm_inv_url_scheme(where) ? 0 : 1; }

int pm_inv_sqlite_open(const char *path, int create, struct pm_inv **out, char *err,
                       size_t errsz)
{
    struct pm_sqlite *inv = calloc(1, sizeof *inv);
    *out = NULL;
    if (!inv) {
        snprintf(err, errsz, "%s: out of memory", path);
        return -1;
    }
    inv->base.ops = &sqlite_ops;
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
        sqlite_close(&inv->base);
        return -1;
    }
    sqlite3_busy_timeout(inv->db, 10000);
    char *msg = NULL;
    if (sqlite3_exec(inv->db, schema_sql, NULL, NULL, &msg) != SQLITE_OK) {
        snprintf(err, errsz, "%s: not a usable inventory: %s", path, msg ? msg : "error");
        sqlite3_free(msg);
        sqlite_close(&inv->base);
        return -1;
    }
    *out = &inv->base;
    return 0;
}
