// Per-process file descriptors and the calls on them. A descriptor names an open file
// description (shared by dup and fork, holding the offset and flags) and carries its own
// close-on-exec flag. Descriptors 0, 1 and 2 start as the console (input at end of file, output
// to consoleWrite) until the device manager exists; every other file is the image server's
// (files.ts), and pipe ends are the pipe service's (subsystems/mix/pipes): each end's description
// counts the descriptors that hold it, in every process, so the service learns when an end's
// last reference goes (close, dup2 over it, close-on-exec, exit). Each process also has a
// working directory. The state lives here, keyed by the
// process record, so that fork (inheritFiles) and execve (closeOnExec) reach it.
import { api } from '../../../nucleus/index.ts';
import type { ListEntry } from '../image/protocol.ts';
import { CREATE_EXCLUSIVE, KIND } from '../image/protocol.ts';
import { pipeClose, pipeCreate, pipeRead, pipeWrite } from '../pipes/client.ts';
import { PIPE_BUF, READ_END, WRITE_END } from '../pipes/protocol.ts';
import { ERRNO } from './abi.ts';
import type { Call, CallContext, CallEntry, PmState } from './context.ts';
import { vectored, writeWords } from './context.ts';
import {
  absolute,
  create,
  FERR,
  listDirectory,
  lookup,
  readFile,
  readString,
  truncateFile,
  writeFile,
} from './files.ts';
import type { Process } from './processes.ts';
import { postSignal, SI_USER } from './signal-post.ts';

/** MIPS open flags (asm/fcntl.h). */
const O_ACCMODE = 3;
const O_WRONLY = 1;
const O_APPEND = 0x0008;
const O_NONBLOCK = 0x0080;
const O_CREAT = 0x0100;
const O_TRUNC = 0x0200;
const O_EXCL = 0x0400;
const O_DIRECTORY = 0x10000;
const O_CLOEXEC = 0x80000;
const AT_FDCWD = -100;
const F_DUPFD = 0;
const F_GETFD = 1;
const F_SETFD = 2;
const F_GETFL = 3;
const F_SETFL = 4;
const F_DUPFD_CLOEXEC = 1030;
const FD_CLOEXEC = 1;
const OPEN_MAX = 256;
const WRITE_MAX = 1 << 20;

/** An open file description. */
export interface OpenFile {
  readonly kind: 'console-in' | 'console-out' | 'file' | 'directory' | 'pipe';
  readonly path: string;
  readonly ino: number;
  flags: number;
  offset: number;
  /** A directory's entries, read at the first getdents64. */
  listing?: ListEntry[] | undefined;
  /** A pipe end: the service's pipe number, which end, and how many descriptors hold it. */
  pipe?: { readonly id: number; readonly end: number; refs: number } | undefined;
}

/** A descriptor now holds `file`. */
function hold(file: OpenFile): void {
  if (file.pipe !== undefined) file.pipe.refs++;
}

/** A descriptor no longer holds `file`; the pipe service hears of an end's last one. */
function* release(file: OpenFile): Call<void> {
  if (file.pipe === undefined) return;
  file.pipe.refs--;
  if (file.pipe.refs === 0) yield* pipeClose(file.pipe.id, file.pipe.end);
}

const SIGPIPE = 13;
const EPIPE = 32;
/** o32 v1: the old pipe call's second result. */
const V1 = 3;

interface Descriptor {
  readonly file: OpenFile;
  cloexec: boolean;
}

export interface Files {
  readonly fds: Map<number, Descriptor>;
  cwd: string;
  /** The file mode creation mask (umask), inherited by fork. */
  umask: number;
}

const consoleIn: OpenFile = { kind: 'console-in', path: '/dev/console', ino: 0, flags: 0, offset: 0 };
const consoleOut: OpenFile = { kind: 'console-out', path: '/dev/console', ino: 0, flags: 1, offset: 0 };

const table = new WeakMap<Process, Files>();

/** The descriptors and working directory of `process` (the console on 0-2 at first). */
export function filesOf(process: Process): Files {
  let files = table.get(process);
  if (files === undefined) {
    files = {
      fds: new Map([
        [0, { file: consoleIn, cloexec: false }],
        [1, { file: consoleOut, cloexec: false }],
        [2, { file: consoleOut, cloexec: false }],
      ]),
      cwd: '/',
      umask: 0o022,
    };
    table.set(process, files);
  }
  return files;
}

