/* options.h — a scan's options (struct pm_scan_opts), and the same as JSON,
 * stored with the scan so that
 * `piimap scan --resume` runs an interrupted scan again exactly as it was
 * started (roots, excludes, detectors, allow list, limits), and knows which
 * process last ran it.
 */
#ifndef PM_SCAN_OPTIONS_H
#define PM_SCAN_OPTIONS_H

#include <stdatomic.h>
#include <stddef.h>
#include <sys/types.h>

#include "extract/limits.h"

/* What a scan is asked to do. */
struct pm_scan_opts {
    const char *db_path;          /* inventory, default ./piimap.db */
    const char *key_path;         /* HMAC key file, NULL for the default */
    const char *const *roots;
    size_t nroots;
    /* The roots are a list of paths (scan --from-file): their canonical
     * forms are sorted and each is kept once, so the same set of paths is
     * the same scan scope however the list was ordered. */
    int unique_roots;
    unsigned threads;
    const char *const *excludes;
    size_t nexcludes;
    int follow_symlinks;
    int full;                     /* read everything, even files unchanged since the last scan */
    size_t chunk;                 /* matcher window, 0 = default (tests use small ones) */
    const char *only, *disable, *enable; /* detector selection, comma-separated ids */
    int min_confidence;           /* findings below are not recorded (0 = all) */
    const char *region;           /* --region CC: national phone formats, NULL = none */
    const char *detectors_file;   /* user-defined detectors, NULL if none */
    const char *allow_file;       /* allow list, NULL if none */
    struct pm_limits limits;      /* archive and document limits */
    /* Set to non-zero (e.g. by a signal handler) to stop the scan: what was
     * read is kept and the scan is recorded as interrupted. May be NULL. */
    const atomic_int *interrupt;
    /* Continue the newest interrupted scan in the inventory instead of
     * starting one: its roots and options replace these (all but db_path,
     * key_path, threads and interrupt). Entries it finished are not read
     * again; the result is what an uninterrupted scan would have recorded. */
    int resume;
    /* Share one scan with every host that runs it on the same roots and
     * PostgreSQL inventory (scan/distributed.c). host names this host in the
     * data map (NULL: its host name); lease_seconds is how long a host may
     * hold a directory without renewing (0: 60 s). */
    int distributed;
    const char *host;
    unsigned lease_seconds;
};

/* The options that decide what a scan finds (not threads, key or inventory),
 * with the nroots canonical roots and this process's id and host. NULL when
 * out of memory. Paths of files it names (--detectors, --allow) are made
 * absolute. */
char *pm_scan_opts_json(const struct pm_scan_opts *o, const char *const *roots, size_t nroots);

/* Options read back; owns every string that o points to. */
struct pm_scan_saved {
    struct pm_scan_opts o;
    char **strs;          /* every allocated string, freed together */
    size_t nstrs;
    const char **roots, **excludes;
    long pid;             /* the process that last ran the scan, 0 if unknown */
    char host[256];
};

/* Fills saved from json, over base (which gives db, key, threads and the
 * interrupt flag). Returns 0, or -1 with a message in err. */
int pm_scan_opts_parse(const char *json, const struct pm_scan_opts *base,
                       struct pm_scan_saved *saved, char *err, size_t errsz);
void pm_scan_saved_free(struct pm_scan_saved *saved);

#endif
