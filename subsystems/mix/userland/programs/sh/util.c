/*
 * Small services for the rest of the shell: allocation that exits on failure, error messages
 * in one format ("sh: ..."), leaving the shell, and the table of defined functions.
 */
#include "sh.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void *xmalloc(size_t size) {
  void *p = malloc(size ? size : 1);
  if (p == NULL) {
    fputs("sh: out of memory\n", stderr);
    _exit(2);
  }
  return p;
}

void *xrealloc(void *p, size_t size) {
  p = realloc(p, size ? size : 1);
  if (p == NULL) {
    fputs("sh: out of memory\n", stderr);
    _exit(2);
  }
  return p;
}

char *xstrdup(const char *s) { return xstrndup(s, strlen(s)); }

char *xstrndup(const char *s, size_t n) {
  char *p = xmalloc(n + 1);
  memcpy(p, s, n);
  p[n] = '\0';
  return p;
}

void sh_error(const char *fmt, ...) {
  va_list ap;
  fflush(stdout);
  fputs("sh: ", stderr);
  va_start(ap, fmt);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fputc('\n', stderr);
  fflush(stderr);
}

_Noreturn void sh_exit(int status) {
  last_status = status; /* the EXIT trap sees the exit status as $? */
  run_exit_trap();
  fflush(stdout);
  fflush(stderr);
  _exit(status & 0xff);
}

char *path_lookup(const char *name) {
  if (strchr(name, '/') != NULL) return access(name, X_OK) == 0 ? xstrdup(name) : NULL;
  const char *path = var_get("PATH");
  if (path == NULL) path = "/bin:/usr/bin";
  for (const char *p = path;;) {
    const char *colon = strchr(p, ':');
    size_t dlen = colon ? (size_t)(colon - p) : strlen(p);
    char *full = xmalloc(dlen + strlen(name) + 2);
    if (dlen == 0) strcpy(full, name);
    else sprintf(full, "%.*s/%s", (int)dlen, p, name);
    if (access(full, X_OK) == 0) return full;
    free(full);
    if (colon == NULL) return NULL;
    p = colon + 1;
  }
}

struct function {
  char *name;
  struct node *body;
};
static struct function *functions;
static int nfunctions;

struct node *func_find(const char *name) {
  for (int i = 0; i < nfunctions; i++)
    if (strcmp(functions[i].name, name) == 0) return functions[i].body;
  return NULL;
}

/* Defines (or redefines) a function; the body stays alive after its command tree is freed. */
void func_define(const char *name, struct node *body) {
  body->refs++;
  for (int i = 0; i < nfunctions; i++) {
    if (strcmp(functions[i].name, name) == 0) {
      free_node(functions[i].body);
      functions[i].body = body;
      return;
    }
  }
  functions = xrealloc(functions, ((size_t)nfunctions + 1) * sizeof *functions);
  functions[nfunctions].name = xstrdup(name);
  functions[nfunctions].body = body;
  nfunctions++;
}
