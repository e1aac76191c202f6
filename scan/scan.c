/* scan.c — runs one scan: walker and readers on N threads, one sink thread
 * that owns the inventory connection and writes records in batched
 * transactions, and a monitor thread for progress and interruption.
 *
 * Data flow: a worker reads a file into its own pm_findings, then copies the
 * result into a heap record (struct rec) and pushes it on the bounded `out`
 * queue; the sink pops, writes and frees it. Nothing else is shared between
 * threads but the atomic counters and the stop flag.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <grp.h>
#include <jansson.h>
#include <pthread.h>
#include <pwd.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "common/json_text.h"
#include "common/version.h"
#include "inventory/inventory.h"
#include "record/allow.h"
#include "record/findings.h"
#include "walk/queue.h"
#include "scan/scan.h"
#include "scan/reader.h"
#include "walk/walk.h"

#define OUT_QUEUE 1024
#define BATCH_ROWS 2000
#define BATCH_MS 500

/* A file's result on its way to the sink. Owns every pointer in it. */
struct rec {
    struct pm_inv_file f;
    struct pm_inv_finding fds[PM_MAX_DETECTORS];
    int is_dir; /* an unreadable directory: an error, not a file seen */
    int owns_members; /* f.members_json was allocated */
    int is_member;    /* an archive member or attachment, not an on-disk file */
    int carry;        /* unchanged since the previous scan: copy its rows */
};

/* Stat signatures of the previous scan's files, by path (read-only while
 * the walk runs). Open addressing over FNV-1a hashes of the path. */
struct sigmap {
    struct sig {
        char *path;
        uint64_t size, dev, ino, bytes;
        int64_t mtime, mtime_ns, ctime, ctime_ns;
    } *slots;
    size_t cap, n;
};

static uint64_t fnv1a(const char *s)
{
    uint64_t h = 1469598103934665603ull;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h;
}

static int sig_add(void *ctx, const struct pm_inv_sig *g)
{
    struct sigmap *m = ctx;
    if ((m->n + 1) * 2 > m->cap) {
        size_t nc = m->cap ? m->cap * 2 : 1024;
        struct sig *ns = calloc(nc, sizeof *ns);
        if (!ns)
            return -1;
        for (size_t i = 0; i < m->cap; i++)
            if (m->slots[i].path) {
                size_t j = fnv1a(m->slots[i].path) % nc;
                while (ns[j].path)
                    j = (j + 1) % nc;
                ns[j] = m->slots[i];
            }
        free(m->slots);
        m->slots = ns;
        m->cap = nc;
    }
    size_t j = fnv1a(g->path) % m->cap;
    while (m->slots[j].path)
        j = (j + 1) % m->cap;
    struct sig *x = &m->slots[j];
    if (!(x->path = strdup(g->path)))
        return -1;
    x->size = g->size;
    x->dev = g->dev;
    x->ino = g->ino;
    x->bytes = g->bytes_scanned;
    x->mtime = g->mtime;
    x->mtime_ns = g->mtime_ns;
    x->ctime = g->ctime;
    x->ctime_ns = g->ctime_ns;
    m->n++;
    return 0;
}

static const struct sig *sig_find(const struct sigmap *m, const char *path)
{
    if (!m->cap)
        return NULL;
    for (size_t j = fnv1a(path) % m->cap; m->slots[j].path; j = (j + 1) % m->cap)
        if (strcmp(m->slots[j].path, path) == 0)
            return &m->slots[j];
    return NULL;
}

static void sigmap_free(struct sigmap *m)
{
    for (size_t i = 0; i < m->cap; i++)
        free(m->slots[i].path);
    free(m->slots);
}

struct worker {
    struct pm_reader *reader;
    struct scan *s;
    const char *path;          /* the top-level file being read */
    const struct stat *st;
};

struct scan {
    const struct pm_scan_opts *o;
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
    pthread_mutex_t err_mu; /* one writer of stderr lines at a time */
    int progress_shown;
    /* counters, written by the sink, read by the monitor */
    atomic_ullong files_seen, files_scanned, files_skipped, files_excluded, bytes, errors,
        with_pii, members_seen;
    struct timespec t0;
    /* piimap's own files (inventory, its WAL and SHM, the key): never scanned */
    struct { dev_t dev; ino_t ino; } own[4];
    size_t nown;
    int64_t prev_id;          /* incremental: the scan carried from, 0 = none */
    struct sigmap prev;       /* its file signatures */
    uint64_t prev_files;      /* its files_seen, for the ETA */
    atomic_ullong unchanged;
};

