import { describe, expect, it } from 'vitest';
import { CAUSE, CP0, EXC, type MipsCpu, STATUS } from '../../../../machine/cpu/mips/index.ts';
import * as a from './support/asm.ts';
import { board, enterKernelAt, kernelFixture, poke, stopOnBreak } from './support/machine.ts';

const { T0, T1, T2, V0, A0, K0, K1, ZERO } = a;
const u = (x: number) => x >>> 0;
const li = (reg: number, value: number) => [
  a.lui(reg, (value >>> 16) & 0xffff),
  a.ori(reg, reg, value & 0xffff),
];
const excCode = (cpu: MipsCpu) => (cpu.cause >>> 2) & 31;

/** EntryLo for physical page `pa` with D, V and cacheability 3 (no G). */
const entryLo = (pa: number, dirty = true) => ((pa >>> 12) << 6) | (3 << 3) | (dirty ? 4 : 0) | 2;

describe('MIPS privileged architecture: TLB refill path', () => {
  // A user program at 0x00400000 (physical 0x10000) loads a word from 0x00402000 (physical 0x12000),
  // adds one and stores it back. Nothing is in the TLB: a guest refill handler at 0x80000000 walks
  // a page table through Context (PTEBase 0x80000000, 16 bytes per VPN2) and does TLBWR + ERET.
  function userProgramFixture(dataPageDirty: boolean) {
    const { bus, ram, cpus } = board('big', 1);
    const cpu = cpus[0]!;
    poke(bus, 0x0, [
      a.mfc0(K0, CP0.Context),
      a.lw(K1, 0, K0),
      a.mtc0(K1, CP0.EntryLo0),
      a.lw(K1, 4, K0),
      a.mtc0(K1, CP0.EntryLo1),
      a.tlbwr(),
      a.eret(),
    ]);
    // page table: VPN2 0x200 covers 0x00400000-0x00401fff, VPN2 0x201 covers 0x00402000-0x00403fff
    poke(bus, 0x2000, [entryLo(0x10000), entryLo(0x11000)]);
    poke(bus, 0x2010, [entryLo(0x12000, dataPageDirty), entryLo(0x13000)]);
    poke(bus, 0x12000, [41]);
    poke(bus, 0x10000, [
      ...li(A0, 0x00402000),
      a.lw(T0, 0, A0),
      a.addiu(T0, T0, 1),
      a.sw(T0, 0, A0),
      a.brk(),
    ]);
    // boot code: ASID 5, PTEBase, then ERET into user mode at 0x00400000
    poke(bus, 0x1000, [
      a.addiu(T0, ZERO, 5),
      a.mtc0(T0, CP0.EntryHi),
      ...li(T0, 0x80000000),
      a.mtc0(T0, CP0.Context),
      ...li(T0, 0x00400000),
      a.mtc0(T0, CP0.EPC),
      a.addiu(T0, ZERO, STATUS.UM | STATUS.EXL),
      a.mtc0(T0, CP0.Status),
      a.eret(),
    ]);
    enterKernelAt(cpu, 0x80001000);
    const refills: number[][] = [];
    cpu.setExceptionHandler('tlbRefill', (c) => {
      refills.push([excCode(c), u(c.badVAddr), u(c.epc), u(c.context), u(c.entryHi)]);
    });
    return { cpu, ram, refills };
  }

  it('MIPS TLB: misses go to the refill vector with BadVAddr, Context and EntryHi set, and the guest handler maps the pages', () => {
    const { cpu, ram, refills } = userProgramFixture(true);
    stopOnBreak(cpu);
    cpu.run(10_000);
    expect(refills).toEqual([
      [EXC.TLBL, 0x00400000, 0x00400000, 0x80002000, 0x00400005],
      [EXC.TLBL, 0x00402000, 0x00400008, 0x80002010, 0x00402005],
    ]);
    expect(new DataView(ram.bytes.buffer).getUint32(0x12000)).toBe(42);
    expect(excCode(cpu)).toBe(EXC.Bp);
    expect(u(cpu.epc)).toBe(0x00400014);
    expect(cpu.userMode).toBe(false); // in the exception handler, EXL set
  });

  it('MIPS TLB: a store to a page whose D bit is clear raises TLB Modified at the general vector', () => {
    const { cpu, refills } = userProgramFixture(false);
    const general: number[][] = [];
    cpu.setExceptionHandler('general', (c) => {
      general.push([excCode(c), u(c.badVAddr), u(c.epc), u(c.pc)]);
      c.requestStop();
    });
    cpu.run(10_000);
    expect(refills.length).toBe(2);
    expect(general).toEqual([[EXC.Mod, 0x00402000, 0x00400010, 0x80000180]]);
  });

  it('MIPS TLB: a user access to kseg0 is an address error, not a TLB miss', () => {
    const { bus, cpus } = board('little', 1);
    const cpu = cpus[0]!;
    poke(bus, 0x1000, [...li(A0, 0x80000000), a.lw(T0, 0, A0)]);
    enterKernelAt(cpu, 0x1000);
    cpu.status = STATUS.UM; // user mode, the code page mapped one-to-one by TLB entry 0
    cpu.soft.modeChanged();
    cpu.tlb.write(0, 0x0000, 0, entryLo(0x0000), entryLo(0x1000));
    let seen: number[] = [];
    cpu.setExceptionHandler('general', (c) => {
      seen = [excCode(c), u(c.badVAddr), u(c.epc)];
      c.requestStop();
    });
    cpu.run(1000);
    expect(seen).toEqual([EXC.AdEL, 0x80000000, 0x1008]);
  });

  it('MIPS TLB: TLBWI, TLBP and TLBR round-trip an entry; the ASID keeps other spaces out', () => {
    const { cpu } = kernelFixture([
      ...li(T0, 0x12346007), // VPN2 0x12346000, ASID 7
      a.mtc0(T0, CP0.EntryHi),
      ...li(T1, entryLo(0x40000)),
      a.mtc0(T1, CP0.EntryLo0),
      a.mtc0(ZERO, CP0.EntryLo1),
      a.addiu(T2, ZERO, 9),
      a.mtc0(T2, CP0.Index),
      a.tlbwi(),
      a.mtc0(ZERO, CP0.Index),
      a.tlbp(),
      a.mfc0(V0, CP0.Index),
      a.mtc0(ZERO, CP0.EntryHi),
      a.tlbr(),
      a.mfc0(A0, CP0.EntryLo0),
      a.mfc0(K0, CP0.EntryHi),
      a.addiu(T0, ZERO, 8), // probe the same page under ASID 8
      a.mtc0(T0, CP0.EntryHi),
      a.tlbp(),
      a.mfc0(K1, CP0.Index),
      a.brk(),
    ]);
    stopOnBreak(cpu);
    cpu.run(1000);
    // After TLBR, Index still 9 and EntryHi back to the entry's
    expect(cpu.r[V0]).toBe(9);
    expect(u(cpu.r[A0]!)).toBe(entryLo(0x40000));
    expect(u(cpu.r[K0]!)).toBe(0x12346007);
    expect(u(cpu.r[K1]!)).toBe(0x80000000); // P bit: no match under ASID 8
    expect(cpu.tlb.lookup(0x12346abc, 7, false)).toBe(0x40abc);
  });

  it('MIPS TLB: Random stays between Wired and the last entry', () => {
    const { cpu } = kernelFixture([a.addiu(T0, ZERO, 60), a.mtc0(T0, CP0.Wired), a.brk()]);
    stopOnBreak(cpu);
    cpu.run(100);
    const seen = new Set<number>();
    for (let i = 0; i < 20; i++) {
      cpu.cycle += 1;
      seen.add(cpu.random);
    }
    expect([...seen].sort()).toEqual([60, 61, 62, 63]);
  });
});

