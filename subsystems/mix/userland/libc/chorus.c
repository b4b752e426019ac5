/* Chorus nucleus call wrappers. The trap ABI for nucleus calls from guest code is defined
 * by the nucleus issue; until then each wrapper reports K_ENOSYS without trapping, so
 * programs can be written and built against <chorus.h> today. */
#include <chorus.h>

int actorSelf(KnCap *actor) {
  (void)actor;
  return K_ENOSYS;
}

int threadSelf(void) { return K_ENOSYS; }

int portCreate(const KnCap *actor, KnUniqueId *port) {
  (void)actor;
  (void)port;
  return K_ENOSYS;
}

int portDelete(const KnCap *actor, const KnUniqueId *port) {
  (void)actor;
  (void)port;
  return K_ENOSYS;
}

int ipcSend(const KnMsgDesc *msg, const KnIpcDest *dest) {
  (void)msg;
  (void)dest;
  return K_ENOSYS;
}

int ipcReceive(KnMsgDesc *msg, KnUniqueId *from, long delay) {
  (void)msg;
  (void)from;
  (void)delay;
  return K_ENOSYS;
}

int ipcCall(const KnMsgDesc *request, const KnIpcDest *dest, KnMsgDesc *reply, long delay) {
  (void)request;
  (void)dest;
  (void)reply;
  (void)delay;
  return K_ENOSYS;
}

int ipcReply(const KnMsgDesc *reply) {
  (void)reply;
  return K_ENOSYS;
}

int sysTime(unsigned long *ticks) {
  (void)ticks;
  return K_ENOSYS;
}

int chorusSiteInfo(void *buf, unsigned int size) {
  (void)buf;
  (void)size;
  return K_ENOSYS;
}
