import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { EventHandler } from '../../../machine/time/index.ts';
import { EventQueue, EventQueueOverflow } from '../../../machine/time/index.ts';

const sink: EventHandler = { name: 'sink', onEvent: () => {} };

type Op = { kind: 'schedule'; time: number } | { kind: 'cancel'; pick: number } | { kind: 'pop' };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('schedule' as const), time: fc.integer({ min: 0, max: 50 }) }),
  fc.record({ kind: fc.constant('cancel' as const), pick: fc.nat(1000) }),
  fc.record({ kind: fc.constant('pop' as const) }),
);

describe('EVENTS: the (time, sequence) queue', () => {
  it('EVENTS: pops in (time, sequence) order and matches a sorted-list model under schedule/cancel/pop', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 300 }), (ops) => {
        const queue = new EventQueue(1024);
        // model: pending events as [time, seq, id, handle]
        let model: { time: number; seq: number; id: number; handle: number }[] = [];
        let seq = 0;
        for (const op of ops) {
          if (op.kind === 'schedule') {
            const id = seq;
            const handle = queue.schedule(op.time, sink, id);
            model.push({ time: op.time, seq: seq++, id, handle });
          } else if (op.kind === 'cancel') {
            if (model.length === 0) continue;
            const victim = model[op.pick % model.length]!;
            expect(queue.cancel(victim.handle)).toBe(true);
            expect(queue.cancel(victim.handle)).toBe(false);
            model = model.filter((e) => e !== victim);
          } else {
            model.sort((a, b) => a.time - b.time || a.seq - b.seq);
            const expected = model.shift();
            expect(queue.pop()).toBe(expected !== undefined);
            if (expected) {
              expect(queue.poppedTime).toBe(expected.time);
              expect(queue.poppedArg).toBe(expected.id);
              expect(queue.isPending(expected.handle)).toBe(false);
            }
          }
          expect(queue.size).toBe(model.length);
          const earliest = model.reduce((m, e) => Math.min(m, e.time), Number.POSITIVE_INFINITY);
          expect(queue.peekTime()).toBe(earliest);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('EVENTS: events due at the same cycle fire in the order they were scheduled', () => {
    const queue = new EventQueue();
    for (let i = 0; i < 100; i++) queue.schedule(i % 2 === 0 ? 7 : 3, sink, i);
    const order: number[] = [];
    while (queue.pop()) order.push(queue.poppedArg);
    const odds = Array.from({ length: 50 }, (_, i) => 2 * i + 1);
    const evens = Array.from({ length: 50 }, (_, i) => 2 * i);
    expect(order).toEqual([...odds, ...evens]);
  });

  it('EVENTS: a stale handle does not cancel the event that reused its slot', () => {
    const queue = new EventQueue();
    const first = queue.schedule(10, sink, 1);
    expect(queue.pop()).toBe(true);
    const second = queue.schedule(20, sink, 2);
    expect(queue.cancel(first)).toBe(false);
    expect(queue.isPending(second)).toBe(true);
    expect(queue.size).toBe(1);
  });

  it('EVENTS: exceeding the pending-event cap is a named error', () => {
    const queue = new EventQueue(4);
    for (let i = 0; i < 4; i++) queue.schedule(i, sink);
    expect(() => queue.schedule(9, { name: 'runaway-timer', onEvent: () => {} })).toThrow(EventQueueOverflow);
    expect(() => queue.schedule(9, { name: 'runaway-timer', onEvent: () => {} })).toThrow(
      /too many pending events \(4\); last from runaway-timer at cycle 9/,
    );
  });
});
