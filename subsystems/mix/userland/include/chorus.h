/* <chorus.h>: guest wrappers for Chorus nucleus calls. The nucleus trap ABI is defined by
 * the nucleus issue; until it exists every wrapper returns K_ENOSYS without trapping
 * (documented in docs/userland.md). Codes keep the Chorus names. */
#ifndef _CHORUS_H
#define _CHORUS_H

#define K_OK 0
#define K_EINVAL (-1)
#define K_ENOPORT (-2)
#define K_ETIMEOUT (-3)
#define K_EABORT (-4)
#define K_ENOSYS (-38)

typedef struct {
  unsigned long ui_head;
  unsigned long ui_tail;
} KnUniqueId;

typedef struct {
  KnUniqueId ui;
  unsigned long key[2];
} KnCap;

typedef struct {
  unsigned int flags;
  void *annexAddr;
  void *bodyAddr;
  unsigned int bodySize;
} KnMsgDesc;

typedef struct {
  KnUniqueId target;
  int mode;
} KnIpcDest;

int actorSelf(KnCap *actor);
int threadSelf(void);
int portCreate(const KnCap *actor, KnUniqueId *port);
int portDelete(const KnCap *actor, const KnUniqueId *port);
int ipcSend(const KnMsgDesc *msg, const KnIpcDest *dest);
int ipcReceive(KnMsgDesc *msg, KnUniqueId *from, long delay);
int ipcCall(const KnMsgDesc *request, const KnIpcDest *dest, KnMsgDesc *reply, long delay);
int ipcReply(const KnMsgDesc *reply);
int sysTime(unsigned long *ticks);
/* Fills up to `max` actor/port/thread records for ps-like tools. */
int chorusSiteInfo(void *buf, unsigned int size);

#endif
