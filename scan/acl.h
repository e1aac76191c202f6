/* acl.h — who else a file's POSIX ACL lets in, for the exposure risk flag.
 * Reads the ACL only (an extended attribute): never the file, never writes.
 */
#ifndef PM_SCAN_ACL_H
#define PM_SCAN_ACL_H

/* The entries of path's access ACL that give a named user or a named group
 * read or write, with the ACL mask applied, in getfacl's words:
 * "user:bob:r--,group:hr:rw-". NULL when there are none: no extended ACL,
 * none granting anything past the mask, a file system without ACLs, or out
 * of memory. The caller frees it. */
char *pm_acl_grants(const char *path);

#endif
