/* cmd_locate.c — `piimap locate`: which files and archive members hold this
 * value? Each value is read by the detectors (detect/value.c), hashed with
 * the scan's HMAC key (record/key.h) and looked up by keyed hash in the
 * inventory, opened read-only (report/locate.c writes the answer).
 *
 * Values are personal data: they are never printed, logged or stored, not
 * even in an error message (those name the argument or the line); answers
 * show masked forms only, and the values are wiped from memory when done.
 */
#define _GNU_SOURCE
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/list.h"
#include "common/parse.h"
#include "common/version.h"
#include "detect/detector.h"
#include "inventory/inventory.h"
#include "record/key.h"
#include "report/locate.h"

static const char locate_help[] =
    "usage: piimap locate [--db FILE] [--scan ID | --all] [--detector ID] [--json]\n"
    "                     [--key FILE] VALUE...\n"
    "       piimap locate [options] --from-file FILE     (one value a line; '-' is stdin)\n"
    "\n"
    "Lists every file and archive member that holds a value (an e-mail address, a\n"
    "card number, a phone number, an IBAN, a national id...), from the inventory,\n"
    "without rescanning: for a data subject's access or erasure request, or to\n"
    "follow one leaked identifier. Write values any way: case, spaces and dashes\n"
    "do not matter, a bare 4155552671 or 536228734 is read as the phone\n"
    "number or SSN it is, and a name or address may be typed in lower case\n"
    "(\"jane roe\", \"12 main st, juneau, ak 99801\"). Each value is normalised\n"
    "as its detector does (a ZIP+4 as its ZIP), hashed with the scan's HMAC\n"
    "key and looked up by keyed hash. Values are never\n"
    "printed, logged or stored: answers show masked forms (j***@example.com).\n"
    "\n"
    "options:\n"
    "  --db FILE          inventory to read (default ./piimap.db; opened read-only)\n"
    "  --scan ID          search this scan (default: the newest complete scan)\n"
    "  --all              search every scan made with this key (the history)\n"
    "  --detector ID      read every value as this detector's (see piimap detectors);\n"
    "                     by default each detector that reads a value is used\n"
    "  --json             answer as JSON (schema piimap.locate/1, see README)\n"
    "  --from-file FILE   the values, one a line, instead of VALUE arguments\n"
    "  --key FILE         the HMAC key the scan used (default $PIIMAP_KEY_FILE or\n"
    "                     ~/.config/piimap/hmac.key; never created here)\n"
    "  --help             this text\n"
    "\n"
    "Each item is listed with its detector and how many matches of that detector\n"
    "it holds (the inventory keeps one keyed hash per distinct value and item,\n"
    "not a count per value).\n"
    "\n"
    "exit codes:\n"
    "  0    every value was found\n"
    "  1    some value was found nowhere (each is said on stdout)\n"
    "  2    usage error: a value no detector reads (named by its argument or\n"
    "       line, never repeated), an unknown detector or scan, no complete scan\n"
    "  3    the inventory or the key cannot be read, or the key is not the one\n"
    "       the scan used\n";

/* One scan of the inventory, as far as choosing it goes. */
struct scan_pick {
    int64_t id;
    enum pm_scan_status status;
    char key_id[32];
};

struct scan_list {
    struct scan_pick *s;
    size_t n, cap;
};

static int keep_scan(void *ctx, const struct pm_inv_scan *sc)
{
    struct scan_list *l = ctx;
    if (l->n == l->cap) {
        size_t nc = l->cap ? 2 * l->cap : 16;
        struct scan_pick *ns = realloc(l->s, nc * sizeof *ns);
        if (!ns)
            return -1;
        l->s = ns;
        l->cap = nc;
    }
    struct scan_pick *p = &l->s[l->n++];
    p->id = sc->id;
    p->status = sc->status;
    snprintf(p->key_id, sizeof p->key_id, "%s", sc->key_id ? sc->key_id : "");
    return 0;
}

