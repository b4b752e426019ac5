import { describe, expect, it } from 'vitest';
import { CPU_LINE, GTIMER, INTC, LTIMER, rig } from '../support/rig.ts';
import type { Program } from '../support/test-cpu.ts';
import { type TestCpu, WAIT } from '../support/test-cpu.ts';

const LOAD = 0x0;
const COUNT = 0x4;
const CTRL = 0x8;
const STATUS = 0xc;
const ENABLE = 1;
const PERIODIC = 2;
const IRQ = 4;

describe('TIMER: per-CPU and global timers', () => {
  it('TIMER: each CPU programs its own banked timer and takes its own periodic interrupts', () => {
    const ticks: number[][] = [[], []];
    const program = (period: number): Program =>
      function* (cpu: TestCpu) {
        cpu.bus.write32(INTC + 0x100, 1 << 29); // own private ID 29 (line 13)
        cpu.bus.write32(LTIMER + LOAD, period);
        cpu.bus.write32(LTIMER + CTRL, ENABLE | PERIODIC | IRQ);
        for (;;) {
          yield WAIT;
          const id = cpu.bus.read32(INTC + 0x14);
          ticks[cpu.index]!.push(cpu.cycle);
          cpu.bus.write32(LTIMER + STATUS, 1);
          cpu.bus.write32(INTC + 0x18, id);
        }
      };
    const { board } = rig([program(10_000), program(25_000)]);
    board.bus.write32(INTC, 1);
    board.machine.runUntil(100_000);
    // the expiry at 100 000 fires as the run ends, before either CPU runs again
    expect(ticks[0]).toEqual([10_000, 20_000, 30_000, 40_000, 50_000, 60_000, 70_000, 80_000, 90_000]);
    expect(ticks[1]).toEqual([25_000, 50_000, 75_000]);
    expect(board.localTimer('ltimer').stats()).toEqual({ 'cpu0.expirations': 10, 'cpu1.expirations': 4 });
    expect(board.machine.misuses).toEqual([]);
  });

  it('TIMER: a one-shot channel counts down, expires once and disables itself', () => {
    const { board } = rig();
    const { bus, machine } = board;
    bus.write32(LTIMER + 0x10 + LOAD, 500);
    bus.write32(LTIMER + 0x10 + CTRL, ENABLE | (3 << 8)); // prescale 3: a tick is 4 cycles
    machine.advanceIdle(1000);
    expect(bus.read32(LTIMER + 0x10 + COUNT)).toBe(250);
    machine.runUntil(3000);
    expect(bus.read32(LTIMER + 0x10 + STATUS)).toBe(1);
    expect(bus.read32(LTIMER + 0x10 + CTRL) & ENABLE).toBe(0);
    expect(bus.read32(LTIMER + 0x10 + COUNT)).toBe(0);
    machine.runUntil(100_000);
    expect(board.localTimer('ltimer').channels[0]!.expirations).toBe(1);
  });

  it('TIMER: the global timer channel drives its shared line and the counter reads the cycle', () => {
    const { board, cpus } = rig();
    const { bus, machine } = board;
    bus.write32(INTC, 1);
    bus.write32(INTC + 0x104, 1 << 2); // ID 34 = global timer channel 1 (line 2)
    bus.write32(GTIMER + 0x20 + LOAD, 777);
    bus.write32(GTIMER + 0x20 + CTRL, ENABLE | IRQ);
    machine.runUntil(5000);
    // every CPU idle: the clock jumps to the expiry and the line rises exactly then
    expect(cpus[0]!.lineLog).toEqual([`777:${CPU_LINE}:1`]);
    expect(bus.read32(INTC + 0x14)).toBe(34);
    machine.advanceIdle(0x1_0000_0005);
    expect(bus.read32(GTIMER + 0x0)).toBe(5);
    expect(bus.read32(GTIMER + 0x4)).toBe(1);
    expect(bus.read32(GTIMER + 0x8)).toBe(2);
  });

  it('TIMER: enabling a periodic timer with LOAD 0 is misuse and leaves it off', () => {
    const { board } = rig();
    board.bus.write32(GTIMER + 0x10 + CTRL, ENABLE | PERIODIC);
    expect(board.machine.misuses).toMatchObject([
      { device: 'gtimer', register: 'CH0.CTRL', message: 'periodic timer enabled with LOAD 0' },
    ]);
    expect(board.bus.read32(GTIMER + 0x10 + CTRL) & ENABLE).toBe(0);
  });

  it('TIMER: a snapshot keeps the deadline of a running channel', () => {
    const a = rig().board;
    a.bus.write32(GTIMER + 0x10 + LOAD, 9000);
    a.bus.write32(GTIMER + 0x10 + CTRL, ENABLE);
    const snap = JSON.parse(JSON.stringify(a.globalTimer('gtimer').snapshot()));
    const b = rig().board;
    b.globalTimer('gtimer').restore(snap);
    b.machine.advanceIdle(4000);
    expect(b.bus.read32(GTIMER + 0x10 + COUNT)).toBe(5000);
    b.machine.runUntil(20_000);
    expect(b.bus.read32(GTIMER + 0x10 + STATUS)).toBe(1);
  });
});
