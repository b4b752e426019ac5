// User mode on MIPS for user actors (their address spaces are nucleus/vm/space.ts): a user
// thread runs with Status.KSU = user and its actor's ASID in EntryHi; TLB misses are refilled
// from the actor's page table (an even/odd page pair per entry, MIPS32 PRA "TLB Organization"),
// and guest pointers are translated the same way for the nucleus-call ABI. Kernel-mode guest threads (no address space) see kseg0/kseg1 only.
import { ENTRYHI, ENTRYLO, type MipsCpu, STATUS } from '../../../machine/cpu/mips/index.ts';
import type { Board } from '../../../machine/index.ts';
import type { UserSpace } from '../../user-space.ts';

/** EntryLo cache attribute 3: cacheable, noncoherent (write-back). */
const CACHEABLE = 3 << 3;
const KUSEG_END = 0x8000_0000;
const KSEG2 = 0xc000_0000;

/**
 * Makes CPU `cpu` run a guest thread: user mode with `space`'s ASID, or kernel mode with ASID 0
 * (no kuseg mapping) for a kernel-mode guest thread without a space.
 */
export function enterAddressSpace(cpu: MipsCpu, space: UserSpace | undefined): void {
  cpu.status = (cpu.status & ~STATUS.KSU_MASK) | (space === undefined ? 0 : STATUS.UM);
  const asid = space?.asid ?? 0;
  if ((cpu.entryHi & ENTRYHI.ASID_MASK) !== asid) {
    cpu.entryHi = (cpu.entryHi & ~ENTRYHI.ASID_MASK) | asid;
    cpu.soft.flushAll();
  }
  cpu.soft.modeChanged();
}

/**
 * Makes CPU `cpu` run native code (threads' continuations, the nucleus): kernel mode. The ASID
 * is left alone, so a user thread coming back after a nucleus call keeps its soft TLB entries.
 */
export function leaveUserMode(cpu: MipsCpu): void {
  cpu.status &= ~STATUS.KSU_MASK;
  cpu.soft.modeChanged();
}

function entryLo(space: UserSpace, vpn: number): number {
  const frame = space.frameOf(vpn);
  if (frame < 0) return 0;
  return (
    ((frame >>> 12) << ENTRYLO.PFN_SHIFT) | CACHEABLE | ENTRYLO.V | (space.isWritable(vpn) ? ENTRYLO.D : 0)
  );
}

/**
 * Refills CPU `cpu`'s TLB for BadVAddr from `space`; false when neither page of the pair is
 * mapped (the thread faults). A mapped pair with one unmapped half gets an invalid half, whose
 * use raises TLBL/TLBS and is reported as a fault. The entry written is `victim`.
 */
export function refillTlb(cpu: MipsCpu, space: UserSpace | undefined, victim: number): boolean {
  const vaddr = cpu.badVAddr >>> 0;
  if (space === undefined || vaddr >= KUSEG_END) return false;
  const even = (vaddr >>> 13) << 1;
  const lo0 = entryLo(space, even);
  const lo1 = entryLo(space, even + 1);
  if (lo0 === 0 && lo1 === 0) return false;
  const hi = (vaddr & ENTRYHI.VPN2_MASK) | space.asid | 0;
  cpu.tlb.write(victim, hi, 0, lo0, lo1);
  return true;
}

/**
 * The physical address of guest address `vaddr` for a thread of an actor with `space` (user
 * mode: kuseg through its page table) or without (kernel mode: kseg0/kseg1 into RAM); -1 when
 * the thread could not touch it.
 */
export function guestPhysical(
  board: Board,
  space: UserSpace | undefined,
  vaddr: number,
  write: boolean,
): number {
  const va = vaddr >>> 0;
  if (space !== undefined) return va < KUSEG_END ? space.physicalOf(va, write) : -1;
  if (va < KUSEG_END || va >= KSEG2) return -1;
  const pa = va & 0x1fff_ffff;
  const ram = board.description.ram;
  return pa >= ram.base && pa < ram.base + ram.size ? pa : -1;
}
