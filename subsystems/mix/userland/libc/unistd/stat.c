/* stat, lstat, fstat, fstatat on the statx system call. statx fills the same 256-byte
 * record on every family, so this file is the only place that knows it. */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>

#include "syscall.h"

#define STATX_BASIC_STATS 0x7ff

struct statx_time {
  long long tv_sec;
  unsigned int tv_nsec;
  int reserved;
};

struct statx_record {
  unsigned int mask, blksize;
  unsigned long long attributes;
  unsigned int nlink, uid, gid;
  unsigned short mode, pad0;
  unsigned long long ino, size, blocks, attributes_mask;
  struct statx_time atime, btime, ctime, mtime;
  unsigned int rdev_major, rdev_minor, dev_major, dev_minor;
  unsigned long long spare[14];
};

_Static_assert(sizeof(struct statx_record) == 256, "statx record is 256 bytes");

int fstatat(int dirfd, const char *path, struct stat *st, int flags) {
  struct statx_record x;
  long r = __sys_ret(__sys5(SYS_statx, dirfd, path, flags, STATX_BASIC_STATS, &x));
  if (r < 0) return -1;
  memset(st, 0, sizeof *st);
  st->st_dev = ((dev_t)x.dev_major << 32) | x.dev_minor;
  st->st_ino = (ino_t)x.ino;
  st->st_mode = x.mode;
  st->st_nlink = x.nlink;
  st->st_uid = x.uid;
  st->st_gid = x.gid;
  st->st_rdev = ((dev_t)x.rdev_major << 32) | x.rdev_minor;
  if (x.size > 0x7fffffffULL) {
    errno = EOVERFLOW;
    return -1;
  }
  st->st_size = (off_t)x.size;
  st->st_blksize = (blksize_t)x.blksize;
  st->st_blocks = (blkcnt_t)x.blocks;
  st->st_atime = (time_t)x.atime.tv_sec;
  st->st_mtime = (time_t)x.mtime.tv_sec;
  st->st_ctime = (time_t)x.ctime.tv_sec;
  return 0;
}

int stat(const char *path, struct stat *st) { return fstatat(AT_FDCWD, path, st, 0); }
int lstat(const char *path, struct stat *st) {
  return fstatat(AT_FDCWD, path, st, AT_SYMLINK_NOFOLLOW);
}
int fstat(int fd, struct stat *st) { return fstatat(fd, "", st, AT_EMPTY_PATH); }
