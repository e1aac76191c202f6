/* ex_text.c — plain text: UTF-8 and ASCII as they are, Latin-1 and UTF-16
 * (either byte order, with or without a byte-order mark) transcoded to UTF-8
 * by decode.c.
 *
 * The fallback for every stream that is not binary and that no other
 * extractor claims; it never interprets markup or structure.
 */
#include <stdio.h>
#include <string.h>

#include "extract/extractor.h"

static int text_bid(const struct pm_probe *p)
{
    return p->enc != PM_ENC_BINARY ? PM_BID_FALLBACK : PM_BID_NONE;
}

static size_t decode(void *state, const unsigned char *in, size_t n, char *out)
{
    return pm_decode(state, in, n, out);
}

/* UTF-8 and ASCII go to the sink as read: no decode copy. */

static int text_scan(struct pm_job *j)
{
    enum pm_encoding enc = j->probe->enc;
    struct pm_decoder dec;
    /* libmagic does not know UTF-16 without a byte-order mark: it is text. */
    if ((enc == PM_ENC_UTF16LE || enc == PM_ENC_UTF16BE) && strncmp(j->mime, "text/", 5) != 0)
        snprintf(j->mime, j->mimesz, "text/plain");
    j->o->encoding = pm_encoding_name(enc);
    pm_decoder_init(&dec, enc);
    /* Paragraphs, or the objects of JSON, are its records (people). */
    struct pm_recsplit split;
    pm_job_split_begin(j, &split, PM_SPLIT_AUTO);
    pm_job_pump(j, j->probe->bom, enc == PM_ENC_UTF8 ? NULL : decode, &dec);
    pm_job_split_end(j);
    return PM_EX_DONE;
}

const struct pm_extractor pm_ex_text = {"text", text_bid, text_scan};
