// Block device: a disk of 512-byte sectors that moves data by DMA and interrupts on completion.
// One command at a time; data moves at completion time (a driver that touches its buffer before
// the interrupt sees the old contents, as on real hardware). Latency model:
//   seek     = 0 if the head is already at the sector, else minSeek + (maxSeek - minSeek) * distance / capacity
//   transfer = count * perSector
// in nanoseconds, converted to cycles and given the board's seeded jitter.
//
// Register map (32-bit words):
//   0x00 CMD         w  1 read (disk -> RAM), 2 write (RAM -> disk), 3 flush
//   0x04 STATUS      r/w1c bit 0 busy (read-only), bit 1 done, bit 2 error
//   0x08 SECTOR      rw first sector (LBA)
//   0x0C COUNT       rw sectors, 1..256
//   0x10 DMA_ADDR    rw physical address of the buffer, 4-byte aligned, wholly in RAM
//   0x14 CTRL        rw bit 0 interrupt on done/error
//   0x18 CAPACITY    r  sectors on the disk
//   0x1C SECTOR_SIZE r  512
// Misuse: non-word access; a command or a SECTOR/COUNT/DMA_ADDR write while busy; unknown
// command; COUNT out of range; sectors past the end; a buffer not wholly in RAM or unaligned;
// writing a read-only disk; writing read-only registers.

import type { AccessSize } from '../memory/index.ts';
import type { EventHandler } from '../time/index.ts';
import { nsToCyclesCeil } from '../time/index.ts';
import type { BlockBacking } from './block-backing.ts';
import { SECTOR_SIZE } from './block-backing.ts';
import type { Device, DeviceHost, DeviceSnapshot, IrqLine } from './device.ts';
import { checkWordAccess, NO_IRQ, registerName, snapshotState } from './device.ts';
import { PendingEvent } from './pending-event.ts';

export interface BlockLatency {
  readonly minSeekNs: number;
  readonly maxSeekNs: number;
  readonly perSectorNs: number;
}

export const DEFAULT_BLOCK_LATENCY: BlockLatency = {
  minSeekNs: 500_000,
  maxSeekNs: 8_000_000,
  perSectorNs: 10_000,
};

const REGS: Readonly<Record<number, string>> = {
  0: 'CMD',
  4: 'STATUS',
  8: 'SECTOR',
  12: 'COUNT',
  16: 'DMA_ADDR',
  20: 'CTRL',
  24: 'CAPACITY',
  28: 'SECTOR_SIZE',
};
const CMD_READ = 1;
const CMD_WRITE = 2;
const CMD_FLUSH = 3;
const MAX_COUNT = 256;
const VERSION = 1;

interface BlockState {
  status: number;
  sector: number;
  count: number;
  dmaAddr: number;
  ctrl: number;
  head: number;
  /** Command in flight (0 none), its parameters and completion cycle. */
  command: number;
  cmdSector: number;
  cmdCount: number;
  cmdAddr: number;
  doneAt: number;
}

export class BlockDevice implements Device, EventHandler {
  readonly kind = 'block';
  readonly size = 0x20;
  private s: BlockState = BlockDevice.initial();
  private readonly pending: PendingEvent;
  private level = false;
  private counters = { reads: 0, writes: 0, flushes: 0, sectorsRead: 0, sectorsWritten: 0, busyCycles: 0 };

  constructor(
    readonly name: string,
    private readonly host: DeviceHost,
    readonly backing: BlockBacking,
    private readonly irq: IrqLine = NO_IRQ,
    private readonly latency: BlockLatency = DEFAULT_BLOCK_LATENCY,
  ) {
    this.pending = new PendingEvent(host.queue, this);
  }

  private static initial(): BlockState {
    return {
      status: 0,
      sector: 0,
      count: 1,
      dmaAddr: 0,
      ctrl: 0,
      head: 0,
      command: 0,
      cmdSector: 0,
      cmdCount: 0,
      cmdAddr: 0,
      doneAt: -1,
    };
  }

  read(offset: number, size: AccessSize): number {
    if (!checkWordAccess(this.host, this.name, REGS, offset, size, 0)) return 0;
    const s = this.s;
    switch (offset) {
      case 0x04:
        return s.status;
      case 0x08:
        return s.sector;
      case 0x0c:
        return s.count;
      case 0x10:
        return s.dmaAddr;
      case 0x14:
        return s.ctrl;
      case 0x18:
        return this.backing.sectors >>> 0;
      case 0x1c:
        return SECTOR_SIZE;
      default:
        this.host.misuse(
          this.name,
          registerName(REGS, offset),
          0,
          offset === 0 ? 'CMD is write-only' : 'no register at this offset',
        );
        return 0;
    }
  }

