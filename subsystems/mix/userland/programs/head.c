/*
 * head: prints the first lines of each file or stdin. -n N (or -N) chooses the number of lines
 * (10 by default); -c N the number of bytes instead. Several files get "==> name <==" headers.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static long parse_count(const char *s) {
  char *end;
  long n = strtol(s, &end, 10);
  if (*s == '\0' || *end != '\0' || n < 0) {
    fprintf(stderr, "head: invalid count '%s'\n", s);
    exit(2);
  }
  return n;
}

static void head(FILE *f, long count, int bytes) {
  int c;
  while (count > 0 && (c = getc(f)) != EOF) {
    putchar(c);
    if (bytes || c == '\n') count--;
  }
}

int main(int argc, char **argv) {
  long count = 10;
  int bytes = 0, i = 1, status = 0;
  for (; i < argc && argv[i][0] == '-' && argv[i][1] != '\0'; i++) {
    const char *a = argv[i];
    if (strcmp(a, "--") == 0) {
      i++;
      break;
    }
    if ((a[1] == 'n' || a[1] == 'c') && (a[2] != '\0' || i + 1 < argc)) {
      bytes = a[1] == 'c';
      count = parse_count(a[2] != '\0' ? a + 2 : argv[++i]);
    } else if (a[1] >= '0' && a[1] <= '9') {
      count = parse_count(a + 1);
    } else {
      fprintf(stderr, "usage: head [-n lines | -c bytes] [file...]\n");
      return 2;
    }
  }
  int files = argc - i;
  if (files == 0) head(stdin, count, bytes);
  for (int k = i; k < argc; k++) {
    FILE *f = strcmp(argv[k], "-") == 0 ? stdin : fopen(argv[k], "r");
    if (f == NULL) {
      fprintf(stderr, "head: %s: %s\n", argv[k], strerror(errno));
      status = 1;
      continue;
    }
    if (files > 1) printf("%s==> %s <==\n", k > i ? "\n" : "", argv[k]);
    head(f, count, bytes);
    if (f != stdin) fclose(f);
  }
  return fflush(stdout) ? 1 : status;
}
