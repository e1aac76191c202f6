/* registry.c — the built-in detector table and compiled detector sets.
 *
 * The table is PM_BUILTIN_DETECTORS (detect/detector.h) in priority order.
 * A set is the built-ins chosen by --only, --disable and --enable plus the
 * user-defined detectors, each pattern compiled (and JIT-compiled) once, with
 * one Vectorscan database of their candidates (vscan.c); the matcher
 * (matcher.c) then only reads it, from every worker thread. Ids are
 * checked here, so a typo in --only is an error and not a silent no-op.
 * Knows nothing of files or text: it never sees a value.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/idlist.h"
#include "detect/detector.h"
#include "detect/registry.h" /* the layout of a compiled set, shared with matcher.c */
#include "detect/vscache.h"  /* where compiled databases are kept */

static const struct pm_detector_def *const builtin_defs[] = {
#define X(name) &pm_det_##name,
    PM_BUILTIN_DETECTORS
#undef X
};

size_t pm_builtin_count(void) { return sizeof builtin_defs / sizeof builtin_defs[0]; }

const struct pm_detector_def *pm_builtin_def(size_t i)
{
    return i < pm_builtin_count() ? builtin_defs[i] : NULL;
}

/* Checks that every id of a comma-separated list names a detector. */
static int check_list(const char *what, const char *list, const struct pm_detset_opts *o,
                      char *err, size_t errsz)
{
    size_t n;
    for (const char *p; (p = pm_idlist_next(&list, &n)) != NULL;) {
        int found = 0;
        for (size_t i = 0; i < pm_builtin_count(); i++)
            found |= strlen(builtin_defs[i]->id) == n && strncmp(builtin_defs[i]->id, p, n) == 0;
        for (size_t i = 0; i < o->nextra; i++)
            found |= strlen(o->extra[i]->id) == n && strncmp(o->extra[i]->id, p, n) == 0;
        if (!found) {
            snprintf(err, errsz, "%s: unknown detector '%.*s' (see piimap detectors)", what,
                     (int)n, p);
            return -1;
        }
    }
    return 0;
}

static int add_def(struct pm_detset *set, const struct pm_detector_def *d, char *err, size_t errsz)
{
    int ec = 0;
    PCRE2_SIZE eo = 0;
    /* The offset limit lets the one-pass engine bound where a match may
     * start; it changes nothing else. */
    pcre2_code *code = pcre2_compile((PCRE2_SPTR)d->pattern, PCRE2_ZERO_TERMINATED,
                                     PCRE2_NEVER_BACKSLASH_C | PCRE2_USE_OFFSET_LIMIT, &ec, &eo,
                                     NULL);
    if (!code) {
        PCRE2_UCHAR msg[256];
        pcre2_get_error_message(ec, msg, sizeof msg);
        snprintf(err, errsz, "detector %s: pattern error at offset %zu: %s", d->id, (size_t)eo,
                 (const char *)msg);
        return -1;
    }
    /* JIT is an accelerator: if the platform lacks it the interpreter runs. */
    (void)pcre2_jit_compile(code, PCRE2_JIT_COMPLETE);
    set->dets[set->n].def = d;
    set->dets[set->n].code = code;
    set->n++;
    if (d->max_len > set->max_len)
        set->max_len = d->max_len;
    return 0;
}

static int add_onepass(struct pm_detset *set, const char *cache_dir);

/* --region CC[,CC...]: two letters libphonenumber knows, or several joined
 * by commas; the set's phone detector then reads those countries' national
 * formats. */
static int set_region(struct pm_detset *set, const char *region, char *err, size_t errsz)
{
    char cc[PM_PHONE_MAX_REGIONS * 3];
    size_t k = 0, run = 0;
    int ok = 1;
    for (const char *p = region; *p && ok; p++) {
        char c = *p;
        if (c == ',' ? run != 2 : !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) || run == 2)
            ok = 0;
        else if (k + 1 >= sizeof cc)
            ok = 0;
        else {
            cc[k++] = (char)(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
            run = c == ',' ? 0 : run + 1;
        }
    }
    cc[k] = '\0';
    if (!ok || run != 2 || pm_phone_regional(cc, &set->region, &set->phone_regional) != 0) {
        snprintf(err, errsz,
                 "--region: '%s' is not a country code (two letters, e.g. DE) or a list of "
                 "at most %d joined by commas (DE,FR)",
                 region, PM_PHONE_MAX_REGIONS);
        memset(&set->region, 0, sizeof set->region);
        return -1;
    }
    return 0;
}

