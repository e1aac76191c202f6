/* ex_strings.c — binary data that no other extractor claims: its printable
 * ASCII and UTF-16LE runs (decode.c), as `strings` would show them.
 *
 * Runs shorter than four characters are dropped, so random bytes give
 * little text; nothing else of the format is interpreted.
 */
#include "extract/extractor.h"

static int strings_bid(const struct pm_probe *p)
{
    return p->enc == PM_ENC_BINARY ? PM_BID_FALLBACK : PM_BID_NONE;
}

static size_t runs(void *state, const unsigned char *in, size_t n, char *out)
{
    return pm_strings_run(state, in, n, out);
}

static int strings_scan(struct pm_job *j)
{
    struct pm_strings st = {0};
    j->o->encoding = "binary-strings";
    pm_emit_binary(j);
    pm_job_pump(j, j->probe->bom, runs, &st);
    if (pm_strings_open(&st))
        pm_emit(j, "\n", 1);
    return PM_EX_DONE;
}

const struct pm_extractor pm_ex_strings = {"strings", strings_bid, strings_scan};
