/* exit with atexit handlers (up to 32, run newest first), stdio flush, then exit_group. */
#include <stdlib.h>
#include <unistd.h>

#include "libc.h"
#include "syscall.h"

#define ATEXIT_MAX 32

static void (*handlers[ATEXIT_MAX])(void);
static int handler_count;

int atexit(void (*fn)(void)) {
  if (handler_count == ATEXIT_MAX) return -1;
  handlers[handler_count++] = fn;
  return 0;
}

void __run_atexit(void) {
  while (handler_count > 0) handlers[--handler_count]();
}

/* Overridden by libc/stdio when a program uses stdio. */
__attribute__((weak)) void __stdio_flush_all(void) {}

_Noreturn void exit(int status) {
  __run_atexit();
  __stdio_flush_all();
  _exit(status);
}

_Noreturn void _Exit(int status) { _exit(status); }

_Noreturn void _exit(int status) {
  for (;;) {
    __sys1(SYS_exit_group, status);
    __sys1(SYS_exit, status);
  }
}
