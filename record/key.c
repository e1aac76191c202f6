/* key.c — the HMAC key file, the keyed hash of a normalised value, and the
 * keyed hash and masked form of a value given on its own (locate).
 * The key never leaves this process: it is neither logged nor stored
 * anywhere but its own file, and buffers that held it are cleansed. */
#define _GNU_SOURCE
/* SHA256_Init and friends: deprecated in OpenSSL 3.0 but the one SHA-256 that
 * works on the caller's memory (EVP and HMAC() allocate on every call). */
#define OPENSSL_API_COMPAT 10101
#include <errno.h>
#include <fcntl.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include "detect/detector.h"
#include "record/key.h"

static int default_key_path(char *out, size_t outsz)
{
    const char *env = getenv("PIIMAP_KEY_FILE");
    if (env && *env)
        return snprintf(out, outsz, "%s", env) < (int)outsz ? 0 : -1;
    const char *xdg = getenv("XDG_CONFIG_HOME");
    const char *home = getenv("HOME");
    if (xdg && *xdg)
        return snprintf(out, outsz, "%s/piimap/hmac.key", xdg) < (int)outsz ? 0 : -1;
    if (!home || !*home) {
        struct passwd *pw = getpwuid(getuid()); /* HOME unset under some schedulers */
        home = pw ? pw->pw_dir : NULL;
    }
    if (home && *home)
        return snprintf(out, outsz, "%s/.config/piimap/hmac.key", home) < (int)outsz ? 0 : -1;
    return -1;
}

/* mkdir -p for the key's directory, each new level 0700. */
static void make_parents(char *path)
{
    for (char *p = path + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        (void)mkdir(path, 0700);
        *p = '/';
    }
}

/* Reads the key from an open descriptor and fingerprints it. */
static int read_key(int fd, const char *path, struct pm_key *key, char *err, size_t errsz)
{
    struct stat st;
    ssize_t n = read(fd, key->bytes, PM_KEY_LEN);
    if (n != PM_KEY_LEN || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) ||
        st.st_size != PM_KEY_LEN) {
        snprintf(err, errsz, "%s: not a piimap key (a key file is exactly %d random bytes; give "
                 "another with --key FILE or PIIMAP_KEY_FILE)", path, PM_KEY_LEN);
        return -1;
    }
    key->exposed = (st.st_mode & 077) != 0;
    unsigned char fp[EVP_MAX_MD_SIZE];
    unsigned int fl = 0;
    HMAC(EVP_sha256(), key->bytes, PM_KEY_LEN, (const unsigned char *)"piimap key id", 13, fp,
         &fl);
    for (int i = 0; i < 8; i++)
        snprintf(key->id + 2 * i, 3, "%02x", fp[i]);
    snprintf(key->path, sizeof key->path, "%s", path);
    return 0;
}

/* Loads the key at path (NULL: the default), creating it first when
 * `create` is set and it does not exist. */
static int load(const char *path, int create, struct pm_key *key, char *err, size_t errsz)
{
    char buf[4096];
    int fd = -1, rc;
    if (!path) {
        if (default_key_path(buf, sizeof buf) != 0) {
            snprintf(err, errsz, "no key file: set HOME, PIIMAP_KEY_FILE or --key");
            return -1;
        }
        path = buf;
    }
    fd = open(path, O_RDONLY | O_CLOEXEC);
    int creating = create && fd < 0 && errno == ENOENT;
    if (creating) {
        char tmp[4096];
        snprintf(tmp, sizeof tmp, "%s", path);
        make_parents(tmp);
        fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
        if (fd >= 0) {
            unsigned char k[PM_KEY_LEN];
            if (getrandom(k, sizeof k, 0) != (ssize_t)sizeof k ||
                write(fd, k, sizeof k) != (ssize_t)sizeof k || fsync(fd) != 0) {
                snprintf(err, errsz, "%s: cannot write the HMAC key: %s (put it elsewhere with "
                         "--key FILE or PIIMAP_KEY_FILE=FILE)", path, strerror(errno));
                close(fd);
                unlink(path);
                return -1;
            }
            OPENSSL_cleanse(k, sizeof k);
            close(fd);
        }
        fd = open(path, O_RDONLY | O_CLOEXEC); /* also covers a racing creator */
    }
    if (fd < 0 && creating) {
        snprintf(err, errsz, "%s: cannot create the HMAC key: %s (put it elsewhere with --key FILE "
                 "or PIIMAP_KEY_FILE=FILE; keep it out of the inventory's directory)",
                 path, strerror(errno));
        return -1;
    }
    if (fd < 0 && !create && errno == ENOENT) {
        snprintf(err, errsz, "%s: no HMAC key here (give the key the scan used with --key FILE "
                 "or PIIMAP_KEY_FILE=FILE)", path);
        return -1;
    }
    if (fd < 0) {
        snprintf(err, errsz, "%s: cannot read the HMAC key: %s (give another with --key FILE or "
                 "PIIMAP_KEY_FILE=FILE)", path, strerror(errno));
        return -1;
    }
    rc = read_key(fd, path, key, err, errsz);
    close(fd);
    return rc;
}

