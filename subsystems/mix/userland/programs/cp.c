/*
 * cp: copies files. `cp SRC DST`, or `cp SRC... DIR` into a directory.
 * -r/-R copies directories recursively (symbolic links inside are copied as links); -f removes
 * a destination that cannot be opened and tries again. Copies take the source's mode bits (less
 * the umask); -p keeps the exact mode, the access and modification times (through the
 * utimensat system call, which the library does not wrap) and, when allowed, the owner.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static int opt_recursive, opt_force, opt_preserve;

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

/* -p: the source's mode, times and (if permitted) owner on the copy. */
static void preserve(const char *dst, const struct stat *st) {
  struct timespec times[2];
  times[0].tv_sec = st->st_atime;
  times[0].tv_nsec = 0;
  times[1].tv_sec = st->st_mtime;
  times[1].tv_nsec = 0;
  chown(dst, st->st_uid, st->st_gid); /* only the superuser may give files away: fine to fail */
  chmod(dst, st->st_mode & 07777);
  syscall(SYS_utimensat, AT_FDCWD, dst, times, 0);
}

static int copy_file(const char *src, const char *dst, mode_t mode) {
  int in = open(src, O_RDONLY);
  if (in < 0) {
    fprintf(stderr, "cp: %s: %s\n", src, strerror(errno));
    return -1;
  }
  int out = open(dst, O_WRONLY | O_CREAT | O_TRUNC, mode & 07777);
  if (out < 0 && opt_force) {
    unlink(dst);
    out = open(dst, O_WRONLY | O_CREAT | O_TRUNC, mode & 07777);
  }
  if (out < 0) {
    fprintf(stderr, "cp: %s: %s\n", dst, strerror(errno));
    close(in);
    return -1;
  }
  static char buf[16384];
  int result = 0;
  for (;;) {
    long n = read(in, buf, sizeof buf);
    if (n == 0) break;
    if (n < 0) {
      fprintf(stderr, "cp: %s: %s\n", src, strerror(errno));
      result = -1;
      break;
    }
    for (long done = 0; done < n;) {
      long w = write(out, buf + done, (size_t)(n - done));
      if (w < 0) {
        fprintf(stderr, "cp: %s: %s\n", dst, strerror(errno));
        result = -1;
        break;
      }
      done += w;
    }
    if (result < 0) break;
  }
  close(in);
  if (close(out) < 0 && result == 0) {
    fprintf(stderr, "cp: %s: %s\n", dst, strerror(errno));
    result = -1;
  }
  return result;
}

static int copy_any(const char *src, const char *dst, int top);

static int copy_dir(const char *src, const char *dst, mode_t mode) {
  if (mkdir(dst, (mode & 07777) | 0700) < 0 && errno != EEXIST) {
    fprintf(stderr, "cp: %s: %s\n", dst, strerror(errno));
    return -1;
  }
  DIR *d = opendir(src);
  if (d == NULL) {
    fprintf(stderr, "cp: %s: %s\n", src, strerror(errno));
    return -1;
  }
  int result = 0;
  struct dirent *de;
  while ((de = readdir(d)) != NULL) {
    const char *n = de->d_name;
    if (n[0] == '.' && (n[1] == '\0' || (n[1] == '.' && n[2] == '\0'))) continue;
    char *from = join(src, n), *to = join(dst, n);
    if (from == NULL || to == NULL || copy_any(from, to, 0) < 0) result = -1;
    free(from);
    free(to);
  }
  closedir(d);
  chmod(dst, mode & 07777);
  return result;
}

/* Copies one source; links are followed for named operands and copied as links below them. */
static int copy_any(const char *src, const char *dst, int top) {
  struct stat st;
  if ((top ? stat(src, &st) : lstat(src, &st)) < 0) {
    fprintf(stderr, "cp: %s: %s\n", src, strerror(errno));
    return -1;
  }
  if (S_ISDIR(st.st_mode)) {
    if (!opt_recursive) {
      fprintf(stderr, "cp: %s: is a directory (not copied; use -r)\n", src);
      return -1;
    }
    int result = copy_dir(src, dst, st.st_mode);
    if (opt_preserve) preserve(dst, &st);
    return result;
  }
  if (S_ISLNK(st.st_mode)) {
    char target[1024];
    long n = readlink(src, target, sizeof target - 1);
    if (n < 0) {
      fprintf(stderr, "cp: %s: %s\n", src, strerror(errno));
      return -1;
    }
    target[n] = '\0';
    unlink(dst);
    if (symlink(target, dst) < 0) {
      fprintf(stderr, "cp: %s: %s\n", dst, strerror(errno));
      return -1;
    }
    return 0;
  }
  if (copy_file(src, dst, st.st_mode) < 0) return -1;
  if (opt_preserve) preserve(dst, &st);
  return 0;
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
      else if (*p == 'p') opt_preserve = 1;
      else {
        fprintf(stderr, "cp: unknown option -%c\nusage: cp [-rfp] source... target\n", *p);
        return 2;
      }
    }
  }
  if (argc - i < 2) {
    fprintf(stderr, "usage: cp [-rfp] source... target\n");
    return 2;
  }
  const char *target = argv[argc - 1];
  struct stat st;
  int into_dir = stat(target, &st) == 0 && S_ISDIR(st.st_mode);
  if (argc - i > 2 && !into_dir) {
    fprintf(stderr, "cp: %s: not a directory\n", target);
    return 1;
  }
  int status = 0;
  for (; i < argc - 1; i++) {
    char *dst = into_dir ? join(target, base_name(argv[i])) : strdup(target);
    if (dst == NULL || copy_any(argv[i], dst, 1) < 0) status = 1;
    free(dst);
  }
  return status;
}
