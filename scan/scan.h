/* scan.h — one scan run: walker threads, per-thread readers, the sink thread
 * that alone writes the inventory, and a monitor that reports progress.
 *
 * scan/ is the library's one place that wires the stages together:
 * walk -> extract -> detect -> record -> inventory. It returns a status and
 * reports through callbacks; it never prints, never exits and installs no
 * signal handler: cli/ does those, and hands an interrupt flag in.
 */
#ifndef PM_SCAN_H
#define PM_SCAN_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "common/status.h"
#include "scan/options.h" /* struct pm_scan_opts */

struct pm_scan_progress {
    uint64_t files_seen, bytes, with_pii, errors;
    uint64_t prev_files_seen; /* files of the previous scan of the same roots, 0 if none */
    double seconds;           /* since the scan started */
};

/* How a scan tells its caller what happens. Every member may be NULL. */
struct pm_scan_events {
    void *ctx;
    /* An item that could not be read, or was read in part: its path, its
     * member chain as JSON ("[]" for a file on disk) and why. Sink thread. */
    void (*problem)(void *ctx, const char *path, const char *members_json, const char *what);
    /* A warning about the run itself (e.g. an incremental scan that falls
     * back to reading everything). */
    void (*warning)(void *ctx, const char *what);
    /* Five times a second while the scan runs. Monitor thread. */
    void (*progress)(void *ctx, const struct pm_scan_progress *p);
};


/* What a finished run recorded (also filled, as far as it got, on failure). */
struct pm_scan_result {
    int64_t scan_id;              /* 0 if the scan was never recorded */
    const char *status;           /* "complete", "incomplete", "interrupted" (static) */
    uint64_t files_seen;          /* files on disk reached (not directories, not members) */
    uint64_t files_scanned;       /* of those, read in this run (not carried forward) */
    uint64_t files_skipped, files_excluded, files_unchanged;
    uint64_t members_seen, bytes_scanned, errors;
    uint64_t with_pii;            /* items (files and members) with findings */
    uint64_t files_with_pii;      /* files on disk that hold findings, in them or their members */
    uint64_t roots_failed;        /* roots missing or unreadable: the scan is "incomplete" */
    size_t roots;                 /* roots walked (canonical; a list's without repeats) */
    /* Files and directories read without O_NOATIME: only their owner or root
     * can read without moving access times, so theirs may have moved. */
    uint64_t atime_files, atime_dirs;
    double seconds;
    int64_t resumed;              /* the scan continued, 0 for a new one */
};

/* Runs a scan. Returns PM_OK when the scan ran to its end (complete, or
 * incomplete when res->roots_failed > 0: a missing or unreadable root is
 * recorded as an error and the other roots are still scanned), PM_ERR_INTERRUPTED when
 * *interrupt stopped it, or a fatal status (PM_FATAL_USAGE for detector,
 * allow-list and option errors; PM_FATAL_INVENTORY, PM_FATAL_KEY, ...) with a
 * message naming the path in err. */
pm_status pm_scan_run(const struct pm_scan_opts *opts, const struct pm_scan_events *ev,
                      struct pm_scan_result *res, char *err, size_t errsz);

#endif
