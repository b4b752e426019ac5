// The nucleus's time bookkeeping: threads in a timed wait, armed timers, each CPU's round-robin
// slice end, and what each CPU's clock is armed for. Each CPU's timer serves the whole site: a
// CPU arms its own clock when the first deadline is earlier than what it is armed for, and
// whichever clock fires first expires everything due (Nucleus.onClock).
import type { Actor, Thread, Timer } from './objects.ts';

const NEVER = Number.POSITIVE_INFINITY;

export class Deadlines {
  /** Something changed since the clocks were last armed. */
  changed = false;
  private readonly waits = new Set<Thread>();
  private readonly timers = new Set<Timer>();
  /** Per CPU: the deadline its clock is armed for, and the end of its thread's slice. */
  readonly armed: number[];
  readonly sliceEnd: number[];

  constructor(cpus: number) {
    this.armed = new Array<number>(cpus).fill(NEVER);
    this.sliceEnd = new Array<number>(cpus).fill(NEVER);
  }

  addWait(thread: Thread): void {
    this.waits.add(thread);
    this.changed = true;
  }

  /** Arms `timer` for absolute cycle `deadline` (infinity disarms it). */
  setTimer(timer: Timer, deadline: number): void {
    timer.deadline = deadline;
    if (deadline === NEVER) this.timers.delete(timer);
    else this.timers.add(timer);
    this.changed = true;
  }

  /** Disarms every timer of an actor being deleted. */
  disarmActor(actor: Actor): void {
    for (const timer of [...this.timers]) if (timer.actor === actor) this.setTimer(timer, NEVER);
  }

  /** The first deadline CPU k should wake for if it is earlier than its clock's; else infinity. */
  toArm(k: number): number {
    this.changed = false;
    let first = this.sliceEnd[k]!;
    for (const t of this.waits) {
      if (t.state !== 'blocked' || t.deadline === NEVER) this.waits.delete(t);
      else if (t.deadline < first) first = t.deadline;
    }
    for (const timer of this.timers) if (timer.deadline < first) first = timer.deadline;
    if (first >= this.armed[k]!) return NEVER;
    this.armed[k] = first;
    return first;
  }

  /** Timed waits due at `now`, earliest first (ties by LI); they leave the set. */
  dueWaits(now: number): Thread[] {
    const due = [...this.waits]
      .filter((t) => t.state === 'blocked' && t.deadline <= now)
      .sort((a, b) => a.deadline - b.deadline || a.li - b.li);
    for (const t of due) this.waits.delete(t);
    return due;
  }

  /**
   * Timers due at `now`, earliest first. A periodic timer's next expiry is measured from its
   * deadline, so the period never drifts; a one-shot timer is disarmed.
   */
  dueTimers(now: number): Timer[] {
    const due = [...this.timers].filter((t) => t.deadline <= now).sort((a, b) => a.deadline - b.deadline);
    for (const timer of due) {
      if (timer.period > 0) {
        let next = timer.deadline + timer.period;
        while (next <= now) next += timer.period;
        timer.deadline = next;
      } else this.setTimer(timer, NEVER);
    }
    this.changed = true;
    return due;
  }
}
