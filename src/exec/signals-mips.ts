// Signals of one `chorus exec` process: rt_sigaction, rt_sigprocmask, rt_sigpending,
// rt_sigsuspend, signals posted by other processes (kill), by the shim (SIGCHLD, SIGALRM,
// SIGPIPE) and by faults (with si_addr), delivered on the way back to user mode by running the
// handler on a new frame (return through a trampoline page) or by the default action. Linux MIPS
// numbering and layouts: struct sigaction is {flags, handler, mask[4]}, SIG_BLOCK/UNBLOCK/
// SETMASK are 1/2/3, siginfo is {signo, code, errno, pid|addr, uid}. The interrupted context
// is saved in a Linux rt_sigframe on the user stack (signal-frame-mips.ts), so a handler that
// leaves by siglongjmp simply abandons its frame.
import { constants } from 'node:os';
import type { MipsCpu } from '../../machine/cpu/mips/index.ts';
import { PAGE_SIZE } from './address-space.ts';
import { ERRNO } from './host-paths.ts';
import type { ExecProcess } from './process.ts';
import {
  FRAME_INFO,
  FRAME_SIZE,
  FRAME_UCONTEXT,
  readSignalFrame,
  writeSignalFrame,
} from './signal-frame-mips.ts';

/** Where the sigreturn trampoline lives: a page between the stack top and kseg0. */
export const TRAMPOLINE = 0x7fff2000;
const TRAMPOLINE_CODE = [0x24021061, 0x0000000c]; // addiu v0, zero, 4193 (rt_sigreturn); syscall
const SIGNALS = 128;
const SIGKILL = 9;
const SIGSTOP = 23;
/** The MIPS signal numbers the shim raises itself. */
export const SIG = {
  SIGILL: 4,
  SIGTRAP: 5,
  SIGFPE: 8,
  SIGKILL: 9,
  SIGBUS: 10,
  SIGSEGV: 11,
  SIGPIPE: 13,
  SIGALRM: 14,
  SIGCHLD: 18,
} as const;
/** Result of rt_sigsuspend and pause: wait until a signal interrupts (see process.ts). */
export const SIGNAL_WAIT = -0x10000;
const SA_NODEFER = 0x40000000;
const SA_RESTART = 0x10000000;
const SA_RESETHAND = 0x80000000;
/** MIPS signal numbers by name, for the host signal a default action dies of. */
const NAMES = [
  '',
  'SIGHUP',
  'SIGINT',
  'SIGQUIT',
  'SIGILL',
  'SIGTRAP',
  'SIGABRT',
  'SIGEMT',
  'SIGFPE',
  'SIGKILL',
  'SIGBUS',
  'SIGSEGV',
  'SIGSYS',
  'SIGPIPE',
  'SIGALRM',
  'SIGTERM',
  'SIGUSR1',
  'SIGUSR2',
  'SIGCHLD',
  'SIGPWR',
  'SIGWINCH',
  'SIGURG',
  'SIGIO',
  'SIGSTOP',
  'SIGTSTP',
  'SIGCONT',
  'SIGTTIN',
  'SIGTTOU',
  'SIGVTALRM',
  'SIGPROF',
  'SIGXCPU',
  'SIGXFSZ',
];
/** Signals whose default action is to do nothing (stop signals too: there is no job control). */
const IGNORED_BY_DEFAULT = new Set([18, 19, 20, 21, 23, 24, 25, 26, 27]);

/** A signal's name, e.g. SIGSEGV. */
export function signalName(sig: number): string {
  return NAMES[sig] || `signal ${sig}`;
}

/** The host's number for a MIPS signal (for 128 + signal exit statuses), by name. */
export function hostSignal(sig: number): number {
  return (constants.signals as Record<string, number>)[NAMES[sig] ?? ''] ?? sig;
}

const bit = (sig: number): [number, number] => (sig <= 32 ? [1 << (sig - 1), 0] : [0, 1 << (sig - 33)]);

export class Signals {
  private readonly handler = new Int32Array(SIGNALS + 1);
  private readonly flags = new Uint32Array(SIGNALS + 1);
  private readonly mask = new Int32Array(2 * (SIGNALS + 1));
  /** si_pid (or si_addr) and si_code of each pending signal. */
  private readonly senders = new Int32Array(SIGNALS + 1);
  private readonly codes = new Int32Array(SIGNALS + 1);
  private blocked: [number, number] = [0, 0];
  private pending: [number, number] = [0, 0];
  /** The mask rt_sigsuspend replaced, restored when the handler returns. */
  private suspendSaved: [number, number] | undefined;

