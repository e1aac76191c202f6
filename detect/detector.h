/* detector.h — what a detector is, the built-in table and detector sets; the
 * one header callers outside detect/ include.
 *
 * A detector is one descriptor: an id (used in the inventory and the data map),
 * a one-line description, a PCRE2 pattern that says where a value starts and
 * ends, Vectorscan patterns that find where one may be (`starts`), and C
 * functions that validate a candidate (checksums, issuer tables, boundaries),
 * normalise it (the form that is hashed for distinct counting) and mask it (the
 * only form of a value that ever leaves the process).
 *
 * This header also brings in detect/context.h (context words and labels) and
 * detect/matcher.h (the streaming matcher, struct pm_textscan), so
 * `#include "detect/detector.h"` is all a caller needs. Where the parts live
 * is in detect/README.md.
 *
 * Adding a detector:
 *   1. write one new file detect/NAME.c defining
 *      `const struct pm_detector_def pm_det_NAME` (everything else in it
 *      static; checksums from detect/checksum.h, national-id helpers from
 *      detect/idhelp.h);
 *   2. add one line X(NAME) to PM_BUILTIN_DETECTORS below: the order is the
 *      priority when two detectors' validated matches overlap and are as
 *      long and as sure (the longer wins, then the surer, then the earlier);
 *   3. add one line NAME.c to the file list in detect/CMakeLists.txt;
 *   4. add positive and hard-negative rows to tests/data/detectors.tsv.
 * Give it a `cluster_gate` if its values are led by digits (a number: the
 * gate reads the digit cluster's shape, detect/cluster.h; with the
 * gate_digits, gate_groups, gate_all and gate_any every cluster it accepts
 * meets, so that most are refused without a call), `starts` for
 * values not led by digits, and `labelled` if bare values count only after
 * a label, so that the one-pass engine runs it; tests/test_engines.c checks
 * that the engine finds exactly what the PCRE2 reference finds. Without them the
 * pattern itself is tried as a Vectorscan pattern, else it runs on PCRE2 alone.
 *
 * Ownership: the compiled set (struct pm_detset) is built once and then only
 * read, so all worker threads share it. Everything that changes while matching
 * (PCRE2 match data, the chunk window) lives in a struct pm_textscan that
 * belongs to one thread. Pointers passed in are borrowed for the call.
 */
#ifndef PM_DETECTOR_H
#define PM_DETECTOR_H

#include <stddef.h>
#include <stdint.h>

#include "common/confidence.h" /* enum pm_confidence: how sure a finding is */
#include "detect/bytes.h"      /* pm_is_digit, pm_is_word: byte predicates */
#include "detect/cluster.h"    /* digit clusters, for cluster_gate */
#include "detect/context.h"    /* context words: pm_context_near, pm_label_before */
#include "detect/matcher.h"    /* the streaming matcher: pm_textscan_* */

struct pm_textmasks; /* a window's bit masks, for text_gate (detect/textmask.h) */

/* Longest normalised value a validator may write, including the NUL. */
#define PM_NORM_MAX 320
/* Longest masked sample, including the NUL. */
#define PM_MASK_MAX 128
/* Most detectors in one set (built-in and user-defined together). */
#define PM_MAX_DETECTORS 96

