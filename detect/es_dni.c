/* es_dni.c — Spanish DNI (12345678Z) and NIE (X1234567L) numbers.
 *
 * The letter is "TRWAGMYFPDXBNJZSQVHLCKE"[number mod 23]; an NIE's X, Y
 * or Z counts as the digit 0, 1 or 2. A dash or space before the letter is
 * dropped. Never keeps or logs a value.
 */
#include "detect/detector.h"
#include "detect/idhelp.h"

static int dni_validate(const struct pm_detector_def *self, const char *buf, size_t buflen,
                        size_t at, size_t *np, char *norm)
{
    static const char letters[] = "TRWAGMYFPDXBNJZSQVHLCKE";
    const char *s = buf + at;
    size_t k = 0;
    (void)self;
    if (!pm_id_standalone(buf, buflen, at, *np))
        return PM_CONF_NONE;
    for (size_t i = 0; i < *np && k < 9; i++)
        if (s[i] != '-' && s[i] != ' ')
            norm[k++] = s[i];
    norm[k] = '\0';
    if (k != 9)
        return PM_CONF_NONE;
    /* "00000000 T yyparse": an address in nm's output; one digit eight
     * times is never issued. */
    if (pm_id_all_same(norm, 8))
        return PM_CONF_NONE;
    unsigned long v = 0;
    for (size_t i = 0; i < 8; i++) {
        char c = norm[i];
        unsigned d = i == 0 && c >= 'X' && c <= 'Z' ? (unsigned)(c - 'X') : (unsigned)(c - '0');
        if (d > 9)
            return PM_CONF_NONE;
        v = v * 10 + d;
    }
    return letters[v % 23] == norm[8] ? PM_CONF_MEDIUM : PM_CONF_NONE;
}

static const char *const dni_context[] = {"dni", "nie", "nif", "documento", "identidad", NULL};

/* Eight digits (an NIE: X, Y or Z and seven) that end their cluster, then
 * the letter, after a space or dash or none. */
static int dni_gate(const struct pm_cluster *c, const char *buf, size_t len)
{
    size_t e = c->end;
    if (c->lastgroup != 8 &&
        !(c->lastgroup == 7 && c->ngroups == 1 && c->start > 0 &&
          (buf[c->start - 1] == 'X' || buf[c->start - 1] == 'Y' || buf[c->start - 1] == 'Z')))
        return 0;
    if (e < len && (buf[e] == '-' || buf[e] == ' '))
        e++;
    return e >= len || (buf[e] >= 'A' && buf[e] <= 'Z');
}

const struct pm_detector_def pm_det_es_dni = {
    .id = "es_dni",
    .description = "Spanish DNI and NIE numbers (12345678Z, X1234567L; mod-23 letter)",
    .pattern = "(?<![0-9A-Za-z])(?:[0-9]{8}|[XYZ][0-9]{7})[- ]?[A-HJ-NP-TV-Z](?![0-9A-Za-z])",
    .max_len = 10,
    .validate = dni_validate,
    .mask = pm_id_mask_tail3,
    .context = dni_context,
    .cluster_gate = dni_gate,
    .gate_digits = 7,
    .gate_all = PM_CF_CAP_AFTER,
    .gate_any = PM_CF_LEN(7) | PM_CF_LEN(8),
};
