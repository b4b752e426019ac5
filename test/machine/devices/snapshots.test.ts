import { describe, expect, it } from 'vitest';
import { SnapshotMismatch } from '../../../machine/index.ts';
import { DISK, GTIMER, NIC, RTC, rig, UART } from '../support/rig.ts';

/** Puts every device of the test board into a non-trivial state with work in flight. */
function busyBoard() {
  const { board } = rig();
  const { bus } = board;
  bus.write8(UART + 2, 0x01);
  board.uart('uart0').input('hello');
  bus.write8(UART, 0x21);
  bus.write32(GTIMER + 0x10, 5000);
  bus.write32(GTIMER + 0x18, 0b111);
  bus.write32(RTC + 0x14, 1_700_000_100);
  bus.write32(DISK + 0x08, 10);
  bus.write32(DISK + 0x0, 1);
  bus.write32(NIC + 0x10, 0x10000);
  bus.write32(NIC + 0x14, 4);
  board.nic('eth0').deliver(new Uint8Array(60).fill(0xff), 50_000);
  board.machine.runUntil(2000);
  return board;
}

describe('SNAPSHOT: versioned device state', () => {
  it('SNAPSHOT: every device restores from its JSON snapshot to the same state', () => {
    const a = busyBoard();
    const b = rig().board;
    b.machine.advanceIdle(a.machine.cycle);
    for (const device of a.machine.devices) {
      const snap = JSON.parse(JSON.stringify(device.snapshot()));
      const twin = b.machine.device(device.name)!;
      twin.restore(snap);
      expect(JSON.parse(JSON.stringify(twin.snapshot())), device.name).toEqual(snap);
    }
  });

  it('SNAPSHOT: restored devices carry on with their pending work', () => {
    const a = busyBoard();
    const b = rig().board;
    b.machine.advanceIdle(a.machine.cycle);
    for (const device of a.machine.devices)
      b.machine.device(device.name)!.restore(JSON.parse(JSON.stringify(device.snapshot())));
    const outA: number[] = [];
    const outB: number[] = [];
    a.uart('uart0').onOutput = (x) => outA.push(...x);
    b.uart('uart0').onOutput = (x) => outB.push(...x);
    a.machine.runUntil(50_000_000);
    b.machine.runUntil(50_000_000);
    for (const device of a.machine.devices) {
      const twin = b.machine.device(device.name)!;
      expect(JSON.parse(JSON.stringify(twin.snapshot())), device.name).toEqual(
        JSON.parse(JSON.stringify(device.snapshot())),
      );
    }
    expect(b.bus.read32(DISK + 0x4)).toBe(2); // the disk read finished on the twin too
    expect(b.rtc('rtc').stats().alarms).toBe(0); // the alarm is 100 s away
    expect(outB).toEqual(outA);
    expect(outA).toEqual([0x21]);
  });

  it('SNAPSHOT: a snapshot of another kind or version is refused by name', () => {
    const { board } = rig();
    const snap = board.uart('uart0').snapshot();
    expect(() => board.rtc('rtc').restore(snap)).toThrow(SnapshotMismatch);
    expect(() => board.uart('uart0').restore({ ...snap, version: 99 })).toThrow(
      /snapshot of uart v99 \(uart0\) cannot restore a uart v1/,
    );
  });
});
