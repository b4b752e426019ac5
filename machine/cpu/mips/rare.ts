// The instructions the interpreter hands off with the CPU state committed: system calls,
// breakpoints, traps, overflow, the multiply-accumulate group, CLZ/CLO, RDHWR, CACHE, the
// coprocessor encodings (CP0 in cp0-ops.ts; CP1/CP2 raise Coprocessor Unusable: there is no FPU,
// clang builds soft-float) and everything reserved. Nothing here may throw: an encoding the CPU
// does not implement raises the Reserved Instruction exception.
import { EXC, STATUS } from './cp0.ts';
import { executeCop0 } from './cp0-ops.ts';
import type { MipsCpu } from './cpu.ts';

/** High word of the unsigned 64-bit product of two 32-bit values. */
export function mulHiUnsigned(a: number, b: number): number {
  const a0 = a & 0xffff;
  const a1 = a >>> 16;
  const b0 = b & 0xffff;
  const b1 = b >>> 16;
  const p01 = a0 * b1;
  const p10 = a1 * b0;
  const mid = ((a0 * b0) >>> 16) + (p01 & 0xffff) + (p10 & 0xffff);
  return (a1 * b1 + (p01 >>> 16) + (p10 >>> 16) + (mid >>> 16)) | 0;
}

/** High word of the signed 64-bit product of two 32-bit values. */
export function mulHiSigned(a: number, b: number): number {
  return (mulHiUnsigned(a, b) - (a < 0 ? b : 0) - (b < 0 ? a : 0)) | 0;
}

/** HI:LO += or -= the 64-bit product (MADD, MADDU, MSUB, MSUBU). */
function accumulate(cpu: MipsCpu, productHi: number, productLo: number, subtract: boolean): void {
  const lo = cpu.lo >>> 0;
  const plo = productLo >>> 0;
  if (subtract) {
    const diff = lo - plo;
    cpu.hi = (cpu.hi - productHi - (diff < 0 ? 1 : 0)) | 0;
    cpu.lo = diff | 0;
  } else {
    const sum = lo + plo;
    cpu.hi = (cpu.hi + productHi + (sum > 0xffffffff ? 1 : 0)) | 0;
    cpu.lo = sum | 0;
  }
}

function coprocessorUnusable(cpu: MipsCpu, unit: number): void {
  cpu.enterException(EXC.CpU, false, unit);
}

function reserved(cpu: MipsCpu): void {
  cpu.enterException(EXC.RI, false);
}

function trapIf(cpu: MipsCpu, condition: boolean): void {
  if (condition) cpu.enterException(EXC.Tr, false);
}

