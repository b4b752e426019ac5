/* rmdir: removes empty directories; -p also removes each parent named in the path. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv) {
  int parents = 0, i = 1, status = 0;
  if (i < argc && strcmp(argv[i], "-p") == 0) {
    parents = 1;
    i++;
  }
  if (i == argc) {
    fprintf(stderr, "usage: rmdir [-p] dir...\n");
    return 2;
  }
  for (; i < argc; i++) {
    char *path = argv[i];
    for (;;) {
      if (rmdir(path) < 0) {
        fprintf(stderr, "rmdir: %s: %s\n", path, strerror(errno));
        status = 1;
        break;
      }
      if (!parents) break;
      char *slash = strrchr(path, '/');
      while (slash != NULL && slash > path && slash[1] == '\0') {
        *slash = '\0';
        slash = strrchr(path, '/');
      }
      if (slash == NULL || slash == path) break;
      *slash = '\0';
    }
  }
  return status;
}
