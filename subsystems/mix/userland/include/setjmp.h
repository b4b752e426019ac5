/* <setjmp.h>: non-local jumps. arch/<family>/setjmp.S saves the callee-saved registers
 * (32 words cover the largest family). sigsetjmp is a macro so that setjmp runs in the
 * caller's own frame; it records the signal mask first when asked to. */
#ifndef _SETJMP_H
#define _SETJMP_H

#include <signal.h>

typedef unsigned long jmp_buf[32] __attribute__((aligned(8)));
typedef struct {
  jmp_buf __jb;
  int __saved;
  sigset_t __mask;
} sigjmp_buf[1];

int setjmp(jmp_buf env) __attribute__((returns_twice));
_Noreturn void longjmp(jmp_buf env, int value);
int _setjmp(jmp_buf env) __attribute__((returns_twice));
_Noreturn void _longjmp(jmp_buf env, int value);
_Noreturn void siglongjmp(sigjmp_buf env, int value);

#define sigsetjmp(env, savemask)                                                        \
  ((env)->__saved = (savemask), (env)->__saved && sigprocmask(SIG_BLOCK, 0, &(env)->__mask), \
   setjmp((env)->__jb))

#endif
