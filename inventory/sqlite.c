/* sqlite.c — the SQLite backend of inventory.h: schema, open (to read or to
 * write) and close, the backend's own files, the helpers its files share,
 * and its table of operations (writing in sqlite_write.c, reading in
 * sqlite_read.c). It never turns a file that is not an inventory into one,
 * and opened to read it never writes.
 *
 * One file, WAL journal, created mode 0600. Tables:
 *   scans    one row per scan: status, times, roots, counters, key id;
 *   files    every file or member the scan reached, with metadata, type,
 *            coverage status and reason;
 *   findings per file and detector: occurrences, distinct, masked samples,
 *            occurrences per confidence and of known test numbers (test_value);
 *   hashes   keyed hashes (HMAC-SHA256) of the distinct normalised values
 *            per file and detector, for distinct counts and diffs;
 *   links    per file, one row: keyed hashes of person keys found in one
 *            record, as pairs (a, b), or alone (a = b), for the people
 *            estimate
 *            (files.linked_records counts the records that linked keys;
 *            scans.people is 1 for a scan that kept links).
 * Newer tables and columns are added in place to older inventories when a
 * scan opens them (the schema stays "1": nothing older is changed), and
 * readers check for them.
 * No column ever holds a raw value.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
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
    " bytes_scanned INTEGER DEFAULT 0, errors INTEGER DEFAULT 0, options TEXT,"
    " people INTEGER NOT NULL DEFAULT 0);"
    "CREATE TABLE IF NOT EXISTS files("
    " id INTEGER PRIMARY KEY, scan_id INTEGER NOT NULL REFERENCES scans(id) ON DELETE CASCADE,"
    " path TEXT NOT NULL, dir TEXT NOT NULL, members TEXT NOT NULL DEFAULT '[]',"
    " mime TEXT, encoding TEXT, size INTEGER, mtime INTEGER, ctime INTEGER,"
    " mtime_ns INTEGER DEFAULT 0, ctime_ns INTEGER DEFAULT 0,"
    " dev INTEGER, ino INTEGER, uid INTEGER, gid INTEGER, mode INTEGER,"
    " owner TEXT, grp TEXT, status INTEGER NOT NULL, reason TEXT,"
    " bytes_scanned INTEGER DEFAULT 0, has_pii INTEGER NOT NULL DEFAULT 0,"
    " carried_from INTEGER, acl TEXT, linked_records INTEGER NOT NULL DEFAULT 0);"
    "CREATE INDEX IF NOT EXISTS files_by_scan ON files(scan_id, has_pii, path);"
    "CREATE INDEX IF NOT EXISTS files_by_dir ON files(scan_id, dir);"
    "CREATE INDEX IF NOT EXISTS files_by_path ON files(scan_id, path);"
    "CREATE TABLE IF NOT EXISTS findings("
    " file_id INTEGER NOT NULL REFERENCES files(id) ON DELETE CASCADE,"
    " detector TEXT NOT NULL, occurrences INTEGER NOT NULL, distinct_count INTEGER NOT NULL,"
    " samples TEXT NOT NULL DEFAULT '[]', low INTEGER NOT NULL DEFAULT 0,"
    " medium INTEGER NOT NULL DEFAULT 0, high INTEGER NOT NULL DEFAULT 0,"
    " test_value INTEGER NOT NULL DEFAULT 0,"
    " PRIMARY KEY(file_id, detector)) WITHOUT ROWID;"
    "CREATE TABLE IF NOT EXISTS hashes("
    " scan_id INTEGER NOT NULL, file_id INTEGER NOT NULL REFERENCES files(id) ON DELETE CASCADE,"
    " detector TEXT NOT NULL, hash BLOB NOT NULL, masked TEXT);"
    "CREATE INDEX IF NOT EXISTS hashes_by_scan ON hashes(scan_id, detector, hash);"
    "CREATE INDEX IF NOT EXISTS hashes_by_file ON hashes(file_id);"
    "CREATE TABLE IF NOT EXISTS links("
    " scan_id INTEGER NOT NULL, file_id INTEGER NOT NULL REFERENCES files(id) ON DELETE CASCADE,"
    " pairs BLOB NOT NULL);"
    "CREATE INDEX IF NOT EXISTS links_by_file ON links(file_id);";

int pm_sqlite_fail(struct pm_sqlite *inv, const char *what)
{
    snprintf(inv->err, sizeof inv->err, "%s: %s", what, sqlite3_errmsg(inv->db));
    return -1;
}

int pm_sqlite_prep(struct pm_sqlite *inv, sqlite3_stmt **st, const char *sql)
{
    if (*st) {
        /* No sqlite3_clear_bindings: every caller binds every parameter
         * again, and clearing cost a tenth of a file's row. */
        sqlite3_reset(*st);
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

