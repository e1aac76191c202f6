/* source.h — reading one top-level file and everything inside it.
 *
 * The dispatcher types a stream with libmagic from its first bytes and hands
 * it to the right extractor: plain text (UTF-8, Latin-1, UTF-16), printable
 * runs of binaries, SQLite databases (opened read-only, immutable), archives
 * (libarchive, recursively: every member goes back through the dispatcher),
 * documents (OOXML and ODF text, PDF, e-mail). An archive member is its own
 * item with its member chain; a document is one item whatever it holds (an
 * e-mail's attachments are members of it).
 *
 * A struct pm_reader belongs to one worker thread: it holds that thread's
 * libmagic handle and, per nesting level, a text matcher, a findings
 * accumulator and buffers, all reused from file to file. Top-level files are
 * opened read-only, O_NOFOLLOW (unless reached through a followed symlink),
 * O_NONBLOCK (a FIFO swapped in never blocks) and O_NOATIME where permitted;
 * nothing is ever written, and no member is ever extracted to disk.
 */
#ifndef PM_SOURCE_H
#define PM_SOURCE_H

#include <stdatomic.h>
#include <stdint.h>
#include <sys/stat.h>

#include "detect/detector.h"
#include "inventory/inventory.h"
#include "record/findings.h"
#include "extract/limits.h"

/* A pull stream: returns bytes read (> 0), 0 at the end, -1 on error. */
typedef long (*pm_pull_fn)(void *ctx, void *buf, size_t n);

/* One result: the top-level file (nmembers = 0) or one member inside it. */
struct pm_item {
    const char *const *members;  /* member chain, outermost first */
    size_t nmembers;
    enum pm_file_status status;
    const char *reason;          /* why skipped/partial/error, else NULL or "" */
    const char *mime;            /* libmagic type */
    const char *encoding;        /* text encoding, NULL if not text */
    uint64_t bytes;              /* bytes of this item read (decompressed) */
    int64_t mtime;               /* member modification time, 0 if unknown */
    const struct pm_findings *findings;
};

typedef void (*pm_item_fn)(void *ctx, const struct pm_item *item);

struct pm_reader;

/* chunk = 0 picks the default matcher window. Items go to item_fn. */
struct pm_reader *pm_reader_new(const struct pm_detset *set, const struct pm_key *key,
                                const struct pm_limits *lim, size_t chunk, pm_item_fn item_fn,
                                void *ctx, char *err, size_t errsz);
void pm_reader_free(struct pm_reader *r);

/* Makes long reads stop early (status partial, "interrupted") once *stop is
 * non-zero. */
void pm_reader_set_stop(struct pm_reader *r, const atomic_int *stop);

/* Drops values on the allow list (borrowed, shared, read-only). */
struct pm_allow;
void pm_reader_set_allow(struct pm_reader *r, const struct pm_allow *allow);

/* Scans the file at path whose walker stat is st; reports its items. */
void pm_reader_scan(struct pm_reader *r, const char *path, const struct stat *st, int follow);

#endif
