/* datamap.c — writes the JSON data map (piimap.datamap/1) from the inventory.
 *
 * The map is streamed: the top level is written piece by piece and each
 * directory, file and error object is built, dumped and freed on its own, so
 * an inventory of millions of files is written in flat memory. All escaping
 * is jansson's.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "common/confidence.h"
#include "common/json_text.h"
#include "report/datamap.h"
#include "report/people.h"
#include "report/risk.h"

#define DUMP_FLAGS (JSON_COMPACT | JSON_ENSURE_ASCII | JSON_PRESERVE_ORDER)

void pm_iso_time(int64_t t, char *out, size_t outsz)
{
    time_t tt = (time_t)t;
    struct tm tm;
    if (!gmtime_r(&tt, &tm) || !strftime(out, outsz, "%Y-%m-%dT%H:%M:%SZ", &tm))
        snprintf(out, outsz, "1970-01-01T00:00:00Z");
}

FILE *pm_report_open(const char *path, char *err, size_t errsz)
{
    if (strcmp(path, "-") == 0)
        return stdout;
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0) {
        snprintf(err, errsz, "%s: cannot write report: %s", path, strerror(errno));
        return NULL;
    }
    (void)fchmod(fd, 0600); /* an existing file keeps no wider mode */
    FILE *f = fdopen(fd, "w");
    if (!f) {
        snprintf(err, errsz, "%s: %s", path, strerror(errno));
        close(fd);
    }
    return f;
}

struct writer {
    FILE *out;
    int first; /* no comma before the next element */
    int failed;
};

static void put(struct writer *w, const char *s)
{
    if (fputs(s, w->out) == EOF)
        w->failed = 1;
}

static void put_elem(struct writer *w, json_t *j)
{
    if (!w->first)
        put(w, ",");
    w->first = 0;
    put(w, "\n  ");
    if (json_dumpf(j, w->out, DUMP_FLAGS) != 0)
        w->failed = 1;
    json_decref(j);
}

static void open_key(struct writer *w, const char *key)
{
    if (!w->first)
        put(w, ",");
    w->first = 0;
    fprintf(w->out, "\n\"%s\": ", key); /* keys are fixed ASCII identifiers */
}

static json_t *members_of(const char *members_json)
{
    json_t *m = members_json ? json_loads(members_json, 0, NULL) : NULL;
    return json_is_array(m) ? m : (json_decref(m), json_array());
}

static json_t *mode_str(uint32_t mode)
{
    char b[8];
    snprintf(b, sizeof b, "%04o", mode & 07777);
    return json_string(b);
}

static json_t *iso(int64_t t)
{
    char b[32];
    pm_iso_time(t, b, sizeof b);
    return json_string(b);
}

static json_t *jstr(const char *s) { return pm_json_text(s); }
static json_t *nullable(const char *s) { return pm_json_text(s); }

/* {"high": n, "medium": n, "low": n} */
static json_t *by_confidence(const uint64_t c[4])
{
    return json_pack("{s:I,s:I,s:I}", pm_confidence_name(PM_CONF_HIGH),
                     (json_int_t)c[PM_CONF_HIGH], pm_confidence_name(PM_CONF_MEDIUM),
                     (json_int_t)c[PM_CONF_MEDIUM], pm_confidence_name(PM_CONF_LOW),
                     (json_int_t)c[PM_CONF_LOW]);
}

/* The highest level with an occurrence. */
static const char *top_confidence(const uint64_t c[4])
{
    for (int l = PM_CONF_HIGH; l >= PM_CONF_LOW; l--)
        if (c[l])
            return pm_confidence_name(l);
    return pm_confidence_name(PM_CONF_NONE);
}

/* "test_value": how many of the occurrences are known test numbers
 * (4111 1111 1111 1111, 078-05-1120): written beside them when there are
 * any, so a test fixture is told from a customer file. They stay counted
 * in the occurrences, which count every match. */
static json_t *with_test_value(json_t *finding, uint64_t n)
{
    if (n)
        json_object_set_new(finding, "test_value", json_integer((json_int_t)n));
    return finding;
}

