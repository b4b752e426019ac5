/* FILE records: the three standard streams, fopen/fdopen/fclose, buffering and flushing.
 * Buffers are allocated on first use; stdout decides between line and full buffering then
 * (line-buffered on a terminal), stderr is unbuffered. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "libc.h"
#include "stdio_impl.h"

static struct __stdio_file std_files[3] = {
    {.fd = 0, .flags = F_READ | F_STATIC, .mode = -1, .ungot = EOF},
    {.fd = 1, .flags = F_WRITE | F_STATIC, .mode = -1, .ungot = EOF},
    {.fd = 2, .flags = F_WRITE | F_STATIC, .mode = _IONBF, .ungot = EOF},
};

FILE *const stdin = &std_files[0];
FILE *const stdout = &std_files[1];
FILE *const stderr = &std_files[2];

static FILE *open_files; /* streams from fopen/fdopen, for flush at exit */

void __stdio_setup(FILE *f) {
  if (f->mode < 0) f->mode = isatty(f->fd) ? _IOLBF : _IOFBF;
  if (f->buf || f->mode == _IONBF) return;
  f->buf = malloc(BUFSIZ);
  if (!f->buf) {
    f->mode = _IONBF;
    return;
  }
  f->size = BUFSIZ;
  f->flags |= F_OWNBUF;
}

static int write_all(FILE *f, const unsigned char *p, size_t n) {
  while (n > 0) {
    ssize_t k = write(f->fd, p, n);
    if (k < 0) {
      if (errno == EINTR) continue;
      f->flags |= F_ERR;
      return EOF;
    }
    p += k;
    n -= (size_t)k;
  }
  return 0;
}

int __stdio_flush(FILE *f) {
  if (f->wpos == 0) return 0;
  size_t n = f->wpos;
  f->wpos = 0;
  return write_all(f, f->buf, n);
}

int __stdio_write(FILE *f, const void *data, size_t n) {
  const unsigned char *p = data;
  if (!(f->flags & F_WRITE)) {
    f->flags |= F_ERR;
    errno = EBADF;
    return EOF;
  }
  if (f->rend > f->rpos) {
    /* Switching from reading: drop the read-ahead by seeking back over it. */
    lseek(f->fd, -(off_t)(f->rend - f->rpos), SEEK_CUR);
  }
  f->rpos = f->rend = 0;
  __stdio_setup(f);
  if (f->mode == _IONBF) return write_all(f, p, n);
  while (n > 0) {
    size_t room = f->size - f->wpos;
    size_t k = n < room ? n : room;
    memcpy(f->buf + f->wpos, p, k);
    f->wpos += k;
    if (f->wpos == f->size && __stdio_flush(f)) return EOF;
    if (f->mode == _IOLBF && memchr(p, '\n', k) && __stdio_flush(f)) return EOF;
    p += k;
    n -= k;
  }
  return 0;
}

size_t __stdio_fill(FILE *f) {
  if (!(f->flags & F_READ)) {
    f->flags |= F_ERR;
    return 0;
  }
  /* Reading from a terminal or pipe: make prompts visible first. */
  if (stdout->wpos) __stdio_flush(stdout);
  if (f->wpos) __stdio_flush(f);
  __stdio_setup(f);
  unsigned char one;
  unsigned char *dst = f->buf ? f->buf : &one;
  size_t cap = f->buf ? f->size : 1;
  for (;;) {
    ssize_t k = read(f->fd, dst, cap);
    if (k < 0 && errno == EINTR) continue;
    if (k <= 0) {
      f->flags |= k == 0 ? F_EOF : F_ERR;
      f->rpos = f->rend = 0;
      return 0;
    }
    if (!f->buf) {
      /* Unbuffered read: hand the byte back through ungot. */
      f->ungot = one;
      return 1;
    }
    f->rpos = 0;
    f->rend = (size_t)k;
    return (size_t)k;
  }
}

int __stdio_parse_mode(const char *mode, int *oflags) {
  int flags;
  switch (mode[0]) {
    case 'r':
      flags = F_READ;
      *oflags = O_RDONLY;
      break;
    case 'w':
      flags = F_WRITE;
      *oflags = O_WRONLY | O_CREAT | O_TRUNC;
      break;
    case 'a':
      flags = F_WRITE | F_APPEND;
      *oflags = O_WRONLY | O_CREAT | O_APPEND;
      break;
    default:
      return -1;
  }
  if (strchr(mode, '+')) {
    flags |= F_READ | F_WRITE;
    *oflags = (*oflags & ~O_ACCMODE) | O_RDWR;
  }
  return flags;
}

