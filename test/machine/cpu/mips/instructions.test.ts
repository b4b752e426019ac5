import { describe, expect, it } from 'vitest';
import { EXC } from '../../../../machine/cpu/mips/index.ts';
import * as a from './support/asm.ts';
import { DATA_BASE, kernelFixture, poke, runProgram, stopOnBreak } from './support/machine.ts';

const { T0, T1, T2, T3, V0, V1, A0, RA, ZERO } = a;
const DATA = 0x80000000 + DATA_BASE;
const hi16 = (x: number) => (x >>> 16) & 0xffff;
const lo16 = (x: number) => x & 0xffff;
/** li reg, value (two instructions). */
const li = (reg: number, value: number) => [a.lui(reg, hi16(value)), a.ori(reg, reg, lo16(value))];
const u = (x: number) => x >>> 0;

describe('MIPS instructions: ALU, shifts, multiply and divide', () => {
  it('MIPS ALU: ADDU wraps, SUBU, SLT/SLTU compare signed and unsigned, SLTIU sign-extends', () => {
    const cpu = runProgram([
      ...li(T0, 0x7fffffff),
      a.addiu(T1, T0, 1),
      a.subu(T2, ZERO, T0),
      a.slt(T3, T1, T0),
      a.sltu(V0, T1, T0),
      a.sltiu(V1, T0, -1),
      a.brk(),
    ]);
    expect(u(cpu.r[T1]!)).toBe(0x80000000);
    expect(u(cpu.r[T2]!)).toBe(0x80000001);
    expect(cpu.r[T3]).toBe(1);
    expect(cpu.r[V0]).toBe(0);
    expect(cpu.r[V1]).toBe(1);
  });

  it('MIPS ALU: writes to $zero are discarded', () => {
    const cpu = runProgram([a.addiu(ZERO, ZERO, 5), a.addu(T0, ZERO, ZERO), a.brk()]);
    expect(cpu.r[0]).toBe(0);
    expect(cpu.r[T0]).toBe(0);
  });

  it('MIPS shifts: SLL, SRL, SRA and ROTR', () => {
    const cpu = runProgram([
      ...li(T0, 0x80000011),
      a.sll(T1, T0, 4),
      a.srl(T2, T0, 4),
      a.sra(T3, T0, 4),
      a.rotr(V0, T0, 4),
      a.brk(),
    ]);
    expect(u(cpu.r[T1]!)).toBe(0x00000110);
    expect(u(cpu.r[T2]!)).toBe(0x08000001);
    expect(u(cpu.r[T3]!)).toBe(0xf8000001);
    expect(u(cpu.r[V0]!)).toBe(0x18000001);
  });

  it('MIPS multiply: MULT/MULTU give the 64-bit product in HI:LO, MUL the low word', () => {
    const cpu = runProgram([
      ...li(T0, 0xfffffffe), // -2
      ...li(T1, 0x7fffffff),
      a.mult(T0, T1),
      a.mfhi(T2),
      a.mflo(T3),
      a.multu(T0, T1),
      a.mfhi(V0),
      a.mflo(V1),
      a.mul(A0, T0, T1),
      a.brk(),
    ]);
    // -2 * 0x7fffffff = -0xfffffffe = 0xffffffff_00000002
    expect(u(cpu.r[T2]!)).toBe(0xffffffff);
    expect(u(cpu.r[T3]!)).toBe(0x00000002);
    // 0xfffffffe * 0x7fffffff = 0x7ffffffe_00000002
    expect(u(cpu.r[V0]!)).toBe(0x7ffffffe);
    expect(u(cpu.r[V1]!)).toBe(0x00000002);
    expect(u(cpu.r[A0]!)).toBe(0x00000002);
  });

  it('MIPS multiply-accumulate: MADD adds and MSUBU subtracts with a carry across LO', () => {
    const cpu = runProgram([
      ...li(T0, 0xffffffff),
      a.mthi(ZERO),
      a.mtlo(T0), // HI:LO = 0x00000000_ffffffff
      a.addiu(T1, ZERO, 1),
      a.madd(T1, T1), // + 1 -> 0x00000001_00000000
      a.mfhi(T2),
      a.mflo(T3),
      a.addiu(A0, ZERO, 2),
      a.msubu(A0, T1), // - 2 -> 0x00000000_fffffffe
      a.mfhi(V0),
      a.mflo(V1),
      a.brk(),
    ]);
    expect(cpu.r[T2]).toBe(1);
    expect(cpu.r[T3]).toBe(0);
    expect(cpu.r[V0]).toBe(0);
    expect(u(cpu.r[V1]!)).toBe(0xfffffffe);
  });

  it('MIPS divide: DIV truncates toward zero with the remainder in HI, DIVU is unsigned', () => {
    const cpu = runProgram([
      a.addiu(T0, ZERO, -7),
      a.addiu(T1, ZERO, 2),
      a.div(T0, T1),
      a.mflo(T2),
      a.mfhi(T3),
      a.divu(T0, T1),
      a.mflo(V0),
      a.mfhi(V1),
      a.brk(),
    ]);
    expect(cpu.r[T2]).toBe(-3);
    expect(cpu.r[T3]).toBe(-1);
    expect(u(cpu.r[V0]!)).toBe(0x7ffffffc);
    expect(cpu.r[V1]).toBe(1);
  });

  it('MIPS bit operations: CLZ, CLO, EXT, INS, SEB, SEH, WSBH', () => {
    const cpu = runProgram([
      ...li(T0, 0x00f0ff80),
      a.clz(T1, T0),
      a.clo(T2, T0),
      a.ext(T3, T0, 4, 8),
      ...li(V0, 0xffffffff),
      a.ins(V0, ZERO, 8, 12),
      a.seb(V1, T0),
      a.seh(A0, T0),
      a.wsbh(RA, T0),
      a.brk(),
    ]);
    expect(cpu.r[T1]).toBe(8);
    expect(cpu.r[T2]).toBe(0);
    expect(u(cpu.r[T3]!)).toBe(0xf8);
    expect(u(cpu.r[V0]!)).toBe(0xfff000ff);
    expect(cpu.r[V1]).toBe(-128);
    expect(cpu.r[A0]).toBe(-128);
    expect(u(cpu.r[RA]!)).toBe(0xf00080ff);
  });

  it('MIPS conditional moves: MOVZ moves on zero, MOVN on non-zero', () => {
    const cpu = runProgram([a.addiu(T0, ZERO, 9), a.movz(T1, T0, ZERO), a.movn(T2, T0, ZERO), a.brk()]);
    expect(cpu.r[T1]).toBe(9);
    expect(cpu.r[T2]).toBe(0);
  });
});

