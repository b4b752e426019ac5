// The region calls by Chorus name (reference §2.5; docs/vm.md): allocate, free, protect,
// inherit, map and copy segment windows, share or copy another actor's ranges, duplicate an
// address space for fork, and read or write a segment through its local cache. Addresses are
// page-aligned and sizes rounded up to pages. An actor gets an address space with its first
// region (an actor made by actorCreate starts with none).
import { K_EINVAL, K_ENOMEM, K_EUNKNOWN, K_OK } from '../errors.ts';
import type { Nucleus } from '../nucleus.ts';
import type { Actor, Thread } from '../objects.ts';
import { isCap } from '../objects.ts';
import type { Outcome } from '../outcome.ts';
import { resume } from '../outcome.ts';
import { PAGE_SHIFT, PAGE_SIZE } from './frames.ts';
import type { Inherit } from './objects.ts';
import { AnonMemory, K_EXECUTABLE, K_WRITABLE, type LocalCache } from './objects.ts';
import { SEGMENT_IO_CALLS } from './segment-io.ts';
import type { AddressSpace } from './space.ts';
import { attach, Region } from './space.ts';
import { dropSupervisor, freeSupervisor, KSEG0, supervisorRegion } from './supervisor-regions.ts';

type Handler = (n: Nucleus, caller: Thread, args: readonly unknown[]) => Outcome;

/** KnRgnDesc options beyond protection (K_WRITABLE 0x1, K_EXECUTABLE 0x2). */
export const K_ANYWHERE = 0x10;
export const K_RESTRICTIVE = 0x20;
export const K_FILLZERO = 0x40;
export const K_SUPERVISOR = 0x80;
export const K_INHERITSHARE = 0x100;

/** A region request (KnRgnDesc): start, size, options; `end` bounds K_RESTRICTIVE. */
export interface RegionDesc {
  readonly start: number;
  readonly size: number;
  readonly options: number;
  readonly end?: number;
}

export interface RegionStat {
  readonly start: number;
  readonly size: number;
  readonly options: number;
  /** What it maps: anonymous memory, a segment window shared, or a private copy of one. */
  readonly kind: 'anon' | 'segment' | 'copy';
  /** Pages with a translation now. */
  readonly resident: number;
}

/** Where the user part of an address space ends (kuseg), and where K_ANYWHERE starts looking. */
const USER_END_PAGE = 0x8000_0000 >>> PAGE_SHIFT;
const ANYWHERE_FROM_PAGE = 0x1000_0000 >>> PAGE_SHIFT;
const PROTECTION = K_WRITABLE | K_EXECUTABLE;

const isDesc = (v: unknown): v is RegionDesc =>
  typeof v === 'object' &&
  v !== null &&
  Number.isInteger((v as RegionDesc).start) &&
  Number.isInteger((v as RegionDesc).size) &&
  Number.isInteger((v as RegionDesc).options);

/** The address space of `actor`, made (with a fresh ASID) on first need. */
export function spaceFor(n: Nucleus, actor: Actor): AddressSpace | undefined {
  if (actor.space !== undefined) return actor.space;
  const asid = n.asids.allocate();
  if (asid === undefined) return undefined;
  actor.space = n.vm.newSpace(asid);
  return actor.space;
}

/** Pages [first, end) a range covers, or undefined when it is not page-aligned or not user space. */
function pagesOf(start: unknown, size: unknown): [number, number] | undefined {
  if (
    typeof start !== 'number' ||
    typeof size !== 'number' ||
    !Number.isInteger(start) ||
    !Number.isInteger(size)
  )
    return undefined;
  if (start % PAGE_SIZE !== 0 || size <= 0 || start < 0) return undefined;
  const first = start / PAGE_SIZE;
  const end = first + Math.ceil(size / PAGE_SIZE);
  return end <= USER_END_PAGE ? [first, end] : undefined;
}

/**
 * Where a new region of `pages` pages goes for `desc`: its start if free, or with K_ANYWHERE
 * the lowest free range (within [start, end) with K_RESTRICTIVE). K_EINVAL for a bad request,
 * K_ENOMEM when no range is free.
 */
