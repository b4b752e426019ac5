// The VM core (docs/vm.md): frames, the site's local caches, and turning a virtual page of an
// address space into a frame (`resolve`) by way of its region: anonymous pages are made on
// first touch (zero-filled), shared pages are copied on the first write (copy-on-write), cache
// pages come from the segment's mapper (the caller pulls them in, vm/fault.ts). It charges each
// path to the cost table and never blocks: what needs a mapper is returned as a `pull`.
import type { Nucleus } from '../nucleus.ts';
import type { Capability } from '../objects.ts';
import { PAGE_SHIFT, PAGE_SIZE, PageFrames } from './frames.ts';
import type { MemoryObject } from './objects.ts';
import { AnonMemory, AnonPage, CachePage, LocalCache } from './objects.ts';
import type { Region } from './space.ts';
import { AddressSpace } from './space.ts';

export type Resolution =
  | { readonly kind: 'mapped'; readonly pa: number }
  /** No free frame: evict a page (vm/pageout.ts), then retry. */
  | { readonly kind: 'evict' }
  /** An anonymous page is in the swap segment: bring it back, then retry. */
  | { readonly kind: 'swapin'; readonly page: AnonPage }
  /** The page is not in the segment's local cache: pull it in from the mapper, then retry. */
  | { readonly kind: 'pull'; readonly cache: LocalCache; readonly index: number; readonly write: boolean }
  | { readonly kind: 'fault'; readonly reason: string };

export interface VmStats {
  /** Faults resolved without a mapper (zero fill, copy-on-write, a resident cache page). */
  resolved: number;
  zeroFills: number;
  copies: number;
  pullIns: number;
  /** Pages written to their mapper (dirty cache pages) or to swap (anonymous), and read back. */
  pushOuts: number;
  swapIns: number;
  /** Clean pages dropped to free a frame. */
  dropped: number;
  /** TLB entries dropped on other CPUs (shootdowns). */
  shootdowns: number;
}

const MAPPED = (pa: number): Resolution => ({ kind: 'mapped', pa });

/** A page found for an access: its frame and whether to map it writable, or what else to do. */
type PageResult = { kind: 'mapped'; pa: number; writable: boolean } | Exclude<Resolution, { kind: 'mapped' }>;

export class Vm {
  frames: PageFrames;
  /** Local caches by segment (mapper port UI and key). */
  readonly caches = new Map<string, LocalCache>();
  readonly stats: VmStats = {
    resolved: 0,
    zeroFills: 0,
    copies: 0,
    pullIns: 0,
    pushOuts: 0,
    swapIns: 0,
    dropped: 0,
    shootdowns: 0,
  };
  /**
   * Frames holding pageable pages, oldest first: the replacement order (FIFO, docs/vm.md). The
   * value says whose page it is.
   */
  readonly resident = new Map<number, AnonPage | { cache: LocalCache; index: number }>();
  /** Supervisor regions (K_SUPERVISOR): kseg0 start -> first frame, pages and owner. */
  readonly supervisor = new Map<
    number,
    { readonly frame: number; readonly pages: number; readonly owner: number }
  >();
  /** The temporary segment at the default mapper that anonymous pages are swapped to. */
  swap: Capability | undefined = undefined;
  private readonly freeSlots: number[] = [];
  private nextSlot = 0;

  constructor(private readonly n: Nucleus) {
    this.frames = new PageFrames(0, 0);
  }

  /** A new address space whose translations the HAL keeps in step with every CPU's TLB. */
  newSpace(asid: number): AddressSpace {
    const space = new AddressSpace(asid);
    space.invalidate = (a, vpn) => {
      const remote = this.n.hal.invalidateTlb(a, vpn);
      this.stats.shootdowns += remote;
      this.n.charged += remote * this.n.costs.ipi;
    };
    return space;
  }

  /** The local cache of a segment, made on first use. */
  cacheOf(segment: Capability): LocalCache {
    const key = `${segment.site}.${segment.epoch}.${segment.serial}/${segment.key}`;
    let cache = this.caches.get(key);
    if (cache === undefined) {
      cache = new LocalCache(segment);
      this.caches.set(key, cache);
    }
    return cache;
  }

  // --- frames ---

  private zeroFrame(): number {
    const frame = this.frames.allocate();
    if (frame < 0) return -1;
    this.n.charged += this.n.costs.pageCopy / 4;
    const memory = this.n.hal.physical;
    for (let i = 0; i < PAGE_SIZE; i += 4) memory.write32(frame + i, 0);
    return frame;
  }

