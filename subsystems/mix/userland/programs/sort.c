/*
 * sort: sorts the lines of its files (or stdin) and writes them to stdout.
 * -r reverses, -n compares leading integers, -u prints one of each run of equal lines, -f folds
 * case, -k N sorts on field N (fields split at blanks, or at the -t CHAR separator) to the end of
 * the line, -o FILE writes there. Lines comparing equal fall back to a byte comparison (unless -u).
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int opt_reverse, opt_numeric, opt_unique, opt_fold, key_field;
static int separator = -1;

static const char *key_of(const char *line) {
  const char *p = line;
  for (int field = 1; field < key_field && *p; field++) {
    if (separator >= 0) {
      while (*p && *p != separator) p++;
      if (*p) p++;
    } else {
      while (*p == ' ' || *p == '\t') p++;
      while (*p && *p != ' ' && *p != '\t') p++;
    }
  }
  return p;
}

static long long leading_number(const char *s) {
  while (*s == ' ' || *s == '\t') s++;
  int negative = *s == '-';
  if (*s == '-' || *s == '+') s++;
  long long v = 0;
  while (*s >= '0' && *s <= '9') v = v * 10 + (*s++ - '0');
  return negative ? -v : v;
}

static int compare_keys(const char *a, const char *b) {
  if (key_field > 0) a = key_of(a), b = key_of(b);
  if (opt_numeric) {
    long long x = leading_number(a), y = leading_number(b);
    return x < y ? -1 : x > y;
  }
  if (opt_fold) {
    for (;; a++, b++) {
      int x = toupper((unsigned char)*a), y = toupper((unsigned char)*b);
      if (x != y || x == 0) return x - y;
    }
  }
  return strcmp(a, b);
}

static int compare_lines(const void *pa, const void *pb) {
  const char *a = *(char *const *)pa, *b = *(char *const *)pb;
  int r = compare_keys(a, b);
  if (r == 0 && !opt_unique) r = strcmp(a, b);
  return opt_reverse ? -r : r;
}

static char **lines;
static size_t nlines, cap_lines;

static int read_lines(FILE *f) {
  char *buf = NULL;
  size_t cap = 0, len = 0;
  int c;
  for (;;) {
    c = getc(f);
    if (c == EOF && len == 0 && buf == NULL) break;
    if (len + 1 >= cap) {
      cap = cap ? cap * 2 : 64;
      char *bigger = realloc(buf, cap);
      if (bigger == NULL) return -1;
      buf = bigger;
    }
    if (c != EOF && c != '\n') {
      buf[len++] = (char)c;
      continue;
    }
    buf[len] = '\0';
    if (nlines == cap_lines) {
      cap_lines = cap_lines ? cap_lines * 2 : 256;
      char **bigger = realloc(lines, cap_lines * sizeof *lines);
      if (bigger == NULL) return -1;
      lines = bigger;
    }
    lines[nlines++] = buf;
    buf = NULL;
    cap = len = 0;
    if (c == EOF) break;
  }
  return 0;
}

int main(int argc, char **argv) {
  const char *output = NULL;
  int i = 1;
  for (; i < argc && argv[i][0] == '-' && argv[i][1] != '\0'; i++) {
    if (strcmp(argv[i], "--") == 0) {
      i++;
      break;
    }
    for (const char *p = argv[i] + 1; *p; p++) {
      const char *value = NULL;
      if (*p == 'k' || *p == 't' || *p == 'o') {
        value = p[1] ? p + 1 : (i + 1 < argc ? argv[++i] : NULL);
        if (value == NULL) goto usage;
      }
      switch (*p) {
      case 'r': opt_reverse = 1; break;
      case 'n': opt_numeric = 1; break;
      case 'u': opt_unique = 1; break;
      case 'f': opt_fold = 1; break;
      case 'k': key_field = atoi(value); break;
      case 't': separator = (unsigned char)value[0]; break;
      case 'o': output = value; break;
      default: goto usage;
      }
      if (value != NULL) break;
    }
  }
  int status = 0;
  if (i == argc && read_lines(stdin) < 0) goto nomem;
  for (; i < argc; i++) {
    FILE *f = strcmp(argv[i], "-") == 0 ? stdin : fopen(argv[i], "r");
    if (f == NULL) {
      fprintf(stderr, "sort: %s: %s\n", argv[i], strerror(errno));
      status = 2;
      continue;
    }
    if (read_lines(f) < 0) goto nomem;
    if (f != stdin) fclose(f);
  }
  if (nlines > 0) qsort(lines, nlines, sizeof *lines, compare_lines);
  FILE *out = stdout;
  if (output != NULL && (out = fopen(output, "w")) == NULL) {
    fprintf(stderr, "sort: %s: %s\n", output, strerror(errno));
    return 2;
  }
  for (size_t k = 0; k < nlines; k++) {
    if (opt_unique && k > 0 && compare_keys(lines[k - 1], lines[k]) == 0) continue;
    fputs(lines[k], out);
    putc('\n', out);
  }
  if (fflush(out) != 0) return 2;
  if (out != stdout) fclose(out);
  return status;
nomem:
  fprintf(stderr, "sort: out of memory\n");
  return 2;
usage:
  fprintf(stderr, "usage: sort [-rnuf] [-k field] [-t char] [-o file] [file...]\n");
  return 2;
}
