/* The user and group databases: /etc/passwd and /etc/group of the system the test runs on
 * (every system has root, uid and gid 0), looked up by id and by name. */
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <string.h>

#include "check.h"

int main(void) {
  struct passwd *root = getpwuid(0);
  CHECK(root && strcmp(root->pw_name, "root") == 0 && root->pw_gid == 0, "getpwuid(0) is root");
  root = getpwnam("root");
  CHECK(root && root->pw_uid == 0 && root->pw_dir[0] == '/', "getpwnam(\"root\")");
  CHECK(getpwnam("no-such-user-here") == 0, "getpwnam of an unknown name is NULL");
  struct group *g = getgrgid(0);
  CHECK(g && strcmp(g->gr_name, "root") == 0, "getgrgid(0) is root");
  g = getgrnam("root");
  CHECK(g && g->gr_gid == 0 && g->gr_mem && g->gr_mem[0] == 0, "getgrnam(\"root\")");
  CHECK(getgrnam("no-such-group-here") == 0, "getgrnam of an unknown name is NULL");
  return finish();
}
