// A real-time check: three periodic tasks under FIFO priorities on one CPU, released by periodic
// timers at a common critical instant. Their measured worst-case response times must match
// response-time analysis, R_i = C_i + sum over higher-priority j of ceil(R_i / T_j) * C_j, to
// within the nucleus overhead (clock interrupts, wake-ups, context switches, the calls).
import { describe, expect, it } from 'vitest';
import type { Semaphore, Timer } from '../../nucleus/index.ts';
import { api, DEFAULT_COSTS, K_NOTIMEOUT } from '../../nucleus/index.ts';
import { actor, boot } from './support.ts';

const CYCLES_PER_US = 100; // the default board runs at 100 MHz
const TASKS = [
  { name: 'fast', priority: 10, period: 1000, cost: 200 },
  { name: 'mid', priority: 20, period: 1500, cost: 400 },
  { name: 'slow', priority: 30, period: 3000, cost: 600 },
] as const;
const HYPERPERIODS = 2;
/**
 * The nucleus work each job brings, from the cost table: its timer interrupt and wake-up, the
 * switch to it and away from it, and its semP, sysTime and compute requests' entries.
 */
const c = DEFAULT_COSTS;
const JOB_OVERHEAD_US =
  (c.interrupt + c.wake + 2 * c.contextSwitch + 2 * c.call + c.sync + c.sysTime) / CYCLES_PER_US;

/** Response-time analysis with each job's cost raised by `overhead` µs. */
function responseTimeAnalysis(overhead: number): number[] {
  return TASKS.map((task, i) => {
    let r = task.cost + overhead;
    for (;;) {
      let next = task.cost + overhead;
      for (let j = 0; j < i; j++) next += Math.ceil(r / TASKS[j]!.period) * (TASKS[j]!.cost + overhead);
      if (next === r) return r;
      r = next;
    }
  });
}

describe('NUCLEUS: real-time behaviour', () => {
  it('NUCLEUS: periodic tasks under FIFO priorities meet their response-time analysis within the nucleus overhead', () => {
    const worst = TASKS.map(() => 0);
    const sems: Semaphore[] = [];
    const firstRelease: number[] = [];
    const b = boot(
      [
        actor('rt', [
          {
            name: 'setup',
            priority: 0,
            body: function* () {
              const self = yield* api.actorSelf();
              for (const task of TASKS) {
                const sem = (yield* api.semInit(0)) as Semaphore;
                sems.push(sem);
                yield* api.threadCreate(self, task.name, task.priority, function* () {
                  const i = TASKS.indexOf(task);
                  const releases = (HYPERPERIODS * 3000) / task.period;
                  for (let k = 0; k < releases; k++) {
                    yield* api.semP(sem, K_NOTIMEOUT);
                    yield* api.compute(task.cost * CYCLES_PER_US);
                    const response = (yield* api.sysTime()) - (firstRelease[i]! + k * task.period);
                    if (response > worst[i]!) worst[i] = response;
                  }
                });
              }
              // Arm the three timers for one common release 100 µs from now.
              const timers: Timer[] = [];
              for (const sem of sems) timers.push((yield* api.timerCreate(self, sem)) as Timer);
              const now = yield* api.sysTime();
              for (const [i, timer] of timers.entries()) {
                const delay = now + 100 - (yield* api.sysTime());
                firstRelease[i] = now + 100;
                yield* api.timerSet(timer, delay, TASKS[i]!.period);
              }
              yield* api.threadDelay(HYPERPERIODS * 3000 + 500);
              for (const timer of timers) yield* api.timerDelete(timer);
            },
          },
        ]),
      ],
      { cpus: 1 },
    );
    expect(b.run().kind).toBe('idle');
    const ideal = responseTimeAnalysis(0);
    expect(ideal).toEqual([200, 600, 1400]);
    const withNucleus = responseTimeAnalysis(JOB_OVERHEAD_US);
    // Measured on the default costs: 217, 631 and 1471 µs against 223.6, 647.2 and 1494.4.
    worst.forEach((measured, i) => {
      expect(measured).toBeGreaterThanOrEqual(ideal[i]!);
      expect(measured).toBeLessThanOrEqual(Math.ceil(withNucleus[i]!));
    });
  });
});
