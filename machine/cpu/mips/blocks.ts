// The decoded-instruction cache: straight-line runs of common instructions (a basic block, up
// to and including a branch and its delay slot) compiled once into a JavaScript function with
// `new Function`, then run by the interpreter instead of decoding each instruction again.
//
// Rules that keep compiled code exactly equivalent to the interpreter:
// - A block never raises an exception. Anything that could (ADD/SUB/ADDI, traps, SYSCALL, CP0,
//   LWL/LWR/SWL/SWR, LL/SC...) ends the block before it; a load or store whose page misses the
//   soft TLB (or is misaligned) leaves the block *before* that instruction ("side exit"), and the
//   interpreter executes it on its slow path.
// - A branch is compiled only with a delay slot that cannot side-exit; its condition is read
//   before the delay slot runs. A conditional (not likely) branch does not end the block: when
//   taken the block returns, else it goes on after the delay slot (a superblock).
// - A block stays within one 4 KiB page and is keyed by the host index of its first word and the
//   virtual pc it was compiled for. On entry it compares its instruction words with memory and
//   reports -1 if any changed (self-modifying code, a reloaded program, DMA): no invalidation
//   protocol is needed, whoever wrote the memory.
// A block returns the number of instructions it executed (0 = side exit at its first) and
// leaves the next pc in `cpu.blockPc`.
import type { MipsCpu } from './cpu.ts';
import { SOFT_MASK } from './memory.ts';
import { mulHiSigned, mulHiUnsigned } from './rare.ts';

export type BlockFunction = (
  r: Int32Array,
  view: DataView,
  readTag: Int32Array,
  writeTag: Int32Array,
  offset: Int32Array,
  sbase: number,
  cpu: MipsCpu,
  physDelta: number,
) => number;

const BLOCK_BITS = 14;
export const BLOCK_SLOTS = 1 << BLOCK_BITS;
export const BLOCK_MASK = BLOCK_SLOTS - 1;
/** Longest block, in instructions; the interpreter enters a block only if it fits before the limit. */
export const MAX_BLOCK = 64;
/** A block is compiled the second time its start is reached. */
const HOT = 2;

/** Per-CPU cache of compiled blocks, direct-mapped by the host index of the first word. */
export class BlockCache {
  readonly keys = new Int32Array(BLOCK_SLOTS).fill(-1);
  readonly pcs = new Int32Array(BLOCK_SLOTS);
  /** Instructions a block may execute (its length, delay slot included); 0 = not compilable. */
  readonly lengths = new Int32Array(BLOCK_SLOTS);
  readonly functions: (BlockFunction | null)[] = new Array<BlockFunction | null>(BLOCK_SLOTS).fill(null);
  private readonly hits = new Uint8Array(BLOCK_SLOTS);
  compiled = 0;

  /** Counts a visit to an uncached start; compiles it when hot. Returns true if now cached. */
  visit(view: DataView, index: number, pc: number, littleEndian: boolean): boolean {
    const slot = (index >>> 2) & BLOCK_MASK;
    if (this.keys[slot] !== index || this.pcs[slot] !== pc) {
      if (this.hits[slot]! + 1 < HOT) {
        this.hits[slot]!++;
        return false;
      }
      this.hits[slot] = 0;
      const block = compileBlock(view, index, pc, littleEndian);
      this.keys[slot] = index;
      this.pcs[slot] = pc;
      this.lengths[slot] = block === null ? 0 : block.length;
      this.functions[slot] = block === null ? null : block.run;
      if (block !== null) this.compiled++;
    }
    return this.functions[slot] !== null;
  }

  /** Forgets the block in `slot` (its code changed). */
  drop(slot: number): void {
    this.keys[slot] = -1;
    this.functions[slot] = null;
  }

  clear(): void {
    this.keys.fill(-1);
    this.functions.fill(null);
  }
}

const reg = (n: number) => (n === 0 ? '0' : `r[${n}]`);
const hex = (n: number) => `${n | 0}`;

