// The image server's protocol: what a client (the PM) sends it by RPC and what it answers. A
// request's annex is four 32-bit big-endian words, the operation and three arguments; its body is
// a path (UTF-8, absolute and already normalised by the client) or the bytes to write. A reply's
// annex is four words too: a status (0 or a count, or -errno with MIPS numbers) and, for LOOKUP
// and CREATE, the node's number, kind and size; its body is the bytes read or the listing.
//
//   LOOKUP   body path                         -> [0, ino, kind, size]
//   READ     [ino, offset, count]              -> [count read], body the bytes (at most 64 KiB)
//   LIST     [ino]                             -> [entries], body the entries (listEntries)
//   CREATE   [flags], body path                -> as LOOKUP (CREATE_EXCLUSIVE, CREATE_TRUNCATE)
//   WRITE    [ino, offset], body bytes         -> [count written]
//   TRUNCATE [ino, size]                       -> [0]
//
// An image that is not writable refuses CREATE, WRITE and TRUNCATE with EROFS.

/** The stamp of the image server's port: its UI is uiBuild(IMAGE_STAMP) on every site. */
export const IMAGE_STAMP = 0x0558_0001;

export const OP = { LOOKUP: 1, READ: 2, LIST: 3, CREATE: 4, WRITE: 5, TRUNCATE: 6 } as const;

export const KIND = { FILE: 1, DIRECTORY: 2, SYMLINK: 3, FIFO: 4 } as const;

export const CREATE_EXCLUSIVE = 1;
export const CREATE_TRUNCATE = 2;

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
