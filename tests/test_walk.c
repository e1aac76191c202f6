/* test_walk.c — the walker and the file reader on hostile trees.
 *
 * Symlink loops (followed and not), FIFOs (never opened: an alarm fails the
 * test if anything blocks), excludes, unreadable files and directories (as an
 * unprivileged user when run as root), odd names, and a directory larger
 * than the job queue.
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "scan/reader.h"
#include "walk/walk.h"

struct seen {
    pthread_mutex_t mu;
    char **files;
    size_t nfiles;
    char skips[64][512];
    size_t nskips;
    char errors[64][512];
    size_t nerrors;
    size_t excluded;
};

static void on_file(void *ctx, unsigned w, const char *path, const struct stat *st, int follow)
{
    struct seen *s = ctx;
    (void)w;
    (void)st;
    (void)follow;
    pthread_mutex_lock(&s->mu);
    s->files = realloc(s->files, (s->nfiles + 1) * sizeof *s->files);
    s->files[s->nfiles++] = strdup(path);
    pthread_mutex_unlock(&s->mu);
}

static void on_skip(void *ctx, const char *path, const struct stat *st, const char *why)
{
    struct seen *s = ctx;
    (void)st;
    pthread_mutex_lock(&s->mu);
    if (s->nskips < 64)
        snprintf(s->skips[s->nskips++], 512, "%s: %s", path, why);
    pthread_mutex_unlock(&s->mu);
}

static void on_error(void *ctx, const char *path, int err, const char *what)
{
    struct seen *s = ctx;
    pthread_mutex_lock(&s->mu);
    if (s->nerrors < 64)
        snprintf(s->errors[s->nerrors++], 512, "%s: %s: %s", path, what, strerror(err));
    pthread_mutex_unlock(&s->mu);
}

static void on_excluded(void *ctx, const char *path)
{
    struct seen *s = ctx;
    (void)path;
    pthread_mutex_lock(&s->mu);
    s->excluded++;
    pthread_mutex_unlock(&s->mu);
}

static void seen_free(struct seen *s)
{
    for (size_t i = 0; i < s->nfiles; i++)
        free(s->files[i]);
    free(s->files);
    memset(s, 0, sizeof *s);
}

static void walk(const char *root, unsigned threads, int follow, const char *const *ex,
                 size_t nex, struct seen *s)
{
    memset(s, 0, sizeof *s);
    pthread_mutex_init(&s->mu, NULL);
    const char *roots[] = {root};
    struct pm_walk_opts o = {.roots = roots, .nroots = 1, .threads = threads,
                             .excludes = ex, .nexcludes = nex, .follow_symlinks = follow};
    struct pm_walk_cb cb = {s, on_file, on_skip, on_error, on_excluded, NULL};
    alarm(60); /* a FIFO opened by mistake would block forever */
    assert_int_equal(pm_walk(&o, &cb), 0);
    alarm(0);
}

static size_t count_suffix(const struct seen *s, const char *suffix)
{
    size_t n = 0, sl = strlen(suffix);
    for (size_t i = 0; i < s->nfiles; i++) {
        size_t l = strlen(s->files[i]);
        n += l >= sl && strcmp(s->files[i] + l - sl, suffix) == 0;
    }
    return n;
}

static int has_skip(const struct seen *s, const char *needle)
{
    for (size_t i = 0; i < s->nskips; i++)
        if (strstr(s->skips[i], needle))
            return 1;
    return 0;
}

static char tmpl[] = "/tmp/piimap-walk-XXXXXX";
static char *root;

static void put(const char *rel, const char *content)
{
    char p[4096];
    snprintf(p, sizeof p, "%s/%s", root, rel);
    FILE *f = fopen(p, "w");
    assert_non_null(f);
    fputs(content, f);
    fclose(f);
}

static void mk(const char *rel)
{
    char p[4096];
    snprintf(p, sizeof p, "%s/%s", root, rel);
    assert_int_equal(mkdir(p, 0755), 0);
}

static int setup(void **state)
{
    (void)state;
    root = mkdtemp(tmpl);
    if (!root)
        return -1;
    chmod(root, 0755);
    mk("a");
    mk("a/b");
    mk("a/node_modules");
    mk("big");
    put("a/one.txt", "john.doe@example.com\n");
    put("a/b/two.txt", "nothing here\n");
    put("a/b/debug.log", "excluded\n");
    put("a/node_modules/x.js", "excluded dir\n");
    put("a/-dash name\nnewline \xff.txt", "odd name\n");
    char p[4096], q[4096];
    snprintf(p, sizeof p, "%s/a/b/loop", root);
    if (symlink("../..", p) != 0) /* a/b/loop -> root: a loop when followed */
        return -1;
    snprintf(p, sizeof p, "%s/a/fifo", root);
    if (mkfifo(p, 0644) != 0)
        return -1;
    snprintf(p, sizeof p, "%s/a/link.txt", root);
    snprintf(q, sizeof q, "%s/a/one.txt", root);
    if (symlink(q, p) != 0)
        return -1;
    snprintf(p, sizeof p, "%s/a/dangling", root);
    if (symlink("/nonexistent/piimap", p) != 0)
        return -1;
    for (int i = 0; i < 5000; i++) {
        char rel[64];
        snprintf(rel, sizeof rel, "big/f%05d.txt", i);
        put(rel, "x\n");
    }
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[4200];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
    return system(cmd) == 0 ? 0 : -1;
}