struct pm_detector_def {
    const char *id;          /* canonical snake_case id, e.g. "credit_card" */
    const char *description; /* one line for `piimap detectors` */
    const char *pattern;     /* PCRE2 candidate pattern (bytes, no UTF mode) */
    size_t max_len;          /* longest possible match in bytes */
    /* Checks the candidate buf[at .. at + *n) (buf[0..buflen) is the whole
     * window, for boundary checks and context). On success writes the
     * normalised value (NUL-terminated, at most PM_NORM_MAX bytes) and
     * returns its confidence before context; returns PM_CONF_NONE to reject.
     * It may shorten *n when the value ends before the pattern's match did
     * (an IBAN is as long as its country says). NULL accepts every match as
     * it is, at medium confidence. */
    int (*validate)(const struct pm_detector_def *self, const char *buf, size_t buflen,
                    size_t at, size_t *n, char *norm);
    /* Writes the masked form of a normalised value into out (PM_MASK_MAX).
     * norm is the PM_NORM_MAX buffer validate wrote, called right after it:
     * a validator may leave what its mask needs after the value's NUL (the
     * postal address's street word as written, which its hashed form spells
     * out). */
    void (*mask)(const struct pm_detector_def *self, const char *norm, char *out);
    /* Optional prefilter. When `anchor` is set, every match contains that
     * byte, and anchor_start(buf, lo, at) returns where a match holding the
     * anchor at `at` must start (>= lo), or SIZE_MAX if none can. The matcher
     * then finds anchors with memchr and runs the pattern anchored there,
     * instead of trying the pattern at every byte. */
    char anchor;
    size_t (*anchor_start)(const char *buf, size_t lo, size_t at);
    /* Lower-case words that raise confidence when near a match; NULL-ended. */
    const char *const *context;
    /* Optional prefilter for numbers (the PCRE2 reference engine): every
     * match holds at least this many digits inside one cluster of digits
     * joined by short runs of " -./()+". The matcher then runs the pattern
     * only around such clusters. 0: off. */
    unsigned min_digits;
    /* 1: a match counts only with one of its context words near it (within
     * PM_NEAR_BEFORE bytes before it or PM_NEAR_AFTER after), so a window
     * without any of those words is skipped whole. */
    int needs_context;
    /* 1: in a binary's printable runs (pm_textscan_binary), a match below
     * high confidence counts only with one of its context words near it:
     * a run there is a string of a table or a message, alone, and running
     * text's shape says nothing (a place: "Rio Grande", "Mato Grosso" in
     * libphonenumber's geocoding data; a currency, a time zone). Digit
     * detectors (min_digits, cluster_gate) have that rule already. */
    int binary_needs_context;
    /* Where the one-pass engine (detect/vscan.c) looks: Vectorscan patterns,
     * NULL-ended. Every match this detector accepts, buf[p .. e), holds a
     * match of one of them inside buf[p - 1 .. e + 1], so a pattern may take
     * the byte before or after the value ("(?:^|[^0-9])4[0-9]{12}"). The
     * engine runs the PCRE2 pattern only where they match. A match the
     * validator accepts only after a label may be left to `labelled`. */
    const char *const *starts;
    /* Optional, for the one-pass engine, instead of digit-led start
     * patterns: 1 if one of this detector's values may start in digit
     * cluster c of buf[0 .. len) or up to PM_CLUSTER_LEAD bytes before it
     * (detect/cluster.h). The engine then looks there for every cluster the
     * gate accepts, so `starts` need only find the values not led by digits
     * (a '+'). A gate must accept whatever its old start patterns matched:
     * tests/test_engines.c compares the engine with the PCRE2 reference. */
    int (*cluster_gate)(const struct pm_cluster *c, const char *buf, size_t len);
    /* 1: every match this detector accepts starts inside a match of one of
     * `starts` or where it ends (the patterns find the value's first bytes,
     * or the label right before it), so a hit opens only the bytes of its
     * own match, not a whole max_len before it (person_name: a name up to
     * max_len long, found by its given name or its label). */
    int starts_lead;
    /* The fewest digits a cluster the gate accepts holds (at least 1): the
     * engine does not ask about smaller ones, which are most of them (the
     * digits of hex ids and timestamps). With gate_lead, the gate accepts
     * only clusters right after two ASCII letters that start a word
     * (pm_cluster_lead: an IBAN's country code), and is asked about no
     * other. */
    unsigned gate_digits;
    /* The fewest groups (runs of digits) such a cluster has (0: any). Above
     * 31, either is read as 31 (the gate is asked about more clusters). */
    unsigned gate_groups;
    int gate_lead;
    /* What every cluster the gate accepts has, in pm_cluster_shape's bits
     * (detect/cluster.h's PM_CF_: group lengths, a capital before or after):
     * each of gate_all's, and one of gate_any's at least (0: no such
     * rule). The engine asks the gate only about clusters that have them,
     * without a call; a cluster that does not describe all its groups has
     * every bit. They must never refuse what the gate accepts: test_engines
     * checks that on random text. */
    unsigned gate_all, gate_any;
    /* Optional, for the one-pass engine, besides `starts`: a scan in C for
     * what a start pattern would find at too great a cost (a set of words
     * that Vectorscan's literal matcher would look for at every byte of a
     * log). Called once per window buf[0 .. len) whose matches start in
     * [from, limit) (from <= limit <= len), it calls add(ctx, a, b) for each stretch [a, b] (window
     * offsets, either end may lie outside [from, limit)) where a match may
     * start; it must give every start the detector accepts, as the start
     * pattern it replaces did, and may give more. tm holds the window's bit
     * masks (detect/textmask.h), computed once for all the gates. */
    void (*text_gate)(const char *buf, size_t len, size_t from, size_t limit,
                      const struct pm_textmasks *tm,
                      void (*add)(void *ctx, size_t a, size_t b), void *ctx);
    /* 1: a match may also be accepted where pm_label_before finds one of the
     * context words: the engine also looks PM_LABEL_REACH bytes after each. */
    int labelled;
    /* 1: only run when asked for by --enable or --only (ipv4, ipv6). */
    int off_by_default;
    /* Detector-specific data (user-defined detectors keep theirs here). */
    const void *user;
};

