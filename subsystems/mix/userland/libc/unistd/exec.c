/* The exec family over execve: execv, execvp (PATH search, default "/bin:/usr/bin"),
 * execl, execlp. */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int execv(const char *path, char *const argv[]) { return execve(path, argv, environ); }

int execvp(const char *file, char *const argv[]) {
  if (!*file) {
    errno = ENOENT;
    return -1;
  }
  if (strchr(file, '/')) return execve(file, argv, environ);
  const char *path = getenv("PATH");
  if (!path) path = "/bin:/usr/bin";
  size_t flen = strlen(file);
  char buf[4096];
  int saw_eacces = 0;
  while (*path) {
    const char *end = strchr(path, ':');
    size_t dlen = end ? (size_t)(end - path) : strlen(path);
    if (dlen + flen + 2 <= sizeof buf) {
      memcpy(buf, path, dlen);
      size_t k = dlen;
      if (k == 0) buf[k++] = '.';
      buf[k++] = '/';
      memcpy(buf + k, file, flen + 1);
      execve(buf, argv, environ);
      if (errno == EACCES) saw_eacces = 1;
      else if (errno != ENOENT && errno != ENOTDIR) return -1;
    }
    if (!end) break;
    path = end + 1;
  }
  errno = saw_eacces ? EACCES : ENOENT;
  return -1;
}

#define MAX_LIST_ARGS 64

static int collect(const char *arg, va_list ap, char **argv) {
  int n = 0;
  argv[n++] = (char *)arg;
  while (arg && n < MAX_LIST_ARGS) {
    arg = va_arg(ap, const char *);
    argv[n++] = (char *)arg;
  }
  if (arg) {
    errno = E2BIG;
    return -1;
  }
  return 0;
}

int execl(const char *path, const char *arg, ...) {
  char *argv[MAX_LIST_ARGS + 1];
  va_list ap;
  va_start(ap, arg);
  int r = collect(arg, ap, argv);
  va_end(ap);
  return r < 0 ? -1 : execv(path, argv);
}

int execlp(const char *file, const char *arg, ...) {
  char *argv[MAX_LIST_ARGS + 1];
  va_list ap;
  va_start(ap, arg);
  int r = collect(arg, ap, argv);
  va_end(ap);
  return r < 0 ? -1 : execvp(file, argv);
}
