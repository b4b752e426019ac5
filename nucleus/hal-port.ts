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
  /**
   * Drops the translation of virtual page `vpn` in address space `asid` from every CPU's TLB
   * (a shootdown); returns how many other CPUs had to be interrupted for it.
   */
  invalidateTlb(asid: number, vpn: number): number;
  /** The registers of a guest context in the family's layout (docs/abi.md, "Registers"). */
  readRegisters(context: unknown): GuestRegisters;
  /** Sets the registers of a guest context (every field given). */
  writeRegisters(context: unknown, registers: GuestRegisters): void;
  /** The result register (v0 on MIPS) of a guest context. */
  resultOf(context: unknown): number;

  // Block devices (swap for the default mapper, docs/mappers.md).
  /** The board's block devices the HAL drives (those with an interrupt line). */
  blockDevices(): readonly BlockDeviceInfo[];
  /**
   * Moves `count` sectors between sector `sector` of `device` and physical address `physical`
   * (`write`: memory to disk), queued behind the device's current transfer. False when the device
   * is unknown or the request invalid; otherwise `done(ok)` is called once, from the device's
   * interrupt inside a nucleus entry, so it may wake threads (Nucleus.semPost).
   */
  blockIo(
    device: string,
    write: boolean,
    sector: number,
    count: number,
    physical: number,
    done: (ok: boolean) => void,
  ): boolean;
}

/**
 * A guest thread's registers: the general registers in the family's numbering, the address of
 * the next instruction, and the family's other registers (MIPS: hi, lo).
 */
export interface GuestRegisters {
  readonly gpr: readonly number[];
  readonly pc: number;
  readonly extra: readonly number[];
}

export interface BlockDeviceInfo {
  readonly name: string;
  readonly sectors: number;
  readonly sectorSize: number;
}

export interface PhysicalMemory {
  read8(address: number): number;
  write8(address: number, value: number): void;
  read32(address: number): number;
  write32(address: number, value: number): void;
}
