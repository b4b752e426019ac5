import { describe, expect, it } from 'vitest';
import type { AccessSize, MmioRegion } from '../../../machine/memory/index.ts';
import { Bus, BusMapError, Ram } from '../../../machine/memory/index.ts';

/** A device region that records accesses and answers reads with offset + size. */
function recorder(): MmioRegion & { log: string[] } {
  const log: string[] = [];
  return {
    name: 'probe',
    log,
    read(offset: number, size: AccessSize) {
      log.push(`r${size}@${offset}`);
      return 0x1234_5678 + offset + size;
    },
    write(offset: number, size: AccessSize, value: number) {
      log.push(`w${size}@${offset}=${value.toString(16)}`);
    },
  };
}

describe('BUS: RAM and MMIO mapping', () => {
  it('BUS: big-endian board stores the most significant byte first', () => {
    const bus = new Bus('big');
    const ram = new Ram(4096);
    bus.mapRam(0x1000, ram);
    bus.write32(0x1000, 0x11223344);
    expect([...ram.bytes.subarray(0, 4)]).toEqual([0x11, 0x22, 0x33, 0x44]);
    expect(bus.read16(0x1002)).toBe(0x3344);
    expect(bus.read8(0x1001)).toBe(0x22);
    expect(bus.read32(0x1000)).toBe(0x11223344);
  });

  it('BUS: little-endian board stores the least significant byte first', () => {
    const bus = new Bus('little');
    const ram = new Ram(4096);
    bus.mapRam(0, ram);
    bus.write32(8, 0xdeadbeef);
    expect([...ram.bytes.subarray(8, 12)]).toEqual([0xef, 0xbe, 0xad, 0xde]);
    expect(bus.read32(8)).toBe(0xdeadbeef);
    bus.write16(12, 0x1_abcd);
    expect(bus.read16(12)).toBe(0xabcd);
    expect(bus.faultAddress).toBe(-1);
  });

  it('BUS: an unmapped access sets faultAddress and reads 0 instead of throwing', () => {
    const bus = new Bus('big');
    bus.mapRam(0, new Ram(4096));
    expect(bus.read32(0x8000_0000)).toBe(0);
    expect(bus.faultAddress).toBe(0x8000_0000);
    bus.faultAddress = -1;
    bus.write8(0xffff_ffff, 1);
    expect(bus.faultAddress).toBe(0xffff_ffff);
    bus.faultAddress = -1;
    // an access running past the end of RAM is a bus error too
    expect(bus.read32(4094)).toBe(0);
    expect(bus.faultAddress).toBe(4094);
    expect(bus.busErrors).toBe(3);
  });

  it('BUS: device regions get region-relative, size-aware accesses', () => {
    const bus = new Bus('little');
    const dev = recorder();
    bus.mapDevice(0x1fd0_0000, 0x100, dev);
    expect(bus.read8(0x1fd0_0004)).toBe((0x1234_5678 + 5) & 0xff);
    expect(bus.read16(0x1fd0_0010)).toBe((0x1234_5678 + 0x12) & 0xffff);
    expect(bus.read32(0x1fd0_0020)).toBe(0x1234_5678 + 0x24);
    bus.write16(0x1fd0_0002, 0xf_beef);
    bus.write32(0x1fd0_00fc, -1);
    expect(dev.log).toEqual(['r1@4', 'r2@16', 'r4@32', 'w2@2=beef', 'w4@252=ffffffff']);
  });

  it('BUS: overlapping mappings are refused with both names', () => {
    const bus = new Bus('big');
    bus.mapRam(0, new Ram(8192));
    expect(() => bus.mapDevice(4096, 16, recorder())).toThrow(BusMapError);
    expect(() => bus.mapDevice(4096, 16, recorder())).toThrow(/probe at 0x1000 overlaps ram at 0x0/);
    expect(() => bus.mapDevice(0xffff_fff0, 0x20, recorder())).toThrow(/not a 32-bit range/);
  });

  it('BUS: ramAt gives the RAM block for RAM addresses only and records no fault', () => {
    const bus = new Bus('big');
    const ram = new Ram(4096);
    bus.mapRam(0x2000, ram);
    bus.mapDevice(0x1000, 0x10, recorder());
    const hit = bus.ramAt(0x2010);
    expect(hit?.bytes).toBe(ram.bytes);
    expect(hit?.base).toBe(0x2000);
    expect(bus.ramAt(0x1004)).toBeUndefined();
    expect(bus.ramAt(0x9000)).toBeUndefined();
    expect(bus.faultAddress).toBe(-1);
    expect(bus.busErrors).toBe(0);
  });

  it('BUS: the back door reads and writes RAM without touching devices', () => {
    const bus = new Bus('big');
    const dev = recorder();
    bus.mapRam(0, new Ram(4096));
    bus.mapDevice(0x10000, 0x10, dev);
    expect(bus.debugWrite(100, new Uint8Array([1, 2, 3]))).toBe(true);
    expect([...(bus.debugRead(99, 5) ?? [])]).toEqual([0, 1, 2, 3, 0]);
    expect(bus.debugRead(0x10000, 4)).toBeUndefined();
    expect(bus.debugWrite(4095, new Uint8Array(2))).toBe(false);
    expect(dev.log).toEqual([]);
    expect(bus.faultAddress).toBe(-1);
  });
});

describe('BUS: LL/SC reservations', () => {
  it('BUS: a store by another CPU to the granule breaks a reservation; the own CPU store does not', () => {
    const bus = new Bus('big');
    bus.mapRam(0, new Ram(4096));
    bus.setCpuCount(3);
    const r = bus.reservations;
    r.reserve(0, 0x100);
    r.reserve(1, 0x104);
    r.reserve(2, 0x200);
    bus.noteStore(0x10c, 4, 0); // same 16-byte granule as 0x100
    expect(r.holds(0, 0x100)).toBe(true);
    expect(r.holds(1, 0x104)).toBe(false);
    expect(r.holds(2, 0x200)).toBe(true);
    bus.noteStore(0x110, 4, 1); // next granule: nobody affected
    expect(r.holds(0, 0x100)).toBe(true);
  });

  it('BUS: DMA through the back door breaks every reservation it covers', () => {
    const bus = new Bus('little');
    bus.mapRam(0, new Ram(4096));
    bus.setCpuCount(2);
    bus.reservations.reserve(0, 0x40);
    bus.reservations.reserve(1, 0x80);
    bus.copyToRam(0x3c, new Uint8Array(8));
    expect(bus.reservations.holds(0, 0x40)).toBe(false);
    expect(bus.reservations.holds(1, 0x80)).toBe(true);
    bus.reservations.conclude(1, bus.reservations.holds(1, 0x80));
    expect(bus.reservations.scSucceeded[1]).toBe(1);
    expect(bus.reservations.holds(1, 0x80)).toBe(false);
  });
});
