/* errno, and the conversion of a raw system-call result (-errno on failure) into the POSIX
 * convention (-1 with errno set). */
#include <errno.h>

#include "syscall.h"

int errno;

long __sys_ret(long result) {
  if ((unsigned long)result > (unsigned long)-4096) {
    errno = (int)-result;
    return -1;
  }
  return result;
}
