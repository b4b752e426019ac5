/*
 * trap: commands run when a signal arrives or when the shell exits (EXIT, or 0).
 * `trap` lists, `trap ACTION SIG...` sets (ACTION '' ignores the signal, '-' restores the
 * default), `trap - SIG...` resets. The handler only notes the signal; the command runs at the
 * next safe point (after the current command, or when a wait is interrupted), keeping $?.
 * A forked child forgets caught signals and the EXIT trap, as POSIX asks of subshells.
 */
#include "sh.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NTRAPS 65

static char *actions[NTRAPS]; /* [0] is EXIT */
static volatile sig_atomic_t pending[NTRAPS];
volatile sig_atomic_t trap_pending;
static int running_trap;

static const struct {
  const char *name;
  int number;
} names[] = {
    {"EXIT", 0},       {"HUP", SIGHUP},   {"INT", SIGINT},     {"QUIT", SIGQUIT},
    {"ABRT", SIGABRT}, {"KILL", SIGKILL}, {"ALRM", SIGALRM},   {"TERM", SIGTERM},
    {"PIPE", SIGPIPE}, {"USR1", SIGUSR1}, {"USR2", SIGUSR2},   {"CHLD", SIGCHLD},
    {"CONT", SIGCONT}, {"TSTP", SIGTSTP}, {"WINCH", SIGWINCH},
};
#define NNAMES ((int)(sizeof names / sizeof names[0]))

static void note_signal(int sig) {
  if (sig > 0 && sig < NTRAPS) pending[sig] = 1;
  trap_pending = 1;
}

static int signal_number(const char *s) {
  if (*s >= '0' && *s <= '9') {
    int n = atoi(s);
    return n < NTRAPS ? n : -1;
  }
  if (strncmp(s, "SIG", 3) == 0) s += 3;
  for (int i = 0; i < NNAMES; i++)
    if (strcmp(names[i].name, s) == 0) return names[i].number;
  return -1;
}

static const char *signal_name(int n) {
  for (int i = 0; i < NNAMES; i++)
    if (names[i].number == n) return names[i].name;
  return NULL;
}

static void install(int sig, const char *action) {
  free(actions[sig]);
  actions[sig] = action ? xstrdup(action) : NULL;
  if (sig == 0) return;
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sigemptyset(&sa.sa_mask);
  if (action == NULL) sa.sa_handler = SIG_DFL;
  else if (action[0] == '\0') sa.sa_handler = SIG_IGN;
  else sa.sa_handler = note_signal; /* no SA_RESTART: a blocked wait or read sees EINTR */
  sigaction(sig, &sa, NULL);
}

int trap_builtin(int argc, char **argv) {
  if (argc == 1) {
    for (int sig = 0; sig < NTRAPS; sig++) {
      if (actions[sig] == NULL) continue;
      const char *name = signal_name(sig);
      printf("trap -- '%s' %s\n", actions[sig], name ? name : "?");
    }
    return 0;
  }
  int i = 1;
  if (strcmp(argv[i], "--") == 0) i++;
  const char *action = argv[i];
  /* A first operand that is a signal means "reset these" (POSIX allows that form too). */
  if (signal_number(action) >= 0 && argc - i == 1) action = "-";
  else i++;
  int status = 0;
  for (; i < argc; i++) {
    int sig = signal_number(argv[i]);
    if (sig < 0 || sig == SIGKILL || sig == SIGSTOP) {
      sh_error("trap: %s: bad signal", argv[i]);
      status = 1;
      continue;
    }
    install(sig, strcmp(action, "-") == 0 ? NULL : action);
  }
  return status;
}

/* Runs the commands of signals that arrived; $? is kept across them. */
void run_pending_traps(void) {
  if (!trap_pending || running_trap) return;
  trap_pending = 0;
  running_trap = 1;
  for (int sig = 1; sig < NTRAPS; sig++) {
    if (!pending[sig]) continue;
    pending[sig] = 0;
    if (actions[sig] == NULL || actions[sig][0] == '\0') continue;
    int saved = last_status;
    run_string(actions[sig], "trap");
    last_status = saved;
  }
  running_trap = 0;
}

/* Runs the EXIT trap once; called by sh_exit (an `exit` inside it ends the shell there). */
void run_exit_trap(void) {
  char *action = actions[0];
  if (action == NULL) return;
  actions[0] = NULL;
  run_string(action, "trap");
  free(action);
}

/* In a forked child: caught signals go back to their default, ignored ones stay ignored. */
void traps_reset_in_child(void) {
  for (int sig = 0; sig < NTRAPS; sig++) {
    if (actions[sig] == NULL || actions[sig][0] == '\0') continue;
    install(sig, NULL);
  }
  trap_pending = 0;
}
