/* cmd_scan.c — `piimap scan`: the command line of a scan. */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "detect/detector.h"
#include "cli/cli.h"
#include "report/datamap.h"
#include "report/risk.h"
#include "report/summary.h"
#include "cli/list.h"
#include "common/parse.h"
#include "common/version.h"
#include "scan/scan.h"

static const char scan_help[] =
    "usage: piimap scan [options] PATH...\n"
    "       piimap scan [options] --from-file LIST [-0] [PATH...]\n"
    "       piimap scan --resume [--db FILE] [--key FILE] [--threads N]\n"
    "\n"
    "Walks each PATH (files and directories), finds personal data in every\n"
    "regular file and records what it found in the inventory. The scanned tree\n"
    "is only read, never written; raw values are never stored (masked samples\n"
    "and keyed hashes only).\n"
    "\n"
    "options:\n"
    "  --db FILE|URL        inventory to write (default ./piimap.db, created 0600),\n"
    "                       or a PostgreSQL URI (postgresql://user@host/db)\n"
    "  --distributed        share this scan with every host that runs the same\n"
    "                       command on the same roots and PostgreSQL inventory:\n"
    "                       they lease its directories from a queue there, and a\n"
    "                       host that dies has its leases taken over; the scan is\n"
    "                       complete when no directory is left. Every host needs\n"
    "                       the same key file. PIIMAP_HOST names this host in the\n"
    "                       data map (default: its host name); PIIMAP_LEASE_SECONDS\n"
    "                       is how long a silent host keeps a lease (default 60)\n"
    "  --from-file LIST     scan exactly the paths listed in LIST, one a line ('-' is\n"
    "                       stdin), e.g. the files a breach exposed; each is a root:\n"
    "                       a missing one is an error naming it (exit 4, the scan\n"
    "                       recorded incomplete). The list is kept in the inventory\n"
    "                       (canonical, sorted, each path once) as the scan's roots\n"
    "  -0                   LIST is NUL-separated (find -print0), for names with\n"
    "                       newlines\n"
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
    "  --region CC[,CC...]  the country whose phone numbers the tree holds (two\n"
    "                       letters, e.g. DE), or several for a share of several\n"
    "                       (DE,FR,NL; at most 16): their national formats count\n"
    "                       without a label (0911 1234567, (09075) 793834), and a\n"
    "                       bare mobile number led by the trunk 0 or the country\n"
    "                       code (015112345678, 971585215778) at low confidence;\n"
    "                       without it they count only after one (Tel:, Telefon:)\n"
    "  --key FILE           HMAC key file (default $PIIMAP_KEY_FILE or\n"
    "                       ~/.config/piimap/hmac.key, created 0600 on first use)\n"
    "  --full               read every file; by default a rescan of the same roots\n"
    "                       carries forward files whose size, mtime, ctime and\n"
    "                       inode are unchanged since the last complete scan\n"
    "  --fail-on-findings   exit 1 if any file holds personal data\n"
    "  --resume             go on with the newest interrupted scan in the inventory\n"
    "                       (Ctrl-C, SIGTERM, a killed process, a reboot): same\n"
    "                       roots and options, files it finished are not read again,\n"
    "                       and the result is what an uninterrupted scan records.\n"
    "                       Takes no PATH; --db, --key and --threads still apply\n"
    "  --fail-on-errors     exit 4 if any file or member could not be read, or was\n"
    "                       read only in part\n"
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
    "exit codes:\n"
    "  0    the scan ran to its end\n"
    "  1    personal data found (with --fail-on-findings)\n"
    "  2    usage error (unknown option, bad value, no PATH, unknown detector)\n"
    "  3    fatal error: the inventory or the key cannot be opened or written\n"
    "  4    finished, but a root could not be read (missing, unreadable): the\n"
    "       scan is recorded as incomplete; with --fail-on-errors, also when any\n"
    "       item could not be read\n"
    "  130  interrupted (SIGINT/SIGTERM): recorded as interrupted with what it\n"
    "       had found\n"
    "Roots are stored absolute and canonical (symlinks, '.', '..' and trailing\n"
    "slashes resolved), so 'share', './share/' and '/srv/share' are one root.\n"
    "With --from-file, the listed paths (and any PATH) are the roots, sorted and\n"
    "each kept once: the same set of paths, however ordered, is one scope for\n"
    "incremental rescans and diffs.\n"
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

