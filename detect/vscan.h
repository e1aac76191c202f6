/* vscan.h — private to detect/: the one-pass candidate finder.
 *
 * One Vectorscan database holds, for a detector set, every detector's start
 * patterns (`starts` in struct pm_detector_def, or the detector's own pattern
 * compiled in prefilter mode) and the context words of the detectors that
 * accept a value only after a label or near a word. matcher.c streams each
 * text through it once; the hits give, per detector, the few stretches of a
 * window where a match may start, and the PCRE2 pattern runs only there.
 *
 * The database (struct pm_vscan) is built once and then only read, by every
 * thread; a struct pm_vscan_run (stream, scratch, hits) belongs to one
 * struct pm_textscan. Hits are offsets and pattern ids, never text: nothing
 * here keeps or logs a value.
 */
#ifndef PM_VSCAN_H
#define PM_VSCAN_H

#include <stddef.h>
#include <stdint.h>

#include "detect/detector.h"

struct pm_vscan;
struct pm_vscan_run;

/* A stretch of a window, [a, b] (both inclusive), where a match may start. */
struct pm_vs_span {
    size_t a, b;
};

/* Builds the database for defs[0..n), or takes it from the cache in
 * cache_dir (NULL: no cache; detect/vscache.h). Never fails for a bad
 * pattern: a detector whose patterns Vectorscan cannot take runs on PCRE2
 * alone (pm_vscan_onepass says why). NULL only if out of memory. */
struct pm_vscan *pm_vscan_new(const struct pm_detector_def *const *defs, size_t n,
                              const char *cache_dir);
void pm_vscan_free(struct pm_vscan *vs);
/* 1 if detector i runs on candidates (or on its anchor byte); else 0 and
 * the reason in why. */
int pm_vscan_onepass(const struct pm_vscan *vs, size_t i, char *why, size_t whysz);
/* 1 if any detector runs on the database (a run is worth having). */
int pm_vscan_used(const struct pm_vscan *vs);

struct pm_vscan_run *pm_vscan_run_new(const struct pm_vscan *vs);
void pm_vscan_run_free(struct pm_vscan_run *run);
/* A new stream: forgets hits and stream state. */
void pm_vscan_run_reset(struct pm_vscan_run *run);
/* 1 once something failed (out of memory): until the next reset, the
 * caller must run every detector on PCRE2 alone. */
int pm_vscan_run_failed(const struct pm_vscan_run *run);
/* Streams the next n bytes of the text. */
void pm_vscan_run_scan(struct pm_vscan_run *run, const char *data, size_t n);
/* The text has ended: reports the matches that need its end ("$"). */
void pm_vscan_run_eod(struct pm_vscan_run *run);
/* Prepares the window buf[0 .. len) that starts at stream offset base, whose
 * matches start in [from, limit): the stretches of each one-pass detector. */
void pm_vscan_run_window(struct pm_vscan_run *run, const char *buf, size_t len, uint64_t base,
                         size_t from, size_t limit);
/* Detector d's stretches in this window, sorted, disjoint. */
const struct pm_vs_span *pm_vscan_run_spans(const struct pm_vscan_run *run, size_t d, size_t *n);
/* For a detector with needs_context: 1 if one of its words stands in the
 * window where the PCRE2 reference engine looks for one (from - 64 to the
 * end), exactly as pm_context_within decides it. */
int pm_vscan_run_gate(const struct pm_vscan_run *run, size_t d, const char *buf, size_t len,
                      uint64_t base, size_t from);
/* The window moves on: hits that end before stream offset `from` less the
 * longest reach are dropped. */
void pm_vscan_run_slide(struct pm_vscan_run *run, uint64_t from);

#endif