describe('MIPS privileged architecture: exceptions in delay slots and ERET', () => {
  it('MIPS exceptions: a SYSCALL in a branch delay slot sets Cause.BD and EPC to the branch', () => {
    const { cpu } = kernelFixture([a.nop(), a.beq(ZERO, ZERO, 4), a.syscall(), a.nop()]);
    let seen: number[] = [];
    cpu.setExceptionHandler('general', (c) => {
      seen = [excCode(c), u(c.epc), (c.cause & CAUSE.BD) !== 0 ? 1 : 0];
      c.requestStop();
    });
    cpu.run(100);
    expect(seen).toEqual([EXC.Sys, 0x80001004, 1]);
  });

  it('MIPS exceptions: a fault in the delay slot of JR resumes by re-executing the jump after ERET', () => {
    // 0: la t1, target; jr t1; lw t0, 0(a0) [a0 misaligned the first time]; ...; target: break
    const { cpu } = kernelFixture([
      ...li(T1, 0x80001020),
      ...li(A0, 0x80008002),
      a.jr(T1),
      a.lw(T0, 0, A0), // 0x80001014: delay slot
      a.addiu(V0, ZERO, 99), // must not run
      a.nop(),
      a.brk(), // 0x80001020
    ]);
    const epcs: number[] = [];
    cpu.setExceptionHandler('general', (c) => {
      if (excCode(c) === EXC.Bp) {
        c.requestStop();
        return;
      }
      epcs.push(u(c.epc), (c.cause & CAUSE.BD) !== 0 ? 1 : 0, u(c.badVAddr));
      c.r[A0] = 0x80008000 | 0; // fix the address and return to the branch
      c.eret();
    });
    cpu.run(1000);
    expect(epcs).toEqual([0x80001010, 1, 0x80008002]);
    expect(excCode(cpu)).toBe(EXC.Bp);
    expect(u(cpu.epc)).toBe(0x80001020);
    expect(cpu.r[V0]).toBe(0);
  });

  it('MIPS ERET: returns to EPC and clears EXL; with ERL set it returns to ErrorEPC and clears ERL only', () => {
    const { cpu } = kernelFixture([]);
    cpu.status = STATUS.EXL | STATUS.UM;
    cpu.epc = 0x00400000;
    cpu.eret();
    expect([u(cpu.pc), cpu.status & STATUS.EXL, cpu.userMode]).toEqual([0x00400000, 0, true]);
    cpu.status = STATUS.ERL | STATUS.EXL;
    cpu.errorEpc = 0x80002000 | 0;
    cpu.eret();
    expect([u(cpu.pc), cpu.status & STATUS.ERL, cpu.status & STATUS.EXL]).toEqual([
      0x80002000,
      0,
      STATUS.EXL,
    ]);
  });

  it('MIPS exceptions: a second exception while EXL is set keeps EPC and uses the general vector', () => {
    const { cpu } = kernelFixture([a.syscall()]);
    cpu.status = STATUS.EXL;
    cpu.epc = 0x1234;
    cpu.setExceptionHandler('general', (c) => c.requestStop());
    cpu.run(100);
    expect([u(cpu.epc), u(cpu.pc), excCode(cpu)]).toEqual([0x1234, 0x80000180, EXC.Sys]);
  });

  it('MIPS exceptions: user-mode MTC0 raises Coprocessor Unusable for CP0', () => {
    const { bus, cpus } = board('big', 1);
    const cpu = cpus[0]!;
    poke(bus, 0x1000, [a.mtc0(ZERO, CP0.Status)]);
    enterKernelAt(cpu, 0x1000);
    cpu.tlb.write(0, 0, 0, entryLo(0), entryLo(0x1000)); // code page mapped one-to-one
    cpu.status = STATUS.UM;
    cpu.soft.modeChanged();
    cpu.setExceptionHandler('general', (c) => c.requestStop());
    cpu.run(100);
    expect([excCode(cpu), (cpu.cause >>> 28) & 3, u(cpu.epc)]).toEqual([EXC.CpU, 0, 0x1000]);
  });

  it('MIPS reset: the CPU starts at 0xbfc00000 with BEV and ERL, and BEV exceptions vector to 0xbfc00380', () => {
    const { cpus } = board('big', 1);
    const cpu = cpus[0]!;
    expect([u(cpu.pc), cpu.status & (STATUS.BEV | STATUS.ERL)]).toEqual([
      0xbfc00000,
      STATUS.BEV | STATUS.ERL,
    ]);
    cpu.excPc = cpu.pc;
    cpu.excDelay = false;
    cpu.enterException(EXC.RI, false);
    expect(u(cpu.pc)).toBe(0xbfc00380);
  });
});

