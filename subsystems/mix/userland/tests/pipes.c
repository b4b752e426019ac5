/* Pipes: data through a pipe between processes, EOF when every writer closes, dup2 onto
 * stdout (the plumbing a shell does), and EPIPE/SIGPIPE when no reader is left. */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"

int main(void) {
  int fds[2];
  char buf[256];
  CHECK(pipe(fds) == 0, "pipe");
  CHECK(write(fds[1], "ping", 4) == 4 && read(fds[0], buf, 4) == 4 && memcmp(buf, "ping", 4) == 0,
        "a pipe returns what was written");
  fflush(stdout);
  pid_t child = fork();
  if (child == 0) {
    close(fds[0]);
    for (int i = 0; i < 100; i++) {
      char line[32];
      int n = snprintf(line, sizeof line, "message %d\n", i);
      write(fds[1], line, (size_t)n);
    }
    _exit(0);
  }
  close(fds[1]);
  int total = 0, lines = 0;
  for (;;) {
    ssize_t n = read(fds[0], buf, sizeof buf);
    if (n <= 0) break;
    total += (int)n;
    for (ssize_t i = 0; i < n; i++) lines += buf[i] == '\n';
  }
  close(fds[0]);
  waitpid(child, 0, 0);
  printf("read %d bytes, %d lines, then EOF\n", total, lines);

  /* A child whose stdout is the pipe, as `cmd | ...` sets it up. */
  pipe(fds);
  fflush(stdout);
  child = fork();
  if (child == 0) {
    dup2(fds[1], 1);
    close(fds[0]);
    close(fds[1]);
    printf("through stdout\n");
    fflush(stdout);
    _exit(0);
  }
  close(fds[1]);
  ssize_t n = read(fds[0], buf, sizeof buf - 1);
  buf[n > 0 ? n : 0] = 0;
  printf("parent got: %s", buf);
  close(fds[0]);
  waitpid(child, 0, 0);

  /* Writing with no reader: SIGPIPE kills by default; ignored, write fails with EPIPE. */
  pipe(fds);
  close(fds[0]);
  fflush(stdout);
  child = fork();
  if (child == 0) {
    write(fds[1], "x", 1);
    _exit(0);
  }
  int status;
  waitpid(child, &status, 0);
  CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGPIPE, "SIGPIPE kills a writer by default");
  signal(SIGPIPE, SIG_IGN);
  EXPECT_ERRNO(write(fds[1], "x", 1), "EPIPE");
  close(fds[1]);
  EXPECT_ERRNO(lseek(fds[1], 0, SEEK_SET), "EBADF");
  pipe(fds);
  EXPECT_ERRNO(lseek(fds[0], 0, SEEK_SET), "ESPIPE");
  return finish();
}
