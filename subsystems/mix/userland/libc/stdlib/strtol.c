/* String to integer conversions with C semantics: leading space, sign, base 0/8/10/16
 * prefixes, saturation with ERANGE, *end at the first unused character. */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>

/* Parses the magnitude; sets *negative (and errno = ERANGE on overflow); returns it
 * saturated at limit. */
static unsigned long long parse(const char *s, char **end, int base, unsigned long long limit,
                                int *negative, int *overflowed) {
  const char *p = s;
  int overflow = 0;
  *overflowed = 0;
  while (isspace((unsigned char)*p)) p++;
  *negative = 0;
  if (*p == '-' || *p == '+') *negative = *p++ == '-';
  if ((base == 0 || base == 16) && p[0] == '0' && (p[1] | 32) == 'x' && isxdigit((unsigned char)p[2])) {
    p += 2;
    base = 16;
  } else if (base == 0) {
    base = *p == '0' ? 8 : 10;
  }
  if (base < 2 || base > 36) {
    errno = EINVAL;
    if (end) *end = (char *)s;
    return 0;
  }
  unsigned long long v = 0;
  const char *digits_start = p;
  for (;; p++) {
    int c = (unsigned char)*p, d;
    if (isdigit(c))
      d = c - '0';
    else if (isalpha(c))
      d = (c | 32) - 'a' + 10;
    else
      break;
    if (d >= base) break;
    if (v > (limit - (unsigned)d) / (unsigned)base)
      overflow = 1;
    else
      v = v * (unsigned)base + (unsigned)d;
  }
  if (end) *end = (char *)(p == digits_start ? s : p);
  *overflowed = overflow;
  if (overflow) {
    errno = ERANGE;
    return limit;
  }
  return v;
}

long long strtoll(const char *s, char **end, int base) {
  int neg, over;
  unsigned long long v = parse(s, end, base, (unsigned long long)LLONG_MAX + 1, &neg, &over);
  if (!neg && v > (unsigned long long)LLONG_MAX) {
    errno = ERANGE;
    return LLONG_MAX;
  }
  return neg ? (long long)-v : (long long)v;
}

/* The unsigned forms negate in-range values ("-1" is the maximum) but saturate on overflow
 * whatever the sign. */
unsigned long long strtoull(const char *s, char **end, int base) {
  int neg, over;
  unsigned long long v = parse(s, end, base, ULLONG_MAX, &neg, &over);
  return neg && !over ? -v : v;
}

long strtol(const char *s, char **end, int base) {
  int neg, over;
  unsigned long long v = parse(s, end, base, (unsigned long long)LONG_MAX + 1, &neg, &over);
  if (!neg && v > (unsigned long long)LONG_MAX) {
    errno = ERANGE;
    return LONG_MAX;
  }
  return neg ? (long)-v : (long)v;
}

unsigned long strtoul(const char *s, char **end, int base) {
  int neg, over;
  unsigned long long v = parse(s, end, base, ULONG_MAX, &neg, &over);
  return neg && !over ? (unsigned long)-v : (unsigned long)v;
}

int atoi(const char *s) { return (int)strtol(s, 0, 10); }
long atol(const char *s) { return strtol(s, 0, 10); }
long long atoll(const char *s) { return strtoll(s, 0, 10); }
