/* people.c — the role of each built-in detector in the people estimate
 * (common/people.h). Ids only; never a value. */
#include <string.h>

#include "common/people.h"

enum pm_person_role pm_person_role(const char *id)
{
    static const char *const keys[] = {
        "email",    "phone",       "credit_card", "iban",          "us_ssn",     "us_itin",
        "uk_nino",  "ca_sin",      "fr_nir",      "es_dni",        "nl_bsn",     "in_aadhaar",
        "de_tax_id", "it_fiscal_code", "uk_nhs",  "pl_pesel",      "br_cpf",     "se_personnummer",
        "au_tfn",   "uk_passport", "de_passport", "us_passport",   NULL};
    static const char *const attributes[] = {"date_of_birth", "person_name", "postal_address",
                                             NULL};
    if (!id)
        return PM_ROLE_NONE;
    for (const char *const *k = keys; *k; k++)
        if (strcmp(id, *k) == 0)
            return PM_ROLE_KEY;
    for (const char *const *a = attributes; *a; a++)
        if (strcmp(id, *a) == 0)
            return PM_ROLE_ATTRIBUTE;
    return PM_ROLE_NONE;
}