  /** A fresh set, or a copy of the parent's dispositions and mask (fork; nothing pending). */
  constructor(
    private readonly p: ExecProcess,
    inherit?: Signals,
  ) {
    if (inherit === undefined) return;
    this.handler.set(inherit.handler);
    this.flags.set(inherit.flags);
    this.mask.set(inherit.mask);
    this.blocked = [inherit.blocked[0], inherit.blocked[1]];
  }

  /** execve: caught signals go back to the default (ignored ones stay ignored); the trampoline is mapped. */
  resetForExec(): void {
    for (let s = 1; s <= SIGNALS; s++) if (this.handler[s] !== 1) this.handler[s] = 0;
    this.suspendSaved = undefined;
    const space = this.p.space;
    space.addRegion(TRAMPOLINE, TRAMPOLINE + PAGE_SIZE);
    TRAMPOLINE_CODE.forEach((word, i) => {
      space.writeWord(TRAMPOLINE + 4 * i, word);
    });
  }

  private ignored(sig: number): boolean {
    const handler = this.handler[sig]!;
    return handler === 1 || (handler === 0 && IGNORED_BY_DEFAULT.has(sig));
  }

  private isBlocked(sig: number): boolean {
    const [b0, b1] = bit(sig);
    return (this.blocked[0] & b0) !== 0 || (this.blocked[1] & b1) !== 0;
  }

  /** Makes `sig` pending (from process `sender`, si_code `code`); an ignored, unblocked one is dropped. */
  post(sig: number, sender: number, code = 0): void {
    if (this.ignored(sig) && !this.isBlocked(sig)) return;
    const [b0, b1] = bit(sig);
    this.pending = [this.pending[0] | b0, this.pending[1] | b1];
    this.senders[sig] = sender;
    this.codes[sig] = code;
  }

  /** A pending, unblocked signal that is not ignored: it would interrupt a blocking call. */
  hasDeliverable(): boolean {
    const ready0 = this.pending[0] & ~this.blocked[0];
    const ready1 = this.pending[1] & ~this.blocked[1];
    if (ready0 === 0 && ready1 === 0) return false;
    for (let sig = 1; sig <= SIGNALS; sig++) {
      const [b0, b1] = bit(sig);
      if ((ready0 & b0) !== 0 || (ready1 & b1) !== 0) if (!this.ignored(sig)) return true;
    }
    return false;
  }

  /** The signal `deliver` would take next runs a handler installed with SA_RESTART. */
  nextRestarts(): boolean {
    const ready0 = this.pending[0] & ~this.blocked[0];
    const ready1 = this.pending[1] & ~this.blocked[1];
    if (ready0 === 0 && ready1 === 0) return false;
    const sig = ready0 !== 0 ? 32 - Math.clz32(ready0 & -ready0) : 64 - Math.clz32(ready1 & -ready1);
    return this.handler[sig]! > 1 && (this.flags[sig]! & SA_RESTART) !== 0;
  }

  /** rt_sigsuspend(mask): the mask is replaced until a handler has run. */
  suspend([set]: readonly number[]): number {
    if (this.suspendSaved !== undefined) return SIGNAL_WAIT; // retried while waiting
    const w0 = this.p.space.readWord(set!);
    const w1 = this.p.space.readWord(set! + 4);
    if (w0 === undefined || w1 === undefined) return -ERRNO.EFAULT;
    this.suspendSaved = this.blocked;
    this.blocked = [w0 | 0, w1 | 0];
    return SIGNAL_WAIT;
  }

  /** rt_sigaction(sig, act, oact, sigsetsize). */
  action([sig, act, oact]: readonly number[]): number {
    const s = sig!;
    if (s < 1 || s > SIGNALS || ((s === SIGKILL || s === SIGSTOP) && act !== 0)) return -ERRNO.EINVAL;
    const space = this.p.space;
    if (oact !== 0) {
      const old = [this.flags[s]!, this.handler[s]!, this.mask[2 * s]!, this.mask[2 * s + 1]!, 0, 0];
      for (const [i, word] of old.entries()) if (!space.writeWord(oact! + 4 * i, word)) return -ERRNO.EFAULT;
    }
    if (act !== 0) {
      const words = [0, 1, 2, 3].map((i) => space.readWord(act! + 4 * i));
      if (words.some((w) => w === undefined)) return -ERRNO.EFAULT;
      this.flags[s] = words[0]!;
      this.handler[s] = words[1]!;
      this.mask[2 * s] = words[2]!;
      this.mask[2 * s + 1] = words[3]!;
      if (this.ignored(s)) {
        const [b0, b1] = bit(s);
        this.pending = [this.pending[0] & ~b0, this.pending[1] & ~b1];
      }
    }
    return 0;
  }

