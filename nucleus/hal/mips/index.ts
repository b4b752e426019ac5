// Front door of nucleus/hal/mips: the nucleus on MIPS CPUs (DESIGN.md §3). It installs host
// handlers on each CPU's exception vectors, runs threads through the CPU's native-context hook,
// idles a CPU with WAIT when it has no thread, drives the per-CPU Count/Compare timers for the
// nucleus clock, sends IPIs through the interrupt controller, and drives the console UART by
// interrupts. Everything MIPS- or board-specific the nucleus needs is here and nowhere else.

import { CAUSE, EXC, EXC_NAMES, MipsCpu, STATUS } from '../../../machine/cpu/mips/index.ts';
import { ELF_MACHINE } from '../../../machine/elf/index.ts';
import type { Board } from '../../../machine/index.ts';
import { NUCLEUS_TRAP } from '../../guest-abi.ts';
import type { BlockDeviceInfo, GuestRegisters, HalPort, PhysicalMemory } from '../../hal-port.ts';
import type { Nucleus } from '../../nucleus.ts';
import type { Thread } from '../../objects.ts';
import { pageFault } from '../../vm/fault.ts';
import { BlockDriver } from './block.ts';
import { ConsoleDriver } from './console.ts';
import { MipsGuestContext } from './guest-context.ts';
import { enterAddressSpace, guestPhysical, leaveUserMode, refillTlb } from './user-mode.ts';

// Interrupt controller registers (machine/devices/interrupt-controller.ts).
const IC_CTRL = 0x000;
const IC_PMR = 0x010;
const IC_ACK = 0x014;
const IC_EOI = 0x018;
const IC_SGI = 0x030;
const IC_ISENABLER = 0x100;
const IC_ICENABLER = 0x180;
const IC_ITARGETS = 0x800;
const SPURIOUS = 1023;
/** Addresses below are kuseg, mapped through the TLB for user actors. */
const KUSEG_END = 0x8000_0000;
const FIRST_SHARED = 32;
/** The IPI the nucleus uses to make a CPU reschedule. */
const IPI_RESCHEDULE = 0;

/** Status while the nucleus runs a CPU: kernel mode, interrupts on, IP2 (controller) unmasked. */
const STATUS_RUN = STATUS.IE | (1 << (STATUS.IM_SHIFT + 2));
const TIMER_MASK = 1 << (STATUS.IM_SHIFT + 7);
/** Longest timer step: deadlines further away are reached in several steps. */
const MAX_TIMER_STEP = 0x4000_0000;

export class MipsHal implements HalPort {
  readonly cpus: MipsCpu[];
  readonly console: ConsoleDriver;
  readonly physical: PhysicalMemory;
  readonly elfMachine = ELF_MACHINE.mips;
  readonly endianness: 'big' | 'little';
  private readonly icBase: number;
  private nucleus: Nucleus | undefined;
  /** Per CPU: the guest thread whose registers are in the CPU (undefined in native mode). */
  private readonly loaded: (Thread | undefined)[] = [];
  /** Per CPU: its native context (threads' continuations, or WAIT). */
  private readonly natives: { run(budget: number): number }[] = [];
  /** Per CPU: the TLB entry the next refill replaces (round robin). */
  private readonly refillVictims: Int32Array;

  constructor(readonly board: Board) {
    this.cpus = board.cpus.map((cpu) => {
      if (!(cpu instanceof MipsCpu))
        throw new Error('nucleus/hal/mips: the board has a CPU that is not MIPS');
      return cpu;
    });
    this.icBase = board.description.interruptController.base;
    this.physical = board.bus;
    this.refillVictims = new Int32Array(this.cpus.length);
    this.endianness = board.description.endianness;
    const uart = board.description.devices.find((d) => d.kind === 'uart');
    if (uart === undefined || uart.kind !== 'uart')
      throw new Error('nucleus/hal/mips: the board has no console UART');
    this.console = new ConsoleDriver(board.bus, uart.base, uart.regShift ?? 0);
    this.consoleIrq = uart.irq ?? -1;
    for (const d of board.description.devices)
      if (d.kind === 'block' && d.irq !== undefined)
        this.blocks.push(new BlockDriver(board.bus, d.name, d.base, d.irq));
  }

