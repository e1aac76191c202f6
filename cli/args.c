/* args.c — what every subcommand says the same way: an option it does not
 * know, arguments left over, an inventory that cannot be opened to read. */
#include <stdio.h>

#include "cli/cli.h"
#include "inventory/inventory.h"

int pm_cli_bad_option(const char *cmd, char **argv, int optind_now)
{
    fprintf(stderr, "piimap %s: unknown or incomplete option '%s' (see piimap %s --help)\n", cmd,
            argv[optind_now - 1], cmd);
    return PM_EXIT_USAGE;
}

int pm_cli_no_operands(const char *cmd, int argc, char **argv, int optind_now)
{
    if (optind_now >= argc)
        return 0;
    fprintf(stderr, "piimap %s: unexpected argument '%s' (see piimap %s --help)\n", cmd,
            argv[optind_now], cmd);
    return PM_EXIT_USAGE;
}

struct pm_inv *pm_cli_open_read(const char *cmd, const char *db)
{
    char err[1024];
    struct pm_inv *inv = NULL;
    if (pm_inv_open(db, PM_INV_READ, &inv, err, sizeof err) != 0) {
        fprintf(stderr, "piimap %s: %s\n", cmd, err);
        return NULL;
    }
    return inv;
}

struct pm_inv *pm_cli_open_after_options(const char *cmd, int argc, char **argv, int optind_now,
                                         const char *db, int *rc)
{
    *rc = PM_EXIT_USAGE;
    if (pm_cli_no_operands(cmd, argc, argv, optind_now))
        return NULL;
    struct pm_inv *inv = pm_cli_open_read(cmd, db);
    *rc = inv ? PM_EXIT_OK : PM_EXIT_FATAL;
    return inv;
}
