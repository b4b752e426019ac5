// One simulated machine: its clock, CPUs, bus, devices, event queue and PRNG, and the loop that
// steps them. This is the time model (docs/machine.md, "Time"):
//
// - Time is cycles of the board frequency. `cycle` is the global time at the last quantum
//   boundary; between boundaries each CPU keeps its own `cycle`.
// - A quantum runs from `cycle` to `end = min(cycle + quantum, next pending event, limit)`: each
//   CPU in index order runs until its own cycle reaches `end` (it may overshoot by one instruction;
//   the overshoot is taken from its next quantum). A CPU that is idle, or goes idle, is moved to
//   `end` and the cycles count as idle.
// - Then every event due at or before `end` fires in (time, sequence) order. Because a quantum
//   ends at the next event known when it starts, such events fire exactly on time; an event
//   scheduled during a quantum for a time inside it fires at the quantum's end (late by less
//   than one quantum). An interrupt raised by a device is seen by a CPU at its next instruction
//   boundary, so a CPU later in index order can see it in the same quantum. IPIs are the one
//   exception by design: they are delivered at the end of the quantum in which they were sent
//   (see devices/interrupt-controller.ts), so "visible by the next quantum" holds for every CPU.
// - When every CPU is idle the clock jumps to the next event or to the first CPU's own wake-up
//   (`nextWake`, e.g. a MIPS Count/Compare timer). An idle CPU whose wake-up falls inside a
//   quantum is run so that it wakes on time. With nothing pending and no CPU that will wake by
//   itself the run stops with `idle` (nothing can ever happen without host input).
// - A run stops at a cycle limit, on halt or reboot from the power controller, or on device
//   misuse under the `stop` policy.
import type { Cpu } from './cpu/index.ts';
import { canMachineCheck, exitsEarly, nextWakeOf, reportsStats } from './cpu/index.ts';
import type { Device, DeviceHost, MisuseReport, StopReason } from './devices/index.ts';
import { formatMisuse } from './devices/index.ts';
import type { Bus } from './memory/index.ts';
import type { EventHandler } from './time/index.ts';
import { EventQueue, EventQueueOverflow, Prng } from './time/index.ts';

export type MisusePolicy = 'stop' | 'machine-check';

export interface MachineOptions {
  readonly bus: Bus;
  readonly frequencyHz: number;
  /** Cycles per quantum; 1 gives lockstep stepping for race hunting. */
  readonly quantum: number;
  readonly seed: number;
  readonly misuse?: MisusePolicy;
  /** Device latency jitter in percent (0 for golden runs). */
  readonly jitterPercent?: number;
  readonly maxPendingEvents?: number;
}

export interface CpuStats {
  readonly cpu: number;
  readonly busyCycles: number;
  readonly idleCycles: number;
  readonly scSucceeded: number;
  readonly scFailed: number;
  /** The family's own counters (exceptions, interrupts taken, TLB refills...), when it reports any. */
  readonly family: Readonly<Record<string, number>>;
}

export interface MachineStats {
  readonly cycle: number;
  readonly eventsFired: number;
  readonly busErrors: number;
  readonly cpus: readonly CpuStats[];
  readonly devices: Readonly<Record<string, Record<string, number>>>;
}

export class Machine implements DeviceHost {
  readonly bus: Bus;
  readonly frequencyHz: number;
  readonly quantum: number;
  readonly queue: EventQueue;
  readonly prng: Prng;
  readonly misusePolicy: MisusePolicy;
  readonly jitterPercent: number;
  cpus: Cpu[] = [];
  readonly devices: Device[] = [];
  /** Global time at the last quantum boundary. */
  cycle = 0;
  /** Every misuse seen (under `machine-check` the run goes on, so there may be several). */
  readonly misuses: MisuseReport[] = [];
  /** FNV-1a hash of every fired event's (time, handler, arg): equal hashes, equal histories. */
  eventHash = 0x811c9dc5;
  eventsFired = 0;

  private running = -1;
  private eventTime = 0;
  private pendingStop: StopReason | undefined;
  /** Halt, reboot and misuse stops stay until `reset()`. */
  private sticky: StopReason | undefined;
  private busy = new Float64Array(0);
  private idle = new Float64Array(0);
  private handlerIds = new Map<EventHandler, number>();

