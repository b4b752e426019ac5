// A 16550-like UART: the console. Registers are bytes, `1 << regShift` apart (regShift 0 for a
// PC-style map, 2 for boards that put each register in its own word).
//
// Register map (index = offset >> regShift; DLAB = LCR bit 7):
//   0 r  RBR  receive buffer (DLAB 0)          0 w  THR  transmit holding (DLAB 0)
//   0 rw DLL  divisor low (DLAB 1)             1 rw DLM  divisor high (DLAB 1)
//   1 rw IER  0 rx data, 1 THR empty, 2 line status, 3 modem status (DLAB 0)
//   2 r  IIR  bit 0 = 0 when an interrupt is pending; [3:1] 011 line status, 010 rx data,
//             110 character timeout, 001 THR empty; [7:6] = 11 with FIFOs on
//   2 w  FCR  0 FIFO enable, 1 clear rx FIFO, 2 clear tx FIFO, [7:6] rx trigger 1/4/8/14
//   3 rw LCR  [1:0] data bits 5..8, 2 two stop bits, 3 parity, 7 DLAB
//   4 rw MCR  4 loopback (transmitted bytes come back as received ones)
//   5 r  LSR  0 data ready, 1 overrun, 5 THR empty, 6 transmitter empty, 7 error in rx FIFO
//   6 r  MSR  CTS, DSR, DCD always set (0xb0)
//   7 rw SCR  scratch
// Timing: one character takes (start + data + parity + stop) bits of 16 clocks of the divided
// input clock (1.8432 MHz unless the board says otherwise). Transmitted bytes reach the host
// (`onOutput`) when their last bit is out; host input (`input`) arrives one character time
// apart. With `hostFlowControl` (default) host bytes wait while the receive FIFO is full, like
// RTS/CTS; without it they overrun (LSR.OE) and are counted as dropped.
// Misuse: wrong access size or alignment, writing LSR/MSR, writing THR while the transmit FIFO is
// full, transmitting with divisor 0.
import type { AccessSize } from '../memory/index.ts';
import type { EventHandler } from '../time/index.ts';
import type { Device, DeviceHost, DeviceSnapshot, IrqLine } from './device.ts';
import { NO_IRQ, snapshotState } from './device.ts';

export interface UartOptions {
  readonly regShift?: 0 | 2;
  readonly inputClockHz?: number;
  readonly hostFlowControl?: boolean;
  readonly irq?: IrqLine;
}

const FIFO = 16;
const TRIGGERS = [1, 4, 8, 14] as const;
const NAMES = ['RBR/THR', 'IER', 'IIR/FCR', 'LCR', 'MCR', 'LSR', 'MSR', 'SCR'] as const;
const EV_TX_DONE = 0;
const EV_RX_ARRIVE = 1;
const EV_TIMEOUT = 2;
const VERSION = 1;

interface UartState {
  ier: number;
  lcr: number;
  mcr: number;
  scr: number;
  divisor: number;
  fifoEnabled: boolean;
  trigger: number;
  rx: number[];
  tx: number[];
  shifting: number;
  overrun: boolean;
  thriPending: boolean;
  timeoutPending: boolean;
  hostQueue: number[];
  txDoneAt: number;
  rxArriveAt: number;
  timeoutAt: number;
}

export class Uart implements Device, EventHandler {
  readonly kind = 'uart';
  readonly size: number;
  /** Host side: called with each transmitted byte when it has left the line. */
  onOutput: (bytes: Uint8Array) => void = () => {};
  private readonly shift: number;
  private readonly inputClockHz: number;
  private readonly flowControl: boolean;
  private readonly irq: IrqLine;
  private s: UartState = Uart.initial();
  private charCycles = 0;
  private txHandle = -1;
  private rxHandle = -1;
  private timeoutHandle = -1;
  private counters = { transmitted: 0, received: 0, dropped: 0, interrupts: 0 };
  private irqLevel = false;

  constructor(
    readonly name: string,
    private readonly host: DeviceHost,
    options: UartOptions = {},
  ) {
    this.shift = options.regShift ?? 0;
    this.size = 8 << this.shift;
    this.inputClockHz = options.inputClockHz ?? 1_843_200;
    this.flowControl = options.hostFlowControl ?? true;
    this.irq = options.irq ?? NO_IRQ;
    this.reset();
  }

  private static initial(): UartState {
    return {
      ier: 0,
      lcr: 0x03,
      mcr: 0,
      scr: 0,
      divisor: 12, // 9600 baud at 1.8432 MHz
      fifoEnabled: false,
      trigger: 1,
      rx: [],
      tx: [],
      shifting: -1,
      overrun: false,
      thriPending: false,
      timeoutPending: false,
      hostQueue: [],
      txDoneAt: -1,
      rxArriveAt: -1,
      timeoutAt: -1,
    };
  }

