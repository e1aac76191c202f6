/* diff.c — what changed between two scans, from the inventory alone (text,
 * JSON schema piimap.diff/1; the HTML page is html.c).
 *
 * An item is a file or an archive member (path + member chain). Between scan
 * A (from) and B (to) an item is
 *   new      findings in B, none in A (a new file, or new PII in an old one);
 *   gone     findings in A, none in B (deleted, or cleaned);
 *   changed  findings in both, with different counts.
 * New distinct values are counted per detector by keyed hash, so they are
 * only comparable when both scans used the same key.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/version.h"
#include "report/datamap.h"
#include "report/diff.h"

/* ---- building the diff ------------------------------------------------------ */

struct builder {
    json_t *fresh, *gone, *changed; /* arrays of items */
    json_t *cur;                    /* findings of the item being read */
    char *cur_path, *cur_members;
    int in_a, in_b;
    uint64_t sum_a, sum_b;
    int differs;
};

static void flush_item(struct builder *b)
{
    if (!b->cur)
        return;
    json_t *m = json_loads(b->cur_members, 0, NULL);
    json_t *item = json_object();
    json_object_set_new(item, "path", pm_json_text(b->cur_path));
    json_object_set_new(item, "members", json_is_array(m) ? m : (json_decref(m), json_array()));
    if (b->sum_a == 0 && b->sum_b > 0) {
        json_object_set_new(item, "reason", json_string(b->in_a ? "new findings" : "new file"));
        json_object_set_new(item, "findings", b->cur);
        json_array_append_new(b->fresh, item);
    } else if (b->sum_b == 0 && b->sum_a > 0) {
        json_object_set_new(item, "reason", json_string(b->in_b ? "cleaned" : "deleted"));
        json_object_set_new(item, "findings", b->cur);
        json_array_append_new(b->gone, item);
    } else if (b->differs) {
        /* findings keeps every detector of the item (the schema's meaning);
         * detectors_changed names those whose counts moved, which is what
         * the text and the page show. */
        json_t *moved = json_array(), *v;
        const char *k;
        json_object_foreach(b->cur, k, v) {
            if (json_integer_value(json_object_get(v, "before")) !=
                json_integer_value(json_object_get(v, "after")))
                json_array_append_new(moved, json_string(k));
        }
        json_object_set_new(item, "findings", b->cur);
        json_object_set_new(item, "detectors_changed", moved);
        json_array_append_new(b->changed, item);
    } else {
        json_decref(b->cur);
        json_decref(item);
    }
    b->cur = NULL;
    free(b->cur_path);
    free(b->cur_members);
    b->cur_path = b->cur_members = NULL;
}

static int delta_cb(void *ctx, const struct pm_inv_delta *d)
{
    struct builder *b = ctx;
    if (!b->cur || strcmp(b->cur_path, d->path) != 0 || strcmp(b->cur_members, d->members_json) != 0) {
        flush_item(b);
        b->cur = json_object();
        b->cur_path = strdup(d->path);
        b->cur_members = strdup(d->members_json);
        b->in_a = d->in_a;
        b->in_b = d->in_b;
        b->sum_a = b->sum_b = 0;
        b->differs = 0;
    }
    b->sum_a += d->a;
    b->sum_b += d->b;
    b->differs |= d->a != d->b;
    json_object_set_new(b->cur, d->detector,
                        json_pack("{s:I,s:I}", "before", (json_int_t)d->a, "after", (json_int_t)d->b));
    return 0;
}

static int distinct_cb(void *ctx, const char *det, uint64_t fresh, uint64_t gone)
{
    json_object_set_new(ctx, det, json_pack("{s:I,s:I}", "new", (json_int_t)fresh, "gone",
                                            (json_int_t)gone));
    return 0;
}

static json_t *scan_json(const struct pm_inv_scan *s)
{
    char a[32], b[32];
    pm_iso_time(s->started_at, a, sizeof a);
    pm_iso_time(s->finished_at, b, sizeof b);
    return json_pack("{s:I,s:s,s:s,s:s,s:s}", "id", (json_int_t)s->id, "status",
                     pm_scan_status_name(s->status), "started_at", a, "finished_at", b, "key_id",
                     s->key_id ? s->key_id : "");
}