  constructor(options: MachineOptions) {
    if (!Number.isSafeInteger(options.frequencyHz) || options.frequencyHz <= 0) {
      throw new RangeError(`frequency ${options.frequencyHz} Hz must be a positive integer`);
    }
    if (!Number.isSafeInteger(options.quantum) || options.quantum < 1) {
      throw new RangeError(`quantum ${options.quantum} must be a positive integer of cycles`);
    }
    this.bus = options.bus;
    this.frequencyHz = options.frequencyHz;
    this.quantum = options.quantum;
    this.prng = new Prng(options.seed);
    this.queue = new EventQueue(options.maxPendingEvents ?? 65536);
    this.misusePolicy = options.misuse ?? 'stop';
    this.jitterPercent = options.jitterPercent ?? 0;
  }

  setCpus(cpus: Cpu[]): void {
    this.cpus = cpus;
    this.busy = new Float64Array(cpus.length);
    this.idle = new Float64Array(cpus.length);
  }

  addDevice<D extends Device>(device: D): D {
    if (this.devices.some((d) => d.name === device.name))
      throw new Error(`two devices named "${device.name}"`);
    this.devices.push(device);
    return device;
  }

  device(name: string): Device | undefined {
    return this.devices.find((d) => d.name === name);
  }

  // --- DeviceHost ---

  now(): number {
    return this.running >= 0 ? this.cpus[this.running]!.cycle : this.eventTime;
  }

  currentCpu(): number {
    return this.running;
  }

  jitter(cycles: number): number {
    if (this.jitterPercent === 0 || cycles === 0) return cycles;
    const spread = (cycles * this.jitterPercent) / 100;
    return Math.max(0, Math.round(cycles + (this.prng.nextFloat() * 2 - 1) * spread));
  }

  misuse(device: string, register: string, value: number, message: string): void {
    const report: MisuseReport = {
      device,
      register,
      value: value >>> 0,
      cycle: this.now(),
      cpu: this.running,
      message,
    };
    this.misuses.push(report);
    const cpu = this.running >= 0 ? this.cpus[this.running] : undefined;
    if (this.misusePolicy === 'machine-check' && cpu !== undefined && canMachineCheck(cpu)) {
      cpu.machineCheck(formatMisuse(report));
      return;
    }
    this.requestStop({ kind: 'misuse', cycle: report.cycle, report });
  }

  requestStop(reason: StopReason): void {
    this.pendingStop ??= reason;
    const cpu = this.running >= 0 ? this.cpus[this.running] : undefined;
    if (cpu !== undefined && exitsEarly(cpu)) cpu.exitRun();
  }

  /** Performs `fn` as if CPU `k` made its bus accesses (banked registers): for debuggers and tests. */
  asCpu<T>(k: number, fn: () => T): T {
    const saved = this.running;
    this.running = k;
    try {
      return fn();
    } finally {
      this.running = saved;
    }
  }

  // --- stepping ---

  /**
   * Runs until cycle `limit` (absolute) or a stop; returns why it stopped. An event-queue
   * overflow (a runaway driver) becomes a sticky `event-overflow` stop, not a host exception.
   */
  runUntil(limit: number): StopReason {
    if (this.sticky !== undefined) return this.sticky;
    try {
      return this.step(limit);
    } catch (error) {
      if (!(error instanceof EventQueueOverflow)) throw error;
      this.running = -1;
      this.sticky = { kind: 'event-overflow', cycle: this.cycle, message: error.message };
      return this.sticky;
    }
  }

  private step(limit: number): StopReason {
    const cpus = this.cpus;
    const queue = this.queue;
    for (;;) {
      this.fireDue(this.cycle);
      if (this.pendingStop !== undefined) return this.takeStop();
      if (this.cycle >= limit) return { kind: 'cycle-limit', cycle: this.cycle };
      let end = Math.min(this.cycle + this.quantum, limit);
      const next = queue.peekTime();
      if (next < end) end = next;

      let allIdle = true;
      let wake = Number.POSITIVE_INFINITY;
      for (let k = 0; k < cpus.length; k++) {
        const cpu = cpus[k]!;
        if (!cpu.idle) {
          allIdle = false;
          break;
        }
        const w = nextWakeOf(cpu);
        if (w < wake) wake = w;
      }
      if (allIdle) {
        // Every CPU waits: jump to the next event or to the first CPU that wakes by its own timer.
        const first = Math.min(next, wake);
        if (first === Number.POSITIVE_INFINITY && this.cycle < limit) {
          return { kind: 'idle', cycle: this.cycle };
        }
        end = Math.min(Math.max(first, this.cycle + 1), limit);
      }

      for (let k = 0; k < cpus.length; k++) {
        const cpu = cpus[k]!;
        const start = cpu.cycle;
        if (start >= end) continue;
        if (!cpu.idle || nextWakeOf(cpu) < end) {
          this.running = k;
          cpu.run(end);
          this.running = -1;
        }
        this.busy[k] = this.busy[k]! + (cpu.cycle - start);
        if (cpu.cycle < end) {
          this.idle[k] = this.idle[k]! + (end - cpu.cycle);
          cpu.cycle = end;
        }
        if (this.pendingStop !== undefined) break;
      }
      this.cycle = end;
      this.fireDue(end);
      if (this.pendingStop !== undefined) return this.takeStop();
    }
  }