  /** rt_sigprocmask(how, set, oldset, sigsetsize). */
  procmask([how, set, oldset]: readonly number[]): number {
    const space = this.p.space;
    if (oldset !== 0) {
      for (const [i, word] of [...this.blocked, 0, 0].entries())
        if (!space.writeWord(oldset! + 4 * i, word)) return -ERRNO.EFAULT;
    }
    if (set === 0) return 0;
    const w0 = space.readWord(set!);
    const w1 = space.readWord(set! + 4);
    if (w0 === undefined || w1 === undefined) return -ERRNO.EFAULT;
    if (how === 1) this.blocked = [this.blocked[0] | w0, this.blocked[1] | w1];
    else if (how === 2) this.blocked = [this.blocked[0] & ~w0, this.blocked[1] & ~w1];
    else if (how === 3) this.blocked = [w0 | 0, w1 | 0];
    else return -ERRNO.EINVAL;
    const [k0, k1] = bit(SIGKILL);
    const [s0, s1] = bit(SIGSTOP);
    this.blocked = [this.blocked[0] & ~(k0 | s0), this.blocked[1] & ~(k1 | s1)];
    return 0;
  }

  /** rt_sigpending(set, sigsetsize). */
  pendingSet([set]: readonly number[]): number {
    for (const [i, word] of [...this.pending, 0, 0].entries())
      if (!this.p.space.writeWord(set! + 4 * i, word)) return -ERRNO.EFAULT;
    return 0;
  }

  /**
   * On the way back to user mode (EPC is where the process resumes): delivers the lowest
   * pending unblocked signal, by running its handler on a new frame or taking its default action.
   */
  deliver(cpu: MipsCpu): void {
    const ready0 = this.pending[0] & ~this.blocked[0];
    const ready1 = this.pending[1] & ~this.blocked[1];
    if (ready0 === 0 && ready1 === 0) return;
    const sig = ready0 !== 0 ? 32 - Math.clz32(ready0 & -ready0) : 64 - Math.clz32(ready1 & -ready1);
    const [b0, b1] = bit(sig);
    this.pending = [this.pending[0] & ~b0, this.pending[1] & ~b1];
    const handler = this.handler[sig]!;
    if (handler === 1) return; // SIG_IGN
    if (handler === 0) {
      if (IGNORED_BY_DEFAULT.has(sig)) return;
      this.p.die(sig);
      return;
    }
    this.runHandler(cpu, sig, handler, this.codes[sig]!, this.senders[sig]!);
  }

  /**
   * A fault's signal (Linux force_sig): delivered to a handler now, with si_addr; false when it
   * is blocked or has no handler, and the process dies instead.
   */
  deliverFault(cpu: MipsCpu, sig: number, code: number, address: number): boolean {
    const handler = this.handler[sig]!;
    if (handler === 0 || handler === 1 || this.isBlocked(sig)) return false;
    this.runHandler(cpu, sig, handler, code, address);
    return true;
  }

  private runHandler(cpu: MipsCpu, sig: number, handler: number, code: number, word3: number): void {
    const [b0, b1] = bit(sig);
    const r = cpu.r;
    const frame = ((r[29]! >>> 0) - FRAME_SIZE) & ~15;
    const blocked = this.suspendSaved ?? this.blocked;
    this.suspendSaved = undefined;
    if (!writeSignalFrame(this.p.space, frame, cpu, [sig, code, 0, word3, 0], blocked)) {
      this.p.die(SIG.SIGSEGV, 'guest fault: no room on the stack for a signal frame (SIGSEGV)');
      return;
    }
    const info = frame + FRAME_INFO;
    const flags = this.flags[sig]!;
    const nodefer = (flags & SA_NODEFER) !== 0;
    this.blocked = [
      this.blocked[0] | this.mask[2 * sig]! | (nodefer ? 0 : b0),
      this.blocked[1] | this.mask[2 * sig + 1]! | (nodefer ? 0 : b1),
    ];
    if ((flags & SA_RESETHAND) !== 0) this.handler[sig] = 0;
    r[29] = frame;
    r[4] = sig;
    r[5] = info;
    r[6] = frame + FRAME_UCONTEXT;
    r[25] = handler;
    r[31] = TRAMPOLINE;
    cpu.epc = handler;
  }

  /** rt_sigreturn: the context comes back from the frame at $sp; false if it cannot be read. */
  sigreturn(cpu: MipsCpu): boolean {
    const mask = readSignalFrame(this.p.space, cpu.r[29]! >>> 0, cpu);
    if (mask === undefined) return false;
    const [k0, k1] = bit(SIGKILL);
    const [s0, s1] = bit(SIGSTOP);
    this.blocked = [mask[0] & ~(k0 | s0), mask[1] & ~(k1 | s1)];
    return true;
  }
}
