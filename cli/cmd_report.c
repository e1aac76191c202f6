/* cmd_report.c — `piimap report` and `piimap scans`: read the inventory,
 * write data maps and listings. They never rescan anything.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "common/path.h"
#include "common/version.h"
#include "report/datamap.h"
#include "report/diff.h"
#include "report/scans.h"
#include "report/summary.h"

static const char report_help[] =
    "usage: piimap report [--db FILE] [--scan ID] [--under PATH] [--json FILE]\n"
    "                     [--html FILE] [--stale-after DAYS]\n"
    "\n"
    "Writes the data map of a scan from the inventory (no rescan): what personal\n"
    "data was found, where, how much, and who can read it. FILE '-' is stdout.\n"
    "Report files are created mode 0600. Raw values never appear: only masked\n"
    "samples such as 4111 **** **** 1111, ***-**-6789, j***@example.com.\n"
    "\n"
    "options:\n"
    "  --db FILE     inventory to read (default ./piimap.db)\n"
    "  --scan ID     scan to report (default: the newest; see piimap scans)\n"
    "  --under PATH  only what lies at or under PATH (a directory, or a file),\n"
    "                made absolute and canonical as roots are: totals, directories,\n"
    "                files, coverage, skipped and errors of that subtree, each\n"
    "                directory with its recursive figures (directories[].recursive)\n"
    "  --json FILE   JSON data map, schema piimap.datamap/1 (documented in README)\n"
    "  --html FILE   the same as one self-contained HTML page (opens offline):\n"
    "                summary, coverage, totals, directory tree, a sortable and\n"
    "                filterable table of files with risk flags\n"
    "  --stale-after DAYS  flag files not modified for DAYS as stale (default 730)\n"
    "  --help        this text\n"
    "\n"
    "With neither --json nor --html, the JSON data map goes to stdout.\n";

static const char scans_help[] =
    "usage: piimap scans [--db FILE] [--json]\n"
    "\n"
    "Lists the scans in the inventory: id, status, start and end, files, errors, roots.\n"
    "\n"
    "options:\n"
    "  --db FILE   inventory to read (default ./piimap.db; opened read-only)\n"
    "  --json      the list as JSON on stdout (schema piimap.scans/1, see README):\n"
    "              every scan with its status, times, roots, counts and key id\n"
    "  --help      this text\n";

/* --under PATH, absolute and canonical as roots are (common/path.h); says
 * so when the scan holds nothing read there. NULL when out of memory. */
static char *canonical_under(struct pm_inv *inv, int64_t scan_id, const char *path)
{
    size_t cap = strlen(path) + 4097;
    char *under = malloc(cap);
    if (!under) {
        fprintf(stderr, "piimap report: out of memory\n");
        return NULL;
    }
    pm_path_canonical(path, under, cap);
    struct pm_inv_dir d;
    if (pm_inv_subtree_get(inv, scan_id, under, &d) == 0 && d.files == 0)
        fprintf(stderr, "piimap report: note: scan %lld read nothing at or under %s\n",
                (long long)scan_id, under);
    return under;
}

/* "wrote the HTML data map of scan 3 to /abs/map.html" (stdout says nothing). */
static void say_written(const char *what, const char *path, const struct pm_inv_scan *sc)
{
    if (strcmp(path, "-") == 0)
        return;
    char *abs = realpath(path, NULL);
    fprintf(stderr, "piimap report: wrote the %s of scan %lld (%s) to %s\n", what,
            (long long)sc->id, pm_scan_status_name(sc->status), abs ? abs : path);
    free(abs);
}

/* On a terminal: what the data map says, in a few lines (the end-of-scan
 * summary's per-detector figures, report/summary.c). */
