// The user address space of one `chorus exec` process: a page table from kuseg virtual pages to
// physical frames of the simulated RAM, the regions that may be touched (ELF segments, the brk
// heap, anonymous mmaps, the stack), demand-zero allocation of their pages, and byte access for
// the system-call shim. The CPU never sees this table: the shim's TLB refill handler copies
// entries into the CPU's TLB as the guest faults, the way a MIPS kernel does.
import type { Bus, Ram } from '../../machine/memory/index.ts';

export const PAGE_SIZE = 4096;
/** kuseg is the low 2 GiB: 2^19 pages of 4 KiB. */
const USER_PAGES = 1 << 19;
export const USER_TOP = 0x80000000;
export const STACK_TOP = 0x7fff0000;
export const STACK_SIZE = 8 << 20;
const MMAP_TOP = 0x70000000;
const HEAP_LIMIT = 512 << 20;

interface Region {
  start: number;
  end: number;
}

/** The physical frames of the simulated RAM, shared by every process of one `chorus exec` run. */
export class FramePool {
  private readonly free: number[] = [];
  private next = 1; // frame 0 stays unused
  private readonly count: number;

  constructor(readonly ram: Ram) {
    this.count = ram.size / PAGE_SIZE;
  }

  /** A zero-filled frame, or -1 when RAM is exhausted. */
  allocate(): number {
    const reused = this.free.pop();
    if (reused !== undefined) {
      this.ram.bytes.fill(0, reused * PAGE_SIZE, (reused + 1) * PAGE_SIZE);
      return reused;
    }
    if (this.next >= this.count) return -1;
    return this.next++;
  }

  release(frame: number): void {
    this.free.push(frame);
  }
}

export class AddressSpace {
  /** Frame number + 1 of each mapped user page, 0 when unmapped. */
  private readonly pages = new Int32Array(USER_PAGES);
  private regions: Region[] = [];
  private readonly view: DataView;
  readonly littleEndian: boolean;
  brkStart = 0;
  brk = 0;
  private mmapNext = MMAP_TOP;

  constructor(
    readonly bus: Bus,
    readonly ram: Ram,
    private readonly pool: FramePool,
  ) {
    this.view = new DataView(ram.bytes.buffer, ram.bytes.byteOffset, ram.bytes.byteLength);
    this.littleEndian = bus.endianness === 'little';
    this.regions.push({ start: STACK_TOP - STACK_SIZE, end: STACK_TOP });
  }

  /** Adds a region whose pages are allocated (zero-filled) when first touched. */
  addRegion(start: number, end: number): void {
    this.regions.push({ start, end });
  }

  /** Sets the start of the brk heap (page-aligned end of the program's data). */
  setBreakStart(address: number): void {
    this.brkStart = Math.ceil(address / PAGE_SIZE) * PAGE_SIZE;
    this.brk = this.brkStart;
  }

  private inRegion(address: number): boolean {
    if (address >= this.brkStart && address < this.brk) return true;
    for (const region of this.regions) if (address >= region.start && address < region.end) return true;
    return false;
  }

  private allocateFrame(): number {
    return this.pool.allocate();
  }

  /**
   * fork: this (fresh) space becomes a copy of `parent`: same regions, break and mmap cursor,
   * and a private copy of every mapped page (copied eagerly; programs here are small).
   * False when RAM runs out.
   */
  copyFrom(parent: AddressSpace): boolean {
    this.regions = parent.regions.map((region) => ({ ...region }));
    this.brkStart = parent.brkStart;
    this.brk = parent.brk;
    this.mmapNext = parent.mmapNext;
    const bytes = this.ram.bytes;
    for (let vpn = 0; vpn < USER_PAGES; vpn++) {
      const entry = parent.pages[vpn]!;
      if (entry === 0) continue;
      const frame = this.pool.allocate();
      if (frame < 0) return false;
      bytes.copyWithin(frame * PAGE_SIZE, (entry - 1) * PAGE_SIZE, entry * PAGE_SIZE);
      this.pages[vpn] = frame + 1;
    }
    return true;
  }

  /** Gives every frame back to the pool (exit, or execve replacing the image). */
  release(): void {
    for (let vpn = 0; vpn < USER_PAGES; vpn++) {
      const entry = this.pages[vpn]!;
      if (entry !== 0) {
        this.pool.release(entry - 1);
        this.pages[vpn] = 0;
      }
    }
    this.regions = [];
  }

  /** Physical frame of the page holding `address`, allocating it inside a region; -1 if none. */
  frameOf(address: number): number {
    if (address < 0 || address >= USER_TOP) return -1;
    const vpn = Math.floor(address / PAGE_SIZE);
    const entry = this.pages[vpn]!;
    if (entry !== 0) return entry - 1;
    if (!this.inRegion(address)) return -1;
    const frame = this.allocateFrame();
    if (frame < 0) return -1;
    this.pages[vpn] = frame + 1;
    return frame;
  }