void pm_sqlite_bind_borrowed(sqlite3_stmt *st, int i, const char *s)
{
    if (s)
        sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
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
    sqlite3_finalize(inv->ins_link);
    sqlite3_finalize(inv->carry_mark);
    sqlite3_close(inv->db);
    free(inv->scan_roots);
    free(inv->scan_version);
    free(inv->scan_key);
    free(inv->scan_options);
    pm_sqlite_scope_free(inv);
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
    .scope = pm_sqlite_scope,
    .subtree_get = pm_sqlite_subtree_get,
    .locate_each = pm_sqlite_locate_each,
    .sprawl_each = pm_sqlite_sprawl_each,
    .links_each = pm_sqlite_links_each,
    .diff_each = pm_sqlite_diff_each,
    .distinct_diff_each = pm_sqlite_distinct_diff_each,
    .prune = pm_sqlite_prune,
    .scan_reopen = pm_sqlite_scan_reopen,
    .resume_prepare = pm_sqlite_resume_prepare,
    .done_each = pm_sqlite_done_each,
};

/* Any path; a URL ("scheme://...") is some other backend's. */
int pm_inv_sqlite_bid(const char *where) { return pm_inv_url_scheme(where) ? 0 : 1; }

/* ---- opening ------------------------------------------------------------ */

/* Checks, on a descriptor and before SQLite sees the file, that it can be an
 * SQLite database at all: a regular file, not empty, with SQLite's header.
 * Anything else is refused here, never turned into an inventory. (piimap's
 * own inventories are never empty: WAL mode writes the header at creation.) */
static int check_file(int fd, const char *path, char *err, size_t errsz)
{
    struct stat st;
    char head[16];
    if (fstat(fd, &st) != 0) {
        snprintf(err, errsz, "%s: %s", path, strerror(errno));
        return -1;
    }
    if (!S_ISREG(st.st_mode)) {
        snprintf(err, errsz, "%s: not a piimap inventory (not a regular file)", path);
        return -1;
    }
    if (st.st_size == 0) {
        snprintf(err, errsz, "%s: not a piimap inventory (an empty file; piimap creates its "
                             "inventory only where no file exists, never in an empty one)", path);
        return -1;
    }
    if (pread(fd, head, sizeof head, 0) != (ssize_t)sizeof head ||
        memcmp(head, "SQLite format 3", sizeof head) != 0) { /* 15 letters and a NUL */
        snprintf(err, errsz, "%s: not a piimap inventory (not an SQLite database)", path);
        return -1;
    }
    return 0;
}

/* Reads the schema version, which proves the file is a piimap inventory.
 * On failure *code is SQLite's primary result code when SQLite could not
 * read the file, 0 when it is a database but not an inventory. */
static int probe(struct pm_sqlite *inv, const char *path, int *code, char *err, size_t errsz)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(inv->db, "SELECT value FROM meta WHERE key='schema'", -1, &st,
                                NULL);
    int s = rc == SQLITE_OK ? sqlite3_step(st) : rc;
    *code = 0;
    if (s == SQLITE_ROW) {
        const char *v = (const char *)sqlite3_column_text(st, 0);
        if (v && strcmp(v, SCHEMA_VERSION) == 0) {
            sqlite3_finalize(st);
            return 0;
        }
        snprintf(err, errsz, "%s: inventory schema %s; this piimap reads schema " SCHEMA_VERSION,
                 path, v ? v : "(none)");
    } else if (s == SQLITE_DONE || rc == SQLITE_ERROR) { /* no meta table, or no row */
        snprintf(err, errsz, "%s: not a piimap inventory (an SQLite database without piimap's "
                             "tables)", path);
    } else if ((s & 0xff) == SQLITE_NOTADB) {
        snprintf(err, errsz, "%s: not a piimap inventory (not an SQLite database)", path);
    } else {
        *code = s & 0xff;
        snprintf(err, errsz, "%s: cannot read the inventory: %s", path, sqlite3_errmsg(inv->db));
    }
    sqlite3_finalize(st);
    return -1;
}

