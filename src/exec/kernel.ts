// The "kernel" of one `chorus exec` run: the shared simulated RAM and bus, the process table,
// the simulated clock and the scheduler. Every guest process has its own MipsCpu object; the
// scheduler runs them one at a time, round-robin, in slices of SLICE cycles on one timeline
// (each CPU's cycle counter is set to the clock before its slice), so the interleaving is a
// pure function of the programs and their input. A process blocked in a system call (wait,
// an empty pipe, pause, nanosleep) does not run; the call is retried each round, or gives up
// with EINTR when a signal is ready. When every process is blocked the clock jumps to the next
// timer (alarm, nanosleep); with no timer left the run ends as deadlocked. The run ends when
// the first process exits; anything still running then is discarded.
import { ELF_MACHINE, type Elf32Image, ElfError, parseElf32 } from '../../machine/elf/index.ts';
import { Bus, Ram } from '../../machine/memory/index.ts';
import { FramePool } from './address-space.ts';
import type { HostStreams } from './host-files.ts';
import type { Pipe } from './pipes.ts';
import { ExecError, ExecProcess } from './process.ts';
import { SIG } from './signals-mips.ts';

export type ExecArch = 'mips' | 'mipsel';

export interface ExecOptions {
  /** The ELF file's bytes. */
  readonly image: Uint8Array;
  /** argv, argv[0] included. */
  readonly argv: readonly string[];
  readonly env?: readonly string[];
  /** Family; taken from the ELF header when absent. */
  readonly arch?: ExecArch;
  readonly streams: HostStreams;
  /** Host directory guest paths are confined to (default: the current directory). */
  readonly directory?: string;
  /**
   * Host directory served as the guest's /bin for execve (e.g. the userland's programs of the
   * same family, so that system() finds /bin/sh); none by default.
   */
  readonly binDirectory?: string;
  /** Stop after this many cycles (default: no limit). */
  readonly maxCycles?: number;
  /** RAM size in bytes (default 128 MiB), shared by all processes. */
  readonly ramSize?: number;
  /** Log every system call to stderr. */
  readonly strace?: boolean;
}

/** Nominal clock of the exec CPU: one instruction per cycle at 100 MHz. */
export const EXEC_FREQUENCY_HZ = 100_000_000;
/** Scheduler slice: 1 ms of simulated time. */
const SLICE = 100_000;
const FIRST_PID = 1000;
/** Live and zombie processes at once (each costs about 2.5 MB of host memory); fork is EAGAIN beyond. */
const MAX_PROCESSES = 64;

export class ExecKernel {
  readonly bus: Bus;
  readonly ram: Ram;
  readonly pool: FramePool;
  readonly fifos = new Map<string, Pipe>();
  /** Live and zombie processes by pid, in creation order. */
  readonly processes = new Map<number, ExecProcess>();
  readonly init: ExecProcess;
  readonly littleEndian: boolean;
  /** The simulated clock, in cycles. */
  now = 0;
  /** Why the run stopped early (deadlock), if it did. */
  stopMessage: string | undefined;
  private nextPid = FIRST_PID;

  constructor(readonly options: ExecOptions) {
    const elf = this.parse(options.image, ExecError);
    const endianness = elf.endianness;
    if (options.arch !== undefined && (options.arch === 'mipsel') !== (endianness === 'little'))
      throw new ExecError(`--arch ${options.arch} does not match this ${endianness}-endian MIPS executable`);
    this.littleEndian = endianness === 'little';
    this.bus = new Bus(endianness);
    this.ram = new Ram(options.ramSize ?? 128 << 20);
    this.bus.mapRam(0, this.ram);
    this.bus.setCpuCount(1); // every process's CPU is index 0: only one runs at a time
    this.pool = new FramePool(this.ram);
    this.init = this.spawn(undefined);
    this.init.exec(elf, options.argv, options.env ?? []);
  }

  /** An ELF image for this run, or the error `Failure` carries the reason in. */
  parse(image: Uint8Array, Failure: new (message: string) => Error): Elf32Image {
    try {
      return parseElf32(image, ELF_MACHINE.mips);
    } catch (error) {
      if (error instanceof ElfError) throw new Failure(error.message);
      throw error;
    }
  }

