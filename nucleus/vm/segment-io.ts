// Segment I/O through the local cache (sgRead / sgWrite, docs/vm.md): the nucleus calls copy
// between a segment's cached pages and a buffer, or name the first page that must be pulled in
// first; the api wrappers (nucleus/api/vm.ts) pull it from the mapper and ask again. Mappings of
// the segment and these calls share the one cache, so they see the same bytes.
import { K_EINVAL, K_OK } from '../errors.ts';
import type { Nucleus } from '../nucleus.ts';
import type { Thread } from '../objects.ts';
import { isCap } from '../objects.ts';
import type { Outcome } from '../outcome.ts';
import { resume } from '../outcome.ts';
import { PAGE_SIZE } from './frames.ts';
import type { LocalCache } from './objects.ts';

type Handler = (n: Nucleus, caller: Thread, args: readonly unknown[]) => Outcome;

/** Longest sgRead / sgWrite, in bytes. */
export const SG_MAX = 1024 * 1024;

/** A page lcRead/lcWrite needs first: the caller pulls it in (vm/fault.ts pullIn) and retries. */
export interface NeedPage {
  readonly pull: { readonly cache: LocalCache; readonly index: number; readonly write: boolean };
}

/** Checks a segment I/O request; the cache and page range, or an error. */
function segmentRange(n: Nucleus, seg: unknown, offset: unknown, size: number): LocalCache | number {
  if (!isCap(seg) || typeof offset !== 'number' || !Number.isInteger(offset) || offset < 0) return K_EINVAL;
  if (!Number.isInteger(size) || size < 0 || size > SG_MAX) return K_EINVAL;
  return n.vm.cacheOf(seg);
}

export const SEGMENT_IO_CALLS = {
  /**
   * Reads `size` bytes of segment `seg` at `offset` through its local cache: the bytes, or the
   * first page that is not resident (the caller pulls it in and asks again; api sgRead does).
   */
  lcRead(n, _t, [seg, offset, size]) {
    const cache = segmentRange(n, seg, offset, size as number);
    if (typeof cache === 'number') return resume(cache);
    const out = new Uint8Array(size as number);
    const memory = n.hal.physical;
    for (let at = 0; at < out.length; ) {
      const pos = (offset as number) + at;
      const index = Math.floor(pos / PAGE_SIZE);
      const page = cache.pages.get(index);
      if (page === undefined) return resume({ pull: { cache, index, write: false } } satisfies NeedPage);
      const inPage = pos % PAGE_SIZE;
      const count = Math.min(PAGE_SIZE - inPage, out.length - at);
      for (let i = 0; i < count; i++) out[at + i] = memory.read8(page.frame + inPage + i);
      at += count;
    }
    n.ipc.copy(out.length);
    return resume(out);
  },
  /** Writes `data` into segment `seg` at `offset` through its local cache (pages become dirty). */
  lcWrite(n, _t, [seg, offset, data]) {
    if (!(data instanceof Uint8Array)) return resume(K_EINVAL);
    const cache = segmentRange(n, seg, offset, data.length);
    if (typeof cache === 'number') return resume(cache);
    const first = Math.floor((offset as number) / PAGE_SIZE);
    const end = Math.ceil(((offset as number) + data.length) / PAGE_SIZE);
    for (let index = first; index < end; index++) {
      const page = cache.pages.get(index);
      if (page === undefined || !page.writable)
        return resume({ pull: { cache, index, write: true } } satisfies NeedPage);
    }
    const memory = n.hal.physical;
    for (let i = 0; i < data.length; i++) {
      const pos = (offset as number) + i;
      const page = cache.pages.get(Math.floor(pos / PAGE_SIZE))!;
      page.dirty = true;
      page.outgoing = false;
      memory.write8(page.frame + (pos % PAGE_SIZE), data[i]!);
    }
    n.ipc.copy(data.length);
    return resume(K_OK);
  },
  vmPageSize() {
    return resume(PAGE_SIZE);
  },
} satisfies Record<string, Handler>;
