/* The guest side of the guest-to-native ipcCall benchmark (bench/ipc.bench.ts): null calls to
 * the server declared under stamp 4243 until a reply carries a body (the server's "stop"). */
#include <chorus.h>
#include <string.h>

int main(void) {
  KnIpcDest server;
  KnMsgDesc request, reply;
  char stop[4];
  memset(&server, 0, sizeof server);
  uiBuild(4243, &server.target);
  memset(&request, 0, sizeof request);
  for (;;) {
    memset(&reply, 0, sizeof reply);
    reply.bodyAddr = stop;
    reply.bodySize = sizeof stop;
    if (ipcCall(&request, &server, &reply, K_NOTIMEOUT) != 0 || reply.bodySize != 0) break;
  }
  threadDelete(0);
  return 0;
}
