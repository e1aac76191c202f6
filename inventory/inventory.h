/* inventory.h — the inventory: the single source of truth of every scan.
 *
 * The scanner writes scans, files and findings through this header; reports
 * read them back through it and nothing else. The inventory is an interface
 * chosen at run time: `--db` names a path (the SQLite backend, inventory/
 * sqlite*.c) or a URL, and pm_inv_open asks each backend in the table in
 * inventory.c how well it understands that name; the highest bid opens it.
 * The pm_inv_* functions below dispatch to the handle's operations (struct
 * pm_inv_ops at the end of this header), so callers never know the backend.
 * A postgresql:// or postgres:// URI (or a libpq "host=... dbname=..."
 * string) opens the PostgreSQL backend (inventory/postgres*.c).
 *
 * Adding an inventory backend (postgres*.c followed these steps):
 *   1. write inventory/<name>.c (and <name>_*.c past ~800 lines): an
 *      open function that fills a struct beginning with a struct pm_inv whose
 *      ops point at a static const struct pm_inv_ops with every operation
 *      set, and declare that open function at the end of this header. It
 *      honours the PM_INV_* flags (a reader writes nothing; what is not an
 *      inventory is refused, never initialised), lists in own_files_each the
 *      files it keeps on this machine (a server: none), and never repeats a
 *      password in a message (pm_inv_where_redact);
 *   2. give it its line in the backend table in inventory.c;
 *   3. add the file to inventory/CMakeLists.txt and link its client library,
 *      as pkg_check_modules(LIBPQ ...) in the top CMakeLists.txt and
 *      PkgConfig::LIBPQ in inventory/CMakeLists.txt do for libpq;
 *   4. run the round trip of tests/test_inventory.c against it (it runs
 *      every test once per backend) and keep the data maps the same.
 * Status names (pm_file_status_name, pm_scan_status_name) belong to the
 * interface, not to a backend: a backend stores the enums and never names.
 *
 * Privacy: nothing here ever receives a raw PII value. Findings carry masked
 * samples and keyed hashes (HMAC-SHA256) of normalised values only.
 *
 * Threads: a handle is used by one thread at a time (the scanner's sink
 * thread owns it during a scan). Strings in records passed in are borrowed for
 * the call; records handed to callbacks are valid only during the callback.
 */
#ifndef PM_INVENTORY_H
#define PM_INVENTORY_H

#include <stddef.h>
#include <stdint.h>

#include "common/status.h"

#define PM_INV_SAMPLES 3
#define PM_INV_HASH 32

/* "scanned", "partial", "skipped", "error": the names of the coverage of an
 * item (common/status.h) in data maps and listings. */
const char *pm_file_status_name(enum pm_file_status s);

/* Findings of one detector in one file. */
struct pm_inv_finding {
    const char *detector;          /* id */
    uint64_t occurrences;          /* every match */
    uint64_t by_conf[4];           /* occurrences per confidence: [1] low, [2] medium, [3] high */
    uint64_t distinct;             /* different normalised values */
    uint64_t test_value;           /* occurrences that are known test numbers */
    const char *samples[PM_INV_SAMPLES]; /* masked, distinct */
    size_t nsamples;
    const unsigned char (*hashes)[PM_INV_HASH]; /* keyed hashes of the distinct values */
    size_t nhashes;                /* may be < distinct if the per-file cap was hit */
    /* The masked form of each of those values, in the same order: nhashes
     * NUL-terminated strings one after the other ("j***@example.com\0..."),
     * or NULL. A backend keeps them beside the hashes so that sprawl can
     * show what an identifier looks like (masked); one that does not answers
     * sprawl with masked NULL. */
    const char *masks;
};

/* Two person keys (keyed hashes) found in one record, or one key alone.
 * An item's links are stored as one value: their bytes, a then b, one
 * link after another. */
struct pm_inv_link {
    unsigned char a[PM_INV_HASH], b[PM_INV_HASH];
};
#define PM_INV_LINK_BYTES (2 * PM_INV_HASH)
_Static_assert(sizeof(struct pm_inv_link) == PM_INV_LINK_BYTES, "links are stored as their bytes");

