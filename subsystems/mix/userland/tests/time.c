/* Time: clock_gettime and gettimeofday agree and move forward, nanosleep sleeps at least
 * as asked, and gmtime/timegm/strftime convert fixed instants exactly. */
#include <stdio.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "check.h"

static long long ns(const struct timespec *t) { return t->tv_sec * 1000000000LL + t->tv_nsec; }

int main(void) {
  struct timespec a, b, req = {0, 50 * 1000 * 1000};
  CHECK(clock_gettime(CLOCK_MONOTONIC, &a) == 0, "clock_gettime(CLOCK_MONOTONIC)");
  CHECK(nanosleep(&req, 0) == 0, "nanosleep");
  clock_gettime(CLOCK_MONOTONIC, &b);
  CHECK(ns(&b) - ns(&a) >= 50 * 1000 * 1000LL, "nanosleep lasts at least the request");
  struct timeval tv;
  CHECK(gettimeofday(&tv, 0) == 0 && tv.tv_usec >= 0 && tv.tv_usec < 1000000, "gettimeofday");
  time_t now = time(0);
  CHECK(now > 1600000000 && now - tv.tv_sec <= 2, "time() is after 2020 and agrees");
  struct timespec real;
  clock_gettime(CLOCK_REALTIME, &real);
  CHECK(real.tv_nsec >= 0 && real.tv_nsec < 1000000000, "CLOCK_REALTIME nanoseconds in range");

  const time_t instants[] = {0, 951782400, 1234567890, 2147483647, -86400, 1709164800};
  for (unsigned i = 0; i < sizeof instants / sizeof instants[0]; i++) {
    char buf[96];
    struct tm tm;
    gmtime_r(&instants[i], &tm);
    strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S %a %b yday=%j wday=%w %s", &tm);
    time_t back = timegm(&tm);
    printf("%ld: %s back=%ld\n", (long)instants[i], buf, (long)back);
  }
  struct tm tm;
  time_t t = 1234567890;
  gmtime_r(&t, &tm);
  char buf[64];
  strftime(buf, sizeof buf, "%D %T %y %e %I%p %Z %%", &tm);
  printf("%s\n", buf);
  printf("ctime: %s", ctime(&t));
  CHECK(strftime(buf, 4, "%Y-%m", &tm) == 0, "strftime returns 0 when the buffer is short");
  unsigned left = sleep(0);
  CHECK(left == 0, "sleep(0)");
  return finish();
}
