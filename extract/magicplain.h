/* magicplain.h — a proof that libmagic's small database (magicdb.h) prints
 * no MIME type for a buffer, so that plain text is named text/plain without
 * asking libmagic at all.
 *
 * When the prefilter has ruled out every decided test, libmagic types a
 * text buffer with the small database: tar, JSON and CSV checks, the
 * binary tests, then its text pass, which says text/plain unless a test
 * printed a MIME type. Those 43 groups are comparisons, negative offsets,
 * GUIDs and the like; almost none of them can reach an entry with a MIME
 * type on text. This reads the small database once and lists, for every
 * entry that may print one (a MIME type, a `use` of a named rule that may
 * print, an `indirect`), the tests on its path from the top-level test
 * that can be decided from the bytes (a number, string, UTF-16 string or
 * GUID at a fixed offset; a negative offset, which never matches a buffer
 * in magic_buffer()). The buffer is quiet when every such entry has a test
 * on its path that fails, or sits in a guard group the prefilter found idle.
 *
 * It decides nothing else (the caller checks the encoding, tar, JSON, CSV
 * and the prefilter) and never guesses: "fails" must follow libmagic's
 * softmagic.c exactly; anything it does not model counts as "may match".
 */
#ifndef PM_MAGICPLAIN_H
#define PM_MAGICPLAIN_H

#include <stddef.h>
#include <stdint.h>

#include "extract/magicdb.h"

struct pm_plain;

/* Built from the prefilter's small database; NULL if out of memory. */
struct pm_plain *pm_plain_new(const struct pm_magicdb *db);
void pm_plain_free(struct pm_plain *p);

/* 1 if no entry of the small database that may print a MIME type can be
 * reached on buf[0..n) (libmagic's binary pass on the bytes, or its text
 * pass on a text view that is the bytes themselves), the guard groups in
 * idle left out; 0 if one may. */
int pm_plain_quiet(const struct pm_plain *p, const unsigned char *buf, size_t n, uint64_t idle);

/* How many entries may print, and how many of them no test can block (for
 * tests). */
void pm_plain_counts(const struct pm_plain *p, size_t *sinks, size_t *open);

#endif
