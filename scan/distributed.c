/* distributed.c — one host's part of a distributed scan (scan --distributed):
 * join (or begin) the scan of these roots, then lease a few directories at a
 * time from the inventory's queue, walk each one level deep (the files in it
 * are read as in any scan; its subdirectories go back to the queue), and
 * have the sink mark them done, with the counts of what was read, in the
 * transaction of their last rows. A thread renews the leases; a host that
 * dies stops renewing and its directories are taken over. When nothing is
 * pending or leased, the host that sees it first ends the scan.
 *
 * The leases, the queue and the end go through a second inventory handle
 * (the sink owns the first), used by the driver and the renewer under one
 * mutex. Nothing here sees a file's content.
 */
#define _GNU_SOURCE
#include <jansson.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "common/version.h"
#include "scan/scan.h"
#include "scan/scan_int.h"
#include "walk/queue.h"
#include "walk/walk.h"

#define JOBS_PER_LEASE 8
#define DEFAULT_LEASE_S 60

/* What the sink is told at the end of a batch, and tells back. */
struct pm_dist_batch {
    char **dirs;
    size_t ndirs;
    uint64_t excluded, roots_failed; /* counted by the workers in this batch */
    pthread_mutex_t mu;
    pthread_cond_t cv;
    int answered, rc; /* rc: 0 done, 1 a lease was lost, -1 error */
};

static unsigned lease_seconds(const struct scan *s)
{
    return s->o->lease_seconds ? s->o->lease_seconds : DEFAULT_LEASE_S;
}

/* "host/pid/random/batch": the owner of one batch's leases and rows. */
static int name_batch(struct scan *s, unsigned long batch)
{
    char tag[sizeof s->dist_owner + 24];
    snprintf(tag, sizeof tag, "%s/%lu", s->dist_owner, batch);
    return pm_inv_dist_owner(s->inv, s->dist_host, tag) != 0 ||
                   pm_inv_dist_owner(s->dinv, s->dist_host, tag) != 0
               ? -1
               : 0;
}

/* The options of a scan as far as they decide what it finds: not which
 * process or host runs it, nor whether it rereads unchanged files. */
static json_t *finding_options(const char *opts)
{
    json_t *j = opts ? json_loads(opts, 0, NULL) : NULL;
    json_object_del(j, "pid");
    json_object_del(j, "host");
    json_object_del(j, "full");
    return j;
}

/* A host joining a running scan must run it as it was begun, or the hosts
 * would map their parts of one share by different rules. */
static pm_status same_options(struct scan *s, const char *opts, char *err, size_t errsz)
{
    struct pm_inv_scan begun;
    if (pm_inv_scan_get(s->inv, s->scan_id, &begun) != 0) {
        snprintf(err, errsz, "%s: %s", s->o->db_path, pm_inv_errmsg(s->inv));
        return PM_FATAL_INVENTORY;
    }
    json_t *a = finding_options(begun.options_json), *b = finding_options(opts);
    int same = a && b && json_equal(a, b);
    json_decref(a);
    json_decref(b);
    if (same)
        return PM_OK;
    snprintf(err, errsz, "%s: scan %lld of these roots runs with other options (excludes, "
                         "detectors, allow list or limits): every host of a distributed scan "
                         "runs the same command", s->o->db_path, (long long)s->scan_id);
    return PM_FATAL_USAGE;
}