struct pm_inv_file {
    const char *path;              /* on-disk path as reached (root + relative) */
    const char *members_json;      /* JSON array of member names, "[]" for none */
    const char *mime;              /* libmagic type, may be NULL */
    const char *encoding;          /* text encoding scanned, may be NULL */
    uint64_t size;
    int64_t mtime, ctime;          /* seconds since the epoch */
    int64_t mtime_ns, ctime_ns;    /* and their nanoseconds (for incremental scans) */
    uint64_t dev, ino;
    uint32_t uid, gid, mode;
    const char *owner, *group;     /* names, or NULL if unknown */
    /* The entries of its POSIX access ACL that let named users or groups
     * read or write it, the ACL mask applied ("user:bob:r--,group:hr:rw-"),
     * or NULL when none does (no extended ACL). A member has its file's. */
    const char *acl;
    enum pm_file_status status;
    const char *reason;            /* why skipped/partial/error, else NULL */
    uint64_t bytes_scanned;
    const struct pm_inv_finding *findings;
    size_t nfindings;
    /* People (common/people.h), written only: keyed hashes of person keys
     * linked in one record of this item (a, b), and of keys linked to
     * nothing here (a == b); and how many records linked keys. */
    const struct pm_inv_link *links;
    size_t nlinks;
    uint64_t linked_records;
    /* Read back only: the host that read it in a distributed scan, else
     * NULL (writers name theirs with pm_inv_dist_owner). */
    const char *host;
};

/* incomplete: ran to its end, but a root could not be read. Only complete
 * scans are the base of incremental scans and default diffs. */
enum pm_scan_status { PM_SCAN_RUNNING = 0, PM_SCAN_COMPLETE, PM_SCAN_INTERRUPTED, PM_SCAN_INCOMPLETE };
const char *pm_scan_status_name(enum pm_scan_status s);

struct pm_inv_scan {
    int64_t id;
    enum pm_scan_status status;
    int64_t started_at, finished_at; /* epoch seconds; finished_at 0 while running */
    const char *roots_json;          /* JSON array of roots as given */
    const char *tool_version;
    const char *key_id;              /* fingerprint of the HMAC key used */
    uint64_t files_seen, files_scanned, files_skipped, files_excluded;
    uint64_t members_seen;           /* archive members and attachments reached */
    uint64_t files_unchanged;        /* carried forward from the previous scan unread */
    int64_t incremental_from;        /* that scan's id, 0 for a full scan */
    uint64_t bytes_scanned, errors;
    /* The scan's options as JSON (how to resume it), NULL if not recorded. */
    const char *options_json;
};

struct pm_inv;

/* How an inventory is opened. */
enum {
    /* Read only: never writes, never creates, and works on a read-only file
     * or a copy in a read-only directory (report, scans, diff). */
    PM_INV_READ = 1,
    /* Read and write an existing inventory (prune). */
    PM_INV_WRITE = 2,
    /* With PM_INV_WRITE: create it, mode 0600, if it does not exist (scan). */
    PM_INV_CREATE = 4,
};

/* Opens the inventory that `where` names (a path, or a URL of a backend
 * built in) as `flags` say. Something that exists but is not an inventory
 * (an empty file, another database) is refused, never turned into one.
 * Returns 0 or -1 with a message naming it in err (a URL's password is never
 * repeated). */
int pm_inv_open(const char *where, int flags, struct pm_inv **out, char *err, size_t errsz);
void pm_inv_close(struct pm_inv *inv);
const char *pm_inv_errmsg(struct pm_inv *inv);

/* The files the backend keeps on this machine (for SQLite: the database and
 * its -wal, -shm and -journal files, whether they exist yet or not), so the
 * scanner never reads its own inventory. fn returns non-zero to stop. */
int pm_inv_own_files_each(struct pm_inv *inv, int (*fn)(void *, const char *path), void *ctx);

/* --- writing (scanner) --- */
int pm_inv_scan_begin(struct pm_inv *inv, const struct pm_inv_scan *scan, int64_t *id);
int pm_inv_scan_update(struct pm_inv *inv, const struct pm_inv_scan *scan);
int pm_inv_tx_begin(struct pm_inv *inv);
int pm_inv_tx_commit(struct pm_inv *inv);
int pm_inv_add_file(struct pm_inv *inv, int64_t scan_id, const struct pm_inv_file *f);

