/* Process start-up, reached from arch/<family>/crt0.S with the initial stack pointer:
 * argc, argv[argc] + NULL, envp[] + NULL, then the auxiliary vector (unused). */
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char **argv, char **envp);

char **environ;

_Noreturn void __libc_start(long *sp);

_Noreturn void __libc_start(long *sp) {
  int argc = (int)sp[0];
  char **argv = (char **)(sp + 1);
  environ = argv + argc + 1;
  exit(main(argc, argv, environ));
}
