/* Private: the printf engine, writing through a sink callback. */
#ifndef _LIBC_INTERNAL_FORMAT_H
#define _LIBC_INTERNAL_FORMAT_H

#include <stdarg.h>
#include <stddef.h>

typedef void (*format_sink)(void *ctx, const char *data, size_t n);

/* Formats fmt with ap into sink; returns the number of characters produced. */
int __format(format_sink sink, void *ctx, const char *fmt, va_list ap);

/* Longest precision honoured for %f/%e/%g, and the body size __format_float may write:
 * 309 integer digits, the point, FLOAT_MAX_PREC decimals (or an exponent form). */
#define FLOAT_MAX_PREC 400
#define FLOAT_BODY_MAX (310 + 1 + FLOAT_MAX_PREC + 8)

/* Formats a double given by its IEEE-754 bits for conversion f, F, e, E, g or G into out
 * (without sign); sets *negative; returns the length. alt is the '#' flag. */
int __format_float(char *out, int conv, int alt, int prec, unsigned long long bits, int *negative);

#endif