static volatile sig_atomic_t got_signal; /* set by the signal handler only */

static void on_signal(int sig) { got_signal = sig; }

static void rec_free(struct rec *r)
{
    if (!r)
        return;
    free((char *)r->f.path);
    free((char *)r->f.mime);
    free((char *)r->f.reason);
    if (r->owns_members)
        free((char *)r->f.members_json);
    for (size_t i = 0; i < r->f.nfindings; i++) {
        for (size_t k = 0; k < r->fds[i].nsamples; k++)
            free((char *)r->fds[i].samples[k]);
        free((void *)r->fds[i].hashes);
    }
    free(r);
}

static struct rec *rec_new(const char *path, const struct stat *st, enum pm_file_status status,
                           const char *reason, const char *mime)
{
    struct rec *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    r->f.path = strdup(path);
    r->f.members_json = "[]";
    r->f.mime = mime && *mime ? strdup(mime) : NULL;
    r->f.reason = reason && *reason ? strdup(reason) : NULL;
    r->f.status = status;
    if (st) {
        r->f.size = (uint64_t)st->st_size;
        r->f.mtime = st->st_mtim.tv_sec;
        r->f.ctime = st->st_ctim.tv_sec;
        r->f.dev = st->st_dev;
        r->f.ino = st->st_ino;
        r->f.uid = st->st_uid;
        r->f.gid = st->st_gid;
        r->f.mode = st->st_mode & 07777;
        r->f.mtime_ns = st->st_mtim.tv_nsec;
        r->f.ctime_ns = st->st_ctim.tv_nsec;
    }
    if (!r->f.path) {
        rec_free(r);
        return NULL;
    }
    return r;
}

static void send_rec(struct scan *s, struct rec *r)
{
    if (!r || pm_queue_push(s->out, r) != 0)
        rec_free(r);
}

/* ---- walker callbacks (worker threads) ----------------------------------- */

/* A top-level file or member has been read: copy its result for the sink. */
static void on_item(void *ctx, const struct pm_item *it, const struct pm_findings *findings)
{
    struct worker *w = ctx;
    struct scan *s = w->s;
    struct rec *r = rec_new(w->path, w->st, it->status, it->reason, it->mime);
    if (!r)
        return;
    if (it->nmembers) {
        json_t *a = json_array();
        for (size_t i = 0; i < it->nmembers; i++)
            json_array_append_new(a, pm_json_text(it->members[i]));
        char *mj = json_dumps(a, JSON_COMPACT);
        json_decref(a);
        r->f.members_json = mj ? mj : "[]";
        r->owns_members = mj != NULL;
        r->is_member = 1;
        r->f.size = it->bytes;
        if (it->mtime)
            r->f.mtime = it->mtime;
    }
    r->f.encoding = it->encoding;
    r->f.bytes_scanned = it->bytes;
    struct pm_inv_finding tmp[PM_MAX_DETECTORS];
    size_t n = findings ? pm_findings_export(findings, tmp, PM_MAX_DETECTORS) : 0;
    size_t kept = 0;
    for (size_t i = 0; i < n && kept < PM_MAX_DETECTORS; i++) {
        if (s->allow && pm_allow_path(s->allow, w->path, tmp[i].detector))
            continue; /* suppressed for this path */
        struct pm_inv_finding *d = &r->fds[kept++];
        *d = tmp[i];
        for (size_t k = 0; k < tmp[i].nsamples; k++)
            d->samples[k] = strdup(tmp[i].samples[k]);
        if (tmp[i].nhashes) {
            void *h = malloc(tmp[i].nhashes * PM_INV_HASH);
            if (h)
                memcpy(h, tmp[i].hashes, tmp[i].nhashes * PM_INV_HASH);
            else
                d->nhashes = 0;
            d->hashes = h;
        }
        r->f.nfindings = kept;
    }
    r->f.findings = r->fds;
    send_rec(s, r);
}

