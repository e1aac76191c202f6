/* diff.c — `piimap diff` and `piimap prune`: what changed between two scans,
 * from the inventory alone (text, JSON schema piimap.diff/1, HTML), and
 * retention of old scans.
 *
 * An item is a file or an archive member (path + member chain). Between scan
 * A (from) and B (to) an item is
 *   new      findings in B, none in A (a new file, or new PII in an old one);
 *   gone     findings in A, none in B (deleted, or cleaned);
 *   changed  findings in both, with different counts.
 * New distinct values are counted per detector by keyed hash, so they are
 * only comparable when both scans used the same key.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../scanner/scan.h"
#include "datamap.h"
#include "diff.h"

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

/* ---- building the diff ------------------------------------------------------ */

struct builder {
    json_t *fresh, *gone, *changed; /* arrays of items */
    json_t *cur;                    /* findings of the item being read */
    char *cur_path, *cur_members;
    int in_a, in_b;
    uint64_t sum_a, sum_b;
    int differs;
};

static void flush_item(struct builder *b)
{
    if (!b->cur)
        return;
    json_t *m = json_loads(b->cur_members, 0, NULL);
    json_t *item = json_object();
    json_object_set_new(item, "path", pm_json_text(b->cur_path));
    json_object_set_new(item, "members", json_is_array(m) ? m : (json_decref(m), json_array()));
    if (b->sum_a == 0 && b->sum_b > 0) {
        json_object_set_new(item, "reason", json_string(b->in_a ? "new findings" : "new file"));
        json_object_set_new(item, "findings", b->cur);
        json_array_append_new(b->fresh, item);
    } else if (b->sum_b == 0 && b->sum_a > 0) {
        json_object_set_new(item, "reason", json_string(b->in_b ? "cleaned" : "deleted"));
        json_object_set_new(item, "findings", b->cur);
        json_array_append_new(b->gone, item);
    } else if (b->differs) {
        json_object_set_new(item, "findings", b->cur);
        json_array_append_new(b->changed, item);
    } else {
        json_decref(b->cur);
        json_decref(item);
    }
    b->cur = NULL;
    free(b->cur_path);
    free(b->cur_members);
    b->cur_path = b->cur_members = NULL;
}

static int delta_cb(void *ctx, const struct pm_inv_delta *d)
{
    struct builder *b = ctx;
    if (!b->cur || strcmp(b->cur_path, d->path) != 0 || strcmp(b->cur_members, d->members_json) != 0) {
        flush_item(b);
        b->cur = json_object();
        b->cur_path = strdup(d->path);
        b->cur_members = strdup(d->members_json);
        b->in_a = d->in_a;
        b->in_b = d->in_b;
        b->sum_a = b->sum_b = 0;
        b->differs = 0;
    }
    b->sum_a += d->a;
    b->sum_b += d->b;
    b->differs |= d->a != d->b;
    json_object_set_new(b->cur, d->detector,
                        json_pack("{s:I,s:I}", "before", (json_int_t)d->a, "after", (json_int_t)d->b));
    return 0;
}

static int distinct_cb(void *ctx, const char *det, uint64_t fresh, uint64_t gone)
{
    json_object_set_new(ctx, det, json_pack("{s:I,s:I}", "new", (json_int_t)fresh, "gone",
                                            (json_int_t)gone));
    return 0;
}

static json_t *scan_json(const struct pm_inv_scan *s)
{
    char a[32], b[32];
    pm_iso_time(s->started_at, a, sizeof a);
    pm_iso_time(s->finished_at, b, sizeof b);
    return json_pack("{s:I,s:s,s:s,s:s,s:s}", "id", (json_int_t)s->id, "status",
                     pm_scan_status_name(s->status), "started_at", a, "finished_at", b, "key_id",
                     s->key_id ? s->key_id : "");
}

json_t *pm_diff_build(struct pm_inv *inv, int64_t from, int64_t to, char *err, size_t errsz)
{
    struct pm_inv_scan sa, sb;
    json_t *ja = NULL, *jb = NULL, *roots = NULL;
    if (pm_inv_scan_get(inv, from, &sa) != 0) {
        snprintf(err, errsz, "no scan %lld in the inventory", (long long)from);
        return NULL;
    }
    ja = scan_json(&sa);
    char *key_a = sa.key_id ? strdup(sa.key_id) : NULL;
    if (pm_inv_scan_get(inv, to, &sb) != 0) {
        snprintf(err, errsz, "no scan %lld in the inventory", (long long)to);
        json_decref(ja);
        free(key_a);
        return NULL;
    }
    jb = scan_json(&sb);
    roots = json_loads(sb.roots_json, 0, NULL);
    int same_key = key_a && sb.key_id && strcmp(key_a, sb.key_id) == 0;
    free(key_a);

    struct builder b = {json_array(), json_array(), json_array(), NULL, NULL, NULL, 0, 0, 0, 0, 0};
    json_t *distinct = json_object();
    int rc = pm_inv_diff_each(inv, from, to, delta_cb, &b);
    flush_item(&b);
    if (rc == 0 && same_key)
        rc = pm_inv_distinct_diff_each(inv, from, to, distinct_cb, distinct);
    if (rc != 0) {
        snprintf(err, errsz, "%s", pm_inv_errmsg(inv));
        json_decref(b.fresh), json_decref(b.gone), json_decref(b.changed), json_decref(distinct);
        json_decref(ja), json_decref(jb), json_decref(roots);
        return NULL;
    }
    json_t *d = json_object();
    json_object_set_new(d, "schema", json_string("piimap.diff/1"));
    json_object_set_new(d, "tool", json_pack("{s:s,s:s}", "name", "piimap", "version", PM_VERSION));
    json_object_set_new(d, "from", ja);
    json_object_set_new(d, "to", jb);
    json_object_set_new(d, "roots", json_is_array(roots) ? roots : (json_decref(roots), json_array()));
    json_object_set_new(d, "summary",
                        json_pack("{s:I,s:I,s:I}", "new", (json_int_t)json_array_size(b.fresh),
                                  "gone", (json_int_t)json_array_size(b.gone), "changed",
                                  (json_int_t)json_array_size(b.changed)));
    json_object_set_new(d, "new", b.fresh);
    json_object_set_new(d, "gone", b.gone);
    json_object_set_new(d, "changed", b.changed);
    json_object_set_new(d, "distinct", same_key ? distinct : (json_decref(distinct), json_null()));
    return d;
}

