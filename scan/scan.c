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
#include <grp.h>
#include <jansson.h>
#include <pthread.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "common/hashset.h"
#include "common/idlist.h"
#include "common/json_text.h"
#include "common/path.h"
#include "common/version.h"
#include "detect/phonenum.h"
#include "extract/magicdb.h"
#include "inventory/inventory.h"
#include "record/allow.h"
#include "record/findings.h"
#include "walk/queue.h"
#include "scan/scan.h"
#include "scan/acl.h"
#include "scan/scan_int.h"
#include "scan/options.h"
#include "scan/reader.h"
#include "walk/walk.h"


/* Stat signature of a file of the previous scan (the incremental check). */
struct sig {
    int has_pii;
    uint64_t size, dev, ino, bytes;
    int64_t mtime, mtime_ns, ctime, ctime_ns;
};

/* Adds one signature to the map path -> struct sig (read-only once the
 * walk runs). */
static int sig_add(void *ctx, const struct pm_inv_sig *g)
{
    struct sig *x = malloc(sizeof *x);
    if (!x)
        return -1;
    *x = (struct sig){.has_pii = g->has_pii, .size = g->size, .dev = g->dev, .ino = g->ino, .bytes = g->bytes_scanned,
                      .mtime = g->mtime, .mtime_ns = g->mtime_ns, .ctime = g->ctime,
                      .ctime_ns = g->ctime_ns};
    int rc = pm_hset_put(ctx, g->path, x);
    if (rc < 0)
        free(x);
    return rc < 0 ? -1 : 0;
}

static const struct sig *sig_find(const struct pm_hset *m, const char *path)
{
    void *v = NULL;
    return pm_hset_get(m, path, &v) ? v : NULL;
}

static int free_val(void *ctx, const void *key, void *val)
{
    (void)ctx;
    (void)key;
    free(val);
    return 0;
}

static void sigmap_free(struct pm_hset *m)
{
    pm_hset_each(m, free_val, NULL);
    pm_hset_free(m);
}

void pm_rec_free(struct rec *r)
{
    if (!r)
        return;
    free((char *)r->f.path);
    free((char *)r->f.mime);
    free((char *)r->f.reason);
    free((char *)r->f.acl);
    if (r->owns_members)
        free((char *)r->f.members_json);
    free((void *)r->f.links);
    for (size_t i = 0; i < r->f.nfindings; i++) {
        for (size_t k = 0; k < r->fds[i].nsamples; k++)
            free((char *)r->fds[i].samples[k]);
        free((void *)r->fds[i].hashes);
        free((void *)r->fds[i].masks);
    }
    free(r);
}

/* A copy of the n NUL-terminated masked forms of a finding's hashes (NULL
 * if none, or out of memory: the backend then keeps no masked form). */
static char *masks_dup(const char *masks, size_t n)
{
    if (!masks)
        return NULL;
    const char *p = masks;
    for (size_t k = 0; k < n; k++)
        p += strlen(p) + 1;
    char *m = malloc((size_t)(p - masks));
    return m ? memcpy(m, masks, (size_t)(p - masks)) : NULL;
}

static struct rec *rec_new(const char *path, const struct stat *st, enum pm_file_status status,
                           const char *reason, const char *mime)
{
    /* fds[] (PM_MAX_DETECTORS findings, kilobytes) is left unzeroed: only
     * its first f.nfindings are ever read. */
    struct rec *r = malloc(sizeof *r);
    if (!r)
        return NULL;
    memset(r, 0, offsetof(struct rec, fds));
    memset(&r->is_dir, 0, sizeof *r - offsetof(struct rec, is_dir));
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
        pm_rec_free(r);
        return NULL;
    }
    return r;
}

