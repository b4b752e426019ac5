/* Directories: mkdir/rmdir, chdir/getcwd, opendir/readdir (sorted for a stable listing),
 * d_type, and the errors for non-empty and missing directories. */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"

static int by_name(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(void) {
  char start[512], here[512];
  CHECK(getcwd(start, sizeof start) != 0, "getcwd");
  CHECK(mkdir("top", 0755) == 0, "mkdir");
  EXPECT_ERRNO(mkdir("top", 0755), "EEXIST");
  CHECK(mkdir("top/sub", 0755) == 0 && mkdir("top/other", 0700) == 0, "mkdir nested");
  for (int i = 0; i < 40; i++) {
    char name[32];
    snprintf(name, sizeof name, "top/file%02d", i);
    int fd = open(name, O_WRONLY | O_CREAT, 0644);
    close(fd);
  }
  symlink("sub", "top/link");
  CHECK(chdir("top") == 0, "chdir");
  getcwd(here, sizeof here);
  CHECK(strncmp(here, start, strlen(start)) == 0 && strcmp(here + strlen(start), "/top") == 0,
        "getcwd after chdir ends in /top");
  DIR *d = opendir(".");
  CHECK(d != 0, "opendir");
  char *names[64];
  int count = 0, dirs = 0, regs = 0, links = 0;
  struct dirent *e;
  while ((e = readdir(d)) && count < 64) {
    names[count++] = strdup(e->d_name);
    if (e->d_type == DT_DIR) dirs++;
    if (e->d_type == DT_REG) regs++;
    if (e->d_type == DT_LNK) links++;
  }
  closedir(d);
  qsort(names, (size_t)count, sizeof names[0], by_name);
  printf("%d entries:", count);
  for (int i = 0; i < count; i++) {
    if (i < 6 || i >= count - 3) printf(" %s", names[i]);
    free(names[i]);
  }
  printf("\n");
  printf("types: %d dirs, %d files, %d links\n", dirs, regs, links);
  EXPECT_ERRNO(rmdir("sub/.."), "ENOTEMPTY");
  CHECK(chdir("..") == 0, "chdir ..");
  EXPECT_ERRNO(rmdir("top"), "ENOTEMPTY");
  EXPECT_ERRNO(rmdir("top/file00"), "ENOTDIR");
  EXPECT_ERRNO(chdir("top/file00"), "ENOTDIR");
  EXPECT_ERRNO(opendir("missing") != 0, "ENOENT");
  EXPECT_ERRNO(unlink("top/sub"), "EISDIR");
  int fd = open("top", O_RDONLY | O_DIRECTORY);
  CHECK(fd >= 0 && fchdir(fd) == 0, "fchdir");
  close(fd);
  struct stat st;
  CHECK(stat("sub", &st) == 0 && S_ISDIR(st.st_mode), "relative path after fchdir");
  chdir(start);
  for (int i = 0; i < 40; i++) {
    char name[32];
    snprintf(name, sizeof name, "top/file%02d", i);
    unlink(name);
  }
  unlink("top/link");
  CHECK(rmdir("top/sub") == 0 && rmdir("top/other") == 0 && rmdir("top") == 0, "rmdir");
  EXPECT_ERRNO(rmdir("top"), "ENOENT");
  return finish();
}
