/* pg_int.h — what the files of the PostgreSQL backend share: its handle,
 * query parameters, server-side cursors, COPY buffers, and the operations
 * each file implements for the table in postgres.c.
 *
 * Private to inventory/postgres*.c: nothing outside inventory/ includes it.
 * Nothing here ever sees a raw PII value, and no message built here may
 * repeat a connection string (it can hold a password): messages name the
 * operation and libpq's error only.
 */
#ifndef PM_PG_INT_H
#define PM_PG_INT_H

#include <libpq-fe.h>
#include <stddef.h>

#include "inventory/inventory.h"

/* A growing byte buffer: rows in COPY text format, or a query. */
struct pm_pg_buf {
    char *p;
    size_t len, cap;
    int oom;
};

struct pm_pg {
    struct pm_inv base; /* first: callers hold a pointer to it */
    PGconn *conn;
    int reader;         /* opened with PM_INV_READ: the session is read only */
    int in_tx;          /* between tx_begin and tx_commit */
    unsigned cursors;   /* cursor names: c1, c2, ... */
    /* Rows added and not yet sent: COPY text of files, findings, hashes,
     * and of the temporary carry table. */
    struct pm_pg_buf files, findings, hashes, links, carry;
    int carry_ready;    /* the temporary carry table exists */
    /* File ids reserved from the sequence: next to use, and how many left. */
    int64_t *ids;
    size_t ids_next, ids_left;
    char *scan_roots, *scan_version, *scan_key, *scan_options; /* of the last scan_get */
    char *host, *owner; /* distributed scans: written with every row (pm_inv_dist_owner) */
    /* pm_inv_scope: the path and the range [lo, hi) of the paths below it,
     * NULL when the readers are not limited. */
    char *scope, *scope_lo, *scope_hi;
    struct pm_inv_total *sub; /* pm_inv_subtree_get's findings */
    size_t nsub;
    char err[512];
};

static inline struct pm_pg *pm_pg_of(struct pm_inv *inv) { return (struct pm_pg *)inv; }

/* ---- helpers (postgres.c) ---- */

/* Records "what: <libpq's or the server's message>" and returns -1. */
int pm_pg_fail(struct pm_pg *inv, const char *what, const PGresult *res);
int pm_pg_oom(struct pm_pg *inv, const char *what);

/* Query parameters, all sent as text. Paths (bytea) go as "\x" and hex. */
#define PM_PG_MAXP 12
struct pm_pg_params {
    const char *v[PM_PG_MAXP];
    char num[PM_PG_MAXP][24];
    char *heap[PM_PG_MAXP];
    int n, oom;
};
void pm_pg_p_i64(struct pm_pg_params *p, int64_t v);
void pm_pg_p_text(struct pm_pg_params *p, const char *s); /* NULL is SQL NULL */
void pm_pg_p_bytes(struct pm_pg_params *p, const void *b, size_t n); /* bytea */
void pm_pg_p_free(struct pm_pg_params *p);

/* Runs one statement; returns its result (PGRES_COMMAND_OK or TUPLES_OK) or
 * NULL after pm_pg_fail. The caller PQclear()s it. */
PGresult *pm_pg_exec(struct pm_pg *inv, const char *what, const char *sql,
                     const struct pm_pg_params *p);
/* The same for a statement whose result is not needed: 0 or -1. */
int pm_pg_run(struct pm_pg *inv, const char *what, const char *sql,
              const struct pm_pg_params *p);

/* Values of a text-format result: NULL reads as 0 (or NULL), booleans as 0
 * and 1. */
int64_t pm_pg_i64(const PGresult *r, int row, int col);
const char *pm_pg_str(const PGresult *r, int row, int col);
/* A bytea column, decoded into a string (a path holds no NUL byte) that the
 * caller frees; NULL for NULL or out of memory. */
char *pm_pg_bytes_dup(const PGresult *r, int row, int col);

/* A server-side cursor: rows fetched a batch at a time, so a large scan is
 * never held in memory, and other queries (or cursors) may run between rows
 * (a callback may call the inventory again). Without a transaction, opening
 * one begins a transaction and closing it ends it. */
