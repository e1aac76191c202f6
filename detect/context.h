/* context.h — context words: is a word that says what a value is near it?
 *
 * Detectors use these to raise a candidate's confidence ("SSN", "IBAN" near
 * the value) or to accept a weak format only after a label ("BSN: ..."); the
 * matcher uses them to skip a window that holds none of a detector's words.
 * They only read the window they are given: they never copy, keep or log any
 * of it. Included by detect/detector.h, so callers need not name this file.
 */
#ifndef PM_CONTEXT_H
#define PM_CONTEXT_H

#include <stddef.h>

/* How far pm_label_before looks back for a label, and how far
 * pm_context_near looks around a value (the one-pass engine in
 * detect/vscan.c looks for candidates within the same reach). */
#define PM_LABEL_REACH 32
#define PM_NEAR_BEFORE 64
#define PM_NEAR_AFTER 32
/* The ASCII record separator: no context window reaches across it. The
 * table extractor (extract/ex_csv.c) writes one before each cell, so that a
 * column's header labels its own cells only. */
#define PM_CONTEXT_BARRIER '\x1e'

/* 1 if one of the words labels the value at `at`: it ends at most 32 bytes
 * before it, with only separators and at most two short words between
 * ("Phone: ", "SSN no. ", "social security number is "), or it is a part
 * of the key or header just before it ("tel_fixe": , "homePhone": ). Weak formats (bare digit runs) need a
 * label, not just a word somewhere near. */
int pm_label_before(const char *buf, size_t at, const char *const *words);

/* 1 if buf[at] starts a table cell's value ("\x1eHEADER: value", as the
 * table writer writes a cell under its header): a spreadsheet's cell, where
 * a number cell may have dropped an id's leading zero. */
int pm_cell_value(const char *buf, size_t at);

/* 1 if one of the words occurs near buf[at .. at+n): in the 64 bytes before
 * or the 32 after, case-insensitively, as a whole word (or its plural), not
 * across a PM_CONTEXT_BARRIER when n > 0 (n == 0: anywhere in the window). */
int pm_context_near(const char *buf, size_t buflen, size_t at, size_t n,
                    const char *const *words);
/* The same with the window's extent given: `before` and `after` bytes. */
int pm_context_within(const char *buf, size_t buflen, size_t at, size_t n,
                      const char *const *words, size_t before, size_t after);
/* 1 if one of the words starts at buf[i] as a whole word that ends by
 * buf[hi]: the test pm_context_within makes at each position. */
int pm_context_word_at(const char *buf, size_t hi, size_t i, const char *const *words);
/* 1 if a word may start at buf[i]: at the start, after a byte that is not
 * an ASCII letter, or at a camel hump ("homePhone"). */
int pm_word_start(const char *buf, size_t i);
/* The length of the word w (lower case) written at buf[i .. hi), or 0: a
 * space in w stands for one ' ', '_' or '-', or a camel hump, so the
 * length is strlen(w) or less by up to the number of spaces in w. */
size_t pm_word_len(const char *buf, size_t hi, size_t i, const char *w);

#endif
