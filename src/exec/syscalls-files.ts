// The file-system system calls of the `chorus exec` shim (Linux o32 numbering): descriptors,
// paths, directories, stat, all through FileTable/HostPaths so that nothing outside the start
// directory is reachable. Each handler takes the raw argument words and returns the result or a
// negative errno. Structure layouts: statx (include/uapi/linux/stat.h, the same on every
// architecture) and linux_dirent64.
import {
  type BigIntStats,
  chmodSync,
  fchmodSync,
  fstatSync,
  linkSync,
  lstatSync,
  mkdirSync,
  readlinkSync,
  renameSync,
  rmdirSync,
  statSync,
  symlinkSync,
  truncateSync,
  unlinkSync,
} from 'node:fs';
import { join } from 'node:path';
import { builtInFile } from './host-files.ts';
import { ERRNO, errnoOf } from './host-paths.ts';
import type { ExecProcess } from './process.ts';

const AT_FDCWD = -100;
const AT_SYMLINK_NOFOLLOW = 0x100;
const AT_REMOVEDIR = 0x200;
const AT_EMPTY_PATH = 0x1000;

type Args = readonly number[];

/** Runs a host operation, turning a host error into a negative errno. */
function host(operation: () => void): number {
  try {
    operation();
    return 0;
  } catch (error) {
    return -errnoOf(error);
  }
}

/** The host path for (dirfd, path) as the *at calls read them, or a negative errno. */
function pathAt(p: ExecProcess, dirfd: number, address: number, follow: boolean): string | number {
  const name = p.space.readString(address);
  if (name === undefined) return -ERRNO.EFAULT;
  let guestPath = name;
  if (dirfd !== AT_FDCWD && !name.startsWith('/')) {
    const base = p.files.directoryPath(dirfd);
    if (typeof base === 'number') return -base;
    guestPath = join(base, name);
  }
  const resolved = p.files.paths.resolve(guestPath, follow);
  return typeof resolved === 'number' ? -resolved : resolved;
}

const path = (p: ExecProcess, address: number, follow = true) => pathAt(p, AT_FDCWD, address, follow);

/** unlink(2) of a host path; a FIFO's shim pipe goes with its name. */
function unlink(p: ExecProcess, hostPath: string): void {
  unlinkSync(hostPath);
  p.files.fifos.delete(hostPath);
}

function withPath(resolved: string | number, operation: (hostPath: string) => void): number {
  return typeof resolved === 'number' ? resolved : host(() => operation(resolved));
}

/** statx(2) into `buf` from host stats; the standard streams look like character devices. */
function writeStatx(p: ExecProcess, buf: number, stat: BigIntStats | undefined, fifo = false): number {
  const record = new Uint8Array(256);
  const view = new DataView(record.buffer);
  const le = p.space.littleEndian;
  const time = (at: number, ns: bigint) => {
    view.setBigInt64(at, ns / 1_000_000_000n, le);
    view.setUint32(at + 8, Number(ns % 1_000_000_000n), le);
  };
  view.setUint32(0, 0x7ff, le); // STATX_BASIC_STATS
  if (stat === undefined) {
    view.setUint32(4, 4096, le);
    view.setUint32(16, 1, le);
    view.setUint16(28, 0o020620, le);
  } else {
    view.setUint32(4, Number(stat.blksize), le);
    view.setUint32(16, Number(stat.nlink), le);
    view.setUint32(20, Number(stat.uid), le);
    view.setUint32(24, Number(stat.gid), le);
    view.setUint16(28, fifo ? 0o010000 | (Number(stat.mode) & 0o7777) : Number(stat.mode), le);
    view.setBigUint64(32, stat.ino, le);
    view.setBigUint64(40, stat.size, le);
    view.setBigUint64(48, stat.blocks, le);
    time(64, stat.atimeNs);
    time(80, stat.birthtimeNs);
    time(96, stat.ctimeNs);
    time(112, stat.mtimeNs);
  }
  return p.space.write(buf, record) ? 0 : -ERRNO.EFAULT;
}

