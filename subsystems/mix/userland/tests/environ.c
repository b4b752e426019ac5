/* The environment and argument parsing: getenv/setenv/unsetenv/putenv, getopt with
 * clustered flags and arguments, atexit order, uname, the termios query on a non-terminal,
 * and chorus.h wrappers reporting K_ENOSYS. Touches no file outside the scratch directory. */
#include <chorus.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <termios.h>
#include <unistd.h>

#include "check.h"

static void first(void) { printf("atexit: registered first, runs last\n"); }
static void second(void) { printf("atexit: registered second, runs first\n"); }

int main(void) {
  CHECK(getenv("NO_SUCH_VARIABLE") == 0, "getenv of an unset name");
  CHECK(setenv("ALPHA", "one", 1) == 0 && strcmp(getenv("ALPHA"), "one") == 0, "setenv");
  CHECK(setenv("ALPHA", "two", 0) == 0 && strcmp(getenv("ALPHA"), "one") == 0,
        "setenv without overwrite keeps the value");
  CHECK(setenv("ALPHA", "three", 1) == 0 && strcmp(getenv("ALPHA"), "three") == 0,
        "setenv with overwrite replaces it");
  char entry[] = "BETA=b";
  CHECK(putenv(entry) == 0 && strcmp(getenv("BETA"), "b") == 0, "putenv");
  CHECK(unsetenv("ALPHA") == 0 && getenv("ALPHA") == 0, "unsetenv");
  EXPECT_ERRNO(setenv("BAD=NAME", "x", 1), "EINVAL");

  char *args[] = {"prog", "-ab", "-o", "out", "-vcvalue", "--", "-notanoption", "file", 0};
  int argc = 8;
  int c;
  printf("getopt:");
  while ((c = getopt(argc, args, "abo:vc:")) != -1) {
    if (optarg)
      printf(" %c=%s", c, optarg);
    else
      printf(" %c", c);
  }
  printf(" | rest:");
  for (int i = optind; i < argc; i++) printf(" %s", args[i]);
  printf("\n");

  struct utsname u;
  CHECK(uname(&u) == 0 && strcmp(u.sysname, "Linux") == 0, "uname reports Linux");
  int fds[2];
  pipe(fds);
  EXPECT_ERRNO(isatty(fds[0]), "ENOTTY");
  struct termios t;
  EXPECT_ERRNO(tcgetattr(fds[1], &t), "ENOTTY");

  KnCap actor;
  CHECK(actorSelf(&actor) == K_ENOSYS, "chorus wrappers report K_ENOSYS where no nucleus serves the trap");
  unsigned long ticks;
  CHECK(sysTime(&ticks) == K_ENOSYS, "sysTime reports K_ENOSYS");
  atexit(first);
  atexit(second);
  return finish();
}
