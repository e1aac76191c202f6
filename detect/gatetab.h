/* gatetab.h — private to detect/ (for vscan.c): the cluster gates of a
 * detector set, and which of them a digit cluster may satisfy, told from
 * tables made once per set, so that the one-pass engine calls only the
 * gates that may accept it.
 *
 * A gate is asked about a cluster only if the cluster has its gate_digits
 * digits and gate_groups groups, follows a lead if it has gate_lead, and
 * its shape (cluster.h's pm_cluster_shape) meets its gate_all and gate_any
 * (detector.h): bit masks of gates from a table per fact, ANDed. Must never
 * leave out a gate that would accept (test_engines compares the engines;
 * it also checks each gate's rules against the gate on random text).
 * Offsets only: nothing here reads or keeps a value.
 */
#ifndef PM_GATETAB_H
#define PM_GATETAB_H

#include <stddef.h>
#include <stdint.h>

#include "detect/cluster.h"
#include "detect/detector.h"

/* Built-ins alone have gates (a user-defined detector has none), so a set
 * of gates is one word: bit k for gates[k]. */
#define PM_GATES_MAX 64
/* Digits and groups from this many on read as PM_GATES_UPTO - 1 (a gate
 * asking for more is asked about more clusters). */
#define PM_GATES_UPTO 32

struct pm_gate {
    size_t det; /* the detector's index in its set */
    unsigned digits, groups; /* gate_digits (at least 1), gate_groups */
    int lead;                /* gate_lead */
    int (*fn)(const struct pm_cluster *, const char *, size_t);
};

/* The gates whose gate_all and gate_any one part of a shape meets: all of
 * gate_all's bits in that part, one of gate_any's (or it has none). */
struct pm_gate_part {
    uint64_t all, any;
};

struct pm_gatetab {
    struct pm_gate gates[PM_GATES_MAX];
    size_t n;
    /* the gates that may be asked about a cluster of d digits, of g
     * groups; those that need a lead */
    uint64_t by_digits[PM_GATES_UPTO], by_groups[PM_GATES_UPTO], lead;
    /* the shape's three parts (cluster.h): group lengths, facts, joiners */
    struct pm_gate_part len[1u << PM_CF_LOW], fact[1u << (PM_CF_MID - PM_CF_LOW)],
        join[1u << (PM_CF_BITS - PM_CF_MID)];
    struct pm_cluster_want want; /* the clusters any gate may accept */
};

/* An empty table (it wants no cluster). */
void pm_gatetab_init(struct pm_gatetab *t);
/* Adds the gate of def, detector det of its set; -1 if the table is full. */
int pm_gatetab_add(struct pm_gatetab *t, size_t det, const struct pm_detector_def *def);

/* The gates to ask about cluster c of buf[0 .. len) (bit k: t->gates[k]). */
static inline uint64_t pm_gatetab_pick(const struct pm_gatetab *t, const struct pm_cluster *c,
                                       const char *buf, size_t len)
{
    unsigned nd = c->ndigits < PM_GATES_UPTO ? c->ndigits : PM_GATES_UPTO - 1;
    unsigned ng = c->ngroups < PM_GATES_UPTO ? c->ngroups : PM_GATES_UPTO - 1;
    uint64_t m = t->by_digits[nd] & t->by_groups[ng];
    if ((m & t->lead) && !(c->lead >= 0 ? c->lead : pm_cluster_lead(buf, c->start)))
        m &= ~t->lead;
    if (!m)
        return 0;
    unsigned shape = pm_cluster_shape(c, buf, len) | pm_cluster_shape_groups(c, buf);
    const struct pm_gate_part *a = &t->len[shape & ((1u << PM_CF_LOW) - 1)],
                              *f = &t->fact[shape >> PM_CF_LOW & ((1u << (PM_CF_MID - PM_CF_LOW)) - 1)],
                              *j = &t->join[shape >> PM_CF_MID];
    return m & a->all & f->all & j->all & (a->any | f->any | j->any);
}

#endif
