/*
 * sleep: waits for the given number of seconds, which may have a decimal fraction ("0.25");
 * several operands add up. Uses nanosleep and resumes after an interrupting signal is handled.
 */
#include <errno.h>
#include <stdio.h>
#include <time.h>

/* Parses "S" or "S.FFF" into seconds and nanoseconds without floating point. */
static int parse(const char *s, long *sec, long *nsec) {
  long whole = 0, frac = 0, scale = 100000000;
  const char *p = s;
  if (*p == '\0') return -1;
  while (*p >= '0' && *p <= '9') whole = whole * 10 + (*p++ - '0');
  if (*p == '.') {
    for (p++; *p >= '0' && *p <= '9'; p++) {
      frac += (*p - '0') * scale;
      scale /= 10;
    }
  }
  if (*p != '\0' || p == s) return -1;
  *sec = whole;
  *nsec = frac;
  return 0;
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: sleep seconds[.fraction]...\n");
    return 2;
  }
  struct timespec t = {0, 0};
  for (int i = 1; i < argc; i++) {
    long sec, nsec;
    if (parse(argv[i], &sec, &nsec) < 0) {
      fprintf(stderr, "sleep: invalid time '%s'\n", argv[i]);
      return 2;
    }
    t.tv_sec += sec;
    t.tv_nsec += nsec;
    if (t.tv_nsec >= 1000000000) t.tv_sec++, t.tv_nsec -= 1000000000;
  }
  struct timespec rem;
  while (nanosleep(&t, &rem) < 0) {
    if (errno != EINTR) {
      perror("sleep");
      return 1;
    }
    t = rem;
  }
  return 0;
}
