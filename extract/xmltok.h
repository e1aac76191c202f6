/* xmltok.h — a streaming reader of the XML that OOXML and ODF parts are,
 * calling the same three handlers expat calls (start tag with its
 * attributes, end tag, character data), at a fraction of expat's cost.
 *
 * The language read: UTF-8; elements with prefixed names (not resolved, as
 * expat without namespaces); attributes in ' or "; character data; the five
 * predefined entities and character references; CDATA sections; comments
 * and processing instructions in the content and after it; an XML
 * declaration of the usual form. Everything expat checks in that language
 * is checked the same way (UTF-8 and XML characters, names, "]]>", "--",
 * duplicate attributes, mismatched tags, junk after the root), and an
 * error is reported with expat's code where expat reports one, after the
 * same text.
 *
 * What it does not read is handed back before any handler has run: a
 * prolog that is not just an XML declaration and white space (a DOCTYPE,
 * comments, another encoding, a byte-order mark, UTF-16), or a root element
 * whose name is not ASCII. pm_xmltok_feed then returns PM_XMLTOK_FOREIGN and
 * pm_xmltok_held gives every byte fed so far; the caller gives those to
 * expat, then the rest of that feed (from pm_xmltok_taken).
 *
 * Past the root start tag it never hands back: a non-ASCII element or
 * attribute name, a tag, comment or reference longer than PM_XMLTOK_MAX
 * bytes, or open elements whose names together pass PM_XMLTOK_DEPTH bytes,
 * are errors of their own (expat would read on): memory stays bounded.
 * It never resolves an entity other than the five, nor fetches anything.
 */
#ifndef PM_XMLTOK_H
#define PM_XMLTOK_H

#include <stddef.h>

#define PM_XMLTOK_MAX (4u << 20)   /* bytes of one tag, comment, PI or CDATA section */
#define PM_XMLTOK_DEPTH (1u << 20) /* bytes of the names of the open elements */

/* The handlers: the same as expat's (names and values NUL-ended; attrs is
 * name, value, ..., NULL); text is never empty. */
struct pm_xmltok_handlers {
    void *ctx;
    void (*start)(void *ctx, const char *name, const char **attrs);
    void (*end)(void *ctx, const char *name);
    void (*text)(void *ctx, const char *s, int len);
};

enum { PM_XMLTOK_OK = 0, PM_XMLTOK_ERROR = -1, PM_XMLTOK_FOREIGN = 1 };

struct pm_xmltok;
struct pm_xmltok *pm_xmltok_new(const struct pm_xmltok_handlers *h);
void pm_xmltok_free(struct pm_xmltok *t);
/* Reads data[0 .. n), the last piece if last. PM_XMLTOK_OK, ERROR (from
 * then on always), or FOREIGN (see above; from then on always). */
int pm_xmltok_feed(struct pm_xmltok *t, const char *data, size_t n, int last);
/* After FOREIGN: the bytes held (all fed before this feed, and the first
 * pm_xmltok_taken() bytes of this one). */
const char *pm_xmltok_held(const struct pm_xmltok *t, size_t *n);
size_t pm_xmltok_taken(const struct pm_xmltok *t);
/* After ERROR: expat's error code (enum XML_Error), or 0 for a limit of
 * this reader; the line (1-based) and a message. */
int pm_xmltok_code(const struct pm_xmltok *t);
unsigned long pm_xmltok_line(const struct pm_xmltok *t);
const char *pm_xmltok_limit(const struct pm_xmltok *t);

#endif
