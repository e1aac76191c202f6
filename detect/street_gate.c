/* street_gate.c — the street suffixes of street_suffixes.h after a
 * capitalised word, found in C for postal_address.c's text_gate.
 *
 * postal_address.c's parser takes those words ("Shoal", "Mill", "St") as
 * the end of a street's name only after a capitalised word, and every
 * street line it accepts with one holds "[A-Z][a-z]*[ \t]+WORD\b". This
 * finds each such WORD (any case) and hands back the stretch before it
 * where an address may start. Offsets only: it keeps nothing it reads.
 */
#include <string.h>

#include "detect/bytes.h"
#include "detect/street_gate.h"
#include "detect/street_suffixes.h"
#include "detect/textmask.h"

/* The street suffixes after a capitalised word: what the start pattern
 * [A-Z][a-z]*[ \t]+(?i:SUFFIX|st)\b found ("Howell Shoal", "Henry mill",
 * "Main St"), in C. As a Vectorscan pattern its 329 caseless words cost
 * more than 4 instructions a byte of a digit-dense log, on every byte;
 * here bit masks find the blanks right after "[A-Z][a-z]*" (a log line
 * holds one or two), and only there is the next word looked up. */
#define SUFFIX_ITEM(w) w,
static const char *const suffix_words[] = {PM_STREET_SUFFIXES(SUFFIX_ITEM)}; /* sorted */
#define NSUFFIX (sizeof suffix_words / sizeof suffix_words[0])

/* 1 if b[i, e) is a suffix word (or "st"), in any case: a binary search
 * that compares first letters inline (most words of a log are decided
 * there), the rest only when they agree. */
static int is_suffix(const unsigned char *b, size_t i, size_t e)
{
    char w[16];
    if (e - i < 2 || e - i >= sizeof w)
        return 0;
    for (size_t k = i; k < e; k++)
        w[k - i] = (char)(b[k] | 0x20); /* letters only, checked by the caller */
    w[e - i] = '\0';
    if (e - i == 2)
        return w[0] == 's' && w[1] == 't';
    size_t lo = 0, hi = NSUFFIX;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        const char *s = suffix_words[mid];
        int c = (unsigned char)w[0] - (unsigned char)s[0];
        if (c == 0)
            c = strcmp(w + 1, s + 1);
        if (c == 0)
            return 1;
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return 0;
}

/* The word after the blanks at b[i]: a suffix word standing alone (\b after
 * it: no ASCII letter, digit or '_', or the window's end, where the text
 * may go on either way) opens the stretch the start pattern's hit did,
 * PM_ADDR_MAX bytes before its end. */
static void suffix_after(const unsigned char *b, size_t i, size_t len,
                         void (*add)(void *ctx, size_t a, size_t b), void *ctx)
{
    while (i < len && (b[i] == ' ' || b[i] == '\t'))
        i++;
    size_t e = i;
    while (e < len && pm_is_letter(b[e]))
        e++;
    if (e == i || (e < len && pm_is_word(b[e])) || !is_suffix(b, i, e))
        return;
    add(ctx, e > PM_ADDR_MAX + 1 ? e - PM_ADDR_MAX - 1 : 0, e);
}

/* Bit masks per 64 bytes (the window's, textmask.h): q marks the bytes that
 * end "[A-Z][a-z]*" (an upper-case letter, or the lower-case run after
 * one: adding the run's first bit carries through the run), and a blank
 * right after such a byte is where the words are read. Before the window
 * there may have been a capital: its first bytes count as after one. */
void pm_street_gate(const char *buf, size_t len, size_t from, size_t limit,
                    const struct pm_textmasks *tm,
                    void (*add)(void *ctx, size_t a, size_t b), void *ctx)
{
    (void)from; /* a suffix opens the bytes before it: all are read */
    (void)limit;
    const unsigned char *b = (const unsigned char *)buf;
    uint64_t prev = 1; /* q of the byte before the block */
    for (size_t o = 0, i = 0; o < len; o += 64, i++) {
        uint64_t up = tm->up[i];
        if (!up && !prev)
            continue; /* no capital, none before: no "[A-Z][a-z]*" ends here */
        uint64_t low = tm->low[i];
        uint64_t seed = (up << 1 | prev) & low;
        uint64_t q = up | (((low + seed) ^ low) & low);
        uint64_t c = (q << 1 | prev) & tm->blank[i];
        for (; c; c &= c - 1)
            suffix_after(b, o + (size_t)__builtin_ctzll(c), len, add, ctx);
        prev = q >> 63;
    }
}