  private copyFrame(from: number): number {
    const frame = this.frames.allocate();
    if (frame < 0) return -1;
    const memory = this.n.hal.physical;
    for (let i = 0; i < PAGE_SIZE; i += 4) memory.write32(frame + i, memory.read32(from + i));
    this.n.charged += this.n.costs.pageCopy;
    this.stats.copies++;
    return frame;
  }

  /** Fills a frame with `data` (zero beyond it). */
  fillFrame(frame: number, data: Uint8Array): void {
    const memory = this.n.hal.physical;
    for (let i = 0; i < PAGE_SIZE; i++) memory.write8(frame + i, i < data.length ? data[i]! : 0);
  }

  readFrame(frame: number): Uint8Array {
    const memory = this.n.hal.physical;
    const out = new Uint8Array(PAGE_SIZE);
    for (let i = 0; i < PAGE_SIZE; i++) out[i] = memory.read8(frame + i);
    return out;
  }

  // --- resolving a page ---

  /**
   * Makes virtual address `vaddr` of `space` accessible for a read (or a write) if its region
   * allows it and no mapper is needed; installs the translation.
   */
  resolve(space: AddressSpace, vaddr: number, write: boolean): Resolution {
    const vpn = (vaddr >>> 0) >>> PAGE_SHIFT;
    const offset = (vaddr >>> 0) & (PAGE_SIZE - 1);
    const region = space.regionAt(vpn);
    if (region === undefined) return { kind: 'fault', reason: 'not in any region' };
    if (write && !region.writable) return { kind: 'fault', reason: 'write to a read-only region' };
    const index = region.indexOf(vpn);
    const r = this.resolvePage(region, index, write);
    if (r.kind !== 'mapped') return r;
    this.n.charged += this.n.costs.pageFault;
    this.stats.resolved++;
    space.setTranslation(vpn, r.pa, r.writable);
    return MAPPED(r.pa + offset);
  }

  /** The frame of object page `index` of `region` for the access, and whether to map it writable. */
  private resolvePage(region: Region, index: number, write: boolean): PageResult {
    const overlay = region.overlay;
    if (overlay !== undefined) {
      const own = overlay.pages.get(index);
      if (own !== undefined) return this.anonPage(overlay, index, own, region, write);
      const cache = region.object as LocalCache;
      const page = cache.pages.get(index);
      if (page === undefined) return { kind: 'pull', cache, index, write: false };
      if (!write) return { kind: 'mapped', pa: page.frame, writable: false };
      // First write to a private copy of a cache page: the copy goes into the overlay. Other
      // regions sharing the overlay map the cache page: they must find the copy from now on.
      const frame = this.copyFrame(page.frame);
      if (frame < 0) return { kind: 'evict' };
      if (overlay.users.size > 1) this.unmapFrame(page.frame);
      const mine = new AnonPage(frame);
      overlay.pages.set(index, mine);
      this.resident.set(frame, mine);
      return { kind: 'mapped', pa: frame, writable: true };
    }
    const object = region.object;
    if (object.kind === 'anon') {
      let page = object.pages.get(index);
      if (page === undefined) {
        const frame = this.zeroFrame();
        if (frame < 0) return { kind: 'evict' };
        this.stats.zeroFills++;
        page = new AnonPage(frame);
        object.pages.set(index, page);
        this.resident.set(frame, page);
      }
      return this.anonPage(object, index, page, region, write);
    }
    const page = object.pages.get(index);
    if (page === undefined || (write && !page.writable)) return { kind: 'pull', cache: object, index, write };
    page.outgoing = false; // wanted again: an eviction under way keeps it
    // A shared mapping of a segment: writes mark the page dirty, so it is mapped writable only
    // once written (the first write faults and comes here).
    if (write) page.dirty = true;
    return { kind: 'mapped', pa: page.frame, writable: write };
  }

