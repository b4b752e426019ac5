/* The initial stack Linux builds: argc, argv strings, envp, and the auxiliary vector. */
#include "rt.h"

int main(int argc, char **argv) {
  put_dec(argc);
  nl();
  for (int i = 0; i < argc; i++) { puts_(argv[i]); nl(); }
  char **envp = argv + argc + 1;
  while (*envp) envp++;
  u32 *aux = (u32 *)(envp + 1);
  for (; aux[0] != 0; aux += 2)
    if (aux[0] == 6) { puts_("pagesz "); put_dec(aux[1]); nl(); }
  return argc;
}
