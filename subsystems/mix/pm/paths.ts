// Calls on path names that change the file tree or read a node's attributes: mkdir, mknod
// (FIFOs and plain files), unlink/rmdir, rename, link, symlink/readlink, chmod, chown, utimes,
// truncate, umask, and statx with its permission bits, owner, link count, times and
// AT_SYMLINK_NOFOLLOW (lstat). Each is one or two requests to the image server (files.ts); the
// server follows symbolic links, the PM resolves a name against a directory descriptor or the
// working directory. The file manager will take these over.
import { api } from '../../../nucleus/index.ts';
import {
  type Attributes,
  CREATE_EXCLUSIVE,
  decodeAttributes,
  encodeWords,
  KIND,
  LOOKUP_NOFOLLOW,
  OP,
  REMOVE_DIRECTORY,
  UTIME_NOW,
  UTIME_OMIT,
} from '../image/protocol.ts';
import { ERRNO } from './abi.ts';
import type { Call, CallContext, CallEntry } from './context.ts';
import { readWords } from './context.ts';
import { callerPath, descriptor, filesOf, type OpenFile, pathAt } from './fds.ts';
import { FERR, type NodeInfo, readString, request } from './files.ts';
import type { Process } from './processes.ts';

const AT_FDCWD = -100;
const AT_SYMLINK_NOFOLLOW = 0x100;
const AT_REMOVEDIR = 0x200;
const AT_SYMLINK_FOLLOW = 0x400;
const AT_EMPTY_PATH = 0x1000;

const S_IFMT = 0o170000;
const S_IFIFO = 0o010000;
const S_IFCHR = 0o020000;
const S_IFDIR = 0o040000;
const S_IFREG = 0o100000;
const S_IFLNK = 0o120000;
const TYPE_OF_KIND: Record<number, number> = {
  [KIND.FILE]: S_IFREG,
  [KIND.DIRECTORY]: S_IFDIR,
  [KIND.SYMLINK]: S_IFLNK,
  [KIND.FIFO]: S_IFIFO,
};

const encoder = new TextEncoder();

/** An operation whose reply is only a status. */
function* simple(op: number, args: readonly number[], body?: Uint8Array): Call<number> {
  const r = yield* request(op, args, body);
  return typeof r === 'number' ? r : Math.min(r.words[0], 0);
}

/** The node at `path`, following a last symbolic link or not, or -errno. */
function* lookupAt(path: string, follow: boolean): Call<NodeInfo | number> {
  const r = yield* request(OP.LOOKUP, [follow ? 0 : LOOKUP_NOFOLLOW], encoder.encode(path));
  if (typeof r === 'number') return r;
  const [status, ino, kind, size] = r.words;
  return status < 0 ? status : { ino, kind, size };
}

/** The node number behind (dirfd, path at `address`), or -errno. */
function* nodeAt(process: Process, dirfd: number, address: number, follow: boolean): Call<number> {
  const path = yield* callerPath(process, dirfd, address);
  if (typeof path === 'number') return path;
  const node = yield* lookupAt(path, follow);
  return typeof node === 'number' ? node : node.ino;
}

/** The image node behind descriptor `fd`: its number, 0 for the console or a pipe, or -EBADF. */
function nodeOfDescriptor(process: Process, fd: number): number {
  const file = descriptor(process, fd);
  if (file === undefined) return -ERRNO.EBADF;
  return file.kind === 'file' || file.kind === 'directory' ? file.ino : 0;
}

const withoutUmask = (process: Process, mode: number) => mode & ~filesOf(process).umask & 0o7777;

// mkdir, mknod ------------------------------------------------------------------------------

function* mkdirat({ process, args: [dirfd, address, mode] }: CallContext): Call<number> {
  const path = yield* callerPath(process, dirfd!, address!);
  if (typeof path === 'number') return path;
  return yield* simple(OP.MAKE, [KIND.DIRECTORY, withoutUmask(process, mode!)], encoder.encode(path));
}

const mkdir = (call: CallContext) => mkdirat({ ...call, args: [AT_FDCWD, ...call.args] });

/** mknodat(dirfd, path, mode, dev): FIFOs and plain files; devices need the device manager. */
function* mknodat({ process, args: [dirfd, address, mode] }: CallContext): Call<number> {
  const path = yield* callerPath(process, dirfd!, address!);
  if (typeof path === 'number') return path;
  const type = mode! & S_IFMT;
  const bits = withoutUmask(process, mode!);
  if (type === S_IFIFO) return yield* simple(OP.MAKE, [KIND.FIFO, bits], encoder.encode(path));
  if (type === S_IFREG || type === 0) {
    return yield* simple(OP.CREATE, [CREATE_EXCLUSIVE, bits], encoder.encode(path));
  }
  return -ERRNO.EPERM;
}

