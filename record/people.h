/* people.h — one item's person links: which person keys (common/people.h)
 * stand in one record together, as keyed hashes.
 *
 * The reader tells, for every match, the number of the record it lies in
 * (records are counted from the item's start; the extractor says where
 * they end). Keys of one record are held until the record is closed; then
 * a record with 2 to PM_PEOPLE_RECORD_KEYS distinct keys, at most
 * PM_PEOPLE_SAME_KIND of a kind, links them (a star from its first key),
 * and every key is kept as a node. Known test numbers, attributes and
 * other detectors are no keys. Only keyed hashes are held: never a value.
 * Memory: the keys of records not yet closed, and per item at most
 * PM_PEOPLE_CAP nodes and links.
 */
#ifndef PM_RECORD_PEOPLE_H
#define PM_RECORD_PEOPLE_H

#include <stddef.h>
#include <stdint.h>

#include "detect/detector.h"
#include "record/key.h"

#define PM_PEOPLE_CAP 100000

/* A link between two keys of one record (a != b), or a key linked to
 * nothing in this item (a == b); da, db are their detectors' indexes. */
struct pm_people_link {
    unsigned char a[PM_KEY_LEN], b[PM_KEY_LEN];
    int da, db;
};

struct pm_people;

struct pm_people *pm_people_new(const struct pm_detset *set);
void pm_people_free(struct pm_people *p);
/* A new item. */
void pm_people_reset(struct pm_people *p);
/* A match of detector `det` whose keyed hash is h, in record `record`. */
void pm_people_add(struct pm_people *p, uint64_t record, int det,
                   const unsigned char h[PM_KEY_LEN], int test_value);
/* Records numbered below `before` will get no more matches: link them. */
void pm_people_close(struct pm_people *p, uint64_t before);
/* The item is done: closes every record and lists its links and lone keys
 * in *out (valid until the next reset). Returns how many. */
size_t pm_people_finish(struct pm_people *p, const struct pm_people_link **out);
/* Records of the item that linked keys. */
uint64_t pm_people_linked_records(const struct pm_people *p);

#endif