/* Every detector, those off by default included: a scan may have run them. */
static struct pm_detset *all_detectors(void)
{
    char only[1024] = "", err[256];
    size_t o = 0;
    for (size_t i = 0; i < pm_builtin_count() && o < sizeof only; i++)
        o += (size_t)snprintf(only + o, sizeof only - o, "%s%s", i ? "," : "",
                              pm_builtin_def(i)->id);
    char cache[4096];
    struct pm_detset_opts dso = {.only = only, .cache_dir = pm_detset_cache_dir(cache, sizeof cache)};
    struct pm_detset *set = pm_detset_new(&dso, err, sizeof err);
    if (!set)
        fprintf(stderr, "piimap locate: %s\n", err);
    return set;
}

/* 1 if the text is blanks only (a blank line of a list). */
static int blank(const char *s)
{
    return s[strspn(s, " \t\r\n\f\v")] == '\0';
}

/* "argument 3" or "line 3 of FILE": where a value came from, never what it is. */
static void where_from(const struct pm_list *v, size_t i, const char *file, char *out,
                       size_t outsz)
{
    if (file)
        snprintf(out, outsz, "line %zu of %s", v->lines[i], file);
    else
        snprintf(out, outsz, "argument %zu", v->lines[i]);
}

/* Every value must be read by some detector (or by --detector's): the
 * answer is all or nothing, and a typo is a usage error before anything is
 * opened. Returns how many values are not read. */
static size_t check_values(const struct pm_detset *set, int only, const struct pm_list *v,
                           const char *file)
{
    size_t bad = 0;
    char norm[PM_NORM_MAX], where[4200];
    for (size_t i = 0; i < v->n; i++) {
        if (blank(v->items[i]))
            continue;
        int read = 0;
        for (size_t d = 0; d < pm_detset_count(set) && !read; d++)
            read = (only < 0 || (size_t)only == d) && pm_detset_value(set, d, v->items[i], norm);
        explicit_bzero(norm, sizeof norm);
        if (read)
            continue;
        where_from(v, i, file, where, sizeof where);
        if (only >= 0)
            fprintf(stderr, "piimap locate: %s: not a value the %s detector reads (the value is "
                            "not repeated here)\n", where, pm_detset_def(set, (size_t)only)->id);
        else
            fprintf(stderr, "piimap locate: %s: no detector reads it as a value it finds (the "
                            "value is not repeated here; see piimap detectors)\n", where);
        bad++;
    }
    return bad;
}

/* The scans to search, from the list sl of the inventory's: --scan ID, the
 * newest complete scan, or (--all) every scan made with this key. Returns
 * an exit code; on success ids (room for sl->n) holds *n of them and *every
 * says they are all the inventory's scans. */
static int choose_scans(const struct scan_list *sl, const char *db, int64_t want, int all,
                        const struct pm_key *key, int64_t *ids, size_t *n, int *every)
{
    *n = 0;
    const struct scan_pick *one = NULL;
    for (size_t i = 0; i < sl->n && !all; i++)
        if (want ? sl->s[i].id == want : sl->s[i].status == PM_SCAN_COMPLETE)
            one = &sl->s[i]; /* in id order: the newest complete one wins */
    if (!all && !one) {
        if (want)
            fprintf(stderr, "piimap locate: %s: no scan %lld (see piimap scans --db %s)\n", db,
                    (long long)want, db);
        else
            fprintf(stderr, "piimap locate: %s: no complete scan to search (see piimap scans; "
                            "--scan ID searches another, --all every one)\n", db);
        return PM_EXIT_USAGE;
    }
    if (one) {
        if (strcmp(one->key_id, key->id) != 0) {
            fprintf(stderr, "piimap locate: %s: scan %lld was made with another HMAC key (id %s; "
                            "this one is %s): give the key the scan used with --key FILE or "
                            "PIIMAP_KEY_FILE\n", key->path, (long long)one->id,
                    one->key_id[0] ? one->key_id : "unknown", key->id);
            return PM_EXIT_FATAL;
        }
        if (one->status != PM_SCAN_COMPLETE)
            fprintf(stderr, "piimap locate: note: scan %lld is %s: what it did not read is not "
                            "searched\n", (long long)one->id, pm_scan_status_name(one->status));
        ids[(*n)++] = one->id;
        *every = 0;
        return PM_EXIT_OK;
    }
    size_t other = 0;
    for (size_t i = 0; i < sl->n; i++) {
        if (strcmp(sl->s[i].key_id, key->id) == 0)
            ids[(*n)++] = sl->s[i].id;
        else
            other++;
    }
    *every = other == 0;
    if (other)
        fprintf(stderr, "piimap locate: %zu of %zu scans were made with another HMAC key and are "
                        "not searched (key %s is %s)\n", other, sl->n, key->path, key->id);
    if (!*n) {
        fprintf(stderr, "piimap locate: %s: no scan was made with this key (%s): give the key "
                        "the scans used with --key FILE or PIIMAP_KEY_FILE\n", db, key->path);
        return sl->n ? PM_EXIT_FATAL : PM_EXIT_USAGE;
    }
    return PM_EXIT_OK;
}

