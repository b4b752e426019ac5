/*
 * getopts OPTSTRING NAME [ARG...]: the POSIX option parser for scripts. Each call puts the next
 * option letter in NAME (and its argument in OPTARG) and advances OPTIND; it returns 1 at the
 * first operand or after "--". An unknown option or a missing argument gives NAME='?' and a
 * message, or, when OPTSTRING starts with ':', NAME='?' or ':' with the letter in OPTARG.
 */
#include "sh.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int next_char = 1; /* position inside the current grouped argument (-abc) */
static long last_optind = 1;

int getopts_builtin(int argc, char **argv) {
  if (argc < 3) {
    sh_error("getopts: usage: getopts optstring name [arg...]");
    return 2;
  }
  const char *spec = argv[1], *name = argv[2];
  char **args = argc > 3 ? argv + 3 : pos_args;
  int nargs = argc > 3 ? argc - 3 : pos_count;
  int quiet = spec[0] == ':';
  const char *v = var_get("OPTIND");
  long optind = v && *v ? strtol(v, NULL, 10) : 1;
  if (optind < 1) optind = 1;
  if (optind != last_optind) next_char = 1; /* the script reset or moved OPTIND */
  char num[24];
  const char *arg = optind <= nargs ? args[optind - 1] : NULL;
  if (arg == NULL || arg[0] != '-' || arg[1] == '\0' || (next_char == 1 && strcmp(arg, "--") == 0)) {
    if (arg != NULL && strcmp(arg, "--") == 0 && next_char == 1) optind++;
    snprintf(num, sizeof num, "%ld", optind);
    var_set("OPTIND", num, 0);
    last_optind = optind;
    next_char = 1;
    var_set(name, "?", 0);
    var_unset("OPTARG");
    return 1;
  }
  char c = arg[next_char++];
  int at_end = arg[next_char] == '\0';
  const char *found = c != ':' ? strchr(spec + quiet, c) : NULL;
  char letter[2] = {c, '\0'};
  int status = 0;
  if (found == NULL) {
    if (quiet) var_set("OPTARG", letter, 0);
    else {
      sh_error("getopts: illegal option -%c", c);
      var_unset("OPTARG");
    }
    var_set(name, "?", 0);
  } else if (found[1] == ':') {
    /* The argument is the rest of this word or the next word. */
    const char *value = NULL;
    if (!at_end) value = arg + next_char;
    else if (optind < nargs) value = args[optind++];
    at_end = 1;
    if (value == NULL) {
      if (quiet) {
        var_set("OPTARG", letter, 0);
        var_set(name, ":", 0);
      } else {
        sh_error("getopts: option requires an argument -%c", c);
        var_unset("OPTARG");
        var_set(name, "?", 0);
      }
    } else {
      var_set("OPTARG", value, 0);
      var_set(name, letter, 0);
    }
  } else {
    var_unset("OPTARG");
    var_set(name, letter, 0);
  }
  if (at_end) {
    optind++;
    next_char = 1;
  }
  snprintf(num, sizeof num, "%ld", optind);
  var_set("OPTIND", num, 0);
  last_optind = optind;
  return status;
}
