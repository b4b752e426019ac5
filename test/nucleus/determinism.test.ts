// Same seed, same history: two boots of the demonstration site give the same console, the same
// machine event hash and the same capability keys; another seed changes the keys.
import { describe, expect, it } from 'vitest';
import { demoActors } from '../../src/site/demo-actors.ts';
import { boot } from './support.ts';

function runDemo(seed: number) {
  const b = boot(demoActors(), { seed });
  const stop = b.run(100_000_000);
  const keys = [...b.site.nucleus.actors.values()].map((a) => a.cap.key);
  return { stop, console: b.console(), hash: b.site.board.machine.eventHash, keys };
}

describe('NUCLEUS: determinism', () => {
  it('NUCLEUS: two runs with one seed give identical console, event hash and capability keys', () => {
    const a = runDemo(3);
    const b = runDemo(3);
    expect(a.stop).toEqual(b.stop);
    expect(a.stop.kind).toBe('idle');
    expect(b.console).toBe(a.console);
    expect(b.hash).toBe(a.hash);
    expect(b.keys).toEqual(a.keys);
    expect(a.console).toContain('client: all 6 jobs done');
  });

  it('NUCLEUS: another seed draws other capability keys', () => {
    expect(runDemo(4).keys).not.toEqual(runDemo(3).keys);
  });
});
