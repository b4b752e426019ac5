/* Pipes under the MiX PM beyond the userland test: MIPS's old pipe call (4042) with its ends in
 * v0 and v1; a read blocked on an empty pipe and a write blocked on a full one, each ended by an
 * alarm with EINTR (a write that moved some bytes first returns their count); a blocked writer
 * woken when a child drains the pipe; end of file only once every copy of the write end (dup,
 * fork) is closed, including by a child's exit; O_NONBLOCK (EAGAIN), pipe2's O_CLOEXEC and
 * fstat's S_IFIFO. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"

static volatile int alarms;
static void on_alarm(int sig) { (void)sig; alarms++; }

/* pipe(2) as MIPS Linux's 4042: the read end in v0, the write end in v1, a3 set on error. */
static int old_pipe(int fds[2]) {
  register long v0 __asm__("$2") = 4042;
  register long v1 __asm__("$3");
  register long a3 __asm__("$7");
  __asm__ volatile("syscall" : "+r"(v0), "=r"(v1), "=r"(a3) : : "$1", "$4", "$5", "$6", "$8", "$9",
                   "$10", "$11", "$12", "$13", "$14", "$15", "$24", "$25", "hi", "lo", "memory");
  if (a3 != 0) return -1;
  fds[0] = (int)v0;
  fds[1] = (int)v1;
  return 0;
}

static char big[100000];

int main(void) {
  int fds[2];
  char buf[64];
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_alarm; /* no SA_RESTART: the blocked call ends with EINTR */
  sigaction(SIGALRM, &sa, 0);

  CHECK(old_pipe(fds) == 0 && fds[0] == 3 && fds[1] == 4, "old pipe: ends 3 and 4 from v0 and v1");
  CHECK(write(fds[1], "abc", 3) == 3 && read(fds[0], buf, sizeof buf) == 3 && memcmp(buf, "abc", 3) == 0,
        "old pipe carries bytes");

  alarm(1);
  errno = 0;
  ssize_t n = read(fds[0], buf, sizeof buf);
  printf("blocked read: %d errno %s, alarms %d\n", (int)n, errno == EINTR ? "EINTR" : "?", alarms);

  /* Fill the pipe without blocking: Linux's 64 KiB. */
  CHECK(fcntl(fds[1], F_SETFL, O_NONBLOCK) == 0 && (fcntl(fds[1], F_GETFL) & O_NONBLOCK) != 0,
        "F_SETFL O_NONBLOCK");
  int filled = 0;
  for (;;) {
    ssize_t w = write(fds[1], big, 4096);
    if (w < 0) break;
    filled += (int)w;
  }
  printf("filled %d bytes, then %s\n", filled, errno == EAGAIN ? "EAGAIN" : "?");
  fcntl(fds[1], F_SETFL, 0);
  alarm(1);
  errno = 0;
  n = write(fds[1], "x", 1);
  printf("blocked write: %d errno %s, alarms %d\n", (int)n, errno == EINTR ? "EINTR" : "?", alarms);

  /* A child drains the pipe: the blocked writer goes on. */
  fflush(stdout);
  pid_t child = fork();
  if (child == 0) {
    close(fds[1]);
    int got = 0;
    for (;;) {
      ssize_t r = read(fds[0], big, sizeof big);
      if (r <= 0) break;
      got += (int)r;
    }
    printf("child read %d bytes, then EOF\n", got);
    fflush(stdout);
    _exit(0);
  }
  close(fds[0]);
  CHECK(write(fds[1], big, 3000) == 3000, "a blocked write finishes once the child reads");
  close(fds[1]);
  int status;
  waitpid(child, &status, 0);
  CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "the reader saw EOF after the last close");

  /* A large write into an empty pipe moves 64 KiB, blocks, and returns that count on EINTR. */
  pipe(fds);
  alarm(1);
  n = write(fds[1], big, sizeof big);
  printf("interrupted large write: %d, alarms %d\n", (int)n, alarms);
  close(fds[0]);
  close(fds[1]);

  /* End of file waits for every copy of the write end: a dup and a child's. */
  pipe(fds);
  int copy = dup(fds[1]);
  fflush(stdout);
  child = fork();
  if (child == 0) {
    close(fds[0]);
    write(copy, "from child", 10);
    _exit(0); /* its copies close at exit */
  }
  close(fds[1]);
  close(copy);
  int total = 0;
  for (;;) {
    ssize_t r = read(fds[0], buf, sizeof buf);
    if (r <= 0) break;
    total += (int)r;
  }
  printf("read %d bytes, EOF after the child exited\n", total);
  waitpid(child, 0, 0);
  CHECK(fcntl(fds[0], F_SETFL, O_NONBLOCK) == 0 && read(fds[0], buf, 1) == 0, "EOF, not EAGAIN");
  close(fds[0]);

  pipe(fds);
  CHECK(fcntl(fds[0], F_SETFL, O_NONBLOCK) == 0, "nonblocking read end");
  EXPECT_ERRNO(read(fds[0], buf, 1), "EAGAIN");
  struct stat st;
  CHECK(fstat(fds[0], &st) == 0 && S_ISFIFO(st.st_mode), "fstat: a FIFO");
  close(fds[0]);
  close(fds[1]);
  CHECK(pipe2(fds, O_CLOEXEC) == 0 && fcntl(fds[0], F_GETFD) == FD_CLOEXEC &&
            fcntl(fds[1], F_GETFD) == FD_CLOEXEC,
        "pipe2 O_CLOEXEC");
  EXPECT_ERRNO(pipe2(fds, 0x1234), "EINVAL");
  EXPECT_ERRNO(read(fds[1], buf, 1), "EBADF");
  EXPECT_ERRNO(write(fds[0], buf, 1), "EBADF");
  return finish();
}