/* ---- what the user sees while a scan runs ----------------------------------- */

static atomic_int interrupted; /* set by the signal handler only */

static void on_signal(int sig)
{
    (void)sig;
    atomic_store(&interrupted, 1);
}

struct screen {
    pthread_mutex_t mu; /* one writer of stderr lines at a time */
    int show_progress;  /* stderr is a terminal and not --quiet */
    int progress_shown; /* a progress line is on screen: clear it first */
};

static void human_bytes(double b, char *out, size_t n)
{
    const char *u[] = {"B", "KB", "MB", "GB", "TB"};
    int i = 0;
    while (b >= 1000 && i < 4) {
        b /= 1000;
        i++;
    }
    snprintf(out, n, i ? "%.1f %s" : "%.0f %s", b, u[i]);
}

static void clear_progress(struct screen *sc)
{
    if (sc->progress_shown)
        fputs("\r\033[K", stderr);
    sc->progress_shown = 0;
}

/* One error line on stderr, naming the path (and the member, if any). */
static void on_problem(void *ctx, const char *path, const char *members, const char *what)
{
    struct screen *sc = ctx;
    pthread_mutex_lock(&sc->mu);
    clear_progress(sc);
    if (members && strcmp(members, "[]") != 0)
        fprintf(stderr, "piimap: %s: member %s: %s\n", path, members, what);
    else
        fprintf(stderr, "piimap: %s: %s\n", path, what);
    pthread_mutex_unlock(&sc->mu);
}

static void on_warning(void *ctx, const char *what)
{
    struct screen *sc = ctx;
    pthread_mutex_lock(&sc->mu);
    clear_progress(sc);
    fprintf(stderr, "piimap: %s\n", what);
    pthread_mutex_unlock(&sc->mu);
}

static void on_progress(void *ctx, const struct pm_scan_progress *p)
{
    struct screen *sc = ctx;
    if (!sc->show_progress)
        return;
    char b[32], rate[32], eta[48] = "";
    human_bytes((double)p->bytes, b, sizeof b);
    human_bytes(p->seconds > 0 ? (double)p->bytes / p->seconds : 0, rate, sizeof rate);
    /* The total is known only from the previous scan of the same roots. */
    if (p->prev_files_seen > p->files_seen && p->files_seen > 0 && p->seconds > 1)
        snprintf(eta, sizeof eta, ", ETA %.0fs",
                 (double)(p->prev_files_seen - p->files_seen) * p->seconds / (double)p->files_seen);
    pthread_mutex_lock(&sc->mu);
    fprintf(stderr, "\r\033[Kpiimap: %llu files, %s, %s/s, %llu with PII, %llu errors%s",
            (unsigned long long)p->files_seen, b, rate, (unsigned long long)p->with_pii,
            (unsigned long long)p->errors, eta);
    sc->progress_shown = 1;
    pthread_mutex_unlock(&sc->mu);
}

static const char *plural(uint64_t n, const char *one, const char *many)
{
    return n == 1 ? one : many;
}

/* "scan 3 complete: 9 files (7 read, 2 unchanged, ...) and 3 archive
 * members, ...": files on disk are kept apart from members inside them. */
