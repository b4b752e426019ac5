import { describe, expect, it } from 'vitest';
import type { Board } from '../../../machine/index.ts';
import { Cluster, EthernetSegment } from '../../../machine/index.ts';
import { NIC, rig } from '../support/rig.ts';
import type { TestCpu } from '../support/test-cpu.ts';

const OWN = 0x8000_0000;
const FRAMES = 12;

/** CPU program: sends FRAMES numbered broadcast frames through a 4-entry tx ring. */
function* sender(cpu: TestCpu) {
  const bus = cpu.bus;
  bus.write32(NIC + 0x20, 0x11000);
  bus.write32(NIC + 0x24, 4);
  bus.write32(NIC + 0x08, 0b10);
  for (let n = 0; n < FRAMES; n++) {
    const slot = n % 4;
    while (bus.read32(0x11000 + slot * 16 + 8) & OWN) yield 100; // wait for the NIC to free it
    const buffer = 0x30000 + slot * 0x100;
    bus.write32(buffer, 0xffffffff);
    bus.write32(buffer + 4, 0xffff0000);
    bus.write32(buffer + 16, n);
    bus.write32(0x11000 + slot * 16 + 0, buffer);
    bus.write32(0x11000 + slot * 16 + 4, 60);
    bus.write32(0x11000 + slot * 16 + 8, OWN);
    bus.write32(NIC + 0x2c, 1);
    yield 50;
  }
}

function receiverBoard(name: string, mac: string): Board {
  const { board } = rig([], {
    name,
    devices: [{ kind: 'nic', name: 'eth0', base: NIC, irq: 5, mac, network: 'lan' }],
  });
  for (let i = 0; i < 16; i++) {
    board.bus.write32(0x10000 + i * 16, 0x20000 + i * 0x800);
    board.bus.write32(0x10000 + i * 16 + 4, 1536);
    board.bus.write32(0x10000 + i * 16 + 8, OWN);
  }
  board.bus.write32(NIC + 0x10, 0x10000);
  board.bus.write32(NIC + 0x14, 16);
  board.bus.write32(NIC + 0x08, 0b1);
  return board;
}

describe('CLUSTER: machines stepped together over a segment', () => {
  it("CLUSTER: frames cross between machines in order, never into a receiver's past", () => {
    const a = rig([sender], {
      name: 'a',
      frequencyHz: 50_000_000,
      devices: [{ kind: 'nic', name: 'eth0', base: NIC, irq: 5, mac: '02:00:00:00:00:0a', network: 'lan' }],
    }).board;
    const b = receiverBoard('b', '02:00:00:00:00:0b');
    const c = receiverBoard('c', '02:00:00:00:00:0c');
    const segment = new EthernetSegment({ name: 'lan', seed: 9, latencyNs: 20_000 });
    const cluster = Cluster.connect([a, b, c], new Map([['lan', segment]]));
    expect(cluster.windowNs).toBe(20_000);
    const stop = cluster.runUntilNs(5_000_000);
    expect(stop.kind).toBe('idle');
    expect(segment.stats).toMatchObject({ sent: FRAMES, delivered: 2 * FRAMES, lost: 0, late: 0 });
    for (const board of [b, c]) {
      const numbers = Array.from({ length: FRAMES }, (_, i) => board.bus.read32(0x20000 + i * 0x800 + 16));
      expect(numbers).toEqual(Array.from({ length: FRAMES }, (_, i) => i));
    }
    // a runs at 50 MHz, b at 100 MHz: both reached the same simulated time
    expect(b.machine.cycle).toBe(2 * a.machine.cycle);
  });

  it('CLUSTER: a NIC naming an unknown network is refused by name', () => {
    const { board } = rig();
    expect(() => Cluster.connect([board], new Map())).toThrow(
      'board testboard: NIC eth0 names unknown network "lan"',
    );
  });
});

describe('CLUSTER: a machine that stops', () => {
  it('CLUSTER: a powered-off machine is reported once and the others run on', () => {
    const { board: a } = rig(
      [
        function* (cpu) {
          yield 1000;
          cpu.bus.write32(0x1f70_0000 + 4, 7);
          cpu.bus.write32(0x1f70_0000, 0x5afe_0001);
          for (;;) yield 10;
        },
      ],
      { name: 'a', devices: [{ kind: 'power', name: 'power', base: 0x1f70_0000 }] },
    );
    const { board: b } = rig(
      [
        function* () {
          for (;;) yield 10;
        },
      ],
      { name: 'b', devices: [] },
    );
    const cluster = new Cluster([a.machine, b.machine], 10_000);
    const first = cluster.runUntilNs(1_000_000);
    expect(first).toMatchObject({ kind: 'stopped', machine: 0, reason: { kind: 'halt', code: 7 } });
    expect(cluster.runUntilNs(1_000_000)).toEqual({ kind: 'time-limit', ns: 1_000_000 });
    expect(cluster.stoppedMachines()).toEqual([0]);
    expect(b.machine.cycle).toBe(100_000);
    expect(a.machine.cycle).toBe(2000); // the quantum in which it powered off
  });
});
