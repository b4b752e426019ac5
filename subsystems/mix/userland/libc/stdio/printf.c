/* The printf family over the engine in format.c: to a FILE, a descriptor or a string. */
#include <stdio.h>
#include <unistd.h>

#include "format.h"
#include "stdio_impl.h"

static void to_file(void *ctx, const char *data, size_t n) { __stdio_write(ctx, data, n); }

struct string_sink {
  char *buf;
  size_t size; /* capacity including the terminator; 0 = count only */
  size_t len;
};

static void to_string(void *ctx, const char *data, size_t n) {
  struct string_sink *s = ctx;
  for (size_t i = 0; i < n; i++, s->len++)
    if (s->len + 1 < s->size) s->buf[s->len] = data[i];
}

int vfprintf(FILE *f, const char *fmt, va_list ap) {
  int n = __format(to_file, f, fmt, ap);
  return ferror(f) ? -1 : n;
}

int vprintf(const char *fmt, va_list ap) { return vfprintf(stdout, fmt, ap); }

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap) {
  struct string_sink s = {buf, size, 0};
  int n = __format(to_string, &s, fmt, ap);
  if (size) buf[s.len < size ? s.len : size - 1] = 0;
  return n;
}

int vsprintf(char *buf, const char *fmt, va_list ap) { return vsnprintf(buf, (size_t)-1 >> 1, fmt, ap); }

struct fd_sink {
  int fd;
  char buf[256];
  size_t len;
};

static void to_fd(void *ctx, const char *data, size_t n) {
  struct fd_sink *s = ctx;
  for (size_t i = 0; i < n; i++) {
    if (s->len == sizeof s->buf) {
      write(s->fd, s->buf, s->len);
      s->len = 0;
    }
    s->buf[s->len++] = data[i];
  }
}

int vdprintf(int fd, const char *fmt, va_list ap) {
  struct fd_sink s;
  s.fd = fd;
  s.len = 0;
  int n = __format(to_fd, &s, fmt, ap);
  if (s.len) write(fd, s.buf, s.len);
  return n;
}

int printf(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vfprintf(stdout, fmt, ap);
  va_end(ap);
  return n;
}

int fprintf(FILE *f, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vfprintf(f, fmt, ap);
  va_end(ap);
  return n;
}

int dprintf(int fd, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vdprintf(fd, fmt, ap);
  va_end(ap);
  return n;
}

int sprintf(char *buf, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vsprintf(buf, fmt, ap);
  va_end(ap);
  return n;
}

int snprintf(char *buf, size_t size, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(buf, size, fmt, ap);
  va_end(ap);
  return n;
}
