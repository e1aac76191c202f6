/* fuzz_extract.c — the dispatcher and every extractor on an arbitrary file.
 *
 * Input: one byte choosing the file's name (its extension steers the bids:
 * a zip named .docx is a document, text named .eml is mail), then the file's
 * bytes. The file is written to a private temporary directory and read with
 * pm_extract_file, as a scan reads it: libmagic types it, the extractors bid,
 * archives (libarchive), office documents, PDF, mail, SQLite (which opens the
 * file by its path), text and binaries run, and members go back through the
 * dispatcher. Limits are tight (depth 4, 2 MiB expanded, 200 members), so a
 * bomb stays small.
 *
 * Checked on the sink: every item is begin ... end, members nested inside
 * their container, an item at level L has a chain of L member names, status
 * and strings are sound, text only goes to the open item.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "extract/extract.h"
#include "fuzz/fuzz.h"

#define MAX_DEPTH 4

static const char *const names[] = {
    "file",     "file.txt", "file.docx", "file.xlsx", "file.pptx", "file.odt",
    "file.ods", "file.eml", "file.mbox", "file.pdf",  "file.zip",  "file.tar.gz",
    "file.csv", "file.jpg", "file.db",   "file.json", "file.xml",  "file.html", "file.rtf", "file.xls",
    "file.doc",
};
#define NNAMES (sizeof names / sizeof names[0])

static char dir[] = "/tmp/piimap-fuzz-XXXXXX";
static struct pm_limits lim;
static struct pm_extract *ex;

struct rec {
    unsigned open; /* levels open: 0 .. open - 1 */
    unsigned items;
    unsigned long long text;
};
static struct rec rec;

static int sink_begin(void *ctx, unsigned level)
{
    struct rec *r = ctx;
    PM_FUZZ_CHECK(level == r->open);
    PM_FUZZ_CHECK(level <= MAX_DEPTH + 1);
    r->open++;
    return 0;
}

static void sink_text(void *ctx, unsigned level, const char *text, size_t n)
{
    struct rec *r = ctx;
    PM_FUZZ_CHECK(r->open > 0 && level + 1 == r->open);
    PM_FUZZ_CHECK(text != NULL || n == 0);
    r->text += n;
}

static void sink_end(void *ctx, unsigned level, const struct pm_item *it)
{
    struct rec *r = ctx;
    PM_FUZZ_CHECK(r->open > 0 && level + 1 == r->open);
    PM_FUZZ_CHECK(it->nmembers == level);
    for (size_t i = 0; i < it->nmembers; i++)
        PM_FUZZ_CHECK(it->members[i] && strlen(it->members[i]) < 4096);
    PM_FUZZ_CHECK(it->status >= PM_FILE_SCANNED && it->status <= PM_FILE_ERROR);
    PM_FUZZ_CHECK(it->status == PM_FILE_SCANNED || (it->reason && it->reason[0]));
    if (it->reason)
        PM_FUZZ_CHECK(strlen(it->reason) < 4096);
    if (it->mime)
        PM_FUZZ_CHECK(strlen(it->mime) < 4096);
    if (it->encoding)
        PM_FUZZ_CHECK(strlen(it->encoding) < 64);
    r->open--;
    r->items++;
}

static void cleanup(void)
{
    char path[sizeof dir + 32];
    for (size_t i = 0; i < NNAMES; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        unlink(path);
    }
    rmdir(dir);
    pm_extract_free(ex);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    char err[256];
    if (!mkdtemp(dir)) {
        perror("fuzz_extract: mkdtemp");
        exit(1);
    }
    pm_limits_default(&lim);
    lim.max_depth = MAX_DEPTH;
    lim.max_expanded = 2u << 20;
    lim.ratio_floor = 256u << 10;
    lim.max_members = 200;
    lim.max_seconds = 0; /* the fuzzer's -timeout finds slow inputs, repeatably */
    struct pm_sink sink = {&rec, sink_begin, sink_text, sink_end, NULL, NULL};
    ex = pm_extract_new(&lim, &sink, err, sizeof err);
    if (!ex) {
        fprintf(stderr, "fuzz_extract: %s\n", err);
        exit(1);
    }
    atexit(cleanup);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    char path[sizeof dir + 32];
    snprintf(path, sizeof path, "%s/%s", dir, names[data[0] % NNAMES]);
    data++, size--;
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    PM_FUZZ_CHECK(fd >= 0);
    PM_FUZZ_CHECK(size == 0 || write(fd, data, size) == (ssize_t)size);
    close(fd);
    struct stat st;
    PM_FUZZ_CHECK(stat(path, &st) == 0);

    memset(&rec, 0, sizeof rec);
    pm_extract_file(ex, path, &st, 0);
    PM_FUZZ_CHECK(rec.open == 0);
    PM_FUZZ_CHECK(rec.items >= 1);
    unlink(path);
    return 0;
}
