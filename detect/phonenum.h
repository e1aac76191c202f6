/* phonenum.h — is this phone number real? libphonenumber's metadata, from C.
 *
 * A thin C face on a C++ shim (phonenum.cc) over Debian's libphonenumber. The
 * phone detector (phone.c) calls it on candidates only, after its own cheap
 * checks in C: never per byte of text. Every function is safe to call from
 * any number of threads at once (libphonenumber's PhoneNumberUtil is a
 * process-wide singleton, created once under pthread_once, whose methods used
 * here are const and lock its regular-expression cache). No C++ exception
 * ever leaves these functions, and nothing here prints, logs or keeps a
 * number: the shim silences libphonenumber's logger once, at first use.
 */
#ifndef PM_PHONENUM_H
#define PM_PHONENUM_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* E.164 is at most '+' and 15 digits; the region is two letters ("DE"),
 * or "001" for non-geographic numbers. */
#define PM_E164_MAX 20
#define PM_REGION_MAX 4

struct pm_phonenum {
    char e164[PM_E164_MAX];     /* "+499075793834": the form that is hashed */
    char region[PM_REGION_MAX]; /* the region the number belongs to ("DE") */
    int mobile;                 /* 1: a mobile number (or, as in North America,
                                 * one that may be mobile or fixed) */
};

/* Checks one number: `num` is n bytes of digits, with a leading '+' when it
 * is written in international form (then `region` may be NULL). Without a
 * '+', `region` (two upper-case letters) says whose national format it is.
 * national_trunk: 1 demands that a national number start with the region's
 * trunk prefix where the region has one ("0" in DE, GB, FR, ...), so that a
 * bare digit run is not read as a number without its trunk 0.
 * Returns 1 if libphonenumber holds it valid (out filled), 0 if not, -1 on
 * an internal error (out of memory): the caller treats that as not valid. */
int pm_phonenum_check(const char *num, size_t n, const char *region, int national_trunk,
                      struct pm_phonenum *out);

/* What the phone detector's C checks need to know of a region, asked once
 * (scan --region): its country calling code ("49"), its trunk prefix ("0"
 * in DE; "" where there is none, and for North American regions, flagged
 * nanpa), and the lengths a national
 * significant number may have there (bit L set: L digits possible).
 * `region` is two upper-case letters. Returns 0, or -1 if libphonenumber
 * knows no such region. */
int pm_phonenum_region_info(const char *region, char code[4], char trunk[4], int *nanpa,
                            unsigned long *lengths);

#ifdef __cplusplus
}
#endif

#endif
