/* status.c — names of the library's statuses. */
#include "common/status.h"

const char *pm_strerror(pm_status s)
{
    switch (s) {
    case PM_OK: return "ok";
    case PM_SKIP_TYPE: return "skipped: type not read";
    case PM_SKIP_SPECIAL: return "skipped: not a regular file";
    case PM_SKIP_SYMLINK: return "skipped: symlink not followed";
    case PM_SKIP_ENCRYPTED: return "skipped: encrypted";
    case PM_SKIP_EXCLUDED: return "skipped: excluded";
    case PM_ERR_IO: return "read error";
    case PM_ERR_CORRUPT: return "malformed or truncated";
    case PM_ERR_LIMIT: return "limit reached";
    case PM_ERR_NOMEM: return "out of memory";
    case PM_ERR_INTERRUPTED: return "interrupted";
    case PM_FATAL_USAGE: return "usage error";
    case PM_FATAL_INVENTORY: return "inventory unusable";
    case PM_FATAL_KEY: return "key unusable";
    case PM_FATAL_NOMEM: return "out of memory";
    case PM_FATAL_SYSTEM: return "system error";
    }
    return s > 0 ? "skipped" : s <= PM_FATAL ? "fatal error" : "error";
}
