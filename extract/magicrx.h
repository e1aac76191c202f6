/* magicrx.h — a libmagic `regex` test's pattern (a POSIX extended regex,
 * compiled by libmagic with REG_NEWLINE in the C locale) as a PCRE2 pattern
 * that matches at least where it does, so that "PCRE2 finds no match" proves
 * "glibc's regexec finds none". Internal to extract/ (magicdb.c).
 *
 * It must never claim a pattern matches less than glibc's: whatever it does
 * not translate exactly (back-references, word edges, collating elements,
 * odd quantifiers) is refused, and a refused pattern is never used to rule a
 * buffer out.
 */
#ifndef PM_MAGICRX_H
#define PM_MAGICRX_H

#include <stddef.h>
#include <stdint.h>

struct pm_rx;

/* The compiled pattern (icase as REG_ICASE), or NULL if it is refused. */
struct pm_rx *pm_rx_new(const char *pat, int icase);
void pm_rx_free(struct pm_rx *rx);

/* 1 if the pattern holds an anchor (^ or $): a match in a string is then not
 * always a match in a longer string around it. */
int pm_rx_anchored(const struct pm_rx *rx);

/* 0 if the pattern matches nowhere in s[0..len) taken as the whole subject
 * (^ at its start and after each newline, $ at its end and before each);
 * 1 if it matches or PCRE2 could not tell (a limit). Thread-safe. */
int pm_rx_search(const struct pm_rx *rx, const unsigned char *s, size_t len);

/* libmagic's subject for a regex test at offset off with its str_range
 * (counting lines if lines), in a view of view bytes (softmagic.c: mcopy()
 * then magiccheck(): the range's last byte cut off, up to the first NUL):
 * 0 with *from and *len; -1 if there is none (the test fails); 1 if it
 * cannot be known here. */
int pm_rx_subject(const unsigned char *buf, size_t view, uint32_t off, uint32_t range, int lines,
                  size_t *from, size_t *len);

/* 1 if libmagic's text view of buf (if it has one) is buf itself, not a
 * shorter prefix of it (trailing NULs trimmed, an incomplete last UTF-8
 * character dropped). */
int pm_rx_text_is_bytes(const unsigned char *buf, size_t n);

#endif
