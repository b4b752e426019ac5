// What every device is and what it may ask of its machine.
//
// A device is one MMIO window (it *is* the `MmioRegion` the bus calls), `reset()`, its interrupt
// lines (`IrqLine`s handed to it by the board), a versioned snapshot of its state, and counters
// for the end-of-run statistics. It reaches the rest of the machine only through `DeviceHost`:
// the clock, the event queue, the PRNG, the bus (for DMA) and the misuse report.
//
// "Hardware that checks the driver": a device that sees its registers misused calls
// `host.misuse(...)`; the machine stops (or raises a machine check on the offending CPU, per board
// option) with device, register, value, cycle and CPU. The device then carries on as sensibly as
// it can (ignores the write, sets an error bit), because under `machine-check` the run continues.
import type { AccessSize, Bus, MmioRegion } from '../memory/index.ts';
import type { EventQueue, Prng } from '../time/index.ts';

/** One interrupt output of a device, as wired by the board. Level-sensitive. */
export interface IrqLine {
  set(asserted: boolean): void;
}

/** A line wired to nothing (a device whose interrupt the board leaves unconnected). */
export const NO_IRQ: IrqLine = { set: () => {} };

export interface MisuseReport {
  readonly device: string;
  readonly register: string;
  readonly value: number;
  readonly cycle: number;
  /** CPU whose access caused it; -1 when it arose outside any CPU access (an event, DMA). */
  readonly cpu: number;
  readonly message: string;
}

export function formatMisuse(r: MisuseReport): string {
  const where = r.cpu >= 0 ? `cpu${r.cpu}` : 'no cpu';
  return `device misuse: ${r.device} register ${r.register} value 0x${(r.value >>> 0).toString(16)} at cycle ${r.cycle} (${where}): ${r.message}`;
}

/** Why a run stopped. */
export type StopReason =
  | { readonly kind: 'cycle-limit'; readonly cycle: number }
  /** Every CPU waits for an interrupt and no event is pending: nothing can ever happen. */
  | { readonly kind: 'idle'; readonly cycle: number }
  | { readonly kind: 'halt'; readonly cycle: number; readonly code: number }
  | { readonly kind: 'reboot'; readonly cycle: number }
  | { readonly kind: 'misuse'; readonly cycle: number; readonly report: MisuseReport }
  | { readonly kind: 'requested'; readonly cycle: number; readonly why: string }
  /** The event queue overflowed (a driver re-arming events in a loop); see EventQueue. */
  | { readonly kind: 'event-overflow'; readonly cycle: number; readonly message: string };

/** The machine as a device sees it. */
export interface DeviceHost {
  readonly frequencyHz: number;
  readonly bus: Bus;
  readonly queue: EventQueue;
  readonly prng: Prng;
  /** Current simulated cycle: the accessing CPU's own cycle during an access, the event's time in an event. */
  now(): number;
  /** Index of the CPU whose access is being served, or -1. */
  currentCpu(): number;
  /** `cycles` with the board's seeded jitter applied (unchanged when jitter is 0 %). */
  jitter(cycles: number): number;
  misuse(device: string, register: string, value: number, message: string): void;
  /** Ends the run at the next CPU boundary (power controller: halt, reboot). */
  requestStop(reason: StopReason): void;
}

export interface DeviceSnapshot {
  readonly device: string;
  readonly kind: string;
  readonly version: number;
  readonly state: unknown;
}

export interface Device extends MmioRegion {
  readonly kind: string;
  /** Bytes of MMIO window the device decodes. */
  readonly size: number;
  reset(): void;
  snapshot(): DeviceSnapshot;
  restore(snapshot: DeviceSnapshot): void;
  /** Counters for the end-of-run statistics. */
  stats(): Record<string, number>;
}

export class SnapshotMismatch extends Error {
  override readonly name = 'SnapshotMismatch';
}

/** Checks that `snapshot` was taken from a device of this kind and version; returns its state. */
export function snapshotState<T>(snapshot: DeviceSnapshot, kind: string, version: number): T {
  if (snapshot.kind !== kind || snapshot.version !== version) {
    throw new SnapshotMismatch(
      `snapshot of ${snapshot.kind} v${snapshot.version} (${snapshot.device}) cannot restore a ${kind} v${version}`,
    );
  }
  return snapshot.state as T;
}

/** Register name at `offset` in a device's register table, for misuse messages. */
export function registerName(table: Readonly<Record<number, string>>, offset: number): string {
  return table[offset] ?? `+0x${offset.toString(16)}`;
}

/**
 * Common check for 32-bit register files: the access must be a full aligned word. Returns false
 * (after reporting) when it is not, so the caller can ignore the access.
 */
export function checkWordAccess(
  host: DeviceHost,
  device: string,
  table: Readonly<Record<number, string>>,
  offset: number,
  size: AccessSize,
  value: number,
): boolean {
  if (size === 4 && (offset & 3) === 0) return true;
  host.misuse(
    device,
    registerName(table, offset & ~3),
    value,
    `${size}-byte access at offset 0x${offset.toString(16)}; registers are 32-bit words`,
  );
  return false;
}
