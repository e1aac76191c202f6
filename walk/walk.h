/* walk.h — the multi-threaded file-system walker.
 *
 * N worker threads share one bounded queue of jobs (a directory to list or a
 * file to scan). A worker lists a directory with openat/fstatat on its fd and
 * queues what it finds; when the queue is full it does the job itself, so the
 * walk never outruns the scan and memory stays bounded. Regular files go to
 * the `file` callback on the worker thread that found or popped them; the
 * queue hands out directories first, then the largest file (so that no big
 * file is read last, by one thread alone).
 *
 * Rules: symlinks are followed only with follow_symlinks, and a directory is
 * entered at most once by (device, inode), so loops end; FIFOs, sockets and
 * devices are reported as skipped and never opened; pseudo file systems
 * (/proc, /sys, ...) are not entered; excluded names are not entered at all.
 * The walker never writes anything and never changes directory.
 */
#ifndef PM_WALK_H
#define PM_WALK_H

#include <stdatomic.h>
#include <stddef.h>
#include <sys/stat.h>

struct pm_walk_cb {
    void *ctx;
    /* A regular file, on worker thread `worker` (0..threads-1). `follow`
     * says it was reached through a symlink (open it without O_NOFOLLOW). */
    void (*file)(void *ctx, unsigned worker, const char *path, const struct stat *st,
                 int follow);
    /* An entry that is not scanned, and why ("symlink", "fifo", ...). */
    void (*skip)(void *ctx, const char *path, const struct stat *st, const char *reason);
    /* An entry that could not be examined: errno and what was being done. */
    void (*error)(void *ctx, const char *path, int err, const char *what);
    /* An excluded entry (only counted). May be NULL. */
    void (*excluded)(void *ctx, const char *path);
    /* May be NULL. When set, a directory found inside a root is handed here
     * (on a worker thread) and not entered: the walk lists the roots only,
     * one level deep (a distributed scan queues the directory for any host). */
    void (*subdir)(void *ctx, const char *path);
};

struct pm_walk_opts {
    const char *const *roots; /* paths as the user gave them */
    size_t nroots;
    unsigned threads;         /* >= 1 */
    const char *const *excludes; /* fnmatch globs: on the name, or on the path if they hold '/' */
    size_t nexcludes;
    int follow_symlinks;
    const atomic_int *stop;   /* set to non-zero to end the walk early; may be NULL */
    /* Counts directories listed without O_NOATIME (only their owner or root
     * may keep access times); may be NULL. */
    atomic_ullong *atime_touched;
};

/* Walks every root; returns 0, or -1 if threads could not be started. */
int pm_walk(const struct pm_walk_opts *opts, const struct pm_walk_cb *cb);

/* open(2) that also works for paths longer than PATH_MAX: on ENAMETOOLONG
 * it walks the path a component at a time with openat. */
int pm_open_long(const char *path, int flags);

/* 1 if path (or its last component) matches one of the globs. */
int pm_walk_excluded(const struct pm_walk_opts *opts, const char *path, const char *name);

#endif
