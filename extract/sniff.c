/* sniff.c — typing a stream from its first bytes (sniff.h): signatures,
 * then libmagic with the small database when the prefilter allows it, or
 * with the small database plus the few tests that may match, else libmagic
 * with the whole database.
 *
 * It must give libmagic's answer and nothing else: a signature is named
 * here only where libmagic's database names it the same whatever follows.
 */
#include <magic.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/bytescan.h"
#include "extract/magicdb.h"
#include "extract/magicplain.h"
#include "extract/sniff.h"

/* libmagic's flags, as the scan has always used them. */
#define PM_MAGIC_FLAGS (MAGIC_MIME_TYPE | MAGIC_ERROR | MAGIC_NO_CHECK_COMPRESS | MAGIC_NO_CHECK_ELF)

/* libmagic (funcs.c, file_buffer) looks at the encoding, then for tar,
 * JSON and CSV, and stops at the first that names the buffer, before any
 * test of its database runs: with the tests and the text checks turned off
 * it takes the same steps on the same bytes, and a JSON or CSV answer from
 * it is the whole answer (only is_json.c and is_csv.c print these). */
#define PM_MAGIC_PRE (MAGIC_NO_CHECK_SOFT | MAGIC_NO_CHECK_TEXT | MAGIC_NO_CHECK_CDF)

/* The same steps split in two for a buffer that opens an object or array
 * and is no tar header: JSON alone first (is_json.c reads the bytes as
 * they are, whatever the encoding check found: without that check, the
 * larger part of the cost, it gives the same verdict), then, if it names
 * nothing, the rest (encoding, tar, CSV, which needs the encoding's
 * verdict) without JSON. */
#define PM_MAGIC_JSON (PM_MAGIC_PRE | MAGIC_NO_CHECK_ENCODING | MAGIC_NO_CHECK_TAR | MAGIC_NO_CHECK_CSV)
#define PM_MAGIC_NOJSON (PM_MAGIC_PRE | MAGIC_NO_CHECK_JSON)

/* A buffer where this many of the prefilter's tests may match (a TSV header
 * with twelve columns meets one of libmagic's regexes) is typed by the small
 * database with those tests put back, not by the whole one; the handles
 * are kept, the least recently used one replaced. */
#define PM_FEW_TESTS 4
#define PM_FEW_KEPT 8

struct few {
    magic_t m;        /* NULL: slot free */
    void *buf;        /* its compiled database (libmagic reads it in place) */
    int k;
    uint32_t ids[PM_FEW_TESTS];
    uint64_t idle;    /* the groups left out */
    unsigned long used;
};

struct pm_typer {
    magic_t full;     /* the whole database */
    magic_t pre;      /* libmagic's checks before its tests: tar, JSON, CSV; NULL: not usable */
    magic_t json;     /* those split in two (PM_MAGIC_JSON, PM_MAGIC_NOJSON); */
    magic_t nojson;   /* NULL: not usable */
    magic_t small;    /* the prefilter's small database; NULL: not usable */
    const struct pm_magicdb *db;
    const struct pm_plain *quiet; /* NULL: text always goes to libmagic */
    int loaded;
    unsigned long counts[PM_TYPE_HOWS];
    struct few few[PM_FEW_KEPT];
    unsigned long clock;
};

/* The proof that the small database prints nothing (magicplain.h), built
 * once per process from the shared prefilter; NULL if it cannot be. */
static pthread_once_t quiet_once = PTHREAD_ONCE_INIT;
static struct pm_plain *quiet_shared;

static void quiet_load(void)
{
    const struct pm_magicdb *db = pm_magicdb_get();
    quiet_shared = db ? pm_plain_new(db) : NULL;
}

struct pm_typer *pm_typer_new(void) { return calloc(1, sizeof(struct pm_typer)); }

void pm_typer_free(struct pm_typer *t)
{
    if (!t)
        return;
    if (t->full)
        magic_close(t->full);
    if (t->small)
        magic_close(t->small);
    if (t->pre)
        magic_close(t->pre);
    if (t->json)
        magic_close(t->json);
    if (t->nojson)
        magic_close(t->nojson);
    for (int i = 0; i < PM_FEW_KEPT; i++) {
        if (t->few[i].m)
            magic_close(t->few[i].m);
        free(t->few[i].buf);
    }
    free(t);
}

