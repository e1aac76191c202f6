/* xmltext.c — the text of OOXML and ODF XML parts, with expat.
 *
 * Only character data is text; attributes and markup are not. Word splits a
 * paragraph into runs (<w:r><w:t>...</w:t></w:r>) wherever formatting or
 * editing history changes, so the runs of one paragraph are joined with
 * nothing between them, and a line break is written where a paragraph, table
 * cell, row, shared string or spreadsheet cell ends, so that neighbouring
 * cells never glue into one number. ODF's <text:s/> is a space and
 * <text:tab/>, <w:tab/> a tab.
 */
#include <expat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "extract/xmltext.h"

struct pm_xmltext {
    XML_Parser p;
    struct pm_job *j;
    char err[128];
};

/* Local name of an element: "w:p" -> "p" (expat is not namespace-aware here). */
static const char *local(const XML_Char *name)
{
    const char *c = strrchr(name, ':');
    return c ? c + 1 : name;
}

/* Elements whose end separates text. */
static int breaks_line(const char *n)
{
    static const char *const ends[] = {
        "p",    "tc",        "tr",        "si",  "c",     "row",        "h",  "br",
        "cr",   "line-break", "table-cell", "table-row", "list-item", "note", "comment",
        "annotation", "v", "is", "txBody", "frame", NULL};
    for (const char *const *e = ends; *e; e++)
        if (strcmp(n, *e) == 0)
            return 1;
    return 0;
}

static void on_start(void *ctx, const XML_Char *name, const XML_Char **attrs)
{
    struct pm_xmltext *x = ctx;
    const char *n = local(name);
    (void)attrs;
    if (strcmp(n, "s") == 0 && strncmp(name, "text:", 5) == 0)
        pm_emit(x->j, " ", 1);
    else if (strcmp(n, "tab") == 0)
        pm_emit(x->j, "\t", 1);
}

static void on_end(void *ctx, const XML_Char *name)
{
    struct pm_xmltext *x = ctx;
    const char *n = local(name);
    if (breaks_line(n))
        pm_emit(x->j, "\n", 1);
    /* A spreadsheet or table row is a record (people). */
    if (strcmp(n, "row") == 0 || strcmp(n, "table-row") == 0 || strcmp(n, "tr") == 0)
        pm_emit_record(x->j);
}

static void on_text(void *ctx, const XML_Char *s, int len)
{
    struct pm_xmltext *x = ctx;
    if (len > 0)
        pm_emit(x->j, s, (size_t)len);
}

/* Refuses DTD entity declarations: no "billion laughs" expansion. */
static void on_entity_decl(void *ctx, const XML_Char *name, int is_param, const XML_Char *value,
                           int value_len, const XML_Char *base, const XML_Char *system_id,
                           const XML_Char *public_id, const XML_Char *notation)
{
    struct pm_xmltext *x = ctx;
    (void)name, (void)is_param, (void)value, (void)value_len, (void)base, (void)system_id,
        (void)public_id, (void)notation;
    XML_StopParser(x->p, XML_FALSE);
    snprintf(x->err, sizeof x->err, "entity declarations refused");
}

struct pm_xmltext *pm_xmltext_new(struct pm_job *j)
{
    struct pm_xmltext *x = calloc(1, sizeof *x);
    if (!x)
        return NULL;
    x->j = j;
    x->p = XML_ParserCreate("UTF-8");
    if (!x->p) {
        free(x);
        return NULL;
    }
    XML_SetUserData(x->p, x);
    XML_SetElementHandler(x->p, on_start, on_end);
    XML_SetCharacterDataHandler(x->p, on_text);
    XML_SetEntityDeclHandler(x->p, on_entity_decl);
    return x;
}

int pm_xmltext_feed(struct pm_xmltext *x, const char *data, size_t n, int last)
{
    if (x->err[0])
        return -1;
    while (n > 0 || last) {
        int k = n > (1u << 30) ? (1 << 30) : (int)n;
        if (XML_Parse(x->p, data, k, last && (size_t)k == n) == XML_STATUS_ERROR) {
            if (!x->err[0])
                snprintf(x->err, sizeof x->err, "XML error at line %lu: %s",
                         (unsigned long)XML_GetCurrentLineNumber(x->p),
                         XML_ErrorString(XML_GetErrorCode(x->p)));
            return -1;
        }
        data += k;
        n -= (size_t)k;
        if (n == 0)
            break;
    }
    return 0;
}

const char *pm_xmltext_error(const struct pm_xmltext *x) { return x->err; }

void pm_xmltext_free(struct pm_xmltext *x)
{
    if (!x)
        return;
    XML_ParserFree(x->p);
    free(x);
}
