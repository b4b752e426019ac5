// The MIPS32r2 interpreter loop: fetch through the soft TLB, decode with shifts, execute with one
// switch, delay slots through (pc, npc, delay). It keeps pc/npc/cycle in locals and returns to
// MipsCpu.run whenever something non-ordinary happens (an exception, a CP0 instruction, WAIT) or
// the cycle limit is reached; state is then back in the CPU's fields.
//
// The loop is one function on purpose (locals stay in registers), which makes this file longer
// than most. Hot compiled blocks (blocks.ts) run in place of the loop body where they apply.
//
// Precondition for the hot path: a soft-TLB tag hit means the page is main RAM reachable through
// `soft.view`; everything else (MMIO, faults, unaligned addresses) goes to memory.ts. Rarely used
// instructions go to rare.ts with the state committed first.
import { BLOCK_MASK } from './blocks.ts';
import type { MipsCpu } from './cpu.ts';
import {
  fetchSlow,
  loadLinked,
  loadPartial,
  loadSlow,
  SOFT_MASK,
  storeConditional,
  storePartial,
  storeSlow,
} from './memory.ts';
import { executeRare, mulHiSigned, mulHiUnsigned } from './rare.ts';

// Module-level copies of imported bindings: under some module loaders an imported binding is a
// getter call, which the hot loop must not pay on every instruction.
const MASK = SOFT_MASK;
const mulHiS = mulHiSigned;
const mulHiU = mulHiUnsigned;
const FETCH_KEY_MASK = 0xfffff003 | 0;
const BMASK = BLOCK_MASK;

