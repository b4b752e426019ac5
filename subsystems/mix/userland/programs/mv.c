/*
 * mv: renames files. `mv SRC DST`, or `mv SRC... DIR` into a directory. A move across file
 * systems (EXDEV) of a regular file is done as copy-then-unlink. -f is accepted (mv never asks).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char *join(const char *dir, const char *name) {
  size_t a = strlen(dir), b = strlen(name);
  char *path = malloc(a + b + 2);
  if (path == NULL) return NULL;
  memcpy(path, dir, a);
  path[a] = '/';
  memcpy(path + a + 1, name, b + 1);
  return path;
}

static const char *base_name(const char *path) {
  size_t len = strlen(path);
  while (len > 1 && path[len - 1] == '/') len--;
  const char *slash = path + len;
  while (slash > path && slash[-1] != '/') slash--;
  return slash;
}

/* Moves a regular file to another file system: copy, then remove the original. */
static int copy_across(const char *src, const char *dst) {
  struct stat st;
  if (lstat(src, &st) < 0 || !S_ISREG(st.st_mode)) {
    errno = EXDEV;
    return -1;
  }
  int in = open(src, O_RDONLY);
  if (in < 0) return -1;
  int out = open(dst, O_WRONLY | O_CREAT | O_TRUNC, st.st_mode & 07777);
  if (out < 0) {
    close(in);
    return -1;
  }
  static char buf[16384];
  long n;
  while ((n = read(in, buf, sizeof buf)) > 0) {
    if (write(out, buf, (size_t)n) != n) {
      n = -1;
      break;
    }
  }
  close(in);
  if (close(out) < 0 || n < 0) return -1;
  return unlink(src);
}

int main(int argc, char **argv) {
  int i = 1;
  for (; i < argc && argv[i][0] == '-' && argv[i][1] != '\0'; i++) {
    if (strcmp(argv[i], "--") == 0) {
      i++;
      break;
    }
    for (const char *p = argv[i] + 1; *p; p++) {
      if (*p != 'f' && *p != 'i') {
        fprintf(stderr, "mv: unknown option -%c\nusage: mv [-f] source... target\n", *p);
        return 2;
      }
    }
  }
  if (argc - i < 2) {
    fprintf(stderr, "usage: mv [-f] source... target\n");
    return 2;
  }
  const char *target = argv[argc - 1];
  struct stat st;
  int into_dir = stat(target, &st) == 0 && S_ISDIR(st.st_mode);
  if (argc - i > 2 && !into_dir) {
    fprintf(stderr, "mv: %s: not a directory\n", target);
    return 1;
  }
  int status = 0;
  for (; i < argc - 1; i++) {
    char *dst = into_dir ? join(target, base_name(argv[i])) : strdup(target);
    if (dst == NULL) return 1;
    if (rename(argv[i], dst) < 0 && (errno != EXDEV || copy_across(argv[i], dst) < 0)) {
      fprintf(stderr, "mv: %s -> %s: %s\n", argv[i], dst, strerror(errno));
      status = 1;
    }
    free(dst);
  }
  return status;
}
