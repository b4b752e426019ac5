/*
 * The lexer: cuts shell input into words and operators. A word keeps its quotes, `$...`
 * expansions and backslashes (expand.c removes them later), except that backslash-newline
 * line continuations are dropped. Running out of text inside a quote, an expansion or a
 * here-document sets `incomplete`, so that the caller can read another line and try again.
 */
#include "sh.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct sbuf {
  char *s;
  size_t len, cap;
};

static void put(struct sbuf *b, char c) {
  if (b->len + 2 > b->cap) {
    b->cap = b->cap ? b->cap * 2 : 32;
    b->s = xrealloc(b->s, b->cap);
  }
  b->s[b->len++] = c;
  b->s[b->len] = '\0';
}

void lex_init(struct lexer *lx, const char *text, size_t pos) {
  memset(lx, 0, sizeof *lx);
  lx->text = text;
  lx->pos = pos;
  lx->io_number = -1;
}

void lex_add_heredoc(struct lexer *lx, struct redir *r) {
  if (lx->npending < 16) lx->pending[lx->npending++] = r;
}

static int scan_until(struct lexer *lx, struct sbuf *b, char close);

/* Copies one quoted or expansion construct starting at text[pos] (which is its opener). */
static int scan_construct(struct lexer *lx, struct sbuf *b) {
  const char *t = lx->text;
  char c = t[lx->pos];
  if (c == '\'') {
    put(b, t[lx->pos++]);
    while (t[lx->pos] != '\0' && t[lx->pos] != '\'') put(b, t[lx->pos++]);
    if (t[lx->pos] == '\0') return -1;
    put(b, t[lx->pos++]);
    return 0;
  }
  if (c == '"') {
    put(b, t[lx->pos++]);
    return scan_until(lx, b, '"');
  }
  if (c == '`') {
    put(b, t[lx->pos++]);
    while (t[lx->pos] != '\0' && t[lx->pos] != '`') {
      if (t[lx->pos] == '\\' && t[lx->pos + 1] != '\0') put(b, t[lx->pos++]);
      put(b, t[lx->pos++]);
    }
    if (t[lx->pos] == '\0') return -1;
    put(b, t[lx->pos++]);
    return 0;
  }
  if (c == '$' && t[lx->pos + 1] == '(' && t[lx->pos + 2] != '(') {
    /* $( commands ): the parser finds the closing parenthesis. */
    long end = subst_end(t, lx->pos + 2);
    if (end == -2) lx->error = 1;
    if (end < 0) return -1;
    while (lx->pos < (size_t)end) put(b, t[lx->pos++]);
    return 0;
  }
  /* c == '$' followed by (( or { */
  put(b, t[lx->pos++]);
  char open = t[lx->pos];
  put(b, t[lx->pos++]);
  return scan_until(lx, b, open == '(' ? ')' : '}');
}

/* Copies text up to and including `close`, minding nested quotes and expansions. */
static int scan_until(struct lexer *lx, struct sbuf *b, char close) {
  const char *t = lx->text;
  int depth = 0;
  for (;;) {
    char c = t[lx->pos];
    if (c == '\0') return -1;
    if (c == '\\') {
      if (t[lx->pos + 1] == '\n') {
        lx->pos += 2;
        continue;
      }
      if (t[lx->pos + 1] == '\0') return -1;
      put(b, t[lx->pos++]);
      put(b, t[lx->pos++]);
      continue;
    }
    if (c == close && depth == 0) {
      put(b, t[lx->pos++]);
      return 0;
    }
    if (close == '"') {
      if (c == '`' || (c == '$' && (t[lx->pos + 1] == '(' || t[lx->pos + 1] == '{'))) {
        if (scan_construct(lx, b) < 0) return -1;
        continue;
      }
    } else {
      if (c == '\'' || c == '"' || c == '`' ||
          (c == '$' && (t[lx->pos + 1] == '(' || t[lx->pos + 1] == '{'))) {
        if (scan_construct(lx, b) < 0) return -1;
        continue;
      }
      if (close == ')' && c == '(') depth++;
      if (close == ')' && c == ')') depth--;
    }
    put(b, t[lx->pos++]);
  }
}

