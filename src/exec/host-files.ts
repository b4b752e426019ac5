// The descriptor table of a `chorus exec` process: 0, 1, 2 are the host's stdin, stdout and
// stderr (through the callbacks the caller gives); other descriptors are host files and
// directories inside the start directory (see host-paths.ts), opened, read, written, listed and
// changed as under qemu-user. Descriptors share open file descriptions (offset, flags) the Linux
// way after dup/dup2/fcntl(F_DUPFD) and fork. Pipes and FIFOs are shim objects (pipes.ts);
// /etc/passwd and /etc/group are small built-in files (root and one user, see ETC_FILES).
// Results are values or negative errnos (or PIPE_BLOCK), never exceptions.
import {
  closeSync,
  constants,
  type Dirent,
  fstatSync,
  ftruncateSync,
  openSync,
  readdirSync,
  readSync,
  writeSync,
} from 'node:fs';
import { posix } from 'node:path';
import { ERRNO, errnoOf, HostPaths } from './host-paths.ts';
import { Pipe } from './pipes.ts';

export { ERRNO } from './host-paths.ts';

export interface HostStreams {
  /** Bytes the guest writes to descriptor 1. */
  readonly stdout: (bytes: Uint8Array) => void;
  /** Bytes the guest writes to descriptor 2. */
  readonly stderr: (bytes: Uint8Array) => void;
  /** Up to `max` bytes of input for descriptor 0; an empty array at end of input. */
  readonly stdin: (max: number) => Uint8Array;
}

/** An open file description: what dup'ed descriptors share. */
interface Description {
  readonly kind: 'stdin' | 'stdout' | 'stderr' | 'file' | 'directory' | 'pipe' | 'memory';
  /** Host descriptor (-1 for the standard streams). */
  readonly hostFd: number;
  /** Host path (files and directories; fchdir and getdents need it). */
  readonly path: string;
  /** O_ACCMODE: 0 read, 1 write, 2 both. */
  readonly access: number;
  append: boolean;
  position: number;
  /** Directory listing, read once at the first getdents. */
  entries: Dirent[] | undefined;
  refs: number;
  /** The pipe of a pipe or FIFO end (access 0 reads, 1 writes). */
  pipe?: Pipe;
  /** The bytes of a built-in file. */
  data?: Uint8Array;
}

/**
 * The user and group databases the guest sees, whatever the host has: root and one user.
 * (Under qemu-user a guest reads the host's files; the tests only rely on root.)
 */
const ETC_FILES: ReadonlyMap<string, string> = new Map([
  ['/etc/passwd', 'root:x:0:0:root:/root:/bin/sh\nuser:x:1000:1000:user:/home/user:/bin/sh\n'],
  ['/etc/group', 'root:x:0:\nuser:x:1000:\n'],
]);

interface Slot {
  readonly description: Description;
  closeOnExec: boolean;
}

const MAX_FILES = 256;
/** Linux MIPS open(2) flags (arch/mips/include/uapi/asm/fcntl.h). */
const O = {
  WRONLY: 1,
  RDWR: 2,
  APPEND: 0x8,
  CREAT: 0x100,
  TRUNC: 0x200,
  EXCL: 0x400,
  DIRECTORY: 0x10000,
} as const;

/** The contents of a built-in file the guest names by absolute path (/etc/passwd...), if any. */
export function builtInFile(path: string): string | undefined {
  return path.startsWith('/') ? ETC_FILES.get(posix.normalize(path)) : undefined;
}

export class FileTable {
  private readonly slots: (Slot | undefined)[] = [];
  readonly paths: HostPaths;
  /** The guest's file-creation mask. */
  umask = 0o022;

  constructor(
    readonly streams: HostStreams,
    directory: string | HostPaths,
    /** FIFOs made with mknod, by host path (shared by every process of the run). */
    readonly fifos: Map<string, Pipe> = new Map(),
    inherit?: FileTable,
  ) {
    if (typeof directory === 'string') this.paths = new HostPaths(directory);
    else {
      this.paths = new HostPaths(directory.root);
      this.paths.cwd = directory.cwd;
    }
    if (inherit !== undefined) {
      this.umask = inherit.umask;
      inherit.slots.forEach((slot, fd) => {
        if (slot === undefined) return;
        slot.description.refs++;
        this.slots[fd] = { description: slot.description, closeOnExec: slot.closeOnExec };
      });
      return;
    }
    for (const kind of ['stdin', 'stdout', 'stderr'] as const) {
      const access = kind === 'stdin' ? 0 : 1;
      this.install(
        { kind, hostFd: -1, path: '', access, append: false, position: 0, entries: undefined, refs: 0 },
        0,
      );
    }
  }

  /** Puts `description` in the lowest free slot >= `from`; the descriptor or -EMFILE. */
  private install(description: Description, from: number, at?: number): number {
    let fd = at ?? from;
    if (at === undefined) while (fd < this.slots.length && this.slots[fd] !== undefined) fd++;
    if (fd >= MAX_FILES) return -ERRNO.EMFILE;
    description.refs++;
    this.slots[fd] = { description, closeOnExec: false };
    return fd;
  }

