/* <limits.h>: integer limits from the compiler's predefined macros, plus the POSIX path and
 * argument limits this library and MiX agree on. */
#ifndef _LIMITS_H
#define _LIMITS_H

#define CHAR_BIT 8
#define SCHAR_MIN (-128)
#define SCHAR_MAX 127
#define UCHAR_MAX 255
#ifdef __CHAR_UNSIGNED__
#define CHAR_MIN 0
#define CHAR_MAX 255
#else
#define CHAR_MIN (-128)
#define CHAR_MAX 127
#endif
#define SHRT_MIN (-1 - 0x7fff)
#define SHRT_MAX 0x7fff
#define USHRT_MAX 0xffff
#define INT_MIN (-1 - 0x7fffffff)
#define INT_MAX 0x7fffffff
#define UINT_MAX 0xffffffffU
#define LONG_MIN (-1L - 0x7fffffffL)
#define LONG_MAX 0x7fffffffL
#define ULONG_MAX 0xffffffffUL
#define LLONG_MIN (-1LL - 0x7fffffffffffffffLL)
#define LLONG_MAX 0x7fffffffffffffffLL
#define ULLONG_MAX 0xffffffffffffffffULL
#define SSIZE_MAX LONG_MAX

#define PATH_MAX 4096
#define NAME_MAX 255
#define ARG_MAX 131072
#define PIPE_BUF 4096
#define OPEN_MAX 64
#define LINE_MAX 2048

#endif
