/*
 * The parser: the POSIX shell grammar by recursive descent, one complete command at a time
 * (up to a newline outside any compound command). When the text ends before the command does,
 * it sets the lexer's `incomplete` flag instead of reporting an error, so an interactive caller
 * can read a continuation line. Supported: ; & && || | ! ( ) { } if/elif/else, while, until,
 * for, case, name() functions, and the redirections < > >> >| <> <& >& << <<-.
 */
#include "sh.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct node *parse_list(struct lexer *lx, int top);
static struct node *parse_command(struct lexer *lx);

static struct node *new_node(int type) {
  struct node *n = xmalloc(sizeof *n);
  memset(n, 0, sizeof *n);
  n->type = type;
  return n;
}

static struct node *pair(int type, struct node *a, struct node *b) {
  struct node *n = new_node(type);
  n->a = a;
  n->b = b;
  return n;
}

void free_node(struct node *n) {
  if (n == NULL) return;
  if (n->refs > 0) {
    n->refs--;
    return;
  }
  free_node(n->a);
  free_node(n->b);
  free_node(n->c);
  for (int i = 0; i < n->nwords; i++) free(n->words[i]);
  free(n->words);
  free(n->name);
  for (int i = 0; i < n->narms; i++) free_node(n->arms[i]);
  free(n->arms);
  free(n->arm_patterns);
  for (struct redir *r = n->redirs, *next; r != NULL; r = next) {
    next = r->next;
    free(r->word);
    free(r);
  }
  free(n);
}

static int is_word(struct lexer *lx, const char *w) {
  return lex_peek(lx) == T_WORD && strcmp(lx->word, w) == 0;
}

static char *take_word(struct lexer *lx) {
  lex_next(lx);
  char *w = lx->word;
  lx->word = NULL;
  return w;
}

static const char *token_text(struct lexer *lx) {
  static const char *names[] = {"end of file", "word", "newline", ";", "&", "|", "&&", "||", "(",
                                ")", ";;", "<", ">", ">>", "<&", ">&", "<>", "<<", "<<-", ">|"};
  int t = lex_peek(lx);
  return t == T_WORD ? lx->word : names[t];
}

/* Reports a syntax error, or marks the input incomplete when it merely ended too soon. */
static void fail(struct lexer *lx) {
  if (lx->error || lx->incomplete) return;
  if (lex_peek(lx) == T_EOF) {
    lx->incomplete = 1;
    return;
  }
  sh_error("syntax error near '%s'", token_text(lx));
  lx->error = 1;
}

static int expect(struct lexer *lx, const char *w) {
  if (is_word(lx, w)) {
    lex_next(lx);
    return 1;
  }
  fail(lx);
  return 0;
}

static void skip_newlines(struct lexer *lx) {
  while (lex_peek(lx) == T_NEWLINE) lex_next(lx);
}

static int at_list_end(struct lexer *lx) {
  int t = lex_peek(lx);
  if (t == T_EOF || t == T_RPAREN || t == T_DSEMI) return 1;
  if (t != T_WORD) return 0;
  static const char *closers[] = {"then", "elif", "else", "fi", "do", "done", "esac", "}", NULL};
  for (int i = 0; closers[i]; i++)
    if (strcmp(lx->word, closers[i]) == 0) return 1;
  return 0;
}

static int is_redirection(int t) {
  return t == T_LESS || t == T_GREAT || t == T_DGREAT || t == T_LESSAND || t == T_GREATAND ||
         t == T_LESSGREAT || t == T_DLESS || t == T_DLESSDASH || t == T_CLOBBER;
}

