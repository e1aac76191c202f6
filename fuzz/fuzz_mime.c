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
 * counted from 1; a read never returns more than asked.
 */
#include <string.h>

#include "extract/mail/mime.h"
#include "fuzz/fuzz.h"

struct input {
    const uint8_t *data;
    size_t size, at;
    struct pm_fuzz_cut cut;
    int ended; /* pull returned 0 */
};

static long pull(void *ctx, void *buf, size_t n)
{
    struct input *in = ctx;
    size_t k = pm_fuzz_cut_next(&in->cut, in->size - in->at);
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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct input in = {0};
    pm_fuzz_cut_init(&in.cut, &data, &size, 0);
    unsigned mode = 0;
    if (size > 0) {
        mode = data[0];
        data++, size--;
    }
    in.data = data;
    in.size = size;
    /* 1 .. 16 KiB reads, and parts whose number has bit (mode >> 4) & 3 set
     * are left unread. */
    size_t rsize = (size_t)1 << (mode & 15);
    if (rsize > 16384)
        rsize = 16384;
    unsigned skip_bit = (mode >> 4) & 3;
    static char buf[16384];

    struct pm_mime *m = pm_mime_new(pull, &in);
    PM_FUZZ_CHECK(m != NULL);
    struct pm_mime_part part;
    int rc;
    unsigned nth = 0;
    while ((rc = pm_mime_next(m, &part)) == 1) {
        check_part(&part);
        if ((++nth >> skip_bit) & 1 && skip_bit)
            continue;
        long k;
        while ((k = pm_mime_read(m, buf, rsize)) > 0)
            PM_FUZZ_CHECK((size_t)k <= rsize);
        PM_FUZZ_CHECK(k == 0);
    }
    PM_FUZZ_CHECK(rc == 0);
    PM_FUZZ_CHECK(pm_mime_error(m)[0] == '\0');
    PM_FUZZ_CHECK(in.ended);
    struct pm_mime_stats st;
    pm_mime_stats(m, &st);
    PM_FUZZ_CHECK(nth == 0 || st.messages >= 1);
    pm_mime_free(m);
    return 0;
}
