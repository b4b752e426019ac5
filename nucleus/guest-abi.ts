// The nucleus-call ABI seen from guest code (docs/abi.md): a guest thread's trap with the
// nucleus trap number (on MIPS `syscall 1`) carries a call number and up to four word
// arguments; this file decodes them into the same calls nucleus/api offers native actors, runs
// the call as the thread's native continuation (so it may block like any native thread), and
// returns the word the guest finds in its result register. Guest pointers are read and written
// through the actor's address space (HalPort.guestPhysical); a bad pointer is K_EFAULT. Objects
// a guest creates (semaphores, mutexes, event flags, timers) live in the nucleus and the guest
// keeps a handle to them in its KnSem/KnMutex/KnEvent/KnTimer record.
import type { ActorStat, CallName, Request, ThreadStat } from './api/index.ts';
import { K_EFAULT, K_EINVAL, K_ENOMEM, K_EPRIV, K_EUNKNOWN } from './errors.ts';
import { connectGuestTrap, leaveGuestTrap, setGuestExcHandler } from './guest-handlers.ts';
import { guestIpc } from './guest-ipc.ts';
import { GuestMemory } from './guest-memory.ts';
import { guestVm } from './guest-vm.ts';
import { endInterruptRun, isInterruptThread } from './interrupt-chains.ts';
import type { Nucleus } from './nucleus.ts';
import type { ActorKind, Capability, Thread, ThreadState } from './objects.ts';
import { EventFlags, Mutex, Semaphore, Timer } from './objects.ts';

/** The trap number of nucleus calls (distinct from 0, the UNIX system-call trap MiX connects). */
export const NUCLEUS_TRAP = 1;

/** Call numbers (docs/abi.md); the guest library's <chorus.h> uses the same table. */
export const GUEST_CALLS = {
  actorSelf: 1,
  actorDelete: 2,
  actorStop: 3,
  actorStart: 4,
  actorCreate: 5,
  actorStat: 6,
  threadSelf: 10,
  threadCreate: 11,
  threadDelete: 12,
  threadSuspend: 13,
  threadResume: 14,
  threadActivate: 15,
  threadAbort: 16,
  threadAborted: 17,
  threadDelay: 18,
  threadScheduler: 19,
  threadStat: 20,
  semInit: 30,
  semP: 31,
  semV: 32,
  mutexInit: 40,
  mutexGet: 41,
  mutexRel: 42,
  mutexTry: 43,
  eventInit: 50,
  eventPost: 51,
  eventClear: 52,
  eventWait: 53,
  timerCreate: 60,
  timerSet: 61,
  timerDelete: 62,
  sysTime: 70,
  consoleWrite: 71,
  svExcHandler: 80,
  svTrapConnect: 81,
  svIntrConnect: 82,
  svTrapReturn: 83,
  svIntrDisconnect: 84,
} as const;

/** Trap numbers svTrapConnect takes (supervisor.ts TRAPS). */
const TRAPS = 256;

/** Actor kinds as numbers in guest records and arguments (KnActorStat.kind, actorCreate). */
const ACTOR_KINDS: readonly ActorKind[] = ['user', 'system', 'supervisor'];
/** Thread states as numbers in KnThreadStat.state (<chorus.h> K_THREAD_*). */
const THREAD_STATES: readonly ThreadState[] = ['ready', 'running', 'blocked', 'suspended', 'dead'];

/** Longest text one consoleWrite call takes. */
const MAX_WRITE = 4096;
/** Most handles one actor may hold. */
const MAX_HANDLES = 4096;

type GuestCall = Generator<Request, number, unknown>;

function* call(name: CallName, ...args: unknown[]): Generator<Request, unknown, unknown> {
  return yield { op: 'call', name, args };
}

/** Handles: a guest record holds handle h (1-based) for the actor's handles[h - 1]. */
function newHandle(t: Thread, object: unknown): number {
  const handles = t.actor.handles;
  if (handles.length >= MAX_HANDLES) return K_ENOMEM;
  handles.push(object);
  return handles.length;
}

function objectAt<T>(
  m: GuestMemory,
  t: Thread,
  record: number,
  kind: abstract new (...a: never[]) => T,
): T | number {
  const h = m.read(record);
  if (h === undefined) return K_EFAULT;
  const object = h >= 1 ? t.actor.handles[h - 1] : undefined;
  return object instanceof kind ? object : K_EINVAL;
}

/** KnCap in guest memory: ui_head = site << 16 | epoch, ui_tail = serial, key[0] = key, key[1] = 0. */
function capWords(cap: Capability): number[] {
  return [(cap.site << 16) | (cap.epoch & 0xffff) | 0, cap.serial | 0, cap.key | 0, 0];
}

function readCap(m: GuestMemory, vaddr: number): Capability | number {
  const w = [0, 4, 8].map((o) => m.read(vaddr + o));
  if (w.some((x) => x === undefined)) return K_EFAULT;
  const [head, serial, key] = w as number[];
  return { site: (head! >>> 16) & 0xffff, epoch: head! & 0xffff, serial: serial! >>> 0, key: key! >>> 0 };
}

