/* postgres_read.c — the PostgreSQL backend, reading: scans, totals,
 * directories, files with findings, coverage, skipped and failed items for
 * the data maps (each limited to the scope of postgres_scope.c when one is
 * set), the items that hold one keyed hash (locate), the values held by
 * many items (sprawl), and the differences between two scans. The queries
 * are those of sqlite_read.c, so the data maps are the same; rows stream
 * through server-side cursors.
 *
 * It only reads: no statement here may change the database.
 */
#define _GNU_SOURCE
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "inventory/pg_int.h"

#define SCAN_COLS                                                                          \
    "id, status, started_at, COALESCE(finished_at,0), roots, tool_version, key_id,"        \
    " files_seen, files_scanned, files_skipped, files_excluded, bytes_scanned, errors,"     \
    " members_seen, files_unchanged, incremental_from, options"

static char *dup_or_null(const char *s) { return s ? strdup(s) : NULL; }

static void read_scan(struct pm_pg *inv, const PGresult *r, int row, struct pm_inv_scan *s)
{
    free(inv->scan_roots);
    free(inv->scan_version);
    free(inv->scan_key);
    free(inv->scan_options);
    inv->scan_roots = dup_or_null(pm_pg_str(r, row, 4));
    inv->scan_version = dup_or_null(pm_pg_str(r, row, 5));
    inv->scan_key = dup_or_null(pm_pg_str(r, row, 6));
    inv->scan_options = dup_or_null(pm_pg_str(r, row, 16));
    s->id = pm_pg_i64(r, row, 0);
    s->status = (enum pm_scan_status)pm_pg_i64(r, row, 1);
    s->started_at = pm_pg_i64(r, row, 2);
    s->finished_at = pm_pg_i64(r, row, 3);
    s->roots_json = inv->scan_roots ? inv->scan_roots : "[]";
    s->tool_version = inv->scan_version;
    s->key_id = inv->scan_key;
    s->files_seen = (uint64_t)pm_pg_i64(r, row, 7);
    s->files_scanned = (uint64_t)pm_pg_i64(r, row, 8);
    s->files_skipped = (uint64_t)pm_pg_i64(r, row, 9);
    s->files_excluded = (uint64_t)pm_pg_i64(r, row, 10);
    s->bytes_scanned = (uint64_t)pm_pg_i64(r, row, 11);
    s->errors = (uint64_t)pm_pg_i64(r, row, 12);
    s->members_seen = (uint64_t)pm_pg_i64(r, row, 13);
    s->files_unchanged = (uint64_t)pm_pg_i64(r, row, 14);
    s->incremental_from = pm_pg_i64(r, row, 15);
    s->options_json = inv->scan_options;
}

int pm_pg_scan_get(struct pm_inv *base, int64_t id, struct pm_inv_scan *out)
{
    struct pm_pg *inv = pm_pg_of(base);
    struct pm_pg_params p = {0};
    if (pm_pg_flush(inv) != 0)
        return -1;
    if (id)
        pm_pg_p_i64(&p, id);
    PGresult *r = pm_pg_exec(inv, "read scan",
                             id ? "SELECT " SCAN_COLS " FROM piimap.scans WHERE id=$1"
                                : "SELECT " SCAN_COLS " FROM piimap.scans ORDER BY id DESC LIMIT 1",
                             &p);
    if (!r)
        return -1;
    int rc = 1;
    if (PQntuples(r) == 1) {
        read_scan(inv, r, 0, out);
        rc = 0;
    }
    PQclear(r);
    return rc;
}

struct scans_arg {
    int (*fn)(void *, const struct pm_inv_scan *);
    void *ctx;
};

static int scan_row(struct pm_pg_cur *c, void *arg)
{
    struct scans_arg *x = arg;
    struct pm_inv_scan sc;
    read_scan(c->inv, c->res, c->row, &sc);
    return x->fn(x->ctx, &sc);
}

int pm_pg_scans_each(struct pm_inv *base, int (*fn)(void *, const struct pm_inv_scan *),
                     void *ctx)
{
    struct scans_arg x = {fn, ctx};
    return pm_pg_each(pm_pg_of(base), "list scans",
                      "SELECT " SCAN_COLS " FROM piimap.scans ORDER BY id", NULL, scan_row, &x);
}

