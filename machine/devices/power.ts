// Power/reset controller: lets software power the machine off (with an exit code, which the CLI
// returns) or reboot it. Both end the current run with a stop reason; after a reboot the host
// calls `machine.reset()` and runs again, and RESET_CAUSE tells the boot code what happened.
//
// Register map (32-bit words):
//   0x00 CMD         w  0x5AFE0000 | action: 1 power off, 2 reboot (the magic guards against
//                       stray writes)
//   0x04 EXIT_CODE   rw code reported with power off
//   0x08 RESET_CAUSE r  0 power-on, 1 software reboot
// Misuse: non-word access, a CMD without the magic or with an unknown action, writing RESET_CAUSE.
import type { AccessSize } from '../memory/index.ts';
import type { Device, DeviceHost, DeviceSnapshot } from './device.ts';
import { checkWordAccess, registerName, snapshotState } from './device.ts';

export const POWER_MAGIC = 0x5afe_0000;
export const POWER_OFF = 1;
export const POWER_REBOOT = 2;

const REGS: Readonly<Record<number, string>> = { 0: 'CMD', 4: 'EXIT_CODE', 8: 'RESET_CAUSE' };
const VERSION = 1;

export class PowerController implements Device {
  readonly kind = 'power';
  readonly size = 0x10;
  private exitCode = 0;
  private resetCause = 0;
  private rebootRequested = false;
  private counters = { powerOffs: 0, reboots: 0 };

  constructor(
    readonly name: string,
    private readonly host: DeviceHost,
  ) {}

  read(offset: number, size: AccessSize): number {
    if (!checkWordAccess(this.host, this.name, REGS, offset, size, 0)) return 0;
    if (offset === 0x04) return this.exitCode;
    if (offset === 0x08) return this.resetCause;
    this.host.misuse(
      this.name,
      registerName(REGS, offset),
      0,
      offset === 0 ? 'CMD is write-only' : 'no register at this offset',
    );
    return 0;
  }

  write(offset: number, size: AccessSize, value: number): void {
    if (!checkWordAccess(this.host, this.name, REGS, offset, size, value)) return;
    if (offset === 0x04) {
      this.exitCode = value >>> 0;
      return;
    }
    if (offset !== 0x00) {
      this.host.misuse(this.name, registerName(REGS, offset), value, 'register is read-only');
      return;
    }
    const action = value & 0xffff;
    if ((value & 0xffff_0000) >>> 0 !== POWER_MAGIC || (action !== POWER_OFF && action !== POWER_REBOOT)) {
      this.host.misuse(this.name, 'CMD', value, 'expected 0x5AFE0001 (power off) or 0x5AFE0002 (reboot)');
      return;
    }
    const cycle = this.host.now();
    if (action === POWER_OFF) {
      this.counters.powerOffs++;
      this.host.requestStop({ kind: 'halt', cycle, code: this.exitCode });
    } else {
      this.counters.reboots++;
      this.rebootRequested = true;
      this.host.requestStop({ kind: 'reboot', cycle });
    }
  }

  /** After a software reboot the cause reads 1; the exit code is cleared. */
  reset(): void {
    this.resetCause = this.rebootRequested ? 1 : 0;
    this.rebootRequested = false;
    this.exitCode = 0;
  }

  snapshot(): DeviceSnapshot {
    return {
      device: this.name,
      kind: this.kind,
      version: VERSION,
      state: { exitCode: this.exitCode, resetCause: this.resetCause, rebootRequested: this.rebootRequested },
    };
  }

  restore(snapshot: DeviceSnapshot): void {
    const s = snapshotState<{ exitCode: number; resetCause: number; rebootRequested: boolean }>(
      snapshot,
      this.kind,
      VERSION,
    );
    this.exitCode = s.exitCode;
    this.resetCause = s.resetCause;
    this.rebootRequested = s.rebootRequested;
  }

  stats(): Record<string, number> {
    return { ...this.counters };
  }
}