/* 1 if we may create files beside path (SQLite's -wal and -shm). */
static int dir_writable(const char *path)
{
    char *copy = strdup(path);
    int ok = copy && access(dirname(copy), W_OK) == 0;
    free(copy);
    return ok;
}

/* 1 if path-wal exists and holds something (transactions not yet in the
 * database file itself). */
static int wal_has_content(const char *path)
{
    char *wal = malloc(strlen(path) + sizeof "-wal");
    struct stat st;
    if (!wal)
        return 1; /* cannot tell: assume it does */
    sprintf(wal, "%s-wal", path);
    int r = stat(wal, &st) == 0 && st.st_size > 0;
    free(wal);
    return r;
}

/* "file:" URI of a path with SQLite's immutable=1: '%', '?' and '#' escaped. */
static char *immutable_uri(const char *path)
{
    char *u = malloc(3 * strlen(path) + sizeof "file://?immutable=1");
    if (!u)
        return NULL;
    char *o = u + sprintf(u, path[0] == '/' ? "file://" : "file:");
    for (const char *p = path; *p; p++) {
        if (*p == '%' || *p == '?' || *p == '#')
            o += sprintf(o, "%%%02X", (unsigned char)*p);
        else
            *o++ = *p;
    }
    strcpy(o, "?immutable=1");
    return u;
}

/* Read only (SQLITE_OPEN_READONLY, query_only): nothing is ever written to
 * the database. In a writable directory SQLite may create the -wal and -shm
 * files it reads a WAL database through. In a directory we cannot write,
 * with no -shm to share, that fails; then, and only if no -wal holds
 * transactions, the file alone is the whole inventory and no writer can be
 * at work through SQLite here, so it is opened immutable (no locks, no
 * -shm). A -wal with content is never ignored: that is refused. */
static int open_read(struct pm_sqlite *inv, const char *path, char *err, size_t errsz)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0) {
        if (errno == ENOENT)
            snprintf(err, errsz, "%s: no inventory here (run piimap scan first)", path);
        else
            snprintf(err, errsz, "%s: cannot read the inventory: %s", path, strerror(errno));
        return -1;
    }
    int rc = check_file(fd, path, err, errsz);
    close(fd);
    if (rc != 0)
        return -1;
    int code = 0;
    if (sqlite3_open_v2(path, &inv->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL) !=
        SQLITE_OK) {
        snprintf(err, errsz, "%s: cannot read the inventory: %s", path,
                 inv->db ? sqlite3_errmsg(inv->db) : "out of memory");
        return -1;
    }
    sqlite3_busy_timeout(inv->db, 10000);
    if (probe(inv, path, &code, err, errsz) == 0)
        return 0;
    if ((code != SQLITE_READONLY && code != SQLITE_CANTOPEN) || dir_writable(path))
        return -1;
    if (wal_has_content(path)) {
        snprintf(err, errsz, "%s: cannot read the inventory: its write-ahead log (-wal) holds "
                             "transactions and this directory is read-only with no -shm file; "
                             "copy the inventory with its -wal file to a writable directory",
                 path);
        return -1;
    }
    sqlite3_close(inv->db);
    inv->db = NULL;
    char *uri = immutable_uri(path);
    if (!uri) {
        snprintf(err, errsz, "%s: out of memory", path);
        return -1;
    }
    rc = sqlite3_open_v2(uri, &inv->db,
                         SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX, NULL);
    free(uri);
    if (rc != SQLITE_OK) {
        snprintf(err, errsz, "%s: cannot read the inventory: %s", path,
                 inv->db ? sqlite3_errmsg(inv->db) : "out of memory");
        return -1;
    }
    return probe(inv, path, &code, err, errsz);
}

/* An existing file opened to write (fd) must prove it is an inventory,
 * SQLite's header and piimap's tables, before anything is written to it,
 * even its mode; then an inventory others could read is made private. */