static void print_short_summary(struct pm_inv *inv, const struct pm_inv_scan *sc,
                                const char *under)
{
    struct pm_summary s;
    char err[512];
    if (under && pm_inv_scope(inv, under) != 0)
        return;
    int rc = pm_summary_build(inv, sc->id, PM_STALE_DAYS, &s, err, sizeof err);
    if (under)
        (void)pm_inv_scope(inv, NULL);
    if (rc != 0)
        return;
    if (sc->status != PM_SCAN_COMPLETE)
        fprintf(stderr, "piimap report: note: scan %lld is %s: it did not read everything\n",
                (long long)sc->id, pm_scan_status_name(sc->status));
    if (!s.n)
        fprintf(stderr, "piimap report: no personal data found%s\n", under ? " there" : "");
    else
        fprintf(stderr, "piimap report: scan %lld%s%s, by detector:\n", (long long)sc->id,
                under ? " under " : "", under ? under : "");
    if (s.n)
        fprintf(stderr, "piimap report: people: about %llu\n", (unsigned long long)s.people);
    for (size_t k = 0; k < s.n; k++) {
        const struct pm_summary_det *d = &s.d[k];
        fprintf(stderr, "  %-16s %llu distinct in %llu %s", d->detector,
                (unsigned long long)d->distinct, (unsigned long long)d->items,
                d->items == 1 ? "item" : "items");
        if (d->ntop)
            fprintf(stderr, "; most at risk: %s%s", d->top[0].path,
                    strcmp(d->top[0].members_json, "[]") ? " (a member)" : "");
        fputc('\n', stderr);
    }
    pm_summary_free(&s);
}

int pm_cmd_report(int argc, char **argv)
{
    enum { O_DB = 256, O_SCAN, O_JSON, O_HTML, O_STALE, O_UNDER, O_HELP };
    static const struct option lo[] = {
        {"db", required_argument, NULL, O_DB},     {"scan", required_argument, NULL, O_SCAN},
        {"json", required_argument, NULL, O_JSON}, {"html", required_argument, NULL, O_HTML},
        {"stale-after", required_argument, NULL, O_STALE},
        {"under", required_argument, NULL, O_UNDER},
        {"help", no_argument, NULL, O_HELP},       {0, 0, 0, 0},
    };
    const char *db = "piimap.db", *json = NULL, *html = NULL, *under_arg = NULL;
    int64_t stale = PM_STALE_DAYS;
    int64_t scan_id = 0;
    int c;
    char err[512];

    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "", lo, NULL)) != -1) {
        switch (c) {
        case O_DB: db = optarg; break;
        case O_SCAN:
            if (pm_parse_positive(optarg, &scan_id)) {
                fprintf(stderr, "piimap report: --scan: expected a scan id, a whole number from 1 (see piimap scans), got '%s'\n", optarg);
                return PM_EXIT_USAGE;
            }
            break;
        case O_JSON: json = optarg; break;
        case O_HTML: html = optarg; break;
        case O_UNDER: under_arg = optarg; break;
        case O_STALE:
            if (pm_parse_positive(optarg, &stale) || stale > 100000) {
                fprintf(stderr, "piimap report: --stale-after: expected a whole number of days from 1 to 100000, got '%s'\n",
                        optarg);
                return PM_EXIT_USAGE;
            }
            break;
        case O_HELP: fputs(report_help, stdout); return PM_EXIT_OK;
        default:
            return pm_cli_bad_option("report", argv, optind);
        }
    }
    int rc;
    struct pm_inv *inv = pm_cli_open_after_options("report", argc, argv, optind, db, &rc);
    if (!inv)
        return rc;
    struct pm_inv_scan sc;
    int got = pm_inv_scan_get(inv, scan_id, &sc);
    char *under = NULL;
    if (got != 0) {
        if (got > 0 && scan_id)
            fprintf(stderr, "piimap report: %s: no scan %lld (see piimap scans --db %s)\n", db,
                    (long long)scan_id, db);
        else if (got > 0)
            fprintf(stderr, "piimap report: %s: no scan yet (run piimap scan first)\n", db);
        else
            fprintf(stderr, "piimap report: %s: %s\n", db, pm_inv_errmsg(inv));
        pm_inv_close(inv);
        return got > 0 ? PM_EXIT_USAGE : PM_EXIT_FATAL;
    }
    if (under_arg && !(under = canonical_under(inv, sc.id, under_arg))) {
        pm_inv_close(inv);
        return PM_EXIT_FATAL;
    }
    if (html && pm_html_write_datamap(inv, scan_id, (int)stale, under, html, err, sizeof err) != 0) {
        fprintf(stderr, "piimap report: %s: %s\n", html, err);
        rc = PM_EXIT_FATAL;
    }
    FILE *out = json || !html ? pm_report_open(json ? json : "-", err, sizeof err) : NULL;
    if (!json && html) {
        /* only the HTML page was asked for */
    } else if (!out) {
        fprintf(stderr, "piimap report: %s\n", err);
        rc = PM_EXIT_FATAL;
    } else {
        if (pm_datamap_write_json(inv, scan_id, PM_VERSION, (int)stale, under, out, err,
                                  sizeof err) != 0) {
            fprintf(stderr, "piimap report: %s: %s\n", json ? json : db, err);
            rc = PM_EXIT_FATAL;
        }
        if (out != stdout && fclose(out) != 0 && rc == PM_EXIT_OK) {
            fprintf(stderr, "piimap report: %s: %s\n", json, strerror(errno));
            rc = PM_EXIT_FATAL;
        }
    }
    if (rc == PM_EXIT_OK) {
        if (html)
            say_written("HTML data map", html, &sc);
        if (json)
            say_written("JSON data map", json, &sc);
        if (isatty(STDERR_FILENO))
            print_short_summary(inv, &sc, under);
    }
    free(under);
    pm_inv_close(inv);
    return rc;
}

