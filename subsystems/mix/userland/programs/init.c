/*
 * init: the first process. It runs the start-up script (/etc/rc) with the shell if the script
 * exists, then a shell on the console, reaps every child that ends (orphans are given to process
 * 1 by the kernel) and starts a new console shell whenever the previous one exits.
 * `init [-r RCFILE] [-s SHELL]` overrides the script and the shell (for tests and site files).
 * When it is not process 1 (under qemu-user, say) it runs the script and one shell, then exits
 * with the shell's status: there is nobody to restart shells for.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

static const char *rc_file = "/etc/rc";
static const char *shell = "/bin/sh";

static int is_first;

/* Starts the shell, with `script` as its argument when one is given. As process 1, the child
 * opens a session of its own and takes the console as its controlling terminal again, so that
 * the terminal's signals (^C) reach the shell's commands and never init. */
static pid_t spawn(const char *script) {
  pid_t pid = fork();
  if (pid < 0) {
    fprintf(stderr, "init: fork: %s\n", strerror(errno));
    return -1;
  }
  if (pid == 0) {
    signal(SIGINT, SIG_DFL);
    signal(SIGQUIT, SIG_DFL);
    signal(SIGTERM, SIG_DFL);
    if (is_first && setsid() >= 0) {
      int fd = open("/dev/console", O_RDWR);
      if (fd >= 0) {
        dup2(fd, 0);
        dup2(fd, 1);
        dup2(fd, 2);
        if (fd > 2) close(fd);
      }
    }
    char *argv[3] = {(char *)"sh", (char *)script, NULL};
    execve(shell, argv, environ);
    fprintf(stderr, "init: %s: %s\n", shell, strerror(errno));
    _exit(127);
  }
  return pid;
}

/* Waits until `pid` ends, reaping any other child on the way; returns its wait status. */
static int wait_for(pid_t pid) {
  for (;;) {
    int status;
    pid_t done = wait(&status);
    if (done == pid) return status;
    if (done < 0 && errno != EINTR) return -1;
  }
}

static int exit_code(int status) {
  if (status < 0) return 1;
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  return 128 + WTERMSIG(status);
}

int main(int argc, char **argv) {
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "-r") == 0 && i + 1 < argc) rc_file = argv[++i];
    else if (strcmp(argv[i], "-s") == 0 && i + 1 < argc) shell = argv[++i];
    else {
      fprintf(stderr, "usage: init [-r rcfile] [-s shell]\n");
      return 2;
    }
  }
  is_first = getpid() == 1;
  if (is_first) {
    /* Process 1 may start with nothing open: give it the console on 0, 1 and 2. */
    if (fcntl(0, F_GETFD) < 0) {
      int fd = open("/dev/console", O_RDWR);
      if (fd >= 0) {
        if (fd != 0) dup2(fd, 0);
        dup2(0, 1);
        dup2(0, 2);
        if (fd > 2) close(fd);
      }
    }
    if (getenv("PATH") == NULL) setenv("PATH", "/bin", 1);
    if (getenv("HOME") == NULL) setenv("HOME", "/", 1);
    signal(SIGINT, SIG_IGN);
    signal(SIGQUIT, SIG_IGN);
    signal(SIGTERM, SIG_IGN);
  }
  if (access(rc_file, R_OK) == 0) {
    pid_t rc = spawn(rc_file);
    if (rc > 0) {
      int status = exit_code(wait_for(rc));
      if (status != 0) fprintf(stderr, "init: %s exited with status %d\n", rc_file, status);
    }
  }
  int failures = 0;
  for (;;) {
    pid_t sh = spawn(NULL);
    if (sh < 0) {
      if (!is_first) return 1;
      sleep(1);
      continue;
    }
    int status = exit_code(wait_for(sh));
    if (!is_first) return status;
    /* A shell that cannot even start would otherwise be restarted in a tight loop. */
    failures = status == 127 ? failures + 1 : 0;
    if (failures > 0) sleep(failures < 10 ? (unsigned)failures : 10u);
    fprintf(stderr, "init: shell exited with status %d; starting another\n", status);
  }
}
