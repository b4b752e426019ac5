/* A guest program for the nucleus (test/nucleus/guest-interrupts.test.ts): a system actor that
 * connects a trap handler, an exception handler and an interrupt handler through <chorus.h>,
 * each an ordinary C function returning its value, and prints what they saw on the site
 * console. The interrupt (line 1) is raised by the test once the handler is connected. Built
 * with the userland library by build.sh; every line it prints is asserted as is. */
#include <chorus.h>
#include <stdio.h>

#define STACK_BYTES 4096
#define TRAP 9
#define LINE 1
/* An address no page of this actor maps. */
#define UNMAPPED 0x00400000

static char trapStack[STACK_BYTES] __attribute__((aligned(8)));
static char excStack[STACK_BYTES] __attribute__((aligned(8)));
static char intrStack[STACK_BYTES] __attribute__((aligned(8)));
static char victimStack[STACK_BYTES] __attribute__((aligned(8)));
static KnCap self;
static KnSem irqSeen;
static KnSem victimDone;
static int excCalls;
static int irqsSeen;
static int lastIrq;

static void say(const char *fmt, long a, long b, long c) {
  char line[160];
  int n = snprintf(line, sizeof line, fmt, a, b, c);
  consoleWrite(line, (unsigned)n);
}

/* Trap TRAP: the trapper gets the sum of its a0..a3 plus the trap number. */
static int addTrap(int trap, long *args) { return (int)(args[0] + args[1] + args[2] + args[3]) + trap; }

static long trapWith(long a, long b, long c, long d) {
  register long v0 __asm__("$2");
  register long a0 __asm__("$4") = a;
  register long a1 __asm__("$5") = b;
  register long a2 __asm__("$6") = c;
  register long a3 __asm__("$7") = d;
  __asm__ volatile("syscall %5" : "=r"(v0) : "r"(a0), "r"(a1), "r"(a2), "r"(a3), "i"(TRAP) : "memory");
  return v0;
}

static void victim(void *arg);

/* The first fault resumes the thread (it faults again at once), the second stops it. */
static int onFault(const KnExcRecord *fault) {
  excCalls++;
  unsigned long pc = fault->pc;
  int inVictim = pc >= (unsigned long)victim && pc < (unsigned long)victim + 64;
  say("guest: exception %ld: cause %ld, address 0x%lx", excCalls, fault->cause, (long)fault->badAddr);
  say(", own actor %ld, pc in the victim %ld\n", fault->actor == self.ui.ui_tail, inVictim, 0);
  return excCalls == 1 ? 0 : 1;
}

/* Reads an unmapped address. */
static void victim(void *arg) {
  (void)*(volatile int *)arg;
  semV(&victimDone); /* not reached */
  threadDelete(0);
}

static int onInterrupt(int irq) {
  lastIrq = irq;
  irqsSeen++;
  semV(&irqSeen);
  return 1;
}

int main(void) {
  actorSelf(&self);
  semInit(&irqSeen, 0);
  semInit(&victimDone, 0);

  int r = svTrapConnect(TRAP, addTrap, trapStack + STACK_BYTES);
  say("guest: svTrapConnect %ld, again %ld\n", r, svTrapConnect(TRAP, addTrap, trapStack + STACK_BYTES), 0);
  say("guest: trap %ld (1, 2, 3, 4) gives %ld\n", TRAP, trapWith(1, 2, 3, 4), 0);

  say("guest: svExcHandler %ld\n", svExcHandler(&self, onFault, excStack + STACK_BYTES), 0, 0);
  KnThreadStart start = {victim, victimStack + STACK_BYTES, (void *)UNMAPPED, 10};
  int li = 0;
  threadCreate(0, &li, K_ACTIVE, &start);
  say("guest: victim semP %ld, threadStat %ld\n", semP(&victimDone, 2000), threadStat(li, &(KnThreadStat){0}),
      0);
  say("guest: svExcHandler NULL %ld\n", svExcHandler(&self, 0, 0), 0, 0);

  int id = svIntrConnect(LINE, onInterrupt, intrStack + STACK_BYTES);
  say("guest: svIntrConnect gives an id %ld, bad line %ld\n", id > 0, svIntrConnect(99, onInterrupt, intrStack + STACK_BYTES), 0);
  r = semP(&irqSeen, 100000);
  say("guest: interrupt semP %ld, irq %ld, seen %ld\n", r, lastIrq, irqsSeen);
  r = svIntrDisconnect(id);
  say("guest: svIntrDisconnect %ld, again %ld\n", r, svIntrDisconnect(id), 0);
  say("guest: main exits\n", 0, 0, 0);
  threadDelete(0);
  return 0;
}
