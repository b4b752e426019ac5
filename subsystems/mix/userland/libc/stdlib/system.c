/* system (fork + /bin/sh -c, SIGINT/SIGQUIT ignored and SIGCHLD blocked in the caller
 * while it waits), mkstemp (six X's replaced from a counter mixed with the pid, O_EXCL
 * retries) and realpath (lexical: resolves ".", ".." and repeated slashes against the
 * current directory, and follows symbolic links up to 32 times). */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

int system(const char *command) {
  if (!command) return access("/bin/sh", X_OK) == 0;
  struct sigaction ignore, old_int, old_quit;
  memset(&ignore, 0, sizeof ignore);
  ignore.sa_handler = SIG_IGN;
  sigaction(SIGINT, &ignore, &old_int);
  sigaction(SIGQUIT, &ignore, &old_quit);
  sigset_t block, old_mask;
  sigemptyset(&block);
  sigaddset(&block, SIGCHLD);
  sigprocmask(SIG_BLOCK, &block, &old_mask);
  int status = -1;
  pid_t pid = fork();
  if (pid == 0) {
    sigaction(SIGINT, &old_int, 0);
    sigaction(SIGQUIT, &old_quit, 0);
    sigprocmask(SIG_SETMASK, &old_mask, 0);
    execl("/bin/sh", "sh", "-c", command, (char *)0);
    _exit(127);
  }
  if (pid > 0) {
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
  }
  sigaction(SIGINT, &old_int, 0);
  sigaction(SIGQUIT, &old_quit, 0);
  sigprocmask(SIG_SETMASK, &old_mask, 0);
  return status;
}

int mkstemp(char *template_) {
  static unsigned int counter;
  size_t n = strlen(template_);
  if (n < 6 || strcmp(template_ + n - 6, "XXXXXX") != 0) {
    errno = EINVAL;
    return -1;
  }
  static const char set[] = "abcdefghijklmnopqrstuvwxyz0123456789";
  for (int attempt = 0; attempt < 1000; attempt++) {
    unsigned int v = (unsigned int)getpid() * 2654435761u + counter++ * 40503u;
    for (int i = 0; i < 6; i++) {
      template_[n - 6 + i] = set[v % 36];
      v /= 36;
    }
    int fd = open(template_, O_RDWR | O_CREAT | O_EXCL, 0600);
    if (fd >= 0 || errno != EEXIST) return fd;
  }
  errno = EEXIST;
  return -1;
}

/* Appends the components of path to out (an absolute, normalized path of length *len). */
static int walk(char *out, size_t *len, const char *path, int *links) {
  char component[NAME_MAX + 1];
  while (*path) {
    while (*path == '/') path++;
    size_t k = 0;
    while (path[k] && path[k] != '/') k++;
    if (k == 0) break;
    if (k > NAME_MAX) {
      errno = ENAMETOOLONG;
      return -1;
    }
    memcpy(component, path, k);
    component[k] = 0;
    path += k;
    if (strcmp(component, ".") == 0) continue;
    if (strcmp(component, "..") == 0) {
      while (*len > 1 && out[*len - 1] != '/') (*len)--;
      if (*len > 1) (*len)--;
      out[*len] = 0;
      continue;
    }
    size_t saved = *len;
    if (*len + k + 2 > PATH_MAX) {
      errno = ENAMETOOLONG;
      return -1;
    }
    if (*len > 1) out[(*len)++] = '/';
    memcpy(out + *len, component, k + 1);
    *len += k;
    char target[PATH_MAX];
    ssize_t t = readlink(out, target, sizeof target - 1);
    if (t < 0) {
      if (errno == EINVAL) continue; /* not a link */
      return -1;
    }
    if (++*links > 32) {
      errno = ELOOP;
      return -1;
    }
    target[t] = 0;
    if (target[0] == '/') {
      *len = 1;
      out[1] = 0;
    } else {
      *len = saved;
      out[*len] = 0;
    }
    if (walk(out, len, target, links) < 0) return -1;
  }
  return 0;
}

char *realpath(const char *path, char *resolved) {
  char buf[PATH_MAX];
  size_t len;
  int links = 0;
  if (!path) {
    errno = EINVAL;
    return 0;
  }
  if (path[0] == '/') {
    strcpy(buf, "/");
  } else if (!getcwd(buf, sizeof buf)) {
    return 0;
  }
  len = strlen(buf);
  if (walk(buf, &len, path, &links) < 0) return 0;
  if (access(buf, F_OK) < 0) return 0;
  if (!resolved) return strdup(buf);
  strcpy(resolved, buf);
  return resolved;
}
