// The executive (DESIGN.md §3): object tables, the dispatcher, waits and their undoing, time,
// and the loop a CPU runs for native threads. It is portable: it reaches the hardware only
// through the `HalPort` its HAL gives it (nucleus/hal/<family>). It is entered on a CPU from a
// thread's request (`runOn`), an IPI (`onIpi`) or the clock (`onClock`); each entry runs to
// completion, returns the cycles it cost, and leaves `scheduler.running[k]` as CPU k's thread.
//
// Calls (calls.ts) return an `Outcome` for the caller and record wake-ups; `dispatch` alone
// applies them: it blocks or resumes the caller, reschedules the local CPU and sends IPIs to the
// CPUs a woken thread should preempt.
import type { GuestStart } from './api/index.ts';
import type { CostTable } from './costs.ts';
import { DEFAULT_COSTS } from './costs.ts';
import { Deadlines } from './deadlines.ts';
import { K_EABORT, K_ETIMEOUT, K_OK, NucleusPanic } from './errors.ts';
import { guardedCall, threadFault } from './faults.ts';
import { guestCall } from './guest-abi.ts';
import type { FaultWords } from './guest-handlers.ts';
import { releaseUpcall } from './guest-handlers.ts';
import type { HalPort } from './hal-port.ts';
import { InterruptChains, runChain } from './interrupt-chains.ts';
import { Ipc } from './ipc/engine.ts';
import type { Ui } from './ipc/objects.ts';
import type {
  Actor,
  Capability,
  Fault,
  GuestTrapGate,
  Mutex,
  Semaphore,
  Timer,
  TrapHandler,
} from './objects.ts';
import { NO_WAIT, Thread } from './objects.ts';
import type { Outcome } from './outcome.ts';
import { enterTrap, runThreads } from './runner.ts';
import { Scheduler } from './scheduler.ts';
import { AsidAllocator } from './user-space.ts';
import type { PageFrames } from './vm/frames.ts';
import { withPaging } from './vm/paging.ts';
import { Vm } from './vm/vm.ts';

export interface NucleusOptions {
  readonly site: string;
  readonly siteNumber?: number;
  readonly cpus: number;
  readonly frequencyHz: number;
  /** Device interrupt lines of the board's controller (svIntrConnect range). */
  readonly interruptLines?: number;
  readonly costs?: CostTable;
  /** The machine's seeded PRNG: keys of capabilities. */
  readonly random: () => number;
}

export class Nucleus {
  readonly site: string;
  readonly siteNumber: number;
  readonly epoch = 1;
  readonly costs: CostTable;
  readonly scheduler: Scheduler;
  readonly frequencyHz: number;
  readonly actors = new Map<number, Actor>();
  readonly threads = new Map<number, Thread>();
  /** Faults reported (a stopped thread), in order. */
  readonly faults: Fault[] = [];
  readonly random: () => number;
  readonly interruptLines: number;
  /** svTrapConnect: trap number -> handler and its actor. */
  /** Virtual memory: frames, local caches, faults (nucleus/vm; boot sets the frame range). */
  readonly vm: Vm;
  get frames(): PageFrames {
    return this.vm.frames;
  }
  set frames(frames: PageFrames) {
    this.vm.frames = frames;
  }
  readonly asids = new AsidAllocator();
  readonly trapHandlers = new Map<
    number,
    { readonly actor: Actor; readonly handler: TrapHandler; readonly gate?: GuestTrapGate }
  >();
  /** Ports, groups and messages (nucleus/ipc). */
  readonly ipc: Ipc;
  /** svIntrConnect chains, per line, in connection order. */
  readonly interrupts: InterruptChains;
  /** Interrupts no handler claimed (their line is then masked). */
  unclaimedInterrupts = 0;
  hal: HalPort;
  /** The CPU the nucleus is running on during an entry. */
  cpu = 0;
  /** Cycles charged during the current entry (beyond the base cost of the path). */
  charged = 0;
  private serial = 0;
  private nextLi = 1;
  /** CPUs a wake-up in the current entry asked to preempt (bit k). */
  private preemptMask = 0;
  /** Cycles the CPUs spent in threads / idle entries (statistics). */
  readonly contextSwitches: number[];

