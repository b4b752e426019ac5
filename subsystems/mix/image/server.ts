// The image server: a native system actor that serves a file tree held in memory (given as a
// map from absolute paths to bytes, directories implied by the paths) over the protocol of
// protocol.ts, on a port declared under uiBuild(IMAGE_STAMP). It stands in for the file manager
// until that exists: the PM asks it for files by RPC and shares no memory with it. Files made
// or changed by clients live only in the server's memory; a read-only image refuses them.
import type { InitialActor } from '../../../nucleus/index.ts';
import { api, K_NOTIMEOUT } from '../../../nucleus/index.ts';
import {
  CREATE_EXCLUSIVE,
  CREATE_TRUNCATE,
  decodeWords,
  encodeEntries,
  encodeWords,
  IMAGE_STAMP,
  KIND,
  OP,
  READ_MAX,
} from './protocol.ts';

/** MIPS errno values the server answers with. */
const ENOENT = 2;
const EEXIST = 17;
const ENOTDIR = 20;
const EISDIR = 21;
const EINVAL = 22;
const EROFS = 30;

export interface ImageOptions {
  /** Absolute path -> contents. Every directory on a path exists; "/" always does. */
  readonly files: ReadonlyMap<string, Uint8Array>;
  /** Clients may create, write and truncate files (in memory); default false (EROFS). */
  readonly writable?: boolean;
}

interface Node {
  readonly kind: number;
  data: Uint8Array;
  readonly children: Map<string, number>;
}

const ROOT = 1;

/** The tree of an image: nodes by number (1 the root). */
export class ImageTree {
  private readonly nodes: Node[] = [];

  constructor(files: ReadonlyMap<string, Uint8Array>) {
    this.nodes[ROOT] = { kind: KIND.DIRECTORY, data: new Uint8Array(0), children: new Map() };
    for (const [path, data] of [...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      const names = path.split('/').filter((n) => n !== '');
      let dir = ROOT;
      for (const [i, name] of names.entries()) {
        const existing = this.nodes[dir]!.children.get(name);
        if (existing !== undefined) dir = existing;
        else dir = this.add(dir, name, i === names.length - 1 ? KIND.FILE : KIND.DIRECTORY);
      }
      if (this.nodes[dir]!.kind === KIND.FILE) this.nodes[dir]!.data = data;
    }
  }

  private add(parent: number, name: string, kind: number): number {
    const ino = this.nodes.length;
    this.nodes.push({ kind, data: new Uint8Array(0), children: new Map() });
    this.nodes[parent]!.children.set(name, ino);
    return ino;
  }

  node(ino: number): Node | undefined {
    return ino >= ROOT ? this.nodes[ino] : undefined;
  }

  /** The node at `path`, or -errno. */
  lookup(path: string): number {
    let ino = ROOT;
    for (const name of path.split('/').filter((n) => n !== '')) {
      const node = this.nodes[ino]!;
      if (node.kind !== KIND.DIRECTORY) return -ENOTDIR;
      const next = node.children.get(name);
      if (next === undefined) return -ENOENT;
      ino = next;
    }
    return ino;
  }

  /** Opens or makes the file at `path` (CREATE flags), or -errno. */
  create(path: string, flags: number): number {
    const names = path.split('/').filter((n) => n !== '');
    const last = names.pop();
    if (last === undefined) return -EISDIR;
    const parent = this.lookup(names.join('/'));
    if (parent < 0) return parent;
    const dir = this.nodes[parent]!;
    if (dir.kind !== KIND.DIRECTORY) return -ENOTDIR;
    const existing = dir.children.get(last);
    if (existing === undefined) return this.add(parent, last, KIND.FILE);
    if ((flags & CREATE_EXCLUSIVE) !== 0) return -EEXIST;
    const node = this.nodes[existing]!;
    if (node.kind === KIND.DIRECTORY) return -EISDIR;
    if ((flags & CREATE_TRUNCATE) !== 0) node.data = new Uint8Array(0);
    return existing;
  }
}

const decoder = new TextDecoder();

type Reply = { annex: Uint8Array; body?: Uint8Array };

const status = (value: number, ...rest: number[]): Reply => ({ annex: encodeWords([value, ...rest]) });

/** Answers one request on `tree`. */
export function serve(tree: ImageTree, writable: boolean, annex: Uint8Array, body: Uint8Array): Reply {
  const [op, a, b, c] = decodeWords(annex);
  const described = (ino: number): Reply => {
    if (ino < 0) return status(ino);
    const node = tree.node(ino)!;
    return status(0, ino, node.kind, node.data.length);
  };
  switch (op) {
    case OP.LOOKUP:
      return described(tree.lookup(decoder.decode(body)));
    case OP.CREATE:
      return writable ? described(tree.create(decoder.decode(body), a)) : status(-EROFS);
    case OP.READ: {
      const node = tree.node(a);
      if (node === undefined || b < 0 || c < 0) return status(-EINVAL);
      if (node.kind !== KIND.FILE) return status(-EISDIR);
      const bytes = node.data.slice(b, b + Math.min(c, READ_MAX));
      return { annex: encodeWords([bytes.length]), body: bytes };
    }
    case OP.LIST: {
      const node = tree.node(a);
      if (node === undefined) return status(-EINVAL);
      if (node.kind !== KIND.DIRECTORY) return status(-ENOTDIR);
      const entries = [...node.children].map(([name, ino]) => ({ ino, kind: tree.node(ino)!.kind, name }));
      return { annex: encodeWords([entries.length]), body: encodeEntries(entries) };
    }
    case OP.WRITE:
    case OP.TRUNCATE: {
      if (!writable) return status(-EROFS);
      const node = tree.node(a);
      if (node === undefined || b < 0) return status(-EINVAL);
      if (node.kind !== KIND.FILE) return status(-EISDIR);
      const end = op === OP.WRITE ? Math.max(node.data.length, b + body.length) : b;
      const data = new Uint8Array(end);
      data.set(node.data.subarray(0, Math.min(end, node.data.length)));
      if (op === OP.WRITE) data.set(body, b);
      node.data = data;
      return status(op === OP.WRITE ? body.length : 0);
    }
    default:
      return status(-EINVAL);
  }
}

/** The image server's priority: above processes, so it answers them at once. */
const IMAGE_PRIORITY = 2;

/** The image server as an initial system actor. */
export function imageActor(options: ImageOptions): InitialActor {
  const tree = new ImageTree(options.files);
  const writable = options.writable ?? false;
  return {
    name: 'image',
    kind: 'system',
    threads: [
      {
        name: 'image',
        priority: IMAGE_PRIORITY,
        body: function* () {
          const self = yield* api.actorSelf();
          const ui = (yield* api.uiBuild(IMAGE_STAMP)) as api.Ui;
          const port = yield* api.portDeclare(self, ui);
          if (typeof port === 'number') {
            yield* api.consoleWrite(`image: cannot declare the port (${port})\n`);
            return;
          }
          for (;;) {
            const message = yield* api.ipcReceive(port.li, K_NOTIMEOUT);
            if (typeof message === 'number') continue;
            yield* api.ipcReply(serve(tree, writable, message.annex, message.body ?? new Uint8Array(0)));
          }
        },
      },
    ],
  };
}