/** JavaScript for one instruction that cannot leave the block, or null if not compilable. */
function simple(inst: number): string | null {
  const rs = (inst >>> 21) & 31;
  const rt = (inst >>> 16) & 31;
  const rd = (inst >>> 11) & 31;
  const sa = (inst >>> 6) & 31;
  const imm = (inst << 16) >> 16;
  const set = (dest: number, expression: string) => (dest === 0 ? '' : `r[${dest}] = ${expression};`);
  switch (inst >>> 26) {
    case 0:
      switch (inst & 63) {
        case 0:
          return set(rd, `${reg(rt)} << ${sa}`);
        case 2:
          return set(
            rd,
            (rs & 1) !== 0 ? `(${reg(rt)} >>> ${sa}) | (${reg(rt)} << ${32 - sa})` : `${reg(rt)} >>> ${sa}`,
          );
        case 3:
          return set(rd, `${reg(rt)} >> ${sa}`);
        case 4:
          return set(rd, `${reg(rt)} << (${reg(rs)} & 31)`);
        case 6:
          return set(
            rd,
            (inst & 0x40) !== 0
              ? `(${reg(rt)} >>> (${reg(rs)} & 31)) | (${reg(rt)} << (32 - (${reg(rs)} & 31)))`
              : `${reg(rt)} >>> (${reg(rs)} & 31)`,
          );
        case 7:
          return set(rd, `${reg(rt)} >> (${reg(rs)} & 31)`);
        case 10:
          return rd === 0 ? '' : `if (${reg(rt)} === 0) r[${rd}] = ${reg(rs)};`;
        case 11:
          return rd === 0 ? '' : `if (${reg(rt)} !== 0) r[${rd}] = ${reg(rs)};`;
        case 15:
          return '';
        case 16:
          return set(rd, 'cpu.hi');
        case 17:
          return `cpu.hi = ${reg(rs)};`;
        case 18:
          return set(rd, 'cpu.lo');
        case 19:
          return `cpu.lo = ${reg(rs)};`;
        case 24:
          return `{ const a = ${reg(rs)}, b = ${reg(rt)}; cpu.lo = Math.imul(a, b); cpu.hi = mhs(a, b); }`;
        case 25:
          return `{ const a = ${reg(rs)}, b = ${reg(rt)}; cpu.lo = Math.imul(a, b); cpu.hi = mhu(a, b); }`;
        case 26:
          return `{ const a = ${reg(rs)}, b = ${reg(rt)}; if (b === 0) { cpu.lo = a; cpu.hi = 0; } else { cpu.lo = (a / b) | 0; cpu.hi = (a % b) | 0; } }`;
        case 27:
          return `{ const a = ${reg(rs)} >>> 0, b = ${reg(rt)} >>> 0; if (b === 0) { cpu.lo = a | 0; cpu.hi = 0; } else { cpu.lo = (a / b) | 0; cpu.hi = (a % b) | 0; } }`;
        case 33:
          return set(rd, `${reg(rs)} + ${reg(rt)}`);
        case 35:
          return set(rd, `${reg(rs)} - ${reg(rt)}`);
        case 36:
          return set(rd, `${reg(rs)} & ${reg(rt)}`);
        case 37:
          return set(rd, `${reg(rs)} | ${reg(rt)}`);
        case 38:
          return set(rd, `${reg(rs)} ^ ${reg(rt)}`);
        case 39:
          return set(rd, `~(${reg(rs)} | ${reg(rt)})`);
        case 42:
          return set(rd, `${reg(rs)} < ${reg(rt)} ? 1 : 0`);
        case 43:
          return set(rd, `${reg(rs)} >>> 0 < ${reg(rt)} >>> 0 ? 1 : 0`);
        default:
          return null;
      }
    case 1:
      return rt === 31 ? '' : null; // SYNCI
    case 9:
      return set(rt, `${reg(rs)} + ${imm}`);
    case 10:
      return set(rt, `${reg(rs)} < ${imm} ? 1 : 0`);
    case 11:
      return set(rt, `${reg(rs)} >>> 0 < ${imm >>> 0} ? 1 : 0`);
    case 12:
      return set(rt, `${reg(rs)} & ${inst & 0xffff}`);
    case 13:
      return set(rt, `${reg(rs)} | ${inst & 0xffff}`);
    case 14:
      return set(rt, `${reg(rs)} ^ ${inst & 0xffff}`);
    case 15:
      return set(rt, hex(inst << 16));
    case 28:
      if ((inst & 63) === 2) return set(rd, `Math.imul(${reg(rs)}, ${reg(rt)})`);
      if ((inst & 63) === 32) return set(rd, `Math.clz32(${reg(rs)})`);
      if ((inst & 63) === 33) return set(rd, `Math.clz32(~${reg(rs)})`);
      return null;
    case 31: {
      const f = inst & 63;
      if (f === 0) {
        const size = rd + 1;
        return set(
          rt,
          size === 32 ? `${reg(rs)} >>> ${sa}` : `(${reg(rs)} >>> ${sa}) & ${(2 ** size - 1) | 0}`,
        );
      }
      if (f === 4) {
        const size = rd - sa + 1;
        if (size <= 0) return '';
        const mask = ((size === 32 ? -1 : (1 << size) - 1) << sa) | 0;
        return set(rt, `(${reg(rt)} & ${~mask}) | ((${reg(rs)} << ${sa}) & ${mask})`);
      }
      if (f === 32 && sa === 16) return set(rd, `(${reg(rt)} << 24) >> 24`);
      if (f === 32 && sa === 24) return set(rd, `(${reg(rt)} << 16) >> 16`);
      if (f === 32 && sa === 2)
        return set(rd, `((${reg(rt)} & 0x00ff00ff) << 8) | ((${reg(rt)} >>> 8) & 0x00ff00ff)`);
      return null;
    }
    case 51:
      return ''; // PREF
    default:
      return null;
  }
}