/* --- resuming an interrupted scan --- */
/* Marks scan `id` as running again (its rows stay), with new options JSON
 * (the process that now runs it). */
int pm_inv_scan_reopen(struct pm_inv *inv, int64_t id, const char *options_json);
/* Deletes the rows of scan `id` that a stop left unfinished: every row of a
 * top-level file that has a row stopped by the interrupt (reason
 * "interrupted..."), and member rows whose top-level row was never written. */
int pm_inv_resume_prepare(struct pm_inv *inv, int64_t id);
/* A top-level entry that scan `id` finished: what counting it again needs. */
struct pm_inv_done {
    const char *path;
    enum pm_file_status status;
    uint64_t bytes_scanned;
    uint64_t members;      /* member rows */
    uint64_t error_rows;   /* rows (it and its members) partial or in error */
    uint64_t pii_rows;     /* rows with findings */
    int carried;           /* carried forward unread from an earlier scan */
};
int pm_inv_done_each(struct pm_inv *inv, int64_t id,
                     int (*fn)(void *, const struct pm_inv_done *), void *ctx);

/* --- incremental scans --- */
/* The newest complete scan before `before` (0: any) of exactly these roots
 * with this key; 0 if none, -1 on error. */
int64_t pm_inv_prev_scan(struct pm_inv *inv, const char *roots_json, const char *key_id,
                         int64_t before);
/* A top-level file of a scan that was read without trouble (it and all its
 * members scanned or skipped), with its stat signature. */
struct pm_inv_sig {
    const char *path;
    uint64_t size, dev, ino;
    int64_t mtime, mtime_ns, ctime, ctime_ns;
    uint64_t bytes_scanned;
    int has_pii;          /* it or one of its members has findings */
    uint64_t members;     /* member rows */
};
int pm_inv_sigs_each(struct pm_inv *inv, int64_t scan_id,
                     int (*fn)(void *, const struct pm_inv_sig *), void *ctx);
/* Marks a top-level file as unchanged; pm_inv_carry_finish then copies the
 * rows of every marked file (and its members, findings, hashes) from scan
 * `from` into scan `to` in three set-wise statements, and counts the rows
 * copied and those with findings. */
int pm_inv_carry_mark(struct pm_inv *inv, const char *path);
int pm_inv_carry_finish(struct pm_inv *inv, int64_t to, int64_t from, uint64_t *rows,
                        uint64_t *with_pii);

/* --- reading (reports) --- */
/* The scan with this id; id 0 means the newest scan. Returns 0, 1 if none,
 * -1 on error. Strings stay valid until the next call on inv. */
int pm_inv_scan_get(struct pm_inv *inv, int64_t id, struct pm_inv_scan *out);
int pm_inv_scans_each(struct pm_inv *inv, int (*fn)(void *, const struct pm_inv_scan *),
                      void *ctx);

/* Totals over a scan for one detector. */
struct pm_inv_total {
    const char *detector;
    uint64_t occurrences, distinct, files;
    uint64_t by_conf[4]; /* occurrences per confidence, as in pm_inv_finding */
    uint64_t test_value; /* occurrences that are known test numbers */
};
int pm_inv_totals_each(struct pm_inv *inv, int64_t scan_id,
                       int (*fn)(void *, const struct pm_inv_total *), void *ctx);

/* One directory: files recorded directly in it, and its findings. */
struct pm_inv_dir {
    const char *path;
    uint64_t files, files_with_pii;
    const struct pm_inv_total *findings; /* .files unused */
    size_t nfindings;
};
int pm_inv_dirs_each(struct pm_inv *inv, int64_t scan_id,
                     int (*fn)(void *, const struct pm_inv_dir *), void *ctx);

/* Limits the readers of a data map (totals, dirs, files, coverage, skipped,
 * errors, subtree) to the items at or under `under` (a canonical path: the
 * item's own path is `under` or begins with `under` and a slash); NULL
 * lifts the limit. Diffs, scans and locate are never limited. Returns 0 or
 * -1. The string is copied. */
