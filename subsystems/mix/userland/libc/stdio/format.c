/* The printf engine: %d %i %u %x %X %o %c %s %p %% %n, and %f %F %e %E %g %G through
 * format_float.c (integer arithmetic only), with flags "-+ #0", field width and precision
 * (also "*"), and the length modifiers hh h l ll z j t (L is taken as double). */
#include <stdint.h>
#include <string.h>

#include "format.h"

#define FL_LEFT 1
#define FL_PLUS 2
#define FL_SPACE 4
#define FL_ALT 8
#define FL_ZERO 16

static void pad(format_sink sink, void *ctx, char c, int n) {
  char block[16];
  memset(block, c, sizeof block);
  while (n > 0) {
    int k = n < (int)sizeof block ? n : (int)sizeof block;
    sink(ctx, block, (size_t)k);
    n -= k;
  }
}

/* Digits of v in base, least significant last, into the end of buf; returns the start. */
static char *digits(char *end, unsigned long long v, unsigned base, int upper) {
  const char *set = upper ? "0123456789ABCDEF" : "0123456789abcdef";
  char *p = end;
  if (v <= 0xffffffffULL) {
    /* 32-bit fast path: no 64-bit division helper calls. */
    unsigned long w = (unsigned long)v;
    do {
      *--p = set[w % base];
      w /= base;
    } while (w);
    return p;
  }
  do {
    *--p = set[v % base];
    v /= base;
  } while (v);
  return p;
}

/* Pads and signs a floating-point body; kept out of __format so its large buffer is only
 * on the stack while a float is being printed. */
__attribute__((noinline)) static void emit_float(format_sink sink, void *ctx, int conv, int flags, int width, int prec,
                       unsigned long long bits, int *total) {
  char body[FLOAT_BODY_MAX];
  int negative;
  int len = __format_float(body, conv, (flags & FL_ALT) != 0, prec, bits, &negative);
  const char *sign = negative ? "-" : (flags & FL_PLUS) ? "+" : (flags & FL_SPACE) ? " " : "";
  int sign_len = (int)strlen(sign);
  int finite = body[0] >= '0' && body[0] <= '9';
  int fill = width > len + sign_len ? width - len - sign_len : 0;
  if (!(flags & FL_LEFT) && !((flags & FL_ZERO) && finite)) pad(sink, ctx, ' ', fill);
  sink(ctx, sign, (size_t)sign_len);
  if (!(flags & FL_LEFT) && (flags & FL_ZERO) && finite) pad(sink, ctx, '0', fill);
  sink(ctx, body, (size_t)len);
  if (flags & FL_LEFT) pad(sink, ctx, ' ', fill);
  *total += sign_len + len + fill;
}

