/* user.c — detectors defined in a YAML file, added without recompiling.
 *
 *   detectors:
 *     - id: employee_id                 # snake_case, unique
 *       description: ACME employee numbers
 *       pattern: 'EMP-[0-9]{6}'          # PCRE2
 *       validator: none                 # luhn, mod97, mod11, verhoeff, iban, none
 *       context: [employee, staff id]   # words that raise confidence
 *       confidence: medium              # low, medium, high (before context)
 *       mask: last4                     # last4 (default), first_last4, full
 *       max_length: 64                  # longest match in bytes (default 256)
 *
 * Every error names the file and line. The file is parsed with libyaml's
 * document API; patterns are compiled here once to report errors early.
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <errno.h>
#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "common/parse.h"
#include "detect/checksum.h"
#include "detect/detector.h"

enum validator { V_NONE, V_LUHN, V_MOD97, V_MOD11, V_VERHOEFF, V_IBAN };
enum mask_style { M_LAST4, M_FIRST_LAST4, M_FULL };

static const char *const validator_names[] = {"none", "luhn", "mod97", "mod11", "verhoeff",
                                              "iban", NULL};
static const char *const mask_names[] = {"last4", "first_last4", "full", NULL};

/* What a user detector adds to its descriptor (def.user points here). */
struct user_det {
    struct pm_detector_def def;
    enum validator validator;
    enum mask_style mask;
    int confidence;
    char *id, *description, *pattern;
    char **context; /* NULL-terminated */
};

struct pm_userdets {
    struct user_det **dets;
    const struct pm_detector_def **defs; /* &dets[i]->def */
    size_t n;
};

/* The characters a validator works on: digits, or letters and digits for
 * IBANs (upper-cased). */
