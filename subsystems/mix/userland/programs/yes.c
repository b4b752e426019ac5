/* yes: writes its arguments (or "y") followed by a newline, forever, until the write fails. */
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv) {
  char buf[4096];
  size_t len = 0;
  if (argc < 2) {
    buf[len++] = 'y';
  } else {
    for (int i = 1; i < argc; i++) {
      size_t n = strlen(argv[i]);
      if (len + n + 2 > sizeof buf) n = sizeof buf - len - 2;
      memcpy(buf + len, argv[i], n);
      len += n;
      if (i + 1 < argc) buf[len++] = ' ';
    }
  }
  buf[len++] = '\n';
  /* Fill the buffer with whole copies of the line so that each write carries many of them. */
  size_t line = len;
  while (len + line <= sizeof buf) {
    memcpy(buf + len, buf, line);
    len += line;
  }
  for (;;) {
    if (write(1, buf, len) < 0) return 1;
  }
}