/** fork: the child gets copies of the parent's descriptors (sharing their descriptions) and cwd. */
export function inheritFiles(parent: Process, child: Process): void {
  const from = filesOf(parent);
  table.set(child, {
    fds: new Map(
      [...from.fds].map(([fd, d]) => {
        hold(d.file);
        return [fd, { file: d.file, cloexec: d.cloexec }];
      }),
    ),
    cwd: from.cwd,
    umask: from.umask,
  });
}

/** execve: closes the descriptors marked close-on-exec. */
export function* closeOnExec(process: Process): Call<void> {
  const files = filesOf(process);
  for (const [fd, d] of files.fds)
    if (d.cloexec) {
      files.fds.delete(fd);
      yield* release(d.file);
    }
}

/** exit: every descriptor of `process` is closed. */
export function* closeAll(process: Process): Call<void> {
  const files = filesOf(process);
  for (const [fd, d] of files.fds) {
    files.fds.delete(fd);
    yield* release(d.file);
  }
}

/** The open file behind `fd` of `process`. */
export function descriptor(process: Process, fd: number): OpenFile | undefined {
  return filesOf(process).fds.get(fd)?.file;
}

function lowestFree(files: Files, from: number): number {
  for (let fd = from; fd < OPEN_MAX; fd++) if (!files.fds.has(fd)) return fd;
  return -FERR.EMFILE;
}

/** The absolute path of (dirfd, name) as the *at calls read it, or -errno. */
export function pathAt(process: Process, dirfd: number, name: string): string | number {
  if (name.startsWith('/') || (dirfd | 0) === AT_FDCWD) return absolute(filesOf(process).cwd, name);
  const dir = descriptor(process, dirfd);
  if (dir === undefined) return -ERRNO.EBADF;
  if (dir.kind !== 'directory') return -FERR.ENOTDIR;
  return absolute(dir.path, name);
}

/** Resolves (dirfd, path at `address`) of the caller: the absolute path or -errno ("" is ENOENT). */
export function* callerPath(process: Process, dirfd: number, address: number): Call<string | number> {
  const name = yield* readString(address);
  if (typeof name === 'number') return name;
  if (name === '') return -ERRNO.ENOENT;
  return pathAt(process, dirfd, name);
}

function* openAt(
  process: Process,
  dirfd: number,
  address: number,
  flags: number,
  mode: number,
): Call<number> {
  const path = yield* callerPath(process, dirfd, address);
  if (typeof path === 'number') return path;
  const writing = (flags & O_ACCMODE) !== 0;
  let node = yield* lookup(path);
  if ((flags & O_CREAT) !== 0 && (flags & O_EXCL) !== 0 && typeof node !== 'number') return -FERR.EEXIST;
  if ((flags & O_CREAT) !== 0 && node === -ERRNO.ENOENT) {
    node = yield* create(path, CREATE_EXCLUSIVE, mode & ~filesOf(process).umask & 0o7777);
  } else if (typeof node !== 'number' && node.kind === KIND.FILE && writing && (flags & O_TRUNC) !== 0) {
    const r = yield* truncateFile(node.ino, 0);
    if (r < 0) return r;
  }
  if (typeof node === 'number') return node;
  const isDirectory = node.kind === KIND.DIRECTORY;
  if (isDirectory && writing) return -FERR.EISDIR;
  if (!isDirectory && (flags & O_DIRECTORY) !== 0) return -FERR.ENOTDIR;
  if (!isDirectory && writing) {
    // Is the image writable? A write of nothing says so without changing the file.
    const probe = yield* writeFile(node.ino, 0, new Uint8Array(0));
    if (probe < 0) return probe;
  }
  const files = filesOf(process);
  const fd = lowestFree(files, 0);
  if (fd < 0) return fd;
  files.fds.set(fd, {
    file: { kind: isDirectory ? 'directory' : 'file', path, ino: node.ino, flags, offset: 0 },
    cloexec: (flags & O_CLOEXEC) !== 0,
  });
  return fd;
}

