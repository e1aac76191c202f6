/* utf8.h — the one UTF-8 encoder. */
#ifndef PM_UTF8_H
#define PM_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* Writes code point cp as UTF-8 into out (room for 4 bytes); returns the
 * number of bytes written (1..4). Surrogates and values above U+10FFFF are
 * written as U+FFFD. */
size_t pm_utf8_put(uint32_t cp, void *out);

#endif
