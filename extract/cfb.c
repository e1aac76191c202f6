/* cfb.c — OLE2 compound files (cfb.h): header, FAT through the DIFAT,
 * directory, mini FAT and mini stream; a named stream read whole.
 *
 * Every sector number is checked against the sectors present, every chain
 * walked with a bitmap of the sectors it has visited (a loop is an error,
 * never a hang), every size against the file and the caller's cap. Must
 * never read outside data[0..n) nor trust a declared count.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "extract/cfb.h"

#define END_OF_CHAIN 0xFFFFFFFEu
#define FREE_SECT 0xFFFFFFFFu
#define MINI_SHIFT 6
#define MINI_CUTOFF 4096u
#define DIR_ENTRY 128u

static uint32_t u32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}
static uint16_t u16(const unsigned char *p) { return (uint16_t)(p[0] | p[1] << 8); }

static int fail(char *err, size_t errsz, const char *msg)
{
    snprintf(err, errsz, "OLE2: %s", msg);
    return -1;
}

/* A chain of sectors (mini = 0, of the file) or mini sectors (mini = 1, of
 * the mini stream). */
struct chain {
    const unsigned char *base; /* unit k is base + (k << shift) ... */
    size_t nbase;              /* ... within nbase bytes */
    unsigned shift;
    const uint32_t *next;      /* the FAT or the mini FAT */
    uint32_t nnext;
};

static struct chain chain_of(const struct pm_cfb *c, int mini)
{
    struct chain ch;
    if (mini) {
        ch = (struct chain){c->ministream, c->nministream, MINI_SHIFT, c->minifat, c->nminifat};
    } else {
        size_t hdr = (size_t)1 << c->shift;
        ch = (struct chain){c->data + hdr, c->n - hdr, c->shift, c->fat, c->nfat};
    }
    return ch;
}

/* Reads the chain from `start` into a new buffer: `size` bytes, or the
 * whole chain to its end when size is SIZE_MAX (at most `cap` bytes then).
 * A unit past the bytes present, past the table, or visited twice fails. */
static int chain_read(const struct chain *ch, uint32_t start, size_t size, size_t cap,
                      unsigned char **out, size_t *outn, char *err, size_t errsz)
{
    size_t unit = (size_t)1 << ch->shift;
    size_t nunits = (ch->nbase + unit - 1) >> ch->shift; /* the last one may be cut short */
    size_t whole = size == SIZE_MAX;
    unsigned char *seen = calloc(nunits / 8 + 1, 1);
    size_t room = whole ? 0 : size, got = 0;
    unsigned char *buf = malloc(room ? room : 1);
    if (!seen || !buf) {
        free(seen);
        free(buf);
        return fail(err, errsz, "out of memory");
    }
    uint32_t s = start;
    while (whole ? s != END_OF_CHAIN : got < size) {
        const char *why = s >= nunits || s >= ch->nnext ? "sector number out of range"
                          : seen[s / 8] & (1u << (s % 8)) ? "sector chain loops"
                                                          : NULL;
        if (whole && !why && got + unit > cap)
            why = "chain longer than allowed";
        if (why) {
            free(seen);
            free(buf);
            return fail(err, errsz, why);
        }
        seen[s / 8] |= (unsigned char)(1u << (s % 8));
        if (whole && got + unit > room) { /* doubling: a long chain is not quadratic */
            size_t want = room ? 2 * room : 16 * unit;
            unsigned char *nb = realloc(buf, want < cap ? want : cap);
            if (!nb) {
                free(seen);
                free(buf);
                return fail(err, errsz, "out of memory");
            }
            buf = nb;
            room = want < cap ? want : cap;
        }
        size_t k = (whole ? unit : room - got < unit ? room - got : unit);
        size_t off = (size_t)s << ch->shift, have = ch->nbase - off < k ? ch->nbase - off : k;
        memcpy(buf + got, ch->base + off, have);
        memset(buf + got + have, 0, k - have);
        got += k;
        s = ch->next[s];
    }
    free(seen);
    *out = buf;
    *outn = got;
    return 0;
}