static void on_file(void *ctx, unsigned idx, const char *path, const struct stat *st, int follow)
{
    struct scan *s = ctx;
    struct worker *w = &s->workers[idx];

    for (size_t i = 0; i < s->nown; i++)
        if (st->st_dev == s->own[i].dev && st->st_ino == s->own[i].ino) {
            send_rec(s, rec_new(path, st, PM_FILE_SKIPPED, "piimap's own inventory or key", NULL));
            return;
        }
    const struct sig *g = s->prev_id ? sig_find(&s->prev, path) : NULL;
    if (g && g->size == (uint64_t)st->st_size && g->ino == (uint64_t)st->st_ino &&
        g->dev == (uint64_t)st->st_dev && g->mtime == st->st_mtim.tv_sec &&
        g->mtime_ns == st->st_mtim.tv_nsec && g->ctime == st->st_ctim.tv_sec &&
        g->ctime_ns == st->st_ctim.tv_nsec) {
        /* Unchanged since the previous scan: its findings are carried forward. */
        struct rec *r = rec_new(path, st, PM_FILE_SCANNED, NULL, NULL);
        if (r) {
            r->carry = 1;
            r->f.bytes_scanned = g->bytes;
        }
        send_rec(s, r);
        return;
    }
    w->path = path;
    w->st = st;
    pm_reader_scan(w->reader, path, st, follow);
}

static void on_skip(void *ctx, const char *path, const struct stat *st, const char *reason)
{
    struct scan *s = ctx;
    send_rec(s, rec_new(path, st, PM_FILE_SKIPPED, reason, NULL));
}

static void on_error(void *ctx, const char *path, int err, const char *what)
{
    struct scan *s = ctx;
    char msg[300];
    snprintf(msg, sizeof msg, "%s: %s", what, strerror(err));
    struct rec *r = rec_new(path, NULL, PM_FILE_ERROR, msg, NULL);
    if (r)
        r->is_dir = strstr(what, "directory") != NULL;
    send_rec(s, r);
}

static void on_excluded(void *ctx, const char *path)
{
    struct scan *s = ctx;
    (void)path;
    atomic_fetch_add(&s->files_excluded, 1);
}

/* ---- sink thread --------------------------------------------------------- */

struct name_cache {
    struct { unsigned id; char name[64]; } e[256];
    size_t n;
};

static const char *cached_name(struct name_cache *c, unsigned id, int group, char *buf,
                               size_t bufsz)
{
    for (size_t i = 0; i < c->n; i++)
        if (c->e[i].id == id)
            return c->e[i].name[0] ? c->e[i].name : NULL;
    char tmp[4096];
    const char *name = NULL;
    if (group) {
        struct group g, *gp = NULL;
        if (getgrgid_r(id, &g, tmp, sizeof tmp, &gp) == 0 && gp)
            name = gp->gr_name;
    } else {
        struct passwd p, *pp = NULL;
        if (getpwuid_r(id, &p, tmp, sizeof tmp, &pp) == 0 && pp)
            name = pp->pw_name;
    }
    snprintf(buf, bufsz, "%s", name ? name : "");
    if (c->n < sizeof c->e / sizeof c->e[0]) {
        c->e[c->n].id = id;
        snprintf(c->e[c->n].name, sizeof c->e[c->n].name, "%s", buf);
        c->n++;
    }
    return name ? buf : NULL;
}

/* One error line on stderr, naming the path (and the member, if any). */
static void say(struct scan *s, const char *path, const char *members, const char *what)
{
    pthread_mutex_lock(&s->err_mu);
    if (s->progress_shown)
        fputs("\r\033[K", stderr);
    if (members && strcmp(members, "[]") != 0)
        fprintf(stderr, "piimap: %s: member %s: %s\n", path, members, what);
    else
        fprintf(stderr, "piimap: %s: %s\n", path, what);
    pthread_mutex_unlock(&s->err_mu);
}

