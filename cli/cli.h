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
int pm_cmd_reveal(int argc, char **argv);

/* args.c: the same messages for every subcommand. */
/* "unknown or incomplete option" for argv[optind_now - 1]; returns PM_EXIT_USAGE. */
int pm_cli_bad_option(const char *cmd, char **argv, int optind_now);
/* Refuses arguments left after the options: 0, or PM_EXIT_USAGE with a message. */
int pm_cli_no_operands(const char *cmd, int argc, char **argv, int optind_now);
/* Opens the inventory read-only; NULL after saying why (exit PM_EXIT_FATAL). */
struct pm_inv;
struct pm_inv *pm_cli_open_read(const char *cmd, const char *db);
/* The end of a reading command's options: refuses operands (NULL, *rc
 * PM_EXIT_USAGE), then opens db read-only (NULL, *rc PM_EXIT_FATAL); the
 * inventory with *rc PM_EXIT_OK. */
struct pm_inv *pm_cli_open_after_options(const char *cmd, int argc, char **argv, int optind_now,
                                         const char *db, int *rc);

#endif