/** Executes `inst`; the CPU's pc/npc already point past it and excPc/excDelay name it. */
export function executeRare(cpu: MipsCpu, inst: number): void {
  const r = cpu.r;
  const rs = (inst >>> 21) & 31;
  const rt = (inst >>> 16) & 31;
  const rd = (inst >>> 11) & 31;
  const a = r[rs]!;
  const b = r[rt]!;
  const imm = (inst << 16) >> 16;
  switch (inst >>> 26) {
    case 0:
      switch (inst & 63) {
        case 1: // MOVF/MOVT test FPU condition codes
          coprocessorUnusable(cpu, 1);
          return;
        case 12:
          cpu.enterException(EXC.Sys, false);
          return;
        case 13:
          cpu.enterException(EXC.Bp, false);
          return;
        case 32:
        case 34: {
          const value = (inst & 63) === 32 ? a + b : a - b;
          if (value > 0x7fffffff || value < -0x80000000) {
            cpu.enterException(EXC.Ov, false);
            return;
          }
          if (rd !== 0) r[rd] = value;
          return;
        }
        case 48:
          trapIf(cpu, a >= b);
          return;
        case 49:
          trapIf(cpu, a >>> 0 >= b >>> 0);
          return;
        case 50:
          trapIf(cpu, a < b);
          return;
        case 51:
          trapIf(cpu, a >>> 0 < b >>> 0);
          return;
        case 52:
          trapIf(cpu, a === b);
          return;
        case 54:
          trapIf(cpu, a !== b);
          return;
        default:
          reserved(cpu);
          return;
      }
    case 1:
      switch (rt) {
        case 8:
          trapIf(cpu, a >= imm);
          return;
        case 9:
          trapIf(cpu, a >>> 0 >= imm >>> 0);
          return;
        case 10:
          trapIf(cpu, a < imm);
          return;
        case 11:
          trapIf(cpu, a >>> 0 < imm >>> 0);
          return;
        case 12:
          trapIf(cpu, a === imm);
          return;
        case 14:
          trapIf(cpu, a !== imm);
          return;
        default:
          reserved(cpu);
          return;
      }
    case 8: {
      const value = a + imm;
      if (value > 0x7fffffff || value < -0x80000000) {
        cpu.enterException(EXC.Ov, false);
        return;
      }
      if (rt !== 0) r[rt] = value;
      return;
    }
    case 16:
      executeCop0(cpu, inst);
      return;
    case 17:
    case 19:
    case 49:
    case 53:
    case 57:
    case 61:
      coprocessorUnusable(cpu, 1);
      return;
    case 18:
    case 50:
    case 54:
    case 58:
    case 62:
      coprocessorUnusable(cpu, 2);
      return;
    case 28:
      special2(cpu, inst, a, b, rd);
      return;
    case 31:
      if ((inst & 63) === 59) {
        readHardwareRegister(cpu, rd, rt);
        return;
      }
      reserved(cpu);
      return;
    case 47: // CACHE: privileged; no caches are modelled, so a no-op in kernel mode
      if (cpu.userMode && (cpu.status & STATUS.CU0) === 0) {
        coprocessorUnusable(cpu, 0);
        return;
      }
      return;
    default:
      reserved(cpu);
      return;
  }
}

function special2(cpu: MipsCpu, inst: number, a: number, b: number, rd: number): void {
  const r = cpu.r;
  switch (inst & 63) {
    case 0:
      accumulate(cpu, mulHiSigned(a, b), Math.imul(a, b), false);
      return;
    case 1:
      accumulate(cpu, mulHiUnsigned(a, b), Math.imul(a, b), false);
      return;
    case 2:
      if (rd !== 0) r[rd] = Math.imul(a, b);
      return;
    case 4:
      accumulate(cpu, mulHiSigned(a, b), Math.imul(a, b), true);
      return;
    case 5:
      accumulate(cpu, mulHiUnsigned(a, b), Math.imul(a, b), true);
      return;
    case 32:
      if (rd !== 0) r[rd] = Math.clz32(a);
      return;
    case 33:
      if (rd !== 0) r[rd] = Math.clz32(~a);
      return;
    default:
      reserved(cpu);
      return;
  }
}

/**
 * RDHWR (MIPS32r2): 0 CPUNum, 1 SYNCI_Step, 2 CC (Count), 3 CCRes, 29 UserLocal. User mode needs
 * the register's HWREna bit (or CU0); otherwise, and for other numbers, Reserved Instruction.
 */
function readHardwareRegister(cpu: MipsCpu, hwr: number, rt: number): void {
  const enabled = !cpu.userMode || (cpu.status & STATUS.CU0) !== 0 || ((cpu.hwrEna >>> hwr) & 1) === 1;
  let value: number;
  switch (hwr) {
    case 0:
      value = cpu.ebase & 0x3ff;
      break;
    case 1:
      value = 32;
      break;
    case 2:
      value = cpu.count;
      break;
    case 3:
      value = 1;
      break;
    case 29:
      value = cpu.userLocal;
      break;
    default:
      reserved(cpu);
      return;
  }
  if (!enabled) {
    reserved(cpu);
    return;
  }
  if (rt !== 0) cpu.r[rt] = value;
}
