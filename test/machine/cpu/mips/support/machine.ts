// Test fixture: a MIPS CPU on a FlatBus with a program assembled into kseg0, stopped by BREAK
// through a host handler on the general vector, so a test reads registers after `runProgram`.
import { EXC, MipsCpu } from '../../../../../machine/cpu/mips/index.ts';
import type { Endianness } from '../../../../../machine/cpu/types.ts';
import { FlatBus } from './flat-bus.ts';

export const CODE_BASE = 0x1000; // physical; kseg0 0x80001000
export const DATA_BASE = 0x8000; // physical; kseg0 0x80008000

export interface Fixture {
  readonly bus: FlatBus;
  readonly cpu: MipsCpu;
}

/** Writes 32-bit words at a physical address in the bus's byte order. */
export function poke(bus: FlatBus, address: number, words: readonly number[]): void {
  for (const [i, word] of words.entries()) bus.write32(address + 4 * i, word >>> 0);
}

/** A CPU in kernel mode (Status = 0: BEV and ERL clear) at kseg0 CODE_BASE, program loaded. */
export function kernelFixture(
  program: readonly number[],
  endianness: Endianness = 'big',
  index = 0,
): Fixture {
  const bus = new FlatBus(endianness);
  const cpu = new MipsCpu(bus, { index });
  bus.attach(cpu);
  poke(bus, CODE_BASE, program);
  cpu.status = 0;
  cpu.soft.modeChanged();
  cpu.pc = (0x80000000 + CODE_BASE) | 0;
  cpu.npc = (cpu.pc + 4) | 0;
  return { bus, cpu };
}

/** Stops the CPU on BREAK; other exceptions are left to guest code at the vector. */
export function stopOnBreak(cpu: MipsCpu): void {
  cpu.setExceptionHandler('general', (c) => {
    if (((c.cause >>> 2) & 31) === EXC.Bp) c.requestStop();
  });
}

/** Runs a kernel program until its BREAK (or `cycles`), and returns the CPU. */
export function runProgram(
  program: readonly number[],
  endianness: Endianness = 'big',
  cycles = 10_000,
): MipsCpu {
  const { cpu } = kernelFixture(program, endianness);
  stopOnBreak(cpu);
  cpu.run(cycles);
  return cpu;
}