struct totals_arg {
    int (*fn)(void *, const struct pm_inv_total *);
    void *ctx;
};

static int total_row(struct pm_pg_cur *c, void *arg)
{
    struct totals_arg *x = arg;
    struct pm_inv_total t = {pm_pg_cur_str(c, 0),
                             (uint64_t)pm_pg_cur_i64(c, 1),
                             (uint64_t)pm_pg_cur_i64(c, 3),
                             (uint64_t)pm_pg_cur_i64(c, 2),
                             {0, (uint64_t)pm_pg_cur_i64(c, 4), (uint64_t)pm_pg_cur_i64(c, 5),
                              (uint64_t)pm_pg_cur_i64(c, 6)},
                             (uint64_t)pm_pg_cur_i64(c, 7)};
    return x->fn(x->ctx, &t);
}

int pm_pg_totals_each(struct pm_inv *base, int64_t scan_id,
                      int (*fn)(void *, const struct pm_inv_total *), void *ctx)
{
    struct pm_pg *inv = pm_pg_of(base);
    struct pm_pg_params p = {0};
    struct totals_arg x = {fn, ctx};
    char sql[1024], sf[160], sg[160];
    pm_pg_p_i64(&p, scan_id);
    pm_pg_scope_params(inv, &p);
    /* Within a scope, distinct values are counted over its items' hashes. */
    snprintf(sql, sizeof sql,
             "WITH hd AS (SELECT h.detector, COUNT(DISTINCT h.hash) AS n FROM piimap.hashes h%s"
             " WHERE h.scan_id=$1%s GROUP BY h.detector)"
             " SELECT fd.detector, SUM(fd.occurrences), COUNT(*), COALESCE(MAX(hd.n), 0),"
             " SUM(fd.low), SUM(fd.medium), SUM(fd.high), SUM(fd.test_value)"
             " FROM piimap.findings fd JOIN piimap.files f ON f.id=fd.file_id"
             " LEFT JOIN hd ON hd.detector=fd.detector WHERE f.scan_id=$1%s"
             " GROUP BY fd.detector ORDER BY fd.detector",
             inv->scope ? " JOIN piimap.files g ON g.id=h.file_id" : "",
             pm_pg_scoped(inv, "g", 2, sg, sizeof sg), pm_pg_scoped(inv, "f", 2, sf, sizeof sf));
    return pm_pg_each(inv, "totals", sql, &p, total_row, &x);
}

/* The findings rows of one directory from the second cursor of dirs_each,
 * which is ordered like the directories (bytewise). */
struct dir_totals {
    struct pm_inv_total *t;
    size_t n, cap;
};

static void dir_totals_clear(struct dir_totals *d)
{
    for (size_t i = 0; i < d->n; i++)
        free((char *)d->t[i].detector);
    d->n = 0;
}

static int collect_dir(struct pm_pg_cur *fs, int *fstep, const char *dir, struct dir_totals *d)
{
    dir_totals_clear(d);
    while (*fstep == 1) {
        const char *fdir = pm_pg_cur_bytes(fs, 0, 0);
        if (!fdir)
            return -1;
        int cmp = strcmp(fdir, dir);
        if (cmp > 0)
            break;
        if (cmp == 0) {
            if (d->n == d->cap) {
                size_t nc = d->cap ? d->cap * 2 : 8;
                struct pm_inv_total *nt = realloc(d->t, nc * sizeof *nt);
                if (!nt)
                    return -1;
                d->t = nt;
                d->cap = nc;
            }
            struct pm_inv_total *t = &d->t[d->n];
            memset(t, 0, sizeof *t);
            if (!(t->detector = strdup(pm_pg_cur_str(fs, 1))))
                return -1;
            t->occurrences = (uint64_t)pm_pg_cur_i64(fs, 2);
            t->distinct = (uint64_t)pm_pg_cur_i64(fs, 3);
            t->test_value = (uint64_t)pm_pg_cur_i64(fs, 4);
            d->n++;
        }
        *fstep = pm_pg_cur_next(fs);
    }
    return *fstep < 0 ? -1 : 0;
}

