/* json_text.h — JSON strings for bytes that may not be UTF-8 (file names). */
#ifndef PM_JSON_TEXT_H
#define PM_JSON_TEXT_H

#include <jansson.h>

/* A new JSON string for bytes that may not be UTF-8: invalid bytes become
 * the text \xNN, the way Python's backslashreplace does, so nothing is
 * dropped. NULL gives null. */
json_t *pm_json_text(const char *s);
/* 1 if s is valid UTF-8 (or NULL): written as it is, not escaped. */
int pm_is_utf8(const char *s);

#endif