describe('MIPS privileged architecture: interrupts, timer and WAIT', () => {
  it('MIPS timer: Count/Compare raises IP7; WAIT idles until it and the interrupt is taken after WAIT', () => {
    const { cpu } = kernelFixture([
      a.mfc0(T0, CP0.Count),
      a.addiu(T0, T0, 500),
      a.mtc0(T0, CP0.Compare),
      a.addiu(T1, ZERO, (0x80 << 8) | 1), // IM7 | IE
      a.mtc0(T1, CP0.Status),
      a.wait(),
      a.brk(),
    ]);
    let at = -1;
    cpu.setExceptionHandler('general', (c) => {
      at = c.cycle;
      c.requestStop();
    });
    cpu.run(100_000);
    expect(excCode(cpu)).toBe(EXC.Int);
    expect(cpu.cause & CAUSE.IP_TIMER).toBe(CAUSE.IP_TIMER);
    expect(u(cpu.epc)).toBe(0x80001018); // the instruction after WAIT
    expect(at).toBe(501); // Count read at cycle 1, matched 500 cycles later
  });

  it('MIPS WAIT: with nothing pending the CPU goes idle and run returns early', () => {
    const { cpu } = kernelFixture([a.wait(), a.brk()]);
    stopOnBreak(cpu);
    cpu.run(10_000);
    expect(cpu.idle).toBe(true);
    expect(cpu.cycle).toBe(1);
    cpu.setInterruptLine(1, true); // masked (IM3 = 0): still wakes WAIT only if unmasked
    expect(cpu.idle).toBe(true);
  });

  it('MIPS interrupts: an inter-processor interrupt line wakes WAIT and vectors to 0x200 with Cause.IV', () => {
    const { cpu } = kernelFixture([
      ...li(T0, CAUSE.IV),
      a.mtc0(T0, CP0.Cause),
      a.addiu(T1, ZERO, (0x08 << 8) | 1), // IM3 (hardware line 1) | IE
      a.mtc0(T1, CP0.Status),
      a.wait(),
      a.brk(),
    ]);
    const seen: number[] = [];
    cpu.setExceptionHandler('interrupt', (c) => {
      seen.push(u(c.pc), (c.cause >>> 8) & 0xff);
      c.setInterruptLine(1, false); // acknowledge
      c.eret();
    });
    stopOnBreak(cpu);
    cpu.run(1000);
    expect(cpu.idle).toBe(true);
    cpu.setInterruptLine(1, true);
    expect(cpu.idle).toBe(false);
    cpu.run(2000);
    expect(seen).toEqual([0x80000200, 0x08]);
    expect(excCode(cpu)).toBe(EXC.Bp);
  });

  it('MIPS interrupts: with Status.IE clear a pending line is not taken', () => {
    const { cpu } = kernelFixture([a.addiu(T1, ZERO, 0x08 << 8), a.mtc0(T1, CP0.Status), a.nop(), a.brk()]);
    cpu.setInterruptLine(1, true);
    stopOnBreak(cpu);
    cpu.run(1000);
    expect(excCode(cpu)).toBe(EXC.Bp);
    expect(cpu.interrupts).toBe(0);
  });
});

