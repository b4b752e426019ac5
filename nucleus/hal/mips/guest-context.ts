// The MIPS register context of a thread that runs guest code: GPRs, HI/LO and the address of the
// next instruction. Saved when the thread leaves its CPU (after ERET has put EPC back in pc, so
// an interrupted branch delay slot restarts at its branch), loaded when it comes back.
import type { MipsCpu } from '../../../machine/cpu/mips/index.ts';

/** MIPS o32 register numbers the context starts with. */
const SP = 29;
const A0 = 4;
const V0 = 2;
const RA = 31;

export class MipsGuestContext {
  readonly r = new Int32Array(32);
  hi = 0;
  lo = 0;
  pc: number;

  constructor(entry: number, stack: number, arg: number) {
    this.pc = entry | 0;
    this.r[SP] = stack | 0;
    this.r[A0] = arg | 0;
  }

  /** The trap's result, in v0. */
  setResult(value: number): void {
    this.r[V0] = value | 0;
  }

  /** The result register, v0. */
  result(): number {
    return this.r[V0]!;
  }

  /** Starts a nucleus call: a3 = 0 tells the guest a nucleus served it (docs/abi.md). */
  beginNucleusCall(): void {
    this.r[A0 + 3] = 0;
  }

  /** The nucleus call number of a nucleus trap, in v0. */
  callNumber(): number {
    return this.r[V0]!;
  }

  /** The trap's arguments, a0..a3. */
  args(): number[] {
    return [this.r[A0]!, this.r[A0 + 1]!, this.r[A0 + 2]!, this.r[A0 + 3]!];
  }

  /** A copy of this context. */
  copy(): MipsGuestContext {
    const c = new MipsGuestContext(this.pc, 0, 0);
    c.assign(this);
    return c;
  }

  /** Makes this context equal to `from`. */
  assign(from: MipsGuestContext): void {
    this.r.set(from.r);
    this.hi = from.hi;
    this.lo = from.lo;
    this.pc = from.pc;
  }

  /** Calls function `entry`(a0, a1) with stack pointer `sp`, returning to `ret` (o32). */
  call(entry: number, sp: number, ret: number, a0: number, a1: number): void {
    this.pc = entry | 0;
    this.r[SP] = sp | 0;
    this.r[RA] = ret | 0;
    this.r[A0] = a0 | 0;
    this.r[A0 + 1] = a1 | 0;
  }

  save(cpu: MipsCpu): void {
    this.r.set(cpu.r);
    this.hi = cpu.hi;
    this.lo = cpu.lo;
    this.pc = cpu.pc;
  }

  load(cpu: MipsCpu): void {
    cpu.r.set(this.r);
    cpu.r[0] = 0;
    cpu.hi = this.hi;
    cpu.lo = this.lo;
    cpu.pc = this.pc;
    cpu.npc = (this.pc + 4) | 0;
    cpu.nextInDelay = false;
  }
}
