// Builds a machine from a board description: RAM and bus, the CPUs of the named family (from
// the registry in machine/cpu), the interrupt controller wired to every CPU, and each device
// mapped at its address with its interrupt line. Description errors become one `BoardError`
// naming the board and the field, never a stack trace from deep inside.

import type { BoardDescription, DeviceDescription } from './board-description.ts';
import type { Cpu } from './cpu/index.ts';
import { cpuFamilies, cpuFamily } from './cpu/index.ts';
import type { BlockBacking, Device, IrqLine } from './devices/index.ts';
import {
  BlockDevice,
  DEFAULT_BLOCK_LATENCY,
  FileBacking,
  GlobalTimer,
  InterruptController,
  LocalTimer,
  MemoryBacking,
  Nic,
  NO_IRQ,
  PowerController,
  Rtc,
  SECTOR_SIZE,
  Uart,
} from './devices/index.ts';
import { Machine } from './machine.ts';
import { Bus, Ram } from './memory/index.ts';

export class BoardError extends Error {
  override readonly name = 'BoardError';
}

export class Board {
  constructor(
    readonly description: BoardDescription,
    readonly machine: Machine,
    readonly ram: Ram,
    readonly interruptController: InterruptController,
  ) {}

  get bus(): Bus {
    return this.machine.bus;
  }

  get cpus(): readonly Cpu[] {
    return this.machine.cpus;
  }

  private find<T extends Device>(name: string, type: abstract new (...args: never[]) => T): T {
    const device = this.machine.device(name);
    if (!(device instanceof type))
      throw new BoardError(`board ${this.description.name} has no ${type.name} named "${name}"`);
    return device;
  }

  uart(name: string): Uart {
    return this.find(name, Uart);
  }
  nic(name: string): Nic {
    return this.find(name, Nic);
  }
  block(name: string): BlockDevice {
    return this.find(name, BlockDevice);
  }
  power(name: string): PowerController {
    return this.find(name, PowerController);
  }
  rtc(name: string): Rtc {
    return this.find(name, Rtc);
  }
  localTimer(name: string): LocalTimer {
    return this.find(name, LocalTimer);
  }
  globalTimer(name: string): GlobalTimer {
    return this.find(name, GlobalTimer);
  }

  /** NICs with the network each is to be plugged into. */
  nicAttachments(): { nic: Nic; network: string }[] {
    return this.description.devices.flatMap((d) =>
      d.kind === 'nic' && d.network ? [{ nic: this.nic(d.name), network: d.network }] : [],
    );
  }
}

/** Parses "02:00:00:00:00:01". */
export function parseMac(text: string): Uint8Array | undefined {
  const parts = text.split(':');
  if (parts.length !== 6 || parts.some((p) => !/^[0-9a-fA-F]{2}$/.test(p))) return undefined;
  return Uint8Array.from(parts.map((p) => Number.parseInt(p, 16)));
}

