/* ex_archive.c — archives and compressed files through libarchive: zip, tar,
 * 7z, rar, cpio, iso9660, cab, ar, xar, lha, and single-file gzip, bzip2, xz,
 * zstd, lz4, lzma, lzip, compress.
 *
 * Each member is handed back to the dispatcher as a pull stream over
 * archive_read_data, one level deeper; no member is held in memory or
 * written to disk. Every decompressed byte, every member and the time are
 * charged to the top-level file's budget (limits.c). Corrupt, truncated and
 * encrypted input is recorded on the item it concerns, and what was read
 * before still counts. An archive has no text of its own.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "extract/arstream.h"
#include "extract/extractor.h"

static int archive_bid(const struct pm_probe *p)
{
    static const char *const types[] = {
        "application/zip", "application/x-zip-compressed", "application/java-archive",
        "application/x-tar", "application/gzip", "application/x-gzip", "application/x-bzip2",
        "application/x-xz", "application/zstd", "application/x-zstd",
        "application/x-7z-compressed", "application/x-rar", "application/vnd.rar",
        "application/x-rar-compressed", "application/x-cpio", "application/x-iso9660-image",
        "application/x-lz4", "application/x-lzma", "application/x-lzip", "application/x-compress",
        "application/vnd.ms-cab-compressed", "application/x-archive", "application/x-xar",
        "application/x-lha", "application/x-lzh-compressed", NULL};
    for (const char *const *t = types; *t; t++)
        if (strcmp(p->mime, *t) == 0)
            return PM_BID_TYPE;
    return PM_BID_NONE;
}

/* A member, as a pull stream for the dispatcher. */
struct member {
    struct archive *a;
    struct pm_arin *in;
    struct pm_job *j;    /* the archive's job */
    unsigned level;      /* the member's level */
    uint64_t out;        /* bytes produced */
    uint64_t in_start;   /* in->consumed when the member began */
    struct pm_src *src;  /* for error text */
};

static long member_pull(void *ctx, void *buf, size_t n)
{
    struct member *m = ctx;
    const char *why = pm_job_stopped(m->j);
    if (why) {
        snprintf(m->src->err, sizeof m->src->err, "%s", why);
        return -1;
    }
    la_ssize_t k = archive_read_data(m->a, buf, n);
    if (k < 0) {
        const char *e = archive_error_string(m->a);
        snprintf(m->src->err, sizeof m->src->err, "%s", e ? e : "archive read error");
        return -1;
    }
    m->out += (uint64_t)k;
    if (pm_budget_charge(m->j->budget, m->level, (uint64_t)k, m->out,
                         m->in->consumed - m->in_start) != 0) {
        snprintf(m->src->err, sizeof m->src->err, "%s", m->j->budget->hit);
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

/* Opens the next member (its name into the dispatcher's buffer) and reads
 * it, or reports it unread when encrypted. Returns -1 when a limit refuses
 * it, 1 if it was encrypted, 0 if it was read. */
static int read_member(struct pm_job *j, struct archive *a, struct pm_arin *in,
                       struct archive_entry *e, uint64_t *bytes)
{
    char *name = j->member_open(j);
    if (!name) {
        if (!j->budget->hit[0]) { /* no level left (out of memory) */
            snprintf(j->budget->hit, sizeof j->budget->hit, "limit max-depth (%u) reached",
                     j->lim->max_depth);
            j->budget->hit_level = j->level + 1;
        }
        return -1;
    }
    if (archive_format(a) == ARCHIVE_FORMAT_RAW) {
        raw_name(j->name, name, PM_MEMBER_NAME);
    } else {
        const char *nm = archive_entry_pathname_utf8(e);
        if (!nm)
            nm = archive_entry_pathname(e);
        snprintf(name, PM_MEMBER_NAME, "%s", nm ? nm : "?");
    }
    int64_t mt = archive_entry_mtime_is_set(e) ? (int64_t)archive_entry_mtime(e) : 0;
    const char *enc = pm_arin_encrypted(e);
    if (enc) {
        j->member_skip(j, PM_FILE_SKIPPED, enc, mt);
        return 1;
    }
    struct pm_src ms = {.fd = -1};
    struct member m = {a, in, j, j->level + 1, 0, in->consumed, &ms};
    ms.pull = member_pull;
    ms.ctx = &m;
    j->member_read(j, &ms, mt);
    *bytes += m.out;
    return 0;
}

/* Why the walk ended, on the archive's own item. */
static void walk_outcome(struct pm_job *j, struct archive *a, int rc, uint64_t members,
                         uint64_t encrypted)
{
    struct pm_outcome *o = j->o;
    const char *why = pm_job_stopped(j);
    if (why) {
        /* The top-level file and the archive whose member hit the limit say
         * so; archives in between were read as far as that. */
        if (j->level == 0 || !j->budget->hit[0] || j->budget->hit_level == j->level + 1)
            pm_outcome_partial(o, "%s after %llu members", why, (unsigned long long)members);
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
}

static void archive_walk(struct pm_job *j, enum pm_arformats formats)
{
    struct pm_outcome *o = j->o;
    struct pm_arin in;
    char err[256];
    struct archive *a = pm_arin_open(&in, j->src, j->buf, j->probe->nhead, formats, err,
                                     sizeof err);
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
        int r = read_member(j, a, &in, e, &o->bytes);
        if (r < 0)
            break;
        members++;
        if (r > 0) {
            encrypted++;
            continue;
        }
        if (pm_job_stopped(j))
            break;
    }
    walk_outcome(j, a, rc, members, encrypted);
    /* Compressed data that begins with zero blocks reads as an empty tar
     * archive: read it as one plain stream instead. */
    int empty_tar = members == 0 && formats != PM_AR_RAW && rc == ARCHIVE_EOF &&
                    archive_format(a) >= ARCHIVE_FORMAT_TAR &&
                    archive_format(a) < ARCHIVE_FORMAT_TAR + 0x10000 &&
                    pm_arin_decompressed(a, &in);
    pm_arin_close(a, &in);
    if (empty_tar) {
        if (j->src->fd >= 0) {
            archive_walk(j, PM_AR_RAW);
        } else {
            pm_outcome_partial(o, "not scanned: compressed data that reads as an empty tar "
                                  "archive");
        }
    }
}

static int archive_scan(struct pm_job *j)
{
    archive_walk(j, PM_AR_ALL);
    return PM_EX_DONE;
}

const struct pm_extractor pm_ex_archive = {"archive", archive_bid, archive_scan};