  constructor(options: NucleusOptions, hal: HalPort) {
    this.site = options.site;
    this.siteNumber = options.siteNumber ?? 1;
    this.costs = options.costs ?? DEFAULT_COSTS;
    this.scheduler = new Scheduler(options.cpus);
    this.frequencyHz = options.frequencyHz;
    this.random = options.random;
    this.interruptLines = options.interruptLines ?? 16;
    this.hal = hal;
    this.interrupts = new InterruptChains((irq, on) => this.hal.enableIrq(irq, on));
    this.contextSwitches = new Array<number>(options.cpus).fill(0);
    this.deadlines = new Deadlines(options.cpus);
    this.ipc = new Ipc(this);
    this.vm = new Vm(this);
  }

  // --- identifiers and lookup ---

  newCapability(): Capability {
    this.serial++;
    return { site: this.siteNumber, epoch: this.epoch, serial: this.serial, key: this.random() >>> 0 };
  }

  /** The live actor a capability names, or undefined (unknown, stale or wrong key). */
  actorOf(cap: Capability): Actor | undefined {
    if (cap.site !== this.siteNumber || cap.epoch !== this.epoch) return undefined;
    const actor = this.actors.get(cap.serial);
    return actor !== undefined && actor.cap.key === cap.key && !actor.deleted ? actor : undefined;
  }

  /** A fresh UI of this site and epoch (ports, groups); serials are shared with capabilities. */
  newUi(): Ui {
    this.serial++;
    return { site: this.siteNumber, epoch: this.epoch, serial: this.serial };
  }

  newLi(): number {
    return this.nextLi++;
  }

  /**
   * The current time on the CPU the nucleus runs on. While the runner works through a CPU's
   * budget the CPU clock has not moved yet, so the cycles used so far (`elapsed`) are added.
   */
  now(): number {
    return this.hal.now(this.cpu) + this.elapsed;
  }

  /** Cycles the runner has used in its current turn on `cpu` (see now()). */
  elapsed = 0;

  microsToCycles(micros: number): number {
    return Math.round((micros * this.frequencyHz) / 1_000_000);
  }

  cyclesToMicros(cycles: number): number {
    return Math.floor((cycles * 1_000_000) / this.frequencyHz);
  }

  panic(where: string, reason: string): never {
    const t = this.scheduler.running[this.cpu];
    throw new NucleusPanic({
      site: this.site,
      cycle: this.now(),
      cpu: this.cpu,
      thread: t === undefined ? 'none' : `${t.li} (${t.name})`,
      where,
      reason,
    });
  }

  // --- waking and waiting ---

  /** Makes a thread that stopped waiting or was resumed runnable (unless it is suspended). */
  ready(thread: Thread): void {
    if (thread.state === 'dead') return;
    if (thread.suspendCount > 0) {
      thread.state = 'suspended';
      return;
    }
    this.charged += this.costs.wake;
    const target = this.scheduler.makeReady(thread, 'tail');
    if (target >= 0) this.preemptMask |= 1 << target;
  }

  /** Ends a blocked thread's wait with `result`: the one way waits end other than success. */
  undoWait(thread: Thread, result: number): void {
    const w = thread.wait;
    switch (w.kind) {
      case 'none':
        return;
      case 'delay':
        break;
      case 'sem':
        removeFrom(w.sem.waiters, thread);
        break;
      case 'mutex':
        removeFrom(w.mutex.waiters, thread);
        break;
      case 'event':
        removeFrom(w.event.waiters, thread);
        break;
      case 'receive':
        this.ipc.endReceiveWait(thread, w.port);
        break;
      case 'call':
        this.ipc.endCallWait(w.call, result);
        break;
    }
    this.endWait(thread, result);
  }

