/* cmd_reveal.c — `piimap reveal`: print the raw matches of one file, on
 * purpose, for someone who must act on them (notify people, delete records).
 *
 * The file is read again with the options of the scan that recorded it (the
 * inventory, opened read-only, gives the detector selection, minimum
 * confidence, user detectors and limits); scan/reveal.c does the reading.
 * This is the only command that prints raw values: it says so on stderr every
 * time, writes nothing (no inventory row, no file, no log), and refuses a file
 * the caller cannot read.
 */
#define _GNU_SOURCE
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "common/confidence.h"
#include "common/parse.h"
#include "inventory/inventory.h"
#include "scan/reveal.h"

static const char reveal_help[] =
    "usage: piimap reveal [--db FILE] [--scan ID] --file PATH [--member M]...\n"
    "                     [--detector ID]\n"
    "\n"
    "Reads one file again and prints its RAW matches (the values themselves), with\n"
    "line, byte offset, detector and confidence, for someone who must act on them:\n"
    "notify the people concerned, delete or correct the records. The inventory\n"
    "never holds a raw value (masked samples and keyed hashes only), so this is\n"
    "the only way to see them; the output is personal data: handle it as such.\n"
    "\n"
    "options:\n"
    "  --file PATH    the file to read (archives, documents and mail included)\n"
    "  --member M     only what lies in member M (repeat for a chain, outermost\n"
    "                 first, as the data map's members lists it)\n"
    "  --detector ID  only this detector's matches\n"
    "  --db FILE      inventory whose scan options to use: detector selection,\n"
    "                 --min-confidence, --detectors file, limits (default\n"
    "                 ./piimap.db, opened read-only; without it, the defaults)\n"
    "  --scan ID      use this scan's options (default: the newest scan that\n"
    "                 recorded the file, else the newest scan)\n"
    "  --help         this text\n"
    "\n"
    "Each item read is printed as its path (and member chain after ' :: '),\n"
    "then one line per match:\n"
    "  line N, byte B  DETECTOR  CONFIDENCE  VALUE\n"
    "B is the offset in the text piimap read: the file's own bytes for a UTF-8\n"
    "text file, the extracted UTF-8 text for documents and other encodings.\n"
    "Control characters in a value are printed as \\xNN. The allow list is not\n"
    "applied: every match is shown.\n"
    "\n"
    "reveal writes nothing: not to the inventory, not to the file (its access\n"
    "time is kept where the kernel allows), not to any log. Every run says on\n"
    "stderr how many raw values it printed.\n"
    "\n"
    "exit codes:\n"
    "  0    the file was read (whether or not it holds matches)\n"
    "  2    usage error: no --file, an unknown option, detector or scan, a member\n"
    "       that is not in the file\n"
    "  3    the inventory named by --db cannot be read\n"
    "  4    the file is missing, not a regular file, or you cannot read it\n"
    "       (nothing is printed), or part of it could not be read\n";

/* A value on one line, control bytes and DEL escaped so that a value cannot
 * move the cursor or forge another line. */
static void put_value(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 || c == 0x7f || c == '\\')
            printf("\\x%02x", c);
        else
            putchar(c);
    }
}

static void print_item(void *ctx, const char *path, const struct pm_item *it,
                       const struct pm_reveal_match *m, size_t n)
{
    (void)ctx;
    fputs(path, stdout);
    for (size_t i = 0; i < it->nmembers; i++)
        printf(" :: %s", it->members[i]);
    if (it->status == PM_FILE_ERROR || it->status == PM_FILE_PARTIAL)
        fprintf(stderr, "piimap reveal: %s%s%s: %s: %s\n", path, it->nmembers ? " :: " : "",
                it->nmembers ? it->members[it->nmembers - 1] : "", pm_file_status_name(it->status),
                it->reason ? it->reason : "");
    printf("  (%zu match%s)\n", n, n == 1 ? "" : "es");
    for (size_t i = 0; i < n; i++) {
        printf("  line %llu, byte %llu  %s  %s  ", (unsigned long long)m[i].line,
               (unsigned long long)m[i].offset, m[i].detector,
               pm_confidence_name(m[i].confidence));
        put_value(m[i].text, m[i].len);
        putchar('\n');
    }
}

struct ids {
    int64_t *id;
    size_t n;
};

static int keep_id(void *ctx, const struct pm_inv_scan *sc)
{
    struct ids *x = ctx;
    int64_t *n = realloc(x->id, (x->n + 1) * sizeof *n);
    if (!n)
        return -1;
    x->id = n;
    x->id[x->n++] = sc->id;
    return 0;
}

static int count_items(void *ctx, enum pm_file_status st, const char *reason, uint64_t n)
{
    (void)st;
    (void)reason;
    *(uint64_t *)ctx += n;
    return 0;
}

/* The newest scan that recorded the file (its canonical path), 0 if none:
 * its options are the ones that found what the data map says of it. */
static int64_t scan_of_file(struct pm_inv *inv, const char *file)
{
    char *canon = realpath(file, NULL);
    struct ids x = {0};
    int64_t found = 0;
    if (canon && pm_inv_scans_each(inv, keep_id, &x) == 0) {
        for (size_t i = x.n; i-- > 0 && !found;) {
            uint64_t items = 0;
            if (pm_inv_scope(inv, canon) == 0 &&
                pm_inv_coverage_each(inv, x.id[i], count_items, &items) == 0 && items)
                found = x.id[i];
        }
        (void)pm_inv_scope(inv, NULL);
    }
    free(x.id);
    free(canon);
    return found;
}

/* The options of the scan: from the inventory when there is one (--scan, or
 * the newest scan that recorded the file, or the newest scan). Returns 0,
 * or an exit code after saying why. */
