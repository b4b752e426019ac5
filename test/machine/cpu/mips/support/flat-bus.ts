// A tiny flat-RAM PhysicalBus for the MIPS CPU tests: RAM from physical 0, nothing else, so any
// access beyond it is a bus error. Stores are snooped by the other attached CPUs (LL/SC).
import type { Endianness, PhysicalBus } from '../../../../../machine/cpu/types.ts';

export interface Snooper {
  readonly index: number;
  snoopStore(address: number, size: number): void;
}

export class FlatBus implements PhysicalBus {
  readonly endianness: Endianness;
  faultAddress = -1;
  readonly bytes: Uint8Array;
  private readonly view: DataView;
  private readonly little: boolean;
  private readonly snoopers: Snooper[] = [];
  /** Every noteStore call, for tests that check the bus was told. */
  storesNoted = 0;

  constructor(endianness: Endianness, size = 1 << 22) {
    this.endianness = endianness;
    this.little = endianness === 'little';
    this.bytes = new Uint8Array(size);
    this.view = new DataView(this.bytes.buffer);
  }

  attach(cpu: Snooper): void {
    this.snoopers.push(cpu);
  }

  private inside(address: number, size: number): boolean {
    if (address >= 0 && address + size <= this.bytes.length) return true;
    this.faultAddress = address;
    return false;
  }

  read8(address: number): number {
    return this.inside(address, 1) ? this.view.getUint8(address) : 0;
  }
  read16(address: number): number {
    return this.inside(address, 2) ? this.view.getUint16(address, this.little) : 0;
  }
  read32(address: number): number {
    return this.inside(address, 4) ? this.view.getUint32(address, this.little) : 0;
  }
  write8(address: number, value: number): void {
    if (this.inside(address, 1)) this.view.setUint8(address, value);
  }
  write16(address: number, value: number): void {
    if (this.inside(address, 2)) this.view.setUint16(address, value, this.little);
  }
  write32(address: number, value: number): void {
    if (this.inside(address, 4)) this.view.setUint32(address, value >>> 0, this.little);
  }
  ramAt(address: number): { readonly bytes: Uint8Array; readonly base: number } | undefined {
    return address >= 0 && address < this.bytes.length ? { bytes: this.bytes, base: 0 } : undefined;
  }
  noteStore(address: number, size: number, byCpu: number): void {
    this.storesNoted++;
    for (const cpu of this.snoopers) if (cpu.index !== byCpu) cpu.snoopStore(address, size);
  }
}
