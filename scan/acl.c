/* acl.c — the entries of a file's POSIX access ACL that open it to named
 * users and groups (libacl). The mode bits already say what the owner, the
 * owning group and everyone else may do; an extended ACL can let more people
 * in while the mode still reads 0600, and that is what the data map's
 * "exposed" flag must see. Only the ACL is read, never the file.
 */
#include <acl/libacl.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/acl.h>

#include "scan/acl.h"

/* "rw-" of the read and write bits of perms (execute does not expose data). */
static int perm_text(acl_permset_t ps, char out[4])
{
    int r = acl_get_perm(ps, ACL_READ) == 1, w = acl_get_perm(ps, ACL_WRITE) == 1;
    out[0] = r ? 'r' : '-';
    out[1] = w ? 'w' : '-';
    out[2] = acl_get_perm(ps, ACL_EXECUTE) == 1 ? 'x' : '-';
    out[3] = '\0';
    return r || w;
}

/* The qualifier of a named entry: the user or group name, or its id. */
static void who(acl_entry_t e, acl_tag_t tag, char *out, size_t outsz)
{
    void *q = acl_get_qualifier(e);
    if (!q) {
        snprintf(out, outsz, "?");
        return;
    }
    if (tag == ACL_USER) {
        uid_t u = *(uid_t *)q;
        struct passwd pw, *p = NULL;
        char buf[1024];
        if (getpwuid_r(u, &pw, buf, sizeof buf, &p) == 0 && p)
            snprintf(out, outsz, "%s", p->pw_name);
        else
            snprintf(out, outsz, "%u", (unsigned)u);
    } else {
        gid_t g = *(gid_t *)q;
        struct group gr, *p = NULL;
        char buf[1024];
        if (getgrgid_r(g, &gr, buf, sizeof buf, &p) == 0 && p)
            snprintf(out, outsz, "%s", p->gr_name);
        else
            snprintf(out, outsz, "%u", (unsigned)g);
    }
    acl_free(q);
}

char *pm_acl_grants(const char *path)
{
    acl_t acl = acl_get_file(path, ACL_TYPE_ACCESS);
    if (!acl)
        return NULL;
    if (acl_equiv_mode(acl, NULL) == 0) { /* no more than the mode bits */
        acl_free(acl);
        return NULL;
    }
    /* The mask caps every named entry (and the owning group). */
    acl_entry_t e;
    acl_permset_t mask = NULL;
    for (int id = ACL_FIRST_ENTRY; acl_get_entry(acl, id, &e) == 1; id = ACL_NEXT_ENTRY) {
        acl_tag_t tag;
        if (acl_get_tag_type(e, &tag) == 0 && tag == ACL_MASK)
            acl_get_permset(e, &mask);
    }
    char *out = NULL;
    size_t len = 0;
    for (int id = ACL_FIRST_ENTRY; acl_get_entry(acl, id, &e) == 1; id = ACL_NEXT_ENTRY) {
        acl_tag_t tag;
        acl_permset_t ps;
        if (acl_get_tag_type(e, &tag) != 0 || (tag != ACL_USER && tag != ACL_GROUP) ||
            acl_get_permset(e, &ps) != 0)
            continue;
        char p[4], name[256], item[300];
        if (!perm_text(ps, p))
            continue;
        if (mask) { /* effective rights */
            char m[4];
            perm_text(mask, m);
            for (int i = 0; i < 3; i++)
                if (m[i] == '-')
                    p[i] = '-';
            if (p[0] == '-' && p[1] == '-')
                continue;
        }
        who(e, tag, name, sizeof name);
        int n = snprintf(item, sizeof item, "%s%s:%s:%s", len ? "," : "",
                         tag == ACL_USER ? "user" : "group", name, p);
        char *grown = realloc(out, len + (size_t)n + 1);
        if (!grown)
            break;
        out = grown;
        memcpy(out + len, item, (size_t)n + 1);
        len += (size_t)n;
    }
    acl_free(acl);
    return out;
}
