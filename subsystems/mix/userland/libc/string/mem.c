/* memcpy, memmove, memset, memcmp, memchr: byte loops with a word-at-a-time fast path
 * when both pointers are word aligned. clang emits calls to the first three for struct
 * copies even in freestanding code. */
#include <string.h>

typedef unsigned long word;

void *memcpy(void *dst, const void *src, size_t n) {
  unsigned char *d = dst;
  const unsigned char *s = src;
  if ((((unsigned long)d | (unsigned long)s) & (sizeof(word) - 1)) == 0) {
    for (; n >= sizeof(word); n -= sizeof(word), d += sizeof(word), s += sizeof(word))
      *(word *)(void *)d = *(const word *)(const void *)s;
  }
  while (n--) *d++ = *s++;
  return dst;
}

void *memmove(void *dst, const void *src, size_t n) {
  unsigned char *d = dst;
  const unsigned char *s = src;
  if (d == s || n == 0) return dst;
  if (d < s || d >= s + n) return memcpy(dst, src, n);
  d += n;
  s += n;
  while (n--) *--d = *--s;
  return dst;
}

void *memset(void *dst, int c, size_t n) {
  unsigned char *d = dst;
  if (((unsigned long)d & (sizeof(word) - 1)) == 0 && n >= sizeof(word)) {
    word w = (unsigned char)c;
    w |= w << 8;
    w |= w << 16;
    w |= (w << 16) << 16; /* no-op for a 32-bit word, fills a 64-bit one */
    for (; n >= sizeof(word); n -= sizeof(word), d += sizeof(word)) *(word *)(void *)d = w;
  }
  while (n--) *d++ = (unsigned char)c;
  return dst;
}

int memcmp(const void *a, const void *b, size_t n) {
  const unsigned char *x = a, *y = b;
  for (; n; n--, x++, y++)
    if (*x != *y) return *x - *y;
  return 0;
}

void *memchr(const void *s, int c, size_t n) {
  const unsigned char *p = s;
  for (; n; n--, p++)
    if (*p == (unsigned char)c) return (void *)p;
  return 0;
}
