/* walk.c — multi-threaded directory walker over a bounded job queue.
 *
 * Termination: `pending` counts jobs queued or running. A job's children are
 * counted before the job itself is finished, so pending reaches zero exactly
 * when the walk is complete; the worker that brings it to zero closes the
 * queue and every other worker wakes up with nothing left.
 *
 * Order: directories first (listing one is quick and finds more work), then
 * the largest file queued. A scan ends when its last file is read: in
 * directory order a big file read last kept one thread busy while the others
 * had nothing left (0.16 s of 3.9 s on the 1 GB text corpus of bench/, two
 * threads). Largest first, the files read last are the small ones.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <limits.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <linux/magic.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/statfs.h>
#include <unistd.h>

#include "walk/queue.h"
#include "walk/walk.h"

#define PM_WALK_QUEUE 4096
#ifndef CGROUP2_SUPER_MAGIC
#define CGROUP2_SUPER_MAGIC 0x63677270
#endif

enum job_kind { JOB_DIR, JOB_FILE };

struct job {
    enum job_kind kind;
    int follow;      /* reached through a symlink */
    struct stat st;
    char path[];     /* NUL-terminated */
};

/* Set of (dev, ino) of entered directories; open addressing, grows. */
struct visited {
    pthread_mutex_t mu;
    struct { dev_t dev; ino_t ino; int used; } *slots;
    size_t cap, len;
};

struct walker {
    const struct pm_walk_opts *o;
    const struct pm_walk_cb *cb;
    struct pm_queue *q;
    atomic_size_t pending;
    struct visited seen;
};

struct worker_arg {
    struct walker *w;
    unsigned idx;
};

static int stopped(const struct walker *w) { return w->o->stop && atomic_load(w->o->stop); }

/* Returns 1 if newly added, 0 if present, -1 on allocation failure. */
static int visited_add(struct visited *v, dev_t dev, ino_t ino)
{
    int rc = 1;
    pthread_mutex_lock(&v->mu);
    if (v->len * 2 >= v->cap) {
        size_t ncap = v->cap ? v->cap * 2 : 1024;
        __typeof__(v->slots) ns = calloc(ncap, sizeof *ns);
        if (!ns) {
            rc = -1;
            goto done;
        }
        for (size_t i = 0; i < v->cap; i++) {
            if (!v->slots[i].used)
                continue;
            size_t h = ((uint64_t)v->slots[i].ino * 0x9E3779B97F4A7C15ull ^ v->slots[i].dev) % ncap;
            while (ns[h].used)
                h = (h + 1) % ncap;
            ns[h] = v->slots[i];
        }
        free(v->slots);
        v->slots = ns;
        v->cap = ncap;
    }
    size_t h = ((uint64_t)ino * 0x9E3779B97F4A7C15ull ^ dev) % v->cap;
    while (v->slots[h].used) {
        if (v->slots[h].dev == dev && v->slots[h].ino == ino) {
            rc = 0;
            goto done;
        }
        h = (h + 1) % v->cap;
    }
    v->slots[h].used = 1;
    v->slots[h].dev = dev;
    v->slots[h].ino = ino;
    v->len++;
done:
    pthread_mutex_unlock(&v->mu);
    return rc;
}

int pm_walk_excluded(const struct pm_walk_opts *o, const char *path, const char *name)
{
    for (size_t i = 0; i < o->nexcludes; i++) {
        const char *g = o->excludes[i];
        if (fnmatch(g, strchr(g, '/') ? path : name, 0) == 0)
            return 1;
    }
    return 0;
}

static int pseudo_fs(int fd)
{
    struct statfs sfs;
    if (fstatfs(fd, &sfs) != 0)
        return 0;
    switch ((unsigned long)sfs.f_type) {
    case PROC_SUPER_MAGIC:
    case SYSFS_MAGIC:
    case DEVPTS_SUPER_MAGIC:
    case DEBUGFS_MAGIC:
    case TRACEFS_MAGIC:
    case SECURITYFS_MAGIC:
    case CGROUP_SUPER_MAGIC:
    case CGROUP2_SUPER_MAGIC:
    case PSTOREFS_MAGIC:
    case BPF_FS_MAGIC:
    case BINFMTFS_MAGIC:
    case EFIVARFS_MAGIC:
        return 1;
    default:
        return 0;
    }
}

