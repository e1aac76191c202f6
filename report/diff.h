/* diff.h — comparing two scans, and the HTML pages (data map and diff). */
#ifndef PM_DIFF_H
#define PM_DIFF_H

#include <jansson.h>
#include <stdint.h>
#include <stdio.h>

#include "inventory/inventory.h"

/* The diff of scans `from` -> `to` as a piimap.diff/1 object (caller frees). */
json_t *pm_diff_build(struct pm_inv *inv, int64_t from, int64_t to, char *err, size_t errsz);

/* html.c: self-contained pages (inline CSS and JS, no network). */
int pm_html_write_datamap(struct pm_inv *inv, int64_t scan_id, int stale_days, const char *under,
                          const char *path, char *err, size_t errsz);
/* The diff as text for a terminal. */
void pm_diff_print(FILE *out, json_t *d);

int pm_html_write_diff(const char *path, json_t *diff, char *err, size_t errsz);


#endif