/* Parses one redirection (the operator is the next token) and appends it to *list. */
static int parse_redirection(struct lexer *lx, struct redir **list) {
  int op = lex_peek(lx);
  int fd = lx->io_number;
  lex_next(lx);
  if (lex_peek(lx) != T_WORD) {
    fail(lx);
    return -1;
  }
  struct redir *r = xmalloc(sizeof *r);
  memset(r, 0, sizeof *r);
  r->word = take_word(lx);
  switch (op) {
  case T_LESS: r->kind = R_IN; break;
  case T_GREAT:
  case T_CLOBBER: r->kind = R_OUT; break;
  case T_DGREAT: r->kind = R_APPEND; break;
  case T_LESSAND: r->kind = R_DUPIN; break;
  case T_GREATAND: r->kind = R_DUPOUT; break;
  case T_LESSGREAT: r->kind = R_RDWR; break;
  default: {
    /* A here-document: the delimiter is the word with its quotes removed. */
    r->quoted = strpbrk(r->word, "'\"\\") != NULL;
    char *d = xmalloc(strlen(r->word) + 1), *o = d;
    for (const char *p = r->word; *p; p++) {
      if (*p == '\'' || *p == '"') continue;
      if (*p == '\\' && p[1]) p++;
      *o++ = *p;
    }
    *o = '\0';
    free(r->word);
    r->word = d;
    r->kind = op == T_DLESSDASH ? R_HERESTR : R_HEREDOC; /* R_HERESTR: "strip tabs" until read */
    lex_add_heredoc(lx, r);
    break;
  }
  }
  r->fd = fd >= 0 ? fd : (op == T_LESS || op == T_LESSAND || op == T_LESSGREAT || op == T_DLESS ||
                           op == T_DLESSDASH)
                              ? 0
                              : 1;
  while (*list != NULL) list = &(*list)->next;
  *list = r;
  return 0;
}

static struct node *parse_simple(struct lexer *lx) {
  struct node *n = new_node(N_CMD);
  int cap = 0;
  for (;;) {
    int t = lex_peek(lx);
    if (is_redirection(t)) {
      if (parse_redirection(lx, &n->redirs) < 0) {
        free_node(n);
        return NULL;
      }
    } else if (t == T_WORD) {
      if (n->nwords + 2 > cap) {
        cap = cap ? cap * 2 : 8;
        n->words = xrealloc(n->words, (size_t)cap * sizeof *n->words);
      }
      n->words[n->nwords++] = take_word(lx);
      n->words[n->nwords] = NULL;
    } else {
      break;
    }
  }
  if (n->nwords == 0 && n->redirs == NULL) {
    free_node(n);
    fail(lx);
    return NULL;
  }
  return n;
}

/* After `if` or `elif`: condition, then-part, and the rest up to and including `fi`. */
static struct node *parse_if_rest(struct lexer *lx) {
  struct node *n = new_node(N_IF);
  if ((n->a = parse_list(lx, 0)) == NULL || !expect(lx, "then") || (n->b = parse_list(lx, 0)) == NULL)
    goto bad;
  if (is_word(lx, "elif")) {
    lex_next(lx);
    if ((n->c = parse_if_rest(lx)) == NULL) goto bad;
    return n;
  }
  if (is_word(lx, "else")) {
    lex_next(lx);
    if ((n->c = parse_list(lx, 0)) == NULL) goto bad;
  }
  if (!expect(lx, "fi")) goto bad;
  return n;
bad:
  fail(lx);
  free_node(n);
  return NULL;
}

static struct node *parse_loop(struct lexer *lx, int type) {
  struct node *n = new_node(type);
  if ((n->a = parse_list(lx, 0)) == NULL || !expect(lx, "do") || (n->b = parse_list(lx, 0)) == NULL ||
      !expect(lx, "done")) {
    fail(lx);
    free_node(n);
    return NULL;
  }
  return n;
}

static struct node *parse_for(struct lexer *lx) {
  struct node *n = new_node(N_FOR);
  if (lex_peek(lx) != T_WORD || !var_is_name(lx->word, strlen(lx->word))) goto bad;
  n->name = take_word(lx);
  skip_newlines(lx);
  if (is_word(lx, "in")) {
    lex_next(lx);
    int cap = 0;
    while (lex_peek(lx) == T_WORD) {
      if (n->nwords + 2 > cap) {
        cap = cap ? cap * 2 : 8;
        n->words = xrealloc(n->words, (size_t)cap * sizeof *n->words);
      }
      n->words[n->nwords++] = take_word(lx);
    }
    if (lex_peek(lx) != T_SEMI && lex_peek(lx) != T_NEWLINE) goto bad;
    lex_next(lx);
  } else {
    n->nwords = -1; /* no "in": the positional parameters */
    if (lex_peek(lx) == T_SEMI) lex_next(lx);
  }
  skip_newlines(lx);
  if (!expect(lx, "do") || (n->b = parse_list(lx, 0)) == NULL || !expect(lx, "done")) goto bad;
  return n;
bad:
  fail(lx);
  if (n->nwords < 0) n->nwords = 0;
  free_node(n);
  return NULL;
}

