// The IPC calls by Chorus name (reference §2.3, §2.4, §3; docs/ipc.md): ports, groups,
// messages and RPC. Like every call they check their arguments, change nucleus state through
// the engine (ipc/engine.ts), charge their cost and return the caller's Outcome.
import {
  K_EABORT,
  K_EBUSY,
  K_EINVAL,
  K_ENOMEM,
  K_EPRIV,
  K_ETIMEOUT,
  K_ETOOMUCH,
  K_EUNKNOWN,
  K_NOBLOCK,
  K_OK,
} from '../errors.ts';
import type { Nucleus } from '../nucleus.ts';
import type { Actor, Capability, Thread } from '../objects.ts';
import { isCap } from '../objects.ts';
import type { Outcome } from '../outcome.ts';
import { block, isTimeout, resume } from '../outcome.ts';
import type { MessageHead, ProtId, Ui } from './objects.ts';
import {
  ANNEX_SIZE,
  BODY_MAX,
  Group,
  isUi,
  K_ANYENABLED,
  K_BROADMODE,
  K_DEFAULTPORT,
  Message,
  SAVED_MAX,
  Transaction,
  uiKey,
} from './objects.ts';

type Handler = (n: Nucleus, caller: Thread, args: readonly unknown[]) => Outcome;

/** What a sender gives: an annex (up to 120 bytes) and a body (up to 64 KiB), both optional. */
export interface OutgoingMessage {
  readonly annex?: Uint8Array;
  readonly body?: Uint8Array;
}

/** Where a message goes: a port or group UI (with ipcTarget's mode) and, for some modes, coTarget. */
export interface IpcDest {
  readonly target: Ui;
  readonly coTarget?: Ui;
}

export interface ReceiveOptions {
  /** Leave the body in the nucleus; ipcGetData fetches it once. */
  readonly leaveBody?: boolean;
}

export interface CallOptions {
  /** K_ABORTABLE: threadAbort on the caller ends the call and aborts the serving thread. */
  readonly abortable?: boolean;
  /** The caller's port named as the request's source (informational for the server). */
  readonly srcLi?: number;
}

/** The kinds of group grpAllocate makes (reference §1.5). */
export type GroupKind = 'dynamic' | 'user' | 'system';

const EMPTY = new Uint8Array(0);
const GROUP_KINDS: readonly GroupKind[] = ['dynamic', 'user', 'system'];

const isBytes = (v: unknown): v is Uint8Array => v instanceof Uint8Array;
const isDest = (v: unknown): v is IpcDest =>
  typeof v === 'object' &&
  v !== null &&
  isUi((v as IpcDest).target) &&
  ((v as IpcDest).coTarget === undefined || isUi((v as IpcDest).coTarget));
const isPi = (v: unknown): v is ProtId =>
  typeof v === 'object' &&
  v !== null &&
  ['uid', 'gid', 'did'].every((k) => typeof (v as never)[k] === 'number');

function actorOf(n: Nucleus, cap: unknown): Actor | undefined {
  return isCap(cap) ? n.actorOf(cap) : undefined;
}

/** Checks an outgoing message: its parts as bytes within their limits. */
function checkMessage(m: unknown): OutgoingMessage | number {
  if (typeof m !== 'object' || m === null) return K_EINVAL;
  const { annex, body } = m as OutgoingMessage;
  if ((annex !== undefined && !isBytes(annex)) || (body !== undefined && !isBytes(body))) return K_EINVAL;
  if ((annex?.length ?? 0) > ANNEX_SIZE || (body?.length ?? 0) > BODY_MAX) return K_ETOOMUCH;
  return m as OutgoingMessage;
}

/** Copies a message's bytes from the sender into nucleus buffers. */
function copyIn(n: Nucleus, m: OutgoingMessage): { annex: Uint8Array; body: Uint8Array } {
  const annex = m.annex === undefined ? EMPTY : m.annex.slice();
  const body = m.body === undefined ? EMPTY : m.body.slice();
  n.ipc.copy(annex.length + body.length);
  return { annex, body };
}

