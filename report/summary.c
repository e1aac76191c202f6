/* summary.c — per detector: distinct values, items, and the PM_SUMMARY_TOP
 * items where its values are most at risk. One pass over the scan's items
 * with findings; each detector keeps only its current top, so memory does
 * not grow with the number of files. Reads the inventory only.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "report/people.h"
#include "report/risk.h"
#include "report/summary.h"

struct build {
    struct pm_summary *s;
    int stale_days;
    time_t now;
    int failed;
};

static int total_cb(void *ctx, const struct pm_inv_total *t)
{
    struct build *b = ctx;
    struct pm_summary_det *n = realloc(b->s->d, (b->s->n + 1) * sizeof *n);
    if (!n)
        return b->failed = -1;
    b->s->d = n;
    struct pm_summary_det *d = &n[b->s->n];
    memset(d, 0, sizeof *d);
    if (!(d->detector = strdup(t->detector)))
        return b->failed = -1;
    b->s->n++;
    d->distinct = t->distinct;
    d->items = t->files;
    d->occurrences = t->occurrences;
    return 0;
}

/* 1 if a ranks above b. */
static int above(const struct pm_summary_loc *a, const struct pm_summary_loc *b)
{
    int sa = pm_risk_score(a->risk), sb = pm_risk_score(b->risk);
    if (sa != sb)
        return sa > sb;
    if (a->distinct != b->distinct)
        return a->distinct > b->distinct;
    if (a->occurrences != b->occurrences)
        return a->occurrences > b->occurrences;
    int c = strcmp(a->path, b->path);
    return c != 0 ? c < 0 : strcmp(a->members_json, b->members_json) < 0;
}

/* Puts loc into d's top if it ranks there (taking its strings), else
 * frees them. */
static void rank(struct pm_summary_det *d, struct pm_summary_loc loc)
{
    size_t at = d->ntop;
    while (at > 0 && above(&loc, &d->top[at - 1]))
        at--;
    if (at >= PM_SUMMARY_TOP) {
        free(loc.path);
        free(loc.members_json);
        return;
    }
    if (d->ntop == PM_SUMMARY_TOP) {
        free(d->top[PM_SUMMARY_TOP - 1].path);
        free(d->top[PM_SUMMARY_TOP - 1].members_json);
        d->ntop--;
    }
    memmove(&d->top[at + 1], &d->top[at], (d->ntop - at) * sizeof d->top[0]);
    d->top[at] = loc;
    d->ntop++;
}

static int file_cb(void *ctx, const struct pm_inv_file *f)
{
    struct build *b = ctx;
    unsigned risk = pm_risk_flags(f, b->stale_days, b->now);
    for (size_t i = 0; i < f->nfindings; i++) {
        for (size_t k = 0; k < b->s->n; k++) {
            struct pm_summary_det *d = &b->s->d[k];
            if (strcmp(d->detector, f->findings[i].detector) != 0)
                continue;
            struct pm_summary_loc loc = {strdup(f->path),
                                         strdup(f->members_json ? f->members_json : "[]"), risk,
                                         f->findings[i].distinct, f->findings[i].occurrences};
            if (!loc.path || !loc.members_json) {
                free(loc.path);
                free(loc.members_json);
                return b->failed = -1;
            }
            rank(d, loc);
        }
    }
    return 0;
}

int pm_summary_build(struct pm_inv *inv, int64_t scan_id, int stale_days, struct pm_summary *out,
                     char *err, size_t errsz)
{
    memset(out, 0, sizeof *out);
    struct build b = {out, stale_days, time(NULL), 0};
    int rc = pm_inv_totals_each(inv, scan_id, total_cb, &b);
    if (rc == 0 && !b.failed)
        rc = pm_inv_files_each(inv, scan_id, file_cb, &b);
    if (rc != 0 || b.failed) {
        snprintf(err, errsz, "%s", b.failed ? "out of memory" : pm_inv_errmsg(inv));
        pm_summary_free(out);
        return -1;
    }
    struct pm_people_report *p = NULL;
    if (pm_people_report_new(inv, scan_id, &p, err, errsz) != 0) {
        pm_summary_free(out);
        return -1;
    }
    out->people = pm_people_total(p).estimate;
    out->linked_records = pm_people_total(p).linked_records;
    out->people_method = pm_people_method(p); /* a static string */
    pm_people_report_free(p);
    return 0;
}

void pm_summary_free(struct pm_summary *s)
{
    for (size_t k = 0; k < s->n; k++) {
        for (size_t i = 0; i < s->d[k].ntop; i++) {
            free(s->d[k].top[i].path);
            free(s->d[k].top[i].members_json);
        }
        free(s->d[k].detector);
    }
    free(s->d);
    memset(s, 0, sizeof *s);
}
