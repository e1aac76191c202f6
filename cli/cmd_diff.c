/* cmd_diff.c — `piimap diff` (what changed between two scans) and `piimap
 * prune` (retention of old scans). The diff itself is built in report/. */
#define _GNU_SOURCE
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "report/datamap.h"
#include "report/diff.h"

static const char diff_help[] =
    "usage: piimap diff [--db FILE] [--from ID] [--to ID] [--json FILE] [--html FILE]\n"
    "                   [--fail-on-new]\n"
    "\n"
    "Compares two scans in the inventory (no rescan): files with new personal data,\n"
    "files whose personal data is gone (deleted or cleaned), files whose counts\n"
    "changed, and how many new distinct values each detector saw (by keyed hash).\n"
    "\n"
    "  --to ID        the later scan (default: the newest complete scan)\n"
    "  --from ID      the earlier scan (default: the complete scan before --to of\n"
    "                 the same roots)\n"
    "  --json FILE    write the diff as JSON, schema piimap.diff/1 ('-' = stdout)\n"
    "  --html FILE    write a self-contained HTML page\n"
    "  --fail-on-new  exit 1 if any file has new personal data (for scheduled jobs)\n"
    "\n"
    "The text summary goes to stdout unless --json - is given.\n";

static const char prune_help[] =
    "usage: piimap prune [--db FILE] --keep N\n"
    "\n"
    "Deletes all but the newest N scans (their files, findings and hashes) and\n"
    "compacts the inventory.\n";

static int newest_complete(void *ctx, const struct pm_inv_scan *s)
{
    if (s->status == PM_SCAN_COMPLETE)
        *(int64_t *)ctx = s->id; /* scans come in id order: the last one wins */
    return 0;
}

int pm_cmd_diff(int argc, char **argv)
{
    enum { O_DB = 256, O_FROM, O_TO, O_JSON, O_HTML, O_FAIL, O_HELP };
    static const struct option lo[] = {
        {"db", required_argument, NULL, O_DB},     {"from", required_argument, NULL, O_FROM},
        {"to", required_argument, NULL, O_TO},     {"json", required_argument, NULL, O_JSON},
        {"html", required_argument, NULL, O_HTML}, {"fail-on-new", no_argument, NULL, O_FAIL},
        {"help", no_argument, NULL, O_HELP},       {0, 0, 0, 0},
    };
    const char *db = "piimap.db", *json = NULL, *html = NULL;
    int64_t from = 0, to = 0;
    int fail_on_new = 0, c, rc = PM_EXIT_OK;
    char err[512];
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "", lo, NULL)) != -1) {
        switch (c) {
        case O_DB: db = optarg; break;
        case O_FROM:
        case O_TO:
            if (pm_parse_positive(optarg, c == O_FROM ? &from : &to)) {
                fprintf(stderr, "piimap diff: %s: expected a scan id, a whole number from 1 (see piimap scans), got '%s'\n",
                        c == O_FROM ? "--from" : "--to", optarg);
                return PM_EXIT_USAGE;
            }
            break;
        case O_JSON: json = optarg; break;
        case O_HTML: html = optarg; break;
        case O_FAIL: fail_on_new = 1; break;
        case O_HELP: fputs(diff_help, stdout); return PM_EXIT_OK;
        default:
            return pm_cli_bad_option("diff", argv, optind);
        }
    }
    struct pm_inv *inv = pm_cli_open_after_options("diff", argc, argv, optind, db, &rc);
    if (!inv)
        return rc;
    struct pm_inv_scan s;
    json_t *d = NULL;
    if (!to && pm_inv_scans_each(inv, newest_complete, &to) != 0) {
        fprintf(stderr, "piimap diff: %s: %s\n", db, pm_inv_errmsg(inv));
        rc = PM_EXIT_FATAL;
        goto done;
    }
    if (to && !from && pm_inv_scan_get(inv, to, &s) == 0) {
        char *roots = strdup(s.roots_json), *key = s.key_id ? strdup(s.key_id) : NULL;
        from = pm_inv_prev_scan(inv, roots, key, to);
        free(roots);
        free(key);
    }
    if (!to || from <= 0) {
        fprintf(stderr, "piimap diff: %s: need two complete scans of the same roots "
                        "(see piimap scans, or give --from and --to)\n", db);
        rc = from < 0 ? PM_EXIT_FATAL : PM_EXIT_USAGE;
        goto done;
    }
    for (int i = 0; i < 2; i++) {
        int64_t id = i ? to : from;
        int got = pm_inv_scan_get(inv, id, &s);
        if (got != 0) {
            if (got > 0)
                fprintf(stderr, "piimap diff: %s: no scan %lld (see piimap scans --db %s)\n", db,
                        (long long)id, db);
            else
                fprintf(stderr, "piimap diff: %s: %s\n", db, pm_inv_errmsg(inv));
            rc = got > 0 ? PM_EXIT_USAGE : PM_EXIT_FATAL;
            goto done;
        }
    }
    if (!(d = pm_diff_build(inv, from, to, err, sizeof err))) {
        fprintf(stderr, "piimap diff: %s: %s\n", db, err);
        rc = PM_EXIT_FATAL;
        goto done;
    }
    if (!json || strcmp(json, "-") != 0)
        pm_diff_print(stdout, d);
    if (json) {
        FILE *f = pm_report_open(json, err, sizeof err);
        if (!f || json_dumpf(d, f, JSON_INDENT(1) | JSON_PRESERVE_ORDER | JSON_ENSURE_ASCII) != 0 ||
            (f != stdout && fclose(f) != 0)) {
            fprintf(stderr, "piimap diff: %s\n", f ? json : err);
            rc = PM_EXIT_FATAL;
        }
        if (f == stdout)
            fputc('\n', stdout);
    }
    if (html && rc == PM_EXIT_OK && pm_html_write_diff(html, d, err, sizeof err) != 0) {
        fprintf(stderr, "piimap diff: %s\n", err);
        rc = PM_EXIT_FATAL;
    }
    if (rc == PM_EXIT_OK && fail_on_new &&
        json_integer_value(json_object_get(json_object_get(d, "summary"), "new")) > 0)
        rc = PM_EXIT_FINDINGS;
