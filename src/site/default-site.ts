// The site `chorus boot` uses when none is given: a two-CPU big-endian MIPS board. Devices sit
// in one 16 MiB window at physical 0x1f000000, which MIPS software reaches uncached through
// kseg1 at 0xbf000000. Site files (YAML) replace this with the "Sites and scenarios" work.
import type { BoardDescription } from '../../machine/index.ts';

const MMIO = 0x1f000000;

export const DEFAULT_SEED = 1;

export const DEFAULT_BOARD: BoardDescription = {
  name: 'default',
  family: 'mips',
  endianness: 'big',
  cpus: 2,
  frequencyHz: 100_000_000,
  quantum: 1000,
  ram: { base: 0, size: 64 * 1024 * 1024 },
  // MIPS hardware interrupt line 0 (Cause.IP2) carries the controller's output.
  interruptController: { base: MMIO, lines: 16, cpuLine: 0 },
  devices: [
    { kind: 'uart', name: 'console', base: MMIO + 0x1000, irq: 0 },
    { kind: 'local-timer', name: 'cputimer', base: MMIO + 0x2000 },
    { kind: 'global-timer', name: 'timer', base: MMIO + 0x3000, irqs: [1, 2] },
    { kind: 'rtc', name: 'rtc', base: MMIO + 0x4000, irq: 3, epochSeconds: 1_700_000_000 },
    { kind: 'block', name: 'disk0', base: MMIO + 0x5000, irq: 4, image: { kind: 'blank', sectors: 8192 } },
    { kind: 'power', name: 'power', base: MMIO + 0x6000 },
  ],
};

/** `chorus boot` stops here if the site has not gone idle (one simulated second). */
export const BOOT_CYCLE_LIMIT = 100_000_000;