void pm_typer_counts(const struct pm_typer *t, unsigned long counts[PM_TYPE_HOWS])
{
    memcpy(counts, t->counts, sizeof t->counts);
}

/* A handle with these flags and the compiled database buf[0 .. sz); NULL
 * if it cannot be made. */
static magic_t open_loaded(int flags, void *buf, size_t sz)
{
    magic_t m = magic_open(flags);
    if (m && magic_load_buffers(m, &buf, &sz, 1) != 0) {
        magic_close(m);
        m = NULL;
    }
    return m;
}

/* Loads both handles on first use; the small one only if the prefilter
 * could read the database. */
static int typer_load(struct pm_typer *t, char *err, size_t errsz)
{
    if (t->loaded)
        return 0;
    magic_t m = magic_open(PM_MAGIC_FLAGS);
    if (!m || magic_load(m, NULL) != 0) {
        snprintf(err, errsz, "libmagic: cannot load the magic database: %s",
                 m && magic_error(m) ? magic_error(m) : "out of memory");
        if (m)
            magic_close(m);
        return -1;
    }
    t->full = m;
    t->db = pm_magicdb_get();
    if (t->db) {
        size_t sz;
        void *buf = pm_magicdb_small(t->db, &sz);
        t->small = open_loaded(PM_MAGIC_FLAGS, buf, sz);
        /* The same database (libmagic wants one loaded) with its tests off. */
        t->pre = open_loaded(PM_MAGIC_FLAGS | PM_MAGIC_PRE, buf, sz);
        t->json = open_loaded(PM_MAGIC_FLAGS | PM_MAGIC_JSON, buf, sz);
        t->nojson = t->json ? open_loaded(PM_MAGIC_FLAGS | PM_MAGIC_NOJSON, buf, sz) : NULL;
        pthread_once(&quiet_once, quiet_load);
        t->quiet = t->small && t->pre ? quiet_shared : NULL;
    }
    t->loaded = 1;
    return 0;
}

/* The handle for the small database with tests ids[0..k) put back and the
 * groups in idle left out; NULL if it cannot be made (the caller asks the
 * whole database). */
static magic_t few_get(struct pm_typer *t, const uint32_t *ids, int k, uint64_t idle)
{
    struct few *slot = &t->few[0];
    for (int i = 0; i < PM_FEW_KEPT; i++) {
        struct few *f = &t->few[i];
        if (f->m && f->k == k && f->idle == idle &&
            memcmp(f->ids, ids, (size_t)k * sizeof *ids) == 0) {
            f->used = ++t->clock;
            return f->m;
        }
        if (!f->m ? slot->m != NULL : slot->m && f->used < slot->used)
            slot = f;
    }
    if (slot->m)
        magic_close(slot->m);
    free(slot->buf);
    memset(slot, 0, sizeof *slot);
    size_t sz;
    void *buf = pm_magicdb_with(t->db, ids, k, idle, &sz);
    magic_t m = buf ? magic_open(PM_MAGIC_FLAGS) : NULL;
    if (!m || magic_load_buffers(m, &buf, &sz, 1) != 0) {
        if (m)
            magic_close(m);
        free(buf);
        return NULL;
    }
    *slot = (struct few){.m = m, .buf = buf, .k = k, .idle = idle, .used = ++t->clock};
    memcpy(slot->ids, ids, (size_t)k * sizeof *ids);
    return m;
}

static int has(const unsigned char *buf, size_t n, size_t off, const char *sig, size_t len)
{
    return n >= off + len && memcmp(buf + off, sig, len) == 0;
}

