/* Small POSIX helpers: assert's failure path, basename/dirname, fnmatch, times,
 * strtoimax/strtoumax. */
#include <fnmatch.h>
#include <inttypes.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/times.h>

#include "syscall.h"

_Noreturn void __assert_fail(const char *expr, const char *file, int line, const char *func) {
  fprintf(stderr, "%s:%d: %s: assertion \"%s\" failed\n", file, line, func, expr);
  abort();
}

char *basename(char *path) {
  static char dot[] = ".";
  if (!path || !*path) return dot;
  size_t n = strlen(path);
  while (n > 1 && path[n - 1] == '/') path[--n] = 0;
  char *slash = strrchr(path, '/');
  return slash && slash[1] ? slash + 1 : path;
}

char *dirname(char *path) {
  static char dot[] = ".";
  if (!path || !*path) return dot;
  size_t n = strlen(path);
  while (n > 1 && path[n - 1] == '/') n--;
  while (n > 0 && path[n - 1] != '/') n--;
  if (n == 0) return dot;
  while (n > 1 && path[n - 1] == '/') n--;
  path[n] = 0;
  return path;
}

/* Matches one bracket expression at p (just after '[') against c; returns the position
 * after it, or NULL when it is malformed (then '[' is taken literally). A backslash escapes
 * the next character unless FNM_NOESCAPE. */
static const char *match_bracket(const char *p, int c, int flags, int *matched) {
  int negate = *p == '!' || *p == '^';
  if (negate) p++;
  int hit = 0;
  int first = 1;
  while (*p && (first || *p != ']')) {
    first = 0;
    if (*p == '\\' && !(flags & FNM_NOESCAPE) && p[1]) p++;
    int lo = (unsigned char)*p++;
    int hi = lo;
    if (*p == '-' && p[1] && p[1] != ']') {
      p++;
      if (*p == '\\' && !(flags & FNM_NOESCAPE) && p[1]) p++;
      hi = (unsigned char)*p++;
    }
    if (c >= lo && c <= hi) hit = 1;
  }
  if (*p != ']') return 0;
  *matched = hit != negate;
  return p + 1;
}

int fnmatch(const char *pattern, const char *string, int flags) {
  const char *p = pattern, *s = string;
  const char *star_p = 0, *star_s = 0;
  while (*s) {
    int leading_period = *s == '.' && (flags & FNM_PERIOD) &&
                         (s == string || ((flags & FNM_PATHNAME) && s[-1] == '/'));
    if (*p == '*' && !leading_period) {
      while (*p == '*') p++;
      star_p = p;
      star_s = s;
      continue;
    }
    int ok = 0;
    const char *next = p + 1;
    if (*p == '?') {
      ok = !leading_period && !((flags & FNM_PATHNAME) && *s == '/');
    } else if (*p == '[' && !leading_period && !((flags & FNM_PATHNAME) && *s == '/')) {
      const char *after = match_bracket(p + 1, (unsigned char)*s, flags, &ok);
      if (after)
        next = after;
      else
        ok = *s == '[';
    } else if (*p == '\\' && !(flags & FNM_NOESCAPE) && p[1]) {
      ok = p[1] == *s;
      next = p + 2;
    } else {
      ok = *p && *p == *s;
    }
    if (ok) {
      p = next;
      s++;
      continue;
    }
    if (!star_p || ((flags & FNM_PATHNAME) && *star_s == '/')) return FNM_NOMATCH;
    p = star_p;
    s = ++star_s;
  }
  while (*p == '*') p++;
  return *p ? FNM_NOMATCH : 0;
}

clock_t times(struct tms *buf) { return (clock_t)__sys_ret(__sys1(SYS_times, buf)); }

intmax_t strtoimax(const char *s, char **end, int base) { return strtoll(s, end, base); }
uintmax_t strtoumax(const char *s, char **end, int base) { return strtoull(s, end, base); }
