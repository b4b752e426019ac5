// The Linux MIPS o32 system calls `chorus exec` implements: number in v0, arguments in a0..a3
// and at 16($sp), 20($sp); the result in v0 with a3 = 0, or the positive errno in v0 with a3 = 1
// (Linux arch/mips/kernel/scall32-o32.S). Numbers from syscall_o32.tbl (+4000). Time is the
// simulated CPU's: cycles at the nominal frequency, never the host clock.
import type { MipsCpu } from '../../machine/cpu/mips/index.ts';
import { ERRNO } from './host-files.ts';
import { errnoOf } from './host-paths.ts';
import type { ExecProcess } from './process.ts';
import { SIG } from './signals-mips.ts';
import { FILE_SYSCALLS } from './syscalls-files.ts';
import { PROCESS_SYSCALLS, SYSCALL_BLOCK } from './syscalls-process.ts';

export { SYSCALL_BLOCK } from './syscalls-process.ts';

const V0 = 2;
const A0 = 4;
const A3 = 7;
const SP = 29;

const MAP_FIXED = 0x10;
const MAP_ANONYMOUS = 0x800;
const UTS_FIELD = 65;

type Handler = (p: ExecProcess, args: readonly number[]) => number;

/**
 * Wall-clock time of the simulated machine: EPOCH (a fixed date, so runs are reproducible) plus
 * the simulated time since start; CLOCK_MONOTONIC (clock 1 and others) counts from zero.
 */
const EPOCH_SECONDS = 1_767_225_600; // 2026-01-01T00:00:00Z

function timespec(p: ExecProcess, clock = 0): [seconds: number, nanoseconds: number] {
  const ns = p.simulatedNanoseconds();
  return [Math.floor(ns / 1e9) + (clock === 0 ? EPOCH_SECONDS : 0), ns % 1e9];
}

function writeWords(p: ExecProcess, address: number, words: readonly number[]): number {
  for (const [i, word] of words.entries())
    if (!p.space.writeWord(address + 4 * i, word)) return -ERRNO.EFAULT;
  return 0;
}

/** A 64-bit value as two words in the guest's order (o32 long long). */
function words64(p: ExecProcess, value: number): [number, number] {
  const hi = Math.floor(value / 4294967296) >>> 0;
  const lo = value >>> 0;
  return p.space.littleEndian ? [lo, hi] : [hi, lo];
}

function read(p: ExecProcess, [fd, buf, count]: readonly number[]): number {
  const result = p.files.read(fd!, Math.min(count! >>> 0, 1 << 20));
  if (typeof result === 'number') return result;
  return p.space.write(buf!, result) ? result.length : -ERRNO.EFAULT;
}

function write(p: ExecProcess, [fd, buf, count]: readonly number[]): number {
  const bytes = p.space.read(buf!, Math.min(count! >>> 0, 1 << 24));
  if (bytes === undefined) return -ERRNO.EFAULT;
  const written = p.files.write(fd!, bytes);
  if (written === -ERRNO.EPIPE) p.signals.post(SIG.SIGPIPE, p.pid);
  return written;
}

function writev(p: ExecProcess, [fd, iov, count]: readonly number[]): number {
  let total = 0;
  for (let i = 0; i < count!; i++) {
    const base = p.space.readWord(iov! + 8 * i);
    const length = p.space.readWord(iov! + 8 * i + 4);
    if (base === undefined || length === undefined) return -ERRNO.EFAULT;
    const written = write(p, [fd!, base, length]);
    if (written < 0) return total > 0 ? total : written;
    total += written;
  }
  return total;
}

function mmap(
  p: ExecProcess,
  [addr, length, , flags, fd, offset]: readonly number[],
  pageOffset: boolean,
): number {
  if (length === 0) return -ERRNO.EINVAL;
  const fixed = (flags! & MAP_FIXED) !== 0 ? addr! >>> 0 : undefined;
  const start = p.space.mapAnonymous(length! >>> 0, fixed);
  if (start < 0) return -ERRNO.ENOMEM;
  if ((flags! & MAP_ANONYMOUS) === 0) {
    const data = p.files.contents(fd!);
    if (data === undefined) return -ERRNO.EBADF;
    const from = (offset! >>> 0) * (pageOffset ? 4096 : 1);
    p.space.write(start, data.subarray(from, Math.min(data.length, from + (length! >>> 0))));
  }
  return start;
}