static size_t significant(const char *s, size_t n, int alnum, char *out, size_t max)
{
    size_t k = 0;
    for (size_t i = 0; i < n && k + 1 < max; i++) {
        char c = s[i];
        if (c >= '0' && c <= '9')
            out[k++] = c;
        else if (alnum && ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')))
            out[k++] = (char)(c & ~0x20);
    }
    out[k] = '\0';
    return k;
}

static int user_validate(const struct pm_detector_def *self, const char *buf, size_t buflen,
                         size_t at, size_t *np, char *norm)
{
    const struct user_det *u = self->user;
    (void)buflen;
    size_t k = significant(buf + at, *np, u->validator == V_IBAN || u->validator == V_NONE, norm,
                           PM_NORM_MAX);
    int ok = 1;
    switch (u->validator) {
    case V_NONE: ok = k > 0; break;
    case V_LUHN: ok = pm_luhn_ok(norm, k); break;
    case V_MOD97: ok = pm_mod97_ok(norm, k); break;
    case V_MOD11: ok = pm_mod11_ok(norm, k); break;
    case V_VERHOEFF: ok = pm_verhoeff_ok(norm, k); break;
    case V_IBAN: ok = pm_iban_ok(norm, k); break;
    }
    return ok ? u->confidence : PM_CONF_NONE;
}

static void user_mask(const struct pm_detector_def *self, const char *norm, char *out)
{
    const struct user_det *u = self->user;
    size_t n = strlen(norm), o = 0;
    for (size_t i = 0; i < n && o + 1 < PM_MASK_MAX; i++) {
        int keep = u->mask == M_FULL ? 0
                   : u->mask == M_FIRST_LAST4 ? (i < 4 || i + 4 >= n)
                                              : i + 4 >= n;
        out[o++] = keep ? norm[i] : '*';
    }
    out[o] = '\0';
}

static void user_det_free(struct user_det *u)
{
    if (!u)
        return;
    free(u->id);
    free(u->description);
    free(u->pattern);
    for (char **c = u->context; c && *c; c++)
        free(*c);
    free(u->context);
    free(u);
}

void pm_userdets_free(struct pm_userdets *ud)
{
    if (!ud)
        return;
    for (size_t i = 0; i < ud->n; i++)
        user_det_free(ud->dets[i]);
    free(ud->dets);
    free(ud->defs);
    free(ud);
}

size_t pm_userdets_count(const struct pm_userdets *ud) { return ud ? ud->n : 0; }

const struct pm_detector_def *const *pm_userdets_defs(const struct pm_userdets *ud)
{
    return ud ? ud->defs : NULL;
}

static int lookup(const char *const *names, const char *s)
{
    for (int i = 0; names[i]; i++)
        if (strcmp(names[i], s) == 0)
            return i;
    return -1;
}

static const char *scalar(yaml_node_t *n)
{
    return n && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : NULL;
}

static int valid_id(const char *s)
{
    if (!s || !(s[0] >= 'a' && s[0] <= 'z') || strlen(s) > 40)
        return 0;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_'))
            return 0;
    return 1;
}

#define FAIL(node, ...)                                                                      \
    do {                                                                                     \
        int len_ = snprintf(err, errsz, "%s:%lu: ", path,                                    \
                            (unsigned long)((node) ? (node)->start_mark.line + 1 : 1));      \
        if (len_ > 0 && (size_t)len_ < errsz)                                                \
            snprintf(err + len_, errsz - (size_t)len_, __VA_ARGS__);                          \
        goto fail;                                                                           \
    } while (0)

/* Builds one detector from a mapping node. */
static struct user_det *parse_det(yaml_document_t *doc, yaml_node_t *map, const char *path,
                                  char *err, size_t errsz)
{
    struct user_det *u = calloc(1, sizeof *u);
    if (!u) {
        snprintf(err, errsz, "%s: out of memory", path);
        return NULL;
    }
    u->confidence = PM_CONF_MEDIUM;
    size_t max_len = 256;
    if (map->type != YAML_MAPPING_NODE)
        FAIL(map, "each detector must be a mapping (id:, pattern:, ...)");
    for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top;
         p++) {
        yaml_node_t *k = yaml_document_get_node(doc, p->key);
        yaml_node_t *v = yaml_document_get_node(doc, p->value);
        const char *key = scalar(k), *val = scalar(v);
        if (!key)
            FAIL(k, "keys must be plain words");
        if (strcmp(key, "context") == 0) {
            size_t n = v && v->type == YAML_SEQUENCE_NODE
                           ? (size_t)(v->data.sequence.items.top - v->data.sequence.items.start)
                           : 0;
            if (!v || (v->type != YAML_SEQUENCE_NODE && !val))
                FAIL(v, "context: expected a list of words");
            u->context = calloc(n + 2, sizeof *u->context);
            if (!u->context)
                FAIL(v, "out of memory");
            if (val) {
                u->context[0] = strdup(val);
            } else {
                for (size_t i = 0; i < n; i++) {
                    yaml_node_t *w = yaml_document_get_node(doc, v->data.sequence.items.start[i]);
                    if (!scalar(w))
                        FAIL(w, "context: each entry must be a word");
                    u->context[i] = strdup(scalar(w));
                    for (char *c = u->context[i]; c && *c; c++)
                        if (*c >= 'A' && *c <= 'Z')
                            *c = (char)(*c - 'A' + 'a');
                }
            }
            continue;
        }
        if (!val)
            FAIL(v, "%s: expected a single value", key);
        if (strcmp(key, "id") == 0) {
            if (!valid_id(val))
                FAIL(v, "id '%s': use lower-case snake_case (a-z, 0-9, _), at most 40 characters",
                     val);
            u->id = strdup(val);
        } else if (strcmp(key, "description") == 0) {
            u->description = strdup(val);
        } else if (strcmp(key, "pattern") == 0) {
            u->pattern = strdup(val);
        } else if (strcmp(key, "validator") == 0) {
            int i = lookup(validator_names, val);
            if (i < 0)
                FAIL(v, "unknown validator '%s' (luhn, mod97, mod11, verhoeff, iban, none)", val);
            u->validator = (enum validator)i;
        } else if (strcmp(key, "confidence") == 0) {
            if (!(u->confidence = pm_confidence_parse(val)))
                FAIL(v, "confidence '%s': expected low, medium or high", val);
        } else if (strcmp(key, "mask") == 0) {
            int i = lookup(mask_names, val);
            if (i < 0)
                FAIL(v, "unknown mask '%s' (last4, first_last4, full)", val);
            u->mask = (enum mask_style)i;
        } else if (strcmp(key, "max_length") == 0) {
            static const struct pm_uint_range r_max_len = {"max_length", "bytes", 1, 4096};
            char msg[160];
            uint64_t m;
            if (pm_parse_uint(val, &r_max_len, &m, msg, sizeof msg) != 0)
                FAIL(v, "%s", msg);
            max_len = (size_t)m;
        } else {
            FAIL(k, "unknown key '%s' (id, description, pattern, validator, context, "
                    "confidence, mask, max_length)", key);
        }
    }
    if (!u->id)
        FAIL(map, "detector without an id");
    if (!u->pattern)
        FAIL(map, "detector '%s' has no pattern", u->id);
    for (size_t i = 0; i < pm_builtin_count(); i++)
        if (strcmp(pm_builtin_def(i)->id, u->id) == 0)
            FAIL(map, "detector '%s': that id is a built-in detector", u->id);
    int ec = 0;
    PCRE2_SIZE eo = 0;
    pcre2_code *code = pcre2_compile((PCRE2_SPTR)u->pattern, PCRE2_ZERO_TERMINATED,
                                     PCRE2_NEVER_BACKSLASH_C, &ec, &eo, NULL);
    if (!code) {
        PCRE2_UCHAR msg[256];
        pcre2_get_error_message(ec, msg, sizeof msg);
        FAIL(map, "detector '%s': pattern error at offset %zu: %s", u->id, (size_t)eo,
             (const char *)msg);
    }
    pcre2_code_free(code);
    if (!u->description)
        u->description = strdup("user-defined detector");
    u->def.id = u->id;
    u->def.description = u->description;
    u->def.pattern = u->pattern;
    u->def.max_len = max_len;
    u->def.validate = user_validate;
    u->def.mask = user_mask;
    u->def.context = (const char *const *)u->context;
    u->def.user = u;
    return u;
fail:
    user_det_free(u);
    return NULL;
}

