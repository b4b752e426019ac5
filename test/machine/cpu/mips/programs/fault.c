/* A store through a null pointer: the guest dies of SIGSEGV (exit status 139). */
#include "rt.h"

int main(int argc, char **argv) {
  puts_("before\n");
  *(volatile int *)(long)(argc - 1) = 1;
  puts_("after\n");
  return 0;
}
