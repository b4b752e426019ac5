/* Small system queries: uname, gethostname, sysconf, getpagesize, ttyname, and syscall()
 * for programs that make a call this library does not wrap. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "syscall.h"

int uname(struct utsname *buf) { return (int)__sys_ret(__sys1(SYS_uname, buf)); }

int gethostname(char *name, size_t size) {
  struct utsname u;
  if (uname(&u) < 0) return -1;
  if (strlen(u.nodename) >= size) {
    errno = ENAMETOOLONG;
    return -1;
  }
  strcpy(name, u.nodename);
  return 0;
}

long sysconf(int name) {
  switch (name) {
    case _SC_PAGESIZE:
      return 4096;
    case _SC_CLK_TCK:
      return 100;
    case _SC_OPEN_MAX:
      return 1024;
    default:
      errno = EINVAL;
      return -1;
  }
}

int getpagesize(void) { return 4096; }

/* The name comes from /proc/self/fd/<fd> where a /proc exists; otherwise the terminal is
 * reported as /dev/tty (MiX has a single console). */
char *ttyname(int fd) {
  static char name[64];
  char link[32];
  if (!isatty(fd)) return 0;
  snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
  ssize_t n = readlink(link, name, sizeof name - 1);
  if (n <= 0) return strcpy(name, "/dev/tty");
  name[n] = 0;
  return name;
}

long syscall(long number, ...) {
  va_list ap;
  va_start(ap, number);
  long a = va_arg(ap, long), b = va_arg(ap, long), c = va_arg(ap, long);
  long d = va_arg(ap, long), e = va_arg(ap, long), f = va_arg(ap, long);
  va_end(ap);
  return __sys_ret(__syscall(number, a, b, c, d, e, f));
}