/** The guest's KnTimeVal-like timeout in µs: -1 K_NOTIMEOUT, 0 K_NOBLOCK, else positive. */
const timeout = (word: number) => (word < 0 ? -1 : word);

/**
 * The native continuation that serves guest call `number` with arguments `a` for thread `t`;
 * its return value goes to the guest's result register.
 */
export function* guestCall(n: Nucleus, t: Thread, number: number, a: readonly number[]): GuestCall {
  const m = new GuestMemory(n, t);
  const [a0 = 0, a1 = 0, a2 = 0, a3 = 0] = a;
  const C = GUEST_CALLS;
  const resultOf = (value: unknown): number => (typeof value === 'number' ? value | 0 : K_EINVAL);
  switch (number) {
    case C.actorSelf: {
      const cap = (yield* call('actorSelf')) as Capability;
      return m.write(a0, capWords(cap)) ? 0 : K_EFAULT;
    }
    case C.actorDelete:
    case C.actorStop:
    case C.actorStart: {
      const cap = readCap(m, a0);
      if (typeof cap === 'number') return cap;
      const name =
        number === C.actorDelete ? 'actorDelete' : number === C.actorStop ? 'actorStop' : 'actorStart';
      return resultOf(yield* call(name, cap));
    }
    case C.actorCreate: {
      // An actor with no memory yet (docs/abi.md): no thread of guest code can run in it until
      // it is given regions (rgnAllocate, rgnDup).
      const kind = ACTOR_KINDS[a1];
      if (kind === undefined) return K_EINVAL;
      if (!m.writable(a0, 4)) return K_EFAULT;
      const cap = yield* call('actorCreate', kind, `${t.actor.name}.child`);
      if (typeof cap === 'number') return cap;
      return m.write(a0, capWords(cap as Capability)) ? 0 : K_EFAULT;
    }
    case C.actorStat: {
      const cap = readCap(m, a0);
      if (typeof cap === 'number') return cap;
      if (!m.writable(a1, 3)) return K_EFAULT;
      const stat = (yield* call('actorStat', cap)) as ActorStat | number;
      if (typeof stat === 'number') return stat;
      const words = [ACTOR_KINDS.indexOf(stat.kind), stat.threads, stat.stopped ? 1 : 0];
      return m.write(a1, words) ? 0 : K_EFAULT;
    }
    case C.threadSelf:
      return resultOf(yield* call('threadSelf'));
    case C.threadStat: {
      if (!m.writable(a1, 4)) return K_EFAULT;
      const stat = (yield* call('threadStat', a0)) as ThreadStat | number;
      if (typeof stat === 'number') return stat;
      const state = THREAD_STATES.indexOf(stat.state as ThreadState);
      return m.write(a1, [stat.li, state, stat.priority, stat.basePriority]) ? 0 : K_EFAULT;
    }
    case C.threadCreate:
      return yield* threadCreate(m, t, a0, a1, a2, a3);
    case C.threadDelete:
      return resultOf(yield* call('threadDelete', a0));
    case C.threadSuspend:
      return resultOf(yield* call('threadSuspend', a0));
    case C.threadResume:
      return resultOf(yield* call('threadResume', a0));
    case C.threadActivate:
      return resultOf(yield* call('threadActivate', a0));
    case C.threadAbort:
      return resultOf(yield* call('threadAbort', a0));
    case C.threadAborted:
      return resultOf(yield* call('threadAborted'));
    case C.threadDelay:
      return resultOf(yield* call('threadDelay', timeout(a0)));
    case C.threadScheduler:
      return resultOf(yield* call('threadScheduler', a0, a1 < 0 ? undefined : a1, a2 < 0 ? undefined : a2));
    case C.semInit:
    case C.mutexInit:
    case C.eventInit: {
      if (m.read(a0) === undefined) return K_EFAULT;
      const object =
        number === C.semInit
          ? yield* call('semInit', a1)
          : number === C.mutexInit
            ? yield* call('mutexInit', a1 !== 0)
            : yield* call('eventInit');
      if (typeof object === 'number') return object;
      const h = newHandle(t, object);
      if (h < 0) return h;
      return m.write(a0, [h]) ? 0 : K_EFAULT;
    }
    case C.semP:
    case C.semV: {
      const sem = objectAt(m, t, a0, Semaphore);
      if (typeof sem === 'number') return sem;
      return resultOf(number === C.semP ? yield* call('semP', sem, timeout(a1)) : yield* call('semV', sem));
    }
    case C.mutexGet:
    case C.mutexRel:
    case C.mutexTry: {
      const mutex = objectAt(m, t, a0, Mutex);
      if (typeof mutex === 'number') return mutex;
      const name = number === C.mutexGet ? 'mutexGet' : number === C.mutexRel ? 'mutexRel' : 'mutexTry';
      return resultOf(yield* call(name, mutex));
    }
    case C.eventPost:
    case C.eventClear:
    case C.eventWait: {
      const event = objectAt(m, t, a0, EventFlags);
      if (typeof event === 'number') return event;
      if (number === C.eventWait)
        return resultOf(yield* call('eventWait', event, a1 >>> 0, a2 !== 0, timeout(a3)));
      return resultOf(yield* call(number === C.eventPost ? 'eventPost' : 'eventClear', event, a1 >>> 0));
    }
    case C.timerCreate: {
      if (m.read(a0) === undefined) return K_EFAULT;
      const sem = objectAt(m, t, a1, Semaphore);
      if (typeof sem === 'number') return sem;
      const timer = yield* call('timerCreate', t.actor.cap, sem);
      if (typeof timer === 'number') return timer;
      const h = newHandle(t, timer);
      if (h < 0) return h;
      return m.write(a0, [h]) ? 0 : K_EFAULT;
    }
    case C.timerSet:
    case C.timerDelete: {
      const timer = objectAt(m, t, a0, Timer);
      if (typeof timer === 'number') return timer;
      if (number === C.timerDelete) return resultOf(yield* call('timerDelete', timer));
      return resultOf(yield* call('timerSet', timer, a1 >>> 0, a2 >>> 0));
    }
    case C.sysTime: {
      const micros = resultOf(yield* call('sysTime'));
      return m.write(a0, [micros]) ? 0 : K_EFAULT;
    }
    case C.consoleWrite: {
      if (a1 < 0 || a1 > MAX_WRITE) return K_EINVAL;
      const bytes = m.bytes(a0, a1);
      if (bytes === undefined) return K_EFAULT;
      return resultOf(yield* call('consoleWrite', new TextDecoder().decode(bytes)));
    }
    case C.svTrapConnect: {
      // svTrapConnect(trap, entry, stack top, return stub): the handler runs on the trapping
      // thread in this actor's context (guest-handlers.ts).
      if (t.actor.kind === 'user') return K_EPRIV;
      return connectGuestTrap(n, t.upcall?.actor ?? t.actor, a0, a1, a2, a3, TRAPS, NUCLEUS_TRAP);
    }
    case C.svTrapReturn: {
      // An interrupt thread's handler is done: non-zero claimed the interrupt. The thread then
      // waits for its line; it never returns to the stub (interrupt-chains.ts).
      if (t.upcall === undefined && isInterruptThread(t)) return yield* endInterruptRun(n, t, a0 !== 0);
      if (t.upcall?.exception === true && a0 !== 0) {
        // A guest exception handler said "stop the thread".
        n.hal.consoleWrite(
          `nucleus: thread ${t.li} of actor ${t.actor.name} stopped by its exception handler\n`,
        );
        return resultOf(yield* call('threadDelete', 0));
      }
      return leaveGuestTrap(t, n, a0);
    }
    case C.svExcHandler: {
      // svExcHandler(&actor, entry, stack top, return stub): faults of that actor's threads run
      // the handler in this actor's context (guest-handlers.ts).
      if (t.actor.kind === 'user') return K_EPRIV;
      const cap = readCap(m, a0);
      if (typeof cap === 'number') return cap;
      const target = n.actorOf(cap);
      if (target === undefined) return K_EUNKNOWN;
      return setGuestExcHandler(target, t.upcall?.actor ?? t.actor, a1, a2, a3);
    }
    case C.svIntrConnect: {
      // svIntrConnect(irq, entry, stack top, return stub): an interrupt thread of this actor
      // runs entry(irq) when the chain reaches it (interrupt-chains.ts).
      if (t.actor.kind === 'user') return K_EPRIV;
      const gate = { actor: t.upcall?.actor ?? t.actor, entry: a1, stack: a2, ret: a3 };
      return resultOf(yield* call('svIntrConnect', a0, gate));
    }
    case C.svIntrDisconnect:
      return resultOf(yield* call('svIntrDisconnect', a0));
    default: {
      const more = guestIpc(n, t, number, a) ?? guestVm(n, t, number, a);
      return more === undefined ? K_EUNKNOWN : yield* more;
    }
  }
}

