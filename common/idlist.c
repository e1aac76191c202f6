/* idlist.c — comma-separated id lists (see idlist.h). Never copies or
 * allocates: elements are pointers into the caller's string. */
#include <string.h>

#include "common/idlist.h"

const char *pm_idlist_next(const char **cursor, size_t *len)
{
    const char *p = *cursor;
    if (!p || !*p)
        return NULL;
    const char *comma = strchr(p, ',');
    *len = comma ? (size_t)(comma - p) : strlen(p);
    *cursor = comma ? comma + 1 : NULL;
    return p;
}

int pm_idlist_has(const char *list, const char *id)
{
    size_t il = strlen(id), n;
    for (const char *p; (p = pm_idlist_next(&list, &n)) != NULL;)
        if (n == il && strncmp(p, id, n) == 0)
            return 1;
    return 0;
}
