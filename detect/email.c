/* email.c — e-mail addresses.
 *
 * The pattern finds local@domain.tld with a dotted domain, starting where the
 * local part starts (so a match never begins mid-word). The validator rejects
 * what only looks like an address: a local part that begins or ends with a dot
 * or holds "..", a top-level domain that is not delegated (icon@2x.png,
 * x@y.codfm: checked against the Public Suffix List), a first label like "2x",
 * numeric "domains" such as package@1.2.3, hosts without a dot such as
 * user@localhost, and the user info of a URL (http://user:pass@host).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "detect/detector.h"

/* Top-level domains in force (ICANN section of the Public Suffix List,
 * generated at build time), sorted. */
static const char *const tlds[] = {
#include "pm_tlds.inc"
};

/* Real TLDs that in practice follow an '@' only in file and asset names. */
static const char *const asset_tlds[] = {"java", "map", "mov", "zip"};

static int cmp_tld(const void *key, const void *elem)
{
    return strcmp(key, *(const char *const *)elem);
}

/* 1 if the TLD t[0..n) is delegated (case-insensitive); IDN TLDs are
 * accepted in their xn-- form. */
static int tld_ok(const char *t, size_t n)
{
    char low[64];
    if (n >= sizeof low)
        return 0;
    for (size_t i = 0; i < n; i++)
        low[i] = (char)((t[i] >= 'A' && t[i] <= 'Z') ? t[i] - 'A' + 'a' : t[i]);
    low[n] = '\0';
    for (size_t i = 0; i < sizeof asset_tlds / sizeof asset_tlds[0]; i++)
        if (strcmp(low, asset_tlds[i]) == 0)
            return 0;
    if (strncmp(low, "xn--", 4) == 0)
        return n > 4;
    return bsearch(low, tlds, sizeof tlds / sizeof tlds[0], sizeof tlds[0], cmp_tld) != NULL;
}

static int local_char(unsigned char c)
{
    return pm_is_word(c) || c == '.' || c == '%' || c == '+' || c == '-';
}

/* 1 if the text before `at` is a URL's scheme and user info
 * (http://user:pass@host): that is a credential in a URL, not an address. */
static int in_url_userinfo(const char *buf, size_t at)
{
    size_t lo = at > 256 ? at - 256 : 0;
    for (size_t i = at; i > lo + 2; i--) {
        unsigned char c = (unsigned char)buf[i - 1];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '"' || c == '\'' ||
            c == '<' || c == '>' || c == ',' || c == ';')
            return 0;
        if (c == '/' && buf[i - 2] == '/' && buf[i - 3] == ':')
            return 1;
    }
    return 0;
}

/* Prefilter: an address holding the '@' at `at` starts where the run of
 * local-part characters before it starts (at most 64 of them). */
static size_t email_start(const char *buf, size_t lo, size_t at)
{
    size_t i = at;
    while (i > 0 && at - i <= 64 && local_char((unsigned char)buf[i - 1]))
        i--;
    if (i == at || at - i > 64 || i < lo)
        return SIZE_MAX;
    return i;
}

/* 1 if code point c may be a letter of an internationalised domain: not
 * Latin-1's controls, spaces and signs (NBSP, ©, ×, ÷), not the general
 * punctuation, symbol and arrow blocks (U+2000-U+2BFF), CJK punctuation
 * and the ideographic space (U+3000-U+303F), variation selectors, nor the
 * full-width forms (U+FF00-U+FFEF: "ｇｍａｉｌ" is a look-alike of an ASCII
 * name, which IDNA maps away). */
static int idn_letter(unsigned long c)
{
    return !(c < 0xc0 || c == 0xd7 || c == 0xf7 || (c >= 0x2000 && c <= 0x2bff) ||
             (c >= 0x3000 && c <= 0x303f) || (c >= 0xfe00 && c <= 0xfe0f) || c >= 0xff00);
}

/* 1 if s[0 .. n) is ASCII, or well-formed UTF-8 whose non-ASCII characters
 * are letters a domain may hold (idn_letter). */
static int utf8_ok(const unsigned char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        unsigned char c = s[i];
        size_t k = c < 0x80 ? 0 : c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2
                              : c >= 0xf0 && c <= 0xf4 ? 3 : 4;
        if (k == 4 || (k > 0 && i + k >= n))
            return 0;
        unsigned long cp = k == 0 ? c : c & (0x3fu >> k);
        for (size_t j = 1; j <= k; j++) {
            if ((s[i + j] & 0xc0) != 0x80)
                return 0;
            cp = cp << 6 | (s[i + j] & 0x3fu);
        }
        if (k > 0 && (!idn_letter(cp) || cp < (k == 1 ? 0x80u : k == 2 ? 0x800u : 0x10000u)))
            return 0;
        i += k + 1;
    }
    return 1;
}

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

static int email_validate(const struct pm_detector_def *self, const char *buf, size_t buflen,
                        size_t at, size_t *np, char *norm)
{
    size_t n = *np;
    (void)self;
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
    if (!dot || dlen > 253 || is_retina_label(dom, (size_t)(dot - dom)) ||
        !utf8_ok((const unsigned char *)dom, dlen))
        return 0;
    const char *tld = dom + dlen;
    while (tld > dom && tld[-1] != '.')
        tld--;
    if (!tld_ok(tld, (size_t)(dom + dlen - tld)) || in_url_userinfo(buf, at))
        return 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        norm[i] = (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
    }
    norm[n] = '\0';
    return PM_CONF_HIGH;
}

/* "j***@example.com": the first character of the local part and the domain. */
static void email_mask(const struct pm_detector_def *self, const char *norm, char *out)
{
    (void)self;
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

/* A byte of a domain label: a letter, a digit, or a byte of a non-ASCII
 * letter written in UTF-8 (an internationalised domain, "hans@müller.com",
 * RFC 5890; its top-level domain stays ASCII or xn--): utf8_ok keeps the
 * well-formed ones only, so binary bytes do not make a domain. */
#define EMAIL_LABEL_BYTE "A-Za-z0-9\\x80-\\xff"

const struct pm_detector_def pm_det_email = {
    .id = "email",
    .description = "E-mail addresses (local@domain.tld; asset names like icon@2x.png, "
                   "package@1.2.3 and user@localhost rejected)",
    .pattern = "(?<![A-Za-z0-9._%+-])[A-Za-z0-9_%+-][A-Za-z0-9._%+-]{0,63}@"
               "(?:[" EMAIL_LABEL_BYTE "](?:[" EMAIL_LABEL_BYTE "-]{0,61}[" EMAIL_LABEL_BYTE "])?\\.){1,8}"
               "(?:[A-Za-z]{2,24}|xn--[A-Za-z0-9-]{1,59})(?![A-Za-z0-9_-])",
    .max_len = 64 + 1 + 8 * 64 + 63,
    .validate = email_validate,
    .mask = email_mask,
    .anchor = '@',
    .anchor_start = email_start,
};
