/* malloc/free/realloc/calloc. Small blocks come from power-of-two size classes (16 bytes
 * to 64 KiB) carved from the brk heap and recycled through one free list per class; larger
 * blocks get their own anonymous mmap and are unmapped on free. Every block has an 8-byte
 * header holding its class (or its mapping length), so results are 8-byte aligned. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define MIN_SHIFT 4
#define MAX_SHIFT 16
#define CLASSES (MAX_SHIFT - MIN_SHIFT + 1)
#define HEADER 8
#define MAPPED 0x80000000u

struct header {
  unsigned int word; /* class index, or MAPPED | total mapping length */
  unsigned int magic;
};

#define MAGIC 0x4d6c6c63u

struct free_block {
  struct free_block *next;
};

static struct free_block *free_lists[CLASSES];
static char *arena_next, *arena_end; /* unused part of the last brk extension */

#define ARENA_STEP 65536

/* Takes n bytes (a power of two up to 64 KiB) from the brk heap, extending it by at least
 * ARENA_STEP at a time so most allocations make no system call. */
static void *arena_take(size_t n) {
  while ((size_t)(arena_end - arena_next) < n) {
    char *p = sbrk(ARENA_STEP);
    if (p == (char *)-1) return 0;
    /* A fresh start (first use, or someone else moved the break): align to 16 bytes, as
     * the initial break need not be aligned; a contiguous step just extends the arena. */
    if (p != arena_end) arena_next = (char *)(((uintptr_t)p + 15) & ~(uintptr_t)15);
    arena_end = p + ARENA_STEP;
  }
  void *r = arena_next;
  arena_next += n;
  return r;
}

static int class_of(size_t total) {
  int c = 0;
  while (((size_t)1 << (c + MIN_SHIFT)) < total) c++;
  return c;
}

void *malloc(size_t size) {
  if (size > 0x7fff0000u) {
    errno = ENOMEM;
    return 0;
  }
  size_t total = size + HEADER;
  struct header *h;
  if (total > ((size_t)1 << MAX_SHIFT)) {
    size_t len = (total + 4095) & ~(size_t)4095;
    void *p = mmap(0, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) {
      errno = ENOMEM;
      return 0;
    }
    h = p;
    h->word = MAPPED | (unsigned int)len;
  } else {
    int c = class_of(total);
    struct free_block *b = free_lists[c];
    if (b) {
      free_lists[c] = b->next;
      h = (struct header *)(void *)b;
    } else {
      void *p = arena_take((size_t)1 << (c + MIN_SHIFT));
      if (!p) {
        errno = ENOMEM;
        return 0;
      }
      h = p;
    }
    h->word = (unsigned int)c;
  }
  h->magic = MAGIC;
  return (char *)h + HEADER;
}

static size_t capacity(const struct header *h) {
  if (h->word & MAPPED) return (h->word & ~MAPPED) - HEADER;
  return ((size_t)1 << (h->word + MIN_SHIFT)) - HEADER;
}

void free(void *ptr) {
  if (!ptr) return;
  struct header *h = (struct header *)(void *)((char *)ptr - HEADER);
  if (h->magic != MAGIC) abort();
  h->magic = 0;
  if (h->word & MAPPED) {
    munmap(h, h->word & ~MAPPED);
    return;
  }
  unsigned int c = h->word; /* read before the free-list link overwrites it */
  struct free_block *b = (struct free_block *)(void *)h;
  b->next = free_lists[c];
  free_lists[c] = b;
}

void *realloc(void *ptr, size_t size) {
  if (!ptr) return malloc(size);
  if (size == 0) {
    free(ptr);
    return 0;
  }
  struct header *h = (struct header *)(void *)((char *)ptr - HEADER);
  size_t cap = capacity(h);
  if (size <= cap) return ptr;
  void *p = malloc(size);
  if (!p) return 0;
  memcpy(p, ptr, cap);
  free(ptr);
  return p;
}

void *calloc(size_t count, size_t size) {
  if (size && count > (size_t)-1 / size) {
    errno = ENOMEM;
    return 0;
  }
  void *p = malloc(count * size);
  if (p) memset(p, 0, count * size);
  return p;
}
