/* Signals: handlers installed with sigaction run and return (through each family's
 * return path), masks hold signals pending until unblocked, SA_RESETHAND, SIGCHLD,
 * alarm + pause, kill between processes, and the old action reported back. */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"

static volatile sig_atomic_t hits[64];
static volatile int last_signal;

static void handler(int sig) {
  hits[sig]++;
  last_signal = sig;
}

static volatile int info_signo, info_code, info_pid_matches;

static void info_handler(int sig, siginfo_t *info, void *context) {
  (void)context;
  info_signo = info->si_signo == sig;
  info_code = info->si_code;
  info_pid_matches = info->si_pid == getpid();
}

static int install(int sig, void (*fn)(int), int flags) {
  struct sigaction act;
  memset(&act, 0, sizeof act);
  act.sa_handler = fn;
  act.sa_flags = flags;
  sigemptyset(&act.sa_mask);
  return sigaction(sig, &act, 0);
}

int main(void) {
  CHECK(install(SIGUSR1, handler, 0) == 0, "sigaction installs a handler");
  CHECK(raise(SIGUSR1) == 0 && hits[SIGUSR1] == 1 && last_signal == SIGUSR1,
        "raise runs the handler and returns");
  kill(getpid(), SIGUSR1);
  CHECK(hits[SIGUSR1] == 2, "kill to self runs the handler");

  struct sigaction old;
  sigaction(SIGUSR1, 0, &old);
  CHECK(old.sa_handler == handler, "sigaction reports the installed handler");

  sigset_t block, pending, saved;
  sigemptyset(&block);
  sigaddset(&block, SIGUSR2);
  install(SIGUSR2, handler, 0);
  CHECK(sigprocmask(SIG_BLOCK, &block, &saved) == 0, "sigprocmask SIG_BLOCK");
  raise(SIGUSR2);
  CHECK(hits[SIGUSR2] == 0, "a blocked signal is not delivered");
  sigpending(&pending);
  CHECK(sigismember(&pending, SIGUSR2) == 1, "the blocked signal is pending");
  sigprocmask(SIG_SETMASK, &saved, 0);
  CHECK(hits[SIGUSR2] == 1, "unblocking delivers it");

  install(SIGUSR1, handler, SA_RESETHAND);
  raise(SIGUSR1);
  sigaction(SIGUSR1, 0, &old);
  CHECK(hits[SIGUSR1] == 3 && old.sa_handler == SIG_DFL, "SA_RESETHAND restores the default");

  install(SIGCHLD, handler, 0);
  fflush(stdout);
  pid_t child = fork();
  if (child == 0) _exit(0);
  int status;
  while (waitpid(child, &status, 0) < 0) {
  }
  CHECK(hits[SIGCHLD] == 1, "SIGCHLD arrives when a child exits");

  install(SIGALRM, handler, 0);
  alarm(1);
  pause();
  CHECK(hits[SIGALRM] == 1, "alarm interrupts pause");

  /* A child waits for SIGUSR2 from the parent. */
  sigprocmask(SIG_BLOCK, &block, &saved);
  fflush(stdout);
  child = fork();
  if (child == 0) {
    sigset_t wait_mask;
    sigemptyset(&wait_mask);
    hits[SIGUSR2] = 0;
    while (!hits[SIGUSR2]) sigsuspend(&wait_mask);
    _exit(hits[SIGUSR2]);
  }
  sigprocmask(SIG_SETMASK, &saved, 0);
  kill(child, SIGUSR2);
  waitpid(child, &status, 0);
  CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 1, "sigsuspend wakes for the signal");

  struct sigaction act;
  memset(&act, 0, sizeof act);
  act.sa_sigaction = info_handler;
  act.sa_flags = SA_SIGINFO;
  sigaction(SIGUSR2, &act, 0);
  kill(getpid(), SIGUSR2);
  CHECK(info_signo && info_code == SI_USER && info_pid_matches,
        "an SA_SIGINFO handler gets si_signo, si_code SI_USER and the sender's pid");
  sigaction(SIGUSR2, 0, &old);
  CHECK((old.sa_flags & SA_SIGINFO) && old.sa_sigaction == info_handler,
        "sigaction reports SA_SIGINFO back when the caller asked for it");

  signal(SIGTERM, SIG_IGN);
  raise(SIGTERM);
  printf("still running after an ignored SIGTERM\n");
  EXPECT_ERRNO(sigaction(SIGKILL, &old, 0), "EINVAL");
  EXPECT_ERRNO(kill(getpid(), 1000), "EINVAL");
  return finish();
}
