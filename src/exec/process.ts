// One guest process of `chorus exec`: its own MIPS CPU object (registers, TLB, decoded-block
// cache) on the run's shared bus and RAM, its user address space, descriptor table and signal
// state, and the host exception handlers that play the kernel for it: TLB refill from the
// address space, the system-call shim, and guest faults turned into a signal (a handler, or
// death with a one-line report). The scheduler that interleaves processes is kernel.ts.
import { EXC, EXC_NAMES, MipsCpu, STATUS, tlbWrite } from '../../machine/cpu/mips/index.ts';
import type { Elf32Image } from '../../machine/elf/index.ts';
import { AddressSpace, PAGE_SIZE, STACK_TOP } from './address-space.ts';
import { FileTable } from './host-files.ts';
import { ERRNO } from './host-paths.ts';
import type { ExecKernel } from './kernel.ts';
import { hostSignal, SIG, Signals, signalName } from './signals-mips.ts';
import { mipsSyscall, SYSCALL_BLOCK } from './syscalls-mips.ts';

const ASID = 1;
const RT_SIGRETURN = 4193;
/** pause, rt_sigsuspend, nanosleep, clock_nanosleep: EINTR even under SA_RESTART. */
const NEVER_RESTARTED = new Set([4029, 4199, 4166, 4265]);

/** A bad executable (reported as one line at start, ENOEXEC for execve). */
export class ExecError extends Error {
  override name = 'ExecError';
}

/** EntryLo for a physical frame: PFN, cacheable (C = 3), dirty, valid. */
function entryLo(frame: number): number {
  return frame < 0 ? 0 : (frame << 6) | (3 << 3) | 4 | 2;
}

export type ProcessState = 'running' | 'blocked' | 'zombie';

export class ExecProcess {
  cpu: MipsCpu;
  space: AddressSpace;
  readonly files: FileTable;
  readonly signals: Signals;
  readonly pid: number;
  parent: ExecProcess | undefined;
  state: ProcessState = 'running';
  /** The wait(2) status word once a zombie: exit code << 8, or the MIPS signal number. */
  waitStatus = 0;
  /** The status a shell would report: the exit code, or 128 + host signal number. */
  exitStatus: number | undefined;
  /** One line describing a guest fault or fatal signal, when the process died of one. */
  faultMessage: string | undefined;
  /** nanosleep: the simulated cycle to wake at. */
  sleepUntil: number | undefined;
  /** alarm/setitimer(ITIMER_REAL): the cycle the timer fires at, and its reload interval. */
  alarmAt: number | undefined;
  alarmInterval = 0;

  constructor(
    readonly kernel: ExecKernel,
    pid: number,
    parent: ExecProcess | undefined,
  ) {
    this.pid = pid;
    this.parent = parent;
    this.space = new AddressSpace(kernel.bus, kernel.ram, kernel.pool);
    this.files = parent
      ? parent.files.fork()
      : new FileTable(kernel.options.streams, kernel.options.directory ?? process.cwd(), kernel.fifos);
    this.signals = new Signals(this, parent?.signals);
    this.cpu = this.newCpu();
    if (parent !== undefined) {
      if (!this.space.copyFrom(parent.space)) {
        this.space.release();
        this.files.closeAll();
        throw new ExecError('out of memory');
      }
      const from = parent.cpu;
      const cpu = this.cpu;
      cpu.r.set(from.r);
      cpu.hi = from.hi;
      cpu.lo = from.lo;
      cpu.userLocal = from.userLocal;
      cpu.epc = (from.epc + 4) | 0; // the child returns from fork with v0 = 0, a3 = 0
      cpu.r[2] = 0;
      cpu.r[3] = 0;
      cpu.r[7] = 0;
      cpu.eret();
    }
  }

  get strace(): boolean {
    return this.kernel.options.strace ?? false;
  }

