/* archive.c — archives and zip-based documents through libarchive.
 *
 * An archive is read from its parent stream through libarchive's callback
 * API: the first block the dispatcher already read, then the parent's pull.
 * Nothing is extracted to disk and no member is held in memory: each member
 * is handed to the dispatcher as a pull stream over archive_read_data, one
 * level deeper. A top-level file is seekable, which lets libarchive use a
 * zip's central directory and read 7-Zip archives.
 *
 * Every decompressed byte, every member and the time are charged to the
 * top-level file's budget (limits.c). Corrupt, truncated and encrypted input
 * is recorded on the item it concerns, and what was read before still counts.
 */
#define _GNU_SOURCE
#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "extract/extract_int.h"

#define AR_BLOCK (64u * 1024u)

/* libarchive's view of the parent stream. */
struct ar_in {
    struct pm_src *src;
    const unsigned char *pre;  /* first block, already read by the dispatcher */
    size_t npre;
    int pre_done;
    unsigned char *block;      /* AR_BLOCK */
    uint64_t consumed;         /* bytes handed to libarchive */
};

static la_ssize_t ar_read(struct archive *a, void *ctx, const void **out)
{
    struct ar_in *in = ctx;
    if (!in->pre_done) {
        in->pre_done = 1;
        if (in->npre) {
            *out = in->pre;
            in->consumed += in->npre;
            return (la_ssize_t)in->npre;
        }
    }
    long k = in->src->pull(in->src->ctx, in->block, AR_BLOCK);
    if (k < 0) {
        archive_set_error(a, EIO, "%s", in->src->err[0] ? in->src->err : "read error");
        return -1;
    }
    in->consumed += (uint64_t)k;
    *out = in->block;
    return (la_ssize_t)k;
}

/* Seeking, for a top-level file only (src->fd >= 0): libarchive then reads
 * the fd directly from wherever it seeks. */
static la_int64_t ar_seek(struct archive *a, void *ctx, la_int64_t off, int whence)
{
    struct ar_in *in = ctx;
    (void)a;
    in->pre_done = 1; /* after any seek the file offset is the truth */
    off_t r = lseek(in->src->fd, (off_t)off, whence);
    return r < 0 ? ARCHIVE_FATAL : (la_int64_t)r;
}

static la_int64_t ar_skip(struct archive *a, void *ctx, la_int64_t request)
{
    struct ar_in *in = ctx;
    (void)a;
    if (in->src->fd < 0 || !in->pre_done)
        return 0; /* libarchive then reads and discards */
    off_t cur = lseek(in->src->fd, 0, SEEK_CUR);
    if (cur < 0 || lseek(in->src->fd, (off_t)request, SEEK_CUR) < 0)
        return 0;
    return request;
}

static struct archive *ar_open(struct ar_in *in, struct pm_src *src, const unsigned char *pre,
                               size_t npre, int formats_all, char *err, size_t errsz)
{
    memset(in, 0, sizeof *in);
    in->src = src;
    in->pre = pre;
    in->npre = npre;
    in->block = malloc(AR_BLOCK);
    struct archive *a = archive_read_new();
    if (!in->block || !a) {
        snprintf(err, errsz, "out of memory");
        archive_read_free(a);
        free(in->block);
        in->block = NULL;
        return NULL;
    }
    archive_read_support_filter_all(a);
    if (formats_all == 2) {
        archive_read_support_format_raw(a); /* just the decompressed stream */
    } else if (formats_all) {
        /* Real archive formats only: mtree (a text manifest) would claim a
         * compressed list of one address per line, and read each line as a
         * member name. */
        archive_read_support_format_7zip(a);
        archive_read_support_format_ar(a);
        archive_read_support_format_cab(a);
        archive_read_support_format_cpio(a);
        archive_read_support_format_iso9660(a);
        archive_read_support_format_lha(a);
        archive_read_support_format_rar(a);
        archive_read_support_format_rar5(a);
        archive_read_support_format_tar(a);
        archive_read_support_format_xar(a);
        archive_read_support_format_zip(a);
        archive_read_support_format_raw(a); /* single-file .gz, .xz, .bz2, .zst, .lz4 */
    } else {
        archive_read_support_format_zip(a);
    }
    archive_read_set_callback_data(a, in);
    archive_read_set_read_callback(a, ar_read);
    if (src->fd >= 0 && lseek(src->fd, 0, SEEK_SET) == 0) {
        in->pre_done = 1; /* re-read from the start, with seeking */
        archive_read_set_seek_callback(a, ar_seek);
        archive_read_set_skip_callback(a, ar_skip);
    }
    if (archive_read_open1(a) != ARCHIVE_OK) {
        snprintf(err, errsz, "%s", archive_error_string(a) ? archive_error_string(a)
                                                             : "not a readable archive");
        archive_read_free(a);
        free(in->block);
        in->block = NULL;
        return NULL;
    }
    return a;
}

static void ar_close(struct archive *a, struct ar_in *in)
{
    archive_read_free(a);
    free(in->block);
    in->block = NULL;
}

