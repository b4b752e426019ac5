// Front door of the MIPS family: a MIPS32r2 CPU (big or little endian, no FPU) with the R4000-
// style privileged architecture of MIPS32 (CP0, software-refilled TLB with ASIDs, kseg0/kseg1,
// Count/Compare, WAIT). Boards create CPUs with `createMipsCpu`; the nucleus HAL installs host
// exception handlers with `setExceptionHandler`. It must not import anything above machine/.
import type { Cpu, PhysicalBus } from '../types.ts';
import { MipsCpu, type MipsCpuOptions } from './cpu.ts';

export { CAUSE, CP0, ENTRYHI, ENTRYLO, EXC, EXC_NAMES, STATUS, VECTOR_OFFSET } from './cp0.ts';
export { readCp0, tlbWrite, writeCp0 } from './cp0-ops.ts';
export type { MipsCpuOptions, MipsExceptionHandler, MipsVector } from './cpu.ts';
export { LL_GRANULE, MipsCpu } from './cpu.ts';
export { TLB_ENTRIES, Tlb } from './tlb.ts';

/** The interrupt input of the Count/Compare timer, shared with hardware line 5 (Cause.IP7). */
export const MIPS_TIMER_LINE = 5;

/** Factory for the board's CPU-family registry. */
export function createMipsCpu(bus: PhysicalBus, options: MipsCpuOptions = {}): MipsCpu & Cpu {
  return new MipsCpu(bus, options);
}