/* The FAT: the sector numbers of its sectors are the header's first 109
 * DIFAT entries, then the DIFAT sectors' (each ending with the next one). */
static int load_fat(struct pm_cfb *c, uint32_t nfatsect, char *err, size_t errsz)
{
    size_t per = ((size_t)1 << c->shift) / 4;
    if (nfatsect == 0 || nfatsect > c->nsect)
        return fail(err, errsz, "bad FAT sector count");
    c->fat = malloc((size_t)nfatsect * per * sizeof *c->fat);
    unsigned char *seen = calloc(c->nsect / 8 + 1, 1);
    if (!c->fat || !seen) {
        free(seen);
        return fail(err, errsz, "out of memory");
    }
    const unsigned char *ids = c->data + 76;
    size_t nids = 109, at = 0;
    uint32_t difat = u32(c->data + 68);
    for (uint32_t i = 0; i < nfatsect; i++, at++) {
        if (at == nids) { /* on to the next DIFAT sector */
            if (difat >= c->nsect || (seen[difat / 8] & (1u << (difat % 8)))) {
                free(seen);
                return fail(err, errsz, "bad DIFAT chain");
            }
            seen[difat / 8] |= (unsigned char)(1u << (difat % 8));
            ids = c->data + ((size_t)(difat + 1) << c->shift);
            nids = per - 1;
            difat = u32(ids + nids * 4);
            at = 0;
        }
        uint32_t s = u32(ids + at * 4);
        if (s >= c->nsect) {
            free(seen);
            return fail(err, errsz, "FAT sector out of range");
        }
        const unsigned char *p = c->data + ((size_t)(s + 1) << c->shift);
        for (size_t k = 0; k < per; k++)
            c->fat[(size_t)i * per + k] = u32(p + k * 4);
    }
    free(seen);
    c->nfat = (uint32_t)((size_t)nfatsect * per);
    return 0;
}

/* The mini FAT and the mini stream (the root entry's stream). */
static int load_mini(struct pm_cfb *c, char *err, size_t errsz)
{
    struct chain ch = chain_of(c, 0);
    unsigned char *raw;
    size_t nraw;
    uint32_t first = u32(c->data + 60);
    if (first != END_OF_CHAIN && first != FREE_SECT) {
        if (chain_read(&ch, first, SIZE_MAX, c->n, &raw, &nraw, err, errsz) != 0)
            return -1;
        c->minifat = malloc(nraw / 4 * sizeof *c->minifat + 1);
        if (!c->minifat) {
            free(raw);
            return fail(err, errsz, "out of memory");
        }
        c->nminifat = (uint32_t)(nraw / 4);
        for (size_t k = 0; k < c->nminifat; k++)
            c->minifat[k] = u32(raw + k * 4);
        free(raw);
    }
    uint64_t size = pm_cfb_size(c, 0);
    uint32_t start = u32(c->dir + 116);
    if (size == 0 || start == END_OF_CHAIN)
        return 0;
    if (size > c->n)
        return fail(err, errsz, "mini stream larger than the file");
    return chain_read(&ch, start, (size_t)size, 0, &c->ministream, &c->nministream, err,
                      errsz);
}

int pm_cfb_open(struct pm_cfb *c, const unsigned char *data, size_t n, char *err, size_t errsz)
{
    memset(c, 0, sizeof *c);
    c->data = data;
    c->n = n;
    if (n < 512 || memcmp(data, PM_CFB_MAGIC, 8) != 0)
        return fail(err, errsz, "not a compound file");
    unsigned major = u16(data + 26), shift = u16(data + 30);
    if (u16(data + 28) != 0xFFFE || !((major == 3 && shift == 9) || (major == 4 && shift == 12)) ||
        u16(data + 32) != MINI_SHIFT || u32(data + 56) != MINI_CUTOFF)
        return fail(err, errsz, "unsupported header (version, byte order or sector size)");
    c->shift = shift;
    if (n >> shift < 2)
        return fail(err, errsz, "truncated");
    c->nsect = (uint32_t)((n >> shift) - 1 > 0xFFFFFFF0u ? 0xFFFFFFF0u : (n >> shift) - 1);
    if (load_fat(c, u32(data + 44), err, errsz) != 0)
        goto bad;
    struct chain ch = chain_of(c, 0);
    size_t ndir;
    if (chain_read(&ch, u32(data + 48), SIZE_MAX, n, &c->dir, &ndir, err, errsz) != 0)
        goto bad;
    c->ndir = (uint32_t)(ndir / DIR_ENTRY);
    if (c->ndir == 0 || c->dir[66] != 5) {
        fail(err, errsz, "no root entry");
        goto bad;
    }
    if (load_mini(c, err, errsz) != 0)
        goto bad;
    return 0;
bad:
    pm_cfb_close(c);
    return -1;
}

