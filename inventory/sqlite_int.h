/* sqlite_int.h — what the files of the SQLite backend share: its handle, its
 * helpers, and the operations each file implements for the table in sqlite.c.
 *
 * Private to inventory/sqlite*.c: nothing outside inventory/ includes it, and
 * nothing here ever sees a raw PII value.
 */
#ifndef PM_SQLITE_INT_H
#define PM_SQLITE_INT_H

#include <sqlite3.h>

#include "inventory/inventory.h"

struct pm_sqlite {
    struct pm_inv base; /* first: callers hold a pointer to it */
    sqlite3 *db;
    sqlite3_stmt *ins_file, *ins_finding, *ins_hash, *ins_link;
    sqlite3_stmt *carry_mark;
    int carry_ready; /* the temporary carry table exists */
    int has_options; /* scans.options exists (inventories made before it lack it) */
    int has_masked;  /* hashes.masked exists (the same) */
    int has_acl;     /* files.acl exists (the same) */
    int has_test_value; /* findings.test_value exists (the same) */
    int has_links;      /* links, files.linked_records, scans.people exist (the same) */
    char *scan_roots, *scan_version, *scan_key, *scan_options; /* strings of the last scan_get */
    /* pm_inv_scope: the path, and the range [lo, hi) of the paths below it;
     * NULL when the readers are not limited */
    char *scope, *scope_lo, *scope_hi;
    struct pm_inv_total *sub; /* pm_inv_subtree_get's findings */
    size_t nsub;
    char err[512];
};

/* findings.test_value of the row `fd`, or 0 in an inventory read before
 * the column existed (a reader never adds it). */
#define PM_SQLITE_TEST_VALUE(inv) ((inv)->has_test_value ? "fd.test_value" : "0")

static inline struct pm_sqlite *pm_sqlite_of(struct pm_inv *inv)
{
    return (struct pm_sqlite *)inv;
}

/* sqlite.c: helpers. fail records "what: SQLite's message" and returns -1. */
int pm_sqlite_fail(struct pm_sqlite *inv, const char *what);
/* Prepares a statement kept for the handle's life, or resets it. */
int pm_sqlite_prep(struct pm_sqlite *inv, sqlite3_stmt **st, const char *sql);
void pm_sqlite_bind_text(sqlite3_stmt *st, int i, const char *s); /* NULL binds NULL */
/* The same without a copy: s must stay valid until the statement has been
 * stepped (a row's strings, bound and inserted in one call). */
void pm_sqlite_bind_borrowed(sqlite3_stmt *st, int i, const char *s);
char *pm_sqlite_dup_col(sqlite3_stmt *st, int i);                  /* NULL for NULL */

/* sqlite_write.c: scans, files, incremental scans, retention. */
int pm_sqlite_scan_begin(struct pm_inv *base, const struct pm_inv_scan *s, int64_t *id);
int pm_sqlite_scan_update(struct pm_inv *base, const struct pm_inv_scan *s);
int pm_sqlite_tx_begin(struct pm_inv *base);
int pm_sqlite_tx_commit(struct pm_inv *base);
int pm_sqlite_add_file(struct pm_inv *base, int64_t scan_id, const struct pm_inv_file *f);
int64_t pm_sqlite_prev_scan(struct pm_inv *base, const char *roots_json, const char *key_id,
                            int64_t before);
int pm_sqlite_sigs_each(struct pm_inv *base, int64_t scan_id,
                        int (*fn)(void *, const struct pm_inv_sig *), void *ctx);
int pm_sqlite_carry_mark(struct pm_inv *base, const char *path);
int pm_sqlite_carry_finish(struct pm_inv *base, int64_t to, int64_t from, uint64_t *rows,
                           uint64_t *with_pii);
int64_t pm_sqlite_prune(struct pm_inv *base, unsigned keep);
int pm_sqlite_scan_reopen(struct pm_inv *base, int64_t id, const char *options_json);
int pm_sqlite_resume_prepare(struct pm_inv *base, int64_t id);
int pm_sqlite_done_each(struct pm_inv *base, int64_t id,
                        int (*fn)(void *, const struct pm_inv_done *), void *ctx);

/* sqlite_read.c: reports and diffs. */
int pm_sqlite_scan_get(struct pm_inv *base, int64_t id, struct pm_inv_scan *out);
int pm_sqlite_scans_each(struct pm_inv *base, int (*fn)(void *, const struct pm_inv_scan *),
                         void *ctx);
int pm_sqlite_totals_each(struct pm_inv *base, int64_t scan_id,
                          int (*fn)(void *, const struct pm_inv_total *), void *ctx);
int pm_sqlite_dirs_each(struct pm_inv *base, int64_t scan_id,
                        int (*fn)(void *, const struct pm_inv_dir *), void *ctx);
int pm_sqlite_files_each(struct pm_inv *base, int64_t scan_id,
                         int (*fn)(void *, const struct pm_inv_file *), void *ctx);
int pm_sqlite_coverage_each(struct pm_inv *base, int64_t scan_id,
                            int (*fn)(void *, enum pm_file_status, const char *, uint64_t),
                            void *ctx);
int pm_sqlite_skipped_each(struct pm_inv *base, int64_t scan_id,
                           int (*fn)(void *, const struct pm_inv_file *), void *ctx);
int pm_sqlite_errors_each(struct pm_inv *base, int64_t scan_id,
                          int (*fn)(void *, const struct pm_inv_file *), void *ctx);
int pm_sqlite_scope(struct pm_inv *base, const char *under);
int pm_sqlite_subtree_get(struct pm_inv *base, int64_t scan_id, const char *dir,
                          struct pm_inv_dir *out);
void pm_sqlite_scope_free(struct pm_sqlite *inv);
/* sqlite_scope.c, for the readers: " AND (<alias>.path ...)" with the
 * parameters ?7, ?8 and ?9 when a scope is set, "" when not (alias "" for
 * none); and their binding. */
const char *pm_sqlite_scoped(const struct pm_sqlite *inv, const char *alias, char *buf,
                             size_t bufsz);
void pm_sqlite_scope_bind(const struct pm_sqlite *inv, sqlite3_stmt *st);
int pm_sqlite_locate_each(struct pm_inv *base, int64_t scan_id, const char *detector,
                          const unsigned char hash[PM_INV_HASH],
                          int (*fn)(void *, const struct pm_inv_hit *), void *ctx);
int pm_sqlite_sprawl_each(struct pm_inv *base, int64_t scan_id, uint64_t min_items,
                          uint64_t max, int (*fn)(void *, const struct pm_inv_sprawl *),
                          void *ctx);
int pm_sqlite_links_each(struct pm_inv *base, int64_t scan_id, int *kept,
                         int (*fn)(void *, const struct pm_inv_link_row *), void *ctx);
int pm_sqlite_diff_each(struct pm_inv *base, int64_t a, int64_t b,
                        int (*fn)(void *, const struct pm_inv_delta *), void *ctx);
int pm_sqlite_distinct_diff_each(struct pm_inv *base, int64_t a, int64_t b,
                                 int (*fn)(void *, const char *, uint64_t, uint64_t),
                                 void *ctx);

#endif