/* Reads the bodies of queued here-documents, which start at text[pos] (after a newline). */
static void read_heredocs(struct lexer *lx) {
  const char *t = lx->text;
  for (int k = 0; k < lx->npending; k++) {
    struct redir *r = lx->pending[k];
    int strip = r->kind == R_HERESTR; /* R_HERESTR marks "<<-" while pending */
    struct sbuf body = {0};
    put(&body, '\0');
    body.len = 0;
    for (;;) {
      if (t[lx->pos] == '\0') {
        lx->incomplete = 1;
        free(body.s);
        return;
      }
      size_t start = lx->pos;
      if (strip)
        while (t[start] == '\t') start++;
      size_t end = start;
      while (t[end] != '\0' && t[end] != '\n') end++;
      if (t[end] == '\0') {
        /* The delimiter line must be complete (or the text must really end). */
        lx->incomplete = 1;
        free(body.s);
        return;
      }
      size_t dlen = strlen(r->word);
      if (end - start == dlen && strncmp(t + start, r->word, dlen) == 0) {
        lx->pos = end + 1;
        break;
      }
      for (size_t i = start; i <= end; i++) put(&body, t[i]);
      lx->pos = end + 1;
    }
    free(r->word);
    r->word = body.s;
    r->kind = R_HEREDOC;
  }
  lx->npending = 0;
}

static int lex_scan(struct lexer *lx) {
  const char *t = lx->text;
  free(lx->word);
  lx->word = NULL;
  lx->io_number = -1;
  for (;;) {
    char c = t[lx->pos];
    if (c == ' ' || c == '\t' || c == '\r') {
      lx->pos++;
    } else if (c == '\\' && t[lx->pos + 1] == '\n') {
      lx->pos += 2;
      if (t[lx->pos] == '\0') lx->incomplete = 1; /* the continuation line is still to come */
    } else if (c == '#') {
      while (t[lx->pos] != '\0' && t[lx->pos] != '\n') lx->pos++;
    } else {
      break;
    }
  }
  char c = t[lx->pos];
  if (c == '\0') return T_EOF;
  if (c == '\n') {
    lx->pos++;
    if (lx->npending > 0) read_heredocs(lx);
    return T_NEWLINE;
  }
  static const struct {
    const char *text;
    int tok;
  } ops[] = {{"&&", T_AND},     {"||", T_OR},       {";;", T_DSEMI},    {"<<-", T_DLESSDASH},
             {"<<", T_DLESS},   {">>", T_DGREAT},   {"<&", T_LESSAND},  {">&", T_GREATAND},
             {"<>", T_LESSGREAT}, {">|", T_CLOBBER}, {"&", T_AMP},       {"|", T_PIPE},
             {";", T_SEMI},     {"(", T_LPAREN},    {")", T_RPAREN},    {"<", T_LESS},
             {">", T_GREAT}};
  for (size_t k = 0; k < sizeof ops / sizeof ops[0]; k++) {
    size_t n = strlen(ops[k].text);
    if (strncmp(t + lx->pos, ops[k].text, n) == 0) {
      lx->pos += n;
      return ops[k].tok;
    }
  }
  /* A word: up to an unquoted blank or operator character. */
  struct sbuf b = {0};
  for (;;) {
    c = t[lx->pos];
    if (c == '\0' || c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ';' || c == '&' ||
        c == '|' || c == '(' || c == ')' || c == '<' || c == '>')
      break;
    if (c == '\\') {
      if (t[lx->pos + 1] == '\n') {
        lx->pos += 2;
        if (t[lx->pos] == '\0') lx->incomplete = 1;
        continue;
      }
      if (t[lx->pos + 1] == '\0') {
        lx->incomplete = 1;
        free(b.s);
        return T_EOF;
      }
      put(&b, t[lx->pos++]);
      put(&b, t[lx->pos++]);
      continue;
    }
    if (c == '\'' || c == '"' || c == '`' ||
        (c == '$' && (t[lx->pos + 1] == '(' || t[lx->pos + 1] == '{'))) {
      if (scan_construct(lx, &b) < 0) {
        if (!lx->error) lx->incomplete = 1;
        free(b.s);
        return T_EOF;
      }
      continue;
    }
    put(&b, t[lx->pos++]);
  }
  lx->word = b.s ? b.s : xstrdup("");
  /* All digits right before < or >: the descriptor of a redirection. */
  c = t[lx->pos];
  if ((c == '<' || c == '>') && lx->word[0] != '\0' && strspn(lx->word, "0123456789") == strlen(lx->word) &&
      strlen(lx->word) < 4) {
    int fd = atoi(lx->word);
    int op = lex_scan(lx);
    lx->io_number = fd;
    return op;
  }
  return T_WORD;
}

int lex_peek(struct lexer *lx) {
  if (!lx->peeked) {
    lx->tok = lex_scan(lx);
    lx->peeked = 1;
  }
  return lx->tok;
}

int lex_next(struct lexer *lx) {
  int tok = lex_peek(lx);
  lx->peeked = 0;
  return tok;
}