void pm_cfb_close(struct pm_cfb *c)
{
    free(c->fat);
    free(c->minifat);
    free(c->dir);
    free(c->ministream);
    memset(c, 0, sizeof *c);
}

uint64_t pm_cfb_size(const struct pm_cfb *c, int entry)
{
    const unsigned char *e = c->dir + (size_t)entry * DIR_ENTRY;
    uint64_t lo = u32(e + 120), hi = u32(e + 124);
    return c->shift == 9 ? lo : lo | hi << 32; /* version 3 leaves the high half undefined */
}

/* 1 if the entry's name is `name` (ASCII, case-insensitive). */
static int name_is(const unsigned char *e, const char *name)
{
    size_t nb = u16(e + 64), len = strlen(name);
    if (nb < 2 || nb > 64 || nb / 2 - 1 != len)
        return 0;
    for (size_t i = 0; i < len; i++) {
        unsigned ch = u16(e + 2 * i), want = (unsigned char)name[i];
        if (ch >= 'a' && ch <= 'z')
            ch -= 32;
        if (want >= 'a' && want <= 'z')
            want -= 32;
        if (ch != want)
            return 0;
    }
    return 1;
}

int pm_cfb_find(const struct pm_cfb *c, const char *name)
{
    /* The root's children are a tree through left/right sibling links:
     * walked with a stack, each entry once (a cycle ends the walk). */
    uint32_t stack[128];
    size_t top = 0;
    unsigned char *seen = calloc(c->ndir / 8 + 1, 1);
    int found = -1;
    if (!seen)
        return -1;
    stack[top++] = u32(c->dir + 76);
    while (top > 0 && found < 0) {
        uint32_t i = stack[--top];
        if (i >= c->ndir || (seen[i / 8] & (1u << (i % 8))))
            continue;
        seen[i / 8] |= (unsigned char)(1u << (i % 8));
        const unsigned char *e = c->dir + (size_t)i * DIR_ENTRY;
        if (e[66] == 2 && name_is(e, name))
            found = (int)i;
        for (int side = 68; side <= 72; side += 4) /* left, right */
            if (u32(e + side) < c->ndir && top < sizeof stack / sizeof stack[0])
                stack[top++] = u32(e + side);
    }
    free(seen);
    return found;
}

int pm_cfb_read(const struct pm_cfb *c, int entry, size_t cap, unsigned char **out,
                size_t *outn, char *err, size_t errsz)
{
    if (entry <= 0 || (uint32_t)entry >= c->ndir)
        return fail(err, errsz, "no such stream");
    const unsigned char *e = c->dir + (size_t)entry * DIR_ENTRY;
    uint64_t size = pm_cfb_size(c, entry);
    if (size > cap || size > c->n) {
        snprintf(err, errsz, "OLE2: stream of %llu bytes over the %zu allowed",
                 (unsigned long long)size, cap < c->n ? cap : c->n);
        return -1;
    }
    if (size == 0) {
        *out = malloc(1);
        *outn = 0;
        return *out ? 0 : fail(err, errsz, "out of memory");
    }
    struct chain ch = chain_of(c, size < MINI_CUTOFF);
    return chain_read(&ch, u32(e + 116), (size_t)size, 0, out, outn, err, errsz);
}