static struct node *parse_case(struct lexer *lx) {
  struct node *n = new_node(N_CASE);
  int cap_words = 0, cap_arms = 0;
  if (lex_peek(lx) != T_WORD) goto bad;
  n->name = take_word(lx);
  skip_newlines(lx);
  if (!expect(lx, "in")) goto bad;
  skip_newlines(lx);
  while (!is_word(lx, "esac")) {
    if (lex_peek(lx) == T_LPAREN) lex_next(lx);
    int count = 0;
    for (;;) {
      if (lex_peek(lx) != T_WORD) goto bad;
      if (n->nwords + 2 > cap_words) {
        cap_words = cap_words ? cap_words * 2 : 8;
        n->words = xrealloc(n->words, (size_t)cap_words * sizeof *n->words);
      }
      n->words[n->nwords++] = take_word(lx);
      count++;
      if (lex_peek(lx) != T_PIPE) break;
      lex_next(lx);
    }
    if (lex_peek(lx) != T_RPAREN) goto bad;
    lex_next(lx);
    if (n->narms + 1 > cap_arms) {
      cap_arms = cap_arms ? cap_arms * 2 : 4;
      n->arms = xrealloc(n->arms, (size_t)cap_arms * sizeof *n->arms);
      n->arm_patterns = xrealloc(n->arm_patterns, (size_t)cap_arms * sizeof *n->arm_patterns);
    }
    skip_newlines(lx);
    struct node *body = at_list_end(lx) ? NULL : parse_list(lx, 0);
    if (lx->error || lx->incomplete) goto bad;
    n->arms[n->narms] = body;
    n->arm_patterns[n->narms++] = count;
    if (lex_peek(lx) == T_DSEMI) {
      lex_next(lx);
      skip_newlines(lx);
    } else if (!is_word(lx, "esac")) {
      goto bad;
    }
  }
  lex_next(lx);
  return n;
bad:
  fail(lx);
  free_node(n);
  return NULL;
}

/* True when the next word is followed by "()" : a function definition. */
static int at_function(struct lexer *lx) {
  if (lex_peek(lx) != T_WORD || !var_is_name(lx->word, strlen(lx->word))) return 0;
  const char *p = lx->text + lx->pos;
  while (*p == ' ' || *p == '\t') p++;
  if (*p != '(') return 0;
  p++;
  while (*p == ' ' || *p == '\t') p++;
  return *p == ')';
}

static struct node *parse_command(struct lexer *lx) {
  struct node *n = NULL;
  int t = lex_peek(lx);
  if (t == T_LPAREN) {
    lex_next(lx);
    n = new_node(N_SUBSHELL);
    if ((n->a = parse_list(lx, 0)) == NULL || lex_peek(lx) != T_RPAREN) goto bad;
    lex_next(lx);
  } else if (t == T_WORD && strcmp(lx->word, "{") == 0) {
    lex_next(lx);
    n = new_node(N_GROUP);
    if ((n->a = parse_list(lx, 0)) == NULL || !expect(lx, "}")) goto bad;
  } else if (is_word(lx, "if")) {
    lex_next(lx);
    n = parse_if_rest(lx);
  } else if (is_word(lx, "while") || is_word(lx, "until")) {
    int type = strcmp(lx->word, "while") == 0 ? N_WHILE : N_UNTIL;
    lex_next(lx);
    n = parse_loop(lx, type);
  } else if (is_word(lx, "for")) {
    lex_next(lx);
    n = parse_for(lx);
  } else if (is_word(lx, "case")) {
    lex_next(lx);
    n = parse_case(lx);
  } else if (at_function(lx)) {
    n = new_node(N_FUNC);
    n->name = take_word(lx);
    lex_next(lx); /* ( */
    lex_next(lx); /* ) */
    skip_newlines(lx);
    if ((n->a = parse_command(lx)) == NULL) goto bad;
    return n;
  } else {
    return parse_simple(lx);
  }
  if (n == NULL) return NULL;
  while (is_redirection(lex_peek(lx)))
    if (parse_redirection(lx, &n->redirs) < 0) goto bad;
  return n;
bad:
  fail(lx);
  free_node(n);
  return NULL;
}

