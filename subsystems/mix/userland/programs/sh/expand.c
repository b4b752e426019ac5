/*
 * Word expansion, in POSIX order: tilde, parameters (${x:-w} ${x:=w} ${x:+w} ${x:?w} ${#x}
 * ${x%p} ${x%%p} ${x#p} ${x##p}), command substitution $(...) and `...`, arithmetic $((...)),
 * then field splitting on IFS, pathname expansion (* ? [...]) and quote removal.
 * Every output character carries a flag saying where it came from, which decides whether it
 * may be split or globbed: literal text, quoted text, or the result of an unquoted expansion.
 */
#include "sh.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { F_LIT, F_QUOTED, F_EXPANDED, F_BREAK, F_EMPTYQ };

struct xbuf {
  char *s;
  unsigned char *f;
  size_t len, cap;
};

static void xput(struct xbuf *b, char c, int flag) {
  if (b->len + 2 > b->cap) {
    b->cap = b->cap ? b->cap * 2 : 64;
    b->s = xrealloc(b->s, b->cap);
    b->f = xrealloc(b->f, b->cap);
  }
  b->s[b->len] = c;
  b->f[b->len++] = (unsigned char)flag;
  b->s[b->len] = '\0';
}

static void xputs(struct xbuf *b, const char *s, int flag) {
  for (; *s; s++) xput(b, *s, flag);
}

void strv_push(struct strv *sv, char *s) {
  if (sv->n + 2 > sv->cap) {
    sv->cap = sv->cap ? sv->cap * 2 : 8;
    sv->v = xrealloc(sv->v, (size_t)sv->cap * sizeof *sv->v);
  }
  sv->v[sv->n] = s;
  if (s != NULL) sv->n++;
  sv->v[sv->n] = NULL;
}

void strv_free(struct strv *sv) {
  for (int i = 0; i < sv->n; i++) free(sv->v[i]);
  free(sv->v);
  sv->v = NULL;
  sv->n = sv->cap = 0;
}

/* Index of the `close` that ends a construct whose body starts at p, minding quotes. */
static size_t find_close(const char *p, char close) {
  int depth = 0;
  size_t i = 0;
  for (; p[i]; i++) {
    char c = p[i];
    if (c == '\\' && p[i + 1]) {
      i++;
    } else if (c == '\'' && close != '"') {
      while (p[i + 1] && p[i + 1] != '\'') i++;
      if (p[i + 1]) i++;
    } else if (c == '"' && close != '"') {
      i += find_close(p + i + 1, '"') + 1;
      if (!p[i]) return i;
    } else if (c == '`') {
      i++;
      while (p[i] && p[i] != '`') i += p[i] == '\\' && p[i + 1] ? 2 : 1;
      if (!p[i]) return i;
    } else if (c == '$' && (p[i + 1] == '(' || p[i + 1] == '{')) {
      i += 2 + find_close(p + i + 2, p[i + 1] == '(' ? ')' : '}');
      if (!p[i]) return i;
    } else if (c == close && depth == 0) {
      return i;
    } else if (close == ')' && c == '(') {
      depth++;
    } else if (close == ')' && c == ')') {
      depth--;
    }
  }
  return i;
}

/* What the text being expanded is: a whole word, the inside of "...", the word of a ${x-word}
 * inside "..." (where inner double quotes are removed), or a here-document body. */
enum { M_WORD, M_DQUOTE, M_DQBRACE, M_HEREDOC };
static int expand_part(const char *p, size_t len, struct xbuf *b, int mode);

static char number_buf[32];

