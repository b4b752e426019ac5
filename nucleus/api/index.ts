// Front door of nucleus/api: the typed interface native system actors are written against. A
// native thread is a generator; each call here is a small generator to delegate to with
// `yield*`, so `const r = yield* semP(sem, 1000)` reads like the C call `semP(&sem, &timeout)`.
// Each yields one request to the nucleus (the same calls guest code makes through its trap) and
// returns the nucleus's result. `compute(n)` spends n cycles of CPU work.

import { K_EFAULT } from '../errors.ts';
import type { GuestRegisters } from '../hal-port.ts';
import type {
  ActorKind,
  Capability,
  EventFlags,
  ExceptionHandler,
  InterruptHandler,
  Mutex,
  NativeBody,
  Semaphore,
  Timer,
  TrapHandler,
} from '../objects.ts';
import type { CopyMiss } from '../sv-context.ts';
import { bringIn } from '../vm/paging.ts';
import type { IpcCallName } from './ipc.ts';
import type { VmCallName } from './vm.ts';

export * from './ipc.ts';
export * from './vm.ts';

/** The calls of the nucleus, by their Chorus names. */
export type CallName =
  | IpcCallName
  | VmCallName
  | 'actorCreate'
  | 'actorDelete'
  | 'actorStart'
  | 'actorStop'
  | 'actorSelf'
  | 'actorStat'
  | 'threadCreate'
  | 'threadDelete'
  | 'threadSuspend'
  | 'threadResume'
  | 'threadActivate'
  | 'threadAbort'
  | 'threadSelf'
  | 'threadAborted'
  | 'threadDelay'
  | 'threadScheduler'
  | 'threadStat'
  | 'semInit'
  | 'semP'
  | 'semV'
  | 'mutexInit'
  | 'mutexGet'
  | 'mutexRel'
  | 'mutexTry'
  | 'eventInit'
  | 'eventPost'
  | 'eventClear'
  | 'eventWait'
  | 'sysTime'
  | 'consoleWrite'
  | 'timerCreate'
  | 'timerSet'
  | 'timerDelete'
  | 'svTrapConnect'
  | 'svTrapDisconnect'
  | 'svExcHandler'
  | 'svIntrConnect'
  | 'svIntrDisconnect'
  | 'svGetContext'
  | 'svSetContext'
  | 'svCopyIn'
  | 'svCopyOut';

export type Request =
  | { readonly op: 'compute'; readonly cycles: number }
  | { readonly op: 'call'; readonly name: CallName; readonly args: readonly unknown[] };

/** What a thread's body is made from: a function of nothing returning the continuation. */
export type ThreadBody = () => NativeBody;

export interface ActorStat {
  readonly kind: ActorKind;
  readonly name: string;
  readonly threads: number;
  readonly stopped: boolean;
}

export interface ThreadStat {
  readonly li: number;
  readonly name: string;
  readonly actor: string;
  readonly state: string;
  readonly priority: number;
  readonly basePriority: number;
  readonly runCycles: number;
}

type Call<T> = Generator<Request, T, unknown>;

function* call<T>(name: CallName, ...args: unknown[]): Call<T> {
  return (yield { op: 'call', name, args }) as T;
}

export function* compute(cycles: number): Generator<Request, void, unknown> {
  yield { op: 'compute', cycles };
}

export const actorCreate = (kind: ActorKind, name: string) =>
  call<Capability | number>('actorCreate', kind, name);
export const actorDelete = (cap: Capability) => call<number>('actorDelete', cap);
export const actorStart = (cap: Capability) => call<number>('actorStart', cap);
export const actorStop = (cap: Capability) => call<number>('actorStop', cap);
export const actorSelf = () => call<Capability>('actorSelf');
export const actorStat = (cap: Capability) => call<ActorStat | number>('actorStat', cap);

/** Where a thread that runs guest code starts: its first instruction and its stack pointer. */
export interface GuestStart {
  readonly entry: number;
  readonly stack: number;
  /** First argument register (a0 on MIPS). */
  readonly arg?: number;
  /** Every register instead (a UNIX fork's child starts from its parent's context). */
  readonly context?: GuestRegisters;
}

/** Creates a thread running guest code (kernel-mode code in the unmapped segment for now). */
export const threadCreateGuest = (
  actor: Capability,
  name: string,
  priority: number,
  start: GuestStart,
  active = true,
) => call<number>('threadCreate', actor, name, priority, start, active);

