// Virtual memory of the MIPS CPU: the segment map (kuseg mapped, kseg0/kseg1 unmapped, kseg2/3
// mapped and kernel-only), TLB exceptions, address errors and bus errors, and the soft TLB that
// makes the common case one tag compare and a DataView access on main RAM.
//
// The soft TLB is a direct-mapped cache of 4 KiB translations, one half for kernel mode and one
// for user mode, holding only pages of main RAM (MMIO always takes the slow path). It is flushed
// when the TLB is written, when the ASID changes and when ERL changes; it never outlives the
// translation it caches, so the guest sees exactly the architectural TLB.
import { ENTRYHI, EXC, STATUS } from './cp0.ts';
import type { MipsCpu } from './cpu.ts';
import { TLB_INVALID, TLB_MISS, TLB_NOT_DIRTY } from './tlb.ts';

export const SOFT_BITS = 10;
export const SOFT_SIZE = 1 << SOFT_BITS;
export const SOFT_MASK = SOFT_SIZE - 1;

/** Access kinds of the slow path. */
export const LOAD = 0;
export const STORE = 1;
export const FETCH = 2;

export class SoftTlb {
  /** Virtual page number cached in each slot for loads and fetches, or -1. */
  readonly readTag = new Int32Array(2 * SOFT_SIZE);
  /** The same for stores (set only when the page is writable). */
  readonly writeTag = new Int32Array(2 * SOFT_SIZE);
  /** Index in `view` of each cached page's first byte. */
  readonly offset = new Int32Array(2 * SOFT_SIZE);
  /** Slot base of the current mode: 0 for kernel, SOFT_SIZE for user. */
  base = 0;
  /** Main RAM as one DataView over its whole buffer (a placeholder until the first RAM access). */
  view: DataView = new DataView(new ArrayBuffer(8));
  private buffer: ArrayBufferLike | null = null;
  /** Physical address = view index + physDelta. */
  physDelta = 0;
  private erl = true;
  private readonly cpu: MipsCpu;

  constructor(cpu: MipsCpu) {
    this.cpu = cpu;
    this.flushAll();
  }

  flushAll(): void {
    this.readTag.fill(-1);
    this.writeTag.fill(-1);
  }

  /** Called whenever Status may have changed: selects the half of the current mode. */
  modeChanged(): void {
    const status = this.cpu.status;
    this.base = (status & (STATUS.EXL | STATUS.ERL | STATUS.KSU_MASK)) === STATUS.UM ? SOFT_SIZE : 0;
    const erl = (status & STATUS.ERL) !== 0;
    if (erl !== this.erl) {
      this.erl = erl;
      this.flushAll(); // kuseg is unmapped while ERL is set
    }
  }

  /** Caches the translation of page `vpn` to physical page `pagePa` if it is main RAM. */
  fill(vpn: number, pagePa: number, writable: boolean): void {
    const ram = this.cpu.bus.ramAt(pagePa);
    if (ram === undefined) return;
    const inRam = pagePa - ram.base;
    if (inRam < 0 || inRam + 4096 > ram.bytes.length) return;
    if (this.buffer !== ram.bytes.buffer) {
      if (this.buffer !== null) return; // a second RAM region: served by the slow path
      this.buffer = ram.bytes.buffer;
      this.view = new DataView(ram.bytes.buffer);
      this.physDelta = ram.base - ram.bytes.byteOffset;
    }
    const index = ram.bytes.byteOffset + inRam;
    if (index + this.physDelta !== pagePa) return; // another mapping of the same buffer
    const slot = this.base + (vpn & SOFT_MASK);
    this.readTag[slot] = vpn;
    this.writeTag[slot] = writable ? vpn : -1;
    this.offset[slot] = index;
  }
}

/** Raises an address error for `vaddr` (AdEL for loads and fetches, AdES for stores). */
function addressError(cpu: MipsCpu, vaddr: number, access: number): void {
  cpu.badVAddr = vaddr;
  cpu.enterException(access === STORE ? EXC.AdES : EXC.AdEL, false);
}