/* A member, as a pull stream for the dispatcher. */
struct member {
    struct archive *a;
    struct ar_in *in;
    struct pm_extract *r;
    unsigned level;      /* the member's level */
    uint64_t out;        /* bytes produced */
    uint64_t in_start;   /* in->consumed when the member began */
    struct pm_src *src;  /* for error text */
};

static long member_pull(void *ctx, void *buf, size_t n)
{
    struct member *m = ctx;
    if (pm_extract_halted(m->r)) {
        snprintf(m->src->err, sizeof m->src->err, "%s",
                 m->r->budget.hit[0] ? m->r->budget.hit : "interrupted");
        return -1;
    }
    la_ssize_t k = archive_read_data(m->a, buf, n);
    if (k < 0) {
        const char *e = archive_error_string(m->a);
        snprintf(m->src->err, sizeof m->src->err, "%s", e ? e : "archive read error");
        return -1;
    }
    m->out += (uint64_t)k;
    if (pm_budget_charge(&m->r->budget, m->level, (uint64_t)k, m->out,
                         m->in->consumed - m->in_start) != 0) {
        snprintf(m->src->err, sizeof m->src->err, "%s", m->r->budget.hit);
        return -1;
    }
    return (long)k;
}

/* Name of the single stream inside a compressed file: "x.csv.gz" -> "x.csv". */
static void raw_name(const char *parent, char *out, size_t outsz)
{
    static const char *const ext[] = {".gz", ".tgz", ".bz2", ".xz", ".zst", ".lz4",
                                      ".lzma", ".z", ".lz", ".Z", NULL};
    const char *base = parent ? strrchr(parent, '/') : NULL;
    base = base ? base + 1 : (parent ? parent : "");
    size_t n = strlen(base);
    for (const char *const *e = ext; *e; e++) {
        size_t el = strlen(*e);
        if (n > el && strcasecmp(base + n - el, *e) == 0) {
            snprintf(out, outsz, "%.*s%s", (int)(n - el), base,
                     strcmp(*e, ".tgz") == 0 ? ".tar" : "");
            return;
        }
    }
    snprintf(out, outsz, "%s", n ? base : "data");
}

static const char *encrypted_reason(struct archive_entry *e)
{
    if (archive_entry_is_data_encrypted(e) > 0 || archive_entry_is_metadata_encrypted(e) > 0)
        return "not scanned: encrypted";
    return NULL;
}

/* Reports a member that is not read (encrypted, ...), as its own item. */
static void report_member(struct pm_extract *r, unsigned level, enum pm_file_status status,
                          const char *reason, int64_t mtime)
{
    const char **chain = r->chain;
    for (unsigned i = 1; i <= level; i++)
        chain[i - 1] = r->lv[i].name;
    if (r->sink.begin(r->sink.ctx, level) != 0)
        return;
    struct pm_item it = {.members = chain, .nmembers = level, .status = status,
                         .reason = reason, .mtime = mtime};
    r->sink.end(r->sink.ctx, level, &it);
}

static void archive_walk(struct pm_extract *r, unsigned level, struct pm_src *src,
                         const unsigned char *pre, size_t npre, struct pm_outcome *o, int raw);

void pm_archive_scan(struct pm_extract *r, unsigned level, struct pm_src *src,
                     const unsigned char *pre, size_t npre, struct pm_outcome *o)
{
    archive_walk(r, level, src, pre, npre, o, 0);
}

