// What every system-call handler of the PM gets: the PM's state, the calling process, the six
// o32 arguments and the caller's registers. A handler runs on the caller's thread (it is part of
// the PM's trap handler), may make nucleus calls and block, and returns the result: a value, or
// -errno. Handlers live one file per feature and are gathered in table.ts.
import type { GuestRegisters } from '../../../nucleus/index.ts';
import { api, K_OK } from '../../../nucleus/index.ts';
import { ERRNO, type Words } from './abi.ts';
import type { Process, ProcessTable } from './processes.ts';

export type Call<T> = Generator<api.Request, T, unknown>;

/** The PM's own state, shared by every handler. */
export interface PmState {
  readonly table: ProcessTable;
  readonly words: Words;
  /** Call numbers already reported as unknown (each is logged once). */
  readonly unknown: Set<number>;
  /** The first process, adopted as pid 1 at its first call (its actor's name and initial break). */
  readonly first: { readonly name: string; readonly brk: number } | undefined;
  /** The priority of a forked child's thread. */
  readonly priority: number;
}

export interface CallContext {
  readonly pm: PmState;
  readonly process: Process;
  /** a0..a3, then the words at 16($sp) and 20($sp) for a call with six arguments. */
  readonly args: readonly number[];
  readonly registers: GuestRegisters;
}

/** A handler: a generator when it makes nucleus calls, a plain function when it needs none. */
export type Syscall = (call: CallContext) => Call<number> | number;

/** One entry of the call table: the POSIX name beside its handler. */
export interface CallEntry {
  readonly name: string;
  readonly handler: Syscall;
  /** The call has a fifth and sixth argument (read from the caller's stack before it runs). */
  readonly sixArgs?: boolean;
  /** The handler set the caller's whole context (rt_sigreturn): its result is v0 as it stands. */
  readonly restores?: boolean;
}

/** Reads `count` words at guest address `address` of the caller, or undefined on a fault. */
export function* readWords(call: CallContext, address: number, count: number): Call<number[] | undefined> {
  const bytes = yield* api.svCopyIn(address, count * 4);
  return typeof bytes === 'number' ? undefined : call.pm.words.decode(bytes);
}

/** Writes `words` at guest address `address` of the caller: 0, or -EFAULT. */
export function* writeWords(call: CallContext, address: number, words: readonly number[]): Call<number> {
  const r = yield* api.svCopyOut(address, call.pm.words.encode(words));
  return r === K_OK ? 0 : -ERRNO.EFAULT;
}

/**
 * readv/writev: reads `count` struct iovec {base, length} at `iov` and runs `transfer` on each in
 * turn, adding up what it moved. An error after some bytes moved gives that count; a read ends
 * at a short transfer (`stopWhenShort`). EINVAL for a bad count, EFAULT for a bad vector.
 */
export function* vectored(
  call: CallContext,
  iov: number,
  count: number,
  transfer: (base: number, length: number) => Call<number>,
  stopWhenShort: boolean,
): Call<number> {
  if ((count | 0) < 0 || count > 1024) return -ERRNO.EINVAL;
  const vector = yield* readWords(call, iov, 2 * count);
  if (vector === undefined) return -ERRNO.EFAULT;
  let total = 0;
  for (let i = 0; i < count; i++) {
    const length = vector[2 * i + 1]!;
    const n = yield* transfer(vector[2 * i]!, length);
    if (n < 0) return total > 0 ? total : n;
    total += n;
    if (stopWhenShort && n < length) break;
  }
  return total;
}
