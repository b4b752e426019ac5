/* <signal.h>: sigaction (with a per-family return trampoline), masks, kill, raise.
 * sigset_t holds 128 signals so that one layout fits MIPS too. */
#ifndef _SIGNAL_H
#define _SIGNAL_H

#include <bits/signal.h>
#include <bits/types.h>

#define NSIG 65

typedef void (*sighandler_t)(int);
typedef int sig_atomic_t;
typedef struct {
  unsigned long __bits[4];
} sigset_t;

/* The kernel's siginfo record (128 bytes): MIPS swaps si_code and si_errno. */
typedef struct {
  int si_signo;
#if defined(__mips__)
  int si_code;
  int si_errno;
#else
  int si_errno;
  int si_code;
#endif
  union {
    struct {
      pid_t pid;
      uid_t uid;
    } kill;
    struct {
      pid_t pid;
      uid_t uid;
      int status;
    } child;
    void *addr;
    int __pad[29];
  } __fields;
} siginfo_t;
#define si_pid __fields.kill.pid
#define si_uid __fields.kill.uid
#define si_status __fields.child.status
#define si_addr __fields.addr

#define SI_USER 0
#define SI_TKILL (-6)
#define CLD_EXITED 1
#define CLD_KILLED 2

#define SIG_DFL ((sighandler_t)0)
#define SIG_IGN ((sighandler_t)1)
#define SIG_ERR ((sighandler_t)-1)

struct sigaction {
  union {
    void (*sa_handler)(int);
    void (*sa_sigaction)(int, siginfo_t *, void *);
  } __sa_u;
  sigset_t sa_mask;
  int sa_flags;
  void (*sa_restorer)(void);
};
#define sa_handler __sa_u.sa_handler
#define sa_sigaction __sa_u.sa_sigaction

int sigaction(int sig, const struct sigaction *act, struct sigaction *old);
sighandler_t signal(int sig, sighandler_t handler);
int sigprocmask(int how, const sigset_t *set, sigset_t *old);
int sigpending(sigset_t *set);
int sigsuspend(const sigset_t *mask);
int sigemptyset(sigset_t *set);
int sigfillset(sigset_t *set);
int sigaddset(sigset_t *set, int sig);
int sigdelset(sigset_t *set, int sig);
int sigismember(const sigset_t *set, int sig);
int kill(pid_t pid, int sig);
int killpg(pid_t pgrp, int sig);
int raise(int sig);

#endif
