// The descriptor table of a `chorus exec` process: 0, 1, 2 are the host's stdin, stdout and
// stderr (through the callbacks the caller gives), and `open` reaches host files for reading only,
// and only inside the directory `chorus exec` was started in (no absolute paths outside it, no
// `..` or symlink escapes). Errors are Linux errno numbers (the MIPS values, which the other
// families share for these).
import { readFileSync, realpathSync, statSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';

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
  readonly data: Uint8Array;
  readonly size: number;
  readonly mode: number;
  position: number;
}

const MAX_FILES = 64;
const S_IFREG = 0o100000;
const S_IFCHR = 0o020000;

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
      data: new Uint8Array(0),
      size: 0,
      mode: S_IFCHR | 0o620,
      position: 0,
    });
    this.files.push(stream('stdin'), stream('stdout'), stream('stderr'));
  }

  /** The host path for a guest path if it lies inside the start directory, else an errno. */
  private hostPath(path: string): string | number {
    const candidate = resolve(this.root, path);
    let real: string;
    try {
      real = realpathSync(candidate);
    } catch {
      return ERRNO.ENOENT;
    }
    const inside = relative(this.root, real);
    if (inside.startsWith('..') || isAbsolute(inside)) return ERRNO.EACCES;
    return real;
  }

  /** open(2) for reading: a descriptor or a negative errno. Write modes are refused (EACCES). */
  open(path: string, flags: number): number {
    if ((flags & 3) !== 0) return -ERRNO.EACCES;
    const host = this.hostPath(path);
    if (typeof host === 'number') return -host;
    let data: Uint8Array;
    try {
      if (statSync(host).isDirectory()) return -ERRNO.EISDIR;
      data = readFileSync(host);
    } catch {
      return -ERRNO.EACCES;
    }
    let fd = this.files.indexOf(undefined);
    if (fd < 0) fd = this.files.length;
    if (fd >= MAX_FILES) return -ERRNO.EMFILE;
    this.files[fd] = { kind: 'file', data, size: data.length, mode: S_IFREG | 0o444, position: 0 };
    return fd;
  }

  /** access(2) with F_OK/R_OK semantics: 0 or a negative errno. */
  access(path: string): number {
    const host = this.hostPath(path);
    return typeof host === 'number' ? -host : 0;
  }

  close(fd: number): number {
    if (this.files[fd] === undefined) return -ERRNO.EBADF;
    this.files[fd] = undefined;
    return 0;
  }

  /** read(2): the bytes read, or a negative errno. */
  read(fd: number, max: number): Uint8Array | number {
    const file = this.files[fd];
    if (file === undefined || file.kind === 'stdout' || file.kind === 'stderr') return -ERRNO.EBADF;
    if (file.kind === 'stdin') return this.streams.stdin(max);
    const chunk = file.data.subarray(file.position, Math.min(file.size, file.position + max));
    file.position += chunk.length;
    return chunk;
  }

  /** write(2): the count written, or a negative errno (host files are read-only). */
  write(fd: number, bytes: Uint8Array): number {
    const file = this.files[fd];
    if (file === undefined) return -ERRNO.EBADF;
    if (file.kind === 'stdout') this.streams.stdout(bytes);
    else if (file.kind === 'stderr') this.streams.stderr(bytes);
    else return -ERRNO.EBADF;
    return bytes.length;
  }

  /** lseek(2) on host files: the new position, or a negative errno. */
  seek(fd: number, offset: number, whence: number): number {
    const file = this.files[fd];
    if (file === undefined) return -ERRNO.EBADF;
    if (file.kind !== 'file') return -ERRNO.ESPIPE;
    const base = whence === 0 ? 0 : whence === 1 ? file.position : whence === 2 ? file.size : Number.NaN;
    const next = base + offset;
    if (!Number.isFinite(next) || next < 0) return -ERRNO.EINVAL;
    file.position = next;
    return next;
  }

  /** Size and mode for statx, or undefined for a bad descriptor. */
  describe(fd: number): { size: number; mode: number } | undefined {
    const file = this.files[fd];
    return file === undefined ? undefined : { size: file.size, mode: file.mode };
  }

  /** Size and mode of a host path inside the start directory, or a negative errno. */
  describePath(path: string): { size: number; mode: number } | number {
    const host = this.hostPath(path);
    if (typeof host === 'number') return -host;
    const stat = statSync(host);
    return { size: stat.size, mode: stat.isDirectory() ? 0o040555 : S_IFREG | 0o444 };
  }

  /** The bytes of an open host file (for file-backed mmap), or undefined. */
  contents(fd: number): Uint8Array | undefined {
    const file = this.files[fd];
    return file?.kind === 'file' ? file.data : undefined;
  }
}
