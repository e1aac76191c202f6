/* extract.h — reading one top-level file and everything inside it, as text.
 *
 * The dispatcher types a stream with libmagic from its first bytes and hands
 * it to the extractor that bids highest for it (extract/extractor.h): plain
 * text (UTF-8, Latin-1, UTF-16), printable runs of binaries, SQLite databases
 * (opened read-only, immutable), archives (libarchive, recursively: every
 * member goes back through the dispatcher), documents (OOXML and ODF text,
 * PDF, e-mail). An archive member is its own item with its member chain; a
 * document is one item whatever it holds (an e-mail's attachments are members
 * of it).
 *
 * What comes out goes to a sink the caller gives: for every item (the file,
 * then each member, depth first) begin(level), then its text in buffers,
 * (with record(level) wherever a record of it ends), then end(level, item).
 * Levels nest: a member at level L + 1 begins and ends
 * between the begin and the end of its container at level L. extract/ knows
 * nothing of what is done with the text (detect/ and record/ are never
 * included here); the sink does.
 *
 * A struct pm_extract belongs to one worker thread: it holds that thread's
 * libmagic handle and per-level buffers, reused from file to file. Top-level
 * files are opened read-only, O_NOFOLLOW (unless reached through a followed
 * symlink), O_NONBLOCK (a FIFO swapped in never blocks) and O_NOATIME where
 * permitted; nothing is ever written, and no member is ever extracted to disk.
 */
#ifndef PM_EXTRACT_H
#define PM_EXTRACT_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>

#include "common/status.h"
#include "extract/limits.h"

/* A pull stream: returns bytes read (> 0), 0 at the end, -1 on error. */
typedef long (*pm_pull_fn)(void *ctx, void *buf, size_t n);

/* One result: the top-level file (nmembers = 0) or one member inside it.
 * Everything it points to is valid during the end() call only. */
struct pm_item {
    const char *const *members;  /* member chain, outermost first */
    size_t nmembers;
    enum pm_file_status status;
    const char *reason;          /* why skipped/partial/error, else NULL or "" */
    const char *mime;            /* libmagic type, NULL if not typed */
    const char *encoding;        /* text encoding or reader ("pdf", "xml", ...), a
                                    static string; NULL if none */
    uint64_t bytes;              /* bytes of this item read (decompressed) */
    int64_t mtime;               /* member modification time, 0 if unknown */
};

/* Where text goes. Called on the extracting thread; ctx is the caller's. */
struct pm_sink {
    void *ctx;
    /* An item at `level` starts (0 = the top-level file). Returns 0, or -1 if
     * the sink cannot take it (out of memory): the item is then not read and
     * neither text() nor end() is called for it. */
    int (*begin)(void *ctx, unsigned level);
    /* Text of the item at `level`: UTF-8 where the encoding is known, bytes
     * as they are otherwise. Valid during the call only. */
    void (*text)(void *ctx, unsigned level, const char *text, size_t n);
    /* The item at `level` is done. */
    void (*end)(void *ctx, unsigned level, const struct pm_item *item);
    /* A record of the item at `level` ends here, after the text given so
     * far: a table row (CSV/TSV, SQLite, XLSX/ODS), a JSON object in an
     * array or on its own line, a paragraph of plain text or of a mail
     * body, one header line of a mail. What is said between two calls
     * (or the item's start and end) belongs to one person's record, as far
     * as the format tells. May be NULL (then nobody is told). */
    void (*record)(void *ctx, unsigned level);
    /* The item at `level` is a binary read as its printable runs (the
     * strings extractor), told before its text: what looks like a number
     * there is more often a table or code than a person's. May be NULL. */
    void (*binary)(void *ctx, unsigned level);
};

struct pm_extract;

/* lim and the sink's ctx are borrowed for the life of the extractor; the sink
 * struct itself is copied. Levels run from 0 to lim->max_depth + 1. Returns
 * NULL with a message in err. */
struct pm_extract *pm_extract_new(const struct pm_limits *lim, const struct pm_sink *sink,
                                  char *err, size_t errsz);
void pm_extract_free(struct pm_extract *x);

/* Makes long reads stop early (status partial, "interrupted") once *stop is
 * non-zero. */
void pm_extract_set_stop(struct pm_extract *x, const atomic_int *stop);
/* Top-level files read without O_NOATIME so far: the kernel lets only their
 * owner (or root) keep access times, so their atime may have moved. */
uint64_t pm_extract_atime_touched(const struct pm_extract *x);

/* Reads the file at path whose walker stat is st; every item goes to the
 * sink. A file that cannot be opened, or was replaced since st, is one item
 * with that error and no text. */
void pm_extract_file(struct pm_extract *x, const char *path, const struct stat *st, int follow);

#endif
