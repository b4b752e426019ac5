/*
 * mkdir: creates directories. -p creates missing parents and accepts existing directories;
 * -m MODE sets the mode (octal) of the directories named.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static int make_parents(char *path, mode_t mode) {
  for (char *p = path + 1; *p; p++) {
    if (*p != '/') continue;
    *p = '\0';
    struct stat st;
    if (mkdir(path, 0777) < 0 && (errno != EEXIST || stat(path, &st) < 0 || !S_ISDIR(st.st_mode))) {
      if (errno == EEXIST) errno = ENOTDIR;
      *p = '/';
      return -1;
    }
    *p = '/';
  }
  struct stat st;
  if (mkdir(path, mode) < 0) {
    if (errno == EEXIST && stat(path, &st) == 0 && S_ISDIR(st.st_mode)) return 0;
    return -1;
  }
  return 0;
}

int main(int argc, char **argv) {
  int parents = 0, i = 1;
  mode_t mode = 0777;
  for (; i < argc && argv[i][0] == '-' && argv[i][1] != '\0'; i++) {
    if (strcmp(argv[i], "--") == 0) {
      i++;
      break;
    }
    if (strcmp(argv[i], "-p") == 0) {
      parents = 1;
    } else if (strcmp(argv[i], "-m") == 0 && i + 1 < argc) {
      char *end;
      mode = (mode_t)strtol(argv[++i], &end, 8);
      if (*end != '\0') {
        fprintf(stderr, "mkdir: invalid mode '%s' (octal only)\n", argv[i]);
        return 2;
      }
    } else {
      fprintf(stderr, "usage: mkdir [-p] [-m mode] dir...\n");
      return 2;
    }
  }
  if (i == argc) {
    fprintf(stderr, "usage: mkdir [-p] [-m mode] dir...\n");
    return 2;
  }
  int status = 0;
  for (; i < argc; i++) {
    int r = parents ? make_parents(argv[i], mode) : mkdir(argv[i], mode);
    if (r < 0) {
      fprintf(stderr, "mkdir: %s: %s\n", argv[i], strerror(errno));
      status = 1;
    } else if (mode != 0777) {
      chmod(argv[i], mode);
    }
  }
  return status;
}
