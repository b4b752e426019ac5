// A process's pending signals and how one is posted: the bit is set with the sender's si_code
// and si_pid (or a fault's address), and a process that would take it while blocked in a system
// call is interrupted with threadAbort, so that call ends with EINTR and the signal is delivered
// on its way back (signals.ts). MIPS numbers: 1-127, SIGKILL 9, SIGSTOP 23, SIGCHLD 18; struct
// sigaction is {flags, handler, mask[4]} with SIG_DFL 0 and SIG_IGN 1.
import type { Capability, Semaphore } from '../../../nucleus/index.ts';
import { api } from '../../../nucleus/index.ts';
import type { Call, PmState } from './context.ts';
import type { Process } from './processes.ts';

export const SIG = {
  SIGILL: 4,
  SIGTRAP: 5,
  SIGFPE: 8,
  SIGKILL: 9,
  SIGBUS: 10,
  SIGSEGV: 11,
  SIGALRM: 14,
  SIGCHLD: 18,
  SIGSTOP: 23,
} as const;
export const NSIG = 128;
/** si_code of a signal sent by kill. */
export const SI_USER = 0;

/** Signals whose default action is to do nothing (the stop signals too: no job control yet). */
const IGNORED_BY_DEFAULT = new Set([18, 19, 20, 21, 23, 24, 25, 26, 27]);

/** What the PM keeps of a process's signals beyond its dispositions and mask (processes.ts). */
export interface SignalState {
  pending: [number, number];
  /** si_code and si_pid (or si_addr) of each pending signal. */
  readonly info: Map<number, { code: number; word: number }>;
  /** The mask rt_sigsuspend replaced, saved in the frame of the handler that ends the wait. */
  suspendSaved: [number, number] | undefined;
  /** When SIGALRM is due (sysTime microseconds), if an alarm is set. */
  alarmAt: number | undefined;
  /** The process's thread (learnt at its first system call), to interrupt it. */
  thread: number | undefined;
}

const states = new WeakMap<Process, SignalState>();

/** The signal state of `process` (a new process has nothing pending). */
export function signalState(process: Process): SignalState {
  let state = states.get(process);
  if (state === undefined) {
    state = {
      pending: [0, 0],
      info: new Map(),
      suspendSaved: undefined,
      alarmAt: undefined,
      thread: undefined,
    };
    states.set(process, state);
  }
  return state;
}

/** The mask word and bit of `sig`. */
export const bit = (sig: number): [number, number] =>
  sig <= 32 ? [1 << (sig - 1), 0] : [0, 1 << (sig - 33)];

export const has = (set: readonly [number, number], sig: number): boolean => {
  const [b0, b1] = bit(sig);
  return (set[0] & b0) !== 0 || (set[1] & b1) !== 0;
};

/** The disposition of `sig`: flags, handler (0 default, 1 ignore) and the mask to add. */
export function disposition(pm: PmState, process: Process, sig: number): number[] {
  const bytes = process.sigactions.get(sig);
  return bytes === undefined ? [0, 0, 0, 0] : pm.words.decode(bytes.subarray(0, 16));
}

export function ignored(pm: PmState, process: Process, sig: number): boolean {
  const handler = disposition(pm, process, sig)[1]!;
  return handler === 1 || (handler === 0 && IGNORED_BY_DEFAULT.has(sig));
}

/** The lowest pending signal not blocked by `mask` that is not ignored, or 0. */
export function deliverable(pm: PmState, process: Process, mask = process.sigmask): number {
  const { pending } = signalState(process);
  const ready = [pending[0] & ~mask[0], pending[1] & ~mask[1]];
  for (let sig = 1; sig <= 64; sig++)
    if (has(ready as [number, number], sig) && !ignored(pm, process, sig)) return sig;
  return 0;
}

/**
 * Makes `sig` pending for `process` and interrupts its blocked system call when it will take
 * it. An ignored signal that is not blocked is dropped at once, as Linux does.
 */
export function* postSignal(
  pm: PmState,
  process: Process,
  sig: number,
  code: number,
  word: number,
): Call<void> {
  if (process.state !== 'running') return;
  if (ignored(pm, process, sig) && !has(process.sigmask, sig)) return;
  const state = signalState(process);
  const [b0, b1] = bit(sig);
  state.pending = [(state.pending[0] | b0) >>> 0, (state.pending[1] | b1) >>> 0];
  state.info.set(sig, { code, word });
  if (state.thread === undefined || deliverable(pm, process) === 0) return;
  if (state.thread !== (yield* api.threadSelf())) yield* api.threadAbort(state.thread);
}

/** execve: caught signals go back to their default action (ignored ones stay ignored). */
export function signalsAtExec(pm: PmState, process: Process): void {
  for (const [sig, bytes] of process.sigactions)
    if (disposition(pm, process, sig)[1]! > 1) process.sigactions.set(sig, new Uint8Array(bytes.length));
  signalState(process).suspendSaved = undefined;
}

/**
 * The work of the PM's own thread (signal-faults.ts): actors waiting for their exception
 * handler, and a semaphore that wakes it for those and when an alarm is set.
 */
export interface PmService {
  readonly installs: Capability[];
  readonly wake: Semaphore;
}

export const services = new WeakMap<PmState, PmService>();

/** Wakes the PM's thread (a new request, or alarms to reconsider). */
export function* wakeService(pm: PmState): Call<void> {
  const service = services.get(pm);
  if (service !== undefined) yield* api.semV(service.wake);
}
