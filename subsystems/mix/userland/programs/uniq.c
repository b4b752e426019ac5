/*
 * uniq: copies its input to its output, writing each run of identical adjacent lines once.
 * -c prefixes each line with its run length, -d prints only repeated lines, -u only lines
 * that are not repeated, -i compares without case. `uniq [options] [input [output]]`.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int opt_count, opt_repeated, opt_unique, opt_icase;

/* Reads one line without its newline into *buf; returns -1 at end of input. */
static long read_line(FILE *f, char **buf, size_t *cap) {
  size_t len = 0;
  int c;
  while ((c = getc(f)) != EOF && c != '\n') {
    if (len + 1 >= *cap) {
      size_t bigger_cap = *cap ? *cap * 2 : 128;
      char *bigger = realloc(*buf, bigger_cap);
      if (bigger == NULL) return -1;
      *buf = bigger;
      *cap = bigger_cap;
    }
    (*buf)[len++] = (char)c;
  }
  if (c == EOF && len == 0) return -1;
  if (*buf == NULL) {
    *buf = malloc(1);
    *cap = 1;
    if (*buf == NULL) return -1;
  }
  (*buf)[len] = '\0';
  return (long)len;
}

static int same(const char *a, const char *b) {
  if (!opt_icase) return strcmp(a, b) == 0;
  for (; tolower((unsigned char)*a) == tolower((unsigned char)*b); a++, b++)
    if (*a == '\0') return 1;
  return 0;
}

static void emit(FILE *out, const char *line, long count) {
  if (opt_repeated && count < 2) return;
  if (opt_unique && count > 1) return;
  if (opt_count) fprintf(out, "%7ld %s\n", count, line);
  else fprintf(out, "%s\n", line);
}

int main(int argc, char **argv) {
  int i = 1;
  for (; i < argc && argv[i][0] == '-' && argv[i][1] != '\0'; i++) {
    for (const char *p = argv[i] + 1; *p; p++) {
      if (*p == 'c') opt_count = 1;
      else if (*p == 'd') opt_repeated = 1;
      else if (*p == 'u') opt_unique = 1;
      else if (*p == 'i') opt_icase = 1;
      else {
        fprintf(stderr, "usage: uniq [-cdui] [input [output]]\n");
        return 2;
      }
    }
  }
  FILE *in = stdin, *out = stdout;
  if (i < argc && strcmp(argv[i], "-") != 0 && (in = fopen(argv[i], "r")) == NULL) {
    fprintf(stderr, "uniq: %s: %s\n", argv[i], strerror(errno));
    return 1;
  }
  if (i + 1 < argc && (out = fopen(argv[i + 1], "w")) == NULL) {
    fprintf(stderr, "uniq: %s: %s\n", argv[i + 1], strerror(errno));
    return 1;
  }
  char *prev = NULL, *cur = NULL;
  size_t prev_cap = 0, cur_cap = 0;
  long count = 0;
  while (read_line(in, &cur, &cur_cap) >= 0) {
    if (count > 0 && same(prev, cur)) {
      count++;
      continue;
    }
    if (count > 0) emit(out, prev, count);
    char *t = prev;
    size_t tc = prev_cap;
    prev = cur, prev_cap = cur_cap;
    cur = t, cur_cap = tc;
    count = 1;
  }
  if (count > 0) emit(out, prev, count);
  return fflush(out) ? 1 : 0;
}
