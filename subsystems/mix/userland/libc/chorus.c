/* Chorus nucleus call wrappers over the nucleus trap (docs/abi.md). Each wrapper passes its
 * call number and up to four word arguments to __kn_call; the numbers match GUEST_CALLS in
 * nucleus/guest-abi.ts. */
#include <chorus.h>

enum {
  KN_ACTOR_SELF = 1,
  KN_ACTOR_DELETE = 2,
  KN_ACTOR_STOP = 3,
  KN_ACTOR_START = 4,
  KN_ACTOR_CREATE = 5,
  KN_ACTOR_STAT = 6,
  KN_THREAD_SELF = 10,
  KN_THREAD_CREATE = 11,
  KN_THREAD_DELETE = 12,
  KN_THREAD_SUSPEND = 13,
  KN_THREAD_RESUME = 14,
  KN_THREAD_ACTIVATE = 15,
  KN_THREAD_ABORT = 16,
  KN_THREAD_ABORTED = 17,
  KN_THREAD_DELAY = 18,
  KN_THREAD_SCHEDULER = 19,
  KN_THREAD_STAT = 20,
  KN_SEM_INIT = 30,
  KN_SEM_P = 31,
  KN_SEM_V = 32,
  KN_MUTEX_INIT = 40,
  KN_MUTEX_GET = 41,
  KN_MUTEX_REL = 42,
  KN_MUTEX_TRY = 43,
  KN_EVENT_INIT = 50,
  KN_EVENT_POST = 51,
  KN_EVENT_CLEAR = 52,
  KN_EVENT_WAIT = 53,
  KN_TIMER_CREATE = 60,
  KN_TIMER_SET = 61,
  KN_TIMER_DELETE = 62,
  KN_SYS_TIME = 70,
  KN_CONSOLE_WRITE = 71,
  KN_SV_EXC_HANDLER = 80,
  KN_SV_TRAP_CONNECT = 81,
  KN_SV_INTR_CONNECT = 82,
  KN_SV_INTR_DISCONNECT = 84,
  KN_UI_LOCAL_SITE = 88,
  KN_UI_BUILD = 89,
  KN_PORT_CREATE = 90,
  KN_PORT_DECLARE = 91,
  KN_PORT_DELETE = 92,
  KN_PORT_ENABLE = 93,
  KN_PORT_DISABLE = 94,
  KN_PORT_MIGRATE = 95,
  KN_PORT_UI = 96,
  KN_PORT_LI = 97,
  KN_PORT_PI = 98,
  KN_GRP_ALLOCATE = 100,
  KN_GRP_PORT_INSERT = 101,
  KN_GRP_PORT_REMOVE = 102,
  KN_IPC_SEND = 110,
  KN_IPC_RECEIVE = 111,
  KN_IPC_CALL = 112,
  KN_IPC_REPLY = 113,
  KN_IPC_GET_DATA = 114,
  KN_IPC_SYS_INFO = 115,
  KN_IPC_SAVE = 116,
  KN_IPC_RESTORE = 117,
  KN_IPC_FORWARD = 118,
  KN_VM_PAGE_SIZE = 120,
  KN_RGN_ALLOCATE = 121,
  KN_RGN_FREE = 122,
  KN_RGN_SET_PROTECT = 123,
  KN_RGN_SET_INHERIT = 124,
  KN_RGN_MAP = 125,
  KN_RGN_INIT = 126,
  KN_RGN_MAP_FROM_ACTOR = 127,
  KN_RGN_INIT_FROM_ACTOR = 128,
  KN_RGN_DUP = 129,
  KN_RGN_STAT = 130,
  KN_SG_READ = 131,
  KN_SG_WRITE = 132,
};

#if defined(__mips__)
/* MIPS: `syscall 1`, number in v0, arguments a0..a3, result in v0. The nucleus clears a3; a
 * kernel that does not know the call (Linux, qemu-user, chorus exec) sets a3 = 1. */
static int __kn_call(int number, long a, long b, long c, long d) {
  register long v0 __asm__("$2") = number;
  register long a0 __asm__("$4") = a;
  register long a1 __asm__("$5") = b;
  register long a2 __asm__("$6") = c;
  register long a3 __asm__("$7") = d;
  __asm__ volatile("syscall 1"
                   : "+r"(v0), "+r"(a3)
                   : "r"(a0), "r"(a1), "r"(a2)
                   : "$3", "$8", "$9", "$10", "$11", "$12", "$13", "$14", "$15", "$24", "$25",
                     "hi", "lo", "memory");
  return a3 != 0 ? K_ENOSYS : (int)v0;
}
#else
/* Other families: the nucleus ABI is not implemented there yet. */
static int __kn_call(int number, long a, long b, long c, long d) {
  (void)number;
  (void)a;
  (void)b;
  (void)c;
  (void)d;
  return K_ENOSYS;
}
#endif

#if defined(__mips__)
/* arch/mips/handler.S: the return address of every guest handler; it hands the handler's v0 to
 * the nucleus as svTrapReturn. */