pm_status pm_dist_begin(struct scan *s, struct pm_inv_scan *sc, const char *opts, char *err,
                        size_t errsz)
{
    const struct pm_scan_opts *o = s->o;
    if (!pm_inv_dist_supported(s->inv)) {
        snprintf(err, errsz, "%s: --distributed needs a PostgreSQL inventory (--db "
                             "postgresql://...): the hosts share its queue", o->db_path);
        return PM_FATAL_USAGE;
    }
    if (o->host && *o->host)
        snprintf(s->dist_host, sizeof s->dist_host, "%s", o->host);
    else if (gethostname(s->dist_host, sizeof s->dist_host - 1) != 0)
        snprintf(s->dist_host, sizeof s->dist_host, "unknown");
    unsigned rnd = 0;
    if (getrandom(&rnd, sizeof rnd, 0) != sizeof rnd)
        rnd = (unsigned)time(NULL);
    snprintf(s->dist_owner, sizeof s->dist_owner, "%.200s/%ld/%08x", s->dist_host,
             (long)getpid(), rnd);
    if (pm_inv_open(o->db_path, PM_INV_WRITE, &s->dinv, err, errsz) != 0)
        return PM_FATAL_INVENTORY;
    pthread_mutex_init(&s->dmu, NULL);
    s->dmu_ready = 1;
    *sc = (struct pm_inv_scan){.started_at = time(NULL), .roots_json = s->roots_json,
                               .tool_version = PM_VERSION, .key_id = s->key.id,
                               .options_json = opts};
    int created = 0;
    if (name_batch(s, 0) != 0 ||
        pm_inv_dist_join(s->inv, sc, (const char *const *)s->roots, s->nroots, &s->scan_id,
                         &created) != 0) {
        snprintf(err, errsz, "%s: %s", o->db_path, pm_inv_errmsg(s->inv));
        return strstr(err, "HMAC key") ? PM_FATAL_KEY : PM_FATAL_INVENTORY;
    }
    s->dist_created = created;
    return created ? PM_OK : same_options(s, opts, err, errsz);
}

/* ---- the renewer --------------------------------------------------------------- */

static void *renewer_main(void *p)
{
    struct scan *s = p;
    unsigned every = lease_seconds(s) / 3 ? lease_seconds(s) / 3 : 1;
    pthread_mutex_lock(&s->dmu);
    while (!s->dist_over) {
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        ts.tv_sec += every;
        pthread_cond_timedwait(&s->dcv, &s->dmu, &ts);
        if (!s->dist_over)
            (void)pm_inv_dist_renew(s->dinv, s->scan_id, lease_seconds(s));
    }
    pthread_mutex_unlock(&s->dmu);
    return NULL;
}

/* ---- the driver -------------------------------------------------------------- */

struct jobs {
    char **dirs;
    size_t n, cap;
};

static int add_job(void *ctx, const char *dir)
{
    struct jobs *j = ctx;
    if (j->n == j->cap) {
        size_t nc = j->cap ? 2 * j->cap : JOBS_PER_LEASE;
        char **nd = realloc(j->dirs, nc * sizeof *nd);
        if (!nd)
            return -1;
        j->dirs = nd;
        j->cap = nc;
    }
    return (j->dirs[j->n] = strdup(dir)) ? (j->n++, 0) : -1;
}

static void on_subdir(void *ctx, const char *path)
{
    struct scan *s = ctx;
    struct rec *r = calloc(1, sizeof *r);
    if (r && !(r->f.path = strdup(path))) {
        free(r);
        r = NULL;
    }
    if (!r) {
        atomic_store(&s->stop, 1); /* a lost directory would make the map wrong */
        return;
    }
    r->kind = PM_REC_SUBDIR;
    if (pm_queue_push(s->out, r) != 0)
        pm_rec_free(r);
}

/* Hands the batch to the sink and waits for its answer. */
static int end_batch(struct scan *s, struct jobs *j, uint64_t excluded, uint64_t roots_failed)
{
    struct pm_dist_batch b = {.dirs = j->dirs, .ndirs = j->n, .excluded = excluded,
                              .roots_failed = roots_failed};
    pthread_mutex_init(&b.mu, NULL);
    pthread_cond_init(&b.cv, NULL);
    struct rec *r = calloc(1, sizeof *r);
    int rc = -1;
    if (r) {
        r->kind = PM_REC_BATCH;
        r->batch = &b;
        if (pm_queue_push(s->out, r) == 0) {
            pthread_mutex_lock(&b.mu);
            while (!b.answered)
                pthread_cond_wait(&b.cv, &b.mu);
            pthread_mutex_unlock(&b.mu);
            rc = b.rc;
        } else {
            free(r);
        }
    }
    pthread_mutex_destroy(&b.mu);
    pthread_cond_destroy(&b.cv);
    return rc;
}