describe('MIPS privileged architecture: LL/SC across two CPUs', () => {
  const counter = 0x80008000;
  // Atomic increment loop, 100 times: ll / addiu / sc / beqz retry.
  const incrementLoop = [
    ...li(A0, counter),
    a.addiu(T2, ZERO, 100),
    a.ll(T0, 0, A0), // loop:
    a.addiu(T0, T0, 1),
    a.sc(T0, 0, A0),
    a.beq(T0, ZERO, -4), // retry at ll
    a.nop(),
    a.addiu(T2, T2, -1),
    a.bne(T2, ZERO, -7),
    a.nop(),
    a.brk(),
  ];

  it('MIPS LL/SC: a store by the other CPU to the granule makes SC fail; without one SC succeeds', () => {
    const { bus, ram, cpus } = board('big', 2);
    const [cpu0, cpu1] = cpus as [MipsCpu, MipsCpu];
    poke(bus, 0x1000, [...li(A0, counter), a.ll(T0, 0, A0), a.addiu(T0, T0, 1), a.sc(T0, 0, A0), a.brk()]);
    poke(bus, 0x2000, [...li(A0, counter + 4), a.sw(A0, 0, A0), a.brk()]);
    enterKernelAt(cpu0, 0x80001000);
    enterKernelAt(cpu1, 0x80002000);
    stopOnBreak(cpu0);
    stopOnBreak(cpu1);
    cpu0.run(3); // li, li, ll
    cpu1.run(100); // stores into the same 16-byte granule
    cpu0.run(100);
    expect(cpu0.r[T0]).toBe(0);
    expect(new DataView(ram.bytes.buffer).getUint32(0x8000)).toBe(0);
    enterKernelAt(cpu0, 0x80001000);
    cpu0.run(cpu0.cycle + 100);
    expect(cpu0.r[T0]).toBe(1);
    expect(new DataView(ram.bytes.buffer).getUint32(0x8000)).toBe(1);
  });

  it('MIPS LL/SC: two CPUs interleaved every few cycles increment a shared counter exactly 200 times', () => {
    const { bus, ram, cpus } = board('little', 2);
    poke(bus, 0x1000, incrementLoop);
    for (const cpu of cpus) {
      enterKernelAt(cpu, 0x80001000);
      stopOnBreak(cpu);
    }
    let failures = 0;
    for (let until = 3; until < 20_000; until += 3)
      for (const cpu of cpus) if (!cpu.stopRequested) cpu.run(until);
    failures = bus.reservations.scFailed[0]! + bus.reservations.scFailed[1]!;
    expect(new DataView(ram.bytes.buffer).getUint32(0x8000, true)).toBe(200);
    expect(failures).toBeGreaterThan(0); // the interleaving did break reservations
  });

  it('MIPS LL/SC: ERET clears the reservation', () => {
    const { cpu } = kernelFixture([
      ...li(A0, counter),
      a.ll(T0, 0, A0),
      a.syscall(),
      a.sc(T0, 0, A0),
      a.brk(),
    ]);
    cpu.setExceptionHandler('general', (c) => {
      if (excCode(c) === EXC.Sys) {
        c.epc = (c.epc + 4) | 0;
        c.eret();
      } else c.requestStop();
    });
    cpu.r[T0] = 5;
    cpu.run(100);
    expect(cpu.r[T0]).toBe(0);
  });
});

