/* cmd_detectors.c — `piimap detectors`: the detectors and what each finds,
 * as text or as JSON (schema piimap.detectors/1, documented in the README).
 * Lists definitions only: it reads no scanned data and no inventory.
 */
#define _GNU_SOURCE
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "common/version.h"
#include "detect/detector.h"

static const char detectors_help[] =
    "usage: piimap detectors [--detectors FILE] [--json]\n"
    "\n"
    "Lists the detectors: id and what each finds. Detectors marked (off) run\n"
    "only with scan --enable ID. With --detectors FILE, the user-defined\n"
    "detectors in FILE are checked (errors name the file and line) and listed;\n"
    "one whose pattern Vectorscan cannot take is marked 'runs on PCRE2 alone'\n"
    "(in JSON: \"engine\": \"pcre2\" with \"engine_why\"; else \"vectorscan\").\n"
    "With --json, the list is JSON on stdout (schema piimap.detectors/1, see\n"
    "README): id, description, on_by_default and source (\"built-in\" or FILE).\n";

static json_t *entry(const struct pm_detector_def *d, const char *source)
{
    char why[256] = "";
    int onepass = pm_detector_onepass(d, why, sizeof why);
    json_t *e = json_pack("{s:s,s:s,s:b,s:s,s:s}", "id", d->id, "description",
                          d->description ? d->description : "", "on_by_default",
                          !d->off_by_default, "source", source, "engine",
                          onepass ? "vectorscan" : "pcre2");
    if (!onepass)
        json_object_set_new(e, "engine_why", json_string(why));
    return e;
}

static int write_json(const struct pm_userdets *ud, const char *file)
{
    json_t *list = json_array();
    for (size_t i = 0; i < pm_builtin_count(); i++)
        json_array_append_new(list, entry(pm_builtin_def(i), "built-in"));
    for (size_t i = 0; i < pm_userdets_count(ud); i++)
        json_array_append_new(list, entry(pm_userdets_defs(ud)[i], file));
    json_t *o = json_pack("{s:s,s:{s:s,s:s},s:o}", "schema", "piimap.detectors/1", "tool", "name",
                          "piimap", "version", PM_VERSION, "detectors", list);
    int rc = o && json_dumpf(o, stdout, JSON_INDENT(1) | JSON_ENSURE_ASCII | JSON_PRESERVE_ORDER) == 0 &&
             fputc('\n', stdout) != EOF && fflush(stdout) == 0;
    json_decref(o);
    return rc ? PM_EXIT_OK : PM_EXIT_FATAL;
}

int pm_cmd_detectors(int argc, char **argv)
{
    enum { O_DETFILE = 256, O_JSON, O_HELP };
    static const struct option lo[] = {{"detectors", required_argument, NULL, O_DETFILE},
                                       {"json", no_argument, NULL, O_JSON},
                                       {"help", no_argument, NULL, O_HELP},
                                       {0, 0, 0, 0}};
    const char *file = NULL;
    int c, json = 0;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "", lo, NULL)) != -1) {
        switch (c) {
        case O_DETFILE: file = optarg; break;
        case O_JSON: json = 1; break;
        case O_HELP: fputs(detectors_help, stdout); return PM_EXIT_OK;
        default:
            return pm_cli_bad_option("detectors", argv, optind);
        }
    }
    if (pm_cli_no_operands("detectors", argc, argv, optind))
        return PM_EXIT_USAGE;
    char err[512];
    struct pm_userdets *ud = NULL;
    if (file && !(ud = pm_userdets_load(file, err, sizeof err))) {
        fprintf(stderr, "piimap detectors: %s\n", err);
        return PM_EXIT_USAGE;
    }
    int rc = PM_EXIT_OK;
    if (json) {
        rc = write_json(ud, file);
    } else {
        for (size_t i = 0; i < pm_builtin_count(); i++) {
            const struct pm_detector_def *d = pm_builtin_def(i);
            printf("%-15s %s%s\n", d->id, d->off_by_default ? "(off) " : "", d->description);
        }
        for (size_t i = 0; i < pm_userdets_count(ud); i++) {
            const struct pm_detector_def *d = pm_userdets_defs(ud)[i];
            char why[256];
            printf("%-15s (%s) %s\n", d->id, file, d->description);
            /* Vectorscan takes most patterns; the rest are matched by PCRE2
             * over every window, which is slower. Say which and why. */
            if (!pm_detector_onepass(d, why, sizeof why))
                printf("%-15s   runs on PCRE2 alone: %s\n", "", why);
        }
    }
    pm_userdets_free(ud);
    return rc;
}