/** A load or store through the soft TLB with a side exit before it on a miss; null if not one. */
function memory(inst: number, k: number, pc: number, le: boolean): string | null {
  const op = inst >>> 26;
  const rs = (inst >>> 21) & 31;
  const rt = (inst >>> 16) & 31;
  const imm = (inst << 16) >> 16;
  const size = op === 35 || op === 43 ? 4 : op === 33 || op === 37 || op === 41 ? 2 : 1;
  const load = op === 32 || op === 33 || op === 35 || op === 36 || op === 37;
  const store = op === 40 || op === 41 || op === 43;
  if (!load && !store) return null;
  const exit = `{ cpu.blockPc = ${pc | 0}; return ${k}; }`;
  const aligned = size === 1 ? '' : ` || (va & ${size - 1}) !== 0`;
  let code = `va = (${reg(rs)} + ${imm}) | 0; s = sbase + ((va >>> 12) & ${SOFT_MASK});`;
  if (load) {
    code += `if (readTag[s] !== va >>> 12${aligned}) ${exit} at = offset[s] + (va & 0xfff);`;
    const read =
      op === 35
        ? `view.getInt32(at, ${le})`
        : op === 36
          ? 'view.getUint8(at)'
          : op === 32
            ? 'view.getInt8(at)'
            : op === 33
              ? `view.getInt16(at, ${le})`
              : `view.getUint16(at, ${le})`;
    code += rt === 0 ? `${read};` : `r[${rt}] = ${read};`;
  } else {
    code += `if (writeTag[s] !== va >>> 12${aligned}) ${exit} at = offset[s] + (va & 0xfff);`;
    code +=
      size === 4
        ? `view.setInt32(at, ${reg(rt)}, ${le});`
        : size === 2
          ? `view.setInt16(at, ${reg(rt)}, ${le});`
          : `view.setInt8(at, ${reg(rt)});`;
    code += `cpu.bus.noteStore(at + physDelta, ${size}, cpu.index);`;
  }
  return code;
}

