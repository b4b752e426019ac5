// The scheduler alone, against a model: after every decision is applied, the running set is the
// N highest-priority ready threads and each priority level keeps FIFO order.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Actor, Scheduler, Thread } from '../../nucleus/index.ts';

const owner = new Actor({ site: 1, epoch: 1, serial: 1, key: 0 }, 'system', 'test');
function* nothing() {}
const thread = (li: number, priority: number) => new Thread(li, owner, `t${li}`, priority, nothing());

/** Applies every reschedule a decision asked for, as the dispatcher and the IPIs do. */
function settle(s: Scheduler, first: number): void {
  let target = first;
  for (let guard = 0; target >= 0; guard++) {
    if (guard > 100) throw new Error('does not settle');
    s.reschedule(target);
    target = s.preemptionTarget();
  }
}

describe('SCHED: the SMP priority scheduler', () => {
  it('SCHED: a woken thread goes to the tail of its priority, a preempted one to the head', () => {
    const s = new Scheduler(1);
    const [a, b, c, urgent] = [thread(1, 5), thread(2, 5), thread(3, 5), thread(4, 1)];
    settle(s, s.makeReady(a, 'tail'));
    s.makeReady(b, 'tail');
    s.makeReady(c, 'tail');
    expect(s.running[0]).toBe(a);
    settle(s, s.makeReady(urgent, 'tail'));
    expect(s.running[0]).toBe(urgent);
    expect(s.readyAt(5).map((t) => t.li)).toEqual([1, 2, 3]);
  });

  it('SCHED: a wake-up picks an idle CPU first, then the CPU running the lowest priority', () => {
    const s = new Scheduler(3);
    expect(s.makeReady(thread(1, 10), 'tail')).toBe(0);
    settle(s, 0);
    expect(s.makeReady(thread(2, 30), 'tail')).toBe(1);
    settle(s, 1);
    expect(s.makeReady(thread(3, 20), 'tail')).toBe(2);
    settle(s, 2);
    expect(s.makeReady(thread(4, 15), 'tail')).toBe(1); // beats the 30 on cpu1
    expect(s.makeReady(thread(5, 40), 'tail')).toBe(1); // cpu1 still runs 30 until it reschedules
    settle(s, 1);
    expect(s.running.map((t) => t?.li)).toEqual([1, 4, 3]);
    expect(s.preemptionTarget()).toBe(-1);
  });

  it('SCHED: model check: the running set is always the N highest ready threads, FIFO kept', () => {
    type Op =
      | { kind: 'wake'; priority: number }
      | { kind: 'block'; cpu: number }
      | { kind: 'renice'; cpu: number; priority: number };
    const op = fc.oneof(
      fc.record({ kind: fc.constant('wake' as const), priority: fc.integer({ min: 0, max: 7 }) }),
      fc.record({ kind: fc.constant('block' as const), cpu: fc.integer({ min: 0, max: 3 }) }),
      fc.record({
        kind: fc.constant('renice' as const),
        cpu: fc.integer({ min: 0, max: 3 }),
        priority: fc.integer({ min: 0, max: 7 }),
      }),
    );
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }), fc.array(op, { maxLength: 60 }), (cpus, ops: Op[]) => {
        const s = new Scheduler(cpus);
        // Model: ready threads in order of (priority, arrival), arrival renewed on every wake.
        const order = new Map<Thread, number>();
        const ran = new Set<Thread>();
        let clock = 0;
        let next = 1;
        for (const o of ops) {
          if (o.kind === 'wake') {
            const t = thread(next++, o.priority);
            order.set(t, clock++);
            settle(s, s.makeReady(t, 'tail'));
          } else {
            const k = o.cpu % cpus;
            const t = s.running[k];
            if (t === undefined) continue;
            if (o.kind === 'block') {
              s.vacate(k);
              order.delete(t);
              t.state = 'blocked';
              settle(s, k);
            } else {
              t.priority = o.priority;
              settle(s, s.preemptionTarget() >= 0 ? s.preemptionTarget() : k);
              settle(s, k);
            }
          }
          const running = s.running.filter((t) => t !== undefined);
          const ready = [...order.keys()].filter((t) => t.state === 'ready');
          // N highest: no ready thread beats a running one, and no CPU idles while one is ready.
          const worstRunning = Math.max(-1, ...running.map((t) => t.priority));
          const bestReady = Math.min(256, ...ready.map((t) => t.priority));
          if (running.length === cpus) expect(bestReady).toBeGreaterThanOrEqual(worstRunning);
          else expect(ready).toEqual([]);
          // FIFO within a priority: preempted threads (they have run) sit at the head, threads
          // that never ran follow in the order they were woken.
          for (const t of running) ran.add(t);
          for (let p = 0; p < 8; p++) {
            const q = s.readyAt(p);
            const firstNew = q.findIndex((t) => !ran.has(t));
            const fresh = firstNew < 0 ? [] : q.slice(firstNew);
            expect(fresh.every((t) => !ran.has(t))).toBe(true);
            expect(fresh.map((t) => t.li)).toEqual(fresh.map((t) => t.li).sort((x, y) => x - y));
          }
        }
      }),
      { numRuns: 300, seed: 5 },
    );
  });
});
