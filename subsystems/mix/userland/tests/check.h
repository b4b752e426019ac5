/* Helpers shared by the guest tests: CHECK prints "ok - what" or "FAIL - what (file:line)"
 * and counts failures; finish() prints the tally and gives the exit status. Output must be
 * identical on every family, so tests print names (errno_name) rather than numbers that
 * differ between ABIs. */
#ifndef TESTS_CHECK_H
#define TESTS_CHECK_H

#include <errno.h>
#include <stdio.h>
#include <string.h>

static int check_failures;

#define CHECK(cond, what)                                               \
  do {                                                                  \
    if (cond) {                                                         \
      printf("ok - %s\n", what);                                        \
    } else {                                                            \
      check_failures++;                                                 \
      printf("FAIL - %s (%s:%d)\n", what, __FILE__, __LINE__);          \
    }                                                                   \
  } while (0)

static inline const char *errno_name(int e) {
  static const struct {
    int code;
    const char *name;
  } names[] = {
      {0, "0"},           {EPERM, "EPERM"},     {ENOENT, "ENOENT"},     {ESRCH, "ESRCH"},
      {EINTR, "EINTR"},   {EBADF, "EBADF"},     {ECHILD, "ECHILD"},     {EAGAIN, "EAGAIN"},
      {ENOMEM, "ENOMEM"}, {EACCES, "EACCES"},   {EFAULT, "EFAULT"},     {EEXIST, "EEXIST"},
      {EXDEV, "EXDEV"},   {ENOTDIR, "ENOTDIR"}, {EISDIR, "EISDIR"},     {EINVAL, "EINVAL"},
      {EMFILE, "EMFILE"}, {ENOTTY, "ENOTTY"},   {ESPIPE, "ESPIPE"},     {EPIPE, "EPIPE"},
      {ERANGE, "ERANGE"}, {ENOSYS, "ENOSYS"},   {ENOTEMPTY, "ENOTEMPTY"}, {ELOOP, "ELOOP"},
      {ENAMETOOLONG, "ENAMETOOLONG"},
  };
  for (unsigned i = 0; i < sizeof names / sizeof names[0]; i++)
    if (names[i].code == e) return names[i].name;
  return "E?";
}

/* Prints "what -> errno NAME" for a call expected to fail. */
#define EXPECT_ERRNO(call, name)                                                     \
  do {                                                                               \
    errno = 0;                                                                       \
    long r_ = (long)(call);                                                          \
    printf("%s -> %ld %s\n", #call, r_, errno_name(errno));                          \
    if (strcmp(errno_name(errno), name) != 0) check_failures++;                      \
  } while (0)

static inline int finish(void) {
  printf("%s: %d failure%s\n", check_failures ? "FAILED" : "PASSED", check_failures,
         check_failures == 1 ? "" : "s");
  fflush(stdout);
  return check_failures != 0;
}

#endif
