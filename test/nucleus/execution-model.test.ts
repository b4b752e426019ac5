// The machine hooks the nucleus stands on (DESIGN.md §3): a CPU runs a native context instead of
// guest code and charges the cycles it reports, and a CPU waiting for its own timer is idle for
// the board, which still wakes it exactly at the Count/Compare match.
import { describe, expect, it } from 'vitest';
import type { MipsCpu } from '../../machine/cpu/mips/index.ts';
import { STATUS } from '../../machine/cpu/mips/index.ts';
import { buildBoard } from '../../machine/index.ts';
import { DEFAULT_BOARD } from '../../src/site/default-site.ts';

const oneCpu = () => buildBoard({ ...DEFAULT_BOARD, cpus: 1, devices: [] }, { seed: 1 });

describe('EXEC: native contexts and idle wake-ups', () => {
  it('EXEC: a native context runs instead of guest code and its reported cycles advance the CPU clock', () => {
    const board = oneCpu();
    const cpu = board.cpus[0] as MipsCpu;
    const budgets: number[] = [];
    cpu.setNative({
      run: (budget) => {
        budgets.push(budget);
        return 7;
      },
    });
    board.machine.runUntil(100);
    expect(cpu.cycle).toBe(105); // 15 calls of 7 cycles, the last overshooting by 5
    expect(budgets.length).toBe(15);
    expect(budgets[0]).toBe(100);
    expect(cpu.pc >>> 0).toBe(0xbfc00000); // no guest instruction ran
  });

  it('EXEC: a native context that reports no cycles still costs one per call (the clock cannot stall)', () => {
    const board = oneCpu();
    const cpu = board.cpus[0] as MipsCpu;
    let calls = 0;
    cpu.setNative({
      run: () => {
        calls++;
        return 0;
      },
    });
    board.machine.runUntil(50);
    expect([calls, cpu.cycle]).toEqual([50, 50]);
  });

  it('EXEC: every CPU waiting, the board jumps to the first CPU timer match and the CPU takes it on time', () => {
    const board = oneCpu();
    const cpu = board.cpus[0] as MipsCpu;
    const taken: number[] = [];
    cpu.setExceptionHandler('general', (c) => {
      taken.push(c.cycle);
      if (taken.length > 3) c.requestStop();
      c.status &= ~(1 << (STATUS.IM_SHIFT + 7)); // nothing more to wait for: WAIT again
      c.writeCompare(c.compare);
      c.waiting = true;
    });
    cpu.status = STATUS.IE | (1 << (STATUS.IM_SHIFT + 7));
    cpu.writeCompare(cpu.count + 5_000);
    cpu.waiting = true;
    expect(cpu.idle).toBe(true);
    expect(cpu.nextWake()).toBe(5_000);
    const stop = board.machine.runUntil(1_000_000);
    expect(taken).toEqual([5_000]);
    // The match is taken in the one-cycle quantum that starts at it.
    expect(stop).toEqual({ kind: 'idle', cycle: 5_001 });
  });
});
