// The MIPS32r2 CPU: architectural state (GPRs, HI/LO, PC with its delay-slot state, CP0), the run
// loop that the board calls for each quantum, interrupts and the Count/Compare timer, WAIT, and
// exception entry (MIPS32 PRA, "Exceptions"). Instruction execution is in interpreter.ts,
// address translation and the soft TLB in memory.ts, the CP0 instructions in cp0-ops.ts.
//
// Exception entry follows the architecture (EPC/BD, Cause.ExcCode, BadVAddr, Status.EXL, vector
// address) and then calls the host handler installed for that vector, if any (DESIGN.md §2: in
// this project the handlers are host code of the nucleus HAL). Without a handler, the guest code
// at the vector runs.
import { ReservationTable } from '../../memory/index.ts';
import type { Cpu, NativeContext, PhysicalBus } from '../types.ts';
import { BlockCache } from './blocks.ts';
import {
  BEV_BASE,
  CAUSE,
  CONFIG2,
  CONFIG3,
  config0,
  config1,
  EXC,
  PRID_24KC,
  RESET_VECTOR,
  STATUS,
  VECTOR_OFFSET,
} from './cp0.ts';
import { interpret } from './interpreter.ts';
import { SoftTlb } from './memory.ts';
import { TLB_ENTRIES, Tlb } from './tlb.ts';

/** The three vectors a host handler can be installed on. */
export type MipsVector = 'tlbRefill' | 'general' | 'interrupt';
/** A host exception handler: it sees the CPU just after exception entry and may change anything. */
export type MipsExceptionHandler = (cpu: MipsCpu) => void;

export interface MipsCpuOptions {
  /** Index of this CPU on its board (also EBase.CPUNum). */
  readonly index?: number;
  /** Number of TLB entries (default 64). */
  readonly tlbEntries?: number;
  /**
   * The board's LL/SC reservation table (machine/memory), shared by all CPUs on the bus. A CPU
   * made without one gets a private table, which only sees its own reservation.
   */
  readonly reservations?: ReservationTable;
  /** Compile hot basic blocks (blocks.ts); default true. Off, every instruction is interpreted. */
  readonly blockCache?: boolean;
}

const TWO_32 = 4294967296;
/** Status.IM7: the mask bit of the timer interrupt. */
const TIMER_MASK = 1 << (STATUS.IM_SHIFT + 7);

export class MipsCpu implements Cpu {
  readonly index: number;
  readonly bus: PhysicalBus;
  readonly littleEndian: boolean;
  cycle = 0;

  /** General-purpose registers; r[0] reads as zero. */
  readonly r = new Int32Array(32);
  hi = 0;
  lo = 0;
  /** Address of the next instruction, the one after it, and whether `pc` is in a delay slot. */
  pc = 0;
  npc = 4;
  nextInDelay = false;

  // CP0 state. Count is derived from the cycle counter; Random from the cycle and Wired.
  readonly tlb: Tlb;
  cp0Index = 0;
  entryLo0 = 0;
  entryLo1 = 0;
  context = 0;
  userLocal = 0;
  pageMask = 0;
  wired = 0;
  hwrEna = 0;
  badVAddr = 0;
  entryHi = 0;
  compare = 0;
  status = 0;
  cause = 0;
  epc = 0;
  ebase = 0;
  errorEpc = 0;
  readonly prid = PRID_24KC;
  readonly config0: number;
  readonly config1: number;
  readonly config2 = CONFIG2;
  readonly config3 = CONFIG3;
  /** Count = cycle - countBase (mod 2^32). */
  countBase = 0;
  /** Cycle at which Count next equals Compare. */
  timerDeadline = TWO_32;
  randomBase = 0;

  /** LLbit and the reserved granule live in the bus's reservation table under `index`. */
  readonly reservations: ReservationTable;