function place(space: AddressSpace, desc: RegionDesc, pages: number): number {
  if ((desc.options & K_ANYWHERE) === 0) {
    const range = pagesOf(desc.start, desc.size);
    if (range === undefined) return K_EINVAL;
    return space.isFree(range[0], range[1]) ? range[0] : K_EINVAL;
  }
  let from = ANYWHERE_FROM_PAGE;
  let to = USER_END_PAGE;
  if ((desc.options & K_RESTRICTIVE) !== 0) {
    if (desc.end === undefined || desc.start % PAGE_SIZE !== 0 || desc.start < 0) return K_EINVAL;
    from = desc.start / PAGE_SIZE;
    to = Math.min(USER_END_PAGE, Math.floor(desc.end / PAGE_SIZE));
  }
  for (const r of [...space.regions, undefined]) {
    const gapEnd = r === undefined ? to : Math.min(to, r.startPage);
    if (gapEnd - from >= pages) return from;
    if (r !== undefined) from = Math.max(from, r.endPage);
  }
  return K_ENOMEM;
}

/** Common checks of the calls that make a region; the space and its first page, or an error. */
function newRegionSite(
  n: Nucleus,
  cap: unknown,
  desc: unknown,
): { space: AddressSpace; first: number; pages: number } | number {
  const actor = isCap(cap) ? n.actorOf(cap) : undefined;
  if (actor === undefined) return K_EUNKNOWN;
  if (!isDesc(desc) || desc.size <= 0 || (desc.options & K_SUPERVISOR) !== 0) return K_EINVAL; // only rgnAllocate makes supervisor regions
  const space = spaceFor(n, actor);
  if (space === undefined) return K_ENOMEM;
  const pages = Math.ceil(desc.size / PAGE_SIZE);
  const first = place(space, desc, pages);
  return first < 0 ? first : { space, first, pages };
}

const inheritOf = (options: number): Inherit => ((options & K_INHERITSHARE) !== 0 ? 'share' : 'copy');

/** An existing actor's space and the regions of [start, start + size), cut to the range. */
function rangeOf(
  n: Nucleus,
  cap: unknown,
  start: unknown,
  size: unknown,
): { space: AddressSpace | undefined; inside: Region[] } | number {
  const actor = isCap(cap) ? n.actorOf(cap) : undefined;
  if (actor === undefined) return K_EUNKNOWN;
  const range = pagesOf(start, size);
  if (range === undefined) return K_EINVAL;
  const space = actor.space;
  return { space, inside: space === undefined ? [] : space.split(range[0], range[1]) };
}

/**
 * The regions of `src` covering pages [first, end) with no hole, cut to the range, or K_EINVAL
 * (rgnMapFromActor, rgnInitFromActor). The parts are views, not attached and not in `src`: the
 * source actor's own regions stay whole, whether or not the call succeeds.
 */
function covered(src: AddressSpace | undefined, first: number, end: number): Region[] | number {
  if (src === undefined) return K_EINVAL;
  const parts: Region[] = [];
  for (let at = first; at < end; ) {
    const r = src.regionAt(at);
    if (r === undefined) return K_EINVAL;
    const to = Math.min(end, r.endPage);
    parts.push(new Region(at, to - at, r.protection, r.inherit, r.object, r.indexOf(at), r.overlay));
    at = to;
  }
  return parts;
}

/**
 * Makes every translation to pages [first, first + count) of anonymous `memory` read-only, in
 * every space mapping them, before they are shared copy-on-write: a region sharing the memory
 * with the source (K_INHERITSHARE, rgnMapFromActor) may hold a writable one, and a store
 * through it would land in the frame the copy holds.
 */
function writeProtectMappings(n: Nucleus, memory: AnonMemory, first: number, count: number): void {
  for (const actor of n.actors.values()) {
    const space = actor.space;
    if (space === undefined) continue;
    for (const r of space.regions) {
      if (r.object !== memory && r.overlay !== memory) continue;
      const from = Math.max(first, r.objectPage);
      const to = Math.min(first + count, r.objectPage + r.pages);
      for (let index = from; index < to; index++) space.writeProtect(r.startPage + (index - r.objectPage));
    }
  }
}

