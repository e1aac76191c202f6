/* extractor.c — the few helpers every extractor shares: pulling, the outcome,
 * why a read stops, and the stream loop of text-like formats.
 *
 * Nothing here knows a format or the dispatcher; it must stay that way so
 * that extractors depend on this and on nothing above them.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "extract/extractor.h"

const char *pm_job_stopped(const struct pm_job *j)
{
    if (j->budget->hit[0])
        return j->budget->hit;
    if (j->stop && atomic_load(j->stop))
        return "interrupted";
    return NULL;
}

void pm_outcome_partial(struct pm_outcome *o, const char *fmt, ...)
{
    if (o->status == PM_FILE_PARTIAL || o->status == PM_FILE_ERROR)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(o->reason, sizeof o->reason, fmt, ap);
    va_end(ap);
    o->status = PM_FILE_PARTIAL;
}

long pm_pull_full(struct pm_src *src, unsigned char *buf, size_t n)
{
    return pm_pull_full_more(src, buf, n, 0);
}

long pm_pull_full_more(struct pm_src *src, unsigned char *buf, size_t n, size_t got)
{
    while (got < n) {
        long k = src->pull(src->ctx, buf + got, n - got);
        if (k < 0)
            return got ? (long)got : -1;
        if (k == 0)
            break;
        got += (size_t)k;
    }
    return (long)got;
}

int pm_name_has_ext(const char *name, const char *const *exts)
{
    const char *dot = name ? strrchr(name, '.') : NULL;
    if (!dot)
        return 0;
    for (; *exts; exts++)
        if (strcasecmp(dot + 1, *exts) == 0)
            return 1;
    return 0;
}

/* Emits buf[off..n), converted piece by piece into the decode buffer. */
static void pump_block(struct pm_job *j, size_t off, size_t n, pm_convert_fn convert, void *state)
{
    if (!convert) {
        if (n > off)
            pm_emit(j, (const char *)j->buf + off, n - off);
        return;
    }
    while (off < n) {
        size_t piece = n - off < PM_READ_CHUNK ? n - off : PM_READ_CHUNK;
        size_t dn = convert(state, j->buf + off, piece, j->dbuf);
        pm_emit(j, j->dbuf, dn);
        off += piece;
    }
}

void pm_job_pump(struct pm_job *j, size_t off, pm_convert_fn convert, void *state)
{
    struct pm_outcome *o = j->o;
    long n = (long)j->probe->nhead;
    int whole = j->probe->whole;
    while (n > 0) {
        pump_block(j, off, (size_t)n, convert, state);
        off = 0;
        (void)pm_budget_charge(j->budget, j->level, 0, 0, 0); /* the time limit */
        const char *why = pm_job_stopped(j);
        if (why) {
            pm_outcome_partial(o, "%s after %llu bytes", why, (unsigned long long)o->bytes);
            break;
        }
        if (whole)
            break;
        n = pm_pull_full(j->src, j->buf, j->bufsz);
        if (n < 0) {
            pm_outcome_partial(o, "%s after %llu bytes", j->src->err[0] ? j->src->err : "read error",
                               (unsigned long long)o->bytes);
            break;
        }
        o->bytes += (uint64_t)n;
    }
}
