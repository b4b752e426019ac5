// Test fixture: MIPS CPUs on the machine's real Bus with 4 MiB of RAM at physical 0, a program
// assembled into kseg0, stopped by BREAK through a host handler on the general vector, so a test
// reads registers after `runProgram`.
import { EXC, MipsCpu } from '../../../../../machine/cpu/mips/index.ts';
import type { Endianness } from '../../../../../machine/cpu/types.ts';
import { Bus, Ram } from '../../../../../machine/memory/index.ts';

export const CODE_BASE = 0x1000; // physical; kseg0 0x80001000
export const DATA_BASE = 0x8000; // physical; kseg0 0x80008000
export const RAM_SIZE = 1 << 22;

/** A Bus that counts noteStore calls, for tests that check the CPU reports its stores. */
export class CountingBus extends Bus {
  storesNoted = 0;
  override noteStore(address: number, size: number, byCpu: number): void {
    this.storesNoted++;
    super.noteStore(address, size, byCpu);
  }
}

export interface Fixture {
  readonly bus: CountingBus;
  readonly ram: Ram;
  readonly cpu: MipsCpu;
}

/** Writes 32-bit words at a physical address in the bus's byte order. */
export function poke(bus: Bus, address: number, words: readonly number[]): void {
  for (const [i, word] of words.entries()) bus.write32(address + 4 * i, word >>> 0);
}

/** A bus with RAM and `cpus` CPUs sharing its reservation table, all reset. */
export function board(endianness: Endianness, cpus: number): { bus: CountingBus; ram: Ram; cpus: MipsCpu[] } {
  const bus = new CountingBus(endianness);
  const ram = new Ram(RAM_SIZE);
  bus.mapRam(0, ram);
  bus.setCpuCount(cpus);
  const list = Array.from(
    { length: cpus },
    (_, index) => new MipsCpu(bus, { index, reservations: bus.reservations }),
  );
  return { bus, ram, cpus: list };
}

/** Puts `cpu` in kernel mode (Status = 0: BEV and ERL clear) at virtual address `pc`. */
export function enterKernelAt(cpu: MipsCpu, pc: number): void {
  cpu.status = 0;
  cpu.soft.modeChanged();
  cpu.pc = pc | 0;
  cpu.npc = (pc + 4) | 0;
  cpu.nextInDelay = false;
}

/** A CPU in kernel mode at kseg0 CODE_BASE, program loaded. */
export function kernelFixture(program: readonly number[], endianness: Endianness = 'big'): Fixture {
  const { bus, ram, cpus } = board(endianness, 1);
  const cpu = cpus[0]!;
  poke(bus, CODE_BASE, program);
  enterKernelAt(cpu, 0x80000000 + CODE_BASE);
  return { bus, ram, cpu };
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
