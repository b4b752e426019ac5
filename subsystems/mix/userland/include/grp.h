/* <grp.h>: the group database, read from /etc/group (name:passwd:gid:members). Members are
 * not parsed: gr_mem is always an empty list. */
#ifndef _GRP_H
#define _GRP_H

#include <bits/types.h>

struct group {
  char *gr_name;
  char *gr_passwd;
  gid_t gr_gid;
  char **gr_mem;
};

struct group *getgrnam(const char *name);
struct group *getgrgid(gid_t gid);

#endif
