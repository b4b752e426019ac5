/*
 * ps: lists processes from /proc/<pid>/stat (the Linux layout, which MiX's /proc also follows):
 * process id, parent id, state letter, CPU time used (user + system, at 100 ticks a second) and
 * the command name, sorted by process id. All processes are shown; -e, -A, -a, -x, -f and
 * BSD-style "ax"/"aux" are accepted for habit's sake and change nothing.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct proc {
  long pid, ppid;
  char state;
  unsigned long ticks;
  char name[64];
};

static int by_pid(const void *a, const void *b) {
  long x = ((const struct proc *)a)->pid, y = ((const struct proc *)b)->pid;
  return x < y ? -1 : x > y;
}

/* Reads and parses one stat file; returns -1 when the process has gone or the line is odd. */
static int read_stat(const char *pid, struct proc *p) {
  char path[64], buf[1024];
  snprintf(path, sizeof path, "/proc/%s/stat", pid);
  int fd = open(path, O_RDONLY);
  if (fd < 0) return -1;
  long n = read(fd, buf, sizeof buf - 1);
  close(fd);
  if (n <= 0) return -1;
  buf[n] = '\0';
  /* "pid (comm) S ppid ..."; comm may hold spaces and parentheses, so take the last ')'. */
  char *open_paren = strchr(buf, '('), *close_paren = strrchr(buf, ')');
  if (open_paren == NULL || close_paren == NULL || close_paren < open_paren) return -1;
  p->pid = strtol(buf, NULL, 10);
  size_t len = (size_t)(close_paren - open_paren - 1);
  if (len >= sizeof p->name) len = sizeof p->name - 1;
  memcpy(p->name, open_paren + 1, len);
  p->name[len] = '\0';
  char *f = close_paren + 1;
  /* Fields after comm: 3 state, 4 ppid, ... 14 utime, 15 stime. */
  char *fields[16] = {0};
  int k = 3;
  for (char *tok = f; *tok && k < 16;) {
    while (*tok == ' ') tok++;
    if (*tok == '\0') break;
    fields[k++] = tok;
    while (*tok && *tok != ' ') tok++;
  }
  if (fields[3] == NULL || fields[4] == NULL) return -1;
  p->state = fields[3][0];
  p->ppid = strtol(fields[4], NULL, 10);
  p->ticks = 0;
  if (fields[14] != NULL && fields[15] != NULL)
    p->ticks = strtoul(fields[14], NULL, 10) + strtoul(fields[15], NULL, 10);
  return 0;
}

int main(int argc, char **argv) {
  for (int i = 1; i < argc; i++) {
    if (strspn(argv[i], "-eAafxuwl") != strlen(argv[i])) {
      fprintf(stderr, "usage: ps [-eAf]\n");
      return 2;
    }
  }
  DIR *d = opendir("/proc");
  if (d == NULL) {
    fprintf(stderr, "ps: /proc: %s\n", strerror(errno));
    return 1;
  }
  int count = 0, cap = 64;
  struct proc *procs = malloc((size_t)cap * sizeof *procs);
  struct dirent *de;
  while (procs != NULL && (de = readdir(d)) != NULL) {
    if (de->d_name[0] < '1' || de->d_name[0] > '9') continue;
    if (strspn(de->d_name, "0123456789") != strlen(de->d_name)) continue;
    if (count == cap) {
      cap *= 2;
      struct proc *bigger = realloc(procs, (size_t)cap * sizeof *procs);
      if (bigger == NULL) break;
      procs = bigger;
    }
    if (read_stat(de->d_name, &procs[count]) == 0) count++;
  }
  closedir(d);
  if (procs == NULL) return 1;
  qsort(procs, (size_t)count, sizeof *procs, by_pid);
  printf("  PID  PPID S     TIME CMD\n");
  for (int i = 0; i < count; i++) {
    unsigned long seconds = procs[i].ticks / 100;
    printf("%5ld %5ld %c %5lu:%02lu %s\n", procs[i].pid, procs[i].ppid, procs[i].state,
           seconds / 60, seconds % 60, procs[i].name);
  }
  return fflush(stdout) ? 1 : 0;
}
