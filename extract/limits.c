/* limits.c — defaults and the single budget check. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "extract/limits.h"

void pm_limits_default(struct pm_limits *l)
{
    l->max_depth = 16;
    l->max_expanded = 4ull << 30;
    l->max_ratio = 250;
    l->ratio_floor = 32ull << 20;
    l->max_members = 100000;
    l->max_seconds = 600;
}

uint64_t pm_buffer_cap(const struct pm_limits *l)
{
    return l->max_expanded && l->max_expanded < PM_BUFFER_MAX ? l->max_expanded : PM_BUFFER_MAX;
}

void pm_budget_start(struct pm_budget *b, const struct pm_limits *lim)
{
    memset(b, 0, sizeof *b);
    b->lim = lim;
    clock_gettime(CLOCK_MONOTONIC, &b->start);
}

static int hit(struct pm_budget *b, unsigned depth, const char *name, unsigned long long value,
               const char *unit)
{
    if (!b->hit[0]) {
        snprintf(b->hit, sizeof b->hit, "limit %s (%llu%s) reached", name, value, unit);
        b->hit_level = depth;
    }
    return -1;
}

int pm_budget_charge(struct pm_budget *b, unsigned depth, uint64_t more, uint64_t member_out,
                     uint64_t member_in)
{
    const struct pm_limits *l = b->lim;
    if (b->hit[0])
        return -1;
    b->expanded += more;
    if (depth > l->max_depth)
        return hit(b, depth, "max-depth", l->max_depth, "");
    if (l->max_expanded && b->expanded > l->max_expanded)
        return hit(b, depth, "max-expanded", (unsigned long long)l->max_expanded, " bytes");
    if (l->max_ratio && member_out >= l->ratio_floor &&
        member_out / (member_in ? member_in : 1) > l->max_ratio)
        return hit(b, depth, "max-ratio", l->max_ratio, ":1");
    if (l->max_seconds) {
        struct timespec now;
        clock_gettime(CLOCK_MONOTONIC, &now);
        if ((unsigned long long)(now.tv_sec - b->start.tv_sec) >= l->max_seconds)
            return hit(b, depth, "max-time", l->max_seconds, " s");
    }
    return 0;
}

int pm_budget_member(struct pm_budget *b, unsigned depth)
{
    const struct pm_limits *l = b->lim;
    if (b->hit[0])
        return -1;
    if (depth > l->max_depth)
        return hit(b, depth, "max-depth", l->max_depth, "");
    if (l->max_members && ++b->members > l->max_members)
        return hit(b, depth, "max-members", (unsigned long long)l->max_members, "");
    return 0;
}
