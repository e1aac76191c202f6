/* ex_media.c — images, audio, video and fonts: recorded as skipped with their
 * type, never read (their bytes hold no text worth the time).
 *
 * libmagic's weakest image tests (TGA) also fire on UTF-16 text without a
 * byte-order mark, so a stream whose bytes sniff as UTF-16 is left to text.
 */
#include <stdio.h>
#include <string.h>

#include "extract/extractor.h"

static int media_bid(const struct pm_probe *p)
{
    const char *m = p->mime;
    if (p->enc == PM_ENC_UTF16LE || p->enc == PM_ENC_UTF16BE)
        return PM_BID_NONE;
    if (strncmp(m, "image/", 6) == 0 || strncmp(m, "audio/", 6) == 0 ||
        strncmp(m, "video/", 6) == 0 || strncmp(m, "font/", 5) == 0)
        return PM_BID_TYPE;
    return PM_BID_NONE;
}

static int media_scan(struct pm_job *j)
{
    j->o->status = PM_FILE_SKIPPED;
    snprintf(j->o->reason, sizeof j->o->reason, "type %s", j->mime);
    return PM_EX_DONE;
}

const struct pm_extractor pm_ex_media = {"media", media_bid, media_scan};