static int total_cb(void *ctx, const struct pm_inv_total *t)
{
    json_object_set_new(ctx, t->detector,
                        with_test_value(json_pack("{s:I,s:I,s:I,s:o}", "occurrences",
                                                  (json_int_t)t->occurrences, "distinct",
                                                  (json_int_t)t->distinct, "files",
                                                  (json_int_t)t->files, "by_confidence",
                                                  by_confidence(t->by_conf)),
                                        t->test_value));
    return 0;
}

/* {"email": {"occurrences": n, "distinct": n}, ...} (with "files" when
 * the figures say how many items hold it). */
static json_t *dir_findings(const struct pm_inv_dir *d, int with_files)
{
    json_t *fnd = json_object();
    for (size_t i = 0; i < d->nfindings; i++) {
        json_t *f = json_pack("{s:I,s:I}", "occurrences", (json_int_t)d->findings[i].occurrences,
                              "distinct", (json_int_t)d->findings[i].distinct);
        if (with_files)
            json_object_set_new(f, "files", json_integer((json_int_t)d->findings[i].files));
        json_object_set_new(fnd, d->findings[i].detector,
                            with_test_value(f, d->findings[i].test_value));
    }
    return fnd;
}

struct dir_ctx {
    struct writer *w;
    struct pm_inv *inv;
    int64_t scan_id;
    int recursive; /* add each directory's figures at or under it */
    int failed;
    const struct pm_people_report *people;
};

/* {"estimate": n, "linked_records": n, "method": "..."} */
static json_t *people_json(const struct pm_people_report *p, struct pm_people_count c)
{
    return json_pack("{s:I,s:I,s:s}", "estimate", (json_int_t)c.estimate, "linked_records",
                     (json_int_t)c.linked_records, "method", pm_people_method(p));
}

static int dir_cb(void *vctx, const struct pm_inv_dir *d)
{
    struct dir_ctx *dc = vctx;
    json_t *o = json_pack("{s:o,s:I,s:I,s:o}", "path", jstr(d->path), "files", (json_int_t)d->files,
                          "files_with_pii", (json_int_t)d->files_with_pii, "findings",
                          dir_findings(d, 0));
    json_object_set_new(o, "people", people_json(dc->people, pm_people_dir(dc->people, d)));
    if (dc->recursive) {
        struct pm_inv_dir r;
        if (pm_inv_subtree_get(dc->inv, dc->scan_id, d->path, &r) != 0) {
            json_decref(o);
            return dc->failed = -1;
        }
        json_object_set_new(o, "recursive",
                            json_pack("{s:I,s:I,s:o}", "files", (json_int_t)r.files,
                                      "files_with_pii", (json_int_t)r.files_with_pii, "findings",
                                      dir_findings(&r, 1)));
    }
    put_elem(dc->w, o);
    return 0;
}

static json_t *risk_flags(const struct pm_inv_file *f, int stale_days)
{
    json_t *r = json_array();
    unsigned flags = pm_risk_flags(f, stale_days, time(NULL));
    for (unsigned i = 0; i < PM_RISK_COUNT; i++)
        if (flags & (1u << i))
            json_array_append_new(r, json_string(pm_risk_name(i)));
    return r;
}

struct file_ctx {
    struct writer *w;
    int stale_days;
};

