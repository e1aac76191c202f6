/* postcode.h — private to detect/: the postcodes and region codes of the
 * countries postal_address reads (detect/postcode.c), and the byte classes
 * both files read text with.
 *
 * Each shape function reads b[i, lim) and returns where the shape ends, or
 * 0 if none starts at i; a shape never ends glued to a letter or digit.
 * They only read the window: never copy, keep or log any of it.
 */
#ifndef PM_POSTCODE_H
#define PM_POSTCODE_H

#include <stddef.h>

static inline int pm_pa_up(unsigned char c) { return c >= 'A' && c <= 'Z'; }
static inline int pm_pa_low(unsigned char c) { return c >= 'a' && c <= 'z'; }
/* A letter: ASCII, or any byte of a UTF-8 sequence (names and cities). */
static inline int pm_pa_alpha(unsigned char c) { return pm_pa_up(c) || pm_pa_low(c) || c >= 0x80; }
static inline int pm_pa_dig(unsigned char c) { return c >= '0' && c <= '9'; }
static inline int pm_pa_blank(unsigned char c) { return c == ' ' || c == '\t'; }
static inline unsigned char pm_pa_lc(unsigned char c)
{
    return pm_pa_up(c) ? (unsigned char)(c + 32) : c;
}

/* Exactly n digits. */
size_t pm_pa_digits(const unsigned char *b, size_t i, size_t lim, size_t n);
/* UK: "SW1A 1AA", "M1 1AE", "B33 8TH" (the Royal Mail's letter rules). */
size_t pm_pa_uk(const unsigned char *b, size_t i, size_t lim);
/* Canada: "K1A 0B1", "K1A0B1" (no D F I O Q U, no W Z first). */
size_t pm_pa_ca(const unsigned char *b, size_t i, size_t lim);
/* The Netherlands: "1234 AB", "1234AB" (not SA, SD, SS). */
size_t pm_pa_nl(const unsigned char *b, size_t i, size_t lim);
/* India: a six-digit PIN, "560001" or "560 001". */
size_t pm_pa_in(const unsigned char *b, size_t i, size_t lim);

enum pm_pa_country { PM_PA_US, PM_PA_CA, PM_PA_AU };
/* A state's or province's code of the country: "IL", "ON", "NSW". */
size_t pm_pa_region(const unsigned char *b, size_t i, size_t lim, enum pm_pa_country c);

#endif
