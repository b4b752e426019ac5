/*
 * wc: counts lines (-l), words (-w) and bytes (-c) of each file or stdin; all three by default,
 * printed in that order. A lone count is printed without padding ("3 file"); several counts are
 * each right-aligned in 7 columns. With more than one file a "total" line follows.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static int show_lines, show_words, show_bytes;

static void print_counts(long long lines, long long words, long long bytes, const char *name) {
  int fields = show_lines + show_words + show_bytes;
  const char *sep = "";
  if (fields == 1) {
    printf("%lld", show_lines ? lines : show_words ? words : bytes);
  } else {
    if (show_lines) printf("%7lld", lines), sep = " ";
    if (show_words) printf("%s%7lld", sep, words), sep = " ";
    if (show_bytes) printf("%s%7lld", sep, bytes);
  }
  if (name != NULL) printf(" %s", name);
  putchar('\n');
}

static int count(int fd, long long *lines, long long *words, long long *bytes) {
  static char buf[16384];
  int in_word = 0;
  *lines = *words = *bytes = 0;
  for (;;) {
    long n = read(fd, buf, sizeof buf);
    if (n == 0) return 0;
    if (n < 0) {
      if (errno == EINTR) continue;
      return -1;
    }
    *bytes += n;
    for (long i = 0; i < n; i++) {
      char c = buf[i];
      if (c == '\n') (*lines)++;
      if (c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\v' || c == '\f') {
        in_word = 0;
      } else if (!in_word) {
        in_word = 1;
        (*words)++;
      }
    }
  }
}

int main(int argc, char **argv) {
  int i = 1;
  for (; i < argc && argv[i][0] == '-' && argv[i][1] != '\0'; i++) {
    if (strcmp(argv[i], "--") == 0) {
      i++;
      break;
    }
    for (const char *p = argv[i] + 1; *p; p++) {
      if (*p == 'l') show_lines = 1;
      else if (*p == 'w') show_words = 1;
      else if (*p == 'c') show_bytes = 1;
      else {
        fprintf(stderr, "wc: unknown option -%c\nusage: wc [-lwc] [file...]\n", *p);
        return 2;
      }
    }
  }
  if (!show_lines && !show_words && !show_bytes) show_lines = show_words = show_bytes = 1;
  long long l, w, c, tl = 0, tw = 0, tc = 0;
  int status = 0, files = argc - i;
  if (files == 0) {
    if (count(0, &l, &w, &c) < 0) {
      fprintf(stderr, "wc: stdin: %s\n", strerror(errno));
      return 1;
    }
    print_counts(l, w, c, NULL);
    return 0;
  }
  for (; i < argc; i++) {
    int fd = strcmp(argv[i], "-") == 0 ? 0 : open(argv[i], O_RDONLY);
    if (fd < 0 || count(fd, &l, &w, &c) < 0) {
      fprintf(stderr, "wc: %s: %s\n", argv[i], strerror(errno));
      status = 1;
      if (fd > 0) close(fd);
      continue;
    }
    if (fd > 0) close(fd);
    print_counts(l, w, c, argv[i]);
    tl += l, tw += w, tc += c;
  }
  if (files > 1) print_counts(tl, tw, tc, "total");
  return status;
}
