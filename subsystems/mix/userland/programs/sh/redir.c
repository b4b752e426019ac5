/*
 * Redirections: opening or duplicating descriptors for < > >> <> <& >& and here-documents
 * (written into a pipe, by a child when large). For builtins and compound commands run inside
 * the shell, the replaced descriptors are saved above 10 (close-on-exec) and put back after.
 */
#include "sh.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static int here_document(struct redir *r) {
  char *body = r->quoted ? xstrdup(r->word) : expand_heredoc(r->word);
  if (body == NULL) return -1;
  int p[2];
  if (pipe(p) < 0) {
    free(body);
    return -1;
  }
  size_t len = strlen(body);
  if (len <= 4096) {
    if (write(p[1], body, len) < 0) len = 0;
  } else {
    /* A big body would fill the pipe: let a child write it. */
    pid_t pid = sh_fork();
    if (pid == 0) {
      close(p[0]);
      if (write(p[1], body, len) < 0) _exit(1);
      _exit(0);
    }
  }
  close(p[1]);
  free(body);
  return p[0];
}

/* Applies redirections; when `saved` is given, remembers what to restore. Returns 0 or -1. */
int apply_redirs(struct redir *r, struct saved_fd *saved, int *nsaved) {
  for (; r != NULL; r = r->next) {
    int newfd = -1;
    if (r->kind == R_HEREDOC) {
      newfd = here_document(r);
      if (newfd < 0) return -1;
    } else {
      struct strv target = {0};
      if (expand_fields(r->word, &target) < 0) return -1;
      if (target.n != 1) {
        sh_error("%s: ambiguous redirect", r->word);
        strv_free(&target);
        return -1;
      }
      const char *name = target.v[0];
      if (r->kind == R_DUPIN || r->kind == R_DUPOUT) {
        if (strcmp(name, "-") != 0 && (strspn(name, "0123456789") != strlen(name) || fcntl(atoi(name), F_GETFD) < 0)) {
          sh_error("%s: bad file descriptor", name);
          strv_free(&target);
          return -1;
        }
        newfd = strcmp(name, "-") == 0 ? -2 : atoi(name);
      } else {
        int flags = r->kind == R_IN       ? O_RDONLY
                    : r->kind == R_OUT    ? O_WRONLY | O_CREAT | O_TRUNC
                    : r->kind == R_APPEND ? O_WRONLY | O_CREAT | O_APPEND
                                          : O_RDWR | O_CREAT;
        newfd = open(name, flags, 0666);
        if (newfd < 0) {
          sh_error("%s: %s", name, strerror(errno));
          strv_free(&target);
          return -1;
        }
      }
      strv_free(&target);
    }
    if (saved != NULL) {
      int already = 0;
      for (int k = 0; k < *nsaved; k++)
        if (saved[k].fd == r->fd) already = 1;
      if (!already && *nsaved < 16) {
        int copy = fcntl(r->fd, F_DUPFD_CLOEXEC, 10);
        saved[*nsaved].fd = r->fd;
        saved[*nsaved].copy = copy;
        (*nsaved)++;
      }
    }
    if (newfd == -2) {
      close(r->fd);
    } else if (newfd != r->fd) {
      dup2(newfd, r->fd);
      if (r->kind != R_DUPIN && r->kind != R_DUPOUT) close(newfd);
    }
  }
  return 0;
}

void restore_redirs(struct saved_fd *saved, int nsaved) {
  fflush(stdout);
  fflush(stderr);
  for (int k = nsaved - 1; k >= 0; k--) {
    if (saved[k].copy >= 0) {
      dup2(saved[k].copy, saved[k].fd);
      close(saved[k].copy);
    } else {
      close(saved[k].fd);
    }
  }
}
