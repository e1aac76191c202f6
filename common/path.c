/* path.c — canonical absolute paths for roots, so that "/srv/share",
 * "/srv/share/" and "share" (run from /srv) are one root for incremental
 * scans and diffs. Only reads the file system (realpath, getcwd). */
#define _GNU_SOURCE
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/path.h"

/* Lexical clean-up of an absolute path in place: "//", "/./", "/x/../". */
static void clean(char *p)
{
    char *out = p, *in = p;
    while (*in) {
        while (*in == '/')
            in++;
        if (!*in)
            break;
        char *end = strchrnul(in, '/');
        size_t n = (size_t)(end - in);
        if (n == 1 && in[0] == '.') {
            /* skip */
        } else if (n == 2 && in[0] == '.' && in[1] == '.') {
            while (out > p && *--out != '/')
                ;
        } else {
            *out++ = '/';
            memmove(out, in, n);
            out += n;
        }
        in = end;
    }
    if (out == p)
        *out++ = '/';
    *out = '\0';
}

int pm_path_canonical(const char *path, char *out, size_t outsz)
{
    char *real = realpath(path, NULL);
    if (real) {
        size_t n = strlen(real);
        int fits = n < outsz;
        if (fits)
            memcpy(out, real, n + 1);
        free(real);
        if (fits)
            return 0;
    }
    size_t need = strlen(path) + 1;
    char *cwd = NULL;
    if (path[0] != '/') {
        cwd = getcwd(NULL, 0);
        need += cwd ? strlen(cwd) + 1 : 0;
    }
    if (need > outsz || (path[0] != '/' && !cwd)) {
        free(cwd);
        snprintf(out, outsz, "%s", path);
        return -1;
    }
    if (cwd)
        snprintf(out, outsz, "%s/%s", cwd, path);
    else
        snprintf(out, outsz, "%s", path);
    free(cwd);
    clean(out);
    return 0;
}
