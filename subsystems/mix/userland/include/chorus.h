/* <chorus.h>: guest wrappers for Chorus nucleus calls, with Chorus names and return codes.
 * The calls reach the nucleus through its trap ABI (docs/abi.md): on MIPS `syscall 1` with the
 * call number in v0 and arguments in a0..a3. Where no nucleus serves that trap (a Linux kernel,
 * qemu-user, `chorus exec`) and on families whose ABI is not implemented yet, every wrapper
 * returns K_ENOSYS. */
#ifndef _CHORUS_H
#define _CHORUS_H

/* Return codes: 0 or positive on success, negative K_E* on error (nucleus/errors.ts). */
#define K_OK 0
#define K_EINVAL (-1)
#define K_EUNKNOWN (-2)
#define K_EFAULT (-3)
#define K_EPRIV (-4)
#define K_ENOMEM (-5)
#define K_ETIMEOUT (-6)
#define K_EABORT (-7)
#define K_ENOPORT (-8)
#define K_EBUSY (-9)
#define K_ELINKFAILURE (-10)
#define K_ETOOMUCH (-11)
#define K_EFULL (-12)
#define K_ENOSYS (-38)

/* Timeouts in microseconds. */
#define K_NOTIMEOUT (-1)
#define K_NOBLOCK 0

/* threadCreate status. */
#define K_INACTIVE 0
#define K_ACTIVE 1

/* Actor kinds (actorCreate, KnActorStat.kind). */
#define K_USERACTOR 0
#define K_SYSTEMACTOR 1
#define K_SUPACTOR 2

/* Thread states (KnThreadStat.state). */
#define K_THREAD_READY 0
#define K_THREAD_RUNNING 1
#define K_THREAD_BLOCKED 2
#define K_THREAD_SUSPENDED 3

/* eventWait modes. */
#define K_EVENT_OR 0
#define K_EVENT_AND 1

typedef struct {
  unsigned long ui_head;
  unsigned long ui_tail;
} KnUniqueId;

typedef struct {
  KnUniqueId ui;
  unsigned long key[2];
} KnCap;

/* Synchronisation objects live in the nucleus; the record holds the nucleus's handle. */
typedef struct {
  int handle;
} KnSem;
typedef struct {
  int handle;
} KnMutex;
typedef struct {
  int handle;
} KnEvent;
typedef struct {
  int handle;
} KnTimer;

/* Where a new thread starts: entry(arg) on `stack` (its top), at `priority` (0 highest). */
typedef struct {
  void (*entry)(void *arg);
  void *stack;
  void *arg;
  int priority;
} KnThreadStart;

typedef struct {
  int kind;    /* K_USERACTOR, K_SYSTEMACTOR or K_SUPACTOR */
  int threads; /* how many threads it has */
  int stopped; /* 1 after actorStop */
} KnActorStat;

typedef struct {
  int li;
  int state;        /* K_THREAD_* */
  int priority;     /* effective (raised by priority inheritance) */
  int basePriority; /* as set by threadCreate / threadScheduler */
} KnThreadStat;

/* Actors (a NULL capability is not accepted: use actorSelf first). */
int actorSelf(KnCap *actor);
int actorDelete(const KnCap *actor);
int actorStop(const KnCap *actor);
int actorStart(const KnCap *actor);
/* A new actor of `kind` with no memory: give it regions (rgnAllocate, rgnDup...) before
 * threadCreate into it (K_EINVAL until then). A user actor may create only user actors. */
int actorCreate(KnCap *actor, int kind);
int actorStat(const KnCap *actor, KnActorStat *stat);

/* Threads: LI 0 names the caller. threadCreate's actor NULL means the caller's actor. */
int threadSelf(void);
int threadCreate(const KnCap *actor, int *li, int status, const KnThreadStart *start);
int threadDelete(int li);
int threadSuspend(int li);
int threadResume(int li);
int threadActivate(int li);
int threadAbort(int li);
int threadAborted(void);
int threadDelay(long micros);
/* Returns the old priority; priority or slice -1 leaves it unchanged (slice in µs, 0 none). */
int threadScheduler(int li, int priority, long sliceMicros);
int threadStat(int li, KnThreadStat *stat);

/* Synchronisation. */
int semInit(KnSem *sem, int count);
int semP(KnSem *sem, long micros);
int semV(KnSem *sem);
int mutexInit(KnMutex *mutex, int inherit);
int mutexGet(KnMutex *mutex);
int mutexRel(KnMutex *mutex);
int mutexTry(KnMutex *mutex);
int eventInit(KnEvent *event);
int eventPost(KnEvent *event, unsigned int mask);
int eventClear(KnEvent *event, unsigned int mask);
/* Returns the flags seen (>= 0) or an error; mode K_EVENT_OR or K_EVENT_AND. */
int eventWait(KnEvent *event, unsigned int mask, int mode, long micros);

