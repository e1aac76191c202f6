/* scan_int.h — what the files of scan/ share: one scan's state, the record
 * a worker hands the sink, and the resume bookkeeping. Private to scan/.
 */
#ifndef PM_SCAN_INT_H
#define PM_SCAN_INT_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <sys/stat.h>
#include <time.h>

#include "detect/detector.h"
#include "inventory/inventory.h"
#include "record/key.h"

struct pm_scan_opts;
struct pm_scan_events;
struct pm_hset;
struct pm_queue;
struct pm_reader;
struct pm_allow;
struct pm_userdets;
struct pm_walk_opts;
struct pm_walk_cb;
struct pm_dist_batch;

#define PM_SCAN_OUT_QUEUE 1024

/* What a record is: a file's (or member's) row; in a distributed scan also
 * a subdirectory found (f.path), or the end of a batch of directories. */
enum { PM_REC_ROW = 0, PM_REC_SUBDIR, PM_REC_BATCH };

/* A file's result on its way to the sink. Owns every pointer in it. */
struct rec {
    int kind;
    struct pm_dist_batch *batch; /* PM_REC_BATCH: the driver waits on it */
    struct pm_inv_file f;
    struct pm_inv_finding fds[PM_MAX_DETECTORS];
    int is_dir; /* an unreadable directory: an error, not a file seen */
    int owns_members; /* f.members_json was allocated */
    int is_member;    /* an archive member or attachment, not an on-disk file */
    int carry;        /* unchanged since the previous scan: copy its rows */
    int file_pii;     /* a top-level file: it or one of its members has findings */
    /* resuming: this entry was finished by an earlier run of the same scan;
     * it is counted from `done` and not written again */
    int resumed;
    struct pm_inv_done done;
};

struct worker {
    struct pm_reader *reader;
    struct scan *s;
    const char *path;          /* the top-level file being read */
    const struct stat *st;
    int pii_in_file;           /* an item of that file had findings so far */
    int acl_read;              /* acl holds that file's ACL grants (scan/acl.h) */
    char *acl;                 /* NULL: none */
};

struct scan {
    const struct pm_scan_opts *o;
    unsigned nt;               /* worker threads */
    char **roots;              /* o->roots, absolute and canonical */
    size_t nroots;             /* how many (o->unique_roots: sorted, repeats dropped) */
    char *roots_json;          /* the same as a JSON array */
    atomic_ullong roots_failed; /* roots that could not be read */
    atomic_ullong atime_dirs;   /* directories listed without O_NOATIME */
    struct pm_detset *set;
    struct pm_userdets *user;  /* detectors from --detectors FILE */
    struct pm_allow *allow;    /* --allow FILE */
    struct pm_key key;
    struct worker *workers;
    struct pm_queue *out;
    struct pm_inv *inv;
    int64_t scan_id;
    atomic_int stop;
    atomic_int fatal;      /* the sink could not write */
    char fatal_msg[512];
    const struct pm_scan_events *ev;
    /* counters, written by the sink, read by the monitor */
    atomic_ullong files_seen, files_scanned, files_skipped, files_excluded, bytes, errors,
        with_pii, members_seen, files_with_pii;
    struct timespec t0;
    /* piimap's own files (the inventory's files, the key): never scanned */
    struct { dev_t dev; ino_t ino; } own[8];
    size_t nown;
    int64_t prev_id;          /* incremental: the scan carried from, 0 = none */
    struct pm_hset *prev;     /* its file signatures, by path */
    uint64_t prev_files;      /* its files_seen, for the ETA */
    atomic_ullong unchanged;  /* carried forward in this run */
    atomic_ullong resumed_unchanged; /* carried forward by an earlier run */
    /* resuming: the scan continued and what its earlier runs finished */
    int64_t resume_id;
    char resume_key[17];      /* the key id the scan was started with */
    struct pm_hset *done;     /* path -> struct pm_inv_done (path not kept) */
    /* distributed (distributed.c): the driver's handle and its mutex (with
     * the renewer), this host and lease owner, how the run ended, and the
     * sink's subdirectories of the batch and counters at its last batch */
    struct pm_inv *dinv;
    pthread_mutex_t dmu;
    pthread_cond_t dcv;
    int dmu_ready, dist_over, dist_created, dist_ended, dist_complete;
    char dist_host[256], dist_owner[256];
    char **subdirs;
    size_t nsubdirs, capsubdirs;
    struct pm_inv_dist_counts dist_last;
};


/* scan.c */
void pm_rec_free(struct rec *r);

/* sink.c: the one thread that writes the inventory (arg: struct scan *). */
void *pm_sink_main(void *scan);

/* resume.c: finds the scan to resume in s->inv and fills saved with its
 * options; loads what its earlier runs finished into s->done. */
struct pm_scan_saved;
int pm_resume_find(struct scan *s, struct pm_scan_saved *saved, struct pm_inv_scan *sc,
                   char *err, size_t errsz);
int pm_resume_load_done(struct scan *s);
/* The finished entry at path, or NULL. */
const struct pm_inv_done *pm_resume_done(const struct scan *s, const char *path);
void pm_resume_free(struct scan *s);

/* distributed.c: joins or begins the scan (instead of pm_inv_scan_begin);
 * runs this host's part (instead of one pm_walk); the sink's handling of
 * PM_REC_SUBDIR and PM_REC_BATCH records (-1: the sink failed; the batch is
 * answered either way); frees. */
pm_status pm_dist_begin(struct scan *s, struct pm_inv_scan *sc, const char *opts, char *err,
                        size_t errsz);
pm_status pm_dist_run(struct scan *s, const struct pm_walk_opts *wo, const struct pm_walk_cb *cb,
                      char *err, size_t errsz);
int pm_dist_sink_rec(struct scan *s, struct rec *r, int *in_tx);
/* A record the sink cannot handle (it failed before): a batch is answered
 * with an error. */
void pm_dist_refuse(struct rec *r);
void pm_dist_free(struct scan *s);

#endif