  private file(fd: number): Description | undefined {
    return fd >= 0 ? this.slots[fd]?.description : undefined;
  }

  /** fork: a copy of this table sharing every open file description. */
  fork(): FileTable {
    return new FileTable(this.streams, this.paths, this.fifos, this);
  }

  /** execve: descriptors marked close-on-exec are closed. */
  closeOnExec(): void {
    for (let fd = 0; fd < this.slots.length; fd++) if (this.slots[fd]?.closeOnExec) this.close(fd);
  }

  private pipeEnd(pipe: Pipe, access: 0 | 1, from = 0): number {
    if (access === 0) pipe.readers++;
    else pipe.writers++;
    const description: Description = {
      kind: 'pipe',
      hostFd: -1,
      path: '',
      access,
      append: false,
      position: 0,
      entries: undefined,
      refs: 0,
      pipe,
    };
    const fd = this.install(description, from);
    if (fd < 0) {
      if (access === 0) pipe.readers--;
      else pipe.writers--;
    }
    return fd;
  }

  /** pipe2(2): [read end, write end], or a negative errno. */
  makePipe(closeOnExec: boolean): [number, number] | number {
    const pipe = new Pipe();
    const reader = this.pipeEnd(pipe, 0);
    if (reader < 0) return reader;
    const writer = this.pipeEnd(pipe, 1);
    if (writer < 0) {
      this.close(reader);
      return writer;
    }
    this.slots[reader]!.closeOnExec = closeOnExec;
    this.slots[writer]!.closeOnExec = closeOnExec;
    return [reader, writer];
  }

  /** open(2)/openat(2) with AT_FDCWD: a descriptor or a negative errno. */
  open(path: string, flags: number, mode: number): number {
    const builtIn = builtInFile(path);
    if (builtIn !== undefined) {
      if ((flags & 3) !== 0) return -ERRNO.EACCES;
      return this.install(
        {
          kind: 'memory',
          hostFd: -1,
          path: '',
          access: 0,
          append: false,
          position: 0,
          entries: undefined,
          refs: 0,
          data: Buffer.from(builtIn),
        },
        0,
      );
    }
    const host = this.paths.resolve(path, true);
    if (typeof host === 'number') return -host;
    const fifo = this.fifos.get(host);
    if (fifo !== undefined) return this.pipeEnd(fifo, (flags & 3) === 0 ? 0 : 1);
    const access = flags & 3;
    let hostFlags =
      access === O.WRONLY ? constants.O_WRONLY : access === O.RDWR ? constants.O_RDWR : constants.O_RDONLY;
    if (flags & O.CREAT) hostFlags |= constants.O_CREAT;
    if (flags & O.TRUNC) hostFlags |= constants.O_TRUNC;
    if (flags & O.EXCL) hostFlags |= constants.O_EXCL;
    if (flags & O.DIRECTORY) hostFlags |= constants.O_DIRECTORY;
    let hostFd: number;
    try {
      hostFd = openSync(host, hostFlags, mode & ~this.umask & 0o7777);
    } catch (error) {
      return -errnoOf(error);
    }
    const directory = fstatSync(hostFd).isDirectory();
    const description: Description = {
      kind: directory ? 'directory' : 'file',
      hostFd,
      path: host,
      access,
      append: (flags & O.APPEND) !== 0,
      position: 0,
      entries: undefined,
      refs: 0,
    };
    const fd = this.install(description, 0);
    if (fd < 0) closeSync(hostFd);
    return fd;
  }

  close(fd: number): number {
    const slot = fd >= 0 ? this.slots[fd] : undefined;
    if (slot === undefined) return -ERRNO.EBADF;
    this.slots[fd] = undefined;
    const description = slot.description;
    if (--description.refs === 0) {
      if (description.hostFd >= 0) closeSync(description.hostFd);
      if (description.pipe !== undefined) {
        if (description.access === 0) description.pipe.readers--;
        else description.pipe.writers--;
      }
    }
    return 0;
  }

  /** Closes every descriptor (the process ended). */
  closeAll(): void {
    for (let fd = 0; fd < this.slots.length; fd++) if (this.slots[fd] !== undefined) this.close(fd);
  }

  /** dup, dup2 and fcntl(F_DUPFD): `at` picks the number (dup2), else the lowest >= `from`. */
  duplicate(fd: number, from: number, at?: number): number {
    const description = this.file(fd);
    if (description === undefined) return -ERRNO.EBADF;
    if (at !== undefined) {
      if (at < 0 || at >= MAX_FILES) return -ERRNO.EBADF;
      if (at === fd) return fd;
      if (this.slots[at] !== undefined) this.close(at);
    }
    return this.install(description, from, at);
  }

