/* tee: copies stdin to stdout and to each named file; -a appends instead of truncating. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv) {
  int flags = O_WRONLY | O_CREAT | O_TRUNC, i = 1, status = 0;
  for (; i < argc && argv[i][0] == '-' && argv[i][1] != '\0'; i++) {
    if (strcmp(argv[i], "-a") == 0) flags = O_WRONLY | O_CREAT | O_APPEND;
    else if (strcmp(argv[i], "-i") != 0) {
      fprintf(stderr, "usage: tee [-a] [file...]\n");
      return 2;
    }
  }
  int n = argc - i;
  int *fds = malloc(((size_t)n + 1) * sizeof *fds);
  if (fds == NULL) return 1;
  fds[0] = 1;
  for (int k = 0; k < n; k++) {
    fds[k + 1] = open(argv[i + k], flags, 0666);
    if (fds[k + 1] < 0) {
      fprintf(stderr, "tee: %s: %s\n", argv[i + k], strerror(errno));
      status = 1;
    }
  }
  static char buf[8192];
  for (;;) {
    long r = read(0, buf, sizeof buf);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) break;
    for (int k = 0; k <= n; k++) {
      if (fds[k] < 0) continue;
      for (long done = 0; done < r;) {
        long w = write(fds[k], buf + done, (size_t)(r - done));
        if (w < 0) {
          fprintf(stderr, "tee: %s: %s\n", k == 0 ? "stdout" : argv[i + k - 1], strerror(errno));
          fds[k] = -1;
          status = 1;
          break;
        }
        done += w;
      }
    }
  }
  for (int k = 1; k <= n; k++)
    if (fds[k] >= 0) close(fds[k]);
  return status;
}