/* The value of a parameter, or NULL when unset. $@ and $* are handled by the caller. */
static const char *param_value(const char *name) {
  if (name[1] == '\0') {
    switch (name[0]) {
    case '?': snprintf(number_buf, sizeof number_buf, "%d", last_status); return number_buf;
    case '$': snprintf(number_buf, sizeof number_buf, "%ld", (long)getpid()); return number_buf;
    case '#': snprintf(number_buf, sizeof number_buf, "%d", pos_count); return number_buf;
    case '!':
      if (last_bg_pid <= 0) return NULL;
      snprintf(number_buf, sizeof number_buf, "%ld", last_bg_pid);
      return number_buf;
    case '-':
      snprintf(number_buf, sizeof number_buf, "%s%s%s%s", opt_errexit ? "e" : "", opt_noglob ? "f" : "",
               opt_nounset ? "u" : "", opt_xtrace ? "x" : "");
      return number_buf;
    default: break;
    }
  }
  if (name[0] >= '0' && name[0] <= '9') {
    int n = atoi(name);
    if (n == 0) return arg0;
    return n <= pos_count ? pos_args[n - 1] : NULL;
  }
  return var_get(name);
}

/* Appends $@ or $*: separate fields for a quoted $@, else joined (split later if unquoted). */
static void put_all_params(struct xbuf *b, int at, int quoted) {
  const char *ifs = var_get("IFS");
  char sep = at || ifs == NULL ? ' ' : ifs[0];
  for (int i = 0; i < pos_count; i++) {
    if (i > 0) {
      if (quoted && at) xput(b, ' ', F_BREAK);
      else if (quoted && sep) xput(b, sep, F_QUOTED);
      else if (!quoted) xput(b, ' ', F_EXPANDED);
    }
    xputs(b, pos_args[i], quoted ? F_QUOTED : F_EXPANDED);
  }
}

/* Removes the shortest/longest prefix or suffix of value matching pattern. */
static char *trim(const char *value, const char *pattern, int suffix, int longest) {
  size_t n = strlen(value);
  char *tmp = xstrdup(value);
  for (size_t k = 0; k <= n; k++) {
    size_t cut = longest ? n - k : k; /* length of the part tried */
    int match;
    if (suffix) {
      match = pattern_match(pattern, value + n - cut);
    } else {
      char saved = tmp[cut];
      tmp[cut] = '\0';
      match = pattern_match(pattern, tmp);
      tmp[cut] = saved;
    }
    if (match) {
      free(tmp);
      return suffix ? xstrndup(value, n - cut) : xstrdup(value + cut);
    }
  }
  free(tmp);
  return xstrdup(value);
}

