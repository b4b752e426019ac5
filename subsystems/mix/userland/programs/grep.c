/*
 * grep: prints the lines of each file (or stdin) that match a pattern.
 * Patterns are POSIX regular expressions without back references or intervals: literals, `.`,
 * bracket expressions with ranges, classes like [:digit:] and `^` negation, `*`, anchors `^`
 * and `$`; extended ones (-E) add `+`, `?`, `|` and groups `( )`, which basic ones spell
 * `\+`, `\?`, `\|`, `\( \)`. -F takes each line of the pattern literally. The pattern is
 * compiled to a small program (character tests, splits and jumps) run by a backtracking matcher.
 * Options: -v invert, -i ignore case, -n line numbers, -c count, -l file names, -q quiet,
 * -h/-H never/always prefix file names, -s no messages, -e PATTERN. Exit 0 on a match,
 * 1 when none, 2 on error.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int opt_invert, opt_icase, opt_number, opt_count, opt_list, opt_quiet, opt_silent;
static int opt_extended, opt_fixed, show_names = -1;

/* ---- parsing into a tree ---- */

enum { R_CHAR, R_ANY, R_CLASS, R_BOL, R_EOL, R_CAT, R_ALT, R_STAR, R_PLUS, R_QUEST, R_EMPTY };

struct re {
  int op, c;
  unsigned char *set;
  struct re *l, *r;
};

static const char *src;
static size_t src_len, at;
static int bad_pattern;

static struct re *node(int op, struct re *l, struct re *r) {
  struct re *n = calloc(1, sizeof *n);
  if (n == NULL) {
    fputs("grep: out of memory\n", stderr);
    exit(2);
  }
  n->op = op;
  n->l = l;
  n->r = r;
  return n;
}

static void set_bit(unsigned char *set, int c) { set[(unsigned char)c >> 3] |= (unsigned char)(1u << (c & 7)); }

/* Adds a POSIX class such as [:digit:] at p to set; returns the characters used, or 0. */
static size_t add_named_class(const char *p, size_t len, unsigned char *set) {
  static const char *names[] = {"alnum", "alpha", "blank", "cntrl", "digit", "graph",
                                "lower", "print", "punct", "space", "upper", "xdigit"};
  for (int k = 0; k < 12; k++) {
    size_t n = strlen(names[k]);
    if (len < n + 4 || strncmp(p + 2, names[k], n) != 0 || p[n + 2] != ':' || p[n + 3] != ']') continue;
    for (int c = 0; c < 256; c++) {
      int in;
      switch (k) {
      case 0: in = isalnum(c); break;
      case 1: in = isalpha(c); break;
      case 2: in = c == ' ' || c == '\t'; break;
      case 3: in = iscntrl(c); break;
      case 4: in = isdigit(c); break;
      case 5: in = isgraph(c); break;
      case 6: in = islower(c); break;
      case 7: in = isprint(c); break;
      case 8: in = ispunct(c); break;
      case 9: in = isspace(c); break;
      case 10: in = isupper(c); break;
      default: in = isxdigit(c); break;
      }
      if (in) set_bit(set, c);
    }
    return n + 4;
  }
  return 0;
}

/* A bracket expression; `at` is just past the '['. */
static struct re *parse_class(void) {
  struct re *n = node(R_CLASS, NULL, NULL);
  n->set = calloc(32, 1);
  if (n->set == NULL) exit(2);
  int negate = at < src_len && src[at] == '^';
  if (negate) at++;
  size_t start = at;
  while (at < src_len && (src[at] != ']' || at == start)) {
    size_t used = src[at] == '[' && at + 1 < src_len && src[at + 1] == ':'
                      ? add_named_class(src + at, src_len - at, n->set)
                      : 0;
    if (used > 0) {
      at += used;
    } else if (at + 2 < src_len && src[at + 1] == '-' && src[at + 2] != ']') {
      for (int x = (unsigned char)src[at]; x <= (unsigned char)src[at + 2]; x++) set_bit(n->set, x);
      at += 3;
    } else {
      set_bit(n->set, (unsigned char)src[at++]);
    }
  }
  if (at >= src_len) {
    bad_pattern = 1;
    return n;
  }
  at++;
  if (opt_icase) {
    for (int x = 'a'; x <= 'z'; x++) {
      if (n->set[x >> 3] & (1u << (x & 7))) set_bit(n->set, toupper(x));
      if (n->set[toupper(x) >> 3] & (1u << (toupper(x) & 7))) set_bit(n->set, x);
    }
  }
  if (negate) {
    for (int k = 0; k < 32; k++) n->set[k] = (unsigned char)~n->set[k];
    n->set['\n' >> 3] &= (unsigned char)~(1u << ('\n' & 7));
  }
  return n;
}

