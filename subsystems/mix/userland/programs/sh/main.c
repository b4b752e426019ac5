/*
 * sh: entry point and input loop. `sh [-eixf] [-c COMMAND [NAME [ARG...]]] [SCRIPT [ARG...]]`;
 * with neither, commands come from stdin (interactive, with $PS1/$PS2 prompts, when stdin and
 * stderr are terminals). Input is read a line at a time and each complete command runs as soon
 * as it is parsed; a command spanning lines (if ... fi, quotes, here-documents) waits for more.
 * stdin is read one byte at a time so that commands run from it see the rest of their input.
 */
#include "sh.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

extern char **environ;

int interactive;

struct input {
  int fd;
  int unbuffered;
  char buf[4096];
  long len, pos;
};

struct text {
  char *s;
  size_t len, cap;
};

static void text_put(struct text *t, char c) {
  if (t->len + 2 > t->cap) {
    t->cap = t->cap ? t->cap * 2 : 256;
    t->s = xrealloc(t->s, t->cap);
  }
  t->s[t->len++] = c;
  t->s[t->len] = '\0';
}

/* Appends one line (with its newline) to t; returns 0 at end of input with nothing read. */
static int read_line(struct input *in, struct text *t) {
  int got = 0;
  for (;;) {
    if (in->pos == in->len) {
      long r = read(in->fd, in->buf, in->unbuffered ? 1 : sizeof in->buf);
      if (r < 0 && errno == EINTR) continue;
      if (r <= 0) {
        if (got && t->s[t->len - 1] != '\n') text_put(t, '\n');
        return got;
      }
      in->len = r;
      in->pos = 0;
    }
    char c = in->buf[in->pos++];
    if (c == '\0') continue;
    text_put(t, c);
    got = 1;
    if (c == '\n') return 1;
  }
}

static void prompt(int continuation) {
  const char *p = var_get(continuation ? "PS2" : "PS1");
  if (p == NULL) p = continuation ? "> " : "$ ";
  fputs(p, stderr);
  fflush(stderr);
}

/* Reads, parses and runs commands from `in` until its end; returns the last status. */
static int run_input(struct input *in) {
  struct text t = {0};
  size_t start = 0;
  text_put(&t, '\n');
  t.len = 0;
  t.s[0] = '\0';
  for (;;) {
    if (interactive) {
      if (start == t.len) reap_jobs();
      prompt(start != t.len);
    }
    int got = read_line(in, &t);
    for (;;) {
      struct lexer lx;
      lex_init(&lx, t.s, start);
      struct node *n = parse_command_line(&lx);
      free(lx.word);
      if (n != NULL) {
        start = lx.pos;
        last_status = run_node(n, 0);
        free_node(n);
        breaking = continuing = 0;
        if (returning) {
          returning = 0;
          free(t.s);
          return last_status;
        }
        continue;
      }
      if (lx.incomplete && !lx.error) {
        if (!got) {
          sh_error("syntax error: unexpected end of file");
          last_status = 2;
          free(t.s);
          return last_status;
        }
        break;
      }
      if (lx.error) {
        last_status = 2;
        if (!interactive) sh_exit(2);
      }
      start = t.len; /* blank lines and comments */
      break;
    }
    if (start == t.len) {
      start = t.len = 0;
      t.s[0] = '\0';
    }
    if (!got) break;
  }
  free(t.s);
  return last_status;
}

int run_string(const char *text, const char *source) {
  (void)source;
  struct lexer lx;
  lex_init(&lx, text, 0);
  for (;;) {
    struct node *n = parse_command_line(&lx);
    if (n == NULL) {
      if (lx.incomplete && !lx.error) {
        sh_error("syntax error: unexpected end of file");
        last_status = 2;
      } else if (lx.error) {
        last_status = 2;
      }
      break;
    }
    last_status = run_node(n, 0);
    free_node(n);
    if (returning || breaking || continuing) break;
  }
  free(lx.word);
  return last_status;
}

int run_file(const char *path) {
  int fd = open(path, O_RDONLY);
  if (fd < 0) {
    sh_error("%s: %s", path, strerror(errno));
    return 127;
  }
  /* Keep the script's descriptor out of the way of redirections and children. */
  int high = fcntl(fd, F_DUPFD_CLOEXEC, 10);
  if (high >= 0) {
    close(fd);
    fd = high;
  }
  struct input *in = xmalloc(sizeof *in);
  in->fd = fd;
  in->unbuffered = 0;
  in->len = in->pos = 0;
  int status = run_input(in);
  close(fd);
  free(in);
  return status;
}

int main(int argc, char **argv) {
  vars_init(environ);
  const char *command = NULL;
  int force_interactive = 0, read_stdin = 0, i = 1;
  for (; i < argc && (argv[i][0] == '-' || argv[i][0] == '+') && argv[i][1] != '\0'; i++) {
    if (strcmp(argv[i], "--") == 0) {
      i++;
      break;
    }
    int on = argv[i][0] == '-';
    for (const char *p = argv[i] + 1; *p; p++) {
      switch (*p) {
      case 'c': command = ""; break;
      case 'i': force_interactive = on; break;
      case 's': read_stdin = 1; break;
      case 'e': opt_errexit = on; break;
      case 'x': opt_xtrace = on; break;
      case 'f': opt_noglob = on; break;
      case 'u': opt_nounset = on; break;
      default:
        fprintf(stderr, "sh: unknown option %c%c\nusage: sh [-eixfu] [-c command [name [arg...]]] [script [arg...]]\n",
                argv[i][0], *p);
        return 2;
      }
    }
  }
  if (command != NULL) {
    if (i >= argc) {
      sh_error("-c: option requires an argument");
      return 2;
    }
    command = argv[i++];
    if (i < argc) arg0 = argv[i++];
    set_positional(argv + i, argc - i);
    size_t n = strlen(command);
    char *text = xmalloc(n + 2);
    memcpy(text, command, n);
    text[n] = '\n';
    text[n + 1] = '\0';
    int status = run_string(text, "-c");
    free(text);
    sh_exit(status);
  }
  if (i < argc && !read_stdin) {
    arg0 = argv[i];
    set_positional(argv + i + 1, argc - i - 1);
    sh_exit(run_file(argv[i]));
  }
  set_positional(argv + i, argc - i);
  interactive = force_interactive || (isatty(0) && isatty(2));
  if (interactive) {
    signal(SIGINT, SIG_IGN);
    signal(SIGQUIT, SIG_IGN);
  }
  struct input *in = xmalloc(sizeof *in);
  in->fd = 0;
  in->unbuffered = 1;
  in->len = in->pos = 0;
  int status = run_input(in);
  if (interactive) fputc('\n', stderr);
  sh_exit(status);
}
