/* fseek/ftell/rewind: flush pending output, drop read-ahead, then lseek. */
#include <unistd.h>

#include "stdio_impl.h"

int fseek(FILE *f, long offset, int whence) {
  if (__stdio_flush(f)) return -1;
  if (whence == SEEK_CUR) offset -= (long)(f->rend - f->rpos) + (f->ungot != EOF);
  f->rpos = f->rend = 0;
  f->ungot = EOF;
  if (lseek(f->fd, offset, whence) < 0) return -1;
  f->flags &= ~F_EOF;
  return 0;
}

long ftell(FILE *f) {
  long pos = lseek(f->fd, 0, SEEK_CUR);
  if (pos < 0) return -1;
  return pos - (long)(f->rend - f->rpos) - (f->ungot != EOF) + (long)f->wpos;
}

void rewind(FILE *f) {
  fseek(f, 0, SEEK_SET);
  clearerr(f);
}
