// The generic interrupt controller: a GIC-like register front over the common core
// (interrupt-core.ts). Families whose boards have their own controller layout add a front of
// their own over the same core.
//
// MMIO register map (offsets in the 4 KiB window; 32-bit words unless noted; "banked" registers
// act on the CPU making the access):
//   0x000 CTRL        rw  bit 0: deliver interrupts at all
//   0x004 TYPE        r   [15:0] number of IDs, [20:16] number of CPUs
//   0x008 CPUID       r   index of the accessing CPU
//   0x010 PMR         rw  banked priority mask: only priorities below it are signalled
//   0x014 ACK         r   banked acknowledge: most urgent pending ID (IPIs: source CPU in [14:10]),
//                         which becomes active; 1023 when none
//   0x018 EOI         w   banked end of interrupt: the value ACK returned
//   0x01C RPR         r   banked running priority (256 when nothing is active)
//   0x020 HPPIR       r   banked highest pending ID, no side effect
//   0x030 SGI         w   send an IPI: [3:0] ID, [9:8] filter (0: CPUs in [31:16], 1: all but
//                         self, 2: self only)
//   0x100+4k ISENABLER rw  enable bits of IDs 32k..32k+31 (k = 0 banked): write 1 to enable
//   0x180+4k ICENABLER rw  write 1 to disable; reads as ISENABLER
//   0x200+4k ISPENDR   rw  write 1 to make pending
//   0x280+4k ICPENDR   rw  write 1 to clear pending
//   0x300+4k ISACTIVER r   active bits
//   0x400+n  IPRIORITY rw  one byte per ID (byte or word access), 0 most urgent
//   0x800+4n ITARGETS  rw  CPU mask of shared ID n (n >= 32); IDs below 32 read as the own CPU
//   0xC00+4k ICFGR     rw  1 bit per ID: 1 = edge-triggered (shared IDs only)
// Misuse (reported): non-word access outside IPRIORITY; writing a read-only register or reading
// a write-only one; EOI of an ID not active on this CPU; routing to CPUs that do not exist; an IPI
// with no existing target or filter 3; config or targets of IDs below 32; IDs past the last line.
import type { AccessSize } from '../memory/index.ts';
import type { Device, DeviceHost, DeviceSnapshot } from './device.ts';
import { checkWordAccess, registerName, snapshotState } from './device.ts';
import type { CpuIrqOutput } from './interrupt-core.ts';
import { FIRST_SHARED, InterruptCore } from './interrupt-core.ts';

const REGS: Readonly<Record<number, string>> = {
  0: 'CTRL',
  4: 'TYPE',
  8: 'CPUID',
  16: 'PMR',
  20: 'ACK',
  24: 'EOI',
  28: 'RPR',
  32: 'HPPIR',
  48: 'SGI',
};

function bankName(offset: number): string {
  const names: [number, string][] = [
    [0x100, 'ISENABLER'],
    [0x180, 'ICENABLER'],
    [0x200, 'ISPENDR'],
    [0x280, 'ICPENDR'],
    [0x300, 'ISACTIVER'],
    [0x400, 'IPRIORITY'],
    [0x800, 'ITARGETS'],
    [0xc00, 'ICFGR'],
  ];
  let found = registerName(REGS, offset);
  for (const [base, name] of names) if (offset >= base) found = `${name}+0x${(offset - base).toString(16)}`;
  return REGS[offset] ?? found;
}

const VERSION = 1;

export class InterruptController implements Device {
  readonly kind = 'interrupt-controller';
  readonly size = 0x1000;
  readonly core: InterruptCore;

  constructor(
    readonly name: string,
    private readonly host: DeviceHost,
    cpus: number,
    sharedLines: number,
  ) {
    this.core = new InterruptCore(host, cpus, sharedLines);
  }

  connectCpu(cpu: number, output: CpuIrqOutput): void {
    this.core.connectCpu(cpu, output);
  }

