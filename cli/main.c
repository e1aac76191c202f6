/* main.c — the piimap command: one table of subcommands, nothing else.
 *
 * Adding a subcommand: write cli/cmd_NAME.c with `int pm_cmd_NAME(int argc,
 * char **argv)` (declared in cli/cli.h; it parses, calls the library, prints
 * and returns an exit code), give it --help, list the file in
 * cli/CMakeLists.txt and add a line to `commands` below.
 */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "detect/detector.h"
#include "report/datamap.h"
#include "report/diff.h"
#include "cli/cli.h"
#include "common/version.h"
#include "scan/scan.h"

static int cmd_detectors(int argc, char **argv);

static const struct command {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
} commands[] = {
    {"scan", pm_cmd_scan, "walk paths and record the personal data found in the inventory"},
    {"report", pm_cmd_report, "write the data map of a scan (JSON, HTML) from the inventory"},
    {"scans", pm_cmd_scans, "list the scans in the inventory"},
    {"diff", pm_cmd_diff, "what changed between two scans (text, JSON, HTML)"},
    {"prune", pm_cmd_prune, "delete all but the newest N scans"},
    {"detectors", cmd_detectors, "list the detectors and what they find"},
};

static void usage(FILE *f)
{
    fputs("usage: piimap COMMAND [options]    (piimap COMMAND --help for more)\n\n"
          "piimap finds personal data (e-mail addresses, payment cards, phone numbers,\n"
          "US SSNs, IBANs, national identifiers, dates of birth) in file shares,\n"
          "archives, documents and mail, and maps where it lives. Raw values never\n"
          "leave the process: the inventory and reports hold masked samples and\n"
          "keyed hashes only.\n\n"
          "commands:\n",
          f);
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].summary);
    fputs("\nquick start:\n"
          "  piimap scan /srv/share                          # writes ./piimap.db\n"
          "  piimap report --json map.json --html map.html   # data map of the newest scan\n"
          "  piimap diff                                     # what changed since the last scan\n\n"
          "  --version  print the version\n",
          f);
}

static int cmd_detectors(int argc, char **argv)
{
    const char *file = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0) {
            puts("usage: piimap detectors [--detectors FILE]\n\n"
                 "Lists the detectors: id and what each finds. Detectors marked (off) run\n"
                 "only with scan --enable ID. With --detectors FILE, the user-defined\n"
                 "detectors in FILE are checked (errors name the file and line) and listed;\n"
                 "one whose pattern Vectorscan cannot take is marked 'runs on PCRE2 alone'.");
            return PM_EXIT_OK;
        }
        if (strcmp(argv[i], "--detectors") == 0 && i + 1 < argc) {
            file = argv[++i];
            continue;
        }
        fprintf(stderr, "piimap detectors: unexpected argument '%s' (see --help)\n", argv[i]);
        return PM_EXIT_USAGE;
    }
    char err[512];
    struct pm_userdets *ud = NULL;
    if (file && !(ud = pm_userdets_load(file, err, sizeof err))) {
        fprintf(stderr, "piimap detectors: %s\n", err);
        return PM_EXIT_USAGE;
    }
    for (size_t i = 0; i < pm_builtin_count(); i++) {
        const struct pm_detector_def *d = pm_builtin_def(i);
        printf("%-15s %s%s\n", d->id, d->off_by_default ? "(off) " : "", d->description);
    }
    for (size_t i = 0; i < pm_userdets_count(ud); i++) {
        const struct pm_detector_def *d = pm_userdets_defs(ud)[i];
        char why[256];
        printf("%-15s (%s) %s\n", d->id, file, d->description);
        /* Vectorscan takes most patterns; the rest are matched by PCRE2 over
         * every window, which is slower. Say which and why. */
        if (!pm_detector_onepass(d, why, sizeof why))
            printf("%-15s   runs on PCRE2 alone: %s\n", "", why);
    }
    pm_userdets_free(ud);
    return PM_EXIT_OK;
}

int main(int argc, char **argv)
{
    /* Everything piimap creates (inventory, key, reports) is private. Set once
     * here, before any thread exists. */
    umask(077);
    if (argc < 2) {
        usage(stderr);
        return PM_EXIT_USAGE;
    }
    if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "version") == 0) {
        printf("piimap %s\n", PM_VERSION);
        return PM_EXIT_OK;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
        strcmp(argv[1], "help") == 0) {
        usage(stdout);
        return PM_EXIT_OK;
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(argv[1], commands[i].name) == 0)
            return commands[i].run(argc - 1, argv + 1);
    fprintf(stderr, "piimap: unknown command '%s'\n\n", argv[1]);
    usage(stderr);
    return PM_EXIT_USAGE;
}
