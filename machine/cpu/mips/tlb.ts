// The MIPS32 joint TLB: software-refilled, fully associative entries that each map an even/odd
// pair of pages (EntryLo0/EntryLo1) of a size chosen by PageMask, tagged by VPN2 and an 8-bit
// ASID unless global (MIPS32 PRA, "TLB Organization"). The CPU asks `lookup` on a miss of its
// soft TLB; TLBP/TLBR/TLBWI/TLBWR move entries to and from the CP0 registers.
import { ENTRYHI, ENTRYLO } from './cp0.ts';

export const TLB_ENTRIES = 64;

/** Result codes of `lookup`. A hit returns the physical address (>= 0) instead. */
export const TLB_MISS = -1;
export const TLB_INVALID = -2;
export const TLB_NOT_DIRTY = -3;

export class Tlb {
  readonly size: number;
  /** EntryHi (VPN2 and ASID) of each entry. */
  readonly hi: Int32Array;
  /** PageMask of each entry. */
  readonly mask: Int32Array;
  readonly lo0: Int32Array;
  readonly lo1: Int32Array;
  /** Global flag of each entry (G of both EntryLo, ANDed at write time). */
  readonly global: Uint8Array;

  constructor(size = TLB_ENTRIES) {
    this.size = size;
    this.hi = new Int32Array(size);
    this.mask = new Int32Array(size);
    this.lo0 = new Int32Array(size);
    this.lo1 = new Int32Array(size);
    this.global = new Uint8Array(size);
    this.reset();
  }

  /** Entries start out matching nothing a program uses (distinct kseg0 VPN2s, invalid). */
  reset(): void {
    for (let i = 0; i < this.size; i++) {
      this.hi[i] = (0x80000000 + i * 0x2000) | 0;
      this.mask[i] = 0;
      this.lo0[i] = 0;
      this.lo1[i] = 0;
      this.global[i] = 0;
    }
  }

  /** Index of the entry matching `vaddr` for `asid`, or -1 (the TLBP match rule). */
  probe(vaddr: number, asid: number): number {
    for (let i = 0; i < this.size; i++) {
      const span = this.mask[i]! | 0x1fff;
      if (((vaddr ^ this.hi[i]!) & ~span) !== 0) continue;
      if (this.global[i] === 0 && (this.hi[i]! & ENTRYHI.ASID_MASK) !== asid) continue;
      return i;
    }
    return -1;
  }

  /**
   * Translates `vaddr`: the physical address, or TLB_MISS (no entry: refill), TLB_INVALID
   * (V clear) or TLB_NOT_DIRTY (store to a page with D clear: TLB modified).
   */
  lookup(vaddr: number, asid: number, store: boolean): number {
    const i = this.probe(vaddr, asid);
    if (i < 0) return TLB_MISS;
    const span = this.mask[i]! | 0x1fff;
    const half = (span + 1) >>> 1; // the bit that picks the odd page
    const lo = (vaddr & half) !== 0 ? this.lo1[i]! : this.lo0[i]!;
    if ((lo & ENTRYLO.V) === 0) return TLB_INVALID;
    if (store && (lo & ENTRYLO.D) === 0) return TLB_NOT_DIRTY;
    const pageBase = ((lo >>> ENTRYLO.PFN_SHIFT) * 4096) & ~(half - 1);
    return (pageBase + (vaddr & (half - 1))) >>> 0;
  }

  /** TLBWI/TLBWR: writes entry `i` from EntryHi, PageMask, EntryLo0/1. */
  write(i: number, entryHi: number, pageMask: number, lo0: number, lo1: number): void {
    const span = pageMask | 0x1fff;
    this.hi[i] = (entryHi & ~span) | (entryHi & ENTRYHI.ASID_MASK);
    this.mask[i] = pageMask;
    this.lo0[i] = lo0 & ~ENTRYLO.G;
    this.lo1[i] = lo1 & ~ENTRYLO.G;
    this.global[i] = lo0 & lo1 & ENTRYLO.G;
  }
}
