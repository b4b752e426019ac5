/* Signal masks (sigprocmask on rt_sigprocmask), signal sets, kill, raise, abort. */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "syscall.h"

#define BITS_PER_WORD (8 * sizeof(unsigned long))

int sigemptyset(sigset_t *set) {
  memset(set, 0, sizeof *set);
  return 0;
}

int sigfillset(sigset_t *set) {
  memset(set, 0xff, sizeof *set);
  return 0;
}

static int valid(int sig) {
  if (sig < 1 || sig >= 8 * __SIGSET_KERNEL_BYTES + 1) {
    errno = EINVAL;
    return 0;
  }
  return 1;
}

int sigaddset(sigset_t *set, int sig) {
  if (!valid(sig)) return -1;
  set->__bits[(sig - 1) / BITS_PER_WORD] |= 1UL << ((sig - 1) % BITS_PER_WORD);
  return 0;
}

int sigdelset(sigset_t *set, int sig) {
  if (!valid(sig)) return -1;
  set->__bits[(sig - 1) / BITS_PER_WORD] &= ~(1UL << ((sig - 1) % BITS_PER_WORD));
  return 0;
}

int sigismember(const sigset_t *set, int sig) {
  if (!valid(sig)) return -1;
  return (set->__bits[(sig - 1) / BITS_PER_WORD] >> ((sig - 1) % BITS_PER_WORD)) & 1;
}

int sigprocmask(int how, const sigset_t *set, sigset_t *old) {
  if (old) memset(old, 0, sizeof *old);
  return (int)__sys_ret(__sys4(SYS_rt_sigprocmask, how, set, old, __SIGSET_KERNEL_BYTES));
}

int sigpending(sigset_t *set) {
  memset(set, 0, sizeof *set);
  return (int)__sys_ret(__sys2(SYS_rt_sigpending, set, __SIGSET_KERNEL_BYTES));
}

int sigsuspend(const sigset_t *mask) {
  return (int)__sys_ret(__sys2(SYS_rt_sigsuspend, mask, __SIGSET_KERNEL_BYTES));
}

int kill(pid_t pid, int sig) { return (int)__sys_ret(__sys2(SYS_kill, pid, sig)); }
int killpg(pid_t pgrp, int sig) { return kill(-pgrp, sig); }
int raise(int sig) { return kill(getpid(), sig); }

_Noreturn void abort(void) {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGABRT);
  sigprocmask(SIG_UNBLOCK, &set, 0);
  raise(SIGABRT);
  signal(SIGABRT, SIG_DFL);
  raise(SIGABRT);
  _exit(127);
}