/** Raises a TLB exception, loading BadVAddr, Context.BadVPN2 and EntryHi.VPN2 (PRA 9.x). */
function tlbError(cpu: MipsCpu, vaddr: number, code: number, refill: boolean): void {
  cpu.badVAddr = vaddr;
  cpu.context = (cpu.context & 0xff800000) | (((vaddr >>> 13) << 4) & 0x007ffff0);
  cpu.entryHi = (vaddr & ENTRYHI.VPN2_MASK) | (cpu.entryHi & ENTRYHI.ASID_MASK);
  cpu.enterException(code, refill);
}

/**
 * Translates `vaddr` for `access` and fills the soft TLB: the physical address, or -1 after
 * raising the exception (address error, TLB refill/invalid/modified).
 */
export function translate(cpu: MipsCpu, vaddr: number, access: number): number {
  const status = cpu.status;
  const user = (status & (STATUS.EXL | STATUS.ERL | STATUS.KSU_MASK)) === STATUS.UM;
  const segment = vaddr >>> 29;
  let pa: number;
  let writable = true;
  if (segment >= 4 && user) {
    addressError(cpu, vaddr, access);
    return -1;
  }
  if (segment === 4 || segment === 5) {
    pa = vaddr & 0x1fffffff; // kseg0 (cached) and kseg1 (uncached) both map the low 512 MiB
  } else if (segment < 4 && (status & STATUS.ERL) !== 0) {
    pa = vaddr >>> 0; // kuseg is unmapped while ERL is set
  } else {
    const asid = cpu.entryHi & ENTRYHI.ASID_MASK;
    pa = cpu.tlb.lookup(vaddr, asid, access === STORE);
    if (pa < 0) {
      const code = access === STORE ? EXC.TLBS : EXC.TLBL;
      if (pa === TLB_MISS) tlbError(cpu, vaddr, code, true);
      else if (pa === TLB_INVALID) tlbError(cpu, vaddr, code, false);
      else if (pa === TLB_NOT_DIRTY) tlbError(cpu, vaddr, EXC.Mod, false);
      return -1;
    }
    writable = access === STORE || cpu.tlb.lookup(vaddr, asid, true) >= 0;
  }
  cpu.soft.fill(vaddr >>> 12, pa - (pa & 0xfff), writable);
  return pa;
}

function checkBus(cpu: MipsCpu, code: number): boolean {
  if (cpu.bus.faultAddress === -1) return true;
  cpu.bus.faultAddress = -1;
  cpu.enterException(code, false);
  return false;
}

/** Instruction fetch outside the soft TLB. The caller set excPc/excDelay to the fetch address. */
export function fetchSlow(cpu: MipsCpu, vaddr: number): number {
  if ((vaddr & 3) !== 0) {
    addressError(cpu, vaddr, FETCH);
    return 0;
  }
  const pa = translate(cpu, vaddr, FETCH);
  if (pa < 0) return 0;
  const value = cpu.bus.read32(pa) | 0;
  return checkBus(cpu, EXC.IBE) ? value : 0;
}

/** A load of 1, 2 or 4 bytes outside the soft TLB fast path, sign- or zero-extended. */
export function loadSlow(cpu: MipsCpu, vaddr: number, size: number, signed: boolean): number {
  if ((vaddr & (size - 1)) !== 0) {
    addressError(cpu, vaddr, LOAD);
    return 0;
  }
  const pa = translate(cpu, vaddr, LOAD);
  if (pa < 0) return 0;
  const bus = cpu.bus;
  let value: number;
  if (size === 4) value = bus.read32(pa) | 0;
  else if (size === 2) value = signed ? (bus.read16(pa) << 16) >> 16 : bus.read16(pa) & 0xffff;
  else value = signed ? (bus.read8(pa) << 24) >> 24 : bus.read8(pa) & 0xff;
  return checkBus(cpu, EXC.DBE) ? value : 0;
}