json_t *pm_diff_build(struct pm_inv *inv, int64_t from, int64_t to, char *err, size_t errsz)
{
    struct pm_inv_scan sa, sb;
    json_t *ja = NULL, *jb = NULL, *roots = NULL;
    if (pm_inv_scan_get(inv, from, &sa) != 0) {
        snprintf(err, errsz, "no scan %lld in the inventory", (long long)from);
        return NULL;
    }
    ja = scan_json(&sa);
    char *key_a = sa.key_id ? strdup(sa.key_id) : NULL;
    if (pm_inv_scan_get(inv, to, &sb) != 0) {
        snprintf(err, errsz, "no scan %lld in the inventory", (long long)to);
        json_decref(ja);
        free(key_a);
        return NULL;
    }
    jb = scan_json(&sb);
    roots = json_loads(sb.roots_json, 0, NULL);
    int same_key = key_a && sb.key_id && strcmp(key_a, sb.key_id) == 0;
    free(key_a);

    struct builder b = {json_array(), json_array(), json_array(), NULL, NULL, NULL, 0, 0, 0, 0, 0};
    json_t *distinct = json_object();
    int rc = pm_inv_diff_each(inv, from, to, delta_cb, &b);
    flush_item(&b);
    if (rc == 0 && same_key)
        rc = pm_inv_distinct_diff_each(inv, from, to, distinct_cb, distinct);
    if (rc != 0) {
        snprintf(err, errsz, "%s", pm_inv_errmsg(inv));
        json_decref(b.fresh), json_decref(b.gone), json_decref(b.changed), json_decref(distinct);
        json_decref(ja), json_decref(jb), json_decref(roots);
        return NULL;
    }
    json_t *d = json_object();
    json_object_set_new(d, "schema", json_string("piimap.diff/1"));
    json_object_set_new(d, "tool", json_pack("{s:s,s:s}", "name", "piimap", "version", PM_VERSION));
    json_object_set_new(d, "from", ja);
    json_object_set_new(d, "to", jb);
    json_object_set_new(d, "roots", json_is_array(roots) ? roots : (json_decref(roots), json_array()));
    json_object_set_new(d, "summary",
                        json_pack("{s:I,s:I,s:I}", "new", (json_int_t)json_array_size(b.fresh),
                                  "gone", (json_int_t)json_array_size(b.gone), "changed",
                                  (json_int_t)json_array_size(b.changed)));
    json_object_set_new(d, "new", b.fresh);
    json_object_set_new(d, "gone", b.gone);
    json_object_set_new(d, "changed", b.changed);
    json_object_set_new(d, "distinct", same_key ? distinct : (json_decref(distinct), json_null()));
    return d;
}

/* ---- text ---------------------------------------------------------------------- */

static void print_item(FILE *out, char mark, json_t *item, int show_before)
{
    const char *path = json_string_value(json_object_get(item, "path"));
    json_t *members = json_object_get(item, "members"), *v;
    size_t i;
    fprintf(out, "  %c %s", mark, path ? path : "?");
    json_array_foreach(members, i, v) fprintf(out, " :: %s", json_string_value(v));
    const char *key;
    const char *sep = "   ";
    json_t *moved = json_object_get(item, "detectors_changed");
    json_object_foreach(json_object_get(item, "findings"), key, v) {
        int listed = !json_is_array(moved);
        size_t k;
        json_t *m;
        json_array_foreach(moved, k, m) listed |= strcmp(json_string_value(m), key) == 0;
        if (!listed)
            continue; /* a changed item shows only the detectors that changed */
        json_int_t a = json_integer_value(json_object_get(v, "before"));
        json_int_t b = json_integer_value(json_object_get(v, "after"));
        if (show_before)
            fprintf(out, "%s%s %lld -> %lld", sep, key, (long long)a, (long long)b);
        else
            fprintf(out, "%s%s %lld", sep, key, (long long)(b ? b : a));
        sep = ", ";
    }
    const char *reason = json_string_value(json_object_get(item, "reason"));
    if (reason)
        fprintf(out, "   (%s)", reason);
    fputc('\n', out);
}

void pm_diff_print(FILE *out, json_t *d)
{
    json_t *from = json_object_get(d, "from"), *to = json_object_get(d, "to");
    json_t *sum = json_object_get(d, "summary"), *v;
    size_t i;
    fprintf(out, "piimap diff: scan %lld (%s) -> scan %lld (%s)\n",
            (long long)json_integer_value(json_object_get(from, "id")),
            json_string_value(json_object_get(from, "started_at")),
            (long long)json_integer_value(json_object_get(to, "id")),
            json_string_value(json_object_get(to, "started_at")));
    fprintf(out, "new personal data: %lld, gone: %lld, changed: %lld\n",
            (long long)json_integer_value(json_object_get(sum, "new")),
            (long long)json_integer_value(json_object_get(sum, "gone")),
            (long long)json_integer_value(json_object_get(sum, "changed")));
    if (json_array_size(json_object_get(d, "new")))
        fputs("\nnew:\n", out);
    json_array_foreach(json_object_get(d, "new"), i, v) print_item(out, '+', v, 0);
    if (json_array_size(json_object_get(d, "gone")))
        fputs("\ngone:\n", out);
    json_array_foreach(json_object_get(d, "gone"), i, v) print_item(out, '-', v, 0);
    if (json_array_size(json_object_get(d, "changed")))
        fputs("\nchanged:\n", out);
    json_array_foreach(json_object_get(d, "changed"), i, v) print_item(out, '~', v, 1);
    json_t *dist = json_object_get(d, "distinct");
    if (json_is_object(dist)) {
        const char *key;
        fputs("\nnew distinct values:", out);
        const char *sep = " ";
        json_object_foreach(dist, key, v) {
            fprintf(out, "%s%s +%lld/-%lld", sep, key,
                    (long long)json_integer_value(json_object_get(v, "new")),
                    (long long)json_integer_value(json_object_get(v, "gone")));
            sep = ", ";
        }
        fputc('\n', out);
    } else {
        fputs("\nnew distinct values: not comparable (the scans used different keys)\n", out);
    }
}
