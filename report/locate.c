/* locate.c — where is this value: the items of chosen scans that hold a
 * value's keyed hash, as text or as JSON (piimap.locate/1).
 *
 * Reads the inventory only (pm_inv_locate_each). It never sees a value:
 * only keyed hashes, and masked forms, which are all it ever prints. The
 * JSON is streamed one value at a time, so a long --from-file list is
 * answered in flat memory; all escaping is jansson's.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/json_text.h"
#include "report/datamap.h"
#include "report/locate.h"

#define DUMP_FLAGS (JSON_COMPACT | JSON_ENSURE_ASCII | JSON_PRESERVE_ORDER)

struct hit {
    int64_t scan_id;
    char *path, *members_json;
    const char *detector; /* the reading's, which outlives the hit */
    uint64_t occurrences, distinct;
};

struct pm_locate {
    struct pm_inv *inv;
    int64_t *ids;
    size_t nids;
    int every, json;
    FILE *out;
    int failed;               /* a write failed */
    uint64_t values, found;
    struct hit *hits;         /* of the value being looked up */
    size_t nhits, cap;
    const char *detector;     /* the reading being looked up */
    char err[512];
};

static void put(struct pm_locate *l, const char *s)
{
    if (fputs(s, l->out) == EOF)
        l->failed = 1;
}

static void dump(struct pm_locate *l, json_t *j)
{
    if (!j || json_dumpf(j, l->out, DUMP_FLAGS) != 0)
        l->failed = 1;
    json_decref(j);
}

static json_t *iso(int64_t t)
{
    char b[32];
    if (!t)
        return json_null();
    pm_iso_time(t, b, sizeof b);
    return json_string(b);
}

/* The scans searched, for the JSON header. */
static int write_scans(struct pm_locate *l)
{
    json_t *a = json_array();
    for (size_t i = 0; i < l->nids; i++) {
        struct pm_inv_scan s;
        if (pm_inv_scan_get(l->inv, l->ids[i], &s) != 0) {
            snprintf(l->err, sizeof l->err, "scan %lld: %s", (long long)l->ids[i],
                     pm_inv_errmsg(l->inv));
            json_decref(a);
            return -1;
        }
        json_array_append_new(a, json_pack("{s:I,s:s,s:o,s:o,s:o}", "id", (json_int_t)s.id,
                                           "status", pm_scan_status_name(s.status),
                                           "started_at", iso(s.started_at), "finished_at",
                                           iso(s.finished_at), "key_id",
                                           pm_json_text(s.key_id)));
    }
    put(l, "\"scans\":");
    dump(l, a);
    return 0;
}

struct pm_locate *pm_locate_begin(struct pm_inv *inv, const int64_t *ids, size_t n, int every,
                                  int json, const char *tool_version, FILE *out, char *err,
                                  size_t errsz)
{
    struct pm_locate *l = calloc(1, sizeof *l);
    int64_t *copy = malloc((n ? n : 1) * sizeof *copy);
    if (!l || !copy) {
        snprintf(err, errsz, "out of memory");
        free(l);
        free(copy);
        return NULL;
    }
    memcpy(copy, ids, n * sizeof *ids);
    *l = (struct pm_locate){.inv = inv, .ids = copy, .nids = n, .every = every, .json = json,
                            .out = out};
    if (json) {
        put(l, "{\"schema\":\"piimap.locate/1\",\n\"tool\":");
        dump(l, json_pack("{s:s,s:s}", "name", "piimap", "version", tool_version));
        put(l, ",\n");
        if (write_scans(l) != 0) {
            snprintf(err, errsz, "%s", l->err);
            free(l->ids);
            free(l);
            return NULL;
        }
        put(l, ",\n\"values\":[");
    }
    return l;
}

static int keep_hit(void *ctx, const struct pm_inv_hit *h)
{
    struct pm_locate *l = ctx;
    if (l->nhits == l->cap) {
        size_t nc = l->cap ? 2 * l->cap : 16;
        struct hit *nh = realloc(l->hits, nc * sizeof *nh);
        if (!nh)
            return -1;
        l->hits = nh;
        l->cap = nc;
    }
    struct hit *x = &l->hits[l->nhits];
    *x = (struct hit){.scan_id = h->scan_id, .path = strdup(h->path),
                      .members_json = strdup(h->members_json ? h->members_json : "[]"),
                      .detector = l->detector, .occurrences = h->occurrences,
                      .distinct = h->distinct};
    if (!x->path || !x->members_json) {
        free(x->path);
        free(x->members_json);
        return -1;
    }
    l->nhits++;
    return 0;
}

static void drop_hits(struct pm_locate *l)
{
    for (size_t i = 0; i < l->nhits; i++) {
        free(l->hits[i].path);
        free(l->hits[i].members_json);
    }
    l->nhits = 0;
}

/* Every item of the chosen scans holding one reading's hash. */
static int look_up(struct pm_locate *l, const struct pm_locate_reading *r)
{
    l->detector = r->detector;
    if (l->every)
        return pm_inv_locate_each(l->inv, 0, r->detector, r->hash, keep_hit, l);
    for (size_t i = 0; i < l->nids; i++)
        if (pm_inv_locate_each(l->inv, l->ids[i], r->detector, r->hash, keep_hit, l) != 0)
            return -1;
    return 0;
}

