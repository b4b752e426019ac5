// The region calls of the guest ABI (docs/abi.md, "Regions"): KnRgnDesc, KnObjDesc and
// KnRgnStat records read from and written to the calling thread's memory and turned into the
// calls of nucleus/api/vm.ts. A NULL actor capability means the caller's actor (K_MYACTOR).
// Records are read, and results checked writable, before the call acts.
import type { CallName, Request } from './api/index.ts';
import { sgRead, sgWrite } from './api/vm.ts';
import { K_EFAULT, K_EINVAL, K_EUNKNOWN } from './errors.ts';
import { GuestMemory } from './guest-memory.ts';
import type { Nucleus } from './nucleus.ts';
import type { Capability, Thread } from './objects.ts';
import type { RegionDesc, RegionStat } from './vm/calls.ts';
import { K_INHERITSHARE } from './vm/calls.ts';
import { SG_MAX } from './vm/segment-io.ts';

/** Guest call numbers of the region calls (the library's chorus.c uses the same table). */
export const GUEST_VM_CALLS = {
  vmPageSize: 120,
  rgnAllocate: 121,
  rgnFree: 122,
  rgnSetProtect: 123,
  rgnSetInherit: 124,
  rgnMap: 125,
  rgnInit: 126,
  rgnMapFromActor: 127,
  rgnInitFromActor: 128,
  rgnDup: 129,
  rgnStat: 130,
  sgRead: 131,
  sgWrite: 132,
} as const;

/** KnRgnDesc: startAddr, size, options, endAddr, opaque1, opaque2 (words). */
const DESC_WORDS = 6;
/** KnObjDesc: the segment capability (UI head, tail, key[0], key[1]) and the byte offset. */
const OBJ_WORDS = 5;
const KINDS = ['anon', 'segment', 'copy'] as const;

type GuestCall = Generator<Request, number, unknown>;

function* call(name: CallName, ...args: unknown[]): Generator<Request, unknown, unknown> {
  return yield { op: 'call', name, args };
}

/** A KnCap at `vaddr` (0: the caller's actor), or undefined for a bad pointer. */
function capAt(m: GuestMemory, t: Thread, vaddr: number): Capability | undefined {
  if (vaddr === 0) return t.actor.cap;
  const w = m.words(vaddr, 3);
  if (w === undefined) return undefined;
  const [head, tail, key] = w as [number, number, number];
  return { site: (head >>> 16) & 0xfff, epoch: head & 0xffff, serial: tail >>> 0, key: key >>> 0 };
}

function descAt(m: GuestMemory, vaddr: number): RegionDesc | undefined {
  const w = m.words(vaddr, DESC_WORDS);
  if (w === undefined) return undefined;
  return { start: w[0]! >>> 0, size: w[1]! >>> 0, options: w[2]! >>> 0, end: w[3]! >>> 0 };
}

const code = (v: unknown): number => (typeof v === 'number' ? v | 0 : K_EINVAL);

/**
 * sgRead / sgWrite(const KnCap *segment, offset, buffer, size): bytes between the segment (its
 * local cache) and the caller's buffer; returns the size, or an error.
 */
function* segmentIo(
  m: GuestMemory,
  t: Thread,
  write: boolean,
  [a0 = 0, a1 = 0, a2 = 0, a3 = 0]: readonly number[],
): GuestCall {
  const seg = a0 === 0 ? undefined : capAt(m, t, a0);
  const size = a3 >>> 0;
  if (seg === undefined) return K_EFAULT;
  if (size > SG_MAX) return K_EINVAL;
  if (write) {
    const data = m.bytes(a2, size);
    if (data === undefined) return K_EFAULT;
    const r = yield* sgWrite(seg, a1 >>> 0, data);
    return r < 0 ? r : size;
  }
  if (m.bytes(a2, size) === undefined) return K_EFAULT;
  const data = yield* sgRead(seg, a1 >>> 0, size);
  if (typeof data === 'number') return data;
  return m.writeBytes(a2, data) ? size : K_EFAULT;
}

/** The continuation serving region call `number` for `t`; undefined when it is not one. */
export function guestVm(n: Nucleus, t: Thread, number: number, a: readonly number[]): GuestCall | undefined {
  const known = (Object.values(GUEST_VM_CALLS) as number[]).includes(number);
  return known ? serve(new GuestMemory(n, t), t, number, a) : undefined;
}

function* serve(m: GuestMemory, t: Thread, number: number, a: readonly number[]): GuestCall {
  const C = GUEST_VM_CALLS;
  const [a0 = 0, a1 = 0, a2 = 0, a3 = 0] = a;
  if (number === C.vmPageSize) return code(yield* call('vmPageSize'));
  if (number === C.rgnDup) {
    const src = capAt(m, t, a0);
    const dst = capAt(m, t, a1);
    return src === undefined || dst === undefined ? K_EFAULT : code(yield* call('rgnDup', src, dst));
  }
  if (number === C.sgRead || number === C.sgWrite) return yield* segmentIo(m, t, number === C.sgWrite, a);
  const actor = capAt(m, t, a0);
  if (actor === undefined) return K_EFAULT;
  if (number === C.rgnStat) {
    // rgnStat(actor, address, &stat{start, size, options, kind, resident})
    if (!m.writable(a2, 5)) return K_EFAULT;
    const stat = yield* call('rgnStat', actor, a1 >>> 0);
    if (typeof stat === 'number') return stat;
    const s = stat as RegionStat;
    m.write(a2, [s.start, s.size, s.options, KINDS.indexOf(s.kind), s.resident]);
    return 0;
  }
  const desc = descAt(m, a1);
  if (desc === undefined) return K_EFAULT;
  switch (number) {
    case C.rgnFree:
      return code(yield* call('rgnFree', actor, desc.start, desc.size));
    case C.rgnSetProtect:
      return code(yield* call('rgnSetProtect', actor, desc.start, desc.size, desc.options & 3));
    case C.rgnSetInherit: {
      const inherit = (desc.options & K_INHERITSHARE) !== 0 ? 'share' : 'copy';
      return code(yield* call('rgnSetInherit', actor, desc.start, desc.size, inherit));
    }
  }
  // The calls that make a region write its start back into the descriptor.
  if (!m.writable(a1, 1)) return K_EFAULT;
  let start: unknown;
  if (number === C.rgnAllocate) start = yield* call('rgnAllocate', actor, desc);
  else if (number === C.rgnMap || number === C.rgnInit) {
    const w = m.words(a2, OBJ_WORDS);
    if (w === undefined) return K_EFAULT;
    const seg = capAt(m, t, a2)!;
    start = yield* call(number === C.rgnMap ? 'rgnMap' : 'rgnInit', actor, desc, seg, w[4]! >>> 0);
  } else if (number === C.rgnMapFromActor || number === C.rgnInitFromActor) {
    const src = capAt(m, t, a2);
    if (src === undefined) return K_EFAULT;
    const name = number === C.rgnMapFromActor ? 'rgnMapFromActor' : 'rgnInitFromActor';
    start = yield* call(name, actor, desc, src, a3 >>> 0);
  } else return K_EUNKNOWN;
  if (typeof start !== 'number') return K_EINVAL;
  if (start < 0) return start;
  m.write(a1, [start]);
  return 0;
}
