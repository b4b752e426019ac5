// The SMP priority scheduler (DESIGN.md §3, reference §5): 256 priorities, 0 the highest, FIFO
// within a priority (a woken thread joins the tail, a preempted one the head). `running[k]` is
// the thread CPU k runs. It only decides: `makeReady` names the CPU the thread should preempt (the
// dispatcher switches locally or sends that CPU an IPI) and `reschedule(k)` switches CPU k to the
// best ready thread when it beats (or replaces) the current one. When every reschedule a
// decision asked for has been applied, the running set is the N highest-priority ready threads.
import type { Thread } from './objects.ts';

export const PRIORITIES = 256;

export class Scheduler {
  readonly running: (Thread | undefined)[];
  private readonly queues: Thread[][] = Array.from({ length: PRIORITIES }, () => []);
  /** Number of ready (queued) threads. */
  readyCount = 0;

  constructor(readonly cpus: number) {
    this.running = new Array<Thread | undefined>(cpus).fill(undefined);
  }

  /**
   * Queues `thread` as ready (tail when woken, head when preempted) and returns the CPU it should
   * preempt: an idle CPU first (lowest index), else the CPU running the lowest-priority thread
   * when `thread` beats it (ties: the highest index); -1 when it must wait its turn.
   */
  makeReady(thread: Thread, where: 'head' | 'tail'): number {
    thread.state = 'ready';
    thread.cpu = -1;
    const q = this.queues[thread.priority]!;
    if (where === 'head') q.unshift(thread);
    else q.push(thread);
    this.readyCount++;
    return this.preemptionTarget();
  }

  /** The CPU that should take the best ready thread now, or -1. */
  preemptionTarget(): number {
    const best = this.bestPriority();
    if (best < 0) return -1;
    let victim = -1;
    let worst = -1;
    for (let k = 0; k < this.cpus; k++) {
      const t = this.running[k];
      if (t === undefined) return k;
      if (t.priority >= worst) {
        worst = t.priority;
        victim = k;
      }
    }
    return best < worst ? victim : -1;
  }

  /** Removes a ready thread from its queue (block, suspend, delete, priority change). */
  unready(thread: Thread): void {
    const q = this.queues[thread.priority]!;
    const at = q.indexOf(thread);
    if (at < 0) return;
    q.splice(at, 1);
    this.readyCount--;
  }

  /** The highest ready priority, or -1 when nothing is ready. */
  bestPriority(): number {
    if (this.readyCount === 0) return -1;
    for (let p = 0; p < PRIORITIES; p++) if (this.queues[p]!.length > 0) return p;
    return -1;
  }

  /** CPU k's thread stops running (blocked, suspended, dead): the CPU has none until rescheduled. */
  vacate(k: number): void {
    const t = this.running[k];
    if (t !== undefined) t.cpu = -1;
    this.running[k] = undefined;
  }

  /**
   * Switches CPU k to the best ready thread if it has none or the best beats its own (the
   * preempted one goes back to the head of its queue). Returns true when the CPU changed thread.
   */
  reschedule(k: number): boolean {
    const best = this.bestPriority();
    if (best < 0) return false;
    const current = this.running[k];
    if (current !== undefined && current.priority <= best) return false;
    const next = this.queues[best]!.shift()!;
    this.readyCount--;
    if (current !== undefined) {
      const q = this.queues[current.priority]!;
      q.unshift(current);
      this.readyCount++;
      current.state = 'ready';
      current.cpu = -1;
    }
    next.state = 'running';
    next.cpu = k;
    this.running[k] = next;
    return true;
  }

  /**
   * Round-robin on CPU k: when another thread of the same priority is ready, the running one goes
   * to the tail and the head runs. Returns true when the CPU changed thread.
   */
  rotate(k: number): boolean {
    const current = this.running[k];
    if (current === undefined) return this.reschedule(k);
    const q = this.queues[current.priority]!;
    if (this.bestPriority() !== current.priority) return this.reschedule(k);
    const next = q.shift()!;
    q.push(current);
    current.state = 'ready';
    current.cpu = -1;
    next.state = 'running';
    next.cpu = k;
    this.running[k] = next;
    return true;
  }

  /** The ready threads of one priority, head first (for tests and threadStat). */
  readyAt(priority: number): readonly Thread[] {
    return this.queues[priority] ?? [];
  }
}
