import { describe, expect, it } from 'vitest';
import { SPURIOUS } from '../../../machine/index.ts';
import { CPU_LINE, INTC, rig } from '../support/rig.ts';
import { spinner } from '../support/test-cpu.ts';

const CTRL = INTC + 0x000;
const PMR = INTC + 0x010;
const ACK = INTC + 0x014;
const EOI = INTC + 0x018;
const RPR = INTC + 0x01c;
const SGI = INTC + 0x030;
const ISENABLER1 = INTC + 0x104;
const IPRIORITY = INTC + 0x400;
const ITARGETS = INTC + 0x800;

describe('INTC: the generic interrupt controller', () => {
  it('INTC: a shared line routed to cpu1 raises only cpu1, ACK returns its ID and EOI ends it', () => {
    const { board, cpus } = rig();
    const { bus, machine } = board;
    bus.write32(CTRL, 1);
    bus.write32(ISENABLER1, 1 << 7); // ID 39 = shared line 7
    bus.write32(ITARGETS + 4 * 39, 0b10);
    board.interruptController.core.sharedLine(7).set(true);
    expect(cpus[1]!.lines.has(CPU_LINE)).toBe(true);
    expect(cpus[0]!.lines.size).toBe(0);
    expect(machine.asCpu(0, () => bus.read32(ACK))).toBe(SPURIOUS);
    expect(machine.asCpu(1, () => bus.read32(ACK))).toBe(39);
    expect(cpus[1]!.lines.has(CPU_LINE)).toBe(false); // active: not signalled again
    expect(machine.asCpu(1, () => bus.read32(RPR))).toBe(0);
    board.interruptController.core.sharedLine(7).set(false);
    machine.asCpu(1, () => bus.write32(EOI, 39));
    expect(machine.asCpu(1, () => bus.read32(RPR))).toBe(256);
    expect(machine.misuses).toEqual([]);
  });

  it('INTC: a level line still asserted at EOI is pending again', () => {
    const { board, cpus } = rig();
    const { bus } = board;
    bus.write32(CTRL, 1);
    bus.write32(ISENABLER1, 1);
    board.interruptController.core.sharedLine(0).set(true);
    expect(bus.read32(ACK)).toBe(32);
    bus.write32(EOI, 32);
    expect(cpus[0]!.lines.has(CPU_LINE)).toBe(true);
    expect(bus.read32(ACK)).toBe(32);
  });

  it('INTC: the more urgent line is acknowledged first and the priority mask holds back the other', () => {
    const { board } = rig();
    const { bus } = board;
    const core = board.interruptController.core;
    bus.write32(CTRL, 1);
    bus.write32(ISENABLER1, 0b11);
    bus.write8(IPRIORITY + 32, 0xa0);
    bus.write8(IPRIORITY + 33, 0x40);
    expect(bus.read32(IPRIORITY + 32)).toBe(0x40a0); // byte n is ID n: ID 32 in the low byte
    core.sharedLine(0).set(true);
    core.sharedLine(1).set(true);
    bus.write32(PMR, 0x80);
    expect(bus.read32(ACK)).toBe(33);
    // ID 32 (priority 0xa0) is masked by PMR 0x80 and by the running priority 0x40
    expect(bus.read32(ACK)).toBe(SPURIOUS);
    core.sharedLine(1).set(false);
    bus.write32(EOI, 33);
    bus.write32(PMR, 0xff);
    expect(bus.read32(ACK)).toBe(32);
  });

  it('INTC: an IPI sent during a quantum is pending at its end and ACK names the sender', () => {
    let sentAt = -1;
    const sender = function* (cpu: { cycle: number; bus: { write32(a: number, v: number): void } }) {
      yield 100;
      sentAt = cpu.cycle;
      cpu.bus.write32(SGI, (0b01 << 16) | 5); // IPI 5 to cpu0
      for (;;) yield 10;
    };
    const { board, cpus } = rig([spinner(10), sender]);
    const { bus, machine } = board;
    bus.write32(CTRL, 1);
    machine.asCpu(0, () => bus.write32(INTC + 0x100, 1 << 5));
    machine.runUntil(1000);
    expect(sentAt).toBe(100);
    // sent at cycle 100 by cpu1, raised on cpu0 at the end of the quantum
    expect(cpus[0]!.lineLog).toEqual(['1000:2:1']);
    expect(machine.asCpu(0, () => bus.read32(ACK))).toBe(5 | (1 << 10));
    machine.asCpu(0, () => bus.write32(EOI, 5));
    expect(machine.misuses).toEqual([]);
  });

  it('INTC: EOI of an interrupt that is not active is misuse naming the register and value', () => {
    const { board } = rig();
    board.bus.write32(EOI, 40);
    expect(board.machine.misuses).toMatchObject([{ device: 'intc', register: 'EOI', value: 40, cpu: -1 }]);
  });

  it('INTC: routing a line to a CPU that does not exist is misuse', () => {
    const { board } = rig();
    board.bus.write32(ITARGETS + 4 * 40, 0b100);
    expect(board.machine.misuses[0]?.message).toMatch(/beyond cpu1/);
    expect(board.bus.read32(ITARGETS + 4 * 40)).toBe(1);
  });

  it('INTC: a snapshot restores pending and enabled state into a fresh controller', () => {
    const a = rig().board;
    a.bus.write32(CTRL, 1);
    a.bus.write32(ISENABLER1, 1 << 3);
    a.interruptController.core.sharedLine(3).set(true);
    const snap = a.interruptController.snapshot();
    const b = rig();
    b.board.interruptController.restore(JSON.parse(JSON.stringify(snap)));
    expect(b.cpus[0]!.lines.has(CPU_LINE)).toBe(true);
    expect(b.board.bus.read32(ACK)).toBe(35);
  });
});
