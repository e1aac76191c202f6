/* fuzz_ole.c — legacy Office files on arbitrary bytes: the OLE2 compound
 * file reader (extract/cfb.h), the BIFF workbook reader (extract/xls.h)
 * and the Word text reader (extract/doc.h).
 *
 * Input: 1 byte, the mode; then the bytes.
 *   mode % 3 == 0: a compound file: opened, its Workbook, Book, WordDocument,
 *     0Table and 1Table streams read (with a cap of 64 KiB), the workbook
 *     and the document read from them;
 *   mode % 3 == 1: a Workbook stream as it is (no container to get past);
 *   mode % 3 == 2: a WordDocument stream and its table stream: the next
 *     2 bytes say where the first ends.
 * The readers only need a job to emit to: a bare job at level 0 with a
 * budget, whose sink checks the level and counts the text.
 *
 * Checked: text only goes to level 0; an error always has a message; a
 * stream read is no longer than declared nor than the cap; reading twice
 * gives the same text, the same records and the same verdict.
 */
#include <stdlib.h>
#include <string.h>

#include "extract/cfb.h"
#include "extract/doc.h"
#include "extract/extractor.h"
#include "extract/xls.h"
#include "fuzz/fuzz.h"

static struct pm_limits lim;

/* One reading of the input into c; returns a verdict to compare. */
static int read_once(struct pm_fuzz_text *c, unsigned mode, const uint8_t *data, size_t size)
{
    struct pm_sink sink = pm_fuzz_text_sink(c);
    struct pm_budget budget;
    struct pm_outcome o = {0};
    pm_budget_start(&budget, &lim);
    struct pm_job j = {.level = 0, .sink = &sink, .budget = &budget, .o = &o, .lim = &lim};
    char err[256] = "";
    int verdict = 0;
    if (mode == 1) {
        verdict = pm_xls_read(&j, data, size, err, sizeof err);
    } else if (mode == 2) {
        size_t cut = size >= 2 ? (size_t)(data[0] | data[1] << 8) : 0;
        data += size >= 2 ? 2 : size;
        size -= size >= 2 ? 2 : size;
        cut = cut < size ? cut : size;
        verdict = pm_doc_read(&j, data, cut, data + cut, size - cut, err, sizeof err);
    } else {
        struct pm_cfb cfb;
        if (pm_cfb_open(&cfb, data, size, err, sizeof err) != 0) {
            PM_FUZZ_CHECK(err[0] != '\0');
            return 100;
        }
        static const char *const names[] = {"Workbook", "Book", "WordDocument", "0Table",
                                            "1Table"};
        unsigned char *s[5] = {0};
        size_t n[5] = {0};
        for (int k = 0; k < 5; k++) {
            int e = pm_cfb_find(&cfb, names[k]);
            if (e < 0)
                continue;
            if (pm_cfb_read(&cfb, e, 65536, &s[k], &n[k], err, sizeof err) != 0) {
                PM_FUZZ_CHECK(err[0] != '\0' && s[k] == NULL);
                verdict |= 1 << k;
                continue;
            }
            PM_FUZZ_CHECK(n[k] <= 65536 && n[k] == pm_cfb_size(&cfb, e));
        }
        if (s[0] || s[1])
            verdict += 32 * (3 + pm_xls_read(&j, s[0] ? s[0] : s[1], s[0] ? n[0] : n[1], err,
                                             sizeof err));
        if (s[2])
            verdict += 256 * (3 + pm_doc_read(&j, s[2], n[2], s[3] ? s[3] : s[4],
                                               s[3] ? n[3] : n[4], err, sizeof err));
        for (int k = 0; k < 5; k++)
            free(s[k]);
        pm_cfb_close(&cfb);
        return verdict;
    }
    PM_FUZZ_CHECK(verdict == 0 || verdict == -1 || verdict == PM_OLE_ENCRYPTED);
    PM_FUZZ_CHECK(verdict == 0 || err[0] != '\0');
    return verdict;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    pm_limits_default(&lim);
    unsigned mode = data[0] % 3;
    struct pm_fuzz_text a = {0}, b = {0};
    int va = read_once(&a, mode, data + 1, size - 1);
    int vb = read_once(&b, mode, data + 1, size - 1);
    PM_FUZZ_CHECK(va == vb);
    PM_FUZZ_CHECK(a.records == b.records);
    PM_FUZZ_CHECK(pm_fuzz_digest_eq(&a.text, &b.text));
    return 0;
}