const char *pm_sniff_container(const unsigned char *buf, size_t n)
{
    if (has(buf, n, 0, "%PDF-", 5))
        return "application/pdf";
    if (has(buf, n, 0, "\xFD" "7zXZ\0", 6))
        return "application/x-xz";
    if (has(buf, n, 0, "7z\xBC\xAF\x27\x1C", 6))
        return "application/x-7z-compressed";
    if (has(buf, n, 0, "\x28\xB5\x2F\xFD", 4))
        return "application/zstd";
    /* bzip2: the block or end-of-stream magic after the level digit */
    if (has(buf, n, 0, "BZh", 3) && n >= 10 && buf[3] >= '1' && buf[3] <= '9' &&
        (has(buf, n, 4, "1AY&SY", 6) || has(buf, n, 4, "\x17rE8P\x90", 6)))
        return "application/x-bzip2";
    /* gzip, deflate method (the only one gzip writes) */
    if (has(buf, n, 0, "\x1F\x8B\x08", 3) && n >= 18)
        return "application/gzip";
    /* SQLite 3 with a page size, as the database's rule checks */
    if (has(buf, n, 0, "SQLite format 3\0", 16) && n >= 100 && (buf[16] | buf[17]) != 0)
        return "application/vnd.sqlite3";
    return NULL;
}

/* 1 if libmagic's JSON or CSV check may name buf: JSON (is_json.c) needs an
 * object or an array, so its first byte after white space is { or [; CSV
 * (is_csv.c) gives up at the first newline unless a comma came before it
 * (or a quote, whose content it skips). Only saves work: a buffer let
 * through that is neither is typed the usual way. */
static int opens_json(const unsigned char *buf, size_t n)
{
    size_t i = 0;
    while (i < n && (buf[i] == ' ' || buf[i] == '\t' || buf[i] == '\n' || buf[i] == '\r'))
        i++;
    return i < n && (buf[i] == '{' || buf[i] == '[');
}

static int may_be_json_or_csv(const unsigned char *buf, size_t n)
{
    if (opens_json(buf, n))
        return 1;
    for (size_t i = 0; i < n && buf[i] != '\n'; i++)
        if (buf[i] == ',' || buf[i] == '"')
            return i + 1 < n && memchr(buf + i, '\n', n - i) != NULL;
    return 0;
}

/* libmagic's csv_parse() (is_csv.c) on buf[0..n): 1 if every line up to
 * the tenth (or the end) holds as many commas outside quotes as the first,
 * at least one, and there are more than two lines or ten. A quoted field
 * ends at a quote not doubled. */
static int csv_like(const unsigned char *buf, size_t n)
{
    size_t nf = 0, tf = 0, nl = 0;
    for (size_t i = 0; i < n;) {
        i += pm_span3((const char *)buf + i, n - i, '"', ',', '\n');
        if (i == n)
            break;
        unsigned char c = buf[i++];
        if (c == '"') {
            int closing = 0;
            while (i < n && (buf[i] == '"' || !closing)) {
                closing = buf[i] == '"' ? !closing : closing;
                i++;
            }
        } else if (c == ',') {
            nf++;
        } else if (c == '\n') {
            if (++nl == 10)
                return tf != 0 && tf == nf;
            if (tf == 0 && nf == 0)
                return 0;
            if (tf == 0)
                tf = nf;
            else if (tf != nf)
                return 0;
            nf = 0;
        }
    }
    return tf && nl > 2;
}

/* The length of the well-formed UTF-8 sequence (RFC 3629: no overlong forms,
 * no surrogates, nothing past U+10FFFF) at p, which holds at least one byte;
 * -1 if it is not one; 0 if the buffer ends inside one. */
static int utf8_len(const unsigned char *p, size_t left)
{
    unsigned c = p[0];
    int len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
    unsigned lo = 0x80, hi = 0xBF;
    if (c < 0xC2 || c > 0xF4)
        return -1;
    if (c == 0xE0)
        lo = 0xA0;
    else if (c == 0xED)
        hi = 0x9F;
    else if (c == 0xF0)
        lo = 0x90;
    else if (c == 0xF4)
        hi = 0x8F;
    for (int k = 1; k < len; k++) {
        if ((size_t)k >= left)
            return 0;
        if (p[k] < (k == 1 ? lo : 0x80) || p[k] > (k == 1 ? hi : 0xBF))
            return -1;
    }
    return len;
}

/* libmagic's text_chars (encoding.c) for ASCII: 1 for the bytes its text
 * may hold (BEL..CR, ESC, printable), 0 for the others; 2 for bytes of 0x80
 * and above (UTF-8 sequences, checked one by one). */
