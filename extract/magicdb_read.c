/* magicdb_read.c — finds and reads the one compiled magic database that
 * libmagic's magic_load(NULL) would load (magicdb.h, pm_magicdb_read).
 *
 * It only reads: it never writes or changes the database, and it refuses a
 * search path it cannot follow the way libmagic does (two compiled
 * databases, magic rules in source form), so that the prefilter is never
 * built from another database than the one libmagic answers from.
 */
#include <magic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "extract/magicdb.h"

#define M_SIZE 376 /* one entry (file.h, FILE_MAGICSIZE): a database holds more */

/* 1 if the magic file in source form holds no rule (only comments). */
static int source_is_empty(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return 1; /* not there: libmagic skips it too */
    char line[1024];
    int empty = 1;
    while (empty && fgets(line, sizeof line, f)) {
        const char *s = line;
        while (*s == ' ' || *s == '\t')
            s++;
        empty = *s == '#' || *s == '\n' || *s == '\r' || *s == 0;
    }
    fclose(f);
    return empty;
}

/* The one compiled database in libmagic's search path, read whole; NULL with
 * why if the path holds anything this cannot follow. */
unsigned char *pm_magicdb_read(size_t *len, char *why, size_t whysz)
{
    const char *path = magic_getpath(NULL, 0);
    char comp[4096], mgc[4200], *found = NULL;
    unsigned char *data = NULL;
    for (const char *s = path; s && *s;) {
        const char *e = strchr(s, ':');
        size_t n = e ? (size_t)(e - s) : strlen(s);
        if (n >= sizeof comp)
            n = sizeof comp - 1;
        memcpy(comp, s, n);
        comp[n] = 0;
        s = e ? e + 1 : NULL;
        struct stat st;
        snprintf(mgc, sizeof mgc, "%s.mgc", comp);
        if (stat(mgc, &st) == 0 && S_ISREG(st.st_mode)) {
            if (found) {
                snprintf(why, whysz, "two compiled magic databases");
                free(found);
                return NULL;
            }
            found = strdup(mgc);
        } else if (stat(comp, &st) == 0 && (!S_ISREG(st.st_mode) || !source_is_empty(comp))) {
            snprintf(why, whysz, "magic rules in source form (%.150s)", comp);
            free(found);
            return NULL;
        }
    }
    FILE *f = found ? fopen(found, "rb") : NULL;
    struct stat st;
    if (f && fstat(fileno(f), &st) == 0 && st.st_size > M_SIZE &&
        (data = malloc((size_t)st.st_size)) != NULL &&
        fread(data, 1, (size_t)st.st_size, f) == (size_t)st.st_size) {
        *len = (size_t)st.st_size;
    } else {
        free(data);
        data = NULL;
        snprintf(why, whysz, "cannot read the compiled magic database");
    }
    if (f)
        fclose(f);
    free(found);
    return data;
}
