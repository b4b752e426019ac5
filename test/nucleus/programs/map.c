/* A C program mapping a segment whose mapper is written in TypeScript
 * (test/nucleus/vm-guest.test.ts). The mapper declared its port under a well-known UI (stamp
 * 4244) and serves segment key 7: four pages, page i starting with the text "segment 7 page i"
 * and its NUL, then bytes (i * 31 + j) & 0xff at offsets j past them. The program maps three
 * pages read-only (rgnMap) and checks every byte, makes a private copy (rgnInit) that it writes
 * and reads back while the shared mapping stays as it was, then starts a thread that writes to
 * the read-only mapping and another that reads past the segment's end: both are stopped with a
 * fault, and the program goes on. */
#include <chorus.h>
#include <stdio.h>
#include <string.h>

#define PAGE 4096
#define MAPPER_STAMP 4244
#define SEGMENT_KEY 7
#define STACK_BYTES 8192

static char stacks[2][STACK_BYTES] __attribute__((aligned(8)));
static KnSem finished;
static KnObjDesc segment;

static void say(const char *fmt, long a, long b, long c, long d) {
  char line[200];
  int n = snprintf(line, sizeof line, fmt, a, b, c, d);
  consoleWrite(line, (unsigned)n);
}

/* Bytes from offset `from` of each of `pages` pages at `at` (segment pages from `first`) that
 * differ from what the mapper puts at offset j of page i: the page's text and its NUL, then
 * (i * 31 + j) & 0xff. */
static int differencesFrom(const unsigned char *at, unsigned first, unsigned pages, unsigned from) {
  int bad = 0;
  for (unsigned p = 0; p < pages; p++) {
    unsigned i = first + p;
    char text[32];
    unsigned n = (unsigned)snprintf(text, sizeof text, "segment %d page %u", SEGMENT_KEY, i);
    for (unsigned j = from; j < PAGE; j++)
      bad += at[p * PAGE + j] != (j <= n ? (unsigned char)text[j] : (unsigned char)(i * 31 + j));
  }
  return bad;
}

static int differences(const unsigned char *at, unsigned first, unsigned pages) {
  return differencesFrom(at, first, pages, 0);
}

/* Writes to the read-only mapping at `arg`: the store faults and the thread is stopped. */
static void scribbler(void *arg) {
  volatile unsigned char *shared = arg;
  say("map: a thread writes to the read-only mapping\n", 0, 0, 0, 0);
  shared[100] = 1;
  say("map: the write went through\n", 0, 0, 0, 0);
  semV(&finished);
  threadDelete(0);
}

/* Reads page 3 (the last) of a window at segment page 3, then page 4, which the mapper refuses. */
static void overreader(void *arg) {
  volatile unsigned char *window = arg;
  say("map: a thread reads segment page 3: %s\n", (long)window, 0, 0, 0);
  say("map: and then page 4\n", 0, 0, 0, 0);
  say("map: page 4 read %d\n", window[PAGE], 0, 0, 0);
  semV(&finished);
  threadDelete(0);
}

int main(void) {
  KnRgnStat st;
  KnRgnDesc shared = {0, 3 * PAGE, K_ANYWHERE, 0, 0, 0};
  memset(&segment, 0, sizeof segment);
  uiBuild(MAPPER_STAMP, &segment.segCap.ui);
  segment.segCap.key[0] = SEGMENT_KEY;

  int r = rgnMap(0, &shared, &segment);
  unsigned char *s = (unsigned char *)shared.startAddr;
  say("map: rgnMap of 3 pages read-only %d at 0x%lx\n", r, (long)s, 0, 0);
  unsigned sum = 0;
  for (unsigned i = 0; i < 3 * PAGE; i++) sum += s[i];
  say("map: checksum 0x%lx, bytes unlike the mapper's %d\n", (long)sum, differences(s, 0, 3), 0, 0);
  for (unsigned p = 0; p < 3; p++) say("map: page %d says \"%s\"\n", (long)p, (long)(s + p * PAGE), 0, 0);
  r = rgnStat(0, (unsigned long)s, &st);
  say("map: rgnStat %d kind %d size %ld resident %d\n", r, st.kind, (long)st.size, st.resident);

  /* A private copy of the same window: first reads come from the site's cache of the segment. */
  KnRgnDesc copy = {0, 3 * PAGE, K_ANYWHERE | K_WRITABLE, 0, 0, 0};
  r = rgnInit(0, &copy, &segment);
  unsigned char *c = (unsigned char *)copy.startAddr;
  say("map: rgnInit of 3 pages %d, bytes unlike the mapper's %d\n", r, differences(c, 0, 3), 0, 0);
  for (unsigned p = 0; p < 3; p++) snprintf((char *)c + p * PAGE, 32, "private page %u", p);
  int own = 0;
  for (unsigned p = 0; p < 3; p++) {
    char text[32];
    snprintf(text, sizeof text, "private page %u", p);
    own += strcmp((char *)c + p * PAGE, text) == 0;
  }
  say("map: wrote the copy: %d pages read back, bytes past offset 32 unlike the mapper's %d\n", own,
      differencesFrom(c, 0, 3, 32), 0, 0);
  say("map: the shared mapping after: bytes unlike the mapper's %d, page 0 says \"%s\"\n",
      differences(s, 0, 3), (long)s, 0, 0);
  r = rgnStat(0, (unsigned long)c, &st);
  say("map: rgnStat of the copy %d kind %d resident %d\n", r, st.kind, st.resident, 0);

  /* A thread writing to the read-only mapping is stopped; nobody posts `finished`. */
  semInit(&finished, 0);
  int li;
  KnThreadStart one = {scribbler, stacks[0] + STACK_BYTES, s, 40};
  threadCreate(0, &li, K_ACTIVE, &one);
  say("map: semP after the scribbler: %d\n", semP(&finished, 2000), 0, 0, 0);

  /* A window at segment page 3 of two pages: page 4 is past the segment's end. */
  KnRgnDesc tail = {0, 2 * PAGE, K_ANYWHERE, 0, 0, 0};
  KnObjDesc at3 = segment;
  at3.offset = 3 * PAGE;
  r = rgnMap(0, &tail, &at3);
  say("map: rgnMap of 2 pages from segment page 3: %d\n", r, 0, 0, 0);
  KnThreadStart two = {overreader, stacks[1] + STACK_BYTES, (void *)tail.startAddr, 40};
  threadCreate(0, &li, K_ACTIVE, &two);
  say("map: semP after the overreader: %d\n", semP(&finished, 2000), 0, 0, 0);
  say("map: page 3 is all the mapper's: %d\n", differences((unsigned char *)tail.startAddr, 3, 1) == 0, 0, 0, 0);
  say("map: done\n", 0, 0, 0, 0);
  threadDelete(0);
  return 0;
}