static void send_rec(struct scan *s, struct rec *r)
{
    if (!r || pm_queue_push(s->out, r) != 0)
        pm_rec_free(r);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int is_root(const struct scan *s, const char *path)
{
    if (s->o->unique_roots) /* sorted: a list of many paths */
        return bsearch(&path, s->roots, s->nroots, sizeof *s->roots, cmp_str) != NULL;
    for (size_t i = 0; i < s->nroots; i++)
        if (strcmp(s->roots[i], path) == 0)
            return 1;
    return 0;
}

/* ---- walker callbacks (worker threads) ----------------------------------- */

/* 1 if the allow list suppresses detector `det` for the file at path. */
static int suppressed(const struct scan *s, const char *path, int det)
{
    return s->allow && pm_allow_path(s->allow, path, pm_detset_def(s->set, (size_t)det)->id);
}

/* A copy of an item's person links for the sink, without the keys of
 * detectors the allow list suppresses for this path (a key linked to one
 * of those stays, alone). */
static void copy_links(struct scan *s, const char *path, const struct pm_item_people *p,
                       struct rec *r)
{
    if (!p || !p->nlinks)
        return;
    struct pm_inv_link *l = malloc(2 * p->nlinks * sizeof *l);
    if (!l)
        return; /* out of memory: this item links nobody */
    size_t n = 0;
    for (size_t i = 0; i < p->nlinks; i++) {
        const struct pm_people_link *x = &p->links[i];
        int sa = suppressed(s, path, x->da), sb = suppressed(s, path, x->db);
        if (!sa) {
            memcpy(l[n].a, x->a, PM_INV_HASH);
            memcpy(l[n].b, sb ? x->a : x->b, PM_INV_HASH);
            n++;
        }
        if (sa && !sb) {
            memcpy(l[n].a, x->b, PM_INV_HASH);
            memcpy(l[n].b, x->b, PM_INV_HASH);
            n++;
        }
    }
    r->f.links = l;
    r->f.nlinks = n;
    r->f.linked_records = p->linked_records;
}

/* A top-level file or member has been read: copy its result for the sink. */
static void on_item(void *ctx, const struct pm_item *it, const struct pm_findings *findings,
                    const struct pm_item_people *people)
{
    struct worker *w = ctx;
    struct scan *s = w->s;
    struct rec *r = rec_new(w->path, w->st, it->status, it->reason, it->mime);
    if (!it->nmembers && it->status == PM_FILE_ERROR && is_root(s, w->path))
        atomic_fetch_add(&s->roots_failed, 1);
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
        d->masks = NULL;
        if (tmp[i].nhashes) {
            void *h = malloc(tmp[i].nhashes * PM_INV_HASH);
            if (h)
                memcpy(h, tmp[i].hashes, tmp[i].nhashes * PM_INV_HASH);
            else
                d->nhashes = 0;
            d->hashes = h;
            d->masks = h ? masks_dup(tmp[i].masks, tmp[i].nhashes) : NULL;
        }
        r->f.nfindings = kept;
    }
    r->f.findings = r->fds;
    copy_links(s, w->path, people, r);
    /* Exposure by ACL matters where there is personal data: the ACL is read
     * once per file, for its first item with findings. */
    if (kept && !w->acl_read) {
        w->acl = pm_acl_grants(w->path);
        w->acl_read = 1;
    }
    if (kept && w->acl)
        r->f.acl = strdup(w->acl);
    w->pii_in_file |= kept > 0;
    if (!it->nmembers) { /* members come first, the file itself last */
        r->file_pii = w->pii_in_file;
        w->pii_in_file = 0;
    }
    send_rec(s, r);
}

/* Remembers one of piimap's own files, if it exists, to skip it. */
static int own_add(void *ctx, const char *path)
{
    struct scan *s = ctx;
    struct stat st;
    if (s->nown < sizeof s->own / sizeof s->own[0] && stat(path, &st) == 0) {
        s->own[s->nown].dev = st.st_dev;
        s->own[s->nown++].ino = st.st_ino;
    }
    return 0;
}

/* Resuming: an entry an earlier run finished is counted, not read again.
 * Returns 1 if path was such an entry. */
static int send_done(struct scan *s, const char *path, const struct stat *st, int is_dir)
{
    const struct pm_inv_done *d = pm_resume_done(s, path);
    if (!d)
        return 0;
    struct rec *r = rec_new(path, st, d->status, NULL, NULL);
    if (r) {
        r->resumed = 1;
        r->done = *d;
        r->is_dir = is_dir;
    }
    send_rec(s, r);
    return 1;
}

