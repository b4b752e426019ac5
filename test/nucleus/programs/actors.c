/* A guest program for the nucleus (test/nucleus/guest-actors.test.ts): a user actor that creates
 * an actor, reads actor and thread records, and tries the supervisor calls through <chorus.h>,
 * with the error cases (bad capability, bad pointers, privilege). Built by build.sh; every line
 * it prints is a pure function of the program, so it is asserted as is. */
#include <chorus.h>
#include <stdio.h>

static char stack[4096] __attribute__((aligned(8)));
static KnSem done;

static void say(const char *fmt, int a, int b, int c, int d) {
  char line[160];
  int n = snprintf(line, sizeof line, fmt, a, b, c, d);
  consoleWrite(line, (unsigned)n);
}

static void sleeper(void *arg) {
  (void)arg;
  semP(&done, K_NOTIMEOUT);
  threadDelete(0);
}

int main(void) {
  KnCap self, child, bad;
  KnActorStat as;
  KnThreadStat ts;

  actorSelf(&self);
  say("guest: actorStat self %d kind %d threads %d stopped %d\n", actorStat(&self, &as), as.kind,
      as.threads, as.stopped);
  say("guest: actorCreate user %d, system %d, supervisor %d, kind 7 %d\n", actorCreate(&child, K_USERACTOR),
      actorCreate(&bad, K_SYSTEMACTOR), actorCreate(&bad, K_SUPACTOR), actorCreate(&bad, 7));
  say("guest: child stat %d kind %d threads %d stopped %d\n", actorStat(&child, &as), as.kind,
      as.threads, as.stopped);
  KnThreadStart s = {sleeper, stack + sizeof stack, 0, 30};
  int li = -1;
  say("guest: threadCreate in the child (no memory yet) %d, li %d\n", threadCreate(&child, &li, K_ACTIVE, &s),
      li, 0, 0);
  bad = child;
  bad.key[0] ^= 1;
  say("guest: wrong key: actorStat %d, actorCreate to a bad pointer %d, actorStat to one %d, %d\n",
      actorStat(&bad, &as), actorCreate((KnCap *)0x80000000, K_USERACTOR),
      actorStat(&self, (KnActorStat *)0x00000004), actorStat((KnCap *)0x80000000, &as));
  say("guest: actorDelete child %d, then actorStat %d\n", actorDelete(&child), actorStat(&child, &as), 0, 0);

  semInit(&done, 0);
  say("guest: threadCreate sleeper %d\n", threadCreate(0, &li, K_ACTIVE, &s), 0, 0, 0);
  threadDelay(100);
  int me = threadSelf();
  int r = threadStat(0, &ts);
  say("guest: threadStat self %d li ok %d state %d priority %d\n", r, ts.li == me, ts.state, ts.priority);
  r = threadStat(li, &ts);
  say("guest: threadStat sleeper %d li ok %d state %d priority %d\n", r, ts.li == li, ts.state, ts.priority);
  threadScheduler(li, 20, -1);
  r = threadStat(li, &ts);
  say("guest: after threadScheduler %d priority %d base %d\n", r, ts.priority, ts.basePriority, 0);
  say("guest: threadStat unknown %d, bad pointer %d\n", threadStat(9999, &ts),
      threadStat(0, (KnThreadStat *)0x80000000), 0, 0);
  semV(&done);
  threadDelay(100);
  say("guest: sleeper gone: threadStat %d\n", threadStat(li, &ts), 0, 0, 0);

  say("guest: svExcHandler %d, svTrapConnect %d, svIntrConnect %d\n", svExcHandler(&self, 0, 0),
      svTrapConnect(5, 0, 0), svIntrConnect(3, 0, 0), 0);
  actorStat(&self, &as);
  say("guest: main exits, threads %d\n", as.threads, 0, 0, 0);
  threadDelete(0);
  return 0;
}