/** Executes instructions until `cpu.cycle` reaches `limit` or control must return to `run`. */
export function interpret(cpu: MipsCpu, limit: number): void {
  const r = cpu.r;
  const soft = cpu.soft;
  const readTag = soft.readTag;
  const writeTag = soft.writeTag;
  const offset = soft.offset;
  const sbase = soft.base;
  const le = cpu.littleEndian;
  const bus = cpu.bus;
  const self = cpu.index;
  let view = soft.view;
  let physDelta = soft.physDelta;
  let pc = cpu.pc;
  let npc = cpu.npc;
  let delay = cpu.nextInDelay;
  let cyc = cpu.cycle;
  cpu.trapped = false; // a rare instruction may have left it set when it returned here

  // The page of the last fetch: `(pc & FETCH_KEY_MASK) === fetchPage` checks the page and the
  // alignment of pc at once (fetchPage has its low bits clear; -1 never matches).
  let fetchPage = -1;
  let fetchBase = 0;
  const blocks = cpu.blocks;
  const bkeys = blocks?.keys;
  const bpcs = blocks?.pcs;
  const bfunctions = blocks?.functions;
  const blengths = blocks?.lengths;
  while (cyc < limit) {
    // A stop (ExitsEarly, a host handler) or an interrupt raised during an MMIO access.
    if (cpu.attention) break;
    let inst: number;
    if ((pc & FETCH_KEY_MASK) === fetchPage) {
      const index = fetchBase + (pc & 0xfff);
      if (blocks !== null && !delay) {
        // A compiled block starting here runs instead of the interpreter if it fits the limit.
        const bslot = (index >>> 2) & BMASK;
        if (bkeys![bslot] === index && bpcs![bslot] === pc) {
          const run = bfunctions![bslot]!;
          if (run !== null && cyc + blengths![bslot]! <= limit) {
            const n = run(r, view, readTag, writeTag, offset, sbase, cpu, physDelta);
            if (n > 0) {
              cyc += n;
              pc = cpu.blockPc;
              npc = (pc + 4) | 0;
              continue;
            }
            if (n < 0) blocks.drop(bslot); // its code changed: interpret, recompile when hot
          }
        } else blocks.visit(view, index, pc, le);
      }
      inst = view.getInt32(index, le);
    } else {
      const fslot = sbase + ((pc >>> 12) & MASK);
      if (readTag[fslot] === pc >>> 12 && (pc & 3) === 0) {
        fetchPage = pc & ~0xfff;
        fetchBase = offset[fslot]!;
        continue; // a new code page: look for a compiled block there first
      } else {
        cpu.cycle = cyc;
        cpu.excPc = pc;
        cpu.excDelay = delay;
        inst = fetchSlow(cpu, pc);
        if (cpu.trapped) {
          cpu.trapped = false;
          return;
        }
        view = soft.view;
        physDelta = soft.physDelta;
      }
    }
    const cur = pc;
    const curDelay = delay;
    pc = npc;
    npc = (npc + 4) | 0;
    delay = false;
    cyc++;

    const rs = (inst >>> 21) & 31;
    const rt = (inst >>> 16) & 31;
    switch (inst >>> 26) {
      case 0: {
        const rd = (inst >>> 11) & 31;
        switch (inst & 63) {
          case 0: // SLL
            r[rd] = r[rt]! << ((inst >>> 6) & 31);
            break;
          case 2: {
            // SRL, or ROTR when bit 21 is set
            const sa = (inst >>> 6) & 31;
            const x = r[rt]!;
            r[rd] = (rs & 1) !== 0 ? (x >>> sa) | (x << (32 - sa)) : x >>> sa;
            break;
          }
          case 3: // SRA
            r[rd] = r[rt]! >> ((inst >>> 6) & 31);
            break;
          case 4: // SLLV
            r[rd] = r[rt]! << (r[rs]! & 31);
            break;
          case 6: {
            // SRLV, or ROTRV when bit 6 is set
            const sa = r[rs]! & 31;
            const x = r[rt]!;
            r[rd] = (inst & 0x40) !== 0 ? (x >>> sa) | (x << (32 - sa)) : x >>> sa;
            break;
          }
          case 7: // SRAV
            r[rd] = r[rt]! >> (r[rs]! & 31);
            break;
          case 8: // JR
            npc = r[rs]!;
            delay = true;
            break;
          case 9: {
            // JALR
            const target = r[rs]!;
            r[rd] = cur + 8;
            npc = target;
            delay = true;
            break;
          }
          case 10: // MOVZ
            if (r[rt] === 0) r[rd] = r[rs]!;
            break;
          case 11: // MOVN
            if (r[rt] !== 0) r[rd] = r[rs]!;
            break;
          case 15: // SYNC: accesses are already in program order on this machine
            break;
          case 16: // MFHI
            r[rd] = cpu.hi;
            break;
          case 17: // MTHI
            cpu.hi = r[rs]!;
            break;
          case 18: // MFLO
            r[rd] = cpu.lo;
            break;
          case 19: // MTLO
            cpu.lo = r[rs]!;
            break;
          case 24: {
            // MULT
            const a = r[rs]!;
            const b = r[rt]!;
            cpu.lo = Math.imul(a, b);
            cpu.hi = mulHiS(a, b);
            break;
          }
          case 25: {
            // MULTU
            const a = r[rs]!;
            const b = r[rt]!;
            cpu.lo = Math.imul(a, b);
            cpu.hi = mulHiU(a, b);
            break;
          }
          case 26: {
            // DIV (a zero divisor gives LO = dividend, HI = 0, as qemu does)
            const a = r[rs]!;
            const b = r[rt]!;
            if (b === 0) {
              cpu.lo = a;
              cpu.hi = 0;
            } else {
              cpu.lo = (a / b) | 0;
              cpu.hi = (a % b) | 0;
            }
            break;
          }
          case 27: {
            // DIVU
            const a = r[rs]! >>> 0;
            const b = r[rt]! >>> 0;
            if (b === 0) {
              cpu.lo = a | 0;
              cpu.hi = 0;
            } else {
              cpu.lo = (a / b) | 0;
              cpu.hi = (a % b) | 0;
            }
            break;
          }
          case 32: {
            // ADD (traps on signed overflow)
            const sum = r[rs]! + r[rt]!;
            if (sum > 0x7fffffff || sum < -0x80000000) {
              commit(cpu, pc, npc, delay, cyc, cur, curDelay);
              executeRare(cpu, inst);
              return;
            }
            r[rd] = sum;
            break;
          }
          case 33: // ADDU
            r[rd] = r[rs]! + r[rt]!;
            break;
          case 34: {
            // SUB (traps on signed overflow)
            const diff = r[rs]! - r[rt]!;
            if (diff > 0x7fffffff || diff < -0x80000000) {
              commit(cpu, pc, npc, delay, cyc, cur, curDelay);
              executeRare(cpu, inst);
              return;
            }
            r[rd] = diff;
            break;
          }
          case 35: // SUBU
            r[rd] = r[rs]! - r[rt]!;
            break;
          case 36: // AND
            r[rd] = r[rs]! & r[rt]!;
            break;
          case 37: // OR
            r[rd] = r[rs]! | r[rt]!;
            break;
          case 38: // XOR
            r[rd] = r[rs]! ^ r[rt]!;
            break;
          case 39: // NOR
            r[rd] = ~(r[rs]! | r[rt]!);
            break;
          case 42: // SLT
            r[rd] = r[rs]! < r[rt]! ? 1 : 0;
            break;
          case 43: // SLTU
            r[rd] = r[rs]! >>> 0 < r[rt]! >>> 0 ? 1 : 0;
            break;
          default:
            // SYSCALL, BREAK, traps, MOVCI and reserved encodings
            commit(cpu, pc, npc, delay, cyc, cur, curDelay);
            executeRare(cpu, inst);
            return;
        }
        r[0] = 0;
        break;
      }
      case 1: {
        // REGIMM: BLTZ/BGEZ (likely, and-link), traps on immediates, SYNCI
        const v = r[rs]!;
        let taken: boolean;
        switch (rt) {
          case 0:
          case 2:
          case 16:
          case 18:
            taken = v < 0;
            break;
          case 1:
          case 3:
          case 17:
          case 19:
            taken = v >= 0;
            break;
          case 31: // SYNCI: no caches to synchronise
            continue;
          default:
            commit(cpu, pc, npc, delay, cyc, cur, curDelay);
            executeRare(cpu, inst);
            return;
        }
        if ((rt & 16) !== 0) r[31] = cur + 8;
        if (taken) {
          npc = (pc + (((inst << 16) >> 16) << 2)) | 0;
          delay = true;
        } else if ((rt & 2) !== 0) {
          pc = npc; // a likely branch not taken annuls its delay slot
          npc = (pc + 4) | 0;
        } else delay = true;
        break;
      }
      case 2: // J
        npc = (pc & 0xf0000000) | ((inst & 0x03ffffff) << 2);
        delay = true;
        break;
      case 3: // JAL
        r[31] = cur + 8;
        npc = (pc & 0xf0000000) | ((inst & 0x03ffffff) << 2);
        delay = true;
        break;
      case 4: // BEQ
        if (r[rs] === r[rt]) npc = (pc + (((inst << 16) >> 16) << 2)) | 0;
        delay = true;
        break;
      case 5: // BNE
        if (r[rs] !== r[rt]) npc = (pc + (((inst << 16) >> 16) << 2)) | 0;
        delay = true;
        break;
      case 6: // BLEZ
        if (r[rs]! <= 0) npc = (pc + (((inst << 16) >> 16) << 2)) | 0;
        delay = true;
        break;
      case 7: // BGTZ
        if (r[rs]! > 0) npc = (pc + (((inst << 16) >> 16) << 2)) | 0;
        delay = true;
        break;
      case 8: {
        // ADDI (traps on signed overflow)
        const sum = r[rs]! + ((inst << 16) >> 16);
        if (sum > 0x7fffffff || sum < -0x80000000) {
          commit(cpu, pc, npc, delay, cyc, cur, curDelay);
          executeRare(cpu, inst);
          return;
        }
        r[rt] = sum;
        r[0] = 0;
        break;
      }
      case 9: // ADDIU
        r[rt] = r[rs]! + ((inst << 16) >> 16);
        r[0] = 0;
        break;
      case 10: // SLTI
        r[rt] = r[rs]! < (inst << 16) >> 16 ? 1 : 0;
        r[0] = 0;
        break;
      case 11: // SLTIU (the immediate is sign-extended, then compared unsigned)
        r[rt] = r[rs]! >>> 0 < ((inst << 16) >> 16) >>> 0 ? 1 : 0;
        r[0] = 0;
        break;
      case 12: // ANDI
        r[rt] = r[rs]! & inst & 0xffff;
        r[0] = 0;
        break;
      case 13: // ORI
        r[rt] = r[rs]! | (inst & 0xffff);
        r[0] = 0;
        break;
      case 14: // XORI
        r[rt] = r[rs]! ^ (inst & 0xffff);
        r[0] = 0;
        break;
      case 15: // LUI
        r[rt] = inst << 16;
        r[0] = 0;
        break;
      case 20: // BEQL
      case 21: // BNEL
      case 22: // BLEZL
      case 23: {
        // BGTZL
        const a = r[rs]!;
        const op = inst >>> 26;
        const taken = op === 20 ? a === r[rt] : op === 21 ? a !== r[rt] : op === 22 ? a <= 0 : a > 0;
        if (taken) {
          npc = (pc + (((inst << 16) >> 16) << 2)) | 0;
          delay = true;
        } else {
          pc = npc;
          npc = (pc + 4) | 0;
        }
        break;
      }
      case 28: {
        // SPECIAL2: MUL is the common one
        if ((inst & 63) === 2) {
          r[(inst >>> 11) & 31] = Math.imul(r[rs]!, r[rt]!);
          r[0] = 0;
          break;
        }
        commit(cpu, pc, npc, delay, cyc, cur, curDelay);
        executeRare(cpu, inst);
        if (cpu.trapped) {
          cpu.trapped = false;
          return;
        }
        break;
      }
      case 31: {
        // SPECIAL3: EXT, INS, SEB, SEH, WSBH; RDHWR goes to rare.ts
        const f = inst & 63;
        const a = (inst >>> 11) & 31;
        const b = (inst >>> 6) & 31;
        if (f === 0) {
          // EXT rt, rs, pos = b, size = a + 1
          const size = a + 1;
          r[rt] = size === 32 ? r[rs]! >>> b : (r[rs]! >>> b) & ((1 << size) - 1);
        } else if (f === 4) {
          // INS rt, rs, pos = b, size = a - b + 1
          const size = a - b + 1;
          if (size > 0) {
            const mask = (size === 32 ? -1 : (1 << size) - 1) << b;
            r[rt] = (r[rt]! & ~mask) | ((r[rs]! << b) & mask);
          }
        } else if (f === 32 && b === 16) {
          r[a] = (r[rt]! << 24) >> 24; // SEB
        } else if (f === 32 && b === 24) {
          r[a] = (r[rt]! << 16) >> 16; // SEH
        } else if (f === 32 && b === 2) {
          const x = r[rt]!;
          r[a] = ((x & 0x00ff00ff) << 8) | ((x >>> 8) & 0x00ff00ff); // WSBH
        } else {
          commit(cpu, pc, npc, delay, cyc, cur, curDelay);
          executeRare(cpu, inst);
          return;
        }
        r[0] = 0;
        break;
      }
      case 35: {
        // LW: the most common load gets its own fast path
        const va = (r[rs]! + ((inst << 16) >> 16)) | 0;
        const slot = sbase + ((va >>> 12) & MASK);
        if (readTag[slot] === va >>> 12 && (va & 3) === 0) {
          r[rt] = view.getInt32(offset[slot]! + (va & 0xfff), le);
        } else {
          commitFault(cpu, cyc, cur, curDelay);
          const value = loadSlow(cpu, va, 4, true);
          if (cpu.trapped) {
            cpu.trapped = false;
            return;
          }
          r[rt] = value;
          view = soft.view;
          physDelta = soft.physDelta;
        }
        r[0] = 0;
        break;
      }
      case 36: {
        // LBU
        const va = (r[rs]! + ((inst << 16) >> 16)) | 0;
        const slot = sbase + ((va >>> 12) & MASK);
        if (readTag[slot] === va >>> 12) {
          r[rt] = view.getUint8(offset[slot]! + (va & 0xfff));
        } else {
          commitFault(cpu, cyc, cur, curDelay);
          const value = loadSlow(cpu, va, 1, false);
          if (cpu.trapped) {
            cpu.trapped = false;
            return;
          }
          r[rt] = value;
          view = soft.view;
          physDelta = soft.physDelta;
        }
        r[0] = 0;
        break;
      }
      case 32: // LB
      case 33: // LH
      case 37: {
        // LHU
        const va = (r[rs]! + ((inst << 16) >> 16)) | 0;
        const slot = sbase + ((va >>> 12) & MASK);
        const op = inst >>> 26;
        let value: number;
        if (readTag[slot] === va >>> 12 && (op === 32 || (va & 1) === 0)) {
          const at = offset[slot]! + (va & 0xfff);
          value = op === 32 ? view.getInt8(at) : op === 33 ? view.getInt16(at, le) : view.getUint16(at, le);
        } else {
          commitFault(cpu, cyc, cur, curDelay);
          value = loadSlow(cpu, va, op === 32 ? 1 : 2, op !== 37);
          if (cpu.trapped) {
            cpu.trapped = false;
            return;
          }
          view = soft.view;
          physDelta = soft.physDelta;
        }
        r[rt] = value;
        r[0] = 0;
        break;
      }
      case 43: {
        // SW
        const va = (r[rs]! + ((inst << 16) >> 16)) | 0;
        const slot = sbase + ((va >>> 12) & MASK);
        if (writeTag[slot] === va >>> 12 && (va & 3) === 0) {
          const at = offset[slot]! + (va & 0xfff);
          view.setInt32(at, r[rt]!, le);
          bus.noteStore(at + physDelta, 4, self);
        } else {
          commitFault(cpu, cyc, cur, curDelay);
          storeSlow(cpu, va, 4, r[rt]!);
          if (cpu.trapped) {
            cpu.trapped = false;
            return;
          }
          view = soft.view;
          physDelta = soft.physDelta;
        }
        break;
      }
      case 40: // SB
      case 41: {
        // SH
        const va = (r[rs]! + ((inst << 16) >> 16)) | 0;
        const slot = sbase + ((va >>> 12) & MASK);
        const op = inst >>> 26;
        const size = op === 41 ? 2 : 1;
        if (writeTag[slot] === va >>> 12 && (va & (size - 1)) === 0) {
          const at = offset[slot]! + (va & 0xfff);
          if (size === 1) view.setInt8(at, r[rt]!);
          else view.setInt16(at, r[rt]!, le);
          bus.noteStore(at + physDelta, size, self);
        } else {
          commitFault(cpu, cyc, cur, curDelay);
          storeSlow(cpu, va, size, r[rt]!);
          if (cpu.trapped) {
            cpu.trapped = false;
            return;
          }
          view = soft.view;
          physDelta = soft.physDelta;
        }
        break;
      }
      case 34: // LWL
      case 38: {
        // LWR
        commitFault(cpu, cyc, cur, curDelay);
        const value = loadPartial(cpu, (r[rs]! + ((inst << 16) >> 16)) | 0, r[rt]!, inst >>> 26 === 34);
        if (cpu.trapped) {
          cpu.trapped = false;
          return;
        }
        r[rt] = value;
        r[0] = 0;
        view = soft.view;
        physDelta = soft.physDelta;
        break;
      }
      case 42: // SWL
      case 46: {
        // SWR
        commitFault(cpu, cyc, cur, curDelay);
        storePartial(cpu, (r[rs]! + ((inst << 16) >> 16)) | 0, r[rt]!, inst >>> 26 === 42);
        if (cpu.trapped) {
          cpu.trapped = false;
          return;
        }
        view = soft.view;
        physDelta = soft.physDelta;
        break;
      }
      case 48: {
        // LL
        commitFault(cpu, cyc, cur, curDelay);
        const value = loadLinked(cpu, (r[rs]! + ((inst << 16) >> 16)) | 0);
        if (cpu.trapped) {
          cpu.trapped = false;
          return;
        }
        r[rt] = value;
        r[0] = 0;
        view = soft.view;
        physDelta = soft.physDelta;
        break;
      }
      case 56: {
        // SC
        commitFault(cpu, cyc, cur, curDelay);
        const ok = storeConditional(cpu, (r[rs]! + ((inst << 16) >> 16)) | 0, r[rt]!);
        if (cpu.trapped) {
          cpu.trapped = false;
          return;
        }
        r[rt] = ok;
        r[0] = 0;
        view = soft.view;
        physDelta = soft.physDelta;
        break;
      }
      case 51: // PREF: a hint
        break;
      default:
        // COP0 (CP0 moves, TLB, ERET, WAIT), COP1/COP2/COP1X, CACHE and reserved opcodes
        commit(cpu, pc, npc, delay, cyc, cur, curDelay);
        executeRare(cpu, inst);
        return;
    }
  }
  cpu.pc = pc;
  cpu.npc = npc;
  cpu.nextInDelay = delay;
  cpu.cycle = cyc;
}

/** Commits the full state before a rare instruction; `run` resumes from the CPU's fields. */
function commit(
  cpu: MipsCpu,
  pc: number,
  npc: number,
  delay: boolean,
  cyc: number,
  cur: number,
  curDelay: boolean,
): void {
  cpu.pc = pc;
  cpu.npc = npc;
  cpu.nextInDelay = delay;
  cpu.cycle = cyc;
  cpu.excPc = cur;
  cpu.excDelay = curDelay;
}

/** Commits what exception entry needs before a memory slow path that may fault. */
function commitFault(cpu: MipsCpu, cyc: number, cur: number, curDelay: boolean): void {
  cpu.cycle = cyc;
  cpu.excPc = cur;
  cpu.excDelay = curDelay;
}