static void count(struct scan *s, const struct rec *r)
{
    const struct pm_inv_file *f = &r->f;
    /* Files are what is on disk; members are counted apart. Errors count
     * both, since each is listed in the data map's errors. */
    if (f->status == PM_FILE_ERROR || f->status == PM_FILE_PARTIAL)
        atomic_fetch_add(&s->errors, 1);
    if (r->is_member) {
        atomic_fetch_add(&s->members_seen, 1);
    } else if (!r->is_dir) {
        atomic_fetch_add(&s->files_seen, 1);
        if (f->status == PM_FILE_SCANNED || f->status == PM_FILE_PARTIAL) {
            atomic_fetch_add(&s->files_scanned, 1);
            atomic_fetch_add(&s->bytes, f->bytes_scanned);
        } else if (f->status == PM_FILE_SKIPPED) {
            atomic_fetch_add(&s->files_skipped, 1);
        }
    }
    if (f->nfindings)
        atomic_fetch_add(&s->with_pii, 1);
    if (f->status == PM_FILE_ERROR || f->status == PM_FILE_PARTIAL)
        say(s, f->path, f->members_json, f->reason ? f->reason : "error");
}

static void *sink_main(void *p)
{
    struct scan *s = p;
    struct name_cache users = {0}, groups = {0};
    char ubuf[64], gbuf[64];
    int in_tx = 0;
    size_t rows = 0;
    struct timespec tx_start = {0}, now;

    for (;;) {
        int timed_out = 0;
        struct rec *r = pm_queue_pop(s->out, BATCH_MS, &timed_out);
        if (!r && !timed_out)
            break; /* closed and drained */
        if (r && !atomic_load(&s->fatal)) {
            if (!in_tx) {
                if (pm_inv_tx_begin(s->inv) != 0)
                    goto fatal;
                in_tx = 1;
                rows = 0;
                clock_gettime(CLOCK_MONOTONIC, &tx_start);
            }
            if (r->carry) {
                if (pm_inv_carry_mark(s->inv, r->f.path) != 0)
                    goto fatal;
                atomic_fetch_add(&s->unchanged, 1);
            } else {
                if (!r->is_dir) {
                    r->f.owner = cached_name(&users, r->f.uid, 0, ubuf, sizeof ubuf);
                    r->f.group = cached_name(&groups, r->f.gid, 1, gbuf, sizeof gbuf);
                }
                if (pm_inv_add_file(s->inv, s->scan_id, &r->f) != 0)
                    goto fatal;
            }
            count(s, r);
            rows++;
        }
        rec_free(r);
        r = NULL;
        clock_gettime(CLOCK_MONOTONIC, &now);
        long ms = (now.tv_sec - tx_start.tv_sec) * 1000 + (now.tv_nsec - tx_start.tv_nsec) / 1000000;
        if (in_tx && (rows >= BATCH_ROWS || ms >= BATCH_MS || timed_out)) {
            if (pm_inv_tx_commit(s->inv) != 0)
                goto fatal;
            in_tx = 0;
        }
        continue;
    fatal:
        rec_free(r);
        if (!atomic_exchange(&s->fatal, 1))
            snprintf(s->fatal_msg, sizeof s->fatal_msg, "%s: inventory write failed: %s",
                     s->o->db_path, pm_inv_errmsg(s->inv));
        atomic_store(&s->stop, 1);
        in_tx = 0;
    }
    /* Files marked unchanged: their rows are copied in one go. */
    uint64_t nrows = 0, npii = 0;
    if (s->prev_id && !atomic_load(&s->fatal)) {
        if (!in_tx && pm_inv_tx_begin(s->inv) == 0)
            in_tx = 1;
        if (pm_inv_carry_finish(s->inv, s->scan_id, s->prev_id, &nrows, &npii) != 0 &&
            !atomic_exchange(&s->fatal, 1))
            snprintf(s->fatal_msg, sizeof s->fatal_msg, "%s: inventory write failed: %s",
                     s->o->db_path, pm_inv_errmsg(s->inv));
        uint64_t files = atomic_load(&s->unchanged);
        atomic_fetch_add(&s->members_seen, nrows > files ? nrows - files : 0);
        atomic_fetch_add(&s->with_pii, npii);
    }
    if (in_tx && pm_inv_tx_commit(s->inv) != 0 && !atomic_exchange(&s->fatal, 1))
        snprintf(s->fatal_msg, sizeof s->fatal_msg, "%s: inventory write failed: %s",
                 s->o->db_path, pm_inv_errmsg(s->inv));
    return NULL;
}