static void archive_walk(struct pm_extract *r, unsigned level, struct pm_src *src,
                         const unsigned char *pre, size_t npre, struct pm_outcome *o, int raw)
{
    struct ar_in in;
    char err[256];
    const char *parent = level ? r->lv[level].name : src->path;
    struct archive *a = ar_open(&in, src, pre, npre, raw ? 2 : 1, err, sizeof err);
    if (!a) {
        o->status = PM_FILE_ERROR;
        snprintf(o->reason, sizeof o->reason, "unreadable archive: %.200s", err);
        return;
    }
    o->encoding = NULL;
    struct archive_entry *e;
    uint64_t members = 0, encrypted = 0;
    int rc;
    while ((rc = archive_read_next_header(a, &e)) == ARCHIVE_OK || rc == ARCHIVE_WARN) {
        if (!S_ISREG(archive_entry_filetype(e)) && archive_entry_filetype(e) != 0)
            continue; /* directories, links, devices: nothing to read */
        struct pm_level *child = pm_level_get(r, level + 1);
        if (!child || pm_budget_member(&r->budget, level + 1) != 0) {
            if (!child && !r->budget.hit[0]) {
                snprintf(r->budget.hit, sizeof r->budget.hit, "limit max-depth (%u) reached",
                         r->lim->max_depth);
                r->budget.hit_level = level + 1;
            }
            break;
        }
        members++;
        if (archive_format(a) == ARCHIVE_FORMAT_RAW) {
            raw_name(parent, child->name, sizeof child->name);
        } else {
            const char *nm = archive_entry_pathname_utf8(e);
            if (!nm)
                nm = archive_entry_pathname(e);
            snprintf(child->name, sizeof child->name, "%s", nm ? nm : "?");
        }
        int64_t mt = archive_entry_mtime_is_set(e) ? (int64_t)archive_entry_mtime(e) : 0;
        const char *enc = encrypted_reason(e);
        if (enc) {
            report_member(r, level + 1, PM_FILE_SKIPPED, enc, mt);
            encrypted++;
            continue;
        }
        struct pm_src ms = {.fd = -1};
        struct member m = {a, &in, r, level + 1, 0, in.consumed, &ms};
        ms.pull = member_pull;
        ms.ctx = &m;
        pm_dispatch(r, level + 1, &ms, mt);
        o->bytes += m.out;
        if (pm_extract_halted(r))
            break;
    }
    if (pm_extract_halted(r)) {
        /* The top-level file and the archive whose member hit the limit say
         * so; archives in between were read as far as that. */
        if (level == 0 || !r->budget.hit[0] || r->budget.hit_level == level + 1)
            pm_outcome_partial(o, "%s after %llu members",
                               r->budget.hit[0] ? r->budget.hit : "interrupted",
                               (unsigned long long)members);
    } else if (rc == ARCHIVE_FATAL || rc == ARCHIVE_FAILED) {
        const char *es = archive_error_string(a);
        if (es && (strstr(es, "ncrypt") || strstr(es, "assphrase")))
            pm_outcome_partial(o, "not scanned: encrypted (%s)", es);
        else if (members == 0)
            o->status = PM_FILE_ERROR, snprintf(o->reason, sizeof o->reason,
                                                "corrupt archive: %s", es ? es : "unreadable");
        else
            pm_outcome_partial(o, "corrupt or truncated archive after %llu members: %s",
                               (unsigned long long)members, es ? es : "read error");
    }
    if (encrypted)
        pm_outcome_partial(o, "%llu encrypted member%s not scanned", (unsigned long long)encrypted,
                           encrypted > 1 ? "s" : "");
    /* Compressed data that begins with zero blocks reads as an empty tar
     * archive: read it as one plain stream instead. */
    int empty_tar = members == 0 && !raw && rc == ARCHIVE_EOF &&
                    archive_format(a) >= ARCHIVE_FORMAT_TAR &&
                    archive_format(a) < ARCHIVE_FORMAT_TAR + 0x10000 && archive_filter_count(a) > 1;
    ar_close(a, &in);
    if (empty_tar) {
        if (src->fd >= 0) {
            archive_walk(r, level, src, pre, npre, o, 1);
        } else {
            pm_outcome_partial(o, "not scanned: compressed data that reads as an empty tar "
                                  "archive");
        }
    }
}

/* ---- OOXML / ODF ------------------------------------------------------------ */

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

void pm_office_scan(struct pm_extract *r, unsigned level, struct pm_src *src,
                    const unsigned char *pre, size_t npre, struct pm_outcome *o)
{
    struct ar_in in;
    char err[256], buf[16384];
    struct archive *a = ar_open(&in, src, pre, npre, 0, err, sizeof err);
    if (!a) {
        o->status = PM_FILE_ERROR;
        snprintf(o->reason, sizeof o->reason, "unreadable document: %.200s", err);
        return;
    }
    o->encoding = "xml";
    struct archive_entry *e;
    int rc;
    uint64_t parts = 0;
    while ((rc = archive_read_next_header(a, &e)) == ARCHIVE_OK || rc == ARCHIVE_WARN) {
        const char *nm = archive_entry_pathname(e);
        if (!nm || !text_part(nm))
            continue;
        if (encrypted_reason(e)) {
            pm_outcome_partial(o, "not scanned: encrypted part %s", nm);
            continue;
        }
        struct pm_xmltext *x = pm_xmltext_new(r, level);
        if (!x)
            break;
        parts++;
        uint64_t out = 0, start = in.consumed;
        la_ssize_t k;
        while ((k = archive_read_data(a, buf, sizeof buf)) > 0) {
            out += (uint64_t)k;
            o->bytes += (uint64_t)k;
            if (pm_budget_charge(&r->budget, level, (uint64_t)k, out, in.consumed - start) != 0)
                break;
            if (pm_xmltext_feed(x, buf, (size_t)k, 0) != 0)
                break;
        }
        if (k < 0)
            pm_outcome_partial(o, "%s: %s", nm, archive_error_string(a) ? archive_error_string(a)
                                                                        : "read error");
        else if (!pm_extract_halted(r) && pm_xmltext_feed(x, "", 0, 1) != 0)
            pm_outcome_partial(o, "%s: %s", nm, pm_xmltext_error(x));
        pm_xmltext_free(x);
        pm_level_text(r, level, "\n", 1);
        if (pm_extract_halted(r))
            break;
    }
    if (pm_extract_halted(r))
        pm_outcome_partial(o, "%s", r->budget.hit[0] ? r->budget.hit : "interrupted");
    else if (rc == ARCHIVE_FATAL || rc == ARCHIVE_FAILED)
        pm_outcome_partial(o, "corrupt document: %s",
                           archive_error_string(a) ? archive_error_string(a) : "read error");
    else if (parts == 0)
        pm_outcome_partial(o, "no text parts found");
    ar_close(a, &in);
}