  /** Hardware interrupt inputs 0..5 (Cause.IP2..IP7), as a bit mask. */
  private hwLines = 0;
  /** True after WAIT with nothing pending, until an unmasked interrupt is pending. */
  waiting = false;
  /** The native context run instead of guest code, if any (see setNative). */
  native: NativeContext | undefined = undefined;
  /** Set by a host handler (or the board) to make `run` return at the next boundary. */
  stopRequested = false;
  /** Makes the interpreter leave its loop at the next boundary (stop, or a new interrupt). */
  attention = false;
  /** A device's misuse report waiting to be raised as a machine check, or undefined. */
  pendingMachineCheck: string | undefined;
  /** The report of the last machine check taken (for the handler to print). */
  machineCheckReport = '';

  // Exception bookkeeping of the instruction being executed (set by the interpreter).
  excPc = 0;
  excDelay = false;
  /** Set by exception entry so the interpreter abandons the current instruction. */
  trapped = false;

  readonly soft: SoftTlb;
  /** Compiled blocks, or null when the CPU only interprets. */
  readonly blocks: BlockCache | null;
  /** Where a compiled block left pc. */
  blockPc = 0;
  private readonly handlers: (MipsExceptionHandler | undefined)[] = [undefined, undefined, undefined];

  // Statistics for end-of-run reports.
  exceptions = 0;
  interrupts = 0;

  constructor(bus: PhysicalBus, options: MipsCpuOptions = {}) {
    this.bus = bus;
    this.index = options.index ?? 0;
    this.reservations = options.reservations ?? new ReservationTable(this.index + 1);
    this.littleEndian = bus.endianness === 'little';
    this.tlb = new Tlb(options.tlbEntries ?? TLB_ENTRIES);
    this.config0 = config0(!this.littleEndian);
    this.config1 = config1(this.tlb.size);
    this.soft = new SoftTlb(this);
    this.blocks = options.blockCache === false ? null : new BlockCache();
    this.reset();
  }

  /** Cold reset: kernel mode with ERL and BEV set, PC at the reset vector 0xbfc00000. */
  reset(): void {
    this.r.fill(0);
    this.hi = 0;
    this.lo = 0;
    this.pc = RESET_VECTOR;
    this.npc = (RESET_VECTOR + 4) | 0;
    this.nextInDelay = false;
    this.tlb.reset();
    this.cp0Index = 0;
    this.entryLo0 = 0;
    this.entryLo1 = 0;
    this.context = 0;
    this.userLocal = 0;
    this.pageMask = 0;
    this.wired = 0;
    this.hwrEna = 0;
    this.badVAddr = 0;
    this.entryHi = 0;
    this.compare = 0;
    this.status = STATUS.BEV | STATUS.ERL;
    this.cause = 0;
    this.epc = 0;
    this.ebase = 0x80000000 | (this.index & 0x3ff) | 0;
    this.errorEpc = 0;
    this.countBase = this.cycle;
    this.timerDeadline = this.cycle + TWO_32;
    this.randomBase = this.cycle;
    this.reservations.clear(this.index);
    this.waiting = false;
    this.trapped = false;
    this.stopRequested = false;
    this.pendingMachineCheck = undefined;
    this.native = undefined;
    this.hwLines = 0;
    this.soft.flushAll();
  }

  /** Installs (or removes) the host handler called after entry to `vector`. */
  setExceptionHandler(vector: MipsVector, handler: MipsExceptionHandler | undefined): void {
    this.handlers[vector === 'tlbRefill' ? 0 : vector === 'general' ? 1 : 2] = handler;
  }

  /** Idle for the board: waiting (WAIT) for an interrupt; `nextWake` says when the timer ends it. */
  get idle(): boolean {
    return this.waiting;
  }

  /** The board's WakesItself capability: the Count/Compare match, while the timer is unmasked. */
  nextWake(): number {
    return this.waiting && (this.status & TIMER_MASK) !== 0 ? this.timerDeadline : Number.POSITIVE_INFINITY;
  }

  /**
   * The board's RunsNative capability: while set, `run` calls the context where it would execute
   * instructions (interrupts are still taken between calls); undefined resumes guest code at pc.
   */
  setNative(context: NativeContext | undefined): void {
    this.native = context;
    this.attention = true;
  }

