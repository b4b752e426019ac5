// The console driver: the nucleus's output to the board's 16550-like UART, interrupt driven.
// Text is queued in host memory; whenever the transmitter is empty (at `write`, or on the UART's
// THR-empty interrupt) up to one FIFO's worth is written, so the console runs at the line's speed
// and the nucleus never waits for it.
import type { Bus } from '../../../machine/index.ts';

const THR = 0;
const DLL = 0;
const DLM = 1;
const IER = 1;
const IIR = 2;
const FCR = 2;
const LCR = 3;
const LSR = 5;
const LSR_THRE = 0x20;
const FIFO_BYTES = 16;

export class ConsoleDriver {
  private readonly queue: number[] = [];
  private head = 0;
  private readonly encoder = new TextEncoder();

  constructor(
    private readonly bus: Bus,
    private readonly base: number,
    private readonly shift: number,
  ) {}

  private reg(index: number): number {
    return this.base + (index << this.shift);
  }

  /** 8 data bits, divisor 1 (the fastest line), FIFOs on, THR-empty interrupt enabled. */
  init(): void {
    this.bus.write8(this.reg(LCR), 0x80);
    this.bus.write8(this.reg(DLL), 1);
    this.bus.write8(this.reg(DLM), 0);
    this.bus.write8(this.reg(LCR), 0x03);
    this.bus.write8(this.reg(FCR), 0x07);
    this.bus.write8(this.reg(IER), 0x02);
  }

  write(text: string): void {
    for (const byte of this.encoder.encode(text)) this.queue.push(byte);
    this.pump();
  }

  /** Bytes still waiting to go out. */
  get pending(): number {
    return this.queue.length - this.head;
  }

  onInterrupt(): void {
    this.bus.read8(this.reg(IIR)); // reading IIR acknowledges the THR-empty interrupt
    this.pump();
  }

  private pump(): void {
    if ((this.bus.read8(this.reg(LSR)) & LSR_THRE) === 0) return;
    for (let n = 0; n < FIFO_BYTES && this.head < this.queue.length; n++) {
      this.bus.write8(this.reg(THR), this.queue[this.head++]!);
    }
    if (this.head === this.queue.length) {
      this.queue.length = 0;
      this.head = 0;
    }
  }
}
