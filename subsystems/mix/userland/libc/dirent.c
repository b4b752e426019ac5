/* Directory streams over getdents64, whose linux_dirent64 record (u64 inode, s64 offset,
 * u16 length, u8 type, name) is the same on every family. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "syscall.h"

struct __dir_stream {
  int fd;
  int pos, len;
  struct dirent entry;
  char buf[2048] __attribute__((aligned(8)));
};

DIR *fdopendir(int fd) {
  DIR *d = malloc(sizeof *d);
  if (!d) return 0;
  d->fd = fd;
  d->pos = d->len = 0;
  return d;
}

DIR *opendir(const char *path) {
  int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return 0;
  DIR *d = fdopendir(fd);
  if (!d) close(fd);
  return d;
}

struct dirent *readdir(DIR *d) {
  if (d->pos >= d->len) {
    long n = __sys3(SYS_getdents64, d->fd, d->buf, sizeof d->buf);
    if (n <= 0) {
      if (n < 0) errno = (int)-n;
      return 0;
    }
    d->len = (int)n;
    d->pos = 0;
  }
  const unsigned char *rec = (const unsigned char *)d->buf + d->pos;
  unsigned long long ino, off;
  unsigned short reclen;
  memcpy(&ino, rec, 8);
  memcpy(&off, rec + 8, 8);
  memcpy(&reclen, rec + 16, 2);
  d->entry.d_ino = (ino_t)ino;
  d->entry.d_off = (off_t)off;
  d->entry.d_reclen = reclen;
  d->entry.d_type = rec[18];
  strlcpy(d->entry.d_name, (const char *)rec + 19, sizeof d->entry.d_name);
  d->pos += reclen;
  return &d->entry;
}

int closedir(DIR *d) {
  int r = close(d->fd);
  free(d);
  return r;
}

void rewinddir(DIR *d) {
  lseek(d->fd, 0, SEEK_SET);
  d->pos = d->len = 0;
}

int dirfd(DIR *d) { return d->fd; }
