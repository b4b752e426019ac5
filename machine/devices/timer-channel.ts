// One countdown timer channel, the building block of the per-CPU timer and the global timer.
// A channel counts ticks of (prescale + 1) board cycles down from LOAD; on reaching zero it sets
// STATUS.expired (interrupting while CTRL.irq is set) and either reloads (periodic, measured from
// the deadline so it never drifts) or stops (one-shot).
//
// Channel registers (16 bytes, 32-bit words):
//   +0x0 LOAD   rw  reload value in ticks; writing it while enabled restarts the countdown
//   +0x4 COUNT  r   ticks left in the current countdown (0 when stopped)
//   +0x8 CTRL   rw  bit 0 enable, bit 1 periodic, bit 2 interrupt enable, [15:8] prescale
//   +0xC STATUS r/w1c bit 0 expired; write 1 to acknowledge
// Misuse: writing COUNT, reserved CTRL or STATUS bits, enabling a periodic channel with LOAD 0
// (an interrupt storm).

import type { EventHandler } from '../time/index.ts';
import type { DeviceHost, IrqLine } from './device.ts';
import { PendingEvent } from './pending-event.ts';

export const CHANNEL_REGS = ['LOAD', 'COUNT', 'CTRL', 'STATUS'] as const;

export interface ChannelState {
  load: number;
  ctrl: number;
  status: number;
  deadline: number;
  start: number;
}

export class TimerChannel implements EventHandler {
  private s: ChannelState = { load: 0, ctrl: 0, status: 0, deadline: -1, start: 0 };
  private readonly pending: PendingEvent;
  private level = false;
  expirations = 0;

  constructor(
    readonly name: string,
    private readonly host: DeviceHost,
    private readonly irq: IrqLine,
  ) {
    this.pending = new PendingEvent(host.queue, this);
  }

  private get tickCycles(): number {
    return ((this.s.ctrl >> 8) & 0xff) + 1;
  }

  reset(): void {
    this.disarm();
    this.s = { load: 0, ctrl: 0, status: 0, deadline: -1, start: 0 };
    this.updateIrq();
  }

  /** `index`: 0 LOAD, 1 COUNT, 2 CTRL, 3 STATUS. */
  read(index: number): number {
    const s = this.s;
    switch (index) {
      case 0:
        return s.load;
      case 1:
        if (s.deadline < 0) return 0;
        return Math.max(0, Math.ceil((s.deadline - this.host.now()) / this.tickCycles)) >>> 0;
      case 2:
        return s.ctrl;
      default:
        return s.status;
    }
  }

  /** Returns an error message for misuse, or undefined. */
  write(index: number, value: number): string | undefined {
    const s = this.s;
    switch (index) {
      case 0:
        s.load = value >>> 0;
        if (s.ctrl & 1) return this.arm(this.host.now());
        return undefined;
      case 1:
        return 'COUNT is read-only';
      case 2: {
        if (value & ~0xff07) return 'reserved CTRL bits set';
        const wasOn = (s.ctrl & 1) === 1;
        s.ctrl = value;
        if (!(value & 1)) this.disarm();
        else if (!wasOn) {
          const error = this.arm(this.host.now());
          if (error) return error;
        }
        this.updateIrq();
        return undefined;
      }
      default:
        if (value & ~1) return 'reserved STATUS bits set';
        if (value & 1) s.status = 0;
        this.updateIrq();
        return undefined;
    }
  }

  private arm(from: number): string | undefined {
    const s = this.s;
    this.disarm();
    if (s.load === 0 && s.ctrl & 2) {
      s.ctrl &= ~1;
      return 'periodic timer enabled with LOAD 0';
    }
    s.start = from;
    s.deadline = from + s.load * this.tickCycles;
    this.pending.set(s.deadline);
    return undefined;
  }

  private disarm(): void {
    this.pending.cancel();
    this.s.deadline = -1;
  }

  onEvent(_arg: number, time: number): void {
    const s = this.s;
    this.pending.fired();
    s.status = 1;
    this.expirations++;
    if (s.ctrl & 2) {
      s.start = time;
      s.deadline = time + s.load * this.tickCycles;
      this.pending.set(s.deadline);
    } else {
      s.deadline = -1;
      s.ctrl &= ~1;
    }
    this.updateIrq();
  }

  private updateIrq(): void {
    const level = this.s.status === 1 && (this.s.ctrl & 4) !== 0;
    if (level !== this.level) {
      this.level = level;
      this.irq.set(level);
    }
  }

  save(): ChannelState {
    return { ...this.s };
  }

  load(state: ChannelState): void {
    this.disarm();
    this.s = { ...state };
    this.pending.set(this.s.deadline);
    this.updateIrq();
  }
}
