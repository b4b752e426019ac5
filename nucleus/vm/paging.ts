// Guest buffers that are not in memory when a nucleus call needs them (docs/vm.md): a call
// from guest code that fails with K_EFAULT because a page of its arguments was swapped out,
// not touched yet, or belongs to a segment not in the local cache, gets the page brought in
// exactly as a fault of the thread would (pulled from the mapper, swapped in, a frame freed),
// and is run again. Guest calls read their arguments and check their results writable before
// they act, so running one again does not repeat what it did. A page that is really out of
// reach (no region, protection) stays K_EFAULT.
import type { CallName, Request } from '../api/index.ts';
import { K_EFAULT } from '../errors.ts';
import type { Nucleus } from '../nucleus.ts';
import type { Thread } from '../objects.ts';
import type { Outcome } from '../outcome.ts';
import { resume } from '../outcome.ts';
import { pullIn } from './fault.ts';
import { evictOne, swapIn } from './pageout.ts';
import type { Resolution } from './vm.ts';

type Call<T> = Generator<Request, T, unknown>;

/** How many pages one guest call may bring in before it gives up with K_EFAULT. */
const MAX_PAGE_INS = 32;

/** Runs guest call `make()` for `t`, bringing in the pages its arguments need. */
export function* withPaging(t: Thread, make: () => Call<number>): Call<number> {
  for (let i = 0; ; i++) {
    t.guestMiss = undefined;
    const result = yield* make();
    const miss = t.guestMiss as Thread['guestMiss'];
    t.guestMiss = undefined;
    if (result !== K_EFAULT || miss === undefined || i >= MAX_PAGE_INS) return result;
    if (!(yield* bringIn(miss.vaddr, miss.write))) return result;
  }
}

/**
 * Brings in the page of the calling thread's `vaddr` as its fault would; false when it is out of
 * reach (no region, protection) or could not be had.
 */
export function* bringIn(vaddr: number, write: boolean): Call<boolean> {
  const r = (yield { op: 'call', name: 'vmTouch' satisfies CallName, args: [vaddr, write] }) as Resolution;
  let brought: number;
  if (r.kind === 'mapped') brought = 0;
  else if (r.kind === 'pull') brought = yield* pullIn(r.cache, r.index, r.write);
  else if (r.kind === 'swapin') brought = yield* swapIn(r.page);
  else if (r.kind === 'evict') brought = yield* evictOne();
  else return false;
  return brought >= 0;
}

/** The nucleus's own call: resolve `vaddr` for the calling thread as its fault would. */
export function vmTouch(n: Nucleus, t: Thread, [vaddr, write]: readonly unknown[]): Outcome {
  const space = t.upcall?.actor.space ?? t.actor.space;
  if (space === undefined || typeof vaddr !== 'number')
    return resume({ kind: 'fault', reason: 'no address space' } satisfies Resolution);
  return resume(n.vm.resolve(space, vaddr, write === true));
}