/* 1 if the run must stop; an interrupt is seen here at once, not at the
 * monitor's next tick, so that a batch it cut short is never marked done. */
static int stopping(struct scan *s)
{
    if (s->o->interrupt && atomic_load(s->o->interrupt))
        atomic_store(&s->stop, 1);
    return atomic_load(&s->stop) || atomic_load(&s->fatal);
}

static void sleep_ms(struct scan *s, long ms)
{
    for (long t = 0; t < ms && !stopping(s); t += 100)
        nanosleep(&(struct timespec){0, 100 * 1000000L}, NULL);
}

/* One batch: lease, walk one level deep, have it marked done. Returns 1 if
 * a batch ran, 0 if there was nothing to lease, -1 on error. */
static int one_batch(struct scan *s, const struct pm_walk_opts *wo, const struct pm_walk_cb *cb,
                     unsigned long batch, char *err, size_t errsz)
{
    struct jobs j = {0};
    pthread_mutex_lock(&s->dmu);
    int n = name_batch(s, batch) == 0
                ? pm_inv_dist_lease(s->dinv, s->scan_id, lease_seconds(s), JOBS_PER_LEASE,
                                    add_job, &j)
                : -1;
    if (n < 0)
        snprintf(err, errsz, "%s: %s", s->o->db_path, pm_inv_errmsg(s->dinv));
    pthread_mutex_unlock(&s->dmu);
    int rc = n < 0 ? -1 : n > 0;
    if (n > 0) {
        struct pm_walk_opts o = *wo;
        struct pm_walk_cb c = *cb;
        o.roots = (const char *const *)j.dirs;
        o.nroots = j.n;
        c.subdir = on_subdir;
        uint64_t ex0 = atomic_load(&s->files_excluded), rf0 = atomic_load(&s->roots_failed);
        if (pm_walk(&o, &c) != 0) {
            snprintf(err, errsz, "cannot start worker threads");
            rc = -1;
        } else if (!stopping(s)) {
            int done = end_batch(s, &j, atomic_load(&s->files_excluded) - ex0,
                                 atomic_load(&s->roots_failed) - rf0);
            if (done < 0) {
                snprintf(err, errsz, "%s", s->fatal_msg[0] ? s->fatal_msg : "inventory write failed");
                rc = -1;
            }
        }
    }
    for (size_t i = 0; i < j.n; i++)
        free(j.dirs[i]);
    free(j.dirs);
    return rc;
}

pm_status pm_dist_run(struct scan *s, const struct pm_walk_opts *wo, const struct pm_walk_cb *cb,
                      char *err, size_t errsz)
{
    pthread_t ren;
    pthread_cond_init(&s->dcv, NULL);
    int ren_started = pthread_create(&ren, NULL, renewer_main, s) == 0;
    pm_status st = PM_OK;
    unsigned long batch = 0;
    while (!stopping(s)) {
        int r = one_batch(s, wo, cb, ++batch, err, errsz);
        if (r < 0) {
            st = PM_FATAL_INVENTORY;
            atomic_store(&s->stop, 1);
            break;
        }
        if (r > 0)
            continue;
        /* Nothing to lease: the scan ends when no host holds a job either;
         * until then, a dead host's leases expire and come back here. */
        uint64_t open = 0;
        int ended = 0;
        pthread_mutex_lock(&s->dmu);
        int fr = pm_inv_dist_finish(s->dinv, s->scan_id, s->prev_id, &open, &ended);
        if (fr != 0)
            snprintf(err, errsz, "%s: %s", s->o->db_path, pm_inv_errmsg(s->dinv));
        pthread_mutex_unlock(&s->dmu);
        if (fr != 0) {
            st = PM_FATAL_INVENTORY;
            break;
        }
        if (!open) {
            s->dist_ended = ended;
            s->dist_complete = 1;
            break;
        }
        sleep_ms(s, 500);
    }
    pthread_mutex_lock(&s->dmu);
    s->dist_over = 1;
    pthread_cond_signal(&s->dcv);
    if (!s->dist_complete)
        (void)pm_inv_dist_release(s->dinv, s->scan_id); /* the others go on at once */
    pthread_mutex_unlock(&s->dmu);
    if (ren_started)
        pthread_join(ren, NULL);
    pthread_cond_destroy(&s->dcv);
    return st;
}