static int file_cb(void *vctx, const struct pm_inv_file *f)
{
    struct file_ctx *fc = vctx;
    void *ctx = fc->w;
    json_t *fnd = json_object();
    for (size_t i = 0; i < f->nfindings; i++) {
        const struct pm_inv_finding *x = &f->findings[i];
        json_t *samples = json_array();
        for (size_t k = 0; k < x->nsamples; k++)
            json_array_append_new(samples, json_string(x->samples[k]));
        json_object_set_new(fnd, x->detector,
                            with_test_value(json_pack("{s:I,s:I,s:o,s:s,s:o}", "occurrences",
                                                      (json_int_t)x->occurrences, "distinct",
                                                      (json_int_t)x->distinct, "samples", samples,
                                                      "confidence", top_confidence(x->by_conf),
                                                      "by_confidence", by_confidence(x->by_conf)),
                                            x->test_value));
    }
    json_t *o = json_object();
    json_object_set_new(o, "path", jstr(f->path));
    if (!pm_is_utf8(f->path))
        json_object_set_new(o, "path_escaped", json_true()); /* \xNN stands for a byte */
    json_object_set_new(o, "members", members_of(f->members_json));
    json_object_set_new(o, "mime", nullable(f->mime));
    json_object_set_new(o, "encoding", nullable(f->encoding));
    json_object_set_new(o, "size", json_integer((json_int_t)f->size));
    json_object_set_new(o, "mtime", iso(f->mtime));
    json_object_set_new(o, "owner", nullable(f->owner));
    json_object_set_new(o, "group", nullable(f->group));
    json_object_set_new(o, "uid", json_integer(f->uid));
    json_object_set_new(o, "gid", json_integer(f->gid));
    json_object_set_new(o, "mode", mode_str(f->mode));
    if (f->acl && *f->acl) /* who else its ACL lets in; absent when nobody */
        json_object_set_new(o, "acl", jstr(f->acl));
    json_object_set_new(o, "status", json_string(pm_file_status_name(f->status)));
    json_object_set_new(o, "findings", fnd);
    json_object_set_new(o, "risk", risk_flags(f, fc->stale_days));
    if (f->host) /* a distributed scan: the host that read it */
        json_object_set_new(o, "host", jstr(f->host));
    put_elem(ctx, o);
    return 0;
}

static int coverage_cb(void *ctx, enum pm_file_status st, const char *reason, uint64_t n)
{
    json_t *cov = ctx;
    const char *name = pm_file_status_name(st);
    json_object_set_new(cov, name, json_integer((json_int_t)(json_integer_value(
                                                                 json_object_get(cov, name)) +
                                                             (json_int_t)n)));
    if (st == PM_FILE_SKIPPED) {
        json_t *why = json_object_get(cov, "skipped_by_reason");
        json_object_set_new(why, reason && *reason ? reason : "unknown", json_integer((json_int_t)n));
    }
    return 0;
}

static int error_cb(void *ctx, const struct pm_inv_file *f)
{
    json_t *o = json_pack("{s:o,s:o,s:s,s:o}", "path", jstr(f->path), "members",
                          members_of(f->members_json), "status", pm_file_status_name(f->status),
                          "error", jstr(f->reason ? f->reason : "error"));
    if (!pm_is_utf8(f->path))
        json_object_set_new(o, "path_escaped", json_true());
    put_elem(ctx, o);
    return 0;
}

/* One sprawling identifier: what it looks like and the items holding it. */
struct sprawl_ctx {
    struct writer *w;
    struct pm_inv *inv;
    int64_t scan_id;
    const char *under; /* list only items at or under it; NULL: all */
    json_t *items;
};

/* 1 if path is under (or is) dir. */
static int path_under(const char *path, const char *dir)
{
    size_t n = strlen(dir);
    if (n && dir[n - 1] == '/')
        n--;
    return strncmp(path, dir, n) == 0 && (path[n] == '\0' || path[n] == '/');
}

static int holder_cb(void *vctx, const struct pm_inv_hit *h)
{
    struct sprawl_ctx *sc = vctx;
    if ((sc->under && !path_under(h->path, sc->under)) ||
        json_array_size(sc->items) >= PM_SPRAWL_ITEMS)
        return 0;
    json_t *o = json_pack("{s:o,s:o}", "path", jstr(h->path), "members",
                          members_of(h->members_json));
    if (!pm_is_utf8(h->path))
        json_object_set_new(o, "path_escaped", json_true());
    json_array_append_new(sc->items, o);
    return 0;
}

