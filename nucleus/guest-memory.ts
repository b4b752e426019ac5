// Guest memory as a nucleus call sees it: words and byte ranges at guest addresses of the
// calling thread, reached through its actor's address space (HalPort.guestPhysical). Every
// access is checked first: a bad pointer gives undefined or false, which the callers turn into
// K_EFAULT; a write is all or nothing. Byte ranges are translated once per page.
import type { Nucleus } from './nucleus.ts';
import type { Thread } from './objects.ts';
import { PAGE_SIZE } from './user-space.ts';

export class GuestMemory {
  constructor(
    readonly n: Nucleus,
    private readonly t: Thread,
  ) {}

  private pa(vaddr: number, write: boolean): number {
    if ((vaddr & 3) !== 0) return -1;
    return this.translate(vaddr >>> 0, write);
  }

  /**
   * The physical address of `vaddr`, or -1. A miss is noted on the thread (Thread.guestMiss):
   * when the page can be brought in (vm/paging.ts), the call is run again after it is.
   */
  private translate(vaddr: number, write: boolean): number {
    const pa = this.n.hal.guestPhysical(this.t, vaddr, write);
    if (pa < 0) this.t.guestMiss ??= { vaddr, write };
    return pa;
  }

  /** The word at `vaddr`, or undefined for a bad pointer. */
  read(vaddr: number): number | undefined {
    const pa = this.pa(vaddr, false);
    return pa < 0 ? undefined : this.n.hal.physical.read32(pa) | 0;
  }

  /** `count` words from `vaddr`, or undefined for a bad pointer. */
  words(vaddr: number, count: number): number[] | undefined {
    const out: number[] = [];
    for (let i = 0; i < count; i++) {
      const w = this.read((vaddr + 4 * i) | 0);
      if (w === undefined) return undefined;
      out.push(w);
    }
    return out;
  }

  /** Whether `count` words at `vaddr` can all be written. */
  writable(vaddr: number, count: number): boolean {
    for (let i = 0; i < count; i++) if (this.pa((vaddr + 4 * i) | 0, true) < 0) return false;
    return true;
  }

  /** Writes the words at `vaddr` (all or nothing); false for a bad pointer. */
  write(vaddr: number, words: readonly number[]): boolean {
    const pas = words.map((_, i) => this.pa((vaddr + 4 * i) | 0, true));
    if (pas.some((pa) => pa < 0)) return false;
    for (const [i, pa] of pas.entries()) this.n.hal.physical.write32(pa, words[i]! >>> 0);
    return true;
  }

  /** The physical address of each page piece of [vaddr, vaddr + length), or undefined. */
  private pieces(vaddr: number, length: number, write: boolean): [number, number][] | undefined {
    const out: [number, number][] = [];
    let v = vaddr >>> 0;
    let left = length;
    while (left > 0) {
      const size = Math.min(left, PAGE_SIZE - (v % PAGE_SIZE));
      const pa = this.translate(v, write);
      if (pa < 0) return undefined;
      out.push([pa, size]);
      v = (v + size) >>> 0;
      left -= size;
    }
    return out;
  }

  /** `length` bytes from `vaddr`, or undefined for a bad pointer. */
  bytes(vaddr: number, length: number): Uint8Array | undefined {
    const pieces = this.pieces(vaddr, length, false);
    if (pieces === undefined) return undefined;
    const out = new Uint8Array(length);
    let at = 0;
    for (const [pa, size] of pieces)
      for (let i = 0; i < size; i++) out[at++] = this.n.hal.physical.read8(pa + i);
    return out;
  }

  /** Writes `data` at `vaddr` (all or nothing); false for a bad pointer. */
  writeBytes(vaddr: number, data: Uint8Array): boolean {
    const pieces = this.pieces(vaddr, data.length, true);
    if (pieces === undefined) return false;
    let at = 0;
    for (const [pa, size] of pieces)
      for (let i = 0; i < size; i++) this.n.hal.physical.write8(pa + i, data[at++]!);
    return true;
  }
}