int pm_inv_scope(struct pm_inv *inv, const char *under);
/* Everything of scan_id at or under `dir` (within the scope), recursively:
 * items read (status scanned or partial), those with findings, and per
 * detector occurrences, distinct values (by keyed hash, across the
 * subtree) and items. out->path is dir; out->findings stays valid until the
 * next call on inv. Returns 0 or -1. */
int pm_inv_subtree_get(struct pm_inv *inv, int64_t scan_id, const char *dir,
                       struct pm_inv_dir *out);

/* Files with at least one finding (with findings, no hashes), ordered by path. */
int pm_inv_files_each(struct pm_inv *inv, int64_t scan_id,
                      int (*fn)(void *, const struct pm_inv_file *), void *ctx);
/* Coverage: how many items (files and members) have each status and reason.
 * Called once per (status, reason) pair, most frequent first. */
int pm_inv_coverage_each(struct pm_inv *inv, int64_t scan_id,
                         int (*fn)(void *, enum pm_file_status, const char *reason,
                                   uint64_t count),
                         void *ctx);
/* Skipped items, except those skipped for their type (media), by path. */
int pm_inv_skipped_each(struct pm_inv *inv, int64_t scan_id,
                        int (*fn)(void *, const struct pm_inv_file *), void *ctx);

/* Files whose status is error or partial. */
int pm_inv_errors_each(struct pm_inv *inv, int64_t scan_id,
                       int (*fn)(void *, const struct pm_inv_file *), void *ctx);

/* --- locating one value (piimap locate) --- */
/* An item (a file, or an archive member) that holds a value: which scan,
 * where, and the findings of that detector in it (the inventory keeps one
 * keyed hash per distinct value and item, not a count per value). */
struct pm_inv_hit {
    int64_t scan_id;
    const char *path, *members_json, *detector;
    uint64_t occurrences, distinct; /* all of the detector's matches in the item */
};
/* Calls fn for every item of scan_id (0: of every scan) whose findings of
 * `detector` hold the keyed hash `hash`, ordered by scan, path, members. The
 * hash is the caller's (record/key.h); a raw value never comes here. */
int pm_inv_locate_each(struct pm_inv *inv, int64_t scan_id, const char *detector,
                       const unsigned char hash[PM_INV_HASH],
                       int (*fn)(void *, const struct pm_inv_hit *), void *ctx);

/* --- sprawl: one identifier in many items --- */
/* An identifier (one normalised value of one detector, by keyed hash) and
 * the number of items holding it. */
struct pm_inv_sprawl {
    const char *detector;
    const unsigned char *hash; /* PM_INV_HASH bytes */
    const char *masked;        /* its masked form; NULL if the backend keeps none */
    uint64_t items;            /* items (files and archive members) holding it */
};
/* Calls fn for every identifier of scan_id that at least min_items items
 * hold (within the scope of pm_inv_scope), most items first, then by
 * detector and hash (bytewise); at most max of them. One grouped pass over
 * the scan's hashes, the cost of a distinct count. Which items hold one:
 * pm_inv_locate_each. */
int pm_inv_sprawl_each(struct pm_inv *inv, int64_t scan_id, uint64_t min_items, uint64_t max,
                       int (*fn)(void *, const struct pm_inv_sprawl *), void *ctx);

/* --- people: person keys linked within records --- */
/* One stored link of an item (struct pm_inv_file.links), with where the
 * item is. */
struct pm_inv_link_row {
    const char *dir;          /* the directory the item is recorded in */
    int64_t item;             /* the item's row: the rows of one item come together */
    uint64_t linked_records;  /* the item's records that linked keys */
    const unsigned char *a, *b; /* PM_INV_HASH bytes each; a == b: a key alone */
};
/* Calls fn for every link of scan_id's items (within the scope of
 * pm_inv_scope), ordered by directory (bytewise), then item. *kept is 1 if
 * the scan kept links, 0 for a scan made before they were (the caller
 * then counts distinct keys); such a scan is never the base of an
 * incremental scan (pm_inv_prev_scan), whose carried rows would have none. */
int pm_inv_links_each(struct pm_inv *inv, int64_t scan_id, int *kept,
                      int (*fn)(void *, const struct pm_inv_link_row *), void *ctx);

