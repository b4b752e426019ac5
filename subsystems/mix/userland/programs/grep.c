/*
 * grep: prints the lines of each file (or stdin) that match a pattern.
 * Patterns are a subset of POSIX regular expressions: literals, `.`, `[...]` with ranges and
 * `^` negation, `*`, anchors `^` and `$`, and with -E also `+`, `?` and top-level `|` (in basic
 * patterns `\+`, `\?`, `\|`). No groups or back references. -F takes the pattern literally.
 * Options: -v invert, -i ignore case, -n line numbers, -c count, -l file names, -q quiet,
 * -h/-H never/always prefix file names, -s no messages, -e PATTERN. Exit 0 on a match,
 * 1 when none, 2 on error.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { ANY, CHAR, CLASS, END };

struct elem {
  unsigned char type, ch, min, max_many; /* max_many: 1 when the count has no upper bound */
  unsigned char max;
  unsigned char set[32];
};

struct regex {
  struct elem *elems;
  int count;
  int anchored;
};

static int opt_invert, opt_icase, opt_number, opt_count, opt_list, opt_quiet, opt_silent;
static int opt_extended, opt_fixed, show_names = -1;
static struct regex *alts;
static int nalts;

static void set_bit(unsigned char *set, int c) {
  set[(unsigned char)c >> 3] |= (unsigned char)(1u << (c & 7));
}

/* Compiles one alternative (no `|` inside) from p[0..len). Returns -1 on a bad pattern. */
static int compile(const char *p, size_t len, struct regex *re) {
  re->elems = calloc(len + 1, sizeof *re->elems);
  re->count = 0;
  re->anchored = 0;
  if (re->elems == NULL) return -1;
  size_t i = 0;
  if (!opt_fixed && len > 0 && p[0] == '^') {
    re->anchored = 1;
    i = 1;
  }
  while (i < len) {
    struct elem *e = &re->elems[re->count];
    unsigned char c = (unsigned char)p[i];
    e->min = e->max = 1;
    if (opt_fixed) {
      e->type = CHAR, e->ch = c, i++;
    } else if (c == '$' && i + 1 == len) {
      e->type = END, i++;
    } else if (c == '.') {
      e->type = ANY, i++;
    } else if (c == '[') {
      e->type = CLASS;
      i++;
      int negate = i < len && p[i] == '^';
      if (negate) i++;
      size_t start = i;
      while (i < len && (p[i] != ']' || i == start)) {
        unsigned char lo = (unsigned char)p[i];
        if (i + 2 < len && p[i + 1] == '-' && p[i + 2] != ']') {
          for (int x = lo; x <= (unsigned char)p[i + 2]; x++) set_bit(e->set, x);
          i += 3;
        } else {
          set_bit(e->set, lo);
          i++;
        }
      }
      if (i >= len) return -1;
      i++;
      if (opt_icase) {
        for (int x = 'a'; x <= 'z'; x++) {
          if (e->set[x >> 3] & (1u << (x & 7))) set_bit(e->set, toupper(x));
          if (e->set[toupper(x) >> 3] & (1u << (toupper(x) & 7))) set_bit(e->set, x);
        }
      }
      if (negate) {
        for (int k = 0; k < 32; k++) e->set[k] = (unsigned char)~e->set[k];
        e->set[1] &= (unsigned char)~(1u << 2); /* never match the newline */
      }
    } else if (c == '\\' && i + 1 < len) {
      e->type = CHAR, e->ch = (unsigned char)p[i + 1], i += 2;
    } else {
      e->type = CHAR, e->ch = c, i++;
    }
    if (e->type == CHAR && opt_icase) e->ch = (unsigned char)tolower(e->ch);
    /* A quantifier after the atom. */
    if (!opt_fixed && i < len && e->type != END) {
      int ext = opt_extended;
      if (p[i] == '*') e->min = 0, e->max_many = 1, i++;
      else if (ext && p[i] == '+') e->max_many = 1, i++;
      else if (ext && p[i] == '?') e->min = 0, i++;
      else if (!ext && p[i] == '\\' && i + 1 < len && p[i + 1] == '+') e->max_many = 1, i += 2;
      else if (!ext && p[i] == '\\' && i + 1 < len && p[i + 1] == '?') e->min = 0, i += 2;
    }
    re->count++;
  }
  return 0;
}

static int elem_matches(const struct elem *e, unsigned char c) {
  if (opt_icase) c = (unsigned char)tolower(c);
  switch (e->type) {
  case ANY: return c != '\n';
  case CHAR: return c == e->ch;
  case CLASS: return (e->set[c >> 3] >> (c & 7)) & 1;
  default: return 0;
  }
}

/* Does the pattern from element k match at text position t (the text ends at NUL)? */
static int match_here(const struct regex *re, int k, const char *t) {
  if (k == re->count) return 1;
  const struct elem *e = &re->elems[k];
  if (e->type == END) return *t == '\0';
  int limit = e->max_many ? 1 << 30 : e->max;
  int n = 0;
  while (n < limit && t[n] != '\0' && elem_matches(e, (unsigned char)t[n])) n++;
  for (; n >= e->min; n--)
    if (match_here(re, k + 1, t + n)) return 1;
  return 0;
}

