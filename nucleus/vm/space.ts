// An actor's address space (reference §1.9, §2.5): its regions, sorted and never overlapping,
// and the page table the MMU is refilled from. The page table is a cache of translations the
// fault path fills (vm/fault.ts) and the region calls cut back (vm/regions.ts); every cut goes
// through `unmap`, which also has the HAL drop the translation from every CPU's TLB. A space may
// also hold wired pages mapped directly with `map` (no region: kernel-given pages, tests).

import { PAGE_SHIFT, PAGE_SIZE } from './frames.ts';
import type { AnonMemory, Inherit, MemoryObject } from './objects.ts';
import { K_WRITABLE } from './objects.ts';

/** A page-aligned range of an address space mapping a window of a memory object. */
export class Region {
  constructor(
    /** First virtual page and number of pages. */
    public startPage: number,
    public pages: number,
    /** K_WRITABLE | K_EXECUTABLE. */
    public protection: number,
    public inherit: Inherit,
    /** What it maps, and from which page of it. */
    public object: MemoryObject,
    public objectPage: number,
    /** Private pages of a copy of a cache window (rgnInit): written pages live here. */
    public overlay: AnonMemory | undefined,
  ) {}

  get start(): number {
    return this.startPage * PAGE_SIZE;
  }

  get size(): number {
    return this.pages * PAGE_SIZE;
  }

  get endPage(): number {
    return this.startPage + this.pages;
  }

  /** The object pages it maps (ObjectUser). */
  get window(): { first: number; count: number } {
    return { first: this.objectPage, count: this.pages };
  }

  get writable(): boolean {
    return (this.protection & K_WRITABLE) !== 0;
  }

  /** The object page behind virtual page `vpn` of this region. */
  indexOf(vpn: number): number {
    return this.objectPage + (vpn - this.startPage);
  }

  /** A region for pages [from, to) of this one, with the same object window. */
  slice(from: number, to: number): Region {
    return attach(
      new Region(
        from,
        to - from,
        this.protection,
        this.inherit,
        this.object,
        this.indexOf(from),
        this.overlay,
      ),
    );
  }
}

/** Records a new region as a user of its object and overlay (vm/vm.ts frees pages by it). */
export function attach(region: Region): Region {
  region.object.users.add(region);
  region.overlay?.users.add(region);
  return region;
}

interface Translation {
  frame: number;
  writable: boolean;
}

/** How the space tells the MMU a translation went away (the VM's TLB shootdown). */
export type Invalidate = (asid: number, vpn: number) => void;

export class AddressSpace {
  /** Regions in address order. */
  readonly regions: Region[] = [];
  /** Virtual page -> frame and whether writes may go straight through. */
  private readonly table = new Map<number, Translation>();
  /** Wired pages (map()), kept across region changes. */
  private readonly wired = new Set<number>();
  invalidate: Invalidate = () => {};

  constructor(readonly asid: number) {}

  /** Maps a wired page directly (no region): kernel-given pages and hand-built test spaces. */
  map(vpn: number, frame: number, writable: boolean): void {
    this.wired.add(vpn);
    this.setTranslation(vpn, frame, writable);
  }

  setTranslation(vpn: number, frame: number, writable: boolean): void {
    const old = this.table.get(vpn);
    this.table.set(vpn, { frame, writable });
    if (old !== undefined && (old.frame !== frame || (old.writable && !writable)))
      this.invalidate(this.asid, vpn);
  }

  /** Drops the translation of `vpn` (it faults again next time). */
  unmap(vpn: number): void {
    if (this.wired.has(vpn)) return;
    if (this.table.delete(vpn)) this.invalidate(this.asid, vpn);
  }

  /** Makes the translation of `vpn` read-only (copy-on-write, protection change). */
  writeProtect(vpn: number): void {
    const t = this.table.get(vpn);
    if (t === undefined || !t.writable || this.wired.has(vpn)) return;
    t.writable = false;
    this.invalidate(this.asid, vpn);
  }

  /** The frame behind virtual page `vpn`, or -1 when it has no translation now. */
  frameOf(vpn: number): number {
    return this.table.get(vpn)?.frame ?? -1;
  }

  isWritable(vpn: number): boolean {
    return this.table.get(vpn)?.writable === true;
  }

  /** The physical address of `vaddr` for a read (or a write) with the translations as they are. */
  physicalOf(vaddr: number, write: boolean): number {
    const vpn = (vaddr >>> 0) >>> PAGE_SHIFT;
    const t = this.table.get(vpn);
    if (t === undefined || (write && !t.writable)) return -1;
    return t.frame + ((vaddr >>> 0) & (PAGE_SIZE - 1));
  }

  get mappedPages(): number {
    return this.table.size;
  }

  /**
   * The space's actor is gone and its ASID will serve another: every TLB entry of it is dropped
   * on every CPU. What is left in the table (wired pages) stays readable for a post-mortem.
   */
  retire(): void {
    for (const vpn of this.table.keys()) this.invalidate(this.asid, vpn);
  }

  /** Translations, for scans (eviction, tests). */
  translations(): IterableIterator<[number, Translation]> {
    return this.table.entries();
  }

  /** The region holding virtual page `vpn`. */
  regionAt(vpn: number): Region | undefined {
    let lo = 0;
    let hi = this.regions.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const r = this.regions[mid]!;
      if (vpn < r.startPage) hi = mid - 1;
      else if (vpn >= r.endPage) lo = mid + 1;
      else return r;
    }
    return undefined;
  }

  /** Whether pages [from, to) meet no region. */
  isFree(from: number, to: number): boolean {
    return this.regions.every((r) => r.endPage <= from || r.startPage >= to);
  }

  insert(region: Region): void {
    let at = 0;
    while (at < this.regions.length && this.regions[at]!.startPage < region.startPage) at++;
    this.regions.splice(at, 0, region);
  }

  /**
   * Cuts regions at page boundaries `from` and `to` so that no region straddles them; returns
   * the regions lying inside [from, to).
   */
  split(from: number, to: number): Region[] {
    for (const edge of [from, to]) {
      const r = this.regionAt(edge);
      if (r === undefined || r.startPage === edge) continue;
      const at = this.regions.indexOf(r);
      const tail = r.slice(edge, r.endPage);
      r.pages = edge - r.startPage;
      tail.protection = r.protection;
      this.regions.splice(at + 1, 0, tail);
    }
    return this.regions.filter((r) => r.startPage >= from && r.endPage <= to);
  }

  /** Takes a region out (the VM then frees its pages): its translations go. */
  remove(region: Region): void {
    const at = this.regions.indexOf(region);
    if (at >= 0) this.regions.splice(at, 1);
    for (let vpn = region.startPage; vpn < region.endPage; vpn++) this.unmap(vpn);
    region.object.users.delete(region);
    region.overlay?.users.delete(region);
  }
}
