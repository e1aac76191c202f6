/* resume.c — continuing an interrupted scan (`piimap scan --resume`).
 *
 * The scan to continue is the newest one that was interrupted, or that is
 * still marked running although the process that ran it is gone (killed, or
 * the machine went down). Its rows stay: the rows a stop left unfinished are
 * deleted, every entry it finished is remembered by path, and the walk runs
 * again over the same roots with the same options. A finished entry is
 * counted as it was recorded and not read again; everything else is read.
 * The result is the scan an uninterrupted run would have recorded.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/hashset.h"
#include "scan/options.h"
#include "scan/scan.h"
#include "scan/scan_int.h"

struct pick {
    int64_t id;         /* the newest scan to resume */
    int64_t running_id; /* the newest scan still run by a live process */
};

/* 1 if the process that last ran a scan (per its options) is alive here. */
static int owner_alive(const char *options_json)
{
    struct pm_scan_saved sv;
    struct pm_scan_opts none = {0};
    char err[128], host[256] = "";
    if (pm_scan_opts_parse(options_json, &none, &sv, err, sizeof err) != 0)
        return 0;
    gethostname(host, sizeof host - 1);
    int alive;
    if (sv.pid <= 0)
        alive = 0;
    else if (strcmp(sv.host, host) != 0)
        alive = 1; /* another host's scan: it cannot be checked from here */
    else
        alive = kill((pid_t)sv.pid, 0) == 0 || errno == EPERM;
    pm_scan_saved_free(&sv);
    return alive;
}

static int pick_cb(void *ctx, const struct pm_inv_scan *sc)
{
    struct pick *p = ctx;
    if (sc->status == PM_SCAN_INTERRUPTED) {
        p->id = sc->id; /* scans come in id order: the newest wins */
    } else if (sc->status == PM_SCAN_RUNNING) {
        if (owner_alive(sc->options_json)) {
            p->running_id = sc->id;
        } else {
            p->id = sc->id;
        }
    }
    return 0;
}

int pm_resume_find(struct scan *s, struct pm_scan_saved *saved, struct pm_inv_scan *sc,
                   char *err, size_t errsz)
{
    struct pick p = {0};
    const char *db = s->o->db_path;
    if (pm_inv_scans_each(s->inv, pick_cb, &p) != 0) {
        snprintf(err, errsz, "%s: %s", db, pm_inv_errmsg(s->inv));
        return PM_FATAL_INVENTORY;
    }
    if (!p.id) {
        if (p.running_id)
            snprintf(err, errsz, "%s: nothing to resume: scan %lld is still running", db,
                     (long long)p.running_id);
        else
            snprintf(err, errsz, "%s: nothing to resume: no interrupted scan (see piimap scans)",
                     db);
        return PM_FATAL_USAGE;
    }
    if (pm_inv_scan_get(s->inv, p.id, sc) != 0) {
        snprintf(err, errsz, "%s: %s", db, pm_inv_errmsg(s->inv));
        return PM_FATAL_INVENTORY;
    }
    char why[256];
    if (pm_scan_opts_parse(sc->options_json, s->o, saved, why, sizeof why) != 0) {
        snprintf(err, errsz, "%s: scan %lld cannot be resumed: %s; run a new scan", db,
                 (long long)p.id, why);
        return PM_FATAL_USAGE;
    }
    s->resume_id = p.id;
    snprintf(s->resume_key, sizeof s->resume_key, "%s", sc->key_id ? sc->key_id : "");
    s->prev_id = sc->incremental_from;
    return PM_OK;
}

static int done_add(void *ctx, const struct pm_inv_done *d)
{
    struct pm_inv_done *x = malloc(sizeof *x);
    if (!x)
        return -1;
    *x = *d;
    x->path = NULL; /* the set keeps the path */
    int rc = pm_hset_put(ctx, d->path, x);
    if (rc < 0)
        free(x);
    return rc < 0 ? -1 : 0;
}

int pm_resume_load_done(struct scan *s)
{
    if (!(s->done = pm_hset_new(0)))
        return -1;
    return pm_inv_done_each(s->inv, s->resume_id, done_add, s->done);
}

const struct pm_inv_done *pm_resume_done(const struct scan *s, const char *path)
{
    void *v = NULL;
    return s->done && pm_hset_get(s->done, path, &v) ? v : NULL;
}

static int free_done(void *ctx, const void *key, void *val)
{
    (void)ctx;
    (void)key;
    free(val);
    return 0;
}

void pm_resume_free(struct scan *s)
{
    pm_hset_each(s->done, free_done, NULL);
    pm_hset_free(s->done);
    s->done = NULL;
}
