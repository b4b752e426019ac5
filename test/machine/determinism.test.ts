import { describe, expect, it } from 'vitest';
import { runScenario } from './support/scenario.ts';

describe('DETERMINISM: same seed, same history', () => {
  it('DETERMINISM: two runs with one seed give the same event-sequence hash, console and network faults', () => {
    const one = runScenario(1234);
    const two = runScenario(1234);
    expect(two).toEqual(one);
    // the scenario is not vacuous: events fired, text printed, frames crossed and faults happened
    expect(Math.min(...one.events)).toBeGreaterThan(1000);
    expect(one.consoles[0]!.length).toBeGreaterThan(10);
    expect(Math.min(...one.received)).toBeGreaterThan(10);
    expect(one.segment.lost).toBeGreaterThan(0);
    expect(one.late).toBe(0);
    expect(one.misuses).toBe(0);
  });

  it('DETERMINISM: another seed gives another history', () => {
    const one = runScenario(1234);
    const other = runScenario(4321);
    expect(other.eventHashes).not.toEqual(one.eventHashes);
  });
});
