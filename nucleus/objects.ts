// The nucleus's objects: actors (units of resource ownership and protection), threads (units of
// execution) and what a blocked thread waits on. A thread's wait is an explicit record so that
// one function (Nucleus.undoWait) can cancel it for a timeout, an abort or a deletion.
import type { Request } from './api/index.ts';
import type { Message, Port, ProtId, Transaction } from './ipc/objects.ts';
import type { AddressSpace } from './vm/space.ts';

/** Chorus actor kinds (reference §1): user actors run in user mode; system ones are trusted. */
export type ActorKind = 'user' | 'system' | 'supervisor';

/** A capability: unique identifier (site, epoch, serial) plus a key drawn from the seeded PRNG. */
export interface Capability {
  readonly site: number;
  readonly epoch: number;
  readonly serial: number;
  readonly key: number;
}

/** Whether `v` has the shape of a capability (the nucleus then checks its key and epoch). */
export const isCap = (v: unknown): v is Capability =>
  typeof v === 'object' &&
  v !== null &&
  ['site', 'epoch', 'serial', 'key'].every((k) => typeof (v as Record<string, unknown>)[k] === 'number');

export class Actor {
  readonly threads = new Set<Thread>();
  stopped = false;
  deleted = false;
  /** Supervisor exception handler slots (svExcHandler). */
  readonly excHandlers: (ExceptionHandler | undefined)[] = [];
  /** A guest exception handler given with svExcHandler from guest code (guest-handlers.ts). */
  excGate: { readonly actor: Actor; readonly gate: GuestTrapGate } | undefined = undefined;
  /** A user actor's address space (loaded from an ELF); undefined for kernel-mode code. */
  space: AddressSpace | undefined = undefined;
  /** Objects guest code names by handle (guest-abi.ts): handle h is handles[h - 1]. */
  readonly handles: unknown[] = [];
  /** The ports the actor holds, by LI (nucleus/ipc), and its default port once made. */
  readonly ports = new Map<number, Port>();
  defaultPort: Port | undefined = undefined;
  nextPortLi = 1;
  /** Threads blocked in ipcReceive on the enabled set (K_ANYENABLED). */
  readonly anyReceivers: Thread[] = [];
  /** Messages parked with ipcSave, by id (1-based slot). */
  readonly saved: (Message | undefined)[] = [];
  /** The actor's protection identifier, carried by the messages it sends. */
  pi: ProtId = { uid: 0, gid: 0, did: 0 };
  constructor(
    readonly cap: Capability,
    readonly kind: ActorKind,
    readonly name: string,
  ) {}
}

/** A record of a guest or native thread fault, given to an actor's exception handler. */
export interface Fault {
  readonly actor: string;
  readonly thread: number;
  readonly kind: string;
  readonly detail: string;
  /** A guest fault's words: the faulting pc, the bad address and the exception code. */
  readonly at?: { readonly pc: number; readonly address: number; readonly cause: number };
}

/**
 * What a native handler resumes a faulting guest thread with: a continuation that runs on that
 * thread as a native trap handler does (svGetContext/svSetContext act on its registers, saved
 * at the faulting instruction), after which the thread goes back to its guest code with the
 * result in v0. A UNIX subsystem uses it to run a signal handler.
 */
export type FaultContinuation = () => Generator<Request, number, unknown>;

/**
 * An svExcHandler handler: returns true when it dealt with the fault (the thread is stopped
 * all the same), or a continuation the faulting guest thread resumes with.
 */
export type ExceptionHandler = (fault: Fault) => boolean | FaultContinuation;

/** A trap connected with svTrapConnect to guest code: its entry, stack top and return stub. */
export interface GuestTrapGate {
  readonly entry: number;
  readonly stack: number;
  readonly ret: number;
  /** The thread running the handler now (its one stack serves one thread at a time). */
  busy: Thread | undefined;
}

/** A thread's excursion into a guest trap handler: where it runs and what it resumes. */
export interface Upcall {
  readonly actor: Actor;
  readonly gate: GuestTrapGate;
  /** The caller's saved guest context (the HAL's format). */
  readonly saved: unknown;
  /** True for an exception handler (svExcHandler), false for a trap handler. */
  readonly exception: boolean;
}

export type ThreadState = 'ready' | 'running' | 'blocked' | 'suspended' | 'dead';

/** What a blocked thread waits on; `none` while not blocked. */
export type Wait =
  | { readonly kind: 'none' }
  | { readonly kind: 'delay' }
  | { readonly kind: 'sem'; readonly sem: Semaphore }
  | { readonly kind: 'mutex'; readonly mutex: Mutex }
  | { readonly kind: 'event'; readonly event: EventFlags; readonly mask: number; readonly all: boolean }
  /** ipcReceive on one port, or on the actor's enabled set (`port` undefined). */
  | {
      readonly kind: 'receive';
      readonly port: Port | undefined;
      /** Leave the body in the nucleus for ipcGetData. */
      readonly leaveBody: boolean;
      /** Order of arrival among receivers (earlier first among equal priorities). */
      readonly order: number;
    }
  /** ipcCall waiting for its reply. */
  | { readonly kind: 'call'; readonly call: Transaction };