function statx(p: ExecProcess, [dirfd, address, flags, , buf]: Args): number {
  const name = p.space.readString(address!);
  if (name === undefined) return -ERRNO.EFAULT;
  try {
    if (name === '' && (flags! & AT_EMPTY_PATH) !== 0) {
      const hostFd = p.files.hostDescriptor(dirfd!);
      if (hostFd === -ERRNO.EBADF) return hostFd;
      return writeStatx(p, buf!, hostFd < 0 ? undefined : fstatSync(hostFd, { bigint: true }));
    }
    const follow = (flags! & AT_SYMLINK_NOFOLLOW) === 0;
    const resolved = pathAt(p, dirfd!, address!, follow);
    if (typeof resolved === 'number') return resolved;
    const stat = follow ? statSync(resolved, { bigint: true }) : lstatSync(resolved, { bigint: true });
    return writeStatx(p, buf!, stat, p.files.fifos.has(resolved));
  } catch (error) {
    return -errnoOf(error);
  }
}

const DT = { FIFO: 1, CHR: 2, DIR: 4, BLK: 6, REG: 8, LNK: 10, SOCK: 12 } as const;

/** getdents64(2): as many linux_dirent64 records as fit, "." and ".." first. */
function getdents64(p: ExecProcess, [fd, buf, count]: Args): number {
  const listing = p.files.listing(fd!);
  if (typeof listing === 'number') return listing;
  const le = p.space.littleEndian;
  const out = new Uint8Array(count! >>> 0);
  const view = new DataView(out.buffer);
  let used = 0;
  for (;;) {
    const index = listing.position;
    if (index >= listing.entries.length + 2) break;
    const entry = index < 2 ? undefined : listing.entries[index - 2]!;
    const name = Buffer.from(index === 0 ? '.' : index === 1 ? '..' : entry!.name);
    const length = (19 + name.length + 1 + 7) & ~7;
    if (used + length > out.length) {
      if (used === 0) return -ERRNO.EINVAL;
      break;
    }
    let type: number = DT.DIR;
    if (entry !== undefined) {
      if (entry.isFile()) type = DT.REG;
      else if (entry.isSymbolicLink()) type = DT.LNK;
      else if (entry.isCharacterDevice()) type = DT.CHR;
      else if (entry.isBlockDevice()) type = DT.BLK;
      else if (entry.isFIFO()) type = DT.FIFO;
      else if (entry.isSocket()) type = DT.SOCK;
    }
    view.setBigUint64(used, BigInt(index + 1), le);
    view.setBigInt64(used + 8, BigInt(index + 1), le);
    view.setUint16(used + 16, length, le);
    view.setUint8(used + 18, type);
    out.set(name, used + 19);
    used += length;
    listing.position = index + 1;
  }
  return p.space.write(buf!, out.subarray(0, used)) ? used : -ERRNO.EFAULT;
}

function getcwd(p: ExecProcess, [buf, size]: Args): number {
  const bytes = Buffer.from(`${p.files.paths.cwd}\0`);
  if (bytes.length > size! >>> 0) return -ERRNO.ERANGE;
  return p.space.write(buf!, bytes) ? bytes.length : -ERRNO.EFAULT;
}

function changeDirectory(p: ExecProcess, resolved: string | number): number {
  if (typeof resolved === 'number') return resolved;
  try {
    if (!statSync(resolved).isDirectory()) return -ERRNO.ENOTDIR;
  } catch (error) {
    return -errnoOf(error);
  }
  p.files.paths.cwd = resolved;
  return 0;
}

function readlink(p: ExecProcess, [address, buf, size]: Args): number {
  const resolved = path(p, address!, false);
  if (typeof resolved === 'number') return resolved;
  try {
    const target = Buffer.from(readlinkSync(resolved));
    const bytes = target.subarray(0, Math.min(target.length, size! >>> 0));
    return p.space.write(buf!, bytes) ? bytes.length : -ERRNO.EFAULT;
  } catch (error) {
    return -errnoOf(error);
  }
}

