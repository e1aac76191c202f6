/* sink.c — the one thread that writes the inventory. It pops the records the
 * workers queue, writes them in batched transactions (a commit every 2,000
 * rows or half second), keeps the scan's counters, and at the end copies the
 * rows of files carried forward unchanged, in one go.
 *
 * Only masked samples and keyed hashes reach it; it never sees a raw value.
 */
#define _GNU_SOURCE
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "scan/scan.h"
#include "scan/scan_int.h"
#include "walk/queue.h"

#define BATCH_ROWS 2000
#define BATCH_MS 500

struct name_cache {
    struct { unsigned id; char name[64]; } e[256];
    size_t n;
};

static const char *cached_name(struct name_cache *c, unsigned id, int group, char *buf,
                               size_t bufsz)
{
    for (size_t i = 0; i < c->n; i++)
        if (c->e[i].id == id)
            return c->e[i].name[0] ? c->e[i].name : NULL;
    char tmp[4096];
    const char *name = NULL;
    if (group) {
        struct group g, *gp = NULL;
        if (getgrgid_r(id, &g, tmp, sizeof tmp, &gp) == 0 && gp)
            name = gp->gr_name;
    } else {
        struct passwd p, *pp = NULL;
        if (getpwuid_r(id, &p, tmp, sizeof tmp, &pp) == 0 && pp)
            name = pp->pw_name;
    }
    snprintf(buf, bufsz, "%s", name ? name : "");
    if (c->n < sizeof c->e / sizeof c->e[0]) {
        c->e[c->n].id = id;
        snprintf(c->e[c->n].name, sizeof c->e[c->n].name, "%s", buf);
        c->n++;
    }
    return name ? buf : NULL;
}

/* An entry an earlier run of a resumed scan finished: counted as that run
 * recorded it, never written again. */
static void count_done(struct scan *s, const struct rec *r)
{
    const struct pm_inv_done *d = &r->done;
    atomic_fetch_add(&s->errors, d->error_rows);
    atomic_fetch_add(&s->members_seen, d->members);
    atomic_fetch_add(&s->with_pii, d->pii_rows);
    if (r->is_dir)
        return;
    atomic_fetch_add(&s->files_seen, 1);
    if (d->pii_rows)
        atomic_fetch_add(&s->files_with_pii, 1);
    if (d->carried) {
        atomic_fetch_add(&s->resumed_unchanged, 1);
    } else if (d->status == PM_FILE_SCANNED || d->status == PM_FILE_PARTIAL) {
        atomic_fetch_add(&s->files_scanned, 1);
        atomic_fetch_add(&s->bytes, d->bytes_scanned);
    } else if (d->status == PM_FILE_SKIPPED) {
        atomic_fetch_add(&s->files_skipped, 1);
    }
}

static void count(struct scan *s, const struct rec *r)
{
    const struct pm_inv_file *f = &r->f;
    /* Files are what is on disk; members are counted apart. Errors count
     * both, since each is listed in the data map's errors. */
    if (f->status == PM_FILE_ERROR || f->status == PM_FILE_PARTIAL)
        atomic_fetch_add(&s->errors, 1);
    if (r->is_member) {
        atomic_fetch_add(&s->members_seen, 1);
    } else if (!r->is_dir) {
        atomic_fetch_add(&s->files_seen, 1);
        if (r->file_pii)
            atomic_fetch_add(&s->files_with_pii, 1);
        if (r->carry) {
            /* carried forward unread: counted as unchanged, not scanned */
        } else if (f->status == PM_FILE_SCANNED || f->status == PM_FILE_PARTIAL) {
            atomic_fetch_add(&s->files_scanned, 1);
            atomic_fetch_add(&s->bytes, f->bytes_scanned);
        } else if (f->status == PM_FILE_SKIPPED) {
            atomic_fetch_add(&s->files_skipped, 1);
        }
    }
    if (f->nfindings)
        atomic_fetch_add(&s->with_pii, 1);
    if (f->status == PM_FILE_ERROR || f->status == PM_FILE_PARTIAL)
        if (s->ev->problem)
            s->ev->problem(s->ev->ctx, f->path, f->members_json, f->reason ? f->reason : "error");
}

