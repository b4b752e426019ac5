// Paging under memory pressure (docs/vm.md, "When memory is short"): test/nucleus/programs/swap.c
// touches more anonymous pages than the site has frames, so the nucleus evicts pages to the
// default mapper's swap on the block device and brings them back on the next touch. Every byte
// must survive, the swap must really have been used, and the run must be the same each time.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Site } from '../../nucleus/index.ts';
import { defaultMapperActor } from '../../nucleus/vm/default-mapper.ts';
import { boot } from './support.ts';

const ELF = new Uint8Array(readFileSync(new URL('./programs/swap.mips', import.meta.url)));

function run(options: { swap?: string; pageFrames: number; mapper?: boolean }) {
  let site: Site | undefined;
  const mapper = defaultMapperActor({
    site: () => site!.nucleus,
    ...(options.swap === undefined ? {} : { swap: options.swap }),
  });
  const b = boot(options.mapper === false ? [] : [mapper], {
    cpus: 2,
    seed: 3,
    pageFrames: options.pageFrames,
    userActors: [{ name: 'swap', file: ELF, priority: 50 }],
  });
  site = b.site;
  const stop = b.run(2_000_000_000);
  const text = b.console();
  const lines = text.split('\n').filter((l) => l.startsWith('swap:') || l.startsWith('fault'));
  return { stop, lines, site, board: site.board, text };
}

const EXPECTED = [
  'swap: rgnAllocate 0, 96 pages',
  'swap: first pass, 96 of 96 pages right',
  'swap: second pass, 96 of 96 pages right',
  'swap: rewritten, 96 of 96 pages right',
  'swap: this line was read from a page out on swap',
  'swap: consoleWrite from it gives 49',
  'swap: fewer pages resident than the region has: 1',
];

describe('VM: paging to swap', () => {
  it('VM: 96 pages on 48 frames go out to swap on disk0 and come back byte for byte', () => {
    const r = run({ swap: 'disk0', pageFrames: 48 });
    expect(r.stop.kind).toBe('idle');
    expect(r.lines).toEqual(EXPECTED);
    const stats = r.site.nucleus.vm.stats;
    expect(stats.pushOuts).toBeGreaterThan(96);
    expect(stats.swapIns).toBeGreaterThan(96);
    expect(r.site.nucleus.faults).toEqual([]);
    expect(r.text).toContain('default mapper: swap on disk0');
  });

  it('VM: with the default mapper keeping pages in host memory the contents survive too', () => {
    const r = run({ pageFrames: 48 });
    expect(r.lines).toEqual(EXPECTED);
    expect(r.site.nucleus.vm.stats.swapIns).toBeGreaterThan(0);
  });

  it('VM: the same seed pages the same way: same console, same machine event hash', () => {
    const a = run({ swap: 'disk0', pageFrames: 48 });
    const b = run({ swap: 'disk0', pageFrames: 48 });
    expect(a.text).toBe(b.text);
    expect(a.board.machine.eventHash).toBe(b.board.machine.eventHash);
  });

  it('VM: with no default mapper to swap to, running out of frames stops the thread with a report', () => {
    const { stop, text } = run({ pageFrames: 48, mapper: false });
    expect(stop.kind).toBe('idle');
    expect(text).toContain('swap: rgnAllocate 0, 96 pages');
    expect(text).toMatch(
      /fault: thread \d+ \(main\) of actor swap: page fault: at pc 0x[0-9a-f]{8}, address 0x[0-9a-f]{8}: the page could not be brought in \(K_ENOPORT\)/,
    );
    expect(text).not.toContain('first pass');
  });
});
