/* Private to libc/stdio: the FILE record and the buffer primitives shared by its files. */
#ifndef _LIBC_INTERNAL_STDIO_IMPL_H
#define _LIBC_INTERNAL_STDIO_IMPL_H

#include <stdio.h>

#define F_READ 1
#define F_WRITE 2
#define F_EOF 4
#define F_ERR 8
#define F_APPEND 16
#define F_OWNBUF 32 /* buf came from malloc and is freed by fclose */
#define F_STATIC 64 /* the FILE record itself is static (stdin/stdout/stderr) */

struct __stdio_file {
  int fd;
  int flags;
  int mode; /* _IOFBF, _IOLBF or _IONBF */
  unsigned char *buf;
  size_t size;
  size_t rpos, rend; /* unread bytes are buf[rpos..rend) */
  size_t wpos;       /* buffered output is buf[0..wpos) */
  int ungot;         /* a pushed-back byte, or EOF */
  struct __stdio_file *next;
};

/* Writes n bytes through the stream's buffer (straight out when unbuffered); 0 or EOF. */
int __stdio_write(FILE *f, const void *data, size_t n);
/* Writes out buffered output; returns 0 or EOF. */
int __stdio_flush(FILE *f);
/* Refills the read buffer; returns the number of bytes now available (0 on end/error). */
size_t __stdio_fill(FILE *f);
/* Allocates the buffer on first use. */
void __stdio_setup(FILE *f);
/* Opens a FILE on fd with fopen-style flags; NULL when out of memory. */
FILE *__stdio_open_fd(int fd, int flags);
/* Parses an fopen mode into open(2) flags and F_ flags; -1 when invalid. */
int __stdio_parse_mode(const char *mode, int *oflags);

#endif