done:
    json_decref(d);
    pm_inv_close(inv);
    return rc;
}

int pm_cmd_prune(int argc, char **argv)
{
    enum { O_DB = 256, O_KEEP, O_HELP };
    static const struct option lo[] = {{"db", required_argument, NULL, O_DB},
                                       {"keep", required_argument, NULL, O_KEEP},
                                       {"help", no_argument, NULL, O_HELP},
                                       {0, 0, 0, 0}};
    const char *db = "piimap.db";
    int64_t keep = -1;
    int c;
    char err[512];
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "", lo, NULL)) != -1) {
        switch (c) {
        case O_DB: db = optarg; break;
        case O_KEEP:
            if (pm_parse_positive(optarg, &keep) || keep > 1000000) {
                fprintf(stderr, "piimap prune: --keep: expected a whole number of scans from 1 to 1000000, got '%s'\n", optarg);
                return PM_EXIT_USAGE;
            }
            break;
        case O_HELP: fputs(prune_help, stdout); return PM_EXIT_OK;
        default:
            return pm_cli_bad_option("prune", argv, optind);
        }
    }
    if (keep < 1 || optind < argc) {
        fprintf(stderr, "piimap prune: --keep N is required (see --help)\n");
        return PM_EXIT_USAGE;
    }
    struct pm_inv *inv = NULL;
    if (pm_inv_open(db, PM_INV_WRITE, &inv, err, sizeof err) != 0) {
        fprintf(stderr, "piimap prune: %s\n", err);
        return PM_EXIT_FATAL;
    }
    int64_t n = pm_inv_prune(inv, (unsigned)keep);
    if (n < 0)
        fprintf(stderr, "piimap prune: %s: %s\n", db, pm_inv_errmsg(inv));
    else
        printf("piimap prune: deleted %lld scan%s, kept the newest %lld\n", (long long)n,
               n == 1 ? "" : "s", (long long)keep);
    pm_inv_close(inv);
    return n < 0 ? PM_EXIT_FATAL : PM_EXIT_OK;
}