/* ---- progress and interruption -------------------------------------------- */

struct monitor {
    struct scan *s;
    atomic_int done;
    int show;
    pthread_mutex_t mu; /* with wake: ends the monitor's sleep when the scan is done */
    pthread_cond_t wake;
};

static void monitor_stop(struct monitor *m)
{
    pthread_mutex_lock(&m->mu);
    atomic_store(&m->done, 1);
    pthread_cond_signal(&m->wake);
    pthread_mutex_unlock(&m->mu);
}

static void human_bytes(double b, char *out, size_t n)
{
    const char *u[] = {"B", "KB", "MB", "GB", "TB"};
    int i = 0;
    while (b >= 1000 && i < 4) {
        b /= 1000;
        i++;
    }
    snprintf(out, n, i ? "%.1f %s" : "%.0f %s", b, u[i]);
}

static double elapsed(const struct scan *s)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - s->t0.tv_sec) + (double)(now.tv_nsec - s->t0.tv_nsec) / 1e9;
}

static void *monitor_main(void *p)
{
    struct monitor *m = p;
    struct scan *s = m->s;
    int tick = 0;
    while (!atomic_load(&m->done)) {
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        ts.tv_nsec += 100 * 1000000L;
        if (ts.tv_nsec >= 1000000000L) {
            ts.tv_sec++;
            ts.tv_nsec -= 1000000000L;
        }
        pthread_mutex_lock(&m->mu);
        if (!atomic_load(&m->done))
            pthread_cond_timedwait(&m->wake, &m->mu, &ts);
        pthread_mutex_unlock(&m->mu);
        if (atomic_load(&m->done))
            break;
        if (got_signal)
            atomic_store(&s->stop, 1);
        if (!m->show || ++tick % 5)
            continue;
        double t = elapsed(s);
        char b[32], rate[32];
        human_bytes((double)atomic_load(&s->bytes), b, sizeof b);
        human_bytes(t > 0 ? (double)atomic_load(&s->bytes) / t : 0, rate, sizeof rate);
        pthread_mutex_lock(&s->err_mu);
        unsigned long long seen = atomic_load(&s->files_seen);
        char eta[48] = "";
        /* The total is known only from the previous scan of the same roots. */
        if (s->prev_files > seen && seen > 0 && t > 1)
            snprintf(eta, sizeof eta, ", ETA %.0fs", (double)(s->prev_files - seen) * t / (double)seen);
        fprintf(stderr, "\r\033[Kpiimap: %llu files, %s, %s/s, %llu with PII, %llu errors%s", seen,
                b, rate, (unsigned long long)atomic_load(&s->with_pii),
                (unsigned long long)atomic_load(&s->errors), eta);
        s->progress_shown = 1;
        pthread_mutex_unlock(&s->err_mu);
    }
    return NULL;
}

/* ---- the run ---------------------------------------------------------------- */

static char *roots_json(const struct pm_scan_opts *o)
{
    json_t *a = json_array();
    for (size_t i = 0; i < o->nroots; i++)
        json_array_append_new(a, pm_json_text(o->roots[i]));
    char *s = json_dumps(a, JSON_COMPACT);
    json_decref(a);
    return s;
}