  /** A new process (fork's child when `parent` is given); the caller checks `full` first. */
  spawn(parent: ExecProcess | undefined): ExecProcess {
    const process = new ExecProcess(this, this.nextPid++, parent);
    this.processes.set(process.pid, process);
    return process;
  }

  get full(): boolean {
    return this.processes.size >= MAX_PROCESSES;
  }

  nanoseconds(): number {
    return Math.floor((this.now * 1e9) / EXEC_FREQUENCY_HZ);
  }

  /** Cycles for a duration in nanoseconds. */
  cyclesFor(nanoseconds: number): number {
    return Math.ceil((nanoseconds * EXEC_FREQUENCY_HZ) / 1e9);
  }

  /** A process ended: its children go to init, its parent gets SIGCHLD. */
  exited(process: ExecProcess): void {
    for (const other of this.processes.values())
      if (other.parent === process) other.parent = process === this.init ? undefined : this.init;
    process.parent?.signals.post(SIG.SIGCHLD, process.pid, (process.waitStatus & 0x7f) === 0 ? 1 : 2);
  }

  /** Removes a reaped zombie. */
  reap(process: ExecProcess): void {
    this.processes.delete(process.pid);
  }

  /** Fires the ITIMER_REAL timers that are due. */
  private fireTimers(): void {
    for (const process of this.processes.values()) {
      if (process.alarmAt === undefined || process.alarmAt > this.now || process.state === 'zombie') continue;
      process.alarmAt = process.alarmInterval > 0 ? process.alarmAt + process.alarmInterval : undefined;
      process.signals.post(SIG.SIGALRM, 0, 0x80); // SI_KERNEL
    }
  }

  /** The earliest timer or sleep deadline of a live process, if any. */
  private nextDeadline(): number | undefined {
    let next: number | undefined;
    for (const process of this.processes.values()) {
      if (process.state === 'zombie') continue;
      for (const at of [process.alarmAt, process.sleepUntil])
        if (at !== undefined && (next === undefined || at < next)) next = at;
    }
    return next;
  }

  /** One turn of `process`: resume a blocked call if it can, then run a slice. True if it ran. */
  private turn(process: ExecProcess, limit: number): boolean {
    if (process.state === 'blocked') {
      process.syscall(); // retried first: a call that can complete now does (as Linux's wakeup)
      if ((process.state as string) === 'blocked' && process.signals.hasDeliverable()) process.interrupt();
      if ((process.state as string) !== 'running') return false;
    }
    const cpu = process.cpu;
    if (!cpu.nextInDelay && process.signals.hasDeliverable()) {
      // an asynchronous signal: taken at this instruction boundary
      cpu.epc = cpu.pc;
      process.signals.deliver(cpu);
      if ((process.state as string) !== 'running') return true;
      cpu.eret();
    }
    cpu.cycle = this.now;
    cpu.run(Math.min(limit, this.now + SLICE));
    this.now = Math.max(this.now, cpu.cycle);
    return true;
  }

  /** Runs until the first process exits or the cycle limit; its exit status, or undefined. */
  run(): number | undefined {
    const limit = this.options.maxCycles ?? Number.POSITIVE_INFINITY;
    while (this.init.state !== 'zombie' && this.now < limit) {
      this.fireTimers();
      let ran = false;
      for (const process of [...this.processes.values()]) {
        if (process.state === 'zombie') continue;
        if (this.turn(process, limit)) ran = true;
        if ((this.init.state as string) === 'zombie' || this.now >= limit) break;
      }
      if (ran) continue;
      const next = this.nextDeadline();
      if (next === undefined) {
        this.stopMessage = 'every process is blocked and no timer is set (deadlock)';
        break;
      }
      this.now = Math.max(this.now, next);
    }
    for (const process of this.processes.values()) if (process.state !== 'zombie') process.files.closeAll();
    return this.init.exitStatus;
  }
}
