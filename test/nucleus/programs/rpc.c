/* A C client of a TypeScript server (test/nucleus/guest-ipc.test.ts): a user actor that finds
 * the server by a well-known UI (uiBuild of a stamp the server declared its port with) and
 * makes RPCs through <chorus.h>: null calls, echo calls with bodies up to 64 KiB, calls from two
 * threads at once, each error case of ipcCall, and a message the server sends to the client's
 * own port. Every line it prints is a pure function of the program and the server's protocol.
 *
 * Protocol (annex byte 0 is the operation):
 *   'n' null: empty reply.                 'e' echo: body reversed, annex "len=N".
 *   's' sleep: replies after 2000 us.      'p' post: sends "hello" to the port whose UI is in
 *                                              annex bytes 8..15, then replies. */
#include <chorus.h>
#include <stdio.h>
#include <string.h>

#define SERVER_STAMP 4242
#define CALLERS 2
#define CALLS_EACH 20
#define STACK_BYTES 8192

static KnIpcDest server;
static char annex[K_CMSGANNEXSIZE];
static char reply_annex[K_CMSGANNEXSIZE];
static char body[65536 + 16];
static char reply_body[65536 + 16];
static char stacks[CALLERS][STACK_BYTES] __attribute__((aligned(8)));
static KnSem finished;
static int matched[CALLERS];

static void say(const char *fmt, int a, int b) {
  char line[160];
  int n = snprintf(line, sizeof line, fmt, a, b);
  consoleWrite(line, (unsigned)n);
}

static void describe(KnMsgDesc *d, void *annexAddr, void *bodyAddr, unsigned size) {
  memset(d, 0, sizeof *d);
  d->annexAddr = annexAddr;
  d->bodyAddr = bodyAddr;
  d->bodySize = size;
}

/* One echo call with `size` bytes of a pattern seeded by `seed`; 1 when the reply is right. */
static int echo(int size, int seed, char *a, char *b, char *ra, char *rb) {
  KnMsgDesc request, reply;
  memset(a, 0, K_CMSGANNEXSIZE);
  a[0] = 'e';
  for (int i = 0; i < size; i++) b[i] = (char)(seed + i * 7);
  describe(&request, a, b, (unsigned)size);
  describe(&reply, ra, rb, 65536);
  if (ipcCall(&request, &server, &reply, K_NOTIMEOUT) != 0) return 0;
  char expect[32];
  snprintf(expect, sizeof expect, "len=%d", size);
  if (strcmp(ra, expect) != 0 || reply.bodySize != (unsigned)size) return 0;
  for (int i = 0; i < size; i++)
    if (rb[i] != b[size - 1 - i]) return 0;
  return 1;
}

/* A second client thread: its own buffers, CALLS_EACH echo calls. */
static void caller(void *arg) {
  int index = (int)(long)arg;
  static char a[CALLERS][K_CMSGANNEXSIZE], ra[CALLERS][K_CMSGANNEXSIZE];
  static char b[CALLERS][2048], rb[CALLERS][65536];
  for (int i = 0; i < CALLS_EACH; i++) matched[index] += echo(100 + 50 * i, index * 31 + i, a[index], b[index], ra[index], rb[index]);
  semV(&finished);
  threadDelete(0);
}