/** Branch condition (read before the delay slot) and target, or null if `inst` is no branch. */
function branch(
  inst: number,
  pc: number,
): { cond: string; target: string; link: number; likely: boolean } | null {
  const rs = (inst >>> 21) & 31;
  const rt = (inst >>> 16) & 31;
  const op = inst >>> 26;
  const relative = hex(pc + 4 + (((inst << 16) >> 16) << 2));
  const region = hex(((pc + 4) & 0xf0000000) | ((inst & 0x03ffffff) << 2));
  switch (op) {
    case 0:
      if ((inst & 63) === 8) return { cond: 'true', target: reg(rs), link: 0, likely: false };
      if ((inst & 63) === 9)
        return { cond: 'true', target: reg(rs), link: (inst >>> 11) & 31, likely: false };
      return null;
    case 1: {
      if (rt === 31 || (rt & 0xc) !== 0) return null;
      const cond = (rt & 1) === 0 ? `${reg(rs)} < 0` : `${reg(rs)} >= 0`;
      return { cond, target: relative, link: (rt & 16) !== 0 ? 31 : 0, likely: (rt & 2) !== 0 };
    }
    case 2:
      return { cond: 'true', target: region, link: 0, likely: false };
    case 3:
      return { cond: 'true', target: region, link: 31, likely: false };
    case 4:
    case 20:
      return { cond: `${reg(rs)} === ${reg(rt)}`, target: relative, link: 0, likely: op === 20 };
    case 5:
    case 21:
      return { cond: `${reg(rs)} !== ${reg(rt)}`, target: relative, link: 0, likely: op === 21 };
    case 6:
    case 22:
      return { cond: `${reg(rs)} <= 0`, target: relative, link: 0, likely: op === 22 };
    case 7:
    case 23:
      return { cond: `${reg(rs)} > 0`, target: relative, link: 0, likely: op === 23 };
    default:
      return null;
  }
}

/** Compiles the block starting at host index `index` (virtual `pc`), or null if its first instruction is not compilable. */
export function compileBlock(
  view: DataView,
  index: number,
  pc: number,
  le: boolean,
): { run: BlockFunction; length: number } | null {
  const pageEnd = index - (pc & 0xfff) + 4096;
  const words: number[] = [];
  const body: string[] = [];
  let next = pc;
  let end = '';
  for (let k = 0; k < MAX_BLOCK && index + 4 * k < pageEnd; k++) {
    const inst = view.getInt32(index + 4 * k, le);
    const at = (pc + 4 * k) | 0;
    const plain = simple(inst);
    if (plain !== null) {
      words.push(inst);
      body.push(plain);
      next = (at + 4) | 0;
      continue;
    }
    const access = memory(inst, k, at, le);
    if (access !== null) {
      words.push(inst);
      body.push(access);
      next = (at + 4) | 0;
      continue;
    }
    const b = branch(inst, at);
    if (b === null || index + 4 * (k + 1) >= pageEnd) break;
    const slotInst = view.getInt32(index + 4 * (k + 1), le);
    const slot = simple(slotInst);
    if (slot === null) break; // a delay slot that could leave the block: let the interpreter do it
    const link = b.link === 0 ? '' : `r[${b.link}] = ${hex(at + 8)};`;
    if (!b.likely && b.cond !== 'true' && index + 4 * (k + 2) < pageEnd) {
      // A conditional branch inside a superblock: leave when taken, else go on after the slot.
      words.push(inst, slotInst);
      body.push(`c = ${b.cond}; ${link} ${slot} if (c) { cpu.blockPc = ${b.target}; return ${k + 2}; }`);
      next = (at + 8) | 0;
      k++;
      continue;
    }
    words.push(inst, slotInst);
    const taken = `cpu.blockPc = t; return ${k + 2};`;
    const target = `const t = ${b.target};`;
    if (b.likely) {
      end = `c = ${b.cond}; ${link} if (c) { ${target} ${slot} ${taken} } cpu.blockPc = ${hex(at + 8)}; return ${k + 1};`;
    } else if (b.cond === 'true') {
      end = `${target} ${link} ${slot} ${taken}`;
    } else {
      end = `c = ${b.cond}; ${link} ${slot} cpu.blockPc = c ? ${b.target} : ${hex(at + 8)}; return ${k + 2};`;
    }
    break;
  }
  if (words.length === 0) return null;
  if (end === '') end = `cpu.blockPc = ${next}; return ${words.length};`;
  const check = words.map((w, k) => `view.getInt32(${index + 4 * k}, ${le}) !== ${w}`).join(' || ');
  const source = `"use strict"; return function block(r, view, readTag, writeTag, offset, sbase, cpu, physDelta) {
    if (${check}) return -1;
    let va = 0, s = 0, at = 0, c = false;
    ${body.join('\n')}
    ${end}
  };`;
  const run = new Function('mhs', 'mhu', source)(mulHiSigned, mulHiUnsigned) as BlockFunction;
  return { run, length: words.length };
}