describe('MIPS instructions: branches and delay slots', () => {
  it('MIPS branches: the delay slot of a taken branch executes once', () => {
    const cpu = runProgram([
      a.beq(ZERO, ZERO, 2),
      a.addiu(T0, T0, 1), // delay slot
      a.addiu(T1, ZERO, 99), // skipped
      a.brk(),
    ]);
    expect(cpu.r[T0]).toBe(1);
    expect(cpu.r[T1]).toBe(0);
  });

  it('MIPS branches: a likely branch not taken annuls its delay slot', () => {
    const cpu = runProgram([a.bnel(ZERO, ZERO, 2), a.addiu(T0, ZERO, 1), a.addiu(T1, ZERO, 2), a.brk()]);
    expect(cpu.r[T0]).toBe(0);
    expect(cpu.r[T1]).toBe(2);
  });

  it('MIPS jumps: JAL links PC + 8 and JR returns through the delay slot', () => {
    const base = 0x80001000;
    const cpu = runProgram([
      a.jal(base + 16), // 0
      a.addiu(T0, ZERO, 1), // 4: delay slot
      a.addiu(T1, ZERO, 2), // 8: after return
      a.brk(), // 12
      a.jr(RA), // 16: the function
      a.addiu(T2, ZERO, 3), // 20: delay slot
    ]);
    expect(u(cpu.r[RA]!)).toBe(base + 8);
    expect([cpu.r[T0], cpu.r[T1], cpu.r[T2]]).toEqual([1, 2, 3]);
  });

  it('MIPS branches: BGEZAL links even when not taken, a countdown loop runs its count', () => {
    const cpu = runProgram([
      a.addiu(T0, ZERO, -1),
      a.bgezal(T0, 4),
      a.nop(),
      a.addiu(T1, ZERO, 10),
      a.addiu(T2, T2, 3), // loop: t2 += 3
      a.addiu(T1, T1, -1),
      a.bne(T1, ZERO, -3),
      a.nop(),
      a.brk(),
    ]);
    expect(u(cpu.r[RA]!)).toBe(0x80001000 + 12);
    expect(cpu.r[T2]).toBe(30);
  });
});

