/* ex_mail.c — e-mail (.eml, mbox): glue between the dispatcher and the
 * streaming MIME parser (extract/mail/mime.h), which does all the parsing.
 *
 * Headers and text parts are the message's text; every attachment is a
 * member, read back through the dispatcher one level deeper. Only calls
 * mime.h's public API; the parser itself lives in mail/.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "extract/extractor.h"
#include "extract/mail/mime.h"

static int mail_bid(const struct pm_probe *p)
{
    static const char *const mail_ext[] = {"eml", "mbox", "mbx", NULL};
    if (strcmp(p->mime, "message/rfc822") == 0 || strcmp(p->mime, "application/mbox") == 0 ||
        (strncmp(p->mime, "text/", 5) == 0 && pm_name_has_ext(p->name, mail_ext)))
        return PM_BID_TYPE;
    return PM_BID_NONE;
}

/* The mail parser pulls the rest of the message: the first block, then src. */
struct prefixed {
    const unsigned char *pre;
    size_t npre, pos;
    struct pm_src *src;
    uint64_t *bytes;
};

static long prefixed_pull(void *ctx, void *buf, size_t n)
{
    struct prefixed *p = ctx;
    if (p->pos < p->npre) {
        size_t k = p->npre - p->pos < n ? p->npre - p->pos : n;
        memcpy(buf, p->pre + p->pos, k);
        p->pos += k;
        return (long)k;
    }
    long k = p->src->pull(p->src->ctx, buf, n);
    if (k > 0)
        *p->bytes += (uint64_t)k;
    return k;
}

static long part_pull(void *ctx, void *buf, size_t n) { return pm_mime_read(ctx, buf, n); }

/* An attachment, as a member named after its file name or its place. */
static int read_attachment(struct pm_job *j, struct pm_mime *m, const struct pm_mime_part *part,
                           unsigned nth)
{
    char *name = j->member_open(j);
    if (!name)
        return -1;
    if (part->filename[0])
        snprintf(name, PM_MEMBER_NAME, "%s", part->filename);
    else
        snprintf(name, PM_MEMBER_NAME, "message %u attachment %u (%s)", part->message, nth,
                 part->content_type);
    struct pm_src ps = {.pull = part_pull, .ctx = m, .fd = -1};
    j->member_read(j, &ps, 0);
    return 0;
}

static int mail_scan(struct pm_job *j)
{
    struct pm_outcome *o = j->o;
    size_t n = j->probe->nhead;
    /* The first block is copied: members dispatched below reuse no buffer of
     * this level, but the parser keeps reading from this one. */
    unsigned char *pre = malloc(n);
    struct prefixed pf = {pre, n, 0, j->src, &o->bytes};
    struct pm_mime *m = pre ? pm_mime_new(prefixed_pull, &pf) : NULL;
    struct pm_mime_part part;
    unsigned attachments = 0;
    char tbuf[16384];
    if (!m) {
        free(pre);
        o->status = PM_FILE_ERROR;
        snprintf(o->reason, sizeof o->reason, "out of memory");
        return PM_EX_DONE;
    }
    memcpy(pre, j->buf, n);
    o->encoding = "mime";
    int rc;
    while ((rc = pm_mime_next(m, &part)) == 1 && !pm_job_stopped(j)) {
        if (part.kind == PM_MIME_ATTACHMENT) {
            if (read_attachment(j, m, &part, ++attachments) != 0)
                break;
            continue;
        }
        /* Records (people): each header line alone, since a sender and
         * the recipients are different people; each paragraph of a body. */
        struct pm_recsplit split;
        pm_job_split_begin(j, &split,
                           part.kind == PM_MIME_HEADERS ? PM_SPLIT_LINES : PM_SPLIT_PARAGRAPH);
        long k;
        while ((k = pm_mime_read(m, tbuf, sizeof tbuf)) > 0) {
            pm_emit(j, tbuf, (size_t)k);
            if (pm_budget_charge(j->budget, j->level, (uint64_t)k, 0, 0) != 0)
                break;
        }
        pm_job_split_end(j);
        pm_emit(j, "\n", 1);
        pm_emit_record(j);
    }
    if (rc < 0)
        pm_outcome_partial(o, "malformed e-mail: %s", pm_mime_error(m));
    const char *why = pm_job_stopped(j);
    if (why)
        pm_outcome_partial(o, "%s", why);
    pm_mime_free(m);
    free(pre);
    return PM_EX_DONE;
}

const struct pm_extractor pm_ex_mail = {"mail", mail_bid, mail_scan};