function head(n: Nucleus, t: Thread, dest: IpcDest, srcLi: unknown, transId: number): MessageHead | number {
  let srcPort: Ui | undefined;
  let portPi: ProtId = t.actor.pi;
  if (srcLi !== undefined) {
    const port = n.ipc.portOf(t.actor, srcLi);
    if (port === undefined) return K_EINVAL;
    srcPort = port.ui;
    portPi = port.pi;
  }
  return { srcPort, target: dest.target, coTarget: dest.coTarget, transId, actorPi: t.actor.pi, portPi };
}

/** Sends one message to every port in `ports`, each its own copy; the first error, or K_OK. */
function sendTo(n: Nucleus, ports: readonly import('./objects.ts').Port[], make: () => Message): number {
  let result = K_OK;
  for (const port of ports) {
    const r = n.ipc.deliver(port, make());
    if (r < 0 && result === K_OK) result = r;
  }
  // Broadcast is best effort: a full member does not fail the send.
  return ports.length > 1 ? K_OK : result;
}

export const IPC_CALLS = {
  // --- ports ---
  portCreate(n, _t, [cap]) {
    n.charged += n.costs.portControl;
    const actor = actorOf(n, cap);
    if (actor === undefined) return resume(K_EUNKNOWN);
    const port = n.ipc.createPort(actor);
    return resume(typeof port === 'number' ? port : { li: port.li, ui: port.ui });
  },
  /** A port with a UI built by uiBuild (a well-known name); trusted actors only. */
  portDeclare(n, t, [cap, ui]) {
    n.charged += n.costs.portControl;
    if (t.actor.kind === 'user') return resume(K_EPRIV);
    const actor = actorOf(n, cap);
    if (actor === undefined) return resume(K_EUNKNOWN);
    if (!isUi(ui) || ui.epoch !== 0) return resume(K_EINVAL);
    if (n.ipc.portByUi(ui) !== undefined || n.ipc.groups.has(uiKey(ui))) return resume(K_EBUSY);
    const port = n.ipc.createPort(actor, { site: ui.site, epoch: 0, serial: ui.serial });
    return resume(typeof port === 'number' ? port : { li: port.li, ui: port.ui });
  },
  portDelete(n, _t, [cap, li]) {
    n.charged += n.costs.portControl;
    const actor = actorOf(n, cap);
    if (actor === undefined) return resume(K_EUNKNOWN);
    const port = n.ipc.portOf(actor, li);
    if (port === undefined) return resume(K_EINVAL);
    n.ipc.deletePort(port);
    return resume(K_OK);
  },
  portEnable(n, _t, [cap, li, priority]) {
    n.charged += n.costs.portControl;
    const actor = actorOf(n, cap);
    if (actor === undefined) return resume(K_EUNKNOWN);
    const port = n.ipc.portOf(actor, li);
    if (port === undefined || !n.validPriority(priority ?? 0)) return resume(K_EINVAL);
    port.enabled = true;
    port.priority = (priority as number | undefined) ?? 0;
    n.ipc.flushToEnabledSet(port);
    return resume(K_OK);
  },
  portDisable(n, _t, [cap, li]) {
    n.charged += n.costs.portControl;
    const actor = actorOf(n, cap);
    if (actor === undefined) return resume(K_EUNKNOWN);
    const port = n.ipc.portOf(actor, li);
    if (port === undefined) return resume(K_EINVAL);
    port.enabled = false;
    return resume(K_OK);
  },
  /**
   * Moves port `li` of actor `from` to actor `to` (same site for now): queued messages follow or
   * are dropped (their calls end with K_EABORT); it arrives disabled with a new LI. Returns
   * { li, seqNum } with seqNum the old receive count + 1. Default and static ports stay put.
   */
  portMigrate(n, _t, [from, li, to, keepMessages]) {
    n.charged += n.costs.portControl;
    const src = actorOf(n, from);
    const dst = actorOf(n, to);
    if (src === undefined || dst === undefined) return resume(K_EUNKNOWN);
    const port = typeof li === 'number' && li > 0 ? src.ports.get(li) : undefined;
    if (port === undefined || port.isStatic || port === src.defaultPort) return resume(K_EINVAL);
    if (src === dst) return resume({ li: port.li, seqNum: port.received + 1 });
    const seqNum = n.ipc.migrate(port, dst, keepMessages === true);
    return resume({ li: port.li, seqNum });
  },
  portUi(n, _t, [cap, li]) {
    n.charged += n.costs.portControl;
    const actor = actorOf(n, cap);
    if (actor === undefined) return resume(K_EUNKNOWN);
    const port = n.ipc.portOf(actor, li);
    return resume(port === undefined ? K_EINVAL : port.ui);
  },
  /** The LI of a port of the caller's actor, by UI. */
  portLi(n, t, [ui]) {
    n.charged += n.costs.portControl;
    const port = isUi(ui) ? n.ipc.portByUi(ui) : undefined;
    return resume(port === undefined || port.actor !== t.actor ? K_EUNKNOWN : port.li);
  },
  /** Returns a port's PI and, when `pi` is given (trusted callers), sets it. */
  portPi(n, t, [cap, li, pi]) {
    n.charged += n.costs.portControl;
    const actor = actorOf(n, cap);
    if (actor === undefined) return resume(K_EUNKNOWN);
    const port = n.ipc.portOf(actor, li);
    if (port === undefined || (pi !== undefined && !isPi(pi))) return resume(K_EINVAL);
    const old = port.pi;
    if (pi !== undefined) {
      if (t.actor.kind === 'user') return resume(K_EPRIV);
      port.pi = { uid: pi.uid, gid: pi.gid, did: pi.did };
    }
    return resume(old);
  },
  /** A UI built from a stamp (for portDeclare and static groups): the same on every boot. */
  uiBuild(n, _t, [stamp]) {
    if (typeof stamp !== 'number' || !Number.isInteger(stamp) || stamp <= 0 || stamp > 0x07ff_ffff)
      return resume(K_EINVAL);
    return resume({ site: n.siteNumber, epoch: 0, serial: stamp });
  },
  /** The UI that designates this site (a coTarget for associative and exclusive modes). */
  uiLocalSite(n) {
    return resume({ site: n.siteNumber, epoch: n.epoch, serial: 0 });
  },

  // --- groups ---
  /** A new group capability: dynamic, or a static user/system group named by `stamp`. */
  grpAllocate(n, t, [kind, stamp]) {
    n.charged += n.costs.portControl;
    if (!GROUP_KINDS.includes(kind as GroupKind)) return resume(K_EINVAL);
    let ui: Ui;
    if (kind === 'dynamic') ui = n.newUi();
    else {
      if (kind === 'system' && t.actor.kind === 'user') return resume(K_EPRIV);
      if (typeof stamp !== 'number' || !Number.isInteger(stamp) || stamp <= 0 || stamp > 0x07ff_ffff)
        return resume(K_EINVAL);
      ui = { site: n.siteNumber, epoch: 0, serial: stamp };
      if (n.ipc.groups.has(uiKey(ui)) || n.ipc.portByUi(ui) !== undefined) return resume(K_EBUSY);
    }
    const group = new Group(ui, n.random() >>> 0);
    n.ipc.groups.set(uiKey(ui), group);
    return resume({ ...ui, key: group.key });
  },
  grpPortInsert(n, _t, [cap, portUi]) {
    n.charged += n.costs.portControl;
    const group = isCap(cap) ? n.ipc.groups.get(uiKey(cap)) : undefined;
    if (group === undefined || group.key !== (cap as Capability).key) return resume(K_EUNKNOWN);
    const port = isUi(portUi) ? n.ipc.portByUi(portUi) : undefined;
    if (port === undefined) return resume(K_EINVAL);
    if (!port.groups.has(group)) {
      port.groups.add(group);
      group.members.push(port);
    }
    return resume(K_OK);
  },
  grpPortRemove(n, _t, [cap, portUi]) {
    n.charged += n.costs.portControl;
    const group = isCap(cap) ? n.ipc.groups.get(uiKey(cap)) : undefined;
    if (group === undefined || group.key !== (cap as Capability).key) return resume(K_EUNKNOWN);
    const port = isUi(portUi) ? n.ipc.portByUi(portUi) : undefined;
    if (port === undefined || !port.groups.has(group)) return resume(K_EINVAL);
    port.groups.delete(group);
    group.members.splice(group.members.indexOf(port), 1);
    return resume(K_OK);
  },

  // --- messages ---
  /** Asynchronous send to a port or a group (best effort); K_EFULL when the port's queue is full. */
  ipcSend(n, t, [dest, message, srcLi]) {
    n.charged += n.costs.ipcSend;
    const m = checkMessage(message);
    if (typeof m === 'number') return resume(m);
    if (!isDest(dest)) return resume(K_EINVAL);
    const h = head(n, t, dest, srcLi, 0);
    if (typeof h === 'number') return resume(h);
    const ports = n.ipc.route(dest.target, dest.coTarget, true);
    if (typeof ports === 'number') return resume(ports);
    return resume(
      sendTo(n, ports, () => {
        const { annex, body } = copyIn(n, m);
        return new Message(h, annex, body, undefined);
      }),
    );
  },
  /**
   * Takes the next message from port `li` (K_DEFAULTPORT, or K_ANYENABLED for the enabled set),
   * waiting up to `micros` (K_NOBLOCK polls, K_NOTIMEOUT waits for ever). It becomes the
   * caller's current message.
   */
  ipcReceive(n, t, [li, micros, options]) {
    n.charged += n.costs.ipcReceive;
    if (!isTimeout(micros)) return resume(K_EINVAL);
    const leaveBody = (options as ReceiveOptions | undefined)?.leaveBody === true;
    let port: import('./objects.ts').Port | undefined;
    if (li !== K_ANYENABLED) {
      port = n.ipc.portOf(t.actor, li);
      if (port === undefined) return resume(K_EINVAL);
    }
    if (n.takeAbort(t)) return resume(K_EABORT);
    const queued = n.ipc.takeQueued(t.actor, port);
    if (queued !== undefined) return resume(n.ipc.receive(t, queued.port, queued.message, leaveBody));
    if (micros === K_NOBLOCK) return resume(K_ETIMEOUT);
    const wait = { kind: 'receive', port, leaveBody, order: n.ipc.nextArrival() } as const;
    (port === undefined ? t.actor.anyReceivers : port.receivers).push(t);
    return block(n, t, wait, micros);
  },
  /** The body of the current message, when it was received with the body left in the nucleus. */
  ipcGetData(n, t) {
    n.charged += n.costs.ipcReceive;
    const m = t.current;
    if (m === undefined || !m.bodyPending) return resume(K_EINVAL);
    m.bodyPending = false;
    n.ipc.copy(m.body.length);
    return resume(m.body);
  },
  /**
   * RPC: sends `message` to one port (a port UI or a group in a functional mode; broadcast is
   * K_EINVAL) and waits up to `micros` for the reply to this very request.
   */
  ipcCall(n, t, [dest, message, micros, options]) {
    n.charged += n.costs.ipcSend;
    const m = checkMessage(message);
    if (typeof m === 'number') return resume(m);
    if (!isDest(dest) || !isTimeout(micros)) return resume(K_EINVAL);
    const opts = (options ?? {}) as CallOptions;
    if (opts.abortable === true && n.takeAbort(t)) return resume(K_EABORT);
    const call = new Transaction(n.ipc.newTransId(), t, opts.abortable === true);
    const h = head(n, t, dest, opts.srcLi, call.id);
    if (typeof h === 'number') return resume(h);
    const ports = n.ipc.route(dest.target, dest.coTarget, false);
    if (typeof ports === 'number') return resume(ports);
    // A call that may not wait can never get its reply: nothing is sent (a server waiting on the
    // port would otherwise run a request whose caller was told K_ETIMEOUT).
    if (micros === K_NOBLOCK) return resume(K_ETIMEOUT);
    const { annex, body } = copyIn(n, m);
    n.ipc.stats.calls++;
    const sent = n.ipc.deliver(ports[0]!, new Message(h, annex, body, call));
    if (sent < 0) return resume(sent);
    return block(n, t, { kind: 'call', call }, micros);
  },
  /**
   * Replies to the current message: to the caller of an ipcCall (a reply that finds the call
   * already ended is dropped), or to the source port of an ipcSend. No current message after.
   */
  ipcReply(n, t, [message]) {
    n.charged += n.costs.ipcSend;
    const current = t.current;
    if (current === undefined) return resume(K_EINVAL);
    const m = checkMessage(message);
    if (typeof m === 'number') return resume(m);
    t.current = undefined;
    const call = current.call;
    if (call !== undefined) {
      if (call.server === t) call.server = undefined;
      const caller = call.caller;
      if (!call.open || caller.wait.kind !== 'call' || caller.wait.call !== call) {
        call.open = false;
        n.ipc.stats.lateReplies++;
        return resume(K_OK);
      }
      call.open = false;
      const { annex, body } = copyIn(n, m);
      n.ipc.stats.replies++;
      n.charged += n.costs.ipcReceive;
      const h: MessageHead = {
        srcPort: undefined,
        target: current.head.srcPort ?? current.head.target,
        coTarget: undefined,
        transId: call.id,
        actorPi: t.actor.pi,
        portPi: t.actor.pi,
      };
      n.ipc.copy(annex.length + body.length);
      n.endWait(caller, { port: 0, annex, body, bodySize: body.length, seqNum: 0, head: h });
      return resume(K_OK);
    }
    const to = current.head.srcPort;
    if (to === undefined) return resume(K_EINVAL);
    const ports = n.ipc.route(to, undefined, false);
    if (typeof ports === 'number') return resume(ports);
    const { annex, body } = copyIn(n, m);
    const h: MessageHead = {
      srcPort: undefined,
      target: to,
      coTarget: undefined,
      transId: 0,
      actorPi: t.actor.pi,
      portPi: t.actor.pi,
    };
    return resume(n.ipc.deliver(ports[0]!, new Message(h, annex, body, undefined)));
  },
  /** The header of the current message with its sequence number and body size. */
  ipcSysInfo(n, t) {
    n.charged += n.costs.threadSelf;
    const m = t.current;
    if (m === undefined) return resume(K_EINVAL);
    return resume({ ...m.head, seqNum: m.seqNum, bodySize: m.body.length });
  },
  /** Parks the current message in the actor; returns its id for ipcRestore. */
  ipcSave(n, t) {
    n.charged += n.costs.portControl;
    const m = t.current;
    if (m === undefined) return resume(K_EINVAL);
    const saved = t.actor.saved;
    let slot = saved.indexOf(undefined);
    if (slot < 0) {
      if (saved.length >= SAVED_MAX) return resume(K_ENOMEM);
      slot = saved.length;
      saved.push(undefined);
    }
    saved[slot] = m;
    t.current = undefined;
    if (m.call?.server === t) m.call.server = undefined;
    return resume(slot + 1);
  },
  /** Makes saved message `id` the current message again (any current one is let go). */
  ipcRestore(n, t, [id]) {
    n.charged += n.costs.portControl;
    const m = typeof id === 'number' ? t.actor.saved[id - 1] : undefined;
    if (m === undefined) return resume(K_EINVAL);
    t.actor.saved[(id as number) - 1] = undefined;
    n.ipc.letGo(t);
    t.current = m;
    if (m.call !== undefined) m.call.server = t;
    return resume(K_OK);
  },
  /**
   * Sends the current message on to another destination unchanged, keeping its source and, for
   * a request, its caller: the new receiver's ipcReply answers the original ipcCall.
   */
  ipcForward(n, t, [dest]) {
    n.charged += n.costs.ipcSend;
    const m = t.current;
    if (m === undefined || !isDest(dest)) return resume(K_EINVAL);
    const ports = n.ipc.route(dest.target, dest.coTarget, m.call === undefined);
    if (typeof ports === 'number') return resume(ports);
    t.current = undefined;
    if (m.call?.server === t) m.call.server = undefined;
    const h: MessageHead = { ...m.head, target: dest.target, coTarget: dest.coTarget };
    const result = sendTo(n, ports, () => new Message(h, m.annex, m.body, m.call));
    if (result < 0 && m.call !== undefined) n.ipc.failCall(m.call, result);
    return resume(result);
  },
} satisfies Record<string, Handler>;

/** ipcTarget: the group UI with an addressing mode stamped into it (a pure function). */
export function ipcTarget(ui: Ui, mode: 0 | 1 | 2 | 3 = K_BROADMODE): Ui {
  return { site: ui.site, epoch: ui.epoch, serial: ui.serial, mode };
}

export { K_ANYENABLED, K_DEFAULTPORT };
