/* Character and line I/O on FILE streams. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "stdio_impl.h"

int fgetc(FILE *f) {
  if (f->ungot != EOF) {
    int c = f->ungot;
    f->ungot = EOF;
    return c;
  }
  if (f->rpos == f->rend && __stdio_fill(f) == 0) return EOF;
  if (f->ungot != EOF) {
    int c = f->ungot;
    f->ungot = EOF;
    return c;
  }
  return f->buf[f->rpos++];
}

int getc(FILE *f) { return fgetc(f); }
int getchar(void) { return fgetc(stdin); }

int ungetc(int c, FILE *f) {
  if (c == EOF || f->ungot != EOF) return EOF;
  f->ungot = (unsigned char)c;
  f->flags &= ~F_EOF;
  return (unsigned char)c;
}

char *fgets(char *buf, int size, FILE *f) {
  int n = 0;
  if (size <= 0) return 0;
  while (n < size - 1) {
    int c = fgetc(f);
    if (c == EOF) break;
    buf[n++] = (char)c;
    if (c == '\n') break;
  }
  if (n == 0) return 0;
  buf[n] = 0;
  return buf;
}

ssize_t getdelim(char **line, size_t *cap, int delim, FILE *f) {
  size_t n = 0;
  for (;;) {
    int c = fgetc(f);
    if (c == EOF && n == 0) return -1;
    if (n + 2 > *cap || !*line) {
      size_t want = *cap < 64 ? 64 : *cap * 2;
      char *p = realloc(*line, want);
      if (!p) {
        errno = ENOMEM;
        return -1;
      }
      *line = p;
      *cap = want;
    }
    if (c == EOF) break;
    (*line)[n++] = (char)c;
    if (c == delim) break;
  }
  (*line)[n] = 0;
  return (ssize_t)n;
}

ssize_t getline(char **line, size_t *cap, FILE *f) { return getdelim(line, cap, '\n', f); }

int fputc(int c, FILE *f) {
  unsigned char b = (unsigned char)c;
  return __stdio_write(f, &b, 1) ? EOF : b;
}

int putc(int c, FILE *f) { return fputc(c, f); }
int putchar(int c) { return fputc(c, stdout); }

int fputs(const char *s, FILE *f) { return __stdio_write(f, s, strlen(s)) ? EOF : 0; }

int puts(const char *s) {
  if (fputs(s, stdout)) return EOF;
  return fputc('\n', stdout) == EOF ? EOF : 0;
}

size_t fread(void *ptr, size_t size, size_t count, FILE *f) {
  unsigned char *p = ptr;
  size_t want = size * count, got = 0;
  if (want == 0) return 0;
  while (got < want) {
    int c = fgetc(f);
    if (c == EOF) break;
    p[got++] = (unsigned char)c;
    size_t avail = f->rend - f->rpos;
    size_t k = want - got < avail ? want - got : avail;
    if (k) {
      memcpy(p + got, f->buf + f->rpos, k);
      f->rpos += k;
      got += k;
    }
  }
  return got / size;
}

size_t fwrite(const void *ptr, size_t size, size_t count, FILE *f) {
  if (size == 0 || count == 0) return 0;
  return __stdio_write(f, ptr, size * count) ? 0 : count;
}
