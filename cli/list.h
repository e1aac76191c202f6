/* list.h — a list given with --from-file: one item a line, or NUL-separated
 * (scan -0), from a file or from stdin ("-").
 *
 * Used by scan (paths) and locate (values, which are personal data: they are
 * never printed, and wiped when the list is freed).
 */
#ifndef PM_CLI_LIST_H
#define PM_CLI_LIST_H

#include <stddef.h>

struct pm_list {
    char **items;
    size_t *lines; /* where each item was: its line (or, NUL-separated, its place) */
    size_t n;
};

/* Reads the list at path ("-": stdin). Items end at a newline (a CR before
 * it is dropped), or at a NUL when nul is set; empty items are skipped. A
 * NUL inside a line is an error (the list was NUL-separated).
 * Returns 0, or -1 with a message naming path in err. */
int pm_list_read(const char *path, int nul, struct pm_list *out, char *err, size_t errsz);
/* Frees the list, wiping every item first. */
void pm_list_free(struct pm_list *l);

#endif
