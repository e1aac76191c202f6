/* ex_office.c — OOXML (docx, xlsx, pptx, ...) and ODF (odt, ods, odp, ...)
 * documents: the zip is opened through libarchive (arstream.h) and the text
 * of its XML parts read by the XML text reader (xmltext.h), as one item.
 *
 * Tables are read as tables (xmltext.h). An XLSX sheet's cells name their
 * text by an index into the shared strings, a part that Excel and openpyxl
 * write after the sheets: so for a top-level workbook (seekable) the shared
 * strings are read first, in a pass that skips every other part, and the
 * sheets then write each string in its cell, under its column's header. A
 * workbook inside an archive is read once, in order: its shared strings are
 * looked up only if they come before the sheets, and are otherwise read as
 * plain text, as before (no labels for its string cells).
 *
 * Styling, relations and metadata parts are skipped; embedded files are not
 * members (a document is one item). Decompressed bytes are charged to the
 * file's budget like an archive's.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "extract/arstream.h"
#include "extract/extractor.h"
#include "extract/records.h"
#include "extract/xmltext.h"

static const char *const office_ext[] = {"docx", "docm", "dotx", "xlsx", "xlsm", "xltx",
                                         "pptx", "pptm", "ppsx", "potx", "odt",  "ods",
                                         "odp",  "odg",  "ott",  "ots",  "otp",  NULL};

static int office_bid(const struct pm_probe *p)
{
    const char *m = p->mime;
    if (strstr(m, "openxmlformats-officedocument") || strstr(m, "opendocument") ||
        strstr(m, "ms-word.document.macro") || strstr(m, "ms-excel.sheet.macro") ||
        strstr(m, "ms-powerpoint.presentation.macro"))
        return PM_BID_TYPE;
    /* libmagic often only sees a zip: the name says it is a document. */
    if (strcmp(m, "application/zip") == 0 && pm_name_has_ext(p->name, office_ext))
        return PM_BID_NAMED;
    return PM_BID_NONE;
}

