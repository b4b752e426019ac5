// svIntrConnect's chains: per device interrupt line, the connected handlers in connection order
// (reference §6: a handler says whether it claimed the interrupt, unclaimed ones go down the
// chain). The line is enabled at the controller while its chain is not empty.
//
// A handler may be native (a function called in the interrupt entry) or guest code (svIntrConnect
// from a guest system or supervisor actor). An interrupt has no thread of its own, so each guest
// connection gets an interrupt thread of the handler actor, at priority 0 (the most urgent, as
// Chorus runs interrupt handlers before any thread), that waits on a private semaphore. When the
// chain reaches a guest connection the line is masked at the controller, the rest of the chain
// is remembered, and the thread is started on entry(irq); its svTrapReturn(value) ends the run:
// non-zero claims (the line is unmasked), zero goes on down the chain. A fault in the handler
// counts as "not claimed". Removing a guest connection (svIntrDisconnect, actor deletion, the
// thread's deletion) deletes its thread and, when it was running, goes on down the chain.
import type { Request } from './api/index.ts';
import type { Nucleus } from './nucleus.ts';
import type { Actor, InterruptHandler, Thread } from './objects.ts';
import { Semaphore } from './objects.ts';

/** Where a guest handler runs: entry(irq) on `stack` (its top), returning to stub `ret`. */
export interface GuestInterruptGate {
  readonly actor: Actor;
  readonly entry: number;
  readonly stack: number;
  readonly ret: number;
}

/** A guest connection's interrupt thread and the semaphore it waits on between runs. */
interface InterruptThread {
  readonly n: Nucleus;
  readonly gate: GuestInterruptGate;
  readonly thread: Thread;
  readonly wake: Semaphore;
}

interface Connection {
  readonly id: number;
  readonly irq: number;
  readonly actor: Actor;
  readonly handler: InterruptHandler | undefined;
  readonly guest: InterruptThread | undefined;
}

/** A chain run waiting for a guest handler: the connection running and those after it. */
interface ChainRun {
  readonly running: Connection;
  readonly rest: Connection[];
}

/** Bytes below a guest handler's stack top: the o32 home area of its argument registers. */
const HOME = 16;

/**
 * Interrupt threads by thread. Keyed by Thread objects, which belong to one nucleus, so sites
 * never see each other's entries; the thread's death (Nucleus.killThread -> releaseUpcall)
 * finds its connection here.
 */
const interruptThreads = new WeakMap<Thread, Connection>();

export class InterruptChains {
  private readonly chains = new Map<number, Connection[]>();
  /** Lines whose chain waits for a guest handler (the line is masked meanwhile). */
  private readonly runs = new Map<number, ChainRun>();
  private nextId = 1;

  constructor(private readonly enableLine: (irq: number, on: boolean) => void) {}

  /** Adds native `handler` at the end of line `irq`'s chain; returns the connection id. */
  connect(irq: number, actor: Actor, handler: InterruptHandler): number {
    return this.add({ id: this.nextId++, irq, actor, handler, guest: undefined });
  }

  /**
   * Adds a guest handler at the end of line `irq`'s chain: its interrupt thread is created in
   * the gate's actor and waits for the line. Returns the connection id.
   */
  connectGuest(n: Nucleus, irq: number, gate: GuestInterruptGate): number {
    const wake = new Semaphore(0);
    const start = { entry: gate.entry, stack: (gate.stack - HOME) | 0 };
    const thread = n.createThread(gate.actor, `irq${irq}`, 0, waitForLine(wake), true, start);
    // The thread's native body is a nucleus wait; when it ends the thread runs guest code from
    // the context the chain set (the runner's path for a finished trap handler).
    thread.inTrap = true;
    const c: Connection = {
      id: this.nextId++,
      irq,
      actor: gate.actor,
      handler: undefined,
      guest: { n, gate, thread, wake },
    };
    interruptThreads.set(thread, c);
    return this.add(c);
  }

  private add(c: Connection): number {
    let chain = this.chains.get(c.irq);
    if (chain === undefined) {
      chain = [];
      this.chains.set(c.irq, chain);
    }
    chain.push(c);
    if (chain.length === 1) this.enableLine(c.irq, true);
    return c.id;
  }

  /** Removes connection `id` made by `actor`; false when there is none. */
  disconnect(id: number, actor: Actor): boolean {
    for (const chain of this.chains.values()) {
      const c = chain.find((x) => x.id === id && x.actor === actor);
      if (c === undefined) continue;
      this.remove(c);
      return true;
    }
    return false;
  }

  /** Removes every connection of an actor being deleted. */
  disconnectActor(actor: Actor): void {
    for (const chain of [...this.chains.values()])
      for (const c of [...chain]) if (c.actor === actor) this.remove(c);
  }

  /**
   * Takes connection `c` off its chain. A guest connection's thread is deleted; a chain run
   * waiting for it goes on with the connections after it (or ends, the line staying masked,
   * when the chain is now empty and so disabled).
   */
  private remove(c: Connection): void {
    const chain = this.chains.get(c.irq);
    const at = chain === undefined ? -1 : chain.indexOf(c);
    if (chain === undefined || at < 0) return;
    chain.splice(at, 1);
    if (chain.length === 0) {
      this.chains.delete(c.irq);
      this.enableLine(c.irq, false);
    }
    const guest = c.guest;
    if (guest === undefined) return;
    interruptThreads.delete(guest.thread);
    guest.n.killThread(guest.thread); // no-op when it is already dead
    const run = this.runs.get(c.irq);
    if (run?.running !== c) return;
    this.runs.delete(c.irq);
    if (chain.length > 0) continueChain(guest.n, c.irq, run.rest, true);
  }

