// The block driver: transfers between a disk (machine/devices/block.ts) and physical memory by
// DMA, one command at a time per device, completion by interrupt. Requests made while a command
// is in flight wait in a FIFO queue and are started from the completion interrupt. The nucleus
// reaches it through HalPort.blockIo; the HAL calls `onInterrupt` from the device's line inside
// a nucleus entry, so a request's `done` may wake threads and the dispatcher sees the wake-up.
import type { Bus } from '../../../machine/index.ts';
import type { BlockDeviceInfo } from '../../hal-port.ts';

// Registers (machine/devices/block.ts).
const CMD = 0x00;
const STATUS = 0x04;
const SECTOR = 0x08;
const COUNT = 0x0c;
const DMA_ADDR = 0x10;
const CTRL = 0x14;
const CAPACITY = 0x18;
const SECTOR_SIZE = 0x1c;
const CMD_READ = 1;
const CMD_WRITE = 2;
const STATUS_DONE = 2;
const STATUS_ERROR = 4;
const CTRL_INTERRUPT = 1;
/** Sectors one command may move. */
const MAX_COUNT = 256;

interface BlockRequest {
  readonly write: boolean;
  readonly sector: number;
  readonly count: number;
  readonly address: number;
  readonly done: (ok: boolean) => void;
}

export class BlockDriver {
  private readonly queue: BlockRequest[] = [];
  private head = 0;
  private inFlight: BlockRequest | undefined = undefined;
  private sectors = 0;
  private sectorSize = 512;
  /** Commands completed, and those the device reported as failed. */
  completed = 0;
  failed = 0;

  constructor(
    private readonly bus: Bus,
    readonly name: string,
    private readonly base: number,
    readonly irq: number,
  ) {}

  /** Reads the geometry and turns the completion interrupt on (call on a CPU, at start). */
  init(): void {
    this.sectors = this.bus.read32(this.base + CAPACITY) >>> 0;
    this.sectorSize = this.bus.read32(this.base + SECTOR_SIZE) >>> 0;
    this.bus.write32(this.base + STATUS, STATUS_DONE | STATUS_ERROR);
    this.bus.write32(this.base + CTRL, CTRL_INTERRUPT);
  }

  get info(): BlockDeviceInfo {
    return { name: this.name, sectors: this.sectors, sectorSize: this.sectorSize };
  }

  /**
   * Queues a transfer of `count` sectors from `sector` to (write: from) physical `address`; false
   * when it could never succeed (range past the end, count out of 1..256, a buffer not word
   * aligned or not wholly in RAM), in which case `done` is never called.
   */
  submit(
    write: boolean,
    sector: number,
    count: number,
    address: number,
    done: (ok: boolean) => void,
  ): boolean {
    const valid =
      Number.isInteger(sector) &&
      Number.isInteger(count) &&
      Number.isInteger(address) &&
      sector >= 0 &&
      count >= 1 &&
      count <= MAX_COUNT &&
      sector + count <= this.sectors &&
      address >= 0 &&
      (address & 3) === 0 &&
      this.bus.isRam(address, count * this.sectorSize);
    if (!valid) return false;
    this.queue.push({ write, sector, count, address, done });
    if (this.inFlight === undefined) this.startNext();
    return true;
  }

  /** Requests waiting behind the one in flight. */
  get pending(): number {
    return this.queue.length - this.head;
  }

  /** The device's line rose: acknowledge, start the next request, then report this one. */
  onInterrupt(): void {
    const status = this.bus.read32(this.base + STATUS);
    const finished = status & (STATUS_DONE | STATUS_ERROR);
    if (finished === 0) return; // nothing completed (a late edge)
    this.bus.write32(this.base + STATUS, finished);
    const request = this.inFlight;
    this.inFlight = undefined;
    this.startNext();
    if (request === undefined) return;
    const ok = (status & STATUS_ERROR) === 0;
    this.completed++;
    if (!ok) this.failed++;
    request.done(ok);
  }

  private startNext(): void {
    if (this.head === this.queue.length) {
      this.queue.length = 0;
      this.head = 0;
      return;
    }
    const r = this.queue[this.head++]!;
    this.inFlight = r;
    this.bus.write32(this.base + SECTOR, r.sector);
    this.bus.write32(this.base + COUNT, r.count);
    this.bus.write32(this.base + DMA_ADDR, r.address);
    this.bus.write32(this.base + CMD, r.write ? CMD_WRITE : CMD_READ);
  }
}