static void on_file(void *ctx, unsigned idx, const char *path, const struct stat *st, int follow)
{
    struct scan *s = ctx;
    struct worker *w = &s->workers[idx];

    if (s->done && send_done(s, path, st, 0))
        return;
    for (size_t i = 0; i < s->nown; i++)
        if (st->st_dev == s->own[i].dev && st->st_ino == s->own[i].ino) {
            send_rec(s, rec_new(path, st, PM_FILE_SKIPPED, "piimap's own inventory or key", NULL));
            return;
        }
    const struct sig *g = s->prev_id ? sig_find(s->prev, path) : NULL;
    if (g && g->size == (uint64_t)st->st_size && g->ino == (uint64_t)st->st_ino &&
        g->dev == (uint64_t)st->st_dev && g->mtime == st->st_mtim.tv_sec &&
        g->mtime_ns == st->st_mtim.tv_nsec && g->ctime == st->st_ctim.tv_sec &&
        g->ctime_ns == st->st_ctim.tv_nsec) {
        /* Unchanged since the previous scan: its findings are carried forward. */
        struct rec *r = rec_new(path, st, PM_FILE_SCANNED, NULL, NULL);
        if (r) {
            r->carry = 1;
            r->f.bytes_scanned = g->bytes;
            r->file_pii = g->has_pii;
        }
        send_rec(s, r);
        return;
    }
    w->path = path;
    w->st = st;
    w->pii_in_file = 0;
    free(w->acl);
    w->acl = NULL;
    w->acl_read = 0;
    pm_reader_scan(w->reader, path, st, follow);
}

static void on_skip(void *ctx, const char *path, const struct stat *st, const char *reason)
{
    struct scan *s = ctx;
    if (s->done && send_done(s, path, st, 0))
        return;
    send_rec(s, rec_new(path, st, PM_FILE_SKIPPED, reason, NULL));
}

static void on_error(void *ctx, const char *path, int err, const char *what)
{
    struct scan *s = ctx;
    char msg[300];
    int is_dir = strstr(what, "directory") != NULL, root = is_root(s, path);
    if (root) {
        atomic_fetch_add(&s->roots_failed, 1);
        is_dir = 1; /* a missing root is an error, not a file seen */
    }
    if (s->done && send_done(s, path, NULL, is_dir))
        return;
    snprintf(msg, sizeof msg, "%s: %s", what, strerror(err));
    struct rec *r = rec_new(path, NULL, PM_FILE_ERROR, msg, NULL);
    if (r)
        r->is_dir = is_dir;
    send_rec(s, r);
}

static void on_excluded(void *ctx, const char *path)
{
    struct scan *s = ctx;
    (void)path;
    atomic_fetch_add(&s->files_excluded, 1);
}

/* ---- progress and interruption -------------------------------------------- */

struct monitor {
    struct scan *s;
    atomic_int done;
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

static double elapsed(const struct scan *s)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - s->t0.tv_sec) + (double)(now.tv_nsec - s->t0.tv_nsec) / 1e9;
}

/* Wakes ten times a second: passes an interrupt on to the readers and
 * reports progress every half second. */
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
        if (s->o->interrupt && atomic_load(s->o->interrupt))
            atomic_store(&s->stop, 1);
        if (!s->ev->progress || ++tick % 5)
            continue;
        struct pm_scan_progress pr = {
            .files_seen = atomic_load(&s->files_seen), .bytes = atomic_load(&s->bytes),
            .with_pii = atomic_load(&s->with_pii), .errors = atomic_load(&s->errors),
            .prev_files_seen = s->prev_files, .seconds = elapsed(s)};
        s->ev->progress(s->ev->ctx, &pr);
    }
    return NULL;
}

/* ---- the run ---------------------------------------------------------------- */

/* Roots are walked and stored absolute and canonical: one root, one name.
 * A list of paths (unique_roots) is sorted and each path kept once. */