  /** A wait ends (satisfied or undone): the thread receives `result` and becomes ready. */
  endWait(thread: Thread, result: unknown): void {
    thread.wait = NO_WAIT;
    thread.deadline = Number.POSITIVE_INFINITY;
    thread.result = result;
    if (thread.state === 'blocked') thread.state = 'suspended';
    this.ready(thread);
  }

  /**
   * threadAbort: a thread in an abortable wait leaves it with K_EABORT; otherwise (running, or in
   * a mutex wait or a call made without K_ABORTABLE, reference §3) the abort stays pending for
   * its next abortable wait.
   */
  abort(thread: Thread): void {
    const w = thread.wait;
    const abortable =
      thread.state === 'blocked' && w.kind !== 'mutex' && (w.kind !== 'call' || w.call.abortable);
    if (abortable) this.undoWait(thread, K_EABORT);
    else thread.abortPending = true;
  }

  /** Whether an abortable wait should fail at once because of a pending threadAbort. */
  takeAbort(thread: Thread): boolean {
    if (!thread.abortPending) return false;
    thread.abortPending = false;
    return true;
  }

  /** Asks CPU k to reschedule (the thread it runs was taken away or changed priority). */
  requestReschedule(k: number): void {
    this.preemptMask |= 1 << k;
  }

  /** Takes a thread off whatever it is doing (suspend, delete): off its CPU or its ready queue. */
  detach(thread: Thread): void {
    if (thread.state === 'ready') this.scheduler.unready(thread);
    else if (thread.state === 'running') {
      const k = thread.cpu;
      this.scheduler.vacate(k);
      this.requestReschedule(k);
    }
  }

  /** Deletes a thread: undoes its wait, takes it off its CPU, forgets it. */
  killThread(thread: Thread): void {
    if (thread.state === 'dead') return;
    if (thread.state === 'blocked') {
      this.undoWait(thread, K_EABORT);
      this.scheduler.unready(thread);
    }
    this.detach(thread);
    thread.state = 'dead';
    releaseUpcall(thread);
    this.ipc.threadGone(thread);
    for (const mutex of thread.held) this.handOver(mutex);
    thread.held.clear();
    thread.actor.threads.delete(thread);
    this.threads.delete(thread.li);
  }

  /** A mutex's owner lets go: the most urgent waiter (FIFO among equals) gets it, or nobody. */
  handOver(mutex: Mutex): void {
    let best = -1;
    for (let i = 0; i < mutex.waiters.length; i++)
      if (best < 0 || mutex.waiters[i]!.priority < mutex.waiters[best]!.priority) best = i;
    if (best < 0) {
      mutex.owner = undefined;
      return;
    }
    const next = mutex.waiters.splice(best, 1)[0]!;
    mutex.owner = next;
    next.held.add(mutex);
    this.endWait(next, K_OK);
  }

  /** V on a semaphore: the longest waiter gets it, else the count goes up (reference §3). */
  semPost(sem: Semaphore): void {
    const waiter = sem.waiters.shift();
    if (waiter === undefined) sem.count++;
    else this.endWait(waiter, 0);
  }

  // --- supervisor: interrupts ---

  /** Forgets everything an actor connected (it is being deleted). */
  disconnectActor(actor: Actor): void {
    this.interrupts.disconnectActor(actor);
    for (const [trap, entry] of [...this.trapHandlers])
      if (entry.actor === actor) this.trapHandlers.delete(trap);
    this.deadlines.disarmActor(actor);
  }

  /** Thread `t` on CPU k trapped (runner.ts): cycles, or false when `trap` is not connected. */
  trap(k: number, t: Thread, trap: number, args: readonly number[]): number | false {
    return enterTrap(this, k, t, trap, args);
  }

