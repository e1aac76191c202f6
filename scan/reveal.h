/* reveal.h — `piimap reveal`: read one file again, through the same
 * extract -> detect pipeline as a scan, and hand its raw matches to the
 * caller, who prints them for someone who must act on them.
 *
 * This is the one place where raw values leave the matcher, on purpose, to a
 * callback: nothing here stores, logs or hashes them, nothing writes to the
 * inventory (reveal never opens one: the caller hands in the scan's
 * options), and the values are wiped from memory once handed over.
 */
#ifndef PM_SCAN_REVEAL_H
#define PM_SCAN_REVEAL_H

#include <stddef.h>
#include <stdint.h>

#include "common/status.h"
#include "extract/extract.h"
#include "scan/options.h"

/* One match, valid during the item callback only. */
struct pm_reveal_match {
    const char *detector;  /* id */
    int confidence;        /* enum pm_confidence */
    uint64_t line;         /* 1-based, in the item's text */
    uint64_t offset;       /* byte offset in the item's text (UTF-8 as read) */
    const char *text;      /* the raw value as it stands in the text, len bytes */
    size_t len;
};

struct pm_reveal_opts {
    const char *path;                  /* the file (made absolute and canonical here) */
    const char *const *members;        /* only items whose chain begins so; NULL: all */
    size_t nmembers;
    const char *detector;              /* only this detector's matches; NULL: all */
    /* Detector selection, minimum confidence, user detectors, limits and
     * window of the scan whose file this is (or defaults). */
    const struct pm_scan_opts *scan;
};

struct pm_reveal_events {
    void *ctx;
    /* An item selected (its member chain begins with opts->members), with
     * its matches in text order. Items come depth first, a member before the
     * archive that holds it. */
    void (*item)(void *ctx, const char *path, const struct pm_item *item,
                 const struct pm_reveal_match *m, size_t n);
};

struct pm_reveal_result {
    char path[4096];       /* the canonical path read */
    uint64_t items;        /* items selected */
    uint64_t matches;      /* matches handed over */
    uint64_t unread;       /* selected items in error or read in part */
};

/* Reads opts->path. Returns PM_OK; PM_ERR_IO (with err naming the path)
 * when it is missing, not a regular file, or the caller cannot read it;
 * PM_FATAL_USAGE for an unknown detector or a bad user-detector file;
 * PM_FATAL_NOMEM. */
pm_status pm_reveal_run(const struct pm_reveal_opts *opts, const struct pm_reveal_events *ev,
                        struct pm_reveal_result *res, char *err, size_t errsz);

#endif