  /** A CPU in user mode with this process's exception handlers (the caller sets EPC and ERETs). */
  private newCpu(): MipsCpu {
    const cpu = new MipsCpu(this.kernel.bus, { index: 0, reservations: this.kernel.bus.reservations });
    cpu.reset();
    cpu.status = STATUS.UM | STATUS.EXL;
    cpu.soft.modeChanged();
    cpu.entryHi = ASID;
    cpu.hwrEna = 0x2000000f; // CPUNum, SYNCI_Step, CC, CCRes and UserLocal readable, as Linux sets
    cpu.cycle = this.kernel.now;
    cpu.setExceptionHandler('tlbRefill', (c) => this.onTlbFault(c));
    cpu.setExceptionHandler('general', (c) => this.onGeneral(c));
    return cpu;
  }

  /**
   * Replaces the program (first start and execve): a fresh address space holding the ELF's
   * PT_LOAD segments, Linux's initial stack, and a fresh CPU at the entry point.
   */
  exec(elf: Elf32Image, argv: readonly string[], env: readonly string[]): void {
    const old = this.space;
    const space = new AddressSpace(this.kernel.bus, this.kernel.ram, this.kernel.pool);
    let end = 0;
    for (const segment of elf.segments) {
      const top = segment.vaddr + segment.memSize;
      if (top > STACK_TOP - (8 << 20)) {
        space.release();
        throw new ExecError('a segment overlaps the stack area');
      }
      space.addRegion(segment.vaddr - (segment.vaddr % PAGE_SIZE), top);
      if (!space.write(segment.vaddr, segment.data)) {
        space.release();
        throw new ExecError('the program does not fit in memory');
      }
      end = Math.max(end, top);
    }
    space.setBreakStart(end);
    old.release();
    this.space = space;
    this.signals.resetForExec();
    this.files.closeOnExec();
    const sp = this.buildStack(elf, argv, env);
    const previous = this.cpu;
    previous.requestStop();
    this.cpu = this.newCpu();
    this.cpu.r[29] = sp;
    this.cpu.epc = elf.entry | 0;
    this.cpu.eret();
  }

  /** Linux's initial stack: argc, argv[], 0, envp[], 0, auxv pairs, then the strings above. */
  private buildStack(elf: Elf32Image, argv: readonly string[], env: readonly string[]): number {
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
      [3, elf.phdrAddress],
      [4, elf.phentsize],
      [5, elf.phnum],
      [6, PAGE_SIZE],
      [7, 0],
      [8, 0],
      [9, elf.entry],
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

  /** Refill (or invalid entry): load the even/odd pair from the address space, then retry. */
  private onTlbFault(cpu: MipsCpu): void {
    const address = cpu.badVAddr >>> 0;
    if (this.space.frameOf(address) < 0) {
      this.fault(cpu, SIG.SIGSEGV, 1);
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
          this.fault(cpu, SIG.SIGILL, 0, 'syscall in a branch delay slot is not supported');
          return;
        }
        if (cpu.r[2] === RT_SIGRETURN) {
          if (this.signals.sigreturn(cpu)) this.returnToUser();
          else this.fault(cpu, SIG.SIGSEGV, 0, 'rt_sigreturn without a signal frame');
          return;
        }
        this.syscall();
        return;
      case EXC.TLBL:
      case EXC.TLBS:
        this.onTlbFault(cpu);
        return;
      case EXC.AdEL:
      case EXC.AdES:
        if (cpu.badVAddr >>> 0 >= 0x80000000) this.fault(cpu, SIG.SIGSEGV, 1);
        else this.fault(cpu, SIG.SIGBUS, 1);
        return;
      case EXC.Bp:
      case EXC.Tr:
        this.fault(cpu, this.trapCode(cpu, code) === 7 ? SIG.SIGFPE : SIG.SIGTRAP, 1);
        return;
      case EXC.Ov:
        this.fault(cpu, SIG.SIGFPE, 1);
        return;
      case EXC.RI:
      case EXC.CpU:
        this.fault(cpu, SIG.SIGILL, 1);
        return;
      default:
        this.fault(cpu, code === EXC.IBE || code === EXC.DBE ? SIG.SIGBUS : SIG.SIGSEGV, 1);
    }
  }