static int check_inventory(struct pm_sqlite *inv, int fd, const char *path, char *err,
                           size_t errsz)
{
    int code = 0, rc;
    if (check_file(fd, path, err, errsz) != 0)
        return -1;
    if (sqlite3_open_v2(path, &inv->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) !=
        SQLITE_OK) {
        snprintf(err, errsz, "%s: %s", path, inv->db ? sqlite3_errmsg(inv->db) : "cannot open");
        return -1;
    }
    sqlite3_busy_timeout(inv->db, 10000);
    rc = probe(inv, path, &code, err, errsz);
    if (rc != 0 && (code == SQLITE_READONLY || code == SQLITE_CANTOPEN) && !dir_writable(path)) {
        size_t n = strlen(err);
        snprintf(err + n, errsz - n,
                 " (writing needs a writable directory, for the -wal and -shm files)");
    }
    /* Closed before fd is: closing a descriptor drops the process's locks on
     * the file, SQLite's included. */
    sqlite3_close(inv->db);
    inv->db = NULL;
    struct stat st;
    if (rc == 0 && fstat(fd, &st) == 0 && (st.st_mode & 077))
        (void)fchmod(fd, 0600);
    return rc;
}

/* 1 if table has the column (older inventories lack newer columns). */
static int has_column(sqlite3 *db, const char *table, const char *column)
{
    char sql[128];
    sqlite3_stmt *st = NULL;
    int found = 0;
    snprintf(sql, sizeof sql, "SELECT name FROM pragma_table_info('%s')", table);
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
        return 0;
    while (!found && sqlite3_step(st) == SQLITE_ROW) {
        const char *n = (const char *)sqlite3_column_text(st, 0);
        found = n && strcmp(n, column) == 0;
    }
    sqlite3_finalize(st);
    return found;
}

/* Makes a new inventory at path atomically: the schema is written into a
 * private temporary file beside it, which is then linked into place. Another
 * process never sees a half-made (empty) inventory, and when two scans
 * create one at once, one link wins and both go on with the winner's file.
 * Returns 0 (made, or made by another process meanwhile) or -1. */