function* open({ process, args: [address, flags, mode] }: CallContext): Call<number> {
  return yield* openAt(process, AT_FDCWD, address!, flags!, mode!);
}

function* openat({ process, args: [dirfd, address, flags, mode] }: CallContext): Call<number> {
  return yield* openAt(process, dirfd!, address!, flags!, mode!);
}

function* close({ process, args: [fd] }: CallContext): Call<number> {
  const files = filesOf(process);
  const d = files.fds.get(fd!);
  if (d === undefined) return -ERRNO.EBADF;
  files.fds.delete(fd!);
  yield* release(d.file);
  return 0;
}

function* duplicate(
  process: Process,
  fd: number,
  to: number | undefined,
  cloexec: boolean,
  from = 0,
): Call<number> {
  const files = filesOf(process);
  const d = files.fds.get(fd);
  if (d === undefined) return -ERRNO.EBADF;
  if (to !== undefined) {
    if (to >>> 0 >= OPEN_MAX) return -ERRNO.EBADF;
    if (to === fd) return to;
  }
  const target = to ?? lowestFree(files, from);
  if (target < 0) return target;
  const replaced = files.fds.get(target);
  hold(d.file);
  files.fds.set(target, { file: d.file, cloexec });
  if (replaced !== undefined) yield* release(replaced.file);
  return target;
}

const dup = ({ process, args: [fd] }: CallContext) => duplicate(process, fd!, undefined, false);
const dup2 = ({ process, args: [fd, to] }: CallContext) => duplicate(process, fd!, to!, false);
function* dup3({ process, args: [fd, to, flags] }: CallContext): Call<number> {
  if (fd === to) return -ERRNO.EINVAL;
  return yield* duplicate(process, fd!, to!, (flags! & O_CLOEXEC) !== 0);
}

function* fcntl({ process, args: [fd, command, argument] }: CallContext): Call<number> {
  const d = filesOf(process).fds.get(fd!);
  if (d === undefined) return -ERRNO.EBADF;
  switch (command) {
    case F_DUPFD:
    case F_DUPFD_CLOEXEC:
      if (argument! >>> 0 >= OPEN_MAX) return -ERRNO.EINVAL;
      return yield* duplicate(process, fd!, undefined, command === F_DUPFD_CLOEXEC, argument!);
    case F_GETFD:
      return d.cloexec ? FD_CLOEXEC : 0;
    case F_SETFD:
      d.cloexec = (argument! & FD_CLOEXEC) !== 0;
      return 0;
    case F_GETFL:
      return d.file.flags & ~O_CLOEXEC;
    case F_SETFL:
      d.file.flags = (d.file.flags & ~(O_APPEND | O_NONBLOCK)) | (argument! & (O_APPEND | O_NONBLOCK));
      return 0;
    default:
      return -ERRNO.EINVAL;
  }
}

/** Reads up to `count` bytes of `file` at `offset` into the caller's `buf`: the count or -errno. */
function* readInto(file: OpenFile, buf: number, count: number, offset: number): Call<number> {
  if (file.kind === 'console-in') return 0;
  if (file.pipe !== undefined) {
    if (file.pipe.end !== READ_END) return -ERRNO.EBADF;
    const got = yield* pipeRead(file.pipe.id, READ_END, count >>> 0, (file.flags & O_NONBLOCK) !== 0);
    if (typeof got === 'number') return got;
    if (got.length > 0 && (yield* api.svCopyOut(buf, got)) !== 0) return -ERRNO.EFAULT;
    return got.length;
  }
  if (file.kind === 'console-out' || (file.flags & O_ACCMODE) === O_WRONLY) return -ERRNO.EBADF;
  if (file.kind === 'directory') return -FERR.EISDIR;
  const bytes = yield* readFile(file.ino, offset, Math.min(count >>> 0, WRITE_MAX));
  if (typeof bytes === 'number') return bytes;
  if (bytes.length > 0 && (yield* api.svCopyOut(buf, bytes)) !== 0) return -ERRNO.EFAULT;
  return bytes.length;
}