  write(offset: number, size: AccessSize, value: number): void {
    if (!checkWordAccess(this.host, this.name, REGS, offset, size, value)) return;
    const s = this.s;
    const reg = registerName(REGS, offset);
    const bad = (message: string) => this.host.misuse(this.name, reg, value, message);
    const busy = (s.status & 1) === 1;
    switch (offset) {
      case 0x00:
        this.command(value);
        return;
      case 0x04:
        if (value & ~6) {
          bad('only DONE (bit 1) and ERROR (bit 2) can be cleared');
          return;
        }
        s.status &= ~value;
        this.updateIrq();
        return;
      case 0x08:
      case 0x0c:
      case 0x10:
        if (busy) {
          bad('changed while a command is in flight');
          return;
        }
        if (offset === 0x08) s.sector = value >>> 0;
        else if (offset === 0x0c) s.count = value >>> 0;
        else s.dmaAddr = value >>> 0;
        return;
      case 0x14:
        if (value & ~1) {
          bad('reserved CTRL bits set');
          return;
        }
        s.ctrl = value;
        this.updateIrq();
        return;
      default:
        bad('register is read-only');
    }
  }

  private command(cmd: number): void {
    const s = this.s;
    const bad = (message: string) => {
      this.host.misuse(this.name, 'CMD', cmd, message);
      s.status |= 4;
      this.updateIrq();
    };
    if (s.status & 1) {
      bad('command issued while the previous one is in flight (wait for DONE)');
      return;
    }
    if (cmd !== CMD_READ && cmd !== CMD_WRITE && cmd !== CMD_FLUSH) {
      bad('unknown command');
      return;
    }
    let cycles = 0;
    if (cmd !== CMD_FLUSH) {
      if (s.count < 1 || s.count > MAX_COUNT) {
        bad(`COUNT ${s.count} out of 1..${MAX_COUNT}`);
        return;
      }
      if (s.sector + s.count > this.backing.sectors) {
        bad(
          `sectors ${s.sector}..${s.sector + s.count - 1} run past the end (${this.backing.sectors} sectors)`,
        );
        return;
      }
      if (s.dmaAddr & 3) {
        bad(`DMA_ADDR 0x${s.dmaAddr.toString(16)} is not 4-byte aligned`);
        return;
      }
      if (!this.host.bus.isRam(s.dmaAddr, s.count * SECTOR_SIZE)) {
        bad(`DMA buffer 0x${s.dmaAddr.toString(16)}+${s.count * SECTOR_SIZE} is not wholly in RAM`);
        return;
      }
      if (cmd === CMD_WRITE && this.backing.readOnly) {
        bad('write to a read-only disk');
        return;
      }
      const l = this.latency;
      const distance = Math.abs(s.sector - s.head);
      const seekNs =
        distance === 0
          ? 0
          : l.minSeekNs + ((l.maxSeekNs - l.minSeekNs) * distance) / Math.max(1, this.backing.sectors);
      cycles = nsToCyclesCeil(seekNs + s.count * l.perSectorNs, this.host.frequencyHz);
    }
    cycles = Math.max(1, this.host.jitter(cycles));
    s.command = cmd;
    s.cmdSector = s.sector;
    s.cmdCount = s.count;
    s.cmdAddr = s.dmaAddr;
    s.status = (s.status & ~6) | 1;
    s.doneAt = this.host.now() + cycles;
    this.counters.busyCycles += cycles;
    this.pending.set(s.doneAt);
    this.updateIrq();
  }

  onEvent(): void {
    const s = this.s;
    this.pending.fired();
    const bytes = s.cmdCount * SECTOR_SIZE;
    let ok = true;
    if (s.command === CMD_READ) {
      const buffer = new Uint8Array(bytes);
      this.backing.read(s.cmdSector, buffer);
      ok = this.host.bus.copyToRam(s.cmdAddr, buffer);
      this.counters.reads++;
      this.counters.sectorsRead += s.cmdCount;
    } else if (s.command === CMD_WRITE) {
      const buffer = new Uint8Array(bytes);
      ok = this.host.bus.copyFromRam(s.cmdAddr, buffer);
      if (ok) this.backing.write(s.cmdSector, buffer);
      this.counters.writes++;
      this.counters.sectorsWritten += s.cmdCount;
    } else {
      this.backing.flush();
      this.counters.flushes++;
    }
    if (s.command !== CMD_FLUSH) s.head = s.cmdSector + s.cmdCount;
    s.command = 0;
    s.doneAt = -1;
    s.status = (s.status & ~1) | (ok ? 2 : 6);
    this.updateIrq();
  }

  private updateIrq(): void {
    const level = (this.s.ctrl & 1) === 1 && (this.s.status & 6) !== 0;
    if (level !== this.level) {
      this.level = level;
      this.irq.set(level);
    }
  }

  /** A reset abandons a command in flight (its data never moves). */
  reset(): void {
    this.pending.cancel();
    this.s = BlockDevice.initial();
    this.updateIrq();
  }

  snapshot(): DeviceSnapshot {
    return { device: this.name, kind: this.kind, version: VERSION, state: { ...this.s } };
  }

  restore(snapshot: DeviceSnapshot): void {
    this.s = { ...snapshotState<BlockState>(snapshot, this.kind, VERSION) };
    this.pending.set(this.s.doneAt);
    this.updateIrq();
  }

  stats(): Record<string, number> {
    return { ...this.counters };
  }
}