int __format(format_sink sink, void *ctx, const char *fmt, va_list ap) {
  int total = 0;
  char buf[32];
  while (*fmt) {
    if (*fmt != '%') {
      const char *start = fmt;
      while (*fmt && *fmt != '%') fmt++;
      sink(ctx, start, (size_t)(fmt - start));
      total += (int)(fmt - start);
      continue;
    }
    fmt++;
    int flags = 0;
    for (;; fmt++) {
      if (*fmt == '-')
        flags |= FL_LEFT;
      else if (*fmt == '+')
        flags |= FL_PLUS;
      else if (*fmt == ' ')
        flags |= FL_SPACE;
      else if (*fmt == '#')
        flags |= FL_ALT;
      else if (*fmt == '0')
        flags |= FL_ZERO;
      else
        break;
    }
    int width = 0;
    if (*fmt == '*') {
      width = va_arg(ap, int);
      if (width < 0) {
        flags |= FL_LEFT;
        width = -width;
      }
      fmt++;
    } else {
      while (*fmt >= '0' && *fmt <= '9') width = width * 10 + (*fmt++ - '0');
    }
    int prec = -1;
    if (*fmt == '.') {
      fmt++;
      prec = 0;
      if (*fmt == '*') {
        prec = va_arg(ap, int);
        if (prec < 0) prec = -1;
        fmt++;
      } else {
        while (*fmt >= '0' && *fmt <= '9') prec = prec * 10 + (*fmt++ - '0');
      }
    }
    int len = 0; /* -2 hh, -1 h, 0 int, 1 long, 2 long long */
    for (;; fmt++) {
      if (*fmt == 'h')
        len = len < 0 ? -2 : -1;
      else if (*fmt == 'l')
        len = len >= 1 ? 2 : 1;
      else if (*fmt == 'z' || *fmt == 't')
        len = 1;
      else if (*fmt == 'L')
        len = 0;
      else if (*fmt == 'j')
        len = 2;
      else
        break;
    }
    char conv = *fmt;
    if (!conv) break;
    fmt++;

    const char *body = buf;
    int body_len = 0;
    const char *prefix = "";
    int zeros = 0;
    unsigned long long uv = 0;
    int is_signed = 0, negative = 0;
    unsigned base = 10;
    switch (conv) {
      case '%':
        buf[0] = '%';
        body_len = 1;
        break;
      case 'c':
        buf[0] = (char)va_arg(ap, int);
        body_len = 1;
        break;
      case 's': {
        const char *s = va_arg(ap, const char *);
        if (!s) s = "(null)";
        body = s;
        body_len = (int)(prec >= 0 ? strnlen(s, (size_t)prec) : strlen(s));
        break;
      }
      case 'f':
      case 'F':
      case 'e':
      case 'E':
      case 'g':
      case 'G': {
        /* Read the double's bits as an integer pair: every family's (soft-float) variadic
         * convention passes a double exactly like an unsigned long long, and no FPU
         * instruction is involved. */
        unsigned long long bits = va_arg(ap, unsigned long long);
        emit_float(sink, ctx, conv, flags, width, prec, bits, &total);
        continue;
      }
      case 'n':
        if (len == 2)
          *va_arg(ap, long long *) = total;
        else if (len == 1)
          *va_arg(ap, long *) = total;
        else
          *va_arg(ap, int *) = total;
        continue;
      case 'p':
        uv = (uintptr_t)va_arg(ap, void *);
        base = 16;
        prefix = "0x";
        break;
      case 'd':
      case 'i':
        is_signed = 1;
        break;
      case 'u':
        break;
      case 'o':
        base = 8;
        break;
      case 'x':
      case 'X':
        base = 16;
        break;
      default:
        buf[0] = '%';
        buf[1] = conv;
        body_len = 2;
        break;
    }
    if (conv == 'd' || conv == 'i' || conv == 'u' || conv == 'o' || conv == 'x' || conv == 'X') {
      if (is_signed) {
        long long sv = len == 2   ? va_arg(ap, long long)
                       : len == 1 ? va_arg(ap, long)
                                  : va_arg(ap, int);
        if (len == -1) sv = (short)sv;
        if (len == -2) sv = (signed char)sv;
        negative = sv < 0;
        uv = negative ? -(unsigned long long)sv : (unsigned long long)sv;
      } else {
        uv = len == 2   ? va_arg(ap, unsigned long long)
             : len == 1 ? va_arg(ap, unsigned long)
                        : va_arg(ap, unsigned int);
        if (len == -1) uv = (unsigned short)uv;
        if (len == -2) uv = (unsigned char)uv;
      }
    }
    if (conv == 'd' || conv == 'i' || conv == 'u' || conv == 'o' || conv == 'x' || conv == 'X' ||
        conv == 'p') {
      char *end = buf + sizeof buf;
      char *start = (prec == 0 && uv == 0) ? end : digits(end, uv, base, conv == 'X');
      body = start;
      body_len = (int)(end - start);
      if (prec > body_len) zeros = prec - body_len;
      if (negative)
        prefix = "-";
      else if (is_signed && (flags & FL_PLUS))
        prefix = "+";
      else if (is_signed && (flags & FL_SPACE))
        prefix = " ";
      else if ((flags & FL_ALT) && uv != 0 && base == 16)
        prefix = conv == 'X' ? "0X" : "0x";
      else if ((flags & FL_ALT) && base == 8 && zeros == 0 && (body_len == 0 || body[0] != '0'))
        prefix = "0"; /* # makes the first octal digit a 0, unless the precision already did */
      int used = (int)strlen(prefix) + zeros + body_len;
      if ((flags & FL_ZERO) && !(flags & FL_LEFT) && prec < 0 && width > used) zeros += width - used;
    }
    int prefix_len = (int)strlen(prefix);
    int used = prefix_len + zeros + body_len;
    int fill = width > used ? width - used : 0;
    if (!(flags & FL_LEFT)) pad(sink, ctx, ' ', fill);
    if (prefix_len) sink(ctx, prefix, (size_t)prefix_len);
    pad(sink, ctx, '0', zeros);
    sink(ctx, body, (size_t)body_len);
    if (flags & FL_LEFT) pad(sink, ctx, ' ', fill);
    total += used + fill;
  }
  return total;
}