int pm_open_long(const char *path, int flags)
{
    int fd = open(path, flags);
    if (fd >= 0 || errno != ENAMETOOLONG)
        return fd;
    /* Too long for one call: descend from the start, one directory at a time. */
    int dir = open(path[0] == '/' ? "/" : ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    const char *p = path;
    char name[NAME_MAX + 1];
    while (dir >= 0) {
        while (*p == '/')
            p++;
        const char *slash = strchr(p, '/');
        size_t n = slash ? (size_t)(slash - p) : strlen(p);
        if (n == 0 || n > NAME_MAX) {
            close(dir);
            errno = n ? ENAMETOOLONG : EINVAL;
            return -1;
        }
        memcpy(name, p, n);
        name[n] = '\0';
        while (slash && slash[1] == '/')
            slash++;
        if (!slash || !slash[1]) {
            fd = openat(dir, name, flags);
            int e = errno;
            close(dir);
            errno = e;
            return fd;
        }
        int next = openat(dir, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
        int e = errno;
        close(dir);
        errno = e;
        dir = next;
        p = slash + 1;
    }
    return -1;
}

static struct job *job_new(enum job_kind kind, const char *dir, const char *name,
                           const struct stat *st, int follow)
{
    size_t dl = strlen(dir), nl = name ? strlen(name) : 0;
    int slash = name && dl > 0 && dir[dl - 1] != '/';
    struct job *j = malloc(sizeof *j + dl + slash + nl + 1);
    if (!j)
        return NULL;
    j->kind = kind;
    j->follow = follow;
    j->st = *st;
    memcpy(j->path, dir, dl);
    if (slash)
        j->path[dl] = '/';
    if (name)
        memcpy(j->path + dl + slash, name, nl);
    j->path[dl + slash + nl] = '\0';
    return j;
}

static void run_job(struct walker *w, unsigned idx, struct job *j);

static uint64_t job_prio(const struct job *j)
{
    return j->kind == JOB_DIR ? UINT64_MAX : (uint64_t)(j->st.st_size > 0 ? j->st.st_size : 0);
}

/* Queues a job, or runs it here when the queue is full. Takes ownership. */
static void submit(struct walker *w, unsigned idx, struct job *j)
{
    atomic_fetch_add(&w->pending, 1);
    if (pm_queue_try_push_prio(w->q, j, job_prio(j)) == 0)
        return;
    atomic_fetch_sub(&w->pending, 1);
    run_job(w, idx, j);
}

static const char *kind_name(mode_t m)
{
    if (S_ISFIFO(m))
        return "fifo";
    if (S_ISSOCK(m))
        return "socket";
    if (S_ISCHR(m))
        return "character device";
    if (S_ISBLK(m))
        return "block device";
    if (S_ISLNK(m))
        return "symlink (not followed)";
    return "not a regular file";
}

/* Decides what to do with one entry found in a directory (or a root). */
static void dispatch(struct walker *w, unsigned idx, int dirfd, const char *dirpath,
                     const char *name)
{
    struct stat st = {0};
    int follow = 0;
    struct job *j = NULL;

    if (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) != 0) {
        j = job_new(JOB_FILE, dirpath, name, &st, 0);
        w->cb->error(w->cb->ctx, j ? j->path : name, errno, "stat");
        free(j);
        return;
    }
    if (S_ISLNK(st.st_mode) && w->o->follow_symlinks) {
        struct stat tst;
        if (fstatat(dirfd, name, &tst, 0) != 0) {
            j = job_new(JOB_FILE, dirpath, name, &st, 0);
            if (j)
                w->cb->skip(w->cb->ctx, j->path, &st,
                            errno == ELOOP ? "symlink loop" : "dangling symlink");
            free(j);
            return;
        }
        st = tst;
        follow = 1;
    }
    if (S_ISDIR(st.st_mode) && w->cb->subdir) {
        if ((j = job_new(JOB_DIR, dirpath, name, &st, follow)))
            w->cb->subdir(w->cb->ctx, j->path);
        else
            w->cb->error(w->cb->ctx, name, ENOMEM, "queue");
        free(j);
        return;
    }
    if (S_ISDIR(st.st_mode)) {
        j = job_new(JOB_DIR, dirpath, name, &st, follow);
    } else if (S_ISREG(st.st_mode)) {
        j = job_new(JOB_FILE, dirpath, name, &st, follow);
    } else {
        j = job_new(JOB_FILE, dirpath, name, &st, 0);
        if (j)
            w->cb->skip(w->cb->ctx, j->path, &st, kind_name(st.st_mode));
        free(j);
        return;
    }
    if (!j) {
        w->cb->error(w->cb->ctx, name, ENOMEM, "queue");
        return;
    }
    submit(w, idx, j);
}

static void list_dir(struct walker *w, unsigned idx, struct job *j)
{
    int flags = O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOATIME | (j->follow ? 0 : O_NOFOLLOW);
    int fd = pm_open_long(j->path, flags);
    if (fd < 0 && errno == EPERM) { /* O_NOATIME needs ownership */
        fd = pm_open_long(j->path, flags & ~O_NOATIME);
        if (fd >= 0 && w->o->atime_touched)
            atomic_fetch_add(w->o->atime_touched, 1);
    }
    if (fd < 0) {
        w->cb->error(w->cb->ctx, j->path, errno, "open directory");
        return;
    }
    struct stat st;
    if (fstat(fd, &st) != 0 || st.st_dev != j->st.st_dev || st.st_ino != j->st.st_ino) {
        w->cb->error(w->cb->ctx, j->path, ESTALE, "directory changed during scan");
        close(fd);
        return;
    }
    if (pseudo_fs(fd)) {
        w->cb->skip(w->cb->ctx, j->path, &st, "pseudo file system");
        close(fd);
        return;
    }
    int r = visited_add(&w->seen, st.st_dev, st.st_ino);
    if (r == 0) {
        w->cb->skip(w->cb->ctx, j->path, &st, "directory already visited (loop or bind mount)");
        close(fd);
        return;
    }
    DIR *d = fdopendir(fd);
    if (!d) {
        w->cb->error(w->cb->ctx, j->path, errno, "read directory");
        close(fd);
        return;
    }
    struct dirent *de;
    errno = 0;
    while ((de = readdir(d)) != NULL && !stopped(w)) {
        const char *n = de->d_name;
        if (n[0] == '.' && (n[1] == '\0' || (n[1] == '.' && n[2] == '\0')))
            continue;
        if (w->o->nexcludes) {
            struct job *tmp = job_new(JOB_FILE, j->path, n, &st, 0);
            int ex = tmp && pm_walk_excluded(w->o, tmp->path, n);
            if (ex && w->cb->excluded)
                w->cb->excluded(w->cb->ctx, tmp->path);
            free(tmp);
            if (ex)
                continue;
        }
        dispatch(w, idx, dirfd(d), j->path, n);
        errno = 0;
    }
    if (errno != 0 && !stopped(w))
        w->cb->error(w->cb->ctx, j->path, errno, "read directory");
    closedir(d);
}

static void run_job(struct walker *w, unsigned idx, struct job *j)
{
    if (!stopped(w)) {
        if (j->kind == JOB_DIR)
            list_dir(w, idx, j);
        else
            w->cb->file(w->cb->ctx, idx, j->path, &j->st, j->follow);
    }
    free(j);
}

static void *worker_main(void *p)
{
    struct worker_arg *a = p;
    struct walker *w = a->w;
    struct job *j;
    while ((j = pm_queue_pop(w->q, -1, NULL)) != NULL) {
        run_job(w, a->idx, j);
        if (atomic_fetch_sub(&w->pending, 1) == 1)
            pm_queue_close(w->q);
    }
    return NULL;
}

int pm_walk(const struct pm_walk_opts *o, const struct pm_walk_cb *cb)
{
    struct walker w = {.o = o, .cb = cb};
    unsigned nt = o->threads ? o->threads : 1;
    pthread_t *tids = calloc(nt, sizeof *tids);
    struct worker_arg *args = calloc(nt, sizeof *args);
    int rc = -1;
    unsigned started = 0;

    pthread_mutex_init(&w.seen.mu, NULL);
    atomic_init(&w.pending, 0);
    w.q = pm_queue_new_ordered(PM_WALK_QUEUE);
    if (!tids || !args || !w.q)
        goto done;

    /* Roots are queued before any worker starts: +1 guard so that pending
     * cannot reach zero while roots are still being added. */
    atomic_fetch_add(&w.pending, 1);
    for (unsigned i = 0; i < nt; i++) {
        args[i].w = &w;
        args[i].idx = i;
        if (pthread_create(&tids[i], NULL, worker_main, &args[i]) != 0)
            break;
        started++;
    }
    if (started == 0) {
        pm_queue_close(w.q);
        goto done;
    }
    for (size_t i = 0; i < o->nroots && !stopped(&w); i++) {
        const char *root = o->roots[i];
        struct stat st;
        if (stat(root, &st) != 0) {
            cb->error(cb->ctx, root, errno, "stat");
            continue;
        }
        enum job_kind k = S_ISDIR(st.st_mode) ? JOB_DIR : JOB_FILE;
        if (!S_ISDIR(st.st_mode) && !S_ISREG(st.st_mode)) {
            cb->skip(cb->ctx, root, &st, kind_name(st.st_mode));
            continue;
        }
        struct job *j = job_new(k, root, NULL, &st, 1);
        if (!j) {
            cb->error(cb->ctx, root, ENOMEM, "queue");
            continue;
        }
        atomic_fetch_add(&w.pending, 1);
        if (pm_queue_push_prio(w.q, j, job_prio(j)) != 0) {
            atomic_fetch_sub(&w.pending, 1);
            free(j);
        }
    }
    if (atomic_fetch_sub(&w.pending, 1) == 1)
        pm_queue_close(w.q);
    for (unsigned i = 0; i < started; i++)
        pthread_join(tids[i], NULL);
    rc = 0; /* fewer threads than asked still walk everything */
done:
    /* Jobs left after a stop are freed here. */
    if (w.q) {
        pm_queue_close(w.q);
        struct job *j;
        while ((j = pm_queue_pop(w.q, 0, NULL)) != NULL)
            free(j);
        pm_queue_free(w.q);
    }
    free(w.seen.slots);
    pthread_mutex_destroy(&w.seen.mu);
    free(tids);
    free(args);
    return rc;
}