/* Looks every value up and writes the answer. Returns an exit code. */
static int answer(struct pm_inv *inv, const struct pm_detset *set, int only,
                  const struct pm_key *key, const int64_t *ids, size_t nids, int every,
                  int json, const struct pm_list *v)
{
    char err[512];
    struct pm_locate *l = pm_locate_begin(inv, ids, nids, every, json, PM_VERSION, stdout, err,
                                          sizeof err);
    if (!l) {
        fprintf(stderr, "piimap locate: %s\n", err);
        return PM_EXIT_FATAL;
    }
    struct pm_locate_reading r[PM_MAX_DETECTORS];
    size_t nowhere = 0;
    int failed = 0;
    for (size_t i = 0; i < v->n && !failed; i++) {
        if (blank(v->items[i]))
            continue;
        size_t nr = 0;
        for (size_t d = 0; d < pm_detset_count(set); d++)
            if ((only < 0 || (size_t)only == d) &&
                pm_key_value(key, set, d, v->items[i], r[nr].hash, r[nr].masked))
                r[nr++].detector = pm_detset_def(set, d)->id;
        int found = pm_locate_value(l, v->lines[i], r, nr);
        failed = found < 0;
        nowhere += found == 0;
    }
    explicit_bzero(r, sizeof r);
    if (pm_locate_end(l, err, sizeof err) != 0) {
        fprintf(stderr, "piimap locate: %s\n", err);
        return PM_EXIT_FATAL;
    }
    return nowhere ? PM_EXIT_FINDINGS : PM_EXIT_OK;
}

/* With the values checked: the inventory, the scans, the key, the answer. */
static int run(const char *db, int64_t scan_id, int all, const char *key_path,
               const struct pm_detset *set, int only, int json, const struct pm_list *v)
{
    char err[1024];
    struct pm_inv *inv = pm_cli_open_read("locate", db);
    if (!inv)
        return PM_EXIT_FATAL;
    struct pm_key key;
    struct scan_list sl = {0};
    int64_t *ids = NULL;
    size_t nids = 0;
    int every = 0, rc;
    if (pm_key_read(key_path, &key, err, sizeof err) != 0) {
        fprintf(stderr, "piimap locate: %s\n", err);
        rc = PM_EXIT_FATAL;
        goto done;
    }
    if (key.exposed)
        fprintf(stderr, "piimap locate: warning: %s: the HMAC key file is readable by others "
                        "(chmod 600 it)\n", key.path);
    int listed = pm_inv_scans_each(inv, keep_scan, &sl) == 0;
    if (!listed || !(ids = malloc((sl.n ? sl.n : 1) * sizeof *ids))) {
        fprintf(stderr, "piimap locate: %s: %s\n", db, listed ? "out of memory" : pm_inv_errmsg(inv));
        rc = PM_EXIT_FATAL;
        goto done;
    }
    rc = choose_scans(&sl, db, scan_id, all, &key, ids, &nids, &every);
    if (rc == PM_EXIT_OK)
        rc = answer(inv, set, only, &key, ids, nids, every, json, v);
done:
    explicit_bzero(&key, sizeof key);
    free(ids);
    free(sl.s);
    pm_inv_close(inv);
    return rc;
}

