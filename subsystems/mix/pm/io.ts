// Output calls and ioctl: write and writev go to the descriptor (fds.ts: the console for 1 and 2
// at first, or a file of the image server); read is in fds.ts. No descriptor is a terminal until
// the device manager exists (ioctl ENOTTY).
import { ERRNO } from './abi.ts';
import type { Call, CallContext, CallEntry } from './context.ts';
import { vectored } from './context.ts';
import { descriptor, writeDescriptor } from './fds.ts';

function* write({ pm, process, args: [fd, buf, count] }: CallContext): Call<number> {
  return yield* writeDescriptor(process, fd!, buf!, count!, pm);
}

/** writev(fd, iov, count): struct iovec is {base, length}, eight bytes. */
function* writev(call: CallContext): Call<number> {
  const [fd, iov, count] = call.args;
  const each = (base: number, length: number) => writeDescriptor(call.process, fd!, base, length, call.pm);
  return yield* vectored(call, iov!, count!, each, false);
}

function ioctl({ process, args: [fd] }: CallContext): number {
  return descriptor(process, fd!) !== undefined ? -ERRNO.ENOTTY : -ERRNO.EBADF;
}

export const IO_CALLS: readonly (readonly [number, CallEntry])[] = [
  [4004, { name: 'write', handler: write }],
  [4054, { name: 'ioctl', handler: ioctl }],
  [4146, { name: 'writev', handler: writev }],
];