/* ---- the sink's side -------------------------------------------------------------- */

/* The sink's counters now, and since the last batch. */
static struct pm_inv_dist_counts sink_counts(const struct scan *s)
{
    return (struct pm_inv_dist_counts){
        .files_seen = atomic_load(&s->files_seen), .files_scanned = atomic_load(&s->files_scanned),
        .files_skipped = atomic_load(&s->files_skipped),
        .members_seen = atomic_load(&s->members_seen), .files_unchanged = atomic_load(&s->unchanged),
        .bytes_scanned = atomic_load(&s->bytes), .errors = atomic_load(&s->errors)};
}

static int batch_done(struct scan *s, struct pm_dist_batch *b, int *in_tx)
{
    uint64_t nrows = 0, npii = 0;
    if (!*in_tx && pm_inv_tx_begin(s->inv) != 0)
        return -1;
    *in_tx = 1;
    /* This batch's unchanged files: their rows go with it. */
    if (s->prev_id && pm_inv_carry_finish(s->inv, s->scan_id, s->prev_id, &nrows, &npii) != 0)
        return -1;
    uint64_t files = atomic_load(&s->unchanged) - s->dist_last.files_unchanged;
    atomic_fetch_add(&s->members_seen, nrows > files ? nrows - files : 0);
    atomic_fetch_add(&s->with_pii, npii);
    struct pm_inv_dist_counts now = sink_counts(s), c = now, *l = &s->dist_last;
    c.files_seen -= l->files_seen;
    c.files_scanned -= l->files_scanned;
    c.files_skipped -= l->files_skipped;
    c.members_seen -= l->members_seen;
    c.files_unchanged -= l->files_unchanged;
    c.bytes_scanned -= l->bytes_scanned;
    c.errors -= l->errors;
    c.files_excluded = b->excluded;
    c.roots_failed = b->roots_failed;
    s->dist_last = now;
    int rc = pm_inv_dist_done(s->inv, s->scan_id, (const char *const *)b->dirs, b->ndirs,
                              (const char *const *)s->subdirs, s->nsubdirs, &c);
    if (rc == 1) { /* rolled back: another host has some of them now */
        *in_tx = 0;
        return 1;
    }
    if (rc != 0 || pm_inv_tx_commit(s->inv) != 0)
        return -1;
    *in_tx = 0;
    return 0;
}

static void answer(struct pm_dist_batch *b, int rc)
{
    pthread_mutex_lock(&b->mu);
    b->rc = rc;
    b->answered = 1;
    pthread_cond_signal(&b->cv);
    pthread_mutex_unlock(&b->mu);
}

void pm_dist_refuse(struct rec *r)
{
    if (r->kind == PM_REC_BATCH)
        answer(r->batch, -1);
}

int pm_dist_sink_rec(struct scan *s, struct rec *r, int *in_tx)
{
    if (r->kind == PM_REC_SUBDIR) {
        if (s->nsubdirs == s->capsubdirs) {
            size_t nc = s->capsubdirs ? 2 * s->capsubdirs : 64;
            char **nd = realloc(s->subdirs, nc * sizeof *nd);
            if (!nd)
                return -1;
            s->subdirs = nd;
            s->capsubdirs = nc;
        }
        s->subdirs[s->nsubdirs++] = (char *)r->f.path;
        r->f.path = NULL; /* the list owns it now */
        return 0;
    }
    struct pm_dist_batch *b = r->batch;
    int rc = batch_done(s, b, in_tx);
    for (size_t i = 0; i < s->nsubdirs; i++)
        free(s->subdirs[i]);
    s->nsubdirs = 0;
    answer(b, rc);
    return rc < 0 ? -1 : 0;
}

void pm_dist_free(struct scan *s)
{
    for (size_t i = 0; i < s->nsubdirs; i++)
        free(s->subdirs[i]);
    free(s->subdirs);
    pm_inv_close(s->dinv);
    if (s->dmu_ready)
        pthread_mutex_destroy(&s->dmu);
}
