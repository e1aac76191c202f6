/* registry.h — private to detect/: the layout of a compiled detector set.
 *
 * registry.c builds a set from the built-in table and the user-defined
 * detectors (and its candidate finder, detect/vscan.c); matcher.c runs it.
 * Everything else sees struct pm_detset only through detect/detector.h. Once
 * built, nothing here changes, so every worker thread reads one set.
 */
#ifndef PM_REGISTRY_H
#define PM_REGISTRY_H

#ifndef PCRE2_CODE_UNIT_WIDTH
#define PCRE2_CODE_UNIT_WIDTH 8
#endif
#include <pcre2.h>

#include "detect/detector.h"
#include "detect/vscan.h" /* the one-pass candidate finder */

struct pm_compiled {
    const struct pm_detector_def *def; /* borrowed: static table or set-owned */
    pcre2_code *code;                  /* compiled with PCRE2_USE_OFFSET_LIMIT */
    int onepass; /* 1: runs where the candidate finder (or its anchor) says */
};

/* Invariant: after construction nothing here changes, so threads share it. */
struct pm_detset {
    struct pm_compiled *dets; /* n entries, in priority order */
    size_t n;
    size_t max_len;     /* longest match over all detectors */
    int min_conf;       /* matches below this confidence are not reported */
    int reference;      /* 1: every detector on PCRE2 over whole windows */
    struct pm_vscan *vs; /* the candidate finder; NULL for the reference */
    /* With a region (--region): the phone detector that reads its national
     * formats, and the regions it points to. */
    struct pm_detector_def phone_regional;
    struct pm_phone_regions region;
};

#endif
