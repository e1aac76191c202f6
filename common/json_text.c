/* json_text.c — JSON strings for file names and other bytes that may not be
 * UTF-8. Escaping itself is jansson's. */
#include <stdlib.h>
#include <string.h>

#include "common/json_text.h"

int pm_is_utf8(const char *s)
{
    json_t *j = s ? json_string(s) : NULL;
    json_decref(j);
    return !s || j != NULL;
}

json_t *pm_json_text(const char *s)
{
    if (!s)
        return json_null();
    json_t *j = json_string(s);
    if (j)
        return j;
    size_t n = strlen(s), o = 0;
    char *buf = malloc(4 * n + 1);
    if (!buf)
        return json_string("?");
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)s[i];
        size_t len = c < 0x80 ? 1 : c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3
                                  : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
        json_t *probe = len && i + len <= n ? json_stringn(s + i, len) : NULL;
        if (probe) {
            memcpy(buf + o, s + i, len);
            o += len;
            i += len;
            json_decref(probe);
        } else {
            o += (size_t)snprintf(buf + o, 5, "\\x%02x", c);
            i++;
        }
    }
    buf[o] = '\0';
    j = json_stringn(buf, o);
    free(buf);
    return j ? j : json_string("?");
}

