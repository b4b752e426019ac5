// The process system calls of the `chorus exec` shim (Linux o32 numbering): fork/vfork/clone
// (a full copy: vfork and clone(SIGCHLD) behave as fork), execve of an ELF inside the start
// directory (or /bin/NAME from the configured bin directory), wait4, kill/tkill/tgkill between
// processes, pipe/pipe2, alarm/setitimer/getitimer and nanosleep on the simulated clock, pause
// and rt_sigsuspend, and mknod/mknodat of FIFOs. A call that must wait returns SYSCALL_BLOCK.
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { ERRNO, errnoOf } from './host-paths.ts';
import { PIPE_BLOCK, Pipe } from './pipes.ts';
import { ExecError, type ExecProcess } from './process.ts';

/** A system call that cannot complete yet: the process blocks and the call is retried. */
export const SYSCALL_BLOCK = PIPE_BLOCK;

type Args = readonly number[];
type Handler = (p: ExecProcess, args: Args) => number;

const WNOHANG = 1;
const CLONE_VM = 0x100;
const CLONE_THREAD = 0x10000;
const S_IFMT = 0o170000;
const S_IFIFO = 0o010000;
const S_IFREG = 0o100000;
const O_CLOEXEC = 0x80000;
const SI_USER = 0;
const SI_TKILL = -6;

function fork(p: ExecProcess): number {
  if (p.kernel.full) return -11; // EAGAIN
  try {
    return p.kernel.spawn(p).pid;
  } catch (error) {
    if (error instanceof ExecError) return -ERRNO.ENOMEM;
    throw error;
  }
}

/** A NULL-terminated array of string pointers (argv, envp), or undefined on a bad address. */
function stringArray(p: ExecProcess, address: number): string[] | undefined {
  const out: string[] = [];
  if (address === 0) return out;
  for (let i = 0; i < 4096; i++) {
    const pointer = p.space.readWord(address + 4 * i);
    if (pointer === undefined) return undefined;
    if (pointer === 0) return out;
    const text = p.space.readString(pointer);
    if (text === undefined) return undefined;
    out.push(text);
  }
  return undefined;
}

function execve(p: ExecProcess, [pathAddress, argvAddress, envAddress]: Args): number {
  const path = p.space.readString(pathAddress!);
  const argv = stringArray(p, argvAddress!);
  const env = stringArray(p, envAddress!);
  if (path === undefined || argv === undefined || env === undefined) return -ERRNO.EFAULT;
  const bin = p.kernel.options.binDirectory;
  let host: string | number;
  if (bin !== undefined && /^\/bin\/[^/]+$/.test(path)) host = join(bin, basename(path));
  else host = p.files.paths.resolve(path, true);
  if (typeof host === 'number') return -host;
  let image: Uint8Array;
  try {
    image = readFileSync(host);
  } catch (error) {
    return -errnoOf(error);
  }
  try {
    const elf = p.kernel.parse(image, ExecError);
    if ((elf.endianness === 'little') !== p.kernel.littleEndian) return -ERRNO.ENOEXEC;
    p.exec(elf, argv, env);
  } catch (error) {
    if (error instanceof ExecError) return -ERRNO.ENOEXEC;
    throw error;
  }
  return 0;
}

function wait4(p: ExecProcess, [pid, statusAddress, options]: Args): number {
  const target = pid! | 0;
  let children = 0;
  for (const child of p.kernel.processes.values()) {
    if (child.parent !== p) continue;
    if (target > 0 && child.pid !== target) continue;
    children++;
    if (child.state !== 'zombie') continue;
    if (statusAddress !== 0 && !p.space.writeWord(statusAddress!, child.waitStatus)) return -ERRNO.EFAULT;
    p.kernel.reap(child);
    return child.pid;
  }
  if (children === 0) return -ERRNO.ECHILD;
  return (options! & WNOHANG) !== 0 ? 0 : SYSCALL_BLOCK;
}

/** kill(pid, sig): one process, or (0, -1, -pgid) every live process of the run. */
function kill(p: ExecProcess, pid: number, sig: number, code: number): number {
  if (sig < 0 || sig > 128) return -ERRNO.EINVAL;
  const targets = [...p.kernel.processes.values()].filter(
    (other) => other.state !== 'zombie' && (pid > 0 ? other.pid === pid : pid !== -1 || other !== p),
  );
  if (targets.length === 0) return -ERRNO.ESRCH;
  if (sig !== 0) for (const target of targets) target.signals.post(sig, p.pid, code);
  return 0;
}

/** ITIMER_REAL as an itimerval {interval, value}, each {seconds, microseconds}. */
function timerValue(p: ExecProcess): [number, number, number, number] {
  const k = p.kernel;
  const remaining = p.alarmAt === undefined ? 0 : Math.max(1, p.alarmAt - k.now);
  const us = (cycles: number) => Math.ceil((cycles * 1e6) / (k.cyclesFor(1e9) || 1));
  const interval = us(p.alarmInterval);
  const value = us(remaining);
  return [Math.floor(interval / 1e6), interval % 1e6, Math.floor(value / 1e6), value % 1e6];
}

function setTimer(p: ExecProcess, intervalUs: number, valueUs: number): void {
  const k = p.kernel;
  p.alarmInterval = k.cyclesFor(intervalUs * 1000);
  p.alarmAt = valueUs > 0 ? k.now + k.cyclesFor(valueUs * 1000) : undefined;
}

