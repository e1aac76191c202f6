/* allow.c — loading and checking allow lists (format in allow.h). */
#define _GNU_SOURCE
#include <errno.h>
#include <fnmatch.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/hashset.h"
#include "common/idlist.h"
#include "record/allow.h"

struct path_rule {
    char *glob;
    char *detectors; /* comma-separated ids, NULL = all */
};

/* Immutable after loading: shared by all worker threads, which only look
 * hashes up (a lookup writes nothing, so no lock is needed). */
struct pm_allow {
    struct pm_hset *hashes; /* keyed hashes of allowed values */
    struct path_rule *rules;
    size_t nrules;
};

static int add_hash(struct pm_allow *a, const unsigned char *h)
{
    return pm_hset_add(a->hashes, h, NULL) < 0 ? -1 : 0;
}

static int hexval(char c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
                                          : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* Adds the hash of every detector's reading of the value; 0 if none read it. */
static int add_value(struct pm_allow *a, const struct pm_detset *set, const struct pm_key *key,
                     const char *value)
{
    size_t n = strlen(value), added = 0;
    char *buf = malloc(n + 3), norm[PM_NORM_MAX];
    if (!buf)
        return -1;
    /* Spaces around the value: validators check what touches it. */
    buf[0] = ' ';
    memcpy(buf + 1, value, n);
    buf[n + 1] = ' ';
    buf[n + 2] = '\0';
    for (size_t i = 0; i < pm_detset_count(set); i++) {
        const struct pm_detector_def *d = pm_detset_def(set, i);
        size_t len = n;
        int ok;
        if (d->validate) {
            ok = d->validate(d, buf, n + 2, 1, &len, norm) && len == n;
        } else {
            snprintf(norm, sizeof norm, "%s", value);
            ok = 1;
        }
        if (ok) {
            unsigned char h[PM_KEY_LEN];
            pm_key_hash(key, d->id, norm, h);
            if (add_hash(a, h) != 0)
                break;
            added++;
        }
    }
    explicit_bzero(norm, sizeof norm);
    explicit_bzero(buf, n + 2);
    free(buf);
    return added > 0;
}

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
        s[--n] = '\0';
    return s;
}

/* "2027-01-01" -> 1 if that day has passed (UTC), 0 if not, -1 if malformed. */
static int expired(const char *date)
{
    struct tm tm = {0};
    const char *end = strptime(date, "%Y-%m-%d", &tm);
    if (!end || *end)
        return -1;
    time_t until = timegm(&tm) + 24 * 3600; /* the whole day is still covered */
    return time(NULL) >= until;
}

/* Passes "FILE:LINE: what" to the caller's warning function. */
static void warn_at(pm_warn_fn warn, void *wctx, const char *path, unsigned line,
                    const char *fmt, ...) __attribute__((format(printf, 5, 6)));
static void warn_at(pm_warn_fn warn, void *wctx, const char *path, unsigned line,
                    const char *fmt, ...)
{
    if (!warn)
        return;
    char what[512], msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    snprintf(msg, sizeof msg, "%s:%u: %s", path, line, what);
    warn(wctx, msg);
}

static int add_rule(struct pm_allow *a, const struct pm_detset *set, char *spec,
                    const char *path, unsigned line, pm_warn_fn warn, void *wctx, char *err,
                    size_t errsz)
{
    char *save = NULL, *glob = strtok_r(spec, " \t", &save), *tok;
    char *dets = NULL;
    int skip = 0;
    if (!glob) {
        snprintf(err, errsz, "%s:%u: path: needs a glob", path, line);
        return -1;
    }
    while ((tok = strtok_r(NULL, " \t", &save)) != NULL) {
        if (strncmp(tok, "until=", 6) == 0) {
            int e = expired(tok + 6);
            if (e < 0) {
                snprintf(err, errsz, "%s:%u: until=%s: expected a date YYYY-MM-DD", path, line,
                         tok + 6);
                return -1;
            }
            if (e) {
                warn_at(warn, wctx, path, line, "suppression of %s expired on %s: ignored", glob,
                        tok + 6);
                skip = 1;
            }
        } else if (strncmp(tok, "detectors=", 10) == 0) {
            dets = tok + 10;
            const char *cur = dets, *p;
            size_t n;
            while ((p = pm_idlist_next(&cur, &n)) != NULL) {
                char id[64];
                snprintf(id, sizeof id, "%.*s", (int)n, p);
                if (pm_detset_find(set, id) < 0) {
                    snprintf(err, errsz, "%s:%u: unknown detector '%s'", path, line, id);
                    return -1;
                }
            }
        } else {
            snprintf(err, errsz, "%s:%u: unknown option '%s' (detectors=..., until=...)", path,
                     line, tok);
            return -1;
        }
    }
    if (skip)
        return 0;
    struct path_rule *nr = realloc(a->rules, (a->nrules + 1) * sizeof *nr);
    if (!nr)
        return -1;
    a->rules = nr;
    a->rules[a->nrules].glob = strdup(glob);
    a->rules[a->nrules].detectors = dets ? strdup(dets) : NULL;
    a->nrules++;
    return 0;
}