  /**
   * Thread `t` on CPU k made nucleus call `number` through the nucleus trap (guest-abi.ts, its
   * guest context saved past the trap): the call runs as the thread's native continuation.
   */
  guestCall(k: number, t: Thread, number: number, args: readonly number[]): number {
    this.cpu = k;
    t.body = withPaging(t, () => guestCall(this, t, number, args));
    t.inTrap = true;
    t.result = undefined;
    return this.costs.call;
  }

  /** Device line `irq` interrupted CPU k (see interrupt-chains.ts). */
  onDeviceInterrupt(k: number, irq: number): number {
    this.cpu = k;
    this.charged = 0;
    runChain(this, irq);
    return this.costs.interrupt + this.charged + this.dispatch(k, undefined, undefined);
  }

  // --- the dispatcher ---

  /**
   * Applies a call's outcome for `caller` on CPU k and the wake-ups recorded during the entry:
   * the one place that switches threads. Returns the cycles of the switches it made.
   */
  dispatch(k: number, caller: Thread | undefined, outcome: Outcome | undefined): number {
    let cycles = 0;
    if (caller !== undefined && outcome !== undefined) {
      if (outcome.kind === 'resume') caller.result = outcome.value;
      else if (outcome.kind === 'block') {
        caller.state = 'blocked';
        caller.wait = outcome.wait;
        caller.deadline = outcome.deadline;
        if (this.scheduler.running[k] === caller) this.scheduler.vacate(k);
        this.preemptMask |= 1 << k;
      } else if (this.scheduler.running[k] === undefined) this.preemptMask |= 1 << k;
    }
    // Reschedule until no CPU should change: locally at once, remote CPUs by IPI.
    for (let guard = 0; this.preemptMask !== 0; guard++) {
      if (guard > 64) this.panic('dispatch', 'rescheduling does not settle');
      const mask = this.preemptMask;
      this.preemptMask = 0;
      for (let j = 0; j < this.scheduler.cpus; j++) {
        if ((mask & (1 << j)) === 0) continue;
        if (j === k) {
          const rotate = this.rotateCpu === k;
          this.rotateCpu = -1;
          if (rotate ? this.scheduler.rotate(k) : this.scheduler.reschedule(k)) {
            cycles += this.costs.contextSwitch;
            this.contextSwitches[k]!++;
            this.startSlice(k);
            const again = this.scheduler.preemptionTarget();
            if (again >= 0 && again !== k) this.preemptMask |= 1 << again;
          } else if (
            this.deadlines.sliceEnd[k] === Number.POSITIVE_INFINITY &&
            (this.scheduler.running[k]?.slice ?? 0) > 0
          ) {
            this.startSlice(k); // a slice given to the running thread starts now
          }
        } else {
          cycles += this.costs.ipi;
          this.hal.sendIpi(k, j);
        }
      }
    }
    if (this.deadlines.changed) this.rearm(k);
    return cycles;
  }

  /** CPU k took an IPI: it reschedules, and passes the baton if another CPU should too. */
  onIpi(k: number): number {
    this.cpu = k;
    this.charged = 0;
    this.preemptMask = 1 << k;
    return this.costs.interrupt + this.dispatch(k, undefined, undefined);
  }

  // --- time ---

  readonly deadlines: Deadlines;
  /** CPU whose slice ended: the dispatcher rotates its thread. */
  private rotateCpu = -1;

  setTimer(timer: Timer, deadline: number): void {
    this.deadlines.setTimer(timer, deadline);
  }

  /** Starts a timed wait for `thread` (called by calls that block with a timeout). */
  deadlineIn(thread: Thread, micros: number): number {
    this.deadlines.addWait(thread);
    return this.now() + Math.max(1, this.microsToCycles(micros));
  }

  private rearm(k: number): void {
    const first = this.deadlines.toArm(k);
    if (first !== Number.POSITIVE_INFINITY) this.hal.armTimer(k, first);
  }