/* Expands ${...} whose body (without braces) is p[0..len). */
static int expand_braces(const char *p, size_t len, struct xbuf *b, int quoted) {
  int flag = quoted ? F_QUOTED : F_EXPANDED;
  int length_of = 0;
  if (len > 1 && p[0] == '#') {
    length_of = 1;
    p++, len--;
  }
  size_t nlen = 0;
  if (len > 0 && strchr("?$#!-@*0123456789", p[0]) != NULL) {
    nlen = 1;
    if (p[0] >= '0' && p[0] <= '9')
      while (nlen < len && p[nlen] >= '0' && p[nlen] <= '9') nlen++;
  } else {
    while (nlen < len && var_is_name(p, nlen + 1)) nlen++;
  }
  if (nlen == 0) {
    sh_error("bad substitution");
    return -1;
  }
  char *name = xstrndup(p, nlen);
  const char *value;
  char *joined = NULL;
  if (strcmp(name, "@") == 0 || strcmp(name, "*") == 0) {
    struct xbuf j = {0};
    put_all_params(&j, 0, 1);
    joined = j.s ? j.s : xstrdup("");
    free(j.f);
    value = pos_count > 0 ? joined : NULL;
  } else {
    value = param_value(name);
  }
  const char *op = p + nlen;
  size_t oplen = len - nlen;
  int status = 0;
  if (length_of) {
    char num[24];
    snprintf(num, sizeof num, "%lu", (unsigned long)(value ? strlen(value) : 0));
    xputs(b, num, flag);
  } else if (oplen == 0) {
    if (value == NULL && opt_nounset) {
      sh_error("%s: parameter not set", name);
      status = -1;
    } else if (value != NULL) {
      xputs(b, value, flag);
    }
  } else {
    int colon = op[0] == ':';
    char kind = op[colon];
    const char *word = op + colon + 1;
    size_t wlen = oplen - (size_t)colon - 1;
    int is_set = value != NULL && (!colon || value[0] != '\0');
    if (kind == '-' || kind == '=' || kind == '+' || kind == '?') {
      if (kind == '+') {
        if (is_set) status = expand_part(word, wlen, b, quoted ? M_DQBRACE : M_WORD);
      } else if (is_set) {
        xputs(b, value, flag);
      } else if (kind == '-') {
        status = expand_part(word, wlen, b, quoted ? M_DQBRACE : M_WORD);
      } else {
        struct xbuf w = {0};
        status = expand_part(word, wlen, &w, M_DQBRACE);
        const char *text = w.s ? w.s : "";
        if (kind == '=') {
          var_set(name, text, 0);
          xputs(b, text, flag);
        } else if (status == 0) {
          sh_error("%s: %s", name, w.len ? text : "parameter null or not set");
          status = -1;
          if (!interactive) sh_exit(2);
        }
        free(w.s);
        free(w.f);
      }
    } else if (kind == '%' || kind == '#') {
      int longest = wlen > 0 && word[0] == kind && !colon;
      const char *pat = op + 1 + longest;
      size_t plen = oplen - 1 - (size_t)longest;
      char *pattern_text = xstrndup(pat, plen);
      char *pattern = expand_pattern(pattern_text);
      char *result = trim(value ? value : "", pattern, kind == '%', longest);
      xputs(b, result, flag);
      free(result);
      free(pattern);
      free(pattern_text);
    } else {
      sh_error("bad substitution");
      status = -1;
    }
  }
  free(name);
  free(joined);
  return status;
}

/* Runs a command substitution and appends its output without trailing newlines. */
static void put_command_output(struct xbuf *b, const char *text, int quoted) {
  char *out = NULL;
  command_substitution(text, &out);
  if (out == NULL) return;
  size_t n = strlen(out);
  while (n > 0 && out[n - 1] == '\n') n--;
  out[n] = '\0';
  xputs(b, out, quoted ? F_QUOTED : F_EXPANDED);
  free(out);
}

/* Expands one `$...` at p (p[0] == '$'); returns the characters consumed, or -1. */
static long expand_dollar(const char *p, size_t len, struct xbuf *b, int quoted) {
  int flag = quoted ? F_QUOTED : F_EXPANDED;
  if (len >= 3 && p[1] == '(' && p[2] == '(') {
    /* $(( expr )): find the "))" that closes it. */
    size_t i = 3;
    int depth = 0;
    for (; i + 1 < len; i++) {
      if (p[i] == '(') depth++;
      else if (p[i] == ')' && depth > 0) depth--;
      else if (p[i] == ')' && p[i + 1] == ')') break;
    }
    if (i + 1 >= len) {
      sh_error("missing '))'");
      return -1;
    }
    struct xbuf inner = {0};
    if (expand_part(p + 3, i - 3, &inner, M_HEREDOC) < 0) return -1;
    long value;
    int ok = arith_eval(inner.s ? inner.s : "", &value);
    free(inner.s);
    free(inner.f);
    if (ok < 0) return -1;
    char num[24];
    snprintf(num, sizeof num, "%ld", value);
    xputs(b, num, flag);
    return (long)i + 2;
  }
  if (len >= 2 && p[1] == '(') {
    long parsed = subst_end(p, 2);
    size_t end = parsed > 0 ? (size_t)parsed - 1 : 2 + find_close(p + 2, ')');
    char *text = xstrndup(p + 2, end - 2);
    put_command_output(b, text, quoted);
    free(text);
    return (long)(end < len ? end + 1 : end);
  }
  if (len >= 2 && p[1] == '{') {
    size_t end = 2 + find_close(p + 2, '}');
    if (expand_braces(p + 2, end - 2, b, quoted) < 0) return -1;
    return (long)(end < len ? end + 1 : end);
  }
  if (len >= 2 && (p[1] == '@' || p[1] == '*')) {
    put_all_params(b, p[1] == '@', quoted);
    return 2;
  }
  if (len >= 2 && strchr("?$#!-0123456789", p[1]) != NULL) {
    char name[2] = {p[1], '\0'};
    const char *v = param_value(name);
    if (v) xputs(b, v, flag);
    return 2;
  }
  size_t n = 1;
  while (n < len && var_is_name(p + 1, n)) n++;
  if (n == 1) {
    xput(b, '$', quoted ? F_QUOTED : F_LIT);
    return 1;
  }
  char *name = xstrndup(p + 1, n - 1);
  const char *v = var_get(name);
  if (v == NULL && opt_nounset) {
    sh_error("%s: parameter not set", name);
    free(name);
    return -1;
  }
  free(name);
  if (v) xputs(b, v, flag);
  return (long)n;
}