int pm_key_load(const char *path, struct pm_key *key, char *err, size_t errsz)
{
    return load(path, 1, key, err, errsz);
}

int pm_key_read(const char *path, struct pm_key *key, char *err, size_t errsz)
{
    return load(path, 0, key, err, errsz);
}

/* HMAC-SHA256 (RFC 2104) of msg under the 32-byte key, on the stack: the
 * same digest as HMAC(EVP_sha256(), ...) without its allocations, for a hash
 * per finding. */
static void hmac_sha256(const unsigned char *key, const unsigned char *msg, size_t n,
                        unsigned char out[SHA256_DIGEST_LENGTH])
{
    unsigned char pad[SHA256_CBLOCK], inner[SHA256_DIGEST_LENGTH];
    SHA256_CTX c;
    memset(pad, 0x36, sizeof pad);
    for (size_t i = 0; i < PM_KEY_LEN; i++)
        pad[i] ^= key[i];
    SHA256_Init(&c);
    SHA256_Update(&c, pad, sizeof pad);
    SHA256_Update(&c, msg, n);
    SHA256_Final(inner, &c);
    memset(pad, 0x5c, sizeof pad);
    for (size_t i = 0; i < PM_KEY_LEN; i++)
        pad[i] ^= key[i];
    SHA256_Init(&c);
    SHA256_Update(&c, pad, sizeof pad);
    SHA256_Update(&c, inner, sizeof inner);
    SHA256_Final(out, &c);
    OPENSSL_cleanse(pad, sizeof pad);
    OPENSSL_cleanse(&c, sizeof c);
}

void pm_key_hash(const struct pm_key *key, const char *id, const char *norm,
                 unsigned char out[PM_KEY_LEN])
{
    unsigned char h[SHA256_DIGEST_LENGTH];
    /* The detector id is part of the message: the same digits found as a
     * phone and as an id do not collide. */
    unsigned char msg[PM_NORM_MAX + 64];
    size_t il = strlen(id), nl = strlen(norm);
    if (il > 63)
        il = 63;
    if (il + 1 + nl > sizeof msg)
        nl = sizeof msg - il - 1;
    memcpy(msg, id, il);
    msg[il] = 0;
    memcpy(msg + il + 1, norm, nl);
    hmac_sha256(key->bytes, msg, il + 1 + nl, h);
    OPENSSL_cleanse(msg, sizeof msg);
    /* An all-zero digest once marked an empty slot of the findings' table;
     * it is still never produced, so hashes stay what earlier versions
     * stored (the chance of meeting it is 2^-256). */
    static const unsigned char zero[PM_KEY_LEN];
    if (memcmp(h, zero, PM_KEY_LEN) == 0)
        h[0] = 1;
    memcpy(out, h, PM_KEY_LEN);
}

int pm_key_value(const struct pm_key *key, const struct pm_detset *set, size_t i,
                 const char *value, unsigned char hash[PM_KEY_LEN], char *masked)
{
    char norm[PM_NORM_MAX];
    int conf = pm_detset_value(set, i, value, norm);
    if (conf) {
        const struct pm_detector_def *d = pm_detset_def(set, i);
        pm_key_hash(key, d->id, norm, hash);
        if (d->mask)
            d->mask(d, norm, masked);
        else
            snprintf(masked, PM_MASK_MAX, "***");
    }
    OPENSSL_cleanse(norm, sizeof norm);
    return conf;
}
