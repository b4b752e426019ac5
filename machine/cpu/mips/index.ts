// Front door of the MIPS family: a MIPS32r2 CPU (big or little endian, no FPU) with the R4000-
// style privileged architecture of MIPS32 (CP0, software-refilled TLB with ASIDs, kseg0/kseg1,
// Count/Compare, WAIT). Boards create CPUs with `createMipsCpu`; the nucleus HAL installs host
// exception handlers with `setExceptionHandler`. It must not import anything above machine/.
import type { CpuOptions } from '../index.ts';
import type { Cpu } from '../types.ts';
import { MipsCpu } from './cpu.ts';

export { CAUSE, CP0, ENTRYHI, ENTRYLO, EXC, EXC_NAMES, STATUS, VECTOR_OFFSET } from './cp0.ts';
export { readCp0, tlbWrite, writeCp0 } from './cp0-ops.ts';
export type { MipsCpuOptions, MipsExceptionHandler, MipsVector } from './cpu.ts';
export { MipsCpu } from './cpu.ts';
export { TLB_ENTRIES, Tlb } from './tlb.ts';

/** The interrupt input of the Count/Compare timer, shared with hardware line 5 (Cause.IP7). */
export const MIPS_TIMER_LINE = 5;

/**
 * Factory for the board's CPU-family registry (register it as "mips" and "mipsel"; the byte
 * order comes from the bus). LL/SC use the bus's reservation table.
 */
export function createMipsCpu(options: CpuOptions): MipsCpu & Cpu {
  return new MipsCpu(options.bus, { index: options.index, reservations: options.bus.reservations });
}
