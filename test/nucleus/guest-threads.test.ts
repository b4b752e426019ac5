// Threads that run guest MIPS code under the nucleus: they are scheduled with native threads,
// preempted by the clock, keep their registers across switches, and a guest exception nobody
// handles stops only the faulting thread.
import { describe, expect, it } from 'vitest';
import { api } from '../../nucleus/index.ts';
import { A0, addiu, brk, j, nop, sw, T0, T1, T2, V0, ZERO } from '../machine/cpu/mips/support/asm.ts';
import { actor, boot } from './support.ts';

const CODE = 0x0010_0000; // physical; the threads run it through kseg0
const KSEG0 = 0x8000_0000;
const COUNTERS = 0x0020_0000;

/** loop: t1++; *(a0) = t1; goto loop */
const counter = [addiu(T1, T1, 1), sw(T1, 0, A0), j(KSEG0 + CODE), nop()];
/** t2 = 5; break */
const crash = [addiu(T2, ZERO, 5), brk()];

function load(b: ReturnType<typeof boot>, at: number, words: readonly number[]): void {
  for (const [i, w] of words.entries()) b.site.board.bus.write32(at + 4 * i, w);
}

describe('NUCLEUS: guest threads', () => {
  it('NUCLEUS: guest threads are preempted and resumed with their own registers', () => {
    const seen: Record<string, number> = {};
    const read = (i: number) => b.site.board.bus.read32(COUNTERS + 4 * i);
    const b = boot(
      [
        actor('a', [
          {
            name: 'ctl',
            priority: 5,
            body: function* () {
              const self = yield* api.actorSelf();
              const start = (i: number) => ({ entry: KSEG0 + CODE, stack: 0, arg: KSEG0 + COUNTERS + 4 * i });
              const liA = yield* api.threadCreateGuest(self, 'A', 50, start(0));
              yield* api.threadDelay(100);
              seen.a1 = read(0);
              const liB = yield* api.threadCreateGuest(self, 'B', 40, start(1));
              yield* api.threadDelay(100);
              seen.a2 = read(0);
              seen.b1 = read(1);
              yield* api.threadSuspend(liB);
              yield* api.threadDelay(100);
              seen.a3 = read(0);
              seen.b2 = read(1);
              yield* api.threadDelete(liA);
              yield* api.threadDelete(liB);
            },
          },
        ]),
      ],
      { cpus: 1 },
    );
    load(b, CODE, counter);
    expect(b.run().kind).toBe('idle');
    expect(seen.a1).toBeGreaterThan(1000);
    expect(seen.a2).toBe(seen.a1); // B (higher priority) had the CPU
    expect(seen.b1).toBeGreaterThan(1000);
    expect(seen.a3).toBeGreaterThan(seen.a2!); // A resumed, still writing its own counter
    expect(seen.b2).toBe(seen.b1); // B's a0 was not left in the CPU for A
    expect(b.site.nucleus.threads.size).toBe(0);
  });

  it('NUCLEUS: an unhandled guest exception stops the faulting thread and is reported; the site goes on', () => {
    const seen: string[] = [];
    const b = boot([
      actor('a', [
        {
          name: 'ctl',
          priority: 5,
          body: function* () {
            yield* api.threadCreateGuest(yield* api.actorSelf(), 'crasher', 10, {
              entry: KSEG0 + CODE,
              stack: 0,
            });
            yield* api.threadDelay(100);
            seen.push(`ctl still runs, ${yield* api.threadSelf()}`);
          },
        },
      ]),
    ]);
    load(b, CODE, crash);
    expect(b.run().kind).toBe('idle');
    expect(seen).toEqual(['ctl still runs, 1']);
    expect(b.console()).toContain(
      'fault: thread 2 (crasher) of actor a: breakpoint exception: at pc 0x80100004; thread stopped',
    );
    expect(b.site.nucleus.faults).toHaveLength(1);
  });
});

describe('NUCLEUS: traps from guest threads', () => {
  const RESULT = 0x0020_0100;
  /** t0 = a0; a0 = 7; syscall 42; *(t0) = v0; break */
  const trapper = [addiu(T0, A0, 0), addiu(A0, ZERO, 7), ((42 << 6) | 12) >>> 0, sw(V0, 0, T0), brk()];

  it('NUCLEUS: a connected trap runs its handler on the guest thread, which may block, and returns v0 to the guest', () => {
    const seen: string[] = [];
    const b = boot([
      actor('sys', [
        {
          name: 'ctl',
          priority: 5,
          body: function* () {
            yield* api.svTrapConnect(42, function* (args) {
              const li = yield* api.threadSelf();
              const before = yield* api.sysTime();
              yield* api.threadDelay(50); // the guest thread blocks inside its trap
              seen.push(`handler on thread ${li}, slept ${(yield* api.sysTime()) - before >= 50}`);
              return args[0]! * 6;
            });
            yield* api.threadCreateGuest(yield* api.actorSelf(), 'guest', 10, {
              entry: KSEG0 + CODE,
              stack: 0,
              arg: KSEG0 + RESULT,
            });
          },
        },
      ]),
    ]);
    load(b, CODE, trapper);
    expect(b.run().kind).toBe('idle');
    expect(seen).toEqual(['handler on thread 2, slept true']);
    expect(b.site.board.bus.read32(RESULT)).toBe(42);
    // The guest went on after the trap to its break, which stopped it.
    expect(b.console()).toContain(
      'fault: thread 2 (guest) of actor sys: breakpoint exception: at pc 0x80100010',
    );
  });

  it('NUCLEUS: a trap nobody connected stops the guest thread as an unhandled exception', () => {
    const b = boot([
      actor('sys', [
        {
          name: 'ctl',
          priority: 5,
          body: function* () {
            yield* api.threadCreateGuest(yield* api.actorSelf(), 'guest', 10, {
              entry: KSEG0 + CODE,
              stack: 0,
              arg: KSEG0 + RESULT,
            });
          },
        },
      ]),
    ]);
    load(b, CODE, trapper);
    expect(b.run().kind).toBe('idle');
    expect(b.console()).toContain(
      'fault: thread 2 (guest) of actor sys: syscall exception: at pc 0x80100008',
    );
    expect(b.site.board.bus.read32(RESULT)).toBe(0);
  });
});