static int create_new(const char *path, char *err, size_t errsz)
{
    size_t n = strlen(path);
    char *tmp = malloc(n + 64);
    if (!tmp) {
        snprintf(err, errsz, "%s: out of memory", path);
        return -1;
    }
    const char *slash = strrchr(path, '/');
    size_t dirlen = slash ? (size_t)(slash - path) + 1 : 0;
    snprintf(tmp, n + 64, "%.*s.%s.new-%ld", (int)dirlen, path, path + dirlen, (long)getpid());
    int fd = open(tmp, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0) {
        snprintf(err, errsz, "%s: cannot create inventory: %s", path, strerror(errno));
        free(tmp);
        return -1;
    }
    close(fd);
    sqlite3 *db = NULL;
    char *msg = NULL;
    int rc = -1;
    if (sqlite3_open_v2(tmp, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK ||
        sqlite3_exec(db, schema_sql, NULL, NULL, &msg) != SQLITE_OK)
        snprintf(err, errsz, "%s: cannot create inventory: %s", path,
                 msg ? msg : db ? sqlite3_errmsg(db) : "out of memory");
    else
        rc = 0;
    sqlite3_free(msg);
    sqlite3_close(db); /* the last connection: the WAL is checkpointed and removed */
    if (rc == 0 && link(tmp, path) != 0 && errno != EEXIST) {
        /* A file system without hard links: rename, never over an existing file. */
        if (renameat2(AT_FDCWD, tmp, AT_FDCWD, path, RENAME_NOREPLACE) != 0 && errno != EEXIST) {
            snprintf(err, errsz, "%s: cannot create inventory: %s", path, strerror(errno));
            rc = -1;
        }
    }
    unlink(tmp);
    free(tmp);
    return rc;
}

/* Read and write; with create, a missing inventory is made first (mode 0600,
 * SQLite gives its -wal and -shm the same mode). An existing file is written
 * only once check_inventory has accepted it. */
static int open_write(struct pm_sqlite *inv, const char *path, int create, char *err,
                      size_t errsz)
{
    int fd = -1;
    char *msg = NULL;
    if (create && access(path, F_OK) != 0 && errno == ENOENT && create_new(path, err, errsz) != 0)
        return -1;
    if ((fd = open(path, O_RDWR | O_CLOEXEC | O_NOFOLLOW)) < 0) {
        int e = errno;
        if (e == ENOENT)
            snprintf(err, errsz, "%s: no inventory here (run piimap scan first)", path);
        else if ((e == EACCES || e == EROFS || e == EPERM) && access(path, R_OK) == 0)
            snprintf(err, errsz, "%s: the inventory is read-only (%s): it can be read, not "
                                 "written", path, strerror(e));
        else
            snprintf(err, errsz, "%s: cannot open the inventory: %s", path, strerror(e));
        return -1;
    }
    int rc = check_inventory(inv, fd, path, err, errsz);
    close(fd);
    if (rc != 0)
        return -1;
    rc = -1;
    if (sqlite3_open_v2(path, &inv->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) !=
        SQLITE_OK) {
        snprintf(err, errsz, "%s: %s", path, inv->db ? sqlite3_errmsg(inv->db) : "cannot open");
    } else {
        sqlite3_busy_timeout(inv->db, 10000);
        /* Inventories made before resume existed lack scans.options, those
         * made before known test numbers were flagged findings.test_value:
         * added in place (the column is last either way, so rows written
         * by position fit both). */
        if (sqlite3_exec(inv->db, schema_sql, NULL, NULL, &msg) == SQLITE_OK &&
            (has_column(inv->db, "scans", "options") ||
             sqlite3_exec(inv->db, "ALTER TABLE scans ADD COLUMN options TEXT", NULL, NULL,
                          &msg) == SQLITE_OK) && /* inventories made before resume existed */
            (has_column(inv->db, "hashes", "masked") ||
             sqlite3_exec(inv->db, "ALTER TABLE hashes ADD COLUMN masked TEXT", NULL, NULL,
                          &msg) == SQLITE_OK) && /* and before sprawl */
            (has_column(inv->db, "files", "acl") ||
             sqlite3_exec(inv->db, "ALTER TABLE files ADD COLUMN acl TEXT", NULL, NULL, &msg) ==
                 SQLITE_OK) && /* and before ACLs */
            (has_column(inv->db, "findings", "test_value") ||
             sqlite3_exec(inv->db,
                          "ALTER TABLE findings ADD COLUMN test_value INTEGER NOT NULL DEFAULT 0",
                          NULL, NULL, &msg) == SQLITE_OK) && /* and before test values */
            (has_column(inv->db, "scans", "people") ||
             sqlite3_exec(inv->db,
                          "ALTER TABLE scans ADD COLUMN people INTEGER NOT NULL DEFAULT 0", NULL,
                          NULL, &msg) == SQLITE_OK) &&
            (has_column(inv->db, "files", "linked_records") ||
             sqlite3_exec(inv->db,
                          "ALTER TABLE files ADD COLUMN linked_records INTEGER NOT NULL DEFAULT 0",
                          NULL, NULL, &msg) == SQLITE_OK)) /* and before people (links) */
            rc = 0;
        else
            snprintf(err, errsz, "%s: not a usable inventory: %s", path, msg ? msg : "error");
        sqlite3_free(msg);
    }
    return rc;
}

int pm_inv_sqlite_open(const char *path, int flags, struct pm_inv **out, char *err,
                       size_t errsz)
{
    struct pm_sqlite *inv = calloc(1, sizeof *inv);
    *out = NULL;
    if (!inv) {
        snprintf(err, errsz, "%s: out of memory", path);
        return -1;
    }
    inv->base.ops = &sqlite_ops;
    int rc = flags & PM_INV_WRITE
                 ? open_write(inv, path, (flags & PM_INV_CREATE) != 0, err, errsz)
                 : open_read(inv, path, err, errsz);
    /* Belt and braces: a reader's connection refuses every write. */
    if (rc == 0 && !(flags & PM_INV_WRITE) &&
        sqlite3_exec(inv->db, "PRAGMA query_only=1", NULL, NULL, NULL) != SQLITE_OK) {
        snprintf(err, errsz, "%s: %s", path, sqlite3_errmsg(inv->db));
        rc = -1;
    }
    if (rc != 0) {
        sqlite_close(&inv->base);
        return -1;
    }
    inv->has_options = has_column(inv->db, "scans", "options");
    inv->has_masked = has_column(inv->db, "hashes", "masked");
    inv->has_acl = has_column(inv->db, "files", "acl");
    inv->has_test_value = has_column(inv->db, "findings", "test_value");
    inv->has_links = has_column(inv->db, "links", "pairs") && has_column(inv->db, "scans", "people") &&
                     has_column(inv->db, "files", "linked_records");
    *out = &inv->base;
    return 0;
}
