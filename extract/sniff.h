/* sniff.h — the type of a stream from its first bytes, as libmagic names it,
 * at a fraction of libmagic's cost. Internal to extract/ (dispatch.c, tests).
 *
 * Four steps, cheapest first: containers whose signature alone fixes
 * libmagic's answer (gzip, bzip2, xz, zstd, 7z, PDF, SQLite) are named from
 * their first bytes; JSON and CSV by libmagic's own checks for them, which
 * come before its database; otherwise, when the prefilter (magicdb.h) proves that
 * none of the database's decidable tests can match, libmagic answers with
 * its small database, and when it proves that none but a few can, with the
 * small database and those few; otherwise with the whole one. The answer is always the
 * one libmagic gives on the same bytes with the whole database (the test
 * `sniff` checks this on every file of several trees). Zip and OLE2 files
 * (Office, ODF, EPUB) and e-mail go to libmagic, which names their kind.
 *
 * A struct pm_typer belongs to one thread (libmagic handles are not shared).
 */
#ifndef PM_SNIFF_H
#define PM_SNIFF_H

#include <stddef.h>

#include "extract/decode.h"

/* Bytes shown to libmagic: binary formats put their signatures in the first
 * few KiB; for text its regex tests are the slowest part and the first KiB
 * tells html, xml, mail or a script apart as well as eight do. */
#define PM_MAGIC_BYTES 8192u
#define PM_MAGIC_TEXT_BYTES 1024u

struct pm_typer;

/* How a type was found (counted, for tests and figures): by signature; by
 * libmagic's JSON and CSV checks alone; as plain text that no test of the
 * small database can make print a type (magicplain.h), without libmagic; by
 * the small database (less the groups that are idle on the buffer); by it
 * with a few tests put back; by the whole database. */
enum pm_type_how { PM_TYPE_SNIFF, PM_TYPE_EARLY, PM_TYPE_PLAIN, PM_TYPE_SMALL, PM_TYPE_FEW,
                   PM_TYPE_FULL, PM_TYPE_HOWS };

/* libmagic is loaded on the first call, not here. */
struct pm_typer *pm_typer_new(void);
void pm_typer_free(struct pm_typer *t);

/* The MIME type of the stream whose first n bytes are buf and whose encoding
 * was sniffed as enc, into mime. Returns 0, or -1 with a message in mime if
 * libmagic cannot be loaded. plain = 1 asks libmagic with the whole database
 * only (today's answer, for comparison). */
int pm_typer_type(struct pm_typer *t, const unsigned char *buf, size_t n, enum pm_encoding enc,
                  int plain, char *mime, size_t mimesz);

/* Counts of answers by how they were found, since pm_typer_new. */
void pm_typer_counts(const struct pm_typer *t, unsigned long counts[PM_TYPE_HOWS]);

/* A container whose first bytes fix libmagic's answer: that MIME type, or NULL. */
const char *pm_sniff_container(const unsigned char *buf, size_t n);

#endif
