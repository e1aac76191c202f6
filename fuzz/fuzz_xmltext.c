/* fuzz_xmltext.c — the OOXML/ODF XML text reader (extract/xmltext.h) on
 * arbitrary bytes.
 *
 * Input: PM_FUZZ_NSIZES bytes of piece sizes, then the XML, fed in those
 * pieces and ended with an empty last piece, as the office extractor does.
 * The XML is read four times, as each kind of part: as XLSX shared strings
 * and as XLSX styles into a workbook's tables, as an XLSX sheet that looks
 * its cells up there, and as document text (tables read as tables). The reader only needs a job to
 * emit to; here that is a bare job at level 0 whose sink checks that text
 * arrives at that level and counts it.
 *
 * Checked: text only ever goes to the job's level; once the reader has said
 * the XML is malformed it says so again, with a message. Then the XML is fed
 * again in one piece: the same verdicts, the same number of strings held,
 * and for well-formed XML the same text. And the reader (extract/xmltok.c)
 * against the same reader with expat (pm_xmltext_use_expat), in the same
 * pieces and in one: the same verdict and strings held, and the same text
 * where the XML is well-formed or read in one piece; unless xmltok refused
 * what it does not read past the root's start tag (xmltok.h: its message
 * then says so).
 */
#include <string.h>

#include "extract/extractor.h"
#include "extract/xmltext.h"
#include "fuzz/fuzz.h"

/* Reads the XML as a part of that kind in the cut's pieces (NULL: in one);
 * c gets the text. Returns what the last feed returned. */
static int read_xml(struct pm_fuzz_text *c, enum pm_xml_kind kind, struct pm_sst *sst,
                    struct pm_fuzz_cut *cut, const uint8_t *data, size_t size, int expat,
                    int *refused)
{
    struct pm_sink sink = pm_fuzz_text_sink(c);
    struct pm_job j = {.level = 0, .sink = &sink};
    struct pm_xmltext *x = pm_xmltext_new(&j, kind, sst);
    PM_FUZZ_CHECK(x != NULL);
    PM_FUZZ_CHECK(!expat || pm_xmltext_use_expat(x) == 0);
    size_t at = 0;
    int rc = 0;
    while (at < size && rc == 0) {
        size_t n = cut ? pm_fuzz_cut_next(cut, size - at) : size - at;
        rc = pm_xmltext_feed(x, (const char *)data + at, n, 0);
        at += n;
    }
    if (rc == 0)
        rc = pm_xmltext_feed(x, "", 0, 1);
    if (rc != 0) {
        const char *e = pm_xmltext_error(x);
        PM_FUZZ_CHECK(e[0] != '\0');
        if (refused)
            *refused |= strstr(e, "not ASCII") || strstr(e, "too long") || strstr(e, "too deep");
        PM_FUZZ_CHECK(pm_xmltext_feed(x, "<a/>", 4, 1) == -1);
    }
    pm_xmltext_free(x);
    return rc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct pm_fuzz_cut cut;
    pm_fuzz_cut_init(&cut, &data, &size, 0);
    /* Small caps, so that strings past them are written as plain text. */
    struct pm_sst *sa = pm_sst_new(512, 8), *sb = pm_sst_new(512, 8), *se = pm_sst_new(512, 8),
                  *sf = pm_sst_new(512, 8);
    PM_FUZZ_CHECK(sa && sb && se && sf);
    static const enum pm_xml_kind kinds[] = {PM_XML_STRINGS, PM_XML_STYLES, PM_XML_SHEET,
                                             PM_XML_TEXT};
    int refused = 0, broke = 0; /* xmltok refused, or a part was malformed, so far */
    for (size_t k = 0; k < 4; k++) {
        struct pm_fuzz_cut again = cut; /* the same pieces for every kind */
        struct pm_fuzz_text a = {0}, b = {0};
        int ra = read_xml(&a, kinds[k], sa, &again, data, size, 0, &refused);
        int rb = read_xml(&b, kinds[k], sb, NULL, data, size, 0, &refused);
        PM_FUZZ_CHECK(ra == rb);
        /* Only the verdict and the text of well-formed XML are compared:
         * expat names one error differently depending on where its input
         * was cut ("syntax error" or "not well-formed"), and may stop at
         * another byte. */
        if (ra == 0) {
            PM_FUZZ_CHECK(pm_sst_count(sa) == pm_sst_count(sb));
            PM_FUZZ_CHECK(pm_fuzz_digest_eq(&a.text, &b.text));
        }
        /* expat in the same pieces and in one */
        struct pm_fuzz_text ea = {0}, eb = {0};
        again = cut;
        int rea = read_xml(&ea, kinds[k], se, &again, data, size, 1, NULL);
        int reb = read_xml(&eb, kinds[k], sf, NULL, data, size, 1, NULL);
        if (!refused) {
            PM_FUZZ_CHECK(ra == rea && rb == reb);
            PM_FUZZ_CHECK(pm_sst_count(sb) == pm_sst_count(sf));
            PM_FUZZ_CHECK(pm_fuzz_digest_eq(&b.text, &eb.text));
            if (ra == 0 && !broke)
                PM_FUZZ_CHECK(pm_fuzz_digest_eq(&a.text, &ea.text));
        }
        broke |= ra != 0;
    }
    pm_sst_free(sa);
    pm_sst_free(sb);
    pm_sst_free(se);
    pm_sst_free(sf);
    return 0;
}
