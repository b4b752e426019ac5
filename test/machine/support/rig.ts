// A test board: the "test" CPU family (TestCpu stand-ins running TypeScript programs) on a
// description with one of every device, so device tests drive real MMIO through the board.
import type { Board, BoardDescription } from '../../../machine/index.ts';
import { buildBoard, cpuFamily, registerCpuFamily } from '../../../machine/index.ts';
import type { Program } from './test-cpu.ts';
import { TestCpu } from './test-cpu.ts';

let programs: readonly (Program | undefined)[] = [];

if (cpuFamily('test') === undefined) {
  registerCpuFamily('test', ({ index, bus }) => new TestCpu(index, bus, programs[index]));
}

export const INTC = 0x1f00_0000;
export const UART = 0x1f10_0000;
export const LTIMER = 0x1f20_0000;
export const GTIMER = 0x1f30_0000;
export const RTC = 0x1f40_0000;
export const DISK = 0x1f50_0000;
export const NIC = 0x1f60_0000;
export const POWER = 0x1f70_0000;
export const CPU_LINE = 2;
export const EPOCH = 1_700_000_000;

export function testBoard(overrides: Partial<BoardDescription> = {}): BoardDescription {
  return {
    name: 'testboard',
    family: 'test',
    endianness: 'big',
    cpus: 2,
    frequencyHz: 100_000_000,
    quantum: 1000,
    ram: { base: 0, size: 1 << 20 },
    interruptController: { base: INTC, lines: 32, cpuLine: CPU_LINE },
    devices: [
      { kind: 'uart', name: 'uart0', base: UART, irq: 0 },
      { kind: 'local-timer', name: 'ltimer', base: LTIMER },
      { kind: 'global-timer', name: 'gtimer', base: GTIMER, irqs: [1, 2] },
      { kind: 'rtc', name: 'rtc', base: RTC, irq: 3, epochSeconds: EPOCH },
      { kind: 'block', name: 'disk0', base: DISK, irq: 4, image: { kind: 'blank', sectors: 2048 } },
      { kind: 'nic', name: 'eth0', base: NIC, irq: 5, mac: '02:00:00:00:00:01', network: 'lan' },
      { kind: 'power', name: 'power', base: POWER },
    ],
    ...overrides,
  };
}

/** Builds a board whose CPU k runs `cpuPrograms[k]` (idle forever when undefined). */
export function rig(
  cpuPrograms: readonly (Program | undefined)[] = [],
  overrides: Partial<BoardDescription> = {},
  seed = 1,
): { board: Board; cpus: TestCpu[] } {
  programs = cpuPrograms;
  const board = buildBoard(testBoard(overrides), { seed });
  programs = [];
  return { board, cpus: board.cpus as TestCpu[] };
}
