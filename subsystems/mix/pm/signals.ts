// Signals: rt_sigaction keeps each signal's struct sigaction, rt_sigprocmask the blocked mask;
// kill posts a signal (signal-post.ts); pause and rt_sigsuspend wait for one; alarm sets when
// the PM's thread sends SIGALRM (signal-faults.ts); and every system call, on its way back to user mode, delivers the lowest pending unblocked signal
// (deliverSignals, called by trap.ts): its default action (ignore, or terminate: the process
// becomes a zombie whose wait status is the signal number), or its handler on a Linux o32
// rt_sigframe (signal-frame.ts) with a0 = signal, a1 = &siginfo, a2 = &ucontext and ra = the
// trampoline, whose rt_sigreturn restores the interrupted registers and mask.
// Not yet: a signal does not interrupt a process running user code until its next system call.
import type { GuestRegisters } from '../../../nucleus/index.ts';
import { api, K_NOTIMEOUT } from '../../../nucleus/index.ts';
import { ERRNO, SP } from './abi.ts';
import type { Call, CallContext, CallEntry, PmState } from './context.ts';
import { readWords, writeWords } from './context.ts';
import { becomeZombie } from './lifecycle.ts';
import type { Process } from './processes.ts';
import {
  decodeFrame,
  encodeFrame,
  FRAME_INFO,
  FRAME_SIZE,
  FRAME_UCONTEXT,
  TRAMPOLINE,
  TRAMPOLINE_CODE,
} from './signal-frame.ts';
import {
  bit,
  deliverable,
  disposition,
  has,
  ignored,
  NSIG,
  postSignal,
  SI_USER,
  SIG,
  signalState,
  wakeService,
} from './signal-post.ts';

/** si_code of a signal the kernel sends (SIGALRM). */
const SI_KERNEL = 0x80;

/** MIPS struct sigaction: {unsigned flags; handler; sigset_t mask (four words)}. */
const SIGACTION_SIZE = 24;
/** MIPS numbers its `how` from 1 (asm/signal.h). */
const SIG_BLOCK = 1;
const SIG_UNBLOCK = 2;
const SIG_SETMASK = 3;
const SA_NODEFER = 0x4000_0000;
const SA_RESETHAND = 0x8000_0000;
const UNBLOCKABLE = [(1 << (SIG.SIGKILL - 1)) | (1 << (SIG.SIGSTOP - 1)), 0];
const PAGE = 4096;

const allowed = (mask: readonly number[]): [number, number] => [
  (mask[0]! & ~UNBLOCKABLE[0]!) >>> 0,
  mask[1]! >>> 0,
];

function* sigaction({ pm, process, args: [signal, act, oldact] }: CallContext): Call<number> {
  if (signal! < 1 || signal! >= NSIG) return -ERRNO.EINVAL;
  if (oldact !== 0) {
    const old = process.sigactions.get(signal!) ?? new Uint8Array(SIGACTION_SIZE);
    if ((yield* api.svCopyOut(oldact!, old)) !== 0) return -ERRNO.EFAULT;
  }
  if (act === 0) return 0;
  if (signal === SIG.SIGKILL || signal === SIG.SIGSTOP) return -ERRNO.EINVAL;
  const bytes = yield* api.svCopyIn(act!, SIGACTION_SIZE);
  if (typeof bytes === 'number') return -ERRNO.EFAULT;
  process.sigactions.set(signal!, bytes);
  if (ignored(pm, process, signal!)) {
    const state = signalState(process);
    const [b0, b1] = bit(signal!);
    state.pending = [(state.pending[0] & ~b0) >>> 0, (state.pending[1] & ~b1) >>> 0];
  }
  return 0;
}

