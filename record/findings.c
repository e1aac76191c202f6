/* findings.c — per-file match accumulator (keyed hashes, samples) and key file. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include "record/allow.h"
#include "record/findings.h"

/* ---- key file ----------------------------------------------------------- */

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

int pm_key_load(const char *path, struct pm_key *key, char *err, size_t errsz)
{
    char buf[4096];
    int fd = -1, rc = -1;
    if (!path) {
        if (default_key_path(buf, sizeof buf) != 0) {
            snprintf(err, errsz, "no key file: set HOME, PIIMAP_KEY_FILE or --key");
            return -1;
        }
        path = buf;
    }
    fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0 && errno == ENOENT) {
        char tmp[4096];
        snprintf(tmp, sizeof tmp, "%s", path);
        make_parents(tmp);
        fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
        if (fd >= 0) {
            unsigned char k[PM_KEY_LEN];
            if (getrandom(k, sizeof k, 0) != (ssize_t)sizeof k ||
                write(fd, k, sizeof k) != (ssize_t)sizeof k || fsync(fd) != 0) {
                snprintf(err, errsz, "%s: cannot write key: %s", path, strerror(errno));
                close(fd);
                unlink(path);
                return -1;
            }
            OPENSSL_cleanse(k, sizeof k);
            close(fd);
        }
        fd = open(path, O_RDONLY | O_CLOEXEC); /* also covers a racing creator */
    }
    if (fd < 0) {
        snprintf(err, errsz, "%s: cannot open key: %s", path, strerror(errno));
        return -1;
    }
    struct stat st;
    ssize_t n = read(fd, key->bytes, PM_KEY_LEN);
    if (n != PM_KEY_LEN || fstat(fd, &st) != 0) {
        snprintf(err, errsz, "%s: not a piimap key (expected %d bytes)", path, PM_KEY_LEN);
        goto done;
    }
    if (st.st_mode & 077)
        fprintf(stderr, "piimap: warning: %s: key file is readable by others (chmod 600)\n",
                path);
    unsigned char fp[EVP_MAX_MD_SIZE];
    unsigned int fl = 0;
    HMAC(EVP_sha256(), key->bytes, PM_KEY_LEN, (const unsigned char *)"piimap key id", 13, fp,
         &fl);
    for (int i = 0; i < 8; i++)
        snprintf(key->id + 2 * i, 3, "%02x", fp[i]);
    snprintf(key->path, sizeof key->path, "%s", path);
    rc = 0;
done:
    close(fd);
    return rc;
}

/* ---- accumulator -------------------------------------------------------- */

static int is_empty(const unsigned char *h)
{
    static const unsigned char zero[PM_KEY_LEN];
    return memcmp(h, zero, PM_KEY_LEN) == 0;
}

struct det_acc {
    uint64_t occurrences;
    uint64_t by_conf[4];   /* occurrences per enum pm_confidence */
    uint64_t distinct;
    unsigned char (*set)[PM_KEY_LEN]; /* open addressing; all-zero = empty */
    size_t cap;
    unsigned char (*list)[PM_KEY_LEN]; /* the same hashes, in arrival order */
    size_t nlist, listcap;
    char samples[PM_INV_SAMPLES][PM_MASK_MAX];
    size_t nsamples;
};

struct pm_findings {
    const struct pm_detset *set;
    const struct pm_key *key;
    const struct pm_allow *allow; /* may be NULL */
    uint64_t allowed;             /* matches dropped by it */
    struct det_acc *acc; /* one per detector */
    size_t n;
};

struct pm_findings *pm_findings_new(const struct pm_detset *set, const struct pm_key *key)
{
    struct pm_findings *f = calloc(1, sizeof *f);
    if (!f)
        return NULL;
    f->set = set;
    f->key = key;
    f->n = pm_detset_count(set);
    if (!(f->acc = calloc(f->n ? f->n : 1, sizeof *f->acc))) {
        free(f);
        return NULL;
    }
    return f;
}

void pm_findings_free(struct pm_findings *f)
{
    if (!f)
        return;
    for (size_t i = 0; i < f->n; i++) {
        free(f->acc[i].set);
        free(f->acc[i].list);
    }
    free(f->acc);
    free(f);
}

void pm_findings_reset(struct pm_findings *f)
{
    f->allowed = 0;
    for (size_t i = 0; i < f->n; i++) {
        struct det_acc *a = &f->acc[i];
        if (a->occurrences) {
            /* Large sets from a big file are released, small ones reused. */
            if (a->cap > 4096) {
                free(a->set);
                free(a->list);
                a->set = NULL;
                a->list = NULL;
                a->cap = a->listcap = 0;
            } else if (a->set) {
                memset(a->set, 0, a->cap * sizeof *a->set);
            }
        }
        a->occurrences = a->distinct = 0;
        memset(a->by_conf, 0, sizeof a->by_conf);
        a->nlist = a->nsamples = 0;
    }
}