int pm_pg_dirs_each(struct pm_inv *base, int64_t scan_id,
                    int (*fn)(void *, const struct pm_inv_dir *), void *ctx)
{
    struct pm_pg *inv = pm_pg_of(base);
    /* Directories come in path order; their detector rows follow in the same
     * order from a second cursor, merged here. */
    struct pm_pg_params p = {0};
    struct pm_pg_cur ds, fs;
    struct dir_totals tot = {0};
    int rc = -1, s = 0, fstep = 0;
    char dsql[512], fsql[1024], s0[160], sf[160], sg[160];
    pm_pg_p_i64(&p, scan_id);
    pm_pg_scope_params(inv, &p);
    snprintf(dsql, sizeof dsql,
             "SELECT dir, COUNT(*), SUM(has_pii) FROM piimap.files WHERE scan_id=$1"
             " AND status IN (0,1)%s GROUP BY dir ORDER BY dir",
             pm_pg_scoped(inv, "", 2, s0, sizeof s0));
    /* The distinct values of each (directory, detector) in one grouped pass
     * over the hashes, not one correlated count per row (which PostgreSQL
     * plans as a nested loop per directory). */
    snprintf(fsql, sizeof fsql,
             "WITH hd AS (SELECT g.dir, h.detector, COUNT(DISTINCT h.hash) AS n"
             " FROM piimap.hashes h JOIN piimap.files g ON g.id=h.file_id"
             " WHERE g.scan_id=$1 AND h.scan_id=$1%s GROUP BY g.dir, h.detector)"
             " SELECT f.dir, fd.detector, SUM(fd.occurrences), COALESCE(MAX(hd.n), 0),"
             " SUM(fd.test_value)"
             " FROM piimap.findings fd JOIN piimap.files f ON f.id=fd.file_id"
             " LEFT JOIN hd ON hd.dir=f.dir AND hd.detector=fd.detector WHERE f.scan_id=$1%s"
             " GROUP BY f.dir, fd.detector ORDER BY f.dir, fd.detector",
             pm_pg_scoped(inv, "g", 2, sg, sizeof sg), pm_pg_scoped(inv, "f", 2, sf, sizeof sf));
    if (pm_pg_cur_open(inv, &ds, "directories", dsql, &p) != 0) {
        pm_pg_p_free(&p);
        return -1;
    }
    if (pm_pg_cur_open(inv, &fs, "directories", fsql, &p) != 0) {
        pm_pg_p_free(&p);
        return pm_pg_cur_close(&ds, -1);
    }
    pm_pg_p_free(&p);
    fstep = pm_pg_cur_next(&fs);
    rc = 0;
    while ((s = pm_pg_cur_next(&ds)) == 1) {
        const char *dir = pm_pg_cur_bytes(&ds, 0, 0);
        if (!dir || collect_dir(&fs, &fstep, dir, &tot) != 0) {
            rc = pm_pg_fail(inv, "directories", NULL);
            break;
        }
        struct pm_inv_dir d = {dir, (uint64_t)pm_pg_cur_i64(&ds, 1),
                               (uint64_t)pm_pg_cur_i64(&ds, 2), tot.t, tot.n};
        if ((rc = fn(ctx, &d)) != 0)
            break;
    }
    dir_totals_clear(&tot);
    free(tot.t);
    rc = pm_pg_cur_close(&fs, rc ? rc : s < 0 ? -1 : 0);
    return pm_pg_cur_close(&ds, rc);
}

#define FILE_COLS                                                                         \
    "f.id, f.path, f.members, f.mime, f.encoding, f.size, f.mtime, f.ctime, f.dev, f.ino," \
    " f.uid, f.gid, f.mode, f.owner, f.grp, f.status, f.reason, f.bytes_scanned, f.host, f.acl"