extern void __kn_handler_return(void);
#define KN_HANDLER_RETURN ((long)__kn_handler_return)
#else
#define KN_HANDLER_RETURN 0L
#endif

#define KN0(n) __kn_call((n), 0, 0, 0, 0)
#define KN1(n, a) __kn_call((n), (long)(a), 0, 0, 0)
#define KN2(n, a, b) __kn_call((n), (long)(a), (long)(b), 0, 0)
#define KN3(n, a, b, c) __kn_call((n), (long)(a), (long)(b), (long)(c), 0)
#define KN4(n, a, b, c, d) __kn_call((n), (long)(a), (long)(b), (long)(c), (long)(d))

int actorSelf(KnCap *actor) { return KN1(KN_ACTOR_SELF, actor); }
int actorDelete(const KnCap *actor) { return KN1(KN_ACTOR_DELETE, actor); }
int actorStop(const KnCap *actor) { return KN1(KN_ACTOR_STOP, actor); }
int actorStart(const KnCap *actor) { return KN1(KN_ACTOR_START, actor); }
int actorCreate(KnCap *actor, int kind) { return KN2(KN_ACTOR_CREATE, actor, kind); }
int actorStat(const KnCap *actor, KnActorStat *stat) { return KN2(KN_ACTOR_STAT, actor, stat); }

int threadSelf(void) { return KN0(KN_THREAD_SELF); }
int threadCreate(const KnCap *actor, int *li, int status, const KnThreadStart *start) {
  return KN4(KN_THREAD_CREATE, actor, li, status, start);
}
int threadDelete(int li) { return KN1(KN_THREAD_DELETE, li); }
int threadSuspend(int li) { return KN1(KN_THREAD_SUSPEND, li); }
int threadResume(int li) { return KN1(KN_THREAD_RESUME, li); }
int threadActivate(int li) { return KN1(KN_THREAD_ACTIVATE, li); }
int threadAbort(int li) { return KN1(KN_THREAD_ABORT, li); }
int threadAborted(void) { return KN0(KN_THREAD_ABORTED); }
int threadDelay(long micros) { return KN1(KN_THREAD_DELAY, micros); }
int threadScheduler(int li, int priority, long sliceMicros) {
  return KN3(KN_THREAD_SCHEDULER, li, priority, sliceMicros);
}
int threadStat(int li, KnThreadStat *stat) { return KN2(KN_THREAD_STAT, li, stat); }

int semInit(KnSem *sem, int count) { return KN2(KN_SEM_INIT, sem, count); }
int semP(KnSem *sem, long micros) { return KN2(KN_SEM_P, sem, micros); }
int semV(KnSem *sem) { return KN1(KN_SEM_V, sem); }
int mutexInit(KnMutex *mutex, int inherit) { return KN2(KN_MUTEX_INIT, mutex, inherit); }
int mutexGet(KnMutex *mutex) { return KN1(KN_MUTEX_GET, mutex); }
int mutexRel(KnMutex *mutex) { return KN1(KN_MUTEX_REL, mutex); }
int mutexTry(KnMutex *mutex) { return KN1(KN_MUTEX_TRY, mutex); }
int eventInit(KnEvent *event) { return KN1(KN_EVENT_INIT, event); }
int eventPost(KnEvent *event, unsigned int mask) { return KN2(KN_EVENT_POST, event, mask); }
int eventClear(KnEvent *event, unsigned int mask) { return KN2(KN_EVENT_CLEAR, event, mask); }
int eventWait(KnEvent *event, unsigned int mask, int mode, long micros) {
  return KN4(KN_EVENT_WAIT, event, mask, mode, micros);
}

int sysTime(unsigned long *micros) { return KN1(KN_SYS_TIME, micros); }
int timerCreate(KnTimer *timer, KnSem *notify) { return KN2(KN_TIMER_CREATE, timer, notify); }
int timerSet(KnTimer *timer, unsigned long delayMicros, unsigned long periodMicros) {
  return KN3(KN_TIMER_SET, timer, delayMicros, periodMicros);
}
int timerDelete(KnTimer *timer) { return KN1(KN_TIMER_DELETE, timer); }

int consoleWrite(const char *text, unsigned int len) { return KN2(KN_CONSOLE_WRITE, text, len); }

int svExcHandler(const KnCap *actor, KnExcHandler handler, void *stackTop) {
  return KN4(KN_SV_EXC_HANDLER, actor, handler, stackTop, KN_HANDLER_RETURN);
}
int svTrapConnect(int trap, KnTrapHandler handler, void *stackTop) {
  return KN4(KN_SV_TRAP_CONNECT, trap, handler, stackTop, KN_HANDLER_RETURN);
}
int svIntrConnect(int irq, KnIntrHandler handler, void *stackTop) {
  return KN4(KN_SV_INTR_CONNECT, irq, handler, stackTop, KN_HANDLER_RETURN);
}
int svIntrDisconnect(int id) { return KN1(KN_SV_INTR_DISCONNECT, id); }

