/* <pwd.h>: the user database, read from /etc/passwd (name:passwd:uid:gid:gecos:dir:shell). */
#ifndef _PWD_H
#define _PWD_H

#include <bits/types.h>

struct passwd {
  char *pw_name;
  char *pw_passwd;
  uid_t pw_uid;
  gid_t pw_gid;
  char *pw_gecos;
  char *pw_dir;
  char *pw_shell;
};

struct passwd *getpwnam(const char *name);
struct passwd *getpwuid(uid_t uid);

#endif