  /** Drivers of the block devices that have an interrupt line (block.ts). */
  readonly blocks: BlockDriver[] = [];

  private readonly consoleIrq: number;

  /** Brings every CPU under the nucleus: handlers, status, controller, native context. */
  start(nucleus: Nucleus): void {
    this.nucleus = nucleus;
    const machine = this.board.machine;
    for (const cpu of this.cpus) {
      const k = cpu.index;
      machine.asCpu(k, () => {
        if (k === 0) {
          this.icWrite(IC_CTRL, 1);
          if (this.consoleIrq >= 0) {
            const id = FIRST_SHARED + this.consoleIrq;
            this.icWrite(IC_ITARGETS + 4 * id, 1);
            this.icWrite(IC_ISENABLER + 4 * (id >> 5), 1 << (id & 31));
          }
          this.console.init();
          for (const b of this.blocks) {
            b.init();
            this.enableIrq(b.irq, true);
          }
        }
        this.icWrite(IC_PMR, 0xff);
        this.icWrite(IC_ISENABLER, 1 << IPI_RESCHEDULE);
      });
      cpu.status = STATUS_RUN;
      cpu.cause = 0;
      cpu.writeCompare(cpu.count - 1); // far away until the nucleus arms it
      const handler = (c: MipsCpu) => this.onException(c);
      cpu.setExceptionHandler('general', handler);
      cpu.setExceptionHandler('interrupt', handler);
      cpu.setExceptionHandler('tlbRefill', (c: MipsCpu) => this.onTlbRefill(c));
      const native = { run: (budget: number) => this.runThreads(cpu, budget) };
      this.natives[k] = native;
      this.loaded[k] = undefined;
      cpu.setNative(native);
    }
  }

  private icWrite(offset: number, value: number): void {
    this.board.bus.write32(this.icBase + offset, value >>> 0);
  }

  private icRead(offset: number): number {
    return this.board.bus.read32(this.icBase + offset);
  }

  /** The native context of CPU k: its threads, or WAIT when it has none. */
  private runThreads(cpu: MipsCpu, budget: number): number {
    const used = this.nucleus!.runOn(cpu.index, budget);
    this.follow(cpu);
    if (this.nucleus!.scheduler.running[cpu.index] === undefined) cpu.waiting = true;
    return used;
  }

  /**
   * Makes CPU k run the thread the scheduler gave it: saves the registers of the guest thread
   * leaving it, then loads the arriving guest thread's registers or returns to native mode.
   */
  private follow(cpu: MipsCpu): void {
    const k = cpu.index;
    const want = this.nucleus!.scheduler.running[k];
    const current = this.loaded[k];
    if (current !== undefined && current === want) return;
    if (current !== undefined) {
      if (current.state !== 'dead') (current.guest as MipsGuestContext).save(cpu);
      this.loaded[k] = undefined;
    }
    if (want?.guest instanceof MipsGuestContext && want.body === undefined) {
      want.guest.load(cpu);
      enterAddressSpace(cpu, spaceOf(want));
      this.loaded[k] = want;
      cpu.setNative(undefined);
    } else if (cpu.native === undefined) {
      leaveUserMode(cpu);
      cpu.setNative(this.natives[k]);
    }
  }

  /**
   * Host handler of the TLB refill vector: a user thread missed the TLB; the page pair comes
   * from its actor's page table, or the thread faults (unmapped address).
   */
  private onTlbRefill(cpu: MipsCpu): void {
    const guest = this.loaded[cpu.index];
    const nucleus = this.nucleus!;
    if (guest === undefined) {
      nucleus.cpu = cpu.index;
      nucleus.panic('hal/mips refill', 'TLB refill while the nucleus runs native code');
      return;
    }
    const victim = this.refillVictims[cpu.index]!;
    this.refillVictims[cpu.index] = (victim + 1) % cpu.tlb.size;
    if (refillTlb(cpu, spaceOf(guest), victim)) {
      cpu.eret();
      cpu.cycle += nucleus.costs.tlbRefill;
      return;
    }
    const paged = this.pageFault(cpu, guest);
    if (typeof paged === 'number') {
      cpu.cycle += nucleus.costs.tlbRefill + paged;
      return;
    }
    const detail = `at pc 0x${hex(cpu.epc)}, address 0x${hex(cpu.badVAddr)} (${paged})`;
    const kind = `${EXC_NAMES[(cpu.cause & CAUSE.EXC_MASK) >>> CAUSE.EXC_SHIFT]} exception`;
    cpu.cycle += this.guestFault(cpu, guest, kind, detail);
  }