describe('MIPS instructions: loads and stores', () => {
  for (const endianness of ['big', 'little'] as const) {
    it(`MIPS memory (${endianness}): byte and halfword loads sign- and zero-extend in the bus byte order`, () => {
      const { bus, cpu } = kernelFixture(
        [
          ...li(A0, DATA),
          a.lb(T0, 0, A0),
          a.lbu(T1, 0, A0),
          a.lh(T2, 0, A0),
          a.lhu(T3, 2, A0),
          a.lw(V0, 0, A0),
          a.sb(V0, 5, A0),
          a.sh(V0, 6, A0),
          a.lw(V1, 4, A0),
          a.brk(),
        ],
        endianness,
      );
      poke(bus, DATA_BASE, [0x8081c2c3]);
      stopOnBreak(cpu);
      cpu.run(1000);
      const first = endianness === 'big' ? 0x80 : 0xc3;
      expect(cpu.r[T0]).toBe((first << 24) >> 24);
      expect(cpu.r[T1]).toBe(first);
      expect(u(cpu.r[T2]!)).toBe(endianness === 'big' ? 0xffff8081 : 0xffffc2c3);
      expect(cpu.r[T3]).toBe(endianness === 'big' ? 0xc2c3 : 0x8081);
      expect(u(cpu.r[V0]!)).toBe(0x8081c2c3);
      expect(u(cpu.r[V1]!)).toBe(endianness === 'big' ? 0x00c3c2c3 : 0xc2c3c300);
    });

    it(`MIPS memory (${endianness}): LWL/LWR assemble an unaligned word and SWL/SWR store one`, () => {
      const { ram, cpu } = kernelFixture(
        [
          ...li(A0, DATA),
          // the idiom clang emits for an unaligned load of the word at DATA + 1
          ...(endianness === 'big'
            ? [a.lwl(T0, 1, A0), a.lwr(T0, 4, A0)]
            : [a.lwl(T0, 4, A0), a.lwr(T0, 1, A0)]),
          ...li(T1, 0xa1b2c3d4),
          ...(endianness === 'big'
            ? [a.swl(T1, 9, A0), a.swr(T1, 12, A0)]
            : [a.swl(T1, 12, A0), a.swr(T1, 9, A0)]),
          a.brk(),
        ],
        endianness,
      );
      const bytes = [0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17];
      ram.bytes.set(bytes, DATA_BASE);
      stopOnBreak(cpu);
      cpu.run(1000);
      expect(u(cpu.r[T0]!)).toBe(endianness === 'big' ? 0x11121314 : 0x14131211);
      const stored = Array.from(ram.bytes.subarray(DATA_BASE + 8, DATA_BASE + 14));
      expect(stored).toEqual(
        endianness === 'big' ? [0, 0xa1, 0xb2, 0xc3, 0xd4, 0] : [0, 0xd4, 0xc3, 0xb2, 0xa1, 0],
      );
    });
  }

  it('MIPS memory: a misaligned LW raises AdEL with BadVAddr and leaves the register alone', () => {
    const { cpu } = kernelFixture([...li(A0, DATA + 2), a.addiu(T0, ZERO, 7), a.lw(T0, 0, A0), a.brk()]);
    const seen: number[] = [];
    cpu.setExceptionHandler('general', (c) => {
      seen.push((c.cause >>> 2) & 31, c.badVAddr >>> 0, c.epc >>> 0);
      c.requestStop();
    });
    cpu.run(1000);
    expect(seen).toEqual([EXC.AdEL, DATA + 2, 0x80001000 + 12]);
    expect(cpu.r[T0]).toBe(7);
  });

  it('MIPS memory: a load beyond RAM raises a data bus error (DBE)', () => {
    const { cpu } = kernelFixture([...li(A0, 0xa0f00000), a.lw(T0, 0, A0), a.brk()]);
    let code = -1;
    cpu.setExceptionHandler('general', (c) => {
      code = (c.cause >>> 2) & 31;
      c.requestStop();
    });
    cpu.run(1000);
    expect(code).toBe(EXC.DBE);
    expect(cpu.bus.faultAddress).toBe(-1);
  });

  it("MIPS memory: stores are reported to the bus for other CPUs' reservations", () => {
    const { bus, cpu } = kernelFixture([...li(A0, DATA), a.sw(A0, 0, A0), a.sb(A0, 4, A0), a.brk()]);
    stopOnBreak(cpu);
    cpu.run(1000);
    expect(bus.storesNoted).toBe(2);
  });
});

