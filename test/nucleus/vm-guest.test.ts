// Virtual memory seen from guest C programs (docs/vm.md) on a 2-CPU MIPS site:
// test/nucleus/programs/cow.c forks by hand (actorCreate, rgnDup, threadCreate into the copy)
// and both sides write the same pages at once on different CPUs; map.c maps a segment served
// by a mapper written in TypeScript here, reads it, copies it privately, and has threads
// stopped for writing to it and for reading past its end.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildBoard } from '../../machine/index.ts';
// The region calls' numbers are not on the nucleus's front door; the test needs one of them.
import { GUEST_VM_CALLS } from '../../nucleus/guest-vm.ts';
import type { InitialActor, Thread } from '../../nucleus/index.ts';
import { bootSite, GUEST_CALLS, runSite } from '../../nucleus/index.ts';
import { DEFAULT_BOARD } from '../../src/site/default-site.ts';

const program = (name: string) =>
  new Uint8Array(readFileSync(new URL(`./programs/${name}.mips`, import.meta.url)));
const COW = program('cow');

/** Boots a 2-CPU site with native `actors` and one C user actor; console collected. */
function site(file: Uint8Array, name: string, actors: InitialActor[] = [], seed = 1) {
  const board = buildBoard({ ...DEFAULT_BOARD, cpus: 2 }, { seed });
  let text = '';
  board.uart('console').onOutput = (bytes) => {
    text += Buffer.from(bytes).toString('utf8');
  };
  const s = bootSite(board, { seed, actors, userActors: [{ name, file, priority: 50 }] });
  return { site: s, board, console: () => text };
}

const linesOf = (text: string, prefix: string) => text.split('\n').filter((l) => l.startsWith(prefix));

/** One guest call as the test saw it: who made it, on which CPU, and what ran on the other. */
interface Seen {
  readonly number: number;
  readonly cpu: number;
  readonly actor: string;
  /** The actor of the thread running on another CPU at that moment, if any. */
  readonly other: string | undefined;
  readonly freeFrames: number;
}

/**
 * Runs cow.c. `share` forces every region of the parent to K_INHERITSHARE just before its
 * rgnDup: the child then shares the parent's memory instead of copying it (the control that
 * shows the program's check can fail).
 */
function runCow(options: { seed?: number; share?: boolean } = {}) {
  const b = site(COW, 'cow', [], options.seed ?? 1);
  const n = b.site.nucleus;
  const seen: Seen[] = [];
  const guestCall = n.guestCall.bind(n);
  n.guestCall = (k: number, t: Thread, number: number, args: readonly number[]) => {
    const other = n.scheduler.running.find((r, cpu) => cpu !== k && r !== undefined && r.actor !== t.actor);
    seen.push({
      number,
      cpu: k,
      actor: t.actor.name,
      other: other?.actor.name,
      freeFrames: n.vm.frames.freeFrames,
    });
    if (number === GUEST_VM_CALLS.rgnDup && options.share === true)
      for (const r of t.actor.space!.regions) r.inherit = 'share';
    return guestCall(k, t, number, args);
  };
  const stop = runSite(b.site, 500_000_000);
  return { ...b, stop, seen, text: b.console() };
}

const COW_EXPECTED = [
  'cow: rgnStat of the buffer 0, kind 0, writable 1, covers it 1',
  'cow: resident pages of its region >= 4: 1',
  'cow: portCreate li 1, actorCreate 0',
  'cow: threadCreate into the empty child -1',
  'cow: rgnDup 0, again into the no longer empty child -1',
  "cow: child's rgnStat 0, kind 0, covers it 1, resident 0",
  'cow: threadCreate into the child 0',
  'cow: the child is ready: 7',
  'cow child: 24 rounds of 16 writes per page, 0 bytes not its own',
  'cow parent: 24 rounds of 16 writes per page, 0 bytes not its own; the child reports 0',
  "cow: child's rgnStat after 0, resident pages >= 4: 1",
  'cow: actorDelete child 0, then actorStat -2',
  'cow: done',
];

describe('VM GUEST: copy-on-write after rgnDup (cow.c)', () => {
  it('VM GUEST: parent and child write the same pages at once on two CPUs and each sees only its own bytes and the pre-fork pattern', () => {
    const r = runCow();
    expect(r.stop.kind).toBe('idle');
    expect(linesOf(r.text, 'cow')).toEqual(COW_EXPECTED);
    expect(r.site.nucleus.faults).toEqual([]);
    // The round markers (threadSelf after each round) came from both actors, each side on its
    // own CPU, and at every one of them the other side was running on the other CPU.
    const rounds = r.seen.filter((s) => s.number === GUEST_CALLS.threadSelf);
    const parent = rounds.filter((s) => s.actor === 'cow');
    const child = rounds.filter((s) => s.actor === 'cow.child');
    expect(parent.length).toBe(24);
    expect(child.length).toBe(24);
    expect(new Set(parent.map((s) => s.cpu)).size).toBe(1);
    expect(new Set(child.map((s) => s.cpu)).size).toBe(1);
    expect(parent[0]!.cpu).not.toBe(child[0]!.cpu);
    expect(parent.every((s) => s.other === 'cow.child')).toBe(true);
    expect(child.every((s) => s.other === 'cow')).toBe(true);
    // Each buffer page was copied once, by whichever side wrote it first.
    expect(r.site.nucleus.vm.stats.copies).toBeGreaterThanOrEqual(4);
  });

  it("VM GUEST: the child actor's frames come back when the parent deletes it", () => {
    const r = runCow();
    const before = r.seen.find((s) => s.number === GUEST_CALLS.actorCreate)!.freeFrames;
    const deleteAt = r.seen.findIndex((s) => s.number === GUEST_CALLS.actorDelete);
    const after = r.seen[deleteAt + 1]!.freeFrames;
    const least = Math.min(...r.seen.map((s) => s.freeFrames));
    // While both ran, the copies and the child's own pages (its stack) took frames...
    expect(before - least).toBeGreaterThanOrEqual(4 + 1);
    // ...and with the child gone the parent holds exactly the pages it held before the fork.
    expect(after).toBe(before);
  });

  it('VM GUEST: the control: with the regions shared instead of copied, each side sees the other side’s bytes', () => {
    const r = runCow({ share: true });
    expect(r.stop.kind).toBe('idle');
    const child = linesOf(r.text, 'cow child:');
    const parent = linesOf(r.text, 'cow parent:');
    expect(child).toHaveLength(1);
    expect(parent).toHaveLength(1);
    const bad = (line: string) => Number(/(\d+) bytes not its own/.exec(line)![1]);
    expect(bad(child[0]!)).toBeGreaterThan(0);
    expect(bad(parent[0]!)).toBeGreaterThan(0);
  });

  it('VM GUEST: cow.c prints the same console at the same cycle for one seed', () => {
    const a = runCow({ seed: 3 });
    const b = runCow({ seed: 3 });
    expect(linesOf(a.text, 'cow')).toEqual(COW_EXPECTED);
    expect(a.text).toBe(b.text);
    expect(a.stop).toEqual(b.stop);
  });
});
