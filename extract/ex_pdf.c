/* ex_pdf.c — PDF: glue between the dispatcher and the streaming PDF text
 * extractor (extract/pdf/pdf.h), which does all the reading.
 *
 * Only calls pdf.h's public API; the PDF parser itself lives in pdf/. Its
 * text goes out through tablines.c, so that a table's header line labels
 * the rows below it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "extract/extractor.h"
#include "extract/records.h"
#include "extract/pdf/pdf.h"
#include "extract/tablines.h"

static int pdf_bid(const struct pm_probe *p)
{
    return strcmp(p->mime, "application/pdf") == 0 ? PM_BID_TYPE : PM_BID_NONE;
}

/* Text goes out through tablines.c: a table's rows (cells apart by tabs)
 * labelled by its header line. */
static void pdf_text(void *ctx, const char *text, size_t len) { pm_tablines_text(ctx, text, len); }

/* Inflated PDF streams count against the file's budget like archives do;
 * the ratio is not applied (a content stream compresses very well). */
static int pdf_charge(void *ctx, uint64_t more)
{
    struct pm_job *j = ctx;
    return pm_budget_charge(j->budget, j->level, more, 0, 0) || pm_job_stopped(j);
}

static int pdf_scan(struct pm_job *j)
{
    struct pm_outcome *o = j->o;
    struct pm_tablines *tl = malloc(sizeof *tl);
    struct pm_pdf *p = tl ? pm_pdf_new(pdf_text, tl) : NULL;
    if (!p) {
        free(tl);
        o->status = PM_FILE_ERROR;
        snprintf(o->reason, sizeof o->reason, "out of memory");
        return PM_EX_DONE;
    }
    pm_tablines_init(tl, j);
    /* A blank line (a paragraph's gap, textpos.c) ends a record (people). */
    struct pm_recsplit split;
    pm_job_split_begin(j, &split, PM_SPLIT_PARAGRAPH);
    pm_pdf_set_budget(p, pdf_charge, j);
    o->encoding = "pdf";
    long n = (long)j->probe->nhead;
    while (n > 0) {
        pm_pdf_feed(p, j->buf, (size_t)n);
        const char *why = pm_job_stopped(j);
        if (why) {
            pm_outcome_partial(o, "%s", why);
            break;
        }
        if (j->probe->whole)
            break;
        n = pm_pull_full(j->src, j->buf, j->bufsz);
        if (n < 0) {
            pm_outcome_partial(o, "%s", j->src->err[0] ? j->src->err : "read error");
            break;
        }
        o->bytes += (uint64_t)n;
    }
    pm_pdf_finish(p);
    pm_tablines_finish(tl);
    pm_job_split_end(j);
    if (pm_pdf_stream_errors(p))
        pm_outcome_partial(o, "%llu of %llu PDF streams could not be decoded",
                           (unsigned long long)pm_pdf_stream_errors(p),
                           (unsigned long long)(pm_pdf_streams(p) + pm_pdf_stream_errors(p)));
    pm_pdf_free(p);
    free(tl);
    return PM_EX_DONE;
}

const struct pm_extractor pm_ex_pdf = {"pdf", pdf_bid, pdf_scan};
