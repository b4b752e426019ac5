// The pipe service's protocol: what a client (the PM) sends it by RPC and what it answers. A
// request's annex is five 32-bit big-endian words, the operation and four arguments; a WRITE's
// body is the bytes to write. A reply's annex is five words, a status first (a count, or -errno
// with MIPS numbers); a READ's body is the bytes read.
//
//   CREATE []                      -> [0, pipe]: a pipe with one reader and one writer
//   READ   [pipe, count]           -> [n], body n bytes; [0] at end of file (no writer left);
//                                     -EAGAIN while empty with a writer
//   WRITE  [pipe], body bytes      -> [n accepted]; -EAGAIN while full (or, for at most
//                                     PIPE_BUF bytes, while they do not all fit: such a write
//                                     is never split); -EPIPE when no reader is left
//   WAIT   [pipe, end, need, tok]  -> [0] once the end is ready: READ_END when data or end of
//                                     file is there, WRITE_END when `need` bytes fit or no
//                                     reader is left. The reply comes later if it is not ready.
//   CANCEL [tok]                   -> [0]: forgets the WAIT the caller with token `tok` gave up
//   CLOSE  [pipe, end]             -> [0]: the last reference of that end is gone; blocked
//                                     peers wake (readers to end of file, writers to EPIPE)
//
// READ and WRITE never block, so a call that changed the pipe is always answered at once;
// only WAIT, which changes nothing, is answered later. A client whose WAIT is aborted (a
// signal: EINTR) therefore loses no data when the late reply is dropped; it sends CANCEL so the
// server lets the parked request go.

/** The stamp of the pipe service's port: its UI is uiBuild(PIPE_STAMP) on every site. */
export const PIPE_STAMP = 0x0558_0002;

export const OP = { CREATE: 1, READ: 2, WRITE: 3, WAIT: 4, CANCEL: 5, CLOSE: 6 } as const;

export const READ_END = 0;
export const WRITE_END = 1;

/** Bytes a pipe holds (Linux's default). */
export const PIPE_CAPACITY = 65536;
/** Writes of at most this many bytes are atomic (POSIX PIPE_BUF, 4096 on Linux). */
export const PIPE_BUF = 4096;
/** The most bytes one READ or WRITE carries (the nucleus's message body limit). */
export const TRANSFER_MAX = 65536;

/** MIPS errno values of the protocol. */
export const PIPE_ERRNO = { EAGAIN: 11, EINVAL: 22, EPIPE: 32 } as const;

/** Five words as an annex (missing ones 0). */
export function encodeWords(words: readonly number[]): Uint8Array {
  const bytes = new Uint8Array(20);
  const view = new DataView(bytes.buffer);
  words.slice(0, 5).forEach((word, i) => {
    view.setInt32(i * 4, word | 0);
  });
  return bytes;
}

/** The five words of an annex (signed; missing words are 0). */
export function decodeWords(bytes: Uint8Array): [number, number, number, number, number] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const at = (i: number) => (bytes.length >= i * 4 + 4 ? view.getInt32(i * 4) : 0);
  return [at(0), at(1), at(2), at(3), at(4)];
}