/* A file row of the current cursor row; NULL path if out of memory. */
static void read_file_row(struct pm_pg_cur *c, struct pm_inv_file *f)
{
    memset(f, 0, sizeof *f);
    f->path = pm_pg_cur_bytes(c, 1, 0);
    f->members_json = pm_pg_cur_str(c, 2);
    f->mime = pm_pg_cur_str(c, 3);
    f->encoding = pm_pg_cur_str(c, 4);
    f->size = (uint64_t)pm_pg_cur_i64(c, 5);
    f->mtime = pm_pg_cur_i64(c, 6);
    f->ctime = pm_pg_cur_i64(c, 7);
    f->dev = (uint64_t)pm_pg_cur_i64(c, 8);
    f->ino = (uint64_t)pm_pg_cur_i64(c, 9);
    f->uid = (uint32_t)pm_pg_cur_i64(c, 10);
    f->gid = (uint32_t)pm_pg_cur_i64(c, 11);
    f->mode = (uint32_t)pm_pg_cur_i64(c, 12);
    f->owner = pm_pg_cur_str(c, 13);
    f->group = pm_pg_cur_str(c, 14);
    f->status = (enum pm_file_status)pm_pg_cur_i64(c, 15);
    f->reason = pm_pg_cur_str(c, 16);
    f->bytes_scanned = (uint64_t)pm_pg_cur_i64(c, 17);
    f->host = pm_pg_cur_str(c, 18);
    f->acl = pm_pg_cur_str(c, 19);
}

/* Findings read per item: one per detector of the scan, and a scan runs at
 * most 96 (PM_MAX_DETECTORS, detect/detector.h); as sqlite_read.c. */
#define FILE_FINDINGS_MAX 128

/* The findings of one file, from the JSON array its query aggregated
 * ([detector, occurrences, distinct, samples, low, medium, high, test_value]
 * each, by detector), into fds: at most FILE_FINDINGS_MAX. Strings point
 * into j. */
static size_t file_findings(const json_t *j, struct pm_inv_finding *fds)
{
    size_t n = 0;
    for (size_t i = 0; i < json_array_size(j) && n < FILE_FINDINGS_MAX; i++) {
        const json_t *row = json_array_get(j, i);
        struct pm_inv_finding *fd = &fds[n];
        memset(fd, 0, sizeof *fd);
        if (!(fd->detector = json_string_value(json_array_get(row, 0))))
            continue;
        fd->occurrences = (uint64_t)json_integer_value(json_array_get(row, 1));
        fd->distinct = (uint64_t)json_integer_value(json_array_get(row, 2));
        const json_t *samples = json_array_get(row, 3);
        for (size_t k = 0; k < json_array_size(samples) && k < PM_INV_SAMPLES; k++)
            if ((fd->samples[fd->nsamples] = json_string_value(json_array_get(samples, k))))
                fd->nsamples++;
        for (int c = 1; c <= 3; c++)
            fd->by_conf[c] = (uint64_t)json_integer_value(json_array_get(row, 3 + c));
        fd->test_value = (uint64_t)json_integer_value(json_array_get(row, 7));
        n++;
    }
    return n;
}

struct files_arg {
    int (*fn)(void *, const struct pm_inv_file *);
    void *ctx;
    int with_findings; /* column 20 holds the findings as JSON */
};

static int file_row(struct pm_pg_cur *c, void *arg)
{
    struct files_arg *x = arg;
    struct pm_inv_file f;
    struct pm_inv_finding fds[FILE_FINDINGS_MAX];
    json_t *j = NULL;
    read_file_row(c, &f);
    const char *agg = x->with_findings ? pm_pg_cur_str(c, 20) : NULL;
    if (!f.path || (agg && !(j = json_loads(agg, 0, NULL))))
        return pm_pg_oom(c->inv, c->what);
    f.findings = fds;
    f.nfindings = j ? file_findings(j, fds) : 0;
    int rc = x->fn(x->ctx, &f);
    json_decref(j);
    return rc;
}


struct coverage_arg {
    int (*fn)(void *, enum pm_file_status, const char *, uint64_t);
    void *ctx;
};

