/* Memory: malloc across size classes (brk) and large blocks (mmap), realloc keeping the
 * contents, calloc zeroing, free and reuse, sbrk, anonymous mmap/munmap/mprotect. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "check.h"

int main(void) {
  void *blocks[200];
  int aligned = 1;
  unsigned long sum = 0;
  for (int i = 0; i < 200; i++) {
    size_t size = (size_t)(i * 37 % 3000) + 1;
    unsigned char *p = malloc(size);
    if (!p) {
      aligned = 0;
      break;
    }
    if ((uintptr_t)p % 8) aligned = 0;
    memset(p, i & 0xff, size);
    blocks[i] = p;
  }
  CHECK(aligned, "malloc returns 8-byte aligned blocks");
  for (int i = 0; i < 200; i++) {
    size_t size = (size_t)(i * 37 % 3000) + 1;
    unsigned char *p = blocks[i];
    for (size_t k = 0; k < size; k++) sum += p[k] == (unsigned char)(i & 0xff);
  }
  printf("intact bytes: %lu\n", sum);
  for (int i = 0; i < 200; i += 2) free(blocks[i]);
  for (int i = 0; i < 200; i += 2) blocks[i] = malloc(64);
  for (int i = 0; i < 200; i++) free(blocks[i]);

  char *s = malloc(10);
  strcpy(s, "grow me");
  s = realloc(s, 100000);
  CHECK(s && strcmp(s, "grow me") == 0, "realloc to a large block keeps the contents");
  memset(s + 50000, 'z', 50000);
  s = realloc(s, 16);
  CHECK(s && strcmp(s, "grow me") == 0, "realloc back down keeps the prefix");
  free(s);
  int *zeros = calloc(1000, sizeof(int));
  int all_zero = 1;
  for (int i = 0; i < 1000; i++) all_zero &= zeros[i] == 0;
  CHECK(zeros && all_zero, "calloc zeroes");
  free(zeros);
  CHECK(malloc(0x7fffffff) == 0 && errno == ENOMEM, "an impossible malloc fails with ENOMEM");
  free(0);

  char *big = malloc(1 << 20);
  CHECK(big != 0, "a 1 MiB malloc succeeds");
  memset(big, 1, 1 << 20);
  free(big);

  void *brk0 = sbrk(0);
  CHECK(sbrk(8192) == brk0 && (char *)sbrk(0) == (char *)brk0 + 8192, "sbrk grows the break");
  memset(brk0, 7, 8192);
  CHECK(sbrk(-8192) != (void *)-1 && sbrk(0) == brk0, "sbrk shrinks it back");

  size_t len = 3 * 4096;
  unsigned char *m = mmap(0, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  CHECK(m != MAP_FAILED && ((uintptr_t)m & 4095) == 0, "anonymous mmap is page aligned");
  CHECK(m[0] == 0 && m[len - 1] == 0, "anonymous memory starts zeroed");
  memset(m, 0x5a, len);
  CHECK(mprotect(m, 4096, PROT_READ) == 0, "mprotect");
  CHECK(munmap(m, len) == 0, "munmap");
  EXPECT_ERRNO(munmap((void *)1, 4096), "EINVAL");
  void *bad = mmap(0, 4096, PROT_READ, MAP_PRIVATE, -1, 0);
  CHECK(bad == MAP_FAILED && errno == EBADF, "mmap of a bad descriptor fails with EBADF");
  return finish();
}
