/*
 * Shell variables: a name -> value table with an "exported" mark, filled from the environment
 * at start-up; var_environ() builds the environment a command receives. Also the positional
 * parameters ($0, $1 ..., set by the script's arguments, `set --` and `shift`).
 */
#include "sh.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct var {
  char *name;
  char *value; /* NULL for a name that is exported but not set */
  int exported;
};

static struct var *vars;
static int nvars, cap_vars;

char **pos_args;
int pos_count;
char *arg0 = "sh";

int var_is_name(const char *s, size_t len) {
  if (len == 0 || !((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z') || s[0] == '_')) return 0;
  for (size_t i = 1; i < len; i++) {
    char c = s[i];
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')) return 0;
  }
  return 1;
}

static struct var *find(const char *name) {
  for (int i = 0; i < nvars; i++)
    if (strcmp(vars[i].name, name) == 0) return &vars[i];
  return NULL;
}

const char *var_get(const char *name) {
  struct var *v = find(name);
  return v ? v->value : NULL;
}

int var_set(const char *name, const char *value, int export_it) {
  struct var *v = find(name);
  if (v == NULL) {
    if (nvars == cap_vars) {
      cap_vars = cap_vars ? cap_vars * 2 : 64;
      vars = xrealloc(vars, (size_t)cap_vars * sizeof *vars);
    }
    v = &vars[nvars++];
    v->name = xstrdup(name);
    v->value = NULL;
    v->exported = 0;
  }
  char *copy = value ? xstrdup(value) : NULL;
  if (value != NULL || v->value == NULL) {
    free(v->value);
    v->value = copy;
  }
  if (export_it) v->exported = 1;
  return 0;
}

void var_unset(const char *name) {
  struct var *v = find(name);
  if (v == NULL) return;
  free(v->name);
  free(v->value);
  *v = vars[--nvars];
}

void var_export(const char *name) { var_set(name, NULL, 1); }

/* The environment for a command: exported variables, overridden by `extra` NAME=VALUE words. */
char **var_environ(struct strv *extra) {
  struct strv env = {0};
  for (int i = 0; i < nvars; i++) {
    if (!vars[i].exported || vars[i].value == NULL) continue;
    int overridden = 0;
    size_t n = strlen(vars[i].name);
    for (int k = 0; extra && k < extra->n; k++)
      if (strncmp(extra->v[k], vars[i].name, n) == 0 && extra->v[k][n] == '=') overridden = 1;
    if (overridden) continue;
    char *s = xmalloc(n + strlen(vars[i].value) + 2);
    sprintf(s, "%s=%s", vars[i].name, vars[i].value);
    strv_push(&env, s);
  }
  for (int k = 0; extra && k < extra->n; k++) strv_push(&env, xstrdup(extra->v[k]));
  strv_push(&env, NULL);
  return env.v;
}

static int by_name(const void *a, const void *b) {
  return strcmp(((const struct var *)a)->name, ((const struct var *)b)->name);
}

/* Prints variables as NAME='value' lines (the `set` and `export` listings), sorted by name. */
void var_print(int exported_only) {
  qsort(vars, (size_t)nvars, sizeof *vars, by_name);
  for (int i = 0; i < nvars; i++) {
    if (exported_only && !vars[i].exported) continue;
    if (exported_only) printf("export ");
    if (vars[i].value == NULL) {
      printf("%s\n", vars[i].name);
      continue;
    }
    printf("%s='", vars[i].name);
    for (const char *p = vars[i].value; *p; p++) {
      if (*p == '\'') fputs("'\\''", stdout);
      else putchar(*p);
    }
    printf("'\n");
  }
  fflush(stdout);
}

void vars_init(char **envp) {
  for (char **e = envp; e != NULL && *e != NULL; e++) {
    char *eq = strchr(*e, '=');
    if (eq == NULL || !var_is_name(*e, (size_t)(eq - *e))) continue;
    char *name = xstrndup(*e, (size_t)(eq - *e));
    var_set(name, eq + 1, 1);
    free(name);
  }
  if (var_get("IFS") == NULL) var_set("IFS", " \t\n", 0);
  if (var_get("PATH") == NULL) var_set("PATH", "/bin:/usr/bin", 0);
}

void set_positional(char **args, int count) {
  char **copy = xmalloc(((size_t)count + 1) * sizeof *copy);
  for (int i = 0; i < count; i++) copy[i] = xstrdup(args[i]);
  copy[count] = NULL;
  /* The old array may be what `args` points into, so free it only after copying. */
  for (int i = 0; i < pos_count; i++) free(pos_args[i]);
  free(pos_args);
  pos_args = copy;
  pos_count = count;
}