function* read({ process, args: [fd, buf, count] }: CallContext): Call<number> {
  const file = descriptor(process, fd!);
  if (file === undefined) return -ERRNO.EBADF;
  const n = yield* readInto(file, buf!, count!, file.offset);
  if (n > 0 && file.kind !== 'pipe') file.offset += n;
  return n;
}

/** pread64(fd, buf, count, pad, offset as two words): the 64-bit offset is 8-aligned on o32. */
function* pread64({ pm, process, args }: CallContext): Call<number> {
  const [fd, buf, count] = args;
  const file = descriptor(process, fd!);
  if (file === undefined) return -ERRNO.EBADF;
  if (file.kind !== 'file') return -FERR.ESPIPE;
  const offset = pm.words.join64(args[4]!, args[5]!);
  if (offset < 0) return -ERRNO.EINVAL;
  return yield* readInto(file, buf!, count!, offset);
}

/**
 * Writes the caller's bytes at `address` to descriptor `fd`: the count or -errno. A write to a
 * pipe with no reader left is EPIPE and raises SIGPIPE for the writer.
 */
export function* writeDescriptor(
  process: Process,
  fd: number,
  address: number,
  count: number,
  pm: PmState,
): Call<number> {
  const file = descriptor(process, fd);
  if (file === undefined || file.kind === 'console-in' || file.kind === 'directory') return -ERRNO.EBADF;
  if (file.pipe !== undefined && file.pipe.end !== WRITE_END) return -ERRNO.EBADF;
  if (file.kind === 'file' && (file.flags & O_ACCMODE) === 0) return -ERRNO.EBADF;
  const size = Math.min(count >>> 0, WRITE_MAX);
  if (size === 0) return 0;
  const bytes = yield* api.svCopyIn(address, size);
  if (typeof bytes === 'number') return -ERRNO.EFAULT;
  if (file.kind === 'console-out') {
    yield* api.consoleWrite(new TextDecoder().decode(bytes));
    return size;
  }
  if (file.pipe !== undefined) {
    const nonblocking = (file.flags & O_NONBLOCK) !== 0;
    const n = yield* pipeWrite(file.pipe.id, WRITE_END, bytes, nonblocking, PIPE_BUF);
    // Linux sends it as the writer to itself: SI_USER with the writer's pid.
    if (n === -EPIPE) yield* postSignal(pm, process, SIGPIPE, SI_USER, process.pid);
    return n;
  }
  if ((file.flags & O_APPEND) !== 0) {
    const node = yield* lookup(file.path);
    if (typeof node === 'number') return node;
    file.offset = node.size;
  }
  const n = yield* writeFile(file.ino, file.offset, bytes);
  if (n > 0) file.offset += n;
  return n;
}

const SEEK_SET = 0;
const SEEK_CUR = 1;
const SEEK_END = 2;

function* seek(file: OpenFile, offset: number, whence: number): Call<number> {
  if (file.kind === 'console-in' || file.kind === 'console-out' || file.kind === 'pipe') return -FERR.ESPIPE;
  let base: number;
  if (whence === SEEK_SET) base = 0;
  else if (whence === SEEK_CUR) base = file.offset;
  else if (whence === SEEK_END) {
    const node = yield* lookup(file.path);
    if (typeof node === 'number') return node;
    base = file.kind === 'directory' ? 0 : node.size;
  } else return -ERRNO.EINVAL;
  const position = base + offset;
  if (position < 0) return -ERRNO.EINVAL;
  file.offset = position;
  if (file.kind === 'directory' && position === 0) file.listing = undefined;
  return position;
}

function* lseek({ process, args: [fd, offset, whence] }: CallContext): Call<number> {
  const file = descriptor(process, fd!);
  if (file === undefined) return -ERRNO.EBADF;
  const r = yield* seek(file, offset! | 0, whence!);
  return r >= 0x8000_0000 ? -ERRNO.EINVAL : r; // EOVERFLOW's place: not reachable with 32-bit sizes
}