describe('MIPS host handlers', () => {
  it('MIPS exceptions: after a host handler returns from SYSCALL, a following TLB-missing load still executes', () => {
    // regression: the trap flag of the SYSCALL must not abandon the next slow-path access
    const { cpu } = kernelFixture([
      a.syscall(),
      a.addiu(T1, T1, 1), // must run exactly once
      ...li(A0, 0x80008000),
      a.lw(T0, 0, A0),
      a.brk(),
    ]);
    cpu.setExceptionHandler('general', (c) => {
      if (excCode(c) === EXC.Sys) {
        c.epc = (c.epc + 4) | 0;
        c.eret();
      } else c.requestStop();
    });
    cpu.bus.write32(0x8000, 41);
    cpu.run(1000);
    expect([excCode(cpu), cpu.r[T0], cpu.r[T1]]).toEqual([EXC.Bp, 41, 1]);
  });
});

describe('MIPS and the board', () => {
  it('MIPS WAIT: with the timer unmasked the waiting CPU is idle and tells the board when its timer wakes it', () => {
    const { cpu } = kernelFixture([
      a.addiu(T1, ZERO, (0x80 << 8) | 1), // IM7 | IE, Compare left far away
      a.mtc0(T1, CP0.Status),
      a.wait(),
      a.brk(),
    ]);
    cpu.run(1_000);
    expect([cpu.waiting, cpu.idle]).toEqual([true, true]);
    expect(cpu.cycle).toBeLessThan(1_000);
    expect(cpu.nextWake()).toBe(cpu.timerDeadline);
    expect(cpu.nextWake()).toBeGreaterThan(1_000);
    cpu.status = 0; // timer masked: nothing of its own will wake it
    expect(cpu.nextWake()).toBe(Number.POSITIVE_INFINITY);
  });

  it('MIPS exitRun: a stop requested by a device during an MMIO store ends the run after that store', () => {
    const { bus, cpu } = kernelFixture([
      ...li(A0, 0xbfd00000), // kseg1: physical 0x1fd00000, a device
      a.sw(ZERO, 0, A0),
      a.addiu(T0, ZERO, 1), // must not run in this call
      a.brk(),
    ]);
    bus.mapDevice(0x1fd00000, 0x100, { name: 'stopper', read: () => 0, write: () => cpu.exitRun() });
    cpu.run(1_000);
    expect([u(cpu.pc), cpu.r[T0], cpu.cycle]).toEqual([0x8000100c, 0, 3]);
  });
});

