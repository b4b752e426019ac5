/*
 * ln: makes links. `ln [-s] [-f] TARGET [LINK]`, or `ln [-s] [-f] TARGET... DIR`.
 * -s makes symbolic links, -f removes an existing destination first.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *base_name(const char *path) {
  size_t len = strlen(path);
  while (len > 1 && path[len - 1] == '/') len--;
  const char *slash = path + len;
  while (slash > path && slash[-1] != '/') slash--;
  return slash;
}

int main(int argc, char **argv) {
  int symbolic = 0, force = 0, i = 1;
  for (; i < argc && argv[i][0] == '-' && argv[i][1] != '\0'; i++) {
    for (const char *p = argv[i] + 1; *p; p++) {
      if (*p == 's') symbolic = 1;
      else if (*p == 'f') force = 1;
      else {
        fprintf(stderr, "ln: unknown option -%c\nusage: ln [-sf] target [link]\n", *p);
        return 2;
      }
    }
  }
  int n = argc - i;
  if (n < 1) {
    fprintf(stderr, "usage: ln [-sf] target [link] | ln [-sf] target... dir\n");
    return 2;
  }
  const char *last = n == 1 ? "." : argv[argc - 1];
  struct stat st;
  int into_dir = stat(last, &st) == 0 && S_ISDIR(st.st_mode);
  if (n > 2 && !into_dir) {
    fprintf(stderr, "ln: %s: not a directory\n", last);
    return 1;
  }
  int count = n == 1 ? 1 : n - 1, status = 0;
  for (int k = 0; k < count; k++) {
    const char *target = argv[i + k];
    char *link_name;
    if (into_dir) {
      const char *b = base_name(target);
      link_name = malloc(strlen(last) + strlen(b) + 2);
      if (link_name == NULL) return 1;
      sprintf(link_name, "%s/%s", last, b);
    } else {
      link_name = strdup(last);
      if (link_name == NULL) return 1;
    }
    if (force) unlink(link_name);
    if ((symbolic ? symlink(target, link_name) : link(target, link_name)) < 0) {
      fprintf(stderr, "ln: %s: %s\n", link_name, strerror(errno));
      status = 1;
    }
    free(link_name);
  }
  return status;
}
