/* ipv6.c — IPv6 addresses, full or compressed. Off by default: an address is
 * personal data only in some contexts (GDPR logs), and most shares are full
 * of them; turn it on with --enable ipv6.
 *
 * Every form inet_pton accepts that has "::" or seven colons (so "12:30:45"
 * is a time, not an address); normalised to inet_ntop's canonical form and
 * masked to its first two groups. Never keeps or logs a value.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "detect/detector.h"

static int ipv6_validate(const struct pm_detector_def *self, const char *buf, size_t buflen,
                         size_t at, size_t *np, char *norm)
{
    const unsigned char *b = (const unsigned char *)buf;
    size_t n = *np, end = at + n, colons = 0;
    struct in6_addr a;
    char text[INET6_ADDRSTRLEN];
    (void)self;
    if (n >= sizeof text)
        return PM_CONF_NONE;
    if ((at > 0 && (pm_is_word(b[at - 1]) || b[at - 1] == ':')) ||
        (end < buflen && (pm_is_word(b[end]) || b[end] == ':')))
        return PM_CONF_NONE;
    memcpy(text, buf + at, n);
    text[n] = '\0';
    for (size_t i = 0; i < n; i++)
        colons += text[i] == ':';
    /* "12:30:45" is a time; an address has hex groups or "::". */
    if (colons < 2 || (!strstr(text, "::") && colons < 7))
        return PM_CONF_NONE;
    if (inet_pton(AF_INET6, text, &a) != 1 || !inet_ntop(AF_INET6, &a, norm, PM_NORM_MAX))
        return PM_CONF_NONE;
    return PM_CONF_MEDIUM;
}

/* "2001:db8:*" */
static void ipv6_mask(const struct pm_detector_def *self, const char *norm, char *out)
{
    const char *p = strchr(norm, ':');
    (void)self;
    p = p ? strchr(p + 1, ':') : NULL;
    snprintf(out, PM_MASK_MAX, "%.*s:*", p ? (int)(p - norm) : (int)strlen(norm), norm);
}

static const char *const ip_context[] = {"ip", "client", "remote", "src", "address", NULL};

/* The first two groups, not after a word byte or a colon. */
static const char *const ipv6_starts[] = {
    "(?:^|[^0-9A-Za-z_:])[0-9A-Fa-f]{0,4}:[0-9A-Fa-f]{0,4}:",
    NULL};

const struct pm_detector_def pm_det_ipv6 = {
    .id = "ipv6",
    .description = "IPv6 addresses, full or compressed (off by default; --enable ipv6)",
    .pattern = "(?<![0-9A-Fa-f:])(?:[0-9A-Fa-f]{0,4}:){2,7}(?:[0-9A-Fa-f]{1,4}|"
               "(?:[0-9]{1,3}\\.){3}[0-9]{1,3})?(?![0-9A-Fa-f:])",
    .max_len = 45,
    .validate = ipv6_validate,
    .mask = ipv6_mask,
    .context = ip_context,
    .off_by_default = 1,
    .starts = ipv6_starts,
};
