// Host paths for a `chorus exec` guest: every path the guest names is resolved against its
// current directory and must stay inside the directory `chorus exec` was started in (no
// absolute paths outside it, no `..` or symlink escapes). Also the Linux errno values (MIPS
// numbering) for the host errors the shim passes on.
import { realpathSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';

export const ERRNO = {
  EPERM: 1,
  ENOENT: 2,
  ESRCH: 3,
  EINTR: 4,
  ENOEXEC: 8,
  EBADF: 9,
  ECHILD: 10,
  ENOMEM: 12,
  EACCES: 13,
  EFAULT: 14,
  EEXIST: 17,
  ENOTDIR: 20,
  EISDIR: 21,
  EINVAL: 22,
  EMFILE: 24,
  ENOTTY: 25,
  ESPIPE: 29,
  EPIPE: 32,
  ERANGE: 34,
  ENAMETOOLONG: 78,
  ENOSYS: 89,
  ELOOP: 90,
  ENOTEMPTY: 93,
} as const;

/** The errno for a host file-system error (EACCES for anything unexpected). */
export function errnoOf(error: unknown): number {
  const code = (error as NodeJS.ErrnoException).code ?? '';
  return (ERRNO as Record<string, number>)[code] ?? ERRNO.EACCES;
}

export class HostPaths {
  /** The start directory (real path): nothing outside it is reachable. */
  readonly root: string;
  /** The guest's current directory (a real path inside root). */
  cwd: string;

  constructor(directory: string) {
    this.root = realpathSync(directory);
    this.cwd = this.root;
  }

  private inside(real: string): boolean {
    const rel = relative(this.root, real);
    return !(rel.startsWith('..') || isAbsolute(rel));
  }

  /**
   * The host path for guest `path`, or an errno. With `follow` a final symbolic link is
   * resolved (open, stat); without it the link itself is named (lstat, unlink, rename...). The
   * parent must exist; the last component need not.
   */
  resolve(path: string, follow: boolean): string | number {
    if (path === '') return ERRNO.ENOENT;
    if (path.length > 4095) return ERRNO.ENAMETOOLONG;
    const candidate = resolve(this.cwd, path);
    const name = basename(candidate);
    let real: string;
    try {
      if (follow || name === '.' || name === '..' || candidate === this.root) real = realpathSync(candidate);
      else real = join(realpathSync(dirname(candidate)), name);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT') return errnoOf(error);
      try {
        real = join(realpathSync(dirname(candidate)), name);
      } catch (inner) {
        return errnoOf(inner);
      }
    }
    return this.inside(real) ? real : ERRNO.EACCES;
  }
}
