/* email.c — e-mail addresses.
 *
 * The pattern finds local@domain.tld with a dotted domain, starting where the
 * local part starts (so a match never begins mid-word). The validator rejects
 * what only looks like an address: a local part that begins or ends with a dot
 * or holds "..", asset names such as icon@2x.png (a top-level "domain" that is
 * a file extension, or a first label like "2x"), numeric "domains" such as
 * package@1.2.3 (the pattern needs a letter TLD), and hosts without a dot such
 * as user@localhost.
 */
#include <string.h>
#include <strings.h>

#include "detector.h"

/* File extensions that turn up after an '@' in asset and package names. Real
 * country-code TLDs that double as extensions (.md, .sh, .py, ...) are kept. */
static const char *const not_tlds[] = {
    "png", "jpg", "jpeg", "gif", "svg", "webp", "bmp", "ico", "tif", "tiff", "heic",
    "avif", "css", "scss", "less", "js", "mjs", "cjs", "jsx", "ts", "tsx", "vue",
    "json", "xml", "yml", "yaml", "toml", "ini", "cfg", "conf", "txt", "log", "csv",
    "tsv", "pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "odt", "ods", "zip",
    "gz", "tgz", "bz2", "xz", "rar", "tar", "html", "htm", "php", "asp", "aspx",
    "jsp", "rb", "go", "java", "class", "jar", "dll", "exe", "bin", "dat", "sql",
    "bat", "ps1", "cpp", "hpp", "lock", "map", "woff", "woff2", "ttf", "otf", "eot",
    "mp3", "mp4", "wav", "avi", "mkv", "webm", "flac", "ogg", "swift", "kt", "scala",
};

static int is_retina_label(const char *s, size_t n)
{
    /* "2x", "3x", "1.5x" style density suffixes of image names. */
    if (n < 2 || (s[n - 1] != 'x' && s[n - 1] != 'X'))
        return 0;
    for (size_t i = 0; i + 1 < n; i++)
        if (!pm_is_digit((unsigned char)s[i]))
            return 0;
    return 1;
}

static int email_validate(const char *buf, size_t buflen, size_t at, size_t n, char *norm)
{
    const char *s = buf + at;
    const char *atsign = memchr(s, '@', n);
    (void)buflen;
    if (!atsign || n >= PM_NORM_MAX)
        return 0;
    size_t llen = (size_t)(atsign - s);
    if (llen == 0 || s[0] == '.' || s[llen - 1] == '.')
        return 0;
    for (size_t i = 0; i + 1 < llen; i++)
        if (s[i] == '.' && s[i + 1] == '.')
            return 0;
    const char *dom = atsign + 1;
    size_t dlen = n - llen - 1;
    const char *dot = memchr(dom, '.', dlen);
    if (!dot || dlen > 253 || is_retina_label(dom, (size_t)(dot - dom)))
        return 0;
    const char *tld = dom + dlen;
    while (tld > dom && tld[-1] != '.')
        tld--;
    size_t tlen = (size_t)(dom + dlen - tld);
    for (size_t i = 0; i < sizeof not_tlds / sizeof not_tlds[0]; i++)
        if (strlen(not_tlds[i]) == tlen && strncasecmp(tld, not_tlds[i], tlen) == 0)
            return 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        norm[i] = (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
    }
    norm[n] = '\0';
    return 1;
}

/* "j***@example.com": the first character of the local part and the domain. */
static void email_mask(const char *norm, char *out)
{
    const char *atsign = strchr(norm, '@');
    size_t o = 0;
    out[o++] = norm[0];
    memcpy(out + o, "***", 3);
    o += 3;
    size_t dl = atsign ? strlen(atsign) : 0;
    if (o + dl >= PM_MASK_MAX)
        dl = PM_MASK_MAX - o - 1;
    memcpy(out + o, atsign ? atsign : "", dl);
    out[o + dl] = '\0';
}

const struct pm_detector_def pm_det_email = {
    .id = "email",
    .description = "E-mail addresses (local@domain.tld; asset names like icon@2x.png, "
                   "package@1.2.3 and user@localhost rejected)",
    .pattern = "(?<![A-Za-z0-9._%+-])[A-Za-z0-9_%+-][A-Za-z0-9._%+-]{0,63}@"
               "(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.){1,8}"
               "[A-Za-z]{2,24}(?![A-Za-z0-9-])",
    .max_len = 64 + 1 + 8 * 64 + 24,
    .validate = email_validate,
    .mask = email_mask,
};