/* Is the operator `op` ( ) | + ? next? Extended patterns spell it bare, basic ones with '\'. */
static int at_op(char op) {
  if (opt_fixed) return 0;
  if (opt_extended) return at < src_len && src[at] == op;
  return at + 1 < src_len && src[at] == '\\' && src[at + 1] == op;
}

static void take_op(void) { at += opt_extended ? 1 : 2; }

static struct re *parse_alt(void);

static struct re *parse_atom(int first) {
  char c = src[at];
  if (opt_fixed) {
    at++;
    struct re *n = node(R_CHAR, NULL, NULL);
    n->c = opt_icase ? tolower((unsigned char)c) : (unsigned char)c;
    return n;
  }
  if (at_op('(')) {
    take_op();
    struct re *inner = parse_alt();
    if (!at_op(')')) bad_pattern = 1;
    else take_op();
    return inner;
  }
  at++;
  if (c == '.') return node(R_ANY, NULL, NULL);
  if (c == '[') return parse_class();
  if (c == '^' && (first || opt_extended)) return node(R_BOL, NULL, NULL);
  if (c == '$' && (at == src_len || at_op('|') || at_op(')') || opt_extended)) return node(R_EOL, NULL, NULL);
  if (c == '\\' && at < src_len) c = src[at++];
  struct re *n = node(R_CHAR, NULL, NULL);
  n->c = opt_icase ? tolower((unsigned char)c) : (unsigned char)c;
  return n;
}

static struct re *parse_concat(void) {
  struct re *left = NULL;
  while (at < src_len && !at_op('|') && !at_op(')') && !(opt_fixed && src[at] == '\n')) {
    struct re *atom;
    if (src[at] == '*' && (left == NULL || left->op == R_BOL) && !opt_fixed) {
      /* A '*' at the start (or right after '^') is an ordinary character. */
      at++;
      atom = node(R_CHAR, NULL, NULL);
      atom->c = '*';
    } else {
      atom = parse_atom(left == NULL);
    }
    for (;;) {
      if (!opt_fixed && at < src_len && src[at] == '*' && atom->op != R_BOL) at++, atom = node(R_STAR, atom, NULL);
      else if (at_op('+')) take_op(), atom = node(R_PLUS, atom, NULL);
      else if (at_op('?')) take_op(), atom = node(R_QUEST, atom, NULL);
      else break;
    }
    left = left ? node(R_CAT, left, atom) : atom;
  }
  return left ? left : node(R_EMPTY, NULL, NULL);
}

static struct re *parse_alt(void) {
  struct re *left = parse_concat();
  while (at_op('|') || (opt_fixed && at < src_len && src[at] == '\n')) {
    if (opt_fixed) at++;
    else take_op();
    left = node(R_ALT, left, parse_concat());
  }
  return left;
}

/* ---- the program and its matcher ---- */

enum { I_CHAR, I_ANY, I_CLASS, I_BOL, I_EOL, I_MATCH, I_JMP, I_SPLIT };

struct inst {
  int op, c, x, y;
  int loop; /* a split that closes a * or + loop */
  const char *entered; /* where the matcher last entered that loop on the current path */
  const unsigned char *set;
};

static struct inst *prog;
static int nprog, cap_prog;