static const unsigned char text_byte[256] = {
    ['\a'] = 1, ['\b'] = 1, ['\t'] = 1, ['\n'] = 1, ['\v'] = 1, ['\f'] = 1, ['\r'] = 1,
    [0x1B] = 1,
    [' ' ... '~'] = 1,
    [0x80 ... 0xFF] = 2,
};

/* How libmagic's encoding checks (encoding.c: looks_ascii, file_looks_utf8)
 * read buf[0..n): 0 not as ASCII or UTF-8 text (a NUL, another control
 * byte than BEL..CR and ESC, malformed UTF-8), 2 as text whose last
 * character is cut off, 1 as text to its end. */
static int text_scan(const unsigned char *buf, size_t n)
{
    for (size_t i = 0; i < n;) {
        i += pm_span_plain(buf + i, n - i); /* the common bytes, 16 at a time */
        while (i < n && text_byte[buf[i]] == 1)
            i++;
        if (i == n)
            break;
        if (text_byte[buf[i]] == 0)
            return 0;
        int len = utf8_len(buf + i, n - i);
        if (len < 0)
            return 0;
        if (len == 0)
            return 2;
        i += (size_t)len;
    }
    return 1;
}

/* 1 if the tests libmagic runs on its text view of buf (encoding.c,
 * ascmagic.c: the text decoded and written back as UTF-8) see buf itself,
 * or a prefix of it, or if buf has no text view: the prefilter reads buf.
 * Not so after a byte-order mark (UTF-8's is cut off, UTF-16 and UTF-32 are
 * decoded), nor for Latin-1 or EBCDIC text (re-encoded); such buffers go to
 * the whole database. A NUL before the trailing ones (which libmagic trims)
 * makes a buffer text in none of its encodings but UTF-16/32, which need the
 * mark; well-formed UTF-8 without other control bytes than BEL..CR and ESC
 * is written back as it was (an incomplete last character is dropped).
 * *text: 1 if buf is moreover plain text: at least two bytes, no NUL,
 * complete UTF-8 or ASCII, not UTF-7's signature (looks_utf7), so that
 * libmagic's text view is buf and its answer text/plain unless a test of
 * its database prints a type. */
static int raw_is_text_view(const unsigned char *buf, size_t n, int *text)
{
    *text = 0;
    if ((n >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0) ||
        (n >= 2 && (memcmp(buf, "\xFE\xFF", 2) == 0 || memcmp(buf, "\xFF\xFE", 2) == 0)) ||
        (n >= 4 && memcmp(buf, "\0\0\xFE\xFF", 4) == 0))
        return 0;
    size_t end = n;
    while (end > 0 && buf[end - 1] == 0)
        end--;
    if (memchr(buf, 0, end))
        return 1;
    int r = text_scan(buf, end);
    *text = r == 1 && end == n && n >= 2 && !(n >= 3 && memcmp(buf, "+/v", 3) == 0);
    return r != 0;
}

/* libmagic's from_oct() (is_tar.c): the octal number in p[0..digs) after
 * blanks, ended by a blank or NUL; -1 if it is none. */
static int tar_octal(const unsigned char *p, size_t digs)
{
    static const char blank[] = " \t\n\v\f\r";
    while (*p && strchr(blank, *p)) {
        p++;
        if (digs-- == 0)
            return -1;
    }
    int v = 0;
    while (digs > 0 && *p >= '0' && *p <= '7') {
        v = (v << 3) | (*p++ - '0');
        digs--;
    }
    if (digs > 0 && *p && !strchr(blank, *p))
        return -1;
    return v;
}

/* 1 if libmagic's tar check (is_tar.c) may name buf: a 512-byte header
 * whose checksum field holds the sum of its bytes, the field counted as
 * blanks. */
static int may_be_tar(const unsigned char *buf, size_t n)
{
    if (n < 512)
        return 0;
    int sum = 8 * ' ';
    for (size_t i = 0; i < 512; i++)
        sum += buf[i];
    for (size_t i = 148; i < 156; i++)
        sum -= buf[i];
    return tar_octal(buf + 148, 8) == sum;
}

/* A JSON type of libmagic's JSON check (NULL: none). */
static int is_json_type(const char *r)
{
    return r && (strcmp(r, "application/json") == 0 || strcmp(r, "application/x-ndjson") == 0);
}

