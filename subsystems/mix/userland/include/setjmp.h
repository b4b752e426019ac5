/* <setjmp.h>: non-local jumps (arch/<family>/setjmp.S saves the callee-saved registers;
 * 64 words cover the largest family). sigsetjmp also saves the signal mask. */
#ifndef _SETJMP_H
#define _SETJMP_H

#include <signal.h>

typedef unsigned long jmp_buf[64] __attribute__((aligned(8)));
typedef struct {
  jmp_buf __jb;
  int __saved;
  sigset_t __mask;
} sigjmp_buf[1];

int setjmp(jmp_buf env) __attribute__((returns_twice));
_Noreturn void longjmp(jmp_buf env, int value);
int _setjmp(jmp_buf env) __attribute__((returns_twice));
_Noreturn void _longjmp(jmp_buf env, int value);
int sigsetjmp(sigjmp_buf env, int savemask) __attribute__((returns_twice));
_Noreturn void siglongjmp(sigjmp_buf env, int value);

#endif