/* --- diffs between two scans --- */
/* One (item, detector) pair with findings in either scan; rows come ordered
 * by path, members, detector. a/b are the occurrences in each scan. */
struct pm_inv_delta {
    const char *path, *members_json, *detector;
    uint64_t a, b;
    int in_a, in_b; /* the item exists in that scan (with or without findings) */
};
int pm_inv_diff_each(struct pm_inv *inv, int64_t a, int64_t b,
                     int (*fn)(void *, const struct pm_inv_delta *), void *ctx);
/* Per detector: distinct keyed hashes in b and not in a (fresh), and in a
 * and not in b (gone). */
int pm_inv_distinct_diff_each(struct pm_inv *inv, int64_t a, int64_t b,
                              int (*fn)(void *, const char *detector, uint64_t fresh,
                                        uint64_t gone),
                              void *ctx);
/* Deletes all but the newest `keep` scans. Returns how many were deleted,
 * or -1. */
int64_t pm_inv_prune(struct pm_inv *inv, unsigned keep);

/* --- distributed scans (PostgreSQL) ----------------------------------------
 * Hosts that run the same `scan --distributed` share one scan: a queue of
 * directories ("jobs") each host leases a few at a time, lists one level
 * deep (its subdirectories become jobs), and marks done with the counts of
 * what it read, in the transaction of its last rows. A lease its owner stops
 * renewing expires and another host takes the job over; when every job is
 * done the scan is complete. Rows carry the host that read them and the
 * lease owner (host, process, random), so the rows of a job a dead host
 * began are dropped when the scan ends. A backend without them (SQLite)
 * refuses every call with a message. */
struct pm_inv_dist_counts {
    uint64_t files_seen, files_scanned, files_skipped, files_excluded, members_seen,
        files_unchanged, bytes_scanned, errors, roots_failed;
};
/* 1 if the backend has distributed scans (PostgreSQL), else 0. */
int pm_inv_dist_supported(struct pm_inv *inv);
/* Names the host (data maps) and the lease owner (unique per process) that
 * this handle's rows, leases and carried rows belong to. */
int pm_inv_dist_owner(struct pm_inv *inv, const char *host, const char *owner);
/* Joins the running distributed scan of exactly these roots (scan->roots_json),
 * or begins one (scan as pm_inv_scan_begin; its queue seeded with the roots)
 * when there is none. A scan begun with another key (scan->key_id) is
 * refused: -1, the message names both ids. *created says which happened. */
int pm_inv_dist_join(struct pm_inv *inv, const struct pm_inv_scan *scan,
                     const char *const *roots, size_t nroots, int64_t *id, int *created);
/* Leases up to max jobs, pending or with an expired lease, for lease_s
 * seconds; fn gets each directory. Returns how many, or -1. */
int pm_inv_dist_lease(struct pm_inv *inv, int64_t scan_id, unsigned lease_s, unsigned max,
                      int (*fn)(void *, const char *dir), void *ctx);
/* Extends this owner's leases; returns how many it holds, or -1. */
int pm_inv_dist_renew(struct pm_inv *inv, int64_t scan_id, unsigned lease_s);
/* In the current transaction: queues the subdirectories found (each once
 * per scan), and marks the jobs `dirs` done with the counts of all of them.
 * Returns 0; 1 when a lease of them was lost meanwhile (then the
 * transaction has been rolled back, none is marked, and those still held
 * are pending again); or -1. */
int pm_inv_dist_done(struct pm_inv *inv, int64_t scan_id, const char *const *dirs, size_t ndirs,
                     const char *const *subdirs, size_t nsub, const struct pm_inv_dist_counts *c);
/* Gives this owner's leases back (an interrupted host). */
int pm_inv_dist_release(struct pm_inv *inv, int64_t scan_id);
/* Jobs not done (pending or leased) into *open; when there are none and the
 * scan still runs, ends it: rows of abandoned attempts dropped, counts the
 * sums of its jobs', status complete (incomplete if a root failed),
 * incremental_from as given. *ended is 1 for the one host that ends it. */
int pm_inv_dist_finish(struct pm_inv *inv, int64_t scan_id, int64_t incremental_from,
                       uint64_t *open, int *ended);
