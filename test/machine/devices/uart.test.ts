import { describe, expect, it } from 'vitest';
import type { Board } from '../../../machine/index.ts';
import { CPU_LINE, INTC, rig, UART } from '../support/rig.ts';

const THR = UART + 0;
const IER = UART + 1;
const IIR_FCR = UART + 2;
const LCR = UART + 3;
const MCR = UART + 4;
const LSR = UART + 5;

/** 115200 baud 8N1 (divisor 1 at 1.8432 MHz), interrupts routed through the controller to cpu0. */
function setup(board: Board): void {
  const { bus } = board;
  bus.write8(LCR, 0x83);
  bus.write8(UART + 0, 1);
  bus.write8(UART + 1, 0);
  bus.write8(LCR, 0x03);
  bus.write32(INTC, 1);
  bus.write32(INTC + 0x104, 1); // ID 32 = uart0's line 0
}

function collect(board: Board): { text: () => string; at: number[] } {
  const bytes: number[] = [];
  const at: number[] = [];
  board.uart('uart0').onOutput = (b) => {
    bytes.push(...b);
    at.push(board.machine.now());
  };
  return { text: () => String.fromCharCode(...bytes), at };
}

describe('UART: 16550-like serial port', () => {
  it('UART: transmitted bytes reach the host one character time apart at the programmed baud rate', () => {
    const { board } = rig();
    setup(board);
    const out = collect(board);
    const uart = board.uart('uart0');
    // 10 bits x 16 clocks at 1.8432 MHz = 86.8 us = 8681 cycles at 100 MHz
    expect(uart.characterCycles).toBe(8681);
    board.bus.write8(IIR_FCR, 0x07); // FIFOs on, cleared
    for (const c of 'hi!') board.bus.write8(THR, c.charCodeAt(0));
    expect(board.bus.read8(LSR) & 0x60).toBe(0); // FIFO not empty yet
    board.machine.runUntil(8680);
    expect(out.text()).toBe('');
    board.machine.runUntil(100_000);
    expect(out.text()).toBe('hi!');
    expect(out.at).toEqual([8681, 2 * 8681, 3 * 8681]);
    expect(board.bus.read8(LSR) & 0x60).toBe(0x60);
  });

  it('UART: the receive FIFO raises the interrupt at the trigger level', () => {
    const { board, cpus } = rig();
    setup(board);
    const { bus } = board;
    bus.write8(IIR_FCR, 0x81); // FIFO on, trigger 8
    bus.write8(IER, 0x01);
    board.uart('uart0').input('abcdefgh');
    board.machine.runUntil(7 * 8681);
    expect(cpus[0]!.lines.has(CPU_LINE)).toBe(false);
    board.machine.runUntil(8 * 8681);
    expect(cpus[0]!.lines.has(CPU_LINE)).toBe(true);
    expect(bus.read8(IIR_FCR)).toBe(0xc4);
    let got = '';
    while (bus.read8(LSR) & 1) got += String.fromCharCode(bus.read8(THR));
    expect(got).toBe('abcdefgh');
    expect(cpus[0]!.lines.has(CPU_LINE)).toBe(false);
  });

  it('UART: bytes below the trigger level raise a character timeout after four character times', () => {
    const { board } = rig();
    setup(board);
    const { bus } = board;
    bus.write8(IIR_FCR, 0x81);
    bus.write8(IER, 0x01);
    board.uart('uart0').input('ab');
    board.machine.runUntil(2 * 8681 + 4 * 8681 - 1);
    expect(bus.read8(IIR_FCR)).toBe(0xc1);
    board.machine.runUntil(2 * 8681 + 4 * 8681);
    expect(bus.read8(IIR_FCR)).toBe(0xcc);
  });

  it('UART: enabling the THR-empty interrupt with an empty FIFO interrupts; reading IIR clears it', () => {
    const { board, cpus } = rig();
    setup(board);
    board.bus.write8(IER, 0x02);
    expect(cpus[0]!.lines.has(CPU_LINE)).toBe(true);
    expect(board.bus.read8(IIR_FCR)).toBe(0x02);
    expect(cpus[0]!.lines.has(CPU_LINE)).toBe(false);
    expect(board.bus.read8(IIR_FCR)).toBe(0x01);
  });

  it('UART: without host flow control a full receive FIFO overruns and counts the dropped byte', () => {
    const { board } = rig([], {
      devices: [{ kind: 'uart', name: 'uart0', base: UART, irq: 0, hostFlowControl: false }],
    });
    setup(board);
    board.uart('uart0').input('xyz'); // FIFOs off: a 1-byte holding register
    board.machine.runUntil(10 * 8681);
    expect(board.bus.read8(LSR) & 0x03).toBe(0x03);
    expect(board.bus.read8(LSR) & 0x02).toBe(0); // reading LSR cleared OE
    expect(board.uart('uart0').stats()).toMatchObject({ received: 1, dropped: 2 });
  });

  it('UART: with host flow control input waits for room instead of being lost', () => {
    const { board } = rig();
    setup(board);
    board.uart('uart0').input('xyz');
    let got = '';
    for (let i = 0; i < 3; i++) {
      board.machine.runFor(20 * 8681);
      got += String.fromCharCode(board.bus.read8(THR));
    }
    expect(got).toBe('xyz');
    expect(board.uart('uart0').stats().dropped).toBe(0);
  });

  it('UART: loopback mode turns transmitted bytes into received ones', () => {
    const { board } = rig();
    setup(board);
    const out = collect(board);
    board.bus.write8(MCR, 0x10);
    board.bus.write8(THR, 0x55);
    board.machine.runFor(10_000);
    expect(out.text()).toBe('');
    expect(board.bus.read8(THR)).toBe(0x55);
  });

  it('UART: writing THR with the FIFO full stops the machine naming THR', () => {
    const { board } = rig();
    setup(board);
    board.bus.write8(THR, 1); // goes to the shifter
    board.bus.write8(THR, 2); // holding register (FIFOs off)
    board.bus.write8(THR, 3);
    expect(board.machine.runFor(10).kind).toBe('misuse');
    expect(board.machine.misuses[0]).toMatchObject({ device: 'uart0', register: 'THR', value: 3 });
  });

  it('UART: LSR is read-only and registers are bytes', () => {
    const { board } = rig();
    board.bus.write8(LSR, 0);
    board.bus.write32(UART + 4, 0);
    expect(board.machine.misuses.map((m) => `${m.register}: ${m.message}`)).toEqual([
      'LSR: register is read-only',
      'MCR: 4-byte access at offset 4; registers are bytes 1 apart',
    ]);
  });

  it('UART: a snapshot carries FIFO contents and pending host input to a fresh UART', () => {
    const a = rig().board;
    setup(a);
    a.bus.write8(IIR_FCR, 0x01);
    a.uart('uart0').input('snapshot');
    a.machine.runUntil(3 * 8681);
    const snap = JSON.parse(JSON.stringify(a.uart('uart0').snapshot()));
    const b = rig().board;
    b.machine.advanceIdle(3 * 8681);
    b.uart('uart0').restore(snap);
    b.machine.runFor(20 * 8681);
    let got = '';
    while (b.bus.read8(LSR) & 1) got += String.fromCharCode(b.bus.read8(THR));
    expect(got).toBe('snapshot');
  });
});
