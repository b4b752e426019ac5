/* Reading standard input through stdio: a pipe is put on descriptor 0 (as a shell does for
 * `producer | test`), then getchar, ungetc, fgets, getline, sscanf on lines and fread see
 * the data in order, and EOF is reported once the writer is gone. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"

static const char input[] =
    "first line\n"
    "12 34 fifty-six\n"
    "a line that is longer than the small buffer used to read it\n"
    "tail without newline";

int main(void) {
  int fds[2];
  pipe(fds);
  fflush(stdout);
  pid_t writer = fork();
  if (writer == 0) {
    close(fds[0]);
    /* Dribble the input in small pieces to exercise partial reads. */
    for (size_t i = 0; i < sizeof input - 1; i += 7) {
      size_t n = sizeof input - 1 - i < 7 ? sizeof input - 1 - i : 7;
      write(fds[1], input + i, n);
    }
    _exit(0);
  }
  close(fds[1]);
  dup2(fds[0], 0);
  close(fds[0]);

  int c = getchar();
  CHECK(c == 'f', "getchar reads the first byte");
  CHECK(ungetc(c, stdin) == 'f' && getchar() == 'f', "ungetc pushes it back");
  char buf[16];
  CHECK(fgets(buf, sizeof buf, stdin) && strcmp(buf, "irst line\n") == 0, "fgets reads to newline");
  char *line = 0;
  size_t cap = 0;
  ssize_t n = getline(&line, &cap, stdin);
  int a = 0, b = 0;
  char word[16] = "";
  int fields = sscanf(line, "%d %d %15s", &a, &b, word);
  printf("getline %d bytes, fields=%d a=%d b=%d word=%s\n", (int)n, fields, a, b, word);
  int pieces = 0;
  while (fgets(buf, sizeof buf, stdin)) {
    pieces++;
    if (strchr(buf, '\n')) break;
  }
  printf("long line came in %d pieces\n", pieces);
  char rest[64];
  size_t got = fread(rest, 1, sizeof rest - 1, stdin);
  rest[got] = 0;
  printf("fread: \"%s\" (%u)\n", rest, (unsigned)got);
  CHECK(getchar() == EOF && feof(stdin), "end of input sets EOF");
  clearerr(stdin);
  CHECK(!feof(stdin), "clearerr resets it");
  free(line);
  waitpid(writer, 0, 0);
  return finish();
}
