// Page faults (docs/vm.md, "A page fault, step by step"; reference §4.3): the HAL saves the
// faulting thread's context at the faulting instruction and asks `pageFault`. A page the
// nucleus can make at once (zero fill, copy-on-write, a resident cache page) is mapped and the
// instruction retried; a page a mapper must supply turns the thread into a native continuation
// that asks the mapper (MpPullIn by ipcCall: the thread blocks until the reply), installs the
// page and lets the thread retry the instruction. Anything else is a fault for the actor's
// exception handler, as before.
import type { Request } from '../api/index.ts';
import { K_EFAULT, K_EINVAL, K_ENOMEM, K_OK } from '../errors.ts';
import type { FaultWords } from '../guest-handlers.ts';
import type { Nucleus } from '../nucleus.ts';
import type { Thread } from '../objects.ts';
import type { Outcome } from '../outcome.ts';
import { resume } from '../outcome.ts';
import { PAGE_SIZE } from './frames.ts';
import { MP_READ, MP_WRITE, mpGetAccess, mpPullIn } from './mapper-protocol.ts';
import { LocalCache } from './objects.ts';
import { evictOne, swapIn } from './pageout.ts';
import type { AddressSpace } from './space.ts';

/** What the HAL gets back: the page is mapped, a mapper is being asked, or a real fault. */
export type FaultOutcome = 'mapped' | 'pulling' | { readonly fault: string };

/**
 * Thread `t` touched `vaddr` of `space` (a write when `write`) and the MMU had no usable
 * translation. Its guest context is saved at the faulting instruction.
 */
export function pageFault(
  n: Nucleus,
  t: Thread,
  space: AddressSpace,
  at: FaultWords,
  write: boolean,
): FaultOutcome {
  const r = n.vm.resolve(space, at.address >>> 0, write);
  if (r.kind === 'mapped') return 'mapped';
  if (r.kind === 'fault') return { fault: r.reason };
  t.body =
    r.kind === 'evict'
      ? evictOne()
      : r.kind === 'swapin'
        ? swapIn(r.page)
        : pullIn(r.cache, r.index, r.write);
  t.result = undefined;
  t.pageFault = at;
  return 'pulling';
}

/**
 * The continuation of a thread waiting for a page: MpPullIn of one page of `cache`, then the
 * page goes into the cache (vmInstall). Returns K_OK (the thread retries its instruction) or
 * an error (the fault goes to the actor's exception handler).
 */
export function* pullIn(
  cache: LocalCache,
  index: number,
  write: boolean,
): Generator<Request, number, unknown> {
  const access = write ? MP_READ | MP_WRITE : MP_READ;
  if (write && cache.pages.has(index)) {
    // The page is here, read-only: ask for the right to write it, not for its data again.
    const granted = yield* mpGetAccess(cache.segment, index * PAGE_SIZE, PAGE_SIZE, access);
    if (granted < 0) return granted;
    if ((granted & MP_WRITE) === 0) return K_EFAULT;
    const r = (yield { op: 'call', name: 'vmGrant', args: [cache, index] }) as number;
    if (r === K_OK) return r; // else the page went meanwhile: pull it in
  }
  for (;;) {
    const pulled = yield* mpPullIn(cache.segment, index * PAGE_SIZE, PAGE_SIZE, access);
    if (typeof pulled === 'number') return pulled;
    if (write && (pulled.access & MP_WRITE) === 0) return K_EFAULT;
    const installed = (yield {
      op: 'call',
      name: 'vmInstall',
      args: [cache, index, pulled.data, (pulled.access & MP_WRITE) !== 0],
    }) as number;
    if (installed !== K_ENOMEM) return installed;
    const freed = yield* evictOne(); // no free frame for it: make one, then ask again
    if (freed < 0) return freed;
  }
}

/** The nucleus's own call: the mapper granted write access to a cached page (not for actors). */
export function vmGrant(_n: Nucleus, _t: Thread, [cache, index]: readonly unknown[]): Outcome {
  const page = cache instanceof LocalCache && typeof index === 'number' ? cache.pages.get(index) : undefined;
  if (page === undefined) return resume(K_EINVAL);
  page.writable = true;
  return resume(K_OK);
}

/** The nucleus's own call that puts a pulled-in page into a local cache (not for actors). */
export function vmInstall(
  n: Nucleus,
  _t: Thread,
  [cache, index, data, writable]: readonly unknown[],
): Outcome {
  if (!(cache instanceof LocalCache) || typeof index !== 'number' || !(data instanceof Uint8Array))
    return resume(K_EINVAL);
  return resume(n.vm.install(cache, index, data, writable === true) ? K_OK : K_ENOMEM);
}