/* Expands p[0..len) into b. M_WORD: a whole word; M_DQUOTE: inside "..."; M_HEREDOC: a body. */
static int expand_part(const char *p, size_t len, struct xbuf *b, int mode) {
  int quoted = mode != M_WORD;
  for (size_t i = 0; i < len;) {
    char c = p[i];
    if (c == '\\') {
      if (i + 1 >= len) {
        xput(b, '\\', quoted ? F_QUOTED : F_LIT);
        i++;
      } else if (!quoted || strchr("$`\"\\\n", p[i + 1]) != NULL) {
        if (mode == M_HEREDOC && p[i + 1] == '"') xput(b, '\\', F_QUOTED);
        if (p[i + 1] != '\n') xput(b, p[i + 1], F_QUOTED);
        i += 2;
      } else {
        xput(b, '\\', F_QUOTED);
        i++;
      }
    } else if (c == '"' && mode == M_DQBRACE) {
      i++;
    } else if (c == '\'' && mode == M_WORD) {
      size_t start = ++i;
      while (i < len && p[i] != '\'') xput(b, p[i++], F_QUOTED);
      if (i == start) xput(b, '\0', F_EMPTYQ);
      i++;
    } else if (c == '"' && mode == M_WORD) {
      size_t end = i + 1 + find_close(p + i + 1, '"');
      size_t before = b->len;
      if (expand_part(p + i + 1, end - i - 1, b, M_DQUOTE) < 0) return -1;
      /* "" is an empty field, but "$@" with no parameters is no field at all. */
      int only_at = end - i - 1 == 2 && p[i + 1] == '$' && p[i + 2] == '@';
      if (b->len == before && !only_at) xput(b, '\0', F_EMPTYQ);
      i = end + 1;
    } else if (c == '`') {
      struct xbuf text = {0};
      for (i++; i < len && p[i] != '`'; i++) {
        if (p[i] == '\\' && i + 1 < len && strchr("$`\\", p[i + 1]) != NULL) i++;
        xput(&text, p[i], F_LIT);
      }
      i++;
      put_command_output(b, text.s ? text.s : "", quoted);
      free(text.s);
      free(text.f);
    } else if (c == '$') {
      long used = expand_dollar(p + i, len - i, b, quoted);
      if (used < 0) return -1;
      i += (size_t)used;
    } else if (c == '~' && i == 0 && mode == M_WORD && (len == 1 || p[1] == '/')) {
      const char *home = var_get("HOME");
      xputs(b, home ? home : "~", F_QUOTED);
      i++;
    } else {
      xput(b, c, quoted ? F_QUOTED : F_LIT);
      i++;
    }
  }
  return 0;
}

