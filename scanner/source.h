/* source.h — reading one file: open safely, type it, decode it, stream it
 * through the detectors.
 *
 * A struct pm_reader belongs to one worker thread: it holds that thread's
 * libmagic handle, read and decode buffers and its text matcher, all reused
 * from file to file. Files are opened read-only, O_NOFOLLOW (unless reached
 * through a followed symlink), O_NONBLOCK (a FIFO swapped in never blocks) and
 * O_NOATIME where permitted; they are never written.
 */
#ifndef PM_SOURCE_H
#define PM_SOURCE_H

#include <stdatomic.h>
#include <stdint.h>
#include <sys/stat.h>

#include "../detectors/detector.h"
#include "../report/inventory.h"

struct pm_reader;

struct pm_read_result {
    enum pm_file_status status;
    char reason[256];   /* why skipped / the error, empty if none */
    char mime[128];     /* libmagic MIME type */
    const char *encoding; /* static string, NULL if not read */
    uint64_t bytes;     /* bytes read from the file */
};

/* chunk = 0 picks the default. fn/ctx receive every match. */
struct pm_reader *pm_reader_new(const struct pm_detset *set, size_t chunk, pm_match_fn fn,
                                void *ctx, char *err, size_t errsz);
void pm_reader_free(struct pm_reader *r);

/* Makes long reads stop early (status partial, "interrupted") once *stop is
 * non-zero. */
void pm_reader_set_stop(struct pm_reader *r, const atomic_int *stop);

/* Scans the file at path whose walker stat is st. */
void pm_reader_scan(struct pm_reader *r, const char *path, const struct stat *st, int follow,
                    struct pm_read_result *res);

/* Scans an in-memory stream (tests, and later archive members). */
void pm_reader_scan_fd(struct pm_reader *r, int fd, struct pm_read_result *res);

#endif
