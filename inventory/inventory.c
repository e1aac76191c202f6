/* inventory.c — the inventory interface: picks a backend for `--db`, and
 * passes every pm_inv_* call on to the handle's operations.
 *
 * Nothing here knows a table or a query: that is the backends' business. It
 * must never print, and never repeat a URL's password in a message.
 */
#define _GNU_SOURCE
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "inventory/inventory.h"

/* The backends. The highest bid for `where` opens it; NULL open means the
 * backend is recognised but not built in, and `where` is refused by name. */
static const struct pm_inv_backend backends[] = {
    {"SQLite", pm_inv_sqlite_bid, pm_inv_sqlite_open},
    {"PostgreSQL", pm_inv_postgresql_bid, pm_inv_postgresql_open},
};

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

/* RFC 3986: a letter, then letters, digits, '+', '-', '.'; then "://". */
size_t pm_inv_url_scheme(const char *where)
{
    size_t n = 0;
    if (!((where[0] >= 'a' && where[0] <= 'z') || (where[0] >= 'A' && where[0] <= 'Z')))
        return 0;
    while (where[n] && strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+-.",
                              where[n]))
        n++;
    return strncmp(where + n, "://", 3) == 0 ? n : 0;
}

/* A libpq key=value connection string begins with one of its keywords and
 * '=' ("host=db dbname=piimap"). Only the common keywords are known: enough
 * that such a string is never taken for a file name. */
static int libpq_conninfo(const char *where)
{
    static const char *const keys[] = {
        "host", "hostaddr", "port", "dbname", "user", "password", "passfile", "service",
        "sslmode", "options", "connect_timeout", "application_name", "target_session_attrs",
        NULL};
    for (const char *const *k = keys; *k; k++) {
        size_t n = strlen(*k);
        if (strncmp(where, *k, n) == 0) {
            const char *p = where + n;
            while (*p == ' ' || *p == '\t')
                p++;
            if (*p == '=')
                return 1;
        }
    }
    return 0;
}

int pm_inv_postgresql_bid(const char *where)
{
    size_t n = pm_inv_url_scheme(where);
    if ((n == 10 && strncasecmp(where, "postgresql", n) == 0) ||
        (n == 8 && strncasecmp(where, "postgres", n) == 0))
        return 10;
    return libpq_conninfo(where) ? 5 : 0;
}

void pm_inv_where_redact(const char *where, char *out, size_t outsz)
{
    size_t n = pm_inv_url_scheme(where);
    if (!n) {
        /* A libpq key=value string may hold a password anywhere in it. */
        snprintf(out, outsz, "%s", libpq_conninfo(where) ? "a libpq connection string" : where);
        return;
    }
    /* scheme://[user[:password]@]host[:port][/path][?query][#fragment] */
    const char *auth = where + n + 3;
    size_t alen = strcspn(auth, "/?#");
    const char *at = memrchr(auth, '@', alen);
    const char *rest = auth + alen;
    size_t rlen = strcspn(rest, "?#");
    snprintf(out, outsz, "%.*s%s%.*s%.*s%s", (int)(n + 3), where, at ? "***@" : "",
             (int)(at ? alen - (size_t)(at + 1 - auth) : alen), at ? at + 1 : auth, (int)rlen,
             rest, rest[rlen] ? "?..." : "");
}

int pm_inv_below(const char *p, char **lo, char **hi)
{
    size_t n = strlen(p);
    if (n && p[n - 1] == '/')
        n--; /* "/" (the canonical form keeps no other trailing slash) */
    *lo = malloc(n + 2);
    *hi = malloc(n + 2);
    if (!*lo || !*hi) {
        free(*lo);
        free(*hi);
        *lo = *hi = NULL;
        return -1;
    }
    memcpy(*lo, p, n);
    memcpy(*hi, p, n);
    strcpy(*lo + n, "/");
    strcpy(*hi + n, "0");
    return 0;
}

int pm_inv_scope_set(char **path, char **lo, char **hi, const char *under)
{
    free(*path);
    free(*lo);
    free(*hi);
    *path = *lo = *hi = NULL;
    if (!under)
        return 0;
    if (!(*path = strdup(under)) || pm_inv_below(under, lo, hi) != 0) {
        free(*path);
        *path = NULL;
        return -1;
    }
    return 0;
}

char *pm_inv_samples_json(const struct pm_inv_finding *fd)
{
    json_t *arr = json_array();
    for (size_t k = 0; k < fd->nsamples; k++)
        json_array_append_new(arr, json_string(fd->samples[k]));
    char *samples = json_dumps(arr, JSON_COMPACT);
    json_decref(arr);
    return samples;
}

