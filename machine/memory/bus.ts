// The physical bus of one board: maps address ranges to RAM or to device MMIO regions and
// carries 8/16/32-bit accesses in the board's byte order. It implements `PhysicalBus`
// (machine/cpu/types.ts), the only way a CPU reaches memory and devices.
//
// - An access nothing answers (or that runs past the end of its range) never throws: reads give
//   0, writes do nothing, and `faultAddress` records the address for the CPU to turn into its
//   bus-error exception.
// - RAM accesses assemble bytes in the board's endianness. Device regions receive (offset, size)
//   and deal in register values; byte order does not apply to a register's numeric value.
// - `ramAt` is the CPUs' fast path to the RAM bytes; `noteStore` keeps LL/SC reservations honest
//   (see reservations.ts). The back door (`debugRead`, `debugWrite`, `copyFromRam`, `copyToRam`)
//   serves loaders, debuggers and DMA: RAM only, no timing, no device side effects.
import type { Endianness, PhysicalBus } from '../cpu/types.ts';
import type { Ram } from './ram.ts';
import { ReservationTable } from './reservations.ts';

export type AccessSize = 1 | 2 | 4;

/** A device's MMIO window. `offset` is relative to the region's base; values are unsigned. */
export interface MmioRegion {
  /** Device name for messages, e.g. "uart0". */
  readonly name: string;
  read(offset: number, size: AccessSize): number;
  write(offset: number, size: AccessSize, value: number): void;
}

/** One mapped range; for RAM also the shape `ramAt` returns. */
interface Mapping {
  readonly base: number;
  /** One past the last byte (may be 2^32). */
  readonly end: number;
  readonly bytes: Uint8Array | undefined;
  readonly region: MmioRegion | undefined;
}

export class BusMapError extends Error {
  override readonly name = 'BusMapError';
}

const MASK: readonly number[] = [0, 0xff, 0xffff, 0, 0xffff_ffff];

export class Bus implements PhysicalBus {
  faultAddress = -1;
  /** Per-CPU LL/SC reservations; size it with `setCpuCount` before CPUs use it. */
  reservations = new ReservationTable(1);
  /** Accesses that nothing answered since construction (end-of-run statistics). */
  busErrors = 0;

  private mappings: Mapping[] = [];
  /** The mapping hit last; most accesses go to the same RAM block. */
  private last: Mapping | undefined;
  private readonly little: boolean;

  constructor(readonly endianness: Endianness) {
    this.little = endianness === 'little';
  }

  setCpuCount(cpus: number): void {
    this.reservations = new ReservationTable(cpus);
  }

  mapRam(base: number, ram: Ram): void {
    this.add({ base, end: base + ram.size, bytes: ram.bytes, region: undefined });
  }

  mapDevice(base: number, size: number, region: MmioRegion): void {
    this.add({ base, end: base + size, bytes: undefined, region });
  }

  /** What is mapped, in address order (for board summaries and tests). */
  map(): { base: number; size: number; kind: 'ram' | 'device'; name: string }[] {
    return this.mappings.map((m) => ({
      base: m.base,
      size: m.end - m.base,
      kind: m.bytes ? 'ram' : 'device',
      name: m.region?.name ?? 'ram',
    }));
  }

  private add(mapping: Mapping): void {
    const { base, end } = mapping;
    if (!Number.isInteger(base) || base < 0 || !Number.isInteger(end) || end <= base || end > 0x1_0000_0000) {
      throw new BusMapError(`bus: range 0x${base.toString(16)}..0x${end.toString(16)} is not a 32-bit range`);
    }
    for (const other of this.mappings) {
      if (base < other.end && other.base < end) {
        throw new BusMapError(
          `bus: ${mapping.region?.name ?? 'ram'} at 0x${base.toString(16)} overlaps ${other.region?.name ?? 'ram'} at 0x${other.base.toString(16)}`,
        );
      }
    }
    this.mappings.push(mapping);
    this.mappings.sort((a, b) => a.base - b.base);
  }