void *pm_sink_main(void *p)
{
    struct scan *s = p;
    struct name_cache users = {0}, groups = {0};
    char ubuf[64], gbuf[64];
    int in_tx = 0;
    size_t rows = 0;
    struct timespec tx_start = {0}, now;

    for (;;) {
        int timed_out = 0;
        struct rec *r = pm_queue_pop(s->out, BATCH_MS, &timed_out);
        if (!r && !timed_out)
            break; /* closed and drained */
        if (r && r->kind != PM_REC_ROW) { /* distributed: a subdirectory, a batch's end */
            int failed = atomic_load(&s->fatal) ? (pm_dist_refuse(r), 0)
                                                : pm_dist_sink_rec(s, r, &in_tx) != 0;
            if (failed)
                goto fatal;
            pm_rec_free(r);
            continue;
        }
        if (r && !atomic_load(&s->fatal)) {
            if (!in_tx) {
                if (pm_inv_tx_begin(s->inv) != 0)
                    goto fatal;
                in_tx = 1;
                rows = 0;
                clock_gettime(CLOCK_MONOTONIC, &tx_start);
            }
            if (r->resumed) {
                /* finished by an earlier run: counted, not written again */
            } else if (r->carry) {
                if (pm_inv_carry_mark(s->inv, r->f.path) != 0)
                    goto fatal;
                atomic_fetch_add(&s->unchanged, 1);
            } else {
                if (!r->is_dir) {
                    r->f.owner = cached_name(&users, r->f.uid, 0, ubuf, sizeof ubuf);
                    r->f.group = cached_name(&groups, r->f.gid, 1, gbuf, sizeof gbuf);
                }
                if (pm_inv_add_file(s->inv, s->scan_id, &r->f) != 0)
                    goto fatal;
            }
            if (r->resumed)
                count_done(s, r);
            else
                count(s, r);
            rows++;
        }
        pm_rec_free(r);
        r = NULL;
        clock_gettime(CLOCK_MONOTONIC, &now);
        long ms = (now.tv_sec - tx_start.tv_sec) * 1000 + (now.tv_nsec - tx_start.tv_nsec) / 1000000;
        /* A distributed scan commits a batch of directories whole, with
         * their marking as done (distributed.c): a host that dies or loses
         * its lease leaves nothing of them behind. */
        if (in_tx && !s->o->distributed &&
            (rows >= BATCH_ROWS || ms >= BATCH_MS || timed_out)) {
            if (pm_inv_tx_commit(s->inv) != 0)
                goto fatal;
            in_tx = 0;
        }
        continue;
    fatal:
        pm_rec_free(r);
        if (!atomic_exchange(&s->fatal, 1))
            snprintf(s->fatal_msg, sizeof s->fatal_msg, "%s: inventory write failed: %s",
                     s->o->db_path, pm_inv_errmsg(s->inv));
        atomic_store(&s->stop, 1);
        in_tx = 0;
    }
    /* Files marked unchanged: their rows are copied in one go. */
    uint64_t nrows = 0, npii = 0;
    if (s->prev_id && !atomic_load(&s->fatal)) {
        if (!in_tx && pm_inv_tx_begin(s->inv) == 0)
            in_tx = 1;
        if (pm_inv_carry_finish(s->inv, s->scan_id, s->prev_id, &nrows, &npii) != 0 &&
            !atomic_exchange(&s->fatal, 1))
            snprintf(s->fatal_msg, sizeof s->fatal_msg, "%s: inventory write failed: %s",
                     s->o->db_path, pm_inv_errmsg(s->inv));
        uint64_t files = atomic_load(&s->unchanged);
        atomic_fetch_add(&s->members_seen, nrows > files ? nrows - files : 0);
        atomic_fetch_add(&s->with_pii, npii);
    }
    if (in_tx && pm_inv_tx_commit(s->inv) != 0 && !atomic_exchange(&s->fatal, 1))
        snprintf(s->fatal_msg, sizeof s->fatal_msg, "%s: inventory write failed: %s",
                 s->o->db_path, pm_inv_errmsg(s->inv));
    return NULL;
}