function setitimer(p: ExecProcess, [which, value, old]: Args): number {
  if (which !== 0) return -ERRNO.EINVAL; // only ITIMER_REAL
  const before = timerValue(p);
  if (old !== 0)
    for (const [i, w] of before.entries()) if (!p.space.writeWord(old! + 4 * i, w)) return -ERRNO.EFAULT;
  if (value === 0) return 0;
  const words = [0, 1, 2, 3].map((i) => p.space.readWord(value! + 4 * i));
  if (words.some((w) => w === undefined)) return -ERRNO.EFAULT;
  setTimer(p, words[0]! * 1e6 + words[1]!, words[2]! * 1e6 + words[3]!);
  return 0;
}

function nanosleep(p: ExecProcess, [request]: Args): number {
  const k = p.kernel;
  if (p.sleepUntil === undefined) {
    const s = p.space.readWord(request!);
    const ns = p.space.readWord(request! + 4);
    if (s === undefined || ns === undefined) return -ERRNO.EFAULT;
    if (ns >>> 0 >= 1e9) return -ERRNO.EINVAL;
    p.sleepUntil = k.now + k.cyclesFor((s >>> 0) * 1e9 + (ns >>> 0));
  }
  if (k.now < p.sleepUntil) return SYSCALL_BLOCK;
  p.sleepUntil = undefined;
  return 0;
}

function pipe2(p: ExecProcess, [fds, flags]: Args): number {
  const ends = p.files.makePipe((flags! & O_CLOEXEC) !== 0);
  if (typeof ends === 'number') return ends;
  if (!p.space.writeWord(fds!, ends[0]) || !p.space.writeWord(fds! + 4, ends[1])) return -ERRNO.EFAULT;
  return 0;
}

/** mknod/mknodat: FIFOs only (a placeholder file on the host; the pipe lives in the shim). */
function mknod(p: ExecProcess, pathAddress: number, mode: number): number {
  const type = mode & S_IFMT;
  if (type !== S_IFIFO && type !== S_IFREG && type !== 0) return -ERRNO.EPERM;
  const name = p.space.readString(pathAddress);
  if (name === undefined) return -ERRNO.EFAULT;
  const host = p.files.paths.resolve(name, false);
  if (typeof host === 'number') return -host;
  try {
    writeFileSync(host, '', { flag: 'wx', mode: mode & ~p.files.umask & 0o777 });
  } catch (error) {
    return -errnoOf(error);
  }
  if (type === S_IFIFO) p.kernel.fifos.set(host, new Pipe());
  return 0;
}

export const PROCESS_SYSCALLS: ReadonlyMap<number, Handler> = new Map<number, Handler>([
  [4002, fork],
  [4190, fork], // vfork: a full copy is a correct vfork
  [
    4120, // clone: only the fork-like form (no shared memory, no threads)
    (p, [flags]) => ((flags! & (CLONE_VM | CLONE_THREAD)) !== 0 ? -ERRNO.ENOSYS : fork(p)),
  ],
  [4011, execve],
  [4114, wait4],
  [4007, (p, [pid, status, options]) => wait4(p, [pid!, status!, options!])],
  [4037, (p, [pid, sig]) => kill(p, pid! | 0, sig!, SI_USER)],
  [4236, (p, [tid, sig]) => kill(p, tid! | 0, sig!, SI_TKILL)],
  [4266, (p, [tgid, , sig]) => kill(p, tgid! | 0, sig!, SI_TKILL)],
  [4020, (p) => p.pid],
  [4222, (p) => p.pid],
  [4064, (p) => p.parent?.pid ?? p.pid - 1],
  [4065, (p) => p.kernel.init.pid],
  [4132, (p) => p.kernel.init.pid],
  [4057, () => 0],
  [4066, (p) => p.pid],
  [
    4042,
    (p) => {
      // pipe: MIPS returns the two descriptors in v0 and v1
      const ends = p.files.makePipe(false);
      if (typeof ends === 'number') return ends;
      p.cpu.r[3] = ends[1];
      return ends[0];
    },
  ],
  [4328, pipe2],
  [
    4327, // dup3
    (p, [fd, to, flags]) => {
      if (fd === to || (flags! & ~O_CLOEXEC) !== 0) return -ERRNO.EINVAL;
      const copy = p.files.duplicate(fd!, 0, to!);
      if (copy >= 0 && (flags! & O_CLOEXEC) !== 0) p.files.control(copy, 2, 1);
      return copy;
    },
  ],
  [
    4027,
    (p, [seconds]) => {
      const left = timerValue(p);
      setTimer(p, 0, (seconds! >>> 0) * 1e6);
      return left[2] + (left[3] >= 500_000 || (left[2] === 0 && left[3] > 0) ? 1 : 0);
    },
  ],
  [4104, setitimer],
  [
    4105,
    (p, [which, value]) => {
      if (which !== 0) return -ERRNO.EINVAL;
      for (const [i, w] of timerValue(p).entries())
        if (!p.space.writeWord(value! + 4 * i, w)) return -ERRNO.EFAULT;
      return 0;
    },
  ],
  [4166, nanosleep],
  [4265, (p, [, flags, request]) => ((flags! & 1) !== 0 ? -ERRNO.EINVAL : nanosleep(p, [request!]))],
  [4029, () => SYSCALL_BLOCK], // pause: only a signal ends it
  [4199, (p, args) => p.signals.suspend(args)],
  [4014, (p, [path, mode]) => mknod(p, path!, mode!)],
  [4290, (p, [, path, mode]) => mknod(p, path!, mode!)],
]);
