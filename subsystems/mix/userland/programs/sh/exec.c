/*
 * Running syntax trees. Simple commands: assignments, functions, builtins (in the shell
 * process, their redirections undone afterwards) and programs (fork, redirect, execve along
 * PATH; a file that is not a binary runs as a script in the child). Pipelines fork one process
 * per command; background lists are remembered for `wait`; ( ) runs in a child; command
 * substitution reads a child's output through a pipe.
 * `forked` says we already are a child that may exec or exit instead of forking again.
 */
#include "sh.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

int last_status;
int loop_depth, breaking, continuing, returning, in_condition;

#define UNWINDING (breaking || continuing || returning)

/* ---- simple commands ---- */

/* Executes a program in this (child) process; never returns. */
static _Noreturn void exec_program(char **argv, struct strv *assigns) {
  char **env = var_environ(assigns);
  const char *name = argv[0];
  int err = ENOENT;
  char *found = NULL;
  if (strchr(name, '/') != NULL) {
    execve(name, argv, env);
    err = errno;
    found = xstrdup(name);
  } else {
    const char *path = var_get("PATH");
    if (path == NULL) path = "/bin:/usr/bin";
    for (const char *p = path;;) {
      const char *colon = strchr(p, ':');
      size_t dlen = colon ? (size_t)(colon - p) : strlen(p);
      char *full = xmalloc(dlen + strlen(name) + 2);
      if (dlen == 0) strcpy(full, name);
      else sprintf(full, "%.*s/%s", (int)dlen, p, name);
      execve(full, argv, env);
      if (errno != ENOENT && errno != ENOTDIR) {
        err = errno;
        free(found);
        found = full;
        if (err == ENOEXEC) break;
      } else {
        free(full);
      }
      if (colon == NULL) break;
      p = colon + 1;
    }
  }
  if (err == ENOEXEC && found != NULL) {
    /* Not a binary: a shell script, run by this shell in this child. */
    int argc = 0;
    while (argv[argc]) argc++;
    set_positional(argv + 1, argc - 1);
    arg0 = found;
    sh_exit(run_file(found));
  }
  if (err == ENOENT) sh_error("%s: not found", name);
  else sh_error("%s: %s", name, strerror(err));
  sh_exit(err == ENOENT ? 127 : 126);
}

static int count_args(char **argv) {
  int n = 0;
  while (argv[n] != NULL) n++;
  return n;
}

static int is_assignment(const char *w) {
  const char *eq = strchr(w, '=');
  return eq != NULL && var_is_name(w, (size_t)(eq - w));
}

static void trace(char **argv, struct strv *assigns) {
  fputs("+", stderr);
  for (int i = 0; i < assigns->n; i++) fprintf(stderr, " %s", assigns->v[i]);
  for (int i = 0; argv[i]; i++) fprintf(stderr, " %s", argv[i]);
  fputs("\n", stderr);
}

static int call_function(struct node *body, int argc, char **argv) {
  char **old_args = pos_args;
  int old_count = pos_count;
  pos_args = NULL;
  pos_count = 0;
  set_positional(argv + 1, argc - 1);
  body->refs++; /* the body survives being redefined while it runs */
  int status = run_node(body, 0);
  free_node(body);
  for (int i = 0; i < pos_count; i++) free(pos_args[i]);
  free(pos_args);
  pos_args = old_args;
  pos_count = old_count;
  if (returning) {
    returning = 0;
    status = last_status;
  }
  return status;
}