/** A copy-on-write copy of region `r` placed at page `at` of another space (rgnInitFromActor, rgnDup). */
function copyOf(n: Nucleus, src: AddressSpace, r: Region, at: number, protection: number): Region {
  n.vm.writeProtect(src, r.startPage, r.endPage);
  const shared = r.overlay ?? (r.object.kind === 'anon' ? r.object : undefined);
  if (shared !== undefined) writeProtectMappings(n, shared, r.objectPage, r.pages);
  if (r.object.kind === 'anon' && r.overlay === undefined) {
    const copy = n.vm.copyWindow(r.object, r.objectPage, r.pages, 0);
    return attach(new Region(at, r.pages, protection, r.inherit, copy, 0, undefined));
  }
  const overlay =
    r.overlay === undefined
      ? new AnonMemory()
      : n.vm.copyWindow(r.overlay, r.objectPage, r.pages, r.objectPage);
  return attach(new Region(at, r.pages, protection, r.inherit, r.object, r.objectPage, overlay));
}

function statOf(r: Region, space: AddressSpace): RegionStat {
  let resident = 0;
  for (let vpn = r.startPage; vpn < r.endPage; vpn++) if (space.frameOf(vpn) >= 0) resident++;
  return {
    start: r.start,
    size: r.size,
    options: r.protection | (r.inherit === 'share' ? K_INHERITSHARE : 0),
    kind: r.object.kind === 'anon' ? 'anon' : r.overlay === undefined ? 'segment' : 'copy',
    resident,
  };
}

/** Frees every region of an actor being deleted (its pages go back). */
export function releaseSpace(n: Nucleus, actor: Actor): void {
  for (const [start, r] of [...n.vm.supervisor])
    if (r.owner === actor.cap.serial) dropSupervisor(n, actor, start);
  const space = actor.space;
  if (space === undefined) return;
  for (const r of [...space.regions]) {
    space.remove(r);
    n.vm.releaseRegion(r);
  }
  // No TLB entry of its ASID is left on any CPU: the ASID can serve another actor.
  space.retire();
  n.asids.release(space.asid);
}

export const VM_CALLS = {
  ...SEGMENT_IO_CALLS,
  /** Anonymous zero-filled memory; returns the region's start address. */
  rgnAllocate(n, t, [cap, desc]) {
    n.charged += n.costs.portControl;
    if (isDesc(desc) && (desc.options & K_SUPERVISOR) !== 0) return resume(supervisorRegion(n, t, cap, desc));
    const site = newRegionSite(n, cap, desc);
    if (typeof site === 'number') return resume(site);
    const d = desc as RegionDesc;
    const region = attach(
      new Region(
        site.first,
        site.pages,
        d.options & PROTECTION,
        inheritOf(d.options),
        new AnonMemory(),
        0,
        undefined,
      ),
    );
    site.space.insert(region);
    return resume(region.start);
  },
  /** Frees every region in the range, splitting those that straddle its edges; holes are fine. */
  rgnFree(n, _t, [cap, start, size]) {
    n.charged += n.costs.portControl;
    if (typeof start === 'number' && start >= KSEG0 && isCap(cap))
      return resume(freeSupervisor(n, cap, start));
    const range = rangeOf(n, cap, start, size);
    if (typeof range === 'number') return resume(range);
    for (const r of range.inside) {
      range.space!.remove(r);
      n.vm.releaseRegion(r);
    }
    return resume(K_OK);
  },
  rgnSetProtect(n, _t, [cap, start, size, protection]) {
    n.charged += n.costs.portControl;
    if (typeof protection !== 'number' || (protection & ~PROTECTION) !== 0) return resume(K_EINVAL);
    const range = rangeOf(n, cap, start, size);
    if (typeof range === 'number') return resume(range);
    for (const r of range.inside) {
      r.protection = protection;
      if ((protection & K_WRITABLE) === 0) n.vm.writeProtect(range.space!, r.startPage, r.endPage);
    }
    return resume(K_OK);
  },
  rgnSetInherit(n, _t, [cap, start, size, inherit]) {
    n.charged += n.costs.portControl;
    if (inherit !== 'copy' && inherit !== 'share') return resume(K_EINVAL);
    const range = rangeOf(n, cap, start, size);
    if (typeof range === 'number') return resume(range);
    for (const r of range.inside) r.inherit = inherit;
    return resume(K_OK);
  },
  /** A region sharing a window of segment `seg` from byte `offset` (page-aligned). */
  rgnMap(n, _t, [cap, desc, seg, offset]) {
    return resume(mapSegment(n, cap, desc, seg, offset, false));
  },
  /** A region holding a private copy (copy-on-write) of a window of segment `seg`. */
  rgnInit(n, _t, [cap, desc, seg, offset]) {
    return resume(mapSegment(n, cap, desc, seg, offset, true));
  },
  /** A region sharing what actor `src` maps at [srcStart, srcStart + desc.size). */
  rgnMapFromActor(n, _t, [cap, desc, src, srcStart]) {
    return resume(fromActor(n, cap, desc, src, srcStart, false));
  },
  /** A region holding a copy (copy-on-write) of what actor `src` maps there. */
  rgnInitFromActor(n, _t, [cap, desc, src, srcStart]) {
    return resume(fromActor(n, cap, desc, src, srcStart, true));
  },
  /** Duplicates every region of `src` into the empty actor `dst` at the same addresses (fork). */
  rgnDup(n, _t, [src, dst]) {
    n.charged += n.costs.portControl;
    const from = isCap(src) ? n.actorOf(src) : undefined;
    const to = isCap(dst) ? n.actorOf(dst) : undefined;
    if (from === undefined || to === undefined) return resume(K_EUNKNOWN);
    if (from === to || (to.space !== undefined && to.space.regions.length > 0)) return resume(K_EINVAL);
    const target = spaceFor(n, to);
    if (target === undefined) return resume(K_ENOMEM);
    const source = from.space;
    if (source === undefined) return resume(K_OK);
    for (const r of source.regions) {
      n.charged += n.costs.pageFault;
      const copy =
        r.inherit === 'share'
          ? attach(
              new Region(r.startPage, r.pages, r.protection, r.inherit, r.object, r.objectPage, r.overlay),
            )
          : copyOf(n, source, r, r.startPage, r.protection);
      target.insert(copy);
    }
    return resume(K_OK);
  },
  rgnStat(n, _t, [cap, address]) {
    const actor = isCap(cap) ? n.actorOf(cap) : undefined;
    if (actor === undefined) return resume(K_EUNKNOWN);
    if (typeof address !== 'number' || actor.space === undefined) return resume(K_EINVAL);
    const r = actor.space.regionAt(Math.floor(address / PAGE_SIZE));
    return resume(r === undefined ? K_EINVAL : statOf(r, actor.space));
  },
} satisfies Record<string, Handler>;

