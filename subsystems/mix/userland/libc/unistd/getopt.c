/* POSIX getopt: short options, "x:" takes an argument, "--" ends options, a leading ':'
 * in optstring reports a missing argument as ':' instead of '?'. Setting optind to 0 (or
 * back to 1) restarts the scan. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

char *optarg;
int optind = 1, opterr = 1, optopt;
static int next_char = 1; /* position inside the current argv element */

int getopt(int argc, char *const argv[], const char *optstring) {
  optarg = 0;
  if (optind == 0) optind = 1, next_char = 1;
  if (next_char > 1 && (optind >= argc || !argv[optind] || strlen(argv[optind]) <= (size_t)next_char))
    next_char = 1; /* the scan was restarted mid-cluster */
  if (optind >= argc || !argv[optind]) return -1;
  const char *arg = argv[optind];
  if (next_char == 1) {
    if (arg[0] != '-' || arg[1] == 0) return -1;
    if (strcmp(arg, "--") == 0) {
      optind++;
      return -1;
    }
  }
  int c = (unsigned char)arg[next_char++];
  const char *spec = c == ':' ? 0 : strchr(optstring, c);
  int quiet = optstring[0] == ':';
  if (!spec) {
    optopt = c;
    if (opterr && !quiet) fprintf(stderr, "%s: invalid option -- '%c'\n", argv[0], c);
    if (!arg[next_char]) optind++, next_char = 1;
    return '?';
  }
  if (spec[1] == ':') {
    if (arg[next_char]) {
      optarg = (char *)arg + next_char;
      optind++;
    } else if (optind + 1 < argc) {
      optarg = argv[optind + 1];
      optind += 2;
    } else {
      optopt = c;
      optind++;
      next_char = 1;
      if (quiet) return ':';
      if (opterr) fprintf(stderr, "%s: option requires an argument -- '%c'\n", argv[0], c);
      return '?';
    }
    next_char = 1;
    return c;
  }
  if (!arg[next_char]) optind++, next_char = 1;
  return c;
}
