import { describe, expect, it } from 'vitest';
import type { Board } from '../../../machine/index.ts';
import { NIC, rig } from '../support/rig.ts';

const CTRL = NIC + 0x08;
const STATUS = NIC + 0x0c;
const RX_BASE = NIC + 0x10;
const RX_COUNT = NIC + 0x14;
const RX_INDEX = NIC + 0x18;
const TX_BASE = NIC + 0x20;
const TX_COUNT = NIC + 0x24;
const TX_POLL = NIC + 0x2c;
const OWN = 0x8000_0000;
const RX_RING = 0x10000;
const TX_RING = 0x11000;

function frame(dst: readonly number[], payload: number): Uint8Array {
  const f = new Uint8Array(64);
  f.set(dst, 0);
  f.set([2, 0, 0, 0, 0, 9], 6);
  f[12] = 0x88;
  f[13] = 0xb5;
  f.fill(payload, 14);
  return f;
}

function setupRings(board: Board, rxEntries: number): void {
  const { bus } = board;
  for (let i = 0; i < rxEntries; i++) {
    bus.write32(RX_RING + i * 16 + 0, 0x20000 + i * 0x800);
    bus.write32(RX_RING + i * 16 + 4, 1536);
    bus.write32(RX_RING + i * 16 + 8, OWN);
  }
  bus.write32(RX_BASE, RX_RING);
  bus.write32(RX_COUNT, 4);
  bus.write32(TX_BASE, TX_RING);
  bus.write32(TX_COUNT, 4);
  bus.write32(CTRL, 0b1111);
}

describe('NIC: Ethernet with descriptor rings', () => {
  it('NIC: reads its MAC address from the board description', () => {
    const { board } = rig();
    expect(board.bus.read32(NIC + 0x0)).toBe(0x02000000);
    expect(board.bus.read32(NIC + 0x4)).toBe(0x0001);
    expect(board.bus.read32(NIC + 0x30)).toBe(100);
  });

  it('NIC: transmits owned descriptors in ring order, paced by the link bandwidth', () => {
    const { board } = rig();
    const { bus, machine } = board;
    const sent: { at: number; bytes: Uint8Array }[] = [];
    board.nic('eth0').link = { transmit: (bytes, atNs) => sent.push({ at: atNs, bytes }) };
    setupRings(board, 0);
    bus.debugWrite(0x30000, frame([0xff, 0xff, 0xff, 0xff, 0xff, 0xff], 1));
    bus.debugWrite(0x30800, frame([2, 0, 0, 0, 0, 7], 2).subarray(0, 42));
    for (const [i, address, length] of [
      [0, 0x30000, 64],
      [1, 0x30800, 42],
    ] as const) {
      bus.write32(TX_RING + i * 16 + 0, address);
      bus.write32(TX_RING + i * 16 + 4, length);
      bus.write32(TX_RING + i * 16 + 8, OWN);
    }
    bus.write32(TX_POLL, 1);
    machine.runFor(1_000_000);
    // (64 + 24) bytes at 100 Mbit/s = 7.04 us; the 42-byte frame is padded to 60: (60 + 24) -> 6.72 us
    expect(sent.map((s) => s.at)).toEqual([7040, 7040 + 6720]);
    expect(sent[0]!.bytes[14]).toBe(1);
    expect(sent[1]!.bytes.length).toBe(60);
    expect(sent[1]!.bytes[41]).toBe(2);
    expect(sent[1]!.bytes[42]).toBe(0);
    expect(bus.read32(TX_RING + 8)).toBe(0);
    expect(bus.read32(TX_RING + 16 + 8)).toBe(0);
    expect(bus.read32(STATUS) & 2).toBe(2);
    expect(board.nic('eth0').stats().framesSent).toBe(2);
  });

  it('NIC: received frames land in owned buffers with their length, and a full ring counts a miss', () => {
    const { board } = rig();
    const { bus, machine } = board;
    setupRings(board, 2);
    const nic = board.nic('eth0');
    nic.deliver(frame([2, 0, 0, 0, 0, 1], 0x11), 1000);
    nic.deliver(frame([2, 0, 0, 0, 0, 99], 0x22), 2000); // another station: filtered
    nic.deliver(frame([0xff, 0xff, 0xff, 0xff, 0xff, 0xff], 0x33), 3000);
    nic.deliver(frame([2, 0, 0, 0, 0, 1], 0x44), 4000); // no descriptor left
    machine.runFor(1_000_000);
    expect(bus.read32(RX_RING + 4)).toBe(64);
    expect(bus.read32(RX_RING + 8)).toBe(0);
    expect(bus.read8(0x20000 + 14)).toBe(0x11);
    expect(bus.read8(0x20800 + 14)).toBe(0x33);
    expect(bus.read32(RX_INDEX)).toBe(2);
    expect(bus.read32(STATUS) & 7).toBe(0b101);
    expect(nic.stats()).toMatchObject({ framesReceived: 2, rxFiltered: 1, rxMissed: 1 });
    expect(board.interruptController.core.level[32 + 5]).toBe(1);
  });

  it('NIC: changing a ring while enabled and bad tx descriptors are misuse', () => {
    const { board } = rig([], { misuse: 'stop' });
    setupRings(board, 0);
    board.bus.write32(RX_BASE, 0x40000);
    expect(board.machine.misuses[0]).toMatchObject({
      register: 'RX_BASE',
      message: 'rx ring changed while rx is enabled',
    });
    board.bus.write32(TX_RING + 4, 3000);
    board.bus.write32(TX_RING + 8, OWN);
    board.bus.write32(TX_POLL, 1);
    expect(board.machine.misuses[1]).toMatchObject({ register: 'TX[0]', value: 3000 });
    expect(board.bus.read32(TX_RING + 8)).toBe(1);
  });
});