static void print_summary(const struct pm_scan_result *r, const char *db)
{
    char b[32];
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    human_bytes((double)r->bytes_scanned, b, sizeof b);
    fprintf(stderr, "piimap: scan %lld %s%s: %llu %s (%llu read, %llu unchanged, %llu skipped, "
                    "%llu excluded)",
            (long long)r->scan_id, r->status, r->resumed ? " (resumed)" : "", (unsigned long long)r->files_seen,
            plural(r->files_seen, "file", "files"), (unsigned long long)r->files_scanned,
            (unsigned long long)r->files_unchanged, (unsigned long long)r->files_skipped,
            (unsigned long long)r->files_excluded);
    if (r->members_seen)
        fprintf(stderr, " and %llu archive %s", (unsigned long long)r->members_seen,
                plural(r->members_seen, "member", "members"));
    fprintf(stderr, ", %s read; personal data in %llu %s", b,
            (unsigned long long)r->files_with_pii, plural(r->files_with_pii, "file", "files"));
    if (r->with_pii != r->files_with_pii)
        fprintf(stderr, " (%llu %s, counting members)", (unsigned long long)r->with_pii,
                plural(r->with_pii, "item", "items"));
    fprintf(stderr, "; %llu %s; %.1f s, peak memory %ld MB; inventory %s\n",
            (unsigned long long)r->errors, plural(r->errors, "error", "errors"), r->seconds,
            ru.ru_maxrss / 1024, db);
    if (r->atime_files || r->atime_dirs)
        fprintf(stderr, "piimap: access times were not kept for %llu %s and %llu %s: the kernel "
                        "lets only a file's owner or root read without changing them "
                        "(O_NOATIME)\n",
                (unsigned long long)r->atime_files, plural(r->atime_files, "file", "files"),
                (unsigned long long)r->atime_dirs,
                plural(r->atime_dirs, "directory", "directories"));
}

/* "path :: member :: member" of an item. */
static void print_item(const char *path, const char *members_json)
{
    fputs(path, stderr);
    json_t *m = json_loads(members_json ? members_json : "[]", 0, NULL);
    size_t i;
    json_t *v;
    json_array_foreach(m, i, v)
        fprintf(stderr, " :: %s", json_string_value(v) ? json_string_value(v) : "?");
    json_decref(m);
}

/* Per detector: distinct values, items, and the PM_SUMMARY_TOP items where
 * they are most at risk (report/summary.c), from the inventory just written. */
static void print_detectors(int64_t scan_id, const char *db)
{
    struct pm_inv *inv = pm_cli_open_read("scan", db);
    if (!inv)
        return;
    struct pm_summary s;
    char err[512];
    if (pm_summary_build(inv, scan_id, PM_STALE_DAYS, &s, err, sizeof err) != 0) {
        fprintf(stderr, "piimap: summary: %s\n", err);
        pm_inv_close(inv);
        return;
    }
    if (s.n)
        fprintf(stderr, "piimap: people: about %llu (%llu %s linked identifiers; %s)\n",
                (unsigned long long)s.people, (unsigned long long)s.linked_records,
                plural(s.linked_records, "record", "records"), s.people_method);
    if (s.n)
        fprintf(stderr, "piimap: by detector: distinct values, the files and members holding "
                        "them, and the %d where they are most at risk:\n", PM_SUMMARY_TOP);
    for (size_t k = 0; k < s.n; k++) {
        const struct pm_summary_det *d = &s.d[k];
        fprintf(stderr, "  %s: %llu distinct in %llu %s (%llu %s)\n", d->detector,
                (unsigned long long)d->distinct, (unsigned long long)d->items,
                plural(d->items, "item", "items"), (unsigned long long)d->occurrences,
                plural(d->occurrences, "match", "matches"));
        for (size_t i = 0; i < d->ntop; i++) {
            const struct pm_summary_loc *l = &d->top[i];
            fprintf(stderr, "    %zu. ", i + 1);
            print_item(l->path, l->members_json);
            fprintf(stderr, "  (%llu distinct", (unsigned long long)l->distinct);
            for (unsigned f = 0, first = 1; f < PM_RISK_COUNT; f++)
                if (l->risk & (1u << f)) {
                    fprintf(stderr, "%s%s", first ? "; " : ", ", pm_risk_name(f));
                    first = 0;
                }
            fputs(")\n", stderr);
        }
    }
    pm_summary_free(&s);
    pm_inv_close(inv);
}

/* The paths of a --from-file list, then the PATH arguments, as one array of
 * roots (*roots, freed by the caller; the strings stay in list and argv).
 * Returns an exit code. */