  /** Asks `run` to return at the next instruction boundary (e.g. the guest exited). */
  requestStop(): void {
    this.stopRequested = true;
    this.attention = true;
  }

  /** The board's ExitsEarly capability: a stop requested during this CPU's turn. */
  exitRun(): void {
    this.stopRequested = true;
    this.attention = true;
  }

  /**
   * The board's MachineCheckable capability (misuse policy 'machine-check'): the Machine Check
   * exception (ExcCode 24) is taken at the next instruction boundary, after the access that
   * caused it; `machineCheckReport` holds the device's report.
   */
  machineCheck(report: string): void {
    this.pendingMachineCheck = report;
    this.attention = true;
  }

  /** The board's ReportsStats capability: MIPS counters for the end-of-run statistics. */
  stats(): Record<string, number> {
    return {
      exceptions: this.exceptions,
      interrupts: this.interrupts,
      compiledBlocks: this.blocks?.compiled ?? 0,
    };
  }

  /** True in user mode: KSU = user and neither EXL nor ERL. */
  get userMode(): boolean {
    return (this.status & (STATUS.EXL | STATUS.ERL | STATUS.KSU_MASK)) === STATUS.UM;
  }

  get count(): number {
    return (this.cycle - this.countBase) | 0;
  }

  /** Random counts down from TLB size - 1 to Wired, one step per cycle (deterministic). */
  get random(): number {
    const top = this.tlb.size - 1;
    if (this.wired > top) return top;
    const span = top - this.wired + 1;
    return top - ((this.cycle - this.randomBase) % span);
  }

  /** Hardware interrupt input `line` (0..5) drives Cause.IP[line + 2]; line 5 shares IP7 with the timer. */
  setInterruptLine(line: number, asserted: boolean): void {
    if (line < 0 || line > 5) return;
    const bit = 1 << line;
    this.hwLines = asserted ? this.hwLines | bit : this.hwLines & ~bit;
    this.refreshCauseIp();
    // Seen at the next instruction boundary, even in the middle of a quantum (e.g. raised by
    // a device during this CPU's own MMIO access).
    if (this.interruptPending()) this.attention = true;
  }

  /** Recomputes Cause.IP7..IP2 from the hardware lines and the timer (IP1..IP0 are software's). */
  refreshCauseIp(): void {
    let ip = this.hwLines << (CAUSE.IP_SHIFT + 2);
    if ((this.cause & CAUSE.TI) !== 0) ip |= CAUSE.IP_TIMER;
    this.cause = (this.cause & ~(0xfc << CAUSE.IP_SHIFT)) | ip;
    if (this.waiting && (this.cause & this.status & CAUSE.IP_MASK) !== 0) this.waiting = false;
  }

  /** Writes Count: the counter continues from `value`. */
  writeCount(value: number): void {
    this.countBase = this.cycle - (value >>> 0);
    this.scheduleTimer();
  }

  /** Writes Compare: acknowledges the timer interrupt and sets the next match. */
  writeCompare(value: number): void {
    this.compare = value | 0;
    this.cause &= ~CAUSE.TI;
    this.refreshCauseIp();
    this.scheduleTimer();
  }

  private scheduleTimer(): void {
    let delta = (this.compare - this.count) >>> 0;
    if (delta === 0) delta = TWO_32;
    this.timerDeadline = this.cycle + delta;
  }

  /** Count reached Compare: raise Cause.TI (IP7) until software writes Compare. */
  private fireTimer(): void {
    this.cause |= CAUSE.TI;
    this.refreshCauseIp();
    while (this.timerDeadline <= this.cycle) this.timerDeadline += TWO_32;
  }

  /** An interrupt is taken when IE is set, EXL and ERL are clear, and a pending IP is unmasked. */
  interruptPending(): boolean {
    return (
      (this.status & (STATUS.IE | STATUS.EXL | STATUS.ERL)) === STATUS.IE &&
      (this.cause & this.status & CAUSE.IP_MASK) !== 0
    );
  }

