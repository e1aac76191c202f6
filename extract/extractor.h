/* extractor.h — what an extractor is, the list of them, and what the
 * dispatcher hands one. Internal to extract/.
 *
 * An extractor reads one format. It is one descriptor: an id, a bid (how
 * sure it is, from the stream's type, name and first bytes, that the stream
 * is its format) and a scan (read the stream, emit its text, record the
 * outcome). The dispatcher (dispatch.c) types each stream with libmagic, asks
 * every extractor to bid, runs the highest bidder, and takes members back
 * through the job's member functions. Extractors include this header and
 * their own libraries only: never dispatch.c, never each other, never detect/
 * or record/ (text goes to the caller's sink).
 *
 * Adding a format:
 *   1. write extract/ex_NAME.c defining `const struct pm_extractor pm_ex_NAME`
 *      (a bid and a scan, both below; a header comment saying what it reads
 *      and what it must never do);
 *   2. add one line X(NAME) to PM_EXTRACTORS below (the place in the list
 *      only breaks ties between equal bids);
 *   3. add ex_NAME.c to pm_extract in extract/CMakeLists.txt;
 *   4. add a case to tests/test_extract.c: the format wins the bid table for
 *      its input, and a sample file comes out as the text and item expected.
 *
 * Ownership: a job lives on the dispatcher's stack for one item; everything
 * it points to is borrowed for the scan call. All of it belongs to one thread.
 */
#ifndef PM_EXTRACTOR_H
#define PM_EXTRACTOR_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "extract/decode.h"
#include "extract/extract.h"
#include "extract/limits.h"
#include "extract/records.h"

/* Bytes read at a time from a top-level file, and the most a bid sees of it:
 * large reads, so that a big file costs few system calls. */
#define PM_READ_BLOCK (1024u * 1024u)
/* Bytes read at a time from a member (decompressors hand out less anyway),
 * and the piece decoded at a time: the decode buffer holds one piece. */
#define PM_READ_CHUNK (256u * 1024u)
/* Room for a member name, with its NUL. */
#define PM_MEMBER_NAME 512

/* A stream being read: a top-level file or a member. */
struct pm_src {
    pm_pull_fn pull;
    void *ctx;
    int fd;           /* >= 0: a top-level file, seekable */
    const char *path; /* top-level path, NULL for members */
    uint64_t size;    /* bytes fstat gave when it was opened; 0: unknown */
    char err[256];    /* why pull returned -1 */
};

/* What a bid sees. */
struct pm_probe {
    const char *mime;          /* libmagic's type, e.g. "application/zip" */
    const char *name;          /* file path or member name; may be NULL */
    const unsigned char *head; /* the first bytes of the stream ... */
    size_t nhead;              /* ... at most the job's bufsz of them */
    int whole;                 /* 1: head is the whole stream (a top-level file
                                  whose size fstat gave was read in one block) */
    enum pm_encoding enc;      /* sniffed from head */
    size_t bom;                /* length of its byte-order mark, 0 if none */
    unsigned level;            /* nesting level, 0 = a top-level file */
    int on_disk;               /* 1: a top-level file, openable by its path */
};

/* Bids. The highest wins; an equal bid loses to one earlier in the list. */
enum {
    PM_BID_NONE = 0,     /* not this format */
    PM_BID_FALLBACK = 1, /* anything, when no one knows better */
    PM_BID_TYPE = 50,    /* the type is this format */
    PM_BID_NAMED = 60,   /* a container type whose name says what it holds (.docx zip) */
};

/* How an item went, filled in by its extractor. */
struct pm_outcome {
    enum pm_file_status status; /* PM_FILE_SCANNED on entry */
    char reason[256];
    const char *encoding;       /* a static string, NULL if none */
    uint64_t bytes;             /* nhead on entry; add what is read after */
};

/* One item being read, as the dispatcher hands it to the winning extractor. */
struct pm_job {
    const struct pm_probe *probe;
    unsigned level;
    const char *name;        /* = probe->name */
    struct pm_src *src;      /* the rest of the stream, after the first block */
    unsigned char *buf;      /* bufsz bytes, holding the first block
                                (probe->head) on entry; free for reuse after */
    size_t bufsz;            /* PM_READ_BLOCK for top-level files, else PM_READ_CHUNK */
    char *dbuf;              /* pm_decode_bound(PM_READ_CHUNK) bytes of scratch */
    char *mime;              /* the item's type: an extractor may refine it */
    size_t mimesz;
    struct pm_outcome *o;
    struct pm_budget *budget; /* of the top-level file: charge what you expand */
    const struct pm_limits *lim;
    const atomic_int *stop;
    const struct pm_sink *sink;
    /* Running text whose records (paragraphs, JSON objects, header lines)
     * are found in its bytes: set by the extractor before it emits; NULL
     * (the default) when it tells record ends itself, or has none. */
    struct pm_recsplit *split;
    /* Members go back through the dispatcher (it fills these in). */
    void *dispatcher;
    /* Charges the next member at level + 1 to the budget and returns the
     * buffer for its name (PM_MEMBER_NAME bytes); NULL when a limit refuses
     * it (budget->hit then says which) or memory ran out. */
    char *(*member_open)(struct pm_job *j);
    /* Types and reads the member just named from src, with its mtime. */
    void (*member_read)(struct pm_job *j, struct pm_src *src, int64_t mtime);
    /* Reports the member just named as not read (e.g. encrypted). */
    void (*member_skip)(struct pm_job *j, enum pm_file_status status, const char *reason,
                        int64_t mtime);
};

