/* Paging under memory pressure (test/nucleus/vm-swap.test.ts): the site has fewer page frames
 * than this program touches, so its anonymous pages go out to the default mapper's swap and
 * come back. Each page gets a pattern of its own; every byte is checked after all were written,
 * twice, and a page is rewritten in between to check a page that came back can go out again.
 * Last, a nucleus call is given a buffer on a page that is out on swap. */
#include <chorus.h>
#include <stdio.h>

#define PAGES 96
#define PAGE 4096

static void say(const char *fmt, int a, int b) {
  char line[128];
  int n = snprintf(line, sizeof line, fmt, a, b);
  consoleWrite(line, (unsigned)n);
}

static unsigned char expected(int page, int offset, int round) {
  return (unsigned char)(page * 7 + offset * 13 + round * 101);
}

/* Writes round `round`'s pattern into every page. */
static void fill(unsigned char *base, int round) {
  for (int p = 0; p < PAGES; p++)
    for (int i = 0; i < PAGE; i++) base[p * PAGE + i] = expected(p, i, round);
}

/* The number of pages whose every byte is right. */
static int check(const unsigned char *base, int round) {
  int good = 0;
  for (int p = 0; p < PAGES; p++) {
    int ok = 1;
    for (int i = 0; i < PAGE && ok; i++) ok = base[p * PAGE + i] == expected(p, i, round);
    good += ok;
  }
  return good;
}

int main(void) {
  KnRgnDesc region = {0, PAGES * PAGE, K_ANYWHERE | K_WRITABLE, 0, 0, 0};
  say("swap: rgnAllocate %d, %d pages\n", rgnAllocate(0, &region), PAGES);
  unsigned char *base = (unsigned char *)region.startAddr;
  fill(base, 0);
  say("swap: first pass, %d of %d pages right\n", check(base, 0), PAGES);
  say("swap: second pass, %d of %d pages right\n", check(base, 0), PAGES);
  fill(base, 1);
  say("swap: rewritten, %d of %d pages right\n", check(base, 1), PAGES);
  /* A nucleus call whose buffer is out on swap: the page is brought in for it. */
  const char note[] = "swap: this line was read from a page out on swap\n";
  for (unsigned i = 0; i < sizeof note - 1; i++) base[i] = (unsigned char)note[i];
  volatile unsigned char *touch = base;
  for (int p = 1; p < PAGES; p++) (void)touch[p * PAGE]; /* pushes page 0 out */
  say("swap: consoleWrite from it gives %d\n", consoleWrite((const char *)base, sizeof note - 1), 0);
  KnRgnStat stat;
  rgnStat(0, region.startAddr, &stat);
  say("swap: fewer pages resident than the region has: %d\n", stat.resident < PAGES, 0);
  threadDelete(0);
  return 0;
}
