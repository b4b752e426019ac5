// nucleus/api for virtual memory (docs/vm.md): regions of an actor's address space over
// anonymous memory or segment windows, and the page size.

import type { Capability } from '../objects.ts';
import type { RegionDesc, RegionStat } from '../vm/calls.ts';
import { pullIn } from '../vm/fault.ts';
import type { NeedPage } from '../vm/segment-io.ts';
import type { Request } from './index.ts';

export type { RegionDesc, RegionStat } from '../vm/calls.ts';
export { K_ANYWHERE, K_FILLZERO, K_INHERITSHARE, K_RESTRICTIVE, K_SUPERVISOR } from '../vm/calls.ts';
export { K_EXECUTABLE, K_WRITABLE } from '../vm/objects.ts';

export type VmCallName =
  | 'vmPageSize'
  | 'rgnAllocate'
  | 'rgnFree'
  | 'rgnSetProtect'
  | 'rgnSetInherit'
  | 'rgnMap'
  | 'rgnInit'
  | 'rgnMapFromActor'
  | 'rgnInitFromActor'
  | 'rgnDup'
  | 'rgnStat'
  | 'lcRead'
  | 'lcWrite'
  /** The nucleus's own: a pulled-in page goes into a local cache (vm/fault.ts), page replacement (vm/pageout.ts). */
  | 'vmInstall'
  | 'vmGrant'
  | 'vmTouch'
  | 'vmEvictBegin'
  | 'vmEvictEnd'
  | 'vmSetSwap'
  | 'vmSwapSegment'
  | 'vmSwapInstall';

type Call<T> = Generator<Request, T, unknown>;

function* call<T>(name: VmCallName, ...args: unknown[]): Call<T> {
  return (yield { op: 'call', name, args }) as T;
}

export const vmPageSize = () => call<number>('vmPageSize');
/** Anonymous memory (zero-filled on first touch); returns the start address or an error. */
export const rgnAllocate = (actor: Capability, desc: RegionDesc) => call<number>('rgnAllocate', actor, desc);
export const rgnFree = (actor: Capability, start: number, size: number) =>
  call<number>('rgnFree', actor, start, size);
export const rgnSetProtect = (actor: Capability, start: number, size: number, protection: number) =>
  call<number>('rgnSetProtect', actor, start, size, protection);
export const rgnSetInherit = (actor: Capability, start: number, size: number, inherit: 'copy' | 'share') =>
  call<number>('rgnSetInherit', actor, start, size, inherit);
/** Shares a window of segment `seg` (its mapper's port UI and key) from byte `offset`. */
export const rgnMap = (actor: Capability, desc: RegionDesc, seg: Capability, offset: number) =>
  call<number>('rgnMap', actor, desc, seg, offset);
/** A private (copy-on-write) copy of a window of segment `seg`. */
export const rgnInit = (actor: Capability, desc: RegionDesc, seg: Capability, offset: number) =>
  call<number>('rgnInit', actor, desc, seg, offset);
export const rgnMapFromActor = (actor: Capability, desc: RegionDesc, src: Capability, srcStart: number) =>
  call<number>('rgnMapFromActor', actor, desc, src, srcStart);
export const rgnInitFromActor = (actor: Capability, desc: RegionDesc, src: Capability, srcStart: number) =>
  call<number>('rgnInitFromActor', actor, desc, src, srcStart);
/** Duplicates every region of `src` into the empty actor `dst` (fork): shared or copied by inheritance. */
export const rgnDup = (src: Capability, dst: Capability) => call<number>('rgnDup', src, dst);
export const rgnStat = (actor: Capability, address: number) =>
  call<RegionStat | number>('rgnStat', actor, address);

/**
 * Reads `size` bytes of segment `seg` from `offset` through the site's local cache (the same
 * pages its mappings see), pulling missing pages in from the mapper: the bytes or an error.
 */
export function* sgRead(seg: Capability, offset: number, size: number): Call<Uint8Array | number> {
  for (;;) {
    const r = yield* call<Uint8Array | NeedPage | number>('lcRead', seg, offset, size);
    if (typeof r === 'number' || r instanceof Uint8Array) return r;
    const pulled = yield* pullIn(r.pull.cache, r.pull.index, r.pull.write);
    if (pulled < 0) return pulled;
  }
}

/** Writes `data` into segment `seg` at `offset` through the local cache; K_OK or an error. */
export function* sgWrite(seg: Capability, offset: number, data: Uint8Array): Call<number> {
  for (;;) {
    const r = yield* call<NeedPage | number>('lcWrite', seg, offset, data);
    if (typeof r === 'number') return r;
    const pulled = yield* pullIn(r.pull.cache, r.pull.index, r.pull.write);
    if (pulled < 0) return pulled;
  }
}