static int read_list(const char *file, int nul, struct pm_list *list, char **paths,
                     size_t npaths, const char ***roots)
{
    char err[4200];
    if (pm_list_read(file, nul, list, err, sizeof err) != 0) {
        fprintf(stderr, "piimap scan: %s\n", err);
        return PM_EXIT_USAGE;
    }
    if (!list->n) {
        fprintf(stderr, "piimap scan: %s: the list holds no path\n", file);
        return PM_EXIT_USAGE;
    }
    if (!(*roots = calloc(list->n + npaths + 1, sizeof **roots)))
        return PM_EXIT_FATAL;
    for (size_t i = 0; i < list->n; i++)
        (*roots)[i] = list->items[i];
    for (size_t i = 0; i < npaths; i++)
        (*roots)[list->n + i] = paths[i];
    return PM_EXIT_OK;
}

/* The roots: the PATH arguments, or a --from-file list and any PATHs, or
 * none for --resume (its own). Returns an exit code. */
static int set_roots(struct pm_scan_opts *o, const char *list_file, int nul, char **paths,
                     size_t npaths, struct pm_list *listed, const char ***roots)
{
    if (nul && !list_file) {
        fprintf(stderr, "piimap scan: -0 says how the --from-file list is separated; give "
                        "--from-file LIST\n");
        return PM_EXIT_USAGE;
    }
    if (o->resume && list_file) {
        fprintf(stderr, "piimap scan: --resume takes no --from-file: it goes on with the paths "
                        "of the interrupted scan\n");
        return PM_EXIT_USAGE;
    }
    if (o->resume && npaths) {
        fprintf(stderr, "piimap scan: --resume takes no PATH: it goes on with the roots and "
                        "options of the interrupted scan (see piimap scans)\n");
        return PM_EXIT_USAGE;
    }
    if (list_file) {
        int rc = read_list(list_file, nul, listed, paths, npaths, roots);
        o->roots = *roots;
        o->nroots = listed->n + npaths;
        o->unique_roots = 1;
        return rc;
    }
    if (!npaths && !o->resume) {
        fprintf(stderr, "piimap scan: no PATH given (see piimap scan --help)\n");
        return PM_EXIT_USAGE;
    }
    o->roots = (const char *const *)paths;
    o->nroots = npaths;
    return PM_EXIT_OK;
}

/* Runs the scan with signal handlers, progress and the summary; returns the
 * exit code. */
static int run_scan(struct pm_scan_opts *o, int quiet, int fail_on_findings, int fail_on_errors)
{
    struct screen sc = {.show_progress = !quiet && isatty(STDERR_FILENO)};
    pthread_mutex_init(&sc.mu, NULL);
    struct pm_scan_events ev = {.ctx = &sc, .problem = on_problem, .warning = on_warning,
                                .progress = on_progress};
    struct sigaction sa = {0}, old_int, old_term;
    sa.sa_handler = on_signal;
    sigaction(SIGINT, &sa, &old_int);
    sigaction(SIGTERM, &sa, &old_term);
    o->interrupt = &interrupted;
    struct pm_scan_result res;
    char err[1024];
    pm_status st = pm_scan_run(o, &ev, &res, err, sizeof err);
    sigaction(SIGINT, &old_int, NULL);
    sigaction(SIGTERM, &old_term, NULL);
    clear_progress(&sc);
    pthread_mutex_destroy(&sc.mu);
    if (pm_status_fatal(st)) {
        fprintf(stderr, "piimap: %s\n", err[0] ? err : pm_strerror(st));
        return st == PM_FATAL_USAGE ? PM_EXIT_USAGE : PM_EXIT_FATAL;
    }
    if (!quiet) {
        print_summary(&res, o->db_path);
        if (res.scan_id)
            print_detectors(res.scan_id, o->db_path);
    }
    if (st == PM_ERR_INTERRUPTED)
        return PM_EXIT_INTERRUPTED;
    if (res.roots_failed) {
        fprintf(stderr, "piimap: scan %lld is incomplete: %llu of %zu %s could not be read\n",
                (long long)res.scan_id, (unsigned long long)res.roots_failed, res.roots,
                o->unique_roots ? (res.roots == 1 ? "listed path" : "listed paths")
                                : (res.roots == 1 ? "root" : "roots"));
        return PM_EXIT_INCOMPLETE;
    }
    if (fail_on_errors && res.errors > 0)
        return PM_EXIT_INCOMPLETE;
    return fail_on_findings && res.with_pii > 0 ? PM_EXIT_FINDINGS : PM_EXIT_OK;
}