  /** Host handler of the general and interrupt vectors. */
  private onException(cpu: MipsCpu): void {
    const nucleus: Nucleus = this.nucleus!;
    const k = cpu.index;
    const code = (cpu.cause & CAUSE.EXC_MASK) >>> CAUSE.EXC_SHIFT;
    let cycles = 0;
    if (code !== EXC.Int) {
      const guest = this.loaded[k];
      if (guest === undefined) {
        nucleus.cpu = k;
        nucleus.panic(
          'hal/mips exception',
          `${EXC_NAMES[code] ?? code} exception while the nucleus runs native code`,
        );
      }
      if (code === EXC.Sys && (cpu.cause & CAUSE.BD) === 0) {
        const taken = this.takeTrap(cpu, guest);
        if (taken >= 0) {
          cpu.cycle += taken;
          return;
        }
      }
      let why = '';
      if (code === EXC.TLBL || code === EXC.TLBS || code === EXC.Mod) {
        const paged = this.pageFault(cpu, guest!);
        if (typeof paged === 'number') {
          cpu.cycle += paged;
          return;
        }
        why = ` (${paged})`;
      }
      // A guest thread's exception nobody handles: stop the thread.
      const at = `at pc 0x${hex(cpu.epc)}`;
      const bad =
        code === EXC.AdEL || code === EXC.AdES || code === EXC.TLBL || code === EXC.TLBS || code === EXC.Mod
          ? `, address 0x${hex(cpu.badVAddr)}`
          : '';
      cycles += this.guestFault(cpu, guest!, `${EXC_NAMES[code] ?? code} exception`, `${at}${bad}${why}`);
      cpu.cycle += cycles;
      return;
    }
    if ((cpu.cause & CAUSE.TI) !== 0) {
      cpu.status &= ~TIMER_MASK;
      cpu.writeCompare(cpu.count - 1);
      cycles += nucleus.onClock(k);
    }
    if ((cpu.cause & (1 << (CAUSE.IP_SHIFT + 2))) !== 0) {
      for (;;) {
        const id = this.icRead(IC_ACK);
        if ((id & 0x3ff) === SPURIOUS) break;
        const irq = id & 0x3ff;
        if (irq < 16) cycles += nucleus.onIpi(k);
        else if (irq === FIRST_SHARED + this.consoleIrq) {
          cycles += nucleus.costs.interrupt;
          this.console.onInterrupt();
        } else if (irq >= FIRST_SHARED) {
          const block = this.blocks.find((b) => b.irq === irq - FIRST_SHARED);
          if (block !== undefined) cycles += this.blockInterrupt(k, block);
          else cycles += nucleus.onDeviceInterrupt(k, irq - FIRST_SHARED);
        }
        this.icWrite(IC_EOI, id);
      }
    }
    cpu.eret();
    this.follow(cpu);
    cpu.cycle += cycles;
  }

  /**
   * A guest SYSCALL: its code field (bits 25..6) is the trap number. With a handler connected
   * the guest context is saved past the instruction and the thread continues natively in the
   * handler; returns the cycles, or -1 when the trap is not connected (or not readable).
   */
  private takeTrap(cpu: MipsCpu, thread: Thread): number {
    const pc = cpu.epc >>> 0;
    const at = guestPhysical(this.board, spaceOf(thread), pc, false);
    if (at < 0) return -1;
    const trap = (this.board.bus.read32(at) >>> 6) & 0xfffff;
    const context = thread.guest as MipsGuestContext;
    cpu.eret();
    context.save(cpu);
    context.pc = (pc + 4) | 0;
    const args = context.args();
    let cycles: number | false;
    if (trap === NUCLEUS_TRAP) {
      context.beginNucleusCall();
      cycles = this.nucleus!.guestCall(cpu.index, thread, context.callNumber(), args);
    } else cycles = this.nucleus!.trap(cpu.index, thread, trap, args);
    if (cycles === false) {
      context.pc = pc | 0;
      return -1;
    }
    this.loaded[cpu.index] = undefined;
    this.follow(cpu);
    return cycles;
  }

