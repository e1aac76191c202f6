/* ipv4.c — IPv4 addresses. Off by default: an address is personal data only
 * in some contexts (GDPR logs), and most shares are full of them; turn it on
 * with --enable ipv4.
 *
 * A dotted quad of 0-255 octets (inet_pton: no leading zeros) that is not
 * part of a longer dotted number (a version string 1.2.3.4.5, an OID) and
 * not written after "v". Masked to its first two octets. Never keeps or
 * logs a value.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "detect/detector.h"

static int ipv4_validate(const struct pm_detector_def *self, const char *buf, size_t buflen,
                         size_t at, size_t *np, char *norm)
{
    const unsigned char *b = (const unsigned char *)buf;
    size_t n = *np, end = at + n;
    struct in_addr a;
    (void)self;
    if (n >= 16)
        return PM_CONF_NONE;
    if (at > 0 && (pm_is_word(b[at - 1]) || b[at - 1] == '.'))
        return PM_CONF_NONE;
    if (at > 1 && (b[at - 1] == 'v' || b[at - 1] == 'V'))
        return PM_CONF_NONE;
    if (end < buflen && pm_is_word(b[end]))
        return PM_CONF_NONE;
    if (end + 1 < buflen && b[end] == '.' && pm_is_digit(b[end + 1]))
        return PM_CONF_NONE;
    memcpy(norm, buf + at, n);
    norm[n] = '\0';
    if (inet_pton(AF_INET, norm, &a) != 1)
        return PM_CONF_NONE; /* also rejects octets with leading zeros */
    return PM_CONF_MEDIUM;
}

/* "192.168.*.*" */
static void ipv4_mask(const struct pm_detector_def *self, const char *norm, char *out)
{
    const char *p = strchr(norm, '.');
    (void)self;
    p = p ? strchr(p + 1, '.') : NULL;
    snprintf(out, PM_MASK_MAX, "%.*s.*.*", p ? (int)(p - norm) : 0, norm);
}

static const char *const ip_context[] = {"ip", "client", "remote", "src", "address", NULL};

/* A dotted quad not after a word byte or a dot. */
static const char *const ipv4_starts[] = {
    "(?:^|[^0-9A-Za-z_.])(?:[0-9]{1,3}\\.){3}[0-9]{1,3}",
    NULL};

const struct pm_detector_def pm_det_ipv4 = {
    .id = "ipv4",
    .description = "IPv4 addresses (off by default; --enable ipv4)",
    .pattern = "(?<![0-9.])(?:[0-9]{1,3}\\.){3}[0-9]{1,3}(?![0-9])",
    .max_len = 15,
    .validate = ipv4_validate,
    .mask = ipv4_mask,
    .context = ip_context,
    .off_by_default = 1,
    .starts = ipv4_starts,
};