struct pm_pg_cur {
    struct pm_pg *inv;
    const char *what;
    char name[24];
    PGresult *res;
    int row, nrows, end, own_tx, open;
    char *scratch[4]; /* decoded bytea of the current row */
};
int pm_pg_cur_open(struct pm_pg *inv, struct pm_pg_cur *c, const char *what, const char *sql,
                   const struct pm_pg_params *p);
/* 1 with a row, 0 at the end, -1 on error. */
int pm_pg_cur_next(struct pm_pg_cur *c);
/* Returns rc, or -1 if closing failed and rc was 0. */
int pm_pg_cur_close(struct pm_pg_cur *c, int rc);
/* Runs sql through a cursor and calls row for each row until one returns
 * non-zero, which is returned (p, if any, is freed). A row function that
 * fails sets the error and returns -1. */
int pm_pg_each(struct pm_pg *inv, const char *what, const char *sql, struct pm_pg_params *p,
               int (*row)(struct pm_pg_cur *c, void *arg), void *arg);
int64_t pm_pg_cur_i64(const struct pm_pg_cur *c, int col);
const char *pm_pg_cur_str(const struct pm_pg_cur *c, int col);
/* A bytea column of the current row, valid until the next row. */
const char *pm_pg_cur_bytes(struct pm_pg_cur *c, int col, int slot);
/* A keyed hash (bytea of PM_INV_HASH bytes, which may hold NUL bytes) of
 * the current row into out: 0, or -1 when the column is NULL or of another
 * length. */
int pm_pg_cur_hash(const struct pm_pg_cur *c, int col, unsigned char out[PM_INV_HASH]);
/* The length in bytes of a bytea column of the current row (0 for NULL),
 * and n of its bytes from off into out: 0, or -1 past its end. */
size_t pm_pg_cur_bytea_len(const struct pm_pg_cur *c, int col);
int pm_pg_cur_bytea_at(const struct pm_pg_cur *c, int col, size_t off, unsigned char *out,
                       size_t n);

/* COPY text format: one field (NULL for \N), bytea as \\x hex, end of row. */
void pm_pg_buf_field(struct pm_pg_buf *b, const char *s);
void pm_pg_buf_i64(struct pm_pg_buf *b, int64_t v);
void pm_pg_buf_bytea(struct pm_pg_buf *b, const void *p, size_t n);
void pm_pg_buf_end_row(struct pm_pg_buf *b);
void pm_pg_buf_free(struct pm_pg_buf *b);
/* Sends the buffer with "COPY <target> FROM STDIN" and empties it. */
int pm_pg_copy(struct pm_pg *inv, const char *target, struct pm_pg_buf *b);

/* ---- writing (postgres_write.c) ---- */
int pm_pg_flush(struct pm_pg *inv);
int pm_pg_scan_begin(struct pm_inv *base, const struct pm_inv_scan *s, int64_t *id);
int pm_pg_scan_update(struct pm_inv *base, const struct pm_inv_scan *s);
int pm_pg_tx_begin(struct pm_inv *base);
int pm_pg_tx_commit(struct pm_inv *base);
int pm_pg_add_file(struct pm_inv *base, int64_t scan_id, const struct pm_inv_file *f);
int64_t pm_pg_prev_scan(struct pm_inv *base, const char *roots_json, const char *key_id,
                        int64_t before);
int pm_pg_sigs_each(struct pm_inv *base, int64_t scan_id,
                    int (*fn)(void *, const struct pm_inv_sig *), void *ctx);
int pm_pg_carry_mark(struct pm_inv *base, const char *path);
int pm_pg_carry_finish(struct pm_inv *base, int64_t to, int64_t from, uint64_t *rows,
                       uint64_t *with_pii);
int pm_pg_scan_reopen(struct pm_inv *base, int64_t id, const char *options_json);
int pm_pg_resume_prepare(struct pm_inv *base, int64_t id);
int pm_pg_done_each(struct pm_inv *base, int64_t id,
                    int (*fn)(void *, const struct pm_inv_done *), void *ctx);
int64_t pm_pg_prune(struct pm_inv *base, unsigned keep);