/* libmagic's answer when its JSON or CSV check names buf, else NULL; *none:
 * 1 when neither check can name it (ruled out here, or by libmagic). text:
 * buf is plain text (raw_is_text_view). */
static const char *json_or_csv(struct pm_typer *t, const unsigned char *buf, size_t n, int text,
                               int *none)
{
    *none = 0;
    if (!t->pre || n < 2)
        return NULL;
    if (!may_be_json_or_csv(buf, n)) {
        *none = 1;
        return NULL;
    }
    /* Plain text, no tar, whose first byte after white space opens no
     * object or array: is_json() cannot name it (its top level must hold
     * one), and is_csv() is csv_parse() of the bytes (libmagic finds them
     * text). */
    if (text && !opens_json(buf, n) && !may_be_tar(buf, n)) {
        if (csv_like(buf, n))
            return "text/csv";
        *none = 1;
        return NULL;
    }
    const char *r;
    if (t->nojson && opens_json(buf, n) && !may_be_tar(buf, n)) {
        /* JSON first, without the encoding check; else the others. */
        r = magic_buffer(t->json, buf, n);
        if (is_json_type(r))
            return r;
        r = magic_buffer(t->nojson, buf, n);
    } else {
        r = magic_buffer(t->pre, buf, n);
    }
    if (is_json_type(r) || (r && strcmp(r, "text/csv") == 0))
        return r;
    /* with its tests and text checks off, libmagic's default: no tar,
     * JSON or CSV */
    *none = r && strcmp(r, "application/octet-stream") == 0;
    return NULL;
}

int pm_typer_type(struct pm_typer *t, const unsigned char *buf, size_t n, enum pm_encoding enc,
                  int plain, char *mime, size_t mimesz)
{
    size_t show = enc == PM_ENC_BINARY ? PM_MAGIC_BYTES : PM_MAGIC_TEXT_BYTES;
    /* A cut in the middle of a UTF-8 sequence would read as binary: back off. */
    while (show < n && show > PM_MAGIC_TEXT_BYTES - 4 && (buf[show] & 0xC0) == 0x80)
        show--;
    if (n > show)
        n = show;
    const char *sniffed = plain ? NULL : pm_sniff_container(buf, n);
    if (sniffed) {
        snprintf(mime, mimesz, "%s", sniffed);
        t->counts[PM_TYPE_SNIFF]++;
        return 0;
    }
    if (typer_load(t, mime, mimesz) != 0)
        return -1;
    magic_t m = t->full;
    enum pm_type_how how = PM_TYPE_FULL;
    int none = 0, text = 0, view = !plain && raw_is_text_view(buf, n, &text);
    const char *early = plain ? NULL : json_or_csv(t, buf, n, text, &none);
    if (early) {
        snprintf(mime, mimesz, "%s", early);
        t->counts[PM_TYPE_EARLY]++;
        return 0;
    }
    if (!plain && t->small && view) {
        uint32_t ids[PM_FEW_TESTS];
        uint64_t idle = 0;
        int k = pm_magicdb_candidates(t->db, buf, n, ids, PM_FEW_TESTS, &idle);
        /* Plain text that no decided test can match, no tar, JSON or CSV,
         * and no test of the small database can make print a type:
         * libmagic's text pass says text/plain, so it need not be asked. */
        if (k == 0 && text && none && t->quiet && !may_be_tar(buf, n) &&
            pm_plain_quiet(t->quiet, buf, n, idle)) {
            snprintf(mime, mimesz, "text/plain");
            t->counts[PM_TYPE_PLAIN]++;
            return 0;
        }
        magic_t few = k > 0 || (k == 0 && idle) ? few_get(t, ids, k, idle) : NULL;
        if (k == 0 && !idle) {
            m = t->small;
            how = PM_TYPE_SMALL;
        } else if (few) {
            m = few;
            how = k == 0 ? PM_TYPE_SMALL : PM_TYPE_FEW;
        }
    }
    const char *r = magic_buffer(m, buf, n);
    snprintf(mime, mimesz, "%s", r ? r : "application/octet-stream");
    t->counts[how]++;
    return 0;
}