FILE *__stdio_open_fd(int fd, int flags) {
  FILE *f = calloc(1, sizeof *f);
  if (!f) return 0;
  f->fd = fd;
  f->flags = flags;
  f->mode = -1;
  f->ungot = EOF;
  f->next = open_files;
  open_files = f;
  return f;
}

FILE *fopen(const char *path, const char *mode) {
  int oflags;
  int flags = __stdio_parse_mode(mode, &oflags);
  if (flags < 0) {
    errno = EINVAL;
    return 0;
  }
  int fd = open(path, oflags, 0666);
  if (fd < 0) return 0;
  FILE *f = __stdio_open_fd(fd, flags);
  if (!f) close(fd);
  return f;
}

FILE *fdopen(int fd, const char *mode) {
  int oflags;
  int flags = __stdio_parse_mode(mode, &oflags);
  if (flags < 0) {
    errno = EINVAL;
    return 0;
  }
  return __stdio_open_fd(fd, flags);
}

FILE *freopen(const char *path, const char *mode, FILE *f) {
  int oflags;
  int flags = __stdio_parse_mode(mode, &oflags);
  if (flags < 0 || !path) {
    errno = EINVAL;
    return 0;
  }
  fflush(f);
  int fd = open(path, oflags, 0666);
  if (fd < 0) return 0;
  if (dup2(fd, f->fd) < 0) {
    close(fd);
    return 0;
  }
  close(fd);
  f->flags = (f->flags & (F_OWNBUF | F_STATIC)) | flags;
  f->rpos = f->rend = f->wpos = 0;
  f->ungot = EOF;
  return f;
}

/* Gives unread input back to the file, so that the descriptor's offset is the stream's
 * position (POSIX fflush on an input stream; it lets `{ head -n 1; cat; } < file` work).
 * Pipes and terminals cannot seek: there the read-ahead stays in the buffer. */
static void sync_input(FILE *f) {
  size_t ahead = f->rend - f->rpos + (f->ungot != EOF);
  if (ahead == 0) return;
  int saved = errno;
  if (lseek(f->fd, -(off_t)ahead, SEEK_CUR) >= 0) {
    f->rpos = f->rend = 0;
    f->ungot = EOF;
  }
  errno = saved;
}

int fclose(FILE *f) {
  int r = fflush(f);
  if (close(f->fd) < 0) r = EOF;
  if (f->flags & F_OWNBUF) free(f->buf);
  f->buf = 0;
  if (f->flags & F_STATIC) return r;
  for (FILE **p = &open_files; *p; p = &(*p)->next) {
    if (*p == f) {
      *p = f->next;
      break;
    }
  }
  free(f);
  return r;
}

int fflush(FILE *f) {
  if (!f) {
    __stdio_flush_all();
    return 0;
  }
  sync_input(f);
  return __stdio_flush(f);
}

/* fflush(NULL), and exit(): output is written, input positions are given back. */
void __stdio_flush_all(void) {
  sync_input(stdin);
  __stdio_flush(stdout);
  __stdio_flush(stderr);
  for (FILE *f = open_files; f; f = f->next) {
    sync_input(f);
    __stdio_flush(f);
  }
}

int fileno(FILE *f) { return f->fd; }

int setvbuf(FILE *f, char *buf, int mode, size_t size) {
  if (mode != _IOFBF && mode != _IOLBF && mode != _IONBF) return -1;
  __stdio_flush(f);
  if (f->flags & F_OWNBUF) free(f->buf);
  f->flags &= ~F_OWNBUF;
  f->buf = 0;
  f->size = 0;
  f->mode = mode;
  if (mode != _IONBF && buf && size) {
    f->buf = (unsigned char *)buf;
    f->size = size;
  }
  return 0;
}

void setbuf(FILE *f, char *buf) { setvbuf(f, buf, buf ? _IOFBF : _IONBF, BUFSIZ); }

int feof(FILE *f) { return (f->flags & F_EOF) != 0; }
int ferror(FILE *f) { return (f->flags & F_ERR) != 0; }
void clearerr(FILE *f) { f->flags &= ~(F_EOF | F_ERR); }