export const NO_WAIT: Wait = { kind: 'none' };

/** The native continuation of a thread: a generator yielding requests, receiving results. */
export type NativeBody = Generator<Request, unknown, unknown>;

export class Thread {
  state: ThreadState = 'suspended';
  wait: Wait = NO_WAIT;
  /** Absolute cycle at which the wait times out; infinity for none. */
  deadline = Number.POSITIVE_INFINITY;
  /** threadSuspend nesting; a thread runs only at 0. */
  suspendCount = 0;
  /** Created inactive: it starts with threadActivate (this counts as one suspension). */
  inactive = false;
  /** Set by threadAbort: the current or next abortable wait returns K_EABORT. */
  abortPending = false;
  /** The value the continuation receives when it next resumes. */
  result: unknown = undefined;
  /** Cycles of compute(n) still to spend before the continuation resumes. */
  computeLeft = 0;
  /** The CPU running it, or -1. */
  cpu = -1;
  /** Base priority (threadScheduler) and effective priority (raised by mutex inheritance). */
  basePriority: number;
  priority: number;
  /** Per-thread software registers (threadStat/threadSelf users keep small values here). */
  readonly softRegs = new Int32Array(2);
  /** Mutexes this thread owns (released if it is deleted). */
  readonly held = new Set<Mutex>();
  /** Round-robin time slice in cycles (threadScheduler); 0: run until it blocks or is preempted. */
  slice = 0;
  /** Cycles this thread has run. */
  runCycles = 0;
  /** The guest register context (the HAL's format) of a thread that runs guest code. */
  guest: unknown = undefined;
  /** True while `body` is a trap handler running on this guest thread (svTrapConnect). */
  inTrap = false;
  /** The actor whose native trap handler `body` is (its calls act with that actor's trust). */
  handlerActor: Actor | undefined = undefined;
  /** Set while this thread runs a guest trap handler in another actor (guest-handlers.ts). */
  upcall: Upcall | undefined = undefined;
  /**
   * While `body` brings in a page for a fault of its guest code (vm/fault.ts): the fault, for
   * the report and the exception handler if the page cannot be had.
   */
  pageFault: { readonly pc: number; readonly address: number; readonly cause: number } | undefined =
    undefined;
  /** The first guest address a nucleus call of this thread could not reach (guest-memory.ts). */
  guestMiss: { readonly vaddr: number; readonly write: boolean } | undefined = undefined;
  /** The last message it received (ipcReply, ipcGetData, ipcSysInfo act on it). */
  current: Message | undefined = undefined;
  /** `body` is the native continuation; undefined while a guest thread runs guest code. */
  constructor(
    readonly li: number,
    readonly actor: Actor,
    readonly name: string,
    priority: number,
    public body: NativeBody | undefined,
  ) {
    this.basePriority = priority;
    this.priority = priority;
  }
}

export class Semaphore {
  readonly waiters: Thread[] = [];
  constructor(public count: number) {}
}

export class Mutex {
  owner: Thread | undefined = undefined;
  readonly waiters: Thread[] = [];
  constructor(readonly inherit: boolean) {}
}

export class EventFlags {
  readonly waiters: Thread[] = [];
  bits = 0;
}

/**
 * A nucleus timer (timerCreate). Until ports exist its notification is a semV on the semaphore
 * given at creation; `period` 0 makes it one-shot.
 */
export class Timer {
  deadline = Number.POSITIVE_INFINITY;
  period = 0;
  /** Expirations so far, and those that found the previous one not yet consumed. */
  fired = 0;
  deleted = false;
  constructor(
    readonly actor: Actor,
    readonly sem: Semaphore,
  ) {}
}

/** What an interrupt handler connected with svIntrConnect may do (it runs in the nucleus). */
export interface InterruptContext {
  readonly irq: number;
  readonly cpu: number;
  /** Wakes a thread waiting on `sem` (the usual way to hand work to a driver thread). */
  semV(sem: Semaphore): void;
}

/** An svIntrConnect handler: returns true when it claimed (serviced) the interrupt. */
export type InterruptHandler = (context: InterruptContext) => boolean;

/**
 * An svTrapConnect handler: a native continuation that runs on the trapping thread (it may
 * block); the number it returns goes back to the guest as the trap's result.
 */
export type TrapHandler = (args: readonly number[]) => Generator<Request, number, unknown>;
