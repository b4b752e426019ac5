// The per-CPU timer block: one countdown channel per CPU (timer-channel.ts), each wired to that
// CPU's private interrupt line (ID 16 + n on the interrupt controller, or the family's own timer
// input). Like the ARM MPCore private timers, the first window is banked: a CPU reaches its own
// channel there, so the same driver code runs on every CPU.
//
// Register map:
//   0x00..0x0F  the accessing CPU's channel (LOAD, COUNT, CTRL, STATUS; see timer-channel.ts)
//   0x10*(k+1)  CPU k's channel, for a CPU that programs another one (k < 15)
// Misuse: non-word access, offsets past the last CPU, channel misuse (timer-channel.ts).
import type { AccessSize } from '../memory/index.ts';
import type { Device, DeviceHost, DeviceSnapshot, IrqLine } from './device.ts';
import { snapshotState } from './device.ts';
import type { ChannelState } from './timer-channel.ts';
import { CHANNEL_REGS, TimerChannel } from './timer-channel.ts';

const VERSION = 1;

export class LocalTimer implements Device {
  readonly kind = 'local-timer';
  readonly size = 0x100;
  readonly channels: TimerChannel[];

  /** `irqs[k]`: CPU k's timer line. */
  constructor(
    readonly name: string,
    private readonly host: DeviceHost,
    irqs: readonly IrqLine[],
  ) {
    if (irqs.length < 1 || irqs.length > 15)
      throw new RangeError(`${name}: ${irqs.length} CPUs (1..15 supported)`);
    this.channels = irqs.map((irq, k) => new TimerChannel(`${name}.cpu${k}`, host, irq));
  }

  private locate(
    offset: number,
    size: AccessSize,
    value: number,
  ): [TimerChannel, number, string] | undefined {
    const window = offset >> 4;
    const cpu = window === 0 ? Math.max(0, this.host.currentCpu()) : window - 1;
    const index = (offset >> 2) & 3;
    const reg = `${window === 0 ? 'OWN' : `CPU${cpu}`}.${CHANNEL_REGS[index]}`;
    if (size !== 4 || offset & 3) {
      this.host.misuse(this.name, reg, value, `${size}-byte access; registers are 32-bit words`);
      return undefined;
    }
    const channel = this.channels[cpu];
    if (channel === undefined) {
      this.host.misuse(this.name, reg, value, `no CPU ${cpu} on this board`);
      return undefined;
    }
    return [channel, index, reg];
  }

  read(offset: number, size: AccessSize): number {
    const hit = this.locate(offset, size, 0);
    return hit ? hit[0].read(hit[1]) : 0;
  }

  write(offset: number, size: AccessSize, value: number): void {
    const hit = this.locate(offset, size, value);
    if (!hit) return;
    const error = hit[0].write(hit[1], value);
    if (error) this.host.misuse(this.name, hit[2], value, error);
  }

  reset(): void {
    for (const c of this.channels) c.reset();
  }

  snapshot(): DeviceSnapshot {
    return {
      device: this.name,
      kind: this.kind,
      version: VERSION,
      state: this.channels.map((c) => c.save()),
    };
  }

  restore(snapshot: DeviceSnapshot): void {
    const state = snapshotState<ChannelState[]>(snapshot, this.kind, VERSION);
    this.channels.forEach((c, k) => {
      const saved = state[k];
      if (saved) c.load(saved);
    });
  }

  stats(): Record<string, number> {
    return Object.fromEntries(this.channels.map((c, k) => [`cpu${k}.expirations`, c.expirations]));
  }
}
