/* checksum.h — the check-digit algorithms of the detectors, each written once.
 *
 * Built-in detectors and the validators of user-defined detectors (luhn,
 * mod97, mod11, verhoeff, iban) call these. They only compute: they take
 * characters already picked out of the text, never look around them, and
 * never keep or copy a value.
 */
#ifndef PM_CHECKSUM_H
#define PM_CHECKSUM_H

#include <stddef.h>

/* Luhn (ISO/IEC 7812): cards, Canadian SINs. 1 if the n digits pass; 0 if
 * they fail, n is 0, or a character is not a digit. */
int pm_luhn_ok(const char *digits, size_t n);

/* Verhoeff (dihedral group D5): Aadhaar. 1 if the n digits pass; 0 if they
 * fail, n is 0, or a character is not a digit. */
int pm_verhoeff_ok(const char *digits, size_t n);

/* ISO 7064 MOD 97-10 remainder of s[0..n) read as one long number, with the
 * letters A..Z standing for 10..35 (two digits each), carried on from `rem`
 * (0 to start): so a value can be fed in pieces, as an IBAN is. Returns
 * 0..96, or -1 if s holds anything but digits and upper-case letters or
 * rem is -1 (so an error carries through the pieces). */
int pm_mod97(const char *s, size_t n, int rem);

/* Digits whose MOD 97-10 remainder is 1 (the "mod97" user validator). */
int pm_mod97_ok(const char *digits, size_t n);

/* ISO 13616 IBAN check: 15 to 34 upper-case letters and digits, the first
 * four moved to the end, remainder 1. */
int pm_iban_ok(const char *v, size_t n);

/* Weighted mod 11: weights n, n-1, .., 1 from the left, sum divisible by 11
 * (the "mod11" user validator). 0 if n is 0 or a character is not a digit. */
int pm_mod11_ok(const char *digits, size_t n);

#endif
