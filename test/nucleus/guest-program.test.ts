// A real C program under the nucleus: test/nucleus/programs/threads.c, built with the userland
// library (build.sh), runs as a user actor (user mode, its own ASID and page table) on a 4-CPU
// MIPS site. Its threads use semaphores, a mutex, event flags and a periodic timer through
// <chorus.h>; two of them touch memory they may not and are stopped with a report.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildBoard } from '../../machine/index.ts';
import type { Fault } from '../../nucleus/index.ts';
import { api, bootSite, runSite } from '../../nucleus/index.ts';
import { DEFAULT_BOARD } from '../../src/site/default-site.ts';

const ELF = new Uint8Array(readFileSync(new URL('./programs/threads.mips', import.meta.url)));

function run(seed: number, excHandler?: (fault: Fault) => boolean) {
  const board = buildBoard({ ...DEFAULT_BOARD, cpus: 4 }, { seed });
  let text = '';
  board.uart('console').onOutput = (bytes) => {
    text += Buffer.from(bytes).toString('utf8');
  };
  // An optional system actor gives the user actor an exception handler (svExcHandler).
  const supervisor = {
    name: 'sup',
    kind: 'system' as const,
    threads: [
      {
        name: 'sup',
        priority: 10,
        body: function* () {
          const user = [...site.nucleus.actors.values()].find((a) => a.name === 'threads')!;
          if (excHandler !== undefined) yield* api.svExcHandler(user.cap, excHandler);
        },
      },
    ],
  };
  const site = bootSite(board, {
    seed,
    actors: [supervisor],
    userActors: [{ name: 'threads', file: ELF, priority: 50 }],
  });
  // Which CPUs made guest calls, and the most user threads seen running at once.
  const cpus = new Set<number>();
  let together = 0;
  const guestCall = site.nucleus.guestCall.bind(site.nucleus);
  site.nucleus.guestCall = (k, t, number, args) => {
    cpus.add(k);
    const running = site.nucleus.scheduler.running.filter((r) => r?.actor === t.actor).length;
    together = Math.max(together, running);
    return guestCall(k, t, number, args);
  };
  const stop = runSite(site, 100_000_000);
  return { stop, text, cpus, together, site };
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
  'fault: thread 7 (thread) of actor threads: address error on load or fetch exception: at pc 0x00021068, address 0x80000000; thread stopped',
  'guest: semP after the intruder: -6',
  'guest: another reads an unmapped user address',
  'fault: thread 8 (thread) of actor threads: TLB miss/invalid on load or fetch exception: at pc 0x00021068, address 0x00400000 (not in any region); thread stopped',
  'guest: semP after the second intruder: -6',
  "guest: a third writes over the program's code",
  'fault: thread 9 (thread) of actor threads: TLB modified exception: at pc 0x00021094, address 0x0002108c (write to a read-only region); thread stopped',
  'guest: semP after the scribbler: -6',
  'guest: main exits',
];

describe('GUEST PROGRAM: a C program using chorus.h on a 4-CPU site', () => {
  it('GUEST PROGRAM: threads, semaphores, a mutex, event flags and a timer print the expected console', () => {
    const r = run(1);
    expect(r.stop.kind).toBe('idle');
    const lines = r.text.split('\n').filter((l) => l.startsWith('guest:') || l.startsWith('fault:'));
    expect(lines).toEqual(EXPECTED);
    expect(r.cpus.size).toBeGreaterThanOrEqual(3); // threads moved between CPUs
    expect(r.together).toBeGreaterThanOrEqual(2); // and ran in parallel
    expect(r.site.nucleus.faults.map((f) => f.thread)).toEqual([7, 8, 9]); // LI 1 is the supervisor actor's thread
  });

  it("GUEST PROGRAM: the user actor's exception handler receives each fault with actor, thread, address and cause", () => {
    const seen: Fault[] = [];
    const r = run(1, (fault) => {
      seen.push(fault);
      return false; // not repaired: the thread is stopped as before
    });
    expect(r.text).toContain('guest: main exits');
    expect(seen).toEqual([
      {
        actor: 'threads',
        thread: 7,
        kind: 'address error on load or fetch exception',
        detail: 'at pc 0x00021068, address 0x80000000',
        at: { pc: 0x21068, address: 0x80000000 | 0, cause: 4 },
      },
      {
        actor: 'threads',
        thread: 8,
        kind: 'TLB miss/invalid on load or fetch exception',
        detail: 'at pc 0x00021068, address 0x00400000 (not in any region)',
        at: { pc: 0x21068, address: 0x400000, cause: 2 },
      },
      {
        actor: 'threads',
        thread: 9,
        kind: 'TLB modified exception',
        detail: 'at pc 0x00021094, address 0x0002108c (write to a read-only region)',
        at: { pc: 0x21094, address: 0x2108c, cause: 1 },
      },
    ]);
  });

  it('GUEST PROGRAM: two runs with one seed print the same console at the same cycle', () => {
    const a = run(5);
    const b = run(5);
    expect(a.text).toBe(b.text);
    expect(a.stop).toEqual(b.stop);
    expect(a.text).toContain('guest: main exits');
  });
});
