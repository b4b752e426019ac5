/* Division by zero: clang guards DIV with `teq divisor, $zero, 7`, which Linux turns into SIGFPE. */
#include "rt.h"

int main(int argc, char **argv) {
  volatile int zero = argc - 1;
  puts_("dividing\n");
  put_dec(100 / zero);
  return 0;
}
