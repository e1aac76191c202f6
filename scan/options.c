/* options.c — a scan's options to and from JSON (see options.h). The JSON
 * holds no personal data: paths of roots and option files, detector ids and
 * numbers. */
#define _GNU_SOURCE
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/path.h"
#include "scan/options.h"

static json_t *str_or_null(const char *s) { return s ? json_string(s) : json_null(); }

/* An option file's path, absolute so that a resume from elsewhere finds it. */
static json_t *file_path(const char *p)
{
    if (!p)
        return json_null();
    size_t cap = strlen(p) + 4097;
    char *abs = malloc(cap);
    if (!abs)
        return json_null();
    pm_path_canonical(p, abs, cap);
    json_t *j = json_string(abs);
    free(abs);
    return j ? j : json_null();
}

char *pm_scan_opts_json(const struct pm_scan_opts *o, const char *const *roots, size_t nroots)
{
    json_t *j = json_object(), *r = json_array(), *ex = json_array();
    char host[256] = "";
    gethostname(host, sizeof host - 1);
    for (size_t i = 0; i < nroots; i++)
        json_array_append_new(r, json_string(roots[i]));
    for (size_t i = 0; i < o->nexcludes; i++)
        json_array_append_new(ex, json_string(o->excludes[i]));
    json_object_set_new(j, "roots", r);
    json_object_set_new(j, "unique_roots", json_boolean(o->unique_roots));
    json_object_set_new(j, "excludes", ex);
    json_object_set_new(j, "follow_symlinks", json_boolean(o->follow_symlinks));
    json_object_set_new(j, "full", json_boolean(o->full));
    json_object_set_new(j, "chunk", json_integer((json_int_t)o->chunk));
    json_object_set_new(j, "only", str_or_null(o->only));
    json_object_set_new(j, "disable", str_or_null(o->disable));
    json_object_set_new(j, "enable", str_or_null(o->enable));
    json_object_set_new(j, "min_confidence", json_integer(o->min_confidence));
    json_object_set_new(j, "region", str_or_null(o->region));
    json_object_set_new(j, "detectors_file", file_path(o->detectors_file));
    json_object_set_new(j, "allow_file", file_path(o->allow_file));
    json_object_set_new(
        j, "limits",
        json_pack("{s:I,s:I,s:I,s:I,s:I,s:I}", "max_depth", (json_int_t)o->limits.max_depth,
                  "max_expanded", (json_int_t)o->limits.max_expanded, "max_ratio",
                  (json_int_t)o->limits.max_ratio, "ratio_floor",
                  (json_int_t)o->limits.ratio_floor, "max_members",
                  (json_int_t)o->limits.max_members, "max_seconds",
                  (json_int_t)o->limits.max_seconds));
    json_object_set_new(j, "pid", json_integer((json_int_t)getpid()));
    json_object_set_new(j, "host", json_string(host));
    char *out = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(j);
    return out;
}

/* A copy of the string member `key`, kept in saved; NULL if null or absent. */
static const char *keep(struct pm_scan_saved *sv, json_t *v)
{
    if (!json_is_string(v))
        return NULL;
    char **n = realloc(sv->strs, (sv->nstrs + 1) * sizeof *n);
    if (!n)
        return NULL;
    sv->strs = n;
    return sv->strs[sv->nstrs++] = strdup(json_string_value(v));
}

static const char **keep_list(struct pm_scan_saved *sv, json_t *a, size_t *n)
{
    *n = json_array_size(a);
    const char **out = calloc(*n + 1, sizeof *out);
    for (size_t i = 0; out && i < *n; i++)
        out[i] = keep(sv, json_array_get(a, i));
    return out;
}

static uint64_t num(json_t *o, const char *k)
{
    json_int_t v = json_integer_value(json_object_get(o, k));
    return v > 0 ? (uint64_t)v : 0;
}

int pm_scan_opts_parse(const char *json, const struct pm_scan_opts *base,
                       struct pm_scan_saved *sv, char *err, size_t errsz)
{
    json_error_t je;
    memset(sv, 0, sizeof *sv);
    json_t *j = json_loads(json ? json : "", 0, &je);
    json_t *roots = json_object_get(j, "roots"), *lim = json_object_get(j, "limits");
    if (!json_is_object(j) || !json_is_array(roots) || !json_array_size(roots) ||
        !json_is_object(lim)) {
        snprintf(err, errsz, "the scan's options were not recorded, or are damaged");
        json_decref(j);
        return -1;
    }
    struct pm_scan_opts *o = &sv->o;
    *o = *base;
    sv->roots = keep_list(sv, roots, &o->nroots);
    sv->excludes = keep_list(sv, json_object_get(j, "excludes"), &o->nexcludes);
    o->roots = sv->roots;
    o->excludes = sv->excludes;
    o->unique_roots = json_is_true(json_object_get(j, "unique_roots"));
    o->follow_symlinks = json_is_true(json_object_get(j, "follow_symlinks"));
    o->full = json_is_true(json_object_get(j, "full"));
    o->chunk = (size_t)num(j, "chunk");
    o->only = keep(sv, json_object_get(j, "only"));
    o->disable = keep(sv, json_object_get(j, "disable"));
    o->enable = keep(sv, json_object_get(j, "enable"));
    o->min_confidence = (int)num(j, "min_confidence");
    o->region = keep(sv, json_object_get(j, "region"));
    o->detectors_file = keep(sv, json_object_get(j, "detectors_file"));
    o->allow_file = keep(sv, json_object_get(j, "allow_file"));
    o->limits.max_depth = (unsigned)num(lim, "max_depth");
    o->limits.max_expanded = num(lim, "max_expanded");
    o->limits.max_ratio = (unsigned)num(lim, "max_ratio");
    o->limits.ratio_floor = num(lim, "ratio_floor");
    o->limits.max_members = num(lim, "max_members");
    o->limits.max_seconds = (unsigned)num(lim, "max_seconds");
    sv->pid = (long)num(j, "pid");
    const char *h = json_string_value(json_object_get(j, "host"));
    snprintf(sv->host, sizeof sv->host, "%s", h ? h : "");
    json_decref(j);
    if (!sv->roots || !sv->excludes) {
        snprintf(err, errsz, "out of memory");
        pm_scan_saved_free(sv);
        return -1;
    }
    return 0;
}

void pm_scan_saved_free(struct pm_scan_saved *sv)
{
    for (size_t i = 0; i < sv->nstrs; i++)
        free(sv->strs[i]);
    free(sv->strs);
    free(sv->roots);
    free(sv->excludes);
    memset(sv, 0, sizeof *sv);
}