  // Round-robin: a thread with a slice that has run for it gives the CPU to the next ready thread
  // of its priority (it goes to the tail); without such a thread it starts a new slice.
  private startSlice(k: number): void {
    const t = this.scheduler.running[k];
    this.deadlines.sliceEnd[k] =
      t !== undefined && t.slice > 0 ? this.now() + t.slice : Number.POSITIVE_INFINITY;
    this.deadlines.changed = true;
  }

  /** The clock interrupt on CPU k: due waits end (K_ETIMEOUT, K_OK for a delay), due timers fire. */
  onClock(k: number): number {
    this.cpu = k;
    this.charged = 0;
    const now = this.now();
    this.deadlines.armed[k] = Number.POSITIVE_INFINITY;
    if (this.deadlines.sliceEnd[k]! <= now) {
      this.startSlice(k);
      this.rotateCpu = k;
      this.preemptMask |= 1 << k;
    }
    for (const t of this.deadlines.dueWaits(now))
      this.undoWait(t, t.wait.kind === 'delay' ? K_OK : K_ETIMEOUT);
    for (const timer of this.deadlines.dueTimers(now)) {
      timer.fired++;
      this.semPost(timer.sem);
    }
    return this.costs.interrupt + this.charged + this.dispatch(k, undefined, undefined);
  }

  // --- running threads ---

  /** Runs CPU k's threads for about `budget` cycles (runner.ts); returns the cycles used. */
  runOn(k: number, budget: number): number {
    return runThreads(this, k, budget);
  }

  /** One nucleus entry from thread `t` on CPU k: the call, then the dispatcher. */
  enter(k: number, t: Thread, body: () => Outcome): number {
    this.cpu = k;
    this.charged = 0;
    const outcome = body();
    const cost = this.costs.call + this.charged;
    return cost + this.dispatch(k, t, outcome);
  }

  /** A thread faulted (faults.ts): cycles of what the nucleus did about it. */
  fault(k: number, t: Thread, kind: string, detail: string, at?: FaultWords): number {
    return threadFault(this, k, t, kind, detail, at);
  }

  /** Calls an actor's handler; a host exception in it counts as "not handled" (faults.ts). */
  guarded(handler: () => boolean): boolean {
    return guardedCall(this, handler);
  }

  /** Creates an actor directly (boot time, before any thread runs). */
  bootActor(actor: Actor): void {
    this.actors.set(actor.cap.serial, actor);
  }

  /** A priority is 0..255. */
  validPriority(p: unknown): p is number {
    return typeof p === 'number' && Number.isInteger(p) && p >= 0 && p <= 255;
  }

  /** Makes a new thread (threadCreate and boot): native with `body`, guest code with `start`. */
  createThread(
    actor: Actor,
    name: string,
    priority: number,
    body: Thread['body'],
    active: boolean,
    start?: GuestStart,
  ): Thread {
    const t = new Thread(this.newLi(), actor, name, priority, body);
    if (start !== undefined) {
      t.guest = this.hal.newGuestContext(start.entry, start.stack, start.arg ?? 0);
      if (start.context !== undefined) this.hal.writeRegisters(t.guest, start.context);
    }
    actor.threads.add(t);
    this.threads.set(t.li, t);
    if (actor.stopped) t.suspendCount++;
    if (active) this.ready(t);
    else {
      t.inactive = true;
      t.suspendCount++;
    }
    return t;
  }

  /** Makes a new thread that runs guest code from `start` (entry, stack pointer, argument). */
  createGuestThread(
    actor: Actor,
    name: string,
    priority: number,
    start: GuestStart,
    active: boolean,
  ): Thread {
    return this.createThread(actor, name, priority, undefined, active, start);
  }

  /** Starts boot-time threads on every CPU (called once by boot after the HAL is up). */
  startAll(k: number): number {
    this.cpu = k;
    for (let j = 0; j < this.scheduler.cpus; j++) this.preemptMask |= 1 << j;
    return this.dispatch(k, undefined, undefined);
  }
}

function removeFrom<T>(list: T[], item: T): void {
  const at = list.indexOf(item);
  if (at >= 0) list.splice(at, 1);
}
