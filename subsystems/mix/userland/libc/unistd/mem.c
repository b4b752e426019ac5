/* Memory system calls: brk/sbrk (the kernel's brk returns the new break, or the old one
 * on failure) and mmap (mmap2 on every family: the offset is passed in 4096-byte units). */
#include <errno.h>
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>

#include "syscall.h"

static uintptr_t current_break;

int brk(void *end) {
  uintptr_t got = (uintptr_t)__sys1(SYS_brk, end);
  current_break = got;
  if (got < (uintptr_t)end) {
    errno = ENOMEM;
    return -1;
  }
  return 0;
}

void *sbrk(ssize_t increment) {
  if (!current_break) current_break = (uintptr_t)__sys1(SYS_brk, 0);
  uintptr_t old = current_break;
  if (increment == 0) return (void *)old;
  uintptr_t want = old + (uintptr_t)increment;
  if (brk((void *)want) < 0) return (void *)-1;
  return (void *)old;
}

void *mmap(void *addr, size_t length, int prot, int flags, int fd, off_t offset) {
  if (offset & 4095) {
    errno = EINVAL;
    return MAP_FAILED;
  }
  long r = __sys6(SYS_mmap2, addr, length, prot, flags, fd, offset >> 12);
  if ((unsigned long)r > (unsigned long)-4096) {
    errno = (int)-r;
    return MAP_FAILED;
  }
  return (void *)r;
}

int munmap(void *addr, size_t length) { return (int)__sys_ret(__sys2(SYS_munmap, addr, length)); }
int mprotect(void *addr, size_t length, int prot) {
  return (int)__sys_ret(__sys3(SYS_mprotect, addr, length, prot));
}
