/* Path-name system calls: access, chdir, getcwd, link, symlink, readlink, unlink, rmdir,
 * rename, mkdir, mkfifo, chmod, chown, umask, utimensat. */
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "syscall.h"

int access(const char *path, int mode) { return (int)__sys_ret(__sys2(SYS_access, path, mode)); }
int chdir(const char *path) { return (int)__sys_ret(__sys1(SYS_chdir, path)); }
int fchdir(int fd) { return (int)__sys_ret(__sys1(SYS_fchdir, fd)); }

char *getcwd(char *buf, size_t size) {
  long r = __sys_ret(__sys2(SYS_getcwd, buf, size));
  return r < 0 ? 0 : buf;
}

int link(const char *from, const char *to) { return (int)__sys_ret(__sys2(SYS_link, from, to)); }
int symlink(const char *target, const char *path) {
  return (int)__sys_ret(__sys2(SYS_symlink, target, path));
}
ssize_t readlink(const char *path, char *buf, size_t size) {
  return __sys_ret(__sys3(SYS_readlink, path, buf, size));
}
int unlink(const char *path) { return (int)__sys_ret(__sys1(SYS_unlink, path)); }
int rmdir(const char *path) { return (int)__sys_ret(__sys1(SYS_rmdir, path)); }
int rename(const char *from, const char *to) { return (int)__sys_ret(__sys2(SYS_rename, from, to)); }
int mkdir(const char *path, mode_t mode) { return (int)__sys_ret(__sys2(SYS_mkdir, path, mode)); }
int chmod(const char *path, mode_t mode) { return (int)__sys_ret(__sys2(SYS_chmod, path, mode)); }
int fchmod(int fd, mode_t mode) { return (int)__sys_ret(__sys2(SYS_fchmod, fd, mode)); }
int chown(const char *path, uid_t uid, gid_t gid) {
  return (int)__sys_ret(__sys3(SYS_chown, path, uid, gid));
}
mode_t umask(mode_t mask) { return (mode_t)__sys1(SYS_umask, mask); }
void sync(void) { __sys0(SYS_sync); }

int remove(const char *path) {
  if (unlink(path) == 0) return 0;
  return rmdir(path);
}

/* Sets access and modification times (NULL: now); AT_FDCWD-relative. */
int utimensat(int dirfd, const char *path, const void *times, int flags);
int utimensat(int dirfd, const char *path, const void *times, int flags) {
  return (int)__sys_ret(__sys4(SYS_utimensat, dirfd, path, times, flags));
}

int mkfifo(const char *path, mode_t mode) {
  return (int)__sys_ret(__sys3(SYS_mknod, path, S_IFIFO | (mode & 07777), 0));
}
