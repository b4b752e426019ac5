/*
 * tail: prints the last lines of each file or stdin. -n N (or -N) chooses how many (10 by
 * default), -n +N starts at line N instead; -c N / -c +N count bytes. The input is read whole
 * into memory, which suits the small files of this system.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char *slurp(int fd, long *len) {
  long cap = 16384, n = 0;
  char *buf = malloc((size_t)cap);
  for (;;) {
    if (buf == NULL) return NULL;
    if (n == cap) {
      cap *= 2;
      char *bigger = realloc(buf, (size_t)cap);
      if (bigger == NULL) {
        free(buf);
        return NULL;
      }
      buf = bigger;
    }
    long r = read(fd, buf + n, (size_t)(cap - n));
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) {
      free(buf);
      return NULL;
    }
    if (r == 0) break;
    n += r;
  }
  *len = n;
  return buf;
}

static void tail(const char *buf, long len, long count, int from_start, int bytes) {
  long start;
  if (bytes) {
    start = from_start ? (count > 0 ? count - 1 : 0) : len - count;
  } else if (from_start) {
    start = 0;
    for (long line = 1; line < count && start < len; start++)
      if (buf[start] == '\n') line++;
  } else {
    /* Walk back over `count` newlines; a final newline does not start an extra line. */
    start = len;
    long seen = 0;
    for (long p = len - 1; p >= 0; p--) {
      if (buf[p] == '\n' && p != len - 1) {
        if (++seen == count) break;
      }
      start = p;
    }
    if (count == 0) start = len;
  }
  if (start < 0) start = 0;
  if (start > len) start = len;
  fwrite(buf + start, 1, (size_t)(len - start), stdout);
}

int main(int argc, char **argv) {
  long count = 10;
  int bytes = 0, from_start = 0, i = 1, status = 0;
  for (; i < argc && argv[i][0] == '-' && argv[i][1] != '\0'; i++) {
    const char *a = argv[i];
    if (strcmp(a, "--") == 0) {
      i++;
      break;
    }
    const char *value;
    if ((a[1] == 'n' || a[1] == 'c') && (a[2] != '\0' || i + 1 < argc)) {
      bytes = a[1] == 'c';
      value = a[2] != '\0' ? a + 2 : argv[++i];
    } else if (a[1] >= '0' && a[1] <= '9') {
      value = a + 1;
    } else {
      fprintf(stderr, "usage: tail [-n [+]lines | -c [+]bytes] [file...]\n");
      return 2;
    }
    from_start = value[0] == '+';
    char *end;
    count = strtol(value + (value[0] == '+' || value[0] == '-'), &end, 10);
    if (*end != '\0' || count < 0) {
      fprintf(stderr, "tail: invalid count '%s'\n", value);
      return 2;
    }
  }
  int files = argc - i;
  for (int k = files == 0 ? -1 : i; k < argc; k++) {
    const char *name = k < 0 ? "-" : argv[k];
    int fd = strcmp(name, "-") == 0 ? 0 : open(name, O_RDONLY);
    long len = 0;
    char *buf = fd < 0 ? NULL : slurp(fd, &len);
    if (fd > 0) close(fd);
    if (buf == NULL) {
      fprintf(stderr, "tail: %s: %s\n", name, strerror(errno));
      status = 1;
      if (k < 0) break;
      continue;
    }
    if (files > 1) printf("%s==> %s <==\n", k > i ? "\n" : "", name);
    tail(buf, len, count, from_start, bytes);
    free(buf);
    if (k < 0) break;
  }
  return fflush(stdout) ? 1 : status;
}
