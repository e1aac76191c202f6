/* xmltext.h — the text of an XML stream, as a reader of documents wants it:
 * character data only, with a line break where paragraphs, cells and rows
 * end and nothing between the runs of one paragraph. Used by the office
 * extractor for OOXML and ODF parts.
 *
 * It emits to the job it is made for and never resolves entities declared in
 * a DTD (no "billion laughs" expansion) or fetches anything.
 */
#ifndef PM_XMLTEXT_H
#define PM_XMLTEXT_H

#include <stddef.h>

#include "extract/extractor.h"

struct pm_xmltext;

/* A parser whose text goes to j's item; NULL if out of memory. */
struct pm_xmltext *pm_xmltext_new(struct pm_job *j);
/* Returns 0, or -1 if the XML is malformed (what was read still counts). */
int pm_xmltext_feed(struct pm_xmltext *x, const char *data, size_t n, int last);
const char *pm_xmltext_error(const struct pm_xmltext *x);
void pm_xmltext_free(struct pm_xmltext *x);

#endif