static int sprawl_cb(void *vctx, const struct pm_inv_sprawl *s)
{
    struct sprawl_ctx *sc = vctx;
    char hex[PM_SPRAWL_HEX + 1];
    for (int i = 0; i < PM_SPRAWL_HEX / 2; i++)
        snprintf(hex + 2 * i, 3, "%02x", s->hash[i]);
    /* The row's strings live until the next step: copy before another query. */
    json_t *o = json_pack("{s:s,s:s,s:o,s:I}", "detector", s->detector, "hash", hex, "sample",
                          nullable(s->masked), "file_count", (json_int_t)s->items);
    sc->items = json_array();
    int rc = pm_inv_locate_each(sc->inv, sc->scan_id, s->detector, s->hash, holder_cb, sc);
    json_object_set_new(o, "files", sc->items);
    put_elem(sc->w, o);
    return rc;
}

static int write_map(struct pm_inv *inv, int64_t scan_id, const char *tool_version,
                     int stale_days, const char *under, const struct pm_people_report *people,
                     FILE *out, char *err, size_t errsz);

static int host_cb(void *ctx, const char *host, uint64_t files, uint64_t bytes)
{
    json_array_append_new(ctx, json_pack("{s:o,s:I,s:I}", "host", jstr(host), "files",
                                         (json_int_t)files, "bytes_scanned", (json_int_t)bytes));
    return 0;
}

int pm_datamap_write_json(struct pm_inv *inv, int64_t scan_id, const char *tool_version,
                          int stale_days, const char *under, FILE *out, char *err,
                          size_t errsz)
{
    if (under && pm_inv_scope(inv, under) != 0) {
        snprintf(err, errsz, "%s", pm_inv_errmsg(inv));
        return -1;
    }
    struct pm_inv_scan sc;
    struct pm_people_report *people = NULL;
    int rc = pm_inv_scan_get(inv, scan_id, &sc);
    /* The people of the scan the map is of (id 0: the newest), counted
     * before the map is written: the directories need them. */
    if (rc == 0)
        rc = pm_people_report_new(inv, sc.id, &people, err, errsz);
    else
        rc = 0; /* no such scan: write_map says so */
    if (rc == 0)
        rc = write_map(inv, scan_id, tool_version, stale_days, under, people, out, err, errsz);
    pm_people_report_free(people);
    if (under)
        (void)pm_inv_scope(inv, NULL);
    return rc;
}