int pm_cmd_locate(int argc, char **argv)
{
    enum { O_DB = 256, O_SCAN, O_ALL, O_DET, O_JSON, O_FILE, O_KEY, O_HELP };
    static const struct option lo[] = {
        {"db", required_argument, NULL, O_DB},       {"scan", required_argument, NULL, O_SCAN},
        {"all", no_argument, NULL, O_ALL},           {"detector", required_argument, NULL, O_DET},
        {"json", no_argument, NULL, O_JSON},         {"from-file", required_argument, NULL, O_FILE},
        {"key", required_argument, NULL, O_KEY},     {"help", no_argument, NULL, O_HELP},
        {0, 0, 0, 0},
    };
    const char *db = "piimap.db", *det = NULL, *file = NULL, *key_path = NULL;
    int64_t scan_id = 0;
    int all = 0, json = 0, c;
    char err[1024];

    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "", lo, NULL)) != -1) {
        switch (c) {
        case O_DB: db = optarg; break;
        case O_SCAN:
            if (pm_parse_positive(optarg, &scan_id)) {
                fprintf(stderr, "piimap locate: --scan: expected a scan id, a whole number from 1 "
                                "(see piimap scans), got '%s'\n", optarg);
                return PM_EXIT_USAGE;
            }
            break;
        case O_ALL: all = 1; break;
        case O_DET: det = optarg; break;
        case O_JSON: json = 1; break;
        case O_FILE: file = optarg; break;
        case O_KEY: key_path = optarg; break;
        case O_HELP: fputs(locate_help, stdout); return PM_EXIT_OK;
        default:
            return pm_cli_bad_option("locate", argv, optind);
        }
    }
    if (all && scan_id) {
        fprintf(stderr, "piimap locate: --scan and --all: give one or the other\n");
        return PM_EXIT_USAGE;
    }
    if (file && optind < argc) {
        fprintf(stderr, "piimap locate: values come from --from-file or the command line, not "
                        "both\n");
        return PM_EXIT_USAGE;
    }
    struct pm_list v = {0};
    if (file && pm_list_read(file, 0, &v, err, sizeof err) != 0) {
        fprintf(stderr, "piimap locate: %s\n", err);
        return PM_EXIT_USAGE;
    }
    if (!file) {
        v.n = (size_t)(argc - optind);
        v.items = argv + optind; /* borrowed: wiped below, never freed */
        v.lines = calloc(v.n ? v.n : 1, sizeof *v.lines);
        for (size_t i = 0; v.lines && i < v.n; i++)
            v.lines[i] = i + 1;
    }
    size_t nvalues = 0;
    for (size_t i = 0; i < v.n; i++)
        nvalues += !blank(v.items[i]);
    struct pm_detset *set = NULL;
    int only = -1, rc = PM_EXIT_USAGE;
    if (!v.lines) {
        rc = PM_EXIT_FATAL;
    } else if (!nvalues) {
        fprintf(stderr, "piimap locate: no VALUE given%s (see piimap locate --help)\n",
                file ? " (the list holds none)" : "");
    } else if (!(set = all_detectors())) {
        rc = PM_EXIT_FATAL;
    } else if (det && (only = pm_detset_find(set, det)) < 0) {
        fprintf(stderr, "piimap locate: --detector: unknown detector '%s' (see piimap "
                        "detectors)\n", det);
    } else if (check_values(set, only, &v, file) == 0) {
        rc = run(db, scan_id, all, key_path, set, only, json, &v);
    }
    pm_detset_free(set);
    if (file) {
        pm_list_free(&v);
    } else {
        for (size_t i = 0; i < v.n; i++)
            explicit_bzero(v.items[i], strlen(v.items[i])); /* gone from /proc/PID/cmdline */
        free(v.lines);
    }
    return rc;
}