const mknod = (call: CallContext) => mknodat({ ...call, args: [AT_FDCWD, ...call.args] });

// unlink, rmdir, rename, link, symlink, readlink ---------------------------------------------

function* unlinkat({ process, args: [dirfd, address, flags] }: CallContext): Call<number> {
  if ((flags! & ~AT_REMOVEDIR) !== 0) return -ERRNO.EINVAL;
  const path = yield* callerPath(process, dirfd!, address!);
  if (typeof path === 'number') return path;
  const remove = (flags! & AT_REMOVEDIR) !== 0 ? REMOVE_DIRECTORY : 0;
  return yield* simple(OP.UNLINK, [remove], encoder.encode(path));
}

const unlink = (call: CallContext) => unlinkat({ ...call, args: [AT_FDCWD, call.args[0]!, 0] });
const rmdir = (call: CallContext) => unlinkat({ ...call, args: [AT_FDCWD, call.args[0]!, AT_REMOVEDIR] });

/** Two paths as one body, separated by a NUL. */
const twoPaths = (first: string, second: string) => encoder.encode(`${first}\0${second}`);

function* renameat({ process, args: [fromDir, from, toDir, to] }: CallContext): Call<number> {
  const source = yield* callerPath(process, fromDir!, from!);
  if (typeof source === 'number') return source;
  const target = yield* callerPath(process, toDir!, to!);
  if (typeof target === 'number') return target;
  return yield* simple(OP.RENAME, [], twoPaths(source, target));
}

const rename = (call: CallContext) =>
  renameat({ ...call, args: [AT_FDCWD, call.args[0]!, AT_FDCWD, call.args[1]!] });

/** renameat2: without flags only (RENAME_NOREPLACE and RENAME_EXCHANGE are not kept). */
function renameat2(call: CallContext) {
  return call.args[4] === 0 ? renameat(call) : -ERRNO.EINVAL;
}

/** linkat(fromDir, from, toDir, to, flags): the source link itself unless AT_SYMLINK_FOLLOW. */
function* linkat({ process, args: [fromDir, from, toDir, to, flags] }: CallContext): Call<number> {
  const ino = yield* nodeAt(process, fromDir!, from!, (flags! & AT_SYMLINK_FOLLOW) !== 0);
  if (ino < 0) return ino;
  const target = yield* callerPath(process, toDir!, to!);
  if (typeof target === 'number') return target;
  return yield* simple(OP.LINK, [ino], encoder.encode(target));
}

const link = (call: CallContext) =>
  linkat({ ...call, args: [AT_FDCWD, call.args[0]!, AT_FDCWD, call.args[1]!, 0] });

/** symlinkat(target, dirfd, path): the target is kept as written, not resolved. */
function* symlinkat({ process, args: [targetAddress, dirfd, address] }: CallContext): Call<number> {
  const target = yield* readString(targetAddress!);
  if (typeof target === 'number') return target;
  if (target === '') return -ERRNO.ENOENT;
  const path = yield* callerPath(process, dirfd!, address!);
  if (typeof path === 'number') return path;
  return yield* simple(OP.SYMLINK, [], twoPaths(path, target));
}

const symlink = (call: CallContext) => symlinkat({ ...call, args: [call.args[0]!, AT_FDCWD, call.args[1]!] });

/** readlinkat(dirfd, path, buf, size): the target's bytes, not NUL-terminated, cut to `size`. */
function* readlinkat({ process, args: [dirfd, address, buf, size] }: CallContext): Call<number> {
  if ((size! | 0) <= 0) return -ERRNO.EINVAL;
  const ino = yield* nodeAt(process, dirfd!, address!, false);
  if (ino < 0) return ino;
  const r = yield* request(OP.READLINK, [ino]);
  if (typeof r === 'number') return r;
  if (r.words[0] < 0) return r.words[0];
  const bytes = r.body.subarray(0, size! >>> 0);
  if (bytes.length > 0 && (yield* api.svCopyOut(buf!, bytes)) !== 0) return -ERRNO.EFAULT;
  return bytes.length;
}

const readlink = (call: CallContext) => readlinkat({ ...call, args: [AT_FDCWD, ...call.args] });

// chmod, chown, utimes, truncate, umask --------------------------------------------------------

function* fchmodat({ process, args: [dirfd, address, mode] }: CallContext): Call<number> {
  const ino = yield* nodeAt(process, dirfd!, address!, true);
  return ino < 0 ? ino : yield* simple(OP.CHMOD, [ino, mode! & 0o7777]);
}

const chmod = (call: CallContext) => fchmodat({ ...call, args: [AT_FDCWD, ...call.args] });

