/* idlist.h — comma-separated lists of ids ("credit_card,phone"), as given to
 * --only, --disable, --enable and an allow list's detectors=. One reading of
 * the syntax for all of them; what an id means is the caller's business. */
#ifndef PM_IDLIST_H
#define PM_IDLIST_H

#include <stddef.h>

/* The next element of a list: returns where it starts, its length in *len,
 * and moves *cursor past it and its comma; NULL once the list is done. Start
 * with *cursor = the list (NULL is an empty list). Elements are not trimmed;
 * an empty one (",a" or "a,,b") comes back with length 0, so a caller can
 * reject it; a trailing comma just ends the list. */
const char *pm_idlist_next(const char **cursor, size_t *len);

/* 1 if id is one of the elements of list (NULL: an empty list). */
int pm_idlist_has(const char *list, const char *id);

#endif
