/*
 * uname: prints system information. -s system name (the default), -n node name, -r release,
 * -v version, -m machine, -a all of them in that order.
 */
#include <stdio.h>
#include <sys/utsname.h>

int main(int argc, char **argv) {
  int mask = 0;
  for (int i = 1; i < argc; i++) {
    if (argv[i][0] != '-' || argv[i][1] == '\0') goto usage;
    for (const char *p = argv[i] + 1; *p; p++) {
      switch (*p) {
      case 's': mask |= 1; break;
      case 'n': mask |= 2; break;
      case 'r': mask |= 4; break;
      case 'v': mask |= 8; break;
      case 'm': mask |= 16; break;
      case 'a': mask |= 31; break;
      default: goto usage;
      }
    }
  }
  if (mask == 0) mask = 1;
  struct utsname u;
  if (uname(&u) < 0) {
    perror("uname");
    return 1;
  }
  const char *fields[] = {u.sysname, u.nodename, u.release, u.version, u.machine};
  const char *sep = "";
  for (int k = 0; k < 5; k++) {
    if (!(mask & (1 << k))) continue;
    printf("%s%s", sep, fields[k]);
    sep = " ";
  }
  putchar('\n');
  return 0;
usage:
  fprintf(stderr, "usage: uname [-asnrvm]\n");
  return 2;
}
