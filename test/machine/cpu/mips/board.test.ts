import { describe, expect, it } from 'vitest';
import { createMipsCpu, EXC, type MipsCpu, STATUS } from '../../../../machine/cpu/mips/index.ts';
import { buildBoard, cpuFamily, registerCpuFamily } from '../../../../machine/index.ts';
import * as a from './support/asm.ts';
import { enterKernelAt, poke } from './support/machine.ts';

const { T0, T1, A0, ZERO } = a;
const INTC = 0x1f000000; // physical; kseg1 0xbf000000
const li = (reg: number, value: number) => [
  a.lui(reg, (value >>> 16) & 0xffff),
  a.ori(reg, reg, value & 0xffff),
];

describe('MIPS on the machine board', () => {
  it('MIPS board: the machine knows the mips and mipsel families without registration', () => {
    expect(cpuFamily('mips')).toBe(createMipsCpu);
    expect(cpuFamily('mipsel')).toBe(createMipsCpu);
    expect(() => registerCpuFamily('mips', createMipsCpu)).toThrow('cpu family "mips" is already registered');
  });

  it('MIPS board: CPU 0 sends an IPI through the interrupt controller; CPU 1 wakes from WAIT and acknowledges it', () => {
    const board = buildBoard(
      {
        name: 'mips-ipi',
        family: 'mips',
        endianness: 'big',
        cpus: 2,
        frequencyHz: 100_000_000,
        quantum: 100,
        ram: { base: 0, size: 4 << 20 },
        interruptController: { base: INTC, lines: 8, cpuLine: 1 },
        devices: [],
      },
      { seed: 1 },
    );
    const [cpu0, cpu1] = board.cpus as [MipsCpu, MipsCpu];
    // CPU 0: enable the controller, wait a little, send IPI 3 to CPU 1, spin.
    poke(board.bus, 0x1000, [
      ...li(A0, 0xbf000000),
      a.addiu(T0, ZERO, 1),
      a.sw(T0, 0, A0), // CTRL
      a.addiu(T1, ZERO, 500),
      a.addiu(T1, T1, -1), // delay loop so CPU 1 is already waiting
      a.bne(T1, ZERO, -2),
      a.nop(),
      ...li(T0, (1 << 17) | 3),
      a.sw(T0, 0x30, A0), // SGI: ID 3 to CPU 1
      a.beq(ZERO, ZERO, -1),
      a.nop(),
    ]);
    // CPU 1: enable ID 3 (banked), unmask hardware line 1 (IP3), WAIT, then BREAK.
    poke(board.bus, 0x2000, [
      ...li(A0, 0xbf000000),
      a.addiu(T0, ZERO, 1 << 3),
      a.sw(T0, 0x100, A0), // ISENABLER0
      a.addiu(T1, ZERO, (0x08 << 8) | 1),
      a.mtc0(T1, 12),
      a.wait(),
      a.brk(),
    ]);
    enterKernelAt(cpu0, 0x80001000);
    enterKernelAt(cpu1, 0x80002000);
    const seen: { ack: number; cycle: number; waitingBefore: boolean }[] = [];
    let broke = false;
    cpu1.setExceptionHandler('general', (c) => {
      const code = (c.cause >>> 2) & 31;
      if (code === EXC.Int) {
        const ack = c.bus.read32(INTC + 0x14); // banked ACK of this CPU
        c.bus.write32(INTC + 0x18, ack); // EOI
        seen.push({ ack, cycle: c.cycle, waitingBefore: c.epc >>> 0 === 0x8000201c });
        c.eret();
      } else if (code === EXC.Bp) {
        broke = true;
        c.status = STATUS.EXL; // after ERET: kernel mode, every interrupt masked
        c.epc = 0x80002014 | 0; // back to the WAIT, which now idles for good
        c.eret();
      }
    });
    board.machine.runUntil(20_000);
    expect(seen).toHaveLength(1);
    expect(seen[0]!.ack).toBe(3); // ID 3, source CPU 0 in bits 14..10
    expect(seen[0]!.waitingBefore).toBe(true); // EPC is the instruction after WAIT
    expect(seen[0]!.cycle).toBeGreaterThan(1500); // after CPU 0's delay loop
    expect(broke).toBe(true);
    expect([cpu1.idle, cpu0.idle]).toEqual([true, false]);
  });

  it('MIPS board: a CPU waiting with the timer unmasked is woken by Count/Compare while the board runs quanta', () => {
    const board = buildBoard(
      {
        name: 'mips-timer',
        family: 'mips',
        endianness: 'little',
        cpus: 1,
        frequencyHz: 100_000_000,
        quantum: 1_000,
        ram: { base: 0, size: 4 << 20 },
        interruptController: { base: INTC, lines: 8, cpuLine: 1 },
        devices: [],
      },
      { seed: 1 },
    );
    const cpu = board.cpus[0] as MipsCpu;
    poke(board.bus, 0x1000, [
      a.mfc0(T0, 9), // Count
      a.addiu(T0, T0, 25_000),
      a.mtc0(T0, 11), // Compare = Count + 25000
      a.addiu(T1, ZERO, (0x80 << 8) | 1), // IM7 | IE
      a.mtc0(T1, 12),
      a.wait(),
      a.brk(),
    ]);
    enterKernelAt(cpu, 0x80001000);
    let wokeAt = -1;
    cpu.setExceptionHandler('general', (c) => {
      if (((c.cause >>> 2) & 31) === EXC.Int && wokeAt < 0) {
        wokeAt = c.cycle;
        c.writeCompare(c.compare); // acknowledge
        c.status = STATUS.EXL; // after ERET all interrupts masked: the next WAIT idles for good
        c.epc = 0x80001014 | 0;
        c.eret();
      }
    });
    const stop = board.machine.runUntil(100_000);
    expect(wokeAt).toBe(25_001); // Count read at cycle 1
    expect(stop.kind).toBe('idle'); // then idle with nothing pending: the board stops
  });
});