  /** An anonymous page: shared ones are copied on the first write (copy-on-write). */
  private anonPage(
    memory: AnonMemory,
    index: number,
    page: AnonPage,
    region: Region,
    write: boolean,
  ): PageResult {
    if (page.frame < 0) return { kind: 'swapin', page };
    page.outgoing = false; // wanted again: an eviction under way keeps it
    if (write && page.refs > 1) {
      const frame = this.copyFrame(page.frame);
      if (frame < 0) return { kind: 'evict' };
      // Regions of other actors sharing this memory map the old frame: they must find the
      // copy from now on (the other copies of the old page simply map it again on a fault).
      if (memory.users.size > 1) this.unmapFrame(page.frame);
      page.refs--;
      const mine = new AnonPage(frame);
      memory.pages.set(index, mine);
      this.resident.set(frame, mine);
      return { kind: 'mapped', pa: frame, writable: true };
    }
    return { kind: 'mapped', pa: page.frame, writable: region.writable && page.refs === 1 };
  }

  /**
   * The frame of anonymous page `index` of `memory`, made (zero-filled) if missing: for loaders
   * that fill a region before any thread runs. -1 when memory is exhausted.
   */
  populate(memory: AnonMemory, index: number): number {
    const present = memory.pages.get(index);
    if (present !== undefined) return present.frame;
    const frame = this.zeroFrame();
    if (frame < 0) return -1;
    const page = new AnonPage(frame);
    memory.pages.set(index, page);
    this.resident.set(frame, page);
    return frame;
  }

  /** A page the mapper sent for `cache` (MpPullIn): kept unless another pull put one there first. */
  install(cache: LocalCache, index: number, data: Uint8Array, writable: boolean): boolean {
    const present = cache.pages.get(index);
    if (present !== undefined) {
      present.writable ||= writable;
      return true;
    }
    const frame = this.frames.allocate();
    if (frame < 0) return false;
    this.fillFrame(frame, data);
    cache.pages.set(index, new CachePage(frame, writable));
    this.resident.set(frame, { cache, index });
    this.stats.pullIns++;
    return true;
  }

  // --- freeing ---

  /**
   * Region `region` is gone from its space: the pages of its window that no other region maps
   * are released (anonymous pages lose a reference; a frame with none left is freed). Cache
   * pages stay in the cache, which belongs to the segment.
   */
  releaseRegion(region: Region): void {
    for (const memory of [region.object, region.overlay]) {
      if (memory === undefined || memory.kind !== 'anon') continue;
      for (let i = 0; i < region.pages; i++) {
        const index = region.objectPage + i;
        if (mappedElsewhere(memory, index)) continue;
        const page = memory.pages.get(index);
        if (page === undefined) continue;
        memory.pages.delete(index);
        this.dropAnon(page);
      }
    }
  }

  private dropAnon(page: AnonPage): void {
    page.refs--;
    if (page.refs > 0) return;
    if (page.frame >= 0) this.freeFrame(page.frame);
    page.frame = -1;
    if (page.slot >= 0) this.freeSlot(page.slot);
    page.slot = -1;
  }

  freeFrame(frame: number): void {
    this.resident.delete(frame);
    this.frames.release(frame);
  }

  // --- swap slots (pages of the swap segment) ---

  allocateSlot(): number {
    return this.freeSlots.pop() ?? this.nextSlot++;
  }

  freeSlot(slot: number): void {
    this.freeSlots.push(slot);
  }

  /** Drops every translation of `frame` in every address space (before the frame is reused). */
  unmapFrame(frame: number): void {
    for (const actor of this.n.actors.values()) {
      const space = actor.space;
      if (space === undefined) continue;
      const hits: number[] = [];
      for (const [vpn, t] of space.translations()) if (t.frame === frame) hits.push(vpn);
      for (const vpn of hits) space.unmap(vpn);
    }
  }

  /** Write-protects every translation of `space` in pages [from, to) (before sharing them). */
  writeProtect(space: AddressSpace, from: number, to: number): void {
    for (let vpn = from; vpn < to; vpn++) space.writeProtect(vpn);
  }

  /** An anonymous copy of pages [first, first + count) of `memory`, sharing them copy-on-write. */
  copyWindow(memory: AnonMemory, first: number, count: number, to: number): AnonMemory {
    const copy = new AnonMemory();
    for (let i = 0; i < count; i++) {
      const page = memory.pages.get(first + i);
      if (page === undefined) continue;
      page.refs++;
      this.n.charged += this.n.costs.pageShare;
      copy.pages.set(to + i, page);
    }
    return copy;
  }
}

/** Whether another region still maps object page `index` of `memory`. */
function mappedElsewhere(memory: MemoryObject, index: number): boolean {
  for (const user of memory.users) {
    const w = user.window;
    if (index >= w.first && index < w.first + w.count) return true;
  }
  return false;
}
