// The global programmable timer: a free-running 64-bit counter of board cycles plus several
// countdown channels (timer-channel.ts), each with its own shared interrupt line.
//
// Register map (32-bit words):
//   0x00 COUNTER_LO r  low word of the cycle counter; reading it latches the high word
//   0x04 COUNTER_HI r  high word as latched by the last COUNTER_LO read
//   0x08 CHANNELS   r  number of channels
//   0x10+0x10*i     channel i: LOAD, COUNT, CTRL, STATUS (see timer-channel.ts)
// Misuse: non-word access, writing the counter registers, channels that do not exist, channel
// misuse.
import type { AccessSize } from '../memory/index.ts';
import type { Device, DeviceHost, DeviceSnapshot, IrqLine } from './device.ts';
import { snapshotState } from './device.ts';
import type { ChannelState } from './timer-channel.ts';
import { CHANNEL_REGS, TimerChannel } from './timer-channel.ts';

const VERSION = 1;
const TOP: readonly string[] = ['COUNTER_LO', 'COUNTER_HI', 'CHANNELS', 'RESERVED'];

export class GlobalTimer implements Device {
  readonly kind = 'global-timer';
  readonly size: number;
  readonly channels: TimerChannel[];
  private latchedHigh = 0;

  /** One channel per line in `irqs` (1..15). */
  constructor(
    readonly name: string,
    private readonly host: DeviceHost,
    irqs: readonly IrqLine[],
  ) {
    if (irqs.length < 1 || irqs.length > 15) throw new RangeError(`${name}: ${irqs.length} channels (1..15)`);
    this.channels = irqs.map((irq, i) => new TimerChannel(`${name}.ch${i}`, host, irq));
    this.size = 0x10 * (irqs.length + 1);
  }

  private regName(offset: number): string {
    const window = offset >> 4;
    return window === 0 ? TOP[(offset >> 2) & 3]! : `CH${window - 1}.${CHANNEL_REGS[(offset >> 2) & 3]}`;
  }

  read(offset: number, size: AccessSize): number {
    if (size !== 4 || offset & 3) {
      this.host.misuse(this.name, this.regName(offset), 0, `${size}-byte access; registers are 32-bit words`);
      return 0;
    }
    const window = offset >> 4;
    if (window === 0) {
      const now = this.host.now();
      switch (offset) {
        case 0x0:
          this.latchedHigh = Math.floor(now / 0x1_0000_0000) >>> 0;
          return now >>> 0;
        case 0x4:
          return this.latchedHigh;
        case 0x8:
          return this.channels.length;
        default:
          this.host.misuse(this.name, this.regName(offset), 0, 'no register at this offset');
          return 0;
      }
    }
    return this.channels[window - 1]!.read((offset >> 2) & 3);
  }

  write(offset: number, size: AccessSize, value: number): void {
    const reg = this.regName(offset);
    if (size !== 4 || offset & 3) {
      this.host.misuse(this.name, reg, value, `${size}-byte access; registers are 32-bit words`);
      return;
    }
    const window = offset >> 4;
    if (window === 0) {
      this.host.misuse(this.name, reg, value, 'register is read-only');
      return;
    }
    const error = this.channels[window - 1]!.write((offset >> 2) & 3, value);
    if (error) this.host.misuse(this.name, reg, value, error);
  }

  reset(): void {
    this.latchedHigh = 0;
    for (const c of this.channels) c.reset();
  }

  snapshot(): DeviceSnapshot {
    return {
      device: this.name,
      kind: this.kind,
      version: VERSION,
      state: { latchedHigh: this.latchedHigh, channels: this.channels.map((c) => c.save()) },
    };
  }

  restore(snapshot: DeviceSnapshot): void {
    const state = snapshotState<{ latchedHigh: number; channels: ChannelState[] }>(
      snapshot,
      this.kind,
      VERSION,
    );
    this.latchedHigh = state.latchedHigh;
    this.channels.forEach((c, i) => {
      const saved = state.channels[i];
      if (saved) c.load(saved);
    });
  }

  stats(): Record<string, number> {
    return Object.fromEntries(this.channels.map((c, i) => [`ch${i}.expirations`, c.expirations]));
  }
}