static int coverage_row(struct pm_pg_cur *c, void *arg)
{
    struct coverage_arg *x = arg;
    return x->fn(x->ctx, (enum pm_file_status)pm_pg_cur_i64(c, 0), pm_pg_cur_str(c, 1),
                 (uint64_t)pm_pg_cur_i64(c, 2));
}

int pm_pg_coverage_each(struct pm_inv *base, int64_t scan_id,
                        int (*fn)(void *, enum pm_file_status, const char *, uint64_t),
                        void *ctx)
{
    struct pm_pg *inv = pm_pg_of(base);
    struct pm_pg_params p = {0};
    struct coverage_arg x = {fn, ctx};
    char sql[640], sc[160];
    pm_pg_p_i64(&p, scan_id);
    pm_pg_scope_params(inv, &p);
    /* As sqlite_read.c: skip reasons grouped as they are, error and partial
     * by status only; ties in a fixed order. */
    snprintf(sql, sizeof sql,
             "SELECT status, CASE WHEN status=2 THEN COALESCE(reason,'') ELSE '' END"
             " AS r, COUNT(*) AS n FROM piimap.files WHERE scan_id=$1%s GROUP BY status, r"
             " ORDER BY n DESC, status, r",
             pm_pg_scoped(inv, "", 2, sc, sizeof sc));
    return pm_pg_each(inv, "coverage", sql, &p, coverage_row, &x);
}

/* Calls fn for each file row of scan_id that `where` selects (an SQL
 * condition on the alias f), in path order; with findings, each with its
 * findings as one JSON array (column 20): one round trip per batch of
 * files, not one per file. */
static int file_rows_each(struct pm_pg *inv, int64_t scan_id, const char *what,
                          const char *where, int with_findings,
                          int (*fn)(void *, const struct pm_inv_file *), void *ctx)
{
    struct pm_pg_params p = {0};
    struct files_arg x = {fn, ctx, with_findings};
    char sql[1400], sf[160];
    pm_pg_p_i64(&p, scan_id);
    pm_pg_scope_params(inv, &p);
    snprintf(sql, sizeof sql,
             "SELECT " FILE_COLS "%s FROM piimap.files f WHERE f.scan_id=$1 AND (%s)%s"
             " ORDER BY f.path, %sf.id",
             with_findings ? ", (SELECT json_agg(json_build_array(fd.detector, fd.occurrences,"
                             " fd.distinct_count, fd.samples::json, fd.low, fd.medium, fd.high,"
                             " fd.test_value)"
                             " ORDER BY fd.detector) FROM piimap.findings fd"
                             " WHERE fd.file_id=f.id)"
                           : "",
             where, pm_pg_scoped(inv, "f", 2, sf, sizeof sf), with_findings ? "f.members, " : "");
    return pm_pg_each(inv, what, sql, &p, file_row, &x);
}

int pm_pg_files_each(struct pm_inv *base, int64_t scan_id,
                     int (*fn)(void *, const struct pm_inv_file *), void *ctx)
{
    return file_rows_each(pm_pg_of(base), scan_id, "files", "f.has_pii=1", 1, fn, ctx);
}

int pm_pg_skipped_each(struct pm_inv *base, int64_t scan_id,
                       int (*fn)(void *, const struct pm_inv_file *), void *ctx)
{
    /* status 2 = PM_FILE_SKIPPED; media skipped by type are only counted */
    return file_rows_each(pm_pg_of(base), scan_id, "skipped",
                          "f.status=2 AND COALESCE(f.reason,'') NOT LIKE 'type %'", 0, fn, ctx);
}

int pm_pg_errors_each(struct pm_inv *base, int64_t scan_id,
                      int (*fn)(void *, const struct pm_inv_file *), void *ctx)
{
    /* status 3 = PM_FILE_ERROR, 1 = PM_FILE_PARTIAL */
    return file_rows_each(pm_pg_of(base), scan_id, "errors", "f.status IN (3,1)", 0, fn, ctx);
}

/* ---- locating one value --------------------------------------------------------- */

struct hits_arg {
    int (*fn)(void *, const struct pm_inv_hit *);
    void *ctx;
    const char *detector;
};