describe('MIPS instructions: traps and reserved encodings', () => {
  const cases: [string, number[], number][] = [
    ['ADD overflow raises Ov', [...li(T0, 0x7fffffff), a.add(T1, T0, T0)], EXC.Ov],
    ['ADDI overflow raises Ov', [...li(T0, 0x7fffffff), a.addi(T1, T0, 1)], EXC.Ov],
    ['SUB overflow raises Ov', [...li(T0, 0x80000000), a.addiu(T1, ZERO, 1), a.sub(T2, T0, T1)], EXC.Ov],
    ['TEQ on equal registers raises Tr', [a.teq(ZERO, ZERO)], EXC.Tr],
    ['SYSCALL raises Sys', [a.syscall()], EXC.Sys],
    ['a COP1 instruction raises CpU (no FPU)', [0x46000000], EXC.CpU],
    ['an unassigned opcode raises RI', [0xfc000000], EXC.RI],
  ];
  for (const [name, program, expected] of cases) {
    it(`MIPS exceptions: ${name}`, () => {
      const { cpu } = kernelFixture([...program, a.brk()]);
      let code = -1;
      cpu.setExceptionHandler('general', (c) => {
        code = (c.cause >>> 2) & 31;
        c.requestStop();
      });
      cpu.run(1000);
      expect(code).toBe(expected);
      expect(u(cpu.epc)).toBe(0x80001000 + 4 * (program.length - 1));
    });
  }

  it('MIPS exceptions: COP1 unusable reports coprocessor 1 in Cause.CE', () => {
    const { cpu } = kernelFixture([0x44020000 /* mfc1 v0, f0 */]);
    cpu.setExceptionHandler('general', (c) => c.requestStop());
    cpu.run(100);
    expect((cpu.cause >>> 28) & 3).toBe(1);
  });

  it('MIPS RDHWR: user mode reads UserLocal only when HWREna enables it', () => {
    const { cpu } = kernelFixture([a.rdhwr(V1, 29), a.brk()]);
    cpu.userLocal = 0x1234;
    cpu.status = 0;
    stopOnBreak(cpu);
    cpu.run(100);
    expect(cpu.r[V1]).toBe(0x1234);
  });
});
