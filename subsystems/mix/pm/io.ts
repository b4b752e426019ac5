// Output calls and ioctl: write and writev go to the descriptor (fds.ts: the console for 1 and 2
// at first, or a file of the image server); read is in fds.ts. No descriptor is a terminal until
// the device manager exists (ioctl ENOTTY).
import { ERRNO } from './abi.ts';
import type { Call, CallContext, CallEntry } from './context.ts';
import { readWords } from './context.ts';
import { descriptor, writeDescriptor } from './fds.ts';

function* write({ pm, process, args: [fd, buf, count] }: CallContext): Call<number> {
  return yield* writeDescriptor(process, fd!, buf!, count!, pm);
}

/** writev(fd, iov, count): struct iovec is {base, length}, eight bytes. */
function* writev(call: CallContext): Call<number> {
  const [fd, iov, count] = call.args;
  if ((count! | 0) < 0 || count! > 1024) return -ERRNO.EINVAL;
  const vector = yield* readWords(call, iov!, 2 * count!);
  if (vector === undefined) return -ERRNO.EFAULT;
  let total = 0;
  for (let i = 0; i < count!; i++) {
    const written = yield* writeDescriptor(call.process, fd!, vector[2 * i]!, vector[2 * i + 1]!, call.pm);
    if (written < 0) return total > 0 ? total : written;
    total += written;
  }
  return total;
}

function ioctl({ process, args: [fd] }: CallContext): number {
  return descriptor(process, fd!) !== undefined ? -ERRNO.ENOTTY : -ERRNO.EBADF;
}

export const IO_CALLS: readonly (readonly [number, CallEntry])[] = [
  [4004, { name: 'write', handler: write }],
  [4054, { name: 'ioctl', handler: ioctl }],
  [4146, { name: 'writev', handler: writev }],
];
