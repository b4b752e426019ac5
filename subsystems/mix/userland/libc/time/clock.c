/* Reading clocks: clock_gettime and gettimeofday (the 32-bit-seconds calls of each family),
 * time, clock. */
#include <sys/time.h>
#include <time.h>

#include "syscall.h"

int clock_gettime(clockid_t clock, struct timespec *ts) {
  return (int)__sys_ret(__sys2(SYS_clock_gettime, clock, ts));
}

int gettimeofday(struct timeval *tv, void *tz) {
  return (int)__sys_ret(__sys2(SYS_gettimeofday, tv, tz));
}

time_t time(time_t *out) {
  struct timespec ts;
  if (clock_gettime(CLOCK_REALTIME, &ts) < 0) return (time_t)-1;
  if (out) *out = ts.tv_sec;
  return ts.tv_sec;
}

clock_t clock(void) {
  struct timespec ts;
  if (clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts) < 0) return (clock_t)-1;
  return (clock_t)(ts.tv_sec * 1000000L + ts.tv_nsec / 1000);
}
