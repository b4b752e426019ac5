/*
 * sh: a small POSIX-style shell. This header is the map of its parts:
 *   main.c      arguments, input sources (script file, -c string, stdin), the read-parse-run loop
 *   lex.c       splitting input text into words and operators (quotes kept for expansion)
 *   parse.c     the grammar: lists, and-or, pipelines, commands, if/while/until/for/case, ( ) { }
 *   expand.c    parameter, command and arithmetic expansion, field splitting, globbing, quotes
 *   arith.c     $(( )) integer expressions
 *   exec.c      running trees: simple commands, pipelines, compound commands
 *   jobs.c      forking and waiting, background jobs
 *   redir.c     redirections and here-documents
 *   glob.c      shell patterns and pathname expansion
 *   builtins.c  cd exit export echo pwd set unset shift wait read eval . exec break continue ...
 *   trap.c      trap: signal and EXIT actions
 *   getopts.c   getopts: option parsing for scripts
 *   vars.c      shell variables, the environment handed to commands, positional parameters
 */
#ifndef SH_H
#define SH_H

#include <stddef.h>
#include <signal.h>
#include <sys/types.h>

/* ---- lexer ---- */
enum token {
  T_EOF, T_WORD, T_NEWLINE, T_SEMI, T_AMP, T_PIPE, T_AND, T_OR, T_LPAREN, T_RPAREN, T_DSEMI,
  T_LESS, T_GREAT, T_DGREAT, T_LESSAND, T_GREATAND, T_LESSGREAT, T_DLESS, T_DLESSDASH, T_CLOBBER
};

struct lexer {
  const char *text; /* the whole input read so far, NUL-terminated */
  size_t pos;
  int tok;          /* the current token (after lex_next) */
  char *word;       /* its text for T_WORD (allocated) */
  int io_number;    /* the fd before a redirection operator, or -1 */
  int incomplete;   /* set when the text ended inside a quote or a construct */
  int error;        /* set on a syntax error (message already printed) */
  int peeked;
  struct redir *pending[16]; /* here-documents whose bodies follow the next newline */
  int npending;
};

void lex_init(struct lexer *lx, const char *text, size_t pos);
int lex_peek(struct lexer *lx);
int lex_next(struct lexer *lx);
struct redir;
/* Queues a here-document: its body is read after the next newline token. */
void lex_add_heredoc(struct lexer *lx, struct redir *r);

/* ---- syntax tree ---- */
enum node_type {
  N_CMD, N_PIPE, N_AND, N_OR, N_SEQ, N_BG, N_NOT, N_IF, N_WHILE, N_UNTIL, N_FOR, N_CASE,
  N_SUBSHELL, N_GROUP, N_FUNC
};

enum redir_kind { R_IN, R_OUT, R_APPEND, R_DUPIN, R_DUPOUT, R_RDWR, R_HEREDOC, R_HERESTR };

struct redir {
  int kind;
  int fd;
  char *word;  /* the file, the fd to duplicate, or the here-document body */
  int quoted;  /* here-document: the delimiter was quoted (no expansion of the body) */
  struct redir *next;
};

struct node {
  int type;
  struct node *a, *b, *c; /* children: pipe/and/or/seq a,b; if a=cond b=then c=else; loops a,b */
  char **words;           /* N_CMD words; N_FOR list; N_CASE: word then patterns */
  int nwords;
  char *name;             /* N_FOR variable, N_FUNC name, N_CASE subject */
  struct node **arms;     /* N_CASE bodies, one per pattern group */
  int *arm_patterns;      /* N_CASE: number of patterns in each arm (patterns are in words) */
  int narms;
  struct redir *redirs;
  int refs;               /* function bodies are kept alive after their command is freed */
};

/* Parses one complete command (up to an unnested newline) from lx; NULL at the end or on error. */
struct node *parse_command_line(struct lexer *lx);
void free_node(struct node *n);
long subst_end(const char *text, size_t pos);

/* ---- expansion ---- */
struct strv {
  char **v;
  int n, cap;
};
void strv_push(struct strv *sv, char *s);
void strv_free(struct strv *sv);

/* Expands a word into fields (split, globbed). Returns 0, or -1 after an error message. */
int expand_fields(const char *word, struct strv *out);
/* Expands a word to one string: no field splitting or globbing (assignments, redirections). */
char *expand_string(const char *word);
/* Expands a here-document body: parameters, commands and arithmetic only. */
char *expand_heredoc(const char *body);
/* Expands a case pattern: quoted characters become backslash-escaped. */
char *expand_pattern(const char *word);
/* Shell pattern matching (* ? [...] and backslash escapes). */
int pattern_match(const char *pattern, const char *s);
int has_glob(const char *pattern);
char *unescape(const char *pattern);
/* Adds the sorted paths matching pattern to out; returns how many. */
int glob_expand(const char *pattern, struct strv *out);
/* Evaluates an arithmetic expression (already expanded); returns 0 or -1 on error. */
int arith_eval(const char *expr, long *result);

/* ---- variables ---- */
const char *var_get(const char *name);
int var_set(const char *name, const char *value, int export_it);
void var_unset(const char *name);
void var_export(const char *name);
int var_is_name(const char *s, size_t len);
char **var_environ(struct strv *extra);
void var_print(int exported_only);
void vars_init(char **envp);

extern char **pos_args; /* $1 ... */
extern int pos_count;
extern char *arg0;
void set_positional(char **args, int count);

/* ---- execution ---- */
int run_node(struct node *n, int forked);
int run_argv(char **argv);
int run_string(const char *text, const char *source);
int run_file(const char *path);
int command_substitution(const char *text, char **out);

/* jobs.c */
pid_t sh_fork(void);
int wait_child(long pid);
void job_add(long pid);
void reap_jobs(void);
int wait_builtin(int argc, char **argv);

/* redir.c: `saved` (16 entries) may be NULL when nothing is to be restored */
struct saved_fd {
  int fd, copy;
};
int apply_redirs(struct redir *r, struct saved_fd *saved, int *nsaved);
void restore_redirs(struct saved_fd *saved, int nsaved);
_Noreturn void sh_exit(int status);

/* getopts.c */
int getopts_builtin(int argc, char **argv);

/* trap.c */
int trap_builtin(int argc, char **argv);
void run_pending_traps(void);
extern volatile sig_atomic_t trap_pending;
void run_exit_trap(void);
void traps_reset_in_child(void);

/* Builtins: returns the index of name's entry, or -1. */
int builtin_find(const char *name);
int builtin_is_special(int index);
int builtin_run(int index, int argc, char **argv);

struct node *func_find(const char *name);
void func_define(const char *name, struct node *body);

/* ---- shell state ---- */
extern int last_status;
extern long last_bg_pid;
extern int interactive;
extern int opt_errexit, opt_xtrace, opt_noglob, opt_nounset;
extern int loop_depth, breaking, continuing, returning;
extern int in_condition; /* >0 while running an if/while condition or the left of && || ! */

void *xmalloc(size_t size);
void *xrealloc(void *p, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* The path of an executable `name` along $PATH (allocated), or NULL. */
char *path_lookup(const char *name);
void sh_error(const char *fmt, ...);

#endif
