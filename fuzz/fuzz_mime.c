/* fuzz_mime.c — the streaming e-mail parser (extract/mail/mime.h) on
 * arbitrary bytes.
 *
 * Input: PM_FUZZ_NSIZES bytes of piece sizes for the pull function (1 .. 256
 * bytes, so lines, boundaries, base64 quanta and encoded-words are cut
 * everywhere), one byte choosing the read size and which parts are left
 * unread (the parser must skip their rest), then the message or mbox.
 *
 * Checked, as mime.h promises: the pull never fails, so neither does the
 * parser; every part's fields are NUL-terminated in their arrays, the type is
 * lower case, the file name has no control bytes, the message number is
 * counted from 1; a read never returns more than asked. Then the message is
 * parsed again, pulled and read in pieces as large as asked: the parts, their
 * bytes and the stats must be the same.
 */
#include <string.h>

#include "extract/mail/mime.h"
#include "fuzz/fuzz.h"

struct input {
    const uint8_t *data;
    size_t size, at;
    struct pm_fuzz_cut *cut; /* NULL: as much as asked */
    int ended;               /* pull returned 0 */
};

static long pull(void *ctx, void *buf, size_t n)
{
    struct input *in = ctx;
    size_t k = in->cut ? pm_fuzz_cut_next(in->cut, in->size - in->at) : in->size - in->at;
    if (k > n)
        k = n;
    if (k == 0) {
        in->ended = 1;
        return 0;
    }
    memcpy(buf, in->data + in->at, k);
    in->at += k;
    return (long)k;
}

static void check_part(const struct pm_mime_part *p)
{
    PM_FUZZ_CHECK(p->kind == PM_MIME_HEADERS || p->kind == PM_MIME_TEXT ||
                  p->kind == PM_MIME_ATTACHMENT);
    const char *t = memchr(p->content_type, '\0', sizeof p->content_type);
    PM_FUZZ_CHECK(t != NULL);
    for (const char *c = p->content_type; c < t; c++)
        PM_FUZZ_CHECK(!(*c >= 'A' && *c <= 'Z'));
    const char *f = memchr(p->filename, '\0', sizeof p->filename);
    PM_FUZZ_CHECK(f != NULL);
    for (const unsigned char *c = (const unsigned char *)p->filename; c < (const unsigned char *)f;
         c++)
        PM_FUZZ_CHECK(*c >= 0x20 && *c != 0x7f);
    PM_FUZZ_CHECK(p->message >= 1);
}

/* Parses the input, reading with rsize-byte reads and leaving unread the
 * parts whose number has bit skip_bit set (0: none); d gets every part and
 * its bytes. */
static void parse(struct input *in, size_t rsize, unsigned skip_bit, struct pm_fuzz_digest *d,
                  struct pm_mime_stats *st)
{
    static char buf[16384];
    struct pm_mime *m = pm_mime_new(pull, in);
    PM_FUZZ_CHECK(m != NULL);
    struct pm_mime_part part;
    int rc;
    unsigned nth = 0;
    while ((rc = pm_mime_next(m, &part)) == 1) {
        check_part(&part);
        pm_fuzz_digest_add(d, &part.kind, sizeof part.kind);
        pm_fuzz_digest_add(d, part.content_type, strlen(part.content_type) + 1);
        pm_fuzz_digest_add(d, part.filename, strlen(part.filename) + 1);
        pm_fuzz_digest_add(d, &part.message, sizeof part.message);
        if (skip_bit && (++nth >> skip_bit) & 1)
            continue;
        long k;
        while ((k = pm_mime_read(m, buf, rsize)) > 0) {
            PM_FUZZ_CHECK((size_t)k <= rsize);
            pm_fuzz_digest_add(d, buf, (size_t)k);
        }
        PM_FUZZ_CHECK(k == 0);
        pm_fuzz_digest_add(d, "", 1); /* the part's end */
    }
    PM_FUZZ_CHECK(rc == 0);
    PM_FUZZ_CHECK(pm_mime_error(m)[0] == '\0');
    PM_FUZZ_CHECK(in->ended);
    pm_mime_stats(m, st);
    PM_FUZZ_CHECK(d->n == 0 || st->messages >= 1);
    pm_mime_free(m);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct pm_fuzz_cut cut;
    pm_fuzz_cut_init(&cut, &data, &size, 0);
    unsigned mode = 0;
    if (size > 0) {
        mode = data[0];
        data++, size--;
    }
    /* 1 .. 16 KiB reads, and parts whose number has bit (mode >> 4) & 3 set
     * are left unread. */
    size_t rsize = (size_t)1 << (mode & 15);
    if (rsize > 16384)
        rsize = 16384;
    unsigned skip_bit = (mode >> 4) & 3;

    struct input a = {data, size, 0, &cut, 0}, b = {data, size, 0, NULL, 0};
    struct pm_fuzz_digest da = {0}, db = {0};
    struct pm_mime_stats sa, sb;
    parse(&a, rsize, skip_bit, &da, &sa);
    parse(&b, 16384, skip_bit, &db, &sb);
    PM_FUZZ_CHECK(pm_fuzz_digest_eq(&da, &db));
    PM_FUZZ_CHECK(sa.messages == sb.messages && sa.header_bytes_skipped == sb.header_bytes_skipped &&
                  sa.depth_limit_hits == sb.depth_limit_hits && sa.unclosed == sb.unclosed &&
                  sa.malformed == sb.malformed);
    return 0;
}
