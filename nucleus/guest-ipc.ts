// The IPC calls of the guest ABI (docs/abi.md, "Ports and IPC"): guest records (KnUniqueId,
// KnCap, KnMsgDesc, KnIpcDest, KnMsgHead, KnProtId) are read from and written to the calling
// thread's address space and turned into the calls nucleus/api offers native actors. Message
// bytes are copied between guest buffers and nucleus buffers here; a bad pointer is K_EFAULT and
// never reaches the nucleus's state half-done: inputs are read, and outputs checked writable,
// before the call is made.

import type { CallName, Request } from './api/index.ts';
import type { MessageInfo, PortId } from './api/ipc.ts';
import { K_EFAULT, K_EINVAL, K_ETOOMUCH, K_EUNKNOWN } from './errors.ts';
import { GuestMemory } from './guest-memory.ts';
import type { IpcDest, OutgoingMessage } from './ipc/calls.ts';
import type { ReceivedMessage } from './ipc/engine.ts';
import type { ProtId, TargetMode, Ui } from './ipc/objects.ts';
import { ANNEX_SIZE, BODY_MAX, K_ANYENABLED, K_DEFAULTPORT } from './ipc/objects.ts';
import type { Nucleus } from './nucleus.ts';
import type { Capability, Thread } from './objects.ts';

/** Guest call numbers of IPC (the library's chorus.c uses the same table). */
export const GUEST_IPC_CALLS = {
  uiLocalSite: 88,
  uiBuild: 89,
  portCreate: 90,
  portDeclare: 91,
  portDelete: 92,
  portEnable: 93,
  portDisable: 94,
  portMigrate: 95,
  portUi: 96,
  portLi: 97,
  portPi: 98,
  grpAllocate: 100,
  grpPortInsert: 101,
  grpPortRemove: 102,
  ipcSend: 110,
  ipcReceive: 111,
  ipcCall: 112,
  ipcReply: 113,
  ipcGetData: 114,
  ipcSysInfo: 115,
  ipcSave: 116,
  ipcRestore: 117,
  ipcForward: 118,
} as const;

/** KnMsgDesc.flags: the call may be aborted (K_ABORTABLE). */
export const K_ABORTABLE = 1;

/** KnMsgDesc: flags, bodySize, bodyAddr, annexAddr, seqNum (words). */
const DESC = { flags: 0, bodySize: 4, bodyAddr: 8, annexAddr: 12, seqNum: 16 } as const;
const GROUP_KINDS = ['dynamic', 'user', 'system'] as const;

type GuestCall = Generator<Request, number, unknown>;

function* call(name: CallName, ...args: unknown[]): Generator<Request, unknown, unknown> {
  return yield { op: 'call', name, args };
}

/** A KnUniqueId as two words: head = mode << 28 | site << 16 | epoch, tail = serial. */
export function uiWords(ui: Ui): [number, number] {
  return [((ui.mode ?? 0) << 28) | ((ui.site & 0xfff) << 16) | (ui.epoch & 0xffff), ui.serial | 0];
}

function readUi(m: GuestMemory, vaddr: number): Ui | undefined {
  const w = m.words(vaddr, 2);
  if (w === undefined) return undefined;
  const [head, tail] = w as [number, number];
  const mode = (head >>> 28) as TargetMode;
  const ui = { site: (head >>> 16) & 0xfff, epoch: head & 0xffff, serial: tail >>> 0 };
  return mode === 0 ? ui : { ...ui, mode };
}

/** A KnCap (UI, then key[0], key[1]): the key is key[0]. */
function readCap(m: GuestMemory, vaddr: number): Capability | undefined {
  const ui = readUi(m, vaddr);
  const key = m.read(vaddr + 8);
  return ui === undefined || key === undefined ? undefined : { ...ui, key: key >>> 0 };
}

function readDest(m: GuestMemory, vaddr: number): IpcDest | undefined {
  const target = readUi(m, vaddr);
  const co = readUi(m, vaddr + 8);
  if (target === undefined || co === undefined) return undefined;
  // A zero coTarget means none.
  return co.site === 0 && co.epoch === 0 && co.serial === 0 ? { target } : { target, coTarget: co };
}

/** The message a KnMsgDesc describes: a full annex when annexAddr is set, bodySize bytes of body. */
function readMessage(m: GuestMemory, desc: number): OutgoingMessage | number {
  const d = m.words(desc, 5);
  if (d === undefined) return K_EFAULT;
  const bodySize = d[1]! >>> 0;
  const bodyAddr = d[2]!;
  const annexAddr = d[3]!;
  if (bodySize > BODY_MAX) return K_ETOOMUCH;
  const annex = annexAddr === 0 ? undefined : m.bytes(annexAddr, ANNEX_SIZE);
  const body = bodyAddr === 0 || bodySize === 0 ? undefined : m.bytes(bodyAddr, bodySize);
  if ((annexAddr !== 0 && annex === undefined) || (bodyAddr !== 0 && bodySize > 0 && body === undefined))
    return K_EFAULT;
  return { ...(annex === undefined ? {} : { annex }), ...(body === undefined ? {} : { body }) };
}