static int canonical_roots(struct scan *s)
{
    const struct pm_scan_opts *o = s->o;
    if (!(s->roots = calloc(o->nroots + 1, sizeof *s->roots)))
        return -1;
    /* One scratch buffer, then each root at its own length: a --from-file
     * list of 100,000 paths must not cost 4 KiB apiece. */
    char *buf = NULL;
    size_t bufcap = 0;
    for (size_t i = 0; i < o->nroots; i++) {
        size_t cap = strlen(o->roots[i]) + 4097;
        if (cap > bufcap) {
            char *nb = realloc(buf, cap);
            if (!nb) {
                free(buf);
                return -1;
            }
            buf = nb;
            bufcap = cap;
        }
        pm_path_canonical(o->roots[i], buf, cap);
        if (!(s->roots[s->nroots] = strdup(buf))) {
            free(buf);
            return -1;
        }
        s->nroots++;
    }
    free(buf);
    if (!o->unique_roots)
        return 0;
    qsort(s->roots, s->nroots, sizeof *s->roots, cmp_str);
    size_t kept = 0;
    for (size_t i = 0; i < s->nroots; i++) {
        if (kept && strcmp(s->roots[kept - 1], s->roots[i]) == 0)
            free(s->roots[i]);
        else
            s->roots[kept++] = s->roots[i];
    }
    s->nroots = kept;
    s->roots[kept] = NULL;
    return 0;
}

static char *roots_json(const struct scan *s)
{
    json_t *a = json_array();
    for (size_t i = 0; i < s->nroots; i++)
        json_array_append_new(a, pm_json_text(s->roots[i]));
    char *j = json_dumps(a, JSON_COMPACT);
    json_decref(a);
    return j;
}