/* ---- text ---------------------------------------------------------------------- */

static void print_item(FILE *out, char mark, json_t *item, int show_before)
{
    const char *path = json_string_value(json_object_get(item, "path"));
    json_t *members = json_object_get(item, "members"), *v;
    size_t i;
    fprintf(out, "  %c %s", mark, path ? path : "?");
    json_array_foreach(members, i, v) fprintf(out, " :: %s", json_string_value(v));
    const char *key;
    const char *sep = "   ";
    json_object_foreach(json_object_get(item, "findings"), key, v) {
        json_int_t a = json_integer_value(json_object_get(v, "before"));
        json_int_t b = json_integer_value(json_object_get(v, "after"));
        if (show_before)
            fprintf(out, "%s%s %lld -> %lld", sep, key, (long long)a, (long long)b);
        else
            fprintf(out, "%s%s %lld", sep, key, (long long)(b ? b : a));
        sep = ", ";
    }
    const char *reason = json_string_value(json_object_get(item, "reason"));
    if (reason)
        fprintf(out, "   (%s)", reason);
    fputc('\n', out);
}

void pm_diff_print(FILE *out, json_t *d)
{
    json_t *from = json_object_get(d, "from"), *to = json_object_get(d, "to");
    json_t *sum = json_object_get(d, "summary"), *v;
    size_t i;
    fprintf(out, "piimap diff: scan %lld (%s) -> scan %lld (%s)\n",
            (long long)json_integer_value(json_object_get(from, "id")),
            json_string_value(json_object_get(from, "started_at")),
            (long long)json_integer_value(json_object_get(to, "id")),
            json_string_value(json_object_get(to, "started_at")));
    fprintf(out, "new personal data: %lld, gone: %lld, changed: %lld\n",
            (long long)json_integer_value(json_object_get(sum, "new")),
            (long long)json_integer_value(json_object_get(sum, "gone")),
            (long long)json_integer_value(json_object_get(sum, "changed")));
    if (json_array_size(json_object_get(d, "new")))
        fputs("\nnew:\n", out);
    json_array_foreach(json_object_get(d, "new"), i, v) print_item(out, '+', v, 0);
    if (json_array_size(json_object_get(d, "gone")))
        fputs("\ngone:\n", out);
    json_array_foreach(json_object_get(d, "gone"), i, v) print_item(out, '-', v, 0);
    if (json_array_size(json_object_get(d, "changed")))
        fputs("\nchanged:\n", out);
    json_array_foreach(json_object_get(d, "changed"), i, v) print_item(out, '~', v, 1);
    json_t *dist = json_object_get(d, "distinct");
    if (json_is_object(dist)) {
        const char *key;
        fputs("\nnew distinct values:", out);
        const char *sep = " ";
        json_object_foreach(dist, key, v) {
            fprintf(out, "%s%s +%lld/-%lld", sep, key,
                    (long long)json_integer_value(json_object_get(v, "new")),
                    (long long)json_integer_value(json_object_get(v, "gone")));
            sep = ", ";
        }
        fputc('\n', out);
    } else {
        fputs("\nnew distinct values: not comparable (the scans used different keys)\n", out);
    }
}

/* ---- commands -------------------------------------------------------------------- */

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
                fprintf(stderr, "piimap diff: %s: expected a scan id, got '%s'\n",
                        c == O_FROM ? "--from" : "--to", optarg);
                return PM_EXIT_USAGE;
            }
            break;
        case O_JSON: json = optarg; break;
        case O_HTML: html = optarg; break;
        case O_FAIL: fail_on_new = 1; break;
        case O_HELP: fputs(diff_help, stdout); return PM_EXIT_OK;
        default:
            fprintf(stderr, "piimap diff: unknown or incomplete option '%s' (see --help)\n",
                    argv[optind - 1]);
            return PM_EXIT_USAGE;
        }
    }
    if (optind < argc) {
        fprintf(stderr, "piimap diff: unexpected argument '%s' (see --help)\n", argv[optind]);
        return PM_EXIT_USAGE;
    }
    struct pm_inv *inv = NULL;
    if (pm_inv_open(db, 0, &inv, err, sizeof err) != 0) {
        fprintf(stderr, "piimap diff: %s\n", err);
        return PM_EXIT_FATAL;
    }
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
        rc = PM_EXIT_FATAL;
        goto done;
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
                fprintf(stderr, "piimap prune: --keep: expected a number >= 1, got '%s'\n", optarg);
                return PM_EXIT_USAGE;
            }
            break;
        case O_HELP: fputs(prune_help, stdout); return PM_EXIT_OK;
        default:
            fprintf(stderr, "piimap prune: unknown or incomplete option '%s' (see --help)\n",
                    argv[optind - 1]);
            return PM_EXIT_USAGE;
        }
    }
    if (keep < 1 || optind < argc) {
        fprintf(stderr, "piimap prune: --keep N is required (see --help)\n");
        return PM_EXIT_USAGE;
    }
    struct pm_inv *inv = NULL;
    if (pm_inv_open(db, 0, &inv, err, sizeof err) != 0) {
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
