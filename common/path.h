/* path.h — one name for one root: absolute and canonical paths. */
#ifndef PM_PATH_H
#define PM_PATH_H

#include <stddef.h>

/* Writes the canonical absolute form of path into out (outsz bytes): the
 * path resolved by realpath(3) when it exists; otherwise (a missing root,
 * a path longer than PATH_MAX) made absolute against the working directory
 * with ".", ".." and repeated or trailing slashes removed lexically.
 * Returns 0, or -1 if it does not fit (out then holds the path as given). */
int pm_path_canonical(const char *path, char *out, size_t outsz);

#endif
