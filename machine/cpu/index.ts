// Front door of machine/cpu: the CPU contract (types.ts) and the registry of CPU families.
// A family (machine/cpu/<family>/) registers a factory under its name; the board asks the
// registry for the family its description names, so nothing outside a family's folder switches
// on the family. Registering the same name twice is refused (two families would fight).
import type { Bus } from '../memory/index.ts';
import { createMipsCpu } from './mips/index.ts';
import type { Cpu, Endianness, NativeContext } from './types.ts';

export type { Cpu, Endianness, NativeContext, PhysicalBus } from './types.ts';

/** What the board hands a family when it builds CPU `index`. */
export interface CpuOptions {
  readonly index: number;
  readonly cpuCount: number;
  /** The board's bus; `bus.reservations` is the LL/SC table (see machine/memory/reservations.ts). */
  readonly bus: Bus;
  readonly endianness: Endianness;
  readonly frequencyHz: number;
}

export type CpuFactory = (options: CpuOptions) => Cpu;

/**
 * Optional capability of a CPU: take a machine check raised by a device that caught the driver
 * misusing it (board option `misuse: 'machine-check'`). CPUs without it make the board stop instead.
 */
export interface MachineCheckable {
  machineCheck(report: string): void;
}

export function canMachineCheck(cpu: Cpu): cpu is Cpu & MachineCheckable {
  return typeof (cpu as Partial<MachineCheckable>).machineCheck === 'function';
}

/**
 * Optional capability of a CPU: leave `run(until)` at the next instruction boundary. The machine
 * calls it when a stop (power off, device misuse) is requested during that CPU's turn, so the
 * run ends at the offending instruction instead of at the end of the quantum.
 */
export interface ExitsEarly {
  exitRun(): void;
}

export function exitsEarly(cpu: Cpu): cpu is Cpu & ExitsEarly {
  return typeof (cpu as Partial<ExitsEarly>).exitRun === 'function';
}

/** Optional capability of a CPU: family-specific counters for the end-of-run statistics. */
export interface ReportsStats {
  stats(): Record<string, number>;
}

export function reportsStats(cpu: Cpu): cpu is Cpu & ReportsStats {
  return typeof (cpu as Partial<ReportsStats>).stats === 'function';
}

/**
 * Optional capability of an idle CPU: the cycle at which its own timer will wake it (infinity
 * when nothing of its own will). The machine runs an idle CPU whose wake-up falls inside a
 * quantum, and does not stop as "idle" while some CPU will still wake by itself.
 */
export interface WakesItself {
  nextWake(): number;
}

export function wakesItself(cpu: Cpu): cpu is Cpu & WakesItself {
  return typeof (cpu as Partial<WakesItself>).nextWake === 'function';
}

/** The cycle at which `cpu` will wake by itself, or infinity. */
export function nextWakeOf(cpu: Cpu): number {
  return wakesItself(cpu) ? cpu.nextWake() : Number.POSITIVE_INFINITY;
}

/**
 * Optional capability of a CPU: run a native context instead of guest code (see `NativeContext`).
 * `undefined` gives the CPU back to guest code.
 */
export interface RunsNative {
  setNative(context: NativeContext | undefined): void;
}

export function runsNative(cpu: Cpu): cpu is Cpu & RunsNative {
  return typeof (cpu as Partial<RunsNative>).setNative === 'function';
}

// The families built into the machine; tests may register more (a test CPU stand-in).
// The MIPS factory serves both byte orders: the CPU takes its byte order from the bus.
const families = new Map<string, CpuFactory>([
  ['mips', createMipsCpu],
  ['mipsel', createMipsCpu],
]);

export function registerCpuFamily(name: string, factory: CpuFactory): void {
  if (families.has(name)) throw new Error(`cpu family "${name}" is already registered`);
  families.set(name, factory);
}

/** The factory of a registered family, or undefined. */
export function cpuFamily(name: string): CpuFactory | undefined {
  return families.get(name);
}

/** Names of the registered families, sorted. */
export function cpuFamilies(): string[] {
  return [...families.keys()].sort();
}
