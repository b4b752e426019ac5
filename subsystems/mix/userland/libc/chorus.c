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

int chorusSiteInfo(void *buf, unsigned int size) {
  (void)buf;
  (void)size;
  return K_ENOSYS;
}
