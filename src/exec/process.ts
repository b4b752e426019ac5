// One `chorus exec` process: a MIPS CPU on a bus with RAM, the ELF image loaded into a user
// address space, the initial stack (argc, argv, envp, auxv as Linux builds it), and the host
// exception handlers that play the kernel: TLB refill from the address space, the system-call
// shim, and guest faults turned into a one-line report and a 128+signal exit status.
import { constants } from 'node:os';
import { EXC, EXC_NAMES, MipsCpu, STATUS, tlbWrite } from '../../machine/cpu/mips/index.ts';
import { ELF_MACHINE, type Elf32Image, ElfError, parseElf32 } from '../../machine/elf/index.ts';
import { Bus, Ram } from '../../machine/memory/index.ts';
import { AddressSpace, PAGE_SIZE, STACK_TOP } from './address-space.ts';
import { FileTable, type HostStreams } from './host-files.ts';
import { Signals } from './signals-mips.ts';
import { mipsSyscall } from './syscalls-mips.ts';

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
  /** Host directory guest `open` may read from (default: the current directory). */
  readonly directory?: string;
  /** Stop after this many cycles (default: no limit). */
  readonly maxCycles?: number;
  /** RAM size in bytes (default 128 MiB). */
  readonly ramSize?: number;
  /** Log every system call to stderr. */
  readonly strace?: boolean;
}

/** Nominal clock of the exec CPU: one instruction per cycle at 100 MHz. */
export const EXEC_FREQUENCY_HZ = 100_000_000;
const ASID = 1;
const RT_SIGRETURN = 4193;
/**
 * Signals a fault kills the guest with, numbered as the host numbers them: the exit status is
 * 128 + signal as a shell reports it, which is what qemu-user produces by re-raising the signal.
 */
const SIGNAL = {
  SIGILL: constants.signals.SIGILL,
  SIGTRAP: constants.signals.SIGTRAP,
  SIGFPE: constants.signals.SIGFPE,
  SIGBUS: constants.signals.SIGBUS,
  SIGSEGV: constants.signals.SIGSEGV,
} as const;
const SIGNAL_NAMES = new Map<number, string>(Object.entries(SIGNAL).map(([name, n]) => [n, name]));

/** A bad executable or option: reported as one line, exit status 2. */
export class ExecError extends Error {
  override name = 'ExecError';
}

/** EntryLo for a physical frame: PFN, cacheable (C = 3), dirty, valid. */
function entryLo(frame: number): number {
  return frame < 0 ? 0 : (frame << 6) | (3 << 3) | 4 | 2;
}

export class ExecProcess {
  readonly cpu: MipsCpu;
  readonly bus: Bus;
  readonly space: AddressSpace;
  readonly files: FileTable;
  readonly signals: Signals;
  readonly pid = 1000;
  readonly strace: boolean;
  exitStatus: number | undefined;
  /** One line describing a guest fault, when the process died of one. */
  faultMessage: string | undefined;
  private readonly elf: Elf32Image;

  constructor(private readonly options: ExecOptions) {
    let elf: Elf32Image;
    try {
      elf = parseElf32(options.image, ELF_MACHINE.mips);
    } catch (error) {
      if (error instanceof ElfError) throw new ExecError(error.message);
      throw error;
    }
    const endianness = elf.endianness;
    if (options.arch !== undefined && (options.arch === 'mipsel') !== (endianness === 'little'))
      throw new ExecError(`--arch ${options.arch} does not match this ${endianness}-endian MIPS executable`);
    this.elf = elf;
    this.strace = options.strace ?? false;
    this.bus = new Bus(endianness);
    const ram = new Ram(options.ramSize ?? 128 << 20);
    this.bus.mapRam(0, ram);
    this.bus.setCpuCount(1);
    this.cpu = new MipsCpu(this.bus, { index: 0, reservations: this.bus.reservations });
    this.space = new AddressSpace(this.bus, ram);
    this.files = new FileTable(options.streams, options.directory ?? process.cwd());
    this.load();
    this.signals = new Signals(this);
    this.start(this.buildStack());
  }

