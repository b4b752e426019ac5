/* Signals from the other exceptions and interrupted system calls under the MiX PM: a child dies
 * of SIGILL (reserved instruction), SIGTRAP (break), SIGBUS (misaligned load) and SIGFPE
 * (signed add overflow), each reported by wait4; the parent catches SIGFPE and SIGBUS in a
 * handler and leaves by siglongjmp; an alarm interrupts nanosleep with EINTR after its handler
 * ran; a child blocked in pause is killed by SIGKILL. */
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "check.h"

static sigjmp_buf recover;
static volatile int caught, caught_code;
static volatile uintptr_t caught_address;

static void on_signal(int sig, siginfo_t *info, void *context) {
  (void)context;
  caught = sig;
  caught_code = info->si_code;
  caught_address = (uintptr_t)info->si_addr;
  siglongjmp(recover, 1);
}

static void on_alarm(int sig) { caught = sig; }

static void reserved(void) { __asm__ volatile(".word 0x7c00003f"); /* an unused SPECIAL3 */ }
static void breakpoint(void) { __asm__ volatile("break 7"); }
static int overflow(int a, int b) {
  int r;
  __asm__ volatile("add %0, %1, %2" : "=r"(r) : "r"(a), "r"(b));
  return r;
}
static int misaligned(volatile char *p) { return *(volatile int *)(p + 1); }

static int dies_of(void (*fn)(void)) {
  fflush(stdout);
  pid_t child = fork();
  if (child == 0) {
    fn();
    _exit(0);
  }
  int status = 0;
  waitpid(child, &status, 0);
  return WIFSIGNALED(status) ? WTERMSIG(status) : -1;
}

static void do_overflow(void) { overflow(0x7fffffff, 1); }
static void do_misaligned(void) {
  static char buffer[16];
  misaligned(buffer);
}

int main(void) {
  CHECK(dies_of(reserved) == SIGILL, "a reserved instruction kills with SIGILL");
  CHECK(dies_of(breakpoint) == SIGTRAP, "break kills with SIGTRAP");
  CHECK(dies_of(do_misaligned) == SIGBUS, "a misaligned load kills with SIGBUS");
  CHECK(dies_of(do_overflow) == SIGFPE, "a signed add overflow kills with SIGFPE");

  struct sigaction act;
  memset(&act, 0, sizeof act);
  act.sa_sigaction = on_signal;
  act.sa_flags = SA_SIGINFO;
  sigaction(SIGFPE, &act, 0);
  sigaction(SIGBUS, &act, 0);
  if (sigsetjmp(recover, 1) == 0) overflow(0x7fffffff, 1);
  CHECK(caught == SIGFPE && caught_code == 2, "a SIGFPE handler gets si_code FPE_INTOVF (2)");
  static char buffer[16];
  if (sigsetjmp(recover, 1) == 0) misaligned(buffer);
  CHECK(caught == SIGBUS && caught_address == (uintptr_t)buffer + 1,
        "a SIGBUS handler gets the misaligned address");

  memset(&act, 0, sizeof act);
  act.sa_handler = on_alarm;
  sigaction(SIGALRM, &act, 0);
  caught = 0;
  alarm(1);
  struct timespec ten = {10, 0};
  int r = nanosleep(&ten, 0);
  CHECK(r == -1 && errno == EINTR && caught == SIGALRM, "an alarm interrupts nanosleep: EINTR");

  fflush(stdout);
  pid_t child = fork();
  if (child == 0) {
    for (;;) pause();
  }
  kill(child, SIGKILL);
  int status = 0;
  waitpid(child, &status, 0);
  CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL, "SIGKILL ends a child blocked in pause");
  return finish();
}
