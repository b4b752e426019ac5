/* open, openat, creat and fcntl (fcntl64 on every family: same commands for descriptors). */
#include <fcntl.h>
#include <stdarg.h>

#include "syscall.h"

int open(const char *path, int flags, ...) {
  va_list ap;
  va_start(ap, flags);
  mode_t mode = (flags & O_CREAT) ? va_arg(ap, mode_t) : 0;
  va_end(ap);
  return (int)__sys_ret(__sys3(SYS_open, path, flags | O_LARGEFILE, mode));
}

int creat(const char *path, mode_t mode) { return open(path, O_WRONLY | O_CREAT | O_TRUNC, mode); }

int fcntl(int fd, int cmd, ...) {
  va_list ap;
  va_start(ap, cmd);
  long arg = va_arg(ap, long);
  va_end(ap);
  return (int)__sys_ret(__sys3(SYS_fcntl64, fd, cmd, arg));
}

int openat(int dirfd, const char *path, int flags, ...) {
  va_list ap;
  va_start(ap, flags);
  mode_t mode = (flags & O_CREAT) ? va_arg(ap, mode_t) : 0;
  va_end(ap);
  return (int)__sys_ret(__sys4(SYS_openat, dirfd, path, flags | O_LARGEFILE, mode));
}
