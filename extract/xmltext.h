/* xmltext.h — the text of an XML stream, as a reader of documents wants it:
 * character data only, with a line break where paragraphs and rows end and
 * nothing between the runs of one paragraph. Used by the office extractor
 * for OOXML and ODF parts.
 *
 * Tables are read as tables (extract/table.h): in a document table (ODF
 * table:table, Word w:tbl) and in a spreadsheet's sheet (XLSX worksheet
 * parts), the first non-empty row is the header row, and every later cell is
 * written labelled by its column's header. An XLSX sheet's shared-string
 * cells are looked up in the workbook's shared strings (struct pm_sst),
 * loaded beforehand by a parser of kind PM_XML_STRINGS.
 *
 * It emits to the job it is made for and never resolves entities declared in
 * a DTD (no "billion laughs" expansion) or fetches anything. Memory is
 * bounded: a table's labels (table.h), and the shared strings up to
 * PM_SST_TEXT bytes (later strings go out as plain text instead).
 */
#ifndef PM_XMLTEXT_H
#define PM_XMLTEXT_H

#include <stddef.h>

#include "extract/extractor.h"

/* What a part is. */
enum pm_xml_kind {
    PM_XML_TEXT,    /* document text (tables read as tables) */
    PM_XML_SHEET,   /* an XLSX worksheet: cells by their r="B7" column */
    PM_XML_STRINGS, /* XLSX shared strings: held in the pm_sst, not written */
    PM_XML_STYLES,  /* XLSX styles: which cell styles show a date, into the pm_sst */
};

/* Bytes of shared strings a workbook holds, and how many strings. */
#define PM_SST_TEXT (8u << 20)
#define PM_SST_COUNT (1u << 20)

/* A workbook's shared strings, and which of its cell styles show dates (a
 * number cell in such a style is a day count, written as "1980-03-05"): at
 * most max_text bytes (at most 4 GiB) of at most max_count strings are
 * held, and PM_SST_STYLES styles; NULL if out of memory. */
#define PM_SST_STYLES 4096
struct pm_sst;
struct pm_sst *pm_sst_new(size_t max_text, size_t max_count);
void pm_sst_free(struct pm_sst *s);
/* Strings held (those after the cap are not). */
size_t pm_sst_count(const struct pm_sst *s);

/* A parser of a part of that kind whose text goes to j's item; sst is the
 * workbook's shared strings for PM_XML_SHEET (may be NULL: shared-string
 * cells are then left out), PM_XML_STRINGS and PM_XML_STYLES (required).
 * NULL if out of memory. */
struct pm_xmltext *pm_xmltext_new(struct pm_job *j, enum pm_xml_kind kind, struct pm_sst *sst);
/* Returns 0, or -1 if the XML is malformed (what was read still counts). */
int pm_xmltext_feed(struct pm_xmltext *x, const char *data, size_t n, int last);
const char *pm_xmltext_error(const struct pm_xmltext *x);
/* Before the first feed: read the part with expat only, as before xmltok.c
 * (for tests that compare both); -1 if out of memory. */
int pm_xmltext_use_expat(struct pm_xmltext *x);
/* 1 if expat read (or reads) the part: xmltok handed it back, or it was
 * told to. */
int pm_xmltext_by_expat(const struct pm_xmltext *x);
void pm_xmltext_free(struct pm_xmltext *x);

#endif