  /**
   * Moves an idle machine's clock forward to `cycle` (counting idle cycles), as if it had waited:
   * for a cluster whose other machines run on, or a host that waits for input. Refused (false)
   * when a CPU is not idle or an event is due before `cycle`.
   */
  advanceIdle(cycle: number): boolean {
    if (cycle <= this.cycle) return true;
    if (this.cpus.some((cpu) => !cpu.idle || nextWakeOf(cpu) < cycle) || this.queue.peekTime() < cycle)
      return false;
    this.cpus.forEach((cpu, k) => {
      if (cpu.cycle >= cycle) return;
      this.idle[k] = this.idle[k]! + (cycle - cpu.cycle);
      cpu.cycle = cycle;
    });
    this.cycle = cycle;
    this.eventTime = cycle;
    return true;
  }

  /** Runs for `cycles` more cycles (or until a stop). */
  runFor(cycles: number): StopReason {
    return this.runUntil(this.cycle + cycles);
  }

  private takeStop(): StopReason {
    const reason = this.pendingStop!;
    this.pendingStop = undefined;
    if (
      reason.kind === 'halt' ||
      reason.kind === 'reboot' ||
      reason.kind === 'misuse' ||
      reason.kind === 'event-overflow'
    ) {
      this.sticky = reason;
    }
    return reason;
  }

  /** Fires every event due at or before `time`, in (time, sequence) order. */
  private fireDue(time: number): void {
    const queue = this.queue;
    while (queue.peekTime() <= time) {
      queue.pop();
      const handler = queue.poppedHandler!;
      const at = queue.poppedTime;
      const arg = queue.poppedArg;
      this.eventTime = at;
      this.eventsFired++;
      let id = this.handlerIds.get(handler);
      if (id === undefined) {
        id = this.handlerIds.size + 1;
        this.handlerIds.set(handler, id);
      }
      let h = this.eventHash;
      h = Math.imul(h ^ (at >>> 0), 0x01000193);
      h = Math.imul(h ^ Math.floor(at / 0x1_0000_0000), 0x01000193);
      h = Math.imul(h ^ id, 0x01000193);
      h = Math.imul(h ^ (arg | 0), 0x01000193);
      this.eventHash = h >>> 0;
      handler.onEvent(arg, at);
    }
    this.eventTime = time;
  }

  /**
   * Power-on reset of CPUs and devices: pending events are dropped, time keeps running (a reboot
   * takes no time here), RAM keeps its contents as real RAM does across a warm reset.
   */
  reset(): void {
    this.queue.clear();
    this.sticky = undefined;
    this.pendingStop = undefined;
    this.bus.reservations.clearAll();
    for (const device of this.devices) device.reset();
    for (const cpu of this.cpus) {
      cpu.reset();
      cpu.cycle = this.cycle;
    }
  }

  stats(): MachineStats {
    const r = this.bus.reservations;
    return {
      cycle: this.cycle,
      eventsFired: this.eventsFired,
      busErrors: this.bus.busErrors,
      cpus: this.cpus.map((cpu, k) => ({
        cpu: k,
        busyCycles: this.busy[k] ?? 0,
        idleCycles: this.idle[k] ?? 0,
        scSucceeded: r.scSucceeded[k] ?? 0,
        scFailed: r.scFailed[k] ?? 0,
        family: reportsStats(cpu) ? cpu.stats() : {},
      })),
      devices: Object.fromEntries(this.devices.map((d) => [d.name, d.stats()])),
    };
  }
}