struct pm_allow *pm_allow_load(const char *path, const struct pm_detset *set,
                               const struct pm_key *key, pm_warn_fn warn, void *wctx,
                               char *err, size_t errsz)
{
    FILE *f = fopen(path, "r");
    struct pm_allow *a = calloc(1, sizeof *a);
    char *line = NULL;
    size_t cap = 0;
    unsigned lineno = 0;
    if (!f || !a || !(a->hashes = pm_hset_new(PM_KEY_LEN))) {
        snprintf(err, errsz, "%s: %s", path, f ? "out of memory" : strerror(errno));
        goto fail;
    }
    while (getline(&line, &cap, f) > 0) {
        lineno++;
        char *s = trim(line);
        if (!*s || *s == '#')
            continue;
        if (strncmp(s, "hash:", 5) == 0) {
            unsigned char h[PM_KEY_LEN];
            const char *hex = trim(s + 5);
            if (strlen(hex) != 2 * PM_KEY_LEN)
                goto bad_hash;
            for (size_t i = 0; i < PM_KEY_LEN; i++) {
                int hi = hexval(hex[2 * i]), lo = hexval(hex[2 * i + 1]);
                if (hi < 0 || lo < 0)
                    goto bad_hash;
                h[i] = (unsigned char)(hi << 4 | lo);
            }
            if (add_hash(a, h) != 0)
                goto oom;
            continue;
        bad_hash:
            snprintf(err, errsz, "%s:%u: hash: expected 64 hex digits", path, lineno);
            goto fail;
        }
        if (strncmp(s, "path:", 5) == 0) {
            if (add_rule(a, set, trim(s + 5), path, lineno, warn, wctx, err, errsz) != 0)
                goto fail;
            continue;
        }
        int r = add_value(a, set, key, s);
        if (r < 0)
            goto oom;
        if (r == 0)
            warn_at(warn, wctx, path, lineno, "no detector reads this value: ignored");
        explicit_bzero(s, strlen(s));
    }
    free(line);
    fclose(f);
    return a;
oom:
    snprintf(err, errsz, "%s: out of memory", path);
fail:
    free(line);
    if (f)
        fclose(f);
    pm_allow_free(a);
    return NULL;
}

void pm_allow_free(struct pm_allow *a)
{
    if (!a)
        return;
    for (size_t i = 0; i < a->nrules; i++) {
        free(a->rules[i].glob);
        free(a->rules[i].detectors);
    }
    free(a->rules);
    pm_hset_free(a->hashes);
    free(a);
}

int pm_allow_hash(const struct pm_allow *a, const unsigned char h[PM_KEY_LEN])
{
    return a && pm_hset_get(a->hashes, h, NULL);
}

int pm_allow_drops(const void *allow, const unsigned char h[PM_KEY_LEN])
{
    return pm_allow_hash(allow, h);
}

int pm_allow_path(const struct pm_allow *a, const char *path, const char *id)
{
    for (size_t i = 0; a && i < a->nrules; i++)
        if (fnmatch(a->rules[i].glob, path, 0) == 0 &&
            (!a->rules[i].detectors || pm_idlist_has(a->rules[i].detectors, id)))
            return 1;
    return 0;
}

size_t pm_allow_values(const struct pm_allow *a) { return a ? pm_hset_count(a->hashes) : 0; }
size_t pm_allow_paths(const struct pm_allow *a) { return a ? a->nrules : 0; }