int uiBuild(int stamp, KnUniqueId *ui) { return KN2(KN_UI_BUILD, stamp, ui); }
int uiLocalSite(KnUniqueId *site) { return KN1(KN_UI_LOCAL_SITE, site); }
int portCreate(const KnCap *actor, KnUniqueId *port) { return KN2(KN_PORT_CREATE, actor, port); }
int portDeclare(const KnCap *actor, const KnUniqueId *port) { return KN2(KN_PORT_DECLARE, actor, port); }
int portDelete(const KnCap *actor, int li) { return KN2(KN_PORT_DELETE, actor, li); }
int portEnable(const KnCap *actor, int li, int priority) { return KN3(KN_PORT_ENABLE, actor, li, priority); }
int portDisable(const KnCap *actor, int li) { return KN2(KN_PORT_DISABLE, actor, li); }
int portMigrate(const KnCap *from, int li, const KnCap *to, int keepMessages) {
  return KN4(KN_PORT_MIGRATE, from, li, to, keepMessages);
}
int portUi(const KnCap *actor, int li, KnUniqueId *port) { return KN3(KN_PORT_UI, actor, li, port); }
int portLi(const KnUniqueId *port) { return KN1(KN_PORT_LI, port); }
int portPi(const KnCap *actor, int li, const KnProtId *newPi, KnProtId *oldPi) {
  return KN4(KN_PORT_PI, actor, li, newPi, oldPi);
}
int grpAllocate(int kind, KnCap *group, int stamp) { return KN3(KN_GRP_ALLOCATE, kind, group, stamp); }
int grpPortInsert(const KnCap *group, const KnUniqueId *port) { return KN2(KN_GRP_PORT_INSERT, group, port); }
int grpPortRemove(const KnCap *group, const KnUniqueId *port) { return KN2(KN_GRP_PORT_REMOVE, group, port); }
int ipcSend(const KnMsgDesc *msg, int srcLi, const KnIpcDest *dest) { return KN3(KN_IPC_SEND, msg, srcLi, dest); }
int ipcReceive(KnMsgDesc *msg, int *li, long micros) { return KN3(KN_IPC_RECEIVE, msg, li, micros); }
int ipcCall(const KnMsgDesc *request, const KnIpcDest *dest, KnMsgDesc *reply, long micros) {
  return KN4(KN_IPC_CALL, request, dest, reply, micros);
}
int ipcReply(const KnMsgDesc *reply) { return KN1(KN_IPC_REPLY, reply); }
int ipcGetData(KnMsgDesc *msg) { return KN1(KN_IPC_GET_DATA, msg); }
int ipcSysInfo(KnMsgHead *head) { return KN1(KN_IPC_SYS_INFO, head); }
int ipcSave(void) { return KN0(KN_IPC_SAVE); }
int ipcRestore(int id) { return KN1(KN_IPC_RESTORE, id); }
int ipcForward(const KnIpcDest *dest) { return KN1(KN_IPC_FORWARD, dest); }

int vmPageSize(void) { return KN0(KN_VM_PAGE_SIZE); }
int rgnAllocate(const KnCap *actor, KnRgnDesc *desc) { return KN2(KN_RGN_ALLOCATE, actor, desc); }
int rgnFree(const KnCap *actor, const KnRgnDesc *desc) { return KN2(KN_RGN_FREE, actor, desc); }
int rgnSetProtect(const KnCap *actor, const KnRgnDesc *desc) { return KN2(KN_RGN_SET_PROTECT, actor, desc); }
int rgnSetInherit(const KnCap *actor, const KnRgnDesc *desc) { return KN2(KN_RGN_SET_INHERIT, actor, desc); }
int rgnMap(const KnCap *actor, KnRgnDesc *desc, const KnObjDesc *segment) {
  return KN3(KN_RGN_MAP, actor, desc, segment);
}
int rgnInit(const KnCap *actor, KnRgnDesc *desc, const KnObjDesc *segment) {
  return KN3(KN_RGN_INIT, actor, desc, segment);
}
int rgnMapFromActor(const KnCap *actor, KnRgnDesc *desc, const KnCap *source, unsigned long sourceStart) {
  return KN4(KN_RGN_MAP_FROM_ACTOR, actor, desc, source, sourceStart);
}
int rgnInitFromActor(const KnCap *actor, KnRgnDesc *desc, const KnCap *source, unsigned long sourceStart) {
  return KN4(KN_RGN_INIT_FROM_ACTOR, actor, desc, source, sourceStart);
}
int rgnDup(const KnCap *source, const KnCap *target) { return KN2(KN_RGN_DUP, source, target); }
int rgnStat(const KnCap *actor, unsigned long address, KnRgnStat *stat) {
  return KN3(KN_RGN_STAT, actor, address, stat);
}

int sgRead(const KnCap *segment, unsigned long offset, void *buffer, unsigned long size) {
  return KN4(KN_SG_READ, segment, offset, buffer, size);
}
int sgWrite(const KnCap *segment, unsigned long offset, const void *buffer, unsigned long size) {
  return KN4(KN_SG_WRITE, segment, offset, buffer, size);
}

int chorusSiteInfo(void *buf, unsigned int size) {
  (void)buf;
  (void)size;
  return K_ENOSYS;
}