  reset(): void {
    for (const h of [this.txHandle, this.rxHandle, this.timeoutHandle]) if (h >= 0) this.host.queue.cancel(h);
    const hostQueue = this.s.hostQueue; // bytes typed at the host survive a reset of the chip
    this.s = Uart.initial();
    this.txHandle = this.rxHandle = this.timeoutHandle = -1;
    this.recomputeTiming();
    this.updateIrq();
    if (hostQueue.length > 0) {
      this.s.hostQueue = hostQueue;
      this.scheduleArrival();
    }
  }

  /** Host side: bytes typed at the console; they arrive one character time apart. */
  input(bytes: Uint8Array | string): void {
    const data = typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes;
    for (const b of data) this.s.hostQueue.push(b);
    if (this.s.rxArriveAt < 0) this.scheduleArrival();
  }

  /** Cycles one character takes on the line at the current divisor and format. */
  get characterCycles(): number {
    return this.charCycles;
  }

  private recomputeTiming(): void {
    const lcr = this.s.lcr;
    const bits = 1 + (5 + (lcr & 3)) + ((lcr >> 3) & 1) + ((lcr >> 2) & 1 ? 2 : 1);
    const divisor = this.s.divisor === 0 ? 1 : this.s.divisor;
    const num = BigInt(bits) * 16n * BigInt(divisor) * BigInt(this.host.frequencyHz);
    const den = BigInt(this.inputClockHz);
    this.charCycles = Math.max(1, Number((num + den - 1n) / den));
  }

  private reg(offset: number, size: AccessSize, value: number): number {
    const stride = 1 << this.shift;
    if ((size !== 1 && size !== stride) || offset % stride !== 0) {
      this.host.misuse(
        this.name,
        NAMES[(offset >> this.shift) & 7]!,
        value,
        `${size}-byte access at offset ${offset}; registers are bytes ${stride} apart`,
      );
      return -1;
    }
    return offset >> this.shift;
  }

  read(offset: number, size: AccessSize): number {
    const index = this.reg(offset, size, 0);
    const s = this.s;
    const dlab = (s.lcr & 0x80) !== 0;
    switch (index) {
      case 0:
        return dlab ? s.divisor & 0xff : this.readRbr();
      case 1:
        return dlab ? s.divisor >> 8 : s.ier;
      case 2:
        return this.readIir();
      case 3:
        return s.lcr;
      case 4:
        return s.mcr;
      case 5: {
        const lsr =
          (s.rx.length > 0 ? 0x01 : 0) |
          (s.overrun ? 0x02 : 0) |
          (s.tx.length === 0 ? 0x20 : 0) |
          (s.tx.length === 0 && s.shifting < 0 ? 0x40 : 0);
        if (s.overrun) {
          s.overrun = false; // reading LSR clears the error bits
          this.updateIrq();
        }
        return lsr;
      }
      case 6:
        return 0xb0;
      case 7:
        return s.scr;
      default:
        return 0;
    }
  }

  write(offset: number, size: AccessSize, value: number): void {
    const index = this.reg(offset, size, value);
    const s = this.s;
    const dlab = (s.lcr & 0x80) !== 0;
    value &= 0xff;
    switch (index) {
      case 0:
        if (dlab) {
          s.divisor = (s.divisor & 0xff00) | value;
          this.recomputeTiming();
        } else this.writeThr(value);
        return;
      case 1:
        if (dlab) {
          s.divisor = (s.divisor & 0xff) | (value << 8);
          this.recomputeTiming();
        } else {
          const rising = value & ~s.ier & 0x02;
          s.ier = value & 0x0f;
          if (rising && s.tx.length === 0) s.thriPending = true; // 16550: enabling ETBEI with THR empty
          this.updateIrq();
        }
        return;
      case 2:
        this.writeFcr(value);
        return;
      case 3:
        s.lcr = value;
        this.recomputeTiming();
        return;
      case 4:
        s.mcr = value & 0x1f;
        return;
      case 5:
      case 6:
        this.host.misuse(this.name, NAMES[index]!, value, 'register is read-only');
        return;
      case 7:
        s.scr = value;
        return;
    }
  }

  private readRbr(): number {
    const s = this.s;
    const byte = s.rx.shift();
    s.timeoutPending = false;
    if (s.rx.length > 0) this.armTimeout();
    if (this.flowControl && s.rxArriveAt < 0 && s.hostQueue.length > 0) this.scheduleArrival();
    this.updateIrq();
    return byte ?? 0;
  }

  private readIir(): number {
    const s = this.s;
    const fifoBits = s.fifoEnabled ? 0xc0 : 0;
    const ier = s.ier;
    if (ier & 0x04 && s.overrun) return fifoBits | 0x06;
    if (ier & 0x01 && s.rx.length >= this.triggerLevel()) return fifoBits | 0x04;
    if (ier & 0x01 && s.timeoutPending) return fifoBits | 0x0c;
    if (ier & 0x02 && s.thriPending) {
      s.thriPending = false; // reading IIR with THRE as its source clears it
      this.updateIrq();
      return fifoBits | 0x02;
    }
    return fifoBits | 0x01;
  }

  private triggerLevel(): number {
    return this.s.fifoEnabled ? this.s.trigger : 1;
  }

