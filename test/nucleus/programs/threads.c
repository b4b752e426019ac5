/* A guest program for the nucleus (test/nucleus/guest-program.test.ts): a user actor whose
 * threads use semaphores, a mutex, event flags and a periodic timer through <chorus.h>, and
 * print what they saw on the site console. Built with the userland library by build.sh. Every
 * line it prints is a pure function of the program, so it is asserted as is. */
#include <chorus.h>
#include <stdio.h>
#include <string.h>

#define WORKERS 4
#define ROUNDS 200
#define STACK_BYTES 4096

static char stacks[WORKERS + 2][STACK_BYTES] __attribute__((aligned(8)));
static KnSem done;
static KnMutex lock;
static KnEvent arrived;
static volatile int counter;
static volatile int inside;
static volatile int overlap;
static int rounds[WORKERS];

static void say(const char *fmt, int a, int b) {
  char line[128];
  int n = snprintf(line, sizeof line, fmt, a, b);
  consoleWrite(line, (unsigned)n);
}

/* Each worker adds to the shared counter under the mutex (checking nobody else is inside),
 * posts its event bit, and signals `done`. */
static void worker(void *arg) {
  int index = (int)(long)arg;
  for (int i = 0; i < ROUNDS; i++) {
    mutexGet(&lock);
    if (inside++ != 0) overlap++;
    int seen = counter;
    for (volatile int spin = 0; spin < 20; spin++) {
    }
    counter = seen + 1;
    inside--;
    mutexRel(&lock);
    rounds[index]++;
  }
  eventPost(&arrived, 1u << index);
  semV(&done);
  threadDelete(0);
}

/* Touches kernel memory from user mode: the nucleus stops this thread and reports it. */
static void intruder(void *arg) {
  volatile int *kernel = (volatile int *)arg;
  (void)*kernel;
  semV(&done); /* not reached */
  threadDelete(0);
}

/* Writes over its own code, which the nucleus mapped read-only: stopped and reported too. */
static void scribbler(void *arg) {
  *(volatile int *)arg = 0;
  semV(&done); /* not reached */
  threadDelete(0);
}

static int start(void (*entry)(void *), int slot, long arg, int priority) {
  KnThreadStart s = {entry, stacks[slot] + STACK_BYTES, (void *)arg, priority};
  int li = -1;
  int r = threadCreate(0, &li, K_ACTIVE, &s);
  return r < 0 ? r : li;
}

int main(void) {
  KnCap self;
  say("guest: actorSelf %d, threadSelf %d\n", actorSelf(&self), threadSelf() > 0);
  say("guest: init sem %d mutex %d\n", semInit(&done, 0), mutexInit(&lock, 0));
  say("guest: init event %d, bad pointers give %d\n", eventInit(&arrived),
      semInit((KnSem *)0x80001000, 0) == K_EFAULT && semInit((KnSem *)0x00000004, 0) == K_EFAULT ? K_EFAULT : 0);
  say("guest: semP with a 100 us timeout on an empty semaphore: %d\n", semP(&done, 100), 0);

  int created = 0;
  for (int i = 0; i < WORKERS; i++) created += start(worker, i, i, 60) > 0;
  for (int i = 0; i < WORKERS; i++) semP(&done, K_NOTIMEOUT);
  int flags = eventWait(&arrived, (1u << WORKERS) - 1, K_EVENT_AND, K_NOBLOCK);
  say("guest: %d workers, counter %d", created, counter);
  say(", overlaps %d, event flags 0x%x\n", overlap, flags);
  say("guest: rounds %d %d", rounds[0], rounds[1]);
  say(" %d %d\n", rounds[2], rounds[3]);

  KnSem tick;
  KnTimer timer;
  unsigned long t0 = 0, t1 = 0;
  semInit(&tick, 0);
  say("guest: timerCreate %d timerSet %d\n", timerCreate(&timer, &tick), timerSet(&timer, 1000, 500));
  sysTime(&t0);
  for (int i = 0; i < 5; i++) semP(&tick, K_NOTIMEOUT);
  sysTime(&t1);
  say("guest: 5 ticks (1000 us then every 500 us) took 3000 us, give or take the calls: %d, "
      "timerDelete %d\n", t1 - t0 > 2900 && t1 - t0 < 3100, timerDelete(&timer));
  say("guest: threadDelay(2000) %d\n", threadDelay(2000), 0);

  say("guest: an intruder thread reads kernel memory\n", 0, 0);
  start(intruder, WORKERS, 0x80000000L, 40);
  say("guest: semP after the intruder: %d\n", semP(&done, 1000), 0);
  say("guest: another reads an unmapped user address\n", 0, 0);
  start(intruder, WORKERS + 1, 0x00400000L, 40);
  say("guest: semP after the second intruder: %d\n", semP(&done, 1000), 0);
  say("guest: a third writes over the program's code\n", 0, 0);
  start(scribbler, WORKERS, (long)(void *)scribbler, 40);
  say("guest: semP after the scribbler: %d\n", semP(&done, 1000), 0);
  say("guest: main exits\n", 0, 0);
  threadDelete(0);
  return 0;
}
