/* sigaction on rt_sigaction. The kernel's record differs per family: MIPS puts sa_flags
 * first and has a 128-bit mask; the others are {handler, flags, restorer, mask}.
 * The library always asks for SA_SIGINFO, so every family delivers one frame format (the
 * "rt" frame, returned from with rt_sigreturn); the caller's own SA_SIGINFO choice is kept
 * here and reported back by a later sigaction. i386 and ARM get SA_RESTORER with the
 * trampoline __restore_rt from arch/<family>/sigreturn.S; SPARC passes the trampoline
 * (minus 8: the kernel returns to %i7 + 8) as an extra argument; MIPS and PowerPC need
 * none (the kernel provides the return path). */
#include <errno.h>
#include <signal.h>
#include <string.h>

#include "syscall.h"

#if defined(__mips__)
struct kernel_sigaction {
  unsigned int flags;
  void (*handler)(int);
  unsigned long mask[4];
};
#else
struct kernel_sigaction {
  void (*handler)(int);
  unsigned long flags;
  void (*restorer)(void);
  unsigned long mask[2];
};
#endif

#if defined(__i386__) || defined(__arm__) || defined(__sparc__)
void __restore_rt(void);
#endif

static unsigned char wants_siginfo[8 * __SIGSET_KERNEL_BYTES + 1];

int sigaction(int sig, const struct sigaction *act, struct sigaction *old) {
  struct kernel_sigaction kact, kold;
  int slot = sig > 0 && sig <= 8 * __SIGSET_KERNEL_BYTES ? sig : 0;
  int previous_siginfo = wants_siginfo[slot];
  memset(&kold, 0, sizeof kold);
  if (act) {
    memset(&kact, 0, sizeof kact);
    kact.handler = act->sa_handler;
    kact.flags = (unsigned int)act->sa_flags | SA_SIGINFO;
    memcpy(kact.mask, act->sa_mask.__bits, sizeof kact.mask);
#if defined(__i386__) || defined(__arm__)
    kact.flags |= SA_RESTORER;
    kact.restorer = __restore_rt;
#endif
  }
#if defined(__sparc__)
  long r = __sys5(SYS_rt_sigaction, sig, act ? &kact : 0, old ? &kold : 0,
                  (long)__restore_rt - 8, __SIGSET_KERNEL_BYTES);
#else
  long r = __sys4(SYS_rt_sigaction, sig, act ? &kact : 0, old ? &kold : 0, __SIGSET_KERNEL_BYTES);
#endif
  if (r < 0) return (int)__sys_ret(r);
  if (act) wants_siginfo[slot] = (act->sa_flags & SA_SIGINFO) != 0;
  if (old) {
    memset(old, 0, sizeof *old);
    old->sa_handler = kold.handler;
    old->sa_flags = (int)(kold.flags & ~(unsigned long)(SA_RESTORER | SA_SIGINFO));
    if (previous_siginfo) old->sa_flags |= SA_SIGINFO;
    memcpy(old->sa_mask.__bits, kold.mask, sizeof kold.mask);
  }
  return 0;
}

sighandler_t signal(int sig, sighandler_t handler) {
  struct sigaction act, old;
  memset(&act, 0, sizeof act);
  act.sa_handler = handler;
  act.sa_flags = SA_RESTART;
  if (sigaction(sig, &act, &old) < 0) return SIG_ERR;
  return old.sa_handler;
}