struct pm_detset *pm_detset_new_builtin(char *err, size_t errsz)
{
    struct pm_detset_opts o = {0};
    return pm_detset_new(&o, err, errsz);
}

struct pm_detset *pm_detset_new(const struct pm_detset_opts *o, char *err, size_t errsz)
{
    size_t n = pm_builtin_count() + o->nextra;
    if (n > PM_MAX_DETECTORS) {
        snprintf(err, errsz, "%zu detectors: at most %d (built-in and user-defined together)", n,
                 PM_MAX_DETECTORS);
        return NULL;
    }
    if (check_list("--only", o->only, o, err, errsz) ||
        check_list("--disable", o->disable, o, err, errsz) ||
        check_list("--enable", o->enable, o, err, errsz))
        return NULL;
    struct pm_detset *set = calloc(1, sizeof *set);
    if (!set || !(set->dets = calloc(n ? n : 1, sizeof *set->dets))) {
        snprintf(err, errsz, "out of memory");
        free(set);
        return NULL;
    }
    set->min_conf = o->min_confidence;
    if (o->region && set_region(set, o->region, err, errsz) != 0) {
        pm_detset_free(set);
        return NULL;
    }
    for (size_t i = 0; i < n; i++) {
        const struct pm_detector_def *d =
            i < pm_builtin_count() ? builtin_defs[i] : o->extra[i - pm_builtin_count()];
        if (d == &pm_det_phone && set->region.n)
            d = &set->phone_regional;
        int wanted = o->only ? pm_idlist_has(o->only, d->id)
                             : !d->off_by_default || pm_idlist_has(o->enable, d->id);
        if (!wanted || pm_idlist_has(o->disable, d->id))
            continue;
        if (pm_detset_find(set, d->id) >= 0) {
            snprintf(err, errsz, "detector %s: id defined twice", d->id);
            pm_detset_free(set);
            return NULL;
        }
        if (add_def(set, d, err, errsz) != 0) {
            pm_detset_free(set);
            return NULL;
        }
    }
    set->reference = o->reference;
    if (!set->reference && add_onepass(set, o->cache_dir) != 0) {
        snprintf(err, errsz, "out of memory");
        pm_detset_free(set);
        return NULL;
    }
    return set;
}

/* Builds the candidate finder and notes which detectors run on it. */
static int add_onepass(struct pm_detset *set, const char *cache_dir)
{
    const struct pm_detector_def *defs[PM_MAX_DETECTORS];
    for (size_t i = 0; i < set->n; i++)
        defs[i] = set->dets[i].def;
    if (!(set->vs = pm_vscan_new(defs, set->n, cache_dir)))
        return -1;
    char why[8];
    for (size_t i = 0; i < set->n; i++)
        set->dets[i].onepass = pm_vscan_onepass(set->vs, i, why, sizeof why);
    return 0;
}

void pm_detset_free(struct pm_detset *set)
{
    if (!set)
        return;
    for (size_t i = 0; i < set->n; i++)
        pcre2_code_free(set->dets[i].code);
    pm_vscan_free(set->vs);
    free(set->dets);
    free(set);
}

size_t pm_detset_count(const struct pm_detset *set) { return set->n; }

const struct pm_detector_def *pm_detset_def(const struct pm_detset *set, size_t i)
{
    return i < set->n ? set->dets[i].def : NULL;
}

int pm_detset_find(const struct pm_detset *set, const char *id)
{
    for (size_t i = 0; i < set->n; i++)
        if (strcmp(set->dets[i].def->id, id) == 0)
            return (int)i;
    return -1;
}

size_t pm_detset_max_len(const struct pm_detset *set) { return set->max_len; }

int pm_detset_onepass(const struct pm_detset *set, size_t i, char *why, size_t whysz)
{
    if (i >= set->n)
        return 0;
    if (set->reference) {
        snprintf(why, whysz, "the PCRE2 reference engine was asked for");
        return 0;
    }
    return pm_vscan_onepass(set->vs, i, why, whysz);
}

int pm_detector_onepass(const struct pm_detector_def *d, char *why, size_t whysz)
{
    struct pm_vscan *vs = pm_vscan_new(&d, 1, NULL);
    if (!vs) {
        snprintf(why, whysz, "out of memory");
        return 0;
    }
    int ok = pm_vscan_onepass(vs, 0, why, whysz);
    pm_vscan_free(vs);
    return ok;
}

const char *pm_detset_cache_dir(char *buf, size_t bufsz) { return pm_vscache_dir(buf, bufsz); }
