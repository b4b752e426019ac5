/* Library corners: sscanf conversions, atomics (through the helpers on ARMv5TE and SPARC
 * V8, inline elsewhere), mkstemp, mkfifo, openat, realpath, basename/dirname, fnmatch,
 * inttypes formats, times, and system() running a shell command and reporting its exit
 * status. */
#include <fcntl.h>
#include <fnmatch.h>
#include <inttypes.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/times.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"

/* ARMv5TE and SPARC V8 have no inline 4-byte compare-and-swap: the library helpers run. */
#pragma clang diagnostic ignored "-Watomic-alignment"

int main(void) {
  int a = 0, b = 0, n = 0;
  unsigned int x = 0;
  long l = 0;
  char word[16] = "", rest[32] = "";
  int r = sscanf("  42 -7 0x1f words and more", "%d %i %x %15s %n", &a, &b, &x, word, &n);
  printf("sscanf: r=%d a=%d b=%d x=%u word=%s n=%d\n", r, a, b, x, word, n);
  r = sscanf("key=value;tail", "%15[^=]=%31[^;];%ld", word, rest, &l);
  printf("sscanf sets: r=%d key=%s value=%s\n", r, word, rest);
  CHECK(sscanf("", "%d", &a) == EOF, "sscanf on empty input returns EOF");
  CHECK(sscanf("abc", "%d", &a) == 0, "sscanf stops at a mismatch");

  volatile int counter = 5;
  int old = __atomic_fetch_add(&counter, 3, __ATOMIC_SEQ_CST);
  int expected = 8;
  _Bool swapped = __atomic_compare_exchange_n(&counter, &expected, 100, 0, __ATOMIC_SEQ_CST,
                                              __ATOMIC_SEQ_CST);
  int previous = __atomic_exchange_n(&counter, 7, __ATOMIC_SEQ_CST);
  printf("atomics: old=%d swapped=%d previous=%d now=%d\n", old, swapped, previous,
         __atomic_load_n(&counter, __ATOMIC_SEQ_CST));
  expected = 1;
  CHECK(!__atomic_compare_exchange_n(&counter, &expected, 2, 0, __ATOMIC_SEQ_CST,
                                     __ATOMIC_SEQ_CST) &&
            expected == 7,
        "a failed compare-exchange reports the current value");

  char name[] = "tmpXXXXXX";
  int fd = mkstemp(name);
  CHECK(fd >= 0 && strncmp(name, "tmp", 3) == 0 && strcmp(name + 3, "XXXXXX") != 0,
        "mkstemp creates a unique file");
  struct stat st;
  CHECK(fstat(fd, &st) == 0 && (st.st_mode & 0777) == 0600, "mkstemp uses mode 0600");
  close(fd);
  unlink(name);

  CHECK(mkfifo("fifo", 0644) == 0 && stat("fifo", &st) == 0 && S_ISFIFO(st.st_mode), "mkfifo");
  unlink("fifo");

  mkdir("d", 0755);
  int dir = open("d", O_RDONLY | O_DIRECTORY);
  fd = openat(dir, "inside", O_WRONLY | O_CREAT, 0644);
  CHECK(fd >= 0 && stat("d/inside", &st) == 0, "openat creates relative to a directory");
  close(fd);
  close(dir);

  char cwd[PATH_MAX], resolved[PATH_MAX];
  getcwd(cwd, sizeof cwd);
  symlink("d", "link");
  CHECK(realpath("./link/../d//inside", resolved) != 0, "realpath resolves");
  printf("realpath: %s\n", strncmp(resolved, cwd, strlen(cwd)) == 0 ? resolved + strlen(cwd) : resolved);
  EXPECT_ERRNO(realpath("d/missing", resolved) != 0, "ENOENT");
  unlink("link");
  unlink("d/inside");
  rmdir("d");

  const char *paths[] = {"/usr/lib/", "a/b/c", "file", "/", "//x//", ""};
  for (unsigned i = 0; i < sizeof paths / sizeof paths[0]; i++) {
    char p1[32], p2[32];
    strcpy(p1, paths[i]);
    strcpy(p2, paths[i]);
    printf("\"%s\": basename \"%s\" dirname \"%s\"\n", paths[i], basename(p1), dirname(p2));
  }
  const char *cases[][2] = {{"*.c", "main.c"}, {"*.c", "main.h"},   {"m?in.[ch]", "main.h"},
                            {"[!a-l]*", "main"},  {"[!a-m]*", "main"}, {"*", ".hidden"},
                            {"a\\*b", "a*b"},    {"*/x", "dir/x"},   {"[]]", "]"}};
  printf("fnmatch:");
  for (unsigned i = 0; i < sizeof cases / sizeof cases[0]; i++)
    printf(" %d", fnmatch(cases[i][0], cases[i][1], FNM_PERIOD) == 0);
  printf(" | pathname: %d\n", fnmatch("*", "dir/x", FNM_PATHNAME) == 0);
  int64_t big = -1234567890123LL;
  uint32_t small = 4000000000u;
  printf("inttypes: %" PRId64 " %" PRIu32 " %" PRIx64 " %jd\n", big, small, (uint64_t)big,
         strtoimax("-77", 0, 10));
  struct tms tms;
  CHECK(times(&tms) != (clock_t)-1 && tms.tms_utime >= 0, "times");

  fflush(stdout);
  int status = system("exit 3");
  CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 3, "system() returns the command's status");
  return finish();
}