/* ---- reading (postgres_read.c) ---- */
int pm_pg_scan_get(struct pm_inv *base, int64_t id, struct pm_inv_scan *out);
int pm_pg_scans_each(struct pm_inv *base, int (*fn)(void *, const struct pm_inv_scan *),
                     void *ctx);
int pm_pg_totals_each(struct pm_inv *base, int64_t scan_id,
                      int (*fn)(void *, const struct pm_inv_total *), void *ctx);
int pm_pg_dirs_each(struct pm_inv *base, int64_t scan_id,
                    int (*fn)(void *, const struct pm_inv_dir *), void *ctx);
int pm_pg_files_each(struct pm_inv *base, int64_t scan_id,
                     int (*fn)(void *, const struct pm_inv_file *), void *ctx);
int pm_pg_coverage_each(struct pm_inv *base, int64_t scan_id,
                        int (*fn)(void *, enum pm_file_status, const char *, uint64_t),
                        void *ctx);
int pm_pg_skipped_each(struct pm_inv *base, int64_t scan_id,
                       int (*fn)(void *, const struct pm_inv_file *), void *ctx);
int pm_pg_errors_each(struct pm_inv *base, int64_t scan_id,
                      int (*fn)(void *, const struct pm_inv_file *), void *ctx);
int pm_pg_locate_each(struct pm_inv *base, int64_t scan_id, const char *detector,
                      const unsigned char hash[PM_INV_HASH],
                      int (*fn)(void *, const struct pm_inv_hit *), void *ctx);
int pm_pg_sprawl_each(struct pm_inv *base, int64_t scan_id, uint64_t min_items, uint64_t max,
                      int (*fn)(void *, const struct pm_inv_sprawl *), void *ctx);
int pm_pg_links_each(struct pm_inv *base, int64_t scan_id, int *kept,
                     int (*fn)(void *, const struct pm_inv_link_row *), void *ctx);
int pm_pg_diff_each(struct pm_inv *base, int64_t a, int64_t b,
                    int (*fn)(void *, const struct pm_inv_delta *), void *ctx);
int pm_pg_distinct_diff_each(struct pm_inv *base, int64_t a, int64_t b,
                             int (*fn)(void *, const char *, uint64_t, uint64_t), void *ctx);

/* ---- distributed scans (postgres_dist.c) ---- */
int pm_pg_dist_owner(struct pm_inv *base, const char *host, const char *owner);
int pm_pg_dist_join(struct pm_inv *base, const struct pm_inv_scan *s, const char *const *roots,
                    size_t nroots, int64_t *id, int *created);
int pm_pg_dist_lease(struct pm_inv *base, int64_t scan_id, unsigned lease_s, unsigned max,
                     int (*fn)(void *, const char *), void *ctx);
int pm_pg_dist_renew(struct pm_inv *base, int64_t scan_id, unsigned lease_s);
int pm_pg_dist_done(struct pm_inv *base, int64_t scan_id, const char *const *dirs, size_t ndirs,
                    const char *const *subdirs, size_t nsub, const struct pm_inv_dist_counts *c);
int pm_pg_dist_release(struct pm_inv *base, int64_t scan_id);
int pm_pg_dist_finish(struct pm_inv *base, int64_t scan_id, int64_t incremental_from,
                      uint64_t *open, int *ended);
int pm_pg_hosts_each(struct pm_inv *base, int64_t scan_id,
                     int (*fn)(void *, const char *, uint64_t, uint64_t), void *ctx);

/* ---- scope (postgres_scope.c) ---- */
int pm_pg_scope(struct pm_inv *base, const char *under);
int pm_pg_subtree_get(struct pm_inv *base, int64_t scan_id, const char *dir,
                      struct pm_inv_dir *out);
void pm_pg_scope_free(struct pm_pg *inv);
/* " AND (<alias>.path=$n OR (... >= $n+1 AND ... < $n+2))" when a scope is
 * set, "" when not; pm_pg_scope_params appends its three parameters (call it
 * when p->n + 1 == n). */
const char *pm_pg_scoped(const struct pm_pg *inv, const char *alias, int n, char *buf,
                         size_t bufsz);
void pm_pg_scope_params(const struct pm_pg *inv, struct pm_pg_params *p);

#endif