/**
 * Copies a received message into the buffers a KnMsgDesc names: the annex (zero-filled to its
 * full size) when annexAddr is set, the body when bodyAddr is set and it fits bodySize; then
 * sets bodySize to the body's size and seqNum. K_ETOOMUCH when the body does not fit.
 */
function writeMessage(m: GuestMemory, desc: number, r: ReceivedMessage): number {
  const d = m.words(desc, 5);
  if (d === undefined || !m.writable(desc, 5)) return K_EFAULT;
  const capacity = d[1]! >>> 0;
  const bodyAddr = d[2]!;
  const annexAddr = d[3]!;
  if (annexAddr !== 0) {
    const annex = new Uint8Array(ANNEX_SIZE);
    annex.set(r.annex);
    if (!m.writeBytes(annexAddr, annex)) return K_EFAULT;
  }
  let result = 0;
  if (bodyAddr !== 0 && r.body !== undefined) {
    if (r.body.length > capacity) result = K_ETOOMUCH;
    else if (!m.writeBytes(bodyAddr, r.body)) return K_EFAULT;
  }
  m.write(desc + DESC.bodySize, [r.bodySize]);
  m.write(desc + DESC.seqNum, [r.seqNum]);
  return result;
}

const piWords = (pi: ProtId) => [pi.uid, pi.gid, pi.did];

/** KnMsgHead: bodySize, flags, srcPort, target, coTarget, transId, seqNum, actorPi, portPi. */
function headWords(h: MessageInfo): number[] {
  const none: [number, number] = [0, 0];
  return [
    h.bodySize,
    0,
    ...(h.srcPort === undefined ? none : uiWords(h.srcPort)),
    ...uiWords(h.target),
    ...(h.coTarget === undefined ? none : uiWords(h.coTarget)),
    h.transId,
    h.seqNum,
    ...piWords(h.actorPi),
    ...piWords(h.portPi),
  ];
}
const HEAD_WORDS = 16;

const isNumber = (v: unknown): v is number => typeof v === 'number';
const code = (v: unknown): number => (isNumber(v) ? v | 0 : K_EINVAL);

/**
 * The continuation serving IPC guest call `number` for thread `t`; undefined when `number` is
 * not an IPC call.
 */
export function guestIpc(n: Nucleus, t: Thread, number: number, a: readonly number[]): GuestCall | undefined {
  const C = GUEST_IPC_CALLS;
  const known = (Object.values(C) as number[]).includes(number);
  return known ? serve(new GuestMemory(n, t), t, number, a) : undefined;
}

