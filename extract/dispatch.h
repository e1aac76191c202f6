/* dispatch.h — the dispatcher's choice of extractor, for tests. Internal to
 * extract/ (extractors never include it: they get members through their job).
 */
#ifndef PM_DISPATCH_H
#define PM_DISPATCH_H

#include "extract/extractor.h"

/* The extractor that reads what p describes: the highest bid, the earliest in
 * PM_EXTRACTORS on a tie, leaving out those whose bit (1u << index in the
 * list) is set in skip. NULL if none bids. */
const struct pm_extractor *pm_extract_pick(const struct pm_probe *p, unsigned skip);

#endif
