/*
 * test / [: evaluates a conditional expression and exits 0 (true), 1 (false) or 2 (error).
 * Called as `[` (argv[0]'s base name) it requires a closing `]` argument.
 * Files: -e -f -d -r -w -x -s -L/-h -p -b -c -S, -t FD; strings: -n -z, = != (and a lone
 * string); integers: -eq -ne -lt -le -gt -ge; files: -nt -ot -ef; grouping ! ( ) -a -o, with
 * -a binding tighter than -o (POSIX's XSI rules; the 1-4 argument forms are decided by count).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char **args;
static int nargs, pos;

static _Noreturn void syntax(const char *what) {
  fprintf(stderr, "test: %s\n", what);
  exit(2);
}

static long long integer(const char *s) {
  char *end;
  while (*s == ' ' || *s == '\t') s++;
  long long v = strtoll(s, &end, 10);
  while (*end == ' ' || *end == '\t') end++;
  if (*s == '\0' || *end != '\0') {
    fprintf(stderr, "test: %s: integer expected\n", s);
    exit(2);
  }
  return v;
}

static int is_binary_op(const char *s) {
  static const char *ops[] = {"=", "!=", "==", "-eq", "-ne", "-lt", "-le", "-gt", "-ge",
                              "-nt", "-ot", "-ef", NULL};
  for (int i = 0; ops[i]; i++)
    if (strcmp(s, ops[i]) == 0) return 1;
  return 0;
}

static int is_unary_op(const char *s) {
  return s[0] == '-' && s[1] != '\0' && s[2] == '\0' && strchr("efdrwxsLhpbcSntzgukO", s[1]) != NULL;
}

static int unary(char op, const char *arg) {
  struct stat st;
  switch (op) {
  case 'n': return arg[0] != '\0';
  case 'z': return arg[0] == '\0';
  case 't': return isatty((int)integer(arg));
  case 'r': return access(arg, R_OK) == 0;
  case 'w': return access(arg, W_OK) == 0;
  case 'x': return access(arg, X_OK) == 0;
  case 'L':
  case 'h': return lstat(arg, &st) == 0 && S_ISLNK(st.st_mode);
  default: break;
  }
  if (stat(arg, &st) < 0) return 0;
  switch (op) {
  case 'e': return 1;
  case 'f': return S_ISREG(st.st_mode);
  case 'd': return S_ISDIR(st.st_mode);
  case 's': return st.st_size > 0;
  case 'p': return S_ISFIFO(st.st_mode);
  case 'b': return S_ISBLK(st.st_mode);
  case 'c': return S_ISCHR(st.st_mode);
  case 'S': return S_ISSOCK(st.st_mode);
  case 'g': return (st.st_mode & S_ISGID) != 0;
  case 'u': return (st.st_mode & S_ISUID) != 0;
  case 'k': return (st.st_mode & S_ISVTX) != 0;
  case 'O': return st.st_uid == geteuid();
  default: return 0;
  }
}

static int binary(const char *a, const char *op, const char *b) {
  if (strcmp(op, "=") == 0 || strcmp(op, "==") == 0) return strcmp(a, b) == 0;
  if (strcmp(op, "!=") == 0) return strcmp(a, b) != 0;
  if (op[1] == 'n' && op[2] == 't') {
    struct stat x, y;
    if (stat(a, &x) < 0) return 0;
    return stat(b, &y) < 0 || x.st_mtime > y.st_mtime;
  }
  if (op[1] == 'o' && op[2] == 't') {
    struct stat x, y;
    if (stat(b, &y) < 0) return 0;
    return stat(a, &x) < 0 || x.st_mtime < y.st_mtime;
  }
  if (op[1] == 'e' && op[2] == 'f') {
    struct stat x, y;
    return stat(a, &x) == 0 && stat(b, &y) == 0 && x.st_dev == y.st_dev && x.st_ino == y.st_ino;
  }
  long long x = integer(a), y = integer(b);
  if (strcmp(op, "-eq") == 0) return x == y;
  if (strcmp(op, "-ne") == 0) return x != y;
  if (strcmp(op, "-lt") == 0) return x < y;
  if (strcmp(op, "-le") == 0) return x <= y;
  if (strcmp(op, "-gt") == 0) return x > y;
  return x >= y;
}

static int or_expr(void);

/* primary: ( expr ) | ! primary | unary-op arg | arg binary-op arg | arg */
static int primary(void) {
  if (pos >= nargs) syntax("argument expected");
  const char *a = args[pos];
  if (strcmp(a, "!") == 0) {
    pos++;
    return !primary();
  }
  if (pos + 2 < nargs && is_binary_op(args[pos + 1])) {
    pos += 3;
    return binary(a, args[pos - 2], args[pos - 1]);
  }
  if (strcmp(a, "(") == 0) {
    pos++;
    int value = or_expr();
    if (pos >= nargs || strcmp(args[pos], ")") != 0) syntax("')' expected");
    pos++;
    return value;
  }
  if (is_unary_op(a) && pos + 1 < nargs) {
    pos += 2;
    return unary(a[1], args[pos - 1]);
  }
  pos++;
  return a[0] != '\0';
}

static int and_expr(void) {
  int value = primary();
  while (pos < nargs && strcmp(args[pos], "-a") == 0) {
    pos++;
    int right = primary();
    value = value && right;
  }
  return value;
}

static int or_expr(void) {
  int value = and_expr();
  while (pos < nargs && strcmp(args[pos], "-o") == 0) {
    pos++;
    int right = and_expr();
    value = value || right;
  }
  return value;
}

int main(int argc, char **argv) {
  const char *base = strrchr(argv[0], '/');
  base = base ? base + 1 : argv[0];
  args = argv + 1;
  nargs = argc - 1;
  if (strcmp(base, "[") == 0) {
    if (nargs == 0 || strcmp(args[nargs - 1], "]") != 0) syntax("missing ']'");
    nargs--;
  }
  if (nargs == 0) return 1;
  /* POSIX decides the short forms by argument count, so that `test -n` or `test ! =` work. */
  int value;
  if (nargs == 1) {
    value = args[0][0] != '\0';
  } else if (nargs == 2 && strcmp(args[0], "!") == 0) {
    value = args[1][0] == '\0';
  } else if (nargs == 2 && is_unary_op(args[0])) {
    value = unary(args[0][1], args[1]);
  } else if (nargs == 3 && is_binary_op(args[1])) {
    value = binary(args[0], args[1], args[2]);
  } else if (nargs == 3 && strcmp(args[0], "!") == 0) {
    pos = 1;
    value = !primary();
    if (pos != nargs) syntax("too many arguments");
  } else {
    value = or_expr();
    if (pos != nargs) syntax("too many arguments");
  }
  return value ? 0 : 1;
}