/** A store of 1, 2 or 4 bytes outside the fast path; other CPUs' reservations are told. */
export function storeSlow(cpu: MipsCpu, vaddr: number, size: number, value: number): void {
  if ((vaddr & (size - 1)) !== 0) {
    addressError(cpu, vaddr, STORE);
    return;
  }
  const pa = translate(cpu, vaddr, STORE);
  if (pa < 0) return;
  const bus = cpu.bus;
  if (size === 4) bus.write32(pa, value);
  else if (size === 2) bus.write16(pa, value & 0xffff);
  else bus.write8(pa, value & 0xff);
  if (checkBus(cpu, EXC.DBE)) bus.noteStore(pa, size, cpu.index);
}

/** LL: a word load that reserves its granule in the bus's reservation table (sets LLbit). */
export function loadLinked(cpu: MipsCpu, vaddr: number): number {
  const value = loadSlow(cpu, vaddr, 4, true);
  if (cpu.trapped) return 0;
  // The translation just succeeded, so translating again cannot fault.
  cpu.reservations.reserve(cpu.index, translate(cpu, vaddr, LOAD));
  return value;
}

/**
 * SC: stores and returns 1 if this CPU still holds the reservation on the word's granule (no
 * other CPU or DMA stored there and no ERET came between), else stores nothing and returns 0.
 * The address is checked and translated either way.
 */
export function storeConditional(cpu: MipsCpu, vaddr: number, value: number): number {
  if ((vaddr & 3) !== 0) {
    addressError(cpu, vaddr, STORE);
    return 0;
  }
  const pa = translate(cpu, vaddr, STORE);
  if (pa < 0) return 0;
  const reservations = cpu.reservations;
  const held = reservations.holds(cpu.index, pa);
  reservations.conclude(cpu.index, held);
  if (!held) return 0;
  cpu.bus.write32(pa, value);
  if (!checkBus(cpu, EXC.DBE)) return 0;
  cpu.bus.noteStore(pa, 4, cpu.index);
  return 1;
}

// Masks for LWL/LWR/SWL/SWR indexed by the byte offset within the word in big-endian order
// (little-endian uses 3 - offset), MIPS32 vol. II "LWL", "LWR", "SWL", "SWR".
const KEEP_LWL = [0x00000000, 0x000000ff, 0x0000ffff, 0x00ffffff];
const KEEP_LWR = [0xffffff00 | 0, 0xffff0000 | 0, 0xff000000 | 0, 0x00000000];

/** LWL (left) or LWR (right): merges part of the aligned word at `vaddr` into `old`. */
export function loadPartial(cpu: MipsCpu, vaddr: number, old: number, left: boolean): number {
  const word = loadSlow(cpu, vaddr & ~3, 4, true);
  if (cpu.trapped) return 0;
  let k = vaddr & 3;
  if (cpu.littleEndian) k = 3 - k;
  if (left) return (word << (8 * k)) | (old & KEEP_LWL[k]!) | 0;
  return (word >>> (8 * (3 - k))) | (old & KEEP_LWR[k]!) | 0;
}

/** SWL (left) or SWR (right): stores part of `value` into the aligned word at `vaddr`. */
export function storePartial(cpu: MipsCpu, vaddr: number, value: number, left: boolean): void {
  const aligned = vaddr & ~3;
  // Translate for a store first so that a fault is reported with the store's codes.
  if (translate(cpu, aligned, STORE) < 0) return;
  const word = loadSlow(cpu, aligned, 4, true);
  if (cpu.trapped) return;
  let k = vaddr & 3;
  if (cpu.littleEndian) k = 3 - k;
  let merged: number;
  if (left) merged = (value >>> (8 * k)) | (word & ~(0xffffffff >>> (8 * k)));
  else merged = (value << (8 * (3 - k))) | (word & KEEP_LWL[3 - k]!);
  storeSlow(cpu, aligned, 4, merged | 0);
}