  /** The mapping holding `size` bytes at `address`, or undefined (and faultAddress set). */
  private find(address: number, size: number): Mapping | undefined {
    const last = this.last;
    if (last !== undefined && address >= last.base && address + size <= last.end) return last;
    const mappings = this.mappings;
    let lo = 0;
    let hi = mappings.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const m = mappings[mid]!;
      if (address < m.base) hi = mid - 1;
      else if (address >= m.end) lo = mid + 1;
      else {
        if (address + size > m.end) break;
        this.last = m;
        return m;
      }
    }
    this.faultAddress = address;
    this.busErrors++;
    return undefined;
  }

  ramAt(address: number): { readonly bytes: Uint8Array; readonly base: number } | undefined {
    const m = this.find(address >>> 0, 1);
    if (m === undefined) {
      // A probe is not an access: do not leave a fault behind.
      this.faultAddress = -1;
      this.busErrors--;
      return undefined;
    }
    return m.bytes === undefined ? undefined : (m as { bytes: Uint8Array; base: number });
  }

  read8(address: number): number {
    address >>>= 0;
    const m = this.find(address, 1);
    if (m === undefined) return 0;
    if (m.bytes !== undefined) return m.bytes[address - m.base]!;
    return m.region!.read(address - m.base, 1) & 0xff;
  }

  read16(address: number): number {
    address >>>= 0;
    const m = this.find(address, 2);
    if (m === undefined) return 0;
    const b = m.bytes;
    if (b !== undefined) {
      const i = address - m.base;
      return this.little ? b[i]! | (b[i + 1]! << 8) : (b[i]! << 8) | b[i + 1]!;
    }
    return m.region!.read(address - m.base, 2) & 0xffff;
  }

  read32(address: number): number {
    address >>>= 0;
    const m = this.find(address, 4);
    if (m === undefined) return 0;
    const b = m.bytes;
    if (b !== undefined) {
      const i = address - m.base;
      return this.little
        ? (b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16) | (b[i + 3]! << 24)) >>> 0
        : ((b[i]! << 24) | (b[i + 1]! << 16) | (b[i + 2]! << 8) | b[i + 3]!) >>> 0;
    }
    return m.region!.read(address - m.base, 4) >>> 0;
  }

  write8(address: number, value: number): void {
    address >>>= 0;
    const m = this.find(address, 1);
    if (m === undefined) return;
    if (m.bytes !== undefined) m.bytes[address - m.base] = value;
    else m.region!.write(address - m.base, 1, value & MASK[1]!);
  }

  write16(address: number, value: number): void {
    address >>>= 0;
    const m = this.find(address, 2);
    if (m === undefined) return;
    const b = m.bytes;
    if (b !== undefined) {
      const i = address - m.base;
      if (this.little) {
        b[i] = value;
        b[i + 1] = value >>> 8;
      } else {
        b[i] = value >>> 8;
        b[i + 1] = value;
      }
    } else m.region!.write(address - m.base, 2, value & MASK[2]!);
  }

  write32(address: number, value: number): void {
    address >>>= 0;
    const m = this.find(address, 4);
    if (m === undefined) return;
    const b = m.bytes;
    if (b !== undefined) {
      const i = address - m.base;
      if (this.little) {
        b[i] = value;
        b[i + 1] = value >>> 8;
        b[i + 2] = value >>> 16;
        b[i + 3] = value >>> 24;
      } else {
        b[i] = value >>> 24;
        b[i + 1] = value >>> 16;
        b[i + 2] = value >>> 8;
        b[i + 3] = value;
      }
    } else m.region!.write(address - m.base, 4, value >>> 0);
  }

  noteStore(address: number, size: number, byCpu: number): void {
    this.reservations.noteStore(address, size, byCpu);
  }

  // --- back door: loaders, debuggers, DMA. RAM only; no timing; no device side effects. ---

  /** The RAM mapping that holds all of [address, address+length), or undefined. No fault is recorded. */
  private ramRange(address: number, length: number): Mapping | undefined {
    for (const m of this.mappings) {
      if (m.bytes !== undefined && address >= m.base && address + length <= m.end) return m;
    }
    return undefined;
  }

  /** True when [address, address+length) lies wholly in one RAM block. */
  isRam(address: number, length: number): boolean {
    return this.ramRange(address >>> 0, length) !== undefined;
  }

  /** A copy of RAM bytes, or undefined when the range is not wholly in one RAM block. */
  debugRead(address: number, length: number): Uint8Array | undefined {
    const m = this.ramRange(address >>> 0, length);
    if (m === undefined) return undefined;
    const start = (address >>> 0) - m.base;
    return m.bytes!.slice(start, start + length);
  }

  /** Writes RAM bytes (breaking every CPU's reservation there); false when not wholly in RAM. */
  debugWrite(address: number, bytes: Uint8Array): boolean {
    return this.copyToRam(address, bytes);
  }

  /** DMA read: fills `target` from RAM at `address`; false (target untouched) when not in RAM. */
  copyFromRam(address: number, target: Uint8Array): boolean {
    const m = this.ramRange(address >>> 0, target.length);
    if (m === undefined) return false;
    const start = (address >>> 0) - m.base;
    target.set(m.bytes!.subarray(start, start + target.length));
    return true;
  }

  /** DMA write: copies `source` into RAM at `address` and breaks reservations there. */
  copyToRam(address: number, source: Uint8Array): boolean {
    const m = this.ramRange(address >>> 0, source.length);
    if (m === undefined) return false;
    m.bytes!.set(source, (address >>> 0) - m.base);
    if (source.length > 0) this.reservations.noteStore(address >>> 0, source.length, -1);
    return true;
  }
}