int pm_inv_open(const char *where, int flags, struct pm_inv **out, char *err, size_t errsz)
{
    const struct pm_inv_backend *best = NULL;
    int best_bid = 0;
    *out = NULL;
    if (!(flags & (PM_INV_READ | PM_INV_WRITE)) ||
        ((flags & PM_INV_READ) && (flags & (PM_INV_WRITE | PM_INV_CREATE)))) {
        snprintf(err, errsz, "inventory: open it to read or to write, not both");
        return -1;
    }
    for (size_t i = 0; i < sizeof backends / sizeof backends[0]; i++) {
        int b = backends[i].bid(where);
        if (b > best_bid) {
            best_bid = b;
            best = &backends[i];
        }
    }
    if (best && best->open)
        return best->open(where, flags, out, err, errsz);
    char shown[512];
    pm_inv_where_redact(where, shown, sizeof shown);
    if (best)
        snprintf(err, errsz, "%s: %s inventories are not built in yet (give --db a file path "
                             "for an SQLite inventory)", shown, best->name);
    else
        snprintf(err, errsz, "%s: no inventory backend understands this URL (give --db a file "
                             "path for an SQLite inventory)", shown);
    return -1;
}

/* ---- dispatch: one line per operation ------------------------------------ */

void pm_inv_close(struct pm_inv *inv)
{
    if (inv)
        inv->ops->close(inv);
}

const char *pm_inv_errmsg(struct pm_inv *inv) { return inv->ops->errmsg(inv); }

int pm_inv_own_files_each(struct pm_inv *inv, int (*fn)(void *, const char *), void *ctx)
{
    return inv->ops->own_files_each(inv, fn, ctx);
}

int pm_inv_scan_begin(struct pm_inv *inv, const struct pm_inv_scan *scan, int64_t *id)
{
    return inv->ops->scan_begin(inv, scan, id);
}

int pm_inv_scan_update(struct pm_inv *inv, const struct pm_inv_scan *scan)
{
    return inv->ops->scan_update(inv, scan);
}

int pm_inv_tx_begin(struct pm_inv *inv) { return inv->ops->tx_begin(inv); }

int pm_inv_tx_commit(struct pm_inv *inv) { return inv->ops->tx_commit(inv); }

int pm_inv_add_file(struct pm_inv *inv, int64_t scan_id, const struct pm_inv_file *f)
{
    return inv->ops->add_file(inv, scan_id, f);
}

int64_t pm_inv_prev_scan(struct pm_inv *inv, const char *roots_json, const char *key_id,
                         int64_t before)
{
    return inv->ops->prev_scan(inv, roots_json, key_id, before);
}

int pm_inv_sigs_each(struct pm_inv *inv, int64_t scan_id,
                     int (*fn)(void *, const struct pm_inv_sig *), void *ctx)
{
    return inv->ops->sigs_each(inv, scan_id, fn, ctx);
}

int pm_inv_carry_mark(struct pm_inv *inv, const char *path)
{
    return inv->ops->carry_mark(inv, path);
}

int pm_inv_carry_finish(struct pm_inv *inv, int64_t to, int64_t from, uint64_t *rows,
                        uint64_t *with_pii)
{
    return inv->ops->carry_finish(inv, to, from, rows, with_pii);
}

int pm_inv_scan_reopen(struct pm_inv *inv, int64_t id, const char *options_json)
{
    return inv->ops->scan_reopen(inv, id, options_json);
}

int pm_inv_resume_prepare(struct pm_inv *inv, int64_t id)
{
    return inv->ops->resume_prepare(inv, id);
}

int pm_inv_done_each(struct pm_inv *inv, int64_t id,
                     int (*fn)(void *, const struct pm_inv_done *), void *ctx)
{
    return inv->ops->done_each(inv, id, fn, ctx);
}

int pm_inv_scan_get(struct pm_inv *inv, int64_t id, struct pm_inv_scan *out)
{
    return inv->ops->scan_get(inv, id, out);
}

int pm_inv_scans_each(struct pm_inv *inv, int (*fn)(void *, const struct pm_inv_scan *),
                      void *ctx)
{
    return inv->ops->scans_each(inv, fn, ctx);
}

int pm_inv_totals_each(struct pm_inv *inv, int64_t scan_id,
                       int (*fn)(void *, const struct pm_inv_total *), void *ctx)
{
    return inv->ops->totals_each(inv, scan_id, fn, ctx);
}

int pm_inv_dirs_each(struct pm_inv *inv, int64_t scan_id,
                     int (*fn)(void *, const struct pm_inv_dir *), void *ctx)
{
    return inv->ops->dirs_each(inv, scan_id, fn, ctx);
}

int pm_inv_files_each(struct pm_inv *inv, int64_t scan_id,
                      int (*fn)(void *, const struct pm_inv_file *), void *ctx)
{
    return inv->ops->files_each(inv, scan_id, fn, ctx);
}

int pm_inv_coverage_each(struct pm_inv *inv, int64_t scan_id,
                         int (*fn)(void *, enum pm_file_status, const char *, uint64_t),
                         void *ctx)
{
    return inv->ops->coverage_each(inv, scan_id, fn, ctx);
}

