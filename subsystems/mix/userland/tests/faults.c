/* Synchronous signals from faults: a store through a bad pointer kills a child with
 * SIGSEGV, and a SIGSEGV handler sees the faulting address and can leave with siglongjmp,
 * so the program carries on (the recovery pattern MiX must support: exception -> signal
 * frame -> handler -> non-local exit). */
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"

static sigjmp_buf recover;
static volatile uintptr_t fault_address;
static volatile int fault_signal;

static void on_fault(int sig, siginfo_t *info, void *context) {
  (void)context;
  fault_signal = sig;
  fault_address = (uintptr_t)info->si_addr;
  siglongjmp(recover, 1);
}

int main(void) {
  fflush(stdout);
  pid_t child = fork();
  if (child == 0) {
    *(volatile int *)(uintptr_t)16 = 1;
    _exit(0);
  }
  int status;
  waitpid(child, &status, 0);
  CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGSEGV, "a bad store kills with SIGSEGV");

  struct sigaction act;
  memset(&act, 0, sizeof act);
  act.sa_sigaction = on_fault;
  act.sa_flags = SA_SIGINFO;
  sigaction(SIGSEGV, &act, 0);
  int rounds = 0;
  for (int i = 0; i < 3; i++) {
    if (sigsetjmp(recover, 1) == 0) {
      *(volatile int *)(uintptr_t)(4096 * 3 + 8 * i) = i;
      printf("not reached\n");
    }
    rounds++;
  }
  CHECK(fault_signal == SIGSEGV, "the handler ran for SIGSEGV");
  printf("recovered %d times, last fault at %#lx\n", rounds, (unsigned long)fault_address);
  volatile int *p = 0;
  if (sigsetjmp(recover, 1) == 0) {
    int value = *p;
    printf("not reached %d\n", value);
  }
  CHECK(fault_address == 0, "a NULL load reports address 0");
  sigset_t mask;
  sigprocmask(SIG_SETMASK, 0, &mask);
  CHECK(!sigismember(&mask, SIGSEGV), "SIGSEGV is unblocked again after siglongjmp");
  return finish();
}