static int hit_row(struct pm_pg_cur *c, void *arg)
{
    struct hits_arg *x = arg;
    struct pm_inv_hit h = {.scan_id = pm_pg_cur_i64(c, 0),
                           .path = pm_pg_cur_bytes(c, 1, 0),
                           .members_json = pm_pg_cur_str(c, 2),
                           .detector = x->detector,
                           .occurrences = (uint64_t)pm_pg_cur_i64(c, 3),
                           .distinct = (uint64_t)pm_pg_cur_i64(c, 4)};
    return h.path ? x->fn(x->ctx, &h) : pm_pg_oom(c->inv, c->what);
}

int pm_pg_locate_each(struct pm_inv *base, int64_t scan_id, const char *detector,
                      const unsigned char hash[PM_INV_HASH],
                      int (*fn)(void *, const struct pm_inv_hit *), void *ctx)
{
    struct pm_pg_params p = {0};
    struct hits_arg x = {fn, ctx, detector};
    char sql[768];
    pm_pg_p_i64(&p, scan_id);
    pm_pg_p_text(&p, detector);
    pm_pg_p_bytes(&p, hash, PM_INV_HASH);
    /* Both forms seek hashes_by_scan(scan_id, detector, hash). */
    snprintf(sql, sizeof sql,
             "SELECT h.scan_id, f.path, f.members, fd.occurrences, fd.distinct_count"
             " FROM piimap.hashes h JOIN piimap.files f ON f.id=h.file_id"
             " JOIN piimap.findings fd ON fd.file_id=h.file_id AND fd.detector=h.detector"
             " WHERE %s AND h.detector=$2 AND h.hash=$3"
             " ORDER BY h.scan_id, f.path, f.members, f.id",
             scan_id ? "h.scan_id=$1"
                     : "($1::bigint=0 AND h.scan_id IN (SELECT id FROM piimap.scans))");
    return pm_pg_each(pm_pg_of(base), "locate", sql, &p, hit_row, &x);
}

/* ---- sprawl: one value in many items ------------------------------------------------ */

struct sprawl_arg {
    int (*fn)(void *, const struct pm_inv_sprawl *);
    void *ctx;
};

static int sprawl_row(struct pm_pg_cur *c, void *arg)
{
    struct sprawl_arg *x = arg;
    unsigned char hash[PM_INV_HASH];
    if (pm_pg_cur_hash(c, 1, hash) != 0)
        return 0; /* not a keyed hash: as sqlite_read.c, left out */
    struct pm_inv_sprawl sp = {pm_pg_cur_str(c, 0), hash, pm_pg_cur_str(c, 2),
                               (uint64_t)pm_pg_cur_i64(c, 3)};
    return x->fn(x->ctx, &sp);
}

int pm_pg_sprawl_each(struct pm_inv *base, int64_t scan_id, uint64_t min_items, uint64_t max,
                      int (*fn)(void *, const struct pm_inv_sprawl *), void *ctx)
{
    struct pm_pg *inv = pm_pg_of(base);
    struct pm_pg_params p = {0};
    struct sprawl_arg x = {fn, ctx};
    char sql[768], sf[160];
    pm_pg_p_i64(&p, scan_id);
    pm_pg_p_i64(&p, min_items > INT64_MAX ? INT64_MAX : (int64_t)min_items);
    pm_pg_p_i64(&p, max > INT64_MAX ? INT64_MAX : (int64_t)max);
    pm_pg_scope_params(inv, &p);
    /* As sqlite_read.c: one item holds a value's hash once, so COUNT(*)
     * counts items; the masked form is a function of the value, and MAX
     * over COLLATE "C" picks the row SQLite's MAX picks. One grouped pass
     * over hashes_by_scan. */
    snprintf(sql, sizeof sql,
             "SELECT h.detector, h.hash, MAX(h.masked), COUNT(*) AS n FROM piimap.hashes h%s"
             " WHERE h.scan_id=$1%s GROUP BY h.detector, h.hash HAVING COUNT(*)>=$2"
             " ORDER BY n DESC, h.detector, h.hash LIMIT $3",
             inv->scope ? " JOIN piimap.files f ON f.id=h.file_id" : "",
             pm_pg_scoped(inv, "f", 4, sf, sizeof sf));
    return pm_pg_each(inv, "sprawl", sql, &p, sprawl_row, &x);
}