function* serve(m: GuestMemory, t: Thread, number: number, a: readonly number[]): GuestCall {
  const C = GUEST_IPC_CALLS;
  const [a0 = 0, a1 = 0, a2 = 0, a3 = 0] = a;
  switch (number) {
    case C.uiLocalSite:
    case C.uiBuild: {
      const out = number === C.uiLocalSite ? a0 : a1;
      if (!m.writable(out, 2)) return K_EFAULT;
      const ui = number === C.uiLocalSite ? yield* call('uiLocalSite') : yield* call('uiBuild', a0);
      if (isNumber(ui)) return ui;
      m.write(out, uiWords(ui as Ui));
      return 0;
    }
    case C.portCreate:
    case C.portDeclare: {
      const actor = readCap(m, a0);
      if (actor === undefined || !m.writable(a1, 2)) return K_EFAULT;
      let port: unknown;
      if (number === C.portCreate) port = yield* call('portCreate', actor);
      else {
        const ui = readUi(m, a1);
        if (ui === undefined) return K_EFAULT;
        port = yield* call('portDeclare', actor, ui);
      }
      if (isNumber(port)) return port;
      m.write(a1, uiWords((port as PortId).ui));
      return (port as PortId).li;
    }
    case C.portDelete:
    case C.portDisable:
    case C.portEnable: {
      const actor = readCap(m, a0);
      if (actor === undefined) return K_EFAULT;
      if (number === C.portEnable) return code(yield* call('portEnable', actor, a1, a2));
      return code(yield* call(number === C.portDelete ? 'portDelete' : 'portDisable', actor, a1));
    }
    case C.portMigrate: {
      const from = readCap(m, a0);
      const to = readCap(m, a2);
      if (from === undefined || to === undefined) return K_EFAULT;
      const moved = yield* call('portMigrate', from, a1, to, a3 !== 0);
      return isNumber(moved) ? moved : (moved as { li: number }).li;
    }
    case C.portUi: {
      const actor = readCap(m, a0);
      if (actor === undefined || !m.writable(a2, 2)) return K_EFAULT;
      const ui = yield* call('portUi', actor, a1);
      if (isNumber(ui)) return ui;
      m.write(a2, uiWords(ui as Ui));
      return 0;
    }
    case C.portLi: {
      const ui = readUi(m, a0);
      return ui === undefined ? K_EFAULT : code(yield* call('portLi', ui));
    }
    case C.portPi: {
      // portPi(actor, li, new or NULL, old or NULL)
      const actor = readCap(m, a0);
      if (actor === undefined || (a3 !== 0 && !m.writable(a3, 3))) return K_EFAULT;
      let pi: ProtId | undefined;
      if (a2 !== 0) {
        const w = m.words(a2, 3);
        if (w === undefined) return K_EFAULT;
        pi = { uid: w[0]!, gid: w[1]!, did: w[2]! };
      }
      const old = yield* call('portPi', actor, a1, pi);
      if (isNumber(old)) return old;
      if (a3 !== 0) m.write(a3, piWords(old as ProtId));
      return 0;
    }
    case C.grpAllocate: {
      // grpAllocate(kind, &cap, stamp)
      const kind = GROUP_KINDS[a0];
      if (kind === undefined) return K_EINVAL;
      if (!m.writable(a1, 4)) return K_EFAULT;
      const cap = yield* call('grpAllocate', kind, a2);
      if (isNumber(cap)) return cap;
      const c = cap as Capability;
      m.write(a1, [...uiWords(c), c.key | 0, 0]);
      return 0;
    }
    case C.grpPortInsert:
    case C.grpPortRemove: {
      const group = readCap(m, a0);
      const port = readUi(m, a1);
      if (group === undefined || port === undefined) return K_EFAULT;
      return code(yield* call(number === C.grpPortInsert ? 'grpPortInsert' : 'grpPortRemove', group, port));
    }
    case C.ipcSend: {
      // ipcSend(&desc, srcLi (0: none), &dest)
      const message = readMessage(m, a0);
      if (isNumber(message)) return message;
      const dest = readDest(m, a2);
      if (dest === undefined) return K_EFAULT;
      return code(yield* call('ipcSend', dest, message, a1 === 0 ? undefined : a1));
    }
    case C.ipcReceive: {
      // ipcReceive(&desc, &li (in: a port, K_DEFAULTPORT or K_ANYENABLED; out: where it came from), micros)
      const li = m.read(a1);
      const d = m.words(a0, 5);
      if (li === undefined || d === undefined || !m.writable(a1, 1) || !m.writable(a0, 5)) return K_EFAULT;
      if (li <= 0 && li !== K_DEFAULTPORT && li !== K_ANYENABLED) return K_EINVAL;
      const leaveBody = d[2] === 0;
      const r = yield* call('ipcReceive', li, a2 < 0 ? -1 : a2, { leaveBody });
      if (isNumber(r)) return r;
      const got = r as ReceivedMessage;
      m.write(a1, [got.port]);
      const written = writeMessage(m, a0, got);
      // A body too big for the buffer stays in the nucleus for ipcGetData.
      if (written === K_ETOOMUCH && t.current !== undefined) t.current.bodyPending = true;
      return written;
    }
    case C.ipcCall: {
      // ipcCall(&request, &dest, &reply, micros); K_ABORTABLE in request flags.
      const message = readMessage(m, a0);
      if (isNumber(message)) return message;
      const flags = m.read(a0 + DESC.flags) ?? 0;
      const dest = readDest(m, a1);
      if (dest === undefined || m.words(a2, 5) === undefined || !m.writable(a2, 5)) return K_EFAULT;
      const r = yield* call('ipcCall', dest, message, a3 < 0 ? -1 : a3, {
        abortable: (flags & K_ABORTABLE) !== 0,
      });
      if (isNumber(r)) return r;
      return writeMessage(m, a2, r as ReceivedMessage);
    }
    case C.ipcReply: {
      const message = readMessage(m, a0);
      return isNumber(message) ? message : code(yield* call('ipcReply', message));
    }
    case C.ipcGetData: {
      const d = m.words(a0, 5);
      if (d === undefined || !m.writable(a0, 5)) return K_EFAULT;
      const pending = t.current;
      if (pending === undefined || !pending.bodyPending) return K_EINVAL;
      if (pending.body.length > d[1]! >>> 0) return K_ETOOMUCH;
      if (d[2] === 0 || m.bytes(d[2]!, pending.body.length) === undefined) return K_EFAULT;
      const body = yield* call('ipcGetData');
      if (isNumber(body)) return body;
      m.writeBytes(d[2]!, body as Uint8Array);
      m.write(a0 + DESC.bodySize, [(body as Uint8Array).length]);
      return 0;
    }
    case C.ipcSysInfo: {
      if (!m.writable(a0, HEAD_WORDS)) return K_EFAULT;
      const info = yield* call('ipcSysInfo');
      if (isNumber(info)) return info;
      m.write(a0, headWords(info as MessageInfo));
      return 0;
    }
    case C.ipcSave:
      return code(yield* call('ipcSave'));
    case C.ipcRestore:
      return code(yield* call('ipcRestore', a0));
    case C.ipcForward: {
      const dest = readDest(m, a0);
      return dest === undefined ? K_EFAULT : code(yield* call('ipcForward', dest));
    }
    default:
      return K_EUNKNOWN;
  }
}