export function buildBoard(description: BoardDescription, options: { readonly seed: number }): Board {
  const d = description;
  const fail = (field: string, message: string): never => {
    throw new BoardError(`board ${d.name}: ${field}: ${message}`);
  };
  const factory = cpuFamily(d.family);
  if (factory === undefined)
    fail('family', `unknown CPU family "${d.family}" (registered: ${cpuFamilies().join(', ') || 'none'})`);
  if (!Number.isInteger(d.cpus) || d.cpus < 1 || d.cpus > 16) fail('cpus', `${d.cpus} is not in 1..16`);
  if (!Number.isSafeInteger(d.frequencyHz) || d.frequencyHz <= 0)
    fail('frequencyHz', `${d.frequencyHz} is not a positive integer`);

  const bus = new Bus(d.endianness);
  bus.setCpuCount(d.cpus);
  let ram: Ram;
  try {
    ram = new Ram(d.ram.size);
    bus.mapRam(d.ram.base, ram);
  } catch (error) {
    return fail('ram', (error as Error).message);
  }
  const machine = new Machine({
    bus,
    frequencyHz: d.frequencyHz,
    quantum: d.quantum ?? 1000,
    seed: options.seed,
    ...(d.misuse === undefined ? {} : { misuse: d.misuse }),
    ...(d.jitterPercent === undefined ? {} : { jitterPercent: d.jitterPercent }),
    ...(d.maxPendingEvents === undefined ? {} : { maxPendingEvents: d.maxPendingEvents }),
  });
  const cpus: Cpu[] = [];
  for (let index = 0; index < d.cpus; index++) {
    cpus.push(
      factory!({ index, cpuCount: d.cpus, bus, endianness: d.endianness, frequencyHz: d.frequencyHz }),
    );
  }
  machine.setCpus(cpus);

  const ic = d.interruptController;
  const intc = new InterruptController(ic.name ?? 'intc', machine, d.cpus, ic.lines);
  const place = (device: Device, base: number, field: string) => {
    try {
      bus.mapDevice(base, device.size, device);
      machine.addDevice(device);
    } catch (error) {
      fail(field, (error as Error).message);
    }
  };
  place(intc, ic.base, 'interruptController');
  cpus.forEach((cpu, k) => {
    intc.connectCpu(k, (asserted) => cpu.setInterruptLine(ic.cpuLine, asserted));
  });

  d.devices.forEach((dev, i) => {
    const field = `devices[${i}] (${dev.name})`;
    const line = (irq: number | undefined): IrqLine => {
      if (irq === undefined) return NO_IRQ;
      if (!Number.isInteger(irq) || irq < 0 || irq >= ic.lines)
        fail(field, `irq ${irq} is not one of the ${ic.lines} lines`);
      return intc.core.sharedLine(irq);
    };
    place(
      buildDevice(dev, machine, intc, line, d, (m) => fail(field, m)),
      dev.base,
      field,
    );
  });
  return new Board(d, machine, ram, intc);
}

function buildDevice(
  dev: DeviceDescription,
  machine: Machine,
  intc: InterruptController,
  line: (irq: number | undefined) => IrqLine,
  board: BoardDescription,
  fail: (message: string) => never,
): Device {
  switch (dev.kind) {
    case 'uart':
      return new Uart(dev.name, machine, {
        irq: line(dev.irq),
        ...(dev.regShift === undefined ? {} : { regShift: dev.regShift }),
        ...(dev.inputClockHz === undefined ? {} : { inputClockHz: dev.inputClockHz }),
        ...(dev.hostFlowControl === undefined ? {} : { hostFlowControl: dev.hostFlowControl }),
      });
    case 'local-timer': {
      const n = dev.privateLine ?? 13;
      return new LocalTimer(
        dev.name,
        machine,
        Array.from({ length: board.cpus }, (_, k) => intc.core.privateLine(k, n)),
      );
    }
    case 'global-timer':
      if (dev.irqs.length === 0) fail('a global timer needs at least one irq');
      return new GlobalTimer(dev.name, machine, dev.irqs.map(line));
    case 'rtc':
      return new Rtc(dev.name, machine, dev.epochSeconds, line(dev.irq));
    case 'block': {
      let backing: BlockBacking;
      try {
        const image = dev.image;
        backing =
          image.kind === 'file'
            ? new FileBacking(image.path, image.readOnly ?? false)
            : image.kind === 'blank'
              ? new MemoryBacking(new Uint8Array(image.sectors * SECTOR_SIZE))
              : new MemoryBacking(image.bytes, image.readOnly ?? false);
      } catch (error) {
        return fail((error as Error).message);
      }
      return new BlockDevice(dev.name, machine, backing, line(dev.irq), {
        ...DEFAULT_BLOCK_LATENCY,
        ...dev.latency,
      });
    }
    case 'nic': {
      const mac = parseMac(dev.mac);
      if (mac === undefined) fail(`MAC "${dev.mac}" is not six hex bytes separated by colons`);
      return new Nic(dev.name, machine, mac!, dev.bandwidthBps ?? 100_000_000, line(dev.irq));
    }
    case 'power':
      return new PowerController(dev.name, machine);
  }
}
