/* scan.h — one scan run: walker threads, per-thread readers, the sink thread
 * that alone writes the inventory, and progress on stderr.
 */
#ifndef PM_SCAN_H
#define PM_SCAN_H

#include <stddef.h>

#include "cli/cli.h" /* FIXME(structure): exit codes leave the library */
#include "extract/limits.h"

struct pm_scan_opts {
    const char *db_path;          /* inventory, default ./piimap.db */
    const char *key_path;         /* HMAC key file, NULL for the default */
    const char *const *roots;
    size_t nroots;
    unsigned threads;
    const char *const *excludes;
    size_t nexcludes;
    int follow_symlinks;
    int quiet;
    int fail_on_findings;
    int full;                     /* read everything, even files unchanged since the last scan */
    size_t chunk;                 /* matcher window, 0 = default (tests use small ones) */
    const char *only, *disable, *enable; /* detector selection, comma-separated ids */
    int min_confidence;           /* findings below are not recorded (0 = all) */
    const char *detectors_file;   /* user-defined detectors, NULL if none */
    const char *allow_file;       /* allow list, NULL if none */
    struct pm_limits limits;      /* archive and document limits */
};

/* Runs a scan; returns one of the exit codes above. */
int pm_scan_run(const struct pm_scan_opts *opts);


#endif
