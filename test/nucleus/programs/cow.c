/* Copy-on-write isolation after rgnDup (test/nucleus/vm-guest.test.ts): a user actor forks by
 * hand. It fills a page-aligned static buffer with a pattern, makes an empty user actor,
 * duplicates its address space into it with rgnDup and starts a thread there on the same code
 * at the same addresses (its stack is a static array, so it lives in the child's copy). Parent
 * and child then write different bytes at the same offsets of the same pages, round after
 * round, on the site's two CPUs at once; each checks that it sees its own writes and the
 * pre-fork pattern everywhere else. The child reports to a port of the parent whose UI it reads
 * from its copy of the parent's memory; the parent prints both verdicts and deletes the child.
 *
 * Each side writes offsets n * 97 mod 4096 (n = round * WRITES + k) of every page: 97 is odd,
 * so no offset is written twice and the byte expected at any offset follows from the offset
 * alone, without a second buffer that copy-on-write would have to keep apart as well. */
#include <chorus.h>
#include <stdio.h>
#include <string.h>

#define PAGE 4096
#define PAGES 4
#define ROUNDS 24
#define WRITES 16
#define STRIDE 97
#define STACK_BYTES 16384

static unsigned char buffer[PAGES * PAGE] __attribute__((aligned(PAGE)));
static char childStack[STACK_BYTES] __attribute__((aligned(8)));
/* The parent's port, set before the fork: the child finds it in its copy. */
static KnUniqueId parentPort;
/* The inverse of STRIDE modulo PAGE, set before the fork. */
static unsigned inverse;

static void say(const char *fmt, int a, int b, int c, int d) {
  char line[160];
  int n = snprintf(line, sizeof line, fmt, a, b, c, d);
  consoleWrite(line, (unsigned)n);
}

static unsigned char pattern(unsigned i) { return (unsigned char)(i * 13 + i / PAGE * 7 + 5); }

/* What side 0 (parent) or 1 (child) writes in round r: the sides differ in the top bit. */
static unsigned char mark(int side, unsigned r) { return (unsigned char)((side ? 0x40 : 0xc0) | (r & 0x3f)); }

/* The byte `side` expects at offset i of the buffer once rounds [0, done) are written. */
static unsigned char expected(int side, unsigned i, unsigned done) {
  unsigned n = (i % PAGE) * inverse % PAGE;
  return n < done * WRITES ? mark(side, n / WRITES) : pattern(i);
}

/* Round r of `side`: writes its mark at WRITES new offsets of every page, then checks every
 * offset written so far. Returns the number of bytes that were not its own. */
static int round_(int side, unsigned r) {
  for (unsigned p = 0; p < PAGES; p++)
    for (unsigned k = 0; k < WRITES; k++) buffer[p * PAGE + (r * WRITES + k) * STRIDE % PAGE] = mark(side, r);
  int bad = 0;
  for (unsigned p = 0; p < PAGES; p++)
    for (unsigned n = 0; n < (r + 1) * WRITES; n++)
      bad += buffer[p * PAGE + n * STRIDE % PAGE] != mark(side, n / WRITES);
  return bad;
}

/* Every round, then a check of every byte of the buffer. threadSelf between rounds is a point
 * where the test sees which CPU each side runs on. */
static int rounds(int side) {
  int bad = 0;
  for (unsigned r = 0; r < ROUNDS; r++) {
    bad += round_(side, r);
    threadSelf();
  }
  for (unsigned i = 0; i < sizeof buffer; i++) bad += buffer[i] != expected(side, i, ROUNDS);
  return bad;
}

static void sendWord(int word) {
  KnMsgDesc m;
  KnIpcDest dest;
  memset(&m, 0, sizeof m);
  memset(&dest, 0, sizeof dest);
  dest.target = parentPort;
  m.bodyAddr = &word;
  m.bodySize = sizeof word;
  ipcSend(&m, 0, &dest);
}

static int receiveWord(int li) {
  KnMsgDesc m;
  int word = -1;
  memset(&m, 0, sizeof m);
  m.bodyAddr = &word;
  m.bodySize = sizeof word;
  return ipcReceive(&m, &li, K_NOTIMEOUT) == 0 ? word : -1000;
}

/* The child's thread, in the child actor: ready, its rounds, its verdict. */
static void child(void *arg) {
  sendWord((int)(long)arg);
  int bad = rounds(1);
  say("cow child: %d rounds of %d writes per page, %d bytes not its own\n", ROUNDS, WRITES, bad, 0);
  sendWord(bad);
  threadDelete(0);
}

int main(void) {
  KnCap self, kid;
  KnRgnStat st;
  actorSelf(&self);
  while (STRIDE * inverse % PAGE != 1) inverse++;
  for (unsigned i = 0; i < sizeof buffer; i++) buffer[i] = pattern(i);

  unsigned long at = (unsigned long)buffer;
  int r = rgnStat(0, at, &st);
  say("cow: rgnStat of the buffer %d, kind %d, writable %d, covers it %d\n", r, st.kind,
      (int)(st.options & K_WRITABLE), st.start <= at && st.start + st.size >= at + sizeof buffer);
  say("cow: resident pages of its region >= %d: %d\n", PAGES, st.resident >= PAGES, 0, 0);
  int li = portCreate(&self, &parentPort);
  r = actorCreate(&kid, K_USERACTOR);
  say("cow: portCreate li %d, actorCreate %d\n", li, r, 0, 0);
  KnThreadStart start = {child, childStack + STACK_BYTES, (void *)7, 50};
  int tli = -1;
  say("cow: threadCreate into the empty child %d\n", threadCreate(&kid, &tli, K_ACTIVE, &start), 0, 0, 0);
  r = rgnDup(0, &kid);
  say("cow: rgnDup %d, again into the no longer empty child %d\n", r, rgnDup(0, &kid), 0, 0);
  r = rgnStat(&kid, at, &st);
  say("cow: child's rgnStat %d, kind %d, covers it %d, resident %d\n", r, st.kind,
      st.start <= at && st.start + st.size >= at + sizeof buffer, st.resident);
  say("cow: threadCreate into the child %d\n", threadCreate(&kid, &tli, K_ACTIVE, &start), 0, 0, 0);
  say("cow: the child is ready: %d\n", receiveWord(li), 0, 0, 0);

  int bad = rounds(0);
  int childBad = receiveWord(li);
  say("cow parent: %d rounds of %d writes per page, %d bytes not its own; the child reports %d\n", ROUNDS,
      WRITES, bad, childBad);
  r = rgnStat(&kid, at, &st);
  say("cow: child's rgnStat after %d, resident pages >= %d: %d\n", r, PAGES, st.resident >= PAGES, 0);
  KnActorStat as;
  r = actorDelete(&kid);
  say("cow: actorDelete child %d, then actorStat %d\n", r, actorStat(&kid, &as), 0, 0);
  say("cow: done\n", 0, 0, 0, 0);
  threadDelete(0);
  return 0;
}