/** Creates a thread in `actor` (active unless `active` is false); returns its LI or an error. */
export const threadCreate = (
  actor: Capability,
  name: string,
  priority: number,
  body: ThreadBody,
  active = true,
) => call<number>('threadCreate', actor, name, priority, body, active);
export const threadDelete = (li: number) => call<number>('threadDelete', li);
export const threadSuspend = (li: number) => call<number>('threadSuspend', li);
export const threadResume = (li: number) => call<number>('threadResume', li);
export const threadActivate = (li: number) => call<number>('threadActivate', li);
export const threadAbort = (li: number) => call<number>('threadAbort', li);
export const threadSelf = () => call<number>('threadSelf');
/** Sleeps `micros` microseconds (K_NOTIMEOUT: until aborted); K_OK, or K_EABORT when aborted. */
export const threadDelay = (micros: number) => call<number>('threadDelay', micros);
/**
 * Returns the old priority and sets a new one when `priority` is given; `sliceMicros` sets the
 * round-robin slice (0: none).
 */
export const threadScheduler = (li: number, priority?: number, sliceMicros?: number) =>
  call<number>('threadScheduler', li, priority, sliceMicros);
export const threadStat = (li: number) => call<ThreadStat | number>('threadStat', li);

export const semInit = (count: number) => call<Semaphore | number>('semInit', count);
/** P with a timeout in microseconds (K_NOTIMEOUT waits for ever, K_NOBLOCK does not wait). */
export const semP = (sem: Semaphore, micros: number) => call<number>('semP', sem, micros);
export const semV = (sem: Semaphore) => call<number>('semV', sem);
export const mutexInit = (inherit = false) => call<Mutex>('mutexInit', inherit);
export const mutexGet = (mutex: Mutex) => call<number>('mutexGet', mutex);
export const mutexRel = (mutex: Mutex) => call<number>('mutexRel', mutex);
export const mutexTry = (mutex: Mutex) => call<number>('mutexTry', mutex);
export const eventInit = () => call<EventFlags>('eventInit');
export const eventPost = (event: EventFlags, mask: number) => call<number>('eventPost', event, mask);
export const eventClear = (event: EventFlags, mask: number) => call<number>('eventClear', event, mask);
/** Waits until all (`all`) or any of `mask` are set; returns the flags seen, or an error. */
export const eventWait = (event: EventFlags, mask: number, all: boolean, micros: number) =>
  call<number>('eventWait', event, mask, all, micros);
/** Microseconds since boot. */
export const sysTime = () => call<number>('sysTime');
export const consoleWrite = (text: string) => call<number>('consoleWrite', text);
export const threadAborted = () => call<number>('threadAborted');

/** A timer whose expirations do semV(sem) (until ports exist). */
export const timerCreate = (actor: Capability, sem: Semaphore) =>
  call<Timer | number>('timerCreate', actor, sem);
/** First expiry `delay` µs from now, then every `period` µs (0: one-shot); delay 0 disarms. */
export const timerSet = (timer: Timer, delay: number, period = 0) =>
  call<number>('timerSet', timer, delay, period);
export const timerDelete = (timer: Timer) => call<number>('timerDelete', timer);

export const svTrapConnect = (trap: number, handler: TrapHandler) =>
  call<number>('svTrapConnect', trap, handler);
export const svTrapDisconnect = (trap: number) => call<number>('svTrapDisconnect', trap);
export const svExcHandler = (actor: Capability, handler: ExceptionHandler | undefined, slot = 0) =>
  call<number>('svExcHandler', actor, handler, slot);
/** Connects `handler` at the end of line `irq`'s chain; returns the connection id or an error. */
export const svIntrConnect = (irq: number, handler: InterruptHandler) =>
  call<number>('svIntrConnect', irq, handler);
export const svIntrDisconnect = (id: number) => call<number>('svIntrDisconnect', id);

/** The saved registers of thread `li` (0: the thread a trap handler runs on). */
export const svGetContext = (li = 0) => call<GuestRegisters | number>('svGetContext', li);
/** Replaces them (0: the trapping thread's, in effect when it returns to guest code). */
export const svSetContext = (li: number, registers: GuestRegisters) =>
  call<number>('svSetContext', li, registers);

/** `size` bytes of the calling thread's memory at `vaddr` (pages brought in as needed), or K_EFAULT. */
export function* svCopyIn(vaddr: number, size: number): Call<Uint8Array | number> {
  for (let i = 0; i < 64; i++) {
    const r = yield* call<Uint8Array | CopyMiss | number>('svCopyIn', vaddr, size);
    if (typeof r === 'number' || r instanceof Uint8Array) return r;
    if (!(yield* bringIn(r.miss.vaddr, r.miss.write))) return K_EFAULT;
  }
  return K_EFAULT;
}

/** Writes `data` into the calling thread's memory at `vaddr` (pages brought in as needed). */
export function* svCopyOut(vaddr: number, data: Uint8Array): Call<number> {
  for (let i = 0; i < 64; i++) {
    const r = yield* call<CopyMiss | number>('svCopyOut', vaddr, data);
    if (typeof r === 'number') return r;
    if (!(yield* bringIn(r.miss.vaddr, r.miss.write))) return K_EFAULT;
  }
  return K_EFAULT;
}