#define PM_BUILTIN_DETECTORS \
    X(credit_card)           \
    X(us_ssn)                \
    X(iban)                  \
    X(email)                 \
    X(phone)                 \
    X(uk_nino)               \
    X(ca_sin)                \
    X(fr_nir)                \
    X(es_dni)                \
    X(nl_bsn)                \
    X(in_aadhaar)            \
    X(de_tax_id)             \
    X(it_fiscal_code)        \
    X(uk_nhs)                \
    X(pl_pesel)              \
    X(br_cpf)                \
    X(se_personnummer)       \
    X(au_tfn)                \
    X(us_itin)               \
    X(uk_passport)           \
    X(de_passport)           \
    X(us_passport)           \
    X(date_of_birth)         \
    X(person_name)           \
    X(postal_address)        \
    X(ipv4)                  \
    X(ipv6)

#define X(name) extern const struct pm_detector_def pm_det_##name;
PM_BUILTIN_DETECTORS
#undef X

/* Detectors defined in a YAML file (format: README, detect/user.c). */
struct pm_userdets;
/* Loads and checks the file; NULL with "FILE:LINE: what" in err. */
struct pm_userdets *pm_userdets_load(const char *path, char *err, size_t errsz);
void pm_userdets_free(struct pm_userdets *ud);
size_t pm_userdets_count(const struct pm_userdets *ud);
const struct pm_detector_def *const *pm_userdets_defs(const struct pm_userdets *ud);

/* Compiled, immutable set of detectors. */
struct pm_detset;

struct pm_detset_opts {
    const char *only;     /* comma-separated ids to run, NULL = the defaults */
    const char *disable;  /* comma-separated ids not to run */
    const char *enable;   /* comma-separated ids that are off by default to run */
    int min_confidence;   /* matches below it are not reported (0 = all) */
    const struct pm_detector_def *const *extra; /* user-defined, borrowed */
    size_t nextra;
    /* Two letters (scan --region CC), or several joined by commas (a share
     * of several countries: "DE,FR"), or NULL: national phone numbers of
     * these countries count without a label. An unknown region is an error. */
    const char *region;
    /* 1: run every detector with PCRE2 over whole windows, as before the
     * one-pass engine: the reference the tests compare the engine with. */
    int reference;
    /* Where the compiled one-pass database is kept between runs
     * (pm_detset_cache_dir), or NULL to compile it every time. */
    const char *cache_dir;
};

