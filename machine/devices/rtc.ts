// Real-time clock: seconds since the Unix epoch, derived from simulated time and the epoch in the
// board description, so two runs read the same dates. Software may set it; an alarm can interrupt.
//
// Register map (32-bit words):
//   0x00 SECONDS_LO r   low word of the current time in seconds; latches SECONDS_HI and NSEC
//   0x04 SECONDS_HI r   high word, as latched
//   0x08 NSEC       r   nanoseconds within the second, as latched
//   0x10 SET        w   sets the current time to this many seconds (low 32 bits; high word 0)
//   0x14 ALARM      rw  seconds value at which STATUS.alarm is raised (0 = off)
//   0x18 STATUS     r/w1c bit 0 alarm fired
//   0x1C CTRL       rw  bit 0 alarm interrupt enable
// Misuse: non-word access, writing read-only registers, an alarm in the past, reserved bits.

import type { AccessSize } from '../memory/index.ts';
import type { EventHandler } from '../time/index.ts';
import { cyclesToNs, nsToCyclesCeil } from '../time/index.ts';
import type { Device, DeviceHost, DeviceSnapshot, IrqLine } from './device.ts';
import { checkWordAccess, NO_IRQ, registerName, snapshotState } from './device.ts';
import { PendingEvent } from './pending-event.ts';

const REGS: Readonly<Record<number, string>> = {
  0: 'SECONDS_LO',
  4: 'SECONDS_HI',
  8: 'NSEC',
  16: 'SET',
  20: 'ALARM',
  24: 'STATUS',
  28: 'CTRL',
};
const VERSION = 1;

interface RtcState {
  /** Seconds added to `epoch + elapsed` by software SET. */
  offset: number;
  latchedHigh: number;
  latchedNsec: number;
  alarm: number;
  status: number;
  ctrl: number;
  alarmAt: number;
}

export class Rtc implements Device, EventHandler {
  readonly kind = 'rtc';
  readonly size = 0x20;
  private s: RtcState = {
    offset: 0,
    latchedHigh: 0,
    latchedNsec: 0,
    alarm: 0,
    status: 0,
    ctrl: 0,
    alarmAt: -1,
  };
  private readonly pending: PendingEvent;
  private level = false;
  alarms = 0;

  /** `epochSeconds`: the time at cycle 0, from the board description. */
  constructor(
    readonly name: string,
    private readonly host: DeviceHost,
    private readonly epochSeconds: number,
    private readonly irq: IrqLine = NO_IRQ,
  ) {
    this.pending = new PendingEvent(host.queue, this);
  }

  /** Current time in nanoseconds since the Unix epoch (exact, as a bigint). */
  private nowNs(): bigint {
    const elapsed = BigInt(cyclesToNs(this.host.now(), this.host.frequencyHz));
    return BigInt(this.epochSeconds + this.s.offset) * 1_000_000_000n + elapsed;
  }

  /** Current time in whole seconds since the Unix epoch. */
  seconds(): number {
    return Number(this.nowNs() / 1_000_000_000n);
  }

  read(offset: number, size: AccessSize): number {
    if (!checkWordAccess(this.host, this.name, REGS, offset, size, 0)) return 0;
    const s = this.s;
    switch (offset) {
      case 0x00: {
        const ns = this.nowNs();
        const secs = Number(ns / 1_000_000_000n);
        s.latchedHigh = Math.floor(secs / 0x1_0000_0000) >>> 0;
        s.latchedNsec = Number(ns % 1_000_000_000n);
        return secs >>> 0;
      }
      case 0x04:
        return s.latchedHigh;
      case 0x08:
        return s.latchedNsec;
      case 0x14:
        return s.alarm;
      case 0x18:
        return s.status;
      case 0x1c:
        return s.ctrl;
      default:
        this.host.misuse(
          this.name,
          registerName(REGS, offset),
          0,
          offset === 0x10 ? 'SET is write-only' : 'no register at this offset',
        );
        return 0;
    }
  }

  write(offset: number, size: AccessSize, value: number): void {
    if (!checkWordAccess(this.host, this.name, REGS, offset, size, value)) return;
    const s = this.s;
    const bad = (message: string) => this.host.misuse(this.name, registerName(REGS, offset), value, message);
    switch (offset) {
      case 0x10:
        s.offset += value - this.seconds();
        this.armAlarm();
        return;
      case 0x14:
        s.alarm = value >>> 0;
        if (s.alarm !== 0 && s.alarm <= this.seconds()) {
          s.alarm = 0;
          bad('alarm set in the past');
        }
        this.armAlarm();
        return;
      case 0x18:
        if (value & ~1) {
          bad('reserved STATUS bits set');
          return;
        }
        if (value & 1) s.status = 0;
        this.updateIrq();
        return;
      case 0x1c:
        if (value & ~1) {
          bad('reserved CTRL bits set');
          return;
        }
        s.ctrl = value;
        this.updateIrq();
        return;
      default:
        bad('register is read-only');
    }
  }

  private armAlarm(): void {
    this.pending.cancel();
    this.s.alarmAt = -1;
    if (this.s.alarm === 0) return;
    // Cycle at which the clock reads `alarm` seconds.
    const dueNs = (this.s.alarm - this.epochSeconds - this.s.offset) * 1e9;
    this.s.alarmAt = Math.max(this.host.now(), nsToCyclesCeil(dueNs, this.host.frequencyHz));
    this.pending.set(this.s.alarmAt);
  }

  onEvent(): void {
    this.pending.fired();
    this.s.alarmAt = -1;
    this.s.alarm = 0;
    this.s.status = 1;
    this.alarms++;
    this.updateIrq();
  }

  private updateIrq(): void {
    const level = this.s.status === 1 && (this.s.ctrl & 1) === 1;
    if (level !== this.level) {
      this.level = level;
      this.irq.set(level);
    }
  }

  /** A reset keeps the time (the RTC is battery-backed) but clears the alarm and its state. */
  reset(): void {
    this.pending.cancel();
    this.s = { ...this.s, latchedHigh: 0, latchedNsec: 0, alarm: 0, status: 0, ctrl: 0, alarmAt: -1 };
    this.updateIrq();
  }

  snapshot(): DeviceSnapshot {
    return { device: this.name, kind: this.kind, version: VERSION, state: { ...this.s } };
  }

  restore(snapshot: DeviceSnapshot): void {
    this.s = { ...snapshotState<RtcState>(snapshot, this.kind, VERSION) };
    this.pending.set(this.s.alarmAt);
    this.updateIrq();
  }

  stats(): Record<string, number> {
    return { alarms: this.alarms };
  }
}
