/* cmd_scan.c — `piimap scan`: the command line of a scan. */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "detect/detector.h"
#include "cli/cli.h"
#include "common/parse.h"
#include "common/version.h"
#include "scan/scan.h"

static const char scan_help[] =
    "usage: piimap scan [options] PATH...\n"
    "\n"
    "Walks each PATH (files and directories), finds personal data in every\n"
    "regular file and records what it found in the inventory. The scanned tree\n"
    "is only read, never written; raw values are never stored (masked samples\n"
    "and keyed hashes only).\n"
    "\n"
    "options:\n"
    "  --db FILE            inventory to write (default ./piimap.db, created 0600)\n"
    "  --threads N          worker threads (default: number of cores)\n"
    "  --exclude GLOB       skip names matching GLOB (repeatable); a GLOB with a '/'\n"
    "                       is matched against the whole path, e.g. '*/node_modules'\n"
    "  --follow-symlinks    follow symbolic links (loops are detected and skipped)\n"
    "  --detectors FILE     add the detectors defined in FILE (YAML; see README)\n"
    "  --allow FILE         ignore the values, hashes and paths listed in FILE\n"
    "                       (reviewed test cards, your own switchboard; see README)\n"
    "  --only ID,...        run only these detectors (ids from piimap detectors)\n"
    "  --disable ID,...     run all detectors but these\n"
    "  --enable ID,...      also run detectors that are off by default (ipv4, ipv6)\n"
    "  --min-confidence L   record only findings of confidence L or more:\n"
    "                       low (default), medium or high\n"
    "  --key FILE           HMAC key file (default $PIIMAP_KEY_FILE or\n"
    "                       ~/.config/piimap/hmac.key, created 0600 on first use)\n"
    "  --full               read every file; by default a rescan of the same roots\n"
    "                       carries forward files whose size, mtime, ctime and\n"
    "                       inode are unchanged since the last complete scan\n"
    "  --fail-on-findings   exit 1 if any file holds personal data\n"
    "  --quiet              no progress or summary on stderr (errors still shown)\n"
    "  --help               this text\n"
    "\n"
    "limits (per top-level file; a limit that is hit is recorded on the file,\n"
    "with what was read before it, and the scan goes on):\n"
    "  --max-depth N        archive/document nesting depth (default 16)\n"
    "  --max-expanded SIZE  bytes decompressed, e.g. 4G, 512M (default 4G)\n"
    "  --max-ratio N        compression ratio of one member, once it has produced\n"
    "                       32 MiB (default 250)\n"
    "  --max-members N      archive members (default 100000)\n"
    "  --max-time SECONDS   time spent on one file, 0 = none (default 600)\n"
    "\n"
    "exit codes: 0 done, 1 findings (with --fail-on-findings), 2 usage error,\n"
    "3 fatal error (inventory or key unusable), 130 interrupted (the scan is\n"
    "recorded as interrupted with what it had found).\n"
    "\n"
    "Then: piimap report --json datamap.json   (see piimap report --help)\n";

/* The numeric options and what each may be. */
static const struct pm_uint_range r_threads = {"--threads", "threads", 1, 1024};
static const struct pm_uint_range r_depth = {"--max-depth", "levels", 0, 64};
static const struct pm_uint_range r_ratio = {"--max-ratio", NULL, 0, 1000000};
static const struct pm_uint_range r_members = {"--max-members", "members", 0, 1000000000};
static const struct pm_uint_range r_time = {"--max-time", "seconds", 0, 1000000};
static const struct pm_uint_range r_chunk = {"--chunk-size", "bytes", 1, 1u << 30};

/* Parses a numeric option; says what was expected when it is not that. */
static int parse_uint(const char *s, const struct pm_uint_range *r, uint64_t *out)
{
    char err[256];
    if (pm_parse_uint(s, r, out, err, sizeof err) == 0)
        return 0;
    fprintf(stderr, "piimap scan: %s\n", err);
    return -1;
}