function mapSegment(
  n: Nucleus,
  cap: unknown,
  desc: unknown,
  seg: unknown,
  offset: unknown,
  copy: boolean,
): number {
  n.charged += n.costs.portControl;
  if (!isCap(seg) || typeof offset !== 'number' || offset < 0 || offset % PAGE_SIZE !== 0) return K_EINVAL;
  const site = newRegionSite(n, cap, desc);
  if (typeof site === 'number') return site;
  const d = desc as RegionDesc;
  const cache: LocalCache = n.vm.cacheOf(seg);
  const region = attach(
    new Region(
      site.first,
      site.pages,
      d.options & PROTECTION,
      inheritOf(d.options),
      cache,
      offset / PAGE_SIZE,
      copy ? new AnonMemory() : undefined,
    ),
  );
  site.space.insert(region);
  return region.start;
}

function fromActor(
  n: Nucleus,
  cap: unknown,
  desc: unknown,
  src: unknown,
  srcStart: unknown,
  copy: boolean,
): number {
  n.charged += n.costs.portControl;
  const source = isCap(src) ? n.actorOf(src) : undefined;
  if (source === undefined) return K_EUNKNOWN;
  if (!isDesc(desc)) return K_EINVAL;
  const range = pagesOf(srcStart, desc.size);
  if (range === undefined) return K_EINVAL;
  const parts = covered(source.space, range[0], range[1]);
  if (typeof parts === 'number') return parts;
  const site = newRegionSite(n, cap, desc);
  if (typeof site === 'number') return site;
  if (site.space === source.space && !site.space.isFree(site.first, site.first + site.pages)) return K_EINVAL;
  const protection = desc.options & PROTECTION;
  for (const r of parts) {
    const at = site.first + (r.startPage - range[0]);
    const made = copy
      ? copyOf(n, source.space!, r, at, protection)
      : attach(
          new Region(at, r.pages, protection, inheritOf(desc.options), r.object, r.objectPage, r.overlay),
        );
    made.inherit = inheritOf(desc.options);
    site.space.insert(made);
  }
  return site.first * PAGE_SIZE;
}
