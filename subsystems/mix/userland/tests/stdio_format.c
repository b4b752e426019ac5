/* printf family: conversions, flags, widths, precision, length modifiers, floating point
 * (exact, half-to-even rounding like glibc, computed without an FPU), snprintf truncation and
 * return values, and buffered FILE I/O through fopen/fgets/fputs. */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "check.h"

/* The hh/h conversions are exercised with int arguments on purpose. */
#pragma clang diagnostic ignored "-Wformat"

int main(void) {
  char buf[64];
  printf("[%d] [%i] [%u] [%x] [%X] [%o] [%c] [%s] [%%]\n", -17, 42, 3000000000u, 0xbeef, 0xbeef,
         8, 'Z', "str");
  printf("[%5d] [%-5d] [%05d] [%+d] [% d] [%+d]\n", 42, 42, 42, 42, 42, -42);
  printf("[%.3d] [%8.3d] [%-8.3d] [%.0d] [%#x] [%#o] [%#X]\n", 7, 7, 7, 0, 255, 8, 255);
  printf("[%10s] [%-10s] [%.2s] [%*d] [%-*d] [%.*s]\n", "right", "left", "truncate", 6, 1, 6, 1,
         3, "abcdef");
  printf("[%hhd] [%hhu] [%hd] [%hu] [%ld] [%lu]\n", 300, 300, 70000, 70000, LONG_MIN, ULONG_MAX);
  printf("[%lld] [%llu] [%llx] [%jd] [%zu] [%td]\n", LLONG_MIN, ULLONG_MAX, 0x123456789abcdefULL,
         (intmax_t)-5, sizeof(int), (ptrdiff_t)-3);
  printf("[%p] [%s]\n", (void *)0x1234, (char *)0);
  /* Floating point: the constants are compiled in, so no FPU or soft-float helper runs. */
  printf("[%f] [%.2f] [%10.3f] [%-10.1f|] [%+f] [%e] [%.3E]\n", 3.14159, 2.675, -1.5, 0.25, 1.0,
         12345.678, 0.000123456);
  printf("[%g] [%g] [%g] [%g] [%G] [%#g] [%.3g] [%g]\n", 100000.0, 1000000.0, 0.0001, 0.00001,
         1e-300, 1.0, 0.0001234, -0.0);
  printf("[%.0f] [%.0f] [%.0f] [%#.0f] [%08.2f] [% .1f] [%.10f] [%e]\n", 0.5, 1.5, 2.5, 3.0, -3.5,
         2.25, 1.0 / 3.0, 5e-324);
  printf("[%f] [%g] [%.17g] [%f] [%F]\n", 1e20, 1e300, 0.1, __builtin_inf(), -__builtin_inf());
  int n = 0;
  printf("abc%n\n", &n);
  printf("n=%d\n", n);

  int r = snprintf(buf, 8, "%s", "0123456789");
  printf("snprintf truncates: r=%d buf=%s\n", r, buf);
  CHECK(r == 10 && strcmp(buf, "0123456") == 0, "snprintf returns the untruncated length");
  r = snprintf(0, 0, "%d-%d", 123, 456);
  CHECK(r == 7, "snprintf(NULL, 0) counts");
  sprintf(buf, "%08.3x|%-4c|", 0xab, 'q');
  printf("sprintf: %s\n", buf);

  FILE *f = fopen("stdio.txt", "w");
  CHECK(f != 0, "fopen for writing");
  for (int i = 0; i < 300; i++) fprintf(f, "line %03d %s\n", i, i % 2 ? "odd" : "even");
  fputs("last line without newline", f);
  CHECK(fclose(f) == 0, "fclose flushes");
  f = fopen("stdio.txt", "r");
  int lines = 0;
  char last[64] = "";
  while (fgets(buf, sizeof buf, f)) {
    lines++;
    strcpy(last, buf);
  }
  CHECK(feof(f) && !ferror(f), "fgets reaches end of file");
  printf("lines=%d last=\"%s\"\n", lines, last);
  rewind(f);
  int c1 = fgetc(f), c2 = getc(f);
  ungetc(c2, f);
  int c3 = fgetc(f);
  printf("fgetc: %c %c %c ftell=%ld\n", c1, c2, c3, ftell(f));
  fseek(f, -9, SEEK_END);
  fgets(buf, sizeof buf, f);
  printf("after fseek(-9, SEEK_END): \"%s\"\n", buf);
  fclose(f);

  f = fopen("stdio.txt", "a");
  fputc('!', f);
  fclose(f);
  f = fopen("stdio.txt", "r");
  fseek(f, -2, SEEK_END);
  size_t got = fread(buf, 1, sizeof buf, f);
  buf[got] = 0;
  printf("append mode: \"%s\" (%u bytes)\n", buf, (unsigned)got);
  fclose(f);
  CHECK(fopen("does/not/exist", "r") == 0 && errno == ENOENT, "fopen of a missing file sets ENOENT");
  puts("puts adds a newline");
  putchar('x');
  putchar('\n');
  return finish();
}