static int line_matches(const char *line) {
  for (int a = 0; a < nalts; a++) {
    const struct regex *re = &alts[a];
    if (re->anchored) {
      if (match_here(re, 0, line)) return 1;
      continue;
    }
    const char *t = line;
    do {
      if (match_here(re, 0, t)) return 1;
    } while (*t++ != '\0');
  }
  return 0;
}

/* Splits the pattern at top-level alternation bars and compiles each alternative. */
static int compile_all(const char *pattern) {
  size_t len = strlen(pattern);
  alts = calloc(len + 1, sizeof *alts);
  if (alts == NULL) return -1;
  size_t start = 0;
  for (size_t i = 0; i <= len; i++) {
    int bar = 0;
    if (i == len) bar = 1;
    else if (opt_fixed) bar = pattern[i] == '\n';
    else if (opt_extended && pattern[i] == '|') bar = 1;
    else if (!opt_extended && pattern[i] == '\\' && pattern[i + 1] == '|') bar = 2;
    else if (pattern[i] == '\\' && i + 1 < len) {
      i++;
      continue;
    } else if (pattern[i] == '[') {
      /* Skip a bracket expression so that a bar inside it is literal. */
      size_t j = i + 1;
      if (j < len && pattern[j] == '^') j++;
      if (j < len && pattern[j] == ']') j++;
      while (j < len && pattern[j] != ']') j++;
      if (j < len) i = j;
      continue;
    }
    if (!bar) continue;
    if (compile(pattern + start, i - start, &alts[nalts++]) < 0) return -1;
    start = i + (size_t)bar;
    if (bar == 2) i++;
  }
  return 0;
}

/* Greps one stream; returns the number of selected lines. */
static long grep_file(FILE *f, const char *name) {
  static char *line;
  static size_t cap;
  long selected = 0, lineno = 0;
  if (line == NULL) {
    cap = 1024;
    line = malloc(cap);
    if (line == NULL) return 0;
  }
  for (;;) {
    size_t len = 0;
    int c;
    while ((c = getc(f)) != EOF && c != '\n') {
      if (len + 1 >= cap) {
        char *bigger = realloc(line, cap * 2);
        if (bigger == NULL) break;
        line = bigger;
        cap *= 2;
      }
      line[len++] = (char)c;
    }
    if (c == EOF && len == 0) break;
    line[len] = '\0';
    lineno++;
    if (line_matches(line) == opt_invert) continue;
    selected++;
    if (opt_quiet) return selected;
    if (opt_list) {
      printf("%s\n", name);
      return selected;
    }
    if (opt_count) continue;
    if (show_names) printf("%s:", name);
    if (opt_number) printf("%ld:", lineno);
    printf("%s\n", line);
    if (c == EOF) break;
  }
  if (opt_count) {
    if (show_names) printf("%s:", name);
    printf("%ld\n", selected);
  }
  return selected;
}

int main(int argc, char **argv) {
  const char *pattern = NULL;
  int i = 1;
  for (; i < argc && argv[i][0] == '-' && argv[i][1] != '\0'; i++) {
    if (strcmp(argv[i], "--") == 0) {
      i++;
      break;
    }
    for (const char *p = argv[i] + 1; *p != '\0'; p++) {
      switch (*p) {
      case 'v': opt_invert = 1; break;
      case 'i': opt_icase = 1; break;
      case 'n': opt_number = 1; break;
      case 'c': opt_count = 1; break;
      case 'l': opt_list = 1; break;
      case 'q': opt_quiet = 1; break;
      case 's': opt_silent = 1; break;
      case 'E': opt_extended = 1; break;
      case 'F': opt_fixed = 1; break;
      case 'G': opt_extended = 0; break;
      case 'h': show_names = 0; break;
      case 'H': show_names = 1; break;
      case 'e':
        /* The rest of this argument, or the next one, is the pattern: stop reading letters. */
        if (p[1] != '\0') pattern = p + 1;
        else if (i + 1 < argc) pattern = argv[++i];
        else goto usage;
        goto next_arg;
      default: goto usage;
      }
    }
  next_arg:;
  }
  if (pattern == NULL) {
    if (i == argc) goto usage;
    pattern = argv[i++];
  }
  if (compile_all(pattern) < 0) {
    fprintf(stderr, "grep: bad pattern '%s'\n", pattern);
    return 2;
  }
  int files = argc - i, status = 1;
  if (show_names < 0) show_names = files > 1;
  if (files == 0 && grep_file(stdin, "(standard input)") > 0) status = 0;
  for (; i < argc; i++) {
    FILE *f = strcmp(argv[i], "-") == 0 ? stdin : fopen(argv[i], "r");
    if (f == NULL) {
      if (!opt_silent) fprintf(stderr, "grep: %s: %s\n", argv[i], strerror(errno));
      status = 2;
      continue;
    }
    long n = grep_file(f, f == stdin ? "(standard input)" : argv[i]);
    if (f != stdin) fclose(f);
    if (n > 0 && status != 2) status = 0;
    if (n > 0 && opt_quiet) return 0;
  }
  fflush(stdout);
  return status;
usage:
  fprintf(stderr, "usage: grep [-vinclqsEFhH] [-e pattern | pattern] [file...]\n");
  return 2;
}
