// Bus access throughput: 32-bit RAM reads and writes through `PhysicalBus` (the path a CPU takes
// when it does not use the `ramAt` fast path), and MMIO dispatch to a device region.

import type { AccessSize, MmioRegion } from '../machine/memory/index.ts';
import { Bus, Ram } from '../machine/memory/index.ts';
import type { Benchmark } from './harness.ts';

const ACCESSES = 4_000_000;

function ramBus(): Bus {
  const bus = new Bus('big');
  bus.mapRam(0, new Ram(1 << 20));
  bus.mapDevice(0x1f00_0000, 0x100, { name: 'dev', read: () => 0, write: () => {} });
  return bus;
}

function ramReadWrite(): number {
  const bus = ramBus();
  let sum = 0;
  for (let i = 0; i < ACCESSES / 2; i++) {
    const address = (i * 4) & 0xffffc;
    bus.write32(address, i);
    sum = (sum + bus.read32(address)) | 0;
  }
  return sum === 42 ? 0 : ACCESSES;
}

function mmio(): number {
  const bus = new Bus('little');
  bus.mapRam(0, new Ram(1 << 20));
  let last = 0;
  const region: MmioRegion = {
    name: 'reg',
    read: (offset: number, _size: AccessSize) => offset + last,
    write: (_offset: number, _size: AccessSize, value: number) => {
      last = value;
    },
  };
  bus.mapDevice(0x1f00_0000, 0x100, region);
  for (let i = 0; i < ACCESSES / 2; i++) {
    bus.write32(0x1f00_0000 + (i & 0x3c), i);
    last = bus.read32(0x1f00_0004);
  }
  return ACCESSES;
}

export const benchmarks: Benchmark[] = [
  { name: 'machine: bus RAM read32 + write32', unit: 'accesses', run: ramReadWrite },
  { name: 'machine: bus MMIO read32 + write32', unit: 'accesses', run: mmio },
];