/* Time: timers notify by semV(notify) at each expiry; delay 0 disarms, period 0 is one-shot. */
int sysTime(unsigned long *micros);
int timerCreate(KnTimer *timer, KnSem *notify);
int timerSet(KnTimer *timer, unsigned long delayMicros, unsigned long periodMicros);
int timerDelete(KnTimer *timer);

/* Text to the site console (len up to 4096 bytes). */
int consoleWrite(const char *text, unsigned int len);

/* Supervisor calls (system and supervisor actors; K_EPRIV from a user actor). A handler is
 * guest code of the calling actor run on its own stack, `stackTop` (8-aligned; one stack serves
 * one run at a time): the library passes its return stub, so a handler returns its value like
 * any C function (docs/abi.md, "Handlers in guest code"). */

/* A trap handler runs on the trapping thread: `args` holds the trapper's a0..a3; the value it
 * returns is the trapper's result (v0). One handler per trap number per site (K_EBUSY). */
typedef int (*KnTrapHandler)(int trap, long *args);

/* What an exception handler is told about the fault, as the nucleus writes it. */
typedef struct {
  unsigned long actor;   /* serial of the faulting thread's actor (KnCap ui.ui_tail) */
  unsigned long badAddr; /* the bad address of an address or TLB fault (BadVAddr) */
  int cause;             /* the exception code (MIPS Cause.ExcCode: 2 TLBL, 3 TLBS, 4 AdEL...) */
  unsigned long pc;      /* the faulting instruction */
} KnExcRecord;

/* An exception handler runs on the faulting thread: 0 resumes it at the faulting instruction
 * (with every register as it was), anything else stops (deletes) it. */
typedef int (*KnExcHandler)(const KnExcRecord *fault);

/* An interrupt handler runs on an interrupt thread of the connecting actor (priority 0) with
 * the line masked: 1 claims the interrupt, 0 passes it on down the line's chain. */
typedef int (*KnIntrHandler)(int irq);

int svTrapConnect(int trap, KnTrapHandler handler, void *stackTop);
/* Faults of `actor`'s threads run `handler` (NULL removes it). */
int svExcHandler(const KnCap *actor, KnExcHandler handler, void *stackTop);
/* Appends `handler` to line `irq`'s chain; returns the connection id (> 0) or an error. */
int svIntrConnect(int irq, KnIntrHandler handler, void *stackTop);
/* Removes connection `id` and its interrupt thread. */
int svIntrDisconnect(int id);

/* Ports and IPC (docs/ipc.md; guest records in docs/abi.md). A message has an annex of
 * K_CMSGANNEXSIZE bytes (sent whole when annexAddr is set) and a body of up to 64 KiB. */
#define K_CMSGANNEXSIZE 120
#define K_CMSGBODYMAX 65536
/* Port LIs by role (ipcReceive, ipcSend's source, port calls). */
#define K_DEFAULTPORT (-1)
#define K_ANYENABLED (-2)
/* KnMsgDesc.flags for ipcCall: threadAbort on the caller ends the call and aborts its server. */
#define K_ABORTABLE 1
/* Group addressing modes (ipcTarget); a bare group UI is broadcast. */
#define K_BROADMODE 0
#define K_FUNCMODE 1
#define K_FUNCUMODE 2
#define K_FUNCXMODE 3
/* grpAllocate kinds. */
#define K_DYNAMICGROUP 0
#define K_STATUSERGROUP 1
#define K_STATSYSGROUP 2

typedef struct {
  unsigned long uid;
  unsigned long gid;
  unsigned long did;
} KnProtId;

/* Send: annexAddr (NULL: no annex), bodyAddr and bodySize. Receive: annexAddr (NULL: annex not
 * copied), bodyAddr (NULL: body left in the nucleus for ipcGetData) and bodySize the buffer's
 * size; on return bodySize is the body's size and seqNum the port's receive count. */
typedef struct {
  unsigned int flags;
  unsigned int bodySize;
  void *bodyAddr;
  void *annexAddr;
  unsigned int seqNum;
} KnMsgDesc;

/* A port or group UI (with ipcTarget's mode) and, for K_FUNCUMODE / K_FUNCXMODE, a UI that
 * designates a site (zero: none). */
typedef struct {
  KnUniqueId target;
  KnUniqueId coTarget;
} KnIpcDest;

/* The current message's header (ipcSysInfo). */
typedef struct {
  unsigned int bodySize;
  unsigned int flags;
  KnUniqueId srcPort;
  KnUniqueId target;
  KnUniqueId coTarget;
  unsigned int transId; /* non-zero for an ipcCall request */
  unsigned int seqNum;
  KnProtId actorPi;
  KnProtId portPi;
} KnMsgHead;

/* Stamps an addressing mode into a group UI. */
static inline void ipcTarget(KnUniqueId *ui, int mode) {
  ui->ui_head = (ui->ui_head & 0x0fffffffUL) | ((unsigned long)mode << 28);
}

