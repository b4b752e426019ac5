/*
 * env: runs a command in a modified environment, or prints the environment.
 * `env [-i] [-u NAME]... [NAME=VALUE]... [command [arg...]]`; -i starts from an empty one.
 * Exits 127 when the command is not found, 126 when it cannot be run.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

extern char **environ;

int main(int argc, char **argv) {
  int i = 1;
  for (; i < argc && argv[i][0] == '-'; i++) {
    if (strcmp(argv[i], "-i") == 0 || strcmp(argv[i], "-") == 0) {
      clearenv();
    } else if (strcmp(argv[i], "-u") == 0 && i + 1 < argc) {
      unsetenv(argv[++i]);
    } else if (strcmp(argv[i], "--") == 0) {
      i++;
      break;
    } else {
      fprintf(stderr, "usage: env [-i] [-u name] [name=value...] [command [arg...]]\n");
      return 2;
    }
  }
  for (; i < argc && strchr(argv[i], '=') != NULL; i++) {
    char *eq = strchr(argv[i], '=');
    *eq = '\0';
    if (setenv(argv[i], eq + 1, 1) < 0) {
      fprintf(stderr, "env: cannot set %s\n", argv[i]);
      return 1;
    }
    *eq = '=';
  }
  if (i == argc) {
    for (char **e = environ; e != NULL && *e != NULL; e++) puts(*e);
    return fflush(stdout) ? 1 : 0;
  }
  execvp(argv[i], argv + i);
  int err = errno;
  fprintf(stderr, "env: %s: %s\n", argv[i], strerror(err));
  return err == ENOENT ? 127 : 126;
}
