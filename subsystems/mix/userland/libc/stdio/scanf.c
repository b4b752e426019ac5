/* sscanf for the conversions line-oriented tools use: %d %i %u %x %o (with hh h l ll), %s,
 * %c, %[set] (with ^ and ranges), %n, %%, field widths and "*" suppression. Returns the
 * number of assignments, or EOF when the input ends before any assignment was made. */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int in_set(const char *set, const char *end, int c) {
  int negate = *set == '^';
  if (negate) set++;
  int hit = 0;
  for (const char *p = set; p < end; p++) {
    if (p[1] == '-' && p + 2 < end) {
      if (c >= (unsigned char)p[0] && c <= (unsigned char)p[2]) hit = 1;
      p += 2;
    } else if ((unsigned char)*p == c) {
      hit = 1;
    }
  }
  return hit != negate;
}

static void store_int(va_list *ap, int len, unsigned long long v) {
  switch (len) {
    case -2: *va_arg(*ap, char *) = (char)v; break;
    case -1: *va_arg(*ap, short *) = (short)v; break;
    case 1: *va_arg(*ap, long *) = (long)v; break;
    case 2: *va_arg(*ap, long long *) = (long long)v; break;
    default: *va_arg(*ap, int *) = (int)v; break;
  }
}

int vsscanf(const char *s, const char *fmt, va_list ap_in);
int vsscanf(const char *s, const char *fmt, va_list ap_in) {
  va_list ap;
  va_copy(ap, ap_in);
  const char *start = s;
  int assigned = 0;
  while (*fmt) {
    if (isspace((unsigned char)*fmt)) {
      while (isspace((unsigned char)*fmt)) fmt++;
      while (isspace((unsigned char)*s)) s++;
      continue;
    }
    if (*fmt != '%' || fmt[1] == '%') {
      if (*fmt == '%') fmt++;
      if (!*s) {
        va_end(ap);
        return assigned ? assigned : EOF; /* input failure */
      }
      if (*s != *fmt) break;
      s++, fmt++;
      continue;
    }
    fmt++;
    int suppress = *fmt == '*';
    if (suppress) fmt++;
    int width = 0;
    while (isdigit((unsigned char)*fmt)) width = width * 10 + (*fmt++ - '0');
    int len = 0;
    for (;; fmt++) {
      if (*fmt == 'h') len = len < 0 ? -2 : -1;
      else if (*fmt == 'l') len = len >= 1 ? 2 : 1;
      else if (*fmt == 'z' || *fmt == 'j' || *fmt == 't') len = 1;
      else break;
    }
    char conv = *fmt++;
    if (conv == 'n') {
      if (!suppress) store_int(&ap, len, (unsigned long long)(s - start));
      continue;
    }
    if (conv != 'c' && conv != '[') while (isspace((unsigned char)*s)) s++;
    if (!*s) {
      va_end(ap);
      return assigned ? assigned : EOF; /* input failure */
    }
    if (width == 0) width = conv == 'c' ? 1 : 0x7fffffff;
    if (conv == 'd' || conv == 'i' || conv == 'u' || conv == 'x' || conv == 'X' || conv == 'o') {
      char digits[64];
      int k = 0;
      while (k < width && k < (int)sizeof digits - 1 && s[k] &&
             (isalnum((unsigned char)s[k]) || ((s[k] == '-' || s[k] == '+') && k == 0)))
        digits[k] = s[k], k++;
      digits[k] = 0;
      int base = conv == 'd' || conv == 'u' ? 10 : conv == 'o' ? 8 : conv == 'i' ? 0 : 16;
      char *end;
      unsigned long long v = (conv == 'd' || conv == 'i') ? (unsigned long long)strtoll(digits, &end, base)
                                                          : strtoull(digits, &end, base);
      if (end == digits) break;
      s += end - digits;
      if (!suppress) {
        store_int(&ap, len, v);
        assigned++;
      }
    } else if (conv == 's' || conv == 'c' || conv == '[') {
      const char *set = fmt, *set_end = fmt;
      if (conv == '[') {
        if (*set_end == '^') set_end++;
        if (*set_end == ']') set_end++;
        while (*set_end && *set_end != ']') set_end++;
        fmt = *set_end ? set_end + 1 : set_end;
      }
      char *dst = suppress ? 0 : va_arg(ap, char *);
      int k = 0;
      while (k < width && s[k]) {
        int c = (unsigned char)s[k];
        if (conv == 's' && isspace(c)) break;
        if (conv == '[' && !in_set(set, set_end, c)) break;
        if (dst) dst[k] = (char)c;
        k++;
      }
      if (k == 0) break;
      if (dst && conv != 'c') dst[k] = 0;
      s += k;
      if (dst) assigned++;
    } else {
      break;
    }
  }
  va_end(ap);
  return assigned;
}

int sscanf(const char *s, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vsscanf(s, fmt, ap);
  va_end(ap);
  return n;
}
