/* cfb.h — OLE2 compound files (Microsoft's Compound File Binary format, the
 * container of Excel 97-2003 .xls, Word 97-2003 .doc, .ppt, .msg): find a
 * stream by name and read it whole into memory.
 *
 * Works on a file held in memory (the reader of such a file buffers it:
 * streams are sector chains scattered over the file, so it is read at
 * random). Everything a header or a directory entry declares is checked
 * against the bytes present: sector shifts (512 or 4096 only), sector
 * numbers past the file's end, chains that loop or run short, directory
 * trees that cycle, stream sizes over the caller's cap. A hostile file gives
 * an error, never a read out of bounds or an endless loop.
 *
 * Never writes; never allocates more than the file's size for its tables
 * and the caller's cap for a stream.
 */
#ifndef PM_CFB_H
#define PM_CFB_H

#include <stddef.h>
#include <stdint.h>

/* The first eight bytes of every compound file. */
#define PM_CFB_MAGIC "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"

struct pm_cfb {
    const unsigned char *data; /* the whole file, borrowed */
    size_t n;
    unsigned shift;            /* sector size = 1 << shift (9 or 12) */
    uint32_t nsect;            /* sectors present after the header */
    uint32_t *fat;             /* nfat entries: next sector of each */
    uint32_t nfat;
    uint32_t *minifat;         /* nminifat entries: next mini sector */
    uint32_t nminifat;
    unsigned char *dir;        /* the directory stream, ndir entries of 128 bytes */
    uint32_t ndir;
    unsigned char *ministream; /* the root entry's stream: the mini sectors */
    size_t nministream;
};

/* Opens the compound file in data[0..n). Returns 0, or -1 with a message in
 * err (not a compound file, or a broken one). */
int pm_cfb_open(struct pm_cfb *c, const unsigned char *data, size_t n, char *err, size_t errsz);
void pm_cfb_close(struct pm_cfb *c);

/* The directory entry of the stream called name (ASCII, case-insensitive)
 * among the root storage's children (not in sub-storages: an embedded
 * document's streams are its own); -1 if there is none. */
int pm_cfb_find(const struct pm_cfb *c, const char *name);

/* The size the entry declares. */
uint64_t pm_cfb_size(const struct pm_cfb *c, int entry);

/* Reads the stream of entry into a new buffer (*out, free() it; *outn
 * bytes). A stream declared over cap bytes is refused. Returns 0, or -1 with
 * a message in err. */
int pm_cfb_read(const struct pm_cfb *c, int entry, size_t cap, unsigned char **out,
                size_t *outn, char *err, size_t errsz);

/* What a reader of an OLE2 document returns when the document is
 * encrypted (not read: an error, with the reason). */
#define PM_OLE_ENCRYPTED (-2)

#endif
