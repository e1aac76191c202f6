/* magicent.h — the layout of one entry (struct magic) of libmagic's compiled
 * database, format version 18 (file 5.4x), as magicdb.c and magicplain.c
 * read it: field offsets, flags, types. Internal to extract/.
 *
 * Only what the readers use; it must follow file.h of the libmagic whose
 * database they read (magicdb.c checks the version before anything else).
 */
#ifndef PM_MAGICENT_H
#define PM_MAGICENT_H

#define M_SIZE 376
#define M_MAGICNO 0xF11E041Cu
#define M_VERSION 18u
#define O_CONT 0
#define O_FLAG 2
#define O_RELN 4
#define O_VALLEN 5
#define O_TYPE 6
#define O_MASKOP 9
#define O_COND 10
#define O_OFFSET 12
#define O_MASK 24 /* num_mask, or str_range (low 32 bits) and str_flags (high) */
#define O_VALUE 32
#define O_DESC 160
#define O_MIME 224
#define F_INDIRECT 0x01
#define F_OFFADD 0x02
#define F_INDIROFFADD 0x04
#define F_UNSIGNED 0x08
#define F_BINTEST 0x20
#define F_TEXTTEST 0x40
#define F_NEGATIVE 0x80
enum { T_DEFAULT = 3, T_INDIRECT = 41, T_NAME = 45, T_USE = 46, T_CLEAR = 47 };
enum { T_BYTE = 1, T_SHORT = 2, T_LONG = 4, T_STRING = 5, T_BESHORT = 7, T_BELONG = 8,
       T_LESHORT = 10, T_LELONG = 11, T_REGEX = 17, T_BESTRING16 = 18, T_LESTRING16 = 19,
       T_PSTRING = 13, T_SEARCH = 20, T_QUAD = 24, T_LEQUAD = 25, T_BEQUAD = 26, T_GUID = 49,
       T_OCTAL = 59 };
#define S_WS_COMPACT 0x01u
#define S_WS_OPTIONAL 0x02u
#define S_LOWER 0x04u   /* a lower-case pattern letter matches either case */
#define S_UPPER 0x08u   /* an upper-case pattern letter matches either case */
#define S_CASE (S_LOWER | S_UPPER)
#define S_TEXTTEST 0x20u /* /t: a string test for text files only */
#define S_BINTEST 0x40u  /* /b: for binary files only */
#define S_LINES 0x800u  /* REGEX_LINE_COUNT: a regex's range counts lines */
/* mask_op: the operation (low 3 bits), and the result inverted */
#define MOP_OPS 0x07
#define MOP_INVERSE 0x40

#endif
