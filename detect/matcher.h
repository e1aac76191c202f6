/* matcher.h — the streaming matcher: a compiled detector set run over text
 * fed in pieces, each accepted match handed to a callback.
 *
 * Included by detect/detector.h, so callers need not name this file. A
 * struct pm_textscan belongs to one thread; the set it runs is shared and
 * only read. The matcher never stores or logs a raw value: the normalised
 * value it hands over lives only for the callback.
 */
#ifndef PM_MATCHER_H
#define PM_MATCHER_H

#include <stddef.h>
#include <stdint.h>

struct pm_detset; /* detect/detector.h */

/* One accepted match, as handed to the sink. `norm` and `masked` are only
 * valid during the callback: copy what you keep. */
struct pm_match {
    int detector;       /* index in the set */
    int confidence;     /* enum pm_confidence, after context */
    uint64_t offset;    /* byte offset of the match in the decoded text stream */
    size_t len;         /* length of the match in the decoded text */
    const char *norm;   /* normalised value (raw PII: hash it, never store it) */
    const char *masked; /* masked sample, safe to store */
    /* The matched bytes as they stand in the text (raw PII, len bytes, not
     * NUL-terminated): only `piimap reveal` prints them, on purpose. */
    const char *text;
    /* 1-based line of the match in the text stream, when line counting is
     * on (pm_textscan_count_lines); 0 otherwise. */
    uint64_t line;
    int test_value;     /* 1: a known test number (detect/testvalue.c), still a match */
};

typedef void (*pm_match_fn)(void *ctx, const struct pm_match *m);

/* Streaming matcher over a text stream fed in arbitrary pieces. It keeps a
 * window of at most `chunk` bytes plus an overlap of the longest match, so a
 * match that spans two pieces is found exactly once and memory stays flat. */
struct pm_textscan;

/* chunk = 0 picks the default (256 KiB). */
struct pm_textscan *pm_textscan_new(const struct pm_detset *set, size_t chunk,
                                    pm_match_fn fn, void *ctx);
void pm_textscan_free(struct pm_textscan *ts);
/* Starts a new stream (a new file); keeps the buffers. */
void pm_textscan_reset(struct pm_textscan *ts);
void pm_textscan_feed(struct pm_textscan *ts, const char *data, size_t len);
/* Ends the stream: matches held back for the overlap are reported now. */
void pm_textscan_finish(struct pm_textscan *ts);
/* Turns line counting on (1) or off (0, the default): with it, every match
 * carries its line. Costs a pass over the window per detector with matches,
 * so only reveal, which prints lines, turns it on. */
void pm_textscan_count_lines(struct pm_textscan *ts, int on);
/* The stream is the printable runs of a binary (1; 0 after each reset):
 * there a number that a validator accepts only with medium confidence or
 * less and that is one bare run (a DNI, an unformatted card or phone; not
 * "(415) 555-0132") counts only with one of its detector's words near it. Strings of binaries are number tables,
 * protocol buffers and code far more often than a person's record. */
void pm_textscan_binary(struct pm_textscan *ts, int on);
/* Number of PCRE2 match errors (limits hit) seen since the last reset. */
uint64_t pm_textscan_errors(const struct pm_textscan *ts);
/* Stream offset before which every match has been reported: a match still
 * to come starts at or after it (records that end before it are final). */
uint64_t pm_textscan_reported(const struct pm_textscan *ts);

#endif