int pm_inv_skipped_each(struct pm_inv *inv, int64_t scan_id,
                        int (*fn)(void *, const struct pm_inv_file *), void *ctx)
{
    return inv->ops->skipped_each(inv, scan_id, fn, ctx);
}

int pm_inv_errors_each(struct pm_inv *inv, int64_t scan_id,
                       int (*fn)(void *, const struct pm_inv_file *), void *ctx)
{
    return inv->ops->errors_each(inv, scan_id, fn, ctx);
}

int pm_inv_scope(struct pm_inv *inv, const char *under) { return inv->ops->scope(inv, under); }

int pm_inv_subtree_get(struct pm_inv *inv, int64_t scan_id, const char *dir,
                       struct pm_inv_dir *out)
{
    return inv->ops->subtree_get(inv, scan_id, dir, out);
}

int pm_inv_locate_each(struct pm_inv *inv, int64_t scan_id, const char *detector,
                       const unsigned char hash[PM_INV_HASH],
                       int (*fn)(void *, const struct pm_inv_hit *), void *ctx)
{
    return inv->ops->locate_each(inv, scan_id, detector, hash, fn, ctx);
}

int pm_inv_sprawl_each(struct pm_inv *inv, int64_t scan_id, uint64_t min_items, uint64_t max,
                       int (*fn)(void *, const struct pm_inv_sprawl *), void *ctx)
{
    return inv->ops->sprawl_each(inv, scan_id, min_items, max, fn, ctx);
}

int pm_inv_links_each(struct pm_inv *inv, int64_t scan_id, int *kept,
                      int (*fn)(void *, const struct pm_inv_link_row *), void *ctx)
{
    return inv->ops->links_each(inv, scan_id, kept, fn, ctx);
}

int pm_inv_diff_each(struct pm_inv *inv, int64_t a, int64_t b,
                     int (*fn)(void *, const struct pm_inv_delta *), void *ctx)
{
    return inv->ops->diff_each(inv, a, b, fn, ctx);
}

int pm_inv_distinct_diff_each(struct pm_inv *inv, int64_t a, int64_t b,
                              int (*fn)(void *, const char *, uint64_t, uint64_t), void *ctx)
{
    return inv->ops->distinct_diff_each(inv, a, b, fn, ctx);
}

int64_t pm_inv_prune(struct pm_inv *inv, unsigned keep) { return inv->ops->prune(inv, keep); }

/* ---- distributed scans: optional operations -------------------------------- */

/* A backend without distributed scans: callers ask pm_inv_dist_supported
 * first (the handle's message cannot be set from here). */
static int no_dist(void) { return -1; }

int pm_inv_dist_supported(struct pm_inv *inv) { return inv->ops->dist_join != NULL; }

int pm_inv_dist_owner(struct pm_inv *inv, const char *host, const char *owner)
{
    return inv->ops->dist_owner ? inv->ops->dist_owner(inv, host, owner) : no_dist();
}

int pm_inv_dist_join(struct pm_inv *inv, const struct pm_inv_scan *scan,
                     const char *const *roots, size_t nroots, int64_t *id, int *created)
{
    return inv->ops->dist_join ? inv->ops->dist_join(inv, scan, roots, nroots, id, created)
                               : no_dist();
}

int pm_inv_dist_lease(struct pm_inv *inv, int64_t scan_id, unsigned lease_s, unsigned max,
                      int (*fn)(void *, const char *), void *ctx)
{
    return inv->ops->dist_lease ? inv->ops->dist_lease(inv, scan_id, lease_s, max, fn, ctx)
                                : no_dist();
}

int pm_inv_dist_renew(struct pm_inv *inv, int64_t scan_id, unsigned lease_s)
{
    return inv->ops->dist_renew ? inv->ops->dist_renew(inv, scan_id, lease_s) : no_dist();
}

int pm_inv_dist_done(struct pm_inv *inv, int64_t scan_id, const char *const *dirs, size_t ndirs,
                     const char *const *subdirs, size_t nsub, const struct pm_inv_dist_counts *c)
{
    return inv->ops->dist_done
               ? inv->ops->dist_done(inv, scan_id, dirs, ndirs, subdirs, nsub, c)
               : no_dist();
}

int pm_inv_dist_release(struct pm_inv *inv, int64_t scan_id)
{
    return inv->ops->dist_release ? inv->ops->dist_release(inv, scan_id) : no_dist();
}

int pm_inv_dist_finish(struct pm_inv *inv, int64_t scan_id, int64_t incremental_from,
                       uint64_t *open, int *ended)
{
    return inv->ops->dist_finish
               ? inv->ops->dist_finish(inv, scan_id, incremental_from, open, ended)
               : no_dist();
}

int pm_inv_hosts_each(struct pm_inv *inv, int64_t scan_id,
                      int (*fn)(void *, const char *, uint64_t, uint64_t), void *ctx)
{
    return inv->ops->hosts_each ? inv->ops->hosts_each(inv, scan_id, fn, ctx) : 0;
}