static json_t *members_of(const char *members_json)
{
    json_t *m = json_loads(members_json, 0, NULL);
    return json_is_array(m) ? m : (json_decref(m), json_array());
}

static void write_json(struct pm_locate *l, size_t index, const struct pm_locate_reading *r,
                       size_t nr)
{
    json_t *read_as = json_array(), *items = json_array();
    for (size_t i = 0; i < nr; i++)
        json_array_append_new(read_as, json_pack("{s:s,s:s}", "detector", r[i].detector,
                                                 "masked", r[i].masked));
    for (size_t i = 0; i < l->nhits; i++) {
        const struct hit *h = &l->hits[i];
        json_t *o = json_pack("{s:I,s:o,s:o,s:s,s:I,s:I}", "scan_id", (json_int_t)h->scan_id,
                              "path", pm_json_text(h->path), "members",
                              members_of(h->members_json), "detector", h->detector,
                              "occurrences", (json_int_t)h->occurrences, "distinct",
                              (json_int_t)h->distinct);
        if (o && !pm_is_utf8(h->path))
            json_object_set_new(o, "path_escaped", json_true());
        json_array_append_new(items, o);
    }
    put(l, l->values > 1 ? ",\n" : "\n");
    dump(l, json_pack("{s:I,s:o,s:b,s:o}", "index", (json_int_t)index, "read_as", read_as,
                      "found", l->nhits > 0, "items", items));
}

/* "scan 4", "scans 2, 3, 4", "12 scans". */
static void scans_phrase(const struct pm_locate *l, char *out, size_t outsz)
{
    if (l->nids == 1) {
        snprintf(out, outsz, "scan %lld", (long long)l->ids[0]);
    } else if (l->nids <= 5) {
        size_t o = (size_t)snprintf(out, outsz, "scans");
        for (size_t i = 0; i < l->nids && o < outsz; i++)
            o += (size_t)snprintf(out + o, outsz - o, "%s %lld", i ? "," : "",
                                  (long long)l->ids[i]);
    } else {
        snprintf(out, outsz, "%zu scans", l->nids);
    }
}

static void write_text(struct pm_locate *l, size_t index, const struct pm_locate_reading *r,
                       size_t nr)
{
    char where[128];
    scans_phrase(l, where, sizeof where);
    if (fprintf(l->out, "value %zu ", index) < 0)
        l->failed = 1;
    for (size_t i = 0; i < nr; i++)
        fprintf(l->out, "%s%s (%s)", i ? " or " : "", r[i].masked, r[i].detector);
    if (!l->nhits) {
        fprintf(l->out, ": found nowhere in %s\n", where);
        return;
    }
    fprintf(l->out, ": in %zu %s of %s\n", l->nhits, l->nhits == 1 ? "item" : "items", where);
    for (size_t i = 0; i < l->nhits; i++) {
        const struct hit *h = &l->hits[i];
        fputs("  ", l->out);
        if (l->nids > 1)
            fprintf(l->out, "scan %lld  ", (long long)h->scan_id);
        fputs(h->path, l->out);
        json_t *m = members_of(h->members_json);
        for (size_t k = 0; k < json_array_size(m); k++)
            fprintf(l->out, " :: %s", json_string_value(json_array_get(m, k)));
        json_decref(m);
        fprintf(l->out, "  (%llu %s %s in it, %llu distinct)\n",
                (unsigned long long)h->occurrences, h->detector,
                h->occurrences == 1 ? "match" : "matches", (unsigned long long)h->distinct);
    }
    if (ferror(l->out))
        l->failed = 1;
}

int pm_locate_value(struct pm_locate *l, size_t index, const struct pm_locate_reading *r,
                    size_t nr)
{
    drop_hits(l);
    for (size_t i = 0; i < nr; i++)
        if (look_up(l, &r[i]) != 0) {
            snprintf(l->err, sizeof l->err, "%s", pm_inv_errmsg(l->inv));
            drop_hits(l);
            return -1;
        }
    l->values++;
    l->found += l->nhits > 0;
    if (l->json)
        write_json(l, index, r, nr);
    else
        write_text(l, index, r, nr);
    int found = l->nhits > 0;
    drop_hits(l);
    return found;
}

int pm_locate_end(struct pm_locate *l, char *err, size_t errsz)
{
    if (l->json) {
        put(l, "],\n\"summary\":");
        dump(l, json_pack("{s:I,s:I,s:I}", "values", (json_int_t)l->values, "found",
                          (json_int_t)l->found, "not_found", (json_int_t)(l->values - l->found)));
        put(l, "}\n");
    }
    int rc = 0;
    if (l->err[0]) {
        snprintf(err, errsz, "%s", l->err);
        rc = -1;
    } else if (l->failed || fflush(l->out) != 0 || ferror(l->out)) {
        snprintf(err, errsz, "write failed: %s", strerror(errno));
        rc = -1;
    }
    drop_hits(l);
    free(l->hits);
    free(l->ids);
    free(l);
    return rc;
}