/* The hosts that read a scan's files, with how many top-level files and
 * bytes each read; none for a scan that was not distributed. */
int pm_inv_hosts_each(struct pm_inv *inv, int64_t scan_id,
                      int (*fn)(void *, const char *host, uint64_t files, uint64_t bytes),
                      void *ctx);

/* --- for backends -------------------------------------------------------- */

/* One operation per pm_inv_* function above, same arguments and results;
 * every one must be set but the optional ones at the end. */
struct pm_inv_ops {
    void (*close)(struct pm_inv *inv);
    const char *(*errmsg)(struct pm_inv *inv);
    int (*own_files_each)(struct pm_inv *inv, int (*fn)(void *, const char *), void *ctx);
    /* writing */
    int (*scan_begin)(struct pm_inv *inv, const struct pm_inv_scan *scan, int64_t *id);
    int (*scan_update)(struct pm_inv *inv, const struct pm_inv_scan *scan);
    int (*tx_begin)(struct pm_inv *inv);
    int (*tx_commit)(struct pm_inv *inv);
    int (*add_file)(struct pm_inv *inv, int64_t scan_id, const struct pm_inv_file *f);
    /* incremental scans */
    int64_t (*prev_scan)(struct pm_inv *inv, const char *roots_json, const char *key_id,
                         int64_t before);
    int (*sigs_each)(struct pm_inv *inv, int64_t scan_id,
                     int (*fn)(void *, const struct pm_inv_sig *), void *ctx);
    int (*carry_mark)(struct pm_inv *inv, const char *path);
    int (*carry_finish)(struct pm_inv *inv, int64_t to, int64_t from, uint64_t *rows,
                        uint64_t *with_pii);
    /* resuming */
    int (*scan_reopen)(struct pm_inv *inv, int64_t id, const char *options_json);
    int (*resume_prepare)(struct pm_inv *inv, int64_t id);
    int (*done_each)(struct pm_inv *inv, int64_t id,
                     int (*fn)(void *, const struct pm_inv_done *), void *ctx);
    /* reading */
    int (*scan_get)(struct pm_inv *inv, int64_t id, struct pm_inv_scan *out);
    int (*scans_each)(struct pm_inv *inv, int (*fn)(void *, const struct pm_inv_scan *),
                      void *ctx);
    int (*totals_each)(struct pm_inv *inv, int64_t scan_id,
                       int (*fn)(void *, const struct pm_inv_total *), void *ctx);
    int (*dirs_each)(struct pm_inv *inv, int64_t scan_id,
                     int (*fn)(void *, const struct pm_inv_dir *), void *ctx);
    int (*files_each)(struct pm_inv *inv, int64_t scan_id,
                      int (*fn)(void *, const struct pm_inv_file *), void *ctx);
    int (*coverage_each)(struct pm_inv *inv, int64_t scan_id,
                         int (*fn)(void *, enum pm_file_status, const char *, uint64_t),
                         void *ctx);
    int (*skipped_each)(struct pm_inv *inv, int64_t scan_id,
                        int (*fn)(void *, const struct pm_inv_file *), void *ctx);
    int (*errors_each)(struct pm_inv *inv, int64_t scan_id,
                       int (*fn)(void *, const struct pm_inv_file *), void *ctx);
    int (*scope)(struct pm_inv *inv, const char *under);
    int (*subtree_get)(struct pm_inv *inv, int64_t scan_id, const char *dir,
                       struct pm_inv_dir *out);
    int (*locate_each)(struct pm_inv *inv, int64_t scan_id, const char *detector,
                       const unsigned char hash[PM_INV_HASH],
                       int (*fn)(void *, const struct pm_inv_hit *), void *ctx);
    int (*sprawl_each)(struct pm_inv *inv, int64_t scan_id, uint64_t min_items, uint64_t max,
                       int (*fn)(void *, const struct pm_inv_sprawl *), void *ctx);
    int (*links_each)(struct pm_inv *inv, int64_t scan_id, int *kept,
                      int (*fn)(void *, const struct pm_inv_link_row *), void *ctx);
    /* diffs and retention */
    int (*diff_each)(struct pm_inv *inv, int64_t a, int64_t b,
                     int (*fn)(void *, const struct pm_inv_delta *), void *ctx);
    int (*distinct_diff_each)(struct pm_inv *inv, int64_t a, int64_t b,
                              int (*fn)(void *, const char *, uint64_t, uint64_t), void *ctx);
    int64_t (*prune)(struct pm_inv *inv, unsigned keep);
    /* distributed scans: NULL when the backend has none (the pm_inv_dist_*
     * calls then fail with a message saying so) */
    int (*dist_owner)(struct pm_inv *inv, const char *host, const char *owner);
    int (*dist_join)(struct pm_inv *inv, const struct pm_inv_scan *scan,
                     const char *const *roots, size_t nroots, int64_t *id, int *created);
    int (*dist_lease)(struct pm_inv *inv, int64_t scan_id, unsigned lease_s, unsigned max,
                      int (*fn)(void *, const char *), void *ctx);
    int (*dist_renew)(struct pm_inv *inv, int64_t scan_id, unsigned lease_s);
    int (*dist_done)(struct pm_inv *inv, int64_t scan_id, const char *const *dirs, size_t ndirs,
                     const char *const *subdirs, size_t nsub,
                     const struct pm_inv_dist_counts *c);
    int (*dist_release)(struct pm_inv *inv, int64_t scan_id);
    int (*dist_finish)(struct pm_inv *inv, int64_t scan_id, int64_t incremental_from,
                       uint64_t *open, int *ended);
    /* NULL: no scan of this backend was distributed (no hosts to list) */
    int (*hosts_each)(struct pm_inv *inv, int64_t scan_id,
                      int (*fn)(void *, const char *, uint64_t, uint64_t), void *ctx);
};

