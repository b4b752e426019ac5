/* <sys/mman.h>: mmap (through mmap2 on every family), munmap, mprotect. */
#ifndef _SYS_MMAN_H
#define _SYS_MMAN_H

#include <bits/types.h>

#define PROT_NONE 0
#define PROT_READ 1
#define PROT_WRITE 2
#define PROT_EXEC 4
#define MAP_SHARED 0x01
#define MAP_PRIVATE 0x02
#define MAP_FIXED 0x10
#if defined(__mips__)
#define MAP_ANONYMOUS 0x800
#else
#define MAP_ANONYMOUS 0x20
#endif
#define MAP_ANON MAP_ANONYMOUS
#define MAP_FAILED ((void *)-1)

void *mmap(void *addr, size_t length, int prot, int flags, int fd, off_t offset);
int munmap(void *addr, size_t length);
int mprotect(void *addr, size_t length, int prot);

#endif
