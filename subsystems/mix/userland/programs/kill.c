/*
 * kill: sends a signal (TERM by default) to processes. `kill [-s NAME | -NAME | -NUM] pid...`;
 * `kill -l` lists the signal names, `kill -l NUM` names one. Names are those of this family's
 * Linux ABI (MIPS and SPARC number some signals differently, which the table below follows).
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct {
  const char *name;
  int number;
} signals[] = {
    {"HUP", SIGHUP},   {"INT", SIGINT},       {"QUIT", SIGQUIT}, {"ILL", SIGILL},
    {"TRAP", SIGTRAP}, {"ABRT", SIGABRT},     {"BUS", SIGBUS},   {"FPE", SIGFPE},
    {"KILL", SIGKILL}, {"USR1", SIGUSR1},     {"SEGV", SIGSEGV}, {"USR2", SIGUSR2},
    {"PIPE", SIGPIPE}, {"ALRM", SIGALRM},     {"TERM", SIGTERM}, {"CHLD", SIGCHLD},
    {"CONT", SIGCONT}, {"STOP", SIGSTOP},     {"TSTP", SIGTSTP}, {"TTIN", SIGTTIN},
    {"TTOU", SIGTTOU}, {"URG", SIGURG},       {"XCPU", SIGXCPU}, {"XFSZ", SIGXFSZ},
    {"VTALRM", SIGVTALRM}, {"PROF", SIGPROF}, {"WINCH", SIGWINCH}, {"IO", SIGIO},
    {"SYS", SIGSYS},
};
#define NSIGNALS ((int)(sizeof signals / sizeof signals[0]))

/* A signal by name (with or without SIG, any case) or number; -1 when unknown. */
static int signal_number(const char *s) {
  if (*s >= '0' && *s <= '9') {
    char *end;
    long n = strtol(s, &end, 10);
    return *end == '\0' && n >= 0 && n < 65 ? (int)n : -1;
  }
  char upper[16];
  size_t k = 0;
  for (; s[k] && k + 1 < sizeof upper; k++) upper[k] = (char)(s[k] >= 'a' && s[k] <= 'z' ? s[k] - 32 : s[k]);
  upper[k] = '\0';
  const char *name = strncmp(upper, "SIG", 3) == 0 ? upper + 3 : upper;
  for (int i = 0; i < NSIGNALS; i++)
    if (strcmp(signals[i].name, name) == 0) return signals[i].number;
  return -1;
}

static const char *signal_name(int n) {
  for (int i = 0; i < NSIGNALS; i++)
    if (signals[i].number == n) return signals[i].name;
  return NULL;
}

int main(int argc, char **argv) {
  int sig = SIGTERM, i = 1;
  if (i < argc && strcmp(argv[i], "-l") == 0) {
    if (i + 1 < argc) {
      int n = atoi(argv[i + 1]);
      if (n > 128) n -= 128; /* an exit status of a killed process */
      const char *name = signal_name(n);
      if (name == NULL) {
        fprintf(stderr, "kill: unknown signal %s\n", argv[i + 1]);
        return 1;
      }
      puts(name);
      return 0;
    }
    for (int n = 1; n < 65; n++) {
      const char *name = signal_name(n);
      if (name != NULL) printf("%2d) SIG%s\n", n, name);
    }
    return 0;
  }
  if (i < argc && strcmp(argv[i], "-s") == 0 && i + 1 < argc) {
    sig = signal_number(argv[i + 1]);
    i += 2;
  } else if (i < argc && argv[i][0] == '-' && argv[i][1] != '\0' && strcmp(argv[i], "--") != 0 &&
             !(argv[i][1] >= '0' && argv[i][1] <= '9' && i + 1 >= argc)) {
    sig = signal_number(argv[i] + 1);
    i++;
  }
  if (i < argc && strcmp(argv[i], "--") == 0) i++;
  if (sig < 0 || i == argc) {
    if (sig < 0) fprintf(stderr, "kill: unknown signal\n");
    fprintf(stderr, "usage: kill [-s name | -name | -num] pid... | kill -l [num]\n");
    return 2;
  }
  int status = 0;
  for (; i < argc; i++) {
    char *end;
    long pid = strtol(argv[i], &end, 10);
    if (*end != '\0' || end == argv[i]) {
      fprintf(stderr, "kill: %s: not a process id\n", argv[i]);
      status = 1;
      continue;
    }
    if (kill((int)pid, sig) < 0) {
      fprintf(stderr, "kill: %ld: %s\n", pid, strerror(errno));
      status = 1;
    }
  }
  return status;
}