static struct node *parse_pipeline(struct lexer *lx) {
  int bang = 0;
  if (is_word(lx, "!")) {
    lex_next(lx);
    bang = 1;
  }
  struct node *n = parse_command(lx);
  while (n != NULL && lex_peek(lx) == T_PIPE) {
    lex_next(lx);
    skip_newlines(lx);
    struct node *right = parse_command(lx);
    if (right == NULL) {
      free_node(n);
      return NULL;
    }
    n = pair(N_PIPE, n, right);
  }
  if (n != NULL && bang) n = pair(N_NOT, n, NULL);
  return n;
}

static struct node *parse_and_or(struct lexer *lx) {
  struct node *n = parse_pipeline(lx);
  while (n != NULL && (lex_peek(lx) == T_AND || lex_peek(lx) == T_OR)) {
    int type = lex_next(lx) == T_AND ? N_AND : N_OR;
    skip_newlines(lx);
    struct node *right = parse_pipeline(lx);
    if (right == NULL) {
      free_node(n);
      return NULL;
    }
    n = pair(type, n, right);
  }
  return n;
}

/* A list of and-or lists. At the top level a newline ends it; inside compounds it separates.
 * A trailing & puts only the and-or list before it in the background. */
static struct node *parse_list(struct lexer *lx, int top) {
  if (!top) skip_newlines(lx);
  if (at_list_end(lx)) {
    fail(lx);
    return NULL;
  }
  struct node *list = NULL;
  for (;;) {
    struct node *item = parse_and_or(lx);
    if (item == NULL) {
      free_node(list);
      return NULL;
    }
    int t = lex_peek(lx);
    if (t == T_AMP) item = pair(N_BG, item, NULL);
    list = list ? pair(N_SEQ, list, item) : item;
    if (t == T_SEMI || t == T_AMP) {
      lex_next(lx);
      if (!top) skip_newlines(lx);
    } else if (t == T_NEWLINE && !top) {
      skip_newlines(lx);
    } else {
      break;
    }
    if (at_list_end(lx) || (top && lex_peek(lx) == T_NEWLINE)) break;
  }
  return list;
}

struct node *parse_command_line(struct lexer *lx) {
  skip_newlines(lx);
  if (lex_peek(lx) == T_EOF) return NULL;
  struct node *n = parse_list(lx, 1);
  if (n == NULL) return NULL;
  int t = lex_peek(lx);
  if (t == T_NEWLINE) {
    lex_next(lx);
  } else if (t != T_EOF) {
    fail(lx);
    free_node(n);
    return NULL;
  }
  if (lx->npending > 0) lx->incomplete = 1; /* a here-document body has not arrived yet */
  if (lx->incomplete || lx->error) {
    free_node(n);
    return NULL;
  }
  return n;
}

/* The index just past the ')' closing a command substitution whose text starts at text[pos]
 * (just after "$("), found by parsing the commands, so that `case` patterns and quotes inside
 * are no trouble: -1 when the text ends first, -2 after a syntax error. */
long subst_end(const char *text, size_t pos) {
  struct lexer lx;
  lex_init(&lx, text, pos);
  skip_newlines(&lx);
  long end = -2;
  struct node *n = NULL;
  if (lex_peek(&lx) != T_RPAREN) n = parse_list(&lx, 0);
  if ((n != NULL || lx.pos == pos || lex_peek(&lx) == T_RPAREN) && !lx.error && !lx.incomplete &&
      lex_peek(&lx) == T_RPAREN) {
    lex_next(&lx);
    end = (long)lx.pos;
  } else if (lx.incomplete || (!lx.error && lex_peek(&lx) == T_EOF)) {
    end = -1;
  } else if (!lx.error) {
    sh_error("syntax error near '%s' in $(...)", token_text(&lx));
  }
  free_node(n);
  free(lx.word);
  return end;
}

