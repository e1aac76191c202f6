/* people.h — which findings stand for a person in the people estimate, and
 * the names of the rule, shared by the scanner (record/people.c links keys
 * within a record) and the reports (report/people.c joins them).
 *
 * A person key is an identifier one person holds and few share: an e-mail
 * address, a phone number, a card, an IBAN, a passport or national number.
 * An attribute (a birth date, a name, a postal address) belongs to the
 * person of its record but is shared by many people, so it never joins
 * records and is no person on its own. Everything else (IP addresses,
 * user-defined detectors) is neither. Only ids are known here: never a
 * value, never a detector's code.
 */
#ifndef PM_PEOPLE_H
#define PM_PEOPLE_H

enum pm_person_role { PM_ROLE_NONE = 0, PM_ROLE_KEY, PM_ROLE_ATTRIBUTE };

/* The role of the built-in detector `id`; PM_ROLE_NONE for an unknown id. */
enum pm_person_role pm_person_role(const char *id);

/* A record links its keys into one person only when it holds at least 2
 * and at most PM_PEOPLE_RECORD_KEYS distinct keys, and at most
 * PM_PEOPLE_SAME_KIND of any one detector: a log paragraph or a mailing
 * list holding many people's addresses is not one person. */
#define PM_PEOPLE_RECORD_KEYS 8
#define PM_PEOPLE_SAME_KIND 2

/* The data map's people.method: records linked in this scan, or (a scan
 * made before links were kept) one person per distinct key. */
#define PM_PEOPLE_METHOD_LINKED                                                       \
    "record links: the person keys of one record (2-8, at most 2 of a kind) are one " \
    "person; records sharing a key are joined"
#define PM_PEOPLE_METHOD_DISTINCT "distinct person keys: this scan kept no record links"

#endif
