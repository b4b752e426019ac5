// The address space of a user actor, as a stand-in for the virtual-memory issue: a flat page
// table (virtual page -> physical frame) filled when the actor is loaded, frames taken from a
// bump allocator over the upper half of RAM, and one ASID per actor that is never reused. The
// MIPS HAL's TLB refill handler reads `frameOf`; the guest-call ABI reads and writes guest
// memory through `physicalOf`. The virtual-memory issue replaces all of this with regions,
// segments and mappers (reference §3).

export const PAGE_SIZE = 4096;
const PAGE_SHIFT = 12;
/** ASIDs 1..255 go to user actors in creation order; 0 stays with kernel-mode code. */
const MAX_ASID = 255;

/** Physical page frames for user actors: a bump allocator (frames are not given back yet). */
export class FrameAllocator {
  private next: number;
  constructor(
    base: number,
    private readonly end: number,
  ) {
    this.next = Math.ceil(base / PAGE_SIZE) * PAGE_SIZE;
  }

  /** A zero-filled frame's physical address, or -1 when memory is exhausted. */
  allocate(): number {
    if (this.next + PAGE_SIZE > this.end) return -1;
    const frame = this.next;
    this.next += PAGE_SIZE;
    return frame;
  }

  get free(): number {
    return Math.max(0, this.end - this.next);
  }
}

export class UserSpace {
  /** Virtual page number -> physical frame address. */
  private readonly pages = new Map<number, number>();
  /** Virtual pages that may be written. */
  private readonly writable = new Set<number>();

  constructor(readonly asid: number) {}

  map(vpn: number, frame: number, writable: boolean): void {
    this.pages.set(vpn, frame);
    if (writable) this.writable.add(vpn);
  }

  /** The frame behind virtual page `vpn`, or -1 when it is not mapped. */
  frameOf(vpn: number): number {
    return this.pages.get(vpn) ?? -1;
  }

  isWritable(vpn: number): boolean {
    return this.writable.has(vpn);
  }

  /** The physical address of `vaddr` for a read (or a write), or -1 (unmapped, read-only). */
  physicalOf(vaddr: number, write: boolean): number {
    const vpn = (vaddr >>> 0) >>> PAGE_SHIFT;
    const frame = this.pages.get(vpn);
    if (frame === undefined || (write && !this.writable.has(vpn))) return -1;
    return frame + ((vaddr >>> 0) & (PAGE_SIZE - 1));
  }

  get mappedPages(): number {
    return this.pages.size;
  }
}

/** Hands out ASIDs; undefined when all 255 are used (they are not recycled yet). */
export class AsidAllocator {
  private next = 1;
  allocate(): number | undefined {
    return this.next > MAX_ASID ? undefined : this.next++;
  }
}
