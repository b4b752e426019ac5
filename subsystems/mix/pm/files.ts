// The PM's side of the image server (subsystems/mix/image): paths made absolute against a
// process's working directory, strings read from the caller, and one RPC per request. Errors
// come back as -errno (MIPS numbers) like every handler's result.
import { api, K_NOTIMEOUT } from '../../../nucleus/index.ts';
import {
  decodeEntries,
  decodeWords,
  encodeWords,
  IMAGE_STAMP,
  type ListEntry,
  OP,
  READ_MAX,
} from '../image/protocol.ts';
import { ERRNO } from './abi.ts';
import type { Call } from './context.ts';

/** MIPS errno values beyond abi.ts's (asm/errno.h). */
export const FERR = {
  ENOEXEC: 8,
  EEXIST: 17,
  ENOTDIR: 20,
  EISDIR: 21,
  EMFILE: 24,
  ESPIPE: 29,
  EROFS: 30,
  ERANGE: 34,
  ENAMETOOLONG: 78,
} as const;

const PAGE = 4096;
const PATH_MAX = 4096;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** The NUL-terminated string at `address` of the caller, or -errno. */
export function* readString(address: number, max = PATH_MAX): Call<string | number> {
  const parts: Uint8Array[] = [];
  let length = 0;
  let at = address >>> 0;
  while (length < max) {
    // Never read across a page the string may not reach.
    const chunk = Math.min(PAGE - (at % PAGE), 256);
    const bytes = yield* api.svCopyIn(at, chunk);
    if (typeof bytes === 'number') return -ERRNO.EFAULT;
    const nul = bytes.indexOf(0);
    parts.push(nul < 0 ? bytes : bytes.subarray(0, nul));
    length += nul < 0 ? bytes.length : nul;
    if (nul >= 0) {
      const all = new Uint8Array(length);
      let o = 0;
      for (const p of parts) {
        all.set(p, o);
        o += p.length;
      }
      return decoder.decode(all);
    }
    at += chunk;
  }
  return -FERR.ENAMETOOLONG;
}

/** `path` against directory `base`, with ".", ".." and repeated slashes resolved. */
export function absolute(base: string, path: string): string {
  const names: string[] = [];
  for (const name of (path.startsWith('/') ? path : `${base}/${path}`).split('/')) {
    if (name === '' || name === '.') continue;
    if (name === '..') names.pop();
    else names.push(name);
  }
  return `/${names.join('/')}`;
}

export interface NodeInfo {
  readonly ino: number;
  readonly kind: number;
  readonly size: number;
}

export function* request(
  op: number,
  args: readonly number[],
  body?: Uint8Array,
): Call<{ words: [number, number, number, number]; body: Uint8Array } | number> {
  const ui = yield* api.uiBuild(IMAGE_STAMP);
  if (typeof ui === 'number') return -ERRNO.ENOSYS;
  const reply = yield* api.ipcCall(
    { target: ui },
    { annex: encodeWords([op, ...args]), ...(body === undefined ? {} : { body }) },
    K_NOTIMEOUT,
  );
  // No image server (or it went away): there is no file system.
  if (typeof reply === 'number') return -ERRNO.ENOENT;
  return { words: decodeWords(reply.annex), body: reply.body ?? new Uint8Array(0) };
}

function* described(op: number, args: readonly number[], path: string): Call<NodeInfo | number> {
  const r = yield* request(op, args, encoder.encode(path));
  if (typeof r === 'number') return r;
  const [status, ino, kind, size] = r.words;
  return status < 0 ? status : { ino, kind, size };
}

/** The node at absolute `path`, or -errno. */
export const lookup = (path: string) => described(OP.LOOKUP, [0], path);

/** Opens or creates the file at absolute `path` (protocol CREATE flags; `mode` the permission
 * bits of a new file, the umask already applied), or -errno. */
export const create = (path: string, flags: number, mode = 0o644) =>
  described(OP.CREATE, [flags, mode], path);

/** Up to `count` bytes of file `ino` from `offset` (several RPCs when large), or -errno. */
export function* readFile(ino: number, offset: number, count: number): Call<Uint8Array | number> {
  const parts: Uint8Array[] = [];
  let got = 0;
  while (got < count) {
    const r = yield* request(OP.READ, [ino, offset + got, Math.min(count - got, READ_MAX)]);
    if (typeof r === 'number') return r;
    if (r.words[0] < 0) return r.words[0];
    if (r.body.length === 0) break;
    parts.push(r.body);
    got += r.body.length;
  }
  const all = new Uint8Array(got);
  let o = 0;
  for (const p of parts) {
    all.set(p, o);
    o += p.length;
  }
  return all;
}

/** Writes `bytes` to file `ino` at `offset`: the count written, or -errno. */
export function* writeFile(ino: number, offset: number, bytes: Uint8Array): Call<number> {
  let done = 0;
  while (done < bytes.length) {
    const r = yield* request(OP.WRITE, [ino, offset + done], bytes.subarray(done, done + READ_MAX));
    if (typeof r === 'number') return r;
    if (r.words[0] < 0) return done > 0 ? done : r.words[0];
    done += r.words[0];
  }
  return done;
}

/** Cuts or extends file `ino` to `size`: 0 or -errno. */
export function* truncateFile(ino: number, size: number): Call<number> {
  const r = yield* request(OP.TRUNCATE, [ino, size]);
  return typeof r === 'number' ? r : r.words[0];
}

/** The entries of directory `ino`, or -errno. */
export function* listDirectory(ino: number): Call<ListEntry[] | number> {
  const r = yield* request(OP.LIST, [ino]);
  if (typeof r === 'number') return r;
  return r.words[0] < 0 ? r.words[0] : decodeEntries(r.body);
}