  /**
   * A TLB refill, invalid or modified exception of guest thread `thread` in kuseg goes to the VM
   * (vm/fault.ts): the page is mapped now (the instruction is retried) or a mapper is asked (the
   * thread waits, its context saved at the faulting instruction). Returns the cycles, or why it
   * is a real fault.
   */
  private pageFault(cpu: MipsCpu, thread: Thread): number | string {
    const space = spaceOf(thread);
    const vaddr = cpu.badVAddr >>> 0;
    if (space === undefined || vaddr >= KUSEG_END) return 'not mapped';
    const code = (cpu.cause & CAUSE.EXC_MASK) >>> CAUSE.EXC_SHIFT;
    const nucleus = this.nucleus!;
    nucleus.cpu = cpu.index;
    nucleus.charged = 0;
    const at = { pc: cpu.epc | 0, address: vaddr | 0, cause: code };
    const outcome = pageFault(nucleus, thread, space, at, code === EXC.TLBS || code === EXC.Mod);
    if (outcome === 'mapped') {
      this.invalidateOn(cpu, space.asid, vaddr); // a stale invalid or clean entry would fault again
      cpu.eret();
      return nucleus.charged;
    }
    if (outcome === 'pulling') {
      cpu.eret();
      (thread.guest as MipsGuestContext).save(cpu);
      this.loaded[cpu.index] = undefined;
      this.follow(cpu);
      return nucleus.costs.call + nucleus.charged;
    }
    return outcome.fault;
  }

  /** Drops CPU `cpu`'s TLB entry for `vaddr` in `asid`; true when it had one. */
  private invalidateOn(cpu: MipsCpu, asid: number, vaddr: number): boolean {
    const i = cpu.tlb.probe(vaddr, asid);
    if (i >= 0) cpu.tlb.write(i, (0x8000_0000 + i * 0x2000) | 0, 0, 0, 0);
    cpu.soft.flushAll();
    return i >= 0;
  }

  /**
   * Guest thread `thread` faulted on `cpu`: its context is saved at the faulting instruction and
   * the nucleus decides (fault). A thread that survived it (its guest trap handler faulted, or a
   * guest exception handler now runs on it) is reloaded from its context, not saved over it.
   */
  private guestFault(cpu: MipsCpu, thread: Thread, kind: string, detail: string): number {
    const at = {
      pc: cpu.epc | 0,
      address: cpu.badVAddr | 0,
      cause: (cpu.cause & CAUSE.EXC_MASK) >>> CAUSE.EXC_SHIFT,
    };
    cpu.eret();
    (thread.guest as MipsGuestContext).save(cpu);
    const cycles = this.nucleus!.fault(cpu.index, thread, kind, detail, at);
    if (this.loaded[cpu.index] === thread && thread.state !== 'dead') this.loaded[cpu.index] = undefined;
    this.follow(cpu);
    return cycles;
  }

  /**
   * A block device completed a transfer. Its `done` callback runs as a nucleus entry on CPU k
   * (the shape of Nucleus.onDeviceInterrupt): a thread it wakes is made ready there, and the
   * dispatcher then switches or sends IPIs as for any other wake-up.
   */
  private blockInterrupt(k: number, block: BlockDriver): number {
    const nucleus = this.nucleus!;
    nucleus.cpu = k;
    nucleus.charged = 0;
    block.onInterrupt();
    return nucleus.costs.interrupt + nucleus.charged + nucleus.dispatch(k, undefined, undefined);
  }

  // --- HalPort ---

