/*
 * Builtin commands, run inside the shell process: cd pwd exit export unset echo set shift wait
 * read eval . exec true false : break continue return trap command type umask getopts. `exec` itself is finished in exec.c,
 * which owns redirections; `test`/`[` and `kill` are separate programs.
 */
#include "sh.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

int opt_errexit, opt_xtrace, opt_noglob, opt_nounset;

static int number_arg(const char *s, int fallback) {
  if (s == NULL) return fallback;
  char *end;
  long v = strtol(s, &end, 10);
  if (*s == '\0' || *end != '\0') {
    sh_error("%s: numeric argument required", s);
    return -1;
  }
  return (int)v;
}

static int b_colon(int argc, char **argv) {
  (void)argc, (void)argv;
  return 0;
}

static int b_false(int argc, char **argv) {
  (void)argc, (void)argv;
  return 1;
}

static int b_exit(int argc, char **argv) {
  int status = number_arg(argc > 1 ? argv[1] : NULL, last_status);
  sh_exit(status < 0 ? 2 : status);
}

static int b_cd(int argc, char **argv) {
  const char *dir = argc > 1 ? argv[1] : var_get("HOME");
  int print = 0;
  if (dir == NULL) {
    sh_error("cd: HOME not set");
    return 1;
  }
  if (strcmp(dir, "-") == 0) {
    dir = var_get("OLDPWD");
    if (dir == NULL) {
      sh_error("cd: OLDPWD not set");
      return 1;
    }
    print = 1;
  }
  char old[1024];
  if (getcwd(old, sizeof old) == NULL) old[0] = '\0';
  if (chdir(dir) < 0) {
    sh_error("cd: %s: %s", dir, strerror(errno));
    return 1;
  }
  char now[1024];
  if (getcwd(now, sizeof now) != NULL) {
    if (old[0]) var_set("OLDPWD", old, 0);
    var_set("PWD", now, 0);
    if (print) printf("%s\n", now);
  }
  return 0;
}

static int b_pwd(int argc, char **argv) {
  (void)argc, (void)argv;
  char buf[1024];
  if (getcwd(buf, sizeof buf) == NULL) {
    sh_error("pwd: %s", strerror(errno));
    return 1;
  }
  printf("%s\n", buf);
  return 0;
}

/* export NAME[=VALUE]...; with no operand (or -p) lists the exported variables. */
static int b_export(int argc, char **argv) {
  if (argc == 1 || (argc == 2 && strcmp(argv[1], "-p") == 0)) {
    var_print(1);
    return 0;
  }
  int status = 0;
  for (int i = 1; i < argc; i++) {
    char *eq = strchr(argv[i], '=');
    size_t n = eq ? (size_t)(eq - argv[i]) : strlen(argv[i]);
    if (!var_is_name(argv[i], n)) {
      sh_error("export: %s: bad variable name", argv[i]);
      status = 1;
      continue;
    }
    char *name = xstrndup(argv[i], n);
    var_set(name, eq ? eq + 1 : NULL, 1);
    free(name);
  }
  return status;
}

static int b_unset(int argc, char **argv) {
  for (int i = 1; i < argc; i++)
    if (strcmp(argv[i], "-v") != 0) var_unset(argv[i]);
  return 0;
}

static int b_echo(int argc, char **argv) {
  int newline = 1, escapes = 0, i = 1;
  for (; i < argc && argv[i][0] == '-' && argv[i][1] != '\0'; i++) {
    const char *p = argv[i] + 1;
    if (strspn(p, "neE") != strlen(p)) break;
    for (; *p; p++) {
      if (*p == 'n') newline = 0;
      else escapes = *p == 'e';
    }
  }
  for (int first = i; i < argc; i++) {
    if (i > first) putchar(' ');
    if (!escapes) {
      fputs(argv[i], stdout);
      continue;
    }
    for (const char *s = argv[i]; *s; s++) {
      if (*s != '\\' || s[1] == '\0') {
        putchar(*s);
        continue;
      }
      switch (*++s) {
      case 'n': putchar('\n'); break;
      case 't': putchar('\t'); break;
      case 'r': putchar('\r'); break;
      case 'a': putchar('\a'); break;
      case 'b': putchar('\b'); break;
      case 'f': putchar('\f'); break;
      case 'v': putchar('\v'); break;
      case '\\': putchar('\\'); break;
      case 'c': fflush(stdout); return 0;
      case '0': {
        int value = 0;
        for (int k = 0; k < 3 && s[1] >= '0' && s[1] <= '7'; k++) value = value * 8 + (*++s - '0');
        putchar(value);
        break;
      }
      default: putchar('\\'); putchar(*s); break;
      }
    }
  }
  if (newline) putchar('\n');
  return fflush(stdout) ? 1 : 0;
}