static int run_simple(struct node *n, int forked) {
  struct strv assigns = {0}, args = {0};
  int status = 0, i = 0;
  int nassign = 0;
  while (nassign < n->nwords && is_assignment(n->words[nassign])) nassign++;
  /* In an assignment-only command, the status is that of the last command substitution. */
  if (nassign == n->nwords) last_status = 0;
  for (; i < nassign; i++) {
    char *eq = strchr(n->words[i], '=');
    char *value = expand_string(eq + 1);
    if (value == NULL) goto fail;
    char *a = xmalloc((size_t)(eq - n->words[i]) + strlen(value) + 2);
    sprintf(a, "%.*s=%s", (int)(eq - n->words[i]), n->words[i], value);
    free(value);
    strv_push(&assigns, a);
  }
  for (; i < n->nwords; i++)
    if (expand_fields(n->words[i], &args) < 0) goto fail;
  strv_push(&args, NULL);
  if (opt_xtrace && (args.n > 0 || assigns.n > 0)) trace(args.v, &assigns);

  if (args.n == 0) {
    /* Assignments (and redirections) only: they apply to the shell itself. */
    status = last_status;
    for (int k = 0; k < assigns.n; k++) {
      char *eq = strchr(assigns.v[k], '=');
      *eq = '\0';
      var_set(assigns.v[k], eq + 1, 0);
    }
    struct saved_fd saved[16];
    int nsaved = 0;
    if (apply_redirs(n->redirs, saved, &nsaved) < 0) status = 1;
    restore_redirs(saved, nsaved);
    goto done;
  }
  const char *name = args.v[0];
  struct node *fn = func_find(name);
  int bi = fn ? -1 : builtin_find(name);
  if (fn != NULL || bi >= 0) {
    if (strcmp(name, "exec") == 0) {
      /* exec: make redirections permanent, or replace the shell by the command. */
      if (apply_redirs(n->redirs, NULL, NULL) < 0) {
        status = 1;
        goto done;
      }
      if (args.n == 1) goto done;
      fflush(stdout);
      exec_program(args.v + 1, &assigns);
    }
    for (int k = 0; k < assigns.n; k++) {
      char *eq = strchr(assigns.v[k], '=');
      *eq = '\0';
      var_set(assigns.v[k], eq + 1, 0);
      *eq = '=';
    }
    struct saved_fd saved[16];
    int nsaved = 0;
    if (apply_redirs(n->redirs, forked ? NULL : saved, &nsaved) < 0) {
      restore_redirs(saved, nsaved);
      status = 1;
      if (bi >= 0 && builtin_is_special(bi) && !interactive) sh_exit(1);
      goto done;
    }
    status = fn ? call_function(fn, args.n, args.v) : builtin_run(bi, args.n, args.v);
    fflush(stdout);
    restore_redirs(saved, nsaved);
    goto done;
  }
  if (forked) {
    if (apply_redirs(n->redirs, NULL, NULL) < 0) sh_exit(1);
    exec_program(args.v, &assigns);
  }
  pid_t pid = sh_fork();
  if (pid < 0) {
    status = 2;
    goto done;
  }
  if (pid == 0) {
    if (apply_redirs(n->redirs, NULL, NULL) < 0) sh_exit(1);
    exec_program(args.v, &assigns);
  }
  status = wait_child(pid);
done:
  strv_free(&assigns);
  strv_free(&args);
  return status;
fail:
  strv_free(&assigns);
  strv_free(&args);
  if (!interactive) sh_exit(2);
  return 2;
}

/* Runs argv as a builtin or a program, never a function (the `command` builtin). */
int run_argv(char **argv) {
  int bi = builtin_find(argv[0]);
  if (bi >= 0) return builtin_run(bi, count_args(argv), argv);
  pid_t pid = sh_fork();
  if (pid < 0) return 2;
  if (pid == 0) {
    struct strv none = {0};
    exec_program(argv, &none);
  }
  return wait_child(pid);
}

/* ---- compound commands ---- */

static int run_pipeline(struct node *n) {
  /* Flatten the left-leaning chain of N_PIPE nodes. */
  int count = 1;
  for (struct node *p = n; p->type == N_PIPE; p = p->a) count++;
  struct node **cmds = xmalloc((size_t)count * sizeof *cmds);
  struct node *p = n;
  for (int k = count - 1; k > 0; k--, p = p->a) cmds[k] = p->b;
  cmds[0] = p;
  pid_t *pids = xmalloc((size_t)count * sizeof *pids);
  int in = -1;
  for (int k = 0; k < count; k++) {
    int fds[2] = {-1, -1};
    if (k + 1 < count && pipe(fds) < 0) {
      sh_error("pipe: %s", strerror(errno));
      count = k;
      break;
    }
    pids[k] = sh_fork();
    if (pids[k] == 0) {
      if (in >= 0) {
        dup2(in, 0);
        close(in);
      }
      if (fds[1] >= 0) {
        dup2(fds[1], 1);
        close(fds[1]);
        close(fds[0]);
      }
      sh_exit(run_node(cmds[k], 1));
    }
    if (in >= 0) close(in);
    if (fds[1] >= 0) close(fds[1]);
    in = fds[0];
  }
  if (in >= 0) close(in);
  int status = 0;
  for (int k = 0; k < count; k++)
    if (pids[k] > 0) status = wait_child(pids[k]);
  free(cmds);
  free(pids);
  return status;
}

static int run_loop(struct node *n) {
  int status = 0;
  loop_depth++;
  for (;;) {
    in_condition++;
    int cond = run_node(n->a, 0);
    in_condition--;
    if (returning) break;
    if (breaking) {
      breaking--;
      break;
    }
    if (continuing) {
      if (--continuing > 0) break;
      continue;
    }
    if ((cond == 0) != (n->type == N_WHILE)) break;
    status = run_node(n->b, 0);
    if (returning) break;
    if (breaking) {
      breaking--;
      break;
    }
    if (continuing && --continuing > 0) break;
  }
  loop_depth--;
  return status;
}

