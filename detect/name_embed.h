/* name_embed.h — what a name is written in (name_embed.c): markup and
 * translation tables whose values name things, not people. Never keeps or
 * logs what it reads. */
#ifndef PM_NAME_EMBED_H
#define PM_NAME_EMBED_H

#include <stddef.h>

/* 1 if the text at buf[at] lies in a quoted value that names a thing,
 * whatever its words: the name=, *_name= or names= attribute of a markup
 * element that is no person (<author name=...> is one), or a value under
 * a language-code key with another language on its line, or a name
 * member of a JSON or Python object whose other members are codes (a code
 * table's row, {"alpha_3": "aad", "name": "Amal"}). `labels` are
 * person_name's label words (lower case, NULL-ended): an attribute or key
 * that is one ("fullName", "nom") labels a person. */
int pm_name_in_thing(const char *buf, size_t buflen, size_t at, const char *const *labels);

#endif
