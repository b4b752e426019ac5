// A real C program under the nucleus: test/nucleus/programs/threads.c, built with the userland
// library (build.sh), runs as a user actor (user mode, its own ASID and page table) on a 4-CPU
// MIPS site. Its threads use semaphores, a mutex, event flags and a periodic timer through
// <chorus.h>; two of them touch memory they may not and are stopped with a report.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildBoard } from '../../machine/index.ts';
import { bootSite, runSite } from '../../nucleus/index.ts';
import { DEFAULT_BOARD } from '../../src/site/default-site.ts';

const ELF = new Uint8Array(readFileSync(new URL('./programs/threads.mips', import.meta.url)));

function run(seed: number) {
  const board = buildBoard({ ...DEFAULT_BOARD, cpus: 4 }, { seed });
  let text = '';
  board.uart('console').onOutput = (bytes) => {
    text += Buffer.from(bytes).toString('utf8');
  };
  const site = bootSite(board, { seed, userActors: [{ name: 'threads', file: ELF, priority: 50 }] });
  const cpus = new Set<number>();
  const guestCall = site.nucleus.guestCall.bind(site.nucleus);
  site.nucleus.guestCall = (k, t, number, args) => {
    cpus.add(k);
    return guestCall(k, t, number, args);
  };
  const stop = runSite(site, 100_000_000);
  return { stop, text, cpus, site };
}

const EXPECTED = [
  'guest: actorSelf 0, threadSelf 1',
  'guest: init sem 0 mutex 0',
  'guest: init event 0, bad pointers give -3',
  'guest: semP with a 100 us timeout on an empty semaphore: -6',
  'guest: 4 workers, counter 800, overlaps 0, event flags 0xf',
  'guest: rounds 200 200 200 200',
  'guest: timerCreate 0 timerSet 0',
  'guest: 5 ticks (1000 us then every 500 us) took 3000 us, give or take the calls: 1, timerDelete 0',
  'guest: threadDelay(2000) 0',
  'guest: an intruder thread reads kernel memory',
  'fault: thread 6 (thread) of actor threads: address error on load or fetch exception: at pc 0x00020f88, address 0x80000000; thread stopped',
  'guest: semP after the intruder: -6',
  'guest: another reads an unmapped user address',
  'fault: thread 7 (thread) of actor threads: TLB miss/invalid on load or fetch exception: at pc 0x00020f88, address 0x00400000 (not mapped); thread stopped',
  'guest: semP after the second intruder: -6',
  'guest: main exits',
];

describe('GUEST PROGRAM: a C program using chorus.h on a 4-CPU site', () => {
  it('GUEST PROGRAM: threads, semaphores, a mutex, event flags and a timer print the expected console', () => {
    const r = run(1);
    expect(r.stop.kind).toBe('idle');
    const lines = r.text.split('\n').filter((l) => l.startsWith('guest:') || l.startsWith('fault:'));
    expect(lines).toEqual(EXPECTED);
    expect(r.cpus.size).toBe(4); // the workers made calls from every CPU
    expect(r.site.nucleus.faults.map((f) => f.thread)).toEqual([6, 7]);
  });

  it('GUEST PROGRAM: two runs with one seed print the same console at the same cycle', () => {
    const a = run(5);
    const b = run(5);
    expect(a.text).toBe(b.text);
    expect(a.stop).toEqual(b.stop);
    expect(a.text).toContain('guest: main exits');
  });
});