/** fchmod: a console or pipe keeps no mode, so the change is accepted and forgotten. */
function* fchmod({ process, args: [fd, mode] }: CallContext): Call<number> {
  const ino = nodeOfDescriptor(process, fd!);
  return ino <= 0 ? ino : yield* simple(OP.CHMOD, [ino, mode! & 0o7777]);
}

function* fchownat({ process, args: [dirfd, address, uid, gid, flags] }: CallContext): Call<number> {
  const ino = yield* nodeAt(process, dirfd!, address!, (flags! & AT_SYMLINK_NOFOLLOW) === 0);
  return ino < 0 ? ino : yield* simple(OP.CHOWN, [ino, uid! | 0, gid! | 0]);
}

const chown = (call: CallContext) => fchownat({ ...call, args: [AT_FDCWD, ...call.args.slice(0, 3), 0] });
const lchown = (call: CallContext) =>
  fchownat({ ...call, args: [AT_FDCWD, ...call.args.slice(0, 3), AT_SYMLINK_NOFOLLOW] });

function* fchown({ process, args: [fd, uid, gid] }: CallContext): Call<number> {
  const ino = nodeOfDescriptor(process, fd!);
  return ino <= 0 ? ino : yield* simple(OP.CHOWN, [ino, uid! | 0, gid! | 0]);
}

/** Sets the access and modification times of `ino` ([seconds, nanoseconds]; UTIME_NOW, UTIME_OMIT). */
function setTimes(ino: number, times: readonly number[]): Call<number> {
  const body = encodeWords(times);
  return simple(OP.UTIMES, [ino], body);
}

/** utimensat(dirfd, path, times, flags): path NULL means dirfd itself (futimens); times NULL, now. */
function* utimensat(call: CallContext): Call<number> {
  const { process, args } = call;
  const [dirfd, address, times, flags] = args;
  const ino =
    address === 0
      ? nodeOfDescriptor(process, dirfd!)
      : yield* nodeAt(process, dirfd!, address!, (flags! & AT_SYMLINK_NOFOLLOW) === 0);
  if (ino <= 0) return ino;
  let words = [0, UTIME_NOW, 0, UTIME_NOW];
  if (times !== 0) {
    const read = yield* readWords(call, times!, 4);
    if (read === undefined) return -ERRNO.EFAULT;
    for (const ns of [read[1]!, read[3]!]) {
      if (ns !== UTIME_NOW && ns !== UTIME_OMIT && ns >= 1e9) return -ERRNO.EINVAL;
    }
    words = read;
  }
  return yield* setTimes(ino, words);
}

/** utimes(path, struct timeval[2]): microseconds; NULL means now. */
function* utimes(call: CallContext): Call<number> {
  const [address, times] = call.args;
  const ino = yield* nodeAt(call.process, AT_FDCWD, address!, true);
  if (ino < 0) return ino;
  if (times === 0) return yield* setTimes(ino, [0, UTIME_NOW, 0, UTIME_NOW]);
  const tv = yield* readWords(call, times!, 4);
  if (tv === undefined) return -ERRNO.EFAULT;
  if (tv[1]! >= 1e6 || tv[3]! >= 1e6) return -ERRNO.EINVAL;
  return yield* setTimes(ino, [tv[0]!, tv[1]! * 1000, tv[2]!, tv[3]! * 1000]);
}

/** truncate(path, length): a file named by path, cut or extended. */
function* truncate({ process, args: [address, length] }: CallContext): Call<number> {
  const path = yield* callerPath(process, AT_FDCWD, address!);
  if (typeof path === 'number') return path;
  const node = yield* lookupAt(path, true);
  if (typeof node === 'number') return node;
  if (node.kind === KIND.DIRECTORY) return -FERR.EISDIR;
  if (node.kind !== KIND.FILE) return -ERRNO.EINVAL;
  if ((length! | 0) < 0) return -ERRNO.EINVAL;
  return yield* simple(OP.TRUNCATE, [node.ino, length!]);
}

/** umask(mask): the previous mask; never fails. */
function umask({ process, args: [mask] }: CallContext): number {
  const files = filesOf(process);
  const previous = files.umask;
  files.umask = mask! & 0o777;
  return previous;
}

/** sync, fsync, fdatasync: the image lives in memory, so there is nothing to flush. */
const sync = () => 0;
const fsync = ({ process, args: [fd] }: CallContext) =>
  descriptor(process, fd!) === undefined ? -ERRNO.EBADF : 0;

// statx --------------------------------------------------------------------------------------

/** The 256-byte statx record (include/uapi/linux/stat.h) of an image node, or of a descriptor
 * the image does not hold (the console: a character device; a pipe: a FIFO). */
