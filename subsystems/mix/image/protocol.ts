// The image server's protocol: what a client (the PM) sends it by RPC and what it answers. A
// request's annex is four 32-bit big-endian words, the operation and three arguments; its body is
// a path (UTF-8, absolute and already normalised by the client), two paths separated by a NUL,
// or bytes. A reply's annex is four words too: a status (0 or a count, or -errno with MIPS
// numbers) and, for LOOKUP, CREATE, MAKE and SYMLINK, the node's number, kind and size; its body
// is the bytes read, the listing or the attributes.
//
// The server follows symbolic links on every name of a path but the last; LOOKUP follows the
// last too unless LOOKUP_NOFOLLOW, and CREATE follows it to an existing file. Calls that name a
// link itself (UNLINK, RENAME, LINK's new name, READLINK after a LOOKUP_NOFOLLOW) never follow it.
//
//   LOOKUP   [flags], body path                -> [0, ino, kind, size]
//   READ     [ino, offset, count]              -> [count read], body the bytes (at most 64 KiB)
//   LIST     [ino]                             -> [entries], body the entries (listEntries)
//   CREATE   [flags, mode], body path          -> as LOOKUP (CREATE_EXCLUSIVE, CREATE_TRUNCATE)
//   WRITE    [ino, offset], body bytes         -> [count written]
//   TRUNCATE [ino, size]                       -> [0]
//   STAT     [ino]                             -> [0], body the attributes (decodeAttributes)
//   MAKE     [kind, mode], body path           -> as LOOKUP: a new directory or FIFO (EEXIST)
//   SYMLINK  body path NUL target              -> as LOOKUP: a new symbolic link (EEXIST)
//   LINK     [ino], body path                  -> [0]: a new name for a file (EPERM: a directory)
//   UNLINK   [flags], body path                -> [0]: removes a name (REMOVE_DIRECTORY: rmdir)
//   RENAME   body from NUL to                  -> [0]
//   READLINK [ino]                             -> [length], body the link's target
//   CHMOD    [ino, mode]                       -> [0]: the permission bits (07777)
//   CHOWN    [ino, uid, gid]                   -> [0]: -1 leaves one unchanged
//   UTIMES   [ino], body atime s, ns, mtime s, ns (4 words; UTIME_NOW, UTIME_OMIT) -> [0]
//
// An image that is not writable refuses every operation that changes it with EROFS.

/** The stamp of the image server's port: its UI is uiBuild(IMAGE_STAMP) on every site. */
export const IMAGE_STAMP = 0x0558_0001;

export const OP = {
  LOOKUP: 1,
  READ: 2,
  LIST: 3,
  CREATE: 4,
  WRITE: 5,
  TRUNCATE: 6,
  STAT: 7,
  MAKE: 8,
  SYMLINK: 9,
  LINK: 10,
  UNLINK: 11,
  RENAME: 12,
  READLINK: 13,
  CHMOD: 14,
  CHOWN: 15,
  UTIMES: 16,
} as const;

export const KIND = { FILE: 1, DIRECTORY: 2, SYMLINK: 3, FIFO: 4 } as const;

export const CREATE_EXCLUSIVE = 1;
export const CREATE_TRUNCATE = 2;
export const LOOKUP_NOFOLLOW = 1;
export const REMOVE_DIRECTORY = 1;
/** UTIMES nanoseconds that mean "the server's time now" and "leave this time as it is" (Linux's). */
export const UTIME_NOW = 0x3fff_ffff;
export const UTIME_OMIT = 0x3fff_fffe;

/** What STAT tells of a node; times are [seconds, nanoseconds] of the realtime clock. */
export interface Attributes {
  readonly ino: number;
  readonly kind: number;
  /** The permission bits (07777). */
  readonly mode: number;
  readonly uid: number;
  readonly gid: number;
  readonly nlink: number;
  readonly size: number;
  readonly atime: readonly [number, number];
  readonly mtime: readonly [number, number];
  readonly ctime: readonly [number, number];
}

const ATTRIBUTE_WORDS = 13;

/** STAT's reply body: thirteen 32-bit big-endian words. */
export function encodeAttributes(a: Attributes): Uint8Array {
  const words = [a.ino, a.kind, a.mode, a.uid, a.gid, a.nlink, a.size, ...a.atime, ...a.mtime, ...a.ctime];
  const bytes = new Uint8Array(ATTRIBUTE_WORDS * 4);
  const view = new DataView(bytes.buffer);
  words.forEach((word, i) => {
    view.setUint32(i * 4, word >>> 0);
  });
  return bytes;
}

export function decodeAttributes(bytes: Uint8Array): Attributes {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const w = (i: number) => (bytes.length >= i * 4 + 4 ? view.getUint32(i * 4) : 0);
  return {
    ino: w(0),
    kind: w(1),
    mode: w(2),
    uid: w(3),
    gid: w(4),
    nlink: w(5),
    size: w(6),
    atime: [w(7), w(8)],
    mtime: [w(9), w(10)],
    ctime: [w(11), w(12)],
  };
}

/** The most bytes one READ returns (the nucleus's message body limit). */
export const READ_MAX = 65536;

/** Four words as an annex. */
export function encodeWords(words: readonly number[]): Uint8Array {
  const bytes = new Uint8Array(16);
  const view = new DataView(bytes.buffer);
  words.slice(0, 4).forEach((word, i) => {
    view.setInt32(i * 4, word | 0);
  });
  return bytes;
}

/** The four words of an annex (signed). */
export function decodeWords(bytes: Uint8Array): [number, number, number, number] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const at = (i: number) => (bytes.length >= i * 4 + 4 ? view.getInt32(i * 4) : 0);
  return [at(0), at(1), at(2), at(3)];
}

export interface ListEntry {
  readonly ino: number;
  readonly kind: number;
  readonly name: string;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** A listing: per entry its number (4 bytes), kind (1), name length (1) and name. */
export function encodeEntries(entries: readonly ListEntry[]): Uint8Array {
  const parts = entries.map((e) => ({ e, name: encoder.encode(e.name).subarray(0, 255) }));
  const out = new Uint8Array(parts.reduce((n, p) => n + 6 + p.name.length, 0));
  const view = new DataView(out.buffer);
  let at = 0;
  for (const { e, name } of parts) {
    view.setUint32(at, e.ino);
    out[at + 4] = e.kind;
    out[at + 5] = name.length;
    out.set(name, at + 6);
    at += 6 + name.length;
  }
  return out;
}

export function decodeEntries(bytes: Uint8Array): ListEntry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const entries: ListEntry[] = [];
  for (let at = 0; at + 6 <= bytes.length; ) {
    const length = bytes[at + 5]!;
    entries.push({
      ino: view.getUint32(at),
      kind: bytes[at + 4]!,
      name: decoder.decode(bytes.subarray(at + 6, at + 6 + length)),
    });
    at += 6 + length;
  }
  return entries;
}
