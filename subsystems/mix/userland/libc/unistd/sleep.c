/* Sleeping and timers: nanosleep, sleep, usleep, alarm (the alarm call where the family
 * has it, setitimer on ARM EABI), pause. */
#include <errno.h>
#include <time.h>
#include <unistd.h>

#include "syscall.h"

int nanosleep(const struct timespec *req, struct timespec *rem) {
  return (int)__sys_ret(__sys2(SYS_nanosleep, req, rem));
}

unsigned int sleep(unsigned int seconds) {
  struct timespec req = {(time_t)seconds, 0}, rem = {0, 0};
  if (nanosleep(&req, &rem) < 0 && errno == EINTR) return (unsigned int)rem.tv_sec + (rem.tv_nsec > 0);
  return 0;
}

int usleep(useconds_t usec) {
  struct timespec req = {(time_t)(usec / 1000000), (long)(usec % 1000000) * 1000};
  return nanosleep(&req, 0);
}

unsigned int alarm(unsigned int seconds) {
#if defined(SYS_alarm)
  return (unsigned int)__sys1(SYS_alarm, seconds);
#else
  struct {
    long interval_sec, interval_usec, value_sec, value_usec;
  } it = {0, 0, (long)seconds, 0}, old = {0, 0, 0, 0};
  __sys3(SYS_setitimer, 0, &it, &old);
  return (unsigned int)old.value_sec + (old.value_usec > 0);
#endif
}

int pause(void) { return (int)__sys_ret(__sys0(SYS_pause)); }
