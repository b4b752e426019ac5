// Actor, thread-record and supervisor calls from guest code: test/nucleus/programs/actors.c,
// built with the userland library (build.sh), runs as a user actor on a 2-CPU MIPS site and
// prints what actorCreate, actorStat, threadStat and the sv* calls answered, error cases included
// (wrong key K_EUNKNOWN, bad pointers K_EFAULT, a user actor creating privileged actors K_EPRIV).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildBoard } from '../../machine/index.ts';
import { bootSite, runSite } from '../../nucleus/index.ts';
import { DEFAULT_BOARD } from '../../src/site/default-site.ts';

const ELF = new Uint8Array(readFileSync(new URL('./programs/actors.mips', import.meta.url)));

function run(seed: number) {
  const board = buildBoard({ ...DEFAULT_BOARD, cpus: 2 }, { seed });
  let text = '';
  board.uart('console').onOutput = (bytes) => {
    text += Buffer.from(bytes).toString('utf8');
  };
  const site = bootSite(board, {
    seed,
    actors: [],
    userActors: [{ name: 'actors', file: ELF, priority: 50 }],
  });
  const stop = runSite(site, 50_000_000);
  return { stop, text, site };
}

describe('GUEST ACTORS: actorCreate, actorStat, threadStat and supervisor calls from a C program', () => {
  it('GUEST ACTORS: the program prints the expected records and error codes', () => {
    const r = run(1);
    expect(r.stop.kind).toBe('idle');
    const lines = r.text.split('\n').filter((l) => l.startsWith('guest:'));
    expect(lines).toEqual([
      'guest: actorStat self 0 kind 0 threads 1 stopped 0',
      'guest: actorCreate user 0, system -4, supervisor -4, kind 7 -1',
      'guest: child stat 0 kind 0 threads 0 stopped 0',
      'guest: threadCreate in the child (no memory yet) -1, li -1',
      'guest: wrong key: actorStat -2, actorCreate to a bad pointer -3, actorStat to one -3, -3',
      'guest: actorDelete child 0, then actorStat -2',
      'guest: threadCreate sleeper 0',
      'guest: threadStat self 0 li ok 1 state 1 priority 50',
      'guest: threadStat sleeper 0 li ok 1 state 2 priority 30',
      'guest: after threadScheduler 0 priority 20 base 20',
      'guest: threadStat unknown -2, bad pointer -3',
      'guest: sleeper gone: threadStat -2',
      'guest: svExcHandler -4, svTrapConnect -4, svIntrConnect -4',
      'guest: main exits, threads 1',
    ]);
    // The child actor was created and deleted: only the program's own actor is left of it.
    expect([...r.site.nucleus.actors.values()].map((a) => a.name)).not.toContain('actors.child');
    expect(r.site.nucleus.faults).toEqual([]);
  });
});
