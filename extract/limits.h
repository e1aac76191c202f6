/* limits.h — the limits that keep archives, documents and slow files from
 * taking the scan hostage (decompression bombs, deep nesting, huge member
 * counts), checked in one place.
 *
 * A struct pm_budget lives for one top-level file: every byte decompressed at
 * any depth, every member and the time spent are charged to it. Counts are of
 * bytes actually produced, never of sizes that headers declare. When a limit is
 * hit the budget remembers which; the file is then recorded as partially
 * scanned with the limit's name, and whatever was read before still counts.
 */
#ifndef PM_LIMITS_H
#define PM_LIMITS_H

#include <stdint.h>
#include <time.h>

struct pm_limits {
    unsigned max_depth;     /* archive/document nesting (--max-depth, 16) */
    uint64_t max_expanded;  /* bytes decompressed per top-level file (--max-expanded, 4 GiB) */
    unsigned max_ratio;     /* output/input per member (--max-ratio, 250) ... */
    uint64_t ratio_floor;   /* ... once a member has produced this much (32 MiB) */
    uint64_t max_members;   /* members per top-level file (--max-members, 100000) */
    unsigned max_seconds;   /* time per top-level file (--max-time, 600 s; 0 = none) */
};

void pm_limits_default(struct pm_limits *l);

/* The most of a file or member held in memory to be read at random (an OLE2
 * .xls or .doc: its streams are sector chains scattered over it), and never
 * more than max-expanded. A larger one is read as its printable runs, and
 * the item says so. */
#define PM_BUFFER_MAX (256ull << 20)
uint64_t pm_buffer_cap(const struct pm_limits *l);

struct pm_budget {
    const struct pm_limits *lim;
    uint64_t expanded;      /* decompressed bytes so far */
    uint64_t members;       /* members opened so far */
    struct timespec start;  /* CLOCK_MONOTONIC */
    char hit[160];          /* the limit hit, "" while none */
    unsigned hit_level;     /* the nesting level that hit it */
};

void pm_budget_start(struct pm_budget *b, const struct pm_limits *lim);

/* The one check. Charges `more` decompressed bytes (of a member that has now
 * produced `member_out` from `member_in` input bytes) and checks every limit
 * against the depth. Returns 0 to go on, -1 once a limit is hit (then
 * b->hit names it, e.g. "limit max-expanded (4294967296 bytes) reached"). */
int pm_budget_charge(struct pm_budget *b, unsigned depth, uint64_t more, uint64_t member_out,
                     uint64_t member_in);
/* Charges one member; -1 if that exceeds max-members or the depth limit. */
int pm_budget_member(struct pm_budget *b, unsigned depth);

#endif