  /** Runs the system call in v0; a call that must wait leaves the process blocked (retried later). */
  syscall(): void {
    const cpu = this.cpu;
    const result = mipsSyscall(this, cpu);
    if (this.state === 'zombie' || cpu !== this.cpu) return; // exited, or execve replaced the CPU
    if (result === SYSCALL_BLOCK) {
      this.state = 'blocked';
      cpu.requestStop();
      return;
    }
    this.state = 'running';
    cpu.epc = (cpu.epc + 4) | 0;
    this.returnToUser();
  }

  /**
   * A blocked call gives up because a signal is ready (the handler runs next): it fails with
   * EINTR, or, when the handler has SA_RESTART and the call is not one Linux never restarts
   * (pause, sigsuspend, nanosleep), it is made again after the handler (EPC stays on it).
   */
  interrupt(): void {
    const cpu = this.cpu;
    this.state = 'running';
    this.sleepUntil = undefined;
    if (!NEVER_RESTARTED.has(cpu.r[2]!) && this.signals.nextRestarts()) {
      this.returnToUser();
      return;
    }
    cpu.r[2] = ERRNO.EINTR;
    cpu.r[7] = 1;
    cpu.epc = (cpu.epc + 4) | 0;
    this.returnToUser();
  }

  /** Leaves the kernel: pending signals first (a handler frame, or the default action), then ERET. */
  private returnToUser(): void {
    this.signals.deliver(this.cpu);
    if (this.state === 'zombie') return;
    this.cpu.eret();
  }

  /** The code field of the BREAK or trap instruction at EPC (7 = divide by zero, as Linux reads it). */
  private trapCode(cpu: MipsCpu, code: number): number {
    const at = (cpu.epc + (cpu.cause < 0 ? 4 : 0)) >>> 0;
    const inst = this.space.readWord(at) ?? 0;
    return code === EXC.Bp ? (inst >>> 16) & 0x3ff : (inst >>> 6) & 0x3ff;
  }

  /**
   * A synchronous signal from a fault: a handler gets it (siginfo with si_addr = BadVAddr or
   * the PC), unless it is blocked or has no handler: then the process dies with one line
   * naming cause, PC and address.
   */
  private fault(cpu: MipsCpu, signal: number, siCode: number, detail?: string): void {
    const code = (cpu.cause >>> 2) & 31;
    const noAddress = code === EXC.Bp || code === EXC.Tr || code === EXC.Ov || code === EXC.RI;
    const address = noAddress ? cpu.epc : cpu.badVAddr;
    if (detail === undefined && this.signals.deliverFault(cpu, signal, siCode, address)) {
      cpu.eret();
      return;
    }
    const hex = (value: number) => `0x${(value >>> 0).toString(16).padStart(8, '0')}`;
    const where =
      code === EXC.Bp || code === EXC.Tr || code === EXC.Ov ? '' : `, address ${hex(cpu.badVAddr)}`;
    this.die(
      signal,
      `guest fault: ${detail ?? EXC_NAMES[code] ?? `exception ${code}`} at pc ${hex(cpu.epc)}${where}` +
        ` (${signalName(signal)})`,
    );
  }

  /** The default action of a signal killed the process. */
  die(signal: number, message?: string): void {
    this.faultMessage = message ?? `killed by ${signalName(signal)}`;
    this.terminate(signal & 0x7f, 128 + hostSignal(signal));
  }

  exit(status: number): void {
    this.terminate((status & 0xff) << 8, status & 0xff);
  }

  private terminate(waitStatus: number, exitStatus: number): void {
    this.waitStatus = waitStatus;
    this.exitStatus = exitStatus;
    this.state = 'zombie';
    this.cpu.requestStop();
    this.files.closeAll();
    this.space.release();
    this.kernel.exited(this);
  }

  /** Drops every TLB entry (after munmap), as a kernel would shoot down the range. */
  flushTlb(): void {
    this.cpu.tlb.reset();
    this.cpu.soft.flushAll();
  }

  simulatedNanoseconds(): number {
    return this.kernel.nanoseconds();
  }

  trace(line: string): void {
    this.kernel.options.streams.stderr(Buffer.from(line));
  }
}
