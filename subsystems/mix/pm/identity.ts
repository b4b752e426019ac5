// Who a process is and where it runs: pids, the ids of a root-only system (every uid and gid is
// 0 until permissions exist), uname, and set_thread_area (recorded per process; the MIPS HAL has
// no UserLocal register in a thread's context yet, and the userland's libc does not use TLS).
import { api } from '../../../nucleus/index.ts';
import { ERRNO } from './abi.ts';
import type { Call, CallContext, CallEntry } from './context.ts';

/** struct utsname: six fields of 65 bytes each. */
const UTS_FIELD = 65;
const UTS_FIELDS = ['Linux', 'chorus', '6.1.0-mix', '#1 CHORUS/MiX', 'mips', '(none)'];

function getpid({ process }: CallContext): number {
  return process.pid;
}

function getppid({ process }: CallContext): number {
  return process.ppid;
}

function root(): number {
  return 0;
}

function* uname({ args: [buf] }: CallContext): Call<number> {
  const bytes = new Uint8Array(UTS_FIELD * UTS_FIELDS.length);
  const encoder = new TextEncoder();
  UTS_FIELDS.forEach((field, i) => {
    bytes.set(encoder.encode(field), i * UTS_FIELD);
  });
  const r = yield* api.svCopyOut(buf!, bytes);
  return r === 0 ? 0 : -ERRNO.EFAULT;
}

function setThreadArea({ process, args: [address] }: CallContext): number {
  process.threadArea = address! >>> 0;
  return 0;
}

export const IDENTITY_CALLS: readonly (readonly [number, CallEntry])[] = [
  [4020, { name: 'getpid', handler: getpid }],
  [4024, { name: 'getuid', handler: root }],
  [4047, { name: 'getgid', handler: root }],
  [4049, { name: 'geteuid', handler: root }],
  [4050, { name: 'getegid', handler: root }],
  [4064, { name: 'getppid', handler: getppid }],
  [4122, { name: 'uname', handler: uname }],
  [4283, { name: 'set_thread_area', handler: setThreadArea }],
];
