// The descriptor table of a `chorus exec` process: 0, 1, 2 are the host's stdin, stdout and
// stderr (through the callbacks the caller gives), and `open` reaches host files only inside the
// directory `chorus exec` was started in (no absolute paths outside it, no `..` or symlink
// escapes); files there may be read, and also created and written, as under qemu-user. Errors are Linux errno numbers (the MIPS values, which the other
// families share for these).
import {
  closeSync,
  constants,
  existsSync,
  fstatSync,
  openSync,
  readSync,
  realpathSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, isAbsolute, relative, resolve } from 'node:path';

export const ERRNO = {
  ENOENT: 2,
  EBADF: 9,
  ENOMEM: 12,
  EACCES: 13,
  EFAULT: 14,
  ENOTDIR: 20,
  EISDIR: 21,
  EINVAL: 22,
  EMFILE: 24,
  ENOTTY: 25,
  ESPIPE: 29,
  ENOSYS: 89,
} as const;

export interface HostStreams {
  /** Bytes the guest writes to descriptor 1. */
  readonly stdout: (bytes: Uint8Array) => void;
  /** Bytes the guest writes to descriptor 2. */
  readonly stderr: (bytes: Uint8Array) => void;
  /** Up to `max` bytes of input for descriptor 0; an empty array at end of input. */
  readonly stdin: (max: number) => Uint8Array;
}

interface OpenFile {
  readonly kind: 'stdin' | 'stdout' | 'stderr' | 'file';
  /** Host descriptor of a file (-1 for the standard streams). */
  readonly hostFd: number;
  readonly append: boolean;
  readonly writable: boolean;
  position: number;
}

const MAX_FILES = 64;
const S_IFCHR = 0o020000;
/** Linux MIPS open(2) flags (arch/mips/include/uapi/asm/fcntl.h). */
const O = { WRONLY: 1, RDWR: 2, APPEND: 0x8, CREAT: 0x100, TRUNC: 0x200, EXCL: 0x400 } as const;

function errnoOf(error: unknown): number {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
      return ERRNO.ENOENT;
    case 'EISDIR':
      return ERRNO.EISDIR;
    case 'ENOTDIR':
      return ERRNO.ENOTDIR;
    case 'EEXIST':
      return 17;
    default:
      return ERRNO.EACCES;
  }
}

export class FileTable {
  private readonly files: (OpenFile | undefined)[] = [];
  private readonly root: string;

  constructor(
    readonly streams: HostStreams,
    directory: string,
  ) {
    this.root = realpathSync(directory);
    const stream = (kind: OpenFile['kind']): OpenFile => ({
      kind,
      hostFd: -1,
      append: false,
      writable: kind !== 'stdin',
      position: 0,
    });
    this.files.push(stream('stdin'), stream('stdout'), stream('stderr'));
  }

  /**
   * The host path for a guest path if it lies inside the start directory (its parent must exist
   * there; the file itself may not yet), else an errno.
   */
  private hostPath(path: string): string | number {
    if (path === '') return ERRNO.ENOENT;
    const candidate = resolve(this.root, path);
    let real: string;
    try {
      real = realpathSync(candidate);
    } catch {
      try {
        real = resolve(realpathSync(dirname(candidate)), basename(candidate));
      } catch {
        return ERRNO.ENOENT;
      }
    }
    const inside = relative(this.root, real);
    if (inside.startsWith('..') || isAbsolute(inside)) return ERRNO.EACCES;
    return real;
  }

  /** open(2) of a host file inside the start directory: a descriptor or a negative errno. */
  open(path: string, flags: number): number {
    const host = this.hostPath(path);
    if (typeof host === 'number') return -host;
    const access = flags & 3;
    let hostFlags =
      access === O.WRONLY ? constants.O_WRONLY : access === O.RDWR ? constants.O_RDWR : constants.O_RDONLY;
    if (flags & O.CREAT) hostFlags |= constants.O_CREAT;
    if (flags & O.TRUNC) hostFlags |= constants.O_TRUNC;
    if (flags & O.EXCL) hostFlags |= constants.O_EXCL;
    let fd = this.files.indexOf(undefined);
    if (fd < 0) fd = this.files.length;
    if (fd >= MAX_FILES) return -ERRNO.EMFILE;
    let hostFd: number;
    try {
      hostFd = openSync(host, hostFlags, 0o644);
      if (access === 0 && fstatSync(hostFd).isDirectory()) {
        closeSync(hostFd);
        return -ERRNO.EISDIR;
      }
    } catch (error) {
      return -errnoOf(error);
    }
    this.files[fd] = {
      kind: 'file',
      hostFd,
      append: (flags & O.APPEND) !== 0,
      writable: access !== 0,
      position: 0,
    };
    return fd;
  }

