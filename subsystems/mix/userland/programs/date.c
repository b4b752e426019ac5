/*
 * date: prints the current date and time in UTC (this system has no time zones).
 * `date [-u] [+FORMAT]` with strftime conversions; the default is "%a %b %e %H:%M:%S UTC %Y".
 * `%s` (seconds since the epoch) is expanded here before strftime sees the format.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

int main(int argc, char **argv) {
  const char *format = "%a %b %e %H:%M:%S UTC %Y";
  for (int i = 1; i < argc; i++) {
    if (argv[i][0] == '+') format = argv[i] + 1;
    else if (strcmp(argv[i], "-u") != 0) {
      fprintf(stderr, "usage: date [-u] [+format]\n");
      return 2;
    }
  }
  time_t now = time(NULL);
  struct tm *tm = gmtime(&now);
  if (tm == NULL) {
    fprintf(stderr, "date: cannot convert the time\n");
    return 1;
  }
  /* Expand %s ourselves, keep %% pairs intact for strftime. */
  char fmt[512], out[1024];
  size_t o = 0;
  for (const char *p = format; *p && o + 24 < sizeof fmt; p++) {
    if (p[0] == '%' && p[1] == 's') {
      o += (size_t)snprintf(fmt + o, sizeof fmt - o, "%lld", (long long)now);
      p++;
    } else if (p[0] == '%' && p[1] == '%') {
      fmt[o++] = '%';
      fmt[o++] = '%';
      p++;
    } else {
      fmt[o++] = *p;
    }
  }
  fmt[o] = '\0';
  size_t n = o == 0 ? 0 : strftime(out, sizeof out, fmt, tm);
  out[n] = '\0';
  printf("%s\n", out);
  return 0;
}
