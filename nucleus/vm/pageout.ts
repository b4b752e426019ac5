// Page replacement and swap (docs/vm.md, "When memory is short"): when no frame is free, the
// thread that needs one evicts the oldest pageable page (FIFO) and then retries. A clean cache
// page is dropped; a dirty one goes back to its mapper (MpPushOut); an anonymous page goes to
// the swap segment, a temporary segment the nucleus gets from the default mapper (MpCreate) the
// first time, and comes back by MpPullIn when touched again. The mapper conversations run on the
// thread (it blocks); each change of nucleus state is a nucleus call of its own, so a fault on
// the page meanwhile is seen: it cancels the eviction and the page stays.
import type { CallName, Request } from '../api/index.ts';
import { uiBuild } from '../api/ipc.ts';
import { K_EINVAL, K_ENOMEM, K_OK } from '../errors.ts';
import type { Ui } from '../ipc/objects.ts';
import type { Nucleus } from '../nucleus.ts';
import type { Capability, Thread } from '../objects.ts';
import type { Outcome } from '../outcome.ts';
import { resume } from '../outcome.ts';
import { DEFAULT_MAPPER_STAMP } from './default-mapper.ts';
import { PAGE_SIZE } from './frames.ts';
import { MP_READ, mpCreate, mpPullIn, mpPushOut, MP_WRITE as WRITE } from './mapper-protocol.ts';
import { AnonPage } from './objects.ts';

type Call<T> = Generator<Request, T, unknown>;

/** What vmEvictBegin decided. */
type Eviction =
  /** A clean page was dropped: a frame is free. */
  | { readonly kind: 'freed' }
  /** The swap segment must be made first. */
  | { readonly kind: 'create' }
  /** Write `data` at `offset` of `segment`, then vmEvictEnd(frame, result). */
  | {
      readonly kind: 'push';
      readonly segment: Capability;
      readonly offset: number;
      readonly data: Uint8Array;
      readonly frame: number;
    };

function* call<T>(name: CallName, ...args: unknown[]): Call<T> {
  return (yield { op: 'call', name, args }) as T;
}

/** Frees one frame by evicting a page: K_OK, or an error (nothing to evict, no swap). */
export function* evictOne(): Call<number> {
  for (let attempt = 0; attempt < 2; attempt++) {
    const e = yield* call<Eviction | number>('vmEvictBegin');
    if (typeof e === 'number') return e;
    if (e.kind === 'freed') return K_OK;
    if (e.kind === 'create') {
      const mapper = (yield* uiBuild(DEFAULT_MAPPER_STAMP)) as Ui;
      const segment = yield* mpCreate(mapper);
      if (typeof segment === 'number') return segment;
      yield* call('vmSetSwap', segment);
      continue;
    }
    const result = yield* mpPushOut(e.segment, e.offset, e.data);
    return yield* call<number>('vmEvictEnd', e.frame, result);
  }
  return K_ENOMEM;
}

/** Brings an anonymous page back from the swap segment (evicting another if need be). */
export function* swapIn(page: AnonPage): Call<number> {
  for (;;) {
    const segment = yield* call<Capability | number>('vmSwapSegment');
    if (typeof segment === 'number') return segment;
    const pulled = yield* mpPullIn(segment, page.slot * PAGE_SIZE, PAGE_SIZE, MP_READ | WRITE);
    if (typeof pulled === 'number') return pulled;
    const r = yield* call<number>('vmSwapInstall', page, pulled.data);
    if (r !== K_ENOMEM) return r;
    const freed = yield* evictOne();
    if (freed < 0) return freed;
  }
}

type Handler = (n: Nucleus, caller: Thread, args: readonly unknown[]) => Outcome;

/** The nucleus's own calls of page replacement (not for actors). */
export const PAGEOUT_CALLS = {
  vmEvictBegin(n) {
    const vm = n.vm;
    for (const [frame, owner] of vm.resident) {
      if (owner instanceof AnonPage) {
        if (owner.outgoing) continue;
        if (vm.swap === undefined) return resume({ kind: 'create' });
        vm.unmapFrame(frame);
        owner.outgoing = true;
        if (owner.slot < 0) owner.slot = vm.allocateSlot();
        n.charged += n.costs.pageFault;
        return resume({
          kind: 'push',
          segment: vm.swap,
          offset: owner.slot * PAGE_SIZE,
          data: vm.readFrame(frame),
          frame,
        });
      }
      const page = owner.cache.pages.get(owner.index);
      if (page === undefined || page.outgoing) continue;
      vm.unmapFrame(frame);
      n.charged += n.costs.pageFault;
      if (!page.dirty) {
        owner.cache.pages.delete(owner.index);
        vm.freeFrame(frame);
        vm.stats.dropped++;
        return resume({ kind: 'freed' });
      }
      page.outgoing = true;
      page.dirty = false;
      return resume({
        kind: 'push',
        segment: owner.cache.segment,
        offset: owner.index * PAGE_SIZE,
        data: vm.readFrame(frame),
        frame,
      });
    }
    return resume(K_ENOMEM);
  },
  /** The push-out of the page in `frame` ended with `result`: the frame is free unless it was wanted again. */
  vmEvictEnd(n, _t, [frame, result]) {
    const vm = n.vm;
    const owner = typeof frame === 'number' ? vm.resident.get(frame) : undefined;
    if (owner === undefined) return resume(K_EINVAL);
    const ok = typeof result === 'number' && result >= 0;
    if (owner instanceof AnonPage) {
      const evict = owner.outgoing && ok;
      owner.outgoing = false;
      if (!evict) return resume(ok ? K_OK : (result as number));
      owner.frame = -1;
    } else {
      const page = owner.cache.pages.get(owner.index)!;
      const evict = page.outgoing && ok && !page.dirty;
      page.outgoing = false;
      if (!ok) page.dirty = true;
      if (!evict) return resume(ok ? K_OK : (result as number));
      owner.cache.pages.delete(owner.index);
    }
    vm.freeFrame(frame as number);
    vm.stats.pushOuts++;
    return resume(K_OK);
  },
  vmSetSwap(n, _t, [segment]) {
    n.vm.swap ??= segment as Capability;
    return resume(K_OK);
  },
  vmSwapSegment(n) {
    return resume(n.vm.swap ?? K_EINVAL);
  },
  /** A swapped-in page's data: into a frame (K_ENOMEM when none is free: evict first). */
  vmSwapInstall(n, _t, [page, data]) {
    if (!(page instanceof AnonPage) || !(data instanceof Uint8Array)) return resume(K_EINVAL);
    if (page.frame >= 0) return resume(K_OK);
    const frame = n.vm.frames.allocate();
    if (frame < 0) return resume(K_ENOMEM);
    n.vm.fillFrame(frame, data);
    page.frame = frame;
    n.vm.resident.set(frame, page);
    n.vm.stats.swapIns++;
    n.charged += n.costs.pageFault;
    return resume(K_OK);
  },
} satisfies Record<string, Handler>;