static void test_no_follow(void **state)
{
    (void)state;
    struct seen s;
    walk(root, 4, 0, NULL, 0, &s);
    assert_int_equal(count_suffix(&s, "/one.txt"), 1);
    assert_int_equal(count_suffix(&s, "/two.txt"), 1);
    assert_int_equal(count_suffix(&s, "/x.js"), 1);
    assert_int_equal(count_suffix(&s, "\xff.txt"), 1);
    assert_int_equal(s.nfiles, 5 + 5000);
    assert_true(has_skip(&s, "/a/fifo: fifo"));
    assert_true(has_skip(&s, "/a/b/loop: symlink (not followed)"));
    assert_true(has_skip(&s, "/a/link.txt: symlink (not followed)"));
    assert_int_equal(s.nerrors, 0);
    seen_free(&s);
}

static void test_follow_loop(void **state)
{
    (void)state;
    struct seen s;
    walk(root, 3, 1, NULL, 0, &s);
    /* one.txt once directly, once through link.txt; the loop adds nothing. */
    assert_int_equal(count_suffix(&s, "/two.txt"), 1);
    assert_int_equal(count_suffix(&s, "/link.txt"), 1);
    assert_int_equal(count_suffix(&s, "/one.txt"), 1);
    assert_int_equal(s.nfiles, 6 + 5000);
    assert_true(has_skip(&s, "already visited"));
    assert_true(has_skip(&s, "/a/dangling: dangling symlink"));
    assert_true(has_skip(&s, "/a/fifo: fifo"));
    seen_free(&s);
}

static void test_exclude(void **state)
{
    (void)state;
    struct seen s;
    const char *ex[] = {"*.log", "*/node_modules", "big"};
    walk(root, 2, 0, ex, 3, &s);
    assert_int_equal(count_suffix(&s, ".log"), 0);
    assert_int_equal(count_suffix(&s, "/x.js"), 0);
    assert_int_equal(count_suffix(&s, "/two.txt"), 1);
    assert_int_equal(s.nfiles, 3);
    assert_int_equal(s.excluded, 3);
    seen_free(&s);
}

static void test_single_thread_big_dir(void **state)
{
    (void)state;
    struct seen s;
    walk(root, 1, 0, NULL, 0, &s);
    assert_int_equal(s.nfiles, 5 + 5000);
    seen_free(&s);
}

/* Files are read largest first once their directories are listed (so that
 * no big file is left for last), whatever the directory order. */
static void test_largest_first(void **state)
{
    (void)state;
    char t[] = "/tmp/piimap-order-XXXXXX", p[4200];
    assert_non_null(mkdtemp(t));
    static const struct { const char *rel; size_t size; } f[] = {
        {"d1/s10", 10}, {"d1/s3000", 3000}, {"d2/s500", 500}, {"d2/s70000", 70000},
        {"s200", 200}, {"d2/empty", 0}};
    snprintf(p, sizeof p, "%s/d1", t);
    assert_int_equal(mkdir(p, 0755), 0);
    snprintf(p, sizeof p, "%s/d2", t);
    assert_int_equal(mkdir(p, 0755), 0);
    for (size_t i = 0; i < sizeof f / sizeof f[0]; i++) {
        snprintf(p, sizeof p, "%s/%s", t, f[i].rel);
        FILE *fp = fopen(p, "w");
        assert_non_null(fp);
        for (size_t k = 0; k < f[i].size; k++)
            fputc('x', fp);
        fclose(fp);
    }
    struct seen s;
    walk(t, 1, 0, NULL, 0, &s);
    static const char *const want[] = {"/d2/s70000", "/d1/s3000", "/d2/s500", "/s200", "/d1/s10",
                                       "/d2/empty"};
    assert_int_equal(s.nfiles, 6);
    for (size_t i = 0; i < 6; i++) {
        size_t l = strlen(s.files[i]), wl = strlen(want[i]);
        assert_true(l > wl);
        assert_string_equal(s.files[i] + l - wl, want[i]);
    }
    seen_free(&s);
    snprintf(p, sizeof p, "rm -rf '%s'", t);
    assert_int_equal(system(p), 0);
}

