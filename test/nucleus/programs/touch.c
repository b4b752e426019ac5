/* A page-fault loop for bench/vm.bench.ts: asks a native controller (port under stamp 4245)
 * what to do, makes one region of `pages` fresh pages and touches one word of each, so every
 * touch is one page fault, then tells the controller it is done (the controller may then act
 * on this actor's memory, e.g. rgnDup it, before it replies).
 *
 * Reply annex from the controller: word 0 the mode, word 1 the page count (big-endian words,
 * as this site stores them).
 *   mode 1: rgnAllocate anonymous memory and write a word per page (zero-fill faults);
 *   mode 2: rgnMap a window of segment key 1 of the mapper under stamp 4246 and read a word
 *           per page (each fault pulls the page in from that mapper);
 *   mode 3: as mode 1, then rgnDup this actor into a new one and write a word of each page
 *           again (copy-on-write faults: each page is copied).
 * The done request's annex carries the sum of the words read (mode 2) or written (mode 1). */
#include <chorus.h>
#include <string.h>

#define PAGE 4096
#define CONTROLLER_STAMP 4245
#define MAPPER_STAMP 4246
#define MODE_ANON 1
#define MODE_MAPPED 2
#define MODE_COW 3

static KnIpcDest controller;
static unsigned long request[K_CMSGANNEXSIZE / sizeof(unsigned long)];
static unsigned long reply[K_CMSGANNEXSIZE / sizeof(unsigned long)];

/* One call to the controller with `word` in the request annex; the reply lands in `reply`. */
static int ask(unsigned long word) {
  KnMsgDesc out, in;
  memset(&out, 0, sizeof out);
  memset(&in, 0, sizeof in);
  request[0] = word;
  out.annexAddr = request;
  in.annexAddr = reply;
  return ipcCall(&out, &controller, &in, K_NOTIMEOUT);
}

int main(void) {
  uiBuild(CONTROLLER_STAMP, &controller.target);
  if (ask(0) != 0) return 1;
  unsigned long mode = reply[0], pages = reply[1], sum = 0;
  KnRgnDesc desc = {0, pages * PAGE, K_ANYWHERE, 0, 0, 0};
  if (mode == MODE_ANON || mode == MODE_COW) {
    desc.options |= K_WRITABLE;
    if (rgnAllocate(0, &desc) != 0) return 1;
    volatile unsigned long *at = (unsigned long *)desc.startAddr;
    for (unsigned long p = 0; p < pages; p++) {
      at[p * (PAGE / sizeof *at)] = p;
      sum += p;
    }
    if (mode == MODE_COW) {
      KnCap kid;
      if (actorCreate(&kid, K_USERACTOR) != 0 || rgnDup(0, &kid) != 0) return 1;
      for (unsigned long p = 0; p < pages; p++) at[p * (PAGE / sizeof *at)] = p;
    }
  } else if (mode == MODE_MAPPED) {
    KnObjDesc segment;
    memset(&segment, 0, sizeof segment);
    uiBuild(MAPPER_STAMP, &segment.segCap.ui);
    segment.segCap.key[0] = 1;
    if (rgnMap(0, &desc, &segment) != 0) return 1;
    volatile unsigned long *at = (unsigned long *)desc.startAddr;
    for (unsigned long p = 0; p < pages; p++) sum += at[p * (PAGE / sizeof *at)];
  }
  ask(sum);
  threadDelete(0);
  return 0;
}