/* Adds one field: globbed when it has unquoted pattern characters and matches something. */
static void add_field(struct xbuf *field, struct strv *out) {
  int globbable = 0;
  struct xbuf pat = {0};
  for (size_t i = 0; i < field->len; i++) {
    char c = field->s[i];
    if (field->f[i] == F_EMPTYQ) continue;
    if (field->f[i] == F_QUOTED) {
      if (c == '*' || c == '?' || c == '[' || c == '\\' || c == ']') xput(&pat, '\\', F_LIT);
    } else if (c == '*' || c == '?' || c == '[') {
      globbable = 1;
    }
    xput(&pat, c, F_LIT);
  }
  const char *pattern = pat.s ? pat.s : "";
  if (globbable && !opt_noglob && glob_expand(pattern, out) > 0) {
    free(pat.s);
    free(pat.f);
    return;
  }
  /* No glob or no match: the word itself, quotes removed. */
  struct xbuf plain = {0};
  xput(&plain, '\0', F_LIT);
  plain.len = 0;
  for (size_t i = 0; i < field->len; i++)
    if (field->f[i] != F_EMPTYQ) xput(&plain, field->s[i], F_LIT);
  strv_push(out, plain.s);
  free(plain.f);
  free(pat.s);
  free(pat.f);
}

int expand_fields(const char *word, struct strv *out) {
  struct xbuf b = {0};
  if (expand_part(word, strlen(word), &b, M_WORD) < 0) {
    free(b.s);
    free(b.f);
    return -1;
  }
  const char *ifs = var_get("IFS");
  if (ifs == NULL) ifs = " \t\n";
  struct xbuf field = {0};
  int has = 0;
  for (size_t i = 0; i < b.len; i++) {
    char c = b.s[i];
    int flag = b.f[i];
    if (flag == F_BREAK) {
      add_field(&field, out);
      field.len = 0;
      has = 0;
    } else if (flag == F_EXPANDED && c != '\0' && strchr(ifs, c) != NULL) {
      int white = c == ' ' || c == '\t' || c == '\n';
      if (has || !white) add_field(&field, out);
      field.len = 0;
      has = 0;
    } else {
      xput(&field, c, flag);
      has = 1;
    }
  }
  if (has) add_field(&field, out);
  free(field.s);
  free(field.f);
  free(b.s);
  free(b.f);
  return 0;
}

char *expand_string(const char *word) {
  struct xbuf b = {0};
  if (expand_part(word, strlen(word), &b, M_WORD) < 0) {
    free(b.s);
    free(b.f);
    return NULL;
  }
  struct xbuf out = {0};
  xput(&out, '\0', F_LIT);
  out.len = 0;
  for (size_t i = 0; i < b.len; i++) {
    if (b.f[i] == F_EMPTYQ) continue;
    xput(&out, b.f[i] == F_BREAK ? ' ' : b.s[i], F_LIT);
  }
  free(out.f);
  free(b.s);
  free(b.f);
  return out.s;
}

char *expand_heredoc(const char *body) {
  struct xbuf b = {0};
  xput(&b, '\0', F_LIT);
  b.len = 0;
  if (expand_part(body, strlen(body), &b, M_HEREDOC) < 0) {
    free(b.s);
    free(b.f);
    return NULL;
  }
  free(b.f);
  return b.s;
}

char *expand_pattern(const char *word) {
  struct xbuf b = {0};
  if (expand_part(word, strlen(word), &b, M_WORD) < 0) {
    free(b.s);
    free(b.f);
    return xstrdup("");
  }
  struct xbuf out = {0};
  xput(&out, '\0', F_LIT);
  out.len = 0;
  for (size_t i = 0; i < b.len; i++) {
    char c = b.s[i];
    if (b.f[i] == F_EMPTYQ) continue;
    if (b.f[i] == F_QUOTED && strchr("*?[]\\", c) != NULL) xput(&out, '\\', F_LIT);
    xput(&out, c, F_LIT);
  }
  free(out.f);
  free(b.s);
  free(b.f);
  return out.s;
}
