/* list.c — reads a list given with --from-file (see list.h). It never prints
 * an item: a list of values for locate is personal data, so items are wiped
 * when the list is freed, and messages name the file, never what is in it.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/list.h"

static int push(struct pm_list *l, size_t *cap, char *item, size_t line)
{
    if (l->n == *cap) {
        size_t nc = *cap ? 2 * *cap : 64;
        char **ni = realloc(l->items, nc * sizeof *ni);
        if (!ni)
            return -1;
        l->items = ni;
        size_t *nl = realloc(l->lines, nc * sizeof *nl);
        if (!nl)
            return -1;
        l->lines = nl;
        *cap = nc;
    }
    l->items[l->n] = item;
    l->lines[l->n++] = line;
    return 0;
}

int pm_list_read(const char *path, int nul, struct pm_list *out, char *err, size_t errsz)
{
    int stdin_ = strcmp(path, "-") == 0;
    FILE *f = stdin_ ? stdin : fopen(path, "re");
    memset(out, 0, sizeof *out);
    if (!f) {
        snprintf(err, errsz, "%s: cannot read the list: %s", path, strerror(errno));
        return -1;
    }
    char *buf = NULL;
    size_t bufsz = 0, cap = 0, line = 0;
    ssize_t n;
    int rc = 0;
    errno = 0;
    while ((n = getdelim(&buf, &bufsz, nul ? '\0' : '\n', f)) >= 0) {
        line++;
        size_t len = (size_t)n;
        if (len && buf[len - 1] == (nul ? '\0' : '\n'))
            len--;
        if (!nul && len && buf[len - 1] == '\r')
            len--;
        if (!len)
            continue;
        if (!nul && memchr(buf, '\0', len)) {
            snprintf(err, errsz, "%s: line %zu holds a NUL byte (a NUL-separated list needs -0)",
                     path, line);
            rc = -1;
            break;
        }
        char *item = strndup(buf, len);
        if (!item || push(out, &cap, item, line) != 0) {
            free(item);
            snprintf(err, errsz, "%s: out of memory reading the list", path);
            rc = -1;
            break;
        }
    }
    if (rc == 0 && ferror(f)) {
        snprintf(err, errsz, "%s: cannot read the list: %s", path, strerror(errno));
        rc = -1;
    }
    if (buf)
        explicit_bzero(buf, bufsz);
    free(buf);
    if (!stdin_)
        fclose(f);
    if (rc != 0)
        pm_list_free(out);
    return rc;
}

void pm_list_free(struct pm_list *l)
{
    for (size_t i = 0; i < l->n; i++) {
        explicit_bzero(l->items[i], strlen(l->items[i]));
        free(l->items[i]);
    }
    free(l->items);
    free(l->lines);
    memset(l, 0, sizeof *l);
}