/** _llseek(fd, offset_high, offset_low, result, whence): the new offset as a 64-bit word pair. */
function* llseek(call: CallContext): Call<number> {
  const { process, args } = call;
  const [fd, high, low, result, whence] = args;
  const file = descriptor(process, fd!);
  if (file === undefined) return -ERRNO.EBADF;
  const r = yield* seek(file, (high! | 0) * 4294967296 + (low! >>> 0), whence!);
  if (r < 0) return r;
  return (yield* writeWords(call, result!, call.pm.words.split64(r))) < 0 ? -ERRNO.EFAULT : 0;
}

const DT_FIFO = 1;
const DT_DIR = 4;
const DT_REG = 8;
const DT_LNK = 10;
const DT_OF_KIND: Record<number, number> = {
  [KIND.FILE]: DT_REG,
  [KIND.DIRECTORY]: DT_DIR,
  [KIND.SYMLINK]: DT_LNK,
  [KIND.FIFO]: DT_FIFO,
};

/** getdents64(fd, buf, count): linux_dirent64 records, "." and ".." first; the offset counts entries. */
function* getdents64({ pm, process, args: [fd, buf, count] }: CallContext): Call<number> {
  const file = descriptor(process, fd!);
  if (file === undefined) return -ERRNO.EBADF;
  if (file.kind !== 'directory') return -FERR.ENOTDIR;
  if (file.listing === undefined) {
    const entries = yield* listDirectory(file.ino);
    if (typeof entries === 'number') return entries;
    file.listing = entries;
  }
  const listing = file.listing;
  const out = new Uint8Array(count! >>> 0);
  const view = new DataView(out.buffer);
  const little = !pm.words.bigEndian;
  const encoder = new TextEncoder();
  let used = 0;
  while (file.offset < listing.length + 2) {
    const index = file.offset;
    const entry = index < 2 ? undefined : listing[index - 2]!;
    const name = encoder.encode(index === 0 ? '.' : index === 1 ? '..' : entry!.name);
    const length = (19 + name.length + 1 + 7) & ~7;
    if (used + length > out.length) {
      if (used === 0) return -ERRNO.EINVAL;
      break;
    }
    view.setBigUint64(used, BigInt(entry?.ino ?? file.ino), little);
    view.setBigInt64(used + 8, BigInt(index + 1), little);
    view.setUint16(used + 16, length, little);
    view.setUint8(used + 18, entry === undefined ? DT_DIR : (DT_OF_KIND[entry.kind] ?? DT_REG));
    out.set(name, used + 19);
    used += length;
    file.offset = index + 1;
  }
  if (used > 0 && (yield* api.svCopyOut(buf!, out.subarray(0, used))) !== 0) return -ERRNO.EFAULT;
  return used;
}

/** access(path, mode): the file exists (everyone is root; writes are the server's to refuse). */
function* access({ process, args: [address] }: CallContext): Call<number> {
  const path = yield* callerPath(process, AT_FDCWD, address!);
  if (typeof path === 'number') return path;
  const node = yield* lookup(path);
  return typeof node === 'number' ? node : 0;
}

function* changeDirectory(process: Process, path: string): Call<number> {
  const node = yield* lookup(path);
  if (typeof node === 'number') return node;
  if (node.kind !== KIND.DIRECTORY) return -FERR.ENOTDIR;
  filesOf(process).cwd = path;
  return 0;
}

function* chdir({ process, args: [address] }: CallContext): Call<number> {
  const path = yield* callerPath(process, AT_FDCWD, address!);
  return typeof path === 'number' ? path : yield* changeDirectory(process, path);
}

function* fchdir({ process, args: [fd] }: CallContext): Call<number> {
  const file = descriptor(process, fd!);
  if (file === undefined) return -ERRNO.EBADF;
  if (file.kind !== 'directory') return -FERR.ENOTDIR;
  return yield* changeDirectory(process, file.path);
}

/** getcwd(buf, size): the length with the NUL, as the Linux call returns it. */
function* getcwd({ process, args: [buf, size] }: CallContext): Call<number> {
  const bytes = new TextEncoder().encode(`${filesOf(process).cwd}\0`);
  if (bytes.length > size! >>> 0) return -FERR.ERANGE;
  return (yield* api.svCopyOut(buf!, bytes)) === 0 ? bytes.length : -ERRNO.EFAULT;
}

