// The pipe service: a native system actor that keeps every pipe's bytes and how many ends are
// open, serving the protocol of protocol.ts on a port declared under uiBuild(PIPE_STAMP). It is
// its own actor (DESIGN.md §4): the PM reaches it only by RPC and shares no memory with it. A
// WAIT that cannot be answered yet is parked with ipcSave and answered with ipcRestore and
// ipcReply when the pipe changes (reply later), so the service never blocks on one client.
// The nucleus parks at most 16 messages per actor: past that a WAIT is answered -EAGAIN at once
// and the client waits a little before it tries again.
import type { InitialActor } from '../../../nucleus/index.ts';
import { api, K_NOTIMEOUT } from '../../../nucleus/index.ts';
import {
  decodeWords,
  encodeWords,
  OP,
  PIPE_BUF,
  PIPE_CAPACITY,
  PIPE_ERRNO,
  PIPE_STAMP,
  READ_END,
  TRANSFER_MAX,
} from './protocol.ts';

/** Above every process's thread, like the image server, so requests are served promptly. */
const PIPE_PRIORITY = 2;

interface Pipe {
  /** The bytes written and not yet read, oldest first. */
  data: Uint8Array;
  readers: number;
  writers: number;
}

interface Waiter {
  /** The id ipcSave gave the parked WAIT. */
  readonly saved: number;
  readonly pipe: number;
  readonly end: number;
  readonly need: number;
  readonly token: number;
}

type Reply = { annex: Uint8Array; body?: Uint8Array };

const status = (...words: number[]): Reply => ({ annex: encodeWords(words) });

/** The pipes of one service and the requests it answers (no nucleus calls: testable alone). */
export class PipeTable {
  private readonly pipes = new Map<number, Pipe>();
  private nextId = 1;

  create(): number {
    const id = this.nextId++;
    this.pipes.set(id, { data: new Uint8Array(0), readers: 1, writers: 1 });
    return id;
  }

  /** Whether `end` of pipe `id` is ready for a WAIT needing `need` bytes of room. */
  ready(id: number, end: number, need: number): boolean {
    const pipe = this.pipes.get(id);
    if (pipe === undefined) return true;
    if (end === READ_END) return pipe.data.length > 0 || pipe.writers === 0;
    return pipe.readers === 0 || PIPE_CAPACITY - pipe.data.length >= Math.max(1, need);
  }

  /** Up to `count` bytes, or -errno; an empty result is end of file. */
  read(id: number, count: number): Uint8Array | number {
    const pipe = this.pipes.get(id);
    if (pipe === undefined) return -PIPE_ERRNO.EINVAL;
    if (pipe.data.length === 0) return pipe.writers === 0 ? new Uint8Array(0) : -PIPE_ERRNO.EAGAIN;
    const n = Math.min(count >>> 0, pipe.data.length, TRANSFER_MAX);
    const out = pipe.data.slice(0, n);
    pipe.data = pipe.data.slice(n);
    return out;
  }

  /** Appends what fits of `bytes`: the count, or -errno. */
  write(id: number, bytes: Uint8Array): number {
    const pipe = this.pipes.get(id);
    if (pipe === undefined) return -PIPE_ERRNO.EINVAL;
    if (pipe.readers === 0) return -PIPE_ERRNO.EPIPE;
    const room = PIPE_CAPACITY - pipe.data.length;
    if (room === 0 || (bytes.length <= PIPE_BUF && room < bytes.length)) return -PIPE_ERRNO.EAGAIN;
    const n = Math.min(room, bytes.length);
    const data = new Uint8Array(pipe.data.length + n);
    data.set(pipe.data);
    data.set(bytes.subarray(0, n), pipe.data.length);
    pipe.data = data;
    return n;
  }

  /** The last reference of `end` is gone; a pipe with no end left is forgotten. */
  close(id: number, end: number): number {
    const pipe = this.pipes.get(id);
    if (pipe === undefined) return -PIPE_ERRNO.EINVAL;
    if (end === READ_END) pipe.readers = Math.max(0, pipe.readers - 1);
    else pipe.writers = Math.max(0, pipe.writers - 1);
    if (pipe.readers === 0 && pipe.writers === 0) this.pipes.delete(id);
    return 0;
  }

  /** How many pipes exist (for tests). */
  get size(): number {
    return this.pipes.size;
  }
}

/** The pipe service as an initial system actor; `probe` receives its table (for tests). */
export function pipeActor(probe?: { table?: PipeTable }): InitialActor {
  const table = new PipeTable();
  if (probe !== undefined) probe.table = table;
  const waiters: Waiter[] = [];

  /** Answers the parked WAIT `w` (its caller may be gone: the reply is then dropped). */
  function* answer(w: Waiter, value: number) {
    waiters.splice(waiters.indexOf(w), 1);
    if ((yield* api.ipcRestore(w.saved)) === 0) yield* api.ipcReply(status(value));
  }

  /** Answers every parked WAIT on pipe `id` that is now ready. */
  function* wake(id: number) {
    for (const w of waiters.filter((x) => x.pipe === id && table.ready(x.pipe, x.end, x.need)))
      yield* answer(w, 0);
  }

  return {
    name: 'pipes',
    kind: 'system',
    threads: [
      {
        name: 'pipes',
        priority: PIPE_PRIORITY,
        body: function* () {
          const self = yield* api.actorSelf();
          const ui = (yield* api.uiBuild(PIPE_STAMP)) as api.Ui;
          const port = yield* api.portDeclare(self, ui);
          if (typeof port === 'number') {
            yield* api.consoleWrite(`pipes: cannot declare the port (${port})\n`);
            return;
          }
          for (;;) {
            const message = yield* api.ipcReceive(port.li, K_NOTIMEOUT);
            if (typeof message === 'number') continue;
            const [op, a, b, c, d] = decodeWords(message.annex);
            switch (op) {
              case OP.CREATE:
                yield* api.ipcReply(status(0, table.create()));
                break;
              case OP.READ: {
                const r = table.read(a, b);
                if (typeof r === 'number') yield* api.ipcReply(status(r));
                else yield* api.ipcReply({ annex: encodeWords([r.length]), body: r });
                if (typeof r !== 'number' && r.length > 0) yield* wake(a);
                break;
              }
              case OP.WRITE: {
                const n = table.write(a, message.body ?? new Uint8Array(0));
                yield* api.ipcReply(status(n));
                if (n > 0) yield* wake(a);
                break;
              }
              case OP.WAIT: {
                if (table.ready(a, b, c)) {
                  yield* api.ipcReply(status(0));
                  break;
                }
                const saved = yield* api.ipcSave();
                if (saved < 0) yield* api.ipcReply(status(-PIPE_ERRNO.EAGAIN));
                else waiters.push({ saved, pipe: a, end: b, need: c, token: d });
                break;
              }
              case OP.CANCEL: {
                yield* api.ipcReply(status(0));
                const w = waiters.find((x) => x.token === a);
                if (w !== undefined) yield* answer(w, -PIPE_ERRNO.EAGAIN);
                break;
              }
              case OP.CLOSE:
                yield* api.ipcReply(status(table.close(a, b)));
                yield* wake(a);
                break;
              default:
                yield* api.ipcReply(status(-PIPE_ERRNO.EINVAL));
            }
          }
        },
      },
    ],
  };
}
