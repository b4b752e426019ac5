/*
 * Shell patterns (* ? [...] [!...] and backslash escapes), used by case, ${x%p} and friends,
 * and pathname expansion: a pattern is matched one path component at a time against directory
 * entries (names starting with '.' only by a pattern starting with '.'), results sorted.
 */
#include "sh.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int pattern_match(const char *pat, const char *s) {
  for (;; pat++, s++) {
    switch (*pat) {
    case '\0': return *s == '\0';
    case '*':
      while (pat[1] == '*') pat++;
      if (pat[1] == '\0') return 1;
      for (; *s; s++)
        if (pattern_match(pat + 1, s)) return 1;
      return pattern_match(pat + 1, s);
    case '?':
      if (*s == '\0') return 0;
      break;
    case '[': {
      const char *q = pat + 1;
      int negate = *q == '!' || *q == '^';
      if (negate) q++;
      int found = 0;
      const char *start = q;
      while (*q && (*q != ']' || q == start)) {
        if (q[1] == '-' && q[2] && q[2] != ']') {
          if ((unsigned char)*s >= (unsigned char)q[0] && (unsigned char)*s <= (unsigned char)q[2]) found = 1;
          q += 3;
        } else {
          if (*q == '\\' && q[1]) q++;
          if (*q == *s) found = 1;
          q++;
        }
      }
      if (*q != ']') {
        /* No closing bracket: a literal '['. */
        if (*s != '[') return 0;
        break;
      }
      if (*s == '\0' || found == negate) return 0;
      pat = q;
      break;
    }
    case '\\':
      if (pat[1]) pat++;
      /* fall through */
    default:
      if (*pat != *s) return 0;
      break;
    }
  }
}

int has_glob(const char *pattern) {
  for (const char *p = pattern; *p; p++) {
    if (*p == '\\' && p[1]) p++;
    else if (*p == '*' || *p == '?' || *p == '[') return 1;
  }
  return 0;
}

char *unescape(const char *pattern) {
  char *out = xmalloc(strlen(pattern) + 1), *o = out;
  for (const char *p = pattern; *p; p++) {
    if (*p == '\\' && p[1]) p++;
    *o++ = *p;
  }
  *o = '\0';
  return out;
}

static int by_string(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Expands the components of `pattern` after directory `dir` (which ends with '/' or is ""). */
static void glob_walk(const char *dir, const char *pattern, struct strv *out) {
  const char *slash = strchr(pattern, '/');
  size_t clen = slash ? (size_t)(slash - pattern) : strlen(pattern);
  char *comp = xstrndup(pattern, clen);
  const char *rest = slash ? slash + 1 : NULL;
  while (rest && *rest == '/') rest++;
  if (!has_glob(comp)) {
    char *lit = unescape(comp);
    char *path = xmalloc(strlen(dir) + strlen(lit) + 2);
    sprintf(path, "%s%s%s", dir, lit, rest ? "/" : "");
    if (rest == NULL) {
      if (access(path, F_OK) == 0) strv_push(out, xstrdup(path));
    } else {
      glob_walk(path, rest, out);
    }
    free(path);
    free(lit);
    free(comp);
    return;
  }
  DIR *d = opendir(*dir ? dir : ".");
  if (d != NULL) {
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
      if (de->d_name[0] == '.' && comp[0] != '.') continue;
      if (!pattern_match(comp, de->d_name)) continue;
      char *path = xmalloc(strlen(dir) + strlen(de->d_name) + 2);
      sprintf(path, "%s%s%s", dir, de->d_name, rest ? "/" : "");
      if (rest == NULL) strv_push(out, path);
      else {
        glob_walk(path, rest, out);
        free(path);
      }
    }
    closedir(d);
  }
  free(comp);
}

int glob_expand(const char *pattern, struct strv *out) {
  struct strv matches = {0};
  if (pattern[0] == '/') glob_walk("/", pattern + 1, &matches);
  else glob_walk("", pattern, &matches);
  if (matches.n > 0) qsort(matches.v, (size_t)matches.n, sizeof *matches.v, by_string);
  for (int k = 0; k < matches.n; k++) strv_push(out, matches.v[k]);
  free(matches.v);
  return matches.n;
}