static void on_subdir(void *ctx, const char *path)
{
    struct seen *s = ctx;
    pthread_mutex_lock(&s->mu);
    if (s->nskips < 64) /* kept with the skips, marked */
        snprintf(s->skips[s->nskips++], 512, "%s: subdir", path);
    pthread_mutex_unlock(&s->mu);
}

/* With a subdir hook the walk lists a root one level deep: its files are
 * read, its directories handed over (excluded ones not even that), not
 * entered. */
static void test_subdir_hook(void **state)
{
    (void)state;
    struct seen s;
    memset(&s, 0, sizeof s);
    pthread_mutex_init(&s.mu, NULL);
    char a[4096], want[4200];
    snprintf(a, sizeof a, "%s/a", root);
    const char *roots[] = {a}, *ex[] = {"*/node_modules"};
    struct pm_walk_opts o = {.roots = roots, .nroots = 1, .threads = 2, .excludes = ex,
                             .nexcludes = 1};
    struct pm_walk_cb cb = {&s, on_file, on_skip, on_error, on_excluded, on_subdir};
    assert_int_equal(pm_walk(&o, &cb), 0);
    assert_int_equal(s.nfiles, 2); /* one.txt and the odd name, not b/two.txt */
    assert_int_equal(count_suffix(&s, "/a/one.txt"), 1);
    snprintf(want, sizeof want, "%s/a/b: subdir", root);
    size_t subdirs = 0;
    for (size_t i = 0; i < s.nskips; i++)
        subdirs += strstr(s.skips[i], ": subdir") != NULL;
    assert_int_equal(subdirs, 1);
    assert_true(has_skip(&s, want));
    assert_int_equal(s.excluded, 1);
    seen_free(&s);
}

static void test_root_is_file(void **state)
{
    (void)state;
    struct seen s;
    char p[4096];
    snprintf(p, sizeof p, "%s/a/one.txt", root);
    walk(p, 2, 0, NULL, 0, &s);
    assert_int_equal(s.nfiles, 1);
    seen_free(&s);
    walk("/nonexistent/piimap-root", 2, 0, NULL, 0, &s);
    assert_int_equal(s.nfiles, 0);
    assert_int_equal(s.nerrors, 1);
    seen_free(&s);
}

struct last_item {
    int n;
    enum pm_file_status status;
    char reason[256];
};

static void keep_item(void *ctx, const struct pm_item *it, const struct pm_findings *findings,
                      const struct pm_item_people *people)
{
    struct last_item *li = ctx;
    (void)findings;
    (void)people;
    li->n++;
    li->status = it->status;
    snprintf(li->reason, sizeof li->reason, "%s", it->reason ? it->reason : "");
}

/* Unreadable file and directory: checked in a child that is not root, since
 * root reads everything. */
static void test_unreadable(void **state)
{
    (void)state;
    mk("locked");
    put("locked/secret.txt", "4111 1111 1111 1111\n");
    put("a/noread.txt", "4111 1111 1111 1111\n");
    char dir[4096], file[4096];
    snprintf(dir, sizeof dir, "%s/locked", root);
    snprintf(file, sizeof file, "%s/a/noread.txt", root);
    assert_int_equal(chmod(dir, 0), 0);
    assert_int_equal(chmod(file, 0), 0);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        if (geteuid() == 0 && (setgid(65534) != 0 || setuid(65534) != 0))
            _exit(10);
        struct seen s;
        walk(root, 2, 0, NULL, 0, &s);
        int ok = s.nerrors == 1 && strstr(s.errors[0], "/locked: open directory: Permission denied");
        if (!ok)
            _exit(11);
        char err[256];
        struct pm_detset *set = pm_detset_new_builtin(err, sizeof err);
        struct pm_key key;
        memset(&key, 0, sizeof key);
        struct pm_limits lim;
        pm_limits_default(&lim);
        struct last_item li = {0};
        struct pm_reader *r = pm_reader_new(set, &key, &lim, 0, keep_item, &li, err, sizeof err);
        if (!r)
            _exit(12);
        struct stat st;
        stat(file, &st);
        pm_reader_scan(r, file, &st, 0);
        if (li.n != 1 || li.status != PM_FILE_ERROR || !strstr(li.reason, "Permission denied"))
            _exit(13);
        pm_reader_free(r);
        pm_detset_free(set);
        _exit(0);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    chmod(dir, 0755);
    chmod(file, 0644);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_no_follow),
        cmocka_unit_test(test_follow_loop),
        cmocka_unit_test(test_exclude),
        cmocka_unit_test(test_single_thread_big_dir),
        cmocka_unit_test(test_largest_first),
        cmocka_unit_test(test_subdir_hook),
        cmocka_unit_test(test_root_is_file),
        cmocka_unit_test(test_unreadable),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
