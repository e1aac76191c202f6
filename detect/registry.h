/* registry.h — private to detect/: the layout of a compiled detector set.
 *
 * registry.c builds a set from the built-in table and the user-defined
 * detectors; matcher.c runs it. Everything else sees struct pm_detset only
 * through detect/detector.h. Once built, nothing here changes, so every
 * worker thread reads one set.
 */
#ifndef PM_REGISTRY_H
#define PM_REGISTRY_H

#ifndef PCRE2_CODE_UNIT_WIDTH
#define PCRE2_CODE_UNIT_WIDTH 8
#endif
#include <pcre2.h>

#include "detect/detector.h"

struct pm_compiled {
    const struct pm_detector_def *def; /* borrowed: static table or set-owned */
    pcre2_code *code;
};

/* Invariant: after construction nothing here changes, so threads share it. */
struct pm_detset {
    struct pm_compiled *dets; /* n entries, in priority order */
    size_t n;
    size_t max_len; /* longest match over all detectors */
    int min_conf;   /* matches below this confidence are not reported */
};

#endif
