/* File system calls: open flags, read/write/lseek, stat fields, rename, link, symlink,
 * truncate, dup/dup2, fcntl, access, and the errno each failure reports. Runs in a
 * scratch directory. */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"

int main(void) {
  char buf[128];
  umask(022);
  int fd = open("a.txt", O_WRONLY | O_CREAT | O_EXCL, 0644);
  CHECK(fd >= 3, "open O_CREAT|O_EXCL gives a fresh descriptor");
  CHECK(write(fd, "hello, file\n", 12) == 12, "write returns the count");
  CHECK(lseek(fd, 0, SEEK_CUR) == 12, "lseek SEEK_CUR reports the position");
  CHECK(close(fd) == 0, "close");
  EXPECT_ERRNO(open("a.txt", O_WRONLY | O_CREAT | O_EXCL, 0644), "EEXIST");
  EXPECT_ERRNO(open("missing.txt", O_RDONLY), "ENOENT");
  EXPECT_ERRNO(close(fd), "EBADF");
  EXPECT_ERRNO(read(99, buf, 1), "EBADF");

  fd = open("a.txt", O_RDWR);
  int n = (int)read(fd, buf, sizeof buf);
  buf[n] = 0;
  printf("read %d: %s", n, buf);
  CHECK(read(fd, buf, sizeof buf) == 0, "read at end of file returns 0");
  CHECK(lseek(fd, 7, SEEK_SET) == 7 && read(fd, buf, 4) == 4 && memcmp(buf, "file", 4) == 0,
        "lseek SEEK_SET then read");
  CHECK(lseek(fd, -5, SEEK_END) == 7, "lseek SEEK_END");
  lseek(fd, 20, SEEK_SET);
  write(fd, "X", 1);
  struct stat st;
  CHECK(fstat(fd, &st) == 0 && st.st_size == 21, "writing past the end extends the file");
  lseek(fd, 12, SEEK_SET);
  read(fd, buf, 8);
  CHECK(memcmp(buf, "\0\0\0\0\0\0\0\0", 8) == 0, "the gap reads as zeros");
  CHECK(ftruncate(fd, 5) == 0 && fstat(fd, &st) == 0 && st.st_size == 5, "ftruncate");
  close(fd);

  CHECK(stat("a.txt", &st) == 0, "stat");
  printf("mode %o nlink %u regular %d dir %d\n", st.st_mode & 07777, (unsigned)st.st_nlink,
         S_ISREG(st.st_mode), S_ISDIR(st.st_mode));
  CHECK(chmod("a.txt", 0600) == 0 && stat("a.txt", &st) == 0 && (st.st_mode & 0777) == 0600,
        "chmod");
  CHECK(access("a.txt", R_OK | W_OK) == 0, "access R_OK|W_OK");
  EXPECT_ERRNO(access("nope", F_OK), "ENOENT");

  CHECK(link("a.txt", "b.txt") == 0 && stat("a.txt", &st) == 0 && st.st_nlink == 2, "link");
  struct stat st2;
  stat("b.txt", &st2);
  CHECK(st.st_ino == st2.st_ino, "a hard link shares the inode");
  CHECK(rename("b.txt", "c.txt") == 0 && access("b.txt", F_OK) < 0 && access("c.txt", F_OK) == 0,
        "rename");
  CHECK(symlink("a.txt", "sym") == 0, "symlink");
  n = (int)readlink("sym", buf, sizeof buf);
  buf[n < 0 ? 0 : n] = 0;
  printf("readlink: %s (%d)\n", buf, n);
  CHECK(lstat("sym", &st) == 0 && S_ISLNK(st.st_mode), "lstat sees the link");
  CHECK(stat("sym", &st) == 0 && S_ISREG(st.st_mode), "stat follows the link");
  CHECK(unlink("c.txt") == 0 && unlink("sym") == 0, "unlink");
  EXPECT_ERRNO(unlink("c.txt"), "ENOENT");
  EXPECT_ERRNO(open("a.txt/x", O_RDONLY), "ENOTDIR");

  fd = open("a.txt", O_WRONLY | O_APPEND);
  write(fd, "++", 2);
  close(fd);
  fd = open("a.txt", O_RDONLY);
  n = (int)read(fd, buf, sizeof buf);
  buf[n] = 0;
  printf("after O_APPEND: %s\n", buf);
  int copy = dup(fd);
  CHECK(copy > fd, "dup returns the lowest free descriptor");
  CHECK(dup2(fd, 10) == 10, "dup2 onto a chosen number");
  CHECK(lseek(10, 0, SEEK_SET) == 0 && lseek(copy, 0, SEEK_CUR) == 0,
        "duplicates share the file offset");
  CHECK(fcntl(fd, F_GETFD) == 0 && fcntl(fd, F_SETFD, FD_CLOEXEC) == 0 &&
            fcntl(fd, F_GETFD) == FD_CLOEXEC,
        "fcntl F_SETFD/F_GETFD");
  CHECK((fcntl(fd, F_GETFL) & O_ACCMODE) == O_RDONLY, "fcntl F_GETFL");
  int low = fcntl(fd, F_DUPFD, 20);
  CHECK(low == 20, "fcntl F_DUPFD");
  close(copy);
  close(10);
  close(low);
  EXPECT_ERRNO(write(fd, "x", 1), "EBADF");
  close(fd);
  fd = open("a.txt", O_WRONLY | O_TRUNC);
  CHECK(fstat(fd, &st) == 0 && st.st_size == 0, "O_TRUNC empties the file");
  close(fd);
  fd = creat("d.txt", 0644);
  CHECK(fd >= 0 && write(fd, "abc", 3) == 3, "creat");
  close(fd);
  CHECK(truncate("d.txt", 1) == 0 && stat("d.txt", &st) == 0 && st.st_size == 1, "truncate");
  EXPECT_ERRNO(lseek(-1, 0, SEEK_SET), "EBADF");

  /* An input stream gives its read-ahead back on fflush: the offset is then just after
   * what the stream consumed. */
  FILE *f = fopen("lines.txt", "w");
  fputs("one\ntwo\nthree\nfour\n", f);
  fclose(f);
  f = fopen("lines.txt", "r");
  fgets(buf, sizeof buf, f);
  CHECK(fflush(f) == 0 && lseek(fileno(f), 0, SEEK_CUR) == 4, "fflush on an input stream seeks back");
  n = (int)read(fileno(f), buf, 4);
  buf[n < 0 ? 0 : n] = 0;
  printf("after fflush, read() continues with: %s", buf);
  fclose(f);
  unlink("lines.txt");
  unlink("a.txt");
  unlink("d.txt");
  return finish();
}
