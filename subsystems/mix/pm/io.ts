// Input and output until the device manager exists: standard output and error (fd 1 and 2) go
// to the console with consoleWrite, standard input (fd 0) is at end of file, and no descriptor is
// a terminal. Every other descriptor is EBADF: there are no files yet.
import { api } from '../../../nucleus/index.ts';
import { ERRNO } from './abi.ts';
import type { Call, CallContext, CallEntry } from './context.ts';
import { readWords } from './context.ts';

/** The most bytes one write moves (a larger count writes a prefix, as a short write may). */
const WRITE_MAX = 1 << 20;
const decoder = new TextDecoder();

const isOutput = (fd: number) => fd === 1 || fd === 2;

function* writeBytes(fd: number, address: number, count: number): Call<number> {
  if (!isOutput(fd)) return -ERRNO.EBADF;
  const size = Math.min(count >>> 0, WRITE_MAX);
  if (size === 0) return 0;
  const bytes = yield* api.svCopyIn(address, size);
  if (typeof bytes === 'number') return -ERRNO.EFAULT;
  yield* api.consoleWrite(decoder.decode(bytes));
  return size;
}

function* write({ args: [fd, buf, count] }: CallContext): Call<number> {
  return yield* writeBytes(fd!, buf!, count!);
}

/** writev(fd, iov, count): struct iovec is {base, length}, eight bytes. */
function* writev(call: CallContext): Call<number> {
  const [fd, iov, count] = call.args;
  if ((count! | 0) < 0 || count! > 1024) return -ERRNO.EINVAL;
  const vector = yield* readWords(call, iov!, 2 * count!);
  if (vector === undefined) return -ERRNO.EFAULT;
  let total = 0;
  for (let i = 0; i < count!; i++) {
    const written = yield* writeBytes(fd!, vector[2 * i]!, vector[2 * i + 1]!);
    if (written < 0) return total > 0 ? total : written;
    total += written;
  }
  return total;
}

function read({ args: [fd] }: CallContext): number {
  return fd === 0 ? 0 : -ERRNO.EBADF;
}

function ioctl({ args: [fd] }: CallContext): number {
  return fd! <= 2 ? -ERRNO.ENOTTY : -ERRNO.EBADF;
}

export const IO_CALLS: readonly (readonly [number, CallEntry])[] = [
  [4003, { name: 'read', handler: read }],
  [4004, { name: 'write', handler: write }],
  [4054, { name: 'ioctl', handler: ioctl }],
  [4146, { name: 'writev', handler: writev }],
];