/** rt_sigprocmask(how, set, oldset, sigsetsize): signals 1-64 are kept (two words). */
function* sigprocmask(call: CallContext): Call<number> {
  const { process } = call;
  const [how, set, oldset] = call.args;
  const old = process.sigmask;
  if (set !== 0) {
    const words = yield* readWords(call, set!, 2);
    if (words === undefined) return -ERRNO.EFAULT;
    const [w0, w1] = [words[0]!, words[1]!];
    let mask: [number, number];
    if (how === SIG_BLOCK) mask = [old[0] | w0, old[1] | w1];
    else if (how === SIG_UNBLOCK) mask = [old[0] & ~w0, old[1] & ~w1];
    else if (how === SIG_SETMASK) mask = [w0, w1];
    else return -ERRNO.EINVAL;
    process.sigmask = allowed(mask);
  }
  if (oldset !== 0 && (yield* writeWords(call, oldset!, [old[0], old[1], 0, 0])) < 0) return -ERRNO.EFAULT;
  return 0;
}

/** rt_sigpending(set, sigsetsize). */
function* sigpending(call: CallContext): Call<number> {
  const { pending } = signalState(call.process);
  return yield* writeWords(call, call.args[0]!, [pending[0], pending[1], 0, 0]);
}

/** The processes `pid` names for kill: one (> 0), the caller's group (0) or all others (-1). */
function targets(pm: PmState, caller: Process, pid: number): Process[] {
  const running = pm.table.all().filter((p) => p.state === 'running');
  if (pid > 0) return running.filter((p) => p.pid === pid);
  // There are no process groups yet: every process is in one group.
  if (pid === 0 || pid < -1) return running;
  return running.filter((p) => p.pid !== 1 && p !== caller);
}

/** Ends `process` by signal `sig`: a zombie whose wait status is the signal number. */
function* terminate(pm: PmState, process: Process, sig: number): Call<void> {
  if (process.state !== 'running') return;
  yield* becomeZombie(pm, process, sig & 0x7f);
  yield* api.actorDelete(process.actor);
}

/** The default action of `sig` kills `process` (no handler, not ignored, not blocked; SIGKILL always). */
function killsNow(pm: PmState, process: Process, sig: number): boolean {
  if (sig === SIG.SIGKILL) return true;
  if (ignored(pm, process, sig) || disposition(pm, process, sig)[1] !== 0) return false;
  const [b0, b1] = bit(sig);
  return (process.sigmask[0] & b0) === 0 && (process.sigmask[1] & b1) === 0;
}

/** kill(pid, sig): sig 0 only checks that the process exists. */
function* kill({ pm, process, args: [pid, signal] }: CallContext): Call<number> {
  const sig = signal! | 0;
  if (sig < 0 || sig >= NSIG) return -ERRNO.EINVAL;
  const chosen = targets(pm, process, pid! | 0);
  if (chosen.length === 0) return -ERRNO.ESRCH;
  if (sig === 0) return 0;
  // Others first: a signal that kills the caller ends this call.
  for (const target of [...chosen.filter((p) => p !== process), ...chosen.filter((p) => p === process)]) {
    if (target !== process && killsNow(pm, target, sig)) yield* terminate(pm, target, sig);
    else yield* postSignal(pm, target, sig, SI_USER, process.pid);
  }
  return 0;
}

/** Microseconds until the earliest alarm of the PM's processes, K_NOTIMEOUT when none is set. */
export function* nextAlarm(pm: PmState): Call<number> {
  const due = pm.table
    .all()
    .map((p) => (p.state === 'running' ? signalState(p).alarmAt : undefined))
    .filter((at): at is number => at !== undefined);
  if (due.length === 0) return K_NOTIMEOUT;
  return Math.max(1, Math.min(...due) - (yield* api.sysTime()));
}

/** Sends SIGALRM to every process whose alarm is due (run by the PM's thread). */
export function* fireAlarms(pm: PmState): Call<void> {
  const now = yield* api.sysTime();
  for (const process of pm.table.all()) {
    const state = signalState(process);
    if (process.state !== 'running' || state.alarmAt === undefined || state.alarmAt > now) continue;
    state.alarmAt = undefined;
    yield* postSignal(pm, process, SIG.SIGALRM, SI_KERNEL, 0);
  }
}

