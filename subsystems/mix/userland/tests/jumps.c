/* setjmp/longjmp across nested frames (callee-saved registers survive), longjmp(0)
 * returning 1, sigsetjmp/siglongjmp restoring the signal mask, and leaving a signal
 * handler with siglongjmp. */
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>

#include "check.h"

static jmp_buf env;
static sigjmp_buf senv;
static int depth_reached;

static void dive(int depth) {
  volatile int local[16];
  for (int i = 0; i < 16; i++) local[i] = depth * 100 + i;
  depth_reached = depth;
  if (depth == 20) longjmp(env, depth + local[3]);
  dive(depth + 1);
}

static void jump_zero(void) { longjmp(env, 0); }

static void on_usr1(int sig) { siglongjmp(senv, sig); }

int main(void) {
  volatile int counter = 0;
  int keep_a = 1111, keep_b = 2222;
  int r = setjmp(env);
  counter++;
  if (r == 0) dive(1);
  printf("longjmp returned %d after depth %d, counter %d, keep %d %d\n", r, depth_reached,
         counter, keep_a, keep_b);
  CHECK(r == 2023 && counter == 2, "longjmp unwinds nested frames");
  r = setjmp(env);
  if (r == 0) jump_zero();
  CHECK(r == 1, "longjmp(env, 0) makes setjmp return 1");

  signal(SIGUSR1, on_usr1);
  sigset_t set;
  sigemptyset(&set);
  sigprocmask(SIG_SETMASK, &set, 0);
  r = sigsetjmp(senv, 1);
  if (r == 0) {
    raise(SIGUSR1);
    printf("not reached\n");
  }
  CHECK(r == SIGUSR1, "siglongjmp out of a signal handler");
  sigprocmask(SIG_SETMASK, 0, &set);
  CHECK(!sigismember(&set, SIGUSR1), "sigsetjmp(env, 1) restores the mask on the way out");
  r = sigsetjmp(senv, 1);
  if (r == 0) raise(SIGUSR1);
  CHECK(r == SIGUSR1, "the handler can be left the same way twice");
  return finish();
}
