// The image server: a native system actor that serves a file tree held in memory (given as a
// map from absolute paths to bytes, directories implied by the paths) over the protocol of
// protocol.ts, on a port declared under uiBuild(IMAGE_STAMP). It stands in for the file manager
// until that exists: the PM asks it for files by RPC and shares no memory with it. Files made
// or changed by clients live only in the server's memory; a read-only image refuses them.
//
// Each node keeps what stat reports: kind, permission bits, owner, link count and three times.
// Times come from the nucleus's clock (sysTime, simulated), read before each request, on the
// PM's realtime epoch, so runs are reproducible.
import type { InitialActor } from '../../../nucleus/index.ts';
import { api, K_NOTIMEOUT } from '../../../nucleus/index.ts';
import { EPOCH_SECONDS } from '../pm/time.ts';
import {
  type Attributes,
  CREATE_EXCLUSIVE,
  CREATE_TRUNCATE,
  decodeWords,
  encodeAttributes,
  encodeEntries,
  encodeWords,
  IMAGE_STAMP,
  KIND,
  LOOKUP_NOFOLLOW,
  OP,
  READ_MAX,
  REMOVE_DIRECTORY,
  UTIME_NOW,
  UTIME_OMIT,
} from './protocol.ts';

/** MIPS errno values the server answers with. */
const EPERM = 1;
const ENOENT = 2;
const EBUSY = 16;
const EEXIST = 17;
const ENOTDIR = 20;
const EISDIR = 21;
const EINVAL = 22;
const EROFS = 30;
const ELOOP = 90;
const ENOTEMPTY = 93;

/** Links followed while resolving one path before ELOOP (Linux's limit). */
const MAX_LINKS = 40;

export interface ImageOptions {
  /** Absolute path -> contents. Every directory on a path exists; "/" always does. */
  readonly files: ReadonlyMap<string, Uint8Array>;
  /** Clients may change the tree (in memory); default false (EROFS). */
  readonly writable?: boolean;
}

type Time = [number, number];

interface Node {
  readonly kind: number;
  /** A file's bytes, or a symbolic link's target. */
  data: Uint8Array;
  readonly children: Map<string, number>;
  /** A directory's parent (the root's is itself): what ".." in a link's target reaches. */
  parent: number;
  mode: number;
  uid: number;
  gid: number;
  /** Names of a non-directory (a directory's count is derived from its subdirectories). */
  links: number;
  atime: Time;
  mtime: Time;
  ctime: Time;
}

const ROOT = 1;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

const names = (path: string) => path.split('/').filter((n) => n !== '');

/** The tree of an image: nodes by number (1 the root). */
export class ImageTree {
  private readonly nodes: Node[] = [];
  /** The time stamped on changes: set by the server before each request. */
  now: Time = [EPOCH_SECONDS, 0];