/** alarm(seconds): returns the seconds left of the previous alarm (rounded up), 0 for none. */
function* alarm({ pm, process, args: [seconds] }: CallContext): Call<number> {
  const state = signalState(process);
  const now = yield* api.sysTime();
  const left = state.alarmAt === undefined ? 0 : Math.max(1, Math.ceil((state.alarmAt - now) / 1e6));
  state.alarmAt = seconds === 0 ? undefined : now + (seconds! >>> 0) * 1e6;
  yield* wakeService(pm);
  return left;
}

/** Blocks the caller until a signal it takes is pending; always -EINTR. */
function* waitForSignal(pm: PmState, process: Process): Call<number> {
  const state = signalState(process);
  state.thread ??= yield* api.threadSelf();
  // A signal posted to it (by kill, a child's exit or the PM's alarms) aborts the delay.
  while (deliverable(pm, process) === 0) yield* api.threadDelay(K_NOTIMEOUT);
  return -ERRNO.EINTR;
}

function* pause({ pm, process }: CallContext): Call<number> {
  return yield* waitForSignal(pm, process);
}

/** rt_sigsuspend(mask, sigsetsize): the mask is replaced until a handler has run. */
function* sigsuspend(call: CallContext): Call<number> {
  const { pm, process } = call;
  const words = yield* readWords(call, call.args[0]!, 2);
  if (words === undefined) return -ERRNO.EFAULT;
  const state = signalState(process);
  state.suspendSaved = process.sigmask;
  process.sigmask = allowed(words);
  return yield* waitForSignal(pm, process);
}

/**
 * Maps the sigreturn trampoline's page in `process` and writes its code. It is done at every
 * delivery: a forked child has the page already (rgnDup: the allocation fails, harmlessly) and
 * execve frees it with the rest of the old program.
 */
function* trampoline(pm: PmState, process: Process): Call<boolean> {
  yield* api.rgnAllocate(process.actor, {
    start: TRAMPOLINE,
    size: PAGE,
    options: api.K_WRITABLE | api.K_EXECUTABLE,
  });
  return (yield* api.svCopyOut(TRAMPOLINE, pm.words.encode(TRAMPOLINE_CODE))) === 0;
}

/**
 * Runs `sig`'s handler on the caller's thread: a frame below its stack pointer saves
 * `registers` (pc: where it resumes) and the mask to restore. Undefined when the frame cannot be
 * written (the process is then killed with SIGSEGV, as Linux does).
 */
function* runHandler(
  pm: PmState,
  process: Process,
  registers: GuestRegisters,
  sig: number,
  code: number,
  word: number,
): Call<GuestRegisters | undefined> {
  const state = signalState(process);
  const [flags, handler, mask0, mask1] = disposition(pm, process, sig) as [number, number, number, number];
  if (!(yield* trampoline(pm, process))) return undefined;
  const frame = (((registers.gpr[SP]! >>> 0) - FRAME_SIZE) & ~15) >>> 0;
  const saved = state.suspendSaved ?? process.sigmask;
  state.suspendSaved = undefined;
  const bytes = encodeFrame(pm.words, registers, [sig, code, 0, word, 0], saved);
  if ((yield* api.svCopyOut(frame, bytes)) !== 0) return undefined;
  const [b0, b1] = (flags & SA_NODEFER) !== 0 ? [0, 0] : bit(sig);
  process.sigmask = allowed([process.sigmask[0] | mask0 | b0, process.sigmask[1] | mask1 | b1]);
  if ((flags & SA_RESETHAND) >>> 0 !== 0) process.sigactions.set(sig, new Uint8Array(SIGACTION_SIZE));
  const gpr = [...registers.gpr];
  gpr[SP] = frame;
  gpr[4] = sig;
  gpr[5] = frame + FRAME_INFO;
  gpr[6] = frame + FRAME_UCONTEXT;
  gpr[25] = handler;
  gpr[31] = TRAMPOLINE;
  return { ...registers, gpr, pc: handler };
}