/* --distributed: what it cannot go with, and its environment. */
static int set_distributed(struct pm_scan_opts *o)
{
    static const struct pm_uint_range r_lease = {"PIIMAP_LEASE_SECONDS", "seconds", 2, 86400};
    if (!o->distributed)
        return PM_EXIT_OK;
    if (o->resume) {
        fprintf(stderr, "piimap scan: --distributed takes no --resume: run the same "
                        "--distributed command again and it goes on with the scan\n");
        return PM_EXIT_USAGE;
    }
    if (o->follow_symlinks) {
        fprintf(stderr, "piimap scan: --distributed cannot --follow-symlinks: a loop through "
                        "a link cannot be seen across hosts\n");
        return PM_EXIT_USAGE;
    }
    const char *lease = getenv("PIIMAP_LEASE_SECONDS");
    uint64_t v;
    if (lease && *lease) {
        if (parse_uint(lease, &r_lease, &v))
            return PM_EXIT_USAGE;
        o->lease_seconds = (unsigned)v;
    }
    o->host = getenv("PIIMAP_HOST");
    return PM_EXIT_OK;
}

int pm_cmd_scan(int argc, char **argv)
{
    enum { O_DB = 256, O_THREADS, O_EXCLUDE, O_FOLLOW, O_MAXDEPTH, O_KEY, O_FAIL, O_QUIET,
           O_HELP, O_CHUNK, O_ONLY, O_DISABLE, O_MAXEXP, O_MAXRATIO, O_MAXMEM, O_MAXTIME, O_ENABLE, O_MINCONF, O_DETFILE, O_ALLOW, O_FULL, O_FAILERR, O_RESUME, O_FROM, O_REGION, O_DIST };
    static const struct option lo[] = {
        {"db", required_argument, NULL, O_DB},
        {"threads", required_argument, NULL, O_THREADS},
        {"exclude", required_argument, NULL, O_EXCLUDE},
        {"follow-symlinks", no_argument, NULL, O_FOLLOW},
        {"max-depth", required_argument, NULL, O_MAXDEPTH},
        {"key", required_argument, NULL, O_KEY},
        {"fail-on-findings", no_argument, NULL, O_FAIL},
        {"fail-on-errors", no_argument, NULL, O_FAILERR},
        {"resume", no_argument, NULL, O_RESUME},
        {"distributed", no_argument, NULL, O_DIST},
        {"from-file", required_argument, NULL, O_FROM},
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
        {"region", required_argument, NULL, O_REGION},
        {"disable", required_argument, NULL, O_DISABLE},
        {"chunk-size", required_argument, NULL, O_CHUNK}, /* for tests, undocumented */
        {0, 0, 0, 0},
    };
    struct pm_scan_opts o = {.db_path = "piimap.db"};
    int quiet = 0, fail_on_findings = 0, fail_on_errors = 0, nul = 0;
    const char *list_file = NULL;
    struct pm_list listed = {0};
    const char **roots = NULL;
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
    while ((c = getopt_long(argc, argv, "0", lo, NULL)) != -1) {
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
                fprintf(stderr, "piimap scan: --max-expanded: expected a size in bytes, with an optional k, M, G or T suffix (e.g. 4G), got '%s'\n",
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
        case O_REGION: o.region = optarg; break;
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
        case O_FAIL: fail_on_findings = 1; break;
        case O_FAILERR: fail_on_errors = 1; break;
        case O_RESUME: o.resume = 1; break;
        case O_DIST: o.distributed = 1; break;
        case O_FROM: list_file = optarg; break;
        case '0': nul = 1; break;
        case O_QUIET: quiet = 1; break;
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
            pm_cli_bad_option("scan", argv, optind);
            goto done;
        }
    }
    if ((rc = set_roots(&o, list_file, nul, argv + optind, (size_t)(argc - optind), &listed,
                        &roots)) != PM_EXIT_OK ||
        (rc = set_distributed(&o)) != PM_EXIT_OK)
        goto done;
    o.excludes = excludes;
    rc = run_scan(&o, quiet, fail_on_findings, fail_on_errors);
done:
    free(excludes);
    free(roots);
    pm_list_free(&listed);
    return rc;
}