  /** Frame of an already-mapped page, or -1 (never allocates). */
  mappedFrame(vpn: number): number {
    return vpn >= 0 && vpn < USER_PAGES ? this.pages[vpn]! - 1 : -1;
  }

  /** Unmaps pages in [start, end) and returns their frames to the pool. */
  unmap(start: number, end: number): void {
    for (
      let vpn = Math.floor(start / PAGE_SIZE);
      vpn < Math.ceil(end / PAGE_SIZE) && vpn < USER_PAGES;
      vpn++
    ) {
      const entry = this.pages[vpn]!;
      if (entry !== 0) {
        this.pool.release(entry - 1);
        this.pages[vpn] = 0;
      }
    }
    for (let i = this.regions.length - 1; i >= 0; i--) {
      const region = this.regions[i]!;
      if (region.start >= start && region.end <= end) this.regions.splice(i, 1);
    }
  }

  /** brk(2): moves the break within the heap limit; returns the (possibly unchanged) break. */
  setBreak(address: number): number {
    if (address < this.brkStart || address > this.brkStart + HEAP_LIMIT) return this.brk;
    const aligned = Math.ceil(address / PAGE_SIZE) * PAGE_SIZE;
    const oldAligned = Math.ceil(this.brk / PAGE_SIZE) * PAGE_SIZE;
    if (aligned < oldAligned) this.unmap(aligned, oldAligned);
    this.brk = address;
    return this.brk;
  }

  /** Reserves `length` bytes for an anonymous mapping (top-down below MMAP_TOP), or at `fixed`. */
  mapAnonymous(length: number, fixed?: number): number {
    const size = Math.ceil(length / PAGE_SIZE) * PAGE_SIZE;
    let start: number;
    if (fixed !== undefined) {
      start = fixed;
      this.unmap(start, start + size);
    } else {
      start = this.mmapNext - size;
      if (start <= this.brkStart + HEAP_LIMIT) return -1;
      this.mmapNext = start;
    }
    this.regions.push({ start, end: start + size });
    return start;
  }

  /** Copies `length` guest bytes from `address`; undefined if any page is not accessible. */
  read(address: number, length: number): Uint8Array | undefined {
    const out = new Uint8Array(length);
    let done = 0;
    while (done < length) {
      const at = address + done;
      const frame = this.frameOf(at);
      if (frame < 0) return undefined;
      const inPage = at % PAGE_SIZE;
      const chunk = Math.min(length - done, PAGE_SIZE - inPage);
      const from = frame * PAGE_SIZE + inPage;
      out.set(this.ram.bytes.subarray(from, from + chunk), done);
      done += chunk;
    }
    return out;
  }

  /** Copies bytes into guest memory at `address`; false if any page is not accessible. */
  write(address: number, bytes: Uint8Array): boolean {
    let done = 0;
    while (done < bytes.length) {
      const at = address + done;
      const frame = this.frameOf(at);
      if (frame < 0) return false;
      const inPage = at % PAGE_SIZE;
      const chunk = Math.min(bytes.length - done, PAGE_SIZE - inPage);
      const to = frame * PAGE_SIZE + inPage;
      this.ram.bytes.set(bytes.subarray(done, done + chunk), to);
      this.bus.noteStore(to, chunk, -1);
      done += chunk;
    }
    return true;
  }

  /** A 32-bit word in the guest's byte order, or undefined. */
  readWord(address: number): number | undefined {
    if (address % 4 !== 0) return undefined;
    const frame = this.frameOf(address);
    if (frame < 0) return undefined;
    return this.view.getUint32(frame * PAGE_SIZE + (address % PAGE_SIZE), this.littleEndian);
  }

  writeWord(address: number, value: number): boolean {
    const bytes = new Uint8Array(4);
    new DataView(bytes.buffer).setUint32(0, value >>> 0, this.littleEndian);
    return this.write(address, bytes);
  }

  /** A NUL-terminated string (at most `max` bytes), or undefined if unterminated or inaccessible. */
  readString(address: number, max = 4096): string | undefined {
    const bytes: number[] = [];
    for (let i = 0; i < max; i++) {
      const frame = this.frameOf(address + i);
      if (frame < 0) return undefined;
      const byte = this.ram.bytes[frame * PAGE_SIZE + ((address + i) % PAGE_SIZE)]!;
      if (byte === 0) return Buffer.from(bytes).toString('utf8');
      bytes.push(byte);
    }
    return undefined;
  }
}
