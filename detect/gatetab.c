/* gatetab.c — the tables of gatetab.h, made once per detector set. Reads
 * detector definitions only, never text. */
#include <limits.h>

#include "detect/gatetab.h"

void pm_gatetab_init(struct pm_gatetab *t)
{
    *t = (struct pm_gatetab){0};
    t->want.min_digits = t->want.lead_digits = UINT_MAX;
}

/* Enters gate k in the table of the shape's bits [lo, hi): for each value
 * of those bits, whether they hold all of gate_all's there, and one of
 * gate_any's (or it has none). */
static void add_part(struct pm_gate_part *p, unsigned lo, unsigned hi, size_t k,
                     const struct pm_detector_def *def)
{
    const unsigned all = def->gate_all >> lo & ((1u << (hi - lo)) - 1);
    const unsigned any = def->gate_any >> lo & ((1u << (hi - lo)) - 1);
    for (unsigned f = 0; f < 1u << (hi - lo); f++) {
        if ((f & all) == all)
            p[f].all |= UINT64_C(1) << k;
        if (!def->gate_any || (f & any))
            p[f].any |= UINT64_C(1) << k;
    }
}

int pm_gatetab_add(struct pm_gatetab *t, size_t det, const struct pm_detector_def *def)
{
    if (t->n == PM_GATES_MAX)
        return -1;
    size_t k = t->n++;
    unsigned dg = def->gate_digits ? def->gate_digits : 1, gg = def->gate_groups;
    struct pm_gate g = {det, dg < PM_GATES_UPTO ? dg : PM_GATES_UPTO - 1,
                        gg < PM_GATES_UPTO ? gg : PM_GATES_UPTO - 1, def->gate_lead,
                        def->cluster_gate};
    t->gates[k] = g;
    unsigned *w = g.lead ? &t->want.lead_digits : &t->want.min_digits;
    if (g.digits < *w)
        *w = g.digits;
    if (t->want.lead_digits > t->want.min_digits)
        t->want.lead_digits = t->want.min_digits;
    for (unsigned d = 0; d < PM_GATES_UPTO; d++) {
        if (g.digits <= d)
            t->by_digits[d] |= UINT64_C(1) << k;
        if (g.groups <= d)
            t->by_groups[d] |= UINT64_C(1) << k;
    }
    if (g.lead)
        t->lead |= UINT64_C(1) << k;
    add_part(t->len, 0, PM_CF_LOW, k, def);
    add_part(t->fact, PM_CF_LOW, PM_CF_MID, k, def);
    add_part(t->join, PM_CF_MID, PM_CF_BITS, k, def);
    return 0;
}