int pm_cmd_scan(int argc, char **argv)
{
    enum { O_DB = 256, O_THREADS, O_EXCLUDE, O_FOLLOW, O_MAXDEPTH, O_KEY, O_FAIL, O_QUIET,
           O_HELP, O_CHUNK, O_ONLY, O_DISABLE, O_MAXEXP, O_MAXRATIO, O_MAXMEM, O_MAXTIME, O_ENABLE, O_MINCONF, O_DETFILE, O_ALLOW, O_FULL };
    static const struct option lo[] = {
        {"db", required_argument, NULL, O_DB},
        {"threads", required_argument, NULL, O_THREADS},
        {"exclude", required_argument, NULL, O_EXCLUDE},
        {"follow-symlinks", no_argument, NULL, O_FOLLOW},
        {"max-depth", required_argument, NULL, O_MAXDEPTH},
        {"key", required_argument, NULL, O_KEY},
        {"fail-on-findings", no_argument, NULL, O_FAIL},
        {"quiet", no_argument, NULL, O_QUIET},
        {"help", no_argument, NULL, O_HELP},
        {"max-expanded", required_argument, NULL, O_MAXEXP},
        {"max-ratio", required_argument, NULL, O_MAXRATIO},
        {"max-members", required_argument, NULL, O_MAXMEM},
        {"max-time", required_argument, NULL, O_MAXTIME},
        {"only", required_argument, NULL, O_ONLY},
        {"enable", required_argument, NULL, O_ENABLE},
        {"detectors", required_argument, NULL, O_DETFILE},
        {"allow", required_argument, NULL, O_ALLOW},
        {"full", no_argument, NULL, O_FULL},
        {"min-confidence", required_argument, NULL, O_MINCONF},
        {"disable", required_argument, NULL, O_DISABLE},
        {"chunk-size", required_argument, NULL, O_CHUNK}, /* for tests, undocumented */
        {0, 0, 0, 0},
    };
    struct pm_scan_opts o = {.db_path = "piimap.db"};
    const char **excludes = calloc((size_t)argc, sizeof *excludes);
    long nproc = sysconf(_SC_NPROCESSORS_ONLN);
    uint64_t v;
    int c, rc = PM_EXIT_USAGE;

    o.threads = nproc > 0 ? (unsigned)nproc : 1;
    pm_limits_default(&o.limits);
    if (!excludes)
        return PM_EXIT_FATAL;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "", lo, NULL)) != -1) {
        switch (c) {
        case O_DB: o.db_path = optarg; break;
        case O_THREADS:
            if (parse_uint(optarg, &r_threads, &v))
                goto done;
            o.threads = (unsigned)v;
            break;
        case O_EXCLUDE: excludes[o.nexcludes++] = optarg; break;
        case O_FOLLOW: o.follow_symlinks = 1; break;
        case O_MAXDEPTH:
            if (parse_uint(optarg, &r_depth, &v))
                goto done;
            o.limits.max_depth = (unsigned)v;
            break;
        case O_MAXEXP:
            if (pm_parse_size(optarg, &o.limits.max_expanded)) {
                fprintf(stderr, "piimap scan: --max-expanded: expected a size like 4G, got '%s'\n",
                        optarg);
                goto done;
            }
            break;
        case O_MAXRATIO:
            if (parse_uint(optarg, &r_ratio, &v))
                goto done;
            o.limits.max_ratio = (unsigned)v;
            break;
        case O_MAXMEM:
            if (parse_uint(optarg, &r_members, &v))
                goto done;
            o.limits.max_members = v;
            break;
        case O_MAXTIME:
            if (parse_uint(optarg, &r_time, &v))
                goto done;
            o.limits.max_seconds = (unsigned)v;
            break;
        case O_KEY: o.key_path = optarg; break;
        case O_ONLY: o.only = optarg; break;
        case O_DISABLE: o.disable = optarg; break;
        case O_ENABLE: o.enable = optarg; break;
        case O_DETFILE: o.detectors_file = optarg; break;
        case O_ALLOW: o.allow_file = optarg; break;
        case O_FULL: o.full = 1; break;
        case O_MINCONF:
            if (!(o.min_confidence = pm_confidence_parse(optarg))) {
                fprintf(stderr, "piimap scan: --min-confidence: expected low, medium or high, "
                                "got '%s'\n", optarg);
                goto done;
            }
            break;
        case O_FAIL: o.fail_on_findings = 1; break;
        case O_QUIET: o.quiet = 1; break;
        case O_CHUNK:
            if (parse_uint(optarg, &r_chunk, &v))
                goto done;
            o.chunk = v;
            break;
        case O_HELP:
            fputs(scan_help, stdout);
            rc = PM_EXIT_OK;
            goto done;
        default:
            fprintf(stderr, "piimap scan: unknown or incomplete option '%s' (see piimap scan --help)\n",
                    argv[optind - 1]);
            goto done;
        }
    }
    if (optind >= argc) {
        fprintf(stderr, "piimap scan: no PATH given (see piimap scan --help)\n");
        goto done;
    }
    o.roots = (const char *const *)argv + optind;
    o.nroots = (size_t)(argc - optind);
    o.excludes = excludes;
    rc = pm_scan_run(&o);
done:
    free(excludes);
    return rc;
}