static void warn(struct scan *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void warn(struct scan *s, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (s->ev->warning)
        s->ev->warning(s->ev->ctx, msg);
}

/* Detectors first: a mistake on the command line changes nothing on disk. */
static pm_status setup_detectors(struct scan *s, char *err, size_t errsz)
{
    const struct pm_scan_opts *o = s->o;
    if (o->detectors_file && !(s->user = pm_userdets_load(o->detectors_file, err, errsz)))
        return PM_FATAL_USAGE;
    char cache[4096];
    struct pm_detset_opts dso = {.only = o->only, .disable = o->disable, .enable = o->enable,
                                 .min_confidence = o->min_confidence,
                                 .region = o->region,
                                 .cache_dir = pm_detset_cache_dir(cache, sizeof cache),
                                 .extra = pm_userdets_defs(s->user),
                                 .nextra = pm_userdets_count(s->user)};
    if (!(s->set = pm_detset_new(&dso, err, errsz)))
        return PM_FATAL_USAGE; /* an unknown id, too many detectors: the command line */
    return PM_OK;
}

/* piimap's own files (the inventory names its own; the key is ours) are
 * never scanned. */
static pm_status note_own_files(struct scan *s, char *err, size_t errsz)
{
    if (pm_inv_own_files_each(s->inv, own_add, s) != 0) {
        snprintf(err, errsz, "%s: %s", s->o->db_path, pm_inv_errmsg(s->inv));
        return PM_FATAL_INVENTORY;
    }
    if (s->key.path[0])
        own_add(s, s->key.path);
    return PM_OK;
}

/* Incremental: the signatures of the last complete scan of the same roots. */
static void load_previous(struct scan *s, const char *roots)
{
    if (!s->resume_id) /* a resumed scan goes on from the scan it started from */
        s->prev_id = pm_inv_prev_scan(s->inv, roots, s->key.id, s->scan_id);
    struct pm_inv_scan prev;
    if (s->prev_id > 0 && pm_inv_scan_get(s->inv, s->prev_id, &prev) == 0)
        s->prev_files = prev.files_seen;
    if (s->prev_id > 0 && ((!s->prev && !(s->prev = pm_hset_new(0))) ||
                           pm_inv_sigs_each(s->inv, s->prev_id, sig_add, s->prev) != 0)) {
        warn(s, "%s: cannot read scan %lld for an incremental scan (%s); reading everything",
             s->o->db_path, (long long)s->prev_id, pm_inv_errmsg(s->inv));
        sigmap_free(s->prev);
        s->prev = NULL;
        s->prev_id = 0;
    }
    if (s->prev_id < 0)
        s->prev_id = 0;
}

/* Everything up to the first file: detectors, key, inventory, readers, the
 * scan's row. */
/* The scan's row: a new one, or, resuming, the interrupted one reopened with
 * its unfinished rows removed and its finished entries remembered. */
static pm_status begin_scan(struct scan *s, struct pm_inv_scan *sc, char *err, size_t errsz)
{
    const struct pm_scan_opts *o = s->o;
    char *opts = pm_scan_opts_json(o, (const char *const *)s->roots, s->nroots);
    int rc;
    if (o->distributed) {
        pm_status st = pm_dist_begin(s, sc, opts, err, errsz);
        free(opts);
        return st;
    }
    if (s->resume_id) {
        s->scan_id = s->resume_id;
        rc = pm_inv_scan_reopen(s->inv, s->scan_id, opts) || pm_inv_resume_prepare(s->inv, s->scan_id) ||
             pm_resume_load_done(s);
    } else {
        *sc = (struct pm_inv_scan){.started_at = time(NULL), .roots_json = s->roots_json,
                                   .tool_version = PM_VERSION, .key_id = s->key.id,
                                   .options_json = opts};
        rc = pm_inv_scan_begin(s->inv, sc, &s->scan_id);
    }
    free(opts);
    if (rc != 0) {
        snprintf(err, errsz, "%s: %s", o->db_path, pm_inv_errmsg(s->inv));
        return PM_FATAL_INVENTORY;
    }
    return PM_OK;
}

/* The key after the inventory: a refused --db leaves no new key behind. A
 * resumed scan must go on with the key it started with. */
static pm_status setup_key(struct scan *s, char *err, size_t errsz)
{
    const struct pm_scan_opts *o = s->o;
    if (pm_key_load(o->key_path, &s->key, err, errsz) != 0)
        return PM_FATAL_KEY;
    if (s->key.exposed)
        warn(s, "warning: %s: the HMAC key file is readable by others (chmod 600 it)",
             s->key.path);
    if (s->resume_id && strcmp(s->key.id, s->resume_key) != 0) {
        snprintf(err, errsz, "%s: scan %lld was started with another HMAC key (id %s, this one "
                 "is %s): give that key with --key FILE or PIIMAP_KEY_FILE", s->key.path,
                 (long long)s->resume_id, s->resume_key, s->key.id);
        return PM_FATAL_KEY;
    }
    if (o->allow_file && !(s->allow = pm_allow_load(o->allow_file, s->set, &s->key,
                                                    s->ev->warning, s->ev->ctx, err, errsz)))
        return PM_FATAL_USAGE;
    return PM_OK;
}

/* Everything up to the first file: the scan to resume, detectors,
 * inventory, key, readers, the scan's row. */
static pm_status setup(struct scan *s, struct pm_scan_saved *saved, struct pm_inv_scan *sc,
                       char *err, size_t errsz)
{
    pm_status st;
    if (s->o->resume) {
        if (pm_inv_open(s->o->db_path, PM_INV_WRITE, &s->inv, err, errsz) != 0)
            return PM_FATAL_INVENTORY;
        if ((st = pm_resume_find(s, saved, sc, err, errsz)) != PM_OK)
            return st;
        s->o = &saved->o; /* the options the scan was started with */
    }
    if (canonical_roots(s) != 0 || !(s->roots_json = roots_json(s))) {
        snprintf(err, errsz, "out of memory");
        return PM_FATAL_NOMEM;
    }
    if ((st = setup_detectors(s, err, errsz)) != PM_OK)
        return st;
    if (!s->inv && pm_inv_open(s->o->db_path, PM_INV_WRITE | PM_INV_CREATE, &s->inv, err,
                               errsz) != 0)
        return PM_FATAL_INVENTORY;
    if ((st = setup_key(s, err, errsz)) != PM_OK)
        return st;
    if (!(s->workers = calloc(s->nt, sizeof *s->workers))) {
        snprintf(err, errsz, "out of memory");
        return PM_FATAL_NOMEM;
    }
    for (unsigned i = 0; i < s->nt; i++) {
        s->workers[i].s = s;
        s->workers[i].reader = pm_reader_new(s->set, &s->key, &s->o->limits, s->o->chunk,
                                             on_item, &s->workers[i], err, errsz);
        if (!s->workers[i].reader)
            return PM_FATAL_NOMEM;
        pm_reader_set_stop(s->workers[i].reader, &s->stop);
        pm_reader_set_allow(s->workers[i].reader, s->allow);
    }
    if ((st = begin_scan(s, sc, err, errsz)) != PM_OK ||
        (st = note_own_files(s, err, errsz)) != PM_OK)
        return st;
    if (!s->o->full)
        load_previous(s, s->roots_json);
    if (!(s->out = pm_queue_new(PM_SCAN_OUT_QUEUE))) {
        snprintf(err, errsz, "out of memory");
        return PM_FATAL_NOMEM;
    }
    return PM_OK;
}

/* The walk, with the sink and the monitor running beside it. */
static pm_status run(struct scan *s, char *err, size_t errsz)
{
    const struct pm_scan_opts *o = s->o;
    pthread_t sink_tid, mon_tid;
    struct monitor mon = {.s = s};
    pthread_mutex_init(&mon.mu, NULL);
    pthread_cond_init(&mon.wake, NULL);
    pm_status st = PM_OK;
    if (pthread_create(&sink_tid, NULL, pm_sink_main, s) != 0) {
        snprintf(err, errsz, "cannot start the inventory writer thread");
        st = PM_FATAL_SYSTEM;
        goto out;
    }
    int mon_started = pthread_create(&mon_tid, NULL, monitor_main, &mon) == 0;
    struct pm_walk_opts wo = {.roots = (const char *const *)s->roots, .nroots = s->nroots, .threads = s->nt,
                              .excludes = o->excludes, .nexcludes = o->nexcludes,
                              .follow_symlinks = o->follow_symlinks, .stop = &s->stop,
                              .atime_touched = &s->atime_dirs};
    struct pm_walk_cb cb = {.ctx = s, .file = on_file, .skip = on_skip, .error = on_error,
                            .excluded = on_excluded};
    if (o->distributed) {
        st = pm_dist_run(s, &wo, &cb, err, errsz);
    } else if (pm_walk(&wo, &cb) != 0) {
        snprintf(err, errsz, "cannot start worker threads");
        st = PM_FATAL_SYSTEM;
        atomic_store(&s->stop, 1);
    }
    pm_queue_close(s->out);
    pthread_join(sink_tid, NULL);
    monitor_stop(&mon);
    if (mon_started)
        pthread_join(mon_tid, NULL);
out:
    pthread_mutex_destroy(&mon.mu);
    pthread_cond_destroy(&mon.wake);
    return st;
}

/* Records the scan's counts and status; fills res. */
static pm_status finish(struct scan *s, struct pm_inv_scan *sc, struct pm_scan_result *res,
                        char *err, size_t errsz)
{
    int interrupted = (s->o->interrupt && atomic_load(s->o->interrupt)) || atomic_load(&s->stop);
    sc->id = s->scan_id;
    uint64_t roots_failed = atomic_load(&s->roots_failed);
    sc->status = interrupted ? PM_SCAN_INTERRUPTED
                 : roots_failed ? PM_SCAN_INCOMPLETE : PM_SCAN_COMPLETE;
    sc->finished_at = time(NULL);
    sc->files_seen = atomic_load(&s->files_seen);
    sc->files_scanned = atomic_load(&s->files_scanned);
    sc->files_skipped = atomic_load(&s->files_skipped);
    sc->files_excluded = atomic_load(&s->files_excluded);
    sc->members_seen = atomic_load(&s->members_seen);
    sc->files_unchanged = atomic_load(&s->unchanged) + atomic_load(&s->resumed_unchanged);
    sc->incremental_from = s->prev_id;
    sc->bytes_scanned = atomic_load(&s->bytes);
    sc->errors = atomic_load(&s->errors);
    *res = (struct pm_scan_result){
        .scan_id = s->scan_id, .status = pm_scan_status_name(sc->status),
        .files_seen = sc->files_seen, .files_scanned = sc->files_scanned,
        .files_skipped = sc->files_skipped, .files_excluded = sc->files_excluded,
        .files_unchanged = sc->files_unchanged, .members_seen = sc->members_seen,
        .bytes_scanned = sc->bytes_scanned, .with_pii = atomic_load(&s->with_pii),
        .files_with_pii = atomic_load(&s->files_with_pii),
        .errors = sc->errors, .roots_failed = roots_failed, .roots = s->nroots,
        .seconds = elapsed(s),
        .atime_dirs = atomic_load(&s->atime_dirs)};
    for (unsigned i = 0; i < s->nt; i++)
        res->atime_files += pm_reader_atime_touched(s->workers[i].reader);
    if (s->o->distributed) {
        /* This host's counts; the scan's row is the hosts' together, and
         * ended by whichever host saw its queue empty. */
        if (atomic_load(&s->fatal)) {
            snprintf(err, errsz, "%s", s->fatal_msg);
            return PM_FATAL_INVENTORY;
        }
        res->status = s->dist_complete ? "complete" : "interrupted";
        return s->dist_complete ? PM_OK : PM_ERR_INTERRUPTED;
    }
    if (atomic_load(&s->fatal)) {
        snprintf(err, errsz, "%s", s->fatal_msg);
        sc->status = PM_SCAN_INTERRUPTED;
        res->status = pm_scan_status_name(sc->status);
        (void)pm_inv_scan_update(s->inv, sc);
        return PM_FATAL_INVENTORY;
    }
    if (pm_inv_scan_update(s->inv, sc) != 0) {
        snprintf(err, errsz, "%s: %s", s->o->db_path, pm_inv_errmsg(s->inv));
        return PM_FATAL_INVENTORY;
    }
    return interrupted ? PM_ERR_INTERRUPTED : PM_OK;
}

static void teardown(struct scan *s)
{
    if (s->workers)
        for (unsigned i = 0; i < s->nt; i++) {
            pm_reader_free(s->workers[i].reader);
            free(s->workers[i].acl);
        }
    free(s->workers);
    pm_queue_free(s->out);
    pm_inv_close(s->inv);
    pm_detset_free(s->set);
    pm_userdets_free(s->user);
    pm_allow_free(s->allow);
    sigmap_free(s->prev);
    pm_resume_free(s);
    pm_dist_free(s);
    free(s->roots_json);
    for (size_t i = 0; s->roots && i < s->nroots; i++)
        free(s->roots[i]);
    free(s->roots);
    explicit_bzero(&s->key, sizeof s->key);
}

/* Two things are built once per process, by the first worker that needs
 * them while the others wait for it: the typing prefilter
 * (extract/magicdb.h, about 10 ms of CPU) and libphonenumber's tables (its
 * first use, about 6 ms). Built here beside the setup (the inventory, the key
 * and the scan's row mostly wait on the disk), they are ready, or nearly,
 * when the workers start. */
static void *prepare_shared(void *arg)
{
    const struct pm_scan_opts *o = arg;
    (void)pm_magicdb_get();
    /* libphonenumber's tables only for a scan that may run the phone
     * detector (a user-defined detector never calls it). */
    if ((o->only && !pm_idlist_has(o->only, "phone")) ||
        (o->disable && pm_idlist_has(o->disable, "phone")))
        return NULL;
    char code[4], trunk[4];
    int nanpa;
    unsigned long lengths;
    (void)pm_phonenum_region_info("US", code, trunk, &nanpa, &lengths);
    return NULL;
}

pm_status pm_scan_run(const struct pm_scan_opts *o, const struct pm_scan_events *ev,
                      struct pm_scan_result *res, char *err, size_t errsz)
{
    static const struct pm_scan_events none;
    struct scan s = {.o = o, .ev = ev ? ev : &none, .nt = o->threads ? o->threads : 1};
    struct pm_scan_saved saved = {0};
    struct pm_inv_scan sc = {0};
    *res = (struct pm_scan_result){.status = "not started"};
    err[0] = '\0';
    clock_gettime(CLOCK_MONOTONIC, &s.t0);
    pthread_t prep;
    int prep_started = pthread_create(&prep, NULL, prepare_shared, (void *)o) == 0;
    pm_status st = setup(&s, &saved, &sc, err, errsz);
    if (st == PM_OK) {
        st = run(&s, err, errsz);
        /* Even a run that failed records what it had, as interrupted. */
        char ferr[512];
        pm_status fst = finish(&s, &sc, res, ferr, sizeof ferr);
        if (st == PM_OK) {
            st = fst;
            snprintf(err, errsz, "%s", ferr);
        }
    }
    res->resumed = s.resume_id;
    if (prep_started)
        pthread_join(prep, NULL);
    teardown(&s);
    pm_scan_saved_free(&saved);
    return st;
}
