/* confidence.h — how sure a finding is, and the one table of its names
 * ("low", "medium", "high") used by detectors, --min-confidence, user
 * detector files and the data maps. Names only: no detection logic here. */
#ifndef PM_CONFIDENCE_H
#define PM_CONFIDENCE_H

/* Validation sets the base; a context word near the value (card, ssn, phone,
 * iban, dob, ... in several languages) raises it by one level. Weak formats
 * are only reported with context. */
enum pm_confidence {
    PM_CONF_NONE = 0, /* rejected */
    PM_CONF_LOW = 1,
    PM_CONF_MEDIUM = 2,
    PM_CONF_HIGH = 3,
};

/* "low", "medium", "high" for 1..3; "none" for anything else. */
const char *pm_confidence_name(int c);
/* "low", "medium", "high" -> level; 0 if unknown. */
int pm_confidence_parse(const char *s);

#endif