int pm_scan_run(const struct pm_scan_opts *o)
{
    struct scan s = {.o = o};
    char err[512];
    int rc = PM_EXIT_FATAL;
    unsigned nt = o->threads ? o->threads : 1;
    pthread_t sink_tid, mon_tid;
    int sink_started = 0, mon_started = 0;
    struct monitor mon = {.s = &s, .show = !o->quiet && isatty(STDERR_FILENO)};
    pthread_mutex_init(&mon.mu, NULL);
    pthread_cond_init(&mon.wake, NULL);
    char *roots = NULL;

    pthread_mutex_init(&s.err_mu, NULL);
    clock_gettime(CLOCK_MONOTONIC, &s.t0);
    if (o->detectors_file && !(s.user = pm_userdets_load(o->detectors_file, err, sizeof err))) {
        fprintf(stderr, "piimap: %s\n", err);
        rc = PM_EXIT_USAGE;
        goto done;
    }
    struct pm_detset_opts dso = {.only = o->only, .disable = o->disable, .enable = o->enable,
                                 .min_confidence = o->min_confidence,
                                 .extra = pm_userdets_defs(s.user),
                                 .nextra = pm_userdets_count(s.user)};
    if (!(s.set = pm_detset_new(&dso, err, sizeof err))) {
        fprintf(stderr, "piimap: %s\n", err);
        rc = PM_EXIT_USAGE; /* an unknown id, too many detectors: the command line */
        goto done;
    }
    if (pm_key_load(o->key_path, &s.key, err, sizeof err) != 0) {
        fprintf(stderr, "piimap: %s\n", err);
        goto done;
    }
    if (o->allow_file && !(s.allow = pm_allow_load(o->allow_file, s.set, &s.key, err, sizeof err))) {
        fprintf(stderr, "piimap: %s\n", err);
        rc = PM_EXIT_USAGE;
        goto done;
    }
    if (pm_inv_open(o->db_path, 1, &s.inv, err, sizeof err) != 0) {
        fprintf(stderr, "piimap: %s\n", err);
        goto done;
    }
    if (!(s.workers = calloc(nt, sizeof *s.workers)))
        goto done;
    for (unsigned i = 0; i < nt; i++) {
        s.workers[i].s = &s;
        s.workers[i].reader = pm_reader_new(s.set, &s.key, &o->limits, o->chunk, on_item,
                                            &s.workers[i], err, sizeof err);
        if (!s.workers[i].reader) {
            fprintf(stderr, "piimap: %s\n", err);
            goto done;
        }
    }
    roots = roots_json(o);
    struct pm_inv_scan sc = {.started_at = time(NULL), .roots_json = roots,
                             .tool_version = PM_VERSION, .key_id = s.key.id};
    if (pm_inv_scan_begin(s.inv, &sc, &s.scan_id) != 0) {
        fprintf(stderr, "piimap: %s: %s\n", o->db_path, pm_inv_errmsg(s.inv));
        goto done;
    }
    {
        char own[4200];
        const char *suffix[] = {"", "-wal", "-shm"};
        struct stat st;
        for (size_t i = 0; i < 3; i++) {
            snprintf(own, sizeof own, "%s%s", o->db_path, suffix[i]);
            if (stat(own, &st) == 0) {
                s.own[s.nown].dev = st.st_dev;
                s.own[s.nown++].ino = st.st_ino;
            }
        }
        if (s.key.path[0] && stat(s.key.path, &st) == 0) {
            s.own[s.nown].dev = st.st_dev;
            s.own[s.nown++].ino = st.st_ino;
        }
    }
    for (unsigned i = 0; i < nt; i++) {
        pm_reader_set_stop(s.workers[i].reader, &s.stop);
        pm_reader_set_allow(s.workers[i].reader, s.allow);
    }
    if (!o->full) {
        s.prev_id = pm_inv_prev_scan(s.inv, roots, s.key.id, s.scan_id);
        struct pm_inv_scan prev;
        if (s.prev_id > 0 && pm_inv_scan_get(s.inv, s.prev_id, &prev) == 0)
            s.prev_files = prev.files_seen;
        if (s.prev_id > 0 && pm_inv_sigs_each(s.inv, s.prev_id, sig_add, &s.prev) != 0) {
            fprintf(stderr, "piimap: %s: cannot read scan %lld for an incremental scan (%s); "
                            "reading everything\n",
                    o->db_path, (long long)s.prev_id, pm_inv_errmsg(s.inv));
            sigmap_free(&s.prev);
            memset(&s.prev, 0, sizeof s.prev);
            s.prev_id = 0;
        }
        if (s.prev_id < 0)
            s.prev_id = 0;
    }
    if (!(s.out = pm_queue_new(OUT_QUEUE)))
        goto done;
    if (pthread_create(&sink_tid, NULL, sink_main, &s) != 0)
        goto done;
    sink_started = 1;

    struct sigaction sa = {0};
    sa.sa_handler = on_signal;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    if (pthread_create(&mon_tid, NULL, monitor_main, &mon) == 0)
        mon_started = 1;

    struct pm_walk_opts wo = {.roots = o->roots, .nroots = o->nroots, .threads = nt,
                              .excludes = o->excludes, .nexcludes = o->nexcludes,
                              .follow_symlinks = o->follow_symlinks, .stop = &s.stop};
    struct pm_walk_cb cb = {.ctx = &s, .file = on_file, .skip = on_skip, .error = on_error,
                            .excluded = on_excluded};
    if (pm_walk(&wo, &cb) != 0)
        fprintf(stderr, "piimap: cannot start worker threads\n");

    pm_queue_close(s.out);
    pthread_join(sink_tid, NULL);
    sink_started = 0;
    monitor_stop(&mon);
    if (mon_started)
        pthread_join(mon_tid, NULL);
    mon_started = 0;
    if (mon.show && s.progress_shown)
        fputs("\r\033[K", stderr);

    int interrupted = got_signal || atomic_load(&s.stop);
    sc.id = s.scan_id;
    sc.status = interrupted ? PM_SCAN_INTERRUPTED : PM_SCAN_COMPLETE;
    sc.finished_at = time(NULL);
    sc.files_seen = atomic_load(&s.files_seen);
    sc.files_scanned = atomic_load(&s.files_scanned);
    sc.files_skipped = atomic_load(&s.files_skipped);
    sc.files_excluded = atomic_load(&s.files_excluded);
    sc.members_seen = atomic_load(&s.members_seen);
    sc.files_unchanged = atomic_load(&s.unchanged);
    sc.incremental_from = s.prev_id;
    sc.bytes_scanned = atomic_load(&s.bytes);
    sc.errors = atomic_load(&s.errors);
    if (atomic_load(&s.fatal)) {
        fprintf(stderr, "piimap: %s\n", s.fatal_msg);
        sc.status = PM_SCAN_INTERRUPTED;
        (void)pm_inv_scan_update(s.inv, &sc);
        goto done;
    }
    if (pm_inv_scan_update(s.inv, &sc) != 0) {
        fprintf(stderr, "piimap: %s: %s\n", o->db_path, pm_inv_errmsg(s.inv));
        goto done;
    }
    if (!o->quiet) {
        char b[32];
        struct rusage ru;
        getrusage(RUSAGE_SELF, &ru);
        human_bytes((double)sc.bytes_scanned, b, sizeof b);
        fprintf(stderr,
                "piimap: scan %lld %s: %llu files seen, %llu scanned (%s; %llu unchanged), %llu members, "
                "%llu skipped, %llu excluded, %llu with PII, %llu errors in %.1fs, "
                "peak memory %ld MB; inventory %s\n",
                (long long)s.scan_id, pm_scan_status_name(sc.status),
                (unsigned long long)sc.files_seen, (unsigned long long)sc.files_scanned, b,
                (unsigned long long)sc.files_unchanged, (unsigned long long)sc.members_seen,
                (unsigned long long)sc.files_skipped, (unsigned long long)sc.files_excluded,
                (unsigned long long)atomic_load(&s.with_pii), (unsigned long long)sc.errors,
                elapsed(&s), ru.ru_maxrss / 1024, o->db_path);
    }
    if (interrupted)
        rc = PM_EXIT_INTERRUPTED;
    else if (o->fail_on_findings && atomic_load(&s.with_pii) > 0)
        rc = PM_EXIT_FINDINGS;
    else
        rc = PM_EXIT_OK;
done:
    if (sink_started) {
        pm_queue_close(s.out);
        pthread_join(sink_tid, NULL);
    }
    if (mon_started) {
        monitor_stop(&mon);
        pthread_join(mon_tid, NULL);
    }
    pthread_mutex_destroy(&mon.mu);
    pthread_cond_destroy(&mon.wake);
    if (s.workers)
        for (unsigned i = 0; i < nt; i++) {
            pm_reader_free(s.workers[i].reader);
        }
    free(s.workers);
    free(roots);
    pm_queue_free(s.out);
    pm_inv_close(s.inv);
    pm_detset_free(s.set);
    pm_userdets_free(s.user);
    pm_allow_free(s.allow);
    sigmap_free(&s.prev);
    explicit_bzero(&s.key, sizeof s.key);
    pthread_mutex_destroy(&s.err_mu);
    return rc;
}