static int write_map(struct pm_inv *inv, int64_t scan_id, const char *tool_version,
                     int stale_days, const char *under, const struct pm_people_report *people,
                     FILE *out, char *err, size_t errsz)
{
    struct pm_inv_scan sc;
    struct writer w = {.out = out, .first = 1};
    int r = pm_inv_scan_get(inv, scan_id, &sc);
    if (r > 0) {
        snprintf(err, errsz, scan_id ? "no scan %lld in the inventory"
                                     : "the inventory holds no scan yet (run piimap scan)",
                 (long long)scan_id);
        return -1;
    }
    if (r < 0) {
        snprintf(err, errsz, "%s", pm_inv_errmsg(inv));
        return -1;
    }
    put(&w, "{");
    open_key(&w, "schema");
    put(&w, "\"piimap.datamap/1\"");
    open_key(&w, "tool");
    json_t *tool = json_pack("{s:s,s:s}", "name", "piimap", "version", tool_version);
    json_dumpf(tool, out, DUMP_FLAGS);
    json_decref(tool);

    json_t *roots = json_loads(sc.roots_json, 0, NULL);
    json_t *scan = json_object();
    json_object_set_new(scan, "id", json_integer(sc.id));
    json_object_set_new(scan, "status", json_string(pm_scan_status_name(sc.status)));
    json_object_set_new(scan, "started_at", iso(sc.started_at));
    json_object_set_new(scan, "finished_at", sc.finished_at ? iso(sc.finished_at) : json_null());
    json_object_set_new(scan, "roots", json_is_array(roots) ? roots : json_array());
    json_object_set_new(scan, "files_seen", json_integer((json_int_t)sc.files_seen));
    json_object_set_new(scan, "files_scanned", json_integer((json_int_t)sc.files_scanned));
    json_object_set_new(scan, "files_skipped", json_integer((json_int_t)sc.files_skipped));
    json_object_set_new(scan, "files_excluded", json_integer((json_int_t)sc.files_excluded));
    json_object_set_new(scan, "members_seen", json_integer((json_int_t)sc.members_seen));
    json_object_set_new(scan, "files_unchanged", json_integer((json_int_t)sc.files_unchanged));
    json_object_set_new(scan, "incremental_from",
                        sc.incremental_from ? json_integer(sc.incremental_from) : json_null());
    json_object_set_new(scan, "bytes_scanned", json_integer((json_int_t)sc.bytes_scanned));
    json_object_set_new(scan, "errors", json_integer((json_int_t)sc.errors));
    json_object_set_new(scan, "key_id", nullable(sc.key_id));
    if (under)
        json_object_set_new(scan, "under", jstr(under));
    open_key(&w, "scan");
    json_dumpf(scan, out, DUMP_FLAGS);
    json_decref(scan);

    /* Coverage of every file and member: scanned, partial, skipped (why), error. */
    json_t *cov = json_pack("{s:i,s:i,s:i,s:i,s:{}}", "scanned", 0, "partial", 0, "skipped", 0,
                            "error", 0, "skipped_by_reason");
    int rc = pm_inv_coverage_each(inv, sc.id, coverage_cb, cov);
    open_key(&w, "coverage");
    json_dumpf(cov, out, DUMP_FLAGS);
    json_decref(cov);

    json_t *totals = json_object();
    if (rc == 0)
        rc = pm_inv_totals_each(inv, sc.id, total_cb, totals);
    open_key(&w, "totals");
    json_dumpf(totals, out, DUMP_FLAGS);
    json_decref(totals);

    /* How many people: person keys joined through the records holding them. */
    json_t *pj = people_json(people, pm_people_total(people));
    open_key(&w, "people");
    json_dumpf(pj, out, DUMP_FLAGS);
    json_decref(pj);

    /* A distributed scan: the hosts, and what each read. */
    json_t *hosts = json_array();
    if (rc == 0)
        rc = pm_inv_hosts_each(inv, sc.id, host_cb, hosts);
    if (json_array_size(hosts)) {
        open_key(&w, "hosts");
        json_dumpf(hosts, out, DUMP_FLAGS);
    }
    json_decref(hosts);

    struct writer sub = {.out = out, .first = 1};
    struct dir_ctx dc = {&sub, inv, sc.id, under != NULL, 0, people};
    open_key(&w, "directories");
    put(&w, "[");
    if (rc == 0)
        rc = pm_inv_dirs_each(inv, sc.id, dir_cb, &dc);
    put(&w, sub.first ? "]" : "\n]");

    sub.first = 1;
    open_key(&w, "files");
    put(&w, "[");
    struct file_ctx fc = {&sub, stale_days};
    if (rc == 0)
        rc = pm_inv_files_each(inv, sc.id, file_cb, &fc);
    put(&w, sub.first ? "]" : "\n]");

    sub.first = 1;
    open_key(&w, "skipped");
    put(&w, "[");
    if (rc == 0)
        rc = pm_inv_skipped_each(inv, sc.id, error_cb, &sub);
    put(&w, sub.first ? "]" : "\n]");

    sub.first = 1;
    open_key(&w, "errors");
    put(&w, "[");
    if (rc == 0)
        rc = pm_inv_errors_each(inv, sc.id, error_cb, &sub);
    put(&w, sub.first ? "]" : "\n]");

    sub.first = 1;
    open_key(&w, "sprawl");
    put(&w, "[");
    struct sprawl_ctx spc = {&sub, inv, sc.id, under, NULL};
    if (rc == 0)
        rc = pm_inv_sprawl_each(inv, sc.id, PM_SPRAWL_MIN_ITEMS, PM_SPRAWL_MAX, sprawl_cb, &spc);
    put(&w, sub.first ? "]" : "\n]");
    put(&w, "\n}\n");

    if (rc != 0) {
        snprintf(err, errsz, "%s", pm_inv_errmsg(inv));
        return -1;
    }
    if (w.failed || sub.failed || fflush(out) != 0 || ferror(out)) {
        snprintf(err, errsz, "write failed: %s", strerror(errno));
        return -1;
    }
    return 0;
}