int uiBuild(int stamp, KnUniqueId *ui);
int uiLocalSite(KnUniqueId *site);
/* Port calls return the LI (> 0) or an error. */
int portCreate(const KnCap *actor, KnUniqueId *port);
int portDeclare(const KnCap *actor, const KnUniqueId *port);
int portDelete(const KnCap *actor, int li);
int portEnable(const KnCap *actor, int li, int priority);
int portDisable(const KnCap *actor, int li);
int portMigrate(const KnCap *from, int li, const KnCap *to, int keepMessages);
int portUi(const KnCap *actor, int li, KnUniqueId *port);
int portLi(const KnUniqueId *port);
/* Returns the PI in *oldPi (if not NULL) and sets *newPi (if not NULL; trusted actors only). */
int portPi(const KnCap *actor, int li, const KnProtId *newPi, KnProtId *oldPi);
int grpAllocate(int kind, KnCap *group, int stamp);
int grpPortInsert(const KnCap *group, const KnUniqueId *port);
int grpPortRemove(const KnCap *group, const KnUniqueId *port);
/* srcLi 0: no source port. */
int ipcSend(const KnMsgDesc *msg, int srcLi, const KnIpcDest *dest);
/* *li: the port to receive on (or K_DEFAULTPORT, K_ANYENABLED); set to the LI it came from. */
int ipcReceive(KnMsgDesc *msg, int *li, long micros);
int ipcCall(const KnMsgDesc *request, const KnIpcDest *dest, KnMsgDesc *reply, long micros);
int ipcReply(const KnMsgDesc *reply);
int ipcGetData(KnMsgDesc *msg);
int ipcSysInfo(KnMsgHead *head);
int ipcSave(void);
int ipcRestore(int id);
int ipcForward(const KnIpcDest *dest);

/* Regions (docs/vm.md; records in docs/abi.md). A NULL actor means the caller's actor. */
#define K_READABLE 0x0 /* every region is readable */
#define K_WRITABLE 0x1
#define K_EXECUTABLE 0x2
#define K_ANYWHERE 0x10
#define K_RESTRICTIVE 0x20
#define K_FILLZERO 0x40
#define K_SUPERVISOR 0x80
#define K_INHERITCOPY 0x0
#define K_INHERITSHARE 0x100

/* startAddr and size page-aligned (size rounded up); options K_WRITABLE | K_ANYWHERE | ...;
 * endAddr bounds K_RESTRICTIVE. Calls that make a region write its start into startAddr. */
typedef struct {
  unsigned long startAddr;
  unsigned long size;
  unsigned long options;
  unsigned long endAddr;
  unsigned long opaque1;
  unsigned long opaque2;
} KnRgnDesc;

/* A segment window: the segment's capability (its mapper's port UI and key) and a byte offset. */
typedef struct {
  KnCap segCap;
  unsigned long offset;
} KnObjDesc;

typedef struct {
  unsigned long start;
  unsigned long size;
  unsigned long options;
  int kind; /* 0 anonymous, 1 a shared segment window, 2 a private copy of one */
  int resident; /* pages mapped now */
} KnRgnStat;

int vmPageSize(void);
int rgnAllocate(const KnCap *actor, KnRgnDesc *desc);
int rgnFree(const KnCap *actor, const KnRgnDesc *desc);
/* The new protection is in desc->options (K_WRITABLE, K_EXECUTABLE). */
int rgnSetProtect(const KnCap *actor, const KnRgnDesc *desc);
/* The new inheritance is in desc->options (K_INHERITSHARE or K_INHERITCOPY). */
int rgnSetInherit(const KnCap *actor, const KnRgnDesc *desc);
int rgnMap(const KnCap *actor, KnRgnDesc *desc, const KnObjDesc *segment);
int rgnInit(const KnCap *actor, KnRgnDesc *desc, const KnObjDesc *segment);
int rgnMapFromActor(const KnCap *actor, KnRgnDesc *desc, const KnCap *source, unsigned long sourceStart);
int rgnInitFromActor(const KnCap *actor, KnRgnDesc *desc, const KnCap *source, unsigned long sourceStart);
/* Every region of `source` into the empty actor `target`, shared or copied by inheritance (fork). */
int rgnDup(const KnCap *source, const KnCap *target);
int rgnStat(const KnCap *actor, unsigned long address, KnRgnStat *stat);
/* Bytes between a segment (through the site's local cache) and a buffer: the size or an error. */
int sgRead(const KnCap *segment, unsigned long offset, void *buffer, unsigned long size);
int sgWrite(const KnCap *segment, unsigned long offset, const void *buffer, unsigned long size);

/* Fills up to `size` bytes of actor/port/thread records for ps-like tools (K_ENOSYS for now). */
int chorusSiteInfo(void *buf, unsigned int size);

#endif