  blockDevices(): readonly BlockDeviceInfo[] {
    return this.blocks.map((b) => b.info);
  }

  blockIo(
    device: string,
    write: boolean,
    sector: number,
    count: number,
    physical: number,
    done: (ok: boolean) => void,
  ): boolean {
    const block = this.blocks.find((b) => b.name === device);
    return block?.submit(write, sector, count, physical, done) === true;
  }

  copyContext(context: unknown): unknown {
    return (context as MipsGuestContext).copy();
  }

  resultOf(context: unknown): number {
    return (context as MipsGuestContext).result();
  }

  restoreContext(into: unknown, from: unknown): void {
    (into as MipsGuestContext).assign(from as MipsGuestContext);
  }

  startUpcall(context: unknown, entry: number, sp: number, ret: number, a0: number, a1: number): void {
    (context as MipsGuestContext).call(entry, sp, ret, a0, a1);
  }

  readRegisters(context: unknown): GuestRegisters {
    const c = context as MipsGuestContext;
    return { gpr: Array.from(c.r), pc: c.pc, extra: [c.hi, c.lo] };
  }

  writeRegisters(context: unknown, registers: GuestRegisters): void {
    const c = context as MipsGuestContext;
    for (let i = 0; i < 32; i++) c.r[i] = (registers.gpr[i] ?? 0) | 0;
    c.r[0] = 0;
    c.pc = registers.pc | 0;
    c.hi = (registers.extra[0] ?? 0) | 0;
    c.lo = (registers.extra[1] ?? 0) | 0;
  }

  guestReturn(context: unknown, value: number): void {
    (context as MipsGuestContext).setResult(value);
  }

  guestPhysical(t: Thread, vaddr: number, write: boolean): number {
    const space = spaceOf(t);
    const pa = guestPhysical(this.board, space, vaddr, write);
    if (pa >= 0 || space === undefined || vaddr >>> 0 >= KUSEG_END) return pa;
    // Not mapped yet: a page the nucleus can make at once (zero fill, copy-on-write) is made.
    const r = this.nucleus!.vm.resolve(space, vaddr, write);
    return r.kind === 'mapped' ? r.pa : -1;
  }

  invalidateTlb(asid: number, vpn: number): number {
    let remote = 0;
    for (const cpu of this.cpus)
      if (this.invalidateOn(cpu, asid, vpn * 4096) && cpu.index !== this.nucleus!.cpu) remote++;
    return remote;
  }

  now(k: number): number {
    return this.cpus[k]!.cycle;
  }

  sendIpi(_from: number, to: number): void {
    this.icWrite(IC_SGI, ((1 << (16 + to)) | IPI_RESCHEDULE) >>> 0);
  }

  /** Arms CPU k's Count/Compare for `deadline` (clamped to one step); infinity masks it. */
  armTimer(k: number, deadline: number): void {
    const cpu = this.cpus[k]!;
    if (deadline === Number.POSITIVE_INFINITY) {
      cpu.status &= ~TIMER_MASK;
      return;
    }
    const delta = Math.min(Math.max(1, deadline - cpu.cycle), MAX_TIMER_STEP);
    cpu.writeCompare((cpu.count + delta) | 0);
    cpu.status |= TIMER_MASK;
  }

  newGuestContext(entry: number, stack: number, arg: number): unknown {
    return new MipsGuestContext(entry, stack, arg);
  }

  consoleWrite(text: string): void {
    this.console.write(text);
  }

  /** Routes device line `irq` to CPU 0 and enables it, or disables it. */
  enableIrq(irq: number, on: boolean): void {
    const id = FIRST_SHARED + irq;
    if (on) this.icWrite(IC_ITARGETS + 4 * id, 1);
    this.icWrite((on ? IC_ISENABLER : IC_ICENABLER) + 4 * (id >> 5), 1 << (id & 31));
  }
}

/** The address space thread `t` runs in: its guest trap handler's actor's while it runs one. */
const spaceOf = (t: Thread) => (t.upcall === undefined ? t.actor.space : t.upcall.actor.space);

const hex = (value: number) => (value >>> 0).toString(16).padStart(8, '0');
