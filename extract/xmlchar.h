/* xmlchar.h — the characters of XML as expat reads UTF-8 (without
 * namespaces): white space, ASCII name characters, the UTF-8 sequences XML
 * allows, and a character reference's value written as UTF-8. For
 * xmltok.c; keeps nothing, reads only the bytes it is given.
 */
#ifndef PM_XMLCHAR_H
#define PM_XMLCHAR_H

#include <stddef.h>
#include <stdint.h>

#include "common/utf8.h"

static inline int is_space(unsigned char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
static inline int name_start(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':';
}
static inline int name_char(unsigned char c)
{
    return name_start(c) || (c >= '0' && c <= '9') || c == '-' || c == '.';
}

/* The length of a UTF-8 character at p that XML allows (expat's rules:
 * no overlong forms, surrogates, U+FFFE, U+FFFF or beyond U+10FFFF); 0 if
 * it is not one; -1 if n bytes are too few to tell. p[0] >= 0x80. */
static inline int utf8_char(const unsigned char *p, size_t n)
{
    unsigned c = p[0];
    int k = c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
    if (k == 0)
        return 0;
    if (n < (size_t)k)
        return -1;
    for (int i = 1; i < k; i++)
        if ((p[i] & 0xC0) != 0x80)
            return 0;
    if (k == 3 && ((c == 0xE0 && p[1] < 0xA0) || (c == 0xED && p[1] > 0x9F) ||
                   (c == 0xEF && p[1] == 0xBF && p[2] > 0xBD)))
        return 0;
    if (k == 4 && ((c == 0xF0 && p[1] < 0x90) || (c == 0xF4 && p[1] > 0x8F)))
        return 0;
    return k;
}

/* A character reference's value as UTF-8 into o (4 bytes); 0 if XML does
 * not allow the character. */
static inline int put_utf8(unsigned long v, char *o)
{
    if (v == 0 || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF) || v == 0xFFFE || v == 0xFFFF ||
        (v < 0x20 && v != 9 && v != 10 && v != 13))
        return 0;
    return (int)pm_utf8_put((uint32_t)v, o);
}

static inline int hexval(unsigned char c)
{
    return c >= '0' && c <= '9' ? c - '0'
           : c >= 'a' && c <= 'f' ? c - 'a' + 10
           : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                  : -1;
}

#endif