/* The cache directory for pm_detset_opts.cache_dir: PIIMAP_CACHE_DIR
 * ("off": none), else $XDG_CACHE_HOME/piimap, else ~/.cache/piimap; NULL if
 * none. May use buf. */
const char *pm_detset_cache_dir(char *buf, size_t bufsz);

/* Builds a set: the built-ins chosen by opts plus opts->extra. On failure
 * returns NULL and writes a message into err (an unknown id is an error). */
struct pm_detset *pm_detset_new(const struct pm_detset_opts *opts, char *err, size_t errsz);
/* All default built-ins. */
struct pm_detset *pm_detset_new_builtin(char *err, size_t errsz);
/* Every built-in def, on or off by default (for listings). */
size_t pm_builtin_count(void);
const struct pm_detector_def *pm_builtin_def(size_t i);
void pm_detset_free(struct pm_detset *set);
size_t pm_detset_count(const struct pm_detset *set);
const struct pm_detector_def *pm_detset_def(const struct pm_detset *set, size_t i);
/* Index of the detector with this id, or -1. */
int pm_detset_find(const struct pm_detset *set, const char *id);
/* Longest match over all detectors: the overlap a chunked reader must keep. */
size_t pm_detset_max_len(const struct pm_detset *set);
/* One value given on its own (piimap locate; detect/value.c): whether
 * detector i of the set reads the whole of `value` (surrounding blanks
 * aside) as one of its values, as if it stood in a field labelled with the
 * detector's first context word, so bare formats that need a label count.
 * Returns the validator's confidence with the normalised form in norm
 * (PM_NORM_MAX bytes: the form a scan hashes), or PM_CONF_NONE with norm
 * wiped. Keeps nothing of the value. */
int pm_detset_value(const struct pm_detset *set, size_t i, const char *value, char *norm);
/* 1 if detector i runs on the one-pass engine (Vectorscan, or for e-mail
 * its anchor byte, finds where to look); 0 if on PCRE2 over whole windows,
 * with the reason in why. */
int pm_detset_onepass(const struct pm_detset *set, size_t i, char *why, size_t whysz);
/* The same for one definition on its own (for `piimap detectors`). */
int pm_detector_onepass(const struct pm_detector_def *d, char *why, size_t whysz);

/* 1 if `norm` is a known test number of detector `id` (detect/testvalue.c:
 * processors' test cards, documentation IBANs, sample SSNs): the matcher
 * flags such a match (struct pm_match.test_value). */
int pm_test_value(const char *id, const char *norm);

/* What the phone detector knows of one country of a scan's --region
 * (pm_phone_regional fills it from libphonenumber's metadata, once). */
struct pm_phone_region {
    char cc[3];              /* "DE" */
    char code[4];            /* its country calling code ("49") */
    char trunk[4];           /* national trunk prefix ("0"), "" if none */
    int nanpa;               /* North American: its national format is NANP */
    unsigned long lengths;   /* bit L: a national significant number may have L digits */
};
/* A scan's --region: one country, or a share of several ("DE,FR,NL"). */
#define PM_PHONE_MAX_REGIONS 16
struct pm_phone_regions {
    size_t n;
    struct pm_phone_region r[PM_PHONE_MAX_REGIONS];
    /* The detector's start patterns: the static ones, then one for a bare
     * mobile number led by one of these countries' calling codes. */
    const char *starts[8];
    char code_start[48 + PM_PHONE_MAX_REGIONS * 4];
};
/* The phone detector of a scan whose --region is `regions` (two upper-case
 * letters each, joined by commas; a country named twice counts once): fills
 * *r, and *out with pm_det_phone that also reads those countries' national
 * formats without a label (detect/phone.c); out points to r, which the
 * caller keeps for as long as out is used. Returns 0, or -1 if one is not a
 * region libphonenumber knows, or there are more than PM_PHONE_MAX_REGIONS. */
int pm_phone_regional(const char *regions, struct pm_phone_regions *r,
                      struct pm_detector_def *out);

#endif