function* ftruncate({ process, args: [fd, length] }: CallContext): Call<number> {
  const file = descriptor(process, fd!);
  if (file === undefined || file.kind !== 'file' || (file.flags & O_ACCMODE) === 0) return -ERRNO.EINVAL;
  return yield* truncateFile(file.ino, length! >>> 0);
}

/** readv(fd, iov, count) through read, one vector entry after another. */
function* readv(call: CallContext): Call<number> {
  const [fd, iov, count] = call.args;
  const each = (base: number, length: number) => read({ ...call, args: [fd!, base, length] });
  return yield* vectored(call, iov!, count!, each, true);
}

/** A new pipe's two descriptors (read end, write end) with `flags` (O_CLOEXEC, O_NONBLOCK). */
function* makePipe(process: Process, flags: number): Call<[number, number] | number> {
  const files = filesOf(process);
  const reader = lowestFree(files, 0);
  if (reader < 0) return reader;
  if (lowestFree(files, reader + 1) < 0) return -FERR.EMFILE;
  const id = yield* pipeCreate();
  if (id < 0) return id;
  const cloexec = (flags & O_CLOEXEC) !== 0;
  const end = (e: number): OpenFile => ({
    kind: 'pipe',
    path: `pipe:[${id}]`,
    ino: id,
    flags: (e === READ_END ? 0 : O_WRONLY) | (flags & O_NONBLOCK),
    offset: 0,
    pipe: { id, end: e, refs: 1 },
  });
  files.fds.set(reader, { file: end(READ_END), cloexec });
  const writer = lowestFree(files, reader + 1);
  files.fds.set(writer, { file: end(WRITE_END), cloexec });
  return [reader, writer];
}

/** pipe(): MIPS's old call returns the read end in v0 and the write end in v1. */
function* pipe({ process }: CallContext): Call<number> {
  const ends = yield* makePipe(process, 0);
  if (typeof ends === 'number') return ends;
  const registers = yield* api.svGetContext(0);
  if (typeof registers === 'number') return -ERRNO.EFAULT;
  const gpr = [...registers.gpr];
  gpr[V1] = ends[1];
  yield* api.svSetContext(0, { ...registers, gpr });
  return ends[0];
}

/** pipe2(fds, flags): the two descriptors are written to the caller's int[2]. */
function* pipe2(call: CallContext): Call<number> {
  const [address, flags] = call.args;
  if ((flags! & ~(O_CLOEXEC | O_NONBLOCK)) !== 0) return -ERRNO.EINVAL;
  const ends = yield* makePipe(call.process, flags!);
  if (typeof ends === 'number') return ends;
  if ((yield* writeWords(call, address!, ends)) < 0) {
    const files = filesOf(call.process);
    for (const fd of ends) {
      const d = files.fds.get(fd)!;
      files.fds.delete(fd);
      yield* release(d.file);
    }
    return -ERRNO.EFAULT;
  }
  return 0;
}

export const FILE_CALLS: readonly (readonly [number, CallEntry])[] = [
  [4003, { name: 'read', handler: read }],
  [4005, { name: 'open', handler: open }],
  [4006, { name: 'close', handler: close }],
  [4012, { name: 'chdir', handler: chdir }],
  [4019, { name: 'lseek', handler: lseek }],
  [4033, { name: 'access', handler: access }],
  [4041, { name: 'dup', handler: dup }],
  [4042, { name: 'pipe', handler: pipe }],
  [4055, { name: 'fcntl', handler: fcntl }],
  [4063, { name: 'dup2', handler: dup2 }],
  [4093, { name: 'ftruncate', handler: ftruncate }],
  [4133, { name: 'fchdir', handler: fchdir }],
  [4140, { name: '_llseek', handler: llseek, sixArgs: true }],
  [4145, { name: 'readv', handler: readv }],
  [4200, { name: 'pread64', handler: pread64, sixArgs: true }],
  [4203, { name: 'getcwd', handler: getcwd }],
  [4219, { name: 'getdents64', handler: getdents64 }],
  [4220, { name: 'fcntl64', handler: fcntl }],
  [4288, { name: 'openat', handler: openat }],
  [4327, { name: 'dup3', handler: dup3 }],
  [4328, { name: 'pipe2', handler: pipe2 }],
];
