import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Board } from '../../../machine/index.ts';
import { DISK, rig } from '../support/rig.ts';

const CMD = DISK + 0x00;
const STATUS = DISK + 0x04;
const SECTOR = DISK + 0x08;
const COUNT = DISK + 0x0c;
const DMA = DISK + 0x10;
const CTRL = DISK + 0x14;

function command(board: Board, cmd: number, sector: number, count: number, address: number): void {
  board.bus.write32(SECTOR, sector);
  board.bus.write32(COUNT, count);
  board.bus.write32(DMA, address);
  board.bus.write32(CMD, cmd);
}

describe('DISK: block device with DMA', () => {
  it('DISK: a write then a read move sectors by DMA, complete after seek + transfer and interrupt', () => {
    const { board } = rig();
    const { bus, machine } = board;
    const disk = board.block('disk0');
    bus.write32(CTRL, 1);
    const data = Uint8Array.from({ length: 1024 }, (_, i) => (i * 7) & 0xff);
    bus.debugWrite(0x1000, data);
    command(board, 2, 100, 2, 0x1000);
    expect(bus.read32(STATUS)).toBe(1);
    // seek 0 -> 100 of 2048 sectors: 0.5 ms + 7.5 ms * 100 / 2048, plus 2 x 10 us = 886 211 ns
    machine.runUntil(88_621);
    expect(bus.read32(STATUS)).toBe(1);
    machine.runUntil(88_622);
    expect(bus.read32(STATUS)).toBe(2);
    expect(board.interruptController.core.level[32 + 4]).toBe(1);
    bus.write32(STATUS, 2);
    expect(board.interruptController.core.level[32 + 4]).toBe(0);
    const image = (disk.backing as unknown as { image: Uint8Array }).image;
    expect(image.subarray(100 * 512, 102 * 512)).toEqual(data);
    // the head is now at sector 102: reading there costs no seek
    const start = machine.cycle;
    command(board, 1, 102, 1, 0x4000);
    machine.runUntil(start + 999);
    expect(bus.read32(STATUS) & 3).toBe(1);
    machine.runUntil(start + 1000); // 10 us transfer, no seek
    expect(bus.read32(STATUS) & 3).toBe(2);
    expect(disk.stats()).toMatchObject({ reads: 1, writes: 1, sectorsWritten: 2, sectorsRead: 1 });
    command(board, 1, 100, 2, 0x8000);
    machine.runFor(1_000_000);
    expect(bus.debugRead(0x8000, 1024)).toEqual(data);
    expect(start).toBe(88_622);
  });

  it('DISK: DMA lands only at completion, and breaks LL/SC reservations on the buffer', () => {
    const { board } = rig();
    const { bus, machine } = board;
    const image = (board.block('disk0').backing as unknown as { image: Uint8Array }).image;
    image.fill(0xab, 0, 512);
    bus.reservations.reserve(1, 0x2010);
    command(board, 1, 0, 1, 0x2000);
    machine.runFor(10);
    expect(bus.read32(0x2000)).toBe(0);
    expect(bus.reservations.holds(1, 0x2010)).toBe(true);
    machine.runFor(1_000_000);
    expect(bus.read32(0x2000)).toBe(0xabababab);
    expect(bus.reservations.holds(1, 0x2010)).toBe(false);
  });

  it('DISK: a command while busy, past the end, into non-RAM or unknown is misuse', () => {
    const firstMisuse = (act: (board: Board) => void): string | undefined => {
      const { board } = rig();
      act(board);
      return board.machine.misuses[0]?.message;
    };
    expect(
      firstMisuse((b) => {
        command(b, 1, 0, 1, 0x1000);
        b.bus.write32(CMD, 1);
      }),
    ).toBe('command issued while the previous one is in flight (wait for DONE)');
    expect(firstMisuse((b) => command(b, 1, 2047, 2, 0x1000))).toBe(
      'sectors 2047..2048 run past the end (2048 sectors)',
    );
    expect(firstMisuse((b) => command(b, 1, 0, 1, 0x1f00_0000))).toBe(
      'DMA buffer 0x1f000000+512 is not wholly in RAM',
    );
    expect(firstMisuse((b) => command(b, 9, 0, 1, 0x1000))).toBe('unknown command');
    expect(firstMisuse((b) => command(b, 1, 0, 0, 0x1000))).toBe('COUNT 0 out of 1..256');
    expect(firstMisuse((b) => command(b, 1, 0, 1, 0x1002))).toBe('DMA_ADDR 0x1002 is not 4-byte aligned');
  });

  it('DISK: a host file backs the disk and receives writes in order', () => {
    const dir = mkdtempSync(join(tmpdir(), 'chorus-disk-'));
    try {
      const path = join(dir, 'disk.img');
      writeFileSync(path, new Uint8Array(64 * 512));
      const { board } = rig([], {
        devices: [{ kind: 'block', name: 'disk0', base: DISK, irq: 4, image: { kind: 'file', path } }],
      });
      board.bus.debugWrite(0x1000, new Uint8Array(512).fill(1));
      board.bus.debugWrite(0x2000, new Uint8Array(512).fill(2));
      command(board, 2, 5, 1, 0x1000);
      board.machine.runFor(10_000_000);
      command(board, 2, 5, 1, 0x2000);
      board.machine.runFor(10_000_000);
      board.bus.write32(CMD, 3);
      board.machine.runFor(10);
      const bytes = readFileSync(path);
      expect(bytes[5 * 512]).toBe(2);
      expect(bytes[5 * 512 + 511]).toBe(2);
      expect(bytes[6 * 512]).toBe(0);
      expect(board.bus.read32(DISK + 0x18)).toBe(64);
      board.block('disk0').backing.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('DISK: seeded latency jitter', () => {
  function completionCycles(seed: number, jitterPercent: number): number[] {
    const { board } = rig([], { jitterPercent }, seed);
    const done: number[] = [];
    for (let i = 0; i < 5; i++) {
      const start = board.machine.cycle;
      command(board, 1, 500 * i, 1, 0x1000);
      while ((board.bus.read32(STATUS) & 2) === 0) board.machine.runFor(100);
      done.push(board.machine.cycle - start);
      board.bus.write32(STATUS, 2);
    }
    return done;
  }

  it('DISK: jitter varies latencies within the percentage, the same way for the same seed', () => {
    const plain = completionCycles(1, 0);
    const shaken = completionCycles(1, 10);
    expect(completionCycles(1, 10)).toEqual(shaken);
    expect(completionCycles(2, 10)).not.toEqual(shaken);
    expect(shaken).not.toEqual(plain);
    shaken.forEach((cycles, i) => {
      expect(Math.abs(cycles - plain[i]!)).toBeLessThanOrEqual(Math.ceil(plain[i]! * 0.1) + 100);
    });
  });
});
