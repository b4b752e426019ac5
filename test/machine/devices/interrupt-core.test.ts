import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DeviceHost } from '../../../machine/index.ts';
import { Bus, EventQueue, FIRST_SHARED, InterruptCore, Prng, SPURIOUS } from '../../../machine/index.ts';

function host(): DeviceHost & { fire(): void } {
  const queue = new EventQueue();
  return {
    frequencyHz: 1000,
    bus: new Bus('big'),
    queue,
    prng: new Prng(1),
    now: () => 0,
    currentCpu: () => -1,
    jitter: (c) => c,
    misuse: () => {},
    requestStop: () => {},
    fire() {
      while (queue.pop()) queue.poppedHandler!.onEvent(queue.poppedArg, queue.poppedTime);
    },
  };
}

type Op =
  | { kind: 'level'; line: number; on: boolean }
  | { kind: 'ack'; cpu: number }
  | { kind: 'eoi'; cpu: number; pick: number }
  | { kind: 'ipi'; from: number; targets: number; id: number }
  | { kind: 'mask'; cpu: number; value: number };

const CPUS = 3;
const LINES = 6;
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('level' as const), line: fc.nat(LINES - 1), on: fc.boolean() }),
  fc.record({ kind: fc.constant('ack' as const), cpu: fc.nat(CPUS - 1) }),
  fc.record({ kind: fc.constant('eoi' as const), cpu: fc.nat(CPUS - 1), pick: fc.nat(20) }),
  fc.record({
    kind: fc.constant('ipi' as const),
    from: fc.nat(CPUS - 1),
    targets: fc.integer({ min: 1, max: 7 }),
    id: fc.nat(15),
  }),
  fc.record({
    kind: fc.constant('mask' as const),
    cpu: fc.nat(CPUS - 1),
    value: fc.constantFrom(0x20, 0x80, 0xff),
  }),
);

describe('INTC core: invariants under random traffic', () => {
  it('INTC core: outputs match pending work, ACK respects priority and mask, no interrupt is taken twice', () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat(255), { minLength: LINES, maxLength: LINES }),
        fc.array(fc.integer({ min: 1, max: 7 }), { minLength: LINES, maxLength: LINES }),
        fc.array(opArb, { maxLength: 120 }),
        (priorities, targets, ops) => {
          const h = host();
          const core = new InterruptCore(h, CPUS, LINES);
          const outputs = [false, false, false];
          for (let cpu = 0; cpu < CPUS; cpu++) core.connectCpu(cpu, (on) => (outputs[cpu] = on));
          core.enabled = true;
          for (let cpu = 0; cpu < CPUS; cpu++) for (let id = 0; id < 16; id++) core.setEnabled(cpu, id, true);
          for (let n = 0; n < LINES; n++) {
            core.setEnabled(0, FIRST_SHARED + n, true);
            core.setPriority(0, FIRST_SHARED + n, priorities[n]!);
            core.targets[FIRST_SHARED + n] = targets[n]!;
          }
          const active: number[][] = [[], [], []];
          for (const op of ops) {
            if (op.kind === 'level') core.sharedLine(op.line).set(op.on);
            else if (op.kind === 'mask') {
              core.priorityMask[op.cpu] = op.value;
              core.update();
            } else if (op.kind === 'ipi') {
              core.sendIpi(op.from, op.targets, op.id);
              h.fire();
            } else if (op.kind === 'ack') {
              const before = Math.min(core.priorityMask[op.cpu]!, core.runningPriority(op.cpu));
              const got = core.acknowledge(op.cpu);
              if (got !== SPURIOUS) {
                const id = got & 0x3ff;
                expect(core.getPriority(op.cpu, id)).toBeLessThan(before);
                if (id >= FIRST_SHARED) {
                  expect(core.targets[id]! & (1 << op.cpu)).not.toBe(0);
                  // a shared interrupt is active on exactly one CPU
                  for (let other = 0; other < CPUS; other++)
                    if (other !== op.cpu) expect(active[other]).not.toContain(id);
                }
                expect(active[op.cpu]).not.toContain(id);
                active[op.cpu]!.push(id);
              }
            } else {
              const list = active[op.cpu]!;
              if (list.length === 0) {
                // nothing is active on this CPU in the model: the core must agree
                expect(core.endOfInterrupt(op.cpu, FIRST_SHARED + (op.pick % LINES))).toBe(false);
                continue;
              }
              const id = list.splice(op.pick % list.length, 1)[0]!;
              expect(core.endOfInterrupt(op.cpu, id)).toBe(true);
            }
            for (let cpu = 0; cpu < CPUS; cpu++) {
              expect(outputs[cpu]).toBe(core.highestPending(cpu) !== SPURIOUS);
            }
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