/**
 * On the way back from a system call of `process` (its registers hold the result): takes the
 * lowest pending unblocked signal's action. Returns the v0 the thread resumes with when its
 * registers changed (a handler's frame), undefined otherwise; a signal that kills the caller
 * does not return.
 */
export function* deliverSignals(pm: PmState, process: Process): Call<number | undefined> {
  if (process.state !== 'running') return undefined;
  const state = signalState(process);
  state.thread ??= yield* api.threadSelf();
  for (;;) {
    const ready: [number, number] = [
      state.pending[0] & ~process.sigmask[0],
      state.pending[1] & ~process.sigmask[1],
    ];
    if (ready[0] === 0 && ready[1] === 0) break;
    const sig =
      ready[0] !== 0 ? 32 - Math.clz32(ready[0] & -ready[0]) : 64 - Math.clz32(ready[1] & -ready[1]);
    const [b0, b1] = bit(sig);
    state.pending = [(state.pending[0] & ~b0) >>> 0, (state.pending[1] & ~b1) >>> 0];
    const info = state.info.get(sig) ?? { code: SI_USER, word: 0 };
    state.info.delete(sig);
    if (ignored(pm, process, sig)) continue;
    if (disposition(pm, process, sig)[1] === 0) {
      yield* terminate(pm, process, sig);
      return undefined;
    }
    const registers = yield* api.svGetContext(0);
    if (typeof registers === 'number') return undefined;
    const next = yield* runHandler(pm, process, registers, sig, info.code, info.word);
    if (next === undefined) {
      yield* terminate(pm, process, SIG.SIGSEGV);
      return undefined;
    }
    yield* api.svSetContext(0, next);
    yield* api.threadAborted(); // an interruption meant for this delivery is spent
    return next.gpr[2]! | 0;
  }
  if (state.suspendSaved !== undefined) {
    process.sigmask = state.suspendSaved;
    state.suspendSaved = undefined;
  }
  return undefined;
}

/** rt_sigreturn: the registers and mask come back from the frame at the caller's $sp. */
function* sigreturn(call: CallContext): Call<number> {
  const frame = call.registers.gpr[SP]! >>> 0;
  const bytes = yield* api.svCopyIn(frame, FRAME_SIZE);
  if (typeof bytes === 'number') {
    yield* terminate(call.pm, call.process, SIG.SIGSEGV);
    return -ERRNO.EFAULT;
  }
  const { registers, mask } = decodeFrame(call.pm.words, bytes);
  call.process.sigmask = allowed(mask);
  yield* api.svSetContext(0, registers);
  return registers.gpr[2]! | 0;
}

export const SIGNAL_CALLS: readonly (readonly [number, CallEntry])[] = [
  [4027, { name: 'alarm', handler: alarm }],
  [4029, { name: 'pause', handler: pause }],
  [4037, { name: 'kill', handler: kill }],
  [4193, { name: 'rt_sigreturn', handler: sigreturn, restores: true }],
  [4194, { name: 'rt_sigaction', handler: sigaction }],
  [4195, { name: 'rt_sigprocmask', handler: sigprocmask }],
  [4196, { name: 'rt_sigpending', handler: sigpending }],
  [4199, { name: 'rt_sigsuspend', handler: sigsuspend }],
];

/**
 * A fault's signal on the faulting thread (its registers saved at the faulting instruction):
 * its handler runs with si_addr, or the process ends with the signal when the signal is
 * blocked or has no handler. Returns the v0 the thread resumes with.
 */
export function* deliverFault(
  pm: PmState,
  process: Process,
  sig: number,
  code: number,
  address: number,
): Call<number> {
  const handler = disposition(pm, process, sig)[1]!;
  const registers = yield* api.svGetContext(0);
  if (handler > 1 && !has(process.sigmask, sig) && typeof registers !== 'number') {
    const next = yield* runHandler(pm, process, registers, sig, code, address);
    if (next !== undefined) {
      yield* api.svSetContext(0, next);
      return next.gpr[2]! | 0;
    }
  }
  yield* terminate(pm, process, sig);
  return 0; // not reached: the process's actor is gone
}