describe('MIPS interrupt latency', () => {
  it('MIPS interrupts: a line raised by a device during an MMIO store is taken at the next instruction', () => {
    const { bus, cpu } = kernelFixture([
      a.addiu(T1, ZERO, (0x04 << 8) | 1), // IM2 (hardware line 0) | IE
      a.mtc0(T1, CP0.Status),
      ...li(A0, 0xbfd00000),
      a.sw(ZERO, 0, A0), // the device raises line 0
      a.addiu(T0, ZERO, 1), // the interrupt comes before this one
      a.brk(),
    ]);
    bus.mapDevice(0x1fd00000, 0x100, {
      name: 'irq',
      read: () => 0,
      write: () => cpu.setInterruptLine(0, true),
    });
    let epc = 0;
    cpu.setExceptionHandler('general', (c) => {
      epc = c.epc >>> 0;
      c.requestStop();
    });
    cpu.run(1_000);
    expect([excCode(cpu), epc, cpu.r[T0]]).toEqual([EXC.Int, 0x80001014, 0]);
  });
});

describe('MIPS machine check', () => {
  it('MIPS machineCheck: a device report becomes a Machine Check exception after the offending store', () => {
    const { bus, cpu } = kernelFixture([
      ...li(A0, 0xbfd00000),
      a.sw(ZERO, 0, A0),
      a.addiu(T0, ZERO, 1),
      a.brk(),
    ]);
    bus.mapDevice(0x1fd00000, 0x100, {
      name: 'picky',
      read: () => 0,
      write: () => cpu.machineCheck('picky: bad write'),
    });
    const seen: (number | string)[] = [];
    cpu.setExceptionHandler('general', (c) => {
      seen.push((c.cause >>> 2) & 31, c.epc >>> 0, c.machineCheckReport);
      c.requestStop();
    });
    cpu.run(1_000);
    expect(seen).toEqual([EXC.MCheck, 0x8000100c, 'picky: bad write']);
    expect(cpu.r[T0]).toBe(0);
  });
});