/* The handle callers hold. A backend's own state begins with it, so the
 * backend turns the pointer it is given back into its own struct. */
struct pm_inv {
    const struct pm_inv_ops *ops;
};

/* One line of the backend table (inventory.c). bid says how well the backend
 * understands `where`: 0 not at all, higher is surer; the highest bid opens
 * it. open is NULL for a backend that is recognised but not built in. */
struct pm_inv_backend {
    const char *name; /* for messages: "SQLite", "PostgreSQL" */
    int (*bid)(const char *where);
    int (*open)(const char *where, int flags, struct pm_inv **out, char *err, size_t errsz);
};

/* SQLite (inventory/sqlite*.c): a path; anything that is not a URL. */
int pm_inv_sqlite_bid(const char *where);
int pm_inv_sqlite_open(const char *where, int flags, struct pm_inv **out, char *err,
                       size_t errsz);
/* PostgreSQL (inventory/postgres*.c, through libpq): a postgresql:// or
 * postgres:// URI or a libpq key=value string (recognised in inventory.c). */
int pm_inv_postgresql_bid(const char *where);
int pm_inv_postgresql_open(const char *where, int flags, struct pm_inv **out, char *err,
                           size_t errsz);

/* Length of the scheme of a URL ("postgresql" in "postgresql://..."), 0 if
 * `where` is not "scheme://..." and so names a file. */
size_t pm_inv_url_scheme(const char *where);

/* The paths strictly below p are [lo, hi): p "/" and p "0" ('0' is the
 * byte after '/', so the range is exactly the paths that begin with p and a
 * slash: one range seek on an index of paths); "/" and "0" for the root.
 * Both malloc'd; returns 0, or -1 out of memory. */
int pm_inv_below(const char *p, char **lo, char **hi);
/* A reader's scope (pm_inv_scope) as backends keep it: *path is a copy of
 * under and [*lo, *hi) the paths below it, all NULL for no limit (under
 * NULL). What they held is freed first. Returns 0, or -1 out of memory
 * (all NULL). */
int pm_inv_scope_set(char **path, char **lo, char **hi, const char *under);
/* A finding's masked samples as a compact JSON array (malloc'd; NULL if out
 * of memory), as the backends store them. */
char *pm_inv_samples_json(const struct pm_inv_finding *fd);

/* A URL fit for a message: the user's password and the query are left out.
 * Paths come back as they are. */
void pm_inv_where_redact(const char *where, char *out, size_t outsz);

#endif