  private cpu(): number {
    const cpu = this.host.currentCpu();
    return cpu < 0 ? 0 : cpu;
  }

  private bad(offset: number, value: number, message: string): void {
    this.host.misuse(this.name, bankName(offset), value, message);
  }

  read(offset: number, size: AccessSize): number {
    const core = this.core;
    const cpu = this.cpu();
    if (offset >= 0x400 && offset < 0x800) {
      const id = offset - 0x400;
      if (size === 2 || (size === 4 && (id & 3) !== 0)) {
        this.bad(offset, 0, 'IPRIORITY takes byte or aligned word accesses');
        return 0;
      }
      let v = 0;
      for (let i = size - 1; i >= 0; i--) v = (v << 8) | core.getPriority(cpu, id + i);
      return v >>> 0;
    }
    if (!checkWordAccess(this.host, this.name, REGS, offset, size, 0)) return 0;
    switch (offset) {
      case 0x000:
        return core.enabled ? 1 : 0;
      case 0x004:
        return core.ids | (core.cpus << 16);
      case 0x008:
        return cpu;
      case 0x010:
        return core.priorityMask[cpu]!;
      case 0x014:
        return core.acknowledge(cpu);
      case 0x01c:
        return core.runningPriority(cpu);
      case 0x020:
        return core.highestPending(cpu);
      case 0x018:
      case 0x030:
        this.bad(offset, 0, 'register is write-only');
        return 0;
    }
    if (offset >= 0x100 && offset < 0x380) {
      const group = (offset & 0x7f) >> 2;
      const kind = (offset - 0x100) >> 7;
      let bits = 0;
      for (let i = 0; i < 32; i++) {
        const id = group * 32 + i;
        if (id >= core.ids) break;
        const on =
          kind <= 1 ? core.getEnabled(cpu, id) : kind <= 3 ? core.isPending(cpu, id) : core.isActive(cpu, id);
        if (on) bits |= 1 << i;
      }
      return bits >>> 0;
    }
    if (offset >= 0x800 && offset < 0xc00) {
      const id = (offset - 0x800) >> 2;
      return id < FIRST_SHARED ? 1 << cpu : (core.targets[id] ?? 0);
    }
    if (offset >= 0xc00 && offset < 0xc20) {
      const group = (offset - 0xc00) >> 2;
      let bits = 0;
      for (let i = 0; i < 32; i++)
        if ((core.edge[group * 32 + i] ?? 0) || group * 32 + i < 16) bits |= 1 << i;
      return bits >>> 0;
    }
    this.bad(offset, 0, 'no register at this offset');
    return 0;
  }