/* A document libmagic only knew as a zip gets its real type from its name. */
static void office_mime(const char *name, char *mime, size_t mimesz)
{
    static const char *const map[][2] = {
        {"docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
        {"xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
        {"pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation"},
        {"odt", "application/vnd.oasis.opendocument.text"},
        {"ods", "application/vnd.oasis.opendocument.spreadsheet"},
        {"odp", "application/vnd.oasis.opendocument.presentation"},
    };
    const char *dot = name ? strrchr(name, '.') : NULL;
    if (strcmp(mime, "application/zip") != 0 || !dot)
        return;
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (strcasecmp(dot + 1, map[i][0]) == 0)
            snprintf(mime, mimesz, "%s", map[i][1]);
}

/* Parts of an office document that hold its text. */
static int text_part(const char *name)
{
    size_t n = strlen(name);
    if (n < 4 || strcasecmp(name + n - 4, ".xml") != 0)
        return 0;
    /* Styling, relations and media metadata hold no document text. */
    static const char *const skip[] = {"[Content_Types].xml", "styles.xml", "settings.xml",
                                       "fontTable.xml", "webSettings.xml", "theme", "manifest.xml",
                                       "_rels/", "customXml/", NULL};
    for (const char *const *s = skip; *s; s++)
        if (strstr(name, *s) && strcmp(name, "styles.xml") != 0)
            return 0;
    return 1;
}

/* The parts of a workbook read before its sheets. */
enum { WB_STRINGS = 1, WB_STYLES = 2 };
static int workbook_part(const char *name)
{
    return strcasecmp(name, "xl/sharedStrings.xml") == 0 ? WB_STRINGS
           : strcasecmp(name, "xl/styles.xml") == 0      ? WB_STYLES
                                                         : 0;
}
static int is_sheet(const char *name) { return strncmp(name, "xl/worksheets/", 14) == 0; }

/* The text of one XML part. */
static void read_part(struct pm_job *j, struct archive *a, struct pm_arin *in,
                      struct pm_xmltext *x, const char *nm)
{
    struct pm_outcome *o = j->o;
    char buf[16384];
    uint64_t out = 0, start = in->consumed;
    la_ssize_t k;
    while ((k = archive_read_data(a, buf, sizeof buf)) > 0) {
        out += (uint64_t)k;
        o->bytes += (uint64_t)k;
        if (pm_budget_charge(j->budget, j->level, (uint64_t)k, out, in->consumed - start) != 0)
            break;
        if (pm_xmltext_feed(x, buf, (size_t)k, 0) != 0)
            break;
    }
    if (k < 0)
        pm_outcome_partial(o, "%s: %s", nm, archive_error_string(a) ? archive_error_string(a)
                                                                    : "read error");
    else if (!pm_job_stopped(j) && pm_xmltext_feed(x, "", 0, 1) != 0)
        pm_outcome_partial(o, "%s: %s", nm, pm_xmltext_error(x));
}

/* Reads a workbook part (WB_*) into sst. */
static void read_workbook_part(struct pm_job *j, struct archive *a, struct pm_arin *in,
                               struct pm_sst *sst, int part, const char *nm)
{
    struct pm_xmltext *x =
        pm_xmltext_new(j, part == WB_STRINGS ? PM_XML_STRINGS : PM_XML_STYLES, sst);
    if (x)
        read_part(j, a, in, x, nm);
    pm_xmltext_free(x);
}

/* The first pass over a top-level workbook: its shared strings and styles
 * into sst. Returns the WB_* parts read. */
static int workbook_first(struct pm_job *j, struct pm_sst *sst)
{
    struct pm_arin in;
    struct archive_entry *e;
    char err[256];
    int done = 0, rc;
    struct archive *a = pm_arin_open(&in, j->src, j->buf, j->probe->nhead, PM_AR_ZIP, err,
                                     sizeof err);
    if (!a)
        return 0;
    while (done != (WB_STRINGS | WB_STYLES) && !pm_job_stopped(j) &&
           ((rc = archive_read_next_header(a, &e)) == ARCHIVE_OK || rc == ARCHIVE_WARN)) {
        const char *nm = archive_entry_pathname(e);
        int part = nm ? workbook_part(nm) : 0;
        if (!part || (done & part) || pm_arin_encrypted(e))
            continue;
        read_workbook_part(j, a, &in, sst, part, nm);
        done |= part;
    }
    pm_arin_close(a, &in);
    return done;
}

static int office_scan(struct pm_job *j)
{
    struct pm_outcome *o = j->o;
    struct pm_arin in;
    char err[256];
    office_mime(j->name, j->mime, j->mimesz);
    /* A workbook's shared strings: read first where the file allows. */
    struct pm_sst *sst = strstr(j->mime, "spreadsheetml") || strstr(j->mime, "ms-excel.sheet")
                             ? pm_sst_new(PM_SST_TEXT, PM_SST_COUNT)
                             : NULL;
    int done = sst && j->src->fd >= 0 ? workbook_first(j, sst) : 0;
    uint64_t sheets = 0;
    struct archive *a = pm_arin_open(&in, j->src, j->buf, j->probe->nhead, PM_AR_ZIP, err,
                                     sizeof err);
    if (!a) {
        pm_sst_free(sst);
        o->status = PM_FILE_ERROR;
        snprintf(o->reason, sizeof o->reason, "unreadable document: %.200s", err);
        return PM_EX_DONE;
    }
    o->encoding = "xml";
    /* A blank paragraph ends a record (people), as in plain text: a letter
     * or a list of people in blocks; a table row ends one by itself. */
    struct pm_recsplit split;
    pm_job_split_begin(j, &split, PM_SPLIT_PARAGRAPH);
    struct archive_entry *e;
    int rc;
    uint64_t parts = 0;
    while ((rc = archive_read_next_header(a, &e)) == ARCHIVE_OK || rc == ARCHIVE_WARN) {
        const char *nm = archive_entry_pathname(e);
        int part = nm && sst ? workbook_part(nm) : 0;
        if (part && !(done & part) && sheets == 0 && !pm_arin_encrypted(e)) {
            /* One pass (a member): the part comes before the sheets. */
            read_workbook_part(j, a, &in, sst, part, nm);
            done |= part;
            if (part == WB_STRINGS)
                pm_emit(j, "\n", 1);
            continue;
        }
        if (!nm || !text_part(nm) || (part & done))
            continue; /* not text, or read already */
        if (pm_arin_encrypted(e)) {
            pm_outcome_partial(o, "not scanned: encrypted part %s", nm);
            continue;
        }
        enum pm_xml_kind kind = is_sheet(nm) ? PM_XML_SHEET : PM_XML_TEXT;
        sheets += kind == PM_XML_SHEET;
        struct pm_xmltext *x = pm_xmltext_new(j, kind, sst);
        if (!x)
            break;
        parts++;
        read_part(j, a, &in, x, nm);
        pm_xmltext_free(x);
        pm_emit(j, "\n", 1);
        if (pm_job_stopped(j))
            break;
    }
    const char *why = pm_job_stopped(j);
    if (why)
        pm_outcome_partial(o, "%s", why);
    else if (rc == ARCHIVE_FATAL || rc == ARCHIVE_FAILED)
        pm_outcome_partial(o, "corrupt document: %s",
                           archive_error_string(a) ? archive_error_string(a) : "read error");
    else if (parts == 0)
        pm_outcome_partial(o, "no text parts found");
    pm_job_split_end(j);
    pm_arin_close(a, &in);
    pm_sst_free(sst);
    return PM_EX_DONE;
}

const struct pm_extractor pm_ex_office = {"office", office_bid, office_scan};