  private writeFcr(value: number): void {
    const s = this.s;
    s.fifoEnabled = (value & 1) === 1;
    if (value & 2 || !s.fifoEnabled) {
      s.rx = [];
      s.timeoutPending = false;
    }
    if (value & 4) s.tx = [];
    s.trigger = TRIGGERS[(value >> 6) & 3]!;
    this.updateIrq();
  }

  private writeThr(value: number): void {
    const s = this.s;
    if (s.divisor === 0) {
      this.host.misuse(this.name, 'THR', value, 'transmit with baud divisor 0 (program DLL/DLM first)');
      return;
    }
    const capacity = s.fifoEnabled ? FIFO : 1;
    if (s.tx.length >= capacity) {
      this.host.misuse(
        this.name,
        'THR',
        value,
        'THR written while the transmit FIFO is full (poll LSR.THRE first)',
      );
      return;
    }
    s.thriPending = false;
    s.tx.push(value);
    if (s.shifting < 0) this.startShift();
    this.updateIrq();
  }

  /** Moves the next byte into the shift register; THR empties and may interrupt. */
  private startShift(): void {
    const s = this.s;
    const byte = s.tx.shift();
    if (byte === undefined) return;
    s.shifting = byte;
    s.txDoneAt = this.host.now() + this.charCycles;
    this.txHandle = this.host.queue.schedule(s.txDoneAt, this, EV_TX_DONE);
    if (s.tx.length === 0) s.thriPending = true;
  }

  private scheduleArrival(): void {
    const s = this.s;
    if (s.hostQueue.length === 0) return;
    s.rxArriveAt = this.host.now() + this.charCycles;
    this.rxHandle = this.host.queue.schedule(s.rxArriveAt, this, EV_RX_ARRIVE);
  }

  private armTimeout(): void {
    if (this.timeoutHandle >= 0) this.host.queue.cancel(this.timeoutHandle);
    this.s.timeoutAt = this.host.now() + 4 * this.charCycles;
    this.timeoutHandle = this.host.queue.schedule(this.s.timeoutAt, this, EV_TIMEOUT);
  }

  onEvent(arg: number): void {
    const s = this.s;
    if (arg === EV_TX_DONE) {
      const byte = s.shifting;
      s.shifting = -1;
      s.txDoneAt = -1;
      this.txHandle = -1;
      this.counters.transmitted++;
      if (s.mcr & 0x10) this.receive(byte);
      else this.onOutput(Uint8Array.of(byte));
      this.startShift();
    } else if (arg === EV_RX_ARRIVE) {
      s.rxArriveAt = -1;
      this.rxHandle = -1;
      const capacity = s.fifoEnabled ? FIFO : 1;
      if (this.flowControl && s.rx.length >= capacity) return; // resumed by an RBR read
      const byte = s.hostQueue.shift()!;
      this.receive(byte);
      this.scheduleArrival();
    } else {
      s.timeoutAt = -1;
      this.timeoutHandle = -1;
      if (s.rx.length > 0) s.timeoutPending = true;
    }
    this.updateIrq();
  }

  private receive(byte: number): void {
    const s = this.s;
    const capacity = s.fifoEnabled ? FIFO : 1;
    if (s.rx.length >= capacity) {
      s.overrun = true;
      this.counters.dropped++;
    } else {
      s.rx.push(byte);
      this.counters.received++;
      this.armTimeout();
    }
    this.updateIrq();
  }

  private updateIrq(): void {
    const s = this.s;
    const level =
      ((s.ier & 0x04) !== 0 && s.overrun) ||
      ((s.ier & 0x01) !== 0 && (s.rx.length >= this.triggerLevel() || s.timeoutPending)) ||
      ((s.ier & 0x02) !== 0 && s.thriPending);
    if (level !== this.irqLevel) {
      this.irqLevel = level;
      if (level) this.counters.interrupts++;
      this.irq.set(level);
    }
  }

  snapshot(): DeviceSnapshot {
    return { device: this.name, kind: this.kind, version: VERSION, state: structuredClone(this.s) };
  }

  restore(snapshot: DeviceSnapshot): void {
    const state = snapshotState<UartState>(snapshot, this.kind, VERSION);
    for (const h of [this.txHandle, this.rxHandle, this.timeoutHandle]) if (h >= 0) this.host.queue.cancel(h);
    this.s = structuredClone(state);
    this.recomputeTiming();
    const q = this.host.queue;
    this.txHandle = this.s.txDoneAt >= 0 ? q.schedule(this.s.txDoneAt, this, EV_TX_DONE) : -1;
    this.rxHandle = this.s.rxArriveAt >= 0 ? q.schedule(this.s.rxArriveAt, this, EV_RX_ARRIVE) : -1;
    this.timeoutHandle = this.s.timeoutAt >= 0 ? q.schedule(this.s.timeoutAt, this, EV_TIMEOUT) : -1;
    this.updateIrq();
  }

  stats(): Record<string, number> {
    return { ...this.counters };
  }
}