int main(void) {
  KnCap self;
  KnMsgDesc request, reply;
  actorSelf(&self);
  say("client: uiBuild %d\n", uiBuild(SERVER_STAMP, &server.target), 0);

  /* Null calls. */
  int ok = 0;
  for (int i = 0; i < 10; i++) {
    memset(annex, 0, sizeof annex);
    annex[0] = 'n';
    describe(&request, annex, 0, 0);
    describe(&reply, reply_annex, reply_body, sizeof reply_body);
    ok += ipcCall(&request, &server, &reply, K_NOTIMEOUT) == 0 && reply.bodySize == 0;
  }
  say("client: 10 null calls, %d replied\n", ok, 0);

  /* Echo calls with growing bodies, up to the 64 KiB limit. */
  ok = 0;
  int sizes[] = {0, 1, 100, 4095, 4096, 4097, 30000, 65536};
  for (int i = 0; i < 8; i++) ok += echo(sizes[i], i, annex, body, reply_annex, reply_body);
  say("client: 8 echo calls from 0 to 65536 bytes, %d matched\n", ok, 0);

  /* Two threads calling at once (the site has two CPUs). */
  semInit(&finished, 0);
  for (int i = 0; i < CALLERS; i++) {
    KnThreadStart s = {caller, stacks[i] + STACK_BYTES, (void *)(long)i, 40};
    int li;
    threadCreate(0, &li, K_ACTIVE, &s);
  }
  for (int i = 0; i < CALLERS; i++) semP(&finished, K_NOTIMEOUT);
  say("client: two threads made %d calls, %d matched\n", CALLERS * CALLS_EACH, matched[0] + matched[1]);

  /* The error cases of ipcCall. */
  KnIpcDest nobody;
  memset(&nobody, 0, sizeof nobody);
  uiBuild(999, &nobody.target);
  describe(&request, 0, 0, 0);
  describe(&reply, 0, 0, 0);
  say("client: call to a port nobody declared: %d\n", ipcCall(&request, &nobody, &reply, 1000), 0);
  describe(&request, (void *)0x10, 0, 0);
  say("client: call with a bad annex pointer: %d\n", ipcCall(&request, &server, &reply, 1000), 0);
  describe(&request, 0, body, 65537);
  say("client: call with a 65537-byte body: %d\n", ipcCall(&request, &server, &reply, 1000), 0);
  memset(annex, 0, sizeof annex);
  annex[0] = 'e';
  describe(&request, annex, body, 3000);
  describe(&reply, reply_annex, reply_body, 100);
  say("client: reply body of 3000 bytes into a 100-byte buffer: %d (size %d)\n",
      ipcCall(&request, &server, &reply, K_NOTIMEOUT), (int)reply.bodySize);
  annex[0] = 's';
  describe(&request, annex, 0, 0);
  describe(&reply, reply_annex, 0, 0);
  say("client: call timing out before a 2000 us reply: %d\n", ipcCall(&request, &server, &reply, 500), 0);
  annex[0] = 'n';
  say("client: the next call gets its own reply: %d\n", ipcCall(&request, &server, &reply, K_NOTIMEOUT), 0);

  /* The server posts a message to a port of ours; we receive it. */
  KnUniqueId mine;
  int li = portCreate(&self, &mine);
  memset(annex, 0, sizeof annex);
  annex[0] = 'p';
  memcpy(annex + 8, &mine, sizeof mine);
  describe(&request, annex, 0, 0);
  describe(&reply, reply_annex, 0, 0);
  say("client: portCreate li %d, post call %d\n", li, ipcCall(&request, &server, &reply, K_NOTIMEOUT));
  int from = li;
  memset(reply_body, 0, 64);
  describe(&reply, reply_annex, reply_body, 64);
  int got = ipcReceive(&reply, &from, 1000);
  say("client: ipcReceive %d from li %d", got, from);
  say(", %d bytes: ", (int)reply.bodySize, 0);
  consoleWrite(reply_body, reply.bodySize);
  consoleWrite("\n", 1);
  KnMsgHead head;
  say("client: ipcSysInfo %d, seqNum %d\n", ipcSysInfo(&head), (int)head.seqNum);
  say("client: ipcReceive on an empty port: %d\n", ipcReceive(&reply, &from, K_NOBLOCK), 0);
  say("client: ipcReceive with a bad descriptor: %d\n", ipcReceive((KnMsgDesc *)0x10, &from, K_NOBLOCK), 0);
  say("client: done\n", 0, 0);
  threadDelete(0);
  return 0;
}
