/*
 * echo: writes its arguments separated by spaces and ended by a newline.
 * -n drops the newline; -e interprets backslash escapes (\n \t \\ \c \0NNN ...), -E does not.
 */
#include <stdio.h>
#include <string.h>

/* Writes s with backslash escapes interpreted; returns 1 when \c asked to stop all output. */
static int put_escaped(const char *s) {
  for (; *s; s++) {
    if (*s != '\\' || s[1] == '\0') {
      putchar(*s);
      continue;
    }
    s++;
    switch (*s) {
    case 'a': putchar('\a'); break;
    case 'b': putchar('\b'); break;
    case 'c': return 1;
    case 'e': putchar(27); break;
    case 'f': putchar('\f'); break;
    case 'n': putchar('\n'); break;
    case 'r': putchar('\r'); break;
    case 't': putchar('\t'); break;
    case 'v': putchar('\v'); break;
    case '\\': putchar('\\'); break;
    case '0': {
      int value = 0;
      for (int i = 0; i < 3 && s[1] >= '0' && s[1] <= '7'; i++) value = value * 8 + (*++s - '0');
      putchar(value);
      break;
    }
    default: putchar('\\'); putchar(*s); break;
    }
  }
  return 0;
}

int main(int argc, char **argv) {
  int newline = 1, escapes = 0, i = 1;
  /* Options are only recognised before the first operand, and only when every letter is known. */
  for (; i < argc && argv[i][0] == '-' && argv[i][1] != '\0'; i++) {
    const char *p = argv[i] + 1;
    if (strspn(p, "neE") != strlen(p)) break;
    for (; *p; p++) {
      if (*p == 'n') newline = 0;
      else if (*p == 'e') escapes = 1;
      else escapes = 0;
    }
  }
  for (int first = i; i < argc; i++) {
    if (i > first) putchar(' ');
    if (escapes) {
      if (put_escaped(argv[i])) return fflush(stdout) ? 1 : 0;
    } else {
      fputs(argv[i], stdout);
    }
  }
  if (newline) putchar('\n');
  return fflush(stdout) ? 1 : 0;
}