  /** Copies each PT_LOAD segment into fresh pages; the brk heap starts after the highest one. */
  private load(): void {
    let end = 0;
    for (const segment of this.elf.segments) {
      const top = segment.vaddr + segment.memSize;
      if (top > STACK_TOP - (8 << 20)) throw new ExecError('a segment overlaps the stack area');
      this.space.addRegion(segment.vaddr - (segment.vaddr % PAGE_SIZE), top);
      if (!this.space.write(segment.vaddr, segment.data))
        throw new ExecError('the program does not fit in memory');
      end = Math.max(end, top);
    }
    this.space.setBreakStart(end);
  }

  /** Linux's initial stack: argc, argv[], 0, envp[], 0, auxv pairs, then the strings above. */
  private buildStack(): number {
    const { argv } = this.options;
    const env = this.options.env ?? [];
    let top = STACK_TOP - 16;
    const pushString = (text: string): number => {
      const bytes = Buffer.from(`${text}\0`);
      top -= bytes.length;
      this.space.write(top, bytes);
      return top;
    };
    const execfn = pushString(argv[0] ?? '');
    const argAddresses = argv.map(pushString);
    const envAddresses = env.map(pushString);
    top -= 16;
    const random = top;
    this.space.write(
      random,
      Uint8Array.from({ length: 16 }, (_, i) => (i * 37 + 11) & 0xff),
    );
    const auxv = [
      [3, this.elf.phdrAddress],
      [4, this.elf.phentsize],
      [5, this.elf.phnum],
      [6, PAGE_SIZE],
      [7, 0],
      [8, 0],
      [9, this.elf.entry],
      [11, 0],
      [12, 0],
      [13, 0],
      [14, 0],
      [16, 0],
      [17, 100],
      [23, 0],
      [25, random],
      [31, execfn],
      [0, 0],
    ].flat();
    const words = [argv.length, ...argAddresses, 0, ...envAddresses, 0, ...auxv];
    let sp = top - 4 * words.length;
    sp -= sp % 16;
    words.forEach((word, i) => {
      this.space.writeWord(sp + 4 * i, word);
    });
    return sp;
  }

  /** Enters user mode at the entry point with the registers Linux gives a new process. */
  private start(sp: number): void {
    const cpu = this.cpu;
    cpu.reset();
    cpu.status = STATUS.UM | STATUS.EXL;
    cpu.soft.modeChanged();
    cpu.entryHi = ASID;
    cpu.hwrEna = 0x2000000f; // CPUNum, SYNCI_Step, CC, CCRes and UserLocal readable, as Linux sets
    cpu.r[29] = sp;
    cpu.epc = this.elf.entry | 0;
    cpu.eret();
    cpu.setExceptionHandler('tlbRefill', (c) => this.onTlbFault(c));
    cpu.setExceptionHandler('general', (c) => this.onGeneral(c));
  }

  /** Refill (or invalid entry): load the even/odd pair from the address space, then retry. */
  private onTlbFault(cpu: MipsCpu): void {
    const address = cpu.badVAddr >>> 0;
    if (this.space.frameOf(address) < 0) {
      this.fault(cpu, SIGNAL.SIGSEGV);
      return;
    }
    const even = Math.floor(address / (2 * PAGE_SIZE)) * 2;
    cpu.entryHi = (even * PAGE_SIZE) | ASID | 0;
    cpu.pageMask = 0;
    cpu.entryLo0 = entryLo(this.space.mappedFrame(even));
    cpu.entryLo1 = entryLo(this.space.mappedFrame(even + 1));
    const index = cpu.tlb.probe(cpu.entryHi, ASID);
    tlbWrite(cpu, index >= 0 ? index : cpu.random);
    cpu.eret();
  }

