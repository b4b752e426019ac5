import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { NetworkEndpoint } from '../../../machine/index.ts';
import { EthernetSegment } from '../../../machine/index.ts';

interface Received {
  readonly bytes: Uint8Array;
  readonly at: number;
}

function endpoint(name: string, clock: { ns: number }): NetworkEndpoint & { got: Received[] } {
  const got: Received[] = [];
  return {
    name,
    mac: new Uint8Array(6),
    got,
    deliver: (bytes, at) => got.push({ bytes, at }),
    nowNs: () => clock.ns,
  };
}

/** A frame whose bytes say who sent it and its number in that sender's stream. */
function frameOf(sender: number, seq: number): Uint8Array {
  const f = new Uint8Array(60);
  f[0] = sender;
  f[1] = seq >> 8;
  f[2] = seq & 0xff;
  return f;
}

const sendsArb = fc.array(fc.record({ sender: fc.nat(3), gap: fc.nat(2000) }), {
  minLength: 1,
  maxLength: 80,
});

function run(
  sends: readonly { sender: number; gap: number }[],
  options: { seed: number; loss?: number; duplication?: number; reorder?: number; bandwidthBps?: number },
) {
  const clock = { ns: 0 };
  const segment = new EthernetSegment({ name: 'lan', latencyNs: 500, ...options });
  const eps = [0, 1, 2, 3].map((i) => endpoint(`n${i}`, clock));
  const links = eps.map((e) => segment.attach(e));
  const counters = [0, 0, 0, 0];
  for (const { sender, gap } of sends) {
    clock.ns += gap;
    links[sender]!.transmit(frameOf(sender, counters[sender]!++), clock.ns);
  }
  return { segment, eps, counters };
}

describe('NET: Ethernet segment model', () => {
  it('NET: no frame is created or lost except by the configured loss (and duplicates by duplication)', () => {
    fc.assert(
      fc.property(
        sendsArb,
        fc.nat(1000),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (sends, seed, loss, duplication) => {
          const { segment, eps } = run(sends, { seed, loss, duplication, reorder: 0.3 });
          const s = segment.stats;
          expect(s.sent).toBe(sends.length);
          // every (frame, other station) pair is either delivered or lost
          expect(s.delivered + s.lost).toBe(sends.length * 3);
          const received = eps.reduce((n, e) => n + e.got.length, 0);
          expect(received).toBe(s.delivered + s.duplicated);
          // each received frame is one that was sent, by someone else, unchanged
          eps.forEach((e, i) => {
            for (const r of e.got) {
              expect(r.bytes[0]).not.toBe(i);
              expect(r.bytes.subarray(3).every((b) => b === 0)).toBe(true);
            }
          });
          if (loss === 0) expect(s.lost).toBe(0);
          if (duplication === 0) expect(s.duplicated).toBe(0);
        },
      ),
      { numRuns: 150 },
    );
  });

  it("NET: with loss and duplication off every station gets every other station's frames exactly once", () => {
    fc.assert(
      fc.property(sendsArb, fc.nat(1000), (sends, seed) => {
        const { eps, counters } = run(sends, { seed, reorder: 0.5 });
        eps.forEach((e, i) => {
          const keys = e.got.map((r) => `${r.bytes[0]}:${(r.bytes[1]! << 8) | r.bytes[2]!}`).sort();
          const expected = counters
            .flatMap((n, s) => (s === i ? [] : Array.from({ length: n }, (_, q) => `${s}:${q}`)))
            .sort();
          expect(keys).toEqual(expected);
        });
      }),
      { numRuns: 150 },
    );
  });

  it("NET: with reordering off each sender's frames reach each station in the order sent", () => {
    fc.assert(
      fc.property(
        sendsArb,
        fc.nat(1000),
        fc.double({ min: 0, max: 0.5, noNaN: true }),
        fc.option(fc.integer({ min: 1_000_000, max: 1_000_000_000 }), { nil: undefined }),
        (sends, seed, loss, bandwidthBps) => {
          const { eps } = run(sends, {
            seed,
            loss,
            duplication: 0.2,
            ...(bandwidthBps ? { bandwidthBps } : {}),
          });
          for (const e of eps) {
            const last = new Map<number, { seq: number; at: number }>();
            for (const r of e.got) {
              const seq = (r.bytes[1]! << 8) | r.bytes[2]!;
              const prev = last.get(r.bytes[0]!);
              if (prev) {
                expect(seq).toBeGreaterThanOrEqual(prev.seq); // equal: the duplicate right after
                expect(r.at).toBeGreaterThanOrEqual(prev.at);
              }
              last.set(r.bytes[0]!, { seq, at: r.at });
            }
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('NET: a partition stops frames between groups until healed', () => {
    const clock = { ns: 0 };
    const segment = new EthernetSegment({ name: 'lan', latencyNs: 100, seed: 3 });
    const [a, b, c] = ['a', 'b', 'c'].map((n) => endpoint(n, clock)) as [
      ReturnType<typeof endpoint>,
      ReturnType<typeof endpoint>,
      ReturnType<typeof endpoint>,
    ];
    const la = segment.attach(a);
    segment.attach(b);
    segment.attach(c);
    segment.partition([['a'], ['b', 'c']]);
    la.transmit(frameOf(0, 0), 0);
    expect([a.got.length, b.got.length, c.got.length]).toEqual([0, 0, 0]);
    expect(segment.stats.partitioned).toBe(2);
    segment.heal();
    la.transmit(frameOf(0, 1), 10);
    expect(b.got.map((r) => r.at)).toEqual([110]);
    expect(c.got.length).toBe(1);
  });

  it('NET: a shared medium queues frames behind each other at its bandwidth', () => {
    const clock = { ns: 0 };
    const segment = new EthernetSegment({ name: 'lan', latencyNs: 1000, seed: 1, bandwidthBps: 10_000_000 });
    const a = endpoint('a', clock);
    const b = endpoint('b', clock);
    const la = segment.attach(a);
    const lb = segment.attach(b);
    segment.attach(endpoint('c', clock));
    la.transmit(frameOf(0, 0), 0); // 60 bytes at 10 Mbit/s = 48 us on the medium
    lb.transmit(frameOf(1, 0), 0);
    expect(b.got.map((r) => r.at)).toEqual([48_000 + 1000]);
    expect(a.got.map((r) => r.at)).toEqual([96_000 + 1000]);
  });

  it('NET: the same seed gives the same faults', () => {
    const sends = Array.from({ length: 50 }, (_, i) => ({ sender: i % 4, gap: 100 }));
    const opts = { seed: 77, loss: 0.2, duplication: 0.1, reorder: 0.2 };
    const one = run(sends, opts).eps.map((e) => e.got.map((r) => `${r.bytes[0]}/${r.bytes[2]}@${r.at}`));
    const two = run(sends, opts).eps.map((e) => e.got.map((r) => `${r.bytes[0]}/${r.bytes[2]}@${r.at}`));
    const other = run(sends, { ...opts, seed: 78 }).eps.map((e) =>
      e.got.map((r) => `${r.bytes[0]}/${r.bytes[2]}@${r.at}`),
    );
    expect(two).toEqual(one);
    expect(other).not.toEqual(one);
  });
});
