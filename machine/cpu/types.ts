// The contract between a CPU family and the rest of the machine. The board (machine/board.ts)
// steps CPUs through `Cpu`, and a CPU reaches memory and devices only through `PhysicalBus`.
// Families live in machine/cpu/<family>/ and implement `Cpu`; nothing outside a family's folder
// switches on the family.

/** Byte order of a board's bus and of its CPUs' data accesses. */
export type Endianness = 'big' | 'little';

/**
 * What a CPU sees of physical memory. Addresses are physical, unsigned 32-bit numbers. Reads
 * return the unsigned value (0..2^size-1) in the board's byte order; writes take the low bits of
 * `value`. An access that no RAM or device answers never throws: it returns 0 (reads) or does
 * nothing (writes) and records the address in `faultAddress`, which the CPU checks after the
 * access and resets to -1 before raising its architecture's bus-error exception.
 */
export interface PhysicalBus {
  readonly endianness: Endianness;
  /** Physical address of the last access nothing answered, or -1. */
  faultAddress: number;
  read8(address: number): number;
  read16(address: number): number;
  read32(address: number): number;
  write8(address: number, value: number): void;
  write16(address: number, value: number): void;
  write32(address: number, value: number): void;
  /**
   * Fast path for CPUs: the RAM bytes if `address` lies in main RAM, as the typed array and the
   * physical address of its first byte; undefined for MMIO or unmapped addresses.
   */
  ramAt(address: number): { readonly bytes: Uint8Array; readonly base: number } | undefined;
  /**
   * Called by a CPU after each store to RAM (and by DMA) so that other CPUs' load-linked
   * reservations on that granule are cleared (DESIGN.md: reservations are real).
   */
  noteStore(address: number, size: number, byCpu: number): void;
}

/**
 * Work a CPU can run instead of guest code (DESIGN.md §3: a thread's native continuation). The CPU
 * calls `run(budget)` where it would execute instructions; `run` does host work worth at most
 * about `budget` cycles and returns the cycles it used, which the CPU adds to its clock. Interrupts
 * are still taken between calls. machine/ knows nothing of what the work is.
 */
export interface NativeContext {
  run(budget: number): number;
}

/**
 * One simulated CPU. The board runs each CPU in turn for a quantum: `run(until)` executes until
 * the CPU's own cycle counter reaches `until` (it may overshoot by the cost of one instruction)
 * or the CPU goes idle (a wait/halt instruction with nothing pending), in which case it returns
 * early with `idle` set; the board then advances the idle CPU's clock to the next event.
 */
export interface Cpu {
  /** Index of this CPU on its board (0 = boot CPU). */
  readonly index: number;
  /** Cycles this CPU has executed or skipped since reset; the board keeps all CPUs in step. */
  cycle: number;
  /** True while waiting for an interrupt (wait/halt instruction). */
  readonly idle: boolean;
  /** Runs until `cycle >= until` or the CPU goes idle. */
  run(until: number): void;
  /** Raises or lowers a hardware interrupt input of this CPU (numbering is the family's). */
  setInterruptLine(line: number, asserted: boolean): void;
  reset(): void;
}