/**
 * threadCreate(actor, &li, status, &start): `actor` 0 means the caller's actor; start is
 * KnThreadStart { entry, stack, arg, priority }; status 0 creates it inactive.
 */
function* threadCreate(
  m: GuestMemory,
  t: Thread,
  actorRef: number,
  liRef: number,
  status: number,
  startRef: number,
): GuestCall {
  let cap: Capability | number = t.actor.cap;
  if (actorRef !== 0) cap = readCap(m, actorRef);
  if (typeof cap === 'number') return cap;
  const target = m.n.actorOf(cap);
  // A user actor with no memory (made by a guest actorCreate) has nowhere for guest code to
  // run: its thread would otherwise run in kernel mode.
  if (target !== undefined && target.kind === 'user' && target.space === undefined) return K_EINVAL;
  const start = [0, 4, 8, 12].map((o) => m.read(startRef + o));
  if (start.some((x) => x === undefined) || m.read(liRef) === undefined) return K_EFAULT;
  const [entry, stack, arg, priority] = start as number[];
  const li = yield* call('threadCreate', cap, 'thread', priority, { entry, stack, arg }, status !== 0);
  if (typeof li !== 'number') return K_EINVAL;
  if (li < 0) return li;
  return m.write(liRef, [li]) ? 0 : K_EFAULT;
}
