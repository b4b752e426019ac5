// What a subsystem's trap handler needs of the thread it runs on (reference §1.10: a handler
// "gets the saved register context, which it may change"): its registers and its memory. A
// native trap handler (svTrapConnect from a native actor) runs on the trapping thread; these
// calls read and change that thread's saved guest registers and copy bytes in and out of its
// address space, bringing in pages as a fault would (the api wrappers retry after paging).
// Other threads' registers may be read and set by trusted actors while those threads are not on
// a CPU (a UNIX fork copies its caller's, a signal delivery changes a thread's).

import { K_EBUSY, K_EFAULT, K_EINVAL, K_EPRIV, K_EUNKNOWN, K_OK } from './errors.ts';
import { GuestMemory } from './guest-memory.ts';
import type { GuestRegisters } from './hal-port.ts';
import type { Nucleus } from './nucleus.ts';
import type { Thread } from './objects.ts';
import type { Outcome } from './outcome.ts';
import { resume } from './outcome.ts';

type Handler = (n: Nucleus, caller: Thread, args: readonly unknown[]) => Outcome;

/** The most bytes one svCopyIn / svCopyOut moves. */
export const COPY_MAX = 1024 * 1024;

/** A page the copy needs first (the api wrapper brings it in and asks again). */
export interface CopyMiss {
  readonly miss: { readonly vaddr: number; readonly write: boolean };
}

/** Trusted: a system or supervisor actor, or a native trap handler running on a user thread. */
const trusted = (t: Thread) => t.actor.kind !== 'user' || t.handlerActor !== undefined;

const isRegisters = (v: unknown): v is GuestRegisters =>
  typeof v === 'object' &&
  v !== null &&
  Array.isArray((v as GuestRegisters).gpr) &&
  typeof (v as GuestRegisters).pc === 'number' &&
  Array.isArray((v as GuestRegisters).extra);

/** The thread whose context a call names (0: the caller), if the caller may touch it. */
function contextOf(n: Nucleus, t: Thread, li: unknown): Thread | number {
  const target = li === 0 ? t : typeof li === 'number' ? n.threads.get(li) : undefined;
  if (target === undefined) return K_EUNKNOWN;
  if (target !== t && !trusted(t)) return K_EPRIV;
  if (target.guest === undefined) return K_EINVAL;
  // A thread on a CPU has its registers in the CPU, not in its saved context.
  if (target !== t && target.state === 'running' && target.body === undefined) return K_EBUSY;
  return target;
}

/** The result of a copy that failed: the page to bring in, or K_EFAULT. */
function missed(t: Thread): CopyMiss | number {
  const miss = t.guestMiss;
  t.guestMiss = undefined;
  return miss === undefined ? K_EFAULT : { miss };
}

export const SV_CONTEXT_CALLS = {
  /** The saved registers of thread `li` (0: the caller, e.g. in its trap handler). */
  svGetContext(n, t, [li]) {
    n.charged += n.costs.threadControl;
    const target = contextOf(n, t, li);
    return resume(typeof target === 'number' ? target : n.hal.readRegisters(target.guest));
  },
  /** Replaces the saved registers of thread `li` (0: the caller: they take effect when it returns to guest code). */
  svSetContext(n, t, [li, registers]) {
    n.charged += n.costs.threadControl;
    if (!isRegisters(registers)) return resume(K_EINVAL);
    const target = contextOf(n, t, li);
    if (typeof target === 'number') return resume(target);
    n.hal.writeRegisters(target.guest, registers);
    return resume(K_OK);
  },
  /** `size` bytes at guest address `vaddr` of the calling thread. */
  svCopyIn(n, t, [vaddr, size]) {
    if (typeof vaddr !== 'number' || typeof size !== 'number' || size < 0 || size > COPY_MAX)
      return resume(K_EINVAL);
    t.guestMiss = undefined;
    const bytes = new GuestMemory(n, t).bytes(vaddr, size);
    if (bytes === undefined) return resume(missed(t));
    n.ipc.copy(size);
    return resume(bytes);
  },
  /** Writes `data` at guest address `vaddr` of the calling thread (all or nothing). */
  svCopyOut(n, t, [vaddr, data]) {
    if (typeof vaddr !== 'number' || !(data instanceof Uint8Array) || data.length > COPY_MAX)
      return resume(K_EINVAL);
    t.guestMiss = undefined;
    if (!new GuestMemory(n, t).writeBytes(vaddr, data)) return resume(missed(t));
    n.ipc.copy(data.length);
    return resume(K_OK);
  },
} satisfies Record<string, Handler>;