/* set [-efux] [+efux] [--] [arg...]: options, positional parameters, or the variable list. */
static int b_set(int argc, char **argv) {
  if (argc == 1) {
    var_print(0);
    return 0;
  }
  int i = 1;
  for (; i < argc && (argv[i][0] == '-' || argv[i][0] == '+'); i++) {
    if (strcmp(argv[i], "--") == 0 || strcmp(argv[i], "-") == 0) {
      i++;
      set_positional(argv + i, argc - i);
      return 0;
    }
    int on = argv[i][0] == '-';
    for (const char *p = argv[i] + 1; *p; p++) {
      switch (*p) {
      case 'e': opt_errexit = on; break;
      case 'x': opt_xtrace = on; break;
      case 'f': opt_noglob = on; break;
      case 'u': opt_nounset = on; break;
      default: sh_error("set: unknown option %c%c", argv[i][0], *p); return 2;
      }
    }
  }
  if (i < argc) set_positional(argv + i, argc - i);
  return 0;
}

static int b_shift(int argc, char **argv) {
  int n = number_arg(argc > 1 ? argv[1] : NULL, 1);
  if (n < 0 || n > pos_count) {
    sh_error("shift: can't shift that many");
    return 1;
  }
  set_positional(pos_args + n, pos_count - n);
  return 0;
}

static int b_wait(int argc, char **argv) { return wait_builtin(argc, argv); }

static int loop_control(int argc, char **argv, int *counter) {
  int n = number_arg(argc > 1 ? argv[1] : NULL, 1);
  if (n < 1) return 1;
  if (loop_depth == 0) return 0;
  *counter = n > loop_depth ? loop_depth : n;
  return 0;
}

static int b_break(int argc, char **argv) { return loop_control(argc, argv, &breaking); }
static int b_continue(int argc, char **argv) { return loop_control(argc, argv, &continuing); }

static int b_return(int argc, char **argv) {
  int n = number_arg(argc > 1 ? argv[1] : NULL, last_status);
  returning = 1;
  last_status = n < 0 ? 2 : n;
  return last_status;
}

/* read [-r] [-p prompt] NAME...: one line from stdin, split on IFS; the last name takes the rest. */
static int b_read(int argc, char **argv) {
  int raw = 0, i = 1;
  for (; i < argc && argv[i][0] == '-'; i++) {
    if (strcmp(argv[i], "-r") == 0) raw = 1;
    else if (strcmp(argv[i], "-p") == 0 && i + 1 < argc) {
      fputs(argv[++i], stderr);
      fflush(stderr);
    } else break;
  }
  size_t len = 0, cap = 128;
  char *line = xmalloc(cap);
  unsigned char *escaped = xmalloc(cap);
  int got_eof = 0;
  for (;;) {
    char c;
    long r = read(0, &c, 1);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) {
      got_eof = 1;
      break;
    }
    if (c == '\n') break;
    int esc = 0;
    if (c == '\\' && !raw) {
      r = read(0, &c, 1);
      if (r <= 0) break;
      if (c == '\n') continue;
      esc = 1;
    }
    if (len + 2 > cap) {
      cap *= 2;
      line = xrealloc(line, cap);
      escaped = xrealloc(escaped, cap);
    }
    escaped[len] = (unsigned char)esc;
    line[len++] = c;
  }
  line[len] = '\0';
  const char *ifs = var_get("IFS");
  if (ifs == NULL) ifs = " \t\n";
  size_t p = 0;
  if (i == argc) {
    var_set("REPLY", line, 0);
  }
  for (; i < argc; i++) {
    while (p < len && !escaped[p] && strchr(ifs, line[p]) && strchr(" \t\n", line[p])) p++;
    size_t start = p;
    if (i + 1 == argc) {
      /* The last name gets the rest, less trailing IFS white space. */
      size_t end = len;
      while (end > start && !escaped[end - 1] && strchr(" \t\n", line[end - 1]) && strchr(ifs, line[end - 1])) end--;
      p = end;
    } else {
      while (p < len && (escaped[p] || !strchr(ifs, line[p]))) p++;
    }
    char *value = xstrndup(line + start, p - start);
    var_set(argv[i], value, 0);
    free(value);
    if (p < len && i + 1 < argc) p++;
  }
  free(line);
  free(escaped);
  return got_eof && len == 0 ? 1 : 0;
}

static int b_eval(int argc, char **argv) {
  size_t total = 1;
  for (int i = 1; i < argc; i++) total += strlen(argv[i]) + 1;
  char *text = xmalloc(total + 1);
  text[0] = '\0';
  for (int i = 1; i < argc; i++) {
    strcat(text, argv[i]);
    strcat(text, i + 1 < argc ? " " : "\n");
  }
  int status = run_string(text, "eval");
  free(text);
  return status;
}

