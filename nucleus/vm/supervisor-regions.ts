// Supervisor regions (rgnAllocate with K_SUPERVISOR, docs/vm.md): memory in the supervisor
// space for kernel-mode guest code of supervisor actors, made of physically contiguous frames
// that are never paged out and seen through kseg0 (MIPS: physical memory without the TLB).
import { K_EINVAL, K_ENOMEM, K_EPRIV, K_EUNKNOWN, K_OK } from '../errors.ts';
import type { Nucleus } from '../nucleus.ts';
import type { Actor, Capability, Thread } from '../objects.ts';
import { isCap } from '../objects.ts';
import type { RegionDesc } from './calls.ts';
import { PAGE_SIZE } from './frames.ts';

/** Where supervisor regions are seen: kseg0, physical memory without the TLB (MIPS). */
export const KSEG0 = 0x8000_0000;

/**
 * K_SUPERVISOR: a region in the supervisor space for kernel-mode guest code of a supervisor
 * actor, made of physically contiguous frames that are never paged out, seen through kseg0.
 */
export function supervisorRegion(n: Nucleus, t: Thread, cap: unknown, desc: RegionDesc): number {
  const actor = isCap(cap) ? n.actorOf(cap) : undefined;
  if (actor === undefined) return K_EUNKNOWN;
  if (t.actor.kind !== 'supervisor' || actor.kind !== 'supervisor') return K_EPRIV;
  if (desc.size <= 0) return K_EINVAL;
  const pages = Math.ceil(desc.size / PAGE_SIZE);
  const frame = n.vm.frames.allocateRun(pages);
  if (frame < 0) return K_ENOMEM;
  for (let i = 0; i < pages * PAGE_SIZE; i += 4) n.hal.physical.write32(frame + i, 0);
  const start = KSEG0 + frame;
  n.vm.supervisor.set(start, { frame, pages, owner: actor.cap.serial });
  return start;
}

export function freeSupervisor(n: Nucleus, cap: Capability, start: number): number {
  const actor = n.actorOf(cap);
  return actor === undefined ? K_EINVAL : dropSupervisor(n, actor, start);
}

export function dropSupervisor(n: Nucleus, actor: Actor, start: number): number {
  const r = n.vm.supervisor.get(start);
  if (r === undefined || r.owner !== actor.cap.serial) return K_EINVAL;
  n.vm.supervisor.delete(start);
  for (let i = 0; i < r.pages; i++) n.vm.frames.release(r.frame + i * PAGE_SIZE);
  return K_OK;
}
