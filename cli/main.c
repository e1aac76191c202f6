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

#include "cli/cli.h"
#include "common/version.h"
#include "scan/scan.h"

static const struct command {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
} commands[] = {
    {"scan", pm_cmd_scan, "walk paths and record the personal data found in the inventory"},
    {"report", pm_cmd_report, "write the data map of a scan (JSON, HTML) from the inventory"},
    {"scans", pm_cmd_scans, "list the scans in the inventory"},
    {"diff", pm_cmd_diff, "what changed between two scans (text, JSON, HTML)"},
    {"locate", pm_cmd_locate, "list the files and archive members that hold a value"},
    {"reveal", pm_cmd_reveal, "print the raw matches of one file, on purpose (writes nothing)"},
    {"prune", pm_cmd_prune, "delete all but the newest N scans"},
    {"detectors", pm_cmd_detectors, "list the detectors and what they find"},
};

static void usage(FILE *f)
{
    fputs("usage: piimap COMMAND [options]    (piimap COMMAND --help for more)\n\n"
          "piimap finds personal data (e-mail addresses, payment cards, phone numbers,\n"
          "US SSNs, IBANs, national identifiers, dates of birth, people's names and\n"
          "postal addresses) in file shares, archives, documents and mail, maps where\n"
          "it lives and estimates how many people it concerns. Raw values never\n"
          "leave the process: the inventory and reports hold masked samples and\n"
          "keyed hashes only.\n\n"
          "commands:\n",
          f);
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].summary);
    fputs("\nquick start:\n"
          "  piimap scan /srv/share                          # writes ./piimap.db\n"
          "  piimap report --json map.json --html map.html   # data map of the newest scan\n"
          "  piimap diff                                     # what changed since the last scan\n"
          "  piimap locate jane.doe@example.com              # every file that holds it\n\n"
          "  --version  print the version\n",
          f);
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