function statxRecord(little: boolean, a: Attributes | undefined, file?: OpenFile): Uint8Array {
  const record = new Uint8Array(256);
  const view = new DataView(record.buffer);
  view.setUint32(0, 0x7ff, little); // STATX_BASIC_STATS
  view.setUint32(4, 4096, little);
  if (a === undefined) {
    view.setUint32(16, 1, little);
    const type = file?.kind.startsWith('console') ? S_IFCHR | 0o620 : S_IFIFO | 0o600;
    view.setUint16(28, type, little);
    return record;
  }
  view.setUint32(16, a.nlink, little);
  view.setUint32(20, a.uid, little);
  view.setUint32(24, a.gid, little);
  view.setUint16(28, (TYPE_OF_KIND[a.kind] ?? S_IFREG) | a.mode, little);
  view.setBigUint64(32, BigInt(a.ino), little);
  view.setBigUint64(40, BigInt(a.size), little);
  view.setBigUint64(48, BigInt(Math.ceil(a.size / 512)), little);
  const time = (at: number, [s, ns]: readonly [number, number]) => {
    view.setBigInt64(at, BigInt(s), little);
    view.setUint32(at + 8, ns, little);
  };
  time(64, a.atime);
  time(80, a.ctime); // btime: the image keeps no birth time
  time(96, a.ctime);
  time(112, a.mtime);
  return record;
}

/** statx(dirfd, path, flags, mask, buf): stat, lstat (AT_SYMLINK_NOFOLLOW), fstat, fstatat. */
function* statx({ pm, process, args }: CallContext): Call<number> {
  const [dirfd, address, flags, , buf] = args;
  const name = yield* readString(address!);
  if (typeof name === 'number') return name;
  let ino: number;
  let file: OpenFile | undefined;
  if (name === '' && (flags! & AT_EMPTY_PATH) !== 0) {
    file = descriptor(process, dirfd!);
    ino = nodeOfDescriptor(process, dirfd!);
  } else {
    const path = name === '' ? -ERRNO.ENOENT : pathAt(process, dirfd!, name);
    if (typeof path === 'number') return path;
    const node = yield* lookupAt(path, (flags! & AT_SYMLINK_NOFOLLOW) === 0);
    ino = typeof node === 'number' ? node : node.ino;
  }
  if (ino < 0) return ino;
  let attributes: Attributes | undefined;
  if (ino > 0) {
    const r = yield* request(OP.STAT, [ino]);
    if (typeof r === 'number') return r;
    if (r.words[0] < 0) return r.words[0];
    attributes = decodeAttributes(r.body);
  }
  const r = yield* api.svCopyOut(buf!, statxRecord(!pm.words.bigEndian, attributes, file));
  return r === 0 ? 0 : -ERRNO.EFAULT;
}

export const PATH_CALLS: readonly (readonly [number, CallEntry])[] = [
  [4009, { name: 'link', handler: link }],
  [4010, { name: 'unlink', handler: unlink }],
  [4014, { name: 'mknod', handler: mknod }],
  [4015, { name: 'chmod', handler: chmod }],
  [4016, { name: 'lchown', handler: lchown }],
  [4036, { name: 'sync', handler: sync }],
  [4038, { name: 'rename', handler: rename }],
  [4039, { name: 'mkdir', handler: mkdir }],
  [4040, { name: 'rmdir', handler: rmdir }],
  [4060, { name: 'umask', handler: umask }],
  [4083, { name: 'symlink', handler: symlink }],
  [4085, { name: 'readlink', handler: readlink }],
  [4092, { name: 'truncate', handler: truncate }],
  [4094, { name: 'fchmod', handler: fchmod }],
  [4095, { name: 'fchown', handler: fchown }],
  [4118, { name: 'fsync', handler: fsync }],
  [4152, { name: 'fdatasync', handler: fsync }],
  [4202, { name: 'chown', handler: chown }],
  [4267, { name: 'utimes', handler: utimes }],
  [4289, { name: 'mkdirat', handler: mkdirat }],
  [4290, { name: 'mknodat', handler: mknodat }],
  [4291, { name: 'fchownat', handler: fchownat, sixArgs: true }],
  [4294, { name: 'unlinkat', handler: unlinkat }],
  [4295, { name: 'renameat', handler: renameat }],
  [4296, { name: 'linkat', handler: linkat, sixArgs: true }],
  [4297, { name: 'symlinkat', handler: symlinkat }],
  [4298, { name: 'readlinkat', handler: readlinkat }],
  [4299, { name: 'fchmodat', handler: fchmodat }],
  [4316, { name: 'utimensat', handler: utimensat }],
  [4351, { name: 'renameat2', handler: renameat2, sixArgs: true }],
  [4366, { name: 'statx', handler: statx, sixArgs: true }],
];
