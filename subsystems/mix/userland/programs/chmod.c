/*
 * chmod: changes file modes. MODE is octal (755) or symbolic, a comma list of [ugoa]*[+-=][rwxXst]*
 * clauses (u+x, go-w, a=r, +x). -R changes directory trees too (symbolic links are not followed).
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char *mode_arg;
static int recursive;

/* Applies MODE to an old mode; returns -1 when MODE is not valid. */
static long apply_mode(const char *spec, mode_t old, int is_dir) {
  if (*spec >= '0' && *spec <= '7') {
    char *end;
    long value = strtol(spec, &end, 8);
    if (*end != '\0' || value > 07777) return -1;
    return value;
  }
  mode_t mode = old & 07777;
  const char *p = spec;
  for (;;) {
    mode_t who = 0;
    for (;; p++) {
      if (*p == 'u') who |= 04700;
      else if (*p == 'g') who |= 02070;
      else if (*p == 'o') who |= 01007;
      else if (*p == 'a') who |= 07777;
      else break;
    }
    if (*p != '+' && *p != '-' && *p != '=') return -1;
    while (*p == '+' || *p == '-' || *p == '=') {
      char op = *p++;
      mode_t bits = 0;
      for (;; p++) {
        if (*p == 'r') bits |= 0444;
        else if (*p == 'w') bits |= 0222;
        else if (*p == 'x') bits |= 0111;
        else if (*p == 'X') bits |= (is_dir || (old & 0111)) ? 0111 : 0;
        else if (*p == 's') bits |= 06000;
        else if (*p == 't') bits |= 01000;
        else break;
      }
      /* Without a who, + and = apply to all (this system has no umask to honour here). */
      mode_t mask = who ? who : 07777;
      if (op == '+') mode |= bits & mask;
      else if (op == '-') mode &= ~(bits & mask);
      else mode = (mode & ~(mask & 0777)) | (bits & mask);
    }
    if (*p == '\0') return mode;
    if (*p != ',') return -1;
    p++;
  }
}

static int change(const char *path) {
  struct stat st;
  if (lstat(path, &st) < 0) {
    fprintf(stderr, "chmod: %s: %s\n", path, strerror(errno));
    return -1;
  }
  if (S_ISLNK(st.st_mode) && (recursive || stat(path, &st) < 0)) return 0;
  long mode = apply_mode(mode_arg, st.st_mode, S_ISDIR(st.st_mode));
  if (mode < 0) {
    fprintf(stderr, "chmod: invalid mode '%s'\n", mode_arg);
    exit(2);
  }
  int result = 0;
  if (chmod(path, (mode_t)mode) < 0) {
    fprintf(stderr, "chmod: %s: %s\n", path, strerror(errno));
    result = -1;
  }
  if (recursive && S_ISDIR(st.st_mode)) {
    DIR *d = opendir(path);
    if (d == NULL) {
      fprintf(stderr, "chmod: %s: %s\n", path, strerror(errno));
      return -1;
    }
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
      const char *n = de->d_name;
      if (n[0] == '.' && (n[1] == '\0' || (n[1] == '.' && n[2] == '\0'))) continue;
      char *child = malloc(strlen(path) + strlen(n) + 2);
      if (child == NULL) break;
      sprintf(child, "%s/%s", path, n);
      if (change(child) < 0) result = -1;
      free(child);
    }
    closedir(d);
  }
  return result;
}

int main(int argc, char **argv) {
  int i = 1, status = 0;
  if (i < argc && strcmp(argv[i], "-R") == 0) {
    recursive = 1;
    i++;
  }
  if (argc - i < 2) {
    fprintf(stderr, "usage: chmod [-R] mode file...\n");
    return 2;
  }
  mode_arg = argv[i++];
  for (; i < argc; i++)
    if (change(argv[i]) < 0) status = 1;
  return status;
}
