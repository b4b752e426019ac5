/*
 * hexdump: shows bytes in the canonical hex+ASCII layout (the `hexdump -C` format, which is
 * also the default here): an 8-digit offset, 16 bytes in two groups of 8, and the printable
 * characters between bars. Identical lines are squeezed to "*" unless -v. -n LEN dumps at most
 * LEN bytes, -s OFF skips OFF bytes first. Several files are dumped as one stream.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static long long offset;
static unsigned char prev[16];
static int have_prev, squeezing, opt_verbose;

static void line(const unsigned char *b, int n) {
  if (!opt_verbose && have_prev && n == 16 && memcmp(prev, b, 16) == 0) {
    if (!squeezing) puts("*");
    squeezing = 1;
    offset += n;
    return;
  }
  squeezing = 0;
  printf("%08llx ", offset);
  for (int i = 0; i < 16; i++) {
    if (i == 8) putchar(' ');
    if (i < n) printf(" %02x", b[i]);
    else fputs("   ", stdout);
  }
  fputs("  |", stdout);
  for (int i = 0; i < n; i++) putchar(b[i] >= 32 && b[i] < 127 ? b[i] : '.');
  puts("|");
  memcpy(prev, b, 16);
  have_prev = n == 16;
  offset += n;
}

static long long number(const char *s) {
  char *end;
  long long v = strtoll(s, &end, 0);
  if (*end != '\0' || v < 0) {
    fprintf(stderr, "hexdump: invalid number '%s'\n", s);
    exit(2);
  }
  return v;
}

int main(int argc, char **argv) {
  long long limit = -1, skip = 0;
  int i = 1, status = 0;
  for (; i < argc && argv[i][0] == '-' && argv[i][1] != '\0'; i++) {
    if (strcmp(argv[i], "-C") == 0) continue;
    if (strcmp(argv[i], "-v") == 0) opt_verbose = 1;
    else if (strcmp(argv[i], "-n") == 0 && i + 1 < argc) limit = number(argv[++i]);
    else if (strcmp(argv[i], "-s") == 0 && i + 1 < argc) skip = number(argv[++i]);
    else {
      fprintf(stderr, "usage: hexdump [-Cv] [-n length] [-s offset] [file...]\n");
      return 2;
    }
  }
  unsigned char buf[16];
  int n = 0;
  offset = skip;
  for (int k = i == argc ? -1 : i; k < argc && limit != 0; k++) {
    FILE *f = k < 0 ? stdin : fopen(argv[k], "rb");
    if (f == NULL) {
      fprintf(stderr, "hexdump: %s: %s\n", argv[k], strerror(errno));
      status = 1;
      continue;
    }
    int c;
    while (limit != 0 && (c = getc(f)) != EOF) {
      if (skip > 0) {
        skip--;
        continue;
      }
      buf[n++] = (unsigned char)c;
      if (limit > 0) limit--;
      if (n == 16) {
        line(buf, 16);
        n = 0;
      }
    }
    if (f != stdin) fclose(f);
    if (k < 0) break;
  }
  if (n > 0) line(buf, n);
  if (offset > 0 || status == 0) printf("%08llx\n", offset);
  return fflush(stdout) ? 1 : status;
}