function uname(p: ExecProcess, [buf]: readonly number[]): number {
  const fields = ['Linux', 'chorus', '6.1.0-chorus', '#1 chorus exec', 'mips', '(none)'];
  const bytes = new Uint8Array(UTS_FIELD * fields.length);
  fields.forEach((field, i) => {
    bytes.set(Buffer.from(field), i * UTS_FIELD);
  });
  return p.space.write(buf!, bytes) ? 0 : -ERRNO.EFAULT;
}

const TABLE = new Map<number, Handler>([
  [4003, read],
  [4004, write],
  [4146, writev],
  [4019, (p, [fd, offset, whence]) => p.files.seek(fd!, offset!, whence!)],
  [
    4140,
    (p, [fd, high, low, result, whence]) => {
      const position = p.files.seek(fd!, (high! >>> 0) * 4294967296 + (low! >>> 0), whence!);
      return position < 0 ? position : writeWords(p, result!, words64(p, position));
    },
  ],
  [4045, (p, [address]) => p.space.setBreak(address! >>> 0)],
  [4090, (p, args) => mmap(p, args, false)],
  [4210, (p, args) => mmap(p, args, true)],
  [
    4091,
    (p, [address, length]) => {
      if ((address! & 0xfff) !== 0 || length === 0) return -ERRNO.EINVAL;
      p.space.unmap(address! >>> 0, (address! >>> 0) + (length! >>> 0));
      p.flushTlb();
      return 0;
    },
  ],
  [4125, () => 0], // mprotect: pages are always readable and writable here
  [4122, uname],
  [4263, (p, [clock, ts]) => writeWords(p, ts!, timespec(p, clock))],
  [
    4403,
    (p, [clock, ts]) => {
      const [s, ns] = timespec(p, clock);
      return writeWords(p, ts!, [...words64(p, s), ...words64(p, ns)]);
    },
  ],
  [
    4078,
    (p, [tv]) => {
      const [s, ns] = timespec(p);
      return tv === 0 ? 0 : writeWords(p, tv!, [s, Math.floor(ns / 1000)]);
    },
  ],
  [
    4013,
    (p, [t]) => {
      const s = timespec(p)[0];
      return t === 0 || writeWords(p, t!, [s]) === 0 ? s : -ERRNO.EFAULT;
    },
  ],
  [
    4283,
    (p, [address]) => {
      p.cpu.userLocal = address!;
      return 0;
    },
  ],
  [4252, (p) => p.pid],
  [4024, () => 0],
  [4047, () => 0],
  [4049, () => 0],
  [4050, () => 0],
  [4162, () => 0],
  [
    4043, // times: all time is user time, in clock ticks of 100 Hz
    (p, [buf]) => {
      const ticks = Math.floor(p.simulatedNanoseconds() / 10_000_000);
      return buf === 0 || writeWords(p, buf!, [ticks, 0, 0, 0]) === 0 ? ticks : -ERRNO.EFAULT;
    },
  ],
  [4054, () => -ERRNO.ENOTTY], // ioctl: the standard streams are not terminals here
  [4194, (p, args) => p.signals.action(args)],
  [4195, (p, args) => p.signals.procmask(args)],
  [4196, (p, args) => p.signals.pendingSet(args)],
  ...FILE_SYSCALLS,
  ...PROCESS_SYSCALLS,
]);

/**
 * Handles the SYSCALL exception the CPU just took and returns the result; the caller returns
 * to EPC + 4, unless the result is SYSCALL_BLOCK (registers untouched: the call is retried).
 */
export function mipsSyscall(p: ExecProcess, cpu: MipsCpu): number {
  const r = cpu.r;
  const number = r[V0]!;
  if (number === 4001 || number === 4246) {
    p.exit(r[A0]! & 0xff);
    return 0;
  }
  const sp = r[SP]!;
  const args = [
    r[A0]!,
    r[A0 + 1]!,
    r[A0 + 2]!,
    r[A3]!,
    p.space.readWord(sp + 16) ?? 0,
    p.space.readWord(sp + 20) ?? 0,
  ];
  const handler = TABLE.get(number);
  let result: number;
  try {
    result = handler === undefined ? -ERRNO.ENOSYS : handler(p, args);
  } catch (error) {
    result = -errnoOf(error); // a host error the handler did not expect is still only an errno
  }
  if (p.strace) p.trace(`[${p.pid}] syscall ${number}(${args.slice(0, 4).join(', ')}) = ${result}\n`);
  if (result === SYSCALL_BLOCK || p.state === 'zombie') return result;
  if (result < 0 && result > -4096) {
    r[V0] = -result;
    r[A3] = 1;
  } else {
    r[V0] = result;
    r[A3] = 0; // v1 is left alone, as Linux does (pipe returns its second descriptor there)
  }
  return result;
}
