/*
 * cat: copies each file (or stdin, also named "-") to stdout in order.
 * -n numbers every output line; without it the copy goes through read/write in large blocks.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static int number_lines;
static long line_no = 1;
static int at_line_start = 1;

static int write_all(const char *buf, long len) {
  while (len > 0) {
    long n = write(1, buf, (size_t)len);
    if (n < 0) {
      if (errno == EINTR) continue;
      return -1;
    }
    buf += n;
    len -= n;
  }
  return 0;
}

/* Copies fd to stdout; returns 0, or -1 after reporting a read or write error. */
static int copy(int fd, const char *name) {
  static char in[8192];
  static char out[8192 + 64];
  for (;;) {
    long n = read(fd, in, sizeof in);
    if (n == 0) return 0;
    if (n < 0) {
      if (errno == EINTR) continue;
      fprintf(stderr, "cat: %s: %s\n", name, strerror(errno));
      return -1;
    }
    if (!number_lines) {
      if (write_all(in, n) < 0) goto write_error;
      continue;
    }
    long o = 0;
    for (long i = 0; i < n; i++) {
      if (at_line_start) {
        o += snprintf(out + o, 16, "%6ld\t", line_no++);
        at_line_start = 0;
      }
      out[o++] = in[i];
      if (in[i] == '\n') at_line_start = 1;
      if (o > (long)sizeof in) {
        if (write_all(out, o) < 0) goto write_error;
        o = 0;
      }
    }
    if (write_all(out, o) < 0) goto write_error;
  }
write_error:
  fprintf(stderr, "cat: write error: %s\n", strerror(errno));
  return -1;
}

int main(int argc, char **argv) {
  int i = 1, status = 0;
  for (; i < argc && argv[i][0] == '-' && argv[i][1] != '\0'; i++) {
    if (strcmp(argv[i], "--") == 0) {
      i++;
      break;
    }
    for (const char *p = argv[i] + 1; *p; p++) {
      if (*p == 'n') number_lines = 1;
      else if (*p != 'u') {
        fprintf(stderr, "cat: unknown option -%c\nusage: cat [-n] [file...]\n", *p);
        return 2;
      }
    }
  }
  if (i == argc) return copy(0, "stdin") < 0 ? 1 : 0;
  for (; i < argc; i++) {
    if (strcmp(argv[i], "-") == 0) {
      if (copy(0, "stdin") < 0) status = 1;
      continue;
    }
    int fd = open(argv[i], O_RDONLY);
    if (fd < 0) {
      fprintf(stderr, "cat: %s: %s\n", argv[i], strerror(errno));
      status = 1;
      continue;
    }
    if (copy(fd, argv[i]) < 0) status = 1;
    close(fd);
  }
  return status;
}