static int b_dot(int argc, char **argv) {
  if (argc < 2) {
    sh_error(".: filename argument required");
    return 2;
  }
  const char *name = argv[1];
  char *found = NULL;
  if (strchr(name, '/') == NULL) {
    const char *path = var_get("PATH");
    for (const char *p = path ? path : ""; *p;) {
      const char *colon = strchr(p, ':');
      size_t dlen = colon ? (size_t)(colon - p) : strlen(p);
      char *full = xmalloc(dlen + strlen(name) + 2);
      sprintf(full, "%.*s/%s", (int)dlen, p, name);
      if (access(full, R_OK) == 0) {
        found = full;
        break;
      }
      free(full);
      if (colon == NULL) break;
      p = colon + 1;
    }
  }
  int status = run_file(found ? found : name);
  free(found);
  return status;
}

static int b_trap(int argc, char **argv) { return trap_builtin(argc, argv); }
static int b_getopts(int argc, char **argv) { return getopts_builtin(argc, argv); }

/* What a name means to the shell: 'f' function, 'b' builtin, 'p' program (path set), or 0. */
static int classify(const char *name, char **path) {
  *path = NULL;
  if (func_find(name) != NULL) return 'f';
  if (builtin_find(name) >= 0) return 'b';
  *path = path_lookup(name);
  return *path ? 'p' : 0;
}

/* command -v|-V NAME...: how a name would be run; command NAME ARG...: run it, not a function. */
static int b_command(int argc, char **argv) {
  if (argc < 2) return 0;
  int verbose = strcmp(argv[1], "-V") == 0;
  if (strcmp(argv[1], "-v") != 0 && !verbose) return run_argv(argv + 1);
  int status = 0;
  for (int i = 2; i < argc; i++) {
    char *path;
    int kind = classify(argv[i], &path);
    if (kind == 0) {
      if (verbose) sh_error("%s: not found", argv[i]);
      status = 1;
    } else if (verbose) {
      printf("%s is %s\n", argv[i], kind == 'f' ? "a function" : kind == 'b' ? "a shell builtin" : path);
    } else {
      printf("%s\n", kind == 'p' ? path : argv[i]);
    }
    free(path);
  }
  return status;
}

static int b_type(int argc, char **argv) {
  int status = 0;
  for (int i = 1; i < argc; i++) {
    char *path;
    int kind = classify(argv[i], &path);
    if (kind == 0) {
      sh_error("%s: not found", argv[i]);
      status = 1;
    } else {
      printf("%s is %s\n", argv[i], kind == 'f' ? "a function" : kind == 'b' ? "a shell builtin" : path);
    }
    free(path);
  }
  return status;
}

/* umask [MODE]: prints the file-creation mask in octal, or sets it (octal only). The library
 * has no umask(), so the system call is made directly. */
static int b_umask(int argc, char **argv) {
  if (argc < 2) {
    long old = syscall(SYS_umask, 022);
    syscall(SYS_umask, old);
    printf("%04lo\n", old);
    return 0;
  }
  char *end;
  long mask = strtol(argv[1], &end, 8);
  if (*argv[1] == '\0' || *end != '\0' || mask < 0 || mask > 0777) {
    sh_error("umask: %s: octal mode expected", argv[1]);
    return 1;
  }
  syscall(SYS_umask, mask);
  return 0;
}

static int b_exec(int argc, char **argv) {
  (void)argc, (void)argv;
  return 0; /* reached only for `exec` with redirections alone; exec.c does the work */
}

static const struct {
  const char *name;
  int (*fn)(int, char **);
  int special;
} builtins[] = {
    {":", b_colon, 1},       {".", b_dot, 1},         {"break", b_break, 1}, {"cd", b_cd, 0},
    {"continue", b_continue, 1}, {"echo", b_echo, 0}, {"eval", b_eval, 1},   {"exec", b_exec, 1},
    {"exit", b_exit, 1},     {"export", b_export, 1}, {"false", b_false, 0}, {"pwd", b_pwd, 0},
    {"read", b_read, 0},     {"return", b_return, 1}, {"set", b_set, 1},     {"shift", b_shift, 1},
    {"true", b_colon, 0},    {"unset", b_unset, 1},   {"wait", b_wait, 0},
    {"trap", b_trap, 1},     {"command", b_command, 0}, {"type", b_type, 0}, {"umask", b_umask, 0},
    {"getopts", b_getopts, 0},
};

int builtin_find(const char *name) {
  for (size_t i = 0; i < sizeof builtins / sizeof builtins[0]; i++)
    if (strcmp(builtins[i].name, name) == 0) return (int)i;
  return -1;
}

int builtin_is_special(int index) { return builtins[index].special; }

int builtin_run(int index, int argc, char **argv) {
  int status = builtins[index].fn(argc, argv);
  fflush(stdout);
  return status;
}
