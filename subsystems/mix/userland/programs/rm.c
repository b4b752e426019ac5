/*
 * rm: removes files. -r/-R removes directories and their contents; -f ignores missing files
 * and never reports them. Refuses to remove "." and "..".
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int opt_recursive, opt_force;

static int remove_path(const char *path) {
  struct stat st;
  if (lstat(path, &st) < 0) {
    if (opt_force && errno == ENOENT) return 0;
    fprintf(stderr, "rm: %s: %s\n", path, strerror(errno));
    return -1;
  }
  if (!S_ISDIR(st.st_mode)) {
    if (unlink(path) < 0) {
      fprintf(stderr, "rm: %s: %s\n", path, strerror(errno));
      return -1;
    }
    return 0;
  }
  if (!opt_recursive) {
    fprintf(stderr, "rm: %s: is a directory\n", path);
    return -1;
  }
  DIR *d = opendir(path);
  if (d == NULL) {
    fprintf(stderr, "rm: %s: %s\n", path, strerror(errno));
    return -1;
  }
  int result = 0;
  struct dirent *de;
  size_t plen = strlen(path);
  while ((de = readdir(d)) != NULL) {
    const char *n = de->d_name;
    if (n[0] == '.' && (n[1] == '\0' || (n[1] == '.' && n[2] == '\0'))) continue;
    char *child = malloc(plen + strlen(n) + 2);
    if (child == NULL) {
      result = -1;
      break;
    }
    strcpy(child, path);
    child[plen] = '/';
    strcpy(child + plen + 1, n);
    if (remove_path(child) < 0) result = -1;
    free(child);
  }
  closedir(d);
  if (result == 0 && rmdir(path) < 0) {
    fprintf(stderr, "rm: %s: %s\n", path, strerror(errno));
    result = -1;
  }
  return result;
}

int main(int argc, char **argv) {
  int i = 1;
  for (; i < argc && argv[i][0] == '-' && argv[i][1] != '\0'; i++) {
    if (strcmp(argv[i], "--") == 0) {
      i++;
      break;
    }
    for (const char *p = argv[i] + 1; *p; p++) {
      if (*p == 'r' || *p == 'R') opt_recursive = 1;
      else if (*p == 'f') opt_force = 1;
      else {
        fprintf(stderr, "rm: unknown option -%c\nusage: rm [-rf] file...\n", *p);
        return 2;
      }
    }
  }
  if (i == argc && !opt_force) {
    fprintf(stderr, "usage: rm [-rf] file...\n");
    return 2;
  }
  int status = 0;
  for (; i < argc; i++) {
    const char *b = strrchr(argv[i], '/');
    b = b ? b + 1 : argv[i];
    if (strcmp(b, ".") == 0 || strcmp(b, "..") == 0) {
      fprintf(stderr, "rm: refusing to remove '%s'\n", argv[i]);
      status = 1;
      continue;
    }
    if (remove_path(argv[i]) < 0) status = 1;
  }
  return status;
}
