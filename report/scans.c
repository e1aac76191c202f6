/* scans.c — the inventory's scans as JSON (piimap.scans/1): what each scan
 * was, its roots, counts and key fingerprint, one object per scan, streamed
 * so that a scan of a long --from-file list does not need the whole listing
 * in memory. Reads the inventory only; holds no personal data (paths,
 * counts, a key fingerprint). All escaping is jansson's.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "common/json_text.h"
#include "report/datamap.h"
#include "report/scans.h"

#define DUMP_FLAGS (JSON_COMPACT | JSON_ENSURE_ASCII | JSON_PRESERVE_ORDER)

struct listing {
    FILE *out;
    size_t n;
    int failed;
};

static json_t *iso_or_null(int64_t t)
{
    char b[32];
    if (!t)
        return json_null();
    pm_iso_time(t, b, sizeof b);
    return json_string(b);
}

static int scan_cb(void *ctx, const struct pm_inv_scan *s)
{
    struct listing *l = ctx;
    json_t *roots = json_loads(s->roots_json, 0, NULL);
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(s->id));
    json_object_set_new(o, "status", json_string(pm_scan_status_name(s->status)));
    json_object_set_new(o, "started_at", iso_or_null(s->started_at));
    json_object_set_new(o, "finished_at", iso_or_null(s->finished_at));
    json_object_set_new(o, "roots", json_is_array(roots) ? roots : (json_decref(roots), json_array()));
    json_object_set_new(o, "tool_version", pm_json_text(s->tool_version));
    json_object_set_new(o, "key_id", pm_json_text(s->key_id));
    json_object_set_new(o, "files_seen", json_integer((json_int_t)s->files_seen));
    json_object_set_new(o, "files_scanned", json_integer((json_int_t)s->files_scanned));
    json_object_set_new(o, "files_skipped", json_integer((json_int_t)s->files_skipped));
    json_object_set_new(o, "files_excluded", json_integer((json_int_t)s->files_excluded));
    json_object_set_new(o, "files_unchanged", json_integer((json_int_t)s->files_unchanged));
    json_object_set_new(o, "members_seen", json_integer((json_int_t)s->members_seen));
    json_object_set_new(o, "incremental_from",
                        s->incremental_from ? json_integer(s->incremental_from) : json_null());
    json_object_set_new(o, "bytes_scanned", json_integer((json_int_t)s->bytes_scanned));
    json_object_set_new(o, "errors", json_integer((json_int_t)s->errors));
    if (fputs(l->n++ ? ",\n" : "\n", l->out) == EOF || json_dumpf(o, l->out, DUMP_FLAGS) != 0)
        l->failed = 1;
    json_decref(o);
    return 0;
}

int pm_scans_write_json(struct pm_inv *inv, const char *tool_version, FILE *out, char *err,
                        size_t errsz)
{
    struct listing l = {.out = out};
    json_t *tool = json_pack("{s:s,s:s}", "name", "piimap", "version", tool_version);
    fputs("{\"schema\":\"piimap.scans/1\",\n\"tool\":", out);
    if (json_dumpf(tool, out, DUMP_FLAGS) != 0)
        l.failed = 1;
    json_decref(tool);
    fputs(",\n\"scans\":[", out);
    if (pm_inv_scans_each(inv, scan_cb, &l) != 0) {
        snprintf(err, errsz, "%s", pm_inv_errmsg(inv));
        return -1;
    }
    fputs(l.n ? "\n]}\n" : "]}\n", out);
    if (l.failed || fflush(out) != 0 || ferror(out)) {
        snprintf(err, errsz, "write failed: %s", strerror(errno));
        return -1;
    }
    return 0;
}
