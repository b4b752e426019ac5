/*
 * printf: formats its arguments like C's printf. `printf FORMAT [ARG...]`; the format is used
 * again while arguments remain (POSIX). Conversions %s %b %c %d %i %u %o %x %X %% with flags
 * - + space # 0, a width and a precision (either may be *). %b expands backslash escapes in its
 * argument (\c there stops all output; width and precision are ignored for %b). Numbers may be decimal, 0octal, 0xhex or 'c (a character
 * code). Integers only: this system has no floating point. Exit 1 if an argument was not a number.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int status;
static char **args;
static int nargs, next_arg;

static const char *take(void) { return next_arg < nargs ? args[next_arg++] : NULL; }

static long long number(const char *s) {
  if (s == NULL) return 0;
  if (s[0] == '\'' || s[0] == '"') return (unsigned char)s[1];
  char *end;
  errno = 0;
  long long v = strtoll(s, &end, 0);
  if (*s == '\0' || *end != '\0' || errno != 0) {
    fprintf(stderr, "printf: %s: not a number\n", s);
    status = 1;
  }
  return v;
}

/* Writes one backslash escape starting after the backslash; returns the characters used, or
 * -1 for \c (stop). In a %b argument octal escapes are \0NNN, in the format \NNN. */
static int escape(const char *s, int in_b) {
  int value = 0, used = 0;
  switch (*s) {
  case 'a': putchar('\a'); return 1;
  case 'b': putchar('\b'); return 1;
  case 'c': return in_b ? -1 : (putchar('\\'), putchar('c'), 1);
  case 'e': putchar(27); return 1;
  case 'f': putchar('\f'); return 1;
  case 'n': putchar('\n'); return 1;
  case 'r': putchar('\r'); return 1;
  case 't': putchar('\t'); return 1;
  case 'v': putchar('\v'); return 1;
  case '\\': putchar('\\'); return 1;
  case '"': putchar('"'); return 1;
  case '\0': putchar('\\'); return 0;
  default: break;
  }
  const char *p = s;
  if (in_b && *p == '0') p++, used++;
  if (*p >= '0' && *p <= '7') {
    for (int k = 0; k < 3 && *p >= '0' && *p <= '7'; k++, p++, used++) value = value * 8 + (*p - '0');
    putchar(value);
    return used;
  }
  if (in_b && used == 1) {
    putchar(0);
    return 1;
  }
  putchar('\\');
  putchar(*s);
  return 1;
}

/* Prints the format once; returns -1 when \c asked to stop. */
static int format_once(const char *f) {
  for (; *f; f++) {
    if (*f == '\\') {
      int used = escape(f + 1, 0);
      f += used;
      continue;
    }
    if (*f != '%') {
      putchar(*f);
      continue;
    }
    if (f[1] == '%') {
      putchar('%');
      f++;
      continue;
    }
    /* Copy the flags, width and precision into a C format, resolving '*'. */
    char spec[64];
    size_t n = 0;
    spec[n++] = '%';
    f++;
    while (*f && strchr("-+ #0", *f) && n < 10) spec[n++] = *f++;
    if (*f == '*') {
      n += (size_t)snprintf(spec + n, sizeof spec - n, "%d", (int)number(take()));
      f++;
    } else {
      while (*f >= '0' && *f <= '9' && n < 30) spec[n++] = *f++;
    }
    if (*f == '.') {
      spec[n++] = *f++;
      if (*f == '*') {
        n += (size_t)snprintf(spec + n, sizeof spec - n, "%d", (int)number(take()));
        f++;
      } else {
        while (*f >= '0' && *f <= '9' && n < 50) spec[n++] = *f++;
      }
    }
    char conv = *f;
    if (conv == '\0') {
      fprintf(stderr, "printf: missing conversion character\n");
      status = 1;
      return 0;
    }
    const char *arg = strchr("sbcdiouxX", conv) ? take() : NULL;
    switch (conv) {
    case 's':
      spec[n++] = 's';
      spec[n] = '\0';
      printf(spec, arg ? arg : "");
      break;
    case 'b': {
      /* Width and precision are not applied to %b. */
      for (const char *s = arg ? arg : ""; *s; s++) {
        if (*s != '\\') {
          putchar(*s);
          continue;
        }
        int used = escape(s + 1, 1);
        if (used < 0) return -1;
        s += used;
      }
      break;
    }
    case 'c':
      spec[n++] = 'c';
      spec[n] = '\0';
      printf(spec, arg && *arg ? *arg : '\0');
      break;
    case 'd':
    case 'i':
      spec[n++] = 'l', spec[n++] = 'l', spec[n++] = 'd';
      spec[n] = '\0';
      printf(spec, number(arg));
      break;
    case 'o':
    case 'u':
    case 'x':
    case 'X':
      spec[n++] = 'l', spec[n++] = 'l', spec[n++] = conv;
      spec[n] = '\0';
      printf(spec, (unsigned long long)number(arg));
      break;
    default:
      fprintf(stderr, "printf: %%%c: invalid conversion\n", conv);
      status = 1;
      return 0;
    }
  }
  return 0;
}

int main(int argc, char **argv) {
  int i = 1;
  if (i < argc && strcmp(argv[i], "--") == 0) i++;
  if (i >= argc) {
    fprintf(stderr, "usage: printf format [argument...]\n");
    return 2;
  }
  const char *format = argv[i];
  args = argv + i + 1;
  nargs = argc - i - 1;
  /* Reuse the format while arguments remain (and at least once). */
  do {
    int before = next_arg;
    if (format_once(format) < 0) break;
    if (next_arg == before) break;
  } while (next_arg < nargs);
  return fflush(stdout) ? 1 : status;
}
