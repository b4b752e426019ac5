// Signal calls, recorded only: rt_sigaction keeps each signal's struct sigaction and gives back
// the previous one, rt_sigprocmask keeps the blocked mask. Nothing is delivered yet (no kill, no
// frames, no synchronous signals from exceptions): that is the next slice.
import { api } from '../../../nucleus/index.ts';
import { ERRNO } from './abi.ts';
import type { Call, CallContext, CallEntry } from './context.ts';
import { readWords, writeWords } from './context.ts';

/** MIPS struct sigaction: {unsigned flags; handler; sigset_t mask (four words)}. */
const SIGACTION_SIZE = 24;
const NSIG = 128;
const SIGKILL = 9;
const SIGSTOP = 23;
/** MIPS numbers its `how` from 1 (asm/signal.h). */
const SIG_BLOCK = 1;
const SIG_UNBLOCK = 2;
const SIG_SETMASK = 3;
const UNBLOCKABLE = [(1 << (SIGKILL - 1)) | (1 << (SIGSTOP - 1)), 0];

function* sigaction({ process, args: [signal, act, oldact] }: CallContext): Call<number> {
  if (signal! < 1 || signal! >= NSIG) return -ERRNO.EINVAL;
  if (oldact !== 0) {
    const old = process.sigactions.get(signal!) ?? new Uint8Array(SIGACTION_SIZE);
    if ((yield* api.svCopyOut(oldact!, old)) !== 0) return -ERRNO.EFAULT;
  }
  if (act === 0) return 0;
  if (signal === SIGKILL || signal === SIGSTOP) return -ERRNO.EINVAL;
  const bytes = yield* api.svCopyIn(act!, SIGACTION_SIZE);
  if (typeof bytes === 'number') return -ERRNO.EFAULT;
  process.sigactions.set(signal!, bytes);
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
    process.sigmask = [(mask[0] & ~UNBLOCKABLE[0]!) >>> 0, mask[1] >>> 0];
  }
  if (oldset !== 0 && (yield* writeWords(call, oldset!, [old[0], old[1], 0, 0])) < 0) return -ERRNO.EFAULT;
  return 0;
}

export const SIGNAL_CALLS: readonly (readonly [number, CallEntry])[] = [
  [4194, { name: 'rt_sigaction', handler: sigaction }],
  [4195, { name: 'rt_sigprocmask', handler: sigprocmask }],
];