  constructor(files: ReadonlyMap<string, Uint8Array>) {
    this.nodes[ROOT] = this.fresh(KIND.DIRECTORY, 0o755, ROOT);
    for (const [path, data] of [...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      const parts = names(path);
      let dir = ROOT;
      for (const [i, name] of parts.entries()) {
        const existing = this.nodes[dir]!.children.get(name);
        if (existing !== undefined) dir = existing;
        else {
          const last = i === parts.length - 1;
          // Programs under /bin are executable; other files are read-write for their owner.
          const mode = !last ? 0o755 : path.startsWith('/bin/') ? 0o755 : 0o644;
          dir = this.add(dir, name, last ? KIND.FILE : KIND.DIRECTORY, mode);
        }
      }
      if (this.nodes[dir]!.kind === KIND.FILE) this.nodes[dir]!.data = data;
    }
  }

  private fresh(kind: number, mode: number, parent: number): Node {
    const t = this.now;
    return {
      kind,
      data: new Uint8Array(0),
      children: new Map(),
      parent,
      mode: mode & 0o7777,
      uid: 0,
      gid: 0,
      links: 1,
      atime: [...t],
      mtime: [...t],
      ctime: [...t],
    };
  }

  private add(parent: number, name: string, kind: number, mode: number): number {
    const ino = this.nodes.length;
    this.nodes.push(this.fresh(kind, mode, parent));
    this.entered(parent, name, ino);
    return ino;
  }

  /** Puts `ino` in directory `parent` under `name`, stamping the directory. */
  private entered(parent: number, name: string, ino: number): void {
    const dir = this.nodes[parent]!;
    dir.children.set(name, ino);
    dir.mtime = [...this.now];
    dir.ctime = [...this.now];
  }

  private removed(parent: number, name: string): void {
    const dir = this.nodes[parent]!;
    dir.children.delete(name);
    dir.mtime = [...this.now];
    dir.ctime = [...this.now];
  }

  node(ino: number): Node | undefined {
    return ino >= ROOT ? this.nodes[ino] : undefined;
  }

  /** Marks node `ino` changed (its data: also modified). */
  touch(ino: number, data: boolean): void {
    const node = this.nodes[ino]!;
    if (data) node.mtime = [...this.now];
    node.ctime = [...this.now];
  }

  /** The node at `path`, following links (the last name's only when `follow`), or -errno. */
  lookup(path: string, follow = true): number {
    const pending = names(path);
    let ino = ROOT;
    let links = 0;
    while (pending.length > 0) {
      const name = pending.shift()!;
      const node = this.nodes[ino]!;
      if (node.kind !== KIND.DIRECTORY) return -ENOTDIR;
      if (name === '.') continue;
      if (name === '..') {
        ino = node.parent;
        continue;
      }
      const next = node.children.get(name);
      if (next === undefined) return -ENOENT;
      const child = this.nodes[next]!;
      if (child.kind === KIND.SYMLINK && (pending.length > 0 || follow)) {
        if (++links > MAX_LINKS) return -ELOOP;
        const target = decoder.decode(child.data);
        // A relative target continues from the link's directory, where the walk stands.
        if (target.startsWith('/')) ino = ROOT;
        pending.unshift(...names(target));
        continue;
      }
      ino = next;
    }
    return ino;
  }

  /** The directory holding the last name of `path` and that name, or -errno (EBUSY: "/"). */
  parentOf(path: string): { dir: number; name: string } | number {
    const parts = names(path);
    const name = parts.pop();
    if (name === undefined) return -EBUSY;
    const dir = this.lookup(parts.join('/'));
    if (dir < 0) return dir;
    if (this.nodes[dir]!.kind !== KIND.DIRECTORY) return -ENOTDIR;
    return { dir, name };
  }

  /** Opens or makes the file at `path` (CREATE flags, a new file's mode), or -errno. */
  create(path: string, flags: number, mode = 0o644): number {
    const at = this.parentOf(path);
    if (typeof at === 'number') return at === -EBUSY ? -EISDIR : at;
    let existing = this.nodes[at.dir]!.children.get(at.name);
    if (existing === undefined) return this.add(at.dir, at.name, KIND.FILE, mode);
    if ((flags & CREATE_EXCLUSIVE) !== 0) return -EEXIST;
    if (this.nodes[existing]!.kind === KIND.SYMLINK) {
      // Opening through a link reaches its target, which must exist (no creation through it).
      existing = this.lookup(path);
      if (existing < 0) return existing;
    }
    const node = this.nodes[existing]!;
    if (node.kind === KIND.DIRECTORY) return -EISDIR;
    if ((flags & CREATE_TRUNCATE) !== 0 && node.kind === KIND.FILE) {
      node.data = new Uint8Array(0);
      this.touch(existing, true);
    }
    return existing;
  }

  /** A new directory, FIFO or symbolic link (`target`) at `path`, or -errno. */
  make(path: string, kind: number, mode: number, target?: string): number {
    if (kind !== KIND.DIRECTORY && kind !== KIND.FIFO && kind !== KIND.SYMLINK) return -EINVAL;
    const at = this.parentOf(path);
    if (typeof at === 'number') return at === -EBUSY ? -EEXIST : at;
    if (this.nodes[at.dir]!.children.has(at.name)) return -EEXIST;
    const ino = this.add(at.dir, at.name, kind, kind === KIND.SYMLINK ? 0o777 : mode);
    if (target !== undefined) this.nodes[ino]!.data = encoder.encode(target);
    return ino;
  }

  /** A new name `path` for node `ino`: 0 or -errno. */
  link(ino: number, path: string): number {
    const node = this.node(ino);
    if (node === undefined) return -EINVAL;
    if (node.kind === KIND.DIRECTORY) return -EPERM;
    const at = this.parentOf(path);
    if (typeof at === 'number') return at === -EBUSY ? -EEXIST : at;
    if (this.nodes[at.dir]!.children.has(at.name)) return -EEXIST;
    this.entered(at.dir, at.name, ino);
    node.links++;
    this.touch(ino, false);
    return 0;
  }

  /** Removes the name `path` (a directory only with REMOVE_DIRECTORY, and only empty): 0 or -errno. */
  unlink(path: string, flags: number): number {
    const at = this.parentOf(path);
    if (typeof at === 'number') return at;
    const ino = this.nodes[at.dir]!.children.get(at.name);
    if (ino === undefined) return -ENOENT;
    const node = this.nodes[ino]!;
    if ((flags & REMOVE_DIRECTORY) !== 0) {
      if (node.kind !== KIND.DIRECTORY) return -ENOTDIR;
      if (node.children.size > 0) return -ENOTEMPTY;
    } else if (node.kind === KIND.DIRECTORY) return -EISDIR;
    this.removed(at.dir, at.name);
    // An open file keeps its node (and its number) after its last name goes.
    node.links--;
    this.touch(ino, false);
    return 0;
  }

  /** Moves the name `from` to `to`, replacing what `to` names when the kinds agree: 0 or -errno. */
  rename(from: string, to: string): number {
    const src = this.parentOf(from);
    if (typeof src === 'number') return src;
    const dst = this.parentOf(to);
    if (typeof dst === 'number') return dst;
    const ino = this.nodes[src.dir]!.children.get(src.name);
    if (ino === undefined) return -ENOENT;
    const node = this.nodes[ino]!;
    if (node.kind === KIND.DIRECTORY) {
      // A directory cannot move into itself or below itself.
      for (let d = dst.dir; ; d = this.nodes[d]!.parent) {
        if (d === ino) return -EINVAL;
        if (d === ROOT) break;
      }
    }
    const existing = this.nodes[dst.dir]!.children.get(dst.name);
    if (existing === ino) return 0;
    if (existing !== undefined) {
      const old = this.nodes[existing]!;
      if (node.kind === KIND.DIRECTORY && old.kind !== KIND.DIRECTORY) return -ENOTDIR;
      if (node.kind !== KIND.DIRECTORY && old.kind === KIND.DIRECTORY) return -EISDIR;
      if (old.kind === KIND.DIRECTORY && old.children.size > 0) return -ENOTEMPTY;
      old.links--;
      this.touch(existing, false);
    }
    this.removed(src.dir, src.name);
    this.entered(dst.dir, dst.name, ino);
    if (node.kind === KIND.DIRECTORY) node.parent = dst.dir;
    this.touch(ino, false);
    return 0;
  }

  /** What STAT reports of node `ino`. */
  attributes(ino: number): Attributes {
    const node = this.nodes[ino]!;
    const subdirectories = [...node.children.values()].filter(
      (child) => this.nodes[child]!.kind === KIND.DIRECTORY,
    ).length;
    return {
      ino,
      kind: node.kind,
      mode: node.mode,
      uid: node.uid,
      gid: node.gid,
      nlink: node.kind === KIND.DIRECTORY ? 2 + subdirectories : node.links,
      size: node.data.length,
      atime: node.atime,
      mtime: node.mtime,
      ctime: node.ctime,
    };
  }
}

type Reply = { annex: Uint8Array; body?: Uint8Array };

const status = (value: number, ...rest: number[]): Reply => ({ annex: encodeWords([value, ...rest]) });

/** The two NUL-separated strings of a body. */
function pair(body: Uint8Array): [string, string] {
  const nul = body.indexOf(0);
  if (nul < 0) return [decoder.decode(body), ''];
  return [decoder.decode(body.subarray(0, nul)), decoder.decode(body.subarray(nul + 1))];
}

/** Operations that change the tree: a read-only image refuses them. */
const CHANGES: ReadonlySet<number> = new Set([
  OP.CREATE,
  OP.WRITE,
  OP.TRUNCATE,
  OP.MAKE,
  OP.SYMLINK,
  OP.LINK,
  OP.UNLINK,
  OP.RENAME,
  OP.CHMOD,
  OP.CHOWN,
  OP.UTIMES,
]);

/** Answers one request on `tree`. */
export function serve(tree: ImageTree, writable: boolean, annex: Uint8Array, body: Uint8Array): Reply {
  const [op, a, b, c] = decodeWords(annex);
  const described = (ino: number): Reply => {
    if (ino < 0) return status(ino);
    const node = tree.node(ino)!;
    return status(0, ino, node.kind, node.data.length);
  };
  if (CHANGES.has(op) && !writable) return status(-EROFS);
  switch (op) {
    case OP.LOOKUP:
      return described(tree.lookup(decoder.decode(body), (a & LOOKUP_NOFOLLOW) === 0));
    case OP.CREATE:
      return described(tree.create(decoder.decode(body), a, b));
    case OP.MAKE:
      return described(tree.make(decoder.decode(body), a, b));
    case OP.SYMLINK: {
      const [path, target] = pair(body);
      return target === '' ? status(-ENOENT) : described(tree.make(path, KIND.SYMLINK, 0o777, target));
    }
    case OP.LINK:
      return status(tree.link(a, decoder.decode(body)));
    case OP.UNLINK:
      return status(tree.unlink(decoder.decode(body), a));
    case OP.RENAME:
      return status(tree.rename(...pair(body)));
    case OP.READ: {
      const node = tree.node(a);
      if (node === undefined || b < 0 || c < 0) return status(-EINVAL);
      if (node.kind === KIND.DIRECTORY) return status(-EISDIR);
      if (node.kind !== KIND.FILE) return status(-EINVAL);
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
    case OP.STAT:
      return tree.node(a) === undefined
        ? status(-EINVAL)
        : { annex: encodeWords([0]), body: encodeAttributes(tree.attributes(a)) };
    case OP.READLINK: {
      const node = tree.node(a);
      if (node === undefined || node.kind !== KIND.SYMLINK) return status(-EINVAL);
      return { annex: encodeWords([node.data.length]), body: node.data.slice() };
    }
    case OP.CHMOD:
    case OP.CHOWN:
    case OP.UTIMES: {
      const node = tree.node(a);
      if (node === undefined) return status(-EINVAL);
      if (op === OP.CHMOD) node.mode = b & 0o7777;
      else if (op === OP.CHOWN) {
        if (b !== -1) node.uid = b >>> 0;
        if (c !== -1) node.gid = c >>> 0;
      } else {
        const [as, ans, ms, mns] = decodeWords(body);
        const stamp = (s: number, ns: number, old: Time): Time =>
          ns === UTIME_OMIT ? old : ns === UTIME_NOW ? [...tree.now] : [s >>> 0, ns];
        node.atime = stamp(as, ans, node.atime);
        node.mtime = stamp(ms, mns, node.mtime);
      }
      tree.touch(a, false);
      return status(0);
    }
    case OP.WRITE:
    case OP.TRUNCATE: {
      const node = tree.node(a);
      if (node === undefined || b < 0) return status(-EINVAL);
      if (node.kind === KIND.DIRECTORY) return status(-EISDIR);
      if (node.kind !== KIND.FILE) return status(-EINVAL);
      const end = op === OP.WRITE ? Math.max(node.data.length, b + body.length) : b;
      const data = new Uint8Array(end);
      data.set(node.data.subarray(0, Math.min(end, node.data.length)));
      if (op === OP.WRITE) data.set(body, b);
      node.data = data;
      // A write of nothing (the PM's probe of a writable image) changes no time.
      if (op === OP.TRUNCATE || body.length > 0) tree.touch(a, true);
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
            const micros = yield* api.sysTime();
            tree.now = [EPOCH_SECONDS + Math.floor(micros / 1e6), (micros % 1e6) * 1000];
            yield* api.ipcReply(serve(tree, writable, message.annex, message.body ?? new Uint8Array(0)));
          }
        },
      },
    ],
  };
}
