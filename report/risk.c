/* risk.c — risk flags of an item, from its mode, age and findings. Reads
 * only the record it is given. */
#include <string.h>

#include "report/risk.h"

/* Identity data: a value that identifies a person by itself. */
static int identity_detector(const char *id)
{
    static const char *const ids[] = {"credit_card", "us_ssn", "iban", "uk_nino", "ca_sin",
                                      "fr_nir", "es_dni", "nl_bsn", "in_aadhaar", "de_tax_id",
                                      "it_fiscal_code", "uk_nhs", "pl_pesel", "br_cpf",
                                      "se_personnummer", "au_tfn", "us_itin", "uk_passport",
                                      "de_passport", "us_passport", "date_of_birth", NULL};
    for (const char *const *p = ids; *p; p++)
        if (strcmp(id, *p) == 0)
            return 1;
    return 0;
}

unsigned pm_risk_flags(const struct pm_inv_file *f, int stale_days, time_t now)
{
    unsigned r = 0;
    int identity = 0, contact = 0;
    uint64_t distinct = 0;
    for (size_t i = 0; i < f->nfindings; i++) {
        /* Known test numbers identify nobody: only a real one counts. */
        identity += identity_detector(f->findings[i].detector) &&
                    f->findings[i].occurrences > f->findings[i].test_value;
        /* Who the identity data belongs to: a way to reach them, or their
         * name (names next to SSNs or cards are a sensitive combination). */
        contact += strcmp(f->findings[i].detector, "email") == 0 ||
                   strcmp(f->findings[i].detector, "phone") == 0 ||
                   strcmp(f->findings[i].detector, "person_name") == 0 ||
                   strcmp(f->findings[i].detector, "postal_address") == 0;
        distinct += f->findings[i].distinct;
    }
    if ((f->mode & 0004) || (f->mode & 0022) || (f->acl && *f->acl))
        r |= PM_RISK_EXPOSED;
    if (stale_days > 0 && f->mtime > 0 && now - f->mtime > (time_t)stale_days * 86400)
        r |= PM_RISK_STALE;
    if (distinct >= PM_BULK_DISTINCT)
        r |= PM_RISK_BULK;
    if (identity >= 2 || (identity >= 1 && contact >= 1))
        r |= PM_RISK_SENSITIVE;
    return r;
}

const char *pm_risk_name(unsigned i)
{
    static const char *const names[PM_RISK_COUNT] = {"exposed", "stale", "bulk",
                                                     "sensitive-combination"};
    return i < PM_RISK_COUNT ? names[i] : "";
}

int pm_risk_score(unsigned flags)
{
    return 3 * !!(flags & PM_RISK_EXPOSED) + 2 * !!(flags & PM_RISK_SENSITIVE) +
           2 * !!(flags & PM_RISK_BULK) + !!(flags & PM_RISK_STALE);
}