  /** fcntl64: descriptor flags, status flags and F_DUPFD(_CLOEXEC). */
  control(fd: number, command: number, argument: number): number {
    const slot = fd >= 0 ? this.slots[fd] : undefined;
    if (slot === undefined) return -ERRNO.EBADF;
    switch (command) {
      case 0: // F_DUPFD
      case 1030: {
        // F_DUPFD_CLOEXEC
        const copy = this.duplicate(fd, Math.max(0, argument));
        if (copy >= 0 && command === 1030) this.slots[copy]!.closeOnExec = true;
        return copy;
      }
      case 1: // F_GETFD
        return slot.closeOnExec ? 1 : 0;
      case 2: // F_SETFD
        slot.closeOnExec = (argument & 1) !== 0;
        return 0;
      case 3: // F_GETFL
        return slot.description.access | (slot.description.append ? O.APPEND : 0);
      case 4: // F_SETFL
        slot.description.append = (argument & O.APPEND) !== 0;
        return 0;
      default:
        return -ERRNO.EINVAL;
    }
  }

  /** read(2): the bytes read, or a negative errno. */
  read(fd: number, max: number): Uint8Array | number {
    const file = this.file(fd);
    if (file === undefined || file.access === 1) return -ERRNO.EBADF;
    if (file.kind === 'stdin') return this.streams.stdin(max);
    if (file.kind === 'directory') return -ERRNO.EISDIR;
    if (file.pipe !== undefined) return file.pipe.read(max);
    if (file.data !== undefined) {
      const bytes = file.data.subarray(file.position, file.position + max);
      file.position += bytes.length;
      return bytes;
    }
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
    const file = this.file(fd);
    if (file === undefined || file.access === 0) return -ERRNO.EBADF;
    if (file.pipe !== undefined) {
      const n = file.pipe.write(bytes);
      return n === -1 ? -ERRNO.EPIPE : n;
    }
    if (file.kind === 'stdout') this.streams.stdout(bytes);
    else if (file.kind === 'stderr') this.streams.stderr(bytes);
    else {
      try {
        if (file.append) file.position = fstatSync(file.hostFd).size;
        const n = writeSync(file.hostFd, bytes, 0, bytes.length, file.position);
        file.position += n;
        return n;
      } catch (error) {
        return -errnoOf(error);
      }
    }
    return bytes.length;
  }

  /** lseek(2): the new position, or a negative errno. */
  seek(fd: number, offset: number, whence: number): number {
    const file = this.file(fd);
    if (file === undefined) return -ERRNO.EBADF;
    if (file.kind !== 'file' && file.kind !== 'directory' && file.kind !== 'memory') return -ERRNO.ESPIPE;
    const size = file.data !== undefined ? file.data.length : fstatSync(file.hostFd).size;
    const base = whence === 0 ? 0 : whence === 1 ? file.position : whence === 2 ? size : Number.NaN;
    const next = base + offset;
    if (!Number.isFinite(next) || next < 0) return -ERRNO.EINVAL;
    file.position = next;
    if (file.kind === 'directory' && next === 0) file.entries = undefined;
    return next;
  }

  /** ftruncate(2). */
  truncate(fd: number, length: number): number {
    const file = this.file(fd);
    if (file === undefined || file.kind !== 'file' || file.access === 0) return -ERRNO.EBADF;
    try {
      ftruncateSync(file.hostFd, length);
      return 0;
    } catch (error) {
      return -errnoOf(error);
    }
  }

  /** The host descriptor of an open file or directory (for fstat, fchmod), or -EBADF. */
  hostDescriptor(fd: number): number {
    const file = this.file(fd);
    if (file === undefined) return -ERRNO.EBADF;
    return file.hostFd;
  }

  /** The host path of an open directory (fchdir), or an errno. */
  directoryPath(fd: number): string | number {
    const file = this.file(fd);
    if (file === undefined) return ERRNO.EBADF;
    return file.kind === 'directory' ? file.path : ERRNO.ENOTDIR;
  }

  /** The next directory entries of `fd` (".", ".." first), advancing its position by `take`. */
  listing(fd: number): { readonly entries: readonly Dirent[]; position: number } | number {
    const file = this.file(fd);
    if (file === undefined) return -ERRNO.EBADF;
    if (file.kind !== 'directory') return -ERRNO.ENOTDIR;
    if (file.entries === undefined) {
      try {
        file.entries = readdirSync(file.path, { withFileTypes: true });
      } catch (error) {
        return -errnoOf(error);
      }
    }
    return file as { entries: Dirent[]; position: number };
  }

  /** The bytes of an open host file (for file-backed mmap), or undefined. */
  contents(fd: number): Uint8Array | undefined {
    const file = this.file(fd);
    if (file === undefined || file.kind !== 'file') return undefined;
    const size = fstatSync(file.hostFd).size;
    const buffer = new Uint8Array(size);
    readSync(file.hostFd, buffer, 0, size, 0);
    return buffer;
  }
}
