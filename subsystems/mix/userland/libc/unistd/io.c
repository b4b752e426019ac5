/* Descriptor I/O wrappers: read, write, close, lseek, dup, dup2, pipe (through pipe2 on
 * every family, which avoids MIPS's two-register pipe return), fsync, truncate, ioctl. */
#include <stdarg.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "syscall.h"

ssize_t read(int fd, void *buf, size_t count) { return __sys_ret(__sys3(SYS_read, fd, buf, count)); }

ssize_t write(int fd, const void *buf, size_t count) {
  return __sys_ret(__sys3(SYS_write, fd, buf, count));
}

int close(int fd) { return (int)__sys_ret(__sys1(SYS_close, fd)); }

off_t lseek(int fd, off_t offset, int whence) {
  return __sys_ret(__sys3(SYS_lseek, fd, offset, whence));
}

int dup(int fd) { return (int)__sys_ret(__sys1(SYS_dup, fd)); }
int dup2(int fd, int to) { return (int)__sys_ret(__sys2(SYS_dup2, fd, to)); }
int pipe2(int fds[2], int flags) { return (int)__sys_ret(__sys2(SYS_pipe2, fds, flags)); }
int pipe(int fds[2]) { return pipe2(fds, 0); }
int fsync(int fd) { return (int)__sys_ret(__sys1(SYS_fsync, fd)); }
int ftruncate(int fd, off_t length) { return (int)__sys_ret(__sys2(SYS_ftruncate, fd, length)); }
int truncate(const char *path, off_t length) {
  return (int)__sys_ret(__sys2(SYS_truncate, path, length));
}

int ioctl(int fd, unsigned long request, ...) {
  va_list ap;
  va_start(ap, request);
  void *arg = va_arg(ap, void *);
  va_end(ap);
  return (int)__sys_ret(__sys3(SYS_ioctl, fd, request, arg));
}