  chain(irq: number): readonly Connection[] {
    return this.chains.get(irq) ?? [];
  }

  /** Whether connection `c` is still on its line's chain. */
  connected(c: Connection): boolean {
    return this.chains.get(c.irq)?.includes(c) === true;
  }

  /** The chain run waiting on line `irq`, if any. */
  run(irq: number): ChainRun | undefined {
    return this.runs.get(irq);
  }

  setRun(irq: number, run: ChainRun | undefined): void {
    if (run === undefined) this.runs.delete(irq);
    else this.runs.set(irq, run);
  }
}

/** An interrupt thread's body between runs: waits for its line's chain to start it. */
function* waitForLine(wake: Semaphore): Generator<Request, number, unknown> {
  for (;;) {
    // K_EABORT (a threadAbort) is not a start: the thread goes on waiting.
    const started = yield { op: 'call', name: 'semP', args: [wake, -1] };
    if (started === 0) return 0;
  }
}

/**
 * Line `irq` interrupted: the chain's handlers are called in order until one claims it. An
 * unclaimed level interrupt would come back at once, so its line is masked and the fact reported.
 */
export function runChain(n: Nucleus, irq: number): void {
  if (n.interrupts.run(irq) !== undefined) {
    // The line is masked while a guest handler runs; an interrupt taken before the mask reached
    // the controller is left to that run.
    n.hal.enableIrq(irq, false);
    return;
  }
  continueChain(n, irq, [...n.interrupts.chain(irq)], false);
}

/**
 * Calls the connections in `rest` in order (those disconnected meanwhile are skipped) until one
 * claims the interrupt or a guest one is started. `masked`: a guest handler of this run masked
 * the line, so a claim unmasks it.
 */
function continueChain(n: Nucleus, irq: number, rest: Connection[], masked: boolean): void {
  const context = { irq, cpu: n.cpu, semV: (sem: Semaphore) => n.semPost(sem) };
  for (let c = rest.shift(); c !== undefined; c = rest.shift()) {
    if (!n.interrupts.connected(c)) continue;
    if (c.guest !== undefined) {
      startGuest(n, c, c.guest, rest);
      return;
    }
    const handler = c.handler!;
    if (n.guarded(() => handler(context))) {
      if (masked) n.hal.enableIrq(irq, true);
      return;
    }
  }
  n.unclaimedInterrupts++;
  n.hal.enableIrq(irq, false);
  n.hal.consoleWrite(`nucleus: interrupt ${irq} not claimed by any handler; line masked\n`);
}

/** Masks the line and starts guest connection `c`'s thread on entry(irq). */
function startGuest(n: Nucleus, c: Connection, g: InterruptThread, rest: Connection[]): void {
  n.hal.enableIrq(c.irq, false);
  n.interrupts.setRun(c.irq, { running: c, rest });
  const sp = (g.gate.stack - HOME) | 0;
  n.hal.startUpcall(g.thread.guest, g.gate.entry, sp, g.gate.ret, c.irq, 0);
  n.semPost(g.wake);
}

/** Whether `t` is the interrupt thread of a guest connection. */
export function isInterruptThread(t: Thread): boolean {
  return interruptThreads.has(t);
}

/**
 * Interrupt thread `t` ended its handler with `claimed` (its svTrapReturn, or a fault: false):
 * the run ends or goes on down the chain, and the thread's body waits for the next start.
 * The caller makes `t` run that body (a native continuation) next.
 */
export function endInterruptRun(
  n: Nucleus,
  t: Thread,
  claimed: boolean,
): Generator<Request, number, unknown> {
  const c = interruptThreads.get(t)!;
  const g = c.guest!;
  const run = n.interrupts.run(c.irq);
  if (run?.running === c) {
    n.interrupts.setRun(c.irq, undefined);
    if (claimed) n.hal.enableIrq(c.irq, true);
    else continueChain(n, c.irq, run.rest, true);
  }
  return waitForLine(g.wake);
}

/**
 * Guest interrupt thread `t` faulted in its handler: reported, counted as "not claimed", and
 * the thread goes back to waiting for its line. Returns false when `t` is no interrupt thread.
 */
export function interruptFault(n: Nucleus, t: Thread, kind: string, detail: string): boolean {
  const c = interruptThreads.get(t);
  if (c === undefined) return false;
  n.hal.consoleWrite(
    `fault: thread ${t.li} (${t.name}) in the interrupt handler of actor ${c.actor.name} for line ${c.irq}: ${kind}: ${detail}; not claimed\n`,
  );
  t.body = endInterruptRun(n, t, false);
  t.inTrap = true;
  t.result = undefined;
  return true;
}

/** Thread `t` died (Nucleus.killThread): its guest connection, if it had one, goes too. */
export function interruptThreadDied(t: Thread): void {
  const c = interruptThreads.get(t);
  if (c === undefined) return;
  interruptThreads.delete(t);
  c.guest!.n.interrupts.disconnect(c.id, c.actor);
}