export const FILE_SYSCALLS: ReadonlyMap<number, (p: ExecProcess, args: Args) => number> = new Map<
  number,
  (p: ExecProcess, args: Args) => number
>([
  [4005, (p, [address, flags, mode]) => withOpen(p, AT_FDCWD, address!, flags!, mode!)],
  [4288, (p, [dirfd, address, flags, mode]) => withOpen(p, dirfd!, address!, flags!, mode!)],
  [4006, (p, [fd]) => p.files.close(fd!)],
  [4041, (p, [fd]) => p.files.duplicate(fd!, 0)],
  [4063, (p, [fd, to]) => p.files.duplicate(fd!, 0, to!)],
  [4220, (p, [fd, command, argument]) => p.files.control(fd!, command!, argument!)],
  [
    4060,
    (p, [mask]) => {
      const old = p.files.umask;
      p.files.umask = mask! & 0o777;
      return old;
    },
  ],
  [4033, (p, [address]) => withPath(path(p, address!), (h) => statSync(h))],
  [4010, (p, [address]) => withPath(path(p, address!, false), (h) => unlink(p, h))],
  [
    4039,
    (p, [address, mode]) =>
      withPath(path(p, address!, false), (h) => mkdirSync(h, mode! & ~p.files.umask & 0o7777)),
  ],
  [4040, (p, [address]) => withPath(path(p, address!, false), (h) => rmdirSync(h))],
  [
    4038,
    (p, [from, to]) => {
      const target = path(p, to!, false);
      return typeof target === 'number'
        ? target
        : withPath(path(p, from!, false), (h) => renameSync(h, target));
    },
  ],
  [
    4009,
    (p, [from, to]) => {
      const target = path(p, to!, false);
      return typeof target === 'number' ? target : withPath(path(p, from!), (h) => linkSync(h, target));
    },
  ],
  [
    4083,
    (p, [target, address]) => {
      const text = p.space.readString(target!);
      if (text === undefined) return -ERRNO.EFAULT;
      return withPath(path(p, address!, false), (h) => symlinkSync(text, h));
    },
  ],
  [4085, readlink],
  [4015, (p, [address, mode]) => withPath(path(p, address!), (h) => chmodSync(h, mode! & 0o7777))],
  [
    4094,
    (p, [fd, mode]) => {
      const hostFd = p.files.hostDescriptor(fd!);
      return hostFd < 0 ? -ERRNO.EBADF : host(() => fchmodSync(hostFd, mode! & 0o7777));
    },
  ],
  [4092, (p, [address, length]) => withPath(path(p, address!), (h) => truncateSync(h, length! >>> 0))],
  [4093, (p, [fd, length]) => p.files.truncate(fd!, length! >>> 0)],
  [4012, (p, [address]) => changeDirectory(p, path(p, address!))],
  [
    4133,
    (p, [fd]) => {
      const directory = p.files.directoryPath(fd!);
      return changeDirectory(p, typeof directory === 'number' ? -directory : directory);
    },
  ],
  [4203, getcwd],
  [4219, getdents64],
  [4366, statx],
  [
    4302, // unlinkat
    (p, [dirfd, address, flags]) =>
      withPath(pathAt(p, dirfd!, address!, false), (h) =>
        (flags! & AT_REMOVEDIR) !== 0 ? rmdirSync(h) : unlink(p, h),
      ),
  ],
]);
function withOpen(p: ExecProcess, dirfd: number, address: number, flags: number, mode: number): number {
  const name = p.space.readString(address);
  if (name !== undefined && builtInFile(name) !== undefined) return p.files.open(name, flags, mode);
  const resolved = pathAt(p, dirfd, address, true);
  return typeof resolved === 'number' ? resolved : p.files.open(resolved, flags, mode);
}
