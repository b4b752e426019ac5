// The port between the portable nucleus and its HAL (nucleus/hal/<family>): what the nucleus
// asks of the hardware. Everything family-specific (register contexts, traps, the MMU, the
// interrupt controller) stays behind it.
import type { Thread } from './objects.ts';

/** What the HAL offers the portable nucleus. */
export interface HalPort {
  /** CPU k's clock, in cycles. */
  now(cpu: number): number;
  /** Makes CPU `to` enter the nucleus (onIpi) soon; sent from CPU `from`. */
  sendIpi(from: number, to: number): void;
  /** Arms CPU k's clock interrupt for absolute cycle `deadline` (infinity: none). */
  armTimer(cpu: number, deadline: number): void;
  consoleWrite(text: string): void;
  /** Sets the result register of a guest context (a trap handler's return value). */
  guestReturn(context: unknown, value: number): void;
  /** A fresh guest register context starting at `entry` with stack pointer `stack`. */
  newGuestContext(entry: number, stack: number, arg: number): unknown;
  /** Routes device interrupt line `irq` to the nucleus (on) or masks it (off). */
  enableIrq(irq: number, on: boolean): void;
  /** Physical memory (user actors' frames, guest-call arguments), in the guest's byte order. */
  readonly physical: PhysicalMemory;
  /** The ELF e_machine and byte order of this site (user actors' executables). */
  readonly elfMachine: number;
  readonly endianness: 'big' | 'little';
  /** The physical address of guest address `vaddr` as thread `t` sees it, or -1 (bad pointer). */
  guestPhysical(t: Thread, vaddr: number, write: boolean): number;
  /** A copy of a guest register context (saved across a guest trap handler). */
  copyContext(context: unknown): unknown;
  /** Overwrites guest context `into` with `from`. */
  restoreContext(into: unknown, from: unknown): void;
  /** Makes a context call guest function `entry` with stack `sp`, return address `ret`, a0, a1. */
  startUpcall(context: unknown, entry: number, sp: number, ret: number, a0: number, a1: number): void;
  /** The result register (v0 on MIPS) of a guest context. */
  resultOf(context: unknown): number;
}

export interface PhysicalMemory {
  read8(address: number): number;
  write8(address: number, value: number): void;
  read32(address: number): number;
  write32(address: number, value: number): void;
}