  write(offset: number, size: AccessSize, value: number): void {
    const core = this.core;
    const cpu = this.cpu();
    if (offset >= 0x400 && offset < 0x800) {
      const id = offset - 0x400;
      if (size === 2 || (size === 4 && (id & 3) !== 0)) {
        this.bad(offset, value, 'IPRIORITY takes byte or aligned word accesses');
        return;
      }
      if (id + size > core.ids) {
        this.bad(offset, value, `interrupt ID ${id + size - 1} does not exist`);
        return;
      }
      for (let i = 0; i < size; i++) core.setPriority(cpu, id + i, (value >>> (8 * i)) & 0xff);
      return;
    }
    if (!checkWordAccess(this.host, this.name, REGS, offset, size, value)) return;
    switch (offset) {
      case 0x000:
        core.enabled = (value & 1) === 1;
        core.update();
        return;
      case 0x010:
        if (value > 0xff) {
          this.bad(offset, value, 'priority mask is 8 bits');
          return;
        }
        core.priorityMask[cpu] = value;
        core.update();
        return;
      case 0x018: {
        const id = value & 0x3ff;
        if (!core.endOfInterrupt(cpu, id))
          this.bad(offset, value, `EOI of interrupt ${id}, which is not active on cpu${cpu}`);
        return;
      }
      case 0x030:
        this.sendIpi(cpu, value);
        return;
      case 0x004:
      case 0x008:
      case 0x014:
      case 0x01c:
      case 0x020: {
        this.bad(offset, value, 'register is read-only');
        return;
      }
    }
    if (offset >= 0x100 && offset < 0x300) {
      const group = (offset & 0x7f) >> 2;
      const kind = (offset - 0x100) >> 7; // 0 set-enable, 1 clear-enable, 2 set-pending, 3 clear-pending
      for (let i = 0; i < 32; i++) {
        if (!(value & (1 << i))) continue;
        const id = group * 32 + i;
        if (id >= core.ids) {
          this.bad(offset, value, `interrupt ID ${id} does not exist`);
          return;
        }
        if (kind <= 1) core.setEnabled(cpu, id, kind === 0);
        else core.setPending(cpu, id, kind === 2);
      }
      return;
    }
    if (offset >= 0x800 && offset < 0xc00) {
      const id = (offset - 0x800) >> 2;
      if (id < FIRST_SHARED || id >= core.ids) {
        this.bad(offset, value, `ITARGETS of ID ${id} is not writable`);
        return;
      }
      if (value >>> core.cpus !== 0) {
        this.bad(offset, value, `target mask names CPUs beyond cpu${core.cpus - 1}`);
        return;
      }
      core.targets[id] = value;
      core.update();
      return;
    }
    if (offset >= 0xc00 && offset < 0xc20) {
      const group = (offset - 0xc00) >> 2;
      for (let i = 0; i < 32; i++) {
        const id = group * 32 + i;
        const edge = (value >>> i) & 1;
        if (id < FIRST_SHARED) {
          if (edge !== (id < 16 ? 1 : 0)) {
            this.bad(offset, value, `trigger of ID ${id} is fixed`);
            return;
          }
          continue;
        }
        if (id >= core.ids) {
          if (edge) {
            this.bad(offset, value, `interrupt ID ${id} does not exist`);
            return;
          }
          continue;
        }
        core.edge[id] = edge;
      }
      return;
    }
    this.bad(
      offset,
      value,
      offset === 0x300 || (offset > 0x300 && offset < 0x380)
        ? 'register is read-only'
        : 'no register at this offset',
    );
  }

  private sendIpi(cpu: number, value: number): void {
    const id = value & 15;
    const filter = (value >>> 8) & 3;
    const all = (1 << this.core.cpus) - 1;
    let targets: number;
    if (filter === 0) targets = value >>> 16;
    else if (filter === 1) targets = all & ~(1 << cpu);
    else if (filter === 2) targets = 1 << cpu;
    else {
      this.bad(0x030, value, 'SGI filter 3 is reserved');
      return;
    }
    if (filter === 0 && (targets & ~all) !== 0) {
      this.bad(0x030, value, `IPI to CPUs beyond cpu${this.core.cpus - 1}`);
      return;
    }
    if (targets === 0 && filter === 0) {
      this.bad(0x030, value, 'IPI with an empty target list');
      return;
    }
    this.core.sendIpi(this.host.currentCpu(), targets, id);
  }

  reset(): void {
    this.core.reset();
  }

  snapshot(): DeviceSnapshot {
    return { device: this.name, kind: this.kind, version: VERSION, state: this.core.saveState() };
  }

  restore(snapshot: DeviceSnapshot): void {
    this.core.loadState(snapshotState(snapshot, this.kind, VERSION));
  }

  stats(): Record<string, number> {
    const out: Record<string, number> = {};
    for (let cpu = 0; cpu < this.core.cpus; cpu++) {
      out[`cpu${cpu}.acknowledged`] = this.core.acknowledged[cpu]!;
      out[`cpu${cpu}.ipisSent`] = this.core.ipisSent[cpu]!;
    }
    return out;
  }
}
