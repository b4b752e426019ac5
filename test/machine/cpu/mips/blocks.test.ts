import { describe, expect, it } from 'vitest';
import * as a from './support/asm.ts';
import { board, enterKernelAt, poke, stopOnBreak } from './support/machine.ts';

const { T0, T1, T2, A0, ZERO } = a;

// A loop calling a 3-instruction function at 0x80002000 `count` times; the function adds to T1.
function loopProgram(count: number): number[] {
  return [
    a.addiu(T0, ZERO, count),
    a.jal(0x80002000), // loop:
    a.nop(),
    a.addiu(T0, T0, -1),
    a.bne(T0, ZERO, -4),
    a.nop(),
    a.brk(),
  ];
}

describe('MIPS compiled blocks', () => {
  it('MIPS blocks: hot code is compiled and gives the same registers as the interpreter', () => {
    const results = [true, false].map((blockCache) => {
      const { bus, cpus } = board('big', 1);
      const cpu = cpus[0]!;
      poke(bus, 0x1000, loopProgram(50));
      poke(bus, 0x2000, [a.addiu(T1, T1, 3), a.jr(a.RA), a.sll(T2, T1, 1)]);
      if (!blockCache) (cpu as { blocks: unknown }).blocks = null;
      enterKernelAt(cpu, 0x80001000);
      stopOnBreak(cpu);
      cpu.run(100_000);
      return { t1: cpu.r[T1], t2: cpu.r[T2], cycle: cpu.cycle, compiled: cpu.blocks?.compiled ?? 0 };
    });
    expect(results[0]).toEqual({
      t1: 150,
      t2: 300,
      cycle: results[1]!.cycle,
      compiled: results[0]!.compiled,
    });
    expect(results[0]!.compiled).toBeGreaterThan(0);
    expect(results[1]).toMatchObject({ t1: 150, t2: 300, compiled: 0 });
  });

  it('MIPS blocks: rewriting compiled code takes effect (the block checks its words)', () => {
    const { bus, cpus } = board('little', 1);
    const cpu = cpus[0]!;
    poke(bus, 0x1000, loopProgram(20));
    poke(bus, 0x2000, [a.addiu(T1, T1, 3), a.jr(a.RA), a.nop()]);
    enterKernelAt(cpu, 0x80001000);
    stopOnBreak(cpu);
    cpu.run(100_000);
    expect(cpu.r[T1]).toBe(60);
    expect(cpu.blocks!.compiled).toBeGreaterThan(0);
    poke(bus, 0x2000, [a.addiu(T1, T1, 5)]); // the store a loader or DMA would make
    enterKernelAt(cpu, 0x80001000);
    cpu.r[T1] = 0;
    cpu.run(cpu.cycle + 100_000);
    expect(cpu.r[T1]).toBe(100);
  });

  it('MIPS blocks: a load that misses the soft TLB leaves the block before it and faults precisely', () => {
    const { bus, cpus } = board('big', 1);
    const cpu = cpus[0]!;
    // function: t1 += 1; lw t2, 0(a0); jr ra -- a0 becomes a bad address on the 10th call
    poke(bus, 0x1000, [
      a.addiu(T0, ZERO, 10),
      a.lui(A0, 0x8000),
      a.ori(A0, A0, 0x8000),
      a.addiu(a.V0, ZERO, 1), // a0 turns bad before the last (10th) call
      a.jal(0x80002000), // loop:
      a.nop(),
      a.addiu(T0, T0, -1),
      a.bne(T0, a.V0, 2), // unless t0 == 1, skip setting a0 bad
      a.nop(),
      a.lui(A0, 0x8800), // 0x88000000: beyond RAM -> bus error
      a.bne(T0, ZERO, -7),
      a.nop(),
      a.brk(),
    ]);
    poke(bus, 0x2000, [a.addiu(T1, T1, 1), a.lw(T2, 0, A0), a.jr(a.RA), a.nop()]);
    enterKernelAt(cpu, 0x80001000);
    const seen: number[] = [];
    cpu.setExceptionHandler('general', (c) => {
      seen.push((c.cause >>> 2) & 31, c.epc >>> 0, c.r[T1]!);
      c.requestStop();
    });
    cpu.run(100_000);
    expect(cpu.blocks!.compiled).toBeGreaterThan(0);
    expect(seen).toEqual([7, 0x80002004, 10]); // DBE at the lw of the 10th call, after its addiu
  });
});