static int run_for(struct node *n) {
  struct strv items = {0};
  if (n->nwords < 0) {
    for (int i = 0; i < pos_count; i++) strv_push(&items, xstrdup(pos_args[i]));
  } else {
    for (int i = 0; i < n->nwords; i++)
      if (expand_fields(n->words[i], &items) < 0) {
        strv_free(&items);
        return 2;
      }
  }
  int status = 0;
  loop_depth++;
  for (int i = 0; i < items.n; i++) {
    var_set(n->name, items.v[i], 0);
    status = run_node(n->b, 0);
    if (returning) break;
    if (breaking) {
      breaking--;
      break;
    }
    if (continuing && --continuing > 0) break;
  }
  loop_depth--;
  strv_free(&items);
  return status;
}

static int run_case(struct node *n) {
  char *subject = expand_string(n->name);
  if (subject == NULL) return 2;
  int w = 0, status = 0;
  for (int arm = 0; arm < n->narms; arm++) {
    int matched = 0;
    for (int k = 0; k < n->arm_patterns[arm]; k++, w++) {
      if (matched) continue;
      char *pattern = expand_pattern(n->words[w]);
      matched = pattern_match(pattern, subject);
      free(pattern);
    }
    if (matched) {
      status = n->arms[arm] ? run_node(n->arms[arm], 0) : 0;
      break;
    }
  }
  free(subject);
  return status;
}

static int run_compound(struct node *n, int forked) {
  switch (n->type) {
  case N_IF: {
    in_condition++;
    int cond = run_node(n->a, 0);
    in_condition--;
    if (UNWINDING) return cond;
    if (cond == 0) return run_node(n->b, 0);
    return n->c ? run_node(n->c, 0) : 0;
  }
  case N_WHILE:
  case N_UNTIL: return run_loop(n);
  case N_FOR: return run_for(n);
  case N_CASE: return run_case(n);
  case N_GROUP: return run_node(n->a, forked);
  case N_SUBSHELL: {
    if (forked) sh_exit(run_node(n->a, 1));
    pid_t pid = sh_fork();
    if (pid < 0) return 2;
    if (pid == 0) sh_exit(run_node(n->a, 1));
    return wait_child(pid);
  }
  default: return 2;
  }
}

int run_node(struct node *n, int forked) {
  if (n == NULL) return 0;
  int status = 0;
  switch (n->type) {
  case N_CMD:
    status = run_simple(n, forked);
    break;
  case N_PIPE:
    status = run_pipeline(n);
    break;
  case N_NOT:
    in_condition++;
    status = !run_node(n->a, 0);
    in_condition--;
    last_status = status;
    return status;
  case N_AND:
  case N_OR:
    in_condition++;
    status = run_node(n->a, 0);
    in_condition--;
    last_status = status;
    if (UNWINDING) return status;
    if ((status == 0) == (n->type == N_AND)) status = run_node(n->b, forked);
    last_status = status;
    return status;
  case N_SEQ:
    run_node(n->a, 0);
    if (UNWINDING) return last_status;
    return run_node(n->b, forked);
  case N_BG: {
    pid_t pid = sh_fork();
    if (pid < 0) return 2;
    if (pid == 0) {
      /* Without job control, a background list reads from /dev/null unless redirected. */
      int fd = open("/dev/null", O_RDONLY);
      if (fd >= 0 && fd != 0) {
        dup2(fd, 0);
        close(fd);
      }
      sh_exit(run_node(n->a, 1));
    }
    job_add(pid);
    if (interactive) fprintf(stderr, "[%ld]\n", (long)pid);
    status = 0;
    break;
  }
  case N_FUNC:
    func_define(n->name, n->a);
    status = 0;
    break;
  default: {
    struct saved_fd saved[16];
    int nsaved = 0;
    if (apply_redirs(n->redirs, forked ? NULL : saved, &nsaved) < 0) {
      restore_redirs(saved, nsaved);
      status = 1;
      break;
    }
    status = run_compound(n, forked);
    restore_redirs(saved, nsaved);
    break;
  }
  }
  last_status = status;
  if (opt_errexit && status != 0 && !in_condition && (n->type == N_CMD || n->type == N_PIPE)) sh_exit(status);
  if (trap_pending) run_pending_traps();
  return status;
}

int command_substitution(const char *text, char **out) {
  int fds[2];
  *out = NULL;
  if (pipe(fds) < 0) return -1;
  pid_t pid = sh_fork();
  if (pid < 0) {
    close(fds[0]);
    close(fds[1]);
    return -1;
  }
  if (pid == 0) {
    close(fds[0]);
    dup2(fds[1], 1);
    close(fds[1]);
    sh_exit(run_string(text, "command substitution"));
  }
  close(fds[1]);
  size_t len = 0, cap = 256;
  char *buf = xmalloc(cap);
  for (;;) {
    if (len + 1 >= cap) buf = xrealloc(buf, cap *= 2);
    long r = read(fds[0], buf + len, cap - len - 1);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) break;
    len += (size_t)r;
  }
  close(fds[0]);
  buf[len] = '\0';
  last_status = wait_child(pid);
  *out = buf;
  return 0;
}