/* The roots column: the JSON array as stored, or, for a long list (scan
 * --from-file), its first three and how many there are. */
static void print_roots(const char *roots_json)
{
    json_t *r = json_loads(roots_json, 0, NULL);
    size_t n = json_array_size(r);
    if (n <= 3) {
        printf("%s\n", roots_json);
    } else {
        json_t *head = json_array();
        for (size_t i = 0; i < 3; i++)
            json_array_append(head, json_array_get(r, i));
        char *h = json_dumps(head, JSON_COMPACT | JSON_ENSURE_ASCII);
        if (h)
            h[strlen(h) - 1] = '\0'; /* the closing bracket */
        printf("%s,...] (%zu roots)\n", h ? h : "[", n);
        free(h);
        json_decref(head);
    }
    json_decref(r);
}

static int print_scan(void *ctx, const struct pm_inv_scan *s)
{
    char a[32], b[32];
    (void)ctx;
    pm_iso_time(s->started_at, a, sizeof a);
    if (s->finished_at)
        pm_iso_time(s->finished_at, b, sizeof b);
    else
        snprintf(b, sizeof b, "-");
    printf("%-5lld %-11s %-20s %-20s %10llu %10llu %7llu  ", (long long)s->id,
           pm_scan_status_name(s->status), a, b, (unsigned long long)s->files_seen,
           (unsigned long long)s->files_scanned, (unsigned long long)s->errors);
    print_roots(s->roots_json);
    return 0;
}

int pm_cmd_scans(int argc, char **argv)
{
    enum { O_DB = 256, O_JSON, O_HELP };
    static const struct option lo[] = {{"db", required_argument, NULL, O_DB},
                                       {"json", no_argument, NULL, O_JSON},
                                       {"help", no_argument, NULL, O_HELP},
                                       {0, 0, 0, 0}};
    const char *db = "piimap.db";
    int c, json = 0;
    char err[512];
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "", lo, NULL)) != -1) {
        switch (c) {
        case O_DB: db = optarg; break;
        case O_JSON: json = 1; break;
        case O_HELP: fputs(scans_help, stdout); return PM_EXIT_OK;
        default:
            return pm_cli_bad_option("scans", argv, optind);
        }
    }
    int rc;
    struct pm_inv *inv = pm_cli_open_after_options("scans", argc, argv, optind, db, &rc);
    if (!inv)
        return rc;
    if (json) {
        if (pm_scans_write_json(inv, PM_VERSION, stdout, err, sizeof err) != 0) {
            fprintf(stderr, "piimap scans: %s: %s\n", db, err);
            rc = PM_EXIT_FATAL;
        }
        pm_inv_close(inv);
        return rc;
    }
    printf("%-5s %-11s %-20s %-20s %10s %10s %7s  %s\n", "id", "status", "started", "finished",
           "seen", "scanned", "errors", "roots");
    rc = pm_inv_scans_each(inv, print_scan, NULL) == 0 ? PM_EXIT_OK : PM_EXIT_FATAL;
    if (rc != PM_EXIT_OK)
        fprintf(stderr, "piimap scans: %s: %s\n", db, pm_inv_errmsg(inv));
    pm_inv_close(inv);
    return rc;
}