  /** Runs until `cycle >= until`, the CPU goes idle (WAIT), or a stop is requested. */
  run(until: number): void {
    this.stopRequested = false;
    while (this.cycle < until && !this.stopRequested) {
      if (this.cycle >= this.timerDeadline) this.fireTimer();
      if (this.pendingMachineCheck !== undefined) {
        this.machineCheckReport = this.pendingMachineCheck;
        this.pendingMachineCheck = undefined;
        this.excPc = this.pc;
        this.excDelay = this.nextInDelay;
        this.enterException(EXC.MCheck, false);
        this.trapped = false;
        continue;
      }
      if (this.interruptPending()) {
        this.waiting = false;
        this.interrupts++;
        this.excPc = this.pc;
        this.excDelay = this.nextInDelay;
        this.enterException(EXC.Int, false);
        this.trapped = false;
        continue;
      }
      if (this.waiting) {
        // Waiting: skip to the timer if it wakes us within this quantum; otherwise return idle
        // and the board skips the time (it knows the wake-up through nextWake).
        if ((this.status & TIMER_MASK) !== 0 && this.timerDeadline < until) {
          if (this.timerDeadline > this.cycle) this.cycle = this.timerDeadline;
          else this.fireTimer();
          continue;
        }
        return;
      }
      this.attention = false;
      const native = this.native;
      if (native !== undefined) {
        // At least one cycle per call so a context that does nothing cannot stall the clock.
        const limit = this.timerDeadline < until ? this.timerDeadline : until;
        const used = native.run(limit - this.cycle);
        this.cycle += used > 0 ? used : 1;
        continue;
      }
      interpret(this, this.timerDeadline < until ? this.timerDeadline : until);
    }
  }

  /**
   * Exception entry (MIPS32 PRA 6.2): unless EXL is already set, EPC and Cause.BD record the
   * faulting instruction (the branch when it sits in a delay slot); ExcCode is set, EXL raised,
   * and execution continues at the vector, after the vector's host handler if one is installed.
   * The caller has set excPc/excDelay and, for address exceptions, BadVAddr.
   */
  enterException(code: number, tlbRefill: boolean, coprocessor = 0): void {
    this.exceptions++;
    const wasExl = (this.status & STATUS.EXL) !== 0;
    if (!wasExl) {
      if (this.excDelay) {
        this.epc = (this.excPc - 4) | 0;
        this.cause |= CAUSE.BD;
      } else {
        this.epc = this.excPc;
        this.cause &= ~CAUSE.BD;
      }
    }
    this.cause = (this.cause & ~(CAUSE.EXC_MASK | (3 << CAUSE.CE_SHIFT))) | (code << CAUSE.EXC_SHIFT);
    if (code === EXC.CpU) this.cause |= coprocessor << CAUSE.CE_SHIFT;
    this.status |= STATUS.EXL;
    this.soft.modeChanged();
    let kind: 0 | 1 | 2 = 1;
    let offset: number = VECTOR_OFFSET.general;
    if (tlbRefill && !wasExl) {
      kind = 0;
      offset = VECTOR_OFFSET.tlbRefill;
    } else if (code === EXC.Int && (this.cause & CAUSE.IV) !== 0) {
      kind = 2;
      offset = VECTOR_OFFSET.interrupt;
    }
    const base = (this.status & STATUS.BEV) !== 0 ? BEV_BASE : this.ebase & 0xfffff000;
    this.pc = (base + offset) | 0;
    this.npc = (this.pc + 4) | 0;
    this.nextInDelay = false;
    this.waiting = false;
    this.trapped = true;
    const handler = this.handlers[kind];
    if (handler) handler(this);
  }

  /** ERET: return to EPC (or ErrorEPC when ERL is set), clearing EXL/ERL and LLbit. */
  eret(): void {
    if ((this.status & STATUS.ERL) !== 0) {
      this.pc = this.errorEpc;
      this.status &= ~STATUS.ERL;
    } else {
      this.pc = this.epc;
      this.status &= ~STATUS.EXL;
    }
    this.npc = (this.pc + 4) | 0;
    this.nextInDelay = false;
    this.reservations.clear(this.index);
    this.soft.modeChanged();
  }
}
