import { describe, expect, it } from 'vitest';
import { cyclesToNs, nsToCycles, nsToCyclesCeil, Prng, transferCycles } from '../../../machine/time/index.ts';

describe('PRNG: xoshiro128**', () => {
  it('PRNG: from state (1, 2, 3, 4) gives the reference outputs 11520, 0, 5927040', () => {
    const prng = new Prng(0);
    prng.restore({ version: 1, s: [1, 2, 3, 4] });
    expect([prng.nextU32(), prng.nextU32(), prng.nextU32()]).toEqual([11520, 0, 5927040]);
  });

  it('PRNG: the same seed gives the same stream; another seed a different one', () => {
    const a = new Prng(42);
    const b = new Prng(42);
    const c = new Prng(43);
    const sa = Array.from({ length: 8 }, () => a.nextU32());
    expect(Array.from({ length: 8 }, () => b.nextU32())).toEqual(sa);
    expect(Array.from({ length: 8 }, () => c.nextU32())).not.toEqual(sa);
  });

  it('PRNG: below(n) stays in range and covers it evenly', () => {
    const prng = new Prng(7);
    const counts = new Array<number>(6).fill(0);
    for (let i = 0; i < 60000; i++) {
      const x = prng.below(6);
      counts[x] = (counts[x] ?? 0) + 1;
    }
    for (const count of counts) expect(Math.abs(count - 10000)).toBeLessThan(500);
  });

  it('PRNG: a snapshot restores the stream exactly', () => {
    const prng = new Prng(99);
    prng.nextU32();
    const saved = prng.snapshot();
    const next = [prng.nextU32(), prng.nextU32()];
    prng.restore(saved);
    expect([prng.nextU32(), prng.nextU32()]).toEqual(next);
  });

  it('PRNG: chance(0) and chance(1) consume nothing', () => {
    const a = new Prng(5);
    const b = new Prng(5);
    expect(a.chance(0)).toBe(false);
    expect(a.chance(1)).toBe(true);
    expect(a.nextU32()).toBe(b.nextU32());
  });
});

describe('UNITS: cycles and nanoseconds', () => {
  it('UNITS: conversions are exact for long runs at GHz clocks', () => {
    expect(nsToCycles(3_600_000_000_000, 3_000_000_000)).toBe(10_800_000_000_000);
    expect(cyclesToNs(10_800_000_000_001, 3_000_000_000)).toBe(3_600_000_000_000);
    expect(nsToCyclesCeil(1, 100_000_000)).toBe(1);
    expect(nsToCycles(1, 100_000_000)).toBe(0);
    // a 64-byte frame at 10 Mbit/s is 51.2 us: 5120 cycles at 100 MHz
    expect(transferCycles(64, 10_000_000, 100_000_000)).toBe(5120);
  });
});