/* Inserts h; returns 1 if new, 0 if present, -1 if it cannot grow. */
static int set_insert(struct det_acc *a, const unsigned char *h)
{
    if ((a->nlist + 1) * 2 > a->cap) {
        size_t nc = a->cap ? a->cap * 2 : 64;
        unsigned char(*ns)[PM_KEY_LEN] = calloc(nc, PM_KEY_LEN);
        if (!ns)
            return -1;
        for (size_t i = 0; i < a->cap; i++) {
            if (is_empty(a->set[i]))
                continue;
            size_t j;
            memcpy(&j, a->set[i], sizeof j);
            for (j %= nc; !is_empty(ns[j]); j = (j + 1) % nc)
                ;
            memcpy(ns[j], a->set[i], PM_KEY_LEN);
        }
        free(a->set);
        a->set = ns;
        a->cap = nc;
    }
    size_t j;
    memcpy(&j, h, sizeof j);
    for (j %= a->cap; !is_empty(a->set[j]); j = (j + 1) % a->cap)
        if (memcmp(a->set[j], h, PM_KEY_LEN) == 0)
            return 0;
    if (a->nlist == a->listcap) {
        size_t nc = a->listcap ? a->listcap * 2 : 64;
        unsigned char(*nl)[PM_KEY_LEN] = realloc(a->list, nc * PM_KEY_LEN);
        if (!nl)
            return -1;
        a->list = nl;
        a->listcap = nc;
    }
    memcpy(a->set[j], h, PM_KEY_LEN);
    memcpy(a->list[a->nlist++], h, PM_KEY_LEN);
    return 1;
}

void pm_key_hash(const struct pm_key *key, const char *id, const char *norm,
                 unsigned char out[PM_KEY_LEN])
{
    unsigned char h[EVP_MAX_MD_SIZE];
    unsigned int hl = 0;
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
    HMAC(EVP_sha256(), key->bytes, PM_KEY_LEN, msg, il + 1 + nl, h, &hl);
    OPENSSL_cleanse(msg, sizeof msg);
    if (is_empty(h))
        h[0] = 1; /* the all-zero digest marks an empty slot */
    memcpy(out, h, PM_KEY_LEN);
}

void pm_findings_set_allow(struct pm_findings *f, const struct pm_allow *allow)
{
    f->allow = allow;
}

uint64_t pm_findings_allowed(const struct pm_findings *f) { return f->allowed; }

void pm_findings_add(struct pm_findings *f, const struct pm_match *m)
{
    struct det_acc *a = &f->acc[m->detector];
    unsigned char h[PM_KEY_LEN];
    pm_key_hash(f->key, pm_detset_def(f->set, (size_t)m->detector)->id, m->norm, h);
    if (f->allow && pm_allow_hash(f->allow, h)) {
        f->allowed++;
        return;
    }

    a->occurrences++;
    a->by_conf[m->confidence & 3]++;
    int fresh = 0;
    if (a->nlist < PM_DISTINCT_CAP)
        fresh = set_insert(a, h) == 1;
    if (fresh)
        a->distinct++;
    if (fresh && a->nsamples < PM_INV_SAMPLES) {
        for (size_t i = 0; i < a->nsamples; i++)
            if (strcmp(a->samples[i], m->masked) == 0)
                return;
        snprintf(a->samples[a->nsamples++], PM_MASK_MAX, "%s", m->masked);
    }
}

size_t pm_findings_count(const struct pm_findings *f)
{
    size_t n = 0;
    for (size_t i = 0; i < f->n; i++)
        n += f->acc[i].occurrences > 0;
    return n;
}

size_t pm_findings_export(const struct pm_findings *f, struct pm_inv_finding *out, size_t max)
{
    size_t n = 0;
    for (size_t i = 0; i < f->n && n < max; i++) {
        const struct det_acc *a = &f->acc[i];
        if (!a->occurrences)
            continue;
        struct pm_inv_finding *o = &out[n++];
        memset(o, 0, sizeof *o);
        o->detector = pm_detset_def(f->set, i)->id;
        o->occurrences = a->occurrences;
        memcpy(o->by_conf, a->by_conf, sizeof o->by_conf);
        o->distinct = a->distinct;
        for (size_t k = 0; k < a->nsamples; k++)
            o->samples[k] = a->samples[k];
        o->nsamples = a->nsamples;
        o->hashes = (const unsigned char(*)[PM_INV_HASH])a->list;
        o->nhashes = a->nlist;
    }
    return n;
}
