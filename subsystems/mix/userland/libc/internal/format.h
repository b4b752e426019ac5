/* Private: the printf engine, writing through a sink callback. */
#ifndef _LIBC_INTERNAL_FORMAT_H
#define _LIBC_INTERNAL_FORMAT_H

#include <stdarg.h>
#include <stddef.h>

typedef void (*format_sink)(void *ctx, const char *data, size_t n);

/* Formats fmt with ap into sink; returns the number of characters produced. */
int __format(format_sink sink, void *ctx, const char *fmt, va_list ap);

#endif
