// The PM's side of the pipe service (server.ts): one RPC per request, with the blocking that
// read and write need done here, on the calling process's thread. READ and WRITE never block
// at the server; when one would, the caller sends an abortable WAIT and tries again once it is
// answered. A signal for the process aborts the WAIT (threadAbort): the caller then sends
// CANCEL and reports EINTR, having lost no data (see protocol.ts).
import { api, K_EABORT, K_NOTIMEOUT } from '../../../nucleus/index.ts';
import { decodeWords, encodeWords, OP, PIPE_ERRNO, PIPE_STAMP, TRANSFER_MAX } from './protocol.ts';

type Call<T> = Generator<api.Request, T, unknown>;

/** MIPS errno values the client adds. */
const EINTR = 4;
const ENFILE = 23;
/** How long a WAIT the server could not park waits before the caller retries (µs). */
const RETRY_MICROS = 1000;

function* request(
  words: readonly number[],
  body?: Uint8Array,
  abortable = false,
): Call<{ status: number; words: number[]; body: Uint8Array } | number> {
  const ui = yield* api.uiBuild(PIPE_STAMP);
  if (typeof ui === 'number') return -ENFILE;
  const reply = yield* api.ipcCall(
    { target: ui },
    { annex: encodeWords(words), ...(body === undefined ? {} : { body }) },
    K_NOTIMEOUT,
    abortable ? { abortable: true } : undefined,
  );
  if (reply === K_EABORT) return -EINTR;
  // No pipe service on this site: no pipes can be made.
  if (typeof reply === 'number') return -ENFILE;
  const replyWords = decodeWords(reply.annex);
  return { status: replyWords[0], words: replyWords, body: reply.body ?? new Uint8Array(0) };
}

/** A new pipe's number, or -errno. */
export function* pipeCreate(): Call<number> {
  const r = yield* request([OP.CREATE]);
  if (typeof r === 'number') return r;
  return r.status < 0 ? r.status : r.words[1]!;
}

/** Blocks until `end` of pipe `id` is ready (room for `need` bytes): 0, or -EINTR. */
function* waitFor(id: number, end: number, need: number): Call<number> {
  const token = yield* api.threadSelf();
  const r = yield* request([OP.WAIT, id, end, need, token], undefined, true);
  if (r === -EINTR) {
    yield* request([OP.CANCEL, token]);
    return -EINTR;
  }
  if (typeof r === 'number') return r;
  if (r.status === -PIPE_ERRNO.EAGAIN) {
    // The server had no room to park the WAIT: try again a little later.
    const slept = yield* api.threadDelay(RETRY_MICROS);
    return slept === K_EABORT ? -EINTR : 0;
  }
  return 0;
}

/**
 * Reads up to `count` bytes from pipe `id`: the bytes (empty at end of file) or -errno. Blocks
 * while the pipe is empty and has a writer, unless `nonblocking` (then -EAGAIN).
 */
export function* pipeRead(
  id: number,
  end: number,
  count: number,
  nonblocking: boolean,
): Call<Uint8Array | number> {
  for (;;) {
    const r = yield* request([OP.READ, id, Math.min(count, TRANSFER_MAX)]);
    if (typeof r === 'number') return r;
    if (r.status >= 0) return r.body;
    if (r.status !== -PIPE_ERRNO.EAGAIN || nonblocking) return r.status;
    const w = yield* waitFor(id, end, 0);
    if (w < 0) return w;
  }
}

/**
 * Writes `bytes` to pipe `id`, blocking while it is full: the count written, or -errno (-EPIPE
 * when no reader is left and nothing was written: the caller raises SIGPIPE). A write that
 * wrote something before it was interrupted, would block or lost its reader returns that count.
 */
export function* pipeWrite(
  id: number,
  end: number,
  bytes: Uint8Array,
  nonblocking: boolean,
  atomic: number,
): Call<number> {
  let done = 0;
  while (done < bytes.length) {
    const chunk = bytes.subarray(done, done + TRANSFER_MAX);
    const r = yield* request([OP.WRITE, id], chunk);
    const n = typeof r === 'number' ? r : r.status;
    if (n > 0) {
      done += n;
      continue;
    }
    if (n !== -PIPE_ERRNO.EAGAIN || nonblocking) return done > 0 ? done : n;
    const w = yield* waitFor(id, end, Math.min(chunk.length, atomic));
    if (w < 0) return done > 0 ? done : w;
  }
  return done;
}

/** The last reference of `end` of pipe `id` is gone. */
export function* pipeClose(id: number, end: number): Call<void> {
  yield* request([OP.CLOSE, id, end]);
}