struct pm_userdets *pm_userdets_load(const char *path, char *err, size_t errsz)
{
    FILE *f = fopen(path, "rb");
    yaml_parser_t parser;
    yaml_document_t doc;
    int have_doc = 0;
    struct pm_userdets *ud = NULL;
    if (!f) {
        snprintf(err, errsz, "%s: %s", path, strerror(errno));
        return NULL;
    }
    if (!yaml_parser_initialize(&parser)) {
        snprintf(err, errsz, "%s: out of memory", path);
        fclose(f);
        return NULL;
    }
    yaml_parser_set_input_file(&parser, f);
    if (!yaml_parser_load(&parser, &doc)) {
        snprintf(err, errsz, "%s:%lu: YAML error: %s", path,
                 (unsigned long)parser.problem_mark.line + 1,
                 parser.problem ? parser.problem : "unreadable");
        goto done;
    }
    have_doc = 1;
    yaml_node_t *root = yaml_document_get_root_node(&doc);
    yaml_node_t *list = NULL;
    if (root && root->type == YAML_MAPPING_NODE)
        for (yaml_node_pair_t *p = root->data.mapping.pairs.start;
             p < root->data.mapping.pairs.top; p++)
            if (scalar(yaml_document_get_node(&doc, p->key)) &&
                strcmp(scalar(yaml_document_get_node(&doc, p->key)), "detectors") == 0)
                list = yaml_document_get_node(&doc, p->value);
    if (!list || list->type != YAML_SEQUENCE_NODE) {
        snprintf(err, errsz, "%s:%lu: expected a top-level 'detectors:' list", path,
                 root ? (unsigned long)root->start_mark.line + 1 : 1ul);
        goto done;
    }
    ud = calloc(1, sizeof *ud);
    size_t cap = (size_t)(list->data.sequence.items.top - list->data.sequence.items.start);
    if (!ud || !(ud->dets = calloc(cap ? cap : 1, sizeof *ud->dets)) ||
        !(ud->defs = calloc(cap ? cap : 1, sizeof *ud->defs))) {
        snprintf(err, errsz, "%s: out of memory", path);
        pm_userdets_free(ud);
        ud = NULL;
        goto done;
    }
    for (size_t i = 0; i < cap; i++) {
        yaml_node_t *item = yaml_document_get_node(&doc, list->data.sequence.items.start[i]);
        struct user_det *u = parse_det(&doc, item, path, err, errsz);
        if (!u) {
            pm_userdets_free(ud);
            ud = NULL;
            goto done;
        }
        for (size_t j = 0; j < ud->n; j++)
            if (strcmp(ud->dets[j]->id, u->id) == 0) {
                snprintf(err, errsz, "%s:%lu: detector '%s' is defined twice", path,
                         (unsigned long)item->start_mark.line + 1, u->id);
                user_det_free(u);
                pm_userdets_free(ud);
                ud = NULL;
                goto done;
            }
        ud->defs[ud->n] = &u->def;
        ud->dets[ud->n++] = u;
    }
done:
    if (have_doc)
        yaml_document_delete(&doc);
    yaml_parser_delete(&parser);
    fclose(f);
    return ud;
}