  private onGeneral(cpu: MipsCpu): void {
    const code = (cpu.cause >>> 2) & 31;
    switch (code) {
      case EXC.Sys:
        if (cpu.cause < 0) {
          this.fault(cpu, SIGNAL.SIGILL, 'syscall in a branch delay slot is not supported');
          return;
        }
        if (cpu.r[2] === RT_SIGRETURN) {
          if (this.signals.sigreturn(cpu)) cpu.eret();
          else this.fault(cpu, SIGNAL.SIGSEGV, 'rt_sigreturn without a signal frame');
          return;
        }
        mipsSyscall(this, cpu);
        if (this.exitStatus !== undefined) return;
        cpu.epc = (cpu.epc + 4) | 0;
        this.signals.deliver(cpu);
        if (this.exitStatus !== undefined) return;
        cpu.eret();
        return;
      case EXC.TLBL:
      case EXC.TLBS:
        this.onTlbFault(cpu);
        return;
      case EXC.AdEL:
      case EXC.AdES:
        this.fault(cpu, cpu.badVAddr >>> 0 >= 0x80000000 ? SIGNAL.SIGSEGV : SIGNAL.SIGBUS);
        return;
      case EXC.Bp:
      case EXC.Tr:
        this.fault(cpu, this.trapCode(cpu, code) === 7 ? SIGNAL.SIGFPE : SIGNAL.SIGTRAP);
        return;
      case EXC.Ov:
        this.fault(cpu, SIGNAL.SIGFPE);
        return;
      case EXC.RI:
      case EXC.CpU:
        this.fault(cpu, SIGNAL.SIGILL);
        return;
      default:
        this.fault(cpu, code === EXC.IBE || code === EXC.DBE ? SIGNAL.SIGBUS : SIGNAL.SIGSEGV);
    }
  }

  /** The code field of the BREAK or trap instruction at EPC (7 = divide by zero, as Linux reads it). */
  private trapCode(cpu: MipsCpu, code: number): number {
    const at = (cpu.epc + (cpu.cause < 0 ? 4 : 0)) >>> 0;
    const inst = this.space.readWord(at) ?? 0;
    return code === EXC.Bp ? (inst >>> 16) & 0x3ff : (inst >>> 6) & 0x3ff;
  }

  /** The guest dies of a signal: one line naming cause, PC and address; status 128 + signal. */
  private fault(cpu: MipsCpu, signal: number, detail?: string): void {
    const code = (cpu.cause >>> 2) & 31;
    const hex = (value: number) => `0x${(value >>> 0).toString(16).padStart(8, '0')}`;
    const address =
      code === EXC.Bp || code === EXC.Tr || code === EXC.Ov ? '' : `, address ${hex(cpu.badVAddr)}`;
    this.faultMessage =
      `guest fault: ${detail ?? EXC_NAMES[code] ?? `exception ${code}`} at pc ${hex(cpu.epc)}${address}` +
      ` (${SIGNAL_NAMES.get(signal) ?? `signal ${signal}`})`;
    this.exitStatus = 128 + signal;
    cpu.requestStop();
  }

  /** The default action of a signal killed the guest: status 128 + the host's number for it. */
  killedBy(hostSignal: number, name: string): void {
    this.faultMessage = `killed by ${name}`;
    this.exitStatus = 128 + hostSignal;
    this.cpu.requestStop();
  }

  exit(status: number): void {
    this.exitStatus = status;
    this.cpu.requestStop();
  }

  /** Drops every TLB entry (after munmap), as a kernel would shoot down the range. */
  flushTlb(): void {
    this.cpu.tlb.reset();
    this.cpu.soft.flushAll();
  }

  simulatedNanoseconds(): number {
    return Math.floor((this.cpu.cycle * 1e9) / EXEC_FREQUENCY_HZ);
  }

  /** nanosleep: simulated time passes (the CPU's cycle counter jumps ahead). */
  sleep(nanoseconds: number): void {
    this.cpu.cycle += Math.ceil((nanoseconds * EXEC_FREQUENCY_HZ) / 1e9);
  }

  trace(line: string): void {
    this.options.streams.stderr(Buffer.from(line));
  }

  /** Runs until the guest exits, faults, or reaches `maxCycles`; returns the exit status. */
  run(): number | undefined {
    const limit = this.options.maxCycles ?? Number.POSITIVE_INFINITY;
    while (this.exitStatus === undefined && this.cpu.cycle < limit) {
      this.cpu.run(Math.min(limit, this.cpu.cycle + 50_000_000));
      if (this.cpu.idle) break; // cannot happen in user mode (WAIT is privileged), kept as a guard
    }
    this.files.closeAll();
    return this.exitStatus;
  }
}
