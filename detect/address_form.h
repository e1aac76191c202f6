/* address_form.h — private to detect/ (postal_address.c): an address's
 * parts as the parser found them, and the forms made from them: the
 * normalised value (hashed) and the masked sample (stored). Never keeps or
 * logs a value.
 */
#ifndef PM_ADDRESS_FORM_H
#define PM_ADDRESS_FORM_H

#include <stddef.h>

struct pm_detector_def;

/* One address: the parts that are normalised, window offsets. */
struct pm_pa_addr {
    size_t st_a, st_e;   /* street line, with its flat or unit */
    size_t pc_a, pc_e;   /* postcode (pc_a == pc_e: none) */
    size_t city_a, city_e;
    size_t reg_a, reg_e; /* state or province (US, CA, AU) */
    size_t sw_a, sw_e;   /* the street word, or a compound's ending ("str"); none if equal */
    size_t end;
};

/* The normalised form of address a in b: "street line, postcode, city[,
 * state]", each part folded (lower case, no accents, ß as ss, runs of
 * other bytes one space), an abbreviated street word in full ("st" as
 * "street"); norm is PM_NORM_MAX bytes. After its NUL, it leaves the mask
 * of the street word as written ("*** St"), for pm_pa_mask. */
void pm_pa_normalise(const unsigned char *b, const struct pm_pa_addr *a, char *norm);
/* postal_address's mask (detector.h): "*** Street, 10*** Berlin", the
 * street word as written; norm is the buffer pm_pa_normalise wrote. */
void pm_pa_mask(const struct pm_detector_def *self, const char *norm, char *out);

#endif