/* scan's result: done (whatever the outcome says), or declined: the
 * extractor found, before reading or emitting anything, that it cannot read
 * this input after all, and the next bidder gets it. */
enum { PM_EX_DONE = 0, PM_EX_DECLINED = 1 };

struct pm_extractor {
    const char *id; /* "text", "archive", ... */
    /* How sure this is the extractor's format: PM_BID_*. Must not read
     * anything but the probe. */
    int (*bid)(const struct pm_probe *p);
    /* Reads the item, emits its text with pm_emit, fills j->o. */
    int (*scan)(struct pm_job *j);
};

/* The extractors, in tie-breaking order. */
#define PM_EXTRACTORS \
    X(media)          \
    X(office)         \
    X(ole)            \
    X(archive)        \
    X(pdf)            \
    X(ps)             \
    X(rtf)            \
    X(mail)           \
    X(sqlite)         \
    X(markup)         \
    X(csv)            \
    X(html)           \
    X(text)           \
    X(strings)

#define X(name) extern const struct pm_extractor pm_ex_##name;
PM_EXTRACTORS
#undef X

/* ---- shared by extractors (extractor.c) ------------------------------------ */

/* Running text's records found by s (the caller's, alive until the end
 * call) in mode from here on: everything pm_emit writes goes through it. */
static inline void pm_job_split_begin(struct pm_job *j, struct pm_recsplit *s,
                                      enum pm_split_mode mode)
{
    pm_split_init(s, mode);
    j->split = s;
}

/* The item's text goes straight to the sink again (before s goes away). */
static inline void pm_job_split_end(struct pm_job *j) { j->split = NULL; }

/* Text of the item to the caller's sink: whole buffers, never a byte at a time. */
static inline void pm_emit(const struct pm_job *j, const char *text, size_t n)
{
    if (j->split)
        pm_split_emit(j->split, j->sink, j->level, text, n);
    else
        j->sink->text(j->sink->ctx, j->level, text, n);
}

/* A record of the item ends after the text emitted so far (a table row):
 * see struct pm_sink.record. */
static inline void pm_emit_record(const struct pm_job *j)
{
    if (j->sink->record)
        j->sink->record(j->sink->ctx, j->level);
}

/* The item is a binary read as its printable runs: see struct
 * pm_sink.binary. */
static inline void pm_emit_binary(const struct pm_job *j)
{
    if (j->sink->binary)
        j->sink->binary(j->sink->ctx, j->level);
}

/* Why reading must stop now: the limit the budget hit, "interrupted" once the
 * scan is being stopped, or NULL to go on. */
const char *pm_job_stopped(const struct pm_job *j);

/* Sets o to partial with a reason (the first reason wins; an error stays). */
void pm_outcome_partial(struct pm_outcome *o, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Pulls until n bytes or the end: bytes read, or -1 if none could be. */
long pm_pull_full(struct pm_src *src, unsigned char *buf, size_t n);
/* The same, with buf[0..got) already read. */
long pm_pull_full_more(struct pm_src *src, unsigned char *buf, size_t n, size_t got);

/* 1 if the name's extension (after the last dot) is one of exts, NULL-ended,
 * case-insensitive. */
int pm_name_has_ext(const char *name, const char *const *exts);

/* Converts in[0..n) into out (at least pm_decode_bound(n) bytes); returns the
 * bytes written. n is at most PM_READ_CHUNK. */
typedef size_t (*pm_convert_fn)(void *state, const unsigned char *in, size_t n, char *out);

/* The stream loop of text-like formats: converts the first block from offset
 * `off`, then every further block, and emits each; checks the time limit and
 * the stop flag between blocks and counts the bytes read. convert = NULL
 * emits the bytes as read, straight from the read buffer (UTF-8 text: no
 * copy). A stream whose first block was all of it is not read again. */
void pm_job_pump(struct pm_job *j, size_t off, pm_convert_fn convert, void *state);

#endif
