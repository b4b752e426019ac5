/* Processes: fork, exit status through wait/waitpid, execve of this same program with an
 * argument (the child prints and exits), process identities, WNOHANG and ECHILD, and exit()
 * handing unread stdio input back to a descriptor shared with the parent. */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"

extern char **environ;

int main(int argc, char **argv) {
  if (argc >= 2 && strcmp(argv[1], "child") == 0) {
    printf("exec'd child: argc=%d argv[2]=%s env MARK=%s\n", argc, argv[2], getenv("MARK"));
    return 7;
  }
  pid_t me = getpid();
  CHECK(me > 0 && getppid() > 0 && me != getppid(), "getpid/getppid");
  fflush(stdout);
  pid_t child = fork();
  if (child == 0) {
    CHECK(getppid() == me, "child sees its parent's pid");
    fflush(stdout);
    _exit(42);
  }
  CHECK(child > 0, "fork returns the child's pid in the parent");
  int status = 0;
  pid_t got = waitpid(child, &status, 0);
  CHECK(got == child, "waitpid returns the child");
  printf("exited=%d status=%d\n", WIFEXITED(status), WEXITSTATUS(status));

  /* Several children, reaped in any order. */
  int sum = 0;
  for (int i = 1; i <= 4; i++) {
    if (fork() == 0) _exit(i * 10);
  }
  for (int i = 0; i < 4; i++) {
    wait(&status);
    sum += WEXITSTATUS(status);
  }
  printf("sum of four exit codes: %d\n", sum);
  EXPECT_ERRNO(wait(&status), "ECHILD");

  /* WNOHANG on a running child, then kill it. */
  child = fork();
  if (child == 0) {
    for (;;) pause();
  }
  CHECK(waitpid(child, &status, WNOHANG) == 0, "WNOHANG returns 0 while the child runs");
  kill(child, SIGTERM);
  waitpid(child, &status, 0);
  CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM, "child killed by SIGTERM");

  /* exec: the child replaces itself with this program in "child" mode. */
  fflush(stdout);
  child = fork();
  if (child == 0) {
    char *args[] = {argv[0], "child", "second", 0};
    char *env[] = {"MARK=present", 0};
    execve(argv[0], args, env);
    printf("execve failed: %s\n", errno_name(errno));
    fflush(stdout);
    _exit(99);
  }
  waitpid(child, &status, 0);
  printf("exec child exit status %d\n", WEXITSTATUS(status));
  char *none[] = {"x", 0};
  EXPECT_ERRNO(execve("/nonexistent/program", none, environ), "ENOENT");
  EXPECT_ERRNO(kill(child, 0), "ESRCH");
  CHECK(kill(me, 0) == 0, "kill with signal 0 probes a live process");
  /* exit() gives unread stdio input back to a shared descriptor, so a parent (or the next
   * command of a shell script) continues where the child's stream stopped. */
  FILE *f = fopen("lines.txt", "w");
  fputs("one\ntwo\nthree\n", f);
  fclose(f);
  int fd = open("lines.txt", O_RDONLY);
  fflush(stdout);
  if (fork() == 0) {
    char line[16];
    fgets(line, sizeof line, fdopen(fd, "r"));
    exit(0);
  }
  wait(&status);
  char rest[16] = "";
  ssize_t nread = read(fd, rest, 4);
  rest[nread > 0 ? nread : 0] = 0;
  printf("after a child read one line and exited, the parent reads: %s", rest);
  close(fd);
  unlink("lines.txt");
  pid_t group = getpgrp();
  CHECK(group > 0 && getpgid(0) == group, "getpgrp/getpgid");
  return finish();
}