static int emit(int op) {
  if (nprog == cap_prog) {
    cap_prog = cap_prog ? cap_prog * 2 : 64;
    prog = realloc(prog, (size_t)cap_prog * sizeof *prog);
    if (prog == NULL) exit(2);
  }
  memset(&prog[nprog], 0, sizeof *prog);
  prog[nprog].op = op;
  return nprog++;
}

static void gen(const struct re *n) {
  /* emit() may move prog: take the index first, then index the array. */
  int a, b;
  switch (n->op) {
  case R_CHAR:
    a = emit(I_CHAR);
    prog[a].c = n->c;
    break;
  case R_ANY: emit(I_ANY); break;
  case R_CLASS:
    a = emit(I_CLASS);
    prog[a].set = n->set;
    break;
  case R_BOL: emit(I_BOL); break;
  case R_EOL: emit(I_EOL); break;
  case R_EMPTY: break;
  case R_CAT: gen(n->l); gen(n->r); break;
  case R_ALT:
    a = emit(I_SPLIT);
    prog[a].x = nprog;
    gen(n->l);
    b = emit(I_JMP);
    prog[a].y = nprog;
    gen(n->r);
    prog[b].x = nprog;
    break;
  case R_STAR:
    a = emit(I_SPLIT);
    prog[a].x = nprog;
    gen(n->l);
    b = emit(I_JMP);
    prog[b].x = a;
    prog[a].y = nprog;
    prog[a].loop = 1;
    break;
  case R_PLUS:
    a = nprog;
    gen(n->l);
    b = emit(I_SPLIT);
    prog[b].x = a;
    prog[b].y = nprog;
    prog[b].loop = 1;
    break;
  default: /* R_QUEST */
    a = emit(I_SPLIT);
    prog[a].x = nprog;
    gen(n->l);
    prog[a].y = nprog;
    break;
  }
}

static const char *line_start;
static long steps;

/* Runs the program from pc at sp; greedy (a split tries its first branch first). */
static int backtrack(int pc, const char *sp) {
  for (;;) {
    /* Patterns like (a*)* could loop forever on empty matches: bound the work per line. */
    if (++steps > 1000000) return 0;
    const struct inst *in = &prog[pc];
    unsigned char c = (unsigned char)*sp;
    if (opt_icase) c = (unsigned char)tolower(c);
    switch (in->op) {
    case I_CHAR:
      if (*sp == '\0' || c != in->c) return 0;
      pc++, sp++;
      break;
    case I_ANY:
      if (*sp == '\0') return 0;
      pc++, sp++;
      break;
    case I_CLASS:
      if (*sp == '\0' || !((in->set[(unsigned char)*sp >> 3] >> (*sp & 7)) & 1)) return 0;
      pc++, sp++;
      break;
    case I_BOL:
      if (sp != line_start) return 0;
      pc++;
      break;
    case I_EOL:
      if (*sp != '\0') return 0;
      pc++;
      break;
    case I_MATCH: return 1;
    case I_JMP: pc = in->x; break;
    default: {
      /* A loop that comes round without consuming anything stops: (a*)* must end. */
      if (in->loop && in->entered == sp) {
        pc = in->y;
        break;
      }
      const char *saved = in->entered;
      prog[pc].entered = in->loop ? sp : saved;
      int matched = backtrack(in->x, sp);
      prog[pc].entered = saved;
      if (matched) return 1;
      pc = in->y;
      break;
    }
    }
  }
}

static int line_matches(const char *line) {
  line_start = line;
  steps = 0;
  const char *t = line;
  do {
    if (backtrack(0, t)) return 1;
  } while (*t++ != '\0');
  return 0;
}

static int compile_all(const char *pattern) {
  src = pattern;
  src_len = strlen(pattern);
  at = 0;
  struct re *tree = parse_alt();
  if (at != src_len) bad_pattern = 1;
  if (bad_pattern) return -1;
  gen(tree);
  emit(I_MATCH);
  return 0;
}

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
