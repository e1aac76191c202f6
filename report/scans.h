/* scans.h — the list of the inventory's scans as JSON (piimap scans --json,
 * schema piimap.scans/1, documented in the README). Reads the inventory
 * only. */
#ifndef PM_SCANS_H
#define PM_SCANS_H

#include <stddef.h>
#include <stdio.h>

#include "inventory/inventory.h"

/* Writes every scan, oldest first. Returns 0, or -1 with a message in err. */
int pm_scans_write_json(struct pm_inv *inv, const char *tool_version, FILE *out, char *err,
                        size_t errsz);

#endif