/* ---- diffs ------------------------------------------------------------------------ */

struct delta_arg {
    int (*fn)(void *, const struct pm_inv_delta *);
    void *ctx;
};

static int delta_row(struct pm_pg_cur *c, void *arg)
{
    struct delta_arg *x = arg;
    struct pm_inv_delta d = {pm_pg_cur_bytes(c, 0, 0), pm_pg_cur_str(c, 1), pm_pg_cur_str(c, 2),
                             (uint64_t)pm_pg_cur_i64(c, 3), (uint64_t)pm_pg_cur_i64(c, 4),
                             (int)pm_pg_cur_i64(c, 5), (int)pm_pg_cur_i64(c, 6)};
    return d.path ? x->fn(x->ctx, &d) : pm_pg_oom(c->inv, c->what);
}

int pm_pg_diff_each(struct pm_inv *base, int64_t a, int64_t b,
                    int (*fn)(void *, const struct pm_inv_delta *), void *ctx)
{
    struct pm_pg_params p = {0};
    struct delta_arg x = {fn, ctx};
    pm_pg_p_i64(&p, a);
    pm_pg_p_i64(&p, b);
    return pm_pg_each(
        pm_pg_of(base), "diff",
        "WITH x AS ("
        "  SELECT f.path, f.members, fd.detector, fd.occurrences AS oa, 0 AS ob"
        "  FROM piimap.files f JOIN piimap.findings fd ON fd.file_id=f.id WHERE f.scan_id=$1"
        "  UNION ALL"
        "  SELECT f.path, f.members, fd.detector, 0, fd.occurrences"
        "  FROM piimap.files f JOIN piimap.findings fd ON fd.file_id=f.id WHERE f.scan_id=$2)"
        " SELECT path, members, detector, SUM(oa), SUM(ob),"
        "  EXISTS(SELECT 1 FROM piimap.files g WHERE g.scan_id=$1 AND g.path=x.path"
        "   AND g.members=x.members),"
        "  EXISTS(SELECT 1 FROM piimap.files g WHERE g.scan_id=$2 AND g.path=x.path"
        "   AND g.members=x.members)"
        " FROM x GROUP BY path, members, detector ORDER BY path, members, detector",
        &p, delta_row, &x);
}

struct distinct_arg {
    int (*fn)(void *, const char *, uint64_t, uint64_t);
    void *ctx;
};

static int distinct_row(struct pm_pg_cur *c, void *arg)
{
    struct distinct_arg *x = arg;
    return x->fn(x->ctx, pm_pg_cur_str(c, 0), (uint64_t)pm_pg_cur_i64(c, 1),
                 (uint64_t)pm_pg_cur_i64(c, 2));
}

int pm_pg_distinct_diff_each(struct pm_inv *base, int64_t a, int64_t b,
                             int (*fn)(void *, const char *, uint64_t, uint64_t), void *ctx)
{
    struct pm_pg_params p = {0};
    struct distinct_arg x = {fn, ctx};
    pm_pg_p_i64(&p, a);
    pm_pg_p_i64(&p, b);
    return pm_pg_each(
        pm_pg_of(base), "distinct diff",
        "WITH ha AS (SELECT DISTINCT detector, hash FROM piimap.hashes WHERE scan_id=$1),"
        " hb AS (SELECT DISTINCT detector, hash FROM piimap.hashes WHERE scan_id=$2),"
        " fresh AS (SELECT * FROM hb EXCEPT SELECT * FROM ha),"
        " gone AS (SELECT * FROM ha EXCEPT SELECT * FROM hb),"
        " dets AS (SELECT detector FROM ha UNION SELECT detector FROM hb)"
        " SELECT d.detector, (SELECT COUNT(*) FROM fresh WHERE fresh.detector=d.detector),"
        " (SELECT COUNT(*) FROM gone WHERE gone.detector=d.detector) FROM dets d ORDER BY 1",
        &p, distinct_row, &x);
}
