/*
 * Processes the shell starts: forking (children forget the parent's jobs and, at a terminal,
 * take back the default SIGINT/SIGQUIT), waiting for a child while noting background jobs that
 * end meanwhile, the table of background jobs behind `wait` and `$!`, and turning a wait
 * status into a shell status (128+N for a signal).
 */
#include "sh.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

long last_bg_pid;

struct job {
  long pid;
  int status;
  int done;
};
static struct job jobs[64];
static int njobs;

static int status_of(int wstatus) {
  if (WIFEXITED(wstatus)) return WEXITSTATUS(wstatus);
  if (WIFSIGNALED(wstatus)) {
    int sig = WTERMSIG(wstatus);
    /* At a terminal, end the line the interrupted program left, or say what killed it. */
    if (interactive && sig == SIGINT) fputc('\n', stderr);
    else if (interactive && sig != SIGPIPE) fprintf(stderr, "sh: killed by signal %d\n", sig);
    return 128 + sig;
  }
  return 1;
}

static void remember_job_status(long pid, int wstatus) {
  for (int i = 0; i < njobs; i++) {
    if (jobs[i].pid == pid && !jobs[i].done) {
      jobs[i].done = 1;
      jobs[i].status = status_of(wstatus);
    }
  }
}

/* Waits for one child, noting the status of background jobs reaped on the way. */
int wait_child(long pid) {
  for (;;) {
    int wstatus;
    long got = waitpid((int)pid, &wstatus, 0);
    if (got < 0) {
      if (errno == EINTR) continue;
      return 127;
    }
    if (got == pid) return status_of(wstatus);
    remember_job_status(got, wstatus);
  }
}

/* Collects finished background jobs without blocking (before each interactive prompt). */
void reap_jobs(void) {
  int wstatus;
  long pid;
  while ((pid = waitpid(-1, &wstatus, WNOHANG)) > 0) {
    remember_job_status(pid, wstatus);
    if (interactive) fprintf(stderr, "[%ld] Done\n", pid);
  }
  /* Forget jobs that are done and were already reported or waited for. */
  int k = 0;
  for (int i = 0; i < njobs; i++)
    if (!jobs[i].done || !interactive) jobs[k++] = jobs[i];
  njobs = k;
}

int wait_builtin(int argc, char **argv) {
  int status = 0;
  if (argc <= 1) {
    for (int i = 0; i < njobs; i++) {
      if (!jobs[i].done) {
        jobs[i].status = wait_child(jobs[i].pid);
        jobs[i].done = 1;
      }
      status = jobs[i].status;
    }
    njobs = 0;
    return 0;
  }
  for (int a = 1; a < argc; a++) {
    long pid = strtol(argv[a], NULL, 10);
    int found = 0;
    for (int i = 0; i < njobs; i++) {
      if (jobs[i].pid != pid) continue;
      found = 1;
      if (!jobs[i].done) {
        jobs[i].status = wait_child(pid);
        jobs[i].done = 1;
      }
      status = jobs[i].status;
      jobs[i] = jobs[--njobs];
      break;
    }
    if (!found) status = 127;
  }
  return status;
}

pid_t sh_fork(void) {
  fflush(stdout);
  fflush(stderr);
  pid_t pid = fork();
  if (pid < 0) sh_error("fork: %s", strerror(errno));
  if (pid == 0) {
    njobs = 0;
    traps_reset_in_child();
    if (interactive) {
      signal(SIGINT, SIG_DFL);
      signal(SIGQUIT, SIG_DFL);
      interactive = 0;
    }
  }
  return pid;
}

void job_add(long pid) {
  if (njobs < 64) jobs[njobs++] = (struct job){pid, 0, 0};
  last_bg_pid = pid;
}