  /** access(2) with F_OK semantics: 0 or a negative errno. */
  access(path: string): number {
    const host = this.hostPath(path);
    if (typeof host === 'number') return -host;
    return existsSync(host) ? 0 : -ERRNO.ENOENT;
  }

  /** unlink(2) of a host file inside the start directory. */
  unlink(path: string): number {
    const host = this.hostPath(path);
    if (typeof host === 'number') return -host;
    try {
      unlinkSync(host);
      return 0;
    } catch (error) {
      return -errnoOf(error);
    }
  }

  close(fd: number): number {
    const file = this.files[fd];
    if (file === undefined) return -ERRNO.EBADF;
    if (file.hostFd >= 0) closeSync(file.hostFd);
    this.files[fd] = undefined;
    return 0;
  }

  /** Closes every host descriptor (the process ended). */
  closeAll(): void {
    for (let fd = 3; fd < this.files.length; fd++) if (this.files[fd] !== undefined) this.close(fd);
  }

  /** read(2): the bytes read, or a negative errno. */
  read(fd: number, max: number): Uint8Array | number {
    const file = this.files[fd];
    if (file === undefined || file.kind === 'stdout' || file.kind === 'stderr') return -ERRNO.EBADF;
    if (file.kind === 'stdin') return this.streams.stdin(max);
    const buffer = new Uint8Array(max);
    try {
      const n = readSync(file.hostFd, buffer, 0, max, file.position);
      file.position += n;
      return buffer.subarray(0, n);
    } catch (error) {
      return -errnoOf(error);
    }
  }

  /** write(2): the count written, or a negative errno. */
  write(fd: number, bytes: Uint8Array): number {
    const file = this.files[fd];
    if (file === undefined || !file.writable) return -ERRNO.EBADF;
    if (file.kind === 'stdout') this.streams.stdout(bytes);
    else if (file.kind === 'stderr') this.streams.stderr(bytes);
    else {
      if (file.append) file.position = fstatSync(file.hostFd).size;
      const n = writeSync(file.hostFd, bytes, 0, bytes.length, file.position);
      file.position += n;
      return n;
    }
    return bytes.length;
  }

  /** lseek(2) on host files: the new position, or a negative errno. */
  seek(fd: number, offset: number, whence: number): number {
    const file = this.files[fd];
    if (file === undefined) return -ERRNO.EBADF;
    if (file.kind !== 'file') return -ERRNO.ESPIPE;
    const size = fstatSync(file.hostFd).size;
    const base = whence === 0 ? 0 : whence === 1 ? file.position : whence === 2 ? size : Number.NaN;
    const next = base + offset;
    if (!Number.isFinite(next) || next < 0) return -ERRNO.EINVAL;
    file.position = next;
    return next;
  }

  /** Size and mode for statx, or undefined for a bad descriptor. */
  describe(fd: number): { size: number; mode: number } | undefined {
    const file = this.files[fd];
    if (file === undefined) return undefined;
    if (file.hostFd < 0) return { size: 0, mode: S_IFCHR | 0o620 };
    const stat = fstatSync(file.hostFd);
    return { size: stat.size, mode: stat.mode };
  }

  /** Size and mode of a host path inside the start directory, or a negative errno. */
  describePath(path: string): { size: number; mode: number } | number {
    const host = this.hostPath(path);
    if (typeof host === 'number') return -host;
    try {
      const stat = statSync(host);
      return { size: stat.size, mode: stat.mode };
    } catch (error) {
      return -errnoOf(error);
    }
  }

  /** The bytes of an open host file (for file-backed mmap), or undefined. */
  contents(fd: number): Uint8Array | undefined {
    const file = this.files[fd];
    if (file === undefined || file.kind !== 'file') return undefined;
    const size = fstatSync(file.hostFd).size;
    const buffer = new Uint8Array(size);
    readSync(file.hostFd, buffer, 0, size, 0);
    return buffer;
  }
}
