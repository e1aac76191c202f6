/* magicdb.h — a prefilter over libmagic's own compiled database, so that most
 * buffers are typed by a small copy of it and give the very answer the whole
 * database gives.
 *
 * libmagic tries every top-level test of its database (3,500 of them, 68
 * POSIX regexes among them) on every buffer; on small text files that is
 * most of a scan's time. Most of those tests are a literal or a number at a
 * fixed offset, a literal searched for, or a regex that needs some literal:
 * this reads the database libmagic loads, and decides for such a test, from
 * the buffer, whether it can match at all (always erring towards "it may").
 * The other tests (comparisons, indirect offsets, negated regexes, ...) go
 * into a small database, with every named rule they may use. When no test of
 * the first kind can match a buffer, libmagic with the small database gives
 * the answer it gives with the whole one: a test that fails at top level adds
 * nothing, and the small database keeps the rest in libmagic's own order.
 * Otherwise the caller asks libmagic with the whole database. Regex tests
 * are checked exactly (magicrx.h) once their literals are there.
 *
 * It never types anything itself and never guesses: "cannot match" must be a
 * proof. It is built once per process and read-only afterwards.
 */
#ifndef PM_MAGICDB_H
#define PM_MAGICDB_H

#include <stddef.h>
#include <stdint.h>

struct pm_magicdb;

/* The prefilter over the database magic_load(NULL) loads, built on first use
 * and shared; NULL if that database cannot be read this way (a magic file in
 * source form with rules in it, another format version), with why in
 * pm_magicdb_why(). */
const struct pm_magicdb *pm_magicdb_get(void);
const char *pm_magicdb_why(void);

/* The compiled small database, for magic_load_buffers(); it lives as long as
 * the process. */
void *pm_magicdb_small(const struct pm_magicdb *db, size_t *size);

/* Groups of the small database that may be left out of it for a buffer
 * (at most this many: a bit each). */
#define PM_MAGICDB_GUARDS 64

/* The tests the prefilter decides that may match buf[0..n): how many (0: the
 * small database answers), with their numbers in ids[0..max) ascending; -1
 * if more than max may. *idle (if idle is not NULL, and the answer is not
 * -1): the small database's groups that cannot do anything on buf (their
 * top-level test does nothing by itself and none of the regex tests below
 * it can match), which may be left out. */
int pm_magicdb_candidates(const struct pm_magicdb *db, const unsigned char *buf, size_t n,
                          uint32_t *ids, int max, uint64_t *idle);

/* A compiled database for magic_load_buffers(): the small one with the tests
 * ids[0..k) (from pm_magicdb_candidates) put back in their places, each with
 * its continuations, and the groups in idle left out. On a buffer where no
 * other decided test can match and those groups are idle it answers as the
 * whole database does, for the reason the small one does.
 * malloc'd (the caller frees it after magic_close); NULL if out of memory. */
void *pm_magicdb_with(const struct pm_magicdb *db, const uint32_t *ids, int k, uint64_t idle,
                      size_t *size);

/* For each of the small database's first n regular tests (entries of set
 * 0): the guard bit (of pm_magicdb_candidates' *idle) of the group it is
 * the top-level test of, or -1 (no guard, or not a top-level test). */
void pm_magicdb_guard_bits(const struct pm_magicdb *db, int *bit, size_t n);

/* The compiled database in libmagic's search path, read whole (malloc'd),
 * with its length; NULL with why if the path holds anything this cannot
 * follow (magicdb_read.c). */
unsigned char *pm_magicdb_read(size_t *len, char *why, size_t whysz);

/* How many top-level tests the prefilter decides, and how many it left to
 * the small database (for tests and the README's figures). */
void pm_magicdb_counts(const struct pm_magicdb *db, size_t *decided, size_t *left);

#endif
