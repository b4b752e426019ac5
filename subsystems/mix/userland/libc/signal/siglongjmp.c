/* siglongjmp: restore the mask recorded by sigsetjmp (if any), then longjmp. */
#include <setjmp.h>

_Noreturn void siglongjmp(sigjmp_buf env, int value) {
  if (env->__saved) sigprocmask(SIG_SETMASK, &env->__mask, 0);
  longjmp(env->__jb, value);
}
