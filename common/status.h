/* status.h — the one status type of the library, and the coverage of an item.
 *
 * pm_status is graded, so a caller can tell "go on" from "stop" at a glance:
 *   PM_OK (0)      done;
 *   > 0            not done, on purpose: skipped, with a reason;
 *   < 0            an error on this object (a file, a member, a row): record
 *                  it and go on with the next;
 *   <= PM_FATAL    the run cannot go on (usage, inventory, key, memory).
 * pm_strerror names each. Only cli/ turns a status into words for the user
 * and into an exit code; the library returns statuses and never exits.
 */
#ifndef PM_STATUS_H
#define PM_STATUS_H

typedef int pm_status;

enum {
    PM_OK = 0,
    /* skipped, on purpose */
    PM_SKIP_TYPE = 1,      /* media and other types not read */
    PM_SKIP_SPECIAL = 2,   /* FIFO, socket, device */
    PM_SKIP_SYMLINK = 3,   /* a symlink not followed */
    PM_SKIP_ENCRYPTED = 4, /* encrypted content */
    PM_SKIP_EXCLUDED = 5,  /* --exclude */
    /* errors on one object */
    PM_ERR_IO = -1,          /* could not be opened or read */
    PM_ERR_CORRUPT = -2,     /* malformed or truncated */
    PM_ERR_LIMIT = -3,       /* a limit was reached (depth, bytes, ratio, time) */
    PM_ERR_NOMEM = -4,       /* out of memory for this object */
    PM_ERR_INTERRUPTED = -5, /* stopped by a signal before the end */
    /* fatal: the run stops */
    PM_FATAL = -64,
    PM_FATAL_USAGE = -64,     /* the options make no sense (unknown detector, ...) */
    PM_FATAL_INVENTORY = -65, /* the inventory cannot be opened or written */
    PM_FATAL_KEY = -66,       /* the HMAC key cannot be loaded or created */
    PM_FATAL_NOMEM = -67,     /* out of memory for the run itself */
    PM_FATAL_SYSTEM = -68,    /* threads, signals, clocks */
};

static inline int pm_status_fatal(pm_status s) { return s <= PM_FATAL; }
/* A short English phrase ("skipped: encrypted", "inventory unusable"). */
const char *pm_strerror(pm_status s);

/* How the library passes on a warning that does not stop anything (an
 * expired allow-list entry, a key file others can read): cli/ prints it. */
typedef void (*pm_warn_fn)(void *ctx, const char *msg);

/* Coverage of one file or archive member, as recorded in the inventory. */
enum pm_file_status {
    PM_FILE_SCANNED = 0, /* read to the end */
    PM_FILE_PARTIAL,     /* read in part: reason says which limit or error */
    PM_FILE_SKIPPED,     /* not read: reason says why (type, fifo, ...) */
    PM_FILE_ERROR,       /* could not be read: reason is the error */
};

#endif