static int scan_options(const char *db, int db_given, int64_t scan_id, const char *file,
                        struct pm_scan_opts *base, struct pm_scan_saved *sv, int *have)
{
    *have = 0;
    if (!db_given && access(db, F_OK) != 0) {
        fprintf(stderr, "piimap reveal: note: no inventory %s: the default detectors and "
                        "limits are used\n", db);
        return 0;
    }
    struct pm_inv *inv = pm_cli_open_read("reveal", db);
    if (!inv)
        return PM_EXIT_FATAL;
    struct pm_inv_scan sc;
    int64_t holder = scan_id ? 0 : scan_of_file(inv, file);
    int got = pm_inv_scan_get(inv, scan_id ? scan_id : holder, &sc), rc = 0;
    if (got == 0 && !scan_id && !holder)
        fprintf(stderr, "piimap reveal: note: no scan in %s recorded this file: the options of "
                        "the newest, scan %lld, are used\n", db, (long long)sc.id);
    char err[256];
    if (got < 0) {
        fprintf(stderr, "piimap reveal: %s: %s\n", db, pm_inv_errmsg(inv));
        rc = PM_EXIT_FATAL;
    } else if (got > 0 && scan_id) {
        fprintf(stderr, "piimap reveal: %s: no scan %lld (see piimap scans --db %s)\n", db,
                (long long)scan_id, db);
        rc = PM_EXIT_USAGE;
    } else if (got > 0) {
        fprintf(stderr, "piimap reveal: note: %s holds no scan: the default detectors and "
                        "limits are used\n", db);
    } else if (pm_scan_opts_parse(sc.options_json, base, sv, err, sizeof err) != 0) {
        fprintf(stderr, "piimap reveal: note: scan %lld: %s: the default detectors and "
                        "limits are used\n", (long long)sc.id, err);
    } else {
        *have = 1;
    }
    pm_inv_close(inv);
    return rc;
}

int pm_cmd_reveal(int argc, char **argv)
{
    enum { O_DB = 256, O_SCAN, O_FILE, O_MEMBER, O_DETECTOR, O_HELP };
    static const struct option lo[] = {
        {"db", required_argument, NULL, O_DB},         {"scan", required_argument, NULL, O_SCAN},
        {"file", required_argument, NULL, O_FILE},     {"member", required_argument, NULL, O_MEMBER},
        {"detector", required_argument, NULL, O_DETECTOR},
        {"help", no_argument, NULL, O_HELP},           {0, 0, 0, 0},
    };
    const char *db = "piimap.db", *file = NULL, *detector = NULL;
    int db_given = 0, c;
    int64_t scan_id = 0;
    const char **members = calloc((size_t)argc + 1, sizeof *members);
    size_t nmembers = 0;
    if (!members)
        return PM_EXIT_FATAL;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "", lo, NULL)) != -1) {
        switch (c) {
        case O_DB: db = optarg; db_given = 1; break;
        case O_SCAN:
            if (pm_parse_positive(optarg, &scan_id)) {
                fprintf(stderr, "piimap reveal: --scan: expected a scan id, a whole number from 1 (see piimap scans), got '%s'\n", optarg);
                free(members);
                return PM_EXIT_USAGE;
            }
            break;
        case O_FILE: file = optarg; break;
        case O_MEMBER: members[nmembers++] = optarg; break;
        case O_DETECTOR: detector = optarg; break;
        case O_HELP: fputs(reveal_help, stdout); free(members); return PM_EXIT_OK;
        default: free(members); return pm_cli_bad_option("reveal", argv, optind);
        }
    }
    if (pm_cli_no_operands("reveal", argc, argv, optind)) {
        free(members);
        return PM_EXIT_USAGE;
    }
    if (!file) {
        fprintf(stderr, "piimap reveal: --file PATH is required (see piimap reveal --help)\n");
        free(members);
        return PM_EXIT_USAGE;
    }
    struct pm_scan_opts base = {0};
    pm_limits_default(&base.limits);
    struct pm_scan_saved sv;
    int have = 0;
    int rc = scan_options(db, db_given, scan_id, file, &base, &sv, &have);
    if (rc) {
        free(members);
        return rc;
    }
    struct pm_reveal_opts ro = {file, members, nmembers, detector, have ? &sv.o : &base};
    struct pm_reveal_events ev = {NULL, print_item};
    struct pm_reveal_result res;
    char err[4200];
    pm_status st = pm_reveal_run(&ro, &ev, &res, err, sizeof err);
    fflush(stdout);
    if (st != PM_OK) {
        fprintf(stderr, "piimap reveal: %s\n", err);
        rc = st == PM_ERR_IO ? PM_EXIT_INCOMPLETE
             : st == PM_FATAL_USAGE ? PM_EXIT_USAGE : PM_EXIT_FATAL;
    } else if (nmembers && res.items == 0) {
        fprintf(stderr, "piimap reveal: %s: no member", res.path);
        for (size_t i = 0; i < nmembers; i++)
            fprintf(stderr, "%s%s", i ? " :: " : " ", members[i]);
        fprintf(stderr, " in it (the data map's members lists chains)\n");
        rc = PM_EXIT_USAGE;
    } else if (res.unread) {
        rc = PM_EXIT_INCOMPLETE;
    }
    if (st == PM_OK)
        fprintf(stderr, "piimap reveal: printed %llu raw value%s from %llu item%s of %s: this "
                        "output is personal data, handle it accordingly. Nothing was written.\n",
                (unsigned long long)res.matches, res.matches == 1 ? "" : "s",
                (unsigned long long)res.items, res.items == 1 ? "" : "s", res.path);
    if (have)
        pm_scan_saved_free(&sv);
    free(members);
    return rc;
}
