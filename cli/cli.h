/* cli.h — the command line: one function per subcommand, and the exit codes.
 * cli/ is the only place that parses argv, prints for the user, exits and
 * installs signal handlers; everything it calls returns a status instead.
 */
#ifndef PM_CLI_H
#define PM_CLI_H

/* Exit codes shared by every subcommand (documented in --help, the man page
 * and the README). */
enum {
    PM_EXIT_OK = 0,
    PM_EXIT_FINDINGS = 1, /* --fail-on-findings and something was found */
    PM_EXIT_USAGE = 2,
    PM_EXIT_FATAL = 3,    /* inventory unwritable, key unusable, ... */
    PM_EXIT_INCOMPLETE = 4, /* finished, but a root (or, with --fail-on-errors, an item) could not be read */
    PM_EXIT_INTERRUPTED = 130,
};

/* Each parses argv (argv[0] = the subcommand) and returns an exit code. */
int pm_cmd_scan(int argc, char **argv);
int pm_cmd_report(int argc, char **argv);
int pm_cmd_scans(int argc, char **argv);
int pm_cmd_diff(int argc, char **argv);
int pm_cmd_prune(int argc, char **argv);
int pm_cmd_locate(int argc, char **argv);
int pm_cmd_detectors(int argc, char **argv);

#endif
